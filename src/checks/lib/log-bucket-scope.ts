// What the per-log-bucket checks share: which accounts have nothing to judge (NOT_APPLICABLE), which
// log buckets cannot be judged from this snapshot (ERROR), and which are judged.
import type { CheckResult } from "../../engine/check.js";
import { allTrails, coveringTrails, logBuckets, type BucketRef, type LogBucket } from "../../model/coverage.js";
import type { Snapshot } from "../../model/snapshot.js";
import { isUnknown, type UnknownRef } from "../../model/unknown.js";
import { SUSPENDED_MESSAGE } from "./accounts.js";
import { coveredAccount } from "./covered-account.js";

export type ScopeMessageId = "suspended" | "none" | "outOfScope" | "bucketMissing" | "trailUnread" | "trailsUnlisted";

export const SCOPE_MESSAGES: Record<ScopeMessageId, string> = {
  suspended: SUSPENDED_MESSAGE,
  none: "No logging trail covers this account, so no bucket receives its logs (see multi-region-trail).",
  outOfScope:
    "Log bucket {{bucket}} (written by {{trails}}) is owned by account {{owner}}, which is not in this snapshot: " +
    "out of scope: scan account {{owner}}.",
  bucketMissing:
    "Log bucket {{bucket}}, written by {{trails}}, is listed by no account of this snapshot, so it cannot be judged: " +
    "scan the account that owns it (the trail is in account {{trailOwner}}).",
  trailUnread: "Trail {{trail}} could not be read, so which bucket receives its logs is not known.",
  trailsUnlisted: "The trails of this account could not be listed, so which buckets receive their logs is not known.",
};

export interface LogBucketScope {
  results: CheckResult<ScopeMessageId>[];
  /**
   * The log buckets to judge. `unknowns` says why one may not be a log bucket after all (the trails
   * writing there have an unknown status): every verdict on it rests on them.
   */
  judged: { lb: LogBucket; ref: BucketRef; unknowns: UnknownRef[] }[];
}

export function logBucketScope(snapshot: Snapshot): LogBucketScope {
  const results: CheckResult<ScopeMessageId>[] = [];
  snapshot.accounts.forEach((account, index) => {
    const pointer = `/accounts/${index}`;
    const opening = coveredAccount(snapshot, account, index);
    if (opening.result) {
      results.push(opening.result);
    } else if (isUnknown(account.trails)) {
      // Its own trails, unseen, may write to buckets no other trail does: an ERROR stands in for them.
      const unknowns = [{ cause: account.trails.$unknown, pointer: `${pointer}/trails` }];
      results.push({ status: "ERROR", messageId: "trailsUnlisted", accountId: account.Id, pointer, unknowns });
    }
  });
  // A trail that may be logging but could not be read writes somewhere: an ERROR stands in for that bucket.
  const covering = new Set(snapshot.accounts.flatMap((account) => coveringTrails(snapshot, account).map((ref) => ref.trail.TrailARN)));
  for (const ref of allTrails(snapshot)) {
    const bucket = ref.trail.S3BucketName;
    const unknowns = ref.unknown ?? (isUnknown(bucket) ? [{ cause: bucket.$unknown, pointer: `${ref.pointer}/S3BucketName` }] : undefined);
    if (!unknowns || !covering.has(ref.trail.TrailARN)) continue;
    const status = ref.trail.status;
    if (!isUnknown(status) && status !== undefined && status.IsLogging !== true) continue;
    results.push({
      status: "ERROR",
      messageId: "trailUnread",
      accountId: ref.ownerAccountId,
      resource: ref.trail.TrailARN,
      pointer: ref.pointer,
      region: ref.homeRegion,
      data: { trail: ref.trail.Name },
      unknowns,
    });
  }
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
        unknowns: lb.unknown,
      });
    } else if (!lb.inScope) {
      results.push({
        status: "ERROR",
        messageId: "outOfScope",
        accountId: first.ownerAccountId,
        resource: lb.arn,
        pointer: lb.ref.pointer,
        ...(typeof lb.ref.bucket.Region === "string" ? { region: lb.ref.bucket.Region } : {}),
        data: { bucket: lb.name, trails, owner: lb.ref.ownerAccountId },
        evidence: { ...evidence, ownerAccountId: lb.ref.ownerAccountId },
      });
    } else {
      judged.push({ lb, ref: lb.ref, unknowns: lb.unknown });
    }
  }
  return { results, judged };
}
