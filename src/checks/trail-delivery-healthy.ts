// Every logging trail that covers an account of the snapshot actually delivers its log files to S3:
// GetTrailStatus reports no LatestDeliveryError, and LatestDeliveryTime is at most
// maxDeliveryAgeHours before the snapshot's collectedAt (a trail that started logging within that
// time may not have delivered yet). SNS notification errors (LatestNotificationError) FAIL only
// with failOnNotificationErrors; otherwise the PASS names them. Each trail is judged once, in the
// account that owns it. Live AWS and snapshot files only: templates and plans hold no delivery
// status. Reads ListTrails, GetTrail (S3BucketName, SnsTopicARN, IsOrganizationTrail) and
// GetTrailStatus (IsLogging, LatestDeliveryError, LatestDeliveryTime, StartLoggingTime,
// LatestNotificationError, LatestNotificationTime).
import { defineCheck, type CheckResult, type DataValue } from "../engine/check.js";
import { knownStatus, trailString, shownHomeRegion } from "../model/coverage.js";
import { hoursBetween, toIso } from "../model/time.js";
import type { UnknownRef } from "../model/unknown.js";
import { explainDeliveryError, explainNotificationError } from "./lib/delivery-errors.js";
import { docsUrl } from "./lib/docs.js";
import { TRAIL_READS } from "./lib/reads.js";
import { TRAIL_SCOPE_MESSAGES, trailScope, type TrailScopeMessageId } from "./lib/trail-scope.js";

type MessageId =
  | TrailScopeMessageId
  | "ok"
  | "okNotificationError"
  | "startedRecently"
  | "deliveryError"
  | "stale"
  | "neverDelivered"
  | "notificationError"
  | "badTimestamp";

interface Params {
  maxDeliveryAgeHours: number;
  failOnNotificationErrors: boolean;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

const STATUS_CLI = "aws cloudtrail get-trail-status --name {{trailArn}} --region {{homeRegion}}";
const BUCKET_CLI = ["aws s3api get-bucket-policy --bucket {{bucket}}", "aws s3api get-bucket-encryption --bucket {{bucket}}", STATUS_CLI];

export const check = defineCheck<Params, MessageId>({
  meta: {
    id: "trail-delivery-healthy",
    title: "CloudTrail trails deliver their log files to S3",
    severity: "high",
    rationale:
      "A trail that is logging but cannot write to its bucket records nothing anyone can read: CloudTrail drops what it " +
      "cannot deliver. The trail still looks configured and logging, so only its delivery status shows it. A bucket " +
      "policy changed by hand, a deleted bucket or a disabled KMS key silences the audit log of every account the trail covers.",
    docsUrl: docsUrl("trail-delivery-healthy"),
    appliesTo: ["aws", "snapshot", "example"],
    reads: [...TRAIL_READS],
    messages: {
      ...TRAIL_SCOPE_MESSAGES,
      ok: "Trail {{trail}} delivers to bucket {{bucket}}: last delivery {{lastDelivery}}, {{ageHours}} hours before the snapshot.",
      okNotificationError:
        "Trail {{trail}} delivers to bucket {{bucket}} (last delivery {{lastDelivery}}, {{ageHours}} hours before the snapshot), " +
        'but its SNS notifications to {{topic}} fail: "{{notificationError}}" ({{notificationMeaning}}). ' +
        "Reported, not failed (failOnNotificationErrors is false): log files still arrive.",
      startedRecently:
        "Trail {{trail}} started logging at {{startLogging}}, {{startedHours}} hours before the snapshot, and has not delivered yet; " +
        "CloudTrail delivers log files about every 5 minutes, so look again later.",
      deliveryError:
        'Trail {{trail}} fails to deliver log files to bucket {{bucket}}: "{{deliveryError}}". This usually means {{meaning}}. ' +
        "CloudTrail drops the events it cannot deliver.",
      stale:
        "Trail {{trail}} last delivered a log file to bucket {{bucket}} at {{lastDelivery}}, {{ageHours}} hours before the snapshot " +
        "(limit {{maxDeliveryAgeHours}} hours), although it is logging: its events are not reaching the bucket.",
      neverDelivered:
        "Trail {{trail}} is logging but has never delivered a log file to bucket {{bucket}} (GetTrailStatus has no LatestDeliveryTime{{sinceText}}).",
      notificationError:
        'Trail {{trail}} fails to notify SNS topic {{topic}} of new log files: "{{notificationError}}" ({{notificationMeaning}}); ' +
        "whatever reads the topic (a log pipeline, a SIEM) misses the new files.",
      badTimestamp: "Cannot read {{field}} {{value}} of trail {{trail}} or collectedAt {{collectedAt}}.",
    },
    remediation: {
      text: "Restore delivery for trail {{trail}}: the bucket must exist and let cloudtrail.amazonaws.com write to it, and the trail's KMS key must let CloudTrail use it.",
      cli: BUCKET_CLI,
    },
    fixes: {
      deliveryError: { text: "As account {{owner}}: {{fix}}. Then check that LatestDeliveryError is gone and LatestDeliveryTime moves.", cli: BUCKET_CLI },
      stale: {
        text:
          "As account {{owner}}, look at why trail {{trail}} stopped delivering: its status (an error may have been cleared), the bucket policy " +
          "(cloudtrail.amazonaws.com s3:PutObject on AWSLogs/<account>/*) and the bucket's encryption key.",
        cli: BUCKET_CLI,
      },
      neverDelivered: {
        text:
          "As account {{owner}}, check that bucket {{bucket}} exists and lets cloudtrail.amazonaws.com s3:GetBucketAcl on the bucket and " +
          "s3:PutObject on AWSLogs/<account>/*, and that the trail's KMS key (if any) lets CloudTrail use it.",
        cli: BUCKET_CLI,
      },
      notificationError: {
        text: "As account {{owner}}: {{notificationFix}}.",
        cli: ["aws sns get-topic-attributes --topic-arn {{topic}} --region {{homeRegion}}", STATUS_CLI],
      },
    },
    frameworks: { "nist-800-53-r5": ["AU-5"] },
    params: {
      type: "object",
      properties: {
        maxDeliveryAgeHours: {
          type: "number",
          exclusiveMinimum: 0,
          default: 24,
          description: "Oldest acceptable LatestDeliveryTime, in hours before the snapshot's collectedAt, for a trail that is logging.",
        },
        failOnNotificationErrors: {
          type: "boolean",
          default: false,
          description: "FAIL a trail whose SNS notifications fail (LatestNotificationError); by default the PASS names the error.",
        },
      },
      additionalProperties: false,
    },
  },

  run(snapshot, params) {
    const { collectedAt } = snapshot;
    const maxAge = params.maxDeliveryAgeHours;
    const { results: scope, judged } = trailScope(snapshot);
    const results: CheckResult<MessageId>[] = [...scope];
    for (const { ref } of judged) {
      // The bucket and topic only word the message and the fix: unknown, they do not undecide the verdict.
      const wording: UnknownRef[] = [];
      const bucket = trailString(ref, "S3BucketName", wording) ?? "<trail bucket>";
      const topicArn = trailString(ref, "SnsTopicARN", wording);
      const status = knownStatus(ref.trail);
      const data: Record<string, DataValue> = {
        trail: ref.trail.Name,
        trailArn: ref.trail.TrailARN,
        homeRegion: shownHomeRegion(ref),
        owner: ref.ownerAccountId,
        bucket,
        topic: topicArn ?? ref.trail.Name,
        maxDeliveryAgeHours: maxAge,
        collectedAt,
      };
      const about = { accountId: ref.ownerAccountId, region: ref.homeRegion, resource: ref.trail.TrailARN, pointer: ref.pointer };
      const evidence = {
        collectedAt,
        maxDeliveryAgeHours: maxAge,
        failOnNotificationErrors: params.failOnNotificationErrors,
        LatestDeliveryTime: status.LatestDeliveryTime ?? null,
        LatestDeliveryError: status.LatestDeliveryError ?? null,
        StartLoggingTime: status.StartLoggingTime ?? null,
        LatestNotificationTime: status.LatestNotificationTime ?? null,
        LatestNotificationError: status.LatestNotificationError ?? null,
      };
      const fail = (messageId: MessageId, field: string, extra: Record<string, DataValue> = {}): CheckResult<MessageId> => ({
        status: "FAIL",
        messageId,
        ...about,
        property: `${ref.pointer}/status/${field}`,
        data: { ...data, ...extra },
        evidence,
      });
      const deliveryError = status.LatestDeliveryError ?? "";
      if (deliveryError !== "") {
        const { meaning, fix } = explainDeliveryError(deliveryError);
        results.push(fail("deliveryError", "LatestDeliveryError", { deliveryError, meaning, fix }));
        continue;
      }
      const last = status.LatestDeliveryTime;
      if (last === undefined || last === "") {
        const started = status.StartLoggingTime;
        const since = started === undefined || started === "" ? undefined : hoursBetween(started, collectedAt);
        if (started !== undefined && started !== "" && since === undefined) {
          results.push({ status: "ERROR", messageId: "badTimestamp", ...about, data: { ...data, field: "StartLoggingTime", value: String(started) }, evidence });
        } else if (since !== undefined && since <= maxAge) {
          results.push({
            status: "PASS",
            messageId: "startedRecently",
            ...about,
            data: { ...data, startLogging: toIso(started)!, startedHours: round1(Math.max(since, 0)) },
            evidence,
          });
        } else {
          const sinceText = since !== undefined ? `; logging since ${toIso(started)!}, ${round1(since)} hours before the snapshot` : "";
          results.push(fail("neverDelivered", "LatestDeliveryTime", { sinceText }));
        }
        continue;
      }
      const age = hoursBetween(last, collectedAt);
      if (age === undefined) {
        results.push({ status: "ERROR", messageId: "badTimestamp", ...about, data: { ...data, field: "LatestDeliveryTime", value: String(last) }, evidence });
        continue;
      }
      const timing = { lastDelivery: toIso(last)!, ageHours: round1(Math.max(age, 0)) };
      if (age > maxAge) {
        results.push(fail("stale", "LatestDeliveryTime", timing));
        continue;
      }
      const notificationError = status.LatestNotificationError ?? "";
      if (notificationError !== "") {
        const { meaning, fix } = explainNotificationError(notificationError);
        const extra = { ...timing, notificationError, notificationMeaning: meaning, notificationFix: fix };
        if (params.failOnNotificationErrors) results.push(fail("notificationError", "LatestNotificationError", extra));
        else results.push({ status: "PASS", messageId: "okNotificationError", ...about, data: { ...data, ...extra }, evidence });
        continue;
      }
      results.push({ status: "PASS", messageId: "ok", ...about, data: { ...data, ...timing }, evidence });
    }
    return results;
  },
});
