import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { boundHeapGrowth, HEAP_GROWING_PERCENT, heapGrowthFlag, LARGE_INPUT } from "../../src/cli/heap.js";

describe("heap growth on large inputs (src/cli/heap.ts)", () => {
  it("is bounded from LARGE_INPUT on, and left to V8 below it", () => {
    assert.equal(heapGrowthFlag(0), undefined);
    assert.equal(heapGrowthFlag(LARGE_INPUT - 1), undefined);
    assert.equal(heapGrowthFlag(LARGE_INPUT), `--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    const set: string[] = [];
    const none: string | undefined = boundHeapGrowth(10 * 2 ** 20, (f) => set.push(f));
    assert.equal(none, undefined);
    assert.equal(set.length, 0);
    const flag: string | undefined = boundHeapGrowth(200 * 2 ** 20, (f) => set.push(f));
    assert.equal(flag, `--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    assert.deepEqual(set, [`--heap-growing-percent=${HEAP_GROWING_PERCENT}`]);
  });

  it("names a flag this Node's V8 has (setFlagsFromString ignores unknown ones silently)", () => {
    const options = spawnSync(process.execPath, ["--v8-options"], { encoding: "utf8" }).stdout;
    assert.match(options, /^\s+--heap-growing-percent \(/m);
    const run = spawnSync(process.execPath, [`--heap-growing-percent=${HEAP_GROWING_PERCENT}`, "-e", "0"], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
  });
});
