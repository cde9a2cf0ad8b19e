// Strict JSON parsing that keeps positions, and JSON Pointer (RFC 6901) -> line/column mapping.
// The tree comes from jsonc-parser with comments and trailing commas disallowed, so it accepts
// exactly what JSON.parse accepts; the value itself still comes from JSON.parse.
import { parseTree, printParseErrorCode, type Node, type ParseError } from "jsonc-parser";
import { findDeepJson, MAX_NESTING, nestingMessage } from "./nesting.js";

/** 1-based line and column (columns count UTF-16 code units, as SARIF's default columnKind). */
export interface Position {
  line: number;
  column: number;
  /** 0-based offset into the text. */
  offset: number;
}

export interface JsonDocument {
  text: string;
  value: unknown;
  root: Node;
  /** Offsets where each line starts; built once. */
  lineStarts: number[];
}

/** A syntax error with its position, for `file:line:col: message`. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: Position,
  ) {
    super(message);
    this.name = "JsonSyntaxError";
  }
}

/**
 * The text nests objects and arrays deeper than the limit: refused before any recursive parser
 * sees it (jsonc-parser's tree would overflow the stack thousands of levels down).
 */
export class JsonNestingError extends Error {
  constructor(
    /** JSON Pointer of the first object or array beyond the limit. */
    readonly pointer: string,
    readonly position: Position,
    readonly limit: number,
  ) {
    super(nestingMessage({ pointer }, limit));
    this.name = "JsonNestingError";
  }
}

/** Offsets where lines start; a line ends at \n, \r\n or \r. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  if (!text.includes("\r")) {
    // Only \n ends lines: found by indexOf, much faster than a loop over every character.
    for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) starts.push(at + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x0a) starts.push(i + 1);
    else if (ch === 0x0d) {
      if (text.charCodeAt(i + 1) === 0x0a) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

export function positionAt(starts: readonly number[], offset: number): Position {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low]! + 1, offset };
}

/**
 * Parses JSON text strictly, keeping a position tree. A leading byte order mark is ignored.
 * Throws JsonNestingError when it nests deeper than `maxNesting` (default MAX_NESTING), checked
 * first and without recursion; else JsonSyntaxError (with line and column) on the first syntax error.
 */
export function parseJsonDocument(input: string, maxNesting = MAX_NESTING): JsonDocument {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const starts = lineStarts(text);
  const deep = findDeepJson(text, maxNesting);
  if (deep) throw new JsonNestingError(deep.pointer, positionAt(starts, deep.offset ?? 0), maxNesting);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first || !root) {
    const offset = first?.offset ?? 0;
    const what = first ? describeParseError(printParseErrorCode(first.error)) : "no JSON value";
    throw new JsonSyntaxError(what, positionAt(starts, offset));
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // jsonc-parser and JSON.parse agree on JSON; this is a safety net, not an expected path.
    const message = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(message);
    throw new JsonSyntaxError(message, positionAt(starts, at ? Number(at[1]) : 0));
  }
  return { text, value, root, lineStarts: starts };
}

function describeParseError(code: string): string {
  // "PropertyNameExpected" -> "property name expected"
  return code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

/** Splits a JSON Pointer into unescaped reference tokens ("" = the whole document). */
export function pointerSegments(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new Error(`not a JSON Pointer: ${JSON.stringify(pointer)}`);
  return pointer
    .slice(1)
    .split("/")
    .map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"));
}

export interface Located extends Position {
  /** False when the pointer did not resolve and the position is that of its deepest existing ancestor. */
  exact: boolean;
}

/**
 * Where the value a JSON Pointer refers to starts (its `{`, `[` or first character). When part of
 * the pointer does not exist, gives the deepest ancestor that does, with `exact: false`.
 */
export function locatePointer(doc: JsonDocument, pointer: string): Located {
  let node: Node = doc.root;
  let exact = true;
  for (const segment of pointerSegments(pointer)) {
    const next = child(node, segment);
    if (!next) {
      exact = false;
      break;
    }
    node = next;
  }
  return { ...positionAt(doc.lineStarts, node.offset), exact };
}

function child(node: Node, segment: string): Node | undefined {
  if (node.type === "object") {
    // Duplicate keys: JSON.parse keeps the last one, so the position does too.
    let found: Node | undefined;
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (key?.value === segment && value) found = value;
    }
    return found;
  }
  if (node.type === "array" && /^(0|[1-9][0-9]*)$/.test(segment)) {
    return node.children?.[Number(segment)];
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Locating without a syntax tree

/**
 * Offsets of every `{` and `[` outside strings, in text order, and the number of object keys
 * (strings followed by `:`). For a text JSON.parse accepted.
 */
function scanContainers(text: string): { offsets: number[]; keys: number } {
  const offsets: number[] = [];
  let keys = 0;
  const length = text.length;
  for (let i = 0; ; ) {
    const quote = text.indexOf('"', i);
    const end = quote < 0 ? length : quote;
    for (let k = i; k < end; k++) {
      const c = text.charCodeAt(k);
      if (c === 0x7b || c === 0x5b) offsets.push(k);
    }
    if (quote < 0) return { offsets, keys };
    i = stringEnd(text, quote);
    let next = i;
    while (isSpace(text.charCodeAt(next))) next++;
    if (text.charCodeAt(next) === 0x3a /* : */) keys++;
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** The offset just past the string whose opening quote is at `quote`. */
function stringEnd(text: string, quote: number): number {
  for (let j = quote + 1; ; j++) {
    j = text.indexOf('"', j);
    let backslashes = 0;
    while (text.charCodeAt(j - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return j + 1;
  }
}

/** The offset just past the value that starts at `at`. */
function valueEnd(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (c === 0x22) return stringEnd(text, at);
  if (c !== 0x7b && c !== 0x5b) {
    let i = at;
    while (i < text.length && !isSpace(text.charCodeAt(i)) && !",}]".includes(text.charAt(i))) i++;
    return i;
  }
  let depth = 0;
  for (let i = at; ; i++) {
    const d = text.charCodeAt(i);
    if (d === 0x22) i = stringEnd(text, i) - 1;
    else if (d === 0x7b || d === 0x5b) depth++;
    else if (d === 0x7d || d === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
}

function skipSpace(text: string, at: number): number {
  while (isSpace(text.charCodeAt(at))) at++;
  return at;
}

/** Offsets of the values directly inside the container at `at`: by key (the last of duplicates) or by index. */
function childOffsets(text: string, at: number): Map<string, number> {
  const children = new Map<string, number>();
  const isObject = text.charCodeAt(at) === 0x7b;
  let i = skipSpace(text, at + 1);
  for (let index = 0; text.charCodeAt(i) !== 0x7d && text.charCodeAt(i) !== 0x5d; index++) {
    let key = String(index);
    if (isObject) {
      const end = stringEnd(text, i);
      const raw = text.slice(i + 1, end - 1);
      key = raw.includes("\\") ? (JSON.parse(text.slice(i, end)) as string) : raw;
      i = skipSpace(text, skipSpace(text, end) + 1); // past the ":"
    }
    children.set(key, i);
    i = skipSpace(text, valueEnd(text, i));
    if (text.charCodeAt(i) === 0x2c) i = skipSpace(text, i + 1);
  }
  return children;
}

const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;

/** The child a pointer segment names, as locatePointer's tree walk finds it; undefined when there is none. */
function childValue(node: unknown, segment: string): { value: unknown } | undefined {
  if (Array.isArray(node)) return ARRAY_INDEX.test(segment) && Number(segment) < node.length ? { value: node[Number(segment)] } : undefined;
  if (typeof node === "object" && node !== null && Object.hasOwn(node, segment)) return { value: (node as Record<string, unknown>)[segment] };
  return undefined;
}

/**
 * The containers of the value in text order (pre-order, keys in Object.keys order), with the
 * number of keys; undefined when that order may differ from the text's: an integer-like key (which
 * JavaScript lists first).
 */
function containersInOrder(value: unknown): { ordinals: Map<object, number>; keys: number } | undefined {
  const ordinals = new Map<object, number>();
  let keys = 0;
  let ordered = true;
  const walk = (node: unknown): void => {
    if (typeof node !== "object" || node === null) return;
    ordinals.set(node, ordinals.size);
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    for (const key of Object.keys(node)) {
      keys++;
      const first = key.charCodeAt(0);
      if (first >= 0x30 && first <= 0x39 && ARRAY_INDEX.test(key)) ordered = false;
      walk((node as Record<string, unknown>)[key]);
    }
  };
  walk(value);
  return ordered ? { ordinals, keys } : undefined;
}

/**
 * locatePointer for a text JSON.parse accepted (and `value` is what it gave), without a syntax
 * tree: one scan of the text finds where each object and array starts; the k-th of them in the text
 * is the k-th container of the value in pre-order. A value that is not a container is found in its
 * parent's text (each parent read once). Built on first use. Undefined when the text and the value
 * cannot be matched that way (duplicate keys, integer-like keys): use parseJsonDocument then.
 */
export function valueLocator(text: string, value: unknown): ((pointer: string) => Located) | undefined {
  const { offsets, keys } = scanContainers(text);
  const inOrder = containersInOrder(value);
  if (!inOrder || inOrder.keys !== keys || inOrder.ordinals.size !== offsets.length) return undefined;
  const { ordinals } = inOrder;
  let starts: number[] | undefined;
  const children = new Map<number, Map<string, number>>();
  const rootOffset = skipSpace(text, 0);
  // Many results point at the same object (an organization trail judged for every account).
  const seen = new Map<string, Located>();
  return (pointer) => {
    let found = seen.get(pointer);
    if (!found) seen.set(pointer, (found = find(pointer)));
    return found;
  };

  function find(pointer: string): Located {
    let node = value;
    let offset = rootOffset;
    let exact = true;
    for (const segment of pointerSegments(pointer)) {
      const next = childValue(node, segment);
      if (!next) {
        exact = false;
        break;
      }
      const ordinal = typeof next.value === "object" && next.value !== null ? ordinals.get(next.value) : undefined;
      if (ordinal !== undefined) offset = offsets[ordinal]!;
      else {
        let inParent = children.get(offset);
        if (!inParent) children.set(offset, (inParent = childOffsets(text, offset)));
        offset = inParent.get(segment)!;
      }
      node = next.value;
    }
    starts ??= lineStarts(text);
    return { ...positionAt(starts, offset), exact };
  }
}
