// Type conversion functions and the set functions: tostring, tonumber, tobool (null stays null),
// tolist, toset and tomap (mixed elements unified as Terraform does: any string makes them all
// strings), and setunion, setintersection, setsubtract over sets kept as arrays in Terraform's
// set order (./args.ts setOf).
// https://developer.hashicorp.com/terraform/language/functions/tostring (and tonumber, tobool,
// tolist, toset, tomap, setunion, setintersection, setsubtract)
import { isObjectValue, objectValue, typeName, Unknown, type Value } from "../value.js";
import { equal, invalid, numberText, parseNumber, setOf, sortedKeys, toSeq, unify } from "./args.js";
import type { FunctionSpecs } from "./spec.js";

function tostring(v: Value): Value {
  if (v === null || typeof v === "string") return v;
  if (typeof v === "number") return numberText(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  throw invalid(`cannot convert ${typeName(v)} to string`);
}

function tonumber(v: Value): Value {
  if (v === null || typeof v === "number") return v;
  if (typeof v === "string") {
    const n = parseNumber(v);
    if (n === undefined) throw invalid(`cannot convert "${v}" to number: string must be a decimal representation of a number`);
    return n;
  }
  throw invalid(`cannot convert ${typeName(v)} to number`);
}

function tobool(v: Value): Value {
  if (v === null || typeof v === "boolean") return v;
  if (v === "true" || v === "false") return v === "true";
  if (typeof v === "string") throw invalid(`cannot convert "${v}" to bool: only the strings "true" or "false" are allowed`);
  throw invalid(`cannot convert ${typeName(v)} to bool`);
}

function tolist(v: Value): Value {
  if (v === null) return null;
  if (!Array.isArray(v)) throw invalid(`cannot convert ${typeName(v)} to list`);
  return unify(v, "the list");
}

function toset(v: Value): Value {
  if (v === null) return null;
  if (!Array.isArray(v)) throw invalid(`cannot convert ${typeName(v)} to set`);
  return asSet(v, "the set");
}

function tomap(v: Value): Value {
  if (v === null) return null;
  if (!isObjectValue(v)) throw invalid(`cannot convert ${typeName(v)} to map`);
  const keys = sortedKeys(v);
  const values = unify(
    keys.map((k) => v[k]!),
    "the map",
  );
  if (values instanceof Unknown) return values;
  return objectValue(keys.map((k, i) => [k, values[i]!] as const));
}

/** Known elements (toset and the set functions run on wholly known arguments) unified and made a set. */
function asSet(items: readonly Value[], what: string): Value[] {
  return setOf(unify(items, what) as Value[]);
}

/** The arguments of a set function as sets whose elements share one type (unified across all of them). */
function sets(args: Value[]): Value[][] {
  const lists = args.map((a, i) => toSeq(a, `argument ${i + 1}`));
  const all = unify(lists.flat(), "the sets") as Value[];
  let at = 0;
  return lists.map((list) => setOf(all.slice(at, (at += list.length))));
}

const has = (set: readonly Value[], item: Value) => set.some((x) => equal(x, item));
const intersection = ([first, ...rest]: Value[][]) => first!.filter((x) => rest.every((set) => has(set, x)));
const subtract = ([from, what]: Value[][]) => from!.filter((x) => !has(what!, x));

/** The conversion and set functions by name. */
export const conversionFunctions: FunctionSpecs = {
  tostring: { arity: 1, impl: ([v]) => tostring(v!) },
  tonumber: { arity: 1, impl: ([v]) => tonumber(v!) },
  tobool: { arity: 1, impl: ([v]) => tobool(v!) },
  tolist: { arity: 1, unknowns: "nested", impl: ([v]) => tolist(v!) },
  toset: { arity: 1, impl: ([v]) => toset(v!) },
  tomap: { arity: 1, unknowns: "nested", impl: ([v]) => tomap(v!) },
  setunion: { arity: [1, Infinity], impl: (args) => setOf(sets(args).flat()) },
  setintersection: { arity: [1, Infinity], impl: (args) => intersection(sets(args)) },
  setsubtract: { arity: 2, impl: (args) => subtract(sets(args)) },
};
