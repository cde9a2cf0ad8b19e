// How deeply a user's file may nest, checked without recursion before anything recursive sees it.
//
// The parsers and walkers an input goes through (jsonc-parser's tree, the yaml composer and
// toJS, ajv, the CloudFormation and Terraform mappers, JSON.stringify in reporters) recurse once
// or more per level, so a document nested thousands of levels deep would end in a stack overflow
// (an internal error) instead of bad input. Every file is therefore checked against MAX_NESTING
// right after it is read: JSON text by a flat scan before the position tree is built, YAML by a
// walk over the yaml package's (non-recursive) CST before it is composed, and the composed YAML
// value again (aliases can nest a value deeper than the text does).
import { InputError } from "./errors.js";

/**
 * Deepest nesting of objects and arrays accepted in an input file (the top-level value is level 1).
 *
 * Legitimate inputs stay far below it: a snapshot is about 15 levels deep at most (a bucket
 * policy's Condition values under /accounts/N/buckets/N/policy/Statement/N/Condition/op/key/N);
 * CloudFormation templates reach a few dozen with nested intrinsic functions (their resolver stops
 * at 64); a Terraform plan nests 2 levels per child module (this tool reads 32 module levels) plus
 * about 20 for resource values, so about 85. 256 is three times the deepest of those, and small
 * enough that every recursive step after the check (a handful of stack frames per level) stays far
 * from Node's default stack of about 10,000 frames.
 */
export const MAX_NESTING = 256;

/** Where a document first nests deeper than the limit. */
export interface TooDeep {
  /** JSON Pointer of the first object or array beyond the limit. */
  pointer: string;
  /** 0-based offset into the text, when known. */
  offset?: number;
}

/** Escapes one JSON Pointer reference token. */
function token(segment: string | number): string {
  return String(segment).replace(/~/g, "~0").replace(/\//g, "~1");
}

/** A JSON Pointer from segments. */
export function pointerOf(segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${token(s)}`).join("");
}

/** The pointer shortened for a message: its first few segments, then `/...`. */
export function shortPointer(pointer: string, keep = 12): string {
  const parts = pointer.split("/").slice(1);
  return parts.length <= keep ? pointer || "/" : `/${parts.slice(0, keep).join("/")}/...`;
}

/** The message part after `file[:line:col]: `. */
export function nestingMessage(found: TooDeep, limit = MAX_NESTING): string {
  return `nested deeper than ${limit} levels at ${shortPointer(found.pointer)}`;
}

/**
 * The InputError (exit 2) for a file that nests too deeply: `file[:line:col]: nested deeper than
 * 256 levels at /a/0/...`, with the full pointer as its path.
 */
export function nestingError(file: string, found: TooDeep, at?: { line: number; column: number }, limit = MAX_NESTING): InputError {
  const where = at ? `${file}:${at.line}:${at.column}` : file;
  return new InputError(`${where}: ${nestingMessage(found, limit)}`, file, found.pointer);
}

/**
 * Scans JSON text without recursion and without building anything; returns where it first nests
 * deeper than `limit`, or undefined. Works on any text: it only counts brackets outside strings,
 * so syntax errors are left to the parser (a deep document is rejected even if it is also broken
 * further on).
 */
export function findDeepJson(text: string, limit = MAX_NESTING): TooDeep | undefined {
  // One entry per open container: whether it is an object, its current array index, and the
  // offsets of its current key (decoded only when the limit is exceeded).
  const isObject: boolean[] = [];
  const index: number[] = [];
  const keyStart: number[] = [];
  const keyEnd: number[] = [];
  const expectKey: boolean[] = [];
  let depth = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */) {
      const start = i;
      i++;
      while (i < length) {
        const c = text.charCodeAt(i);
        if (c === 0x5c /* \ */) i += 2;
        else if (c === 0x22) break;
        else i++;
      }
      const top = depth - 1;
      if (top >= 0 && isObject[top] && expectKey[top]) {
        keyStart[top] = start;
        keyEnd[top] = i + 1;
        expectKey[top] = false;
      }
    } else if (ch === 0x7b /* { */ || ch === 0x5b /* [ */) {
      if (depth >= limit) {
        const segments: (string | number)[] = [];
        for (let d = 0; d < depth; d++) {
          if (!isObject[d]) segments.push(index[d]!);
          else segments.push(decodeKey(text, keyStart[d]!, keyEnd[d]!));
        }
        return { pointer: pointerOf(segments), offset: i };
      }
      isObject[depth] = ch === 0x7b;
      index[depth] = 0;
      keyStart[depth] = -1;
      keyEnd[depth] = -1;
      expectKey[depth] = ch === 0x7b;
      depth++;
    } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
      if (depth > 0) depth--;
    } else if (ch === 0x2c /* , */ && depth > 0) {
      const top = depth - 1;
      if (isObject[top]) expectKey[top] = true;
      else index[top]!++;
    }
  }
  return undefined;
}

function decodeKey(text: string, start: number, end: number): string {
  if (start < 0) return "";
  const raw = text.slice(start, end);
  try {
    const key: unknown = JSON.parse(raw);
    return typeof key === "string" ? key : raw;
  } catch {
    return raw.slice(1, -1);
  }
}

/**
 * Walks a parsed value without recursion; returns where it first nests deeper than `limit`, or
 * undefined. Shared objects (YAML aliases) are walked again only when reached at a greater depth,
 * and a cycle simply ends at the limit.
 */
export function findDeepValue(value: unknown, limit = MAX_NESTING): TooDeep | undefined {
  interface Entry {
    value: object;
    depth: number;
    parent: Entry | undefined;
    key: string | number;
  }
  const deepest = new WeakMap<object, number>();
  const stack: Entry[] = [];
  if (value !== null && typeof value === "object") stack.push({ value, depth: 1, parent: undefined, key: "" });
  while (stack.length > 0) {
    const entry = stack.pop()!;
    if (entry.depth > limit) {
      const segments: (string | number)[] = [];
      for (let e: Entry | undefined = entry; e?.parent; e = e.parent) segments.push(e.key);
      return { pointer: pointerOf(segments.reverse()) };
    }
    const seen = deepest.get(entry.value);
    if (seen !== undefined && seen >= entry.depth) continue;
    deepest.set(entry.value, entry.depth);
    const children: [string | number, unknown][] = Array.isArray(entry.value)
      ? entry.value.map((item, i): [number, unknown] => [i, item])
      : Object.entries(entry.value);
    // Reversed, so the first child is walked first and the first deep path is the one reported.
    for (let i = children.length - 1; i >= 0; i--) {
      const [key, child] = children[i]!;
      if (child !== null && typeof child === "object") stack.push({ value: child, depth: entry.depth + 1, parent: entry, key });
    }
  }
  return undefined;
}
