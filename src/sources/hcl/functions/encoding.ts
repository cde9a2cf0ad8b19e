// Encoding functions: jsonencode and jsondecode with Terraform's exact JSON (no spaces, keys
// sorted, <, >, & and U+2028/2029 escaped as Go's encoding/json does, numbers as Terraform
// prints them), base64 of UTF-8 text, and the hex digests of a string's UTF-8 bytes.
// https://developer.hashicorp.com/terraform/language/functions/jsonencode (and jsondecode,
// base64encode, base64decode, md5, sha1, sha256, sha512).
import { createHash } from "node:crypto";
import { isObjectValue, objectValue, typeName, type Value } from "../value.js";
import { exactNumber, invalid, numberText, sortedKeys, toStr } from "./args.js";
import type { FunctionSpecs } from "./spec.js";

/** A known value as Terraform's jsonencode writes it. */
export function jsonText(value: Value): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return numberText(value);
  if (typeof value === "string") return jsonString(value);
  if (Array.isArray(value)) return `[${value.map(jsonText).join(",")}]`;
  if (isObjectValue(value)) return `{${sortedKeys(value).map((k) => `${jsonString(k)}:${jsonText(value[k]!)}`).join(",")}}`;
  throw invalid(`cannot encode ${typeName(value)}`);
}

const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" };

/** A JSON string as Go's encoding/json writes it (HTML-safe; a lone surrogate, which Go cannot hold, becomes U+FFFD). */
export function jsonString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (SHORT_ESCAPES[ch] !== undefined) out += SHORT_ESCAPES[ch];
    else if (code < 0x20 || ch === "<" || ch === ">" || ch === "&" || code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else if (code >= 0xd800 && code <= 0xdfff) out += "\ufffd";
    else out += ch;
  }
  return `${out}"`;
}

/** A JSON document as Terraform's jsondecode reads it (duplicate keys are an error, as in Terraform). */
export function parseJson(text: string): Value {
  let i = 0;
  const fail = (what: string): never => {
    throw invalid(`invalid JSON at offset ${i}: ${what}`);
  };
  const space = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const value = (): Value => {
    space();
    const c = text[i];
    if (c === "{") {
      i++;
      const entries: [string, Value][] = [];
      space();
      if (text[i] === "}") {
        i++;
        return {};
      }
      for (;;) {
        space();
        if (text[i] !== '"') fail("expected a property name");
        const key = string();
        if (entries.some(([k]) => k === key)) fail(`duplicate ${JSON.stringify(key)} property in JSON object`);
        space();
        if (text[i] !== ":") fail("expected ':'");
        i++;
        entries.push([key, value()]);
        space();
        if (text[i] === ",") i++;
        else if (text[i] === "}") {
          i++;
          return objectValue(entries);
        } else fail("expected ',' or '}'");
      }
    }
    if (c === "[") {
      i++;
      const items: Value[] = [];
      space();
      if (text[i] === "]") {
        i++;
        return items;
      }
      for (;;) {
        items.push(value());
        space();
        if (text[i] === ",") i++;
        else if (text[i] === "]") {
          i++;
          return items;
        } else fail("expected ',' or ']'");
      }
    }
    if (c === '"') return string();
    for (const [word, v] of [["true", true], ["false", false], ["null", null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(text.slice(i));
    if (!m) return fail("expected a value");
    i += m[0].length;
    return exactNumber(m[0]);
  };
  const string = (): string => {
    let j = i + 1;
    while (j < text.length && text[j] !== '"') {
      if (text.charCodeAt(j) < 0x20) fail("control character in string");
      if (text[j] === "\\") {
        if (!/^(["\\/bfnrt]|u[0-9a-fA-F]{4})/.test(text.slice(j + 1, j + 6))) fail("invalid escape in string");
        j += text[j + 1] === "u" ? 6 : 2;
      } else j++;
    }
    if (j >= text.length) fail("unterminated string");
    const literal = text.slice(i, j + 1);
    i = j + 1;
    return JSON.parse(literal) as string;
  };
  const result = value();
  space();
  if (i < text.length) fail("extra characters after the value");
  return result;
}

/** A string's UTF-8 bytes as base64 (standard alphabet, padded). */
function base64encode(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}

/** Standard padded base64 (line breaks ignored, as Go does) decoded to text that must be UTF-8. */
function base64decode(text: string): string {
  const clean = text.replace(/[\r\n]/g, "");
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(clean)) {
    throw invalid("failed to decode base64 data: the string is not standard padded base64");
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(clean, "base64"));
  } catch {
    throw invalid("the result of decoding the provided string is not valid UTF-8");
  }
}

const digest = (algorithm: string) => (args: Value[]) => createHash(algorithm).update(toStr(args[0]!, "the argument"), "utf8").digest("hex");

/** jsonencode, jsondecode, base64encode, base64decode, md5, sha1, sha256, sha512. */
export const encodingFunctions: FunctionSpecs = {
  jsonencode: { arity: 1, impl: ([v]) => jsonText(v!) },
  jsondecode: { arity: 1, impl: ([v]) => parseJson(toStr(v!, "the argument")) },
  base64encode: { arity: 1, impl: ([v]) => base64encode(toStr(v!, "the argument")) },
  base64decode: { arity: 1, impl: ([v]) => base64decode(toStr(v!, "the argument")) },
  md5: { arity: 1, impl: digest("md5") },
  sha1: { arity: 1, impl: digest("sha1") },
  sha256: { arity: 1, impl: digest("sha256") },
  sha512: { arity: 1, impl: digest("sha512") },
};
