// JSON text in pieces: the exact text of `JSON.stringify(value, null, 2)`, produced a few kilobytes at
// a time, so that a report of hundreds of megabytes is written to disk without ever being one
// string. The outer arrays and plain objects are laid out here; everything below `depth` levels
// is handed to JSON.stringify itself, wrapped in as many arrays as it is deep so that
// JSON.stringify indents it where it stands.

const INDENT = "  ";

/** Plain data this module lays out itself; anything else (toJSON, boxed values...) is JSON.stringify's. */
function isLaidOut(value: unknown): value is Record<string, unknown> | unknown[] {
  if (Array.isArray(value)) return typeof (value as { toJSON?: unknown }).toJSON !== "function";
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== "function";
}

/**
 * JSON.stringify's text of `items` as the items of an array nested `level` deep, without the
 * brackets: stringified inside `level` enclosing arrays, so that JSON.stringify itself indents
 * them where they stand, and cut out of that text (no second pass over it).
 */
function itemsText(items: readonly unknown[], level: number): string {
  let wrapped: unknown = items;
  let head = `[\n${INDENT.repeat(level + 1)}`;
  let tail = `\n${INDENT.repeat(level)}]`;
  for (let l = level - 1; l >= 0; l--) {
    wrapped = [wrapped];
    head = `[\n${INDENT.repeat(l + 1)}${head}`;
    tail += `\n${INDENT.repeat(l)}]`;
  }
  const text = JSON.stringify(wrapped, null, 2);
  return text.slice(head.length, text.length - tail.length);
}

/** JSON.stringify's text of a value nested `level` deep in the layout; undefined where JSON.stringify omits it. */
function leaf(value: unknown, level: number): string | undefined {
  if (typeof value !== "object" || value === null) return JSON.stringify(value) as string | undefined;
  if (isLaidOut(value)) return level === 0 ? JSON.stringify(value, null, 2) : itemsText([value], level - 1);
  // toJSON (which may give undefined) and boxed values: JSON.stringify's own text, re-indented
  // (it never writes a raw line break inside a string).
  const text = JSON.stringify(value, null, 2) as string | undefined;
  return text === undefined || level === 0 ? text : text.replaceAll("\n", `\n${INDENT.repeat(level)}`);
}

/** Items of an array whose items are not laid out are stringified this many at a time. */
const BATCH = 16;

function* pieces(value: unknown, level: number, depth: number): Generator<string> {
  if (level >= depth || !isLaidOut(value)) {
    // A top-level value JSON.stringify omits comes out as undefined, as JSON.stringify's does.
    yield leaf(value, level) ?? (level === 0 ? "undefined" : "null");
    return;
  }
  const inner = INDENT.repeat(level + 1);
  const close = INDENT.repeat(level);
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield "[]";
      return;
    }
    for (let i = 0; i < value.length; i++) {
      yield i === 0 ? `[\n${inner}` : `,\n${inner}`;
      if (level + 1 < depth && isLaidOut(value[i])) {
        yield* pieces(value[i], level + 1, depth);
        continue;
      }
      // A run of items that are not laid out, stringified together (what an object would omit is null).
      let end = i + 1;
      while (end < value.length && end - i < BATCH && !(level + 1 < depth && isLaidOut(value[end]))) end++;
      yield itemsText(value.slice(i, end), level);
      i = end - 1;
    }
    yield `\n${close}]`;
    return;
  }
  let first = true;
  for (const key of Object.keys(value)) {
    const item = value[key];
    const laidOut = isLaidOut(item) && level + 1 < depth;
    const text = laidOut ? undefined : leaf(item, level + 1);
    if (!laidOut && text === undefined) continue;
    yield `${first ? "{" : ","}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    if (laidOut) yield* pieces(item, level + 1, depth);
    else yield text!;
  }
  yield first ? "{}" : `\n${close}}`;
}

/**
 * The text of `JSON.stringify(value, null, 2)`, in pieces: arrays and plain objects less than
 * `depth` levels deep are laid out piece by piece (at the last of those levels, one piece per
 * property, or per run of up to 16 items: a few tens of kilobytes, short-lived), deeper values come whole. Joined, the pieces are exactly JSON.stringify's text.
 */
export function jsonChunks(value: unknown, depth = 2): Iterable<string> {
  return pieces(value, 0, depth);
}
