// Every log bucket — each S3 bucket that a logging trail covering some account of the snapshot
// delivers to, resolved across the snapshot's accounts — locks what CloudTrail writes: S3 Object Lock
// enabled (GetObjectLockConfiguration ObjectLockEnabled = "Enabled") with a default retention
// (Rule.DefaultRetention) in COMPLIANCE mode (GOVERNANCE when allowGovernance) of at least
// minRetentionDays (Years count as 365 days). Reads the trails' S3BucketName and IsLogging
// (GetTrailStatus), and per bucket Name, Region, ownerAccountId, objectLockConfiguration and versioning
// (GetBucketVersioning, to give the right fix).
import { defineCheck, type CheckResult, type DataValue } from "../engine/check.js";
import { SCOPE_MESSAGES, logBucketScope, type ScopeMessageId, writtenBy } from "./lib/log-bucket-scope.js";
import { TRAIL_READS } from "./lib/reads.js";
import { isUnknown, known } from "../model/unknown.js";
import { docsUrl } from "./lib/docs.js";
import { OBJECT_LOCK, OBJECT_LOCK_RETENTION } from "./lib/iac-fixes.js";
import { SCOPE_IAC_MESSAGES } from "./lib/iac-messages.js";

type MessageId = ScopeMessageId | "ok" | "off" | "offUnversioned" | "noDefaultRetention" | "governance" | "tooShort";

interface Params {
  minRetentionDays: number;
  allowGovernance: boolean;
}

const DAYS_PER_YEAR = 365;

const LOCK =
  "aws s3api put-object-lock-configuration --bucket {{bucket}} --object-lock-configuration " +
  `'{"ObjectLockEnabled":"Enabled","Rule":{"DefaultRetention":{"Mode":"COMPLIANCE","Days":{{minDays}}}}}'`;
const VERSIONING = "aws s3api put-bucket-versioning --bucket {{bucket}} --versioning-configuration Status=Enabled";
const LOCK_TEXT =
  "As account {{owner}}, set a default retention of {{minDays}} days in COMPLIANCE mode on log bucket {{bucket}}. " +
  "COMPLIANCE retention cannot be shortened or removed by anyone, the root user included, and Object Lock cannot be " +
  "turned off once on. The default applies to log files written from then on; lock existing files with S3 Batch Operations.";


/** Retention in days of a default retention rule (Years as 365 days), or undefined. */
function retentionDays(retention: { Days?: number; Years?: number } | undefined): number | undefined {
  if (retention?.Days !== undefined) return retention.Days;
  if (retention?.Years !== undefined) return retention.Years * DAYS_PER_YEAR;
  return undefined;
}

export const check = defineCheck<Params, MessageId>({
  meta: {
    id: "log-bucket-object-lock",
    docsUrl: docsUrl("log-bucket-object-lock"),
    title: "CloudTrail log buckets lock log files with S3 Object Lock",
    severity: "high",
    rationale:
      "Whoever gets delete rights on the log bucket — a compromised administrator, a leaked key, a careless lifecycle " +
      "rule — can erase the record of what they did. Object Lock in COMPLIANCE mode with a default retention makes " +
      "every log file CloudTrail writes undeletable for the retention period, by anyone, the root user included. " +
      "CloudTrail sets no retention on the objects it writes, so only a bucket default locks them; GOVERNANCE mode " +
      "can be bypassed by any principal allowed s3:BypassGovernanceRetention.",
    reads: [
      ...TRAIL_READS,
      { service: "s3", operation: "GetObjectLockConfiguration" },
    ],
    messages: {
      ...SCOPE_MESSAGES,
      ok: "Log bucket {{bucket}} locks each new log file for {{days}} days in {{mode}} mode (at least {{minDays}} required).",
      off:
        "Object Lock is not enabled on log bucket {{bucket}} (written by {{trails}}): any principal allowed to delete " +
        "objects there can erase the logs.",
      offUnversioned:
        "Object Lock is not enabled on log bucket {{bucket}} (written by {{trails}}), and versioning {{versioningState}}: " +
        "any principal allowed to delete objects there can erase the logs for good.",
      noDefaultRetention:
        "Object Lock is enabled on log bucket {{bucket}} but sets no default retention: CloudTrail writes log files " +
        "without a retention of their own, so none of them is locked.",
      governance:
        "Log bucket {{bucket}} locks log files in GOVERNANCE mode ({{days}} days), which any principal allowed " +
        "s3:BypassGovernanceRetention can bypass; COMPLIANCE mode is required.",
      tooShort:
        "Log bucket {{bucket}} locks log files for only {{days}} days in {{mode}} mode; at least {{minDays}} days are required.",
    },
    iacMessages: { ...SCOPE_IAC_MESSAGES },
    remediation: {
      text: LOCK_TEXT,
      cli: [VERSIONING, LOCK],
      ...OBJECT_LOCK,
    },
    fixes: {
      off: { text: LOCK_TEXT, cli: [LOCK], ...OBJECT_LOCK },
      offUnversioned: {
        text: `Object Lock needs versioning: enable versioning on {{bucket}} first. ${LOCK_TEXT}`,
        cli: [VERSIONING, LOCK],
        ...OBJECT_LOCK,
      },
      noDefaultRetention: { text: LOCK_TEXT, cli: [LOCK], ...OBJECT_LOCK_RETENTION },
      governance: {
        text: `Switch the default retention of {{bucket}} to COMPLIANCE mode (objects already written keep their GOVERNANCE retention). ${LOCK_TEXT}`,
        cli: [LOCK],
        ...OBJECT_LOCK_RETENTION,
      },
      tooShort: {
        text: `Lengthen the default retention of {{bucket}} from {{days}} to {{minDays}} days. ${LOCK_TEXT}`,
        cli: [LOCK],
        ...OBJECT_LOCK_RETENTION,
      },
    },
    frameworks: { securityhub: ["S3.15"], "nist-800-53-r5": ["AU-9"] },
    params: {
      type: "object",
      properties: {
        minRetentionDays: {
          type: "integer",
          minimum: 1,
          maximum: 36500,
          default: 365,
          description: "Shortest acceptable default retention, in days (Years count as 365 days).",
        },
        allowGovernance: {
          type: "boolean",
          default: false,
          description: "Accept GOVERNANCE mode (bypassable with s3:BypassGovernanceRetention) when the retention is long enough.",
        },
      },
      additionalProperties: false,
    },
  },

  run(snapshot, params) {
    const { results: scope, judged } = logBucketScope(snapshot);
    const results: CheckResult<MessageId>[] = [...scope];
    for (const { lb, ref, unknowns: scopeUnknowns } of judged) {
      const { bucket } = ref;
      const unknowns = [...scopeUnknowns];
      const config = known(bucket.objectLockConfiguration, `${ref.pointer}/objectLockConfiguration`, unknowns) ?? null;
      const retention = config?.Rule?.DefaultRetention;
      const days = retentionDays(retention);
      const mode = retention?.Mode;
      // Versioning only words the message and the fix: unknown, it does not undecide the verdict.
      const versioningRecord = isUnknown(bucket.versioning) ? undefined : bucket.versioning;
      const versioning = isUnknown(bucket.versioning) ? "unknown" : (versioningRecord?.Status ?? "never enabled");
      const data: Record<string, DataValue> = {
        bucket: lb.name,
        owner: ref.ownerAccountId,
        trails: writtenBy(lb),
        minDays: params.minRetentionDays,
        versioningState:
          versioning === "Suspended" ? "is suspended" : versioning === "Enabled" ? "is enabled" : versioning === "unknown" ? "could not be read" : "was never enabled",
        ...(days !== undefined ? { days } : {}),
        ...(mode !== undefined ? { mode } : {}),
      };
      const about = {
        accountId: ref.ownerAccountId,
        resource: lb.arn,
        pointer: ref.pointer,
        ...(typeof bucket.Region === "string" ? { region: bucket.Region } : {}),
        data,
        evidence: {
          bucket: lb.name,
          objectLockConfiguration: config,
          versioning,
          retentionDays: days ?? null,
          minRetentionDays: params.minRetentionDays,
          allowGovernance: params.allowGovernance,
          trails: lb.trails.map((t) => t.trail.TrailARN),
        },
      };
      let messageId: MessageId;
      if (config?.ObjectLockEnabled !== "Enabled") messageId = versioning === "Enabled" ? "off" : "offUnversioned";
      else if (days === undefined || mode === undefined) messageId = "noDefaultRetention";
      else if (mode === "GOVERNANCE" && !params.allowGovernance) messageId = "governance";
      else if (days < params.minRetentionDays) messageId = "tooShort";
      else messageId = "ok";
      results.push({
        status: messageId === "ok" ? "PASS" : "FAIL",
        messageId,
        ...about,
        ...(messageId === "ok" ? {} : { property: `${ref.pointer}/objectLockConfiguration` }),
        unknowns,
      });
    }
    return results;
  },
});
