// Sets of policy statements, evaluated for one request of one principal (src/model/iam-eval.ts):
// does some Allow grant it, does some Deny stop it?
//
// A request is an action on a target ARN (bucket or bucket/*) by a principal whose condition keys
// are known in part (`context`: aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalOrgID, ...,
// what the snapshot decides). Each statement's conditions are evaluated against that context
// (policy.ts evaluateConditions): a condition on a key the snapshot does not decide
// (aws:MultiFactorAuthPresent, aws:SourceIp, tags, set operators) leaves the statement "under
// condition": an Allow then still grants, listed with its conditions, and a Deny does not stop the
// request for sure, listed as "unless". Never is an undecided condition read as denying.
//
// Three values. Statements that hold unknown values (holes, a file's parameters) are judged with
// policy-tri.ts `decide`: a grant or denial that depends on them is unknown, naming them. A policy
// whose document is not in the snapshot (a managed policy the read did not return) is one whole hole.
import { coversAll, evaluateConditions, grantsOn, matchesAction, type ConditionEntry, type ParsedStatement } from "./policy.js";
import { FALSE, TRUE, decide, isFalse, isTrue, holesOf, unknownTri, type HoleContext, type Tri } from "./policy-tri.js";
import type { UnknownRef } from "./unknown.js";

/** Where a statement comes from, as a finding names it. */
export interface StatementSource {
  /** The managed policy's ARN, or "inline:<PolicyName>", or "bucket policy", or "SCP <id>". */
  policy: string;
  /** The user, group or role the policy is attached to ("group Admins"), when not the principal itself. */
  attachedTo?: string;
}

/** One policy of a set: its statements, or the unknown that stands for a document not in the snapshot. */
export type PolicySet = { source: StatementSource; statements: readonly ParsedStatement[] } | { source: StatementSource; missing: UnknownRef };

export interface Request {
  action: string;
  target: string;
  context: Readonly<Record<string, string>>;
  holeContext: HoleContext;
  /** Whether a statement's Principal names the principal (resource policies); absent: every statement applies (identity policies, SCPs). */
  principalMatches?: (s: ParsedStatement) => boolean;
}

export interface Via {
  policy: string;
  attachedTo?: string;
  /** The Sid, or "#<index>". */
  statement: string;
  /** Conditions the snapshot does not decide, under which the statement applies. */
  conditions: string[];
}

export interface AllowOutcome {
  allowed: Tri;
  via: Via[];
}

export interface DenyOutcome {
  denied: Tri;
  /** Denies that apply only under conditions the snapshot does not decide (the grant holds unless they hold). */
  unless: string[];
}

function describeCondition(c: ConditionEntry): string {
  return `${c.operator} ${c.key} ${c.values.length === 1 ? c.values[0]! : `[${c.values.join(", ")}]`}`;
}

/** The statement's conditions that the context does not decide, described. */
export function undecidedConditions(statement: ParsedStatement, context: Readonly<Record<string, string>>): string[] {
  return statement.conditions.filter((c) => evaluateConditions([c], context).applies === "undecided").map(describeCondition);
}

function reaches(s: ParsedStatement, effect: "Allow" | "Deny", request: Request): boolean {
  if (s.effect !== effect || !matchesAction(s, request.action)) return false;
  if (!(effect === "Allow" ? grantsOn(s, request.target) : coversAll(s, request.target))) return false;
  return request.principalMatches ? request.principalMatches(s) : true;
}

/** Whether the statement may apply (its conditions are not false) and whether it surely applies. */
function applies(s: ParsedStatement, effect: "Allow" | "Deny", request: Request): { may: Tri; sure: Tri } {
  const verdict = (ok: (applies: string) => boolean) => (st: ParsedStatement) => reaches(st, effect, request) && ok(evaluateConditions(st.conditions, request.context).applies);
  return {
    may: decide(s, verdict((a) => a !== "no"), request.holeContext),
    sure: decide(s, verdict((a) => a === "yes"), request.holeContext),
  };
}

/** Whether some Allow of the sets grants the request, with every statement that does. */
export function allowOf(sets: readonly PolicySet[], request: Request): AllowOutcome {
  const via: Via[] = [];
  const holes: UnknownRef[] = [];
  for (const set of sets) {
    if ("missing" in set) {
      holes.push(set.missing);
      continue;
    }
    for (const s of set.statements) {
      const { may } = applies(s, "Allow", request);
      if (isTrue(may)) {
        via.push({ policy: set.source.policy, ...(set.source.attachedTo ? { attachedTo: set.source.attachedTo } : {}), statement: s.label, conditions: undecidedConditions(s, request.context) });
      } else if (!isFalse(may)) holes.push(...holesOf(may));
    }
  }
  return { allowed: via.length > 0 ? TRUE : holes.length > 0 ? unknownTri(holes) : FALSE, via };
}

/** Whether some Deny of the sets surely stops the request; the conditional ones as "unless". */
export function denyOf(sets: readonly PolicySet[], request: Request, layer: string): DenyOutcome {
  const holes: UnknownRef[] = [];
  const unless: string[] = [];
  for (const set of sets) {
    if ("missing" in set) {
      holes.push(set.missing);
      continue;
    }
    for (const s of set.statements) {
      const { may, sure } = applies(s, "Deny", request);
      if (isTrue(sure)) return { denied: TRUE, unless: [] };
      if (!isFalse(sure)) holes.push(...holesOf(sure));
      else if (!isFalse(may)) unless.push(`${layer} ${set.source.policy} statement ${s.label} denies when ${undecidedConditions(s, request.context).join(" and ")}`);
    }
  }
  return { denied: holes.length > 0 ? unknownTri(holes) : FALSE, unless };
}
