// Which Athena tables a snapshot's trails call for, and why the others get none. Pure: snapshot in,
// tables and reasons out (sql.ts writes them; the CLI prints them).
//
// A trail gets a table when it is known to be logging (GetTrailStatus IsLogging) and everything its
// log files' keys depend on is known and safe to write: the bucket, the key prefix, whether it is an
// organization trail (and then the organization id), whether it is multi-region (and then the
// regions), its home region. A trail whose status or any of these is unknown gets a reason naming
// the unknown, never a table built on a guess; a trail known not to log, or to write nowhere, gets
// a reason too. Reads that may hide trails altogether (an account whose trails could not be listed)
// are reported as gaps.
//
// Key layout (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html):
//   s3://<bucket>/<prefix>/AWSLogs/<account>/CloudTrail/<region>/<yyyy>/<MM>/<dd>/          a trail of one account
//   s3://<bucket>/<prefix>/AWSLogs/<o-id>/<account>/CloudTrail/<region>/<yyyy>/<MM>/<dd>/   an organization trail
import { createHash } from "node:crypto";
import { allTrails, findAccount, type TrailRef } from "../model/coverage.js";
import { withUnknowns } from "../model/derive.js";
import { describeCollectionError, type CollectionError } from "../model/errors.js";
import type { Snapshot } from "../model/snapshot.js";
import { toIso } from "../model/time.js";
import { isUnknown } from "../model/unknown.js";
import { isAccountId, isBucketName, isKeyPrefix, isOrganizationId, isRangeStart, isRegion, type TableSpec } from "./sql.js";

/** The range start used when the snapshot does not say when the trail started logging. */
export const DEFAULT_SINCE = "NOW-1YEARS";

export interface AthenaOptions {
  /** projection.timestamp.range start for every table (yyyy/MM/dd or NOW-<n><unit>); default: per trail (see sinceOf). */
  since?: string;
}

export interface AthenaTable extends TableSpec {
  trailName: string;
  trailArn: string;
  /** The account that owns the trail. */
  accountId: string;
  accountName?: string;
  homeRegion: string;
  bucket: string;
  /** The key prefix as the trail has it (undefined: none). */
  prefix?: string;
  organizationId?: string;
  multiRegion: boolean;
  /** Why `since` is what it is. */
  sinceReason: string;
  /** Things the user should know about the table's values (regions not read, delivery errors). */
  notes: string[];
}

export interface SkippedTrail {
  trailName: string;
  trailArn: string;
  accountId: string;
  /** "unknown": something that decides the table could not be read; "excluded": known not to qualify. */
  kind: "unknown" | "excluded";
  reason: string;
}

/** A read that failed so that trails may be missing from the snapshot. */
export interface TrailGap {
  accountId: string;
  reason: string;
}

export interface AthenaPlan {
  /** The organization id, or the one account's id, the snapshot is about. */
  scope: string;
  collectedAt: string;
  tables: AthenaTable[];
  skipped: SkippedTrail[];
  gaps: TrailGap[];
}

/** Where a value could not be read: the failed call, in one line. */
function cause(error: CollectionError): string {
  return describeCollectionError(error);
}

type Decided<T> = { ok: true; value: T } | { ok: false; kind: SkippedTrail["kind"]; reason: string };

const unknownField = (field: string, value: unknown): Decided<never> => ({
  ok: false,
  kind: "unknown",
  reason: `its ${field} is not known (${isUnknown(value) ? cause(value.$unknown) : "not in the snapshot"})`,
});

/** `prod`, `/prod`, `prod/` and `/prod/` all name the same folder: `prod/`; none or empty: no folder. */
export function prefixPath(prefix: string | undefined): string {
  const trimmed = (prefix ?? "").replace(/^\/+|\/+$/g, "");
  return trimmed === "" ? "" : `${trimmed}/`;
}

/** The day the trail last started logging, as a projection range start, when the snapshot says. */
function sinceOf(ref: TrailRef): { since: string; reason: string } {
  const status = isUnknown(ref.trail.status) ? undefined : ref.trail.status;
  const started = toIso(status?.StartLoggingTime) ?? toIso(status?.TimeLoggingStarted);
  if (started !== undefined) {
    return {
      since: started.slice(0, 10).replaceAll("-", "/"),
      reason: "the day the trail last started logging (GetTrailStatus StartLoggingTime); a trail stopped and started again has older logs: lower it with --since",
    };
  }
  return { since: DEFAULT_SINCE, reason: "the snapshot does not say when the trail started logging: the last year (--since sets it)" };
}

/** Regions the trail records: its home region, or (multi-region) the enabled regions of the accounts it logs. */
function regionsOf(snapshot: Snapshot, ref: TrailRef, multiRegion: boolean, accounts: readonly string[]): { regions: string[]; notes: string[] } | Decided<never> {
  if (!multiRegion) return { regions: [ref.homeRegion], notes: [] };
  const regions = new Set<string>([ref.homeRegion]);
  const unread: string[] = [];
  for (const id of accounts) {
    const listed = findAccount(snapshot, id)?.regions;
    if (listed === undefined || isUnknown(listed)) unread.push(id);
    else for (const region of listed) regions.add(region);
  }
  for (const region of regions) {
    if (!isRegion(region)) return { ok: false, kind: "unknown", reason: `a region it records, ${JSON.stringify(region)}, is not a region name` };
  }
  const notes =
    unread.length === 0
      ? []
      : [
          `the enabled regions of ${unread.length === 1 ? "account" : "accounts"} ${unread.join(", ")} are not in the snapshot: ` +
            "the region list may miss some; add them to projection.region.values",
        ];
  return { regions: [...regions].sort(), notes };
}

interface Candidate {
  ref: TrailRef;
  table: Omit<AthenaTable, "name">;
}

function decide(snapshot: Snapshot, ref: TrailRef, options: AthenaOptions): Decided<Omit<AthenaTable, "name">> {
  const { trail } = ref;
  if (ref.unknown) {
    return { ok: false, kind: "unknown", reason: `its configuration is not known (${ref.unknown.map((u) => cause(u.cause)).join("; ")})` };
  }
  const status = trail.status;
  if (isUnknown(status)) return { ok: false, kind: "unknown", reason: `whether it is logging is not known (${cause(status.$unknown)})` };
  if (status === undefined) return { ok: false, kind: "unknown", reason: "whether it is logging is not known (the snapshot holds no GetTrailStatus for it)" };
  if (status.IsLogging !== true) {
    const stopped = toIso(status.StopLoggingTime);
    return { ok: false, kind: "excluded", reason: `it is not logging${stopped ? ` (stopped ${stopped})` : ""}` };
  }
  const bucket = trail.S3BucketName;
  if (isUnknown(bucket)) return unknownField("S3 bucket", bucket);
  if (bucket === undefined || bucket === "") return { ok: false, kind: "excluded", reason: "it writes to no S3 bucket" };
  if (!isBucketName(bucket)) return { ok: false, kind: "unknown", reason: `its S3 bucket name ${JSON.stringify(bucket)} is not a valid bucket name` };
  const prefix = trail.S3KeyPrefix;
  if (isUnknown(prefix)) return unknownField("S3 key prefix", prefix);
  if (prefix !== undefined && !isKeyPrefix(prefix)) {
    return {
      ok: false,
      kind: "unknown",
      reason: `its S3 key prefix ${JSON.stringify(prefix)} has characters that cannot be written safely in an Athena statement (allowed: letters, digits and ! _ . ( ) / -)`,
    };
  }
  if (ref.homeRegionUnknown) return unknownField("home region", trail.HomeRegion);
  if (!isRegion(ref.homeRegion)) return { ok: false, kind: "unknown", reason: `its home region ${JSON.stringify(ref.homeRegion)} is not a region name` };
  const isOrg = trail.IsOrganizationTrail;
  if (isUnknown(isOrg)) return unknownField("IsOrganizationTrail", isOrg);
  const multi = trail.IsMultiRegionTrail;
  if (isUnknown(multi)) return unknownField("IsMultiRegionTrail", multi);
  if (!isAccountId(ref.ownerAccountId)) return { ok: false, kind: "unknown", reason: `its account ${JSON.stringify(ref.ownerAccountId)} is not an account id` };

  const root = `s3://${bucket}/${prefixPath(prefix)}AWSLogs/`;
  let organizationId: string | undefined;
  let accounts: string[];
  let location: string;
  let template: string;
  if (isOrg === true) {
    const org = snapshot.organization;
    if (!org) return { ok: false, kind: "unknown", reason: "it is an organization trail, but the snapshot has no organization (its id is in the log files' keys)" };
    if (!isOrganizationId(org.Id)) return { ok: false, kind: "unknown", reason: `the organization id ${JSON.stringify(org.Id)} is not one` };
    organizationId = org.Id;
    accounts = [...new Set(snapshot.accounts.map((a) => a.Id))].sort();
    const invalid = accounts.find((id) => !isAccountId(id));
    if (invalid !== undefined) return { ok: false, kind: "unknown", reason: `account ${JSON.stringify(invalid)} of the organization is not an account id` };
    location = `${root}${org.Id}/`;
    template = `${root}${org.Id}/\${account}/CloudTrail/\${region}/\${timestamp}`;
  } else {
    accounts = [ref.ownerAccountId];
    location = `${root}${ref.ownerAccountId}/CloudTrail/`;
    template = `${root}\${account}/CloudTrail/\${region}/\${timestamp}`;
  }
  const covered = regionsOf(snapshot, ref, multi === true, accounts);
  if ("ok" in covered) return covered;

  const sinceFromTrail = sinceOf(ref);
  const since = options.since ?? sinceFromTrail.since;
  if (!isRangeStart(since)) return { ok: false, kind: "unknown", reason: `the date range start ${JSON.stringify(since)} is not yyyy/MM/dd or NOW-<n><unit>` };
  const notes = [...covered.notes];
  if (status.LatestDeliveryError) notes.push(`the trail's latest delivery to S3 failed (${status.LatestDeliveryError}): recent log files may be missing`);
  const owner = findAccount(snapshot, ref.ownerAccountId);
  return {
    ok: true,
    value: {
      trailName: trail.Name,
      trailArn: trail.TrailARN,
      accountId: ref.ownerAccountId,
      ...(owner?.Name !== undefined ? { accountName: owner.Name } : {}),
      homeRegion: ref.homeRegion,
      bucket,
      ...(prefix !== undefined && prefix !== "" ? { prefix } : {}),
      ...(organizationId !== undefined ? { organizationId } : {}),
      multiRegion: multi === true,
      location,
      template,
      accounts,
      regions: covered.regions,
      since,
      sinceReason: options.since !== undefined ? "--since" : sinceFromTrail.reason,
      notes,
    },
  };
}

/** `cloudtrail_<trail>_<account>`: lower case, every run of other characters one underscore. */
export function baseTableName(trailName: string, accountId: string): string {
  const name = trailName.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 128);
  return `cloudtrail_${name === "" ? "trail" : name}_${accountId}`;
}

/**
 * Names for the tables: the base name, and where two trails share one (My-Trail and my_trail, or
 * one name in two regions of an account), each of them with the first 8 hex digits of the SHA-256
 * of its ARN: the same on every run, whatever the order of the trails.
 */
function named(candidates: readonly Candidate[]): AthenaTable[] {
  const counts = new Map<string, number>();
  for (const c of candidates) {
    const base = baseTableName(c.table.trailName, c.table.accountId);
    counts.set(base, (counts.get(base) ?? 0) + 1);
  }
  return candidates.map((c) => {
    const base = baseTableName(c.table.trailName, c.table.accountId);
    const name = counts.get(base)! > 1 ? `${base}_${createHash("sha256").update(c.table.trailArn).digest("hex").slice(0, 8)}` : base;
    return { name, ...c.table };
  });
}

/** The tables the snapshot's trails call for, the trails that get none and why, and the gaps. */
export function athenaPlan(input: Snapshot, options: AthenaOptions = {}): AthenaPlan {
  // Hand-written snapshots list failed reads in collectionErrors only: make them unknown values.
  const snapshot = withUnknowns(input);
  const candidates: Candidate[] = [];
  const skipped: SkippedTrail[] = [];
  for (const ref of allTrails(snapshot)) {
    const decided = decide(snapshot, ref, options);
    if (decided.ok) candidates.push({ ref, table: decided.value });
    else skipped.push({ trailName: ref.trail.Name, trailArn: ref.trail.TrailARN, accountId: ref.ownerAccountId, kind: decided.kind, reason: decided.reason });
  }
  const gaps: TrailGap[] = [];
  for (const account of snapshot.accounts) {
    if (isUnknown(account.trails)) gaps.push({ accountId: account.Id, reason: `its trails could not be listed (${cause(account.trails.$unknown)})` });
  }
  return {
    scope: snapshot.organization?.Id ?? snapshot.accounts[0]?.Id ?? "",
    collectedAt: snapshot.collectedAt,
    tables: named(candidates),
    skipped,
    gaps,
  };
}
