// The policy of every log bucket (each S3 bucket a logging trail covering some account of the
// snapshot delivers to) lets CloudTrail deliver exactly where each trail writes, and nobody else
// through it. Reads the bucket policy (GetBucketPolicy), Object Ownership (GetBucketOwnershipControls)
// and, per trail writing there, TrailARN, S3KeyPrefix, IsOrganizationTrail and IsLogging; the
// organization id for organization trails.
//
// Per trail, as AWS documents the policy (CloudTrail User Guide, "Amazon S3 bucket policy for
// CloudTrail"): an Allow to the service principal cloudtrail.amazonaws.com of s3:GetBucketAcl on the
// bucket and of s3:PutObject on <bucket>/<prefix>/AWSLogs/<trail owner>/* (and on
// <bucket>/<prefix>/AWSLogs/<organization id>/* for an organization trail), each Resource covering
// the whole path, and not excluded by the statement's aws:SourceArn / aws:SourceAccount condition;
// no Deny closing s3:PutObject there. Every Allow to cloudtrail.amazonaws.com is confined by
// aws:SourceArn or aws:SourceAccount (confused-deputy protection: otherwise any account's trail can
// write into the bucket), and every s3:PutObject Allow to it requires s3:x-amz-acl =
// bucket-owner-full-control unless Object Ownership is BucketOwnerEnforced (ACLs off: the bucket
// owner owns every object anyway).
import { defineCheck, type CheckResult, type DataValue } from "../engine/check.js";
import { trailFlag, trailString, type BucketRef, type LogBucket, type TrailRef } from "../model/coverage.js";
import {
  PolicyParseError,
  actionMatches,
  coversAll,
  denyOf,
  narrowingOf,
  parsePolicy,
  type ConditionEntry,
  type ParsedPolicy,
  type ParsedStatement,
} from "../model/policy.js";
import { decide, holesOf, isFalse, isTrue, or, type HoleContext, type Tri } from "../model/policy-tri.js";
import { shellQuote } from "../model/selectors.js";
import type { Snapshot } from "../model/snapshot.js";
import { isUnknown, unknownAt, type UnknownRef } from "../model/unknown.js";
import { INVALID_POLICY_MESSAGE, judgeLogBucketPolicies } from "./lib/log-bucket-policy.js";
import { SCOPE_MESSAGES, type ScopeMessageId } from "./lib/log-bucket-scope.js";
import { docsUrl } from "./lib/docs.js";
import { TRAIL_READS } from "./lib/reads.js";
import { DELIVERY_POLICY } from "./lib/iac-fixes.js";
import { SCOPE_IAC_MESSAGES } from "./lib/iac-messages.js";

type MessageId = ScopeMessageId | "ok" | "noPolicy" | "incomplete" | "invalidPolicy";

export const CLOUDTRAIL = "cloudtrail.amazonaws.com";
const ACL_CONDITION = "bucket-owner-full-control";
const ACL_SID = "AWSCloudTrailAclCheck20150319";
const WRITE_SID = "AWSCloudTrailWrite20150319";

const POSITIVE = new Set(["stringequals", "stringlike", "arnequals", "arnlike"]);

function toCloudTrail(s: ParsedStatement): boolean {
  return s.effect === "Allow" && s.principal !== undefined && !s.principal.not && s.principal.entries.some((p) => p.kind === "service" && p.value === CLOUDTRAIL);
}
function onlyCloudTrail(s: ParsedStatement): boolean {
  return toCloudTrail(s) && s.principal!.entries.every((p) => p.kind === "service" && p.value === CLOUDTRAIL);
}

/** Whether a condition value (a pattern for the *Like operators) admits the request's value. */
function admits(c: ConditionEntry, value: string): boolean {
  const like = /like$/i.test(c.operator);
  return c.values.some((v) => (like ? likeMatches(v, value) : v === value));
}
/** StringLike / ArnLike: `*` and `?` wildcards, case-sensitive. */
function likeMatches(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
  return re.test(value);
}

/** Whether the statement's source conditions let this trail's delivery through. */
function admitsTrail(s: ParsedStatement, trailArn: string, owner: string): boolean {
  for (const c of s.conditions) {
    const key = c.key.toLowerCase();
    if (key !== "aws:sourcearn" && key !== "aws:sourceaccount") continue;
    if (!POSITIVE.has(c.operator.toLowerCase())) continue; // negated or IfExists: not judged here
    if (!admits(c, key === "aws:sourcearn" ? trailArn : owner)) return false;
  }
  return true;
}

function hasAclCondition(s: ParsedStatement): boolean {
  return s.conditions.some((c) => c.operator.toLowerCase() === "stringequals" && c.key.toLowerCase() === "s3:x-amz-acl" && c.values.length === 1 && c.values[0] === ACL_CONDITION);
}

function grantsTo(s: ParsedStatement, action: string, target: string, trailArn: string, owner: string): boolean {
  if (!toCloudTrail(s) || !coversAll(s, target)) return false;
  const hit = s.action.patterns.some((p) => actionMatches(p, action));
  return (s.action.not ? !hit : hit) && admitsTrail(s, trailArn, owner);
}

/**
 * Each question below is asked of every statement three-valued (model/policy-tri.ts): a statement
 * that holds values the file leaves open answers "unknown" when some of them change the answer.
 * Each is phrased as what the statement does unrestricted (grants, blocks, is unscoped, lacks the
 * ACL condition), so that a condition block the file leaves open can only make it false.
 */
function anyStatement(policy: ParsedPolicy, question: (s: ParsedStatement) => boolean, ctx: HoleContext): { tri: Tri; labels: string[] } {
  const answers = policy.statements.map((statement) => ({ statement, tri: decide(statement, question, ctx) }));
  return { tri: or(...answers.map((a) => a.tri)), labels: [...new Set(answers.filter((a) => isTrue(a.tri)).map((a) => a.statement.label))] };
}

interface Required {
  trail: TrailRef;
  paths: string[];
}

function judge(snapshot: Snapshot, lb: LogBucket, ref: BucketRef, scopeUnknowns: UnknownRef[]): CheckResult<MessageId> {
  const owner = ref.ownerAccountId;
  const bucket = ref.bucket;
  const about = {
    accountId: owner,
    resource: lb.arn,
    pointer: ref.pointer,
    ...(typeof bucket.Region === "string" ? { region: bucket.Region } : {}),
  };
  const trailArns = lb.trails.map((t) => t.trail.TrailARN);
  const data: Record<string, DataValue> = { bucket: lb.name, owner, trails: lb.trails.map((t) => t.trail.Name).join(", ") };
  if (isUnknown(bucket.policy)) {
    return { status: "FAIL", messageId: "incomplete", ...about, data: { ...data, problems: "" }, unknowns: [...scopeUnknowns, ...unknownAt(bucket.policy, `${ref.pointer}/policy`)] };
  }

  // Where each trail writes; a trail whose prefix or kind is unknown leaves the verdict resting on that.
  const maybe: UnknownRef[] = [];
  const required: Required[] = [];
  const org = snapshot.organization;
  for (const t of lb.trails) {
    const unknowns: UnknownRef[] = [];
    const prefix = trailString(t, "S3KeyPrefix", unknowns);
    const isOrg = trailFlag(t, "IsOrganizationTrail", unknowns);
    if (unknowns.length > 0) {
      maybe.push(...unknowns);
      continue;
    }
    const base = `${lb.arn}/${prefix ? `${prefix.replace(/\/+$/, "")}/` : ""}AWSLogs`;
    const paths = [`${base}/${t.ownerAccountId}/*`];
    if (isOrg === true && org) paths.push(`${base}/${org.Id}/*`);
    required.push({ trail: t, paths });
  }

  const policy: ParsedPolicy | null = bucket.policy === null || bucket.policy === undefined ? null : parsePolicyOf(bucket.policy, `${ref.pointer}/policy`);
  const ctx: HoleContext = {
    owner,
    partition: snapshot.partition,
    targets: [lb.arn, ...required.flatMap((r) => r.paths)],
    values: [...trailArns, ...new Set([owner, ...lb.trails.map((t) => t.ownerAccountId)]), ...(org ? [org.Id] : []), ACL_CONDITION],
  };
  /** Holes a verdict rests on: questions answered "unknown" where the answer would add or remove a problem. */
  const undecided: UnknownRef[] = [];
  const enforced = isUnknown(bucket.ownershipControls)
    ? undefined
    : bucket.ownershipControls?.Rules.some((r) => r.ObjectOwnership === "BucketOwnerEnforced") === true;

  const problems: string[] = [];
  const missingAcl: string[] = [];
  const missingWrite: string[] = [];
  const blocked: string[] = [];
  // A problem is listed when it holds for every value the file leaves open; `undecided` gets the
  // holes of one that holds for some only.
  const granted = (question: (s: ParsedStatement) => boolean): boolean => {
    const { tri } = anyStatement(policy!, question, ctx);
    if (!isTrue(tri) && !isFalse(tri)) undecided.push(...holesOf(tri));
    return !isFalse(tri);
  };
  const problem = (question: (s: ParsedStatement) => boolean): string[] => {
    const { tri, labels } = anyStatement(policy!, question, ctx);
    if (!isTrue(tri) && !isFalse(tri)) undecided.push(...holesOf(tri));
    return labels;
  };
  const unscopedQ = (s: ParsedStatement) => toCloudTrail(s) && narrowingOf(s.conditions, owner).sourceKeys.length === 0;
  const noAclQ = (s: ParsedStatement) => toCloudTrail(s) && s.action.patterns.some((p) => actionMatches(p, "s3:PutObject")) !== s.action.not && !hasAclCondition(s);
  let unscoped: string[] = [];
  let noAclCondition: string[] = [];
  if (policy) {
    for (const { trail, paths } of required) {
      const { TrailARN } = trail.trail;
      if (!granted((s) => grantsTo(s, "s3:GetBucketAcl", lb.arn, TrailARN, trail.ownerAccountId))) missingAcl.push(trail.trail.Name);
      for (const path of paths) {
        if (!granted((s) => grantsTo(s, "s3:PutObject", path, TrailARN, trail.ownerAccountId))) missingWrite.push(`${path} (${trail.trail.Name})`);
        const blocking = (s: ParsedStatement) => {
          const d = denyOf(s, "s3:PutObject", path);
          return d !== undefined && d.closes && !d.exemptions.some((e) => e.value === CLOUDTRAIL);
        };
        for (const label of problem(blocking)) blocked.push(`statement ${label} denies s3:PutObject on ${path}`);
      }
    }
    unscoped = problem(unscopedQ);
    const acl = anyStatement(policy, noAclQ, ctx);
    noAclCondition = acl.labels;
    if (!isTrue(acl.tri) && !isFalse(acl.tri) && enforced !== true) undecided.push(...holesOf(acl.tri));
  }

  if (!policy) problems.push("the bucket has no policy, so CloudTrail cannot deliver to it");
  if (missingAcl.length > 0) problems.push(`no statement allows ${CLOUDTRAIL} s3:GetBucketAcl on ${lb.arn} for ${[...new Set(missingAcl)].join(", ")}`);
  if (missingWrite.length > 0) problems.push(`no statement allows ${CLOUDTRAIL} s3:PutObject on ${missingWrite.join(", ")}`);
  if (blocked.length > 0) problems.push([...new Set(blocked)].join("; "));
  if (unscoped.length > 0) problems.push(`statement(s) ${unscoped.join(", ")} grant to ${CLOUDTRAIL} without an aws:SourceArn or aws:SourceAccount condition, so any account's trail can write through them`);
  if (noAclCondition.length > 0) {
    if (enforced === false) problems.push(`statement(s) ${noAclCondition.join(", ")} allow s3:PutObject without requiring s3:x-amz-acl = ${ACL_CONDITION}, and Object Ownership is not BucketOwnerEnforced`);
    else if (enforced === undefined) maybe.push(...unknownAt(bucket.ownershipControls, `${ref.pointer}/ownershipControls`));
  }

  const evidence = {
    bucket: lb.name,
    ownerAccountId: owner,
    policy: policy ? `${policy.statements.length} statement(s)` : "none",
    required: required.map((r) => ({ trail: r.trail.trail.TrailARN, paths: r.paths })),
    missingGetBucketAcl: [...new Set(missingAcl)],
    missingPutObject: missingWrite,
    deniedPutObject: [...new Set(blocked)],
    unscopedStatements: unscoped,
    withoutAclCondition: noAclCondition,
    objectOwnership: isUnknown(bucket.ownershipControls) ? "unknown" : (bucket.ownershipControls?.Rules[0]?.ObjectOwnership ?? null),
    trails: trailArns,
  };
  if (problems.length === 0) {
    return { status: "PASS", messageId: "ok", ...about, data, evidence, unknowns: [...scopeUnknowns, ...maybe, ...undecided] };
  }

  // The corrected policy: the statements that are not CloudTrail's own kept as they are, CloudTrail's
  // replaced by AWS's documented pair, confined to the trails that write here (and to those the old
  // statements named by aws:SourceArn) and covering every path they wrote to.
  const dropped = (policy?.statements ?? []).filter(onlyCloudTrail);
  const kept = (policy?.statements ?? []).filter((s) => !onlyCloudTrail(s));
  const sourceArns = [...new Set([...trailArns, ...dropped.flatMap((s) => s.conditions.filter((c) => c.key.toLowerCase() === "aws:sourcearn").flatMap((c) => c.values))])];
  const writePaths = [
    ...new Set([
      ...required.flatMap((r) => r.paths),
      ...dropped.filter((s) => !s.resource.not && s.action.patterns.some((p) => actionMatches(p, "s3:PutObject"))).flatMap((s) => s.resource.patterns),
    ]),
  ];
  const sids = new Set(kept.map((s) => s.sid));
  const unique = (sid: string) => {
    let out = sid;
    for (let n = 2; sids.has(out); n++) out = `${sid}-${n}`;
    sids.add(out);
    return out;
  };
  const arnCondition = sourceArns.length === 1 ? sourceArns[0]! : sourceArns;
  const statements = [
    ...new Set(kept.map((s) => s.raw)),
    {
      Sid: unique(ACL_SID),
      Effect: "Allow",
      Principal: { Service: CLOUDTRAIL },
      Action: "s3:GetBucketAcl",
      Resource: lb.arn,
      Condition: { StringEquals: { "aws:SourceArn": arnCondition } },
    },
    {
      Sid: unique(WRITE_SID),
      Effect: "Allow",
      Principal: { Service: CLOUDTRAIL },
      Action: "s3:PutObject",
      Resource: writePaths.length === 1 ? writePaths[0]! : writePaths,
      Condition: { StringEquals: { "s3:x-amz-acl": ACL_CONDITION, "aws:SourceArn": arnCondition } },
    },
  ];
  const fixed = { Version: policy?.version ?? "2012-10-17", ...(policy?.id !== undefined ? { Id: policy.id } : {}), Statement: statements };
  data.problems = problems.join("; ");
  data.policyArg = shellQuote(JSON.stringify(fixed));
  data.denyNote = blocked.length > 0 ? " The Deny statements that block delivery are kept: narrow them so that they spare cloudtrail.amazonaws.com." : "";
  return {
    status: "FAIL",
    messageId: policy ? "incomplete" : "noPolicy",
    ...about,
    property: `${ref.pointer}/policy`,
    data,
    evidence,
    // Each problem listed is known: the FAIL stands whatever else is unknown (another trail's prefix).
    unknowns: scopeUnknowns,
  };
}

function parsePolicyOf(input: Parameters<typeof parsePolicy>[0], pointer: string): ParsedPolicy {
  try {
    return parsePolicy(input, "resource", pointer);
  } catch (error) {
    if (error instanceof PolicyParseError) throw new PolicyParseError(`its bucket policy is not a valid policy: ${error.message}`);
    throw error;
  }
}

const FIX_TEXT =
  "As account {{owner}}, replace the bucket policy of {{bucket}} with the corrected one: every statement that is not " +
  "CloudTrail's is kept as it is, and CloudTrail's are replaced by AWS's documented pair — s3:GetBucketAcl on the " +
  "bucket and s3:PutObject on each trail's AWSLogs path with s3:x-amz-acl = bucket-owner-full-control, both confined " +
  "by aws:SourceArn to the trails that write there ({{trails}}). Add the ARN of any other trail that writes to this " +
  "bucket (of an account outside this scan) to aws:SourceArn before applying it.{{denyNote}}";

export const check = defineCheck<Record<string, never>, MessageId>({
  meta: {
    id: "log-bucket-delivery-policy",
    title: "Log bucket policies let CloudTrail deliver, confined to its trails",
    severity: "high",
    docsUrl: docsUrl("log-bucket-delivery-policy"),
    rationale:
      "A trail whose bucket policy lacks s3:GetBucketAcl or s3:PutObject on its AWSLogs path delivers nothing, though it " +
      "reports as logging. A statement that grants cloudtrail.amazonaws.com without aws:SourceArn or aws:SourceAccount " +
      "lets any AWS account point its own trail at the bucket (the confused-deputy problem): forged log files land " +
      "beside the real ones. Without s3:x-amz-acl = bucket-owner-full-control (or BucketOwnerEnforced ownership) the " +
      "bucket owner may not own what is written.",
    reads: [
      ...TRAIL_READS,
      { service: "s3", operation: "GetBucketPolicy" },
      { service: "s3", operation: "GetBucketOwnershipControls" },
      { service: "organizations", operation: "DescribeOrganization" },
    ],
    messages: {
      ...SCOPE_MESSAGES,
      ok: "The policy of log bucket {{bucket}} lets CloudTrail deliver for {{trails}}, confined to the trails that write there.",
      noPolicy: "Log bucket {{bucket}} has no bucket policy, so CloudTrail cannot deliver for {{trails}}.",
      incomplete: "The policy of log bucket {{bucket}} does not let CloudTrail deliver exactly where it writes: {{problems}}.",
      invalidPolicy: INVALID_POLICY_MESSAGE,
    },
    iacMessages: { ...SCOPE_IAC_MESSAGES },
    remediation: {
      text: FIX_TEXT,
      cli: ["aws s3api put-bucket-policy --bucket {{bucket}} --policy {{policyArg}}"],
      ...DELIVERY_POLICY,
    },
    frameworks: { "nist-800-53-r5": ["AC-3", "AU-9"] },
    params: { type: "object", properties: {}, additionalProperties: false },
  },

  run(snapshot) {
    // Judges the trails that write to each bucket: a bucket known only by its policy has none here.
    return judgeLogBucketPolicies<MessageId>(snapshot, (lb, ref, unknowns) => judge(snapshot, lb, ref, unknowns), { byPolicy: false });
  },
});
