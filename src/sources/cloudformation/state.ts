// CloudFormation mapping: the state the per-service mappers (trail.ts, s3.ts, logs.ts, alarms.ts,
// kms.ts, organizations.ts) share, passed explicitly: the stack's identity, the template's names
// and positions, what has been mapped so far, and the errors for what the file leaves open. One
// CfnMapState per template, made by map.ts; no module keeps state of its own.
import type { Bucket, CollectionError, KmsKey, LogGroup, MetricAlarm, Partition, ServiceControlPolicy, SnsTopic, Trail } from "../../model/snapshot.js";
import { isRecord, type Dict } from "../../util/records.js";
import { pointerToken, type IacResource, type LocatedError, type Location, type Mapped } from "../iac-types.js";
import type { PositionTable, Pos } from "./document.js";
import type { Unresolved } from "./intrinsics.js";
import type { Arns } from "./names.js";
import { isIntrinsic } from "./values.js";

/** A resource of the template, its Properties resolved. */
export interface CfnResource {
  id: string;
  type: string;
  raw: Dict;
  /** Raw Properties object (for positions). */
  rawProps: Dict;
  /** Resolved Properties. */
  props: Dict;
  location: Location;
  cdkPath?: string;
}

export interface CfnMapState {
  readonly file: string;
  readonly positions: PositionTable;
  readonly accountId: string;
  readonly region: string;
  readonly partition: Partition;
  readonly collectedAt: string;
  readonly stackName: string;
  readonly arns: Arns;
  /** The physical name (`Ref`) of a resource of the template. */
  readonly nameOf: (id: string) => string | Unresolved;
  /** Logical ids of the template's AWS::S3::Bucket resources. */
  readonly bucketResources: readonly string[];

  readonly errors: LocatedError[];
  readonly organizationErrors: LocatedError[];
  readonly unmapped: IacResource[];
  readonly trails: Mapped<Trail>[];
  /** The resource each trail was mapped from (for linking its KMSKeyId). */
  readonly trailResources: Map<Mapped<Trail>, CfnResource>;
  readonly buckets: Mapped<Bucket>[];
  readonly logGroups: Mapped<LogGroup>[];
  readonly alarms: Mapped<MetricAlarm>[];
  readonly scps: Mapped<ServiceControlPolicy>[];
  readonly kmsKeys: Mapped<KmsKey>[];
  readonly snsTopics: Mapped<SnsTopic>[];
  /** AWS::SNS::Subscription resources, attached once every topic is mapped (with the Condition the file cannot decide, if any). */
  readonly pendingSubscriptions: { r: CfnResource; undecided?: Unresolved }[];
  /** Resources mapped once every resource they attach to is: aliases, bucket policies, metric filters. */
  readonly pendingAliases: CfnResource[];
  readonly pendingPolicies: CfnResource[];
  readonly pendingFilters: CfnResource[];
  /** IAM users, groups, roles and policies, mapped together once every resource is read (iam.ts). */
  readonly iamResources: CfnResource[];
}

/** The file location of a parsed position (line 1, column 1 when there is none). */
export function at(s: CfnMapState, pos: Pos | undefined): Location {
  return { file: s.file, startLine: pos?.line ?? 1, startColumn: pos?.column ?? 1 };
}

export function cdk(r: CfnResource): { cdkPath?: string } {
  return r.cdkPath !== undefined ? { cdkPath: r.cdkPath } : {};
}

/** Location of a property key of the resource (else the resource). */
export function propAt(s: CfnMapState, r: CfnResource, name: string): Location {
  const pos = s.positions.key(r.rawProps, name) ?? s.positions.key(r.raw, "Properties");
  return pos ? at(s, pos) : r.location;
}

export function newMapped<T>(r: CfnResource, value: T): Mapped<T> {
  return { value, id: r.id, type: r.type, location: r.location, parts: {}, contributors: [], ...cdk(r) };
}

/** Records the location of each element (and its keys) of a list property mirrored at `pointer`. */
export function mirror(s: CfnMapState, parts: Record<string, Location>, pointer: string, raw: unknown, depth = 0): void {
  if (depth > 6) return;
  if (Array.isArray(raw)) {
    raw.forEach((item, i) => {
      const pos = s.positions.member(raw, i);
      if (pos) parts[`${pointer}/${i}`] = at(s, pos);
      mirror(s, parts, `${pointer}/${i}`, item, depth + 1);
    });
  } else if (isRecord(raw) && !isIntrinsic(raw)) {
    for (const key of Object.keys(raw)) {
      const pos = s.positions.key(raw, key);
      if (pos) parts[`${pointer}/${pointerToken(key)}`] = at(s, pos);
      mirror(s, parts, `${pointer}/${pointerToken(key)}`, raw[key], depth + 1);
    }
  }
}

/** Records that `what` of resource `r` is not decided by the file, at the line that sets it. */
export function unresolvedError(
  s: CfnMapState,
  r: CfnResource,
  service: string,
  operation: string,
  resource: string | undefined,
  what: string,
  u: Unresolved,
  target: LocatedError[] = s.errors,
  location: Location = what in r.rawProps ? propAt(s, r, what) : r.location,
  field?: string,
): void {
  const error: CollectionError = {
    service,
    operation,
    region: s.region,
    ...(resource !== undefined ? { resource } : {}),
    ...(field !== undefined ? { field } : {}),
    code: "Unresolved",
    message: `${r.id} (${r.type}) ${what} is ${u.expr}: ${u.reason}; cannot be decided from this file`,
  };
  target.push({ error, location });
}
