// What the per-log-bucket checks share: which accounts have nothing to judge (NOT_APPLICABLE), which
// log buckets cannot be judged from this snapshot (ERROR), and which are judged: those a logging
// trail of the snapshot writes to, and those whose policy lets CloudTrail deliver log files (a log
// bucket whose trail is defined elsewhere: a bucket-only template, the log archive account).
import type { CheckResult } from "../../engine/check.js";
import { allTrails, bucketsByName, coveringTrails, findAccount, logBuckets, type BucketRef, type LogBucket } from "../../model/coverage.js";
import { actionMatches, parsePolicy } from "../../model/policy.js";
import type { Bucket, Snapshot } from "../../model/snapshot.js";
import { isUnknown, type UnknownRef } from "../../model/unknown.js";
import { NO_TRAIL_IN_FILE_MESSAGE, SUSPENDED_MESSAGE, isClosed } from "./accounts.js";
import { coveredAccount } from "./covered-account.js";

export type ScopeMessageId = "suspended" | "noTrailInFile" | "none" | "outOfScope" | "bucketMissing" | "trailUnread" | "trailsUnlisted";

export const SCOPE_MESSAGES: Record<ScopeMessageId, string> = {
  suspended: SUSPENDED_MESSAGE,
  noTrailInFile: NO_TRAIL_IN_FILE_MESSAGE,
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

const CLOUDTRAIL_SERVICE = "cloudtrail.amazonaws.com";

/**
 * Whether a bucket policy lets CloudTrail deliver log files: an Allow of s3:PutObject to
 * cloudtrail.amazonaws.com on an AWSLogs/ path. Such a bucket holds CloudTrail logs whichever trail
 * writes there, and wherever that trail is defined (another stack, another account). Three-valued:
 * a grant whose Resource the file leaves open (a parameter in the path) may be that grant, so the
 * bucket may be a log bucket: `maybe` names the open values, and every verdict on it rests on them.
 */
export function cloudTrailDelivery(policy: Bucket["policy"], pointer = ""): { grants: boolean; maybe: UnknownRef[] } {
  const no = { grants: false, maybe: [] };
  if (policy === null || policy === undefined || isUnknown(policy)) return no;
  let parsed: ReturnType<typeof parsePolicy>;
  try {
    parsed = parsePolicy(policy, "resource", pointer);
  } catch {
    return no;
  }
  const maybe: UnknownRef[] = [];
  for (const s of parsed.statements) {
    const toCloudTrail = s.principal !== undefined && !s.principal.not && s.principal.entries.some((p) => p.kind === "service" && p.value === CLOUDTRAIL_SERVICE);
    const putObject = !s.action.not && s.action.patterns.some((p) => actionMatches(p, "s3:PutObject"));
    if (s.effect !== "Allow" || !toCloudTrail || !putObject || s.resource.not || s.holes.some((h) => h.at === "existence")) continue;
    if (s.resource.patterns.some((p) => p.includes("/AWSLogs/"))) return { grants: true, maybe: [] };
    // A Resource the file fixes only in part (`!Sub ${Bucket.Arn}/AWSLogs/${pOrgId}/*`) is an AWSLogs/
    // path whatever the open part is (a `*` of the pattern is never part of "/AWSLogs/").
    const resourceHoles = s.holes.filter((h) => h.at === "resource");
    if (resourceHoles.some((h) => h.ref.cause.pattern?.includes("/AWSLogs/") === true)) return { grants: true, maybe: [] };
    maybe.push(...resourceHoles.map((h) => h.ref));
  }
  return { grants: false, maybe };
}

/** The trails that write to a log bucket, for messages: their names, or what made it one. */
export function writtenBy(lb: LogBucket): string {
  if (lb.trails.length > 0) return lb.trails.map((t) => t.trail.Name).join(", ");
  return "a trail outside this snapshot: its policy lets CloudTrail deliver log files";
}

export interface LogBucketScopeOptions {
  /**
   * Also judge the buckets that no trail of the snapshot writes to but whose policy lets CloudTrail
   * deliver (default true); a check about the trails that write there (which the snapshot does not
   * hold) passes false.
   */
  byPolicy?: boolean;
}

/**
 * The in-scope buckets no trail of the snapshot writes to whose policy lets CloudTrail deliver
 * (cloudTrailDelivery): a log bucket defined without its trail.
 */
function recognisedLogBuckets(snapshot: Snapshot, known: ReadonlySet<string>): LogBucket[] {
  const accountIds = new Set(snapshot.accounts.map((a) => a.Id));
  const out: LogBucket[] = [];
  for (const ref of bucketsByName(snapshot).values()) {
    if (known.has(ref.bucket.Name) || !accountIds.has(ref.ownerAccountId)) continue;
    const delivery = cloudTrailDelivery(ref.bucket.policy, `${ref.pointer}/policy`);
    if (!delivery.grants && delivery.maybe.length === 0) continue;
    const owner = findAccount(snapshot, ref.ownerAccountId);
    if (owner && isClosed(owner)) continue;
    // A bucket that may be a log bucket: whether it is rests on the open values of its policy.
    out.push({ name: ref.bucket.Name, arn: ref.arn, ref, inScope: true, trails: [], unknown: delivery.maybe });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function logBucketScope(snapshot: Snapshot, options: LogBucketScopeOptions = {}): LogBucketScope {
  const results: CheckResult<ScopeMessageId>[] = [];
  const fromTrails = logBuckets(snapshot);
  const recognised = options.byPolicy === false ? [] : recognisedLogBuckets(snapshot, new Set(fromTrails.map((lb) => lb.name)));
  const ownsRecognised = new Set(recognised.map((lb) => lb.ref!.ownerAccountId));
  snapshot.accounts.forEach((account, index) => {
    const pointer = `/accounts/${index}`;
    const opening = coveredAccount(snapshot, account, index);
    if (opening.result) {
      // An account with a log bucket recognised by its policy has something to judge after all.
      const nothingElse = ownsRecognised.has(account.Id) && opening.result.status === "NOT_APPLICABLE" && (opening.result.unknowns ?? []).length === 0;
      if (!nothingElse) results.push(opening.result);
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
  for (const lb of fromTrails) {
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
  for (const lb of recognised) judged.push({ lb, ref: lb.ref!, unknowns: lb.unknown });
  return { results, judged };
}
