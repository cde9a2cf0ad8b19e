// Unknown is a value: a field that could not be read (or that a file does not decide) holds
// `{ "$unknown": <the collection error that explains why> }` instead of its value, so no check can
// take "not read" for "not configured". `null` (or an empty list) stays AWS's own "not configured".
//
// Snapshot types declare such fields as `Maybe<T>`: reading one as T does not compile until the
// check has asked `isUnknown`. A result that rests on an unknown lists it in `unknowns`, and the
// engine turns that result into ERROR naming the cause, whatever status the check gave.
import type { CollectionError } from "./errors.js";

export interface Unknown {
  /** Why the value is not known: the failed read (live), or the expression a file leaves open (IaC). */
  $unknown: CollectionError;
}

export type Maybe<T> = T | Unknown;

/** An unknown value a result rests on: its cause and the JSON Pointer of the field that holds it. */
export interface UnknownRef {
  cause: CollectionError;
  pointer: string;
}

export function isUnknown(value: unknown): value is Unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "$unknown" in value;
}

export function unknownValue(cause: CollectionError): Unknown {
  return { $unknown: cause };
}

/** The value when it is known, else undefined, with the unknown recorded in `into` at `pointer`. */
export function known<T>(value: Maybe<T> | undefined, pointer: string, into: UnknownRef[]): T | undefined {
  if (isUnknown(value)) {
    into.push({ cause: value.$unknown, pointer });
    return undefined;
  }
  return value;
}

/** The UnknownRef of a value when it is unknown (for one-off tests). */
export function unknownAt(value: unknown, pointer: string): UnknownRef[] {
  return isUnknown(value) ? [{ cause: value.$unknown, pointer }] : [];
}

/** The same unknowns once each (by pointer and cause), in first-seen order. */
export function distinctUnknowns(refs: readonly UnknownRef[]): UnknownRef[] {
  const seen = new Set<string>();
  return refs.filter((ref) => {
    const key = `${ref.pointer}\u0000${JSON.stringify(ref.cause)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * T with every Maybe resolved to its known side, deeply: what a source builds before any read has
 * failed, and what a test reads back from a snapshot it knows to be complete.
 */
export type Known<T> = T extends Unknown
  ? never
  : T extends readonly (infer U)[]
    ? Known<U>[]
    : T extends object
      ? { [K in keyof T]: Known<Exclude<T[K], Unknown>> }
      : T;
