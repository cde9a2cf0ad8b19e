// The stable identity of a finding across runs, shared by the SARIF reporter (partialFingerprints)
// and baselines (--baseline), so that the two can never disagree on what "the same finding" is.
// Pure: no I/O.
import { createHash } from "node:crypto";
import type { Finding } from "./run.js";

/** Key of the SARIF partialFingerprints entry; bump the version if the hashed fields ever change. */
export const FINGERPRINT_KEY = "cloudtrailLint/v1";

/** The SARIF rule (and identity) of the results of a check that it could not decide. */
export function undecidedRuleId(checkId: string): string {
  return `${checkId}/undecided`;
}

/**
 * Stable identity of a finding across runs and re-formatting of the input: check id, account id
 * and resource ARN (region instead when there is no resource). Never line numbers or file names.
 */
export function fingerprint(finding: Pick<Finding, "checkId" | "accountId" | "resource" | "region">): string {
  const key = JSON.stringify([finding.checkId, finding.accountId, finding.resource ?? "", finding.resource ? "" : (finding.region ?? "")]);
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/**
 * The fingerprint a result carries in SARIF: a FAIL's is fingerprint(result); an ERROR (the check
 * could not decide) has its own identity, that of its `<check>/undecided` rule, so that when the
 * verdict becomes decidable the undecided alert closes and the FAIL (if any) opens.
 */
export function resultFingerprint(finding: Pick<Finding, "checkId" | "accountId" | "resource" | "region" | "status">): string {
  return finding.status === "ERROR" ? fingerprint({ ...finding, checkId: undecidedRuleId(finding.checkId) }) : fingerprint(finding);
}
