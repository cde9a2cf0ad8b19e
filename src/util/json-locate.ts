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
