// What every per-account check says of an account that is suspended or being closed: nothing to check.
import type { CheckResult } from "../../engine/check.js";
import type { Account } from "../../model/snapshot.js";

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
