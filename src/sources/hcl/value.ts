// Values of evaluated Terraform expressions: plain JSON-like data (null, booleans, numbers,
// strings, arrays for tuples, lists and sets, plain objects for objects and maps) where any part
// may be an Unknown with its cause. Unknown is a value, never an absence: what the files do not
// decide stays unknown through every operation, and the source turns it into an Unresolved
// collection error pointing at the expression (so the check is ERROR, never FAIL or PASS).
import type { Span } from "./ast.js";

/**
 * Why a value is unknown:
 * - "after-apply": computed by the provider when the resource is created (an id, a random ARN);
 *   a plan would show it `(known after apply)` too.
 * - "undecided": the files do not decide it (a variable without a value, a module not on disk, a
 *   data source or function this source does not evaluate).
 * - "invalid": Terraform would reject the expression (a type error, a missing attribute).
 */
export type UnknownReason = "after-apply" | "undecided" | "invalid";

export class Unknown {
  constructor(
    readonly reason: UnknownReason,
    /** Says what is unknown and why, as a clause: "var.bucket has no value (no default, ...)". */
    readonly message: string,
    /** The expression that leaves it open. */
    readonly at: Span,
    /**
     * For a JSON string whose structure is known and only some values are not
     * (`jsonencode({... Values = [var.org_id] })`): the parsed structure, each open value an
     * Unknown, so a policy can be judged with holes instead of as one unknown (holes.ts).
     */
    readonly partial?: Value,
  ) {}
}

export type Value = null | boolean | number | string | Value[] | ValueObject | Unknown;
export interface ValueObject {
  [key: string]: Value;
}

export function isUnknown(value: unknown): value is Unknown {
  return value instanceof Unknown;
}

export function isObjectValue(value: Value | undefined): value is ValueObject {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Unknown);
}

/** The first Unknown in a value (depth first), if any part is unknown. */
export function firstUnknown(value: Value | undefined): Unknown | undefined {
  if (value instanceof Unknown) return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = firstUnknown(item);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === "object") {
    for (const key of Object.keys(value)) {
      const found = firstUnknown(value[key]);
      if (found) return found;
    }
  }
  return undefined;
}

/** A new object value whose keys are set without setters (a key "__proto__" stays a key). */
export function objectValue(entries: Iterable<readonly [string, Value]>): ValueObject {
  const out: ValueObject = {};
  for (const [key, value] of entries) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

/**
 * A number as Terraform writes it in a string: its shortest decimal digits, never an exponent
 * (`1e21` -> "1000000000000000000000", `1.5e-7` -> "0.00000015").
 */
export function numberText(value: number): string {
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([-+]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign, first, rest = "", exponentText] = match as unknown as [string, string, string, string | undefined, string];
  const digits = first + rest;
  const exponent = Number(exponentText);
  if (exponent >= 0) return sign + digits.padEnd(exponent + 1, "0");
  return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
}

/** Terraform's type name of a value, for messages ("string", "number", "bool", "tuple", "object", "null"). */
export function typeName(value: Value): string {
  if (value === null) return "null";
  if (value instanceof Unknown) return "unknown";
  if (Array.isArray(value)) return "tuple";
  if (typeof value === "object") return "object";
  return typeof value === "boolean" ? "bool" : typeof value;
}
