// Every logging trail that covers an account of the snapshot validates its log files: GetTrail
// LogFileValidationEnabled, and its digest files actually arrive (GetTrailStatus
// LatestDigestDeliveryError empty). Each trail is judged once, in the account that owns it (an
// organization trail in the management account or the delegated administrator). Reads the trails
// (ListTrails, GetTrail: LogFileValidationEnabled, IsOrganizationTrail) and GetTrailStatus
// (IsLogging, LatestDigestDeliveryTime, LatestDigestDeliveryError).
import { defineCheck, type CheckResult } from "../engine/check.js";
import { knownStatus, trailFlag, shownHomeRegion } from "../model/coverage.js";
import { toIso } from "../model/time.js";
import { isUnknown, type UnknownRef } from "../model/unknown.js";
import { explainDeliveryError } from "./lib/delivery-errors.js";
import { docsUrl } from "./lib/docs.js";
import { TRAIL_READS } from "./lib/reads.js";
import { TRAIL_SCOPE_MESSAGES, trailScope, type TrailScopeMessageId } from "./lib/trail-scope.js";
import { LOG_FILE_VALIDATION } from "./lib/iac-fixes.js";

type MessageId = TrailScopeMessageId | "ok" | "off" | "digestError";

const ENABLE = "aws cloudtrail update-trail --name {{trailArn}} --region {{homeRegion}} --enable-log-file-validation";

export const check = defineCheck<Record<string, never>, MessageId>({
  meta: {
    id: "log-file-validation",
    title: "CloudTrail trails validate their log files (digest files)",
    severity: "medium",
    rationale:
      "With log file validation CloudTrail writes an hourly digest file, signed by CloudTrail, holding the SHA-256 hash " +
      "of every log file it delivered in that hour. Without it nobody can show that a log file was not changed, or that " +
      "one was not removed, after delivery: an intruder who can write to the bucket can rewrite the record unnoticed. " +
      "Digest files that fail to arrive give the same blindness while the setting looks on.",
    docsUrl: docsUrl("log-file-validation"),
    reads: [...TRAIL_READS],
    messages: {
      ...TRAIL_SCOPE_MESSAGES,
      ok: "Trail {{trail}} validates its log files (last digest file {{lastDigest}}).",
      off: "Trail {{trail}} does not validate its log files (LogFileValidationEnabled is false): nobody can prove that a delivered log file was not changed or removed.",
      digestError:
        'Trail {{trail}} has log file validation on, but its digest files fail to arrive: "{{digestError}}" ({{meaning}}). ' +
        "Without digest files the log files cannot be validated.",
    },
    iacMessages: { ok: "Trail {{trail}} validates its log files (EnableLogFileValidation / enable_log_file_validation is on)." },
    remediation: {
      text: "As account {{owner}}, turn on log file validation for trail {{trail}}; CloudTrail delivers the first digest file within an hour.",
      cli: [ENABLE],
      ...LOG_FILE_VALIDATION,
    },
    fixes: {
      off: {
        text: "As account {{owner}}, turn on log file validation for trail {{trail}}; CloudTrail delivers the first digest file within an hour.",
        cli: [ENABLE],
        ...LOG_FILE_VALIDATION,
      },
      digestError: {
        text:
          "Digest files go to the trail's bucket {{bucket}} under AWSLogs/<account>/CloudTrail-Digest/, with the same permissions as log files: {{fix}}. " +
          "Then check that LatestDigestDeliveryError is gone.",
        cli: ["aws s3api get-bucket-policy --bucket {{bucket}}", "aws cloudtrail get-trail-status --name {{trailArn}} --region {{homeRegion}}"],
      },
    },
    frameworks: {
      "cis-aws-foundations-5.0": ["3.2"],
      securityhub: ["CloudTrail.4"],
      "nist-800-53-r5": ["AU-9", "SI-4", "SI-7", "SI-7(1)", "SI-7(3)", "SI-7(7)"],
    },
    params: { type: "object", properties: {}, additionalProperties: false },
  },

  run(snapshot) {
    const { results: scope, judged } = trailScope(snapshot);
    const results: CheckResult<MessageId>[] = [...scope];
    for (const { ref } of judged) {
      const unknowns: UnknownRef[] = [];
      const enabled = trailFlag(ref, "LogFileValidationEnabled", unknowns);
      const bucket = bucketForText(ref.trail.S3BucketName);
      const status = knownStatus(ref.trail);
      const digestError = status.LatestDigestDeliveryError ?? "";
      const data = {
        trail: ref.trail.Name,
        trailArn: ref.trail.TrailARN,
        homeRegion: shownHomeRegion(ref),
        owner: ref.ownerAccountId,
        bucket,
        lastDigest: toIso(status.LatestDigestDeliveryTime) ?? "none yet",
      };
      const about = { accountId: ref.ownerAccountId, region: ref.homeRegion, resource: ref.trail.TrailARN, pointer: ref.pointer };
      const evidence = {
        LogFileValidationEnabled: unknowns.length > 0 ? "unknown" : enabled === true,
        LatestDigestDeliveryTime: status.LatestDigestDeliveryTime ?? null,
        LatestDigestDeliveryError: status.LatestDigestDeliveryError ?? null,
        IsOrganizationTrail: isUnknown(ref.trail.IsOrganizationTrail) ? "unknown" : (ref.trail.IsOrganizationTrail ?? false),
      };
      if (enabled !== true) {
        results.push({ status: "FAIL", messageId: "off", ...about, property: `${ref.pointer}/LogFileValidationEnabled`, data, evidence, unknowns });
      } else if (digestError !== "") {
        const { meaning, fix } = explainDeliveryError(digestError);
        results.push({
          status: "FAIL",
          messageId: "digestError",
          ...about,
          property: `${ref.pointer}/status/LatestDigestDeliveryError`,
          data: { ...data, digestError, meaning, fix },
          evidence,
          unknowns,
        });
      } else {
        results.push({ status: "PASS", messageId: "ok", ...about, data, evidence, unknowns });
      }
    }
    return results;
  },
});

/** The bucket name for the fix text, or a placeholder when it is unknown (text only, never a verdict). */
function bucketForText(value: unknown): string {
  return typeof value === "string" && value !== "" ? value : "<trail bucket>";
}
