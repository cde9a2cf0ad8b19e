// Suppressions: accepted FAIL results. A suppression matches on check id, and on account id and
// resource ARN when it names them (exact match). A matching FAIL stays FAIL and carries
// `suppressed: {reason, expires}`, which takes it out of the exit code and the score. A suppression
// whose `expires` day is over (UTC) is not applied and is returned as expired.
import type { ExpiredSuppression } from "../engine/report.js";
import type { Finding } from "../engine/run.js";
import type { Suppression } from "./load.js";

export function isExpired(suppression: Suppression, now: Date): boolean {
  return suppression.expires < now.toISOString().slice(0, 10);
}

function matches(s: Suppression, f: Finding): boolean {
  return (
    s.check === f.checkId &&
    (s.account === undefined || s.account === f.accountId) &&
    (s.resource === undefined || s.resource === f.resource)
  );
}

/** Returns new findings (the input is not changed) and the expired suppressions, in config order. */
export function applySuppressions(
  findings: readonly Finding[],
  suppressions: readonly Suppression[],
  now: Date,
): { findings: Finding[]; expired: ExpiredSuppression[] } {
  const active = suppressions.filter((s) => !isExpired(s, now));
  const expired = suppressions
    .filter((s) => isExpired(s, now))
    .map((s): ExpiredSuppression => ({
      check: s.check,
      ...(s.account !== undefined ? { account: s.account } : {}),
      ...(s.resource !== undefined ? { resource: s.resource } : {}),
      reason: s.reason,
      expires: s.expires,
    }));
  const result = findings.map((f) => {
    // A suppression in the template itself (src/cli/inline-suppressions.ts) was applied first and stays.
    if (f.status !== "FAIL" || f.suppressed) return f;
    const s = active.find((candidate) => matches(candidate, f));
    return s ? { ...f, suppressed: { reason: s.reason, expires: s.expires } } : f;
  });
  return { findings: result, expired };
}
