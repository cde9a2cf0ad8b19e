// A parsed input file (JSON or YAML) that can tell where a JSON Pointer points, so that errors
// and findings name `file:line:column`.
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document } from "yaml";
import {
  JsonNestingError,
  JsonSyntaxError,
  lineStarts,
  locatePointer,
  parseJsonDocument,
  pointerSegments,
  positionAt,
  valueLocator,
} from "../util/json-locate.js";
import { InputError } from "../util/errors.js";
import { findDeepJson, findDeepValue, MAX_NESTING, nestingError } from "../util/nesting.js";
import { findDeepYaml } from "../util/yaml-nesting.js";

export interface LocatedDocument {
  value: unknown;
  /** 1-based position of the value at `pointer` (or of its deepest existing ancestor). */
  locate(pointer: string): { line: number; column: number } | undefined;
  /**
   * Lets go of what only locating needs (the text, and the index built from it): locate() says
   * nothing after this. For large inputs, called once their findings are located.
   */
  release?(): void;
}

/**
 * Parses JSON text; a syntax error becomes an InputError naming `file:line:col`. Valid JSON is
 * parsed once (JSON.parse) and pointers are located without a syntax tree, on first use
 * (valueLocator); the tree is built only to describe a syntax error, or to locate in the rare text
 * whose keys valueLocator cannot match (duplicate or integer-like keys).
 */
export function parseJsonInput(text: string, file: string): LocatedDocument {
  try {
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    const deep = findDeepJson(body, MAX_NESTING);
    if (deep) throw new JsonNestingError(deep.pointer, positionAt(lineStarts(body), deep.offset ?? 0), MAX_NESTING);
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      parseJsonDocument(text); // throws the error with its position, as the tree parser sees it
      throw new Error("JSON.parse refused a text the JSON parser accepts"); // not an expected path
    }
    let locate: ((pointer: string) => { line: number; column: number }) | undefined;
    // Held only until release(): a closure V8 keeps alive must not keep the text alive with it.
    let held: { text: string; body: string; value: unknown } | undefined = { text, body, value };
    return {
      value,
      locate: (pointer) => {
        if (!locate) {
          if (!held) return undefined;
          const fast = valueLocator(held.body, held.value);
          if (fast) locate = fast;
          else {
            const doc = parseJsonDocument(held.text);
            locate = (at) => locatePointer(doc, at);
          }
        }
        const at = locate(pointer);
        return { line: at.line, column: at.column };
      },
      release: () => {
        held = undefined;
        locate = undefined;
      },
    };
  } catch (error) {
    if (error instanceof JsonNestingError) {
      throw nestingError(file, { pointer: error.pointer }, error.position, error.limit);
    }
    if (error instanceof JsonSyntaxError) {
      const { line, column } = error.position;
      throw new InputError(`${file}:${line}:${column}: not valid JSON: ${error.message}`, file);
    }
    throw error;
  }
}

/**
 * Parses YAML text (1.2 core schema: dates stay strings); errors name `file:line:col`. Nesting
 * deeper than MAX_NESTING is refused before the (recursive) composer runs, and again after aliases
 * are resolved.
 */
export function parseYamlInput(text: string, file: string): LocatedDocument {
  const deepText = findDeepYaml(text);
  if (deepText) throw nestingError(file, deepText, positionAt(lineStarts(text), deepText.offset ?? 0));
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0] ?? lineCounter.linePos(first.pos[0]);
    throw new InputError(`${file}:${pos.line}:${pos.col}: not valid YAML: ${first.message}`, file);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new InputError(`${file}: not valid YAML: ${error instanceof Error ? error.message : String(error)}`, file);
  }
  const deepValue = findDeepValue(value);
  if (deepValue) {
    // The pointer may run through an alias; the position is then that of the deepest node the text has.
    const offset = yamlOffset(doc, deepValue.pointer);
    const pos = offset === undefined ? undefined : lineCounter.linePos(offset);
    throw nestingError(file, deepValue, pos && { line: pos.line, column: pos.col });
  }
  return {
    value,
    locate: (pointer) => {
      const offset = yamlOffset(doc, pointer);
      if (offset === undefined) return undefined;
      const pos = lineCounter.linePos(offset);
      return { line: pos.line, column: pos.col };
    },
  };
}

/** Offset of the entry a pointer names: the key of a mapping entry (where an editor shows it), the item of a sequence. */
function yamlOffset(doc: Document, pointer: string): number | undefined {
  type Ranged = { range?: [number, number, number] | null };
  let node: unknown = doc.contents;
  let offset = (doc.contents as Ranged | null)?.range?.[0];
  for (const segment of pointerSegments(pointer)) {
    let next: unknown;
    let start: number | undefined;
    if (isMap(node)) {
      const pair = node.items.find((item) => (isScalar(item.key) ? String(item.key.value) : item.key) === segment);
      next = pair?.value;
      start = (pair?.key as Ranged | undefined)?.range?.[0];
    } else if (isSeq(node) && /^(0|[1-9][0-9]*)$/.test(segment)) {
      next = node.items[Number(segment)];
      start = (next as Ranged | undefined)?.range?.[0];
    }
    if (start === undefined) break;
    offset = start;
    node = next;
  }
  return offset;
}

/** `file:line:col` for a pointer when it can be located, else `file`. */
export function describeAt(doc: LocatedDocument | undefined, file: string, pointer: string): string {
  const at = doc?.locate(pointer);
  return at ? `${file}:${at.line}:${at.column}` : file;
}
