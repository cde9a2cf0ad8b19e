// Accessors on evaluated values: `.name` on objects, `[key]` on tuples (by number) and objects (by
// string, a number or bool key converts), and the splat `[*]` that applies accessors to every
// element. An accessor on an Unknown is that same Unknown (its cause stays the one to report); a
// missing attribute, a key out of range or the wrong kind of value is an invalid Unknown naming the
// expression.
import type { Span } from "./ast.js";
import { aType, invalid, passedOn, toNumber, toText } from "./eval-values.js";
import { Unknown, isObjectValue, type Value } from "./value.js";

/** `value.name`, where `text` is how the user wrote the value ("aws_s3_bucket.logs"). */
export function getAttr(value: Value, name: string, text: string, at: Span): Value {
  if (value instanceof Unknown) return value;
  if (isObjectValue(value)) {
    if (Object.hasOwn(value, name)) return value[name]!;
    return invalid(`${text} has no attribute ${JSON.stringify(name)}`, at);
  }
  // The legacy index syntax `list.0`.
  if (Array.isArray(value) && /^\d+$/.test(name)) return index(value, Number(name), text, at);
  if (value === null) return invalid(`${text} is null, so it has no attribute ${JSON.stringify(name)}`, at);
  return invalid(`${text} is ${aType(value)}, which has no attributes (asked for ${JSON.stringify(name)})`, at);
}

/** `value[key]`. */
export function index(value: Value, key: Value, text: string, at: Span): Value {
  const open = passedOn(value, key);
  if (open) return open;
  if (key === null) return invalid(`the key of ${text}[...] is null`, at);
  if (Array.isArray(value)) {
    const position = toNumber(key);
    if (position === undefined || !Number.isInteger(position)) {
      return invalid(`${text} is a tuple, indexed by a whole number, not by ${describeKey(key)}`, at);
    }
    if (position < 0 || position >= value.length) {
      return invalid(`index ${position} is out of range for ${text}, which has ${value.length} element${value.length === 1 ? "" : "s"}`, at);
    }
    return value[position]!;
  }
  if (isObjectValue(value)) {
    const name = toText(key);
    if (name === undefined) return invalid(`${text} is an object, indexed by a string, not by ${describeKey(key)}`, at);
    if (Object.hasOwn(value, name)) return value[name]!;
    return invalid(`${text} has no key ${JSON.stringify(name)}`, at);
  }
  if (value === null) return invalid(`${text} is null, so it cannot be indexed`, at);
  return invalid(`${text} is ${aType(value)}, which cannot be indexed`, at);
}

function describeKey(key: Value): string {
  return typeof key === "string" || typeof key === "number" ? JSON.stringify(key) : aType(key);
}

/** A splat's accessor with its key evaluated. */
export type Step = { kind: "getattr"; name: string } | { kind: "index"; key: Value; keyText: string };

/**
 * `value[*]` followed by `steps` on each element: a list or tuple element by element, null as no
 * elements, any other value as a list of that one value.
 */
export function splat(value: Value, steps: readonly Step[], text: string, at: Span): Value {
  if (value instanceof Unknown) return value;
  if (value === null) return [];
  const elements = Array.isArray(value) ? value : [value];
  return elements.map((element, i) => {
    let current = element;
    let currentText = `${text}[${i}]`;
    for (const step of steps) {
      current = step.kind === "getattr" ? getAttr(current, step.name, currentText, at) : index(current, step.key, currentText, at);
      currentText += step.kind === "getattr" ? `.${step.name}` : `[${step.keyText}]`;
    }
    return current;
  });
}
