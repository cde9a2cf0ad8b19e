// A baseline report too large to be read as one string: the JSON report of 10,000 accounts is about
// 750 MB, more than V8's longest string (buffer.constants.MAX_STRING_LENGTH). It is read as bytes
// and cut into its top-level members and, for `results`, into each result, by a scan that tracks
// only strings and brackets (no recursion); each piece is parsed with JSON.parse and validated
// against its part of schemas/report.schema.json: the report without its results against the whole
// schema, each result against #/$defs/result. Only the findings (FAIL and ERROR results), reduced to
// the fields the comparison reads, are kept. Errors name the file, the line and column where the
// piece starts, and the JSON path, as for a small baseline.
import { readFileSync } from "node:fs";
import type { BaselineReport } from "../engine/baseline.js";
import { isFinding } from "../engine/baseline.js";
import { InputError } from "../util/errors.js";
import { MAX_NESTING } from "../util/nesting.js";
import { assertValid, describeErrors, subschemaValidator } from "../util/schemas.js";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const NEWLINE = 0x0a;

const isSpace = (b: number | undefined) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

/** The fields of a result the comparison reads. */
const KEPT = ["checkId", "title", "status", "severity", "accountId", "accountName", "region", "resource", "messageId", "message", "suppressed"] as const;

type Result = BaselineReport["results"][number];

export function readLargeBaseline(
  absolute: string,
  file: string,
  hint: string,
  /** Throws the error for a schemaVersion this tool does not read. */
  checkVersion: (value: Record<string, unknown>) => void,
): Record<string, unknown> & BaselineReport {
  const bytes = readFileSync(absolute);
  // Line and column of an offset, counted forward from the last one asked (offsets only grow).
  let lineAt = 0;
  let line = 1;
  let lineStart = 0;
  const position = (offset: number) => {
    for (; lineAt < offset; lineAt++) {
      if (bytes[lineAt] === NEWLINE) {
        line += 1;
        lineStart = lineAt + 1;
      }
    }
    return { line, column: bytes.toString("utf8", lineStart, offset).length + 1 };
  };
  const where = (offset: number) => {
    const at = position(offset);
    return `${file}:${at.line}:${at.column}`;
  };
  const syntax = (offset: number, what: string): never => {
    throw new InputError(`${where(offset)}: not valid JSON: ${what}`, file);
  };

  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const skip = () => {
    while (isSpace(bytes[i])) i++;
  };
  /** The offset just after the value that starts at `start`. */
  const valueEnd = (start: number): number => {
    let at = start;
    let depth = 0;
    let inString = false;
    for (; at < bytes.length; at++) {
      const b = bytes[at];
      if (inString) {
        if (b === BACKSLASH) at++;
        else if (b === QUOTE) {
          inString = false;
          if (depth === 0) return at + 1;
        }
      } else if (b === QUOTE) inString = true;
      else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
        depth += 1;
        // The top-level object and the results array are two levels above the piece.
        if (depth > MAX_NESTING - 2) throw new InputError(`${where(start)}: nested deeper than ${MAX_NESTING} levels`, file);
      } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
        depth -= 1;
        if (depth < 0) return at;
        if (depth === 0) return at + 1;
      } else if (depth === 0 && (b === COMMA || isSpace(b))) return at;
    }
    if (inString || depth > 0) syntax(start, "the value that starts here does not end");
    return at;
  };
  const parse = (start: number, end: number): unknown => {
    try {
      return JSON.parse(bytes.toString("utf8", start, end));
    } catch (error) {
      return syntax(start, `${(error as Error).message} (in the value that starts here)`);
    }
  };

  skip();
  if (bytes[i] !== OPEN_OBJECT) syntax(i, "a report is a JSON object");
  i++;
  const top: Record<string, unknown> = {};
  const results: Result[] = [];
  const validateResult = subschemaValidator("report.schema.json", "#/$defs/result");
  for (let first = true; ; first = false) {
    skip();
    if (bytes[i] === CLOSE_OBJECT) break;
    if (!first) {
      if (bytes[i] !== COMMA) syntax(i, "expected , or }");
      i++;
      skip();
    }
    if (bytes[i] !== QUOTE) syntax(i, "expected a property name");
    const keyEnd = valueEnd(i);
    const key = parse(i, keyEnd) as string;
    i = keyEnd;
    skip();
    if (bytes[i] !== COLON) syntax(i, "expected :");
    i++;
    skip();
    if (key !== "results" || bytes[i] !== OPEN_ARRAY) {
      const end = valueEnd(i);
      top[key] = parse(i, end);
      i = end;
      continue;
    }
    i++;
    for (let index = 0, firstItem = true; ; index++, firstItem = false) {
      skip();
      if (bytes[i] === CLOSE_ARRAY) break;
      if (!firstItem) {
        if (bytes[i] !== COMMA) syntax(i, "expected , or ] in results");
        i++;
        skip();
      }
      const start = i;
      const end = valueEnd(start);
      const result = parse(start, end);
      if (!validateResult(result)) {
        const lines = describeErrors(validateResult.errors).map((l) => `/results/${index}${l === "/" || l.startsWith("/:") ? l.slice(1) : l}`);
        throw new InputError(`${where(start)}: does not match report.schema.json:\n${lines.slice(0, 20).map((l) => `  at ${l}`).join("\n")}\n${hint}`, file, `/results/${index}`);
      }
      const r = result as Record<string, unknown> & Result;
      if (isFinding(r)) {
        const kept: Record<string, unknown> = {};
        for (const field of KEPT) if (r[field] !== undefined) kept[field] = r[field];
        results.push(kept as unknown as Result);
      }
      i = end;
    }
    i++;
    top.results = [];
  }
  i++;
  skip();
  if (i < bytes.length) syntax(i, "text after the report");
  // The rest of the report against the whole schema (its results checked one by one above).
  checkVersion(top);
  const report = assertValidWithHint(top, file, hint);
  return { ...report, results };
}

function assertValidWithHint(top: Record<string, unknown>, file: string, hint: string): Record<string, unknown> & BaselineReport {
  try {
    return assertValid<Record<string, unknown> & BaselineReport>("report.schema.json", top, file);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(`${error.message}\n${hint}`, error.file, error.path);
  }
}
