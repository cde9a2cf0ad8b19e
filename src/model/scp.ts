// Service control policies: which SCPs deny an action to the principals of an account.
//
// SCPs (organization.serviceControlPolicies) apply to an account when one of their targets is the
// account, an OU on account.ouPath, or the organization root. They never apply to the management
// account nor to service-linked roles (AWS Organizations rule), and only in an organization with all
// features. Only explicit Deny statements are evaluated (an allow-list SCP that merely omits an
// action is not treated as denying it, because snapshots may not carry every attached policy).
// A statement that holds unknown values (a file's parameter) is judged three-valued (policy-tri.ts):
// when it closes the path for some values only, whether an SCP denies is unknown, naming those values.
import type { Account, Snapshot } from "./snapshot.js";
import { accountIndex, findAccount } from "./coverage.js";
import { PolicyParseError, denyOf, grantsOn, matchesAction, parsePolicy, type DenyMatch, type ParsedPolicy } from "./policy.js";
import { decide, isFalse, isTrue, holesOf } from "./policy-tri.js";
import { isUnknown, type UnknownRef } from "./unknown.js";
export const SCP_SERVICE_LINKED_ROLES_NOTE = "SCPs do not apply to service-linked roles.";

export interface ScpDenyMatch extends DenyMatch {
  policyId: string;
  policyName?: string;
  /** How the policy reaches the account, e.g. "ROOT r-ab12", "ORGANIZATIONAL_UNIT ou-ab12-xyz", "ACCOUNT 1111...". */
  attachedVia: string;
}

export interface ScpEvaluation {
  /** True when an SCP that applies to the account closes the path (see DenyMatch.closes). */
  denied: boolean;
  /** Matching Deny statements of SCPs attached to the account, an OU on its path or the root. */
  matches: ScpDenyMatch[];
  /** Why SCPs cannot deny here (management account, no organization, ...); matches are then informative only. */
  notApplicable?: string;
  /** Set when the SCPs could not be read: `denied: false` then means "not known to deny". */
  unknown?: UnknownRef[];
}

/**
 * The Deny statements of an SCP that reach `action` on the target, each with whether it closes the
 * path; a statement with holes closes it when it does for every value of the holes, and is
 * `undecided` (naming the holes that decide) when it does for some only.
 */
function denyingStatements(parsed: ParsedPolicy, action: string, target: string, owner: string, partition: string): (DenyMatch & { undecided?: UnknownRef[] })[] {
  const out: (DenyMatch & { undecided?: UnknownRef[] })[] = [];
  for (const statement of parsed.statements) {
    if (statement.holes.length === 0) {
      const match = denyOf(statement, action, target);
      if (match) out.push(match);
      continue;
    }
    const ctx = { owner, partition, targets: [target] };
    const closes = decide(statement, (s) => denyOf(s, action, target)?.closes === true, ctx);
    const reaches = decide(statement, (s) => s.effect === "Deny" && matchesAction(s, action) && grantsOn(s, target), ctx);
    if (isFalse(reaches)) continue;
    const known = denyOf(statement, action, target);
    const base: DenyMatch = known ?? {
      statement,
      action,
      target,
      scope: "all",
      conditionKind: "none",
      exemptions: [],
      coversTarget: false,
      closes: false,
      reason: "",
    };
    if (isTrue(closes)) out.push({ ...base, closes: true, reason: base.closes ? base.reason : "denies everyone, whatever the values the file leaves open" });
    else if (isFalse(closes)) out.push({ ...base, closes: false, reason: base.closes || base.reason === "" ? "it does not close the path for any value the file leaves open" : base.reason });
    else out.push({ ...base, closes: false, reason: `whether it closes the path depends on ${describeHoles(holesOf(closes))}`, undecided: holesOf(closes) });
  }
  return out;
}

/** The values a verdict depends on, as the file writes them (the collection errors say). */
export function describeHoles(holes: readonly UnknownRef[]): string {
  return [...new Set(holes.map((h) => h.cause.message.replace(/; cannot be decided from this file$/, "")))].join("; ");
}

/** Whether an SCP target reaches the account; "unknown" for an OU when the account's OU path is not known. */
export function scpTargetFor(account: Account | undefined, accountId: string, target: { TargetId: string; Type: string }): boolean | "unknown" {
  if (target.Type === "ROOT") return true; // an organization has one root, above every account
  if (target.Type === "ACCOUNT") return target.TargetId === accountId;
  if (isUnknown(account?.ouPath)) return "unknown";
  return (account?.ouPath ?? []).some((ou) => ou.Id === target.TargetId);
}

/**
 * Whether the SCPs in the snapshot explicitly deny `action` on `resourceArn` to the principals of
 * `accountId`. Never for the management account (SCPs do not apply to it).
 */
export function scpDenies(snapshot: Snapshot, accountId: string, action: string, resourceArn: string): ScpEvaluation {
  const org = snapshot.organization;
  if (!org) return { denied: false, matches: [], notApplicable: "the account is not in an AWS Organization, so no SCP applies" };
  const account = findAccount(snapshot, accountId);
  const matches: ScpDenyMatch[] = [];
  const policies = org.serviceControlPolicies;
  if (isUnknown(policies)) {
    // Whether an SCP denies is not known; a verdict that needs "no SCP denies" rests on this.
    const unknown = [{ cause: policies.$unknown, pointer: "/organization/serviceControlPolicies" }];
    if (accountId === org.MasterAccountId) return { denied: false, matches, notApplicable: `SCPs do not apply to the management account ${accountId}` };
    if (org.FeatureSet === "CONSOLIDATED_BILLING") return { denied: false, matches, notApplicable: "the organization has only consolidated billing features, so SCPs are not enforced" };
    return { denied: false, matches, unknown };
  }
  const unknown: UnknownRef[] = [];
  for (const [index, scp] of (policies ?? []).entries()) {
    const via = scp.targets.find((t) => scpTargetFor(account, accountId, t) === true);
    const maybe = via ? undefined : scp.targets.find((t) => scpTargetFor(account, accountId, t) === "unknown");
    if (!via && !maybe) continue;
    let parsed: ParsedPolicy;
    try {
      parsed = parsePolicy(scp.Content, "scp", `/organization/serviceControlPolicies/${index}/Content`);
    } catch (error) {
      throw new PolicyParseError(`SCP ${scp.PolicySummary.Id}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const denying = denyingStatements(parsed, action, resourceArn, accountId, snapshot.partition);
    if (!via) {
      // Attached to an OU the account may be under: an SCP that would close the path may apply.
      const ouPath = account?.ouPath;
      if (isUnknown(ouPath) && denying.some((m) => m.closes || m.undecided)) {
        unknown.push({ cause: ouPath.$unknown, pointer: `/accounts/${accountIndex(snapshot, accountId)}/ouPath` });
      }
      continue;
    }
    for (const { undecided, ...match } of denying) {
      if (undecided) unknown.push(...undecided);
      matches.push({
        ...match,
        policyId: scp.PolicySummary.Id,
        ...(scp.PolicySummary.Name !== undefined ? { policyName: scp.PolicySummary.Name } : {}),
        attachedVia: `${via.Type} ${via.TargetId}`,
      });
    }
  }
  let notApplicable: string | undefined;
  if (accountId === org.MasterAccountId) notApplicable = `SCPs do not apply to the management account ${accountId}`;
  else if (org.FeatureSet === "CONSOLIDATED_BILLING") notApplicable = "the organization has only consolidated billing features, so SCPs are not enforced";
  const denied = notApplicable === undefined && matches.some((m) => m.closes);
  return {
    denied,
    matches,
    ...(notApplicable !== undefined ? { notApplicable } : {}),
    ...(!denied && notApplicable === undefined && unknown.length > 0 ? { unknown } : {}),
  };
}

