// The last safety net of the live source: the snapshot is checked against schemas/snapshot.schema.json
// before it leaves the collector, and a value the readers' normalisers (normalize.ts) let through but
// the schema refuses becomes unknown at the nearest field that may be unknown (a Maybe field: a
// trail's status, a bucket's versioning, an account's list of trails, ...), with an UnexpectedValue
// collection error naming the read it came from. The scan never fails because of what AWS answered,
// and no check reads a value the schema does not describe.
import type { ErrorObject } from "ajv";
import type { Account, CollectionError, Snapshot } from "../../model/snapshot.js";
import { schemaValidator, withoutMarkerNoise } from "../../util/schemas.js";
import { TRAIL_FIELDS } from "./shape.js";

type Read = readonly [service: string, operation: string];

const ACCOUNT_LISTS: Record<string, Read> = {
  regions: ["account", "ListRegions"],
  trails: ["cloudtrail", "ListTrails"],
  buckets: ["s3", "ListBuckets"],
  logGroups: ["logs", "DescribeLogGroups"],
  alarms: ["cloudwatch", "DescribeAlarms"],
  // Before these two were listed, a refused value under them dropped the whole list, blamed on
  // organizations:ListAccounts: every key and topic then read as "outside the scan".
  kmsKeys: ["kms", "DescribeKey"],
  snsTopics: ["sns", "ListSubscriptionsByTopic"],
};
const TRAIL_MAYBE: Record<string, Read> = {
  status: ["cloudtrail", "GetTrailStatus"],
  eventSelectors: ["cloudtrail", "GetEventSelectors"],
  advancedEventSelectors: ["cloudtrail", "GetEventSelectors"],
  insightSelectors: ["cloudtrail", "GetInsightSelectors"],
  tags: ["cloudtrail", "ListTags"],
};
const BUCKET_MAYBE: Record<string, Read> = {
  Region: ["s3", "GetBucketLocation"],
  policy: ["s3", "GetBucketPolicy"],
  objectLockConfiguration: ["s3", "GetObjectLockConfiguration"],
  versioning: ["s3", "GetBucketVersioning"],
  publicAccessBlock: ["s3", "GetPublicAccessBlock"],
  tags: ["s3", "GetBucketTagging"],
  ownershipControls: ["s3", "GetBucketOwnershipControls"],
  acl: ["s3", "GetBucketAcl"],
  logging: ["s3", "GetBucketLogging"],
  encryption: ["s3", "GetBucketEncryption"],
};
const ORGANIZATION_MAYBE: Record<string, Read> = {
  delegatedAdministrators: ["organizations", "ListDelegatedAdministrators"],
  serviceControlPolicies: ["organizations", "DescribePolicy"],
  resourceControlPolicies: ["organizations", "DescribePolicy"],
};
/** Informational fields that no check reads: dropped (with the error) rather than unknowing a whole list. */
const DROPPABLE_BUCKET_FIELDS = new Set(["CreationDate"]);
const TRAIL_CONFIG = TRAIL_FIELDS.filter((f) => f !== "Name" && f !== "TrailARN");

/** One repair: where (JSON Pointer segments), what to do, and the read to blame. */
interface Repair {
  path: string[];
  action: "unknown" | "drop" | "trailUnknown" | "groupUnknown";
  read: Read;
  where: { region?: string; resource?: string };
}

function decode(pointer: string): string[] {
  return pointer === "" ? [] : pointer.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function at(root: unknown, path: readonly string[]): unknown {
  let value = root;
  for (const key of path) value = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

const text = (value: unknown) => (typeof value === "string" ? value : undefined);

/** The nearest field that may be unknown, for one schema error; undefined when there is none (a bug). */
function repairFor(snapshot: Snapshot, error: ErrorObject): Repair | undefined {
  const path = decode(error.instancePath);
  if (path[0] === "organization" && path.length >= 2) {
    const field = path[1]!;
    if (ORGANIZATION_MAYBE[field]) return { path: path.slice(0, 2), action: "unknown", read: ORGANIZATION_MAYBE[field], where: {} };
    if (field === "Id" || field === "MasterAccountId" || field === "collectionErrors") return undefined;
    return { path: path.slice(0, 2), action: "drop", read: ["organizations", "DescribeOrganization"], where: {} };
  }
  if (path[0] !== "accounts" || path.length < 3) return undefined;
  const list = path[2]!;
  const listRead = ACCOUNT_LISTS[list];
  if (list === "publicAccessBlock") return { path: path.slice(0, 3), action: "unknown", read: ["s3control", "GetPublicAccessBlock"], where: {} };
  if (list === "iam") return { path: path.slice(0, 3), action: "unknown", read: ["iam", "GetAccountAuthorizationDetails"], where: {} };
  if (!listRead) {
    if (list === "Id" || list === "collectionErrors") return undefined;
    return { path: path.slice(0, 3), action: "drop", read: ["organizations", "ListAccounts"], where: {} };
  }
  const whole: Repair = { path: path.slice(0, 3), action: "unknown", read: listRead, where: {} };
  if (path.length === 3 || list === "regions" || list === "alarms") return whole;
  const item = path.slice(0, 4);
  const record = at(snapshot, item) as Record<string, unknown> | undefined;
  const field = path[4];
  if (list === "trails") {
    const where = { ...(text(record?.HomeRegion) ? { region: text(record?.HomeRegion) } : {}), ...(text(record?.TrailARN) ? { resource: text(record?.TrailARN) } : {}) };
    if (field !== undefined && TRAIL_MAYBE[field]) return { path: [...item, field], action: "unknown", read: TRAIL_MAYBE[field], where };
    if (field === undefined && error.keyword === "required") return whole;
    if (field === "Name" || field === "TrailARN" || !where.resource) return whole;
    return { path: item, action: "trailUnknown", read: ["cloudtrail", "GetTrail"], where };
  }
  if (list === "buckets") {
    const region = text(record?.Region);
    const where = { ...(region ? { region } : {}), ...(text(record?.Name) ? { resource: text(record?.Name) } : {}) };
    if (field !== undefined && BUCKET_MAYBE[field]) return { path: [...item, field], action: "unknown", read: BUCKET_MAYBE[field], where };
    if (field !== undefined && DROPPABLE_BUCKET_FIELDS.has(field)) return { path: [...item, field], action: "drop", read: ["s3", "ListBuckets"], where };
    return whole;
  }
  if (list === "snsTopics") {
    // A topic's subscriptions: that topic's subscriptions unknown (model/derive.ts reads the error
    // by TopicArn); its identity: the whole list.
    const where = { ...(text(record?.region) ? { region: text(record?.region) } : {}), ...(text(record?.TopicArn) ? { resource: text(record?.TopicArn) } : {}) };
    if (field === "subscriptions" && where.resource && where.region) return { path: [...item, "subscriptions"], action: "unknown", read: listRead, where };
    return whole;
  }
  if (list === "logGroups") {
    const where = { ...(text(record?.region) ? { region: text(record?.region) } : {}), ...(text(record?.logGroupName) ? { resource: text(record?.logGroupName) } : {}) };
    if (field === "metricFilters") return { path: [...item, field], action: "unknown", read: ["logs", "DescribeMetricFilters"], where };
    if (field === "logGroupName" || !where.resource || (field === undefined && error.keyword === "required")) return whole;
    return { path: item, action: "groupUnknown", read: ["logs", "DescribeLogGroups"], where };
  }
  return whole;
}

function shown(value: unknown): string {
  let out: string;
  try {
    out = JSON.stringify(value) ?? String(value);
  } catch {
    out = String(value);
  }
  return out.length > 80 ? `${out.slice(0, 77)}...` : out;
}

/** The snapshot with every value the schema refuses made unknown (or dropped); the same object when valid. */
export function repairAgainstSchema(snapshot: Snapshot): Snapshot {
  const validate = schemaValidator("snapshot.schema.json");
  for (let round = 0; round < 5; round++) {
    if (validate(snapshot)) return snapshot;
    // Not the marker branch's complaints: a list whose item has an odd field also "is not an
    // unknown marker", and taking that for the list's own error would make the whole list unknown.
    const errors = withoutMarkerNoise(validate.errors);
    const repairs = new Map<string, { repair: Repair; error: ErrorObject }>();
    for (const error of errors) {
      const repair = repairFor(snapshot, error);
      if (!repair) continue;
      const key = repair.path.join("/");
      const existing = repairs.get(key);
      // The deepest complaint says best what was wrong.
      if (!existing || decode(error.instancePath).length > decode(existing.error.instancePath).length) repairs.set(key, { repair, error });
    }
    if (repairs.size === 0) break;
    // An outer repair covers the inner ones.
    const keys = [...repairs.keys()].sort((a, b) => a.length - b.length);
    const done: string[] = [];
    for (const key of keys) {
      if (done.some((outer) => key.startsWith(`${outer}/`))) continue;
      done.push(key);
      const { repair, error } = repairs.get(key)!;
      apply(snapshot, repair, error);
    }
  }
  if (!validate(snapshot)) {
    const first = validate.errors?.[0];
    throw new Error(`collected snapshot does not match snapshot.schema.json at ${first?.instancePath || "/"}: ${first?.message ?? "invalid"} (a bug in the collector)`);
  }
  return snapshot;
}

function apply(snapshot: Snapshot, repair: Repair, error: ErrorObject): void {
  const [service, operation] = repair.read;
  const inner = decode(error.instancePath);
  const value = at(snapshot, inner);
  const field = inner.slice(repair.path[0] === "organization" ? 1 : 2).join(".");
  const cause: CollectionError = {
    service,
    operation,
    ...(repair.where.region !== undefined ? { region: repair.where.region } : {}),
    ...(repair.where.resource !== undefined ? { resource: repair.where.resource } : {}),
    // SCPs and RCPs share their reads: the error names which of the two it leaves unknown.
    ...(repair.path[0] === "organization" && repair.read[1] === "DescribePolicy" ? { field: repair.path[1]! } : {}),
    code: "UnexpectedValue",
    message: `unexpected value from AWS: ${field}=${shown(value)} in ${operation} (the snapshot schema says: ${error.message ?? "invalid"})`,
  };
  const owner = repair.path[0] === "organization" ? snapshot.organization : (at(snapshot, repair.path.slice(0, 2)) as Account);
  if (!owner) return;
  (owner.collectionErrors ??= []).push(cause);
  const parent = at(snapshot, repair.path.slice(0, -1)) as Record<string, unknown>;
  const last = repair.path[repair.path.length - 1]!;
  const target = parent[last] as Record<string, unknown>;
  switch (repair.action) {
    case "unknown":
      parent[last] = { $unknown: cause };
      break;
    case "drop":
      delete parent[last];
      break;
    case "trailUnknown": {
      for (const key of TRAIL_CONFIG) delete target[key];
      for (const key of Object.keys(target)) if (!(key in TRAIL_MAYBE) && key !== "Name" && key !== "TrailARN") delete target[key];
      if (typeof repair.where.region === "string") target.HomeRegion = repair.where.region;
      target.$unknown = cause;
      break;
    }
    case "groupUnknown":
      parent[last] = { logGroupName: repair.where.resource, ...(repair.where.region ? { region: repair.where.region } : {}), $unknown: cause };
      break;
  }
}
