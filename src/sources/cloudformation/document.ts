// Parsing YAML and JSON into plain values that remember where each part came from.
//
// A source document becomes ordinary JS values (objects, arrays, strings, numbers, booleans, null)
// plus a PositionTable: for every object and array, where it starts, where each of its keys starts
// and where each member value starts (1-based line and column). Mappers read the values and ask the
// table for the line of a resource or a property. The Terraform source uses the JSON half for plan
// files.
//
// CloudFormation YAML: every short-form intrinsic tag is registered with the `yaml` package as a
// custom tag (scalar, sequence and mapping forms), and the tagged node becomes the long form
// (`!GetAtt A.B` -> {"Fn::GetAtt": ["A", "B"]}, `!Ref X` -> {"Ref": "X"}, `!Condition C` ->
// {"Condition": "C"}, `!Sub s` -> {"Fn::Sub": s}, ...). Any other tag is an error, as it is for
// CloudFormation. The YAML 1.2 core schema is used, so `2012-10-17` stays a string; a plain scalar
// that reads as an integer with a leading zero (an account id such as 012345678901) stays a string.
import { isAlias, isMap, isScalar, isSeq, parseDocument, Scalar, type Document, type Node as YamlNode, type ScalarTag, type CollectionTag } from "yaml";
import type { Node as JsonNode } from "jsonc-parser";
import { InputError } from "../../util/errors.js";
import { JsonNestingError, JsonSyntaxError, lineStarts, parseJsonDocument, positionAt } from "../../util/json-locate.js";
import { MAX_NESTING, nestingError, pointerOf } from "../../util/nesting.js";
import { findDeepYaml } from "../../util/yaml-nesting.js";

/** 1-based line and column. */
export interface Pos {
  line: number;
  column: number;
  /** The file, when the values come from several (a Terraform configuration's .tf files). */
  file?: string;
}

/** Where the parts of parsed values start in the source text. */
export class PositionTable {
  private readonly nodes = new WeakMap<object, Pos>();
  private readonly keys = new WeakMap<object, Map<string, Pos>>();
  private readonly members = new WeakMap<object, Map<string | number, Pos>>();

  setNode(value: object, pos: Pos): void {
    if (!this.nodes.has(value)) this.nodes.set(value, pos);
  }

  setKey(container: object, key: string, pos: Pos): void {
    let map = this.keys.get(container);
    if (!map) this.keys.set(container, (map = new Map()));
    map.set(key, pos);
  }

  setMember(container: object, key: string | number, pos: Pos): void {
    let map = this.members.get(container);
    if (!map) this.members.set(container, (map = new Map()));
    map.set(key, pos);
  }

  /** Where an object or array starts. */
  node(value: unknown): Pos | undefined {
    return value !== null && typeof value === "object" ? this.nodes.get(value) : undefined;
  }

  /** Where a key of an object starts. */
  key(container: unknown, key: string): Pos | undefined {
    return container !== null && typeof container === "object" ? this.keys.get(container)?.get(key) : undefined;
  }

  /** Where a member value (object property or array element) starts. */
  member(container: unknown, key: string | number): Pos | undefined {
    return container !== null && typeof container === "object" ? this.members.get(container)?.get(key) : undefined;
  }

  /** A property's key, else its value, else the container. Array indexes may come as strings (JSON Pointer tokens). */
  property(container: unknown, key: string | number): Pos | undefined {
    const index = Array.isArray(container) && typeof key === "string" && /^(0|[1-9]\d*)$/.test(key) ? Number(key) : key;
    return (typeof index === "string" ? this.key(container, index) : undefined) ?? this.member(container, index) ?? this.node(container);
  }

  /** The deepest position along a path from `root` (used to place schema errors). */
  along(root: unknown, path: readonly (string | number)[]): Pos | undefined {
    let best = this.node(root);
    let current: unknown = root;
    for (const segment of path) {
      if (current === null || typeof current !== "object") break;
      best = this.property(current, segment) ?? best;
      current = (current as Record<string, unknown>)[String(segment)];
    }
    return best;
  }
}

export interface ParsedSource {
  format: "yaml" | "json";
  value: unknown;
  positions: PositionTable;
}

/** Assigns a property without invoking setters (a key named "__proto__" stays a plain key). */
function assign(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

// ---------------------------------------------------------------------------------------------
// JSON

/** Parses JSON text (CloudFormation JSON, CDK output, Terraform plans) keeping positions. */
export function parseJsonSource(text: string, file: string): ParsedSource {
  let root: JsonNode;
  let starts: number[];
  try {
    const doc = parseJsonDocument(text);
    root = doc.root;
    starts = doc.lineStarts;
  } catch (error) {
    if (error instanceof JsonNestingError) throw nestingError(file, { pointer: error.pointer }, error.position, error.limit);
    if (error instanceof JsonSyntaxError) {
      throw new InputError(`${file}:${error.position.line}:${error.position.column}: invalid JSON: ${error.message}`, file);
    }
    throw error;
  }
  // parseJsonDocument drops a leading byte order mark before computing offsets.
  const positions = new PositionTable();
  const pos = (offset: number): Pos => {
    const p = positionAt(starts, offset);
    return { line: p.line, column: p.column };
  };
  const build = (node: JsonNode): unknown => {
    if (node.type === "object") {
      const obj: Record<string, unknown> = {};
      positions.setNode(obj, pos(node.offset));
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode || !valueNode) continue;
        const key = String(keyNode.value);
        const value = build(valueNode);
        assign(obj, key, value);
        positions.setKey(obj, key, pos(keyNode.offset));
        positions.setMember(obj, key, pos(valueNode.offset));
      }
      return obj;
    }
    if (node.type === "array") {
      const arr: unknown[] = [];
      positions.setNode(arr, pos(node.offset));
      (node.children ?? []).forEach((child, index) => {
        arr.push(build(child));
        positions.setMember(arr, index, pos(child.offset));
      });
      return arr;
    }
    return node.value as unknown;
  };
  return { format: "json", value: build(root), positions };
}

// ---------------------------------------------------------------------------------------------
// YAML with CloudFormation's short-form intrinsic functions

/** Short-form tag name -> long-form key. */
export const SHORT_FORMS: Readonly<Record<string, string>> = Object.fromEntries(
  [
    "Ref",
    "Condition",
    "GetAtt",
    "Sub",
    "If",
    "Join",
    "Select",
    "Split",
    "Equals",
    "And",
    "Or",
    "Not",
    "FindInMap",
    "Base64",
    "Cidr",
    "ImportValue",
    "GetAZs",
    "Transform",
    "Length",
    "ToJsonString",
  ].map((name) => [`!${name}`, name === "Ref" || name === "Condition" ? name : `Fn::${name}`]),
);

const identity = <T>(value: T): T => value;

/** The custom tags: each short form as a scalar, a sequence and a mapping. */
const CFN_TAGS: (ScalarTag | CollectionTag)[] = Object.keys(SHORT_FORMS).flatMap((tag): (ScalarTag | CollectionTag)[] => [
  { tag, resolve: identity },
  { tag, collection: "seq", resolve: identity },
  { tag, collection: "map", resolve: identity },
]);

/** `!GetAtt Res.Attr.Sub` -> ["Res", "Attr.Sub"]; the list form is kept. */
function getAttArgument(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const dot = value.indexOf(".");
  return dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}

/**
 * Parses a CloudFormation YAML template; short-form tags become long-form intrinsic objects.
 * Nesting deeper than MAX_NESTING is refused before the (recursive) composer runs, and while
 * converting (where aliases and short-form tags can add levels).
 */
export function parseYamlSource(input: string, file: string): ParsedSource {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const starts = lineStarts(text);
  const deep = findDeepYaml(text);
  if (deep) throw nestingError(file, deep, positionAt(starts, deep.offset ?? 0));
  const doc = parseDocument(text, {
    customTags: CFN_TAGS,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
    version: "1.2",
    schema: "core",
  });
  const pos = (offset: number): Pos => {
    const p = positionAt(starts, offset);
    return { line: p.line, column: p.column };
  };
  const problems = [...doc.errors, ...doc.warnings.filter((w) => w.code === "TAG_RESOLVE_FAILED")];
  const first = problems.sort((a, b) => a.pos[0] - b.pos[0])[0];
  if (first) {
    const at = pos(first.pos[0]);
    const message = first.code === "TAG_RESOLVE_FAILED" ? `${first.message} (CloudFormation accepts only its intrinsic function tags)` : first.message;
    throw new InputError(`${file}:${at.line}:${at.column}: invalid YAML: ${message}`, file);
  }

  const positions = new PositionTable();
  /** Where a node starts; a tagged node's range starts after its tag, so step back to the tag. */
  const startOf = (node: YamlNode | null | undefined, fallback = 0): number => {
    const offset = node?.range?.[0];
    if (offset === undefined) return fallback;
    if (node?.tag !== undefined) {
      const tagAt = text.lastIndexOf(node.tag, offset);
      if (tagAt >= 0 && text.slice(tagAt + node.tag.length, offset).trim() === "") return tagAt;
    }
    return offset;
  };
  // `depth` is the level the converted value will have (the top is 1) and `path` its pointer
  // segments: an alias adds no level, a short-form tag adds one (its long-form object).
  const path: (string | number)[] = [];
  // Alias.resolve searches the whole document; an alias reached again (through another alias) reuses the answer.
  const targets = new Map<object, unknown>();
  const convert = (node: unknown, depth: number): unknown => {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      if (!targets.has(node)) targets.set(node, node.resolve(doc as Document.Parsed));
      return convert(targets.get(node), depth);
    }
    const yamlNode = node as YamlNode;
    const start = pos(startOf(yamlNode));
    const tag = yamlNode.tag;
    const longForm = tag !== undefined ? SHORT_FORMS[tag] : undefined;
    const collection = isMap(node) || isSeq(node);
    if (collection || longForm !== undefined) {
      const level = collection && longForm !== undefined ? depth + 1 : depth;
      if (level > MAX_NESTING) {
        // The text was checked above; aliases (a recursive one too) and short-form tags add levels.
        throw nestingError(file, { pointer: pointerOf(longForm !== undefined && collection ? [...path, longForm] : path) }, start);
      }
    }
    if (longForm !== undefined) path.push(longForm);
    const inner = longForm !== undefined ? depth + 1 : depth;
    let value: unknown;
    if (isScalar(node)) {
      value = node.value;
      // An integer written with a leading zero is an identifier, not a number.
      if (typeof value === "number" && node.type === Scalar.PLAIN && typeof node.source === "string" && /^[+-]?0\d+$/.test(node.source)) {
        value = node.source;
      }
      if (typeof value === "bigint") value = Number(value);
    } else if (isMap(node)) {
      const obj: Record<string, unknown> = {};
      positions.setNode(obj, start);
      for (const pair of node.items) {
        const keyNode = pair.key as YamlNode | null;
        if (!isScalar(keyNode)) {
          const at = pos(keyNode?.range?.[0] ?? yamlNode.range?.[0] ?? 0);
          throw new InputError(`${file}:${at.line}:${at.column}: invalid YAML: only scalar mapping keys are allowed`, file);
        }
        const key = String(keyNode.value);
        path.push(key);
        assign(obj, key, convert(pair.value, inner + 1));
        path.pop();
        positions.setKey(obj, key, pos(keyNode.range?.[0] ?? 0));
        positions.setMember(obj, key, pos(startOf(pair.value as YamlNode | null, keyNode.range?.[0] ?? 0)));
      }
      value = obj;
    } else if (isSeq(node)) {
      const arr: unknown[] = [];
      positions.setNode(arr, start);
      node.items.forEach((item, index) => {
        path.push(index);
        arr.push(convert(item, inner + 1));
        path.pop();
        positions.setMember(arr, index, pos(startOf(item as YamlNode | null, yamlNode.range?.[0] ?? 0)));
      });
      value = arr;
    } else {
      value = null;
    }
    if (longForm === undefined) return value;
    path.pop();
    const wrapped: Record<string, unknown> = {};
    assign(wrapped, longForm, longForm === "Fn::GetAtt" ? getAttArgument(value) : value);
    positions.setNode(wrapped, start);
    positions.setKey(wrapped, longForm, start);
    positions.setMember(wrapped, longForm, start);
    return wrapped;
  };
  return { format: "yaml", value: convert(doc.contents, 1), positions };
}
