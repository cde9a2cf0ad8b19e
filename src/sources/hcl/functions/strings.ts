// String functions, as Terraform computes them: characters are Unicode code points for
// splitting and replacing and grapheme clusters for substr; lower/upper map code points one by
// one as Go does (no context rules such as a final sigma); trimspace trims what Go calls space;
// replace and regex use Go's RE2 patterns through ./regex.ts.
// https://developer.hashicorp.com/terraform/language/functions/join (and split, lower, upper,
// title, trim, trimspace, trimprefix, trimsuffix, startswith, endswith, strcontains, substr,
// replace, regex, regexall)
import { objectValue, type Value } from "../value.js";
import { graphemes, invalid, toInt, toSeq, toStr, undecided } from "./args.js";
import { findAll, findFirst, replaceAll, translate, type Match, type Pattern } from "./regex.js";
import type { FunctionSpecs } from "./spec.js";

/** join(separator, lists...): the string elements of every list, separated. */
function join(args: Value[]): string {
  const sep = toStr(args[0]!, "the separator");
  if (args.length < 2) throw invalid("at least one list is required");
  const parts: string[] = [];
  args.slice(1).forEach((list, l) =>
    toSeq(list, `list ${l + 1}`).forEach((item, e) => {
      if (item === null) throw invalid(`element ${e} of list ${l + 1} is null; cannot concatenate null values`);
      parts.push(toStr(item, `element ${e} of list ${l + 1}`));
    }),
  );
  return parts.join(sep);
}

/** split(separator, string): Go's strings.Split (an empty separator splits into code points). */
function split(sep: string, text: string): string[] {
  return sep === "" ? Array.from(text) : text.split(sep);
}

/**
 * title(): Go's strings.Title, which Terraform uses. A word starts after a separator: an ASCII
 * character other than a letter, digit or underscore, or a non-ASCII space (other non-ASCII
 * characters, such as a dash, are not separators in Go); its first character is title-cased.
 */
function title(text: string): string {
  let out = "";
  let previous = " ";
  for (const ch of text) {
    out += isSeparator(previous) ? titleCase(ch) : ch;
    previous = ch;
  }
  return out;
}

function isSeparator(ch: string): boolean {
  if (ch.codePointAt(0)! <= 0x7f) return !/[0-9A-Za-z_]/.test(ch);
  if (/[\p{L}\p{Nd}]/u.test(ch)) return false;
  return SPACE_CHAR.test(ch);
}

/** Go's unicode.ToTitle: upper case, except the digraphs (dž -> Dž) and Georgian letters (their own title case). */
function titleCase(ch: string): string {
  const code = ch.codePointAt(0)!;
  const digraph = [0x01c4, 0x01c7, 0x01ca, 0x01f1].find((first) => code >= first && code <= first + 2);
  if (digraph !== undefined) return String.fromCodePoint(digraph + 1);
  if ((code >= 0x10d0 && code <= 0x10fa) || (code >= 0x10fd && code <= 0x10ff)) return ch;
  return mapCase(ch, true);
}

/** Go's strings.ToLower/ToUpper: each code point by its simple case mapping. */
function mapCase(text: string, upper: boolean): string {
  let out = "";
  for (const ch of text) {
    const mapped = upper ? ch.toUpperCase() : ch.toLowerCase();
    if ([...mapped].length === 1) out += mapped;
    else if (ch === "\u0130" && !upper) out += "i"; // İ: Go's simple mapping (JavaScript adds a combining dot)
    else throw undecided(`${upper ? "upper" : "lower"}() of ${JSON.stringify(ch)} (a multi-character case mapping) is not evaluated`);
  }
  return out;
}

/** What Go's unicode.IsSpace counts as space (JavaScript's trim differs on U+0085 and U+FEFF). */
const SPACE = "\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const SPACE_EDGES = new RegExp(`^[${SPACE}]+|[${SPACE}]+$`, "gu");
const SPACE_CHAR = new RegExp(`^[${SPACE}]$`, "u");

/** trim(string, characters): the given characters (code points) removed from both ends. */
function trim(text: string, cutset: string): string {
  const cut = new Set(cutset);
  const chars = Array.from(text);
  let start = 0;
  let end = chars.length;
  while (start < end && cut.has(chars[start]!)) start++;
  while (end > start && cut.has(chars[end - 1]!)) end--;
  return chars.slice(start, end).join("");
}

const trimPrefix = (text: string, prefix: string) => (text.startsWith(prefix) ? text.slice(prefix.length) : text);
const trimSuffix = (text: string, suffix: string) => (suffix !== "" && text.endsWith(suffix) ? text.slice(0, -suffix.length) : text);

/** substr(string, offset, length) as go-cty computes it, in grapheme clusters. */
function substr(text: string, offset: number, length: number): string {
  const chars = graphemes(text);
  if (offset < 0) offset = Math.max(0, offset + chars.length);
  else if (length === 0) return "";
  // go-cty takes every character when a negative offset comes with length 0 (its loop never stops).
  return chars.slice(offset, length > 0 ? offset + length : undefined).join("");
}

/** replace(string, search, replacement): every occurrence, or every match of a `/pattern/`. */
function replace(text: string, search: string, replacement: string): string {
  if (search.length > 1 && search.startsWith("/") && search.endsWith("/")) return replaceAll(translate(search.slice(1, -1)), text, replacement);
  if (search === "") {
    const chars = Array.from(text);
    return replacement + chars.map((c) => c + replacement).join("");
  }
  return text.split(search).join(replacement);
}

/** What regex() returns for a match: the text, a tuple of the groups, or an object of the named groups (null for a group that took no part). */
function matchValue(pattern: Pattern, text: string, m: Match): Value {
  if (pattern.groups.length === 0) return text.slice(m.start, m.end);
  const named = pattern.groups.filter((g) => g !== "");
  if (named.length === 0) return m.groups.map((g) => g ?? null);
  return objectValue(pattern.groups.map((name, i) => [name, m.groups[i] ?? null] as const));
}

function compileForMatch(source: string): Pattern {
  const pattern = translate(source);
  const named = pattern.groups.filter((g) => g !== "").length;
  if (named > 0 && named < pattern.groups.length) throw invalid("invalid regexp pattern: cannot mix both named and unnamed capture groups");
  return pattern;
}

function regex(source: string, text: string): Value {
  const pattern = compileForMatch(source);
  const m = findFirst(pattern, text);
  if (!m) throw invalid("pattern did not match any part of the given string");
  return matchValue(pattern, text, m);
}

function regexall(source: string, text: string): Value {
  const pattern = compileForMatch(source);
  return findAll(pattern, text).map((m) => matchValue(pattern, text, m));
}

const s = (v: Value | undefined, what = "the argument") => toStr(v!, what);

/** The string functions by name. */
export const stringFunctions: FunctionSpecs = {
  join: { arity: [1, Infinity], impl: join },
  split: { arity: 2, impl: ([sep, text]) => split(s(sep, "the separator"), s(text, "the string")) },
  lower: { arity: 1, impl: ([v]) => mapCase(s(v), false) },
  upper: { arity: 1, impl: ([v]) => mapCase(s(v), true) },
  title: { arity: 1, impl: ([v]) => title(s(v)) },
  trimspace: { arity: 1, impl: ([v]) => s(v).replace(SPACE_EDGES, "") },
  trim: { arity: 2, impl: ([v, cut]) => trim(s(v, "the string"), s(cut, "the characters")) },
  trimprefix: { arity: 2, impl: ([v, p]) => trimPrefix(s(v, "the string"), s(p, "the prefix")) },
  trimsuffix: { arity: 2, impl: ([v, p]) => trimSuffix(s(v, "the string"), s(p, "the suffix")) },
  startswith: { arity: 2, impl: ([v, p]) => s(v, "the string").startsWith(s(p, "the prefix")) },
  strcontains: { arity: 2, impl: ([v, p]) => s(v, "the string").includes(s(p, "the substring")) },
  endswith: { arity: 2, impl: ([v, p]) => s(v, "the string").endsWith(s(p, "the suffix")) },
  substr: { arity: 3, impl: ([v, o, l]) => substr(s(v, "the string"), toInt(o!, "the offset"), toInt(l!, "the length")) },
  replace: { arity: 3, impl: ([v, f, r]) => replace(s(v, "the string"), s(f, "the search string"), s(r, "the replacement")) },
  regex: { arity: 2, impl: ([p, v]) => regex(s(p, "the pattern"), s(v, "the string")) },
  regexall: { arity: 2, impl: ([p, v]) => regexall(s(p, "the pattern"), s(v, "the string")) },
};
