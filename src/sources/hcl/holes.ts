// JSON rendered from values with open parts (jsonencode, aws_iam_policy_document): the string is
// unknown, but its structure is not. Each Unknown leaf is rendered as a sentinel string, the JSON
// is parsed back, and each sentinel becomes its Unknown again: the result is an Unknown whose
// `partial` is the document with the open values in place, which the plan mappers judge with holes
// (src/sources/policy-holes.ts) instead of as one unknown policy. Anything the sentinel cannot
// stand for (a rendering that rejects it, a sentinel inside a longer string) keeps the plain
// Unknown.
import { Unresolved } from "../cloudformation/intrinsics.js";
import { isObjectValue, isUnknown, Unknown, type Value } from "./value.js";

/** A sentinel: text no value of a configuration holds (it starts and ends with U+0001). */
const OPEN = String.fromCharCode(1);
const MARK = `${OPEN}ctl-open-`;
const SENTINEL = new RegExp(`^${OPEN}ctl-open-(\\d+)${OPEN}$`);

/** The value with each Unknown replaced by a sentinel string, and the Unknowns by number. */
function sentinels(value: Value, found: Unknown[]): Value {
  if (isUnknown(value)) {
    found.push(value);
    return `${MARK}${found.length - 1}${OPEN}`;
  }
  if (Array.isArray(value)) return value.map((v) => sentinels(v, found));
  if (isObjectValue(value)) {
    const out: Record<string, Value> = {};
    for (const key of Object.keys(value)) Object.defineProperty(out, key, { value: sentinels(value[key]!, found), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}

function restore(value: unknown, found: readonly Unknown[]): Value | undefined {
  if (typeof value === "string") {
    const m = SENTINEL.exec(value);
    if (m) return found[Number(m[1])];
    return value.includes(MARK) ? undefined : value;
  }
  if (value === null || typeof value === "number" || typeof value === "boolean") return value;
  if (Array.isArray(value)) {
    const out: Value[] = [];
    for (const item of value) {
      const r = restore(item, found);
      if (r === undefined) return undefined;
      out.push(r);
    }
    return out;
  }
  if (typeof value === "object") {
    const out: Record<string, Value> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (key.includes(MARK)) return undefined;
      const r = restore(item, found);
      if (r === undefined) return undefined;
      Object.defineProperty(out, key, { value: r, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return undefined;
}

/**
 * `render(input)` where input has open values: the JSON string's structure as an Unknown's
 * `partial`; `plain` is what to return when that is not possible (the renderer's own Unknown).
 * Invalid values are never rendered around: Terraform would reject the expression.
 */
export function renderWithHoles(input: Value, render: (value: Value) => Value, plain: () => Value): Value {
  const found: Unknown[] = [];
  const marked = sentinels(input, found);
  const first = found[0];
  if (!first || found.some((u) => u.reason === "invalid")) return plain();
  const text = render(marked);
  if (typeof text !== "string") return plain();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return plain();
  }
  const partial = restore(parsed, found);
  if (partial === undefined) return plain();
  return new Unknown(first.reason, first.message, first.at, partial);
}

/** A partial document as the plan source's holes take it: each Unknown an Unresolved naming its cause and place. */
export function holedDocument(u: Unknown | undefined): Record<string, unknown> | undefined {
  if (!u || !isObjectValue(u.partial ?? null)) return undefined;
  const convert = (value: Value): unknown => {
    if (isUnknown(value)) return new Unresolved(`not decided (${value.at.file}:${value.at.line}:${value.at.column})`, value.message);
    if (Array.isArray(value)) return value.map(convert);
    if (isObjectValue(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v)]));
    return value;
  };
  return convert(u.partial!) as Record<string, unknown>;
}
