import { ALL_USERS, AUTHENTICATED_USERS, check } from "../../src/checks/log-bucket-not-public.js";
import type { AclGrant, PolicyStatement } from "../../src/model/snapshot.js";
import { LOG_ARCHIVE, MANAGEMENT, MEMBER, OTHER, account, bucket, denied, multiRegionTrail, org, single } from "../helpers/builders.js";
import { runCases } from "../helpers/run-cases.js";

const BUCKET_ARN = "arn:aws:s3:::trail-logs";
const OPEN = { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false };
const PAB_CLI = "aws s3api put-public-access-block --bucket trail-logs --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true";

const WRITE: PolicyStatement = {
  Sid: "AWSCloudTrailWrite",
  Effect: "Allow",
  Principal: { Service: "cloudtrail.amazonaws.com" },
  Action: "s3:PutObject",
  Resource: `${BUCKET_ARN}/AWSLogs/${MANAGEMENT}/*`,
};
const PUBLIC_READ: PolicyStatement = { Sid: "PublicRead", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${BUCKET_ARN}/*` };
const policy = (...Statement: PolicyStatement[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const acl = (...grants: AclGrant[]) => ({ Owner: { ID: "canonical-owner" }, Grants: [{ Grantee: { Type: "CanonicalUser" as const, ID: "canonical-owner" }, Permission: "FULL_CONTROL" as const }, ...grants] });
const group = (URI: string, Permission: AclGrant["Permission"] = "READ"): AclGrant => ({ Grantee: { Type: "Group", URI }, Permission });

/** The management account's logging trail delivering to trail-logs, which it owns. */
const withBucket = (overrides: Parameters<typeof bucket>[0], extra: Parameters<typeof single>[1] = {}) =>
  single([multiRegionTrail()], { buckets: [bucket(overrides)], ...extra });

runCases(check, {
  valid: [
    {
      name: "a policy for CloudTrail only, private ACL, Block Public Access on",
      snapshot: withBucket({ policy: policy(WRITE), acl: acl() }),
      expect: [{ status: "PASS", messageId: "ok", accountId: MANAGEMENT, pointer: "/accounts/0/buckets/0", resource: BUCKET_ARN, message: "Nobody outside the organization can read or list log bucket trail-logs." }],
    },
    {
      name: "a public GetObject neutralised by the bucket's RestrictPublicBuckets",
      snapshot: withBucket({ policy: policy(WRITE, PUBLIC_READ), publicAccessBlock: { ...OPEN, RestrictPublicBuckets: true } }),
      expect: [{ status: "PASS", messageId: "ok", message: "neutralised by bucket RestrictPublicBuckets", evidence: { publicPolicyNeutralisedBy: "bucket RestrictPublicBuckets" } }],
    },
    {
      name: "an AllUsers READ grant neutralised by the account's IgnorePublicAcls (s3control), the bucket setting unknown",
      snapshot: withBucket(
        { acl: acl(group(ALL_USERS)), publicAccessBlock: { $unknown: denied("s3", "GetPublicAccessBlock") } },
        { publicAccessBlock: { ...OPEN, IgnorePublicAcls: true } },
      ),
      expect: [{ status: "PASS", messageId: "ok", evidence: { publicAclNeutralisedBy: `account ${MANAGEMENT} IgnorePublicAcls` } }],
    },
    {
      name: "an ACL under BucketOwnerEnforced is off",
      snapshot: withBucket({ acl: acl(group(AUTHENTICATED_USERS, "FULL_CONTROL")), publicAccessBlock: null, ownershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] } }),
      expect: [{ status: "PASS", messageId: "ok", evidence: { publicAclNeutralisedBy: "Object Ownership BucketOwnerEnforced (ACLs disabled)" } }],
    },
    {
      name: "Principal * confined by aws:PrincipalOrgID is not public",
      snapshot: withBucket({
        publicAccessBlock: OPEN,
        policy: policy({ Sid: "OrgRead", Effect: "Allow", Principal: "*", Action: ["s3:GetObject", "s3:ListBucket"], Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`], Condition: { StringEquals: { "aws:PrincipalOrgID": "o-exampleorg1" } } }),
      }),
      expect: [{ status: "PASS", messageId: "ok" }],
    },
    {
      name: "the policy unknown does not matter when RestrictPublicBuckets holds (organization log bucket in log-archive)",
      snapshot: org({
        management: { trails: [multiRegionTrail({ Name: "org", IsOrganizationTrail: true, S3BucketName: "org-logs" })] },
        members: [
          account(LOG_ARCHIVE, {
            buckets: [bucket({ Name: "org-logs", policy: { $unknown: denied("s3", "GetBucketPolicy", { resource: "org-logs" }) }, publicAccessBlock: { ...OPEN, RestrictPublicBuckets: true } })],
          }),
          MEMBER,
        ],
      }),
      expect: [{ status: "PASS", messageId: "ok", accountId: LOG_ARCHIVE, pointer: "/accounts/1/buckets/0" }],
    },
  ],
  invalid: [
    {
      name: "the blog policy plus a public GetObject, no Block Public Access: FAIL with the corrected policy",
      snapshot: withBucket({ policy: policy(WRITE, PUBLIC_READ), publicAccessBlock: null }),
      expect: [
        {
          status: "FAIL",
          messageId: "public",
          pointer: "/accounts/0/buckets/0",
          message: "is public: bucket policy statement PublicRead grants s3:GetObject to everyone (*)",
          cli: [PAB_CLI, `aws s3api put-bucket-policy --bucket trail-logs --policy '${policy(WRITE)}'`],
        },
      ],
    },
    {
      name: 's3:* to {"AWS": "*"} lists and reads; the only statement: delete-bucket-policy',
      snapshot: withBucket({ policy: policy({ Sid: "Everything", Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:*", Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`] }), publicAccessBlock: OPEN }),
      expect: [
        {
          status: "FAIL",
          messageId: "public",
          evidence: { publicStatements: [{ statement: "Everything", actions: ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket", "s3:ListBucketVersions"], principals: ["everyone (*)"] }] },
          cli: [PAB_CLI, "aws s3api delete-bucket-policy --bucket trail-logs"],
        },
      ],
    },
    {
      name: "s3:List* to * with an IfExists source condition is not confined",
      snapshot: withBucket({
        publicAccessBlock: OPEN,
        policy: policy({ Sid: "List", Effect: "Allow", Principal: "*", Action: "s3:List*", Resource: BUCKET_ARN, Condition: { StringEqualsIfExists: { "aws:SourceAccount": MANAGEMENT } } }),
      }),
      expect: [{ status: "FAIL", messageId: "public", message: "grants s3:ListBucket, s3:ListBucketVersions to everyone (*)" }],
    },
    {
      name: "an AuthenticatedUsers READ grant, BlockPublicAcls alone does not neutralise it",
      snapshot: withBucket({ acl: acl(group(AUTHENTICATED_USERS)), publicAccessBlock: { ...OPEN, BlockPublicAcls: true, BlockPublicPolicy: true } }),
      expect: [
        {
          status: "FAIL",
          messageId: "public",
          pointer: "/accounts/0/buckets/0",
          message: "the ACL grants READ to AuthenticatedUsers (any AWS account)",
          cli: [PAB_CLI, "aws s3api put-bucket-acl --bucket trail-logs --acl private"],
        },
      ],
    },
    {
      name: "NotPrincipal Allow of GetObject is public",
      snapshot: withBucket({
        publicAccessBlock: null,
        policy: policy({ Sid: "AllBut", Effect: "Allow", NotPrincipal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: "s3:GetObject", Resource: `${BUCKET_ARN}/*` }),
      }),
      expect: [{ status: "FAIL", messageId: "public", message: `grants s3:GetObject to everyone except arn:aws:iam::${OTHER}:root` }],
    },
    {
      name: "a public ACL with Block Public Access unknown at both levels: ERROR naming the reads",
      snapshot: withBucket(
        { acl: acl(group(ALL_USERS)), publicAccessBlock: { $unknown: denied("s3", "GetPublicAccessBlock", { resource: "trail-logs" }) } },
        { publicAccessBlock: { $unknown: denied("s3control", "GetPublicAccessBlock") } },
      ),
      expect: [{ status: "ERROR", messageId: "collection-error", resource: BUCKET_ARN, message: /s3:GetPublicAccessBlock.*s3control:GetPublicAccessBlock|s3control:GetPublicAccessBlock.*s3:GetPublicAccessBlock/ }],
    },
    {
      name: "GetBucketAcl denied, nothing neutralises ACLs: ERROR, not PASS",
      snapshot: withBucket({ publicAccessBlock: null }, { errors: [denied("s3", "GetBucketAcl", { resource: "trail-logs" })] }),
      expect: [{ status: "ERROR", messageId: "collection-error", message: "s3:GetBucketAcl (trail-logs) failed: AccessDenied" }],
    },
    {
      name: "a public policy stands as FAIL beside an unknown ACL",
      snapshot: withBucket({ policy: policy(PUBLIC_READ), publicAccessBlock: null, acl: { $unknown: denied("s3", "GetBucketAcl", { resource: "trail-logs" }) } }),
      expect: [{ status: "FAIL", messageId: "public", message: "PublicRead" }],
    },
    {
      name: "bucket owned outside the snapshot: out of scope",
      snapshot: single([multiRegionTrail({ S3BucketName: "vendor-logs" })], { buckets: [] }),
      expect: [{ status: "ERROR", messageId: "bucketMissing", resource: "arn:aws:s3:::vendor-logs" }],
    },
    {
      name: "bucket listed with an owner that is not scanned: ERROR outOfScope",
      snapshot: single([multiRegionTrail()], { buckets: [bucket({ ownerAccountId: OTHER, policy: policy(PUBLIC_READ) })] }),
      expect: [{ status: "ERROR", messageId: "outOfScope", message: `out of scope: scan account ${OTHER}` }],
    },
    {
      name: "a suspended member has nothing to check; the log bucket is judged in its owner",
      snapshot: org({
        management: { trails: [multiRegionTrail()], buckets: [bucket({ policy: policy(PUBLIC_READ), publicAccessBlock: null })] },
        members: [account(MEMBER, { Status: "SUSPENDED" })],
      }),
      expect: [
        { status: "FAIL", messageId: "public", accountId: MANAGEMENT },
        { status: "NOT_APPLICABLE", messageId: "suspended", accountId: MEMBER },
      ],
    },
    {
      name: "an invalid policy is ERROR",
      snapshot: withBucket({ policy: "{not json" }),
      expect: [{ status: "ERROR", messageId: "invalidPolicy", message: "its bucket policy is not a valid policy: invalid JSON" }],
    },
  ],
});
