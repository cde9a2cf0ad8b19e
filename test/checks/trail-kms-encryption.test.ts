import assert from "node:assert/strict";
import { check } from "../../src/checks/trail-kms-encryption.js";
import type { KmsKey, KmsKeyMetadata, Snapshot, Trail } from "../../src/model/snapshot.js";
import {
  KEY_ID,
  LOG_ARCHIVE,
  MANAGEMENT,
  MEMBER,
  OTHER,
  account,
  bucket,
  cloudTrailKeyPolicy,
  denied,
  kmsKey,
  multiRegionTrail,
  org,
  single,
  trail,
} from "../helpers/builders.js";
import { runCases, runOnce } from "../helpers/run-cases.js";

const KEY_ARN = `arn:aws:kms:us-east-1:${MANAGEMENT}:key/${KEY_ID}`;
const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/main`;
const TRAIL = "/accounts/0/trails/0";

const metadata = (fields: Partial<KmsKeyMetadata>): KmsKeyMetadata => ({ ...(kmsKey().KeyMetadata as KmsKeyMetadata), ...fields });

/** The management account's logging multi-region trail, encrypting with `KmsKeyId`, its bucket and its keys. */
function setUp(keys: KmsKey[] = [kmsKey()], trailFields: Partial<Trail> = { KmsKeyId: KEY_ARN }, extra: Parameters<typeof single>[1] = {}): Snapshot {
  return single([multiRegionTrail(trailFields)], { buckets: [bucket()], kmsKeys: keys, ...extra });
}

/** A key policy whose only CloudTrail grant is `statement`. */
const policyWith = (...statements: object[]) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: "kms:*", Resource: "*" }, ...statements],
  });
const grant = (Condition?: object, Principal: object | string = { Service: "cloudtrail.amazonaws.com" }) => ({
  Sid: "CloudTrailEncrypt",
  Effect: "Allow",
  Principal,
  Action: "kms:GenerateDataKey*",
  Resource: "*",
  ...(Condition ? { Condition } : {}),
});

/** The policy a new key gets for trail main of MANAGEMENT. */
const NEW_KEY_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Sid: "EnableIAMPolicies", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: "kms:*", Resource: "*" },
    {
      Sid: "AllowCloudTrailEncrypt",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:GenerateDataKey*",
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceArn": TRAIL_ARN },
        StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${MANAGEMENT}:trail/*` },
      },
    },
    {
      Sid: "AllowCloudTrailDescribeKey",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:DescribeKey",
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceArn": TRAIL_ARN } },
    },
    {
      Sid: "AllowAccountToDecryptLogFiles",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: ["kms:Decrypt", "kms:ReEncryptFrom"],
      Resource: "*",
      Condition: {
        StringEquals: { "kms:CallerAccount": MANAGEMENT },
        StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${MANAGEMENT}:trail/*` },
      },
    },
  ],
});
const NEW_KEY_CLI = [
  "KEY_ARN=$(aws kms create-key --region us-east-1 --description 'CloudTrail log files of trail main' --key-spec SYMMETRIC_DEFAULT --key-usage ENCRYPT_DECRYPT --query KeyMetadata.Arn --output text)",
  `aws kms put-key-policy --region us-east-1 --key-id "$KEY_ARN" --policy-name default --policy '${NEW_KEY_POLICY}'`,
  'aws kms enable-key-rotation --region us-east-1 --key-id "$KEY_ARN"',
  `aws cloudtrail update-trail --region us-east-1 --name ${TRAIL_ARN} --kms-key-id "$KEY_ARN"`,
];

const EAST_KEY_IN_WEST = `arn:aws:kms:eu-west-1:${MANAGEMENT}:key/${KEY_ID}`;

runCases(check, {
  valid: [
    {
      name: "customer managed key, enabled, rotating, policy scoped by the encryption context (the CloudTrail console's policy)",
      snapshot: setUp(),
      expect: [
        {
          status: "PASS",
          messageId: "ok",
          accountId: MANAGEMENT,
          pointer: TRAIL,
          resource: TRAIL_ARN,
          region: "us-east-1",
          message: `customer managed key ${KEY_ARN}: enabled, in us-east-1, rotating, and usable by CloudTrail for this trail only (kms:EncryptionContext:aws:cloudtrail:arn)`,
          evidence: { KmsKeyId: KEY_ARN, keyRegion: "us-east-1", bucketRegion: "us-east-1", rotationEnabled: true },
        },
      ],
    },
    {
      name: "grant scoped by aws:SourceArn of this trail",
      snapshot: setUp([kmsKey({ policy: policyWith(grant({ StringEquals: { "aws:SourceArn": TRAIL_ARN } })) })]),
      expect: [{ status: "PASS", messageId: "ok", message: "(aws:SourceArn)" }],
    },
    {
      name: "requireScopedPolicy false accepts a grant without conditions",
      snapshot: setUp([kmsKey({ policy: policyWith(grant()) })]),
      params: { requireScopedPolicy: false },
      expect: [{ status: "PASS", messageId: "ok", message: "(no scoping required)" }],
    },
    {
      name: "requireRotation false accepts a key that does not rotate",
      snapshot: setUp([kmsKey({ rotationEnabled: false })]),
      params: { requireRotation: false },
      expect: [{ status: "PASS", messageId: "ok" }],
    },
    {
      name: "organization trail judged once, in its owner, with a key and bucket in the log-archive account; members have no result of their own",
      snapshot: org({
        management: { trails: [multiRegionTrail({ Name: "org", IsOrganizationTrail: true, S3BucketName: "org-logs", KmsKeyId: `arn:aws:kms:us-east-1:${LOG_ARCHIVE}:key/${KEY_ID}` })] },
        members: [
          account(LOG_ARCHIVE, {
            buckets: [bucket({ Name: "org-logs" })],
            kmsKeys: [kmsKey({ account: LOG_ARCHIVE, policy: cloudTrailKeyPolicy(MANAGEMENT) })],
          }),
          MEMBER,
        ],
      }),
      expect: [{ status: "PASS", messageId: "ok", accountId: MANAGEMENT, pointer: TRAIL, resource: `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/org` }],
    },
    {
      name: "a key named by an alias ARN that the snapshot holds (DescribeKey resolved it) is judged as that key",
      snapshot: setUp(
        [kmsKey({ arn: `arn:aws:kms:us-east-1:${MANAGEMENT}:alias/cloudtrail`, KeyMetadata: metadata({}) })],
        { KmsKeyId: `arn:aws:kms:us-east-1:${MANAGEMENT}:alias/cloudtrail` },
      ),
      expect: [{ status: "PASS", messageId: "ok", evidence: { keyArn: `arn:aws:kms:us-east-1:${MANAGEMENT}:key/${KEY_ID}` } }],
    },
  ],
  invalid: [
    {
      name: "no KmsKeyId: SSE-S3, with the whole fix built for this trail",
      snapshot: setUp([], {}),
      expect: [{ status: "FAIL", messageId: "noKms", pointer: TRAIL, resource: TRAIL_ARN, cli: NEW_KEY_CLI }],
    },
    {
      name: "an AWS managed key by alias (alias/aws/...)",
      snapshot: setUp([], { KmsKeyId: "alias/aws/cloudtrail" }),
      expect: [{ status: "FAIL", messageId: "awsManaged", pointer: TRAIL, cli: NEW_KEY_CLI }],
    },
    {
      name: "an AWS managed key by ARN (KeyManager AWS)",
      snapshot: setUp([kmsKey({ KeyMetadata: metadata({ KeyManager: "AWS" }) })]),
      expect: [{ status: "FAIL", messageId: "awsManaged" }],
    },
    {
      name: "an alias ARN the snapshot does not resolve: ERROR naming why",
      snapshot: setUp([kmsKey()], { KmsKeyId: `arn:aws:kms:us-east-1:${MANAGEMENT}:alias/cloudtrail` }),
      expect: [{ status: "ERROR", messageId: "aliasUnresolved", message: "(alias ARN), which this snapshot does not resolve to a key: GetTrail gives the key ARN" }],
    },
    {
      name: "a bare key id: ERROR naming why",
      snapshot: setUp([kmsKey()], { KmsKeyId: KEY_ID }),
      expect: [{ status: "ERROR", messageId: "aliasUnresolved", message: "(key ID)" }],
    },
    {
      name: "a key owned by an account outside the snapshot: ERROR out of scope",
      snapshot: setUp([], { KmsKeyId: `arn:aws:kms:us-east-1:${OTHER}:key/${KEY_ID}` }),
      expect: [{ status: "ERROR", messageId: "outOfScope", message: `out of scope: scan account ${OTHER}` }],
    },
    {
      name: "a snapshot without the key's record (written before keys were read): ERROR",
      snapshot: single([multiRegionTrail({ KmsKeyId: KEY_ARN })], { buckets: [bucket()] }),
      expect: [{ status: "ERROR", messageId: "keyNotRead" }],
    },
    {
      name: "the key does not exist (DescribeKey NotFound)",
      snapshot: setUp([kmsKey({ KeyMetadata: null })]),
      expect: [{ status: "FAIL", messageId: "keyMissing", pointer: TRAIL, cli: NEW_KEY_CLI }],
    },
    {
      name: "the key is disabled",
      snapshot: setUp([kmsKey({ KeyMetadata: metadata({ Enabled: false, KeyState: "Disabled" }) })]),
      expect: [{ status: "FAIL", messageId: "keyDisabled", cli: [`aws kms enable-key --region us-east-1 --key-id ${KEY_ARN}`] }],
    },
    {
      name: "the key is scheduled for deletion",
      snapshot: setUp([kmsKey({ KeyMetadata: metadata({ Enabled: false, KeyState: "PendingDeletion", DeletionDate: "2026-12-01T00:00:00Z" }) })]),
      expect: [
        {
          status: "FAIL",
          messageId: "keyPendingDeletion",
          message: "(PendingDeletion, on 2026-12-01T00:00:00Z)",
          cli: [`aws kms cancel-key-deletion --region us-east-1 --key-id ${KEY_ARN}`, `aws kms enable-key --region us-east-1 --key-id ${KEY_ARN}`],
        },
      ],
    },
    {
      name: "the key is in another region than the log bucket",
      snapshot: setUp([kmsKey({ region: "eu-west-1" })], { KmsKeyId: EAST_KEY_IN_WEST }),
      expect: [{ status: "FAIL", messageId: "wrongRegion", message: "in eu-west-1, but its log bucket trail-logs is in us-east-1", cli: NEW_KEY_CLI }],
    },
    {
      name: "rotation off",
      snapshot: setUp([kmsKey({ rotationEnabled: false })]),
      expect: [{ status: "FAIL", messageId: "rotationOff", cli: [`aws kms enable-key-rotation --region us-east-1 --key-id ${KEY_ARN}`] }],
    },
    {
      name: "rotation unsupported (imported key material)",
      snapshot: setUp([kmsKey({ rotationEnabled: null })]),
      expect: [{ status: "FAIL", messageId: "rotationUnsupported" }],
    },
    {
      name: "no statement lets CloudTrail encrypt: the fix appends a grant scoped to the trail",
      snapshot: setUp([kmsKey({ policy: policyWith() })]),
      expect: [{ status: "FAIL", messageId: "policyNoGrant", message: "does not let CloudTrail call kms:GenerateDataKey for trail main" }],
    },
    {
      name: "a grant for another trail only (aws:SourceArn excludes this one)",
      snapshot: setUp([kmsKey({ policy: policyWith(grant({ StringEquals: { "aws:SourceArn": `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/other` } })) })]),
      expect: [{ status: "FAIL", messageId: "policyNoGrant" }],
    },
    {
      name: "a grant with no condition: any trail of any account may encrypt with the key",
      snapshot: setUp([kmsKey({ policy: policyWith(grant()) })]),
      expect: [{ status: "FAIL", messageId: "policyUnscoped", message: "(statement CloudTrailEncrypt:" }],
    },
    {
      name: "an encryption-context condition with a wildcard account does not scope",
      snapshot: setUp([kmsKey({ policy: policyWith(grant({ StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:*:trail/*" } })) })]),
      expect: [{ status: "FAIL", messageId: "policyUnscoped" }],
    },
    {
      name: "a Deny for CloudTrail stops delivery",
      snapshot: setUp([
        kmsKey({ policy: cloudTrailKeyPolicy(MANAGEMENT, [{ Sid: "NoCloudTrail", Effect: "Deny", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:*", Resource: "*" }]) }),
      ]),
      expect: [{ status: "FAIL", messageId: "policyDenied", message: "(statement NoCloudTrail)" }],
    },
    {
      name: "a grant on a condition key cloudtrail-lint does not evaluate: ERROR, not PASS or FAIL",
      snapshot: setUp([kmsKey({ policy: policyWith(grant({ StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } })) })]),
      expect: [{ status: "ERROR", messageId: "policyUndecided", message: "CloudTrailEncrypt: StringEquals kms:ViaService" }],
    },
    {
      name: "a key policy that is not JSON",
      snapshot: setUp([kmsKey({ policy: "{not json" })]),
      expect: [{ status: "ERROR", messageId: "policyUnreadable" }],
    },
    {
      name: "DescribeKey denied: ERROR naming it",
      snapshot: setUp([{ arn: KEY_ARN, region: "us-east-1" }], undefined, { errors: [denied("kms", "DescribeKey", { region: "us-east-1", resource: KEY_ARN })] }),
      expect: [{ status: "ERROR", messageId: "collection-error", message: "kms:DescribeKey" }],
    },
    {
      name: "GetKeyRotationStatus denied does not undecide a disabled key (an earlier criterion)",
      snapshot: setUp([kmsKey({ KeyMetadata: metadata({ Enabled: false, KeyState: "Disabled" }) })], undefined, {
        errors: [denied("kms", "GetKeyRotationStatus", { region: "us-east-1", resource: KEY_ARN })],
      }),
      expect: [{ status: "FAIL", messageId: "keyDisabled" }],
    },
    {
      name: "GetKeyRotationStatus denied undecides a policy FAIL (a later criterion)",
      snapshot: setUp([kmsKey({ policy: policyWith(grant()) })], undefined, {
        errors: [denied("kms", "GetKeyRotationStatus", { region: "us-east-1", resource: KEY_ARN })],
      }),
      expect: [{ status: "ERROR", messageId: "collection-error", message: "kms:GetKeyRotationStatus" }],
    },
    {
      name: "GetKeyPolicy denied: ERROR naming it",
      snapshot: setUp([kmsKey()], undefined, { errors: [denied("kms", "GetKeyPolicy", { region: "us-east-1", resource: KEY_ARN })] }),
      expect: [{ status: "ERROR", messageId: "collection-error", message: "kms:GetKeyPolicy" }],
    },
    {
      name: "the key owner could not be entered (AssumeRole): its keys are unknown",
      snapshot: org({
        management: { trails: [multiRegionTrail({ Name: "org", IsOrganizationTrail: true, KmsKeyId: `arn:aws:kms:us-east-1:${LOG_ARCHIVE}:key/${KEY_ID}` })], buckets: [bucket()] },
        members: [account(LOG_ARCHIVE, { collectionErrors: [denied("sts", "AssumeRole")] })],
      }),
      expect: [
        { status: "ERROR", messageId: "collection-error", accountId: MANAGEMENT, message: "sts:AssumeRole" },
        { status: "ERROR", messageId: "collection-error", accountId: LOG_ARCHIVE, message: "sts:AssumeRole" },
      ],
    },
    {
      name: "GetTrail left KmsKeyId unknown: ERROR naming it",
      snapshot: setUp([kmsKey()], { KmsKeyId: { $unknown: denied("cloudtrail", "GetTrail", { resource: TRAIL_ARN, field: "KmsKeyId" }) } }),
      expect: [{ status: "ERROR", messageId: "collection-error", message: "cloudtrail:GetTrail" }],
    },
    {
      name: "GetTrailStatus denied: whether the trail logs is unknown, so is every verdict on it",
      snapshot: setUp([kmsKey()], { KmsKeyId: KEY_ARN }, { errors: [denied("cloudtrail", "GetTrailStatus", { region: "us-east-1", resource: TRAIL_ARN })] }),
      expect: [
        { status: "ERROR", messageId: "collection-error", resource: TRAIL_ARN, message: "cloudtrail:GetTrailStatus" },
        { status: "ERROR", messageId: "collection-error", accountId: MANAGEMENT, message: "cloudtrail:GetTrailStatus" },
      ],
    },
    {
      name: "a suspended account: nothing to check",
      snapshot: org({ management: { trails: [] }, members: [account(MEMBER, { Status: "SUSPENDED" })] }),
      expect: [
        { status: "NOT_APPLICABLE", messageId: "none", accountId: MANAGEMENT },
        { status: "NOT_APPLICABLE", messageId: "suspended", accountId: MEMBER },
      ],
    },
    {
      name: "a trail that does not log is not judged",
      snapshot: single([trail({ status: { IsLogging: false } })]),
      expect: [{ status: "NOT_APPLICABLE", messageId: "none", accountId: MANAGEMENT, pointer: "/accounts/0" }],
    },
  ],
});

describe("trail-kms-encryption fixes", () => {
  /** Applies the printed put-key-policy to the snapshot and runs the check again. */
  function applyFix(snapshot: Snapshot): string[] {
    const [finding] = runOnce(check, snapshot).filter((f) => f.status === "FAIL");
    assert.ok(finding, "a FAIL to fix");
    const command = finding.remediation!.cli!;
    assert.equal(command.length, 1);
    const policy = /--policy '(.*)'$/.exec(command[0]!)![1]!;
    assert.ok(command[0]!.startsWith(`aws kms put-key-policy --region us-east-1 --key-id ${KEY_ARN} --policy-name default`));
    const fixed = structuredClone(snapshot);
    (fixed.accounts[0]!.kmsKeys as KmsKey[])[0]!.policy = policy;
    return runOnce(check, fixed).map((f) => `${f.status} ${f.messageId}`);
  }

  it("the policy printed for a missing grant makes the check pass, and keeps every statement there was", () => {
    const snapshot = setUp([kmsKey({ policy: policyWith() })]);
    assert.deepEqual(applyFix(snapshot), ["PASS ok"]);
  });

  it("the policy printed for an unscoped grant makes the check pass", () => {
    assert.deepEqual(applyFix(setUp([kmsKey({ policy: policyWith(grant()) })])), ["PASS ok"]);
  });

  it("the policy printed for a blocking Deny makes the check pass", () => {
    const deny = { Sid: "NoCloudTrail", Effect: "Deny", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:*", Resource: "*" };
    assert.deepEqual(applyFix(setUp([kmsKey({ policy: cloudTrailKeyPolicy(MANAGEMENT, [deny]) })])), ["PASS ok"]);
  });

  it("a fix for a key two trails share keeps it usable by both", () => {
    const second = multiRegionTrail({ Name: "second", KmsKeyId: KEY_ARN, account: MEMBER });
    const snapshot = org({
      management: { trails: [multiRegionTrail({ KmsKeyId: KEY_ARN })], buckets: [bucket()], kmsKeys: [kmsKey({ policy: policyWith(grant()) })] },
      members: [account(MEMBER, { trails: [second] })],
    });
    const [finding] = runOnce(check, snapshot).filter((f) => f.status === "FAIL" && f.resource === TRAIL_ARN);
    assert.match(finding!.message, /statement CloudTrailEncrypt/);
    const policy = JSON.parse(/--policy '(.*)'$/.exec(finding!.remediation!.cli![0]!)![1]!) as { Statement: { Condition?: Record<string, Record<string, unknown>> }[] };
    assert.deepEqual(policy.Statement[1]!.Condition, {
      StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": [`arn:aws:cloudtrail:*:${MANAGEMENT}:trail/*`, `arn:aws:cloudtrail:*:${MEMBER}:trail/*`] },
    });
  });
});
