// Go's encoding/json output (src/sources/hcl/go-json.ts) and the Plugin SDK's set order
// (src/sources/hcl/sdk-set.ts), on the cases where they differ from JavaScript's defaults.
import assert from "node:assert/strict";
import { compareBytes, goMarshal, goMarshalIndent, type GoJson } from "../../../src/sources/hcl/go-json.js";
import { crc32, hashString, sdkSetList } from "../../../src/sources/hcl/sdk-set.js";

describe("Go encoding/json", () => {
  const cases: { name: string; value: GoJson; compact: string; indented?: string }[] = [
    { name: "HTML characters and line separators escaped", value: "<a href='x'>&\u2028\u2029</a>", compact: '"\\u003ca href=\'x\'\\u003e\\u0026\\u2028\\u2029\\u003c/a\\u003e"' },
    { name: "control characters as JavaScript writes them", value: "\b\f\n\r\t\u0001\u001f\"\\", compact: '"\\b\\f\\n\\r\\t\\u0001\\u001f\\"\\\\"' },
    { name: "a lone surrogate becomes U+FFFD; a pair stays", value: "\uD800x\uD83D\uDE00", compact: '"\uFFFDx\uD83D\uDE00"' },
    { name: "-0, exponents", value: [-0, 1e21, 1e-7, 123.5], compact: "[-0,1e+21,1e-7,123.5]" },
    { name: "a Map keeps its order, a plain object sorts its keys by bytes", value: new Map<string, GoJson>([["b", 1], ["a", { "\u00e9": 1, z: 2, B: 3, "10": 4, "9": 5 }]]), compact: '{"b":1,"a":{"10":4,"9":5,"B":3,"z":2,"é":1}}' },
    {
      name: "indented with two spaces; empty collections compact",
      value: new Map<string, GoJson>([["a", []], ["b", {}], ["c", [1, [2]]]]),
      compact: '{"a":[],"b":{},"c":[1,[2]]}',
      indented: '{\n  "a": [],\n  "b": {},\n  "c": [\n    1,\n    [\n      2\n    ]\n  ]\n}',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.equal(goMarshal(c.value), c.compact);
      if (c.indented !== undefined) assert.equal(goMarshalIndent(c.value), c.indented);
    });
  }

  it("compares strings by UTF-8 bytes, not UTF-16 units", () => {
    assert.ok(compareBytes("\uFF01", "\uD83D\uDE00") < 0); // U+FF01 before U+1F600; UTF-16 sorts them the other way
    assert.ok("\uFF01" > "\uD83D\uDE00");
  });
});

describe("Plugin SDK sets", () => {
  it("CRC-32 (IEEE): the check value, and values from Python's zlib.crc32", () => {
    assert.equal(crc32("123456789"), 0xcbf43926);
    assert.deepEqual(["", "s3:GetObject;", "identifiers:{\u00e9;};type:AWS;"].map(crc32), [0, 2071725391, 1011397186]);
  });

  it("lists elements by their hash keys sorted as strings (not as numbers), the first of equal keys kept", () => {
    // Keys: s3:PutObject 315547055, s3:GetBucketAcl 845481387, s3:GetObject 2071725391, s3:ListBucket 486976917.
    const items = ["s3:PutObject", "s3:GetBucketAcl", "s3:GetObject", "s3:ListBucket", "s3:PutObject"];
    assert.deepEqual(sdkSetList(items, hashString), ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:GetBucketAcl"]);
    assert.deepEqual(sdkSetList([{ k: "x", n: 1 }, { k: "x", n: 2 }], (e) => e.k), [{ k: "x", n: 1 }]);
  });
});
