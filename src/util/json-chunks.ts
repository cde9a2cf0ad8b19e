// JSON text in pieces: the exact text of `JSON.stringify(value, null, 2)`, produced a few kilobytes at
// a time, so that a report of hundreds of megabytes is written to disk without ever being one
// string. The outer arrays and plain objects are laid out here; everything below `depth` levels
// is handed to JSON.stringify itself, and its lines re-indented (JSON.stringify never puts a raw
// line break inside a string, so every "\n" it writes is a line of the layout).

const INDENT = "  ";

/** Plain data this module lays out itself; anything else (toJSON, boxed values...) is JSON.stringify's. */
function isLaidOut(value: unknown): value is Record<string, unknown> | unknown[] {
  if (Array.isArray(value)) return typeof (value as { toJSON?: unknown }).toJSON !== "function";
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== "function";
}

/** JSON.stringify(value, null, 2) of a value nested `level` deep in the layout; undefined where JSON.stringify omits it. */
function leaf(value: unknown, level: number): string | undefined {
  const text = JSON.stringify(value, null, 2) as string | undefined;
  if (text === undefined || level === 0 || !text.includes("\n")) return text;
  return text.replaceAll("\n", `\n${INDENT.repeat(level)}`);
}

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
      // In an array, what JSON.stringify omits in an object (undefined, a function) is null.
      const item = value[i];
      yield* isLaidOut(item) && level + 1 < depth ? pieces(item, level + 1, depth) : [leaf(item, level + 1) ?? "null"];
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
 * `depth` levels deep are laid out piece by piece (one piece per item or property at the last of
 * those levels), deeper values come whole. Joined, the pieces are exactly JSON.stringify's text.
 */
export function jsonChunks(value: unknown, depth = 2): Iterable<string> {
  return pieces(value, 0, depth);
}
