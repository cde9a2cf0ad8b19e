// JSON text exactly as Go's encoding/json writes it, for values a Terraform provider written in Go
// renders (the AWS provider's aws_iam_policy_document): json.Marshal (compact) and
// json.MarshalIndent(v, "", "  "). What differs from JSON.stringify: `<`, `>`, `&`, U+2028 and
// U+2029 are escaped as \u003c, \u003e, \u0026, \u2028, \u2029; a lone surrogate becomes U+FFFD
// (Go writes only valid UTF-8); -0 is "-0"; Go maps write their keys sorted by bytes.

/**
 * A value to encode: a ReadonlyMap is a Go struct (members in the order given), a plain object is
 * a Go map (members sorted by the UTF-8 bytes of their keys, as encoding/json sorts map keys).
 */
export type GoJson = null | boolean | number | string | readonly GoJson[] | ReadonlyMap<string, GoJson> | GoJsonMap;
export interface GoJsonMap {
  readonly [key: string]: GoJson;
}

/** json.Marshal: compact JSON. */
export function goMarshal(value: GoJson): string {
  return encode(value, undefined, "");
}

/** json.MarshalIndent(value, "", "  "): one member or element a line, two spaces a level. */
export function goMarshalIndent(value: GoJson): string {
  return encode(value, "  ", "");
}

/** Orders strings as Go's sort.Strings and strings.Compare do: by their UTF-8 bytes (code points). */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

function encode(value: GoJson, indent: string | undefined, depth: string): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return goNumber(value);
  if (typeof value === "string") return goString(value);
  const members: [string | undefined, GoJson][] = isArray(value)
    ? value.map((item): [undefined, GoJson] => [undefined, item])
    : value instanceof Map
      ? [...(value as ReadonlyMap<string, GoJson>)]
      : Object.keys(value).sort(compareBytes).map((key): [string, GoJson] => [key, (value as GoJsonMap)[key]!]);
  const [open, close] = isArray(value) ? ["[", "]"] : ["{", "}"];
  if (members.length === 0) return open + close;
  const inner = indent === undefined ? "" : depth + indent;
  const parts = members.map(([key, item]) => {
    const encoded = encode(item, indent, inner);
    if (key === undefined) return encoded;
    return goString(key) + (indent === undefined ? ":" : ": ") + encoded;
  });
  if (indent === undefined) return open + parts.join(",") + close;
  return `${open}\n${inner}${parts.join(`,\n${inner}`)}\n${depth}${close}`;
}

function isArray(value: GoJson): value is readonly GoJson[] {
  return Array.isArray(value);
}

/** Go writes float64 like JavaScript (same switch to exponent form), but keeps the sign of -0. */
function goNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`Go's encoding/json cannot encode ${value}`);
  return Object.is(value, -0) ? "-0" : String(value);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const GO_ESCAPED = /[<>&\u2028\u2029]/g;

function goString(value: string): string {
  return JSON.stringify(value.replace(LONE_SURROGATE, "\uFFFD")).replace(
    GO_ESCAPED,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
