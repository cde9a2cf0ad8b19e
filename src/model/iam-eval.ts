// Who can delete or weaken a log bucket: the principals of the bucket owner's account (and the
// other accounts' principals its bucket policy names) that may perform each delete path on it,
// after AWS's policy evaluation logic for a request in the owner's account
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
//
//   allowed = (identity Allow OR bucket-policy Allow naming the principal)
//             AND the permissions boundary allows it (when one is set)
//             AND every SCP level from the root to the account allows it (src/model/iam-scp.ts)
//             AND no explicit Deny in the identity policies, the boundary, the bucket policy or an SCP.
//
// Identity policies: a user's inline and attached policies and those of its groups; a role's inline
// and attached policies. A bucket-policy Allow to the principal's own ARN (a user, or a role session)
// is not limited by the permissions boundary; one to the role ARN or to "*" is (AWS's rule for
// same-account resource-based policies). A bucket-policy Allow to the owner account (its id or
// :root) grants nothing by itself: it delegates to the identity policies. The root user is not listed
// (it is not an IAM principal; the check notes what binds it). Principals of other accounts that the
// bucket policy names are listed too (kind "external"): their own account's identity policies, which
// the snapshot does not hold, must also allow the request, which their entry says.
//
// Conditions are evaluated against what the snapshot decides about the request (aws:PrincipalArn,
// aws:PrincipalAccount, aws:PrincipalType, aws:username, aws:ResourceAccount, aws:PrincipalOrgID
// when the account is in the organization); every other condition keeps the grant "under condition"
// (src/model/iam-statements.ts). Service-linked roles (path /aws-service-role/, or named
// AWSServiceRoleFor*) are evaluated without SCPs and reported apart.
import { accountIndex } from "./coverage.js";
import type { Via, PolicySet, Request } from "./iam-statements.js";
import { allowOf, denyOf } from "./iam-statements.js";
import { rcpLayer, scpLayer, type ScpLayer } from "./iam-scp.js";
import { PolicyParseError, parsePolicy, type ParsedPolicy, type ParsedStatement } from "./policy.js";
import { FALSE, TRUE, and, isFalse, isTrue, holesOf, not, or, type Tri } from "./policy-tri.js";
import type { IamAttachedPolicy, IamAuthorization, IamInlinePolicy, Snapshot } from "./snapshot.js";
import type { UnknownRef } from "./unknown.js";

export type { Via } from "./iam-statements.js";

/** A delete or weakening path: every action it needs, each on the bucket or on its objects. */
export interface DeletePath {
  id: string;
  actions: { action: string; on: "bucket" | "objects" }[];
}

const one = (action: string, on: "bucket" | "objects"): DeletePath => ({ id: action, actions: [{ action, on }] });

/** The retention path: only where GOVERNANCE-mode default retention is what protects the objects. */
export const RETENTION_PATH: DeletePath = {
  id: "s3:PutObjectRetention+s3:BypassGovernanceRetention",
  actions: [
    { action: "s3:PutObjectRetention", on: "objects" },
    { action: "s3:BypassGovernanceRetention", on: "objects" },
  ],
};

/** The delete and weakening paths, in the order findings list them. */
export function deletePaths(governance: boolean): DeletePath[] {
  return [
    one("s3:DeleteObject", "objects"),
    one("s3:DeleteObjectVersion", "objects"),
    one("s3:DeleteBucket", "bucket"),
    one("s3:PutLifecycleConfiguration", "bucket"),
    one("s3:PutBucketPolicy", "bucket"),
    one("s3:DeleteBucketPolicy", "bucket"),
    one("s3:PutBucketVersioning", "bucket"),
    ...(governance ? [RETENTION_PATH] : []),
    one("s3:PutBucketObjectLockConfiguration", "bucket"),
  ];
}

export type PrincipalKind = "user" | "role" | "external";

export interface PathPrincipal {
  principalArn: string;
  kind: PrincipalKind;
  /** The Allow statements that grant the path (for a path of two actions, those of both). */
  via: Via[];
  /** Conditions of the other layers (boundary, SCP allow lists) and the Denies that apply only under conditions ("unless"). */
  conditions: string[];
}

export interface PathResult {
  path: string;
  principals: PathPrincipal[];
  /** Service-linked roles that can: reported apart, not counted. */
  serviceLinked: PathPrincipal[];
  /** Principals for whom it depends on values the snapshot does not hold. */
  undecided: { principalArn: string; holes: UnknownRef[] }[];
}

export interface WhoCanInput {
  owner: string;
  bucketArn: string;
  /** The bucket policy, parsed (null: none). */
  policy: ParsedPolicy | null;
  iam: IamAuthorization;
  /** JSON Pointer of `iam` in the snapshot (holes and missing policies point under it). */
  iamPointer: string;
  paths: readonly DeletePath[];
}

interface Principal {
  arn: string;
  kind: PrincipalKind;
  accountId: string;
  serviceLinked: boolean;
  identity: PolicySet[];
  boundary?: PolicySet[];
  context: Record<string, string>;
}

const SERVICE_LINKED_PATH = "/aws-service-role/";
const ANY_PRINCIPAL = "cloudtrail-lint-any-principal";

export function isServiceLinkedRole(role: { Path?: string; RoleName: string }): boolean {
  return (role.Path ?? "").startsWith(SERVICE_LINKED_PATH) || role.RoleName.startsWith("AWSServiceRoleFor");
}

/** Parses identity documents once each, and names those the snapshot lacks. */
class PolicyBook {
  private readonly managed = new Map<string, { doc: string | object; pointer: string }>();
  private readonly parsed = new Map<string, readonly ParsedStatement[]>();
  constructor(
    iam: IamAuthorization,
    private readonly iamPointer: string,
  ) {
    iam.policies.forEach((p, i) => this.managed.set(p.Arn, { doc: p.Document, pointer: `${iamPointer}/policies/${i}/Document` }));
  }

  private parse(doc: string | object, pointer: string, what: string): readonly ParsedStatement[] {
    const cached = this.parsed.get(pointer);
    if (cached) return cached;
    try {
      const statements = parsePolicy(doc as string, "scp", pointer).statements;
      this.parsed.set(pointer, statements);
      return statements;
    } catch (error) {
      throw new PolicyParseError(`${what} is not a valid policy: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  inline(list: readonly IamInlinePolicy[] | undefined, pointer: string, owner: string, attachedTo?: string): PolicySet[] {
    return (list ?? []).map((p, i) => ({
      source: { policy: `inline:${p.PolicyName}`, ...(attachedTo ? { attachedTo } : {}) },
      statements: this.parse(p.PolicyDocument, `${pointer}/${i}/PolicyDocument`, `inline policy ${p.PolicyName} of ${owner}`),
    }));
  }

  attachedPolicy(arn: string, pointer: string, owner: string, attachedTo?: string): PolicySet {
    const source = { policy: arn, ...(attachedTo ? { attachedTo } : {}) };
    const found = this.managed.get(arn);
    if (!found) {
      const missing: UnknownRef = {
        cause: {
          service: "iam",
          operation: "GetAccountAuthorizationDetails",
          code: "PolicyNotInSnapshot",
          message: `managed policy ${arn} of ${owner} is not in the snapshot (iam.policies), so what it allows or denies is not known`,
        },
        pointer,
      };
      return { source, missing };
    }
    return { source, statements: this.parse(found.doc, found.pointer, `managed policy ${arn}`) };
  }

  attached(list: readonly IamAttachedPolicy[] | undefined, pointer: string, owner: string, attachedTo?: string): PolicySet[] {
    return (list ?? []).map((p, i) => this.attachedPolicy(p.PolicyArn, `${pointer}/${i}`, owner, attachedTo));
  }
}

function principalsOf(snapshot: Snapshot, input: WhoCanInput): Principal[] {
  const { iam, iamPointer, owner } = input;
  const book = new PolicyBook(iam, iamPointer);
  const org = snapshot.organization;
  const inOrg = (account: string) => org !== null && accountIndex(snapshot, account) >= 0;
  const base = (arn: string, accountId: string, type: string): Record<string, string> => ({
    "aws:PrincipalArn": arn,
    "aws:PrincipalAccount": accountId,
    "aws:PrincipalType": type,
    "aws:ResourceAccount": owner,
    "aws:PrincipalIsAWSService": "false",
    ...(org && inOrg(accountId) ? { "aws:PrincipalOrgID": org.Id } : {}),
  });
  const groups = new Map(iam.groups.map((g, i) => [g.GroupName, { g, i }]));
  const out: Principal[] = [];
  iam.users.forEach((u, i) => {
    const at = `${iamPointer}/users/${i}`;
    const who = `user ${u.UserName}`;
    const identity = [...book.inline(u.UserPolicyList, `${at}/UserPolicyList`, who), ...book.attached(u.AttachedManagedPolicies, `${at}/AttachedManagedPolicies`, who)];
    for (const name of u.GroupList ?? []) {
      const entry = groups.get(name);
      if (!entry) continue; // a group the read did not return holds no policy the evaluation could see; GetAccountAuthorizationDetails returns every group
      const gAt = `${iamPointer}/groups/${entry.i}`;
      const via = `group ${name}`;
      identity.push(...book.inline(entry.g.GroupPolicyList, `${gAt}/GroupPolicyList`, via, via), ...book.attached(entry.g.AttachedManagedPolicies, `${gAt}/AttachedManagedPolicies`, via, via));
    }
    const boundary = u.PermissionsBoundary ? [book.attachedPolicy(u.PermissionsBoundary.PermissionsBoundaryArn, `${at}/PermissionsBoundary`, who)] : undefined;
    out.push({ arn: u.Arn, kind: "user", accountId: owner, serviceLinked: false, identity, ...(boundary ? { boundary } : {}), context: { ...base(u.Arn, owner, "User"), "aws:username": u.UserName } });
  });
  iam.roles.forEach((r, i) => {
    const at = `${iamPointer}/roles/${i}`;
    const who = `role ${r.RoleName}`;
    const identity = [...book.inline(r.RolePolicyList, `${at}/RolePolicyList`, who), ...book.attached(r.AttachedManagedPolicies, `${at}/AttachedManagedPolicies`, who)];
    const boundary = r.PermissionsBoundary ? [book.attachedPolicy(r.PermissionsBoundary.PermissionsBoundaryArn, `${at}/PermissionsBoundary`, who)] : undefined;
    // The stand-in for every principal of the account (anyPrincipalIam) has no ARN a condition could name.
    const context = r.RoleName === ANY_PRINCIPAL ? (({ "aws:PrincipalArn": _arn, "aws:PrincipalType": _type, ...rest }) => rest)(base(r.Arn, owner, "AssumedRole")) : base(r.Arn, owner, "AssumedRole");
    out.push({ arn: r.Arn, kind: "role", accountId: owner, serviceLinked: isServiceLinkedRole(r), identity, ...(boundary ? { boundary } : {}), context });
  });
  // Principals of other accounts that the bucket policy names in an Allow.
  const external = new Set<string>();
  for (const s of input.policy?.statements ?? []) {
    if (s.effect !== "Allow" || !s.principal || s.principal.not) continue;
    for (const e of s.principal.entries) {
      if ((e.kind === "principal" || e.kind === "account") && e.accountId !== undefined && e.accountId !== owner) external.add(e.value);
    }
  }
  for (const arn of external) {
    const accountId = arn.includes(":") ? arn.split(":")[4]! : arn;
    out.push({ arn, kind: "external", accountId, serviceLinked: false, identity: [], context: base(arn, accountId, arn.includes(":assumed-role/") ? "AssumedRole" : "Unknown") });
  }
  return out;
}

/** An entry of a Principal element names p: for an Allow, p itself (or a session of it) or everyone; for a Deny also p's account. */
function names(p: Principal, value: string, kind: string, accountId: string | undefined, effect: "Allow" | "Deny", exactOnly = false): boolean {
  const session = p.kind === "role" && value.startsWith(`${p.arn.replace(":iam::", ":sts::").replace(/:role\/(?:.*\/)?([^/]+)$/, ":assumed-role/$1")}/`);
  if (exactOnly) return (p.kind === "user" && value === p.arn) || session;
  if (kind === "everyone") return true;
  if (value === p.arn || (effect === "Allow" && session)) return true;
  if (kind === "account") return effect === "Deny" ? accountId === p.accountId : p.kind === "external" && value === p.arn;
  return false;
}

function bucketMatcher(p: Principal, effect: "Allow" | "Deny", exactOnly = false): (s: ParsedStatement) => boolean {
  return (s) => {
    if (!s.principal) return false;
    const hit = s.principal.entries.some((e) => names(p, e.value, e.kind, e.accountId, effect, exactOnly));
    if (!s.principal.not) return hit;
    if (exactOnly) return false;
    // NotPrincipal: everyone but those listed (a Deny also spares the principal when its account is listed).
    return !s.principal.entries.some((e) => e.value === p.arn || (e.kind === "account" && e.accountId === p.accountId));
  };
}

interface Outcome {
  v: Tri;
  via: Via[];
  conditions: string[];
}

const conditional = (layer: string, via: Via[]): string[] =>
  via.length > 0 && via.every((v) => v.conditions.length > 0) ? [`${layer} allows it only when ${via.map((v) => v.conditions.join(" and ")).join(", or ")}`] : [];

const NOT_ALLOWED: Outcome = Object.freeze({ v: FALSE, via: [], conditions: [] });

function evaluate(p: Principal, action: string, target: string, bucketSets: PolicySet[], scp: ScpLayer, rcp: ScpLayer, owner: string, partition: string): Outcome {
  const request: Request = { action, target, context: p.context, holeContext: { owner, partition, targets: [target], values: [p.arn, owner] } };
  const identity = allowOf(p.identity, request);
  const resource = allowOf(bucketSets, { ...request, principalMatches: bucketMatcher(p, "Allow") });
  const resourceExempt = allowOf(bucketSets, { ...request, principalMatches: bucketMatcher(p, "Allow", true) });
  const boundary = p.boundary ? allowOf(p.boundary, request) : undefined;
  const conditions: string[] = [];
  // A principal of another account also needs its own account's identity policies, which the snapshot does not hold.
  const ownSide = p.kind === "external" ? resource.allowed : or(identity.allowed, resource.allowed);
  if (p.kind === "external") conditions.push(`and the identity policies of account ${p.accountId} allow it`);
  const allowSide = or(boundary ? and(ownSide, boundary.allowed) : ownSide, resourceExempt.allowed);
  // Not allowed is not allowed whatever denies: the verdict (and with it the path) is false, and
  // false is all whoCan reads of it. Most principals of an account are here for most actions.
  if (isFalse(allowSide)) return NOT_ALLOWED;
  if (boundary && !isTrue(resourceExempt.allowed)) conditions.push(...conditional(`permissions boundary ${p.boundary![0]!.source.policy}`, boundary.via));

  const denies = [
    denyOf(p.identity, request, "identity policy"),
    ...(p.boundary ? [denyOf(p.boundary, request, "permissions boundary")] : []),
    denyOf(bucketSets, { ...request, principalMatches: bucketMatcher(p, "Deny") }, "bucket policy"),
  ];
  let scpAllowed: Tri = TRUE;
  if (scp.applies && !p.serviceLinked && p.kind !== "external") {
    if (scp.unknown) {
      scpAllowed = { v: "unknown", holes: scp.unknown };
    } else {
      denies.push(denyOf(scp.all, request, "SCP"));
      const levels = scp.levels.filter((l) => l.sets.length > 0).map((l) => ({ l, allow: allowOf(l.sets, request) }));
      scpAllowed = and(...levels.map((x) => x.allow.allowed));
      for (const { l, allow } of levels) conditions.push(...conditional(`the SCPs at ${l.name}`, allow.via));
    }
  }
  // Resource control policies over the bucket's account: their Denies stop every principal but a service-linked role.
  let rcpOpen: Tri = TRUE;
  if (rcp.applies && !p.serviceLinked) {
    if (rcp.unknown) rcpOpen = { v: "unknown", holes: rcp.unknown };
    else denies.push(denyOf(rcp.all, { ...request, principalMatches: bucketMatcher(p, "Deny") }, "RCP"));
  }
  conditions.push(...denies.flatMap((d) => d.unless.map((u) => `unless ${u}`)));
  const v = and(allowSide, not(or(...denies.map((d) => d.denied))), scpAllowed, rcpOpen);
  const via = [...(p.kind === "external" ? [] : identity.via), ...resource.via];
  return { v, via, conditions };
}

/** Per path, who can take it (see the header). Throws PolicyParseError when a policy cannot be read. */
export function whoCan(snapshot: Snapshot, input: WhoCanInput): PathResult[] {
  const principals = principalsOf(snapshot, input);
  const scp = scpLayer(snapshot, input.owner);
  const rcp = rcpLayer(snapshot, input.owner);
  const bucketSets: PolicySet[] = input.policy ? [{ source: { policy: "bucket policy" }, statements: input.policy.statements }] : [];
  return input.paths.map((path) => {
    const result: PathResult = { path: path.id, principals: [], serviceLinked: [], undecided: [] };
    for (const p of principals) {
      // A path is taken only with every one of its actions: the first one refused settles it.
      const outcomes: Outcome[] = [];
      for (const { action, on } of path.actions) {
        const outcome = evaluate(p, action, on === "objects" ? `${input.bucketArn}/*` : input.bucketArn, bucketSets, scp, rcp, input.owner, snapshot.partition);
        outcomes.push(outcome);
        if (isFalse(outcome.v)) break;
      }
      const v = and(...outcomes.map((o) => o.v));
      if (isFalse(v)) continue;
      if (!isTrue(v)) {
        result.undecided.push({ principalArn: p.arn, holes: holesOf(v) });
        continue;
      }
      const entry: PathPrincipal = {
        principalArn: p.arn,
        kind: p.kind,
        via: outcomes.flatMap((o) => o.via),
        conditions: [...new Set(outcomes.flatMap((o) => o.conditions))],
      };
      (p.serviceLinked ? result.serviceLinked : result.principals).push(entry);
    }
    return result;
  });
}

/**
 * The identity policies of an account with one role allowed everything, whose ARN no condition
 * decides (aws:PrincipalArn unknown, so exemptions of named principals do not stop it): what it can
 * take, the identity policies of the real principals could open (used when they could not be read).
 */
export function anyPrincipalIam(partition: string, owner: string): IamAuthorization {
  const arn = `arn:${partition}:iam::${owner}:role/${ANY_PRINCIPAL}`;
  return {
    users: [],
    groups: [],
    roles: [{ RoleName: ANY_PRINCIPAL, Arn: arn, RolePolicyList: [{ PolicyName: "all", PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } }] }],
    policies: [],
  };
}
