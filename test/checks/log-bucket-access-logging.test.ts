import assert from "node:assert/strict";
import { check } from "../../src/checks/log-bucket-access-logging.js";
import type { Bucket } from "../../src/model/snapshot.js";
import { LOG_ARCHIVE, MANAGEMENT, MEMBER, OTHER, account, bucket, denied, multiRegionTrail, org, single } from "../helpers/builders.js";
import { runCases, runOnce } from "../helpers/run-cases.js";

const BUCKET_ARN = "arn:aws:s3:::trail-logs";
const PUT = (name: string) =>
  `aws s3api put-bucket-logging --bucket ${name} --bucket-logging-status '{"LoggingEnabled":{"TargetBucket":"${name}-access-logs","TargetPrefix":"${name}/"}}'`;
const withBucket = (overrides: Partial<Bucket>) => single([multiRegionTrail()], { buckets: [bucket(overrides)] });

runCases(check, {
  valid: [
    {
      name: "access logs go to a separate bucket",
      snapshot: withBucket({ logging: { TargetBucket: "access-logs", TargetPrefix: "trail-logs/" } }),
      expect: [
        {
          status: "PASS",
          messageId: "ok",
          accountId: MANAGEMENT,
          resource: BUCKET_ARN,
          pointer: "/accounts/0/buckets/0",
          region: "us-east-1",
          message: "records its access logs in bucket access-logs (prefix trail-logs/)",
        },
      ],
    },
    {
      name: "the full GetBucketLogging shape (grants, partitioned keys) is read",
      snapshot: withBucket({
        logging: {
          TargetBucket: "access-logs",
          TargetPrefix: "",
          TargetGrants: [{ Grantee: { Type: "Group", URI: "http://acs.amazonaws.com/groups/s3/LogDelivery" }, Permission: "WRITE" }],
          TargetObjectKeyFormat: { PartitionedPrefix: { PartitionDateSource: "EventTime" } },
        },
      }),
      expect: [{ status: "PASS", messageId: "ok", message: "(prefix (none))" }],
    },
    {
      name: "the organization's log bucket in the log-archive account is judged in its owner",
      snapshot: org({
        management: { trails: [multiRegionTrail({ Name: "org", IsOrganizationTrail: true, S3BucketName: "org-trail-logs" })] },
        members: [account(LOG_ARCHIVE, { buckets: [bucket({ Name: "org-trail-logs", logging: { TargetBucket: "org-access-logs" } })] }), MEMBER],
      }),
      expect: [{ status: "PASS", messageId: "ok", accountId: LOG_ARCHIVE, pointer: "/accounts/1/buckets/0", resource: "arn:aws:s3:::org-trail-logs" }],
    },
  ],
  invalid: [
    {
      name: "server access logging off (null)",
      snapshot: withBucket({ logging: null }),
      expect: [
        {
          status: "FAIL",
          messageId: "off",
          message: "Log bucket trail-logs (written by main) has S3 server access logging off",
          cli: [PUT("trail-logs")],
        },
      ],
    },
    {
      name: "absent logging counts as off",
      snapshot: withBucket({}),
      expect: [{ status: "FAIL", messageId: "off", cli: [PUT("trail-logs")] }],
    },
    {
      name: "access logs written into the log bucket itself",
      snapshot: withBucket({ logging: { TargetBucket: "trail-logs", TargetPrefix: "access/" } }),
      expect: [{ status: "FAIL", messageId: "selfTarget", message: "writes its server access logs into itself (prefix access/)", cli: [PUT("trail-logs")] }],
    },
    {
      name: "GetBucketLogging denied gives ERROR, not FAIL",
      snapshot: single([multiRegionTrail()], { buckets: [bucket({ logging: null })], errors: [denied("s3", "GetBucketLogging", { resource: "trail-logs" })] }),
      expect: [{ status: "ERROR", messageId: "collection-error", resource: BUCKET_ARN, message: "s3:GetBucketLogging (trail-logs) failed: AccessDenied" }],
    },
    {
      name: "bucket of an account outside the snapshot is out of scope",
      snapshot: withBucket({ ownerAccountId: OTHER, logging: null }),
      expect: [{ status: "ERROR", messageId: "outOfScope", accountId: MANAGEMENT, message: "out of scope: scan account 444444444444" }],
    },
    {
      name: "bucket listed by no account cannot be judged",
      snapshot: single([multiRegionTrail({ S3BucketName: "central-logs" })]),
      expect: [{ status: "ERROR", messageId: "bucketMissing", resource: "arn:aws:s3:::central-logs" }],
    },
    {
      name: "trail status unknown: whether the bucket is a log bucket is unknown",
      snapshot: single([multiRegionTrail()], {
        buckets: [bucket({ logging: null })],
        errors: [denied("cloudtrail", "GetTrailStatus", { resource: `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/main`, region: "us-east-1" })],
      }),
      expect: [
        { status: "ERROR", messageId: "collection-error", resource: BUCKET_ARN, message: "cloudtrail:GetTrailStatus" },
        { status: "ERROR", messageId: "collection-error", accountId: MANAGEMENT, message: "cloudtrail:GetTrailStatus" },
      ],
    },
    {
      name: "suspended and uncovered accounts are not applicable",
      snapshot: org({
        management: { trails: [multiRegionTrail()], buckets: [bucket({ logging: null })] },
        members: [account(MEMBER, { Status: "SUSPENDED" }), account(LOG_ARCHIVE)],
      }),
      expect: [
        { status: "FAIL", messageId: "off", accountId: MANAGEMENT },
        { status: "NOT_APPLICABLE", messageId: "suspended", accountId: MEMBER },
        { status: "NOT_APPLICABLE", messageId: "none", accountId: LOG_ARCHIVE },
      ],
    },
  ],
});

describe("log-bucket-access-logging: the fix", () => {
  it("says that the target bucket must exist, in the same account and region, and allow the logging service", () => {
    const [finding] = runOnce(check, withBucket({ logging: null }));
    assert.equal(finding?.status, "FAIL");
    const text = finding!.remediation!.text;
    assert.match(text, /Target bucket trail-logs-access-logs must exist in the same account \(111111111111\) and region \(us-east-1\)/);
    assert.match(text, /Allow logging\.s3\.amazonaws\.com s3:PutObject on arn:aws:s3:::trail-logs-access-logs\/trail-logs\/\*/);
  });
});
