// `cloudtrail-lint athena` in-process: exit codes, stdout and --output, and a live read of a
// simulated organization giving what its snapshot gives.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { renderSql } from "../../src/athena/render.js";
import { athenaPlan } from "../../src/athena/tables.js";
import { runCli } from "../../src/cli/program.js";
import type { Snapshot, Trail } from "../../src/model/snapshot.js";
import type { CollectOptions } from "../../src/sources/aws/index.js";
import { assertValid } from "../../src/util/schemas.js";
import { MANAGEMENT, denied, single, trail } from "../helpers/builders.js";
import { cli, put, tempDir } from "../cli/helpers.js";
import { mockAws, type MockAws } from "../sources/aws/mock-aws.js";
import { M, exampleWorld } from "../sources/aws/world.js";

const ROOT = new URL("../..", import.meta.url).pathname;
const EXAMPLE = join(ROOT, "examples/org-snapshot.json");
const example = JSON.parse(readFileSync(EXAMPLE, "utf8")) as Snapshot;

const { status: _status, ...statusless } = trail({});
const UNKNOWN_STATUS = single([statusless as Trail], {
  errors: [denied("cloudtrail", "GetTrailStatus", { region: "us-east-1", resource: `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/main` })],
});

describe("cli athena", () => {
  it("exit 0: the statements of the example organization on stdout, the gap warned about on stderr", async () => {
    const run = await cli(["athena", EXAMPLE], { cwd: tempDir() });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, renderSql(athenaPlan(example)));
    assert.equal(
      run.stderr.split("\n").filter(Boolean).map((line) => line.replace(/ \(cloudtrail:ListTrails failed.*$/, "")).join("\n"),
      "cloudtrail-lint: warning: account 555566667777: trails it owns may be missing: its trails could not be listed",
    );
    assert.equal((await cli(["athena", EXAMPLE, "--quiet"], { cwd: tempDir() })).stderr, "");
  });

  it("--output writes the same text to a file (directories made), nothing to stdout", async () => {
    const dir = tempDir();
    const run = await cli(["athena", EXAMPLE, "--output", "out/athena/tables.sql"], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, "");
    assert.equal(readFileSync(join(dir, "out/athena/tables.sql"), "utf8"), renderSql(athenaPlan(example)));
    assert.match(run.stderr, /^cloudtrail-lint: wrote 6 Athena tables to out\/athena\/tables\.sql$/m);
  });

  it("--format json parses back, valid against athena.schema.json, with the statements", async () => {
    const run = await cli(["athena", EXAMPLE, "--format", "json", "-q"], { cwd: tempDir() });
    assert.equal(run.code, 0);
    const json = assertValid<{ tables: { name: string; statement: string }[] }>("athena.schema.json", JSON.parse(run.stdout), "stdout");
    assert.equal(json.tables.length, 6);
    for (const t of json.tables) assert.match(t.statement, new RegExp(`^CREATE EXTERNAL TABLE ${t.name} \\(`));
  });

  it("reads a snapshot from standard input with -", async () => {
    const run = await cli(["athena", "-", "-q"], { cwd: tempDir(), stdin: readFileSync(EXAMPLE, "utf8") });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, renderSql(athenaPlan(example)));
  });

  it("exit 1: no trail qualifies and each is known not to (the output says why)", async () => {
    const dir = tempDir();
    put(dir, "s.json", single([trail({ status: { IsLogging: false } })]));
    const run = await cli(["athena", "s.json"], { cwd: dir });
    assert.equal(run.code, 1);
    assert.doesNotMatch(run.stdout, /CREATE EXTERNAL TABLE/);
    assert.match(run.stdout, /^-- No trail qualifies for a table: see below\.$/m);
    assert.match(run.stdout, /^-- {3}Trail main \(arn:aws:cloudtrail:us-east-1:111111111111:trail\/main\), account 111111111111: no table, it is not logging$/m);
    assert.match(run.stderr, /no trail qualifies/);
  });

  it("exit 3: no statement because the trail's status is unknown; the reason on stdout and stderr", async () => {
    const dir = tempDir();
    put(dir, "s.json", UNKNOWN_STATUS);
    const run = await cli(["athena", "s.json"], { cwd: dir });
    assert.equal(run.code, 3);
    assert.doesNotMatch(run.stdout, /CREATE EXTERNAL TABLE/);
    assert.match(run.stdout, /no table, not known enough: whether it is logging is not known \(cloudtrail:GetTrailStatus/);
    assert.match(run.stderr, /^cloudtrail-lint: warning: trail "main" \(arn:aws:cloudtrail:us-east-1:111111111111:trail\/main\): no table: whether it is logging is not known/m);
  });

  it("a control character in a snapshot's text never reaches the terminal", async () => {
    const dir = tempDir();
    const { status: _s, ...noStatus } = trail({ Name: "evil\u001b[2J" });
    put(dir, "s.json", single([noStatus as Trail]));
    const run = await cli(["athena", "s.json"], { cwd: dir });
    assert.equal(run.code, 3);
    assert.ok(!(run.stderr + run.stdout).includes("\u001b"), "an escape character reached the output");
    assert.match(run.stderr, /trail "evil\\u001b\[2J"/);
  });

  describe("exit 2, nothing written", () => {
    const cases: [string, (dir: string) => string[], RegExp][] = [
      ["a missing snapshot", () => ["athena", "nope.json", "-o", "out.sql"], /nope\.json: cannot read snapshot: file not found/],
      ["a snapshot that fails the schema", (dir) => (put(dir, "bad.json", { schemaVersion: 1, accounts: "x" }), ["athena", "bad.json", "-o", "out.sql"]), /bad\.json/],
      ["a bad --since", () => ["athena", EXAMPLE, "--since", "2024-01-01", "-o", "out.sql"], /--since 2024-01-01: expected a day as yyyy\/MM\/dd/],
      ["an impossible day", () => ["athena", EXAMPLE, "--since", "2024/02/30", "-o", "out.sql"], /--since 2024\/02\/30/],
      ["AWS flags with a snapshot file", () => ["athena", EXAMPLE, "--profile", "audit", "--role-name", "R", "-o", "out.sql"], /--profile, --role-name are flags of a live read/],
      ["AWS switches with a snapshot file", () => ["athena", EXAMPLE, "--single-account", "--home-region", "eu-west-1", "-o", "out.sql"], /--home-region, --single-account are flags of a live read/],
      ["two snapshots that are not shards of one scan", (dir) => (put(dir, "b.json", single([trail({})])), ["athena", EXAMPLE, "b.json", "-o", "out.sql"]), /athena reads one snapshot, or the shards of one scan; got 2/],
      ["an unknown format", () => ["athena", EXAMPLE, "--format", "csv", "-o", "out.sql"], /argument 'csv' is invalid/],
      ["a format name as --output", () => ["athena", EXAMPLE, "--output", "json"], /did you mean --format json/],
    ];
    for (const [name, argv, message] of cases) {
      it(name, async () => {
        const dir = tempDir();
        const run = await cli(argv(dir), { cwd: dir });
        assert.equal(run.code, 2, run.stderr);
        assert.match(run.stderr, message);
        assert.equal(run.stdout, "");
        assert.equal(existsSync(join(dir, "out.sql")), false);
      });
    }

    it("--output naming the input: refused, the input unchanged", async () => {
      const dir = tempDir();
      const file = put(dir, "s.json", example);
      const before = readFileSync(file, "utf8");
      const run = await cli(["athena", "s.json", "--output", "s.json"], { cwd: dir });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /s\.json: is an input \(s\.json\); refusing to overwrite it/);
      assert.equal(readFileSync(file, "utf8"), before);
    });

    it("an --output that is a directory", async () => {
      const dir = tempDir();
      mkdirSync(join(dir, "out.sql"));
      const run = await cli(["athena", EXAMPLE, "--output", "out.sql"], { cwd: dir });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /out\.sql: cannot write output: it is a directory/);
      assert.equal(run.stdout, "");
    });
  });

  it("--help names the exit codes and that the tool creates nothing", async () => {
    const run = await cli(["athena", "--help"], { cwd: tempDir() });
    assert.equal(run.code, 0);
    assert.match(run.stdout, /creates nothing and never calls Athena/);
    assert.match(run.stdout, /^ {2}3 {2}no statement, and something that decides is not known/m);
  });
});

describe("cli athena: live read (simulated organization)", () => {
  let mock: MockAws | undefined;
  afterEach(() => {
    mock?.restore();
    mock = undefined;
  });

  const AWS: Partial<CollectOptions> & { throttleBackoffMs: number } = {
    credentials: { accessKeyId: `AKIA${M}`, secretAccessKey: "secret" },
    throttleBackoffMs: 0,
    now: () => new Date("2026-11-26T10:00:00Z"),
  };

  async function run(argv: string[], cwd: string) {
    let stdout = "";
    let stderr = "";
    const code = await runCli(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: {}, isTTY: false, cwd }, { collect: AWS });
    return { code, stdout, stderr };
  }

  it("without a file, reads AWS with the scan flags: the same statements as for the snapshot collect writes", async () => {
    const dir = tempDir();
    mock = mockAws(exampleWorld());
    const collected = await run(["collect", "--quiet", "--output", "snap.json"], dir);
    assert.ok(collected.code === 0 || collected.code === 3, collected.stderr);
    mock.restore();
    mock = mockAws(exampleWorld());
    const live = await run(["athena", "--quiet"], dir);
    const fromFile = await run(["athena", "--quiet", "snap.json"], dir);
    assert.equal(live.stderr, "");
    assert.equal(live.code, fromFile.code);
    assert.equal(live.stdout, fromFile.stdout);
    assert.match(live.stdout, /^CREATE EXTERNAL TABLE /m);
  });
});
