// Merging the shards of one sharded scan (collect --shard I/N) into the snapshot one unsharded scan
// would have written. Each account comes from the shard it belongs to (shardOf); a shard that also
// read another shard's account in full, because its own accounts' trails need that account (the
// owner of an organization trail, of a KMS key, log group or SNS topic they name: collect.ts), adds
// what it read there for them and the account's own shard did not: log buckets, log groups, KMS
// keys, alarms, SNS topics and IAM details, with the errors of those reads. The organization-level
// data is the same in every shard and is taken once. Shards of different scans, a shard given twice
// or a missing one are bad input (exit 2); a missing shard is allowed with allowPartial, and its
// accounts are then listed as not read (a cloudtrail-lint:Shard collection error: every verdict on
// them is ERROR).
import { withUnknowns } from "./derive.js";
import { compareErrors, type CollectionError } from "./errors.js";
import { isShardListing, shardOf } from "./shard.js";
import { ORGANIZATIONS_ACCOUNT_FIELDS, type Account, type Bucket, type Snapshot } from "./snapshot.js";
import { InputError } from "../util/errors.js";

export interface ShardFile {
  /** The file as the user named it (for messages). */
  file: string;
  snapshot: Snapshot;
}

/** The fields an account has from the organization's listing, before anything of it is read. */
const LISTED_FIELDS = [...ORGANIZATIONS_ACCOUNT_FIELDS, "ouPath"] as const;

/** Bucket fields only a log bucket's own reads fill (a bucket that is not one has none of them). */
const LOG_BUCKET_FIELDS = ["policy", "objectLockConfiguration", "versioning", "publicAccessBlock", "ownershipControls", "acl", "logging", "encryption"] as const;

/** Whether a shard read the account (rather than list it with a cloudtrail-lint:Shard error). */
function readHere(account: Account): boolean {
  return !(account.collectionErrors ?? []).some(isShardListing);
}

function describeShard(input: ShardFile): string {
  const shard = input.snapshot.source?.shard;
  return `${input.file} (shard ${shard?.index} of ${shard?.count})`;
}

/** Refuses shards that are not the shards of one scan; returns them by index. */
function checkShards(inputs: readonly ShardFile[], allowPartial: boolean): { count: number; byIndex: Map<number, ShardFile>; missing: number[] } {
  const first = inputs[0];
  if (!first?.snapshot.source?.shard) throw new InputError("no shard to merge");
  const count = first.snapshot.source.shard.count;
  const org = (s: Snapshot) => s.organization?.Id ?? null;
  const byIndex = new Map<number, ShardFile>();
  for (const input of inputs) {
    const shard = input.snapshot.source?.shard;
    if (!shard) throw new InputError(`${input.file}: not a shard (collect --shard I/N writes one), but linted with the shards ${describeShard(first)}`, input.file);
    if (org(input.snapshot) !== org(first.snapshot)) {
      throw new InputError(`${input.file}: a shard of organization ${org(input.snapshot) ?? "(none)"}, but ${first.file} is of ${org(first.snapshot) ?? "(none)"}: shards of different organizations cannot be merged`, input.file);
    }
    if (shard.count !== count) {
      throw new InputError(`${describeShard(input)} and ${describeShard(first)}: shards of scans split differently (${shard.count} and ${count} shards); collect every shard with the same N`, input.file);
    }
    if (input.snapshot.partition !== first.snapshot.partition) {
      throw new InputError(`${input.file}: partition ${input.snapshot.partition}, but ${first.file}: ${first.snapshot.partition}: shards of different scans`, input.file);
    }
    const twice = byIndex.get(shard.index);
    if (twice) throw new InputError(`${twice.file} and ${input.file} are both shard ${shard.index} of ${count}: give each shard once`, input.file);
    byIndex.set(shard.index, input);
  }
  const ids = (s: Snapshot) => s.accounts.map((a) => a.Id).sort().join(",");
  for (const input of inputs) {
    if (ids(input.snapshot) !== ids(first.snapshot)) {
      throw new InputError(
        `${input.file} and ${first.file} list different accounts: shards of different scans (other --accounts, --exclude-accounts or --ous, or the organization changed between them); collect every shard with the same flags`,
        input.file,
      );
    }
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0 && !allowPartial) {
    const given = [...byIndex.keys()].sort((a, b) => a - b).map((i) => `${byIndex.get(i)!.file} (${i})`);
    throw new InputError(
      `shard${missing.length > 1 ? "s" : ""} ${missing.join(", ")} of ${count} missing (given: ${given.join(", ")}): give every shard of the scan, or --allow-partial to lint what is there (the missing shards' accounts are then reported as not read)`,
    );
  }
  return { count, byIndex, missing };
}

/** The record of an account whose shard was not given: listed, not read. */
function notGiven(account: Account, count: number): Account {
  const listed: Record<string, unknown> = {};
  const fields = account as unknown as Record<string, unknown>;
  for (const field of LISTED_FIELDS) if (fields[field] !== undefined) listed[field] = fields[field];
  const home = shardOf(account.Id, count);
  const error: CollectionError = {
    service: "cloudtrail-lint",
    operation: "Shard",
    code: "ShardMissing",
    message: `not read: account ${account.Id} belongs to shard ${home} of ${count}, which was not given (collect --shard ${home}/${count})`,
  };
  return { ...(listed as unknown as Account), collectionErrors: [error] };
}

const key = (e: CollectionError) => JSON.stringify(e);

/** Adds to `base` what `copy` (the same account, read in full by another shard) read and `base` did not. */
function addReads(base: Account, copy: Account): Account {
  const out: Account = { ...base };
  const about = new Set<string>();
  const alarmRegions = new Set<string>();
  if (Array.isArray(out.buckets) && Array.isArray(copy.buckets)) {
    const theirs = new Map(copy.buckets.map((b) => [b.Name, b]));
    out.buckets = out.buckets.map((bucket): Bucket => {
      const other = theirs.get(bucket.Name);
      if (!other || isLogBucket(bucket) || !isLogBucket(other)) return bucket;
      about.add(bucket.Name);
      return other;
    });
  }
  const union = <T>(mine: T[] | undefined, theirs: T[], id: (item: T) => string, resource: (item: T) => string | undefined): T[] => {
    const have = new Set((mine ?? []).map(id));
    const added = theirs.filter((item) => !have.has(id(item)));
    for (const item of added) {
      const r = resource(item);
      if (r !== undefined) about.add(r);
    }
    return [...(mine ?? []), ...added].sort((a, b) => compareText(id(a), id(b)));
  };
  if (Array.isArray(copy.logGroups) && Array.isArray(out.logGroups)) {
    out.logGroups = union(out.logGroups, copy.logGroups, (g) => `${g.region}|${g.logGroupName}`, (g) => g.logGroupName);
  }
  if (Array.isArray(copy.kmsKeys) && (out.kmsKeys === undefined || Array.isArray(out.kmsKeys))) {
    const keys = union(out.kmsKeys, copy.kmsKeys, (k) => k.arn, (k) => k.arn);
    if (keys.length > 0) out.kmsKeys = keys;
  }
  if (Array.isArray(copy.snsTopics) && (out.snsTopics === undefined || Array.isArray(out.snsTopics))) {
    const topics = union(out.snsTopics, copy.snsTopics, (t) => t.TopicArn, (t) => t.TopicArn);
    if (topics.length > 0) out.snsTopics = topics;
  }
  if (Array.isArray(copy.alarms) && (out.alarms === undefined || Array.isArray(out.alarms))) {
    const read = new Set((out.alarms ?? []).map((a) => a.region ?? ""));
    for (const alarm of copy.alarms) if (!read.has(alarm.region ?? "")) alarmRegions.add(alarm.region ?? "");
    const alarms = union(out.alarms, copy.alarms, (a) => `${a.region ?? ""}|${a.AlarmName}`, () => undefined);
    if (alarms.length > 0) out.alarms = alarms;
  }
  const iamAdded = out.iam === undefined && copy.iam !== undefined;
  if (iamAdded) out.iam = copy.iam;
  // The errors of the reads added, and only those (the copy's other reads are the base's too).
  const have = new Set((out.collectionErrors ?? []).map(key));
  const errors = (copy.collectionErrors ?? []).filter(
    (e) =>
      !have.has(key(e)) &&
      ((e.resource !== undefined && about.has(e.resource)) ||
        (iamAdded && e.service === "iam") ||
        (e.service === "cloudwatch" && e.operation === "DescribeAlarms" && alarmRegions.has(e.region ?? ""))),
  );
  if (errors.length > 0) out.collectionErrors = [...(out.collectionErrors ?? []), ...errors].sort(compareErrors);
  return out;
}

/** The reads of a log bucket's own facts (the fields of LOG_BUCKET_FIELDS), as the collector names them. */
const LOG_BUCKET_READS = [
  "GetBucketPolicy",
  "GetObjectLockConfiguration",
  "GetBucketVersioning",
  "GetPublicAccessBlock",
  "GetBucketOwnershipControls",
  "GetBucketAcl",
  "GetBucketLogging",
  "GetBucketEncryption",
] as const;

/**
 * A log bucket no shard read: a trail of one shard writes to it, its owner is an account of another
 * shard, and neither shard knew both (the trail's shard does not list the owner's buckets; the
 * owner's shard does not see the trail). An unsharded scan reads it; here its facts are not known:
 * each of its reads (and the owner's IAM details, unless read) gets a collection error on the
 * owner's record, so every verdict on it is ERROR (an absent policy would read as "no policy").
 */
function markUnreadLogBuckets(accounts: readonly Account[], count: number): Account[] {
  const writers = new Map<string, { trail: string; accountId: string }>();
  for (const account of accounts) {
    if (!Array.isArray(account.trails)) continue;
    for (const trail of account.trails) {
      const name = trail.S3BucketName;
      if (typeof name === "string" && !writers.has(name)) writers.set(name, { trail: trail.Name, accountId: account.Id });
    }
  }
  return accounts.map((account) => {
    if (!Array.isArray(account.buckets)) return account;
    const failed = new Set((account.collectionErrors ?? []).filter((e) => e.service === "s3").map((e) => e.resource));
    const errors: CollectionError[] = [];
    for (const bucket of account.buckets) {
      const writer = writers.get(bucket.Name);
      if (!writer || isLogBucket(bucket) || failed.has(bucket.Name) || (bucket.ownerAccountId ?? account.Id) !== account.Id) continue;
      if (shardOf(writer.accountId, count) === shardOf(account.Id, count)) continue;
      const message =
        `not read: log bucket ${bucket.Name} of account ${account.Id} (shard ${shardOf(account.Id, count)} of ${count}) receives the logs of trail ` +
        `${writer.trail} of account ${writer.accountId} (shard ${shardOf(writer.accountId, count)}), and neither shard knew both; scan without --shard to judge it`;
      for (const operation of LOG_BUCKET_READS) errors.push({ service: "s3", operation, resource: bucket.Name, code: "ReadByNoShard", message });
      // An unsharded scan also reads who can delete there: the owner's IAM details.
      if (account.iam === undefined && !errors.some((e) => e.service === "iam")) {
        errors.push({ service: "iam", operation: "GetAccountAuthorizationDetails", code: "ReadByNoShard", message });
      }
    }
    if (errors.length === 0) return account;
    return { ...account, collectionErrors: [...(account.collectionErrors ?? []), ...errors].sort(compareErrors) };
  });
}

function isLogBucket(bucket: Bucket): boolean {
  return LOG_BUCKET_FIELDS.some((field) => field in bucket);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The snapshot of the whole scan, from its shards (each validated as a snapshot before). Throws
 * InputError for shards that are not the shards of one scan, and for a missing shard unless
 * allowPartial.
 */
export function mergeShards(inputs: readonly ShardFile[], options: { allowPartial?: boolean } = {}): { snapshot: Snapshot; missing: number[] } {
  const { count, byIndex, missing } = checkShards(inputs, options.allowPartial === true);
  const indexes = [...byIndex.keys()].sort((a, b) => a - b);
  const shards = indexes.map((i) => byIndex.get(i)!.snapshot);
  const first = shards[0]!;
  // Per shard, its records by account id; every shard lists the same accounts (checkShards).
  const byId = new Map(indexes.map((i) => [i, new Map(byIndex.get(i)!.snapshot.accounts.map((a) => [a.Id, a]))]));
  const unread: Account[] = [];
  const accounts = first.accounts.map((listed) => {
    const id = listed.Id;
    const own = byId.get(shardOf(id, count))?.get(id);
    if (!own) {
      const record = notGiven(listed, count);
      unread.push(record);
      return record;
    }
    let merged = own;
    for (const index of indexes) {
      if (index === shardOf(id, count)) continue;
      const copy = byId.get(index)!.get(id);
      if (copy && readHere(copy)) merged = addReads(merged, copy);
    }
    return merged;
  });
  const checked = markUnreadLogBuckets(accounts, count);
  // The accounts of a missing shard, and log buckets no shard read: unknown, resting on those errors.
  const marked = checked.filter((a, i) => a !== accounts[i]);
  const derived = new Map(withUnknowns({ ...first, accounts: [...unread, ...marked] }).accounts.map((a) => [a.Id, a]));
  const collectedAt = shards.map((s) => s.collectedAt).sort()[0]!;
  const source = { ...first.source, type: first.source?.type ?? "aws", shards: { count, missing } } as NonNullable<Snapshot["source"]>;
  delete source.shard;
  return {
    snapshot: { ...first, collectedAt, source, accounts: checked.map((a) => derived.get(a.Id) ?? a) },
    missing,
  };
}
