// Sharded collection (collect --shard I/N) against the simulated organizations: the test world
// (world.ts: an organization trail, a log-archive bucket and key used across accounts, alarms and
// an SNS topic in another account, failed reads) and the bench world (bench/world.ts). The shards,
// merged, are the unsharded snapshot, and each shard reads only its accounts and those they need.
import assert from "node:assert/strict";
import { generateWorld } from "../../../bench/world.js";
import type { World } from "../../../bench/simulated-aws.js";
import { checks } from "../../../src/checks/index.js";
import { runChecks } from "../../../src/engine/run.js";
import { mergeShards } from "../../../src/model/shard-merge.js";
import { shardOf } from "../../../src/model/shard.js";
import type { Snapshot } from "../../../src/model/snapshot.js";
import { collectWithStats } from "../../../src/sources/aws/collect.js";
import type { CollectOptions } from "../../../src/sources/aws/types.js";
import { assertValid } from "../../../src/util/schemas.js";
import { mockAws, type Inject } from "./mock-aws.js";
import { A, D, M, P, PROD_TRAIL_ARN, exampleWorld } from "./world.js";
import { awsError } from "../../../bench/simulated-aws.js";

const NOW = new Date("2026-11-26T10:00:00Z");

/** The test world's failures: a throttled read that recovers and a denied one. */
const failures: Inject = (call, nth) => {
  if (call.account === P && call.operation === "GetTrailStatus" && call.input.Name === PROD_TRAIL_ARN && nth === 1) throw awsError("ThrottlingException", "Rate exceeded");
  if (call.account === D && call.operation === "GetTrailStatus") throw awsError("AccessDeniedException", "not authorized to perform: cloudtrail:GetTrailStatus with an explicit deny");
  return undefined;
};

async function collectFrom(world: World, caller: string, extra: Partial<CollectOptions> = {}, inject?: Inject) {
  const mock = mockAws(world, inject);
  try {
    const { snapshot, stats } = await collectWithStats({
      credentials: { accessKeyId: `AKIA${caller}`, secretAccessKey: "secret" },
      throttleBackoffMs: 0,
      now: () => NOW,
      ...extra,
    });
    // The accounts the scan tried to read: those it assumed a role in, and the caller's own.
    const entered = new Set(mock.calls.filter((c) => c.operation === "AssumeRole").map((c) => String(c.input.RoleArn).split(":")[4]!));
    if (mock.calls.some((c) => c.account === caller && c.operation === "ListTrails")) entered.add(caller);
    return { snapshot, stats, entered, calls: mock.calls.length };
  } finally {
    mock.restore();
  }
}

const withoutSource = (s: Snapshot) => ({ ...s, source: undefined });

/** maxCallRatio: calls of all shards over the unsharded scan's, by shard count (a 7-account world has no bound: its hubs are most of it). */
const WORLDS: { name: string; world: () => World; caller: string; inject?: Inject; maxCallRatio?: Record<number, number> }[] = [
  { name: "the test world", world: exampleWorld, caller: M, inject: failures },
  { name: "the bench world (60 accounts)", world: () => generateWorld({ accounts: 60, regions: 4, trails: 3, seed: 11 }), caller: "100000000000", maxCallRatio: { 3: 1.25, 7: 1.6 } },
];

describe("sharded collection", () => {
  for (const { name, world, caller, inject, maxCallRatio } of WORLDS) {
    describe(name, () => {
      let whole: Awaited<ReturnType<typeof collectFrom>>;
      before(async () => {
        whole = await collectFrom(world(), caller, {}, inject);
      });

      for (const count of [1, 3, 7]) {
        it(`${count} shard${count > 1 ? "s" : ""}, merged, are the unsharded snapshot; each shard reads its own accounts and only the others its trails need`, async () => {
          const shards: { file: string; snapshot: Snapshot }[] = [];
          let calls = 0;
          for (let index = 1; index <= count; index++) {
            const shard = await collectFrom(world(), caller, { shard: { index, count } }, inject);
            assertValid("snapshot.schema.json", shard.snapshot, `shard ${index}`);
            assert.deepEqual(shard.snapshot.source?.shard, { index, count });
            // Every account of the organization is listed; those of other shards it did not need are not read.
            assert.deepEqual(shard.snapshot.accounts.map((a) => a.Id), whole.snapshot.accounts.map((a) => a.Id));
            for (const account of shard.snapshot.accounts) {
              const own = shardOf(account.Id, count) === index;
              const listedOnly = (account.collectionErrors ?? []).some((e) => e.operation === "Shard" && e.code === "ReadByAnotherShard");
              if (own) assert.ok(!listedOnly, `${account.Id} is shard ${index}'s own`);
              assert.equal(listedOnly, !shard.entered.has(account.Id) && account.Status === "ACTIVE", `${account.Id} in shard ${index}`);
            }
            const own = whole.snapshot.accounts.filter((a) => shardOf(a.Id, count) === index && whole.entered.has(a.Id)).map((a) => a.Id);
            for (const id of own) assert.ok(shard.entered.has(id), `shard ${index} reads its account ${id}`);
            calls += shard.calls;
            shards.push({ file: `shard-${index}.json`, snapshot: shard.snapshot });
          }
          const { snapshot, missing } = mergeShards(shards.reverse());
          assert.deepEqual(missing, []);
          assertValid("snapshot.schema.json", snapshot, "merged");
          assert.deepEqual(withoutSource(snapshot), withoutSource(whole.snapshot));
          assert.deepEqual(snapshot.source, { ...whole.snapshot.source, shards: { count, missing: [] } });
          // Sharding costs the organization walk once per shard and the accounts other shards need, not N scans.
          if (maxCallRatio !== undefined && count > 1) assert.ok(calls <= whole.calls * maxCallRatio[count]!, `${calls} calls in ${count} shards, ${whole.calls} unsharded`);
        });
      }
    });
  }

  it("the organization trail's owner and the central key's owner are read by every shard that needs them (the bench world, 4 shards)", async () => {
    const bench = () => generateWorld({ accounts: 60, regions: 4, trails: 3, seed: 11 });
    for (let index = 1; index <= 4; index++) {
      const shard = await collectFrom(bench(), "100000000000", { shard: { index, count: 4 } });
      const others = [...shard.entered].filter((id) => shardOf(id, 4) !== index).sort();
      // 100000000000: management (the organization trail), 100000000001: log-archive (central bucket and key).
      assert.deepEqual(others, ["100000000000", "100000000001"].filter((id) => shardOf(id, 4) !== index), `shard ${index}`);
    }
  });

  it("a log bucket that no shard can know of (its trail in one shard, its owner in another that nothing else needs) is unknown after the merge, not unconfigured", async () => {
    // The test world, with prod's trail writing to a bucket of analytics (A): an unsharded scan reads it.
    const BUCKET = "analytics-holds-prod-logs";
    const world = () => {
      const w = exampleWorld();
      w.accounts.find((a) => a.Id === A)!.buckets.push({ Name: BUCKET, Region: "eu-west-1", CreationDate: new Date("2025-01-01T00:00:00Z"), policy: JSON.stringify({ Version: "2012-10-17", Statement: [] }) });
      w.accounts.find((a) => a.Id === P)!.trails.find((t) => t.trail.TrailARN === PROD_TRAIL_ARN)!.trail.S3BucketName = BUCKET;
      return w;
    };
    let count = 2;
    while (shardOf(P, count) === shardOf(A, count)) count++;
    const bucketOf = (s: Snapshot) => {
      const buckets = s.accounts.find((a) => a.Id === A)!.buckets;
      return Array.isArray(buckets) ? buckets.find((b) => b.Name === BUCKET) : undefined;
    };
    const whole = await collectFrom(world(), M);
    assert.equal(bucketOf(whole.snapshot)?.policy, JSON.stringify({ Version: "2012-10-17", Statement: [] }));
    const shards: { file: string; snapshot: Snapshot }[] = [];
    for (let index = 1; index <= count; index++) shards.push({ file: `shard-${index}.json`, snapshot: (await collectFrom(world(), M, { shard: { index, count } })).snapshot });
    const { snapshot } = mergeShards(shards);
    assertValid("snapshot.schema.json", snapshot, "merged");
    const merged = bucketOf(snapshot)! as unknown as Record<string, unknown>;
    for (const field of ["policy", "objectLockConfiguration", "versioning", "publicAccessBlock", "ownershipControls", "acl", "logging", "encryption"]) {
      const value = merged[field] as { $unknown?: { code: string; message: string } } | undefined;
      assert.equal(value?.$unknown?.code, "ReadByNoShard", field);
      assert.match(value.$unknown.message, new RegExp(`trail prod-trail of account ${P} \\(shard ${shardOf(P, count)}\\).*scan without --shard`));
    }
    assert.equal((snapshot.accounts.find((a) => a.Id === A)!.iam as { $unknown?: { code: string } }).$unknown?.code, "ReadByNoShard");
    // What the owner's shard did read of it stays.
    assert.deepEqual(merged.tags, bucketOf(whole.snapshot)!.tags);
    // Everything else is the unsharded scan's.
    const others = (s: Snapshot) => s.accounts.map((a) => (a.Id === A ? { ...a, buckets: undefined, collectionErrors: undefined, iam: undefined } : a));
    assert.deepEqual(others(snapshot), others(whole.snapshot));
    // The verdicts on that bucket are ERROR naming the cause; unsharded, they are verdicts.
    const onBucket = (s: Snapshot) =>
      runChecks(checks.filter((c) => c.meta.id.startsWith("log-bucket-")), s, new Map()).filter((f) => f.resource?.endsWith(`:::${BUCKET}`));
    const judged = onBucket(snapshot);
    assert.ok(judged.length >= 5, `${judged.length} results on the bucket`);
    for (const f of judged) {
      assert.equal(f.status, "ERROR", `${f.checkId}: ${f.message}`);
      assert.match(f.message, /ReadByNoShard.*scan without --shard/);
    }
    assert.ok(onBucket(whole.snapshot).every((f) => f.status !== "ERROR"));
  });

  it("a sharded scan of a standalone account is refused: there is nothing to split", async () => {
    const standalone = exampleWorld();
    standalone.organization = null;
    await assert.rejects(
      collectFrom(standalone, M, { shard: { index: 1, count: 2 } }),
      (e: Error) => e.name === "CollectSetupError" && /--shard splits an organization's accounts/.test(e.message),
    );
  });
});
