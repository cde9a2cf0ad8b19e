// Every log bucket — each S3 bucket that a logging trail covering some account of the snapshot
// delivers to, resolved across the snapshot's accounts — has S3 server access logging on
// (GetBucketLogging LoggingEnabled; null = off) to another bucket (TargetBucket is not the log
// bucket itself). Reads the trails' S3BucketName and IsLogging, and per bucket Name, Region,
// ownerAccountId and logging.
import { defineCheck, type CheckResult, type DataValue } from "../engine/check.js";
import { known } from "../model/unknown.js";
import { docsUrl } from "./lib/docs.js";
import { SCOPE_MESSAGES, logBucketScope, type ScopeMessageId, writtenBy } from "./lib/log-bucket-scope.js";
import { TRAIL_READS } from "./lib/reads.js";
import { ACCESS_LOGGING } from "./lib/iac-fixes.js";
import { SCOPE_IAC_MESSAGES } from "./lib/iac-messages.js";

type MessageId = ScopeMessageId | "ok" | "off" | "selfTarget";

const PUT =
  "aws s3api put-bucket-logging --bucket {{bucket}} --bucket-logging-status " +
  `'{"LoggingEnabled":{"TargetBucket":"{{targetBucket}}","TargetPrefix":"{{bucket}}/"}}'`;
const TARGET_TEXT =
  "Target bucket {{targetBucket}} must exist in the same account ({{owner}}) and region ({{region}}) as {{bucket}}, and its bucket policy " +
  "must let the logging service write to it: Allow logging.s3.amazonaws.com s3:PutObject on arn:{{partition}}:s3:::{{targetBucket}}/{{bucket}}/* " +
  "with aws:SourceAccount {{owner}} and aws:SourceArn arn:{{partition}}:s3:::{{bucket}} (or, without a policy, the log-delivery group's ACL grant).";

export const check = defineCheck<Record<string, never>, MessageId>({
  meta: {
    id: "log-bucket-access-logging",
    title: "CloudTrail log buckets record who accessed them (S3 server access logging)",
    severity: "medium",
    rationale:
      "CloudTrail does not record reads of its own log files, and records object-level deletes only with data events. " +
      "S3 server access logs record every request made to the log bucket — who read, overwrote or deleted which log file, " +
      "and who was refused — so tampering with the audit log leaves a record of its own. Written into the log bucket " +
      "itself, they are exposed to whoever tampers with it, and every delivery produces more log records.",
    docsUrl: docsUrl("log-bucket-access-logging"),
    reads: [...TRAIL_READS, { service: "s3", operation: "GetBucketLogging" }],
    messages: {
      ...SCOPE_MESSAGES,
      ok: "Log bucket {{bucket}} records its access logs in bucket {{targetBucket}} (prefix {{targetPrefix}}).",
      off: "Log bucket {{bucket}} (written by {{trails}}) has S3 server access logging off: nobody can tell who read or deleted its log files.",
      selfTarget:
        "Log bucket {{bucket}} writes its server access logs into itself (prefix {{targetPrefix}}): whoever can tamper with the log files " +
        "can remove the record of doing so, and each delivery of access logs is logged again.",
    },
    iacMessages: { ...SCOPE_IAC_MESSAGES },
    remediation: {
      text: `As account {{owner}}, send the server access logs of {{bucket}} to a separate bucket. ${TARGET_TEXT}`,
      cli: [PUT],
      ...ACCESS_LOGGING,
    },
    fixes: {
      off: { text: `As account {{owner}}, turn on server access logging for {{bucket}} into a separate bucket. ${TARGET_TEXT}`, cli: [PUT], ...ACCESS_LOGGING },
      selfTarget: { text: `As account {{owner}}, send the server access logs of {{bucket}} to a separate bucket instead of itself. ${TARGET_TEXT}`, cli: [PUT], ...ACCESS_LOGGING },
    },
    frameworks: { "cis-aws-foundations-5.0": ["3.4"], securityhub: ["CloudTrail.7"], "nist-800-53-r5": ["AU-2", "AU-12"] },
    params: { type: "object", properties: {}, additionalProperties: false },
  },

  run(snapshot) {
    const { results: scope, judged } = logBucketScope(snapshot);
    const results: CheckResult<MessageId>[] = [...scope];
    for (const { lb, ref, unknowns: scopeUnknowns } of judged) {
      const unknowns = [...scopeUnknowns];
      const logging = known(ref.bucket.logging, `${ref.pointer}/logging`, unknowns) ?? null;
      const region = typeof ref.bucket.Region === "string" ? ref.bucket.Region : undefined;
      const target = logging?.TargetBucket;
      const data: Record<string, DataValue> = {
        bucket: lb.name,
        owner: ref.ownerAccountId,
        partition: snapshot.partition,
        region: region ?? "<bucket region>",
        trails: writtenBy(lb),
        targetBucket: target !== undefined && target !== lb.name ? target : `${lb.name}-access-logs`,
        targetPrefix: logging?.TargetPrefix || "(none)",
      };
      const about = {
        accountId: ref.ownerAccountId,
        resource: lb.arn,
        pointer: ref.pointer,
        ...(region !== undefined ? { region } : {}),
        data,
        evidence: { bucket: lb.name, logging, trails: lb.trails.map((t) => t.trail.TrailARN) },
        unknowns,
      };
      if (!target) results.push({ status: "FAIL", messageId: "off", ...about, property: `${ref.pointer}/logging` });
      else if (target === lb.name) results.push({ status: "FAIL", messageId: "selfTarget", ...about, property: `${ref.pointer}/logging/TargetBucket` });
      else results.push({ status: "PASS", messageId: "ok", ...about });
    }
    return results;
  },
});
