// CloudFormation mapping: coercions of resolved property values (booleans, strings, numbers,
// lists, tags written the ways a template may write them). Each returns undefined for an absent
// value, the Unresolved marker for a value the file does not decide, else the value.
import type { Tag } from "../../model/snapshot.js";
import { isRecord, type Dict } from "../../util/records.js";
import { firstUnresolved, Unresolved } from "./intrinsics.js";

export function toBool(value: unknown): boolean | Unresolved | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Unresolved) return value;
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  return firstUnresolved(value) ?? new Unresolved(JSON.stringify(value), "not a boolean");
}

export function toStr(value: unknown): string | Unresolved | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Unresolved) return value;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return firstUnresolved(value) ?? new Unresolved(JSON.stringify(value), "not a string");
}

export function toInt(value: unknown): number | Unresolved | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Unresolved) return value;
  const n = typeof value === "number" ? value : typeof value === "string" && /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) ? n : (firstUnresolved(value) ?? new Unresolved(JSON.stringify(value), "not an integer"));
}

/** A number as a template writes it (3, "0.5"); anything else that is decided is kept as written for the schema to reject. */
export function toNumber(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Unresolved) return value;
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value)) return Number(value);
  return firstUnresolved(value) ?? value;
}

/** A resolved value with each Unresolved marker replaced by its placeholder text. */
export function withPlaceholders(value: unknown): unknown {
  if (value instanceof Unresolved) return value.placeholder;
  if (Array.isArray(value)) return value.map(withPlaceholders);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withPlaceholders(v)]));
  return value;
}

export function toList(value: unknown): unknown[] | Unresolved | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Unresolved) return value;
  if (Array.isArray(value)) return value;
  return new Unresolved(JSON.stringify(value), "not a list");
}

/** A Tags property (trails, buckets): the decided tags, and the first value the file leaves open. */
export function mapTags(value: unknown): { tags?: Tag[]; unresolved?: Unresolved } {
  const list = toList(value);
  if (list === undefined) return {};
  if (list instanceof Unresolved) return { tags: [], unresolved: list };
  let unresolved: Unresolved | undefined;
  const tags: Tag[] = [];
  for (const item of list) {
    if (!isRecord(item)) continue;
    const key = toStr(item.Key);
    const v = toStr(item.Value);
    if (typeof key !== "string") {
      unresolved ??= key instanceof Unresolved ? key : undefined;
      continue;
    }
    if (v instanceof Unresolved) unresolved ??= v;
    tags.push(typeof v === "string" ? { Key: key, Value: v } : { Key: key });
  }
  return { tags, ...(unresolved ? { unresolved } : {}) };
}

/** True for an intrinsic call as written (`{Ref: ...}`, `{"Fn::...": ...}`). */
export function isIntrinsic(value: Dict): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === "Ref" || keys[0]!.startsWith("Fn::"));
}
