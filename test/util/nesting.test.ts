import assert from "node:assert/strict";
import { JsonNestingError, parseJsonDocument } from "../../src/util/json-locate.js";
import { findDeepJson, findDeepValue, MAX_NESTING, shortPointer } from "../../src/util/nesting.js";
import { findDeepYaml } from "../../src/util/yaml-nesting.js";

const arrays = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;

describe("nesting limit", () => {
  describe("findDeepJson", () => {
    it("counts the top-level value as level 1: `limit` levels pass, one more does not", () => {
      assert.equal(findDeepJson(arrays(3), 3), undefined);
      assert.deepEqual(findDeepJson(arrays(4), 3), { pointer: "/0/0/0", offset: 3 });
    });

    it("names keys (escaped as JSON Pointer tokens) and array indexes on the way down", () => {
      const text = '{"a": 1, "b/~\\"c": [0, "x", {"k": [[1]]}]}';
      assert.deepEqual(findDeepJson(text, 4), { pointer: '/b~1~0"c/2/k/0', offset: text.indexOf("[[") + 1 });
      assert.equal(findDeepJson(text, 5), undefined);
    });

    it("ignores brackets inside strings, escaped quotes included", () => {
      assert.equal(findDeepJson('{"a": "[[[[{{{{\\"[[[["}', 1), undefined);
    });

    it("handles 100,000 levels without recursion", () => {
      assert.equal(findDeepJson(arrays(100_000))?.pointer.split("/").length, MAX_NESTING + 1);
    });
  });

  describe("parseJsonDocument", () => {
    it("refuses a document deeper than the limit with its position and pointer, before building the tree", () => {
      const text = `{\n  "x": ${arrays(10_000)}\n}`;
      assert.throws(
        () => parseJsonDocument(text),
        (error: unknown) => {
          assert.ok(error instanceof JsonNestingError);
          assert.equal(error.limit, MAX_NESTING);
          assert.equal(error.position.line, 2);
          assert.equal(error.position.column, 8 + MAX_NESTING - 1);
          assert.ok(error.pointer.startsWith("/x/0/0/"));
          assert.match(error.message, /^nested deeper than 256 levels at \/x\/0\/0\/.*\/\.\.\.$/);
          return true;
        },
      );
    });

    it("accepts a document exactly at the limit", () => {
      assert.ok(parseJsonDocument(arrays(MAX_NESTING)).root);
    });
  });

  describe("findDeepValue", () => {
    it("walks values without recursion and names the path", () => {
      let deep: unknown = [];
      for (let i = 0; i < 10_000; i++) deep = { k: deep };
      const found = findDeepValue({ a: [1, deep] });
      assert.ok(found?.pointer.startsWith("/a/1/k/k/"));
      assert.equal(found?.pointer.split("/").length, MAX_NESTING + 1);
      assert.equal(findDeepValue({ a: [[]] }, 3), undefined);
      assert.deepEqual(findDeepValue({ a: [[]] }, 2), { pointer: "/a/0" });
    });

    it("ends a cycle at the limit and does not re-walk shared values", () => {
      const cycle: unknown[] = [];
      cycle.push(cycle);
      assert.ok(findDeepValue(cycle));
      // 2^40 paths through 40 shared arrays: found quickly only if shared values are walked once per depth.
      let shared: unknown = [];
      for (let i = 0; i < 40; i++) shared = [shared, shared];
      assert.equal(findDeepValue(shared), undefined);
    });
  });

  describe("findDeepYaml", () => {
    it("counts block and flow collections and names keys and indexes", () => {
      const text = "a:\n  b: {c: [1, {d: [[]]}]}\n";
      assert.deepEqual(findDeepYaml(text, 5), { pointer: "/a/b/c/1/d", offset: text.indexOf("[[") });
      assert.equal(findDeepYaml(text, 7), undefined);
    });

    it("handles 10,000 levels of flow and block sequences without recursion", () => {
      assert.ok(findDeepYaml(`x: ${arrays(10_000)}\n`)?.pointer.startsWith("/x/0/0"));
      assert.ok(findDeepYaml(`${"- ".repeat(10_000)}x\n`)?.pointer.startsWith("/0/0/0"));
    });
  });

  it("shortPointer keeps the first segments of a long pointer", () => {
    assert.equal(shortPointer("/a/b"), "/a/b");
    assert.equal(shortPointer(""), "/");
    assert.equal(shortPointer("/1/2/3/4", 2), "/1/2/...");
  });
});
