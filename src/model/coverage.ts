// Which trails cover an account, and which buckets those trails deliver to.
//
// A trail covers an account when the account owns it, or when it is an organization trail owned by
// the organization's management account (or a CloudTrail delegated administrator) and the account
// is an active member. Member accounts and other regions list shadow copies of the same trail, so
// trails are deduplicated by TrailARN, keeping the owner's copy (the one with GetTrailStatus data).
import { isUnexpanded } from "./errors.js";
import type { Account, Bucket, Partition, Snapshot, Trail, TrailStatus } from "./snapshot.js";
import { distinctUnknowns, isUnknown, known, type Maybe, type Unknown, type UnknownRef } from "./unknown.js";

export interface TrailRef {
  trail: Trail;
  /** JSON Pointer to the chosen copy, e.g. /accounts/0/trails/1. */
  pointer: string;
  /** The account in the TrailARN. */
  ownerAccountId: string;
  /** The trail's home region; when HomeRegion is unknown, the region in its ARN (a stand-in: see homeRegionUnknown). */
  homeRegion: string;
  /**
   * Set when the home region is not known (a template whose deploy region is not given): the
   * region-dependent verdicts (global-service-events) rest on it. Equal to itself: a trail, bucket
   * and log group of one stack are in the same region, whichever it is.
   */
  homeRegionUnknown?: UnknownRef;
  /**
   * Set when the trail's configuration is not known: its GetTrail failed (`$unknown`), or the copy
   * is a member's shadow of a trail whose owner's trails could not be listed.
   */
  unknown?: UnknownRef[];
}

export interface ArnParts {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

export function parseArn(arn: string): ArnParts | undefined {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return undefined;
  return {
    partition: parts[1]!,
    service: parts[2]!,
    region: parts[3]!,
    account: parts[4]!,
    resource: parts.slice(5).join(":"),
  };
}

/** "arn:aws:logs:eu-west-1:111122223333:log-group:CloudTrail/org:*" -> "CloudTrail/org" (what a trail's CloudWatchLogsLogGroupArn names). */
export function logGroupNameOfArn(arn: string): string {
  const resource = parseArn(arn)?.resource ?? arn;
  return resource.replace(/^log-group:/, "").replace(/:\*$/, "");
}

/** The region where the partition's global services (IAM, STS, CloudFront) log their events. */
export const GLOBAL_EVENT_REGION: Record<Partition, string> = {
  aws: "us-east-1",
  "aws-us-gov": "us-gov-west-1",
  "aws-cn": "cn-north-1",
};

const trailCache = new WeakMap<Snapshot, TrailRef[]>();

/** Every distinct trail in the snapshot, deduplicated by TrailARN, in snapshot order. */
/** How a message names a region that is not known (a template without --region): never the stand-in. */
export const REGION_PLACEHOLDER = "<region>";

/**
 * The trail's home region as messages and fix commands show it: `<region>` when it is not known (the
 * stand-in in its ARN is no region the user chose), else the region.
 */
export function shownHomeRegion(ref: TrailRef): string {
  return ref.homeRegionUnknown ? REGION_PLACEHOLDER : ref.homeRegion;
}

export function allTrails(snapshot: Snapshot): TrailRef[] {
  const cached = trailCache.get(snapshot);
  if (cached) return cached;
  const byArn = new Map<string, { ref: TrailRef; heldByOwner: boolean }>();
  snapshot.accounts.forEach((account, a) => {
    if (isUnknown(account.trails)) return;
    (account.trails ?? []).forEach((trail, t) => {
      const arn = parseArn(trail.TrailARN);
      const ref: TrailRef = {
        trail,
        pointer: `/accounts/${a}/trails/${t}`,
        ownerAccountId: arn?.account ?? account.Id,
        homeRegion: typeof trail.HomeRegion === "string" ? trail.HomeRegion : (arn?.region ?? ""),
        ...(isUnknown(trail.HomeRegion) ? { homeRegionUnknown: { cause: trail.HomeRegion.$unknown, pointer: `/accounts/${a}/trails/${t}/HomeRegion` } } : {}),
        ...(trail.$unknown ? { unknown: [{ cause: trail.$unknown, pointer: `/accounts/${a}/trails/${t}` }] } : {}),
      };
      const candidate = { ref, heldByOwner: account.Id === ref.ownerAccountId };
      const seen = byArn.get(trail.TrailARN);
      if (!seen || better(candidate, seen)) byArn.set(trail.TrailARN, candidate);
    });
  });
  const refs = [...byArn.values()].map((entry) => {
    if (entry.heldByOwner || entry.ref.unknown) return entry.ref;
    // A shadow copy stands in for the owner's, which could not be listed: what it says is not known.
    const owner = accountIndex(snapshot, entry.ref.ownerAccountId);
    const trails = snapshot.accounts[owner]?.trails;
    return isUnknown(trails) ? { ...entry.ref, unknown: [{ cause: trails.$unknown, pointer: `/accounts/${owner}/trails` }] } : entry.ref;
  });
  trailCache.set(snapshot, refs);
  return refs;
}

/** Prefer the owner's copy (shadow copies lack status), then any copy that carries status data. */
function better(candidate: { ref: TrailRef; heldByOwner: boolean }, current: { ref: TrailRef; heldByOwner: boolean }): boolean {
  if (candidate.heldByOwner !== current.heldByOwner) return candidate.heldByOwner;
  return current.ref.trail.status === undefined && candidate.ref.trail.status !== undefined;
}

const accountIndexCache = new WeakMap<Snapshot, Map<string, number>>();

/** Position of an account in snapshot.accounts (-1 when absent), looked up in a per-snapshot index. */
export function accountIndex(snapshot: Snapshot, accountId: string): number {
  let index = accountIndexCache.get(snapshot);
  if (!index) {
    index = new Map();
    snapshot.accounts.forEach((account, i) => {
      if (!index!.has(account.Id)) index!.set(account.Id, i);
    });
    accountIndexCache.set(snapshot, index);
  }
  return index.get(accountId) ?? -1;
}

/** The account with this id, when the snapshot has it. */
export function findAccount(snapshot: Snapshot, accountId: string): Account | undefined {
  return snapshot.accounts[accountIndex(snapshot, accountId)];
}

/** Accounts whose organization trails cover the members: the management account and CloudTrail delegated admins. */
export function organizationTrailOwners(snapshot: Snapshot): Set<string> {
  const org = snapshot.organization;
  if (!org) return new Set();
  const delegated = isUnknown(org.delegatedAdministrators) ? [] : (org.delegatedAdministrators ?? []);
  return new Set([org.MasterAccountId, ...delegated.map((d) => d.Id)]);
}

export function isActiveMember(snapshot: Snapshot, account: Account): boolean {
  return snapshot.organization !== null && (account.Status === undefined || account.Status === "ACTIVE");
}

interface TrailIndex {
  /** Trails by owning account. */
  byOwner: Map<string, TrailRef[]>;
  /** Organization trails of the management account and CloudTrail delegated administrators. */
  organizationTrails: TrailRef[];
  /** Place of each trail in allTrails (snapshot order). */
  position: Map<TrailRef, number>;
  /** Trails of those owners that may be organization trails: their IsOrganizationTrail (or all their configuration) is unknown. */
  maybeOrganizationTrails: UnknownRef[];
}

const indexCache = new WeakMap<Snapshot, TrailIndex>();

function trailIndex(snapshot: Snapshot): TrailIndex {
  let index = indexCache.get(snapshot);
  if (!index) {
    const orgOwners = organizationTrailOwners(snapshot);
    const byOwner = new Map<string, TrailRef[]>();
    const organizationTrails: TrailRef[] = [];
    const position = new Map<TrailRef, number>();
    const maybeOrganizationTrails: UnknownRef[] = [];
    for (const ref of allTrails(snapshot)) {
      position.set(ref, position.size);
      const own = byOwner.get(ref.ownerAccountId) ?? [];
      own.push(ref);
      byOwner.set(ref.ownerAccountId, own);
      if (!orgOwners.has(ref.ownerAccountId)) continue;
      const isOrg = ref.trail.IsOrganizationTrail;
      if (ref.unknown) maybeOrganizationTrails.push(...ref.unknown);
      else if (isUnknown(isOrg)) maybeOrganizationTrails.push({ cause: isOrg.$unknown, pointer: `${ref.pointer}/IsOrganizationTrail` });
      else if (isOrg === true) organizationTrails.push(ref);
    }
    index = { byOwner, organizationTrails, position, maybeOrganizationTrails };
    indexCache.set(snapshot, index);
  }
  return index;
}

/** Trails that cover the account, logging or not, in snapshot order. */
export function coveringTrails(snapshot: Snapshot, account: Account): TrailRef[] {
  const { byOwner, organizationTrails, position } = trailIndex(snapshot);
  const own = byOwner.get(account.Id) ?? [];
  if (!isActiveMember(snapshot, account)) return own;
  const received = organizationTrails.filter((ref) => ref.ownerAccountId !== account.Id);
  if (received.length === 0) return own;
  return [...own, ...received].sort((a, b) => position.get(a)! - position.get(b)!);
}

/** A trail is effective when it is known to be logging (GetTrailStatus IsLogging). */
export function isLogging(trail: Trail): boolean {
  return !isUnknown(trail.status) && trail.status?.IsLogging === true;
}

/**
 * The GetTrailStatus data of a trail that loggingCoverage() found logging (so it is known); an
 * unknown status here is a bug, which the engine turns into ERROR.
 */
export function knownStatus(trail: Trail): TrailStatus {
  if (isUnknown(trail.status)) throw new Error(`status of ${trail.TrailARN} is unknown: ${trail.status.$unknown.code}`);
  return trail.status ?? {};
}

/**
 * What keeps the list of trails covering an account from being complete: its own trails could not
 * be listed, or those of an account whose organization trails would cover it, or the organization's
 * CloudTrail delegated administrators are not known.
 */
export function coverageGaps(snapshot: Snapshot, account: Account): UnknownRef[] {
  const index = accountIndex(snapshot, account.Id);
  const gaps: UnknownRef[] = [];
  if (isUnknown(account.trails)) gaps.push({ cause: account.trails.$unknown, pointer: `/accounts/${index}/trails` });
  // Resources of a template that may create trails it does not show (a custom resource, a nested stack).
  (account.collectionErrors ?? []).forEach((error, i) => {
    if (isUnexpanded(error)) gaps.push({ cause: error, pointer: `/accounts/${index}/collectionErrors/${i}` });
  });
  const org = snapshot.organization;
  if (!org || !isActiveMember(snapshot, account)) return gaps;
  if (isUnknown(org.delegatedAdministrators)) {
    gaps.push({ cause: org.delegatedAdministrators.$unknown, pointer: "/organization/delegatedAdministrators" });
  }
  for (const owner of organizationTrailOwners(snapshot)) {
    if (owner === account.Id) continue;
    const o = accountIndex(snapshot, owner);
    const trails = snapshot.accounts[o]?.trails;
    if (isUnknown(trails)) gaps.push({ cause: trails.$unknown, pointer: `/accounts/${o}/trails` });
  }
  gaps.push(...trailIndex(snapshot).maybeOrganizationTrails.filter((u) => !u.pointer.startsWith(`/accounts/${index}/`)));
  return gaps;
}

export interface LoggingCoverage {
  /** Covering trails known to be logging, with a known configuration. */
  logging: TrailRef[];
  /** Unknowns that may hide a logging trail: gaps in the trail lists, trails whose status or configuration is unknown. */
  unknown: UnknownRef[];
}

const coverageOf = new WeakMap<Snapshot, WeakMap<Account, LoggingCoverage>>();

/**
 * The logging trails that cover the account, and what is not known about the others. Most checks
 * ask it of every account: computed once per account of a snapshot, and shared, so its lists are
 * frozen (copy them to change them).
 */
export function loggingCoverage(snapshot: Snapshot, account: Account): LoggingCoverage {
  let bySnapshot = coverageOf.get(snapshot);
  if (bySnapshot === undefined) coverageOf.set(snapshot, (bySnapshot = new WeakMap()));
  let coverage = bySnapshot.get(account);
  if (coverage === undefined) bySnapshot.set(account, (coverage = computeCoverage(snapshot, account)));
  return coverage;
}

function computeCoverage(snapshot: Snapshot, account: Account): LoggingCoverage {
  const logging: TrailRef[] = [];
  const unknown = coverageGaps(snapshot, account);
  for (const ref of coveringTrails(snapshot, account)) {
    const { status } = ref.trail;
    if (isUnknown(status)) unknown.push({ cause: status.$unknown, pointer: `${ref.pointer}/status` });
    else if (status?.IsLogging !== true) continue;
    else if (ref.unknown) unknown.push(...ref.unknown);
    else logging.push(ref);
  }
  return Object.freeze({ logging: Object.freeze(logging) as TrailRef[], unknown: Object.freeze(distinctUnknowns(unknown)) as UnknownRef[] });
}

/** Whether the trail records events of the given region; a trail whose IsMultiRegionTrail is unknown counts only for its home region. */
export function coversRegion(ref: TrailRef, region: string): boolean {
  return (!isUnknown(ref.trail.IsMultiRegionTrail) && ref.trail.IsMultiRegionTrail === true) || ref.homeRegion === region;
}

export interface BucketRef {
  bucket: Bucket;
  pointer: string;
  /** bucket.ownerAccountId, or the account whose buckets list holds it. */
  ownerAccountId: string;
  arn: string;
}

/** Every bucket in the snapshot by name; the owner's copy wins when several accounts list it. */
export function bucketsByName(snapshot: Snapshot): Map<string, BucketRef> {
  const map = new Map<string, { ref: BucketRef; heldByOwner: boolean }>();
  snapshot.accounts.forEach((account, a) => {
    if (isUnknown(account.buckets)) return;
    (account.buckets ?? []).forEach((bucket, b) => {
      const owner = bucket.ownerAccountId ?? account.Id;
      const ref: BucketRef = {
        bucket,
        pointer: `/accounts/${a}/buckets/${b}`,
        ownerAccountId: owner,
        arn: `arn:${snapshot.partition}:s3:::${bucket.Name}`,
      };
      const seen = map.get(bucket.Name);
      if (!seen || (!seen.heldByOwner && owner === account.Id)) map.set(bucket.Name, { ref, heldByOwner: owner === account.Id });
    });
  });
  return new Map([...map].map(([name, entry]) => [name, entry.ref]));
}

export interface LogBucket {
  name: string;
  arn: string;
  /** Absent when no account of the snapshot lists the bucket. */
  ref?: BucketRef;
  /** True when the owner is known and is one of the snapshot's accounts. */
  inScope: boolean;
  /** The logging trails that deliver to it (or may: see unknown). */
  trails: TrailRef[];
  /**
   * Why it may not be a log bucket after all (no trail known to be logging writes to it), or why
   * its record may be missing (the bucket lists of some accounts could not be read).
   */
  unknown: UnknownRef[];
}

/** Bucket lists of the snapshot's accounts that could not be read: a bucket not found may be in one of them. */
export function unknownBucketLists(snapshot: Snapshot): UnknownRef[] {
  const refs: UnknownRef[] = [];
  snapshot.accounts.forEach((account, a) => {
    if (isUnknown(account.buckets)) refs.push({ cause: account.buckets.$unknown, pointer: `/accounts/${a}/buckets` });
  });
  return refs;
}

/**
 * Each S3 bucket that a logging trail covering some account of the snapshot delivers to,
 * resolved across all accounts of the snapshot; sorted by name.
 */
export function logBuckets(snapshot: Snapshot): LogBucket[] {
  const buckets = bucketsByName(snapshot);
  const accountIds = new Set(snapshot.accounts.map((a) => a.Id));
  const coveringAny = new Set<string>();
  for (const account of snapshot.accounts) {
    for (const ref of coveringTrails(snapshot, account)) coveringAny.add(ref.trail.TrailARN);
  }
  const byName = new Map<string, LogBucket & { maybe: boolean }>();
  const listGaps = unknownBucketLists(snapshot);
  for (const ref of allTrails(snapshot)) {
    const name = ref.trail.S3BucketName;
    // A trail whose bucket is unknown stands in as an ERROR of its own (see checks/lib/log-bucket-scope.ts).
    if (isUnknown(name) || !name || ref.unknown || !coveringAny.has(ref.trail.TrailARN)) continue;
    const { status } = ref.trail;
    const maybe = isUnknown(status);
    if (!maybe && !isLogging(ref.trail)) continue;
    let entry = byName.get(name);
    if (!entry) {
      const bucketRef = buckets.get(name);
      entry = {
        name,
        arn: `arn:${snapshot.partition}:s3:::${name}`,
        ...(bucketRef ? { ref: bucketRef } : {}),
        inScope: bucketRef !== undefined && accountIds.has(bucketRef.ownerAccountId),
        trails: [],
        unknown: bucketRef ? [] : [...listGaps],
        maybe: true,
      };
      byName.set(name, entry);
    }
    entry.trails.push(ref);
    if (maybe && isUnknown(status)) entry.unknown.push({ cause: status.$unknown, pointer: `${ref.pointer}/status` });
    else entry.maybe = false;
  }
  return [...byName.values()]
    .map(({ maybe, ...lb }) => (maybe ? lb : { ...lb, unknown: lb.unknown.filter((u) => !u.pointer.endsWith("/status")) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Value of a tag, or undefined. */
export function tagValue(tags: { Key: string; Value?: string }[] | undefined, key: string): string | undefined {
  return tags?.find((t) => t.Key === key)?.Value;
}

type FieldOf<V> = { [K in keyof Trail]-?: Exclude<Trail[K], undefined> extends V | Unknown ? (V extends Exclude<Trail[K], undefined | Unknown> ? K : never) : never }[keyof Trail];
/** Trail configuration fields holding a string or a boolean (each may be unknown on its own). */
export type TrailStringField = FieldOf<string>;
export type TrailFlagField = FieldOf<boolean>;

/** A string field of the trail's configuration, or undefined; an unknown is recorded in `into`. */
export function trailString(ref: TrailRef, field: TrailStringField, into: UnknownRef[]): string | undefined {
  return known<string>(ref.trail[field] as Maybe<string> | undefined, `${ref.pointer}/${field}`, into);
}

/** A boolean field of the trail's configuration, or undefined; an unknown is recorded in `into`. */
export function trailFlag(ref: TrailRef, field: TrailFlagField, into: UnknownRef[]): boolean | undefined {
  return known<boolean>(ref.trail[field] as Maybe<boolean> | undefined, `${ref.pointer}/${field}`, into);
}
