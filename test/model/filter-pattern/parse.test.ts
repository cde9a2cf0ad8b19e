import assert from "node:assert/strict";
import { parse, renderAtom, toDnf } from "../../../src/model/filter-pattern/index.js";

// Syntax: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
// ("Using filter patterns to match terms in JSON log events").

/** The pattern's DNF, each conjunct rendered, for exact comparison. */
function dnf(text: string): string[] {
  const r = parse(text);
  if (r.kind !== "pattern") throw new Error(`not a pattern: ${JSON.stringify(r)}`);
  return toDnf(r.pattern.expr).map((c) => c.map(renderAtom).join(" && "));
}

describe("model/filter-pattern parse", () => {
  const ok: [string, string, string[]][] = [
    ["quoted string", '{ $.a.b = "x" }', ['$.a.b = "x"']],
    ["unquoted string, no spaces", "{$.eventName=ConsoleLogin}", ['$.eventName = "ConsoleLogin"']],
    ["!= and wildcard", '{ $.ip != 123.123.* }', ['$.ip != "123.123.*"']],
    ["quoted number stays a string", '{ $.a = "5" }', ['$.a = "5"']],
    ["escaped quote", '{ $.a = "say \\"hi\\"" }', ['$.a = "say \\"hi\\""']],
    ["numbers", "{ $.n >= 10 && $.n < 2.5 && $.n != -3 && $.n = 1e3 }", ["$.n >= 10 && $.n < 2.5 && $.n != -3 && $.n = 1000"]],
    ["keywords", "{ $.a IS NULL || $.b NOT EXISTS || $.c IS TRUE || $.d IS FALSE }", ["$.a IS NULL", "$.b NOT EXISTS", "$.c IS TRUE", "$.d IS FALSE"]],
    ["array index", '{ $.items[0].id = "x" && $.m[12] = 1 }', ['$.items[0].id = "x" && $.m[12] = 1']],
    ["&& binds tighter than ||", "{ $.a = 1 || $.b = 2 && $.c = 3 }", ["$.a = 1", "$.b = 2 && $.c = 3"]],
    ["parentheses override", "{ ($.a = 1 || $.b = 2) && $.c = 3 }", ["$.a = 1 && $.c = 3", "$.b = 2 && $.c = 3"]],
    ["nested parentheses", "{ ((($.a = 1))) }", ["$.a = 1"]],
  ];
  for (const [name, text, expected] of ok) it(`reads ${name}`, () => assert.deepEqual(dnf(text), expected));

  const errors: [string, string, number, string][] = [
    ["missing value", "{ $.a = }", 8, "expected a value, found '}'"],
    ["missing close brace", '{ $.a = "x"', 11, "expected '}', found end of pattern"],
    ["unbalanced parenthesis", '{ ($.a = "x" }', 13, "expected ')', found '}'"],
    ["unterminated string", '{ $.a = "x }', 8, "unterminated string"],
    ["not a selector", '{ a = "x" }', 2, "expected a selector like $.field, found 'a'"],
    ["bare $", '{ $ = "x" }', 2, "selector '$' names no field"],
    ["bad selector", '{ $.a..b = "x" }', 5, "unreadable selector '$.a..b'"],
    ["unknown keyword", "{ $.a IS NUL }", 6, "unknown operator 'IS NUL'"],
    ["< on a string", '{ $.a < "x" }', 8, "'<' needs a number, found 'x'"],
    ["trailing text", '{ $.a = 1 } x', 12, "unexpected 'x' after '}'"],
    ["dangling &&", "{ $.a = 1 && }", 13, "expected a selector or '(', found '}'"],
    ["single &", "{ $.a = 1 & $.b = 2 }", 10, "unexpected character '&'"],
    ["regex inside JSON", "{ $.a = %ab% }", 8, "regular expressions in JSON patterns are not supported"],
  ];
  for (const [name, text, position, reason] of errors) {
    it(`error: ${name}`, () => assert.deepEqual(parse(text), { kind: "error", position, reason }));
  }

  const unsupported: [string, string, string][] = [
    ["", "empty", "an empty pattern matches every event, JSON or not"],
    ["ERROR Exception", "terms", "term pattern (words or quoted phrases), not a JSON pattern"],
    ['"Failed to process"', "terms", "term pattern (words or quoted phrases), not a JSON pattern"],
    ["[ip, user, ..., status_code=4*]", "space-delimited", "space-delimited pattern ([...]), not a JSON pattern"],
    ["%AUTHORIZED%", "regex", "regular-expression pattern, not a JSON pattern"],
  ];
  for (const [text, form, reason] of unsupported) {
    it(`unsupported: ${JSON.stringify(text)}`, () => assert.deepEqual(parse(text), { kind: "unsupported", form, reason }));
  }
});
