// log-bucket-no-delete's verdict when the owner account's identity policies are known (account.iam):
// the principals that can take each delete or weakening path (src/model/iam-eval.ts), after what
// closes paths whatever IAM says (COMPLIANCE-mode default retention closes object deletion; MFA
// Delete closes what it reserves for the root user), with the principals the user allows set apart.
import type { DataValue } from "../../engine/check.js";
import { deletePaths, whoCan, type PathPrincipal, type PathResult, type Via } from "../../model/iam-eval.js";
import type { ParsedPolicy } from "../../model/policy.js";
import { resourceCovers } from "../../model/policy.js";
import type { IamAuthorization, Snapshot } from "../../model/snapshot.js";
import { distinctUnknowns, type UnknownRef } from "../../model/unknown.js";

export interface AllowedPrincipal {
  /** An ARN with IAM's wildcards (`*`, `?`), matched case-sensitively. */
  pattern: string;
  reason: string;
}

export interface IdentityInput {
  owner: string;
  bucketArn: string;
  policy: ParsedPolicy | null;
  iam: IamAuthorization;
  iamPointer: string;
  /** Object Lock default retention in GOVERNANCE mode: the retention path counts. */
  governance: boolean;
  /** Paths closed whatever IAM says, with what closes them. */
  closed: ReadonlyMap<string, string>;
  /** Paths that an unknown value (Object Lock configuration, versioning) might close, with the unknowns. */
  mayClose: ReadonlyMap<string, UnknownRef[]>;
  allowed: readonly AllowedPrincipal[];
}

export interface IdentityVerdict {
  status: "PASS" | "FAIL";
  messageId: "principals" | "noPrincipals";
  data: Record<string, DataValue>;
  evidence: Record<string, unknown>;
  unknowns: UnknownRef[];
  /** Paths with a principal that counts (for the fix's Deny). */
  openPaths: string[];
}

function describeVia(v: Via): string {
  const where = `${v.policy}${v.attachedTo ? ` of ${v.attachedTo}` : ""} statement ${v.statement}`;
  return v.conditions.length > 0 ? `${where} when ${v.conditions.join(" and ")}` : where;
}

/** "arn (kind): path, path via X; path via Y [conditions]" for each principal, grouped by how it gets each path. */
export function describePrincipals(entries: readonly { path: string; principal: PathPrincipal }[]): string {
  const byArn = new Map<string, { kind: string; groups: Map<string, string[]> }>();
  for (const { path, principal } of entries) {
    const entry = byArn.get(principal.principalArn) ?? { kind: principal.kind, groups: new Map<string, string[]>() };
    const how = `via ${[...new Set(principal.via.map(describeVia))].join(", ")}${principal.conditions.length > 0 ? ` [${principal.conditions.join("; ")}]` : ""}`;
    entry.groups.set(how, [...(entry.groups.get(how) ?? []), path]);
    byArn.set(principal.principalArn, entry);
  }
  return [...byArn]
    .map(([arn, { kind, groups }]) => `${arn} (${kind}): ${[...groups].map(([how, paths]) => `${paths.join(", ")} ${how}`).join("; ")}`)
    .join("; ");
}

/** The verdict on a log bucket from the principals that can take each path (see the header). */
export function judgeIdentities(snapshot: Snapshot, input: IdentityInput): IdentityVerdict {
  const results = whoCan(snapshot, { ...input, paths: deletePaths(input.governance) });
  const isAllowed = (arn: string) => input.allowed.find((a) => resourceCovers(a.pattern, arn));
  const counted: { path: string; principal: PathPrincipal }[] = [];
  const allowed = new Map<string, string>();
  const serviceLinked: { path: string; principal: PathPrincipal }[] = [];
  const undecided: UnknownRef[] = [];
  const kept: PathResult[] = [];
  for (const r of results) {
    const closedBy = input.closed.get(r.path);
    if (closedBy !== undefined) continue;
    kept.push(r);
    for (const principal of r.principals) {
      const allow = isAllowed(principal.principalArn);
      if (allow) allowed.set(principal.principalArn, allow.reason);
      else counted.push({ path: r.path, principal });
    }
    for (const principal of r.serviceLinked) serviceLinked.push({ path: r.path, principal });
    for (const u of r.undecided) if (!isAllowed(u.principalArn)) undecided.push(...u.holes);
  }
  // A principal counts for sure when some path of it is one no unknown value might close.
  const sure = counted.filter((c) => !input.mayClose.has(c.path));
  const openPaths = [...new Set(counted.map((c) => c.path))];
  const perPath = Object.fromEntries(results.map((r) => [r.path, input.closed.has(r.path) ? 0 : r.principals.filter((p) => !isAllowed(p.principalArn)).length]));
  const allowedNote = allowed.size > 0 ? ` ${[...allowed].map(([arn, reason]) => `allowed: ${arn} (${reason})`).join("; ")}.` : "";
  const serviceNote =
    serviceLinked.length > 0
      ? ` Service-linked roles, not counted (AWS services act through them; SCPs do not apply to them): ${describePrincipals(serviceLinked)}.`
      : "";
  const evidence = {
    principalsPerPath: perPath,
    principals: kept.map((r) => ({ path: r.path, principals: r.principals.filter((p) => !isAllowed(p.principalArn)) })).filter((r) => r.principals.length > 0),
    allowedPrincipals: [...allowed].map(([principalArn, reason]) => ({ principalArn, reason })),
    serviceLinkedRoles: serviceLinked.map(({ path, principal }) => ({ path, principalArn: principal.principalArn })),
    closedWhateverIam: Object.fromEntries(input.closed),
    ...(undecided.length > 0 ? { undecidedPrincipals: kept.flatMap((r) => r.undecided.map((u) => ({ path: r.path, principalArn: u.principalArn }))) } : {}),
  };
  const data: Record<string, DataValue> = { allowedNote, serviceNote };
  if (counted.length > 0) {
    data.principals = describePrincipals(counted);
    data.count = new Set(counted.map((c) => c.principal.principalArn)).size;
    const unknowns = sure.length > 0 ? [] : distinctUnknowns(counted.flatMap((c) => input.mayClose.get(c.path) ?? []));
    return { status: "FAIL", messageId: "principals", data, evidence, unknowns, openPaths };
  }
  const closers = [...new Set(input.closed.values())];
  data.why =
    closers.length > 0
      ? `${closers.join(", ")} close${closers.length === 1 ? "s" : ""} some paths, and no identity or bucket policy grants the others`
      : "no identity or bucket policy grants a delete or weakening path";
  return { status: "PASS", messageId: "noPrincipals", data, evidence, unknowns: distinctUnknowns(undecided), openPaths };
}

/** The JSON Schema of the allowedPrincipals param. */
export const ALLOWED_PRINCIPALS_SCHEMA = {
  type: "array",
  items: {
    type: "object",
    properties: {
      pattern: { type: "string", minLength: 1, pattern: "^(arn:[^:]*:(iam|sts)::[^:]*:.+|\\*)$" },
      reason: { type: "string", minLength: 1 },
    },
    required: ["pattern", "reason"],
    additionalProperties: false,
  },
  default: [],
  description:
    "Principals that may hold a delete or weakening path (a break-glass role): ARN patterns with IAM's wildcards, each with the reason; " +
    "they are not failures, and the message lists them as allowed.",
} as const;
