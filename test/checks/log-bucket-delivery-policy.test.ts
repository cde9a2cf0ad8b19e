import { check } from "../../src/checks/log-bucket-delivery-policy.js";
import type { PolicyStatement } from "../../src/model/snapshot.js";
import { LOG_ARCHIVE, MANAGEMENT, MEMBER, ORG_ID, OTHER, account, bucket, denied, multiRegionTrail, org, single, trail } from "../helpers/builders.js";
import { runCases } from "../helpers/run-cases.js";

const BUCKET_ARN = "arn:aws:s3:::trail-logs";
const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/main`;
const CT = { Service: "cloudtrail.amazonaws.com" };

const ACL: PolicyStatement = {
  Sid: "AWSCloudTrailAclCheck20150319",
  Effect: "Allow",
  Principal: CT,
  Action: "s3:GetBucketAcl",
  Resource: BUCKET_ARN,
  Condition: { StringEquals: { "aws:SourceArn": TRAIL_ARN } },
};
const write = (Resource: string | string[], Condition: PolicyStatement["Condition"] = { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": TRAIL_ARN } }): PolicyStatement => ({
  Sid: "AWSCloudTrailWrite20150319",
  Effect: "Allow",
  Principal: CT,
  Action: "s3:PutObject",
  Resource,
  ...(Condition ? { Condition } : {}),
});
const WRITE = write(`${BUCKET_ARN}/AWSLogs/${MANAGEMENT}/*`);
/** The minimal policy blog posts copy: PutObject only, no GetBucketAcl, no condition. */
const BLOG: PolicyStatement = { Sid: "AWSCloudTrailWrite", Effect: "Allow", Principal: CT, Action: "s3:PutObject", Resource: `${BUCKET_ARN}/*` };
const DENY_TLS: PolicyStatement = { Sid: "DenyInsecure", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } };
const policy = (...Statement: PolicyStatement[]) => JSON.stringify({ Version: "2012-10-17", Statement });

const withBucket = (overrides: Parameters<typeof bucket>[0], trails = [multiRegionTrail()], extra: Parameters<typeof single>[1] = {}) =>
  single(trails, { buckets: [bucket(overrides)], ...extra });

/** The corrected policy the fix prints, for the blog set-up. */
const FIXED_BLOG = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Sid: "AWSCloudTrailAclCheck20150319", Effect: "Allow", Principal: CT, Action: "s3:GetBucketAcl", Resource: BUCKET_ARN, Condition: { StringEquals: { "aws:SourceArn": TRAIL_ARN } } },
    {
      Sid: "AWSCloudTrailWrite20150319",
      Effect: "Allow",
      Principal: CT,
      Action: "s3:PutObject",
      Resource: [`${BUCKET_ARN}/AWSLogs/${MANAGEMENT}/*`, `${BUCKET_ARN}/*`],
      Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": TRAIL_ARN } },
    },
  ],
});

const ORG_TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/org`;
const orgSetUp = (statements: PolicyStatement[], prefix?: string) =>
  org({
    management: { trails: [multiRegionTrail({ Name: "org", IsOrganizationTrail: true, S3BucketName: "org-logs", ...(prefix ? { S3KeyPrefix: prefix } : {}) })] },
    members: [account(LOG_ARCHIVE, { buckets: [bucket({ Name: "org-logs", policy: policy(...statements) })] }), MEMBER],
  });
const orgStatements = (prefix: string): PolicyStatement[] => {
  const arn = "arn:aws:s3:::org-logs";
  const cond = { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": ORG_TRAIL_ARN } };
  return [
    { Sid: "Acl", Effect: "Allow", Principal: CT, Action: "s3:GetBucketAcl", Resource: arn, Condition: { StringEquals: { "aws:SourceArn": ORG_TRAIL_ARN } } },
    { Sid: "Write", Effect: "Allow", Principal: CT, Action: "s3:PutObject", Resource: `${arn}/${prefix}AWSLogs/${MANAGEMENT}/*`, Condition: cond },
    { Sid: "OrgWrite", Effect: "Allow", Principal: CT, Action: "s3:PutObject", Resource: `${arn}/${prefix}AWSLogs/${ORG_ID}/*`, Condition: cond },
  ];
};

runCases(check, {
  valid: [
    {
      name: "AWS's documented policy, with a TLS-only Deny beside it",
      snapshot: withBucket({ policy: policy(ACL, WRITE, DENY_TLS) }),
      expect: [{ status: "PASS", messageId: "ok", accountId: MANAGEMENT, pointer: "/accounts/0/buckets/0", resource: BUCKET_ARN }],
    },
    {
      name: "an organization trail with a prefix: owner and organization paths, in the log-archive bucket",
      snapshot: orgSetUp(orgStatements("org/"), "org"),
      expect: [
        {
          status: "PASS",
          messageId: "ok",
          accountId: LOG_ARCHIVE,
          evidence: { required: [{ trail: ORG_TRAIL_ARN, paths: [`arn:aws:s3:::org-logs/org/AWSLogs/${MANAGEMENT}/*`, `arn:aws:s3:::org-logs/org/AWSLogs/${ORG_ID}/*`] }] },
        },
      ],
    },
    {
      name: "aws:SourceAccount and ArnLike aws:SourceArn scope as well; BucketOwnerEnforced needs no ACL condition",
      snapshot: withBucket({
        ownershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
        policy: policy(
          { ...ACL, Condition: { StringEquals: { "aws:SourceAccount": MANAGEMENT } } },
          write(`${BUCKET_ARN}/AWSLogs/*`, { ArnLike: { "aws:SourceArn": `arn:aws:cloudtrail:*:${MANAGEMENT}:trail/*` } }),
        ),
      }),
      expect: [{ status: "PASS", messageId: "ok" }],
    },
  ],
  invalid: [
    {
      name: "the blog policy: PutObject only, no GetBucketAcl, no condition; the fix is the corrected policy",
      snapshot: withBucket({ policy: policy(BLOG) }),
      expect: [
        {
          status: "FAIL",
          messageId: "incomplete",
          message: "no statement allows cloudtrail.amazonaws.com s3:GetBucketAcl on arn:aws:s3:::trail-logs for main; statement(s) AWSCloudTrailWrite grant to cloudtrail.amazonaws.com without an aws:SourceArn",
          evidence: { unscopedStatements: ["AWSCloudTrailWrite"], withoutAclCondition: ["AWSCloudTrailWrite"], missingPutObject: [] },
          cli: [`aws s3api put-bucket-policy --bucket trail-logs --policy '${FIXED_BLOG}'`],
        },
      ],
    },
    {
      name: "no bucket policy at all",
      snapshot: withBucket({ policy: null }),
      expect: [{ status: "FAIL", messageId: "noPolicy", message: "has no bucket policy, so CloudTrail cannot deliver for main" }],
    },
    {
      name: "a statement scoped to another trail does not let this one write",
      snapshot: withBucket({ policy: policy(ACL, write(`${BUCKET_ARN}/AWSLogs/${MANAGEMENT}/*`, { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/old` } })) }),
      expect: [{ status: "FAIL", messageId: "incomplete", evidence: { missingPutObject: [`${BUCKET_ARN}/AWSLogs/${MANAGEMENT}/* (main)`] } }],
    },
    {
      name: "the prefix moves the path: a policy for AWSLogs/ at the root misses prefix/AWSLogs/",
      snapshot: withBucket({ policy: policy(ACL, WRITE) }, [multiRegionTrail({ S3KeyPrefix: "cloudtrail" })]),
      expect: [{ status: "FAIL", messageId: "incomplete", message: `s3:PutObject on ${BUCKET_ARN}/cloudtrail/AWSLogs/${MANAGEMENT}/* (main)` }],
    },
    {
      name: "an organization trail without the organization path",
      snapshot: orgSetUp(orgStatements("").slice(0, 2)),
      expect: [{ status: "FAIL", messageId: "incomplete", accountId: LOG_ARCHIVE, message: `arn:aws:s3:::org-logs/AWSLogs/${ORG_ID}/* (org)` }],
    },
    {
      name: "a Resource that covers only part of the path does not count",
      snapshot: withBucket({ policy: policy(ACL, write(`${BUCKET_ARN}/AWSLogs/${MANAGEMENT}/CloudTrail/us-east-1/*`)) }),
      expect: [{ status: "FAIL", messageId: "incomplete", evidence: { missingPutObject: [`${BUCKET_ARN}/AWSLogs/${MANAGEMENT}/* (main)`] } }],
    },
    {
      name: "an unconditional Deny of PutObject blocks delivery",
      snapshot: withBucket({ policy: policy(ACL, WRITE, { Sid: "Freeze", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: `${BUCKET_ARN}/*` }) }),
      expect: [{ status: "FAIL", messageId: "incomplete", message: `statement Freeze denies s3:PutObject on ${BUCKET_ARN}/AWSLogs/${MANAGEMENT}/*` }],
    },
    {
      name: "no ACL condition, Object Ownership not configured: FAIL",
      snapshot: withBucket({ ownershipControls: null, policy: policy(ACL, write(`${BUCKET_ARN}/AWSLogs/${MANAGEMENT}/*`, { StringEquals: { "aws:SourceArn": TRAIL_ARN } })) }),
      expect: [{ status: "FAIL", messageId: "incomplete", message: "without requiring s3:x-amz-acl = bucket-owner-full-control" }],
    },
    {
      name: "no ACL condition and GetBucketOwnershipControls denied: ERROR, not FAIL",
      snapshot: withBucket(
        { policy: policy(ACL, write(`${BUCKET_ARN}/AWSLogs/${MANAGEMENT}/*`, { StringEquals: { "aws:SourceArn": TRAIL_ARN } })) },
        [multiRegionTrail()],
        { errors: [denied("s3", "GetBucketOwnershipControls", { resource: "trail-logs" })] },
      ),
      expect: [{ status: "ERROR", messageId: "collection-error", message: "s3:GetBucketOwnershipControls (trail-logs) failed: AccessDenied" }],
    },
    {
      name: "GetBucketPolicy denied: ERROR",
      snapshot: withBucket({ policy: null }, [multiRegionTrail()], { errors: [denied("s3", "GetBucketPolicy", { resource: "trail-logs" })] }),
      expect: [{ status: "ERROR", messageId: "collection-error", message: "s3:GetBucketPolicy (trail-logs) failed" }],
    },
    {
      name: "the trail's S3KeyPrefix unknown (a file leaves it open): ERROR",
      snapshot: withBucket({ policy: policy(ACL, WRITE) }, [multiRegionTrail({ S3KeyPrefix: { $unknown: { service: "cloudformation", operation: "Resolve", code: "Unresolved", message: "!Ref Prefix has no value" } } })]),
      expect: [{ status: "ERROR", messageId: "collection-error", message: "!Ref Prefix has no value" }],
    },
    {
      name: "a bucket owned by an account not in the snapshot: out of scope",
      snapshot: withBucket({ ownerAccountId: OTHER, policy: policy(BLOG) }),
      expect: [{ status: "ERROR", messageId: "outOfScope", message: `scan account ${OTHER}` }],
    },
    {
      name: "two trails of two accounts into one bucket: each needs its own path; a suspended member is N/A",
      snapshot: org({
        management: { trails: [multiRegionTrail()], buckets: [bucket({ policy: policy(ACL, WRITE) })] },
        members: [account(MEMBER, { trails: [trail({ Name: "member", account: MEMBER })] }), account(OTHER, { Status: "SUSPENDED" })],
      }),
      expect: [
        {
          status: "FAIL",
          messageId: "incomplete",
          accountId: MANAGEMENT,
          evidence: {
            missingGetBucketAcl: ["member"],
            missingPutObject: [`${BUCKET_ARN}/AWSLogs/${MEMBER}/* (member)`],
          },
        },
        { status: "NOT_APPLICABLE", messageId: "suspended", accountId: OTHER },
      ],
    },
    {
      name: "a known problem stands as FAIL beside another trail whose prefix is unknown",
      snapshot: withBucket({ policy: policy(BLOG) }, [
        multiRegionTrail(),
        trail({ Name: "second", S3KeyPrefix: { $unknown: { service: "cloudformation", operation: "Resolve", code: "Unresolved", message: "!Ref Prefix has no value" } } }),
      ]),
      expect: [{ status: "FAIL", messageId: "incomplete", evidence: { unscopedStatements: ["AWSCloudTrailWrite"] } }],
    },
    {
      name: "an invalid policy is ERROR",
      snapshot: withBucket({ policy: '{"Statement": [{"Effect": "Maybe"}]}' }),
      expect: [{ status: "ERROR", messageId: "invalidPolicy" }],
    },
  ],
});
