// Terraform plan mapping: the state the per-service mappers (trail.ts, s3.ts, logs.ts, alarms.ts,
// kms.ts, organizations.ts) share, passed explicitly: the plan's identity, its resources and
// configuration (for references), its positions, what has been mapped so far, and the errors for
// what the plan leaves open. One PlanMapState per plan, made by plan.ts; no module keeps state of
// its own. Also the helpers that need it: locations, errors, tags, policy text.
import type { Bucket, CollectionError, KmsKey, LogGroup, MetricAlarm, ObjectLockConfiguration, PolicyDocument, PublicAccessBlockConfiguration, ServiceControlPolicy, SnsTopic, Tag, Trail } from "../../model/snapshot.js";
import { InputError } from "../../util/errors.js";
import { findDeepJson, nestingMessage } from "../../util/nesting.js";
import { isRecord } from "../../util/records.js";
import type { IacResource, LocatedError, Location, Mapped } from "../iac-types.js";
import type { PositionTable, Pos } from "../cloudformation/document.js";
import type { PlanIdentity } from "./identity.js";
import type { PlanGraph, PlanResource } from "./resources.js";
import { attr, parsePolicyText } from "./values.js";
import { holeErrors, policyHoles } from "../policy-holes.js";

/** A mapped object with the plan resource it came from (for joining by reference). */
export type Sourced<T> = Mapped<T> & { source: PlanResource };

export interface PlanBucket extends Sourced<Bucket> {
  /** An aws_s3_bucket_object_lock_configuration for this bucket. */
  lockRequest?: { enable: boolean; rule?: ObjectLockConfiguration["Rule"] };
  /** Object Lock settings unknown until apply. */
  lockUnknown?: boolean;
}

export interface PlanMapState extends PlanGraph, PlanIdentity {
  readonly file: string;
  readonly positions: PositionTable;

  readonly errors: LocatedError[];
  readonly organizationErrors: LocatedError[];
  readonly unmapped: IacResource[];
  readonly trails: Mapped<Trail>[];
  readonly buckets: PlanBucket[];
  readonly logGroups: Sourced<LogGroup>[];
  readonly alarms: Mapped<MetricAlarm>[];
  readonly scps: Sourced<ServiceControlPolicy>[];
  readonly kmsKeys: Sourced<KmsKey>[];
  readonly snsTopics: Sourced<SnsTopic>[];
  /** Alias name -> its key of the plan, or its target as the plan writes it. */
  readonly kmsAliases: Map<string, { key?: Sourced<KmsKey>; target?: string; source: PlanResource }>;
  accountPublicAccessBlock?: Mapped<PublicAccessBlockConfiguration>;
  /**
   * Why an attribute the plan marks unknown is unknown, when the source knows better than "until
   * apply" (a Terraform configuration read from .tf files: the variable without a value).
   */
  readonly explain?: (r: PlanResource, attribute: string) => string | undefined;
  /** What the values come from, for messages ("this file", "the configuration"). */
  readonly origin?: string;
  /**
   * A policy attribute the plan marks unknown whose structure the source knows: the document with
   * an Unresolved at each open value (src/sources/policy-holes.ts), else undefined.
   */
  readonly holes?: (r: PlanResource, attribute: string) => Record<string, unknown> | undefined;
  /**
   * Whether an attribute the plan marks unknown will have a value once applied (an ARN of a
   * resource being created) rather than maybe none (a conditional on an open variable); undefined
   * when the source cannot tell (a plan, where an unknown value is one that apply computes).
   */
  readonly settled?: (r: PlanResource, attribute: string) => boolean | undefined;
}

/**
 * A policy attribute left open: its document with holes where the source knows the structure (the
 * errors go to `s.errors`, one per hole, at the attribute), else undefined (the whole policy is open).
 */
export function holedPolicy(s: PlanMapState, r: PlanResource, attribute: string, target: { service: string; operation: string; resource: string; field: string; within?: string }): PolicyDocument | undefined {
  const document = s.holes?.(r, attribute);
  if (!document) return undefined;
  const holed = policyHoles(document);
  if ("whole" in holed) return undefined;
  const location = propLocation(s, r, attribute) ?? r.location;
  s.errors.push(
    ...holeErrors(holed, { id: r.address, type: r.type, property: attribute, region: regionOf(s, r), ...target, locate: () => location }).map((e) => ({
      ...e,
      error: { ...e.error, message: e.error.message.replace(/cannot be decided from this file$/, `cannot be decided from ${s.origin ?? "this file"}`) },
    })),
  );
  return holed.document as unknown as PolicyDocument;
}

const AFTER_UNKNOWN = "is unknown until apply (after_unknown)";

/** The message of an Unresolved error about `attribute` of `r`. */
export function unknownMessage(s: PlanMapState, r: PlanResource, attribute: string, why: string = AFTER_UNKNOWN): string {
  const explained = why.includes("until apply") ? s.explain?.(r, attribute.split(",")[0]!.trim()) : undefined;
  return `${r.address} ${attribute} ${explained ?? why}; cannot be decided from ${s.origin ?? "this file"}`;
}

/** The file location of a parsed position (line 1, column 1 when there is none). */
export function at(s: PlanMapState, pos: Pos | undefined): Location {
  return { file: pos?.file ?? s.file, startLine: pos?.line ?? 1, startColumn: pos?.column ?? 1 };
}

/** The resource's own region, else its provider's, else the plan's default. */
export function regionOf(s: PlanMapState, r: PlanResource): string {
  const own = r.values.region;
  if (typeof own === "string" && own !== "") return own;
  return s.providerRegion(r.providerKey) ?? s.defaultRegion;
}

/** Where the plan sets an attribute: its key in change.after, else in after_unknown, else in planned values. */
export function propLocation(s: PlanMapState, r: PlanResource, name: string): Location | undefined {
  const body = r.change && isRecord(r.change.change) ? r.change.change : undefined;
  const pos =
    s.positions.key(body?.after, name) ??
    s.positions.key(body?.after_unknown, name) ??
    s.positions.key(r.entry.values, name);
  return pos ? at(s, pos) : undefined;
}

/** A policy JSON string of an attribute, parsed; one nested deeper than MAX_NESTING is bad input, like the plan itself. */
export function policyOf(s: PlanMapState, r: PlanResource, name: string, text: string): string | PolicyDocument {
  const deep = findDeepJson(text);
  if (deep) {
    const where = propLocation(s, r, name) ?? r.location;
    throw new InputError(`${s.file}:${where.startLine}:${where.startColumn}: ${r.address} ${name}: policy JSON ${nestingMessage(deep)}`, s.file);
  }
  return parsePolicyText(text);
}

export function newMapped<T>(r: PlanResource, value: T): Sourced<T> {
  return { value, id: r.address, type: r.type, location: r.location, parts: {}, contributors: [], source: r };
}

/** Records that `attribute` of `r` is not decided by the plan, at the key that holds it. */
export function unresolved(
  s: PlanMapState,
  r: PlanResource,
  service: string,
  operation: string,
  resource: string | undefined,
  attribute: string,
  why = AFTER_UNKNOWN,
  target: LocatedError[] = s.errors,
  field?: string,
): void {
  const error: CollectionError = {
    service,
    operation,
    region: regionOf(s, r),
    ...(resource !== undefined ? { resource } : {}),
    ...(field !== undefined ? { field } : {}),
    code: "Unresolved",
    message: unknownMessage(s, r, attribute, why),
  };
  target.push({ error, location: propLocation(s, r, attribute.split(",")[0]!.trim()) ?? r.location });
}

/** Records the location of each element of a list attribute mirrored at `pointer`. */
export function mirrorList(s: PlanMapState, parts: Record<string, Location>, pointer: string, list: unknown): void {
  if (!Array.isArray(list)) return;
  list.forEach((_item, i) => {
    const pos = s.positions.member(list, i);
    if (pos) parts[`${pointer}/${i}`] = at(s, pos);
  });
}

/** tags_all (else tags) -> Tag list; keys whose value is unknown until apply keep no value. */
export function mapTags(s: PlanMapState, r: PlanResource): { tags: Tag[]; unknown: boolean; parts: (pointer: string) => Record<string, Location> } {
  const all = attr(r, "tags_all");
  const own = attr(r, "tags");
  const source = !all.unknown && isRecord(all.value) ? "tags_all" : "tags";
  const chosen = source === "tags_all" ? all : own;
  const map = isRecord(chosen.value) ? chosen.value : {};
  const unknownKeys = isRecord(r.afterUnknown) && isRecord(r.afterUnknown[source]) ? Object.keys(r.afterUnknown[source]) : [];
  const tags: Tag[] = Object.keys(map)
    .filter((key) => !unknownKeys.includes(key))
    .map((key) => (typeof map[key] === "string" ? { Key: key, Value: map[key] } : { Key: key }));
  for (const key of unknownKeys) tags.push({ Key: key });
  const unknown = (source === "tags" && own.unknown) || unknownKeys.length > 0;
  return {
    tags,
    unknown,
    parts: (pointer) => {
      const out: Record<string, Location> = {};
      const location = propLocation(s, r, source);
      if (location) out[pointer] = location;
      const body = r.change && isRecord(r.change.change) ? r.change.change : undefined;
      const container = isRecord(body?.after) ? body.after[source] : r.values[source];
      tags.forEach((tag, i) => {
        const pos = s.positions.key(container, tag.Key);
        if (pos) out[`${pointer}/${i}`] = at(s, pos);
      });
      return out;
    },
  };
}
