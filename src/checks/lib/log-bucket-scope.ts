// What the per-log-bucket checks share: which accounts have nothing to judge (NOT_APPLICABLE), which
// log buckets cannot be judged from this snapshot (ERROR), and which are judged.
import type { CheckResult } from "../../engine/check.js";
import { coveringTrails, isLogging, logBuckets, type BucketRef, type LogBucket } from "../../model/coverage.js";
import type { Snapshot } from "../../model/snapshot.js";
import { SUSPENDED_MESSAGE, suspendedResult } from "./accounts.js";

export type ScopeMessageId = "suspended" | "none" | "outOfScope" | "bucketMissing";

export const SCOPE_MESSAGES: Record<ScopeMessageId, string> = {
  suspended: SUSPENDED_MESSAGE,
  none: "No logging trail covers this account, so no bucket receives its logs (see multi-region-trail).",
  outOfScope:
    "Log bucket {{bucket}} (written by {{trails}}) is owned by account {{owner}}, which is not in this snapshot: " +
    "out of scope: scan account {{owner}}.",
  bucketMissing:
    "Log bucket {{bucket}}, written by {{trails}}, is listed by no account of this snapshot, so it cannot be judged: " +
    "scan the account that owns it (the trail is in account {{trailOwner}}).",
};

export interface LogBucketScope {
  results: CheckResult<ScopeMessageId>[];
  judged: { lb: LogBucket; ref: BucketRef }[];
}

export function logBucketScope(snapshot: Snapshot): LogBucketScope {
  const results: CheckResult<ScopeMessageId>[] = [];
  snapshot.accounts.forEach((account, index) => {
    const pointer = `/accounts/${index}`;
    const closed = suspendedResult(account, index);
    if (closed) {
      results.push(closed);
    } else if (!coveringTrails(snapshot, account).some((ref) => isLogging(ref.trail))) {
      results.push({ status: "NOT_APPLICABLE", messageId: "none", accountId: account.Id, pointer });
    }
  });
  const judged: LogBucketScope["judged"] = [];
  for (const lb of logBuckets(snapshot)) {
    const trails = lb.trails.map((t) => t.trail.Name).join(", ");
    const evidence = { bucket: lb.name, trails: lb.trails.map((t) => t.trail.TrailARN) };
    // A bucket that cannot be judged is reported to the account whose trail writes to it: that is
    // the account the user scanned and can act in.
    const first = lb.trails[0]!;
    if (!lb.ref) {
      results.push({
        status: "ERROR",
        messageId: "bucketMissing",
        accountId: first.ownerAccountId,
        resource: lb.arn,
        pointer: first.pointer,
        data: { bucket: lb.name, trails, trailOwner: first.ownerAccountId },
        evidence,
      });
    } else if (!lb.inScope) {
      results.push({
        status: "ERROR",
        messageId: "outOfScope",
        accountId: first.ownerAccountId,
        resource: lb.arn,
        pointer: lb.ref.pointer,
        ...(lb.ref.bucket.Region !== undefined ? { region: lb.ref.bucket.Region } : {}),
        data: { bucket: lb.name, trails, owner: lb.ref.ownerAccountId },
        evidence: { ...evidence, ownerAccountId: lb.ref.ownerAccountId },
      });
    } else {
      judged.push({ lb, ref: lb.ref });
    }
  }
  return { results, judged };
}
