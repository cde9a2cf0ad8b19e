import assert from "node:assert/strict";
import { check } from "../../src/checks/trail-delivery-healthy.js";
import { explainDeliveryError, explainNotificationError } from "../../src/checks/lib/delivery-errors.js";
import { LOG_ARCHIVE, MANAGEMENT, MEMBER, account, denied, multiRegionTrail, org, single, trail } from "../helpers/builders.js";
import { runCases, runOnce } from "../helpers/run-cases.js";

const ARN = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/main`;
const TOPIC = `arn:aws:sns:us-east-1:${MANAGEMENT}:trail-topic`;
const BUCKET_CLI = [
  "aws s3api get-bucket-policy --bucket trail-logs",
  "aws s3api get-bucket-encryption --bucket trail-logs",
  `aws cloudtrail get-trail-status --name ${ARN} --region us-east-1`,
];
/** collectedAt is 2026-11-20T12:00:00Z. */
const withStatus = (status: Record<string, unknown>, extra: Parameters<typeof multiRegionTrail>[0] = {}) =>
  single([multiRegionTrail({ status: { IsLogging: true, StartLoggingTime: "2026-01-01T00:00:00Z", ...status }, ...extra })]);

runCases(check, {
  valid: [
    {
      name: "delivered five minutes before the snapshot",
      snapshot: withStatus({ LatestDeliveryTime: "2026-11-20T11:55:00Z" }),
      expect: [
        {
          status: "PASS",
          messageId: "ok",
          accountId: MANAGEMENT,
          resource: ARN,
          pointer: "/accounts/0/trails/0",
          message: "last delivery 2026-11-20T11:55:00.000Z, 0.1 hours before the snapshot",
        },
      ],
    },
    {
      name: "epoch seconds, as the SDK serialises them",
      snapshot: withStatus({ LatestDeliveryTime: 1_763_636_400 }), // 2025-11-20T11:00:00Z
      params: { maxDeliveryAgeHours: 10_000 },
      expect: [{ status: "PASS", messageId: "ok", message: "last delivery 2025-11-20T11:00:00.000Z" }],
    },
    {
      name: "started logging an hour ago, nothing delivered yet",
      snapshot: withStatus({ StartLoggingTime: "2026-11-20T11:00:00Z", LatestDeliveryTime: undefined }),
      expect: [{ status: "PASS", messageId: "startedRecently", message: "started logging at 2026-11-20T11:00:00.000Z, 1 hours before the snapshot" }],
    },
    {
      name: "an SNS error is named in the PASS by default",
      snapshot: withStatus({ LatestDeliveryTime: "2026-11-20T11:55:00Z", LatestNotificationError: "AuthorizationError" }, { SnsTopicARN: TOPIC }),
      expect: [
        {
          status: "PASS",
          messageId: "okNotificationError",
          message: `but its SNS notifications to ${TOPIC} fail: "AuthorizationError" (the topic's access policy does not let cloudtrail.amazonaws.com sns:Publish)`,
        },
      ],
    },
    {
      name: "an organization trail is judged once, in its owner",
      snapshot: org({
        management: { trails: [multiRegionTrail({ Name: "org", IsOrganizationTrail: true })] },
        members: [MEMBER, LOG_ARCHIVE],
      }),
      expect: [{ status: "PASS", messageId: "ok", accountId: MANAGEMENT, resource: `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/org` }],
    },
  ],
  invalid: [
    {
      name: "AccessDenied after a bucket-policy change",
      snapshot: withStatus({ LatestDeliveryTime: "2026-11-20T11:55:00Z", LatestDeliveryError: "AccessDenied" }),
      expect: [
        {
          status: "FAIL",
          messageId: "deliveryError",
          pointer: "/accounts/0/trails/0",
          message: 'fails to deliver log files to bucket trail-logs: "AccessDenied". This usually means S3 refused CloudTrail\'s write',
          cli: BUCKET_CLI,
        },
      ],
    },
    {
      name: "NoSuchBucket: the bucket was deleted",
      snapshot: withStatus({ LatestDeliveryError: "NoSuchBucket" }),
      expect: [{ status: "FAIL", messageId: "deliveryError", message: "the bucket no longer exists" }],
    },
    {
      name: "a KMS error names the key",
      snapshot: withStatus({ LatestDeliveryError: "KMS.DisabledException" }),
      expect: [{ status: "FAIL", messageId: "deliveryError", message: "the trail's KMS key refuses CloudTrail or cannot be used" }],
    },
    {
      name: "last delivery 30 hours before the snapshot is stale",
      snapshot: withStatus({ LatestDeliveryTime: "2026-11-19T06:00:00Z" }),
      expect: [{ status: "FAIL", messageId: "stale", message: "at 2026-11-19T06:00:00.000Z, 30 hours before the snapshot (limit 24 hours)", cli: BUCKET_CLI }],
    },
    {
      name: "maxDeliveryAgeHours 48 accepts 30 hours; a shorter limit does not",
      snapshot: single([
        multiRegionTrail({ Name: "a", status: { IsLogging: true, LatestDeliveryTime: "2026-11-19T06:00:00Z" } }),
        trail({ Name: "b", status: { IsLogging: true, LatestDeliveryTime: "2026-11-17T12:00:00Z" } }),
      ]),
      params: { maxDeliveryAgeHours: 48 },
      expect: [
        { status: "PASS", messageId: "ok", pointer: "/accounts/0/trails/0" },
        { status: "FAIL", messageId: "stale", pointer: "/accounts/0/trails/1", message: "72 hours before the snapshot (limit 48 hours)" },
      ],
    },
    {
      name: "logging for months without a single delivery",
      snapshot: withStatus({ LatestDeliveryTime: undefined }),
      expect: [{ status: "FAIL", messageId: "neverDelivered", message: "no LatestDeliveryTime; logging since 2026-01-01T00:00:00.000Z" }],
    },
    {
      name: "failOnNotificationErrors makes an SNS error a FAIL",
      snapshot: withStatus({ LatestDeliveryTime: "2026-11-20T11:55:00Z", LatestNotificationError: "NotFound" }, { SnsTopicARN: TOPIC }),
      params: { failOnNotificationErrors: true },
      expect: [
        {
          status: "FAIL",
          messageId: "notificationError",
          message: 'fails to notify SNS topic arn:aws:sns:us-east-1:111111111111:trail-topic of new log files: "NotFound" (the SNS topic no longer exists)',
          cli: [`aws sns get-topic-attributes --topic-arn ${TOPIC} --region us-east-1`, `aws cloudtrail get-trail-status --name ${ARN} --region us-east-1`],
        },
      ],
    },
    {
      name: "an unreadable timestamp is ERROR",
      snapshot: withStatus({ LatestDeliveryTime: "yesterday" }),
      expect: [{ status: "ERROR", messageId: "badTimestamp", message: "Cannot read LatestDeliveryTime yesterday" }],
    },
    {
      name: "GetTrailStatus denied: ERROR stands in for the trail and the account, not the FAIL the stale status gives",
      snapshot: single([multiRegionTrail({ status: { IsLogging: true, LatestDeliveryError: "AccessDenied" } })], {
        errors: [denied("cloudtrail", "GetTrailStatus", { resource: ARN, region: "us-east-1" })],
      }),
      expect: [
        { status: "ERROR", messageId: "collection-error", resource: ARN, message: "cloudtrail:GetTrailStatus" },
        { status: "ERROR", messageId: "collection-error", accountId: MANAGEMENT, message: "cloudtrail:GetTrailStatus" },
      ],
    },
    {
      name: "suspended and uncovered accounts are not applicable",
      snapshot: org({
        management: { trails: [multiRegionTrail({ status: { IsLogging: true, LatestDeliveryError: "NoSuchBucket" } })] },
        members: [account(MEMBER, { Status: "SUSPENDED" }), LOG_ARCHIVE],
      }),
      expect: [
        { status: "FAIL", messageId: "deliveryError", accountId: MANAGEMENT },
        { status: "NOT_APPLICABLE", messageId: "suspended", accountId: MEMBER },
        { status: "NOT_APPLICABLE", messageId: "none", accountId: LOG_ARCHIVE },
      ],
    },
  ],
});

describe("trail-delivery-healthy: inputs and the error table", () => {
  it("does not run on templates and plans (no delivery status there)", () => {
    const snapshot = { ...withStatus({ LatestDeliveryError: "AccessDenied" }), source: { type: "cloudformation" as const } };
    assert.deepEqual(runOnce(check, snapshot), []);
  });

  it("explains known codes and falls back for others", () => {
    assert.match(explainDeliveryError("AccessDenied").meaning, /bucket policy/);
    assert.match(explainDeliveryError("KMS.AccessDeniedException").meaning, /KMS key/);
    assert.match(explainDeliveryError("NoSuchBucket").meaning, /no longer exists/);
    assert.equal(explainDeliveryError("SomethingNew").meaning, "CloudTrail could not write to the bucket");
    assert.match(explainNotificationError("NotFound").meaning, /no longer exists/);
    assert.equal(explainNotificationError("Weird").meaning, "CloudTrail could not publish to the topic");
  });
});
