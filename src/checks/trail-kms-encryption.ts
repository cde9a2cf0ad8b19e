// Every logging trail — each trail that covers some account of the snapshot, judged once, in the
// account that owns it (organization trails in their owner) — encrypts its log files with SSE-KMS
// under a customer managed key that CloudTrail can use and that is not weaker than it looks: the
// key exists (kms:DescribeKey KeyMetadata), is customer managed (KeyManager CUSTOMER), Enabled
// (KeyState), in the log bucket's region, rotates (GetKeyRotationStatus KeyRotationEnabled, param
// requireRotation), and its key policy (GetKeyPolicy) lets cloudtrail.amazonaws.com call
// kms:GenerateDataKey* for this trail, scoped to named accounts or trails by aws:SourceArn,
// aws:SourceAccount or kms:EncryptionContext:aws:cloudtrail:arn (param requireScopedPolicy).
// Reads the trail's KmsKeyId, S3BucketName and status, the log bucket's Region, and the key record
// of the account that owns the key (account.kmsKeys). Criteria are judged in that order: the first
// that fails decides the FAIL, and it rests on the unknowns of the criteria before it.
import { defineCheck, type CheckResult, type DataValue } from "../engine/check.js";
import { accountIndex, allTrails, bucketsByName, coveringTrails, loggingCoverage, parseArn, trailString, type TrailRef, shownHomeRegion } from "../model/coverage.js";
import { PolicyParseError, parsePolicy, serviceStatementOf, type ParsedPolicy, type ParsedStatement, type ServiceStatement } from "../model/policy.js";
import { decide, holesOf, isFalse, isTrue, type HoleContext } from "../model/policy-tri.js";
import { describeHoles } from "../model/scp.js";
import type { KmsKey, PolicyDocument, PolicyStatement, Snapshot } from "../model/snapshot.js";
import { isUnknown, known, type UnknownRef } from "../model/unknown.js";
import { NO_TRAIL_IN_FILE_MESSAGE, SUSPENDED_MESSAGE, accountOpening } from "./lib/accounts.js";
import { docsUrl } from "./lib/docs.js";
import { TRAIL_READS } from "./lib/reads.js";
import { KEY_ENABLED, KEY_POLICY_GRANT, KEY_ROTATION, NEW_KEY } from "./lib/iac-fixes.js";

type MessageId =
  | "ok"
  | "suspended"
  | "noTrailInFile"
  | "none"
  | "trailsUnlisted"
  | "trailUnread"
  | "noKms"
  | "awsManaged"
  | "aliasUnresolved"
  | "outOfScope"
  | "keyNotRead"
  | "keyUnread"
  | "keyFactMissing"
  | "keyMissing"
  | "keyDisabled"
  | "keyPendingDeletion"
  | "keyUnusable"
  | "wrongRegion"
  | "rotationOff"
  | "rotationUnsupported"
  | "policyUnreadable"
  | "policyDenied"
  | "policyNoGrant"
  | "policyUnscoped"
  | "policyUndecided";

interface Params {
  requireRotation: boolean;
  requireScopedPolicy: boolean;
}

const SERVICE = "cloudtrail.amazonaws.com";
const ENCRYPTION_CONTEXT = "kms:EncryptionContext:aws:cloudtrail:arn";
const SCOPE_KEYS = ["aws:SourceArn", "aws:SourceAccount", ENCRYPTION_CONTEXT] as const;

const AS_OWNER = "As account {{trailOwner}}, ";
const NEW_KEY_TEXT =
  `${AS_OWNER}create a customer managed key in {{bucketRegion}} (the log bucket's region) with a key policy that lets ` +
  "CloudTrail encrypt for trail {{trail}} only, turn on its rotation, and point the trail at it. Readers of the log files " +
  "then need kms:Decrypt on the key.";
const NEW_KEY_CLI = [
  "KEY_ARN=$(aws kms create-key --region {{bucketRegion}} --description 'CloudTrail log files of trail {{trail}}' " +
    "--key-spec SYMMETRIC_DEFAULT --key-usage ENCRYPT_DECRYPT --query KeyMetadata.Arn --output text)",
  `aws kms put-key-policy --region {{bucketRegion}} --key-id "$KEY_ARN" --policy-name default --policy '{{newKeyPolicy}}'`,
  'aws kms enable-key-rotation --region {{bucketRegion}} --key-id "$KEY_ARN"',
  'aws cloudtrail update-trail --region {{homeRegion}} --name {{trailArn}} --kms-key-id "$KEY_ARN"',
];
const PUT_POLICY_CLI = ["aws kms put-key-policy --region {{keyRegion}} --key-id {{keyArn}} --policy-name default --policy '{{fixedPolicy}}'"];

export const check = defineCheck<Params, MessageId>({
  meta: {
    id: "trail-kms-encryption",
    title: "Trails encrypt their log files with a usable, rotating customer managed KMS key",
    severity: "high",
    docsUrl: docsUrl("trail-kms-encryption"),
    rationale:
      "Without SSE-KMS, anyone who can read the log bucket can read every API call of the organization; with a customer " +
      "managed key, reading also takes kms:Decrypt, which the key policy grants and CloudTrail records. The key must stay " +
      "usable: a disabled, deleted or wrongly-policied key stops log delivery altogether, silently. A key policy that lets " +
      "CloudTrail encrypt for any trail (no aws:SourceArn or encryption-context condition) lets other accounts' trails write with it.",
    reads: [
      ...TRAIL_READS,
      { service: "s3", operation: "GetBucketLocation" },
      { service: "kms", operation: "DescribeKey" },
      { service: "kms", operation: "GetKeyRotationStatus" },
      { service: "kms", operation: "GetKeyPolicy" },
    ],
    messages: {
      ok: "Trail {{trail}} encrypts its log files with customer managed key {{keyArn}}: enabled, in {{keyRegion}}, rotating, and usable by CloudTrail for this trail only ({{scopedBy}}).",
      suspended: SUSPENDED_MESSAGE,
      noTrailInFile: NO_TRAIL_IN_FILE_MESSAGE,
      none: "No logging trail covers this account, so no log files are written for it (see multi-region-trail).",
      trailsUnlisted: "The trails of this account could not be listed, so how their log files are encrypted is not known.",
      trailUnread: "Trail {{trail}} could not be read, so how its log files are encrypted is not known.",
      noKms: "Trail {{trail}} does not encrypt its log files with a KMS key (no KmsKeyId): they are encrypted with S3-managed keys (SSE-S3), and whoever can read the bucket can read them.",
      awsManaged: "Trail {{trail}} names key {{key}}, an AWS managed key: its policy and rotation are not yours to set, and CloudTrail requires a customer managed key.",
      aliasUnresolved:
        "Trail {{trail}} names its key as {{key}} ({{keyForm}}), which this snapshot does not resolve to a key: GetTrail gives the key ARN; " +
        "a hand-written snapshot or a template should name the key ARN (or define the key in the same file).",
      outOfScope: "Key {{keyArn}} of trail {{trail}} is owned by account {{keyOwner}}, which is not in this snapshot: out of scope: scan account {{keyOwner}}.",
      keyNotRead: "Key {{keyArn}} of trail {{trail}} is not in the snapshot of account {{keyOwner}}, so it cannot be judged: scan that account again (kms:DescribeKey, GetKeyRotationStatus, GetKeyPolicy).",
      keyUnread: "What key {{keyArn}} of trail {{trail}} is (kms:DescribeKey) is not known, so the key cannot be judged.",
      keyFactMissing: "The snapshot's record of key {{keyArn}} (trail {{trail}}) has no {{field}}, so the key cannot be judged.",
      keyMissing: "Trail {{trail}} encrypts with key {{keyArn}}, which does not exist (DescribeKey: NotFound): CloudTrail cannot deliver its log files.",
      keyDisabled: "Trail {{trail}} encrypts with key {{keyArn}}, which is disabled: CloudTrail cannot deliver its log files.",
      keyPendingDeletion:
        "Trail {{trail}} encrypts with key {{keyArn}}, which is scheduled for deletion ({{keyState}}, on {{deletionDate}}): CloudTrail cannot deliver its log files, " +
        "and once the key is deleted nobody can read the files it encrypted.",
      keyUnusable: "Trail {{trail}} encrypts with key {{keyArn}}, whose state is {{keyState}}: CloudTrail cannot use it to deliver log files.",
      wrongRegion: "Trail {{trail}} encrypts with key {{keyArn}} in {{keyRegion}}, but its log bucket {{bucket}} is in {{bucketRegion}}: CloudTrail needs the key in the bucket's region.",
      rotationOff: "Key {{keyArn}} of trail {{trail}} does not rotate its key material (GetKeyRotationStatus: KeyRotationEnabled false).",
      rotationUnsupported: "Key {{keyArn}} of trail {{trail}} cannot rotate automatically (imported key material or a custom key store).",
      policyUnreadable: "The key policy of {{keyArn}} (trail {{trail}}) cannot be read: {{reason}}.",
      policyDenied: "The key policy of {{keyArn}} denies CloudTrail kms:GenerateDataKey for trail {{trail}} (statement {{statements}}): CloudTrail cannot deliver its log files.",
      policyNoGrant: "The key policy of {{keyArn}} does not let CloudTrail call kms:GenerateDataKey for trail {{trail}}: CloudTrail cannot deliver its log files.",
      policyUnscoped:
        "The key policy of {{keyArn}} lets CloudTrail encrypt with the key for any trail of any account (statement {{statements}}: no aws:SourceArn, aws:SourceAccount " +
        "or kms:EncryptionContext:aws:cloudtrail:arn condition naming an account).",
      policyUndecided: "Whether the key policy of {{keyArn}} lets CloudTrail encrypt for trail {{trail}} depends on conditions cloudtrail-lint does not evaluate ({{conditions}}).",
    },
    remediation: { text: NEW_KEY_TEXT, cli: NEW_KEY_CLI, ...NEW_KEY },
    fixes: {
      noKms: { text: NEW_KEY_TEXT, cli: NEW_KEY_CLI, ...NEW_KEY },
      awsManaged: { text: NEW_KEY_TEXT, cli: NEW_KEY_CLI, ...NEW_KEY },
      keyMissing: { text: NEW_KEY_TEXT, cli: NEW_KEY_CLI, ...NEW_KEY },
      wrongRegion: { text: NEW_KEY_TEXT, cli: NEW_KEY_CLI, ...NEW_KEY },
      keyDisabled: {
        text: "As account {{keyOwner}}, enable key {{keyArn}}.",
        cli: ["aws kms enable-key --region {{keyRegion}} --key-id {{keyArn}}"],
        ...KEY_ENABLED,
      },
      keyPendingDeletion: {
        text: "As account {{keyOwner}}, cancel the deletion of key {{keyArn}} (which leaves it disabled) and enable it.",
        cli: ["aws kms cancel-key-deletion --region {{keyRegion}} --key-id {{keyArn}}", "aws kms enable-key --region {{keyRegion}} --key-id {{keyArn}}"],
      },
      keyUnusable: {
        text: `Key {{keyArn}} is {{keyState}}. If it does not become Enabled, ${NEW_KEY_TEXT.charAt(0).toLowerCase()}${NEW_KEY_TEXT.slice(1)}`,
        cli: NEW_KEY_CLI,
        ...NEW_KEY,
      },
      rotationOff: {
        text: "As account {{keyOwner}}, turn on automatic rotation of key {{keyArn}} (yearly by default).",
        cli: ["aws kms enable-key-rotation --region {{keyRegion}} --key-id {{keyArn}}"],
        ...KEY_ROTATION,
      },
      rotationUnsupported: { text: `Rotate key {{keyArn}} by hand, or move to a key with AWS-generated key material: ${NEW_KEY_TEXT}`, cli: NEW_KEY_CLI, ...NEW_KEY },
      policyDenied: {
        text: "As account {{keyOwner}}, replace the key policy of {{keyArn}} with the current one without the Deny statements that stop CloudTrail ({{statements}}), plus a scoped grant if none is left.",
        cli: PUT_POLICY_CLI,
        ...KEY_POLICY_GRANT,
      },
      policyNoGrant: {
        text: "As account {{keyOwner}}, add to the key policy of {{keyArn}} a grant of kms:GenerateDataKey* and kms:DescribeKey to CloudTrail for the trails that use the key ({{trails}}).",
        cli: PUT_POLICY_CLI,
        ...KEY_POLICY_GRANT,
      },
      policyUnscoped: {
        text:
          "As account {{keyOwner}}, add to statement {{statements}} of the key policy of {{keyArn}} a condition that limits it to the trails of the " +
          "accounts that use the key ({{accounts}}); the rest of the policy stays as it is.",
        cli: PUT_POLICY_CLI,
        ...KEY_POLICY_GRANT,
      },
    },
    frameworks: {
      "cis-aws-foundations-5.0": ["3.5", "3.6"],
      "nist-800-53-r5": ["AU-9", "SC-12", "SC-28"],
      securityhub: ["CloudTrail.2", "KMS.4"],
    },
    params: {
      type: "object",
      properties: {
        requireRotation: {
          type: "boolean",
          default: true,
          description: "Require automatic rotation of the key material (CIS 3.6, Security Hub KMS.4).",
        },
        requireScopedPolicy: {
          type: "boolean",
          default: true,
          description:
            "Require the key policy's CloudTrail grant to name the accounts or trails it serves (aws:SourceArn, aws:SourceAccount or kms:EncryptionContext:aws:cloudtrail:arn).",
        },
      },
      additionalProperties: false,
    },
  },

  run(snapshot, params) {
    const results: CheckResult<MessageId>[] = [];
    snapshot.accounts.forEach((account, index) => {
      const pointer = `/accounts/${index}`;
      const closed = accountOpening(snapshot, account, index);
      if (closed) return results.push(closed);
      const coverage = loggingCoverage(snapshot, account);
      if (coverage.logging.length === 0) {
        results.push({ status: "NOT_APPLICABLE", messageId: "none", accountId: account.Id, pointer, unknowns: coverage.unknown });
      } else if (isUnknown(account.trails)) {
        // Its own trails, unseen, may encrypt with anything: an ERROR stands in for them.
        results.push({ status: "ERROR", messageId: "trailsUnlisted", accountId: account.Id, pointer, unknowns: [{ cause: account.trails.$unknown, pointer: `${pointer}/trails` }] });
      }
      return undefined;
    });
    const covering = new Set(snapshot.accounts.flatMap((account) => coveringTrails(snapshot, account).map((ref) => ref.trail.TrailARN)));
    const judged = allTrails(snapshot).filter((ref) => covering.has(ref.trail.TrailARN));
    const keys = keyIndex(snapshot, judged);
    for (const ref of judged) {
      const status = ref.trail.status;
      if (!isUnknown(status) && status?.IsLogging !== true) continue;
      const about = { accountId: ref.ownerAccountId, resource: ref.trail.TrailARN, region: ref.homeRegion, pointer: ref.pointer };
      if (ref.unknown) {
        results.push({ status: "ERROR", messageId: "trailUnread", ...about, data: { trail: ref.trail.Name }, unknowns: ref.unknown });
        continue;
      }
      // Whether it logs at all: every verdict on it rests on that.
      const unknowns: UnknownRef[] = isUnknown(status) ? [{ cause: status.$unknown, pointer: `${ref.pointer}/status` }] : [];
      results.push(judge(snapshot, ref, keys, params, unknowns, about));
    }
    return results;
  },
});

interface KeyRef {
  key: KmsKey;
  pointer: string;
}

interface KeyIndex {
  /** Key records by the ARN they were read by, and by the key ARN DescribeKey gave. */
  byArn: Map<string, KeyRef>;
  /** The judged trails that name each key record (for fixes that keep the key usable by all of them). */
  users: Map<KeyRef, TrailRef[]>;
  buckets: ReturnType<typeof bucketsByName>;
}

function keyIndex(snapshot: Snapshot, judged: readonly TrailRef[]): KeyIndex {
  const byArn = new Map<string, KeyRef>();
  const users = new Map<KeyRef, TrailRef[]>();
  snapshot.accounts.forEach((account, a) => {
    if (isUnknown(account.kmsKeys)) return;
    (account.kmsKeys ?? []).forEach((key, k) => {
      const ref = { key, pointer: `/accounts/${a}/kmsKeys/${k}` };
      if (!byArn.has(key.arn)) byArn.set(key.arn, ref);
      const md = key.KeyMetadata;
      if (!isUnknown(md) && md?.Arn && !byArn.has(md.Arn)) byArn.set(md.Arn, ref);
    });
  });
  for (const trail of judged) {
    const id = trail.trail.KmsKeyId;
    const key = typeof id === "string" ? byArn.get(id) : undefined;
    if (key) users.set(key, [...(users.get(key) ?? []), trail]);
  }
  return { byArn, users, buckets: bucketsByName(snapshot) };
}

type KeyForm = "key ARN" | "alias ARN" | "alias name" | "key ID";

function formOf(id: string): KeyForm {
  if (id.startsWith("arn:")) return /:alias\//.test(id) ? "alias ARN" : "key ARN";
  return id.startsWith("alias/") ? "alias name" : "key ID";
}

/** The alias name of an alias ARN or name ("alias/aws/s3"), else undefined. */
function aliasName(id: string): string | undefined {
  const at = id.indexOf("alias/");
  return at >= 0 && (at === 0 || id.startsWith("arn:")) ? id.slice(at) : undefined;
}

function judge(
  snapshot: Snapshot,
  ref: TrailRef,
  keys: KeyIndex,
  params: Params,
  unknowns: UnknownRef[],
  about: { accountId: string; resource: string; region: string; pointer: string },
): CheckResult<MessageId> {
  const partition = snapshot.partition;
  const trailOwner = ref.ownerAccountId;
  const data: Record<string, DataValue> = {
    trail: ref.trail.Name,
    trailArn: ref.trail.TrailARN,
    homeRegion: shownHomeRegion(ref),
    trailOwner,
  };
  const evidence: Record<string, unknown> = {};
  // The log bucket's region: where a key must be (and where a new one is made). It matters only
  // from the region criterion on, so its unknowns are kept apart until then.
  const regionUnknowns: UnknownRef[] = [];
  const bucketName = trailString(ref, "S3BucketName", regionUnknowns);
  const bucketRef = bucketName ? keys.buckets.get(bucketName) : undefined;
  const bucketRegion = bucketRef ? known(bucketRef.bucket.Region, `${bucketRef.pointer}/Region`, regionUnknowns) : undefined;
  data.bucket = bucketName ?? "unknown";
  data.bucketRegion = bucketRegion ?? ref.homeRegion;
  data.newKeyPolicy = JSON.stringify(newKeyPolicy(partition, ref));
  evidence.S3BucketName = bucketName ?? null;
  evidence.bucketRegion = bucketRegion ?? (bucketRef ? "unknown" : "bucket not in snapshot");

  const result = (status: "PASS" | "FAIL" | "ERROR", messageId: MessageId, property?: string): CheckResult<MessageId> => ({
    status,
    messageId,
    ...about,
    ...(property ? { property } : {}),
    data,
    evidence,
    unknowns: [...unknowns],
  });

  const keyId = trailString(ref, "KmsKeyId", unknowns);
  evidence.KmsKeyId = keyId ?? null;
  if (isUnknown(ref.trail.KmsKeyId)) return result("ERROR", "trailUnread");
  if (!keyId) return result("FAIL", "noKms", `${ref.pointer}/KmsKeyId`);
  data.key = keyId;
  const form = formOf(keyId);
  data.keyForm = form;
  const alias = aliasName(keyId);
  if (alias?.startsWith("alias/aws/")) return result("FAIL", "awsManaged", `${ref.pointer}/KmsKeyId`);

  const found = keys.byArn.get(keyId);
  const md0 = found && !isUnknown(found.key.KeyMetadata) ? found.key.KeyMetadata : undefined;
  const keyArn = md0?.Arn ?? (form === "key ARN" ? keyId : found?.key.arn ?? keyId);
  const arn = parseArn(keyArn);
  const keyOwner = md0?.AWSAccountId ?? arn?.account ?? trailOwner;
  const keyRegion = found?.key.region ?? arn?.region ?? "unknown";
  Object.assign(data, { keyArn, keyOwner, keyRegion });
  evidence.keyArn = keyArn;
  if (!found) {
    // The key owner's keys (the trail owner's, for an alias name or key id) not listed: the key may be among them.
    const owner = accountIndex(snapshot, keyOwner);
    const list = owner >= 0 ? snapshot.accounts[owner]!.kmsKeys : undefined;
    if (isUnknown(list)) {
      unknowns.push({ cause: list.$unknown, pointer: `/accounts/${owner}/kmsKeys` });
      return result("ERROR", "keyNotRead");
    }
    if (form !== "key ARN" && form !== "alias ARN") return result("ERROR", "aliasUnresolved", `${ref.pointer}/KmsKeyId`);
    if (owner < 0) return result("ERROR", "outOfScope", `${ref.pointer}/KmsKeyId`);
    return result("ERROR", form === "alias ARN" ? "aliasUnresolved" : "keyNotRead", `${ref.pointer}/KmsKeyId`);
  }
  const { key, pointer: keyPointer } = found;
  const at = (field: string) => `${keyPointer}/${field}`;
  const missing = (field: string) => {
    data.field = field;
    return result("ERROR", "keyFactMissing", keyPointer);
  };

  if (key.KeyMetadata === undefined) return missing("KeyMetadata");
  const md = known(key.KeyMetadata, at("KeyMetadata"), unknowns);
  if (isUnknown(key.KeyMetadata)) return result("ERROR", "keyUnread", at("KeyMetadata"));
  evidence.KeyMetadata = md;
  if (md === null || md === undefined) return result("FAIL", "keyMissing", at("KeyMetadata"));
  if (md.KeyManager === "AWS") return result("FAIL", "awsManaged", at("KeyMetadata/KeyManager"));
  const state = md.KeyState ?? (md.Enabled === true ? "Enabled" : md.Enabled === false ? "Disabled" : undefined);
  if (state === undefined) return missing("KeyMetadata.KeyState");
  data.keyState = state;
  data.deletionDate = md.DeletionDate !== undefined ? String(md.DeletionDate) : "a date not given";
  if (state === "Disabled") return result("FAIL", "keyDisabled", at("KeyMetadata/KeyState"));
  if (state === "PendingDeletion" || state === "PendingReplicaDeletion") return result("FAIL", "keyPendingDeletion", at("KeyMetadata/KeyState"));
  if (state !== "Enabled") return result("FAIL", "keyUnusable", at("KeyMetadata/KeyState"));

  // A bucket no account of the snapshot lists is not compared: CloudTrail refuses, at create-trail
  // and update-trail, a key in another region than the bucket (KmsKeyNotFoundException).
  unknowns.push(...regionUnknowns);
  evidence.keyRegion = keyRegion;
  if (bucketRegion !== undefined && keyRegion !== bucketRegion) return result("FAIL", "wrongRegion", at("region"));

  if (params.requireRotation) {
    if (key.rotationEnabled === undefined) return missing("rotationEnabled");
    const rotation = known(key.rotationEnabled, at("rotationEnabled"), unknowns);
    evidence.rotationEnabled = isUnknown(key.rotationEnabled) ? "unknown" : rotation;
    if (rotation === null) return result("FAIL", "rotationUnsupported", at("rotationEnabled"));
    if (rotation === false) return result("FAIL", "rotationOff", at("rotationEnabled"));
  }

  if (key.policy === undefined) return missing("policy");
  const policy = known(key.policy, at("policy"), unknowns);
  if (policy === undefined) return result("ERROR", "policyUndecided", at("policy"));
  let parsed: ParsedPolicy;
  try {
    parsed = parsePolicy(policy, "resource", at("policy"));
  } catch (error) {
    if (!(error instanceof PolicyParseError)) throw error;
    data.reason = error.message;
    return result("ERROR", "policyUnreadable", at("policy"));
  }
  const context = { "aws:SourceArn": ref.trail.TrailARN, "aws:SourceAccount": trailOwner, [ENCRYPTION_CONTEXT]: ref.trail.TrailARN };
  const holeContext: HoleContext = { owner: keyOwner, partition, targets: [keyArn], values: Object.values(context) };
  const holes = new Map<ParsedStatement, UnknownRef[]>();
  const statements = parsed.statements.flatMap((s) => keyPolicyStatement(s, keyArn, context, holeContext, holes) ?? []);
  const label = (list: ServiceStatement[]) => list.map((s) => s.statement.label).join(", ");
  const denies = statements.filter((s) => s.statement.effect === "Deny");
  const allows = statements.filter((s) => s.statement.effect === "Allow");
  evidence.policyStatements = statements.map((s) => ({ sid: s.statement.label, effect: s.statement.effect, applies: s.applies, scopedBy: s.scopedBy, undecided: s.undecided }));
  const users = keys.users.get(found) ?? [ref];
  data.trails = users.map((t) => t.trail.Name).join(", ");
  data.accounts = [...new Set(users.map((t) => t.ownerAccountId))].join(", ");
  const policyAt = at("policy");

  const blocking = denies.filter((s) => s.applies === "yes");
  if (blocking.length > 0) {
    data.statements = label(blocking);
    data.fixedPolicy = JSON.stringify(fixPolicy(policy, partition, users, { drop: blocking, scope: [], grant: !allows.some((s) => s.applies === "yes") }));
    return result("FAIL", "policyDenied", policyAt);
  }
  const granting = allows.filter((s) => s.applies === "yes");
  const unscoped = granting.filter((s) => s.scopedBy.length === 0);
  const undecided = statements.filter((s) => s.applies === "undecided");
  if (params.requireScopedPolicy && unscoped.length > 0) {
    data.statements = label(unscoped);
    data.fixedPolicy = JSON.stringify(fixPolicy(policy, partition, users, { drop: [], scope: unscoped, grant: false }));
    return result("FAIL", "policyUnscoped", policyAt);
  }
  const scoped = granting.filter((s) => s.scopedBy.length > 0);
  if (granting.length > 0 && undecided.every((s) => s.statement.effect === "Allow")) {
    data.scopedBy = scoped.length > 0 ? [...new Set(scoped.flatMap((s) => s.scopedBy))].join(", ") : "no scoping required";
    return result("PASS", "ok");
  }
  if (undecided.length > 0) {
    data.conditions = [...new Set(undecided.flatMap((s) => s.undecided.map((u) => `${s.statement.label}: ${u}`)))].join("; ");
    unknowns.push(...undecided.flatMap((s) => holes.get(s.statement) ?? []));
    return result("ERROR", "policyUndecided", policyAt);
  }
  data.fixedPolicy = JSON.stringify(fixPolicy(policy, partition, users, { drop: [], scope: [], grant: true }));
  return result("FAIL", "policyNoGrant", policyAt);
}

/**
 * One statement of the key policy as serviceStatements sees it. A statement that holds values the
 * file leaves open (model/policy-tri.ts) applies ("yes") when it does for every value, is left out
 * when it applies for none, and is "undecided" otherwise, its deciding holes kept in `holes` (the
 * ERROR that undecided statements give points at them).
 */
function keyPolicyStatement(
  statement: ParsedStatement,
  keyArn: string,
  context: Record<string, string>,
  ctx: HoleContext,
  holes: Map<ParsedStatement, UnknownRef[]>,
): ServiceStatement | undefined {
  const of = (s: ParsedStatement) => serviceStatementOf(s, SERVICE, "kms:GenerateDataKey", keyArn, context, SCOPE_KEYS);
  if (statement.holes.length === 0) return of(statement);
  const known = of(statement);
  const yes = decide(statement, (s) => of(s)?.applies === "yes", ctx);
  const unscoped = decide(statement, (s) => of(s)?.applies === "yes" && of(s)!.scopedBy.length === 0, ctx);
  if (isTrue(yes) && !isTrue(unscoped) && !isFalse(unscoped)) {
    holes.set(statement, holesOf(unscoped));
    return { statement, applies: "undecided", scopedBy: [], undecided: [`whether it is scoped depends on ${describeHoles(holesOf(unscoped))}`] };
  }
  if (isTrue(yes)) return { statement, applies: "yes", scopedBy: isTrue(unscoped) ? [] : (known?.scopedBy ?? []).length > 0 ? known!.scopedBy : ["a condition the file leaves open"], undecided: [] };
  if (!isFalse(yes)) {
    holes.set(statement, holesOf(yes));
    return { statement, applies: "undecided", scopedBy: [], undecided: [`depends on ${describeHoles(holesOf(yes))}`] };
  }
  const maybe = decide(statement, (s) => of(s) !== undefined && of(s)!.applies !== "no", ctx);
  if (isFalse(maybe)) return undefined;
  holes.set(statement, holesOf(maybe));
  return { statement, applies: "undecided", scopedBy: [], undecided: known?.undecided ?? [`depends on ${describeHoles(holesOf(maybe))}`] };
}

function contextPatterns(partition: string, accounts: string[]): string[] {
  return accounts.map((a) => `arn:${partition}:cloudtrail:*:${a}:trail/*`);
}

function cloudTrailGrants(partition: string, trails: TrailRef[]): PolicyStatement[] {
  const arns = trails.map((t) => t.trail.TrailARN);
  const accounts = [...new Set(trails.map((t) => t.ownerAccountId))];
  const one = <T>(list: T[]): T | T[] => (list.length === 1 ? list[0]! : list);
  return [
    {
      Sid: "AllowCloudTrailEncrypt",
      Effect: "Allow",
      Principal: { Service: SERVICE },
      Action: "kms:GenerateDataKey*",
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceArn": one(arns) }, StringLike: { [ENCRYPTION_CONTEXT]: one(contextPatterns(partition, accounts)) } },
    },
    {
      Sid: "AllowCloudTrailDescribeKey",
      Effect: "Allow",
      Principal: { Service: SERVICE },
      Action: "kms:DescribeKey",
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceArn": one(arns) } },
    },
  ];
}

/** The policy of a new key for one trail: the owner account administers it, CloudTrail encrypts for this trail, the account's principals decrypt. */
function newKeyPolicy(partition: string, ref: TrailRef): PolicyDocument {
  const owner = ref.ownerAccountId;
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "EnableIAMPolicies", Effect: "Allow", Principal: { AWS: `arn:${partition}:iam::${owner}:root` }, Action: "kms:*", Resource: "*" },
      ...cloudTrailGrants(partition, [ref]),
      {
        Sid: "AllowAccountToDecryptLogFiles",
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: ["kms:Decrypt", "kms:ReEncryptFrom"],
        Resource: "*",
        Condition: { StringEquals: { "kms:CallerAccount": owner }, StringLike: { [ENCRYPTION_CONTEXT]: contextPatterns(partition, [owner])[0]! } },
      },
    ],
  };
}

/**
 * The current key policy with the change a FAIL asks for: blocking Deny statements dropped, an
 * encryption-context condition naming the key's user accounts added to unscoped grants, or the
 * CloudTrail grants appended. Every other statement stays as it is.
 */
function fixPolicy(
  policy: string | PolicyDocument,
  partition: string,
  users: TrailRef[],
  change: { drop: ServiceStatement[]; scope: ServiceStatement[]; grant: boolean },
): PolicyDocument {
  const doc = (typeof policy === "string" ? JSON.parse(policy) : structuredClone(policy)) as PolicyDocument;
  const list = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  const drop = new Set(change.drop.map((s) => s.statement.index));
  const scope = new Set(change.scope.map((s) => s.statement.index));
  const accounts = [...new Set(users.map((t) => t.ownerAccountId))];
  const statements = list.flatMap((raw, index): PolicyStatement[] => {
    if (drop.has(index)) return [];
    if (!scope.has(index)) return [raw];
    const condition = structuredClone(raw.Condition ?? {});
    condition.StringLike = { ...(condition.StringLike ?? {}), [ENCRYPTION_CONTEXT]: contextPatterns(partition, accounts) };
    return [{ ...raw, Condition: condition }];
  });
  if (change.grant) statements.push(...cloudTrailGrants(partition, users));
  return { ...doc, Statement: statements };
}
