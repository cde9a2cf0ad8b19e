// What the per-trail checks share: each logging trail that covers some account of the snapshot is
// judged once, in the account that owns it (an organization trail in the management account or the
// delegated administrator, not in every member). Accounts with nothing to judge are NOT_APPLICABLE;
// a trail that may be logging but could not be read, a trail list that could not be read, and a
// covering trail owned by an account outside the snapshot are ERROR, standing in for the verdict.
import type { CheckResult } from "../../engine/check.js";
import { coveringTrails, loggingCoverage, type TrailRef } from "../../model/coverage.js";
import type { Snapshot } from "../../model/snapshot.js";
import { isUnknown } from "../../model/unknown.js";
import { NO_TRAIL_IN_FILE_MESSAGE, SUSPENDED_MESSAGE, accountOpening } from "./accounts.js";

export type TrailScopeMessageId = "suspended" | "noTrailInFile" | "none" | "outOfScope" | "trailUnread" | "trailsUnlisted";

export const TRAIL_SCOPE_MESSAGES: Record<TrailScopeMessageId, string> = {
  suspended: SUSPENDED_MESSAGE,
  noTrailInFile: NO_TRAIL_IN_FILE_MESSAGE,
  none: "No logging trail covers this account (see multi-region-trail).",
  outOfScope:
    "Trail {{trail}} covers this account but is owned by account {{owner}}, which is not in this snapshot: " +
    "out of scope: scan account {{owner}}.",
  trailUnread: "Trail {{trail}} could not be read, so whether it is logging, and how, is not known.",
  trailsUnlisted: "The trails of this account could not be listed, so the trails it owns cannot be judged.",
};

export interface TrailScope {
  results: CheckResult<TrailScopeMessageId>[];
  /** Logging trails with a known configuration, each once, with the index of the owner account. */
  judged: { ref: TrailRef; accountIndex: number }[];
}

export function trailScope(snapshot: Snapshot): TrailScope {
  const results: CheckResult<TrailScopeMessageId>[] = [];
  const judged: TrailScope["judged"] = [];
  const inSnapshot = new Set(snapshot.accounts.map((a) => a.Id));
  const outOfScopeReported = new Set<string>();
  snapshot.accounts.forEach((account, index) => {
    const pointer = `/accounts/${index}`;
    const closed = accountOpening(snapshot, account, index);
    if (closed) {
      results.push(closed);
      return;
    }
    const coverage = loggingCoverage(snapshot, account);
    if (isUnknown(account.trails)) {
      results.push({ status: "ERROR", messageId: "trailsUnlisted", accountId: account.Id, pointer, unknowns: [{ cause: account.trails.$unknown, pointer: `${pointer}/trails` }] });
    }
    for (const ref of coveringTrails(snapshot, account)) {
      if (inSnapshot.has(ref.ownerAccountId) || outOfScopeReported.has(ref.trail.TrailARN)) continue;
      outOfScopeReported.add(ref.trail.TrailARN);
      results.push({
        status: "ERROR",
        messageId: "outOfScope",
        accountId: account.Id,
        region: ref.homeRegion,
        resource: ref.trail.TrailARN,
        pointer: ref.pointer,
        data: { trail: ref.trail.Name, owner: ref.ownerAccountId },
      });
    }
    const own = coverage.logging.filter((ref) => ref.ownerAccountId === account.Id);
    own.forEach((ref) => judged.push({ ref, accountIndex: index }));
    // Own trails that may be logging but whose status or configuration could not be read.
    for (const ref of coveringTrails(snapshot, account)) {
      if (ref.ownerAccountId !== account.Id) continue;
      const status = ref.trail.status;
      const unknowns = isUnknown(status) ? [{ cause: status.$unknown, pointer: `${ref.pointer}/status` }] : ref.unknown;
      if (!unknowns) continue;
      if (!isUnknown(status) && status?.IsLogging !== true) continue;
      results.push({
        status: "ERROR",
        messageId: "trailUnread",
        accountId: account.Id,
        region: ref.homeRegion,
        resource: ref.trail.TrailARN,
        pointer: ref.pointer,
        data: { trail: ref.trail.Name },
        unknowns,
      });
    }
    if (coverage.logging.length === 0 && !isUnknown(account.trails)) {
      results.push({ status: "NOT_APPLICABLE", messageId: "none", accountId: account.Id, pointer, unknowns: coverage.unknown });
    }
  });
  return { results, judged };
}
