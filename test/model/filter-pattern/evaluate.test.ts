import assert from "node:assert/strict";
import { matches, parse, type Pattern } from "../../../src/model/filter-pattern/index.js";

function p(text: string): Pattern {
  const r = parse(text);
  if (r.kind !== "pattern") throw new Error(`not a pattern: ${JSON.stringify(r)}`);
  return r.pattern;
}

// Semantics as written in src/model/filter-pattern/index.ts (after the AWS page "Using filter
// patterns to match terms in JSON log events"): `!=` needs the field to be present.
describe("model/filter-pattern matches", () => {
  const ev = {
    eventName: "ConsoleLogin",
    errorCode: "Client.UnauthorizedOperation",
    n: 5,
    nul: null,
    t: true,
    f: false,
    obj: { k: "v" },
    arr: ["a", { id: "x" }],
    additionalEventData: { MFAUsed: "No" },
  };
  const cases: [string, boolean][] = [
    ['{ $.eventName = "ConsoleLogin" }', true],
    ['{ $.eventName = "consolelogin" }', false], // case sensitive
    ['{ $.eventName = "Console*" }', true],
    ['{ $.eventName = "*Login" }', true],
    ['{ $.eventName = "*sole*" }', true],
    ['{ $.eventName = "Console" }', false],
    ['{ $.errorCode = "*UnauthorizedOperation" }', true],
    ['{ $.errorCode = "AccessDenied*" }', false],
    ['{ $.eventName != "ConsoleLogin" }', false],
    ['{ $.eventName != "X" }', true],
    ['{ $.missing != "X" }', false], // a missing field matches no comparison
    ['{ $.missing = "*" }', false],
    ["{ $.missing NOT EXISTS }", true],
    ["{ $.eventName NOT EXISTS }", false],
    ["{ $.nul IS NULL }", true],
    ["{ $.missing IS NULL }", false],
    ["{ $.nul NOT EXISTS }", false],
    ['{ $.nul != "x" }', true],
    ["{ $.t IS TRUE }", true],
    ["{ $.t IS FALSE }", false],
    ["{ $.f IS FALSE }", true],
    ["{ $.n = 5 && $.n >= 5 && $.n <= 5 && $.n > 4 && $.n < 6 }", true],
    ["{ $.n > 5 }", false],
    ["{ $.n != 5 }", false],
    ["{ $.n != 6 }", true],
    ['{ $.n = "5" }', false], // a quoted value is a string; 5 is a number
    ["{ $.eventName > 1 }", false],
    ["{ $.eventName != 1 }", true],
    ['{ $.obj.k = "v" }', true],
    ['{ $.obj = "*" }', false],
    ['{ $.arr[0] = "a" && $.arr[1].id = "x" }', true],
    ['{ $.arr[2] NOT EXISTS && $.obj[0] NOT EXISTS && $.arr.length NOT EXISTS }', true],
    ['{ $.additionalEventData.MFAUsed != "Yes" }', true],
    ['{ $.a = 1 || $.eventName = "ConsoleLogin" && $.n = 5 }', true],
    ['{ ($.a = 1 || $.eventName = "ConsoleLogin") && $.n = 6 }', false],
  ];
  for (const [text, expected] of cases) it(`${text} -> ${expected}`, () => assert.equal(matches(p(text), ev), expected));

  it("with neOnMissing, != matches a missing field (and nothing else changes)", () => {
    const sem = { neOnMissing: true };
    assert.equal(matches(p('{ $.missing != "X" }'), ev, sem), true);
    assert.equal(matches(p("{ $.missing != 1 }"), ev, sem), true);
    assert.equal(matches(p('{ $.missing = "*" }'), ev, sem), false);
    assert.equal(matches(p('{ $.eventName != "ConsoleLogin" }'), ev, sem), false);
  });

  it("a dot in a glob is literal, not a regex wildcard", () => {
    assert.equal(matches(p('{ $.ip = "1.2.*" }'), { ip: "1x2.3" }), false);
    assert.equal(matches(p('{ $.ip = "1.2.*" }'), { ip: "1.2.3" }), true);
  });
});
