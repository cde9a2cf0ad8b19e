// collect --shard and lint of the shards together, in-process against the simulated organization
// (test/sources/aws/world.ts): the merged report is the unsharded scan's (results, scores, SARIF
// fingerprints); bad sets of shards are exit 2; a missing shard with --allow-partial is a partial
// scan whose missing accounts are ERROR.
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Log } from "sarif";
import { runCli } from "../../src/cli/program.js";
import type { Report } from "../../src/engine/report.js";
import { shardOf } from "../../src/model/shard.js";
import type { Snapshot } from "../../src/model/snapshot.js";
import type { CollectOptions } from "../../src/sources/aws/index.js";
import { assertValid } from "../../src/util/schemas.js";
import { mockAws } from "../sources/aws/mock-aws.js";
import { M, ORG, exampleWorld } from "../sources/aws/world.js";
import { tempDir } from "./helpers.js";

const NOW = new Date("2026-11-26T10:00:00Z");
const AWS: Partial<CollectOptions> & { throttleBackoffMs: number } = {
  credentials: { accessKeyId: `AKIA${M}`, secretAccessKey: "secret" },
  throttleBackoffMs: 0,
  now: () => NOW,
};

async function run(argv: string[], cwd: string) {
  let stdout = "";
  let stderr = "";
  const mock = mockAws(exampleWorld());
  try {
    const code = await runCli(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: {}, isTTY: false, cwd, now: () => NOW }, { collect: AWS });
    return { code, stdout, stderr };
  } finally {
    mock.restore();
  }
}

const read = <T>(dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), "utf8")) as T;
const fingerprints = (log: Log) => log.runs[0]!.results!.map((r) => `${r.ruleId} ${JSON.stringify(r.partialFingerprints)} ${r.level}`).sort();

describe("cli: sharded scans", () => {
  let dir: string;
  const codes: number[] = [];
  before(async () => {
    dir = tempDir();
    for (const i of [1, 2, 3]) {
      const collected = await run(["collect", "--shard", `${i}/3`, "--output", `shard-${i}.json`, "--quiet"], dir);
      // 3: the test world has failed reads of its own; the accounts another shard reads are not among them.
      assert.ok([0, 3].includes(collected.code), collected.stderr);
      codes.push(collected.code);
    }
  });

  it("collect --shard writes a valid partial snapshot that says which shard it is; exit 3 only for failed reads (an account another shard reads is none)", () => {
    for (const i of [1, 2, 3]) {
      const shard = read<Snapshot>(dir, `shard-${i}.json`);
      const failed = shard.accounts.some((a) => (a.collectionErrors ?? []).some((e) => e.service !== "cloudtrail-lint")) || (shard.organization?.collectionErrors ?? []).length > 0;
      assert.equal(codes[i - 1], failed ? 3 : 0, `shard ${i}`);
    }
    const shard = read<Snapshot>(dir, "shard-2.json");
    assertValid("snapshot.schema.json", shard, "shard-2.json");
    assert.deepEqual(shard.source?.shard, { index: 2, count: 3 });
    const listed = shard.accounts.filter((a) => (a.collectionErrors ?? []).some((e) => e.code === "ReadByAnotherShard"));
    assert.ok(listed.length > 0 && listed.every((a) => shardOf(a.Id, 3) !== 2));
  });

  it("lint of the 3 shards gives the unsharded scan's report: results, scores, SARIF fingerprints", async () => {
    const scan = await run(["scan", "--quiet", "--format", "json=whole.json", "--format", "sarif=whole.sarif", "--fail-on", "none"], dir);
    const lint = await run(["lint", "shard-3.json", "shard-1.json", "shard-2.json", "--quiet", "--format", "json=merged.json", "--format", "sarif=merged.sarif", "--fail-on", "none"], dir);
    assert.equal(lint.code, scan.code, lint.stderr);
    const [whole, merged] = [read<Report>(dir, "whole.json"), read<Report>(dir, "merged.json")];
    assertValid("report.schema.json", merged, "merged.json");
    assert.deepEqual(merged.results, whole.results);
    assert.deepEqual(merged.accounts, whole.accounts);
    assert.deepEqual(merged.summary, whole.summary);
    assert.deepEqual(merged.inputs, [{ ...whole.inputs[0]!, shards: { count: 3, missing: [] } }]);
    assert.equal(merged.inputs[0]!.file, `aws/${ORG}`);
    assert.deepEqual(fingerprints(read<Log>(dir, "merged.sarif")), fingerprints(read<Log>(dir, "whole.sarif")));
  });

  it("refuses shards of different scans, a shard given twice and a missing shard: exit 2, nothing written", async () => {
    const other = read<Snapshot>(dir, "shard-1.json");
    writeFileSync(join(dir, "copy-of-2.json"), readFileSync(join(dir, "shard-2.json")));
    writeFileSync(join(dir, "other-org.json"), JSON.stringify({ ...other, organization: { ...other.organization!, Id: "o-zzzzzzzzzz" } }));
    writeFileSync(join(dir, "split-4.json"), JSON.stringify({ ...other, source: { ...other.source!, shard: { index: 1, count: 4 } } }));
    const cases: [string[], RegExp][] = [
      [["shard-1.json", "shard-2.json", "copy-of-2.json", "shard-3.json"], /shard-2\.json and copy-of-2\.json are both shard 2 of 3/],
      [["other-org.json", "shard-2.json", "shard-3.json"], /shards of different organizations/],
      [["split-4.json", "shard-2.json", "shard-3.json"], /split differently \(3 and 4 shards\)/],
      [["shard-1.json", "shard-3.json"], /shard 2 of 3 missing \(given: shard-1\.json \(1\), shard-3\.json \(3\)\).*--allow-partial/],
    ];
    for (const [files, message] of cases) {
      const result = await run(["lint", ...files, "--format", "json=out.json"], dir);
      assert.equal(result.code, 2, files.join(" "));
      assert.match(result.stderr, message);
      assert.equal(existsSync(join(dir, "out.json")), false);
    }
    const clash = await run(["lint", "shard-1.json", "shard-2.json", "shard-3.json", "--format", "json=shard-2.json"], dir);
    assert.equal(clash.code, 2);
    assert.match(clash.stderr, /shard-2\.json: is an input/);
  });

  it("--allow-partial lints what is there: the missing shard's accounts are ERROR, the scan says it is partial", async () => {
    const result = await run(["lint", "shard-1.json", "shard-3.json", "--allow-partial", "--format", "json=partial.json", "--fail-on", "none"], dir);
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /warning: partial scan: shard 2 of 3 missing; \d+ accounts? not read/);
    const report = read<Report>(dir, "partial.json");
    assertValid("report.schema.json", report, "partial.json");
    assert.deepEqual(report.inputs[0]!.shards, { count: 3, missing: [2] });
    const missing = report.results.filter((f) => shardOf(f.accountId, 3) === 2);
    // Nothing of them was read: no FAIL; what does not rest on the organization trail (read in the
    // management account) is ERROR, saying why.
    const errors = missing.filter((f) => f.status === "ERROR");
    assert.ok(errors.length > 0 && errors.length >= missing.length / 2, `${errors.length} of ${missing.length}`);
    assert.equal(missing.filter((f) => f.status === "FAIL").length, 0);
    assert.ok(errors.some((f) => /shard 2 of 3, which was not given/.test(f.message)));
  });

  it("scan --shard reports on its own shard's accounts only", async () => {
    const result = await run(["scan", "--shard", "2/3", "--quiet", "--format", "json=s2.json", "--fail-on", "none"], dir);
    const report = read<Report>(dir, "s2.json");
    assert.ok([0, 1, 3].includes(result.code));
    assert.deepEqual(report.inputs[0]!.shard, { index: 2, count: 3 });
    assert.ok(report.results.length > 0);
    assert.ok(report.results.every((f) => shardOf(f.accountId, 3) === 2));
  });

  it("--shard takes I/N only", async () => {
    const result = await run(["collect", "--shard", "4/3"], tempDir());
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--shard 4\/3: expected I\/N/);
  });

  it("--workers takes a whole number from 1 to 64, and not with --shard", async () => {
    for (const value of ["0", "1.5", "65", "two"]) {
      const result = await run(["collect", "--workers", value], tempDir());
      assert.equal(result.code, 2, value);
      assert.match(result.stderr, new RegExp(`--workers ${value}: expected a whole number from 1 to 64`));
    }
    const both = await run(["collect", "--workers", "2", "--shard", "1/3"], tempDir());
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--workers and --shard/);
  });
});
