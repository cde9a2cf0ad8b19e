// The opening every account-level trail check shares: a suspended (or closing) account is
// NOT_APPLICABLE "suspended"; an account that no logging trail covers is NOT_APPLICABLE "none",
// carrying the unknowns that may hide one (trail lists not read, trails whose status or
// configuration is unknown: the engine then reports ERROR); otherwise the logging trails to judge.
import type { CheckResult } from "../../engine/check.js";
import { loggingCoverage, type LoggingCoverage } from "../../model/coverage.js";
import type { Account, Snapshot } from "../../model/snapshot.js";
import type { UnknownRef } from "../../model/unknown.js";
import { accountOpening } from "./accounts.js";

export type OpeningMessageId = "suspended" | "noTrailInFile" | "none";

/** Either the account's result, decided already, or the logging trails (at least one) that cover it. */
export type CoveredAccount = { result: CheckResult<OpeningMessageId> } | { result?: undefined; coverage: LoggingCoverage };

/** The account at `index` of snapshot.accounts: a result when nothing is there to judge, else its coverage. */
export function coveredAccount(snapshot: Snapshot, account: Account, index: number): CoveredAccount {
  const closed = accountOpening(snapshot, account, index);
  if (closed) return { result: closed };
  const coverage = loggingCoverage(snapshot, account);
  if (coverage.logging.length === 0) return { result: notCovered(account, index, coverage.unknown) };
  return { coverage };
}

/** NOT_APPLICABLE "none": no logging trail covers the account, unless one of `unknowns` hides it. */
export function notCovered(account: Account, index: number, unknowns: UnknownRef[]): CheckResult<"none"> {
  return { status: "NOT_APPLICABLE", messageId: "none", accountId: account.Id, pointer: `/accounts/${index}`, unknowns };
}
