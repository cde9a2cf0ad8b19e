// The CloudWatch Logs filter-pattern engine: parse, evaluate and compare JSON filter patterns.
//
// SUPPORTED (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html,
// section "Using filter patterns to match terms in JSON log events"): `{ ... }` with selectors
// `$.a.b`, `$.a[0]`; `=` / `!=` with quoted or unquoted strings, `*` a wildcard for any run of
// characters; unquoted numbers with `=`, `!=`, `<`, `<=`, `>`, `>=`; `IS NULL`, `NOT EXISTS`,
// `IS TRUE`, `IS FALSE`; `&&`, `||`, parentheses. `parse` never throws: an unreadable JSON pattern is
// `{ kind: "error", position, reason }`; a term, space-delimited (`[...]`), regex (`%...%`) or
// empty pattern is `{ kind: "unsupported" }` (never mis-read as JSON). Regexes inside JSON
// patterns (`$.a = %x%`) are an error: not supported.
//
// SEMANTICS (what `matches` implements; the documentation does not spell out every case, so the
// choices are written here and entail.ts is sound with respect to exactly these):
// - A selector resolves when every step exists (own object key / array index in range).
// - `= "g"`: the value is a string matching glob g. `= n`, `<`, ...: the value is a number.
// - `!= v`: the selector resolves AND `= v` does not hold, so a missing field never matches `!=`
//   (a comparison needs a value); `NOT EXISTS` is the way to match a missing field. The page does
//   not say this outright, so it is a parameter (`Semantics.neOnMissing`, default false) of
//   `matches` and `covers`; a check can require `covers` under both readings.
// - `IS NULL`: resolves to JSON null. `NOT EXISTS`: does not resolve. `IS TRUE/FALSE`: the boolean.
// - `&&` binds tighter than `||`. This matters for CIS 4.1 / CloudWatch.2:
//   `{ (A) || (B) && (C) && (D) }` reads as `A || (B && C && D)`: the sourceIPAddress/HeadBucket
//   exclusions apply to the AccessDenied* branch only.
//
// ENTAILMENT (`covers(patterns, reference)`): both sides to DNF (at most MAX_CONJUNCTS conjuncts,
// else "unknown"). Per field, the values are partitioned into finitely many cells (cells.ts) such
// that every atom holds on a whole cell or not at all: absent, null, true, false, object/array,
// number intervals between the constants, and string cells = sign vectors over the field's
// string values (exact or glob). A conjunct is then a box (a set of cells per field). For each
// reference box we split it on the fields where a pattern box is narrower until every piece is
// inside one pattern box (covered) or outside all of them (missed).
// SOUNDNESS: the cells cover all values of a field (string sign vectors are dropped only when
// provably empty: an exact value decides its own vector; a glob g inside a glob h (globSubset, a
// sufficient test) cannot be positive while h is negative), and fields are treated as independent,
// which over-approximates the events (real events also respect prefixes: $.a absent => $.a.b
// absent). So "every piece covered" holds for more events than exist: `true` is never wrong.
// `false` is returned only with a concrete witness event, re-checked with `matches` (reference
// matches, no pattern matches); otherwise "unknown". Bounded: DNF size, wildcard values per
// field (10), split steps (100,000).
export { covers, toDnf, MAX_CONJUNCTS, type CoverResult } from "./entail.js";
export { DEFAULT_SEMANTICS, matches, type Semantics } from "./evaluate.js";
export { parse, renderAtom, type Atom, type Expr, type ParseResult, type Pattern, type Segment } from "./parse.js";
export { mayMatch, termsOf } from "./terms.js";
