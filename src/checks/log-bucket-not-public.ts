// No log bucket (each S3 bucket a logging trail covering some account of the snapshot delivers to)
// lets anyone outside the organization read or list the logs. Reads per bucket the policy
// (GetBucketPolicy), the ACL (GetBucketAcl Grants), Block Public Access (GetPublicAccessBlock) and
// Object Ownership (GetBucketOwnershipControls), and the owner account's Block Public Access
// (s3control:GetPublicAccessBlock); the trails' S3BucketName and IsLogging.
//
// Public: an Allow statement whose principal is everyone ("*", {"AWS": "*"}, NotPrincipal) granting
// a read or list action (s3:GetObject, s3:GetObjectVersion, s3:ListBucket, s3:ListBucketVersions,
// through wildcards such as s3:* or s3:Get*) without a condition that confines it; an ACL grant of
// READ, WRITE_ACP or FULL_CONTROL to AllUsers or AuthenticatedUsers (any AWS account). Neutralised by
// Block Public Access, at bucket or account level: RestrictPublicBuckets for a public policy,
// IgnorePublicAcls for a public ACL (so is an ACL under Object Ownership BucketOwnerEnforced, which
// turns ACLs off).
import { defineCheck, type CheckResult, type DataValue } from "../engine/check.js";
import type { BucketRef, LogBucket } from "../model/coverage.js";
import { accountIndex, findAccount } from "../model/coverage.js";
import { PolicyParseError, describePrincipal, grantOf, narrowingOf, parsePolicy, type ConditionEntry, type ParsedPolicy, type ParsedStatement } from "../model/policy.js";
import { decide, holesOf, isFalse, isTrue } from "../model/policy-tri.js";
import { shellQuote } from "../model/selectors.js";
import type { AclGrant, PublicAccessBlockConfiguration, Snapshot } from "../model/snapshot.js";
import { isUnknown, unknownAt, type UnknownRef } from "../model/unknown.js";
import { INVALID_POLICY_MESSAGE, judgeLogBucketPolicies } from "./lib/log-bucket-policy.js";
import { SCOPE_MESSAGES, type ScopeMessageId, writtenBy } from "./lib/log-bucket-scope.js";
import { docsUrl } from "./lib/docs.js";
import { TRAIL_READS } from "./lib/reads.js";
import { BLOCK_PUBLIC } from "./lib/iac-fixes.js";
import { SCOPE_IAC_MESSAGES } from "./lib/iac-messages.js";

type MessageId = ScopeMessageId | "ok" | "public" | "invalidPolicy";

/** Object-level reads (judged on bucket/*) and bucket-level listings (on the bucket). */
export const READ_ACTIONS = ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket", "s3:ListBucketVersions"] as const;
const OBJECT_LEVEL = new Set<string>(["s3:GetObject", "s3:GetObjectVersion"]);

/** Condition keys that confine an Allow to the organization, an account, a resource or a VPC endpoint. */
const CONFINING_KEYS = new Set(["aws:sourcearn", "aws:sourceaccount", "aws:principalorgid", "aws:principalaccount", "aws:sourcevpce", "aws:sourcevpc"]);
const POSITIVE = new Set(["stringequals", "stringlike", "arnequals", "arnlike"]);

export const ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
export const AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
/** Bucket ACL permissions that let the grantee list the logs (READ), or give itself that (WRITE_ACP). */
const READING_PERMISSIONS = new Set(["READ", "WRITE_ACP", "FULL_CONTROL"]);

/** The confining condition of a statement, or undefined: a positive operator on a confining key with a value that names something. */
function confinedBy(conditions: ConditionEntry[], owner: string): string | undefined {
  for (const c of conditions) {
    if (!POSITIVE.has(c.operator.toLowerCase()) || !CONFINING_KEYS.has(c.key.toLowerCase())) continue;
    if (c.values.length > 0 && c.values.every((v) => !/^[*?]*$/.test(v))) return `${c.operator} ${c.key}`;
  }
  // aws:PrincipalArn / aws:userid naming principals confine as much.
  const narrowing = narrowingOf(conditions, owner);
  if (narrowing.audience !== undefined && narrowing.audience !== "everyone") return `${narrowing.principalKeys.join(", ")}`;
  return undefined;
}

interface PublicStatement {
  statement: string;
  index: number;
  actions: string[];
  principals: string[];
}

/** The principals to whom the statement grants `action` publicly (everyone, without a confining condition). */
function publicTo(s: ParsedStatement, action: string, target: string, owner: string): string[] {
  const grant = grantOf(s, action, target, owner);
  if (!grant || confinedBy(s.conditions, owner) !== undefined) return [];
  return grant.principals.filter((p) => p.principal.kind === "everyone").map((p) => describePrincipal(p.principal));
}

/**
 * The statements that grant a read publicly; `maybe` collects the holes of statements that do for
 * some values the file leaves open only (model/policy-tri.ts).
 */
function publicStatements(policy: ParsedPolicy, arn: string, owner: string, partition: string, maybe: UnknownRef[]): PublicStatement[] {
  const byLabel = new Map<string, PublicStatement>();
  const ctx = { owner, partition, targets: [arn, `${arn}/*`] };
  for (const action of READ_ACTIONS) {
    const target = OBJECT_LEVEL.has(action) ? `${arn}/*` : arn;
    for (const statement of policy.statements) {
      if (statement.effect !== "Allow") continue;
      const verdict = decide(statement, (s) => publicTo(s, action, target, owner).length > 0, ctx);
      if (isFalse(verdict)) continue;
      if (!isTrue(verdict)) {
        maybe.push(...holesOf(verdict));
        continue;
      }
      const everyone = publicTo(statement, action, target, owner);
      if (everyone.length === 0) everyone.push("everyone (a principal the file leaves open)");
      const entry = byLabel.get(statement.label) ?? { statement: statement.label, index: statement.index, actions: [], principals: [] };
      entry.actions.push(action);
      for (const p of everyone) if (!entry.principals.includes(p)) entry.principals.push(p);
      byLabel.set(statement.label, entry);
    }
  }
  return [...byLabel.values()];
}

function publicGrants(grants: readonly AclGrant[]): AclGrant[] {
  return grants.filter((g) => g.Grantee.Type === "Group" && (g.Grantee.URI === ALL_USERS || g.Grantee.URI === AUTHENTICATED_USERS) && READING_PERMISSIONS.has(g.Permission));
}

/** Tri-state: does some level's Block Public Access setting hold? unknowns are recorded only when no known level holds. */
function neutralised(
  levels: { value: unknown; pointer: string; label: string }[],
  field: keyof PublicAccessBlockConfiguration,
): { by?: string; unknowns: UnknownRef[] } {
  const unknowns: UnknownRef[] = [];
  for (const level of levels) {
    if (isUnknown(level.value)) {
      unknowns.push(...unknownAt(level.value, level.pointer));
      continue;
    }
    const config = level.value as PublicAccessBlockConfiguration | null | undefined;
    if (config?.[field] === true) return { by: `${level.label} ${field}`, unknowns: [] };
  }
  return { unknowns };
}

function judge(snapshot: Snapshot, lb: LogBucket, ref: BucketRef, scopeUnknowns: UnknownRef[]): CheckResult<MessageId> {
  const owner = ref.ownerAccountId;
  const bucket = ref.bucket;
  const ownerIndex = accountIndex(snapshot, owner);
  const account = findAccount(snapshot, owner);
  const about = {
    accountId: owner,
    resource: lb.arn,
    pointer: ref.pointer,
    ...(typeof bucket.Region === "string" ? { region: bucket.Region } : {}),
  };
  const levels = [
    { value: bucket.publicAccessBlock, pointer: `${ref.pointer}/publicAccessBlock`, label: "bucket" },
    { value: account?.publicAccessBlock, pointer: `/accounts/${ownerIndex}/publicAccessBlock`, label: `account ${owner}` },
  ];
  const policyBlock = neutralised(levels, "RestrictPublicBuckets");
  const aclBlock = neutralised(levels, "IgnorePublicAcls");
  const enforced = isUnknown(bucket.ownershipControls)
    ? undefined
    : bucket.ownershipControls?.Rules.some((r) => r.ObjectOwnership === "BucketOwnerEnforced") === true;
  if (enforced === true) aclBlock.by ??= "Object Ownership BucketOwnerEnforced (ACLs disabled)";
  if (enforced === undefined && aclBlock.by === undefined) aclBlock.unknowns.push(...unknownAt(bucket.ownershipControls, `${ref.pointer}/ownershipControls`));

  // What is public, as far as known; `maybe` holds what a verdict of "not public" rests on.
  const maybe: UnknownRef[] = [];
  const exposures: string[] = [];
  let policy: ParsedPolicy | null = null;
  let statements: PublicStatement[] = [];
  if (isUnknown(bucket.policy)) {
    if (!policyBlock.by) maybe.push(...unknownAt(bucket.policy, `${ref.pointer}/policy`), ...policyBlock.unknowns);
  } else if (bucket.policy !== null && bucket.policy !== undefined) {
    try {
      policy = parsePolicy(bucket.policy, "resource", `${ref.pointer}/policy`);
    } catch (error) {
      if (error instanceof PolicyParseError) throw new PolicyParseError(`its bucket policy is not a valid policy: ${error.message}`);
      throw error;
    }
    const maybePublic: UnknownRef[] = [];
    statements = publicStatements(policy, lb.arn, owner, snapshot.partition, maybePublic);
    if (maybePublic.length > 0 && !policyBlock.by) maybe.push(...maybePublic, ...policyBlock.unknowns);
    if (statements.length > 0 && !policyBlock.by) {
      if (policyBlock.unknowns.length > 0) maybe.push(...policyBlock.unknowns);
      else exposures.push(...statements.map((s) => `bucket policy statement ${s.statement} grants ${s.actions.join(", ")} to ${s.principals.join(", ")}`));
    }
  }
  let grants: AclGrant[] = [];
  if (isUnknown(bucket.acl)) {
    if (!aclBlock.by) maybe.push(...unknownAt(bucket.acl, `${ref.pointer}/acl`), ...aclBlock.unknowns);
  } else {
    grants = publicGrants(bucket.acl?.Grants ?? []);
    if (grants.length > 0 && !aclBlock.by) {
      if (aclBlock.unknowns.length > 0) maybe.push(...aclBlock.unknowns);
      else exposures.push(...grants.map((g) => `the ACL grants ${g.Permission} to ${g.Grantee.URI === ALL_USERS ? "AllUsers (everyone)" : "AuthenticatedUsers (any AWS account)"}`));
    }
  }

  const evidence = {
    bucket: lb.name,
    ownerAccountId: owner,
    publicStatements: statements.map(({ statement, actions, principals }) => ({ statement, actions, principals })),
    publicAclGrants: grants.map((g) => ({ grantee: g.Grantee.URI ?? null, permission: g.Permission })),
    publicPolicyNeutralisedBy: policyBlock.by ?? null,
    publicAclNeutralisedBy: aclBlock.by ?? null,
    trails: lb.trails.map((t) => t.trail.TrailARN),
  };
  const data: Record<string, DataValue> = { bucket: lb.name, owner, trails: writtenBy(lb) };
  if (exposures.length === 0) {
    const neutral = [
      ...(statements.length > 0 && policyBlock.by ? [`public policy statement(s) ${statements.map((s) => s.statement).join(", ")} neutralised by ${policyBlock.by}`] : []),
      ...(grants.length > 0 && aclBlock.by ? [`public ACL grant(s) neutralised by ${aclBlock.by}`] : []),
    ];
    data.neutralised = neutral.length > 0 ? ` (${neutral.join("; ")})` : "";
    return { status: "PASS", messageId: "ok", ...about, data, evidence, unknowns: [...scopeUnknowns, ...maybe] };
  }

  // The fix: Block Public Access on the bucket (all four settings), and the public statements and grants removed.
  const cli: string[] = [];
  if (policy && statements.length > 0 && !policyBlock.by) {
    const dropped = new Set(statements.map((s) => s.index));
    const kept = [...new Set(policy.statements.filter((s) => !dropped.has(s.index)).map((s) => s.raw))];
    cli.push(
      kept.length > 0
        ? `aws s3api put-bucket-policy --bucket ${lb.name} --policy ${shellQuote(JSON.stringify({ Version: policy.version ?? "2012-10-17", ...(policy.id !== undefined ? { Id: policy.id } : {}), Statement: kept }))}`
        : `aws s3api delete-bucket-policy --bucket ${lb.name}`,
    );
  }
  if (grants.length > 0 && !aclBlock.by) cli.push(`aws s3api put-bucket-acl --bucket ${lb.name} --acl private`);
  data.exposures = exposures.join("; ");
  data.cleanupCommand = cli.join(" && ");
  return {
    status: "FAIL",
    messageId: "public",
    ...about,
    property: `${ref.pointer}/${exposures.some((e) => e.startsWith("bucket policy")) ? "policy" : "acl"}`,
    data,
    evidence,
    // A FAIL on what is known to be public stands whatever else is unknown.
    unknowns: scopeUnknowns,
  };
}

export const check = defineCheck<Record<string, never>, MessageId>({
  meta: {
    id: "log-bucket-not-public",
    title: "CloudTrail log buckets are not public",
    severity: "critical",
    docsUrl: docsUrl("log-bucket-not-public"),
    rationale:
      "CloudTrail logs map an organization: every account, role, resource and API call, with source addresses. A log " +
      "bucket that everyone (or every AWS account) can read or list hands that map to an attacker, and shows them " +
      "which of their actions are recorded. Block Public Access at bucket or account level neutralises public " +
      "policies (RestrictPublicBuckets) and ACLs (IgnorePublicAcls) whatever they say.",
    reads: [
      ...TRAIL_READS,
      { service: "s3", operation: "GetBucketPolicy" },
      { service: "s3", operation: "GetBucketAcl" },
      { service: "s3", operation: "GetPublicAccessBlock" },
      { service: "s3", operation: "GetBucketOwnershipControls" },
      { service: "s3control", operation: "GetPublicAccessBlock" },
    ],
    messages: {
      ...SCOPE_MESSAGES,
      ok: "Nobody outside the organization can read or list log bucket {{bucket}}{{neutralised}}.",
      public: "Log bucket {{bucket}} (written by {{trails}}) is public: {{exposures}}.",
      invalidPolicy: INVALID_POLICY_MESSAGE,
    },
    iacMessages: { ...SCOPE_IAC_MESSAGES },
    remediation: {
      text:
        "As account {{owner}}, turn on all four Block Public Access settings on the log bucket (or on the account: " +
        "aws s3control put-public-access-block --account-id {{owner}} ...), and drop the public statements and ACL grants.",
      cli: ["aws s3api put-public-access-block --bucket {{bucket}} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true"],
      ...BLOCK_PUBLIC,
    },
    fixes: {
      public: {
        text:
          "As account {{owner}}, turn on Block Public Access on {{bucket}} (RestrictPublicBuckets neutralises the public " +
          "policy statements at once, IgnorePublicAcls the public ACL grants), then remove them: the policy command keeps " +
          "every other statement. If a reader outside the account needs the logs, grant it by name (its account or role " +
          "ARN) or confine the statement with aws:PrincipalOrgID.",
        cli: [
          "aws s3api put-public-access-block --bucket {{bucket}} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
          "{{cleanupCommand}}",
        ],
        ...BLOCK_PUBLIC,
      },
    },
    frameworks: { securityhub: ["CloudTrail.6", "S3.2", "S3.8"], "nist-800-53-r5": ["AC-3", "AU-9"] },
    params: { type: "object", properties: {}, additionalProperties: false },
  },

  run(snapshot) {
    return judgeLogBucketPolicies<MessageId>(snapshot, (lb, ref, unknowns) => judge(snapshot, lb, ref, unknowns));
  },
});
