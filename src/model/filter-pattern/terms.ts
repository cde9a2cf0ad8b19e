// The forms of filter pattern that are not JSON patterns (term patterns, space-delimited and regex
// patterns), judged only as far as soundness allows: whether a pattern MAY match a given event.
//
// A term pattern (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html,
// "Matching terms in unstructured log events") is words or quoted phrases: all plain terms must
// occur (AND), `?term` alternatives need one of them (OR), `-term` excludes. A term occurs in an
// event only if it is a substring of its text, so a pattern whose required terms (all the plain
// ones, or one alternative) are not substrings of the event's JSON text (keys and values) cannot
// match it. Anything else may match:
// an empty pattern matches every event, and space-delimited and regex patterns are not read.
import type { ParseResult } from "./parse.js";

/** The terms of a term pattern: plain (AND), optional (`?`, OR) and excluded (`-`). */
export function termsOf(text: string): { all: string[]; any: string[]; none: string[] } {
  const all: string[] = [];
  const any: string[] = [];
  const none: string[] = [];
  for (const m of text.matchAll(/([?-]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))/g)) {
    const term = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : m[3]!;
    if (term === "") continue;
    (m[1] === "?" ? any : m[1] === "-" ? none : all).push(term);
  }
  return { all, any, none };
}

/** Whether a pattern the JSON parser does not read may match `event` (true unless it provably cannot). */
export function mayMatch(parsed: Exclude<ParseResult, { kind: "pattern" }>, text: string, event: unknown): boolean {
  if (parsed.kind !== "unsupported" || parsed.form !== "terms") return true;
  const { all, any } = termsOf(text);
  if (all.length === 0 && any.length === 0) return true;
  const body = JSON.stringify(event);
  const has = (t: string) => body.includes(t);
  // Mixed plain and `?` terms: either reading (all the plain ones, or one alternative) may match.
  return (all.length > 0 && all.every(has)) || any.some(has);
}
