import { check } from "../../src/checks/log-bucket-object-lock.js";
import type { ObjectLockConfiguration } from "../../src/model/snapshot.js";
import { LOG_ARCHIVE, MANAGEMENT, MEMBER, OTHER, account, bucket, denied, multiRegionTrail, org, single, trail } from "../helpers/builders.js";
import { runCases } from "../helpers/run-cases.js";

const BUCKET_ARN = "arn:aws:s3:::trail-logs";

/** Object Lock enabled with a default retention. */
const lock = (Mode: "COMPLIANCE" | "GOVERNANCE", period: { Days: number } | { Years: number }): ObjectLockConfiguration => ({
  ObjectLockEnabled: "Enabled",
  Rule: { DefaultRetention: { Mode, ...period } },
});

const LOCK_CLI = (name: string, days: number) =>
  `aws s3api put-object-lock-configuration --bucket ${name} --object-lock-configuration ` +
  `'{"ObjectLockEnabled":"Enabled","Rule":{"DefaultRetention":{"Mode":"COMPLIANCE","Days":${days}}}}'`;
const VERSIONING_CLI = (name: string) => `aws s3api put-bucket-versioning --bucket ${name} --versioning-configuration Status=Enabled`;

/** The management account's logging trail delivering to trail-logs, which the account owns. */
const withBucket = (overrides: Parameters<typeof bucket>[0]) => single([multiRegionTrail()], { buckets: [bucket(overrides)] });

/** An organization trail of the management account delivering to org-trail-logs in the log-archive account. */
const orgSetUp = (objectLockConfiguration: ObjectLockConfiguration | null) =>
  org({
    management: { trails: [multiRegionTrail({ Name: "org", IsOrganizationTrail: true, S3BucketName: "org-trail-logs" })] },
    members: [account(LOG_ARCHIVE, { Name: "log-archive", buckets: [bucket({ Name: "org-trail-logs", objectLockConfiguration })] }), MEMBER],
  });

runCases(check, {
  valid: [
    {
      name: "COMPLIANCE for 365 days",
      snapshot: withBucket({ objectLockConfiguration: lock("COMPLIANCE", { Days: 365 }) }),
      expect: [
        {
          status: "PASS",
          messageId: "ok",
          accountId: MANAGEMENT,
          pointer: "/accounts/0/buckets/0",
          resource: BUCKET_ARN,
          region: "us-east-1",
          message: "locks each new log file for 365 days in COMPLIANCE mode (at least 365 required)",
          evidence: { retentionDays: 365, minRetentionDays: 365 },
        },
      ],
    },
    {
      name: "Years: 1 counts as 365 days",
      snapshot: withBucket({ objectLockConfiguration: lock("COMPLIANCE", { Years: 1 }) }),
      expect: [{ status: "PASS", messageId: "ok", evidence: { retentionDays: 365 } }],
    },
    {
      name: "30 days pass with minRetentionDays 30",
      snapshot: withBucket({ objectLockConfiguration: lock("COMPLIANCE", { Days: 30 }) }),
      params: { minRetentionDays: 30 },
      expect: [{ status: "PASS", messageId: "ok", message: "for 30 days in COMPLIANCE mode (at least 30 required)" }],
    },
    {
      name: "GOVERNANCE passes with allowGovernance",
      snapshot: withBucket({ objectLockConfiguration: lock("GOVERNANCE", { Days: 400 }) }),
      params: { allowGovernance: true },
      expect: [{ status: "PASS", messageId: "ok", message: "400 days in GOVERNANCE mode" }],
    },
    {
      name: "log bucket in the log-archive account is credited via the management account's organization trail",
      snapshot: orgSetUp(lock("COMPLIANCE", { Years: 7 })),
      expect: [
        {
          status: "PASS",
          messageId: "ok",
          accountId: LOG_ARCHIVE,
          pointer: "/accounts/1/buckets/0",
          resource: "arn:aws:s3:::org-trail-logs",
          evidence: { retentionDays: 2555, trails: [`arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/org`] },
        },
      ],
    },
    {
      name: "two trails delivering to one bucket give one result",
      snapshot: single([multiRegionTrail({ Name: "a" }), trail({ Name: "b", HomeRegion: "eu-west-1" })], {
        buckets: [bucket({ objectLockConfiguration: lock("COMPLIANCE", { Days: 365 }) })],
      }),
      expect: [{ status: "PASS", messageId: "ok", pointer: "/accounts/0/buckets/0", message: "trail-logs" }],
    },
    {
      name: "a stopped trail's bucket is not judged",
      snapshot: single([multiRegionTrail({ Name: "live" }), trail({ Name: "old", S3BucketName: "old-logs", status: { IsLogging: false } })], {
        buckets: [bucket({ objectLockConfiguration: lock("COMPLIANCE", { Days: 365 }) }), bucket({ Name: "old-logs" })],
      }),
      expect: [{ status: "PASS", messageId: "ok", resource: BUCKET_ARN }],
    },
  ],
  invalid: [
    {
      name: "Object Lock off on a bucket with versioning suspended",
      snapshot: withBucket({ objectLockConfiguration: null, versioning: { Status: "Suspended" } }),
      expect: [{ status: "FAIL", messageId: "offUnversioned", message: "and versioning is suspended", evidence: { versioning: "Suspended" }, cli: [VERSIONING_CLI("trail-logs"), LOCK_CLI("trail-logs", 365)] }],
    },
    {
      name: "COMPLIANCE for 30 days is too short",
      snapshot: withBucket({ objectLockConfiguration: lock("COMPLIANCE", { Days: 30 }) }),
      expect: [
        {
          status: "FAIL",
          messageId: "tooShort",
          pointer: "/accounts/0/buckets/0",
          message: "for only 30 days in COMPLIANCE mode; at least 365 days are required",
          cli: [LOCK_CLI("trail-logs", 365)],
        },
      ],
    },
    {
      name: "GOVERNANCE mode is bypassable",
      snapshot: withBucket({ objectLockConfiguration: lock("GOVERNANCE", { Days: 365 }) }),
      expect: [{ status: "FAIL", messageId: "governance", message: "s3:BypassGovernanceRetention", cli: [LOCK_CLI("trail-logs", 365)] }],
    },
    {
      name: "GOVERNANCE allowed but too short",
      snapshot: withBucket({ objectLockConfiguration: lock("GOVERNANCE", { Days: 90 }) }),
      params: { allowGovernance: true, minRetentionDays: 180 },
      expect: [{ status: "FAIL", messageId: "tooShort", message: "90 days in GOVERNANCE mode; at least 180", cli: [LOCK_CLI("trail-logs", 180)] }],
    },
    {
      name: "enabled without a default retention locks nothing",
      snapshot: withBucket({ objectLockConfiguration: { ObjectLockEnabled: "Enabled" } }),
      expect: [{ status: "FAIL", messageId: "noDefaultRetention", message: "CloudTrail writes log files without a retention of their own", evidence: { retentionDays: null } }],
    },
    {
      name: "Object Lock off on a versioned bucket",
      snapshot: withBucket({ objectLockConfiguration: null }),
      expect: [{ status: "FAIL", messageId: "off", message: "not enabled on log bucket trail-logs (written by main)", cli: [LOCK_CLI("trail-logs", 365)] }],
    },
    {
      name: "Object Lock off (absent) on an unversioned bucket needs versioning first",
      snapshot: withBucket({ objectLockConfiguration: undefined, versioning: null }),
      expect: [
        {
          status: "FAIL",
          messageId: "offUnversioned",
          message: "and versioning was never enabled: any principal allowed to delete objects there can erase the logs for good",
          cli: [VERSIONING_CLI("trail-logs"), LOCK_CLI("trail-logs", 365)],
        },
      ],
    },
    {
      name: "the fix uses minRetentionDays",
      snapshot: orgSetUp(null),
      params: { minRetentionDays: 2555 },
      expect: [{ status: "FAIL", messageId: "off", accountId: LOG_ARCHIVE, cli: [LOCK_CLI("org-trail-logs", 2555)] }],
    },
    {
      name: "bucket of an account outside the snapshot is out of scope",
      snapshot: withBucket({ ownerAccountId: OTHER, objectLockConfiguration: null }),
      expect: [
        {
          status: "ERROR",
          messageId: "outOfScope",
          accountId: MANAGEMENT,
          resource: BUCKET_ARN,
          pointer: "/accounts/0/buckets/0",
          message: "out of scope: scan account 444444444444",
        },
      ],
    },
    {
      name: "bucket listed by no account cannot be judged",
      snapshot: single([multiRegionTrail({ Name: "main", S3BucketName: "central-logs" })]),
      expect: [
        {
          status: "ERROR",
          messageId: "bucketMissing",
          accountId: MANAGEMENT,
          resource: "arn:aws:s3:::central-logs",
          pointer: "/accounts/0/trails/0",
          message: "Log bucket central-logs, written by main, is listed by no account of this snapshot",
        },
      ],
    },
    {
      name: "GetObjectLockConfiguration denied gives ERROR, not FAIL",
      snapshot: single([multiRegionTrail()], {
        buckets: [bucket({ objectLockConfiguration: null })],
        errors: [denied("s3", "GetObjectLockConfiguration", { resource: "trail-logs" })],
      }),
      expect: [{ status: "ERROR", messageId: "collection-error", resource: BUCKET_ARN, message: "s3:GetObjectLockConfiguration (trail-logs) failed: AccessDenied" }],
    },
    {
      name: "a denied read on another bucket does not hide this verdict",
      snapshot: single([multiRegionTrail()], {
        buckets: [bucket({ objectLockConfiguration: null })],
        errors: [denied("s3", "GetObjectLockConfiguration", { resource: "some-other-bucket" })],
      }),
      expect: [{ status: "FAIL", messageId: "off" }],
    },
    {
      name: "only a stopped trail: nothing delivers the account's logs",
      snapshot: single([multiRegionTrail({ status: { IsLogging: false } })], { buckets: [bucket()] }),
      expect: [{ status: "NOT_APPLICABLE", messageId: "none", pointer: "/accounts/0" }],
    },
    {
      name: "suspended and uncovered accounts are not applicable, the covered bucket is judged",
      snapshot: org({
        management: { trails: [multiRegionTrail({ Name: "own" })], buckets: [bucket({ objectLockConfiguration: null })] },
        members: [account(MEMBER, { Status: "SUSPENDED" }), account(LOG_ARCHIVE)],
      }),
      expect: [
        { status: "FAIL", messageId: "off", accountId: MANAGEMENT },
        { status: "NOT_APPLICABLE", messageId: "suspended", accountId: MEMBER, pointer: "/accounts/1" },
        { status: "NOT_APPLICABLE", messageId: "none", accountId: LOG_ARCHIVE, pointer: "/accounts/2" },
      ],
    },
  ],
});
