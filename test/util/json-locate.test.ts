import assert from "node:assert/strict";
import { JsonSyntaxError, lineStarts, locatePointer, parseJsonDocument, pointerSegments, positionAt, valueLocator } from "../../src/util/json-locate.js";

/** 1-based line and column of the first occurrence of `needle` in `text`. */
function positionOf(text: string, needle: string, from = 0): { line: number; column: number } {
  const offset = text.indexOf(needle, from);
  assert.ok(offset >= 0, `${needle} not in text`);
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

const value = {
  schemaVersion: 1,
  accounts: [
    { Id: "111111111111", trails: [{ Name: "a" }, { Name: "b", "we/ird~key": { "x~1": 1 } }] },
    { Id: "222222222222", trails: [] },
  ],
};

describe("json-locate", () => {
  describe("pointerSegments", () => {
    it("splits and unescapes ~1 and ~0 in that order", () => {
      assert.deepEqual(pointerSegments(""), []);
      assert.deepEqual(pointerSegments("/"), [""]);
      assert.deepEqual(pointerSegments("/a~1b/c~0d/~01"), ["a/b", "c~d", "~1"]);
    });
    it("rejects a pointer without a leading slash", () => {
      assert.throws(() => pointerSegments("a/b"), /not a JSON Pointer/);
    });
  });

  describe("positions", () => {
    it("counts \\n, \\r\\n and \\r as line ends", () => {
      const starts = lineStarts("a\nb\r\nc\rd");
      assert.deepEqual(starts, [0, 2, 5, 7]);
      assert.deepEqual(positionAt(starts, 5), { line: 3, column: 1, offset: 5 });
      assert.deepEqual(positionAt(starts, 8), { line: 4, column: 2, offset: 8 });
      assert.deepEqual(lineStarts("a\n\nb\n"), [0, 2, 3, 5], "\\n only");
      assert.deepEqual(lineStarts("no line end"), [0]);
    });
  });

  describe("locatePointer", () => {
    const pretty = JSON.stringify(value, null, 2);
    const four = JSON.stringify(value, null, 4).replace(/\n/g, "\r\n");
    const minified = JSON.stringify(value);

    it("finds the start of the second trail object in pretty-printed JSON", () => {
      const doc = parseJsonDocument(pretty);
      const at = locatePointer(doc, "/accounts/0/trails/1");
      // The object that holds "Name": "b" starts on the line before it, at its "{".
      const name = positionOf(pretty, '"Name": "b"');
      assert.equal(at.exact, true);
      assert.equal(at.line, name.line - 1);
      assert.equal(pretty.split("\n")[at.line - 1]!.charAt(at.column - 1), "{");
    });

    it("gives the same object after re-indentation with CRLF line ends", () => {
      const doc = parseJsonDocument(four);
      const at = locatePointer(doc, "/accounts/0/trails/1");
      const name = positionOf(four, '"Name": "b"');
      assert.equal(at.line, name.line - 1);
      assert.equal(four.split("\r\n")[at.line - 1]!.charAt(at.column - 1), "{");
      assert.equal(at.column, 17); // 4 levels of 4 spaces
    });

    it("gives line 1 and the exact column in minified JSON", () => {
      const doc = parseJsonDocument(minified);
      const at = locatePointer(doc, "/accounts/0/trails/1");
      assert.deepEqual({ line: at.line, column: at.column }, { line: 1, column: minified.indexOf('{"Name":"b"') + 1 });
      const second = locatePointer(doc, "/accounts/1");
      assert.equal(second.column, minified.indexOf('{"Id":"222222222222"') + 1);
    });

    it("resolves keys containing / and ~ through their escapes", () => {
      const doc = parseJsonDocument(pretty);
      const at = locatePointer(doc, "/accounts/0/trails/1/we~1ird~0key/x~01");
      assert.equal(at.exact, true);
      const expected = positionOf(pretty, '"x~1": 1');
      assert.deepEqual({ line: at.line, column: at.column }, { line: expected.line, column: expected.column + '"x~1": '.length });
    });

    it("gives the whole document for the empty pointer", () => {
      const doc = parseJsonDocument(`\n\n  ${minified}`);
      assert.deepEqual(locatePointer(doc, ""), { line: 3, column: 3, offset: 4, exact: true });
    });

    it("falls back to the deepest existing ancestor, flagged not exact", () => {
      const doc = parseJsonDocument(pretty);
      const missing = locatePointer(doc, "/accounts/1/trails/5");
      const trails = locatePointer(doc, "/accounts/1/trails");
      assert.equal(missing.exact, false);
      assert.deepEqual({ line: missing.line, column: missing.column }, { line: trails.line, column: trails.column });
      assert.equal(locatePointer(doc, "/accounts/01").exact, false, "leading zeros are not array indexes");
      assert.equal(locatePointer(doc, "/accounts/-").exact, false);
    });

    it("uses the last of duplicate keys, as JSON.parse does", () => {
      const text = '{"a": 1,\n "a": {"b": 2}}';
      const doc = parseJsonDocument(text);
      assert.deepEqual(doc.value, { a: { b: 2 } });
      assert.deepEqual(locatePointer(doc, "/a/b"), { line: 2, column: 13, offset: 21, exact: true });
    });

    it("ignores a byte order mark", () => {
      const doc = parseJsonDocument(`\ufeff${minified}`);
      assert.deepEqual(doc.value, value);
      assert.equal(locatePointer(doc, "/accounts/0").column, minified.indexOf('{"Id"') + 1);
    });
  });

  describe("syntax errors", () => {
    const cases: [string, string, { line: number; column: number }, RegExp][] = [
      ["missing value", '{\n  "a": 1,\n  "b": }', { line: 3, column: 8 }, /value expected/],
      ["trailing comma", '{\n  "a": [1, 2,]\n}', { line: 2, column: 14 }, /value expected/],
      ["comment", '{\n  // no\n  "a": 1\n}', { line: 2, column: 3 }, /comment/],
      ["empty", "   ", { line: 1, column: 4 }, /value expected/],
      ["unquoted key", "{a: 1}", { line: 1, column: 2 }, /property name expected|invalid symbol/],
      ["leading zero", '{"a": 01}', { line: 1, column: 8 }, /expected/],
    ];
    for (const [name, text, where, message] of cases) {
      it(`reports ${name} with its line and column`, () => {
        assert.throws(
          () => parseJsonDocument(text),
          (error: unknown) => {
            assert.ok(error instanceof JsonSyntaxError);
            assert.deepEqual({ line: error.position.line, column: error.position.column }, where);
            assert.match(error.message, message);
            return true;
          },
        );
      });
    }
  });

  describe("valueLocator (no syntax tree)", () => {
    /** Every pointer of a value, and a few that do not resolve below each. */
    function pointers(node: unknown, at = ""): string[] {
      const here = [at, `${at}/missing`, `${at}/0`, `${at}/01`, `${at}/-`, `${at}/length`, `${at}/constructor`];
      if (typeof node !== "object" || node === null) return here;
      const entries = Array.isArray(node) ? node.map((v, i) => [String(i), v] as const) : Object.entries(node);
      return [...here, ...entries.flatMap(([key, v]) => pointers(v, `${at}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`))];
    }
    const tricky = {
      "": { "a/b": [1, "x\"y\\", { "~": null }], "c\\\"d": true },
      "é \u2028 😀": [[], {}, [[{}]], "{[not a container]}"],
      "esc\"aped\\key": { "\u0041": -1.5e-7, n: [false, "]", "}", "\\"] },
      ["__proto__"]: { polluted: false },
      accounts: value.accounts,
    };
    const texts: [string, string, unknown][] = [
      ["pretty", JSON.stringify(value, null, 2), value],
      ["4 spaces, CRLF", JSON.stringify(value, null, 4).replace(/\n/g, "\r\n"), value],
      ["minified", JSON.stringify(value), value],
      ["escapes and odd keys", JSON.stringify(JSON.parse(JSON.stringify(tricky)), null, 2), JSON.parse(JSON.stringify(tricky))],
      ["odd spacing", '\n \t{ "a" :[ 1 ,{"b" : "c"} , [ ] ] ,"d":{ }}\n', undefined],
      ["a plain value", '  "just a string"  ', undefined],
    ];
    for (const [name, text, parsed] of texts) {
      it(`gives the positions the syntax tree gives: ${name}`, () => {
        const doc = parseJsonDocument(text);
        const locate = valueLocator(text, parsed ?? JSON.parse(text));
        assert.ok(locate, "matched");
        for (const pointer of pointers(doc.value)) assert.deepEqual(locate(pointer), locatePointer(doc, pointer), pointer);
      });
    }

    it("declines texts whose order the value does not keep: duplicate and integer-like keys", () => {
      for (const text of ['{"a": 1, "b": {}, "a": {}}', '{"a": {"x": 1, "x": 2}}', '{"b": [], "1": {}}']) {
        assert.equal(valueLocator(text, JSON.parse(text)), undefined, text);
      }
    });
  });
});
