import assert from "node:assert/strict";
import { jsonChunks } from "../../src/util/json-chunks.js";

/** The pieces joined, checked against JSON.stringify at every depth the layout can stop at. */
function assertSameText(value: unknown): void {
  const expected = JSON.stringify(value, null, 2);
  for (const depth of [0, 1, 2, 3, 4, 8]) {
    assert.equal([...jsonChunks(value, depth)].join(""), expected, `depth ${depth}`);
  }
}

describe("jsonChunks (JSON.stringify's text in pieces)", () => {
  it("writes the text of JSON.stringify(value, null, 2) for tricky values", () => {
    const tricky = {
      $schema: "https://example.com/s.json",
      unicode: "Zürich ☃ 𝄞 \u2028\u2029 \ud800 lone surrogate",
      escapes: 'quote " backslash \\ newline \n tab \t cr \r nul \u0000 bell \u0007',
      "key with \"quotes\" and\nnewline": { "": "empty key" },
      numbers: [0, -0, 1.5, -2e-7, 1e21, 123456789012345680000, Number.MAX_SAFE_INTEGER, NaN, Infinity, -Infinity],
      empty: { array: [], object: {}, nested: [[], {}, [[]], [{}], { a: [] }, { b: {} }] },
      left: { gone: undefined, fn: () => 1, sym: Symbol("s"), kept: null },
      allGone: { a: undefined },
      inArrays: [undefined, () => 1, Symbol("s"), null, false, true],
      holes: [1, , 3], // eslint-disable-line no-sparse-arrays
      date: new Date(Date.UTC(2026, 10, 20, 12)),
      toJson: { toJSON: () => ({ replaced: [1, { deep: "x\ny" }] }) },
      omittedByToJson: { toJSON: () => undefined },
      boxed: [Object("string"), Object(1), Object(true)],
      noProto: Object.assign(Object.create(null) as object, { a: [1, { b: [] }] }),
      results: Array.from({ length: 3 }, (_, i) => ({ id: i, lines: [`a${i}`, { deeper: [i, [i]] }], evidence: {} })),
    };
    assertSameText(tricky);
  });

  it("lays out top-level arrays, empty containers and plain values like JSON.stringify", () => {
    for (const value of [[], {}, [[]], [{}], [1, [2, [3, [4]]]], "text", 42, null, true, { a: { b: { c: { d: [] } } } }]) {
      assertSameText(value);
    }
  });

  it("gives the items of the deepest laid-out array in runs of 16 (short-lived pieces), not one whole string", () => {
    const doc = { results: [{ a: 1 }, { b: 2 }] };
    assert.deepEqual([...jsonChunks(doc, 2)], ['{\n  "results": ', "[\n    ", '{\n      "a": 1\n    },\n    {\n      "b": 2\n    }', "\n  ]", "\n}"]);
    const long = { results: Array.from({ length: 40 }, (_, i) => i) };
    const runs = [...jsonChunks(long, 2)].filter((piece) => /^\d/.test(piece));
    assert.deepEqual(runs.map((run) => run.split(",").length), [16, 16, 8]);
    assertSameText(long);
  });
});
