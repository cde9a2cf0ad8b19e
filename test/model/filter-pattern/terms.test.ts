// Term, space-delimited and regex patterns: only "may it match this event?", answered soundly.
import assert from "node:assert/strict";
import { mayMatch, parse, termsOf } from "../../../src/model/filter-pattern/index.js";

const event = { eventName: "ConsoleLogin", errorMessage: "Failed authentication", userIdentity: { type: "IAMUser" } };

function may(text: string, e: unknown = event): boolean {
  const r = parse(text);
  if (r.kind === "pattern") throw new Error("a JSON pattern");
  return mayMatch(r, text, e);
}

describe("model/filter-pattern terms", () => {
  it("splits plain, optional and excluded terms, quoted phrases kept whole", () => {
    assert.deepEqual(termsOf('ConsoleLogin "Failed authentication" ?Root ?root -HeadBucket'), {
      all: ["ConsoleLogin", "Failed authentication"],
      any: ["Root", "root"],
      none: ["HeadBucket"],
    });
  });

  const cases: [string, string, boolean][] = [
    ["every plain term present", 'ConsoleLogin "Failed authentication"', true],
    ["a plain term missing", "ConsoleLogin Root", false],
    ["a phrase missing as a whole", '"authentication Failed"', false],
    ["one alternative present", "?Root ?IAMUser", true],
    ["no alternative present", "?Root ?AssumedRole", false],
    ["keys count: a term may be a field name", "userIdentity", true],
    ["exclusions only: may match anything", "-HeadBucket", true],
    ["space-delimited patterns are not read: may match", "[ip, user, ...]", true],
    ["regex patterns are not read: may match", "%Root%", true],
    ["the empty pattern matches every event", "", true],
  ];
  for (const [name, text, expected] of cases) {
    it(`${name}: ${JSON.stringify(text)}`, () => assert.equal(may(text), expected));
  }
});
