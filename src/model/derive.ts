// From failed reads to unknown values: each collection error leaves unknown the fields its call
// would have filled. One table says which (READ_TARGETS); every source goes through it — the live
// collector before it writes a snapshot, the IaC sources for what a file does not decide, and the
// engine for snapshots written before unknowns were values (or by hand), so old files still load.
//
// The rule: a field the failed call fills becomes `{ "$unknown": error }`, whatever stands there (a
// hand-written default, a source's stand-in, an empty list the collector started). The one
// exception is a region-wide read that another read can replace: bucket tags that a log bucket's own
// GetBucketTagging returned are kept beside a failed tag:GetResources of its region. A read that
// unlocks others (AssumeRole, GetBucketLocation, GetTrail, the lists) leaves everything behind it
// unknown. A trail read about no one trail (old snapshots) applies to the trails the account owns in
// the error's region.
import type { Account, Bucket, CollectionError, KmsKey, Organization, Snapshot, SnsTopic, Trail } from "./snapshot.js";
import { isUnknown, unknownValue } from "./unknown.js";

type Fields = readonly string[];

interface ReadTarget {
  /** Account-level fields the call fills. */
  account?: Fields;
  /** Fields of the trail the call is about (by ARN or name); "$unknown" is the whole configuration. */
  trail?: Fields;
  /** Fields of the bucket the call is about. */
  bucket?: Fields;
  /** Fields of every bucket in the call's region (a region-wide call about no one bucket). */
  regionBuckets?: Fields;
  /** True when another read may have filled regionBuckets' fields: they are then marked only where absent. */
  replaceable?: boolean;
  /** Fields of the log group the call is about. */
  logGroup?: Fields;
  /** Fields of the KMS key the call is about (by the ARN the reads used). */
  kmsKey?: Fields;
  /** Fields of the SNS topic the call is about (by TopicArn). */
  snsTopic?: Fields;
  /** Organization-level fields. */
  organization?: Fields;
}

/**
 * The account's lists, each filled by reads made with the account's own credentials: a failed
 * AssumeRole leaves every one unknown (an absent alarms or snsTopics would read as "not read" or
 * "no such topic in the scan", where nothing of the account could be read).
 */
const ACCOUNT_LISTS = ["regions", "trails", "buckets", "logGroups", "kmsKeys", "alarms", "snsTopics"] as const;
const KMS_KEY_READS = ["KeyMetadata", "rotationEnabled", "policy"] as const;
const BUCKET_READS = ["Region", "policy", "objectLockConfiguration", "versioning", "publicAccessBlock", "ownershipControls", "tags", "acl", "logging", "encryption"] as const;

/** SCPs and RCPs come from the same three reads: each error names its field (one of them); an error that names none (older snapshots) leaves both unknown. */
const ORGANIZATION_POLICIES = ["serviceControlPolicies", "resourceControlPolicies"] as const;

/** Which fields each read fills, keyed "service:Operation". */
export const READ_TARGETS: Readonly<Record<string, ReadTarget>> = {
  "sts:AssumeRole": { account: [...ACCOUNT_LISTS, "publicAccessBlock"] },
  // An account of a sharded scan that this shard did not read (another shard did, or its shard is missing).
  "cloudtrail-lint:Shard": { account: [...ACCOUNT_LISTS, "publicAccessBlock"] },
  "account:ListRegions": { account: ["regions"] },
  "ec2:DescribeRegions": { account: ["regions"] },
  "cloudtrail:ListTrails": { account: ["trails"] },
  "cloudtrail:DescribeTrails": { account: ["trails"], trail: ["$unknown"] },
  "cloudtrail:GetTrail": { trail: ["$unknown"] },
  "cloudtrail:GetTrailStatus": { trail: ["status"] },
  "cloudtrail:GetEventSelectors": { trail: ["eventSelectors", "advancedEventSelectors"] },
  "cloudtrail:GetInsightSelectors": { trail: ["insightSelectors"] },
  "cloudtrail:ListTags": { trail: ["tags"] },
  "s3:ListBuckets": { account: ["buckets"] },
  "s3:GetBucketLocation": { bucket: BUCKET_READS },
  "s3:GetBucketPolicy": { bucket: ["policy"] },
  "s3:GetObjectLockConfiguration": { bucket: ["objectLockConfiguration"] },
  "s3:GetBucketVersioning": { bucket: ["versioning"] },
  "s3:GetPublicAccessBlock": { bucket: ["publicAccessBlock"] },
  "s3:GetBucketAcl": { bucket: ["acl"] },
  "s3:GetBucketOwnershipControls": { bucket: ["ownershipControls"] },
  "s3control:GetPublicAccessBlock": { account: ["publicAccessBlock"] },
  "iam:GetAccountAuthorizationDetails": { account: ["iam"] },
  "s3:GetBucketLogging": { bucket: ["logging"] },
  "s3:GetBucketEncryption": { bucket: ["encryption"] },
  "s3:GetBucketTagging": { bucket: ["tags"], regionBuckets: ["tags"] },
  "tag:GetResources": { regionBuckets: ["tags"], replaceable: true },
  "logs:DescribeLogGroups": { logGroup: ["$unknown"] },
  "logs:DescribeMetricFilters": { logGroup: ["metricFilters"] },
  "cloudwatch:DescribeAlarms": { account: ["alarms"] },
  // DescribeKey comes first: the other two are sent only for a key it found.
  "kms:DescribeKey": { kmsKey: KMS_KEY_READS },
  "kms:GetKeyRotationStatus": { kmsKey: ["rotationEnabled"] },
  "kms:GetKeyPolicy": { kmsKey: ["policy"] },
  "sns:ListSubscriptionsByTopic": { snsTopic: ["subscriptions"] },
  "organizations:ListDelegatedAdministrators": { organization: ["delegatedAdministrators"] },
  "organizations:ListPolicies": { organization: ORGANIZATION_POLICIES },
  "organizations:DescribePolicy": { organization: ORGANIZATION_POLICIES },
  "organizations:ListTargetsForPolicy": { organization: ORGANIZATION_POLICIES },
};

/** The GetTrail configuration fields, each of which may be unknown on its own (schema: Maybe). */
export const TRAIL_CONFIGURATION_FIELDS = [
  "S3BucketName",
  "S3KeyPrefix",
  "SnsTopicName",
  "SnsTopicARN",
  "IncludeGlobalServiceEvents",
  "IsMultiRegionTrail",
  "LogFileValidationEnabled",
  "CloudWatchLogsLogGroupArn",
  "CloudWatchLogsRoleArn",
  "KmsKeyId",
  "HasCustomEventSelectors",
  "HasInsightSelectors",
  "IsOrganizationTrail",
] as const;

/**
 * The trail fields an error may leave unknown one by one: the configuration, and HomeRegion, which
 * only a file can leave open (a template whose deploy region is not given).
 */
const TRAIL_FIELDS: ReadonlySet<string> = new Set([...TRAIL_CONFIGURATION_FIELDS, "HomeRegion"]);

const derived = new WeakMap<Snapshot, Snapshot>();

/**
 * The snapshot with every field a collection error left unread holding an unknown. Returns the
 * same object when nothing is to be marked; never changes its argument (copies what it marks).
 */
export function withUnknowns(snapshot: Snapshot): Snapshot {
  const cached = derived.get(snapshot);
  if (cached) return cached;
  let organization = snapshot.organization;
  const orgErrors = organization?.collectionErrors ?? [];
  if (organization && orgErrors.length > 0) organization = markOrganization(organization, orgErrors);
  let changed = organization !== snapshot.organization;
  const accounts = snapshot.accounts.map((account) => {
    const errors = account.collectionErrors ?? [];
    if (errors.length === 0) return account;
    const marked = markAccount(account, errors);
    if (marked !== account) changed = true;
    return marked;
  });
  const result = changed ? { ...snapshot, organization, accounts } : snapshot;
  derived.set(snapshot, result);
  derived.set(result, result);
  return result;
}

function targetOf(error: CollectionError): ReadTarget | undefined {
  return READ_TARGETS[`${error.service}:${error.operation}`];
}

/**
 * Sets each field to the unknown (with onlyAbsent, only where nothing stands). An error that names
 * its one field (a property a file leaves open) marks that field alone when it is one of `fields`,
 * or one of the configuration fields behind a trail's `$unknown`.
 */
function mark<T extends object>(record: T, fields: Fields, error: CollectionError, onlyAbsent = false): T {
  if (error.field !== undefined && (fields.includes(error.field) || (fields.includes("$unknown") && TRAIL_FIELDS.has(error.field)))) {
    fields = [error.field];
    if (error.path !== undefined) {
      const current = (record as Record<string, unknown>)[error.field];
      const marked = markAt(current, pointerTokens(error.path), error);
      if (marked !== undefined) return marked === current ? record : { ...record, [error.field]: marked };
    }
  }
  let out = record;
  for (const field of fields) {
    const current = (out as Record<string, unknown>)[field];
    if (isUnknown(current) || (field === "$unknown" && current !== undefined)) continue;
    if (current !== undefined && onlyAbsent) continue;
    if (out === record) out = { ...record };
    (out as Record<string, unknown>)[field] = field === "$unknown" ? error : unknownValue(error);
  }
  return out;
}

function pointerTokens(pointer: string): string[] {
  return pointer === "" ? [] : pointer.slice(1).split("/").map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/**
 * `value` with the unknown at `path` (copying what it changes), or undefined when the path does not
 * lead into it (the whole field is marked then, which is never wrong). A value already unknown on
 * the way stays as it is.
 */
function markAt(value: unknown, path: readonly string[], error: CollectionError): unknown {
  if (isUnknown(value)) return value;
  if (path.length === 0) return unknownValue(error);
  const [head, ...rest] = path as [string, ...string[]];
  if (Array.isArray(value)) {
    const i = Number(head);
    if (!Number.isInteger(i) || i < 0 || i >= value.length) return undefined;
    const inner = markAt(value[i], rest, error);
    return inner === undefined ? undefined : inner === value[i] ? value : value.map((v, j) => (j === i ? inner : v));
  }
  if (value === null || typeof value !== "object" || !Object.prototype.hasOwnProperty.call(value, head)) return undefined;
  const record = value as Record<string, unknown>;
  const inner = markAt(record[head], rest, error);
  return inner === undefined ? undefined : inner === record[head] ? value : { ...record, [head]: inner };
}

/** The bucket with every field a bucket read fills unknown, for the error's reason. */
function unread(bucket: Bucket, error: CollectionError): Bucket {
  const out: Record<string, unknown> = { ...bucket };
  for (const field of BUCKET_READS) out[field] = unknownValue(error);
  return out as unknown as Bucket;
}

function markOrganization(organization: Organization, errors: readonly CollectionError[]): Organization {
  let out = organization;
  for (const error of errors) {
    const fields = targetOf(error)?.organization;
    if (fields) out = mark(out, fields, error);
  }
  return out;
}

function bucketName(resource: string): string {
  return resource.startsWith("arn:") ? resource.slice(resource.lastIndexOf(":") + 1) : resource;
}

function isAbout(trail: Trail, resource: string): boolean {
  return trail.TrailARN === resource || trail.Name === resource;
}

function markAccount(account: Account, errors: readonly CollectionError[]): Account {
  let out = account;
  for (const error of errors) {
    const target = targetOf(error);
    if (!target) continue;
    if (target.account && (error.resource === undefined || target.trail === undefined)) out = mark(out, target.account, error);
    if (target.trail) out = markTrails(out, error, target.trail);
    if (target.bucket || target.regionBuckets) out = markBuckets(out, error, target);
    if (target.logGroup) out = markLogGroups(out, error, target.logGroup);
    if (target.kmsKey) out = markKmsKeys(out, error, target.kmsKey);
    if (target.snsTopic) out = markSnsTopics(out, error, target.snsTopic);
  }
  if (out === account || out.collectionErrors === undefined) return out;
  // The errors stay last, below what they left unknown.
  const { collectionErrors, ...rest } = out;
  return { ...rest, collectionErrors };
}

function markTrails(account: Account, error: CollectionError, fields: Fields): Account {
  const trails = account.trails;
  if (trails === undefined || isUnknown(trails)) return account;
  let changed = false;
  const next = trails.map((trail) => {
    let about: boolean;
    if (error.resource !== undefined) about = isAbout(trail, error.resource);
    else {
      const owned = trail.TrailARN.split(":")[4] === account.Id;
      const region = typeof trail.HomeRegion === "string" ? trail.HomeRegion : trail.TrailARN.split(":")[3];
      about = owned && (error.region === undefined || error.region === region);
    }
    if (!about) return trail;
    const marked = mark(trail, fields, error);
    if (marked !== trail) changed = true;
    return marked;
  });
  return changed ? { ...account, trails: next } : account;
}

function markBuckets(account: Account, error: CollectionError, target: ReadTarget): Account {
  const buckets = account.buckets;
  if (isUnknown(buckets)) return account;
  const list = buckets ?? [];
  if (error.resource !== undefined && target.bucket) {
    const name = bucketName(error.resource);
    const index = list.findIndex((b) => b.Name === name);
    // A read about a bucket the snapshot does not list: the bucket is there, its facts are not known
    // (every read of it unknown, not only this one's: an absent field would read as "not configured").
    const bucket: Bucket = index >= 0 ? list[index]! : { Name: name, ownerAccountId: account.Id };
    const marked = index >= 0 ? mark(bucket, target.bucket, error) : unread(bucket, error);
    if (marked === bucket && index >= 0) return account;
    const next = index >= 0 ? list.map((b, i) => (i === index ? marked : b)) : [...list, marked];
    return { ...account, buckets: next };
  }
  if (error.resource === undefined && target.regionBuckets) {
    let changed = false;
    const next = list.map((bucket) => {
      const region = isUnknown(bucket.Region) ? undefined : bucket.Region;
      if (error.region !== undefined && region !== error.region) return bucket;
      const marked = mark(bucket, target.regionBuckets!, error, target.replaceable);
      if (marked !== bucket) changed = true;
      return marked;
    });
    return changed ? { ...account, buckets: next } : account;
  }
  return account;
}

/**
 * The log group a read is about: the live reads name it (its logGroupName), the IaC sources by its
 * ARN (arn:<partition>:logs:<region>:<account>:log-group:<name>, with or without the trailing `:*`).
 */
function logGroupOf(resource: string): { name: string; region?: string } {
  const match = /^arn:[^:]+:logs:([^:]*):[^:]*:log-group:(.+?)(?::\*)?$/.exec(resource);
  return match ? { name: match[2]!, ...(match[1] ? { region: match[1] } : {}) } : { name: resource };
}

function markLogGroups(account: Account, error: CollectionError, fields: Fields): Account {
  const groups = account.logGroups;
  if (isUnknown(groups) || error.resource === undefined) return account;
  const list = groups ?? [];
  const about = logGroupOf(error.resource);
  const region = error.region ?? about.region;
  const index = list.findIndex((g) => g.logGroupName === about.name && (region === undefined || g.region === undefined || g.region === region));
  if (index < 0) {
    if (!fields.includes("$unknown")) return account;
    // The group could not be described: it stands in the list, unknown, so no check takes it for missing.
    const group = { logGroupName: about.name, ...(region !== undefined ? { region } : {}), $unknown: error };
    return { ...account, logGroups: [...list, group] };
  }
  const marked = mark(list[index]!, fields, error);
  if (marked === list[index]) return account;
  return { ...account, logGroups: list.map((g, i) => (i === index ? marked : g)) };
}

function markKmsKeys(account: Account, error: CollectionError, fields: Fields): Account {
  const keys = account.kmsKeys;
  if (isUnknown(keys) || error.resource === undefined) return account;
  const list = keys ?? [];
  const index = list.findIndex((k) => k.arn === error.resource);
  if (index < 0) {
    // A read about a key the snapshot does not hold: the key is there, its facts are not known
    // (every read of it unknown: an absent field would read as "not part of the snapshot").
    const key: KmsKey = { arn: error.resource, ...(error.region !== undefined ? { region: error.region } : {}) };
    for (const field of KMS_KEY_READS) (key as unknown as Record<string, unknown>)[field] = unknownValue(error);
    return { ...account, kmsKeys: [...list, key] };
  }
  const marked = mark(list[index]!, fields, error);
  if (marked === list[index]) return account;
  return { ...account, kmsKeys: list.map((k, i) => (i === index ? marked : k)) };
}

function markSnsTopics(account: Account, error: CollectionError, fields: Fields): Account {
  const topics = account.snsTopics;
  if (isUnknown(topics) || error.resource === undefined) return account;
  const list = topics ?? [];
  const index = list.findIndex((t) => t.TopicArn === error.resource);
  if (index < 0) {
    // A read about a topic the snapshot does not hold: the topic is there, its subscribers are not known.
    const region = error.region ?? error.resource.split(":")[3] ?? "";
    const topic: SnsTopic = { TopicArn: error.resource, region, subscriptions: unknownValue(error) };
    return { ...account, snsTopics: [...list, topic] };
  }
  const marked = mark(list[index]!, fields, error);
  if (marked === list[index]) return account;
  return { ...account, snsTopics: list.map((t, i) => (i === index ? marked : t)) };
}
