// What the expression evaluator (eval.ts and its per-construct modules) needs of values: Terraform's
// automatic conversions between primitives (a string that is a number is a number, "true" is a
// bool, a number in a template is written without exponent), deep equality with unknowns, and
// which Unknown an operation passes on when several of its operands are unknown.
import type { Expr, Span } from "./ast.js";
import type { Scope } from "./scope.js";
import { isObjectValue, numberText, typeName, Unknown, type Value, type ValueObject } from "./value.js";

/** Evaluates an expression in a scope; the per-construct modules get it from eval.ts. */
export type Evaluate = (expr: Expr, scope: Scope) => Value;

/** An expression Terraform would reject. */
export function invalid(message: string, at: Span): Unknown {
  return new Unknown("invalid", message, at);
}

/** "a string", "an object", "null": a value's type for messages. */
export function aType(value: Value): string {
  const name = typeName(value);
  if (name === "null") return "null";
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}

/** Decimal numbers as Terraform writes them ("1.5", "-2", "0.0000001"; never an exponent). */
const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** A number, or a string that is one; undefined for anything else (Unknown included). */
export function toNumber(value: Value): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && NUMBER.test(value)) {
    const number = Number(value);
    return Number.isFinite(number) ? number : undefined;
  }
  return undefined;
}

/** A bool, or the exact string "true" or "false"; undefined for anything else. */
export function toBool(value: Value): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

/** A primitive as a string (true -> "true", 1.5 -> "1.5"); undefined for null, collections and Unknown. */
export function toText(value: Value): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number") return numberText(value);
  return undefined;
}


/** The first Unknown in a value (depth first) that says Terraform would reject the expression. */
export function firstInvalid(value: Value): Unknown | undefined {
  if (value instanceof Unknown) return value.reason === "invalid" ? value : undefined;
  const parts = Array.isArray(value) ? value : isObjectValue(value) ? Object.values(value) : [];
  for (const part of parts) {
    const found = firstInvalid(part);
    if (found) return found;
  }
  return undefined;
}

/**
 * The Unknown an operation on these operands passes on: an invalid one before any other (Terraform
 * reports the error whatever else is open), else the first; undefined when all are known.
 */
export function passedOn(...values: Value[]): Unknown | undefined {
  const unknowns = values.filter((value): value is Unknown => value instanceof Unknown);
  return unknowns.find((value) => value.reason === "invalid") ?? unknowns[0];
}

/**
 * Terraform's `==`: same type and same value, collections element by element (no conversion:
 * `1 == "1"` is false). A known difference decides even when other parts are unknown; otherwise an
 * unknown part leaves it open (the first Unknown is returned).
 */
export function deepEquals(a: Value, b: Value): boolean | Unknown {
  if (a instanceof Unknown) return a;
  if (b instanceof Unknown) return b;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return allEqual(a.map((item, i) => [item, b[i]!]));
  }
  if (isObjectValue(a) || isObjectValue(b)) {
    if (!isObjectValue(a) || !isObjectValue(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length || !keys.every((key) => Object.hasOwn(b, key))) return false;
    return allEqual(keys.map((key) => [a[key]!, b[key]!]));
  }
  return a === b;
}

function allEqual(pairs: [Value, Value][]): boolean | Unknown {
  let open: Unknown | undefined;
  for (const [a, b] of pairs) {
    const equal = deepEquals(a, b);
    if (equal === false) return false;
    if (equal instanceof Unknown) open ??= equal;
  }
  return open ?? true;
}

/** An object's keys in Terraform's iteration order: lexical by UTF-8 bytes, as Go sorts strings. */
export function sortedKeys(object: ValueObject): string[] {
  return Object.keys(object).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}
