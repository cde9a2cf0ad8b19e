// What every function family shares: the error a call ends in (turned into an Unknown by the
// table in ../functions.ts), Terraform's automatic conversion of an argument to a parameter's type
// (a number given for a string, "5" given for a number, mixed list elements unified), how
// Terraform prints a number, grapheme clusters, equality and the order of set elements.
import { isObjectValue, numberText as plainNumberText, typeName, Unknown, type Value, type ValueObject } from "../value.js";

/** Why a call has no value: Terraform rejects it ("invalid"), or this evaluator does not decide it ("undecided"). */
export class FunctionError extends Error {
  constructor(
    readonly reason: "invalid" | "undecided",
    message: string,
  ) {
    super(message);
  }
}

/** Terraform would reject the call: a wrong type, a missing key, a bad pattern. */
export const invalid = (message: string): FunctionError => new FunctionError("invalid", message);
/** Terraform decides it, but not the way this evaluator can reproduce exactly. */
export const undecided = (message: string): FunctionError => new FunctionError("undecided", message);

/**
 * A number as Terraform prints it when it becomes a string (big.Float `Text('f', -1)`): the
 * shortest decimal that reads back as the same number, never with an exponent (1e21 is
 * "1000000000000000000000", 1e-7 is "0.0000001"), integers without ".0".
 */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) throw undecided(`the number ${n} has no decimal form`);
  return plainNumberText(n);
}

/** The shortest decimal digits of a finite number (no leading or trailing zeros) and the exponent of the first one. */
export function decimalDigits(n: number): { negative: boolean; digits: string; exponent: number } {
  if (n === 0) return { negative: false, digits: "0", exponent: 0 };
  const [mantissa, exp] = Math.abs(n).toExponential().split("e") as [string, string];
  return { negative: n < 0, digits: mantissa.replace(".", ""), exponent: Number(exp) };
}

/** A decimal string as Terraform reads it for a number (tonumber, a string given for a number parameter). */
export function parseNumber(text: string): number | undefined {
  if (/^[-+]?(inf|infinity|nan)$/i.test(text)) throw undecided(`the string "${text}" as a number is not evaluated`);
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text)) return undefined;
  return exactNumber(text);
}

/**
 * A decimal number token as a number, refused when a double cannot hold it exactly as written
 * (Terraform keeps 512 bits): 12345678901234567890 is not evaluated rather than rounded.
 */
export function exactNumber(token: string): number {
  const n = Number(token);
  const m = /^[-+]?(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(token);
  if (!m) throw undecided(`the number ${token} is not evaluated`);
  const all = (m[1] ?? "") + (m[2] ?? "");
  const lead = all.length - all.replace(/^0+/, "").length;
  const digits = all.slice(lead).replace(/0+$/, "");
  // the exponent of the first significant digit
  const exponent = Number(m[3] ?? 0) + (m[1] ?? "").length - 1 - lead;
  const shortest = decimalDigits(n);
  if (!Number.isFinite(n) || (digits !== "" && (digits !== shortest.digits || exponent !== shortest.exponent))) {
    throw undecided(`the number ${token} needs more precision than this evaluator keeps`);
  }
  return n;
}

/** The argument as a string parameter takes it: numbers and bools convert, null and collections do not. */
export function toStr(value: Value, what: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return numberText(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value === null) throw invalid(`${what} must not be null`);
  throw invalid(`${what} must be a string, not ${typeName(value)}`);
}

/** The argument as a number parameter takes it: a decimal string converts. */
export function toNum(value: Value, what: string): number {
  if (typeof value === "number") return value;
  if (typeof value === "string") {
    const n = parseNumber(value);
    if (n === undefined) throw invalid(`${what}: cannot convert "${value}" to number: string must be a decimal representation of a number`);
    return n;
  }
  if (value === null) throw invalid(`${what} must not be null`);
  throw invalid(`${what} must be a number, not ${typeName(value)}`);
}

/** A number parameter that must be a whole number (an index, a length). */
export function toInt(value: Value, what: string): number {
  const n = toNum(value, what);
  if (!Number.isInteger(n)) throw invalid(`${what} must be a whole number, not ${numberText(n)}`);
  return n;
}

/** The argument as a bool parameter takes it: "true" and "false" convert. */
export function toBool(value: Value, what: string): boolean {
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "false") return value === "true";
  if (typeof value === "string") throw invalid(`${what}: cannot convert "${value}" to bool: only the strings "true" or "false" are allowed`);
  if (value === null) throw invalid(`${what} must not be null`);
  throw invalid(`${what} must be a bool, not ${typeName(value)}`);
}

/** A list, set or tuple argument (all arrays). */
export function toSeq(value: Value, what: string): Value[] {
  if (Array.isArray(value)) return value;
  if (value === null) throw invalid(`${what} must not be null`);
  throw invalid(`${what} must be a list, set or tuple, not ${typeName(value)}`);
}

/** A map or object argument. */
export function toObj(value: Value, what: string): ValueObject {
  if (isObjectValue(value)) return value;
  if (value === null) throw invalid(`${what} must not be null`);
  throw invalid(`${what} must be a map or object, not ${typeName(value)}`);
}

/** A list of strings argument (join, sort, compact): elements convert, null elements are refused. */
export function toStrList(value: Value, what: string): string[] {
  return toSeq(value, what).map((item, i) => toStr(item, `${what} element ${i}`));
}

/**
 * Elements unified to one type, as Terraform does for the elements of a list, set or map built
 * from mixed values: primitives become strings when any is a string (3 -> "3", true -> "true"); a
 * number and a bool, or a primitive and a collection, have no common type. Collections are kept
 * as they are when they all have the same shape; mixed shapes (which Terraform would unify
 * deeply) are not evaluated. Unknown and null elements stay as they are, but when an unknown
 * element could be the string that turns known numbers or bools into strings, the result is
 * that Unknown.
 */
export function unify(items: readonly Value[], what: string): Value[] | Unknown {
  const kinds = new Set<string>();
  for (const item of items) if (item !== null && !(item instanceof Unknown)) kinds.add(shape(item));
  const primitive = [...kinds].every((k) => k === "string" || k === "number" || k === "bool");
  const unknown = items.find((item) => item instanceof Unknown);
  if (unknown && primitive && kinds.size > 0 && !kinds.has("string")) return unknown;
  if (kinds.size <= 1) return [...items];
  if (!primitive) {
    if ([...kinds].some((k) => k === "string" || k === "number" || k === "bool")) throw invalid(`${what}: all elements must have the same type`);
    throw undecided(`${what}: elements of different shapes are not unified by this evaluator`);
  }
  if (!kinds.has("string")) throw invalid(`${what}: all elements must have the same type (number and bool do not convert to each other)`);
  return items.map((item) => (typeof item === "number" || typeof item === "boolean" ? toStr(item, what) : item));
}

/** A value's type, with primitives by kind and collections by the kinds inside them (for unify). */
function shape(value: Value): string {
  if (typeof value === "string") return "string";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "bool";
  if (value === null || value instanceof Unknown) return "?";
  if (Array.isArray(value)) return `[${[...new Set(value.map(shape))].sort().join(",")}]`;
  return `{${Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${shape(value[k]!)}`)
    .join(",")}}`;
}

/** Strings compared as Go compares them (UTF-8 bytes, which is code point order), the order of map keys and string sets. */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** An object's keys in Terraform's order (sorted), whatever order JavaScript keeps them in. */
export function sortedKeys(object: ValueObject): string[] {
  return Object.keys(object).sort(compareStrings);
}

/** The grapheme clusters of a string: what Terraform counts as its characters. */
export function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}
const segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });

/** Terraform's equality of two known values: same type and same content (1 and "1" differ). */
export function equal(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]!));
  if (isObjectValue(a) && isObjectValue(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && equal(a[k]!, b[k]!));
  }
  return false;
}

/**
 * Known elements as a Terraform set: duplicates removed, in Terraform's order for sets of
 * strings (code point order), numbers (ascending) and bools (false first). Sets of other
 * elements keep the order of first occurrence (Terraform orders them by hash; no result here
 * depends on that order except converting the set back to a list).
 */
export function setOf(items: readonly Value[]): Value[] {
  const out: Value[] = [];
  for (const item of items) {
    if (item === null) throw undecided("sets with null elements are not evaluated");
    if (!out.some((seen) => equal(seen, item))) out.push(item);
  }
  if (out.every((x) => typeof x === "string")) return (out as string[]).sort(compareStrings);
  if (out.every((x) => typeof x === "number")) return (out as number[]).sort((a, b) => a - b);
  if (out.every((x) => typeof x === "boolean")) return (out as boolean[]).sort((a, b) => Number(a) - Number(b));
  return out;
}
