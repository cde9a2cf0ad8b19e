import assert from "node:assert/strict";
import { check } from "../../src/checks/log-bucket-no-delete.js";
import type { CollectionError, IamAuthorization, IamRole, ObjectLockConfiguration, PolicyStatement, ServiceControlPolicy, Snapshot } from "../../src/model/snapshot.js";
import { LOG_ARCHIVE, MANAGEMENT, MEMBER, OTHER, account, bucket, denied, multiRegionTrail, org, single } from "../helpers/builders.js";
import { runCases, runOnce } from "../helpers/run-cases.js";

const NAME = "trail-logs";
const ARN = `arn:aws:s3:::${NAME}`;
const OBJECTS = `${ARN}/*`;
const ROLE = `arn:aws:iam::${MANAGEMENT}:role/LogAdmin`;
const BREAK_GLASS = `arn:aws:iam::${MANAGEMENT}:role/BreakGlass`;
const OBJECT_DELETION = ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:DeleteBucket", "s3:PutLifecycleConfiguration"];

/** The policy of the blog set-up: CloudTrail may read the ACL and write log files, nothing else. */
const BLOG: PolicyStatement[] = [
  { Sid: "AWSCloudTrailAclCheck", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:GetBucketAcl", Resource: ARN },
  {
    Sid: "AWSCloudTrailWrite",
    Effect: "Allow",
    Principal: { Service: "cloudtrail.amazonaws.com" },
    Action: "s3:PutObject",
    Resource: `${ARN}/AWSLogs/${MANAGEMENT}/*`,
    Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } },
  },
];
const DENY_ALL: PolicyStatement[] = [
  { Sid: "DenyDelete", Effect: "Deny", Principal: "*", Action: "s3:Delete*", Resource: [ARN, OBJECTS] },
  { Sid: "DenyLifecycle", Effect: "Deny", Principal: "*", Action: "s3:PutLifecycleConfiguration", Resource: ARN },
];
const COMPLIANCE: ObjectLockConfiguration = { ObjectLockEnabled: "Enabled", Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: 365 } } };

const policy = (...Statement: PolicyStatement[]) => JSON.stringify({ Version: "2012-10-17", Statement });

/** The management account's logging trail delivering to trail-logs, which the account owns. */
const withPolicy = (statements: PolicyStatement[] | null, extra: Parameters<typeof bucket>[0] = {}) =>
  single([multiRegionTrail()], { buckets: [bucket({ policy: statements === null ? null : policy(...statements), ...extra })] });

/** The quoted --policy argument the fix should give. */
const policyArg = (statements: unknown[]) => `'${JSON.stringify({ Version: "2012-10-17", Statement: statements })}'`;
const denyStatement = (actions: string[], name = NAME, sid = "DenyLogDeletion") => ({
  Sid: sid,
  Effect: "Deny",
  Principal: "*",
  Action: actions,
  Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`],
});

const SCP_DENY: ServiceControlPolicy = {
  PolicySummary: { Id: "p-denylogdel1", Name: "DenyLogDeletion", Type: "SERVICE_CONTROL_POLICY", AwsManaged: false },
  Content: policy({ Effect: "Deny", Action: ["s3:DeleteObject*", "s3:DeleteBucket", "s3:PutLifecycleConfiguration"], Resource: ["arn:aws:s3:::org-trail-logs", "arn:aws:s3:::org-trail-logs/*"] }),
  targets: [{ TargetId: "r-ab12", Type: "ROOT" }],
};

/** An organization trail of the management account delivering to org-trail-logs, owned by `owner`. */
function orgSetUp(owner: string, scps: ServiceControlPolicy[]): Snapshot {
  const logs = bucket({ Name: "org-trail-logs", policy: null });
  return org({
    management: {
      trails: [multiRegionTrail({ Name: "org", IsOrganizationTrail: true, S3BucketName: "org-trail-logs" })],
      buckets: owner === MANAGEMENT ? [logs] : [],
    },
    members: [account(LOG_ARCHIVE, { Name: "log-archive", ouPath: [{ Id: "r-ab12" }, { Id: "ou-ab12-security" }], buckets: owner === LOG_ARCHIVE ? [logs] : [] })],
    organization: { serviceControlPolicies: scps },
  });
}

runCases(check, {
  valid: [
    {
      name: "MFA Delete with a Deny for the rest passes, naming MFA Delete",
      snapshot: withPolicy(
        [...BLOG, { Sid: "DenyRest", Effect: "Deny", Principal: "*", Action: ["s3:DeleteObject", "s3:PutLifecycleConfiguration"], Resource: [ARN, OBJECTS] }],
        { versioning: { Status: "Enabled", MFADelete: "Enabled" } },
      ),
      expect: [
        {
          status: "PASS",
          messageId: "ok",
          resource: ARN,
          message: "object deletion is closed by bucket policy statement DenyRest, MFA Delete",
          evidence: { mfaDelete: true },
        },
      ],
    },
    {
      name: "Deny s3:Delete* and s3:PutLifecycleConfiguration to everyone",
      snapshot: withPolicy([...BLOG, ...DENY_ALL]),
      expect: [
        {
          status: "PASS",
          messageId: "ok",
          accountId: MANAGEMENT,
          resource: ARN,
          pointer: "/accounts/0/buckets/0",
          message: "object deletion is closed by bucket policy statement DenyDelete, bucket policy statement DenyLifecycle",
          evidence: { broadAllows: [], exemptions: [] },
        },
      ],
    },
    {
      name: "a break-glass exemption still closes, and is reported",
      snapshot: withPolicy([
        ...BLOG,
        {
          Sid: "DenyLogDeletion",
          Effect: "Deny",
          Principal: "*",
          Action: ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:DeleteBucket", "s3:PutLifecycleConfiguration"],
          Resource: [ARN, OBJECTS],
          Condition: { StringNotLike: { "aws:PrincipalArn": BREAK_GLASS } },
        },
      ]),
      expect: [{ status: "PASS", messageId: "ok", evidence: { exemptions: [`${BREAK_GLASS} (aws:PrincipalArn, bucket policy statement DenyLogDeletion)`] } }],
    },
    {
      name: "an Allow narrowed by aws:PrincipalArn to an own role is not broad",
      snapshot: withPolicy(
        [...BLOG, { Sid: "LogAdmin", Effect: "Allow", Principal: "*", Action: "s3:DeleteObject", Resource: OBJECTS, Condition: { ArnEquals: { "aws:PrincipalArn": ROLE } } }],
        { objectLockConfiguration: COMPLIANCE },
      ),
      expect: [{ status: "PASS", messageId: "ok", evidence: { broadAllows: [] } }],
    },
    {
      name: "COMPLIANCE Object Lock closes object deletion",
      snapshot: withPolicy(BLOG, { objectLockConfiguration: COMPLIANCE }),
      expect: [{ status: "PASS", messageId: "ok", message: "closed by COMPLIANCE-mode Object Lock." }],
    },
    {
      name: "an SCP denies deletion for the member account that owns the bucket",
      snapshot: orgSetUp(LOG_ARCHIVE, [SCP_DENY]),
      expect: [
        {
          status: "PASS",
          messageId: "ok",
          accountId: LOG_ARCHIVE,
          pointer: "/accounts/1/buckets/0",
          message: "closed by SCP DenyLogDeletion (p-denylogdel1, attached to ROOT r-ab12) statement #0.",
        },
      ],
    },
    {
      name: "action names are case-insensitive",
      snapshot: withPolicy([
        ...BLOG,
        { Sid: "Deny", Effect: "Deny", Principal: { AWS: "*" }, Action: ["S3:deleteobject*", "s3:DELETEBUCKET", "s3:putlifecycleconfiguration"], Resource: [ARN, OBJECTS] },
      ]),
      expect: [{ status: "PASS", messageId: "ok" }],
    },
    {
      name: "a Deny with NotResource of another bucket covers this one",
      snapshot: withPolicy([...BLOG, { Sid: "DenyAllBut", Effect: "Deny", Principal: "*", Action: OBJECT_DELETION, NotResource: ["arn:aws:s3:::scratch", "arn:aws:s3:::scratch/*"] }]),
      expect: [{ status: "PASS", messageId: "ok", message: "bucket policy statement DenyAllBut" }],
    },
  ],
  invalid: [
    {
      name: "MFA Delete on, everything else open: FAIL names what MFA Delete closes and what stays open",
      snapshot: withPolicy(BLOG, { versioning: { Status: "Enabled", MFADelete: "Enabled" } }),
      expect: [
        {
          status: "FAIL",
          messageId: "openPaths",
          message:
            "nothing denies s3:DeleteObject, s3:PutLifecycleConfiguration for principals of account 111111111111 with permission in " +
            "their IAM policies (identity policies were not read for this account). MFA Delete (versioning Enabled, MFADelete Enabled) closes " +
            "s3:DeleteObjectVersion, s3:DeleteBucket and s3:PutBucketVersioning to everyone but the root user of account 111111111111 " +
            "with its MFA device; it leaves open s3:DeleteObject, which in a versioned bucket adds a delete marker",
          evidence: { mfaDelete: true },
          cli: [`aws s3api put-bucket-policy --bucket ${NAME} --policy ${policyArg([...BLOG, denyStatement(["s3:DeleteObject", "s3:PutLifecycleConfiguration"])])}`],
        },
      ],
    },
    {
      name: "MFADelete Enabled with versioning Suspended is not credited",
      snapshot: withPolicy(BLOG, { versioning: { Status: "Suspended", MFADelete: "Enabled" } }),
      expect: [
        {
          status: "FAIL",
          messageId: "openPaths",
          message: "nothing denies s3:DeleteObject, s3:DeleteObjectVersion, s3:DeleteBucket, s3:PutLifecycleConfiguration",
          evidence: { mfaDelete: false },
        },
      ],
    },
    {
      name: "MFA Delete cannot be credited when versioning is unknown: the FAIL that rests on it is ERROR",
      snapshot: single([multiRegionTrail()], {
        buckets: [bucket({ policy: policy(...BLOG, { Sid: "DenyRest", Effect: "Deny", Principal: "*", Action: ["s3:DeleteObject", "s3:PutLifecycleConfiguration"], Resource: [ARN, OBJECTS] }), versioning: { Status: "Enabled", MFADelete: "Enabled" } })],
        errors: [denied("s3", "GetBucketVersioning", { resource: NAME })],
      }),
      expect: [{ status: "ERROR", messageId: "collection-error", resource: ARN, message: "s3:GetBucketVersioning (trail-logs) failed: AccessDenied" }],
    },
    {
      name: "versioning unknown does not undecide a verdict that does not rest on MFA Delete",
      snapshot: single([multiRegionTrail()], {
        buckets: [bucket({ policy: policy(...BLOG, ...DENY_ALL) })],
        errors: [denied("s3", "GetBucketVersioning", { resource: NAME })],
      }),
      expect: [{ status: "PASS", messageId: "ok" }],
    },
    {
      name: "under MFA Delete a broad grant of s3:DeleteObjectVersion alone is not broad",
      snapshot: withPolicy(
        [...BLOG, { Sid: "Versions", Effect: "Allow", Principal: "*", Action: "s3:DeleteObjectVersion", Resource: OBJECTS }, { Sid: "DenyRest", Effect: "Deny", Principal: "*", Action: ["s3:DeleteObject", "s3:PutLifecycleConfiguration"], Resource: [ARN, OBJECTS] }],
        { versioning: { Status: "Enabled", MFADelete: "Enabled" } },
      ),
      expect: [
        {
          status: "PASS",
          messageId: "ok",
          message: "object deletion is closed by bucket policy statement DenyRest, MFA Delete",
          evidence: { grantsGuardedByMfaDelete: ["statement Versions grants s3:DeleteObjectVersion, which MFA Delete reserves for the root user with its MFA device"] },
        },
      ],
    },
    {
      name: "the blog's minimal policy leaves every object-deletion path open",
      snapshot: withPolicy(BLOG),
      expect: [
        {
          status: "FAIL",
          messageId: "openPaths",
          resource: ARN,
          message:
            "nothing denies s3:DeleteObject, s3:DeleteObjectVersion, s3:DeleteBucket, s3:PutLifecycleConfiguration for principals of " +
            "account 111111111111 with permission in their IAM policies (identity policies were not read for this account).",
          evidence: { broadAllows: [], policy: "2 statement(s)" },
          cli: [`aws s3api put-bucket-policy --bucket ${NAME} --policy ${policyArg([...BLOG, denyStatement(OBJECT_DELETION)])}`],
        },
      ],
    },
    {
      name: "no bucket policy denies nothing",
      snapshot: withPolicy(null),
      expect: [
        {
          status: "FAIL",
          messageId: "openPaths",
          evidence: { policy: "none" },
          cli: [`aws s3api put-bucket-policy --bucket ${NAME} --policy ${policyArg([denyStatement(OBJECT_DELETION)])}`],
        },
      ],
    },
    {
      name: "Allow s3:* to everyone",
      snapshot: withPolicy([...BLOG, { Sid: "Open", Effect: "Allow", Principal: "*", Action: "s3:*", Resource: [ARN, OBJECTS] }]),
      expect: [
        {
          status: "FAIL",
          messageId: "broadAllow",
          message:
            "grants delete paths broadly: statement Open grants s3:DeleteObject, s3:DeleteObjectVersion, s3:DeleteBucket, " +
            "s3:PutLifecycleConfiguration, s3:PutBucketPolicy, s3:DeleteBucketPolicy, s3:PutBucketVersioning, " +
            "s3:BypassGovernanceRetention, s3:PutObjectRetention, s3:PutBucketObjectLockConfiguration to everyone (*). " +
            "Object deletion is also open",
          cli: [`aws s3api put-bucket-policy --bucket ${NAME} --policy ${policyArg([...BLOG, denyStatement(OBJECT_DELETION)])}`],
        },
      ],
    },
    {
      name: "Allow s3:Delete* to another account",
      snapshot: withPolicy([...BLOG, ...DENY_ALL, { Sid: "Partner", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: "s3:Delete*", Resource: [ARN, OBJECTS] }]),
      expect: [
        {
          status: "FAIL",
          messageId: "broadAllow",
          message:
            "statement Partner grants s3:DeleteObject, s3:DeleteObjectVersion, s3:DeleteBucket, s3:DeleteBucketPolicy to another account 444444444444. " +
            "Object deletion is otherwise closed.",
          evidence: { broadAllows: [{ statement: "Partner", paths: ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:DeleteBucket", "s3:DeleteBucketPolicy"], principals: ["another account 444444444444"] }] },
          cli: [`aws s3api put-bucket-policy --bucket ${NAME} --policy ${policyArg([...BLOG, ...DENY_ALL])}`],
        },
      ],
    },
    {
      name: "Allow to an own role without a condition",
      snapshot: withPolicy([...BLOG, { Sid: "Admin", Effect: "Allow", Principal: { AWS: ROLE }, Action: "s3:DeleteObject", Resource: OBJECTS }], { objectLockConfiguration: COMPLIANCE }),
      expect: [{ status: "FAIL", messageId: "broadAllow", message: `statement Admin grants s3:DeleteObject to ${ROLE} without a narrowing condition` }],
    },
    {
      name: "NotAction Allow of everything but s3:GetObject",
      snapshot: withPolicy([...BLOG, { Sid: "AllButRead", Effect: "Allow", Principal: { AWS: ROLE }, NotAction: "s3:GetObject", Resource: [ARN, OBJECTS] }], {
        objectLockConfiguration: COMPLIANCE,
      }),
      expect: [{ status: "FAIL", messageId: "broadAllow", message: "statement AllButRead grants s3:DeleteObject, s3:DeleteObjectVersion, s3:DeleteBucket" }],
    },
    {
      name: "aws:PrincipalOrgID does not narrow deletion",
      snapshot: withPolicy(
        [...BLOG, { Sid: "Org", Effect: "Allow", Principal: "*", Action: "s3:DeleteObject", Resource: OBJECTS, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-exampleorg1" } } }],
        { objectLockConfiguration: COMPLIANCE },
      ),
      expect: [{ status: "FAIL", messageId: "broadAllow", message: "statement Org grants s3:DeleteObject to everyone (*)" }],
    },
    {
      name: "a Deny conditioned on aws:SecureTransport does not close",
      snapshot: withPolicy([
        ...BLOG,
        { Sid: "DenyInsecure", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [ARN, OBJECTS], Condition: { Bool: { "aws:SecureTransport": "false" } } },
      ]),
      expect: [
        {
          status: "FAIL",
          messageId: "openPaths",
          message: "s3:DeleteObject: bucket policy statement DenyInsecure: it applies only when Bool aws:SecureTransport false holds",
        },
      ],
    },
    {
      name: "a Deny exempting the whole owner account does not close",
      snapshot: withPolicy([
        ...BLOG,
        { Sid: "DenyOutsiders", Effect: "Deny", Principal: "*", Action: OBJECT_DELETION, Resource: [ARN, OBJECTS], Condition: { StringNotEquals: { "aws:PrincipalAccount": MANAGEMENT } } },
      ]),
      expect: [{ status: "FAIL", messageId: "openPaths", message: "it exempts 111111111111 (aws:PrincipalAccount)" }],
    },
    {
      name: "an SCP does not close the path for a bucket of the management account",
      snapshot: orgSetUp(MANAGEMENT, [SCP_DENY]),
      expect: [
        {
          status: "FAIL",
          messageId: "openPaths",
          accountId: MANAGEMENT,
          message: "but SCPs do not apply to the management account 111111111111",
        },
      ],
    },
    {
      name: "GOVERNANCE Object Lock does not close object deletion",
      snapshot: withPolicy(BLOG, { objectLockConfiguration: { ObjectLockEnabled: "Enabled", Rule: { DefaultRetention: { Mode: "GOVERNANCE", Days: 365 } } } }),
      expect: [{ status: "FAIL", messageId: "openPaths", message: "GOVERNANCE-mode Object Lock: bypassable with s3:BypassGovernanceRetention" }],
    },
    {
      name: "a Deny on part of the objects leaves the rest open",
      snapshot: withPolicy([...BLOG, ...DENY_ALL.map((s) => (s.Sid === "DenyDelete" ? { ...s, Resource: [ARN, `${ARN}/AWSLogs/*`] } : s))]),
      expect: [{ status: "FAIL", messageId: "openPaths", message: "nothing denies s3:DeleteObject, s3:DeleteObjectVersion for principals" }],
    },
    {
      name: "the Deny Sid is made unique",
      snapshot: withPolicy([...BLOG, { Sid: "DenyLogDeletion", Effect: "Deny", Principal: "*", Action: "s3:PutBucketAcl", Resource: ARN }]),
      expect: [
        {
          status: "FAIL",
          messageId: "openPaths",
          cli: [
            `aws s3api put-bucket-policy --bucket ${NAME} --policy ` +
              policyArg([...BLOG, { Sid: "DenyLogDeletion", Effect: "Deny", Principal: "*", Action: "s3:PutBucketAcl", Resource: ARN }, denyStatement(OBJECT_DELETION, NAME, "DenyLogDeletion2")]),
          ],
        },
      ],
    },
    {
      name: "a policy whose only statement is broad is deleted",
      snapshot: withPolicy([{ Effect: "Allow", Principal: "*", Action: "s3:PutBucketPolicy", Resource: ARN }], { objectLockConfiguration: COMPLIANCE }),
      expect: [{ status: "FAIL", messageId: "broadAllow", message: "statement #0 grants s3:PutBucketPolicy to everyone (*)", cli: [`aws s3api delete-bucket-policy --bucket ${NAME}`] }],
    },
    {
      name: "GetBucketPolicy denied gives ERROR, not FAIL",
      snapshot: single([multiRegionTrail()], { buckets: [bucket({ policy: null })], errors: [denied("s3", "GetBucketPolicy", { resource: NAME })] }),
      expect: [{ status: "ERROR", messageId: "collection-error", resource: ARN, message: "s3:GetBucketPolicy (trail-logs) failed: AccessDenied" }],
    },
    {
      name: "ListPolicies denied gives ERROR for a member's bucket",
      snapshot: (() => {
        const s = orgSetUp(LOG_ARCHIVE, []);
        return { ...s, organization: { ...s.organization!, collectionErrors: [denied("organizations", "ListPolicies")] } };
      })(),
      expect: [{ status: "ERROR", messageId: "collection-error", accountId: LOG_ARCHIVE }],
    },
    {
      name: "invalid policy JSON gives ERROR naming the bucket",
      snapshot: single([multiRegionTrail()], { buckets: [bucket({ policy: '{"Version": "2012-10-17", "Statement": [' })] }),
      expect: [{ status: "ERROR", messageId: "invalidPolicy", message: "Cannot evaluate log bucket trail-logs: its bucket policy is not a valid policy: invalid JSON" }],
    },
    {
      name: "an unreadable SCP gives ERROR naming it",
      snapshot: orgSetUp(LOG_ARCHIVE, [{ ...SCP_DENY, Content: "{broken" }]),
      expect: [{ status: "ERROR", messageId: "invalidPolicy", accountId: LOG_ARCHIVE, message: "Cannot evaluate log bucket org-trail-logs: SCP p-denylogdel1: invalid JSON" }],
    },
    {
      name: "bucket of an account outside the snapshot is out of scope",
      snapshot: withPolicy(BLOG, { ownerAccountId: OTHER }),
      expect: [{ status: "ERROR", messageId: "outOfScope", accountId: MANAGEMENT, message: "out of scope: scan account 444444444444" }],
    },
    {
      name: "bucket listed by no account cannot be judged",
      snapshot: single([multiRegionTrail({ S3BucketName: "central-logs" })]),
      expect: [{ status: "ERROR", messageId: "bucketMissing", pointer: "/accounts/0/trails/0", message: "central-logs, written by main" }],
    },
    {
      name: "uncovered and suspended accounts are not applicable",
      snapshot: org({ members: [account(MEMBER, { Status: "PENDING_CLOSURE" })] }),
      expect: [
        { status: "NOT_APPLICABLE", messageId: "none", accountId: MANAGEMENT },
        { status: "NOT_APPLICABLE", messageId: "suspended", accountId: MEMBER },
      ],
    },
  ],
});

describe("log-bucket-no-delete evidence", () => {
  it("reports the tamper paths with their state and the root-user caveat", () => {
    const [finding] = runOnce(
      check,
      withPolicy([
        ...BLOG,
        ...DENY_ALL,
        { Sid: "DenyPolicyChange", Effect: "Deny", Principal: "*", Action: ["s3:PutBucketPolicy", "s3:DeleteBucketPolicy"], Resource: ARN },
        { Sid: "DenyTls", Effect: "Deny", Principal: "*", Action: "s3:PutBucketVersioning", Resource: ARN, Condition: { Bool: { "aws:SecureTransport": "false" } } },
      ]),
    );
    assert.equal(finding!.status, "PASS");
    assert.deepEqual(finding!.evidence.tamperPaths, {
      "s3:PutBucketPolicy": "denied by bucket policy statement DenyPolicyChange: denies everyone (except for the root user of account 111111111111)",
      "s3:DeleteBucketPolicy":
        "denied by bucket policy statement DenyDelete: denies everyone; bucket policy statement DenyPolicyChange: denies everyone (except for the root user of account 111111111111)",
      "s3:PutBucketVersioning":
        "not denied (bucket policy statement DenyTls: it applies only when Bool aws:SecureTransport false holds, so requests that do not meet that condition are not denied)",
      "s3:BypassGovernanceRetention": "not denied",
      "s3:PutObjectRetention": "not denied",
      "s3:PutBucketObjectLockConfiguration": "not denied",
    });
    const notes = finding!.evidence.notes as string[];
    assert.match(notes[0]!, /^Identity policies were not read for account 111111111111/);
    assert.match(notes[1]!, /root user of account 111111111111 can always put or delete the bucket policy/);
  });

  it("reports each object-deletion path with what closes it", () => {
    const [finding] = runOnce(check, orgSetUp(LOG_ARCHIVE, [SCP_DENY]));
    const paths = finding!.evidence.objectDeletion as Record<string, { open: boolean; closedBy: string[] }>;
    assert.deepEqual(Object.keys(paths), OBJECT_DELETION);
    assert.deepEqual(paths["s3:DeleteObject"], {
      open: false,
      closedBy: ["SCP DenyLogDeletion (p-denylogdel1, attached to ROOT r-ab12) statement #0: denies everyone"],
      notClosing: [],
    });
    assert.ok((finding!.evidence.notes as string[]).includes("SCPs do not apply to service-linked roles."));
  });

  it("offers an SCP for a member's bucket and says why not for the management account", () => {
    const member = runOnce(check, orgSetUp(LOG_ARCHIVE, []))[0]!;
    assert.equal(member.messageId, "openPaths");
    assert.match(member.remediation!.text, /aws organizations create-policy --type SERVICE_CONTROL_POLICY --name DenyLogDeletion-org-trail-logs /);
    assert.match(member.remediation!.text, /--target-id 222222222222\.$/);
    assert.match(member.remediation!.text, /"StringNotLike": \{"aws:PrincipalArn": "arn:aws:iam::222222222222:role\/<break-glass-role>"\}/);
    const management = runOnce(check, orgSetUp(MANAGEMENT, []))[0]!;
    assert.match(management.remediation!.text, /SCPs do not apply to the management account 111111111111, which owns org-trail-logs/);
    const standalone = runOnce(check, withPolicy(BLOG))[0]!;
    assert.match(standalone.remediation!.text, /Without AWS Organizations no SCP can close these paths/);
  });
});

// ---------------------------------------------------------------------------------------------
// With the owner account's identity policies (account.iam): the exact principals.

const ADMIN_ROLE = `arn:aws:iam::${MANAGEMENT}:role/Admin`;
const inlineRole = (name: string, statements: PolicyStatement[], extra: Partial<IamRole> = {}): IamRole => ({
  RoleName: name,
  Arn: `arn:aws:iam::${MANAGEMENT}:role/${name}`,
  Path: "/",
  RolePolicyList: [{ PolicyName: `${name}-inline`, PolicyDocument: policy(...statements) }],
  ...extra,
});
const iamWith = (...roles: IamRole[]): IamAuthorization => ({ users: [], groups: [], roles, policies: [] });
const ALL: PolicyStatement = { Sid: "All", Effect: "Allow", Action: "*", Resource: "*" };
const withIam = (iam: IamAuthorization | undefined, statements: PolicyStatement[] | null = BLOG, extra: Parameters<typeof bucket>[0] = {}, errors: CollectionError[] = []) =>
  single([multiRegionTrail()], { buckets: [bucket({ policy: statements === null ? null : policy(...statements), ...extra })], ...(iam ? { iam } : {}), errors });
const EVERY_PATH = [
  "s3:DeleteObject",
  "s3:DeleteObjectVersion",
  "s3:DeleteBucket",
  "s3:PutLifecycleConfiguration",
  "s3:PutBucketPolicy",
  "s3:DeleteBucketPolicy",
  "s3:PutBucketVersioning",
  "s3:PutBucketObjectLockConfiguration",
];
const DENY_EVERY_PATH: PolicyStatement = {
  Sid: "DenyAllPaths",
  Effect: "Deny",
  Principal: "*",
  Action: [...EVERY_PATH, "s3:PutObjectRetention", "s3:BypassGovernanceRetention"],
  Resource: [ARN, OBJECTS],
  Condition: { StringNotLike: { "aws:PrincipalArn": BREAK_GLASS } },
};

runCases(check, {
  valid: [
    {
      name: "iam known: nobody holds a delete path",
      snapshot: withIam(iamWith(inlineRole("Reader", [{ Effect: "Allow", Action: ["s3:Get*", "s3:List*"], Resource: "*" }]))),
      expect: [
        {
          status: "PASS",
          messageId: "noPrincipals",
          message: "No principal of account 111111111111, and none its bucket policy names, can delete or weaken log bucket trail-logs: no identity or bucket policy grants a delete or weakening path.",
          evidence: { principalsPerPath: Object.fromEntries(EVERY_PATH.map((p) => [p, 0])), principals: [] },
        },
      ],
    },
    {
      name: "iam known: the break-glass role the bucket policy exempts is allowed by the param",
      params: { allowedPrincipals: [{ pattern: "arn:aws:iam::*:role/BreakGlass*", reason: "incident response, MFA-guarded" }] },
      snapshot: withIam(iamWith(inlineRole("Admin", [ALL]), inlineRole("BreakGlass", [ALL])), [...BLOG, DENY_EVERY_PATH]),
      expect: [
        {
          // Closed for everyone else by the bucket policy alone: the closers' message, with the allowed principal.
          status: "PASS",
          messageId: "ok",
          message: `object deletion is closed by bucket policy statement DenyAllPaths. allowed: ${BREAK_GLASS} (incident response, MFA-guarded).`,
          evidence: { allowedPrincipals: [{ principalArn: BREAK_GLASS, reason: "incident response, MFA-guarded" }] },
        },
      ],
    },
    {
      name: "iam known: COMPLIANCE Object Lock closes object deletion whatever IAM grants",
      snapshot: withIam(iamWith(inlineRole("Deleter", [{ Effect: "Allow", Action: ["s3:DeleteObject", "s3:DeleteObjectVersion"], Resource: OBJECTS }])), BLOG, {
        objectLockConfiguration: COMPLIANCE,
        versioning: { Status: "Enabled" },
      }),
      expect: [{ status: "PASS", messageId: "ok", message: "object deletion is closed by COMPLIANCE-mode Object Lock." }],
    },
    {
      name: "iam known: MFA Delete closes what it reserves, and nobody is granted the rest",
      snapshot: withIam(iamWith(inlineRole("Versions", [{ Effect: "Allow", Action: "s3:DeleteObjectVersion", Resource: OBJECTS }])), BLOG, {
        versioning: { Status: "Enabled", MFADelete: "Enabled" },
      }),
      expect: [{ status: "PASS", messageId: "noPrincipals", message: "trail-logs: MFA Delete closes some paths, and no identity or bucket policy grants the others." }],
    },
    {
      name: "iam known: a service-linked role is listed apart, not counted",
      snapshot: withIam(iamWith(inlineRole("AWSServiceRoleForSupport", [ALL], { Path: "/aws-service-role/support.amazonaws.com/" }))),
      expect: [
        {
          status: "PASS",
          messageId: "noPrincipals",
          message: `Service-linked roles, not counted (AWS services act through them; SCPs do not apply to them): arn:aws:iam::${MANAGEMENT}:role/AWSServiceRoleForSupport (role): ${EVERY_PATH.join(", ")} via inline:AWSServiceRoleForSupport-inline statement All.`,
        },
      ],
    },
    {
      name: "iam unknown does not undecide a verdict every path of which is closed to everyone",
      snapshot: withIam(undefined, [...BLOG, { ...DENY_EVERY_PATH, Condition: undefined }], {}, [denied("iam", "GetAccountAuthorizationDetails")]),
      expect: [{ status: "PASS", messageId: "ok" }],
    },
  ],
  invalid: [
    {
      name: "iam known: an administrator can take every path",
      snapshot: withIam(iamWith(inlineRole("Admin", [ALL]))),
      expect: [
        {
          status: "FAIL",
          messageId: "principals",
          message: `Log bucket trail-logs: 1 principal(s) can delete or weaken it (account 111111111111's identity policies, its bucket policy, boundaries and SCPs evaluated): ${ADMIN_ROLE} (role): ${EVERY_PATH.join(", ")} via inline:Admin-inline statement All.`,
          evidence: { principalsPerPath: Object.fromEntries(EVERY_PATH.map((p) => [p, 1])) },
          cli: [`aws s3api put-bucket-policy --bucket ${NAME} --policy ${policyArg([...BLOG, denyStatement(EVERY_PATH)])}`],
        },
      ],
    },
    {
      name: "iam known: MFA Delete closes what it reserves, the rest is listed",
      snapshot: withIam(iamWith(inlineRole("Ops", [{ Sid: "Del", Effect: "Allow", Action: "s3:Delete*", Resource: "*" }])), BLOG, { versioning: { Status: "Enabled", MFADelete: "Enabled" } }),
      expect: [{ status: "FAIL", messageId: "principals", message: `${`arn:aws:iam::${MANAGEMENT}:role/Ops`} (role): s3:DeleteObject, s3:DeleteBucketPolicy via inline:Ops-inline statement Del.` }],
    },
    {
      name: "iam known: a grant under a condition the snapshot cannot decide is a FAIL naming it",
      snapshot: withIam(iamWith(inlineRole("Mfa", [{ Sid: "WithMfa", Effect: "Allow", Action: "s3:DeleteObject", Resource: OBJECTS, Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }]))),
      expect: [{ status: "FAIL", messageId: "principals", message: "s3:DeleteObject via inline:Mfa-inline statement WithMfa when Bool aws:MultiFactorAuthPresent true." }],
    },
    {
      name: "iam known: an allowed principal is named beside the ones that fail",
      params: { allowedPrincipals: [{ pattern: BREAK_GLASS, reason: "break-glass" }] },
      snapshot: withIam(iamWith(inlineRole("Admin", [ALL]), inlineRole("BreakGlass", [ALL]))),
      expect: [{ status: "FAIL", messageId: "principals", message: /^Log bucket trail-logs: 1 principal\(s\).* allowed: arn:aws:iam::111111111111:role\/BreakGlass \(break-glass\)\.$/ }],
    },
    {
      name: "iam known: a managed policy missing from the snapshot gives ERROR naming it",
      snapshot: withIam({ users: [], groups: [], policies: [], roles: [{ RoleName: "Mystery", Arn: `arn:aws:iam::${MANAGEMENT}:role/Mystery`, AttachedManagedPolicies: [{ PolicyArn: "arn:aws:iam::aws:policy/Gone" }] }] }),
      expect: [{ status: "ERROR", messageId: "collection-error", message: "managed policy arn:aws:iam::aws:policy/Gone of role Mystery is not in the snapshot" }],
    },
    {
      name: "iam unknown: a verdict that identity policies could change is ERROR",
      snapshot: withIam(undefined, BLOG, {}, [denied("iam", "GetAccountAuthorizationDetails")]),
      expect: [{ status: "ERROR", messageId: "collection-error", message: "iam:GetAccountAuthorizationDetails failed: AccessDenied" }],
    },
    {
      name: "iam known: an unreadable inline policy gives ERROR naming it",
      snapshot: withIam({ users: [], groups: [], policies: [], roles: [{ RoleName: "Broken", Arn: `arn:aws:iam::${MANAGEMENT}:role/Broken`, RolePolicyList: [{ PolicyName: "bad", PolicyDocument: "{" }] }] }),
      expect: [{ status: "ERROR", messageId: "invalidPolicy", message: "inline policy bad of role Broken is not a valid policy: invalid JSON" }],
    },
  ],
});

describe("log-bucket-no-delete allowedPrincipals", () => {
  it("rejects an entry without a reason or with a pattern that is no IAM ARN", () => {
    assert.throws(() => runOnce(check, withPolicy(BLOG), { allowedPrincipals: [{ pattern: BREAK_GLASS }] }), { name: "InputError" });
    assert.throws(() => runOnce(check, withPolicy(BLOG), { allowedPrincipals: [{ pattern: "BreakGlass", reason: "x" }] }), { name: "InputError" });
  });
});

describe("log-bucket-no-delete with identity policies of some principals only (iam.partial, a template's)", () => {
  const partial = (...roles: IamRole[]): IamAuthorization => ({ ...iamWith(...roles), partial: true });

  it("names the principals the file defines that can delete, and says others may", () => {
    const [finding] = runOnce(check, withIam(partial(inlineRole("Admin", [ALL]))));
    assert.equal(finding!.messageId, "principals");
    assert.match(finding!.message, /Principals of account 111111111111 that the file does not define may hold permission too\.$/);
  });

  it("does not pass when none of them can: today's rules decide", () => {
    const [finding] = runOnce(check, withIam(partial(inlineRole("Reader", [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }]))));
    assert.equal(finding!.status, "FAIL");
    assert.equal(finding!.messageId, "openPaths");
    const [closed] = runOnce(check, withIam(partial(inlineRole("Reader", [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }])), [...BLOG, ...DENY_ALL]));
    assert.equal(closed!.messageId, "ok");
  });
});

describe("log-bucket-no-delete: identity policies that could not be read only undecide", () => {
  const unread = denied("iam", "GetAccountAuthorizationDetails");
  const SETUPS: { name: string; iam: IamAuthorization; statements: PolicyStatement[]; extra?: Parameters<typeof bucket>[0] }[] = [
    { name: "an administrator, no Deny", iam: iamWith(inlineRole("Admin", [ALL])), statements: BLOG },
    { name: "nobody, no Deny", iam: iamWith(inlineRole("Reader", [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }])), statements: BLOG },
    { name: "a break-glass exemption of every path", iam: iamWith(inlineRole("Admin", [ALL]), inlineRole("BreakGlass", [ALL])), statements: [...BLOG, DENY_EVERY_PATH] },
    { name: "an exemption nobody uses", iam: iamWith(inlineRole("Admin", [ALL])), statements: [...BLOG, DENY_EVERY_PATH] },
    { name: "every path denied to everyone", iam: iamWith(inlineRole("Admin", [ALL])), statements: [...BLOG, { ...DENY_EVERY_PATH, Condition: undefined }] },
    { name: "COMPLIANCE lock, tamper paths open", iam: iamWith(inlineRole("Admin", [ALL])), statements: BLOG, extra: { objectLockConfiguration: COMPLIANCE } },
    { name: "MFA Delete, nobody granted", iam: iamWith(), statements: BLOG, extra: { versioning: { Status: "Enabled", MFADelete: "Enabled" } } },
  ];
  for (const setup of SETUPS) {
    it(`${setup.name}: the same verdict, or ERROR naming the failed read`, () => {
      const [known] = runOnce(check, withIam(setup.iam, setup.statements, setup.extra));
      const [unknown] = runOnce(check, withIam(undefined, setup.statements, setup.extra, [unread]));
      const same = unknown!.status === known!.status && (known!.status === "FAIL" || unknown!.messageId === known!.messageId);
      const undecided = unknown!.status === "ERROR" && unknown!.message.includes("iam:GetAccountAuthorizationDetails failed");
      assert.ok(same || undecided, `${known!.status} ${known!.messageId} became ${unknown!.status} ${unknown!.messageId}: ${unknown!.message}`);
    });
  }

  it("a Deny that exempts a named principal does not settle it: some principal of that name may exist", () => {
    const [finding] = runOnce(check, withIam(undefined, [...BLOG, DENY_EVERY_PATH], {}, [unread]));
    assert.equal(finding!.status, "ERROR");
  });
});

describe("log-bucket-no-delete on the example organization", () => {
  it("the security account's finding names the IncidentResponse role and the administrator, beside the bucket policy's grant", async () => {
    const { readFileSync } = await import("node:fs");
    const snapshot = JSON.parse(readFileSync(new URL("../../examples/org-snapshot.json", import.meta.url), "utf8")) as Snapshot;
    const finding = runOnce(check, snapshot).find((f) => f.resource === "arn:aws:s3:::acme-security-trail-logs")!;
    assert.equal(finding.status, "FAIL");
    assert.equal(finding.messageId, "broadAllow");
    assert.match(finding.message, /By identity policies, 2 principal\(s\) can delete or weaken it too: arn:aws:iam::333344445555:user\/security-admin \(user\): .* via arn:aws:iam::aws:policy\/AdministratorAccess/);
    assert.match(finding.message, /arn:aws:iam::333344445555:role\/IncidentResponse \(role\): s3:DeleteObject via inline:IncidentResponseLogCleanup statement DeleteLogObjects/);
  });
});
