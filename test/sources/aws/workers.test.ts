// Worker threads (src/sources/aws/workers.ts): a collection read by 2 or 3 workers, each one shard of
// the accounts, gives the snapshot of the same collection read in one thread, through the real SDK
// clients, on the test world (failed reads included) and the bench world.
import assert from "node:assert/strict";
import { collectWithStats } from "../../../src/sources/aws/collect.js";
import type { Progress } from "../../../src/sources/aws/types.js";
import { assertValid } from "../../../src/util/schemas.js";
import { M } from "./world.js";
import { setup, type WorldName } from "./worker-setup.js";

const NOW = new Date("2026-11-26T10:00:00Z");
const SETUP = new URL("./worker-setup.ts", import.meta.url).href;

async function collect(world: WorldName, caller: string, workers: number, extra: { ous?: string[]; workerHeapMb?: { old: number; young: number } } = {}) {
  const progress: Progress[] = [];
  const result = await collectWithStats(
    {
      ...extra,
      credentials: { accessKeyId: `AKIA${caller}`, secretAccessKey: "secret" },
      plugins: setup(world).plugins,
      throttleBackoffMs: 0,
      now: () => NOW,
      workers,
      workerSetup: { module: SETUP, data: world },
    },
    { onProgress: (p) => progress.push(p) },
  );
  return { ...result, progress };
}

describe("collection in worker threads", function () {
  this.timeout(60_000);
  for (const { world, caller } of [
    { world: "test" as const, caller: M },
    { world: "bench" as const, caller: "100000000000" },
  ]) {
    it(`the ${world} world: 2 and 3 workers give the one-thread snapshot, and the same calls for each account`, async () => {
      const one = await collect(world, caller, 1);
      assert.equal(one.stats.workerReports, undefined);
      for (const workers of [2, 3]) {
        const many = await collect(world, caller, workers);
        assertValid("snapshot.schema.json", many.snapshot, `${workers} workers`);
        assert.deepEqual(many.snapshot, one.snapshot, `${workers} workers`);
        assert.deepEqual(many.stats.organizationCalls, one.stats.organizationCalls);
        // An account one worker reads: the same calls; one several workers need: read in full by each.
        assert.deepEqual([...many.stats.callsByAccount.keys()].sort(), [...one.stats.callsByAccount.keys()].sort());
        for (const [id, calls] of one.stats.callsByAccount) {
          const readBy = many.stats.readBy?.get(id) ?? 0;
          assert.ok(readBy >= 1, id);
          if (readBy === 1) assert.deepEqual(many.stats.callsByAccount.get(id), calls, id);
          else for (const [api, n] of calls) assert.ok((many.stats.callsByAccount.get(id)?.get(api) ?? 0) >= n, `${id} ${api}`);
        }
        // The owners of the organization trail and of the shared bucket and key, at most.
        assert.ok([...many.stats.readBy!.values()].filter((n) => n > 1).length <= 2);
        assert.equal(many.stats.workerReports?.length, workers);
        const last = many.progress[many.progress.length - 1]!;
        assert.equal(last.stage, "done");
        assert.equal(last.accountsDone, last.accountsTotal);
      }
    });
  }

  it("a setup failure is the one-thread one (the OU filter, when the OU tree cannot be read)", async () => {
    const failure = (e: Error) => e.name === "CollectSetupError" && /cannot apply the OU filter/.test(e.message);
    await assert.rejects(collect("broken-tree", M, 1, { ous: ["ou-a1b2-workload"] }), failure);
    await assert.rejects(collect("broken-tree", M, 2, { ous: ["ou-a1b2-workload"] }), failure);
  });

  it("a worker out of heap fails the collection, saying to use more workers", async () => {
    await assert.rejects(collect("test", M, 2, { workerHeapMb: { old: 16, young: 4 } }), /collector worker \d of 2 ran out of its 16 MiB heap: read with more workers/);
  });

  it("a provider function for credentials cannot be handed to a thread: one thread reads", async () => {
    const { stats } = await collectWithStats({
      credentials: () => Promise.resolve({ accessKeyId: `AKIA${M}`, secretAccessKey: "secret" }),
      plugins: setup("test").plugins,
      throttleBackoffMs: 0,
      now: () => NOW,
      workers: 2,
      workerSetup: { module: SETUP, data: "test" },
    });
    assert.equal(stats.workerReports, undefined);
  });
});
