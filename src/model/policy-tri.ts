// Three-valued evaluation of policy statements that hold unknown values ("holes": a value a file
// does not decide, such as `!Ref pOrganizationId` in an aws:PrincipalOrgID condition; parsePolicy
// turns each `{"$unknown": ...}` inside a document into a HoleSite of its statement).
//
// Semantics. A statement with holes stands for the set of statements obtained by replacing each hole
// with any value of its place. A question a check asks about one statement ("does this Allow grant
// s3:DeleteObject on bucket/* to someone broadly?", "does this Deny close it?") is a predicate P
// over concrete statements (the functions of policy.ts: grantOf, denyOf, serviceStatementOf). Its
// three-valued answer, `decide(statement, P)`, is
//   true      when P holds for every replacement,
//   false     when P holds for none,
//   unknown   otherwise, naming the holes whose value can change the answer (and only those).
// Checks combine these answers with Kleene's strong three-valued logic (and/or/not below: false
// dominates `and`, true dominates `or`), in the same formulas they use on known policies: "Deny
// overrides" is `closed = or(deny closes, ...)`, "a path is open" is `not(closed)`, "a broad grant
// exists" is `or` over the Allow statements. Kleene logic is sound for these formulas: a true or
// false result holds for every replacement of the holes (each hole is taken independently, so the
// result may be unknown where a joint replacement would decide it, never the other way round). So
// a check's verdict is PASS or FAIL only when every value of the holes gives that verdict, and ERROR
// naming the holes that could flip it otherwise. Consequences: a hole in a Deny that could only deny
// more, or in an Allow whose other parts already fail to match, cannot make a verdict undecided; a
// hole in an Allow that would otherwise grant, or in the only Deny that closes a path, does.
//
// How `decide` covers "every replacement" with finitely many: the predicates of policy.ts read a
// value only through a few classifications, and each place gets one representative value per class
// (REPRESENTATIVES below; completeness per place is argued there). The replacements of the value
// holes are enumerated (the product of the representatives of the statement's holes). Two kinds of
// holes are not enumerated but bounded, because every predicate checks ask is *anti-monotone* in
// them: a predicate says what the statement does unrestricted ("grants broadly", "closes", "applies",
// "is unscoped"), and
// - an unknown condition block ("conditionBlock": unknown operators and keys) can only add conditions,
//   and IAM's conditions are conjunctive: added conditions only restrict a statement. So P with the
//   block is false when P without it is false, and otherwise unknown;
// - an unknown Effect makes the statement two readings (Allow, Deny), each of which may not be there
//   ("existence"): P is false when false for the reading, else unknown. A statement unknown as a whole
//   is both readings with every element a hole.
// A value hole holds at least one value (a scalar or a list element; a list parameter's several values
// fold like one representative: every fold here is a some/every/worst over the values).
import type { ParsedStatement, HoleSite } from "./policy.js";
import { parsePrincipalValue } from "./policy.js";
import { distinctUnknowns, type UnknownRef } from "./unknown.js";

/** Kleene's three truth values; an unknown carries the holes it rests on. */
export type Tri = { v: true } | { v: false } | { v: "unknown"; holes: UnknownRef[] };

export const TRUE: Tri = { v: true };
export const FALSE: Tri = { v: false };
export const unknownTri = (holes: UnknownRef[]): Tri => ({ v: "unknown", holes: distinctUnknowns(holes) });
export const tri = (value: boolean): Tri => (value ? TRUE : FALSE);
export const isTrue = (t: Tri): boolean => t.v === true;
export const isFalse = (t: Tri): boolean => t.v === false;
export const isUnknownTri = (t: Tri): t is { v: "unknown"; holes: UnknownRef[] } => t.v === "unknown";
export const holesOf = (t: Tri): UnknownRef[] => (t.v === "unknown" ? t.holes : []);

export function and(...xs: Tri[]): Tri {
  if (xs.some(isFalse)) return FALSE;
  const unknown = xs.filter(isUnknownTri);
  return unknown.length > 0 ? unknownTri(unknown.flatMap((x) => x.holes)) : TRUE;
}
export function or(...xs: Tri[]): Tri {
  if (xs.some(isTrue)) return TRUE;
  const unknown = xs.filter(isUnknownTri);
  return unknown.length > 0 ? unknownTri(unknown.flatMap((x) => x.holes)) : FALSE;
}
export function not(x: Tri): Tri {
  return x.v === "unknown" ? x : tri(!x.v);
}

/** What the representatives of a statement's holes may refer to. */
export interface HoleContext {
  /** The account that owns the resource (principals and condition values are classified against it). */
  owner: string;
  partition?: string;
  /** ARNs the predicate asks about (a Resource hole gets a value that reaches part of each). */
  targets?: readonly string[];
  /** Request values the predicate compares conditions with (trail ARNs, accounts, the organization id). */
  values?: readonly string[];
}

const OTHER_ACCOUNT = "999999999999";
const NO_ACTION = "cloudtrail-lint:NoSuchAction";
const NO_RESOURCE = "arn:cloudtrail-lint:::no-such-resource";
const HOLE = "cloudtrail-lint-hole";

/**
 * Representative values per place (each class of values the predicates of policy.ts tell apart gets one):
 * - Action: an action pattern is read only as "matches the queried action or not": `*` and an action
 *   that matches nothing.
 * - Resource: as "intersects / covers the queried target": `*` (covers), an ARN that matches nothing,
 *   and, for a target that stands for many ARNs (ends in `*`), one ARN of it (intersects, does not cover).
 * - Principal (AWS): by audience (everyone, another account, the owner account, a specific principal
 *   of the owner); Service: cloudtrail.amazonaws.com (the service the checks ask about) and another;
 *   Federated: of another account and of the owner; CanonicalUser: one (another account). A whole
 *   Principal element: all of these.
 * - Condition value: the values the condition classifications react to: a wildcard, a literal that
 *   names nothing, the owner and another account, an IAM role of the owner (specific), all roles of
 *   the owner (the whole account), another account's root, a unique id, bucket-owner-full-control,
 *   true/false, and each request value of the context as it is and with its region wildcarded.
 */
function representatives(site: HoleSite, ctx: HoleContext): unknown[] {
  const p = ctx.partition ?? "aws";
  const owner = ctx.owner;
  const aws = ["*", `arn:${p}:iam::${OTHER_ACCOUNT}:root`, `arn:${p}:iam::${owner}:root`, `arn:${p}:iam::${owner}:role/${HOLE}`];
  const service = ["cloudtrail.amazonaws.com", `${HOLE}.amazonaws.com`];
  const federated = [`arn:${p}:iam::${OTHER_ACCOUNT}:saml-provider/${HOLE}`, `arn:${p}:iam::${owner}:saml-provider/${HOLE}`];
  switch (site.at) {
    case "action":
      return ["*", NO_ACTION];
    case "resource": {
      const partial = (ctx.targets ?? []).filter((t) => t.endsWith("*")).map((t) => `${t.slice(0, -1)}${HOLE}`);
      return ["*", NO_RESOURCE, ...partial];
    }
    case "principal": {
      const of = (type: string, values: string[]) => values.map((value) => ({ type, value }));
      if (site.type === "AWS") return of("AWS", aws);
      if (site.type === "Service") return of("Service", service);
      if (site.type === "Federated") return of("Federated", federated);
      if (site.type === "CanonicalUser") return of("CanonicalUser", [HOLE]);
      if (site.type !== "*") return [];
      return [{ type: "*", value: "*" }, ...of("AWS", aws.slice(1)), ...of("Service", service), ...of("Federated", federated), ...of("CanonicalUser", [HOLE])];
    }
    case "condition": {
      const context = (ctx.values ?? []).flatMap((v) => {
        const parts = v.split(":");
        return parts[0] === "arn" && parts.length >= 6 ? [v, [...parts.slice(0, 3), "*", ...parts.slice(4)].join(":")] : [v];
      });
      return [
        ...new Set([
          "*",
          HOLE,
          owner,
          OTHER_ACCOUNT,
          `arn:${p}:iam::${owner}:role/${HOLE}`,
          `arn:${p}:iam::${owner}:role/*`,
          `arn:${p}:iam::${OTHER_ACCOUNT}:root`,
          "AIDACLOUDTRAILLINTHOLE",
          "bucket-owner-full-control",
          "true",
          "false",
          ...context,
        ]),
      ];
    }
    default:
      return [];
  }
}

/** The statement with value holes replaced by `choice[i]` (one per enumerated site), block and existence holes dropped. */
function concrete(statement: ParsedStatement, sites: HoleSite[], choice: unknown[]): ParsedStatement {
  const out: ParsedStatement = {
    ...statement,
    action: { ...statement.action, patterns: [...statement.action.patterns] },
    resource: { ...statement.resource, patterns: [...statement.resource.patterns] },
    conditions: statement.conditions.map((c) => ({ ...c, values: [...c.values] })),
    ...(statement.principal ? { principal: { ...statement.principal, entries: [...statement.principal.entries] } } : {}),
    holes: [],
  };
  sites.forEach((site, i) => {
    const value = choice[i];
    if (site.at === "action") out.action.patterns.push(value as string);
    else if (site.at === "resource") out.resource.patterns.push(value as string);
    else if (site.at === "condition") out.conditions[site.entry]!.values.push(value as string);
    else if (site.at === "principal" && out.principal) {
      const { type, value: v } = value as { type: string; value: string };
      out.principal.entries.push(type === "*" ? { type: "*", value: "*", kind: "everyone" } : parsePrincipalValue(type, v));
    }
  });
  return out;
}

/** More replacements than this and `decide` answers unknown without enumerating (sound, never slow). */
const MAX_REPLACEMENTS = 4096;

/**
 * Whether P holds for the statement whatever its holes hold (see the header). A statement without
 * holes (every live one) is P itself.
 */
export function decide(statement: ParsedStatement, predicate: (s: ParsedStatement) => boolean, ctx: HoleContext): Tri {
  if (statement.holes.length === 0) return tri(predicate(statement));
  const bounded = statement.holes.filter((h) => h.at === "conditionBlock" || h.at === "existence");
  const sites = statement.holes.filter((h) => h.at !== "conditionBlock" && h.at !== "existence");
  const reps = sites.map((site) => representatives(site, ctx));
  const total = reps.reduce((n, r) => n * Math.max(r.length, 1), 1);
  if (total > MAX_REPLACEMENTS) return unknownTri(statement.holes.map((h) => h.ref));
  // Every replacement, in mixed-radix order; outcomes[k] is P of replacement k.
  const outcomes: boolean[] = [];
  for (let k = 0; k < total; k++) {
    let rest = k;
    const choice = reps.map((r) => {
      const pick = r[rest % r.length];
      rest = Math.floor(rest / r.length);
      return pick;
    });
    outcomes.push(predicate(concrete(statement, sites, choice)));
  }
  const anyTrue = outcomes.some((o) => o);
  const allTrue = outcomes.every((o) => o);
  if (!anyTrue) return FALSE;
  if (allTrue && bounded.length === 0) return TRUE;
  // The holes that can change the answer: a value hole whose replacement alone changes an outcome,
  // and every bounded hole (it can turn any true outcome false).
  const relevant: UnknownRef[] = bounded.map((h) => h.ref);
  let stride = 1;
  sites.forEach((site, i) => {
    const n = reps[i]!.length;
    let matters = false;
    for (let k = 0; k < total && !matters; k++) {
      const digit = Math.floor(k / stride) % n;
      if (digit !== 0) continue;
      for (let d = 1; d < n; d++) if (outcomes[k + d * stride] !== outcomes[k]) matters = true;
    }
    if (matters) relevant.push(site.ref);
    stride *= n;
  });
  return unknownTri(relevant);
}
