// What every per-account check says of an account that is suspended or being closed (nothing to
// check), and the trail checks of a file that defines no trail.
import type { CheckResult } from "../../engine/check.js";
import { coverageGaps, coveringTrails } from "../../model/coverage.js";
import type { Account, Snapshot } from "../../model/snapshot.js";
import { isUnknown } from "../../model/unknown.js";

export const SUSPENDED_MESSAGE = "Account is {{accountStatus}}; nothing to check.";

/** SUSPENDED or PENDING_CLOSURE: AWS keeps no running set-up there to judge. */
export function isClosed(account: Account): boolean {
  return account.Status === "SUSPENDED" || account.Status === "PENDING_CLOSURE";
}

/** The NOT_APPLICABLE result for a closed account (index = its place in snapshot.accounts), else undefined. */
export function suspendedResult(account: Account, index: number): CheckResult<"suspended"> | undefined {
  if (!isClosed(account)) return undefined;
  return { status: "NOT_APPLICABLE", messageId: "suspended", accountId: account.Id, pointer: `/accounts/${index}`, data: { accountStatus: account.Status! } };
}

export const NO_TRAIL_IN_FILE_MESSAGE = "This file defines no trail, so there is no trail to judge here (the trail may be in another stack or plan).";

/** Whether the snapshot holds what a template or plan defines, rather than what an account has. */
export function isFileSnapshot(snapshot: Snapshot): boolean {
  const type = snapshot.source?.type;
  return type === "cloudformation" || type === "terraform";
}

/**
 * The opening of every check about the trails that cover an account: a closed account is
 * NOT_APPLICABLE "suspended"; so is, "noTrailInFile", an account of a template or plan that defines
 * no trail, since a file that leaves the trail to another stack is not an account without one. It
 * carries the resources that may create a trail the file does not show (a custom resource, a
 * nested stack): with any, the engine reports ERROR naming them.
 */
export function accountOpening(snapshot: Snapshot, account: Account, index: number): CheckResult<"suspended" | "noTrailInFile"> | undefined {
  const closed = suspendedResult(account, index);
  if (closed) return closed;
  if (!isFileSnapshot(snapshot) || isUnknown(account.trails) || coveringTrails(snapshot, account).length > 0) return undefined;
  return { status: "NOT_APPLICABLE", messageId: "noTrailInFile", accountId: account.Id, pointer: `/accounts/${index}`, unknowns: coverageGaps(snapshot, account) };
}
