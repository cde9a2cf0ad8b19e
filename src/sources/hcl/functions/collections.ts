// Collection functions over lists, tuples and sets (arrays) and maps and objects (plain objects),
// as Terraform computes them. Those that only move elements around (concat, merge, lookup,
// element, slice, values, ...) keep unknown elements as they are; those whose result depends on
// the elements' values (distinct, sort, compact, flatten of an unknown) are unknown with them.
// https://developer.hashicorp.com/terraform/language/functions/concat (and merge, lookup,
// coalesce, coalescelist, length, keys, values, contains, index, element, flatten, distinct,
// compact, one, zipmap, sort, range, slice, reverse)
import { firstUnknown, isObjectValue, objectValue, typeName, Unknown, type Value, type ValueObject } from "../value.js";
import { compareStrings, equal, graphemes, invalid, numberText, sortedKeys, toInt, toNum, toObj, toSeq, toStr, toStrList, undecided, unify } from "./args.js";
import type { FunctionSpecs } from "./spec.js";

function merge(args: Value[]): ValueObject {
  const entries: [string, Value][] = [];
  args.forEach((arg, i) => {
    if (arg === null) return;
    if (!isObjectValue(arg)) throw invalid(`arguments must be maps or objects, got ${typeName(arg)} (argument ${i + 1})`);
    for (const key of Object.keys(arg)) entries.push([key, arg[key]!]);
  });
  return objectValue(entries); // a later key replaces an earlier one
}

/** lookup(map, key[, default]): an unknown default matters only when the key is missing. */
function lookup([map, key, ...fallback]: Value[]): Value {
  if (map instanceof Unknown) return map;
  if (key instanceof Unknown) return key;
  const object = toObj(map!, "the map");
  const name = toStr(key!, "the key");
  if (Object.hasOwn(object, name)) return object[name]!;
  if (fallback.length > 0) return fallback[0]!;
  throw invalid(`lookup failed to find key ${JSON.stringify(name)}`);
}

/** coalesce: the first argument that is not null or "" (after unifying the arguments' types); an unknown before it decides nothing. */
function coalesce(args: Value[]): Value {
  if (args.length === 0) throw invalid("at least one argument is required");
  const unified = unify(args, "the arguments");
  if (unified instanceof Unknown) return unified;
  const stringResult = unified.some((a) => typeof a === "string");
  for (const arg of unified) {
    if (arg instanceof Unknown) return arg;
    if (arg === null || (stringResult && arg === "")) continue;
    return arg;
  }
  throw invalid("no non-null, non-empty-string arguments");
}

function coalescelist(args: Value[]): Value {
  if (args.length === 0) throw invalid("at least one argument is required");
  for (const [i, arg] of args.entries()) {
    if (arg instanceof Unknown) return arg;
    if (arg === null) continue;
    if (!Array.isArray(arg)) throw invalid(`coalescelist arguments must be lists or tuples, argument ${i + 1} is ${typeName(arg)}`);
    if (arg.length > 0) return arg;
  }
  throw invalid("no non-null arguments");
}

function length(v: Value): number {
  if (typeof v === "string") return graphemes(v).length;
  if (Array.isArray(v)) return v.length;
  if (isObjectValue(v)) return Object.keys(v).length;
  if (v === null) throw invalid("argument must not be null");
  throw invalid(`argument must be a string, a collection type, or a structural type, not ${typeName(v)}`);
}

/** An object's values in the order of its keys (sorted). */
function values(object: ValueObject): Value[] {
  return sortedKeys(object).map((k) => object[k]!);
}

/** Terraform's equality where parts may be unknown: true, false, or the Unknown that decides it. */
function equalMaybe(a: Value, b: Value): boolean | Unknown {
  if (a instanceof Unknown) return a;
  if (b instanceof Unknown) return b;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    return all(a.map((x, i) => equalMaybe(x, b[i]!)));
  }
  if (isObjectValue(a) && isObjectValue(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length || !keys.every((k) => Object.hasOwn(b, k))) return false;
    return all(keys.map((k) => equalMaybe(a[k]!, b[k]!)));
  }
  return equal(a, b);
}

/** All true: false if any is false, else the first Unknown, else true. */
function all(results: (boolean | Unknown)[]): boolean | Unknown {
  if (results.includes(false)) return false;
  return results.find((r) => r instanceof Unknown) ?? true;
}

function contains(list: Value, value: Value): Value {
  let unknown: Unknown | undefined;
  for (const item of toSeq(list, "the list")) {
    const eq = equalMaybe(item, value);
    if (eq === true) return true;
    if (eq instanceof Unknown) unknown ??= eq;
  }
  return unknown ?? false;
}

function index(list: Value, value: Value): Value {
  for (const [i, item] of toSeq(list, "the list").entries()) {
    const eq = equalMaybe(item, value);
    if (eq instanceof Unknown) return eq;
    if (eq) return i;
  }
  throw invalid("item not found");
}

function element(list: Value, at: Value): Value {
  const items = toSeq(list, "the list");
  const i = toInt(at, "the index");
  if (items.length === 0) throw invalid("cannot use element function with an empty list");
  return items[((i % items.length) + items.length) % items.length]!;
}

/** flatten: nested sequences spliced in, recursively; an unknown element might be a list, so it makes the result unknown. */
function flatten(list: Value): Value {
  const out: Value[] = [];
  const walk = (items: Value[]): Unknown | undefined => {
    for (const item of items) {
      if (item instanceof Unknown) return item;
      if (Array.isArray(item)) {
        const unknown = walk(item);
        if (unknown) return unknown;
      } else out.push(item);
    }
    return undefined;
  };
  return walk(toSeq(list, "the list")) ?? out;
}

function distinct(list: Value): Value {
  const items = unify(toSeq(list, "the list"), "the list") as Value[]; // wholly known here
  return items.filter((item, i) => items.findIndex((x) => equal(x, item)) === i);
}

function compact(list: Value): string[] {
  return toSeq(list, "the list")
    .filter((item) => item !== null)
    .map((item, i) => toStr(item, `element ${i}`))
    .filter((item) => item !== "");
}

function one(list: Value): Value {
  const items = Array.isArray(list) ? list : undefined;
  if (!items || items.length > 1) throw invalid("must be a list, set, or tuple value with either zero or one elements");
  return items.length === 0 ? null : items[0]!;
}

function zipmap(keys: Value, values: Value): Value {
  const unknownKey = firstUnknown(keys);
  if (unknownKey) return unknownKey;
  const names = toSeq(keys, "the keys").map((k, i) => {
    if (k === null) throw invalid(`keys list has null value at index ${i}`);
    return toStr(k, `key ${i}`);
  });
  if (!Array.isArray(values)) throw invalid("values argument must be a list or tuple value");
  if (names.length !== values.length) throw invalid(`number of keys (${names.length}) does not match number of values (${values.length})`);
  return objectValue(names.map((name, i) => [name, values[i]!] as const)); // a later duplicate key wins
}

/** Whether double arithmetic on x is exact, as Terraform's 512-bit arithmetic is (whole numbers and small binary fractions). */
const exactInDoubles = (x: number) => Number.isInteger(x * 2 ** 20) && Math.abs(x) < 2 ** 30;

/** range([start,] limit [, step]) as go-cty computes it: at most 1024 values. */
function range(args: Value[]): number[] {
  const n = args.map((a, i) => toNum(a, `argument ${i + 1}`));
  const [start, end, step] = n.length === 1 ? [0, n[0]!, n[0]! < 0 ? -1 : 1] : n.length === 2 ? [n[0]!, n[1]!, n[1]! < n[0]! ? -1 : 1] : (n as [number, number, number]);
  if (step === 0) throw invalid("step must not be zero");
  if (step < 0 && end > start) throw invalid("end must be less than start when step is negative");
  if (step > 0 && end < start) throw invalid("end must be greater than start when step is positive");
  if (![start, end, step].every(exactInDoubles)) throw undecided(`range(${[start, end, step].map(numberText).join(", ")}) with fractions that are not exact in binary is not evaluated`);
  const out: number[] = [];
  for (let x = start; step < 0 ? x > end : x < end; x += step) {
    if (out.length >= 1024) throw invalid("more than 1024 values were generated; either decrease the difference between start and end or use a smaller step");
    out.push(x);
  }
  return out;
}

function slice(list: Value, from: Value, to: Value): Value[] {
  const items = toSeq(list, "the list");
  const start = toInt(from, "the start index");
  const end = toInt(to, "the end index");
  if (start < 0) throw invalid("start index must not be less than zero");
  if (start > items.length) throw invalid("start index must not be greater than the length of the list");
  if (end < 0) throw invalid("end index must not be less than zero");
  if (end > items.length) throw invalid("end index must not be greater than the length of the list");
  if (start > end) throw invalid("start index must not be greater than end index");
  return items.slice(start, end);
}

function reverse(list: Value): Value[] {
  if (!Array.isArray(list)) throw invalid(`can only reverse list or tuple values, not ${typeName(list)}`);
  return [...list].reverse();
}

/** The collection functions by name. */
export const collectionFunctions: FunctionSpecs = {
  concat: { arity: [1, Infinity], unknowns: "nested", impl: (args) => args.flatMap((a, i) => toSeq(a, `argument ${i + 1}`)) },
  merge: { arity: [0, Infinity], unknowns: "nested", impl: merge },
  lookup: { arity: [2, 3], unknowns: "all", impl: lookup },
  coalesce: { arity: [1, Infinity], unknowns: "all", impl: coalesce },
  coalescelist: { arity: [1, Infinity], unknowns: "all", impl: coalescelist },
  length: { arity: 1, unknowns: "nested", impl: ([v]) => length(v!) },
  keys: { arity: 1, unknowns: "nested", impl: ([v]) => sortedKeys(toObj(v!, "the argument")) },
  values: { arity: 1, unknowns: "nested", impl: ([v]) => values(toObj(v!, "the argument")) },
  contains: { arity: 2, unknowns: "nested", impl: ([l, v]) => contains(l!, v!) },
  index: { arity: 2, unknowns: "nested", impl: ([l, v]) => index(l!, v!) },
  element: { arity: 2, unknowns: "nested", impl: ([l, i]) => element(l!, i!) },
  flatten: { arity: 1, unknowns: "nested", impl: ([l]) => flatten(l!) },
  distinct: { arity: 1, impl: ([l]) => distinct(l!) },
  compact: { arity: 1, impl: ([l]) => compact(l!) },
  one: { arity: 1, unknowns: "nested", impl: ([l]) => one(l!) },
  zipmap: { arity: 2, unknowns: "nested", impl: ([k, v]) => zipmap(k!, v!) },
  sort: { arity: 1, impl: ([l]) => toStrList(l!, "the list").sort(compareStrings) },
  range: { arity: [1, 3], impl: range },
  slice: { arity: 3, unknowns: "nested", impl: ([l, s, e]) => slice(l!, s!, e!) },
  reverse: { arity: 1, unknowns: "nested", impl: ([l]) => reverse(l!) },
};
