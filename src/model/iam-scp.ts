// SCPs as a layer of the evaluation of one principal's request (src/model/iam-eval.ts): the request
// must be allowed at every level from the root to the account (an allow list at any level that does
// not allow the action stops it) and denied at none.
//
// Levels: the root, each OU on account.ouPath, the account itself; a level's SCPs are those attached
// to its target. A level with no SCP in the snapshot is taken to allow: AWS keeps at least one SCP
// (FullAWSAccess by default) on every root, OU and account, so a snapshot that lists none there did
// not carry it, and reading the gap as "allows nothing" would deny everything. SCPs do not apply to
// the management account, in an organization with consolidated billing only, outside an
// organization, nor to service-linked roles (the caller skips them). When the SCPs could not be read,
// or the account's OU path could not and some SCP is attached to an OU, the layer is unknown.
import { findAccount } from "./coverage.js";
import { PolicyParseError, parsePolicy } from "./policy.js";
import { scpTargetFor } from "./scp.js";
import type { PolicySet } from "./iam-statements.js";
import type { Snapshot } from "./snapshot.js";
import { isUnknown, type UnknownRef } from "./unknown.js";

export type ScpLayer =
  | { applies: false; why: string }
  | { applies: true; unknown: UnknownRef[] }
  | { applies: true; unknown?: undefined; levels: { name: string; sets: PolicySet[] }[]; all: PolicySet[] };

/** The SCP layer of an account (parses each SCP once; throws PolicyParseError naming a broken one). */
export function scpLayer(snapshot: Snapshot, accountId: string): ScpLayer {
  return organizationPolicyLayer(snapshot, accountId, "serviceControlPolicies");
}

/**
 * The resource control policies over the resources of an account (the bucket owner's): like SCPs,
 * from the root to the account and never over the management account's resources. Only their Deny
 * statements matter: RCPFullAWSAccess, which AWS attaches everywhere and which cannot be detached,
 * allows everything, so an RCP cannot be an allow list.
 */
export function rcpLayer(snapshot: Snapshot, accountId: string): ScpLayer {
  return organizationPolicyLayer(snapshot, accountId, "resourceControlPolicies");
}

function organizationPolicyLayer(snapshot: Snapshot, accountId: string, field: "serviceControlPolicies" | "resourceControlPolicies"): ScpLayer {
  const kind = field === "serviceControlPolicies" ? "SCP" : "RCP";
  const org = snapshot.organization;
  if (!org) return { applies: false, why: "the account is not in an AWS Organization" };
  if (accountId === org.MasterAccountId) return { applies: false, why: `${kind}s do not apply to the management account ${accountId}` };
  if (org.FeatureSet === "CONSOLIDATED_BILLING") return { applies: false, why: "the organization has only consolidated billing features" };
  const policies = org[field];
  // Not read (a snapshot from before RCPs were read, a template): none stands in, as before.
  if (policies === undefined && field === "resourceControlPolicies") return { applies: false, why: "no resource control policies in the snapshot" };
  if (isUnknown(policies)) return { applies: true, unknown: [{ cause: policies.$unknown, pointer: `/organization/${field}` }] };
  const account = findAccount(snapshot, accountId);
  const ouPath = account?.ouPath;
  const list = policies ?? [];
  if (isUnknown(ouPath) && list.some((p) => p.targets.some((t) => t.Type === "ORGANIZATIONAL_UNIT"))) {
    const index = snapshot.accounts.findIndex((a) => a.Id === accountId);
    return { applies: true, unknown: [{ cause: ouPath.$unknown, pointer: `/accounts/${index}/ouPath` }] };
  }
  const parsed: PolicySet[] = list.map((scp, index) => {
    try {
      return {
        source: { policy: `${kind} ${scp.PolicySummary.Name ?? scp.PolicySummary.Id} (${scp.PolicySummary.Id})` },
        // An RCP names its principals (always "*", with conditions), as a resource policy does.
        statements: parsePolicy(scp.Content, kind === "SCP" ? "scp" : "resource", `/organization/${field}/${index}/Content`).statements,
      };
    } catch (error) {
      throw new PolicyParseError(`${kind} ${scp.PolicySummary.Id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  const knownPath = isUnknown(ouPath) ? [] : (ouPath ?? []);
  const levelTargets: { name: string; matches: (t: { TargetId: string; Type: string }) => boolean }[] = [
    { name: "root", matches: (t) => t.Type === "ROOT" },
    ...knownPath.filter((ou) => !ou.Id.startsWith("r-")).map((ou) => ({ name: `OU ${ou.Name ?? ou.Id} (${ou.Id})`, matches: (t: { TargetId: string; Type: string }) => t.Type === "ORGANIZATIONAL_UNIT" && t.TargetId === ou.Id })),
    { name: `account ${accountId}`, matches: (t) => t.Type === "ACCOUNT" && t.TargetId === accountId },
  ];
  const levels = levelTargets.map((level) => ({ name: level.name, sets: parsed.filter((_, i) => list[i]!.targets.some(level.matches)) }));
  const all = parsed.filter((_, i) => list[i]!.targets.some((t) => scpTargetFor(account, accountId, t) === true));
  return { applies: true, levels, all };
}
