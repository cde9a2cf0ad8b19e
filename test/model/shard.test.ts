import { strict as assert } from "node:assert";
import { fnv1a, inShard, parseShard, shardOf } from "../../src/model/shard.js";
import { InputError } from "../../src/util/errors.js";

describe("shards of an organization's accounts", () => {
  it("assigns an account by its id alone: fixed values, so a change of the hash is seen", () => {
    // The published FNV-1a 32 test vectors ("" and "a", "foobar"), then pinned assignments: a
    // change of the hash would move accounts between the shards of a scan already running.
    assert.deepEqual(["", "a", "foobar"].map(fnv1a), [0x811c9dc5, 0xe40c292c, 0xbf9cf968]);
    assert.deepEqual(["111122223333", "222233334444", "100000000000", "100000000001"].map((id) => shardOf(id, 4)), [2, 2, 1, 4]);
    assert.equal(shardOf("111122223333", 1), 1);
    for (const id of ["111122223333", "999900001111"]) {
      const s = shardOf(id, 7);
      assert.ok(s >= 1 && s <= 7);
      assert.ok(inShard(id, { index: s, count: 7 }));
      assert.ok(!inShard(id, { index: (s % 7) + 1, count: 7 }));
    }
  });

  it("spreads 10,000 consecutive ids evenly over 8 shards (each within 5 % of 1,250)", () => {
    const counts = new Array<number>(8).fill(0);
    for (let i = 0; i < 10_000; i++) counts[shardOf(String(100000000000 + i), 8) - 1]! += 1;
    for (const n of counts) assert.ok(Math.abs(n - 1250) <= 62, `shard sizes ${counts.join(", ")}`);
  });

  it("parses I/N and refuses anything else with exit 2", () => {
    assert.deepEqual(parseShard("--shard", "2/4"), { index: 2, count: 4 });
    assert.deepEqual(parseShard("--shard", " 1 / 1 "), { index: 1, count: 1 });
    for (const bad of ["0/4", "5/4", "1/0", "a/b", "2", "1/1001", "-1/4", "1.5/4"]) {
      assert.throws(() => parseShard("--shard", bad), (e: unknown) => e instanceof InputError && /--shard .*: expected I\/N/.test(e.message), bad);
    }
  });
});
