// Which events a trail records, evaluated from its event selectors the way CloudTrail does.
//
// Sources of truth, in AWS's order:
// - advancedEventSelectors (GetEventSelectors AdvancedEventSelectors) when there is at least one.
//   AWS keeps either basic or advanced selectors on a trail, never both (putting advanced selectors
//   overwrites the basic ones), so a snapshot that carries both is read as AWS would: the advanced
//   ones apply and the basic ones are ignored (reported as `basicIgnored`).
// - eventSelectors (GetEventSelectors EventSelectors) when there is at least one.
// - Neither field present (a pasted describe-trails output): AWS's default for a trail, all read and
//   write management events, no data events.
// - Present but empty lists: the trail has no selector, so it records nothing (an event that
//   matches no selector is not logged). A real default trail always returns one basic selector.
//
// Advanced selectors, as the CloudTrail API reference (AdvancedFieldSelector) and user guide
// describe them: an event is logged when it matches ANY selector; inside a selector every field
// selector must match (AND); inside a field selector every operator given must hold (AND), the
// values of a positive operator (Equals, StartsWith, EndsWith) are alternatives (OR), and a negative
// operator (NotEquals, NotStartsWith, NotEndsWith) excludes every value it lists. A field that no
// field selector names is not filtered. Operators with empty value lists (the CLI prints them) are
// ignored, as AWS ignores them.
//
// Coverage is judged per half, read (readOnly=true) and write (readOnly=false), and is
// conservative across selectors: a half counts as covered only when ONE selector records it for
// every object and every event name. Two selectors that together cover a half (say eventName
// Equals PutObject in one and NotEquals PutObject in the other) are reported as gaps.
import { describeCollectionError } from "./errors.js";
import { isUnknown, type UnknownRef } from "./unknown.js";
import { findAccount, organizationTrailOwners, type TrailRef } from "./coverage.js";
import type {
  Account,
  AdvancedEventSelector,
  AdvancedFieldSelector,
  CollectionError,
  EventSelector,
  Snapshot,
  Trail,
} from "./snapshot.js";

export type SelectorsFrom = "default" | "basic" | "advanced";
export type Half = "read" | "write";

const HALVES: readonly Half[] = ["read", "write"];
const READ_ONLY_VALUE: Record<Half, string> = { read: "true", write: "false" };

export interface SelectorSource {
  from: SelectorsFrom;
  /** True when the snapshot also carries basic selectors that AWS would have replaced. */
  basicIgnored: boolean;
}

/**
 * The unknown that keeps the trail's selectors from being known (GetEventSelectors failed, or a file
 * does not decide them), with the pointer of the field, or undefined when they are known.
 * `trailPointer` is the trail's JSON Pointer.
 */
export function selectorsUnknown(trail: Trail, trailPointer: string): UnknownRef | undefined {
  if (isUnknown(trail.advancedEventSelectors)) return { cause: trail.advancedEventSelectors.$unknown, pointer: `${trailPointer}/advancedEventSelectors` };
  if (isUnknown(trail.eventSelectors)) return { cause: trail.eventSelectors.$unknown, pointer: `${trailPointer}/eventSelectors` };
  return undefined;
}

/** The trail's basic selectors; callers ask selectorsUnknown first, so an unknown here is a bug (the engine makes it ERROR). */
function basicOf(trail: Trail): EventSelector[] | undefined {
  const value = trail.eventSelectors;
  if (isUnknown(value)) throw new Error(`event selectors of ${trail.TrailARN} are unknown: ${value.$unknown.code}`);
  return value;
}

function advancedOf(trail: Trail): AdvancedEventSelector[] | undefined {
  const value = trail.advancedEventSelectors;
  if (isUnknown(value)) throw new Error(`advanced event selectors of ${trail.TrailARN} are unknown: ${value.$unknown.code}`);
  return value;
}

/** Which selectors decide what the trail records. */
export function selectorSource(trail: Trail): SelectorSource {
  const advanced = advancedOf(trail);
  const basic = basicOf(trail);
  if (advanced && advanced.length > 0) return { from: "advanced", basicIgnored: (basic?.length ?? 0) > 0 };
  if (basic && basic.length > 0) return { from: "basic", basicIgnored: false };
  if (advanced === undefined && basic === undefined) return { from: "default", basicIgnored: false };
  return { from: advanced !== undefined ? "advanced" : "basic", basicIgnored: false };
}

// ---------------------------------------------------------------------------------------------
// Field selector evaluation

const OPERATORS = ["Equals", "StartsWith", "EndsWith", "NotEquals", "NotStartsWith", "NotEndsWith"] as const;
type Operator = (typeof OPERATORS)[number];

const operatorsOf = new WeakMap<AdvancedFieldSelector, readonly [Operator, string[]][]>();

/** The operators a field selector uses, with their (non-empty) values (once per selector: read for every bucket and account). */
function operators(fs: AdvancedFieldSelector): readonly [Operator, string[]][] {
  let ops = operatorsOf.get(fs);
  if (ops === undefined) {
    ops = OPERATORS.flatMap((op): [Operator, string[]][] => {
      const values = fs[op];
      return values && values.length > 0 ? [[op, values]] : [];
    });
    operatorsOf.set(fs, Object.freeze(ops));
  }
  return ops;
}

function holds(op: Operator, values: string[], v: string): boolean {
  switch (op) {
    case "Equals":
      return values.includes(v);
    case "StartsWith":
      return values.some((s) => v.startsWith(s));
    case "EndsWith":
      return values.some((s) => v.endsWith(s));
    case "NotEquals":
      return !values.includes(v);
    case "NotStartsWith":
      return !values.some((s) => v.startsWith(s));
    case "NotEndsWith":
      return !values.some((s) => v.endsWith(s));
  }
}

/** Whether a field selector matches one value of its field. */
export function fieldMatches(fs: AdvancedFieldSelector, value: string): boolean {
  return operators(fs).every(([op, values]) => holds(op, values, value));
}

/** Whether the field selector matches EVERY string `prefix + key` (key non-empty). */
function admitsAllUnder(fs: AdvancedFieldSelector, prefix: string): boolean {
  return operators(fs).every(([op, values]) => {
    switch (op) {
      case "Equals":
      case "EndsWith":
      case "NotEndsWith":
        return false; // a finite set, or a suffix test some key fails (or passes)
      case "StartsWith":
        return values.some((s) => prefix.startsWith(s));
      case "NotEquals":
        return !values.some((s) => s.startsWith(prefix) && s.length > prefix.length);
      case "NotStartsWith":
        return !values.some((s) => s.startsWith(prefix) || prefix.startsWith(s));
    }
  });
}

/** Whether the field selector can match SOME string `prefix + key` (approximate: per operator). */
function admitsSomeUnder(fs: AdvancedFieldSelector, prefix: string): boolean {
  return operators(fs).every(([op, values]) => {
    switch (op) {
      case "Equals":
        return values.some((s) => s.startsWith(prefix) && s.length > prefix.length);
      case "StartsWith":
        return values.some((s) => prefix.startsWith(s) || s.startsWith(prefix));
      case "NotStartsWith":
        return !values.some((s) => prefix.startsWith(s));
      case "EndsWith":
      case "NotEquals":
      case "NotEndsWith":
        return true;
    }
  });
}

const fieldsOf = (selector: AdvancedEventSelector, field: string) => selector.FieldSelectors.filter((fs) => fs.Field === field);
const allMatch = (fss: AdvancedFieldSelector[], value: string) => fss.every((fs) => fieldMatches(fs, value));
const list = (values: string[]) => values.join(", ");

/** "eventName Equals PutObject, DeleteObject and NotEquals GetObject" style text. */
function describeField(fs: AdvancedFieldSelector): string {
  return `${fs.Field} ${operators(fs).map(([op, values]) => `${op} ${list(values)}`).join(" and ")}`;
}

function describeEventName(fs: AdvancedFieldSelector): string {
  return operators(fs)
    .map(([op, values]) => {
      switch (op) {
        case "Equals":
          return `only eventName ${list(values)}`;
        case "StartsWith":
          return `only eventName starting with ${list(values)}`;
        case "EndsWith":
          return `only eventName ending with ${list(values)}`;
        case "NotEquals":
          return `eventName ${list(values)} excluded`;
        case "NotStartsWith":
          return `eventName starting with ${list(values)} excluded`;
        case "NotEndsWith":
          return `eventName ending with ${list(values)} excluded`;
      }
    })
    .join(", ");
}

/** Describes how a resources.ARN field selector narrows the objects under `prefix` (bucket ARN + "/"). */
function describeArn(fs: AdvancedFieldSelector, prefix: string): { kind: GapKind; description: string }[] {
  const keys = (values: string[]) => values.filter((s) => s.startsWith(prefix) && s.length > prefix.length).map((s) => s.slice(prefix.length));
  return operators(fs).flatMap(([op, values]): { kind: GapKind; description: string }[] => {
    switch (op) {
      case "Equals":
        return [{ kind: "objects", description: `only object ${list(keys(values))}` }];
      case "StartsWith":
        return values.some((s) => prefix.startsWith(s)) ? [] : [{ kind: "prefix", description: `only objects under prefix ${list(keys(values))}` }];
      case "EndsWith":
        return [{ kind: "objects", description: `only objects whose ARN ends with ${list(values)}` }];
      case "NotEquals": {
        const excluded = keys(values);
        return excluded.length > 0 ? [{ kind: "objects", description: `object ${list(excluded)} excluded` }] : [];
      }
      case "NotStartsWith": {
        const excluded = keys(values);
        return excluded.length > 0 ? [{ kind: "objects", description: `objects under prefix ${list(excluded)} excluded` }] : [];
      }
      case "NotEndsWith":
        return [{ kind: "objects", description: `objects whose ARN ends with ${list(values)} excluded` }];
    }
  });
}

function advancedLabel(selector: AdvancedEventSelector, index: number): string {
  return `AdvancedEventSelectors[${index}]${selector.Name ? ` "${selector.Name}"` : ""}`;
}

const halvesAdmitted = (selector: AdvancedEventSelector): Half[] =>
  HALVES.filter((half) => allMatch(fieldsOf(selector, "readOnly"), READ_ONLY_VALUE[half]));

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

function intersection(sets: string[][]): string[] {
  if (sets.length === 0) return [];
  return sorted(sets.reduce((acc, set) => acc.filter((v) => set.includes(v))));
}

// ---------------------------------------------------------------------------------------------
// Management events

export interface ManagementEvents {
  /** Read management events are recorded (by one selector, apart from excludedSources). */
  read: boolean;
  write: boolean;
  /**
   * Event sources whose management events are not recorded in a recorded half: basic
   * ExcludeManagementEventSources, advanced eventSource NotEquals (NotStartsWith X as "X*",
   * NotEndsWith X as "*X").
   */
  excludedSources: string[];
  /** Other narrowing of the selectors that would otherwise record a missing half. */
  filters: string[];
  selectorsFrom: SelectorsFrom;
  basicIgnored: boolean;
}

interface HalfSource {
  half: Half;
  excluded: string[];
}

const managementOf = new WeakMap<Trail, ManagementEvents>();

/**
 * What management events the trail records: worked out once per trail (an organization trail is
 * asked again for every member, by several checks) and frozen, since every caller shares it.
 */
export function managementEvents(trail: Trail): ManagementEvents {
  let events = managementOf.get(trail);
  if (events === undefined) {
    events = managementEventsOf(trail);
    Object.freeze(events.excludedSources);
    Object.freeze(events.filters);
    managementOf.set(trail, Object.freeze(events));
  }
  return events;
}

function managementEventsOf(trail: Trail): ManagementEvents {
  const source = selectorSource(trail);
  if (source.from === "default") {
    return { read: true, write: true, excludedSources: [], filters: [], selectorsFrom: "default", basicIgnored: false };
  }
  const sources: HalfSource[] = [];
  const filters: { halves: Half[]; text: string }[] = [];

  if (source.from === "basic") {
    for (const selector of basicOf(trail) ?? []) {
      if (selector.IncludeManagementEvents === false) continue;
      const excluded = sorted(selector.ExcludeManagementEventSources ?? []);
      for (const half of basicHalves(selector)) sources.push({ half, excluded });
    }
  } else {
    (advancedOf(trail) ?? []).forEach((selector, index) => {
      if (!allMatch(fieldsOf(selector, "eventCategory"), "Management")) return;
      const halves = halvesAdmitted(selector);
      if (halves.length === 0) return;
      const excluded: string[] = [];
      const narrowing: string[] = [];
      for (const fs of selector.FieldSelectors) {
        if (fs.Field === "eventCategory" || fs.Field === "readOnly") continue;
        const ops = operators(fs);
        if (fs.Field === "eventSource" && ops.every(([op]) => op.startsWith("Not"))) {
          for (const [op, values] of ops) {
            excluded.push(...values.map((v) => (op === "NotStartsWith" ? `${v}*` : op === "NotEndsWith" ? `*${v}` : v)));
          }
        } else if (ops.length > 0) {
          narrowing.push(describeField(fs));
        }
      }
      if (narrowing.length > 0) {
        filters.push({ halves, text: `${advancedLabel(selector, index)}: ${narrowing.join("; ")}` });
        return;
      }
      for (const half of halves) sources.push({ half, excluded: sorted(excluded) });
    });
  }

  const covered = (half: Half) => sources.filter((s) => s.half === half);
  const read = covered("read").length > 0;
  const write = covered("write").length > 0;
  // A source is lost for a half only when every selector recording that half excludes it.
  const excludedSources = sorted([
    ...intersection(covered("read").map((s) => s.excluded)),
    ...intersection(covered("write").map((s) => s.excluded)),
  ]);
  const missing = HALVES.filter((half) => covered(half).length === 0);
  return {
    read,
    write,
    excludedSources,
    filters: filters.filter((f) => f.halves.some((h) => missing.includes(h))).map((f) => f.text),
    selectorsFrom: source.from,
    basicIgnored: source.basicIgnored,
  };
}

function basicHalves(selector: EventSelector): Half[] {
  switch (selector.ReadWriteType ?? "All") {
    case "ReadOnly":
      return ["read"];
    case "WriteOnly":
      return ["write"];
    default:
      return ["read", "write"];
  }
}

// ---------------------------------------------------------------------------------------------
// S3 object-level data events

/** prefix/objects: only part of the bucket; eventName: only some API calls; field: another filter. */
export type GapKind = "prefix" | "objects" | "eventName" | "field";

export interface Gap {
  kind: GapKind;
  /** The halves this selector would have recorded for the whole bucket, limited to the uncovered ones. */
  halves: Half[];
  /** The selector, e.g. `EventSelectors[0]` or `AdvancedEventSelectors[1] "S3 writes"`. */
  selector: string;
  description: string;
}

export interface S3ObjectEvents {
  /** Read (readOnly=true) object events of every object of the bucket are recorded. */
  read: boolean;
  write: boolean;
  /** Why selectors that reach the bucket do not record a missing half for all of it. */
  gaps: Gap[];
  /** Labels of the selectors that record a half for the whole bucket. */
  coveredBy: string[];
  selectorsFrom: SelectorsFrom;
  basicIgnored: boolean;
}

const S3_OBJECT = "AWS::S3::Object";

/** `arn:<partition>:s3:::<bucket>/`: every object ARN of the bucket starts with it. */
export function bucketObjectsArn(bucketName: string, partition: string): string {
  return `arn:${partition}:s3:::${bucketName}/`;
}

/** Whether the trail records AWS::S3::Object data events for every object of the bucket, per half. */
export function s3ObjectEvents(trail: Trail, bucketName: string, partition: string): S3ObjectEvents {
  const source = selectorSource(trail);
  const prefix = bucketObjectsArn(bucketName, partition);
  const covered = new Set<Half>();
  const coveredBy: string[] = [];
  const gaps: Gap[] = [];

  if (source.from === "basic") {
    const whole = new Set([`arn:${partition}:s3`, `arn:${partition}:s3:::`, `arn:${partition}:s3:::${bucketName}`, prefix]);
    (basicOf(trail) ?? []).forEach((selector, index) => {
      const halves = basicHalves(selector);
      const label = `EventSelectors[${index}]`;
      const values = (selector.DataResources ?? []).filter((r) => r.Type === S3_OBJECT).flatMap((r) => r.Values ?? []);
      if (values.some((v) => whole.has(v))) {
        halves.forEach((h) => covered.add(h));
        coveredBy.push(label);
        return;
      }
      const prefixes = values.filter((v) => v.startsWith(prefix) && v.length > prefix.length).map((v) => v.slice(prefix.length));
      if (prefixes.length > 0) gaps.push({ kind: "prefix", halves, selector: label, description: `only objects under prefix ${list(prefixes)}` });
    });
  } else if (source.from === "advanced") {
    (advancedOf(trail) ?? []).forEach((selector, index) => {
      if (!allMatch(fieldsOf(selector, "eventCategory"), "Data")) return;
      if (!allMatch(fieldsOf(selector, "resources.type"), S3_OBJECT)) return;
      // Every S3 object-level event has eventSource s3.amazonaws.com.
      if (!allMatch(fieldsOf(selector, "eventSource"), "s3.amazonaws.com")) return;
      const halves = halvesAdmitted(selector);
      const arns = fieldsOf(selector, "resources.ARN");
      if (halves.length === 0 || !arns.every((fs) => admitsSomeUnder(fs, prefix))) return;
      const label = advancedLabel(selector, index);
      const found: { kind: GapKind; description: string }[] = [];
      for (const fs of arns) if (!admitsAllUnder(fs, prefix)) found.push(...describeArn(fs, prefix));
      for (const fs of fieldsOf(selector, "eventName")) {
        if (operators(fs).length > 0) found.push({ kind: "eventName", description: describeEventName(fs) });
      }
      const handled = new Set(["eventCategory", "resources.type", "readOnly", "resources.ARN", "eventName", "eventSource"]);
      for (const fs of selector.FieldSelectors) {
        if (!handled.has(fs.Field) && operators(fs).length > 0) found.push({ kind: "field", description: `only events where ${describeField(fs)}` });
      }
      if (found.length === 0) {
        halves.forEach((h) => covered.add(h));
        coveredBy.push(label);
      } else {
        for (const gap of found) gaps.push({ ...gap, halves, selector: label });
      }
    });
  }

  return {
    read: covered.has("read"),
    write: covered.has("write"),
    gaps: gaps
      .map((gap) => ({ ...gap, halves: gap.halves.filter((h) => !covered.has(h)) }))
      .filter((gap) => gap.halves.length > 0),
    coveredBy,
    selectorsFrom: source.from,
    basicIgnored: source.basicIgnored,
  };
}

// ---------------------------------------------------------------------------------------------
// Corrected selectors for `aws cloudtrail put-event-selectors` (which replaces ALL selectors, so
// every fix starts from the trail's current ones)

export type SelectorFix =
  | { option: "--event-selectors"; selectors: EventSelector[] }
  | { option: "--advanced-event-selectors"; selectors: AdvancedEventSelector[] };

const DEFAULT_BASIC: EventSelector = { ReadWriteType: "All", IncludeManagementEvents: true };
const MAX_BASIC_SELECTORS = 5;

/** The trail's selectors as put-event-selectors accepts them (no empty lists, which the API rejects). */
export function currentSelectors(trail: Trail): SelectorFix {
  const source = selectorSource(trail);
  if (source.from === "advanced") {
    return {
      option: "--advanced-event-selectors",
      selectors: (advancedOf(trail) ?? []).map((selector) => ({
        ...(selector.Name !== undefined ? { Name: selector.Name } : {}),
        FieldSelectors: selector.FieldSelectors.map((fs) => ({ Field: fs.Field, ...Object.fromEntries(operators(fs)) })),
      })),
    };
  }
  const basic = source.from === "default" ? [DEFAULT_BASIC] : (basicOf(trail) ?? []);
  return { option: "--event-selectors", selectors: basic.map(cleanBasic) };
}

function cleanBasic(selector: EventSelector): EventSelector {
  const out: EventSelector = { ReadWriteType: selector.ReadWriteType ?? "All", IncludeManagementEvents: selector.IncludeManagementEvents ?? true };
  const data = (selector.DataResources ?? []).filter((r) => (r.Values ?? []).length > 0 || r.Values === undefined);
  if (data.length > 0) out.DataResources = data.map((r) => ({ Type: r.Type, ...(r.Values ? { Values: [...r.Values] } : {}) }));
  if ((selector.ExcludeManagementEventSources ?? []).length > 0) out.ExcludeManagementEventSources = [...selector.ExcludeManagementEventSources!];
  return out;
}

/**
 * The trail's selectors changed so that they record read and write management events from every
 * source except `keepExcluded`; data-event selectors are kept as they are.
 */
export function withAllManagementEvents(trail: Trail, keepExcluded: string[]): SelectorFix {
  const current = currentSelectors(trail);
  if (current.option === "--advanced-event-selectors") {
    const isManagement = (s: AdvancedEventSelector) => allMatch(fieldsOf(s, "eventCategory"), "Management");
    const first = current.selectors.findIndex(isManagement);
    // A new name: the old one may say "read-only".
    const management: AdvancedEventSelector = {
      Name: "Management events",
      FieldSelectors: [
        { Field: "eventCategory", Equals: ["Management"] },
        ...(keepExcluded.length > 0 ? [{ Field: "eventSource", NotEquals: [...keepExcluded] }] : []),
      ],
    };
    const others = current.selectors.filter((s) => !isManagement(s));
    const at = first >= 0 ? current.selectors.slice(0, first).filter((s) => !isManagement(s)).length : 0;
    return { option: current.option, selectors: [...others.slice(0, at), management, ...others.slice(at)] };
  }

  const keep = new Set(keepExcluded);
  const selectors = current.selectors.map((selector) => {
    const exclusions = (selector.ExcludeManagementEventSources ?? []).filter((s) => keep.has(s));
    const { ExcludeManagementEventSources: _dropped, ...rest } = selector;
    return exclusions.length > 0 ? { ...rest, ExcludeManagementEventSources: exclusions } : rest;
  });
  const records = (half: Half) => selectors.some((s) => s.IncludeManagementEvents !== false && basicHalves(s).includes(half));
  if (records("read") && records("write")) return { option: current.option, selectors };

  const withManagement = (s: EventSelector): EventSelector => ({
    ...s,
    ReadWriteType: "All",
    IncludeManagementEvents: true,
    ...(keepExcluded.length > 0 ? { ExcludeManagementEventSources: [...keepExcluded] } : {}),
  });
  // Widening a selector that has data resources would change its data events, so prefer a
  // management-only selector, then one already recording all data events, then a new selector.
  const noData = selectors.findIndex((s) => (s.DataResources ?? []).length === 0);
  const allData = selectors.findIndex((s) => (s.ReadWriteType ?? "All") === "All");
  const target = noData >= 0 ? noData : allData >= 0 ? allData : selectors.length < MAX_BASIC_SELECTORS ? -1 : 0;
  if (target === -1) return { option: current.option, selectors: [...selectors, withManagement({})] };
  return { option: current.option, selectors: selectors.map((s, i) => (i === target ? withManagement(s) : s)) };
}

/**
 * The trail's selectors with object-level read and write data events added for every object of
 * the bucket; everything the trail records today is kept.
 */
export function withBucketObjectEvents(trail: Trail, bucketName: string, partition: string): SelectorFix {
  const current = currentSelectors(trail);
  const prefix = bucketObjectsArn(bucketName, partition);
  if (current.option === "--advanced-event-selectors") {
    // Extend a selector that is exactly "these buckets, all S3 object events", or add one.
    const plain = current.selectors.findIndex(
      (s) =>
        s.FieldSelectors.length === 3 &&
        s.FieldSelectors.every((fs) => operators(fs).length === 1 && operators(fs)[0]![0] === (fs.Field === "resources.ARN" ? "StartsWith" : "Equals")) &&
        fieldsOf(s, "eventCategory").some((fs) => fs.Equals?.length === 1 && fs.Equals[0] === "Data") &&
        fieldsOf(s, "resources.type").some((fs) => fs.Equals?.length === 1 && fs.Equals[0] === S3_OBJECT) &&
        fieldsOf(s, "resources.ARN").length === 1,
    );
    if (plain >= 0) {
      return {
        option: current.option,
        selectors: current.selectors.map((s, i) =>
          i !== plain
            ? s
            : {
                ...s,
                FieldSelectors: s.FieldSelectors.map((fs) =>
                  fs.Field === "resources.ARN" ? { Field: fs.Field, StartsWith: [...(fs.StartsWith ?? []).filter((v) => !v.startsWith(prefix)), prefix] } : fs,
                ),
              },
        ),
      };
    }
    return {
      option: current.option,
      selectors: [
        ...current.selectors,
        {
          Name: `S3 object events for ${bucketName}`,
          FieldSelectors: [
            { Field: "eventCategory", Equals: ["Data"] },
            { Field: "resources.type", Equals: [S3_OBJECT] },
            { Field: "resources.ARN", StartsWith: [prefix] },
          ],
        },
      ],
    };
  }

  const selectors = current.selectors;
  const all = (s: EventSelector) => (s.ReadWriteType ?? "All") === "All";
  const withS3 = selectors.findIndex((s) => all(s) && (s.DataResources ?? []).some((r) => r.Type === S3_OBJECT));
  const target = withS3 >= 0 ? withS3 : selectors.findIndex(all);
  if (target === -1 && selectors.length < MAX_BASIC_SELECTORS) {
    return {
      option: current.option,
      selectors: [...selectors, { ReadWriteType: "All", IncludeManagementEvents: false, DataResources: [{ Type: S3_OBJECT, Values: [prefix] }] }],
    };
  }
  const at = target === -1 ? 0 : target;
  return {
    option: current.option,
    selectors: selectors.map((s, i) => {
      if (i !== at) return s;
      const resources = s.DataResources ?? [];
      const hasS3 = resources.some((r) => r.Type === S3_OBJECT);
      const dataResources = hasS3
        ? resources.map((r) => (r.Type === S3_OBJECT ? { ...r, Values: [...(r.Values ?? []).filter((v) => !v.startsWith(prefix)), prefix] } : r))
        : [...resources, { Type: S3_OBJECT, Values: [prefix] }];
      return { ...s, ReadWriteType: "All" as const, DataResources: dataResources };
    }),
  };
}

/** Quotes a string as one word for a POSIX shell. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The `--event-selectors '<json>'` (or `--advanced-event-selectors`) part of put-event-selectors. */
export function selectorsArgument(fix: SelectorFix): string {
  return `${fix.option} ${shellQuote(JSON.stringify(fix.selectors))}`;
}

// ---------------------------------------------------------------------------------------------
// Reads that hide what a trail records

/**
 * Collection errors that leave a trail's selectors or status unknown: an error on one of
 * `operations` about this trail (by ARN, or by name in the owner account), or about no particular
 * resource in the owner account and the trail's home region.
 */
export function trailReadErrors(snapshot: Snapshot, ref: TrailRef, operations: readonly string[]): CollectionError[] {
  const about = (error: CollectionError, account?: Account) =>
    error.service === "cloudtrail" &&
    operations.includes(error.operation) &&
    (error.resource === ref.trail.TrailARN ||
      (account?.Id === ref.ownerAccountId &&
        (error.resource === ref.trail.Name || (error.resource === undefined && (error.region === undefined || error.region === ref.homeRegion)))));
  return [
    ...accountErrors(snapshot).filter(({ error, account }) => about(error, account)).map(({ error }) => error),
    ...(snapshot.organization?.collectionErrors ?? []).filter((error) => about(error)),
  ];
}

const errorCache = new WeakMap<Snapshot, { error: CollectionError; account: Account }[]>();

/** Every account-level collection error with its account, gathered once per snapshot. */
function accountErrors(snapshot: Snapshot): { error: CollectionError; account: Account }[] {
  let errors = errorCache.get(snapshot);
  if (!errors) {
    errors = snapshot.accounts.flatMap((account) => (account.collectionErrors ?? []).map((error) => ({ error, account })));
    errorCache.set(snapshot, errors);
  }
  return errors;
}

/**
 * Errors listing the trails of the accounts whose organization trails would cover `account` (the
 * account's own listing errors are the engine's to judge): such a trail may exist unseen.
 */
export function organizationTrailListErrors(snapshot: Snapshot, account: Account): CollectionError[] {
  if (snapshot.organization === null) return [];
  const owners = organizationTrailOwners(snapshot);
  return [...owners]
    .filter((id) => id !== account.Id)
    .flatMap((id) => findAccount(snapshot, id)?.collectionErrors ?? [])
    .filter((e) => e.service === "cloudtrail" && (e.operation === "DescribeTrails" || e.operation === "ListTrails") && e.resource === undefined);
}

/** One line naming each error, for an ERROR message. */
export function describeErrors(errors: CollectionError[]): string {
  return [...new Set(errors.map(describeCollectionError))].join("; ");
}
