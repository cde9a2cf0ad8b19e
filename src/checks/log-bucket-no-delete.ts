// Nobody can delete what CloudTrail wrote to a log bucket (each S3 bucket a logging trail covering
// some account of the snapshot delivers to). Reads the bucket policy (GetBucketPolicy), the SCPs with
// their targets (organizations ListPolicies / DescribePolicy / ListTargetsForPolicy, the account's
// ouPath from ListParents), the Object Lock configuration (GetObjectLockConfiguration), and the trails'
// S3BucketName and IsLogging.
//
// Delete paths: s3:DeleteObject, s3:DeleteObjectVersion, s3:DeleteBucket, s3:PutLifecycleConfiguration
// (object deletion), and s3:PutBucketPolicy, s3:DeleteBucketPolicy, s3:PutBucketVersioning,
// s3:BypassGovernanceRetention, s3:PutObjectRetention, s3:PutBucketObjectLockConfiguration (tampering
// with what protects the logs). Object-level actions are judged on arn:...:bucket/*, bucket-level ones
// on the bucket ARN (see src/model/policy.ts for the statement semantics).
// - FAIL broadAllow: an Allow statement grants a delete path to everyone, to another account, to the
//   owner account as a whole, or to any principal without a narrowing condition.
// - FAIL openPaths: an object-deletion path is closed by none of: a Deny to everyone in the bucket
//   policy (named-principal exemptions allowed, reported), an SCP that denies it for the owner account
//   (never the management account), COMPLIANCE-mode Object Lock with a default retention.
// - MFA Delete (GetBucketVersioning Status Enabled with MFADelete Enabled) closes
//   s3:DeleteObjectVersion, s3:PutBucketVersioning and s3:DeleteBucket (which needs every version
//   gone first) to everyone but the root user with its MFA device; a broad Allow of only those is
//   not broad then. It does not guard s3:DeleteObject (a delete marker) or s3:PutLifecycleConfiguration.
// - PASS otherwise. That is when the owner account's identity policies are not in the snapshot
//   (account.iam absent): "open" means open to every principal of the owner account whose IAM
//   policies allow the action.
// With account.iam (iam:GetAccountAuthorizationDetails) known, after a broad Allow (still FAIL
// broadAllow), the verdict is on principals (src/checks/lib/log-bucket-principals.ts, evaluation in
// src/model/iam-eval.ts): FAIL principals when some user or role outside the allowedPrincipals param
// can take a delete or weakening path, PASS noPrincipals otherwise. With account.iam unknown, a
// verdict that identity policies could change rests on it (ERROR).
import { defineCheck, type CheckResult, type DataValue } from "../engine/check.js";
import type { BucketRef, LogBucket } from "../model/coverage.js";
import { INVALID_POLICY_MESSAGE, judgeLogBucketPolicies } from "./lib/log-bucket-policy.js";
import { SCOPE_MESSAGES, type ScopeMessageId } from "./lib/log-bucket-scope.js";
import { PolicyParseError, denyOf, describePrincipal, grantOf, parsePolicy, type GrantedPrincipal, type ParsedPolicy } from "../model/policy.js";
import { decide, holesOf, isFalse, isTrue, type HoleContext } from "../model/policy-tri.js";
import { SCP_SERVICE_LINKED_ROLES_NOTE, describeHoles, scpDenies } from "../model/scp.js";
import { shellQuote } from "../model/selectors.js";
import type { Bucket, Snapshot } from "../model/snapshot.js";
import { TRAIL_READS } from "./lib/reads.js";
import { isUnknown, unknownAt, type UnknownRef } from "../model/unknown.js";
import { docsUrl } from "./lib/docs.js";
import { DENY_DELETION } from "./lib/iac-fixes.js";
import { SCOPE_IAC_MESSAGES } from "./lib/iac-messages.js";
import { ALLOWED_PRINCIPALS_SCHEMA, judgeIdentities, type AllowedPrincipal } from "./lib/log-bucket-principals.js";
import { anyPrincipalIam } from "../model/iam-eval.js";
import { accountIndex, findAccount } from "../model/coverage.js";

type MessageId = ScopeMessageId | "ok" | "broadAllow" | "openPaths" | "invalidPolicy" | "principals" | "noPrincipals";

interface Params {
  allowedPrincipals: AllowedPrincipal[];
}

/** Paths that delete log files, in the order messages list them. */
export const OBJECT_DELETION_PATHS = ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:DeleteBucket", "s3:PutLifecycleConfiguration"] as const;
/** Paths that remove what protects the log files. */
export const TAMPER_PATHS = [
  "s3:PutBucketPolicy",
  "s3:DeleteBucketPolicy",
  "s3:PutBucketVersioning",
  "s3:BypassGovernanceRetention",
  "s3:PutObjectRetention",
  "s3:PutBucketObjectLockConfiguration",
] as const;
const DELETE_PATHS: readonly string[] = [...OBJECT_DELETION_PATHS, ...TAMPER_PATHS];
const OBJECT_LEVEL = new Set(["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:BypassGovernanceRetention", "s3:PutObjectRetention"]);
const POLICY_PATHS = new Set(["s3:PutBucketPolicy", "s3:DeleteBucketPolicy"]);

const DENY_SID = "DenyLogDeletion";

/** Paths MFA Delete reserves for the root user with its MFA device. */
export const MFA_GUARDED: ReadonlySet<string> = new Set(["s3:DeleteObjectVersion", "s3:DeleteBucket", "s3:PutBucketVersioning"]);

const MFA_REASON: Record<string, string> = {
  "s3:DeleteObjectVersion": "only the root user with its MFA device can permanently delete a version",
  "s3:DeleteBucket": "a bucket can be deleted only once every version is gone, and only the root user with its MFA device can delete versions",
  "s3:PutBucketVersioning": "only the root user with its MFA device can change the versioning state",
};

const identityNote = (owner: string) =>
  `Identity policies were not read for account ${owner}: a path reported open is open to every IAM user and role of it ` +
  "whose IAM policies allow the action.";
const rootUserNote = (owner: string) =>
  `The root user of account ${owner} is not an IAM principal and is not listed: only a bucket-policy Deny, an SCP ` +
  "(member accounts only) or COMPLIANCE-mode Object Lock binds it.";
const rootNote = (owner: string) =>
  `The root user of account ${owner} can always put or delete the bucket policy, whatever it says; only an SCP ` +
  "(member accounts only) stops that.";


/** Whether the verdict rests on the identity policies: a principal allowed everything by them could take some path. */
function identityRests(snapshot: Snapshot, input: Omit<Parameters<typeof judgeIdentities>[1], "iam">): boolean {
  const verdict = judgeIdentities(snapshot, { ...input, iam: anyPrincipalIam(snapshot.partition, input.owner), allowed: [] });
  return verdict.status === "FAIL" || verdict.unknowns.length > 0;
}

/** COMPLIANCE-mode default retention, in days, or undefined when Object Lock does not lock new objects for good. */
function complianceDays(bucket: Bucket): number | undefined {
  const config = isUnknown(bucket.objectLockConfiguration) ? undefined : bucket.objectLockConfiguration;
  const retention = config?.ObjectLockEnabled === "Enabled" ? config.Rule?.DefaultRetention : undefined;
  if (retention?.Mode !== "COMPLIANCE") return undefined;
  return retention.Days ?? (retention.Years !== undefined ? retention.Years * 365 : undefined);
}

/** Why a granted principal makes the statement broad, or undefined when it does not. */
function broadReason(p: GrantedPrincipal, owner: string): string | undefined {
  const who = describePrincipal(p.principal);
  if (p.audience === "everyone") return who;
  if (p.audience === "otherAccount") return p.principal.kind === "account" ? `another ${who}` : `${who} (another account)`;
  if (p.audience === "ownerAccount") return p.narrowed ? `${who}, narrowed only to account ${owner}` : `${who} (every principal of it)`;
  if (!p.narrowed) return `${who} without a narrowing condition`;
  return undefined;
}

interface PathState {
  /** Nothing closes the path (for every value a file leaves open). */
  open: boolean;
  closedBy: string[];
  notClosing: string[];
  /** Holes of statements that close the path for some of their values only: then it is not known to be open or closed. */
  undecided: UnknownRef[];
}

/** The verdict on one in-scope log bucket; throws PolicyParseError when a policy cannot be read. */
function judge(snapshot: Snapshot, lb: LogBucket, ref: BucketRef, scopeUnknowns: UnknownRef[], params: Params): CheckResult<MessageId> {
  const org = snapshot.organization;
  const owner = ref.ownerAccountId;
  const bucket = ref.bucket;
  const target = (action: string) => (OBJECT_LEVEL.has(action) ? `${lb.arn}/*` : lb.arn);
  const about = {
    accountId: owner,
    resource: lb.arn,
    pointer: ref.pointer,
    ...(typeof bucket.Region === "string" ? { region: bucket.Region } : {}),
  };
  const trails = lb.trails.map((t) => t.trail.TrailARN);
  // Every verdict rests on the bucket policy; only "open" verdicts on what could close a path (Object Lock, SCPs).
  const policyUnknown = unknownAt(bucket.policy, `${ref.pointer}/policy`);
  if (isUnknown(bucket.policy)) return { status: "FAIL", messageId: "openPaths", ...about, unknowns: [...scopeUnknowns, ...policyUnknown] };
  const closerUnknowns = [...unknownAt(bucket.objectLockConfiguration, `${ref.pointer}/objectLockConfiguration`)];
  // MFA Delete can only close paths: a verdict that a path is open rests on versioning being known.
  const versioningUnknown = unknownAt(bucket.versioning, `${ref.pointer}/versioning`);
  closerUnknowns.push(...versioningUnknown);
  const versioning = isUnknown(bucket.versioning) ? undefined : bucket.versioning;
  const mfaDelete = versioning?.Status === "Enabled" && versioning.MFADelete === "Enabled";

  let policy: ParsedPolicy | null = null;
  try {
    if (bucket.policy !== null && bucket.policy !== undefined) policy = parsePolicy(bucket.policy, "resource", `${ref.pointer}/policy`);
  } catch (error) {
    if (error instanceof PolicyParseError) throw new PolicyParseError(`its bucket policy is not a valid policy: ${error.message}`);
    throw error;
  }

  // Broad Allow statements, by statement. A statement that holds values the file leaves open
  // (holes, see model/policy-tri.ts) is broad when it is for every value, and "maybe broad" (naming
  // the holes that decide) when it is for some only.
  const ctx: HoleContext = { owner, partition: snapshot.partition, targets: [lb.arn, `${lb.arn}/*`] };
  const broad = new Map<string, { paths: string[]; principals: Set<string>; index: number }>();
  const maybeBroad = new Map<string, { paths: string[]; holes: UnknownRef[] }>();
  const guardedGrants = new Set<string>();
  const reasonsOf = (action: string) => (s: ParsedPolicy["statements"][number]) =>
    (grantOf(s, action, target(action), owner)?.principals ?? []).map((p) => broadReason(p, owner)).filter((r): r is string => r !== undefined);
  if (policy) {
    for (const action of DELETE_PATHS) {
      for (const statement of policy.statements) {
        if (statement.effect !== "Allow") continue;
        const verdict = decide(statement, (s) => reasonsOf(action)(s).length > 0, ctx);
        if (isFalse(verdict)) continue;
        if (mfaDelete && MFA_GUARDED.has(action)) {
          guardedGrants.add(`statement ${statement.label} grants ${action}, which MFA Delete reserves for the root user with its MFA device`);
          continue;
        }
        if (!isTrue(verdict)) {
          const entry = maybeBroad.get(statement.label) ?? { paths: [], holes: [] };
          entry.paths.push(action);
          entry.holes.push(...holesOf(verdict));
          maybeBroad.set(statement.label, entry);
          continue;
        }
        const reasons = reasonsOf(action)(statement);
        if (reasons.length === 0) reasons.push("a principal the file leaves open (broad whatever its value)");
        const entry = broad.get(statement.label) ?? { paths: [], principals: new Set<string>(), index: statement.index };
        entry.paths.push(action);
        reasons.forEach((r) => entry.principals.add(r));
        broad.set(statement.label, entry);
      }
    }
  }

  // Whether each path is closed, and by what.
  const lockDays = complianceDays(bucket);
  const exemptions = new Set<string>();
  let scpEvaluated = false;
  const state = (action: string, objectDeletion: boolean): PathState => {
    const closedBy: string[] = [];
    const notClosing: string[] = [];
    const undecided: UnknownRef[] = [];
    for (const statement of policy?.statements ?? []) {
      if (statement.effect !== "Deny") continue;
      const closes = decide(statement, (s) => denyOf(s, action, target(action))?.closes === true, ctx);
      const d = denyOf(statement, action, target(action));
      const label = `bucket policy statement ${statement.label}`;
      if (isTrue(closes)) {
        closedBy.push(`${label}: ${d?.closes ? d.reason : "denies everyone, whatever the values the file leaves open"}`);
        d?.exemptions.forEach((e) => exemptions.add(`${e.value} (${e.via}, ${label})`));
      } else if (!isFalse(closes)) {
        undecided.push(...holesOf(closes));
        notClosing.push(`${label}: whether it closes the path depends on ${describeHoles(holesOf(closes))}`);
      } else if (d) {
        notClosing.push(`${label}: ${d.closes ? "it does not close the path for every value the file leaves open" : d.reason}`);
      }
    }
    const scp = scpDenies(snapshot, owner, action, target(action));
    if (scp.matches.length > 0) scpEvaluated = true;
    if (scp.unknown) closerUnknowns.push(...scp.unknown);
    for (const m of scp.matches) {
      const text = `SCP ${m.policyName ?? m.policyId} (${m.policyId}, attached to ${m.attachedVia}) statement ${m.statement.label}: ${m.reason}`;
      if (m.closes && scp.denied) {
        closedBy.push(text);
        m.exemptions.forEach((e) => exemptions.add(`${e.value} (${e.via}, SCP ${m.policyId})`));
      } else {
        notClosing.push(scp.notApplicable && m.closes ? `${text}, but ${scp.notApplicable}` : text);
      }
    }
    if (mfaDelete && MFA_GUARDED.has(action)) closedBy.push(`MFA Delete: ${MFA_REASON[action]!}`);
    if (objectDeletion) {
      if (lockDays !== undefined) closedBy.push(`COMPLIANCE-mode Object Lock (default retention ${lockDays} days)`);
      else if (!isUnknown(bucket.objectLockConfiguration) && bucket.objectLockConfiguration?.Rule?.DefaultRetention?.Mode === "GOVERNANCE") {
        notClosing.push("GOVERNANCE-mode Object Lock: bypassable with s3:BypassGovernanceRetention");
      }
    }
    const closed = closedBy.length > 0;
    return { open: !closed && undecided.length === 0, closedBy, notClosing, undecided: closed ? [] : undecided };
  };

  const states = Object.fromEntries(OBJECT_DELETION_PATHS.map((action) => [action, state(action, true)]));
  const objectDeletion = Object.fromEntries(OBJECT_DELETION_PATHS.map((action) => [action, (({ undecided: _undecided, ...rest }) => rest)(states[action]!)]));
  const open = OBJECT_DELETION_PATHS.filter((action) => states[action]!.open);
  /** Paths open for some values the file leaves open, closed for others. */
  const maybeOpen = OBJECT_DELETION_PATHS.filter((action) => states[action]!.undecided.length > 0);
  const tamperPaths = Object.fromEntries(
    TAMPER_PATHS.map((action) => {
      const s = state(action, false);
      const grantedBy = [...broad].filter(([, b]) => b.paths.includes(action)).map(([label]) => label);
      let text: string;
      if (grantedBy.length > 0) text = `open: granted broadly by statement ${grantedBy.join(", ")}`;
      else if (s.closedBy.length > 0) {
        const byPolicyOnly = s.closedBy.every((c) => c.startsWith("bucket policy"));
        text = `denied by ${s.closedBy.join("; ")}${POLICY_PATHS.has(action) && byPolicyOnly ? ` (except for the root user of account ${owner})` : ""}`;
      } else if (s.undecided.length > 0) text = `undecided (${s.notClosing.join("; ")})`;
      else text = s.notClosing.length > 0 ? `not denied (${s.notClosing.join("; ")})` : "not denied";
      return [action, text];
    }),
  );

  const notes = [identityNote(owner), rootNote(owner)];
  if (scpEvaluated) notes.push("SCPs do not apply to service-linked roles.");
  const evidence = {
    bucket: lb.name,
    ownerAccountId: owner,
    policy: policy ? `${policy.statements.length} statement(s)` : "none",
    broadAllows: [...broad].map(([statement, b]) => ({ statement, paths: b.paths, principals: [...b.principals] })),
    objectDeletion,
    exemptions: [...exemptions],
    tamperPaths,
    objectLock: isUnknown(bucket.objectLockConfiguration) ? "unknown" : (bucket.objectLockConfiguration ?? null),
    versioning: isUnknown(bucket.versioning) ? "unknown" : (bucket.versioning ?? null),
    mfaDelete,
    ...(guardedGrants.size > 0 ? { grantsGuardedByMfaDelete: [...guardedGrants] } : {}),
    ...(maybeBroad.size > 0 ? { maybeBroadAllows: [...maybeBroad].map(([statement, b]) => ({ statement, paths: b.paths })) } : {}),
    notes,
    trails,
  };

  // The fixed policy: the current one without the broad statements, plus a Deny of the open paths.
  const dropped = new Set([...broad.values()].map((b) => b.index));
  const kept = (policy?.statements ?? []).filter((s) => !dropped.has(s.index));
  const sids = new Set(kept.map((s) => s.sid));
  let denySid = DENY_SID;
  for (let n = 2; sids.has(denySid); n++) denySid = `${DENY_SID}${n}`;
  const fixWith = (toDeny: readonly string[]) => {
    const statements: unknown[] = [...new Set(kept.map((s) => s.raw))];
    if (toDeny.length > 0) statements.push({ Sid: denySid, Effect: "Deny", Principal: "*", Action: toDeny, Resource: [lb.arn, `${lb.arn}/*`] });
    const fixed = { Version: policy?.version ?? "2012-10-17", ...(policy?.id !== undefined ? { Id: policy.id } : {}), Statement: statements };
    const policyArg = shellQuote(JSON.stringify(fixed));
    const policyCommand =
      statements.length > 0 ? `aws s3api put-bucket-policy --bucket ${lb.name} --policy ${policyArg}` : `aws s3api delete-bucket-policy --bucket ${lb.name}`;
    return { statements, policyArg, policyCommand };
  };
  const { statements, policyArg, policyCommand } = fixWith([...open, ...maybeOpen]);

  const scpActions = open.length > 0 ? open : [...OBJECT_DELETION_PATHS];
  const scpContent = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Sid: DENY_SID, Effect: "Deny", Action: scpActions, Resource: [lb.arn, `${lb.arn}/*`] }],
  });
  const scpAlternative = !org
    ? `Without AWS Organizations no SCP can close these paths for the root user of account ${owner}.`
    : owner === org.MasterAccountId
      ? `An SCP cannot close these paths: SCPs do not apply to the management account ${owner}, which owns ${lb.name}; keep log buckets in a member (log-archive) account.`
      : `Alternatively, from the management account, deny them with an SCP, which also binds the root user: ` +
        `aws organizations create-policy --type SERVICE_CONTROL_POLICY --name ${DENY_SID}-${lb.name} ` +
        `--description "Deny deletion of CloudTrail logs in ${lb.name}" --content ${shellQuote(scpContent)}, then ` +
        `aws organizations attach-policy --policy-id <PolicyId printed by create-policy> --target-id ${owner}.`;

  const broadList = [...broad].map(([label, b]) => `statement ${label} grants ${b.paths.join(", ")} to ${[...b.principals].join(", ")}`);
  const stillOpen = open.filter((action) => !MFA_GUARDED.has(action));
  let mfaNote = "";
  if (mfaDelete && stillOpen.length > 0) {
    const why = stillOpen.map((action) =>
      action === "s3:DeleteObject"
        ? "s3:DeleteObject, which in a versioned bucket adds a delete marker (the log file vanishes from listings, its version stays until deleted with MFA)"
        : action === "s3:PutLifecycleConfiguration"
          ? "s3:PutLifecycleConfiguration, which MFA Delete does not require MFA for"
          : action,
    );
    mfaNote =
      ` MFA Delete (versioning Enabled, MFADelete Enabled) closes s3:DeleteObjectVersion, s3:DeleteBucket and s3:PutBucketVersioning ` +
      `to everyone but the root user of account ${owner} with its MFA device; it leaves open ${why.join("; ")}.`;
  } else if (versioning?.MFADelete === "Enabled" && versioning.Status !== "Enabled") {
    mfaNote =
      ` MFADelete is Enabled but versioning is ${versioning.Status ?? "off"}: a plain delete then removes an object's null version ` +
      "for good without MFA, so MFA Delete closes nothing.";
  }
  const data: Record<string, DataValue> = {
    allowedNote: "",
    identityNote: "",
    serviceNote: "",
    partialNote: "",
    mfaNote,
    bucket: lb.name,
    owner,
    partition: snapshot.partition,
    openPaths: open.join(", "),
    denySid,
    policyArg,
    policyCommand,
    scpAlternative,
  };

  /** Without identity policies, the verdict would be PASS ok. */
  const legacyPass = open.length === 0 && maybeOpen.length === 0 && maybeBroad.size === 0;
  const closedBySources = () =>
    [
      ...new Set(
        OBJECT_DELETION_PATHS.flatMap((action) =>
          objectDeletion[action]!.closedBy.map((c) => c.replace(/: .*$/, "").replace(/ \(default retention.*$/, "")),
        ),
      ),
    ].join(", ");

  // The owner account's identity policies: the exact principals when they were read (iam known);
  // when the read failed, whatever verdict follows rests on them if some principal could take a path.
  const iam = findAccount(snapshot, owner)?.iam;
  const iamPointer = `/accounts/${accountIndex(snapshot, owner)}/iam`;
  const config = isUnknown(bucket.objectLockConfiguration) ? undefined : bucket.objectLockConfiguration;
  const closed = new Map<string, string>();
  if (lockDays !== undefined) for (const action of OBJECT_DELETION_PATHS) closed.set(action, `COMPLIANCE-mode Object Lock (default retention ${lockDays} days)`);
  if (mfaDelete) for (const action of MFA_GUARDED) if (!closed.has(action)) closed.set(action, "MFA Delete");
  const mayClose = new Map<string, UnknownRef[]>();
  const lockUnknown = unknownAt(bucket.objectLockConfiguration, `${ref.pointer}/objectLockConfiguration`);
  if (lockUnknown.length > 0) for (const action of OBJECT_DELETION_PATHS) mayClose.set(action, lockUnknown);
  if (versioningUnknown.length > 0) for (const action of MFA_GUARDED) mayClose.set(action, [...(mayClose.get(action) ?? []), ...versioningUnknown]);
  const identityInput = {
    owner,
    bucketArn: lb.arn,
    policy,
    iamPointer,
    governance: lockDays === undefined && config?.ObjectLockEnabled === "Enabled" && config.Rule?.DefaultRetention?.Mode === "GOVERNANCE",
    closed,
    mayClose,
    allowed: params.allowedPrincipals,
  };
  if (broad.size > 0) {
    const labels = [...broad.keys()].join(", ");
    data.grants = broadList.join("; ");
    data.openSummary =
      open.length > 0 ? `Object deletion is also open: nothing denies ${open.join(", ")}.` : "Object deletion is otherwise closed.";
    data.broadFix =
      (statements.length > 0
        ? `drop statement(s) ${labels} from the bucket policy${open.length > 0 ? ` and deny ${open.join(", ")} to everyone (statement ${denySid})` : ""}, as the command does.`
        : `delete the bucket policy: its only statement(s) ${labels} grant delete paths broadly.`);
    // Identity policies read: name who else can take a path, beside what the bucket policy grants.
    data.identityNote = "";
    if (iam !== undefined && !isUnknown(iam)) {
      const verdict = judgeIdentities(snapshot, { ...identityInput, iam });
      if (verdict.status === "FAIL") data.identityNote = ` By identity policies, ${String(verdict.data.count)} principal(s) can delete or weaken it too: ${String(verdict.data.principals)}.`;
      Object.assign(evidence, verdict.evidence);
    }
    return { status: "FAIL", messageId: "broadAllow", ...about, property: `${ref.pointer}/policy`, data, evidence, unknowns: scopeUnknowns };
  }

  const partialVerdict = iam !== undefined && !isUnknown(iam) && iam.partial === true ? judgeIdentities(snapshot, { ...identityInput, iam }) : undefined;
  if (partialVerdict) {
    // Principals a template or plan does not define may hold permission: the ones it defines fail
    // the check when they can, and otherwise today's rules decide (never a PASS on their absence alone).
    evidence.notes = [`Identity policies of account ${owner} are known only for the principals the file defines.`, ...notes.slice(1)];
    Object.assign(evidence, partialVerdict.evidence);
  }
  if (iam !== undefined && !isUnknown(iam) && (iam.partial !== true || partialVerdict?.status === "FAIL")) {
    const verdict = partialVerdict ?? judgeIdentities(snapshot, { ...identityInput, iam });
    evidence.notes = [rootUserNote(owner), rootNote(owner), ...(scpEvaluated ? [SCP_SERVICE_LINKED_ROLES_NOTE] : [])];
    const toDeny = verdict.openPaths.flatMap((p) => p.split("+"));
    const fix = fixWith(toDeny);
    const partialNote = iam.partial === true ? ` Principals of account ${owner} that the file does not define may hold permission too.` : "";
    Object.assign(data, verdict.data, { denyPaths: toDeny.join(", "), policyArg: fix.policyArg, policyCommand: fix.policyCommand, partialNote });
    // A PASS where the closers alone pass too keeps their message ("ok"), so that a verdict reads
    // the same whether or not the identity policies could be read when they cannot change it.
    data.closedBy = closedBySources();
    const pass = verdict.status === "PASS";
    const maybeBroadHoles = pass ? [...maybeBroad.values()].flatMap((b) => b.holes) : [];
    return {
      status: verdict.status,
      messageId: pass && legacyPass ? "ok" : verdict.messageId,
      ...about,
      ...(verdict.status === "FAIL" ? { property: `${ref.pointer}/policy` } : {}),
      data,
      evidence: { ...evidence, ...verdict.evidence },
      unknowns: [...scopeUnknowns, ...verdict.unknowns, ...maybeBroadHoles],
    };
  }
  // Identity policies that could not be read: a FAIL that they could turn into a PASS (nobody holds
  // the open path), or a PASS that they could turn into a FAIL (some principal could take a path),
  // rests on them.
  const iamUnknown = isUnknown(iam) && (!legacyPass || identityRests(snapshot, identityInput)) ? unknownAt(iam, iamPointer) : [];
  if (iamUnknown.length > 0) evidence.notes = [`The identity policies of account ${owner} could not be read.`, ...notes.slice(1)];

  if (open.length > 0 || maybeOpen.length > 0 || maybeBroad.size > 0) {
    // Open for sure (FAIL, unless what could close it is unknown), or only for some values the file
    // leaves open: then the holes that decide are what the verdict rests on (ERROR, pointing at them).
    const undecidedHoles =
      open.length > 0 ? [] : [...maybeOpen.flatMap((action) => states[action]!.undecided), ...[...maybeBroad.values()].flatMap((b) => b.holes)];
    const shown = open.length > 0 ? open : maybeOpen;
    if (shown.length === 0) {
      data.grants = [...maybeBroad].map(([label, b]) => `statement ${label} may grant ${b.paths.join(", ")}`).join("; ");
      data.openSummary = "Object deletion is otherwise closed.";
      return { status: "FAIL", messageId: "broadAllow", ...about, property: `${ref.pointer}/policy`, data, evidence, unknowns: [...scopeUnknowns, ...undecidedHoles] };
    }
    data.openPaths = shown.join(", ");
    const why = shown.flatMap((action) => objectDeletion[action]!.notClosing.map((n) => `${action}: ${n}`));
    data.notClosing = why.length > 0 ? ` Not closing: ${why.join("; ")}.` : "";
    return {
      status: "FAIL",
      messageId: "openPaths",
      ...about,
      property: `${ref.pointer}/policy`,
      data,
      evidence,
      unknowns: [...scopeUnknowns, ...undecidedHoles, ...closerUnknowns, ...iamUnknown],
    };
  } else {
    data.closedBy = closedBySources();
    return { status: "PASS", messageId: "ok", ...about, data, evidence, unknowns: [...scopeUnknowns, ...iamUnknown] };
  }
}

export const check = defineCheck<Params, MessageId>({
  meta: {
    id: "log-bucket-no-delete",
    docsUrl: docsUrl("log-bucket-no-delete"),
    title: "Nothing can delete CloudTrail log files",
    severity: "critical",
    rationale:
      "An intruder's first clean-up is the audit trail. If the log bucket's policy grants deletion broadly, or nothing " +
      "denies s3:DeleteObject, s3:DeleteObjectVersion, s3:DeleteBucket and s3:PutLifecycleConfiguration, anyone with " +
      "those permissions in the owner account can make the logs disappear. An explicit Deny in the bucket policy, an " +
      "SCP or COMPLIANCE-mode Object Lock closes those paths whatever the IAM policies say.",
    reads: [
      ...TRAIL_READS,
      { service: "s3", operation: "GetBucketPolicy" },
      { service: "s3", operation: "GetObjectLockConfiguration" },
      { service: "s3", operation: "GetBucketVersioning" },
      { service: "iam", operation: "GetAccountAuthorizationDetails" },
      { service: "organizations", operation: "ListPolicies" },
      { service: "organizations", operation: "DescribePolicy" },
      { service: "organizations", operation: "ListTargetsForPolicy" },
      // The OU path (which SCPs reach the account) comes from walking the OU tree.
      { service: "organizations", operation: "ListRoots" },
      { service: "organizations", operation: "ListOrganizationalUnitsForParent" },
      { service: "organizations", operation: "ListAccountsForParent" },
      { service: "organizations", operation: "ListParents" },
    ],
    messages: {
      ...SCOPE_MESSAGES,
      ok: "Nothing in the bucket policy grants deletion of log bucket {{bucket}} broadly, and object deletion is closed by {{closedBy}}.{{allowedNote}}{{serviceNote}}",
      broadAllow: "The bucket policy of log bucket {{bucket}} grants delete paths broadly: {{grants}}. {{openSummary}}{{mfaNote}}{{identityNote}}",
      openPaths:
        "Log bucket {{bucket}}: nothing denies {{openPaths}} for principals of account {{owner}} with permission in " +
        "their IAM policies (identity policies were not read for this account).{{notClosing}}{{mfaNote}}",
      principals:
        "Log bucket {{bucket}}: {{count}} principal(s) can delete or weaken it (account {{owner}}'s identity policies, " +
        "its bucket policy, boundaries and SCPs evaluated): {{principals}}.{{allowedNote}}{{serviceNote}}{{partialNote}}",
      noPrincipals:
        "No principal of account {{owner}}, and none its bucket policy names, can delete or weaken log bucket {{bucket}}: " +
        "{{why}}.{{allowedNote}}{{serviceNote}}",
      invalidPolicy: INVALID_POLICY_MESSAGE,
    },
    iacMessages: {
      ...SCOPE_IAC_MESSAGES,
      openPaths:
        "Log bucket {{bucket}}: nothing denies {{openPaths}} for principals of account {{owner}} with permission in " +
        "their IAM policies (identity policies defined outside this file are not known).{{notClosing}}{{mfaNote}}",
    },
    remediation: {
      text:
        "Deny the object-deletion actions to everyone in the log bucket's policy (a break-glass role can be exempted with " +
        "a StringNotLike aws:PrincipalArn condition), or with an SCP on the member account that owns the bucket, and " +
        "grant no delete path without a condition naming who may use it.",
      cli: ["aws s3api put-bucket-policy --bucket {{bucket}} --policy {{policyArg}}"],
      ...DENY_DELETION,
    },
    fixes: {
      openPaths: {
        text:
          "As account {{owner}}, add a Deny of {{openPaths}} to everyone on {{bucket}} and its objects; the command keeps the " +
          "current policy and appends statement {{denySid}}. To keep a break-glass role able to delete, add to that statement " +
          '"Condition": {"StringNotLike": {"aws:PrincipalArn": "arn:{{partition}}:iam::{{owner}}:role/<break-glass-role>"}}. ' +
          "{{scpAlternative}}",
        cli: ["aws s3api put-bucket-policy --bucket {{bucket}} --policy {{policyArg}}"],
        ...DENY_DELETION,
      },
      principals: {
        text:
          "As account {{owner}}, take the delete and weakening permissions from the principals that do not need them, or deny " +
          "{{denyPaths}} to everyone in the policy of {{bucket}} (the command keeps the current policy and appends statement " +
          "{{denySid}}). Keep a break-glass role able to act by adding to that statement " +
          '"Condition": {"StringNotLike": {"aws:PrincipalArn": "arn:{{partition}}:iam::{{owner}}:role/<break-glass-role>"}}, and ' +
          "list it in this check's allowedPrincipals param with the reason. {{scpAlternative}}",
        cli: ["aws s3api put-bucket-policy --bucket {{bucket}} --policy {{policyArg}}"],
        ...DENY_DELETION,
      },
      broadAllow: {
        text:
          "As account {{owner}}, {{broadFix}} Grant a principal that needs one of those actions in a statement of its own, " +
          "narrowed by a condition naming it (aws:PrincipalArn; aws:SourceArn for a service principal), and check that the " +
          "policy still lets cloudtrail.amazonaws.com s3:GetBucketAcl and s3:PutObject. {{scpAlternative}}",
        cli: ["{{policyCommand}}"],
        ...DENY_DELETION,
      },
    },
    frameworks: { "nist-800-53-r5": ["AU-9"] },
    params: { type: "object", properties: { allowedPrincipals: ALLOWED_PRINCIPALS_SCHEMA }, additionalProperties: false },
  },

  run(snapshot, params) {
    return judgeLogBucketPolicies<MessageId>(snapshot, (lb, ref, unknowns) => judge(snapshot, lb, ref, unknowns, params));
  },
});
