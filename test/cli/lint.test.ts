import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Report } from "../../src/engine/report.js";
import type { Snapshot } from "../../src/model/snapshot.js";
import { LOG_ARCHIVE, MANAGEMENT, MEMBER, account, multiRegionTrail, org, single, trail } from "../helpers/builders.js";
import { ANSI, FAKES, cli, fakeCheck, outcomeTags, put, tempDir } from "./helpers.js";

const trailArn = (name: string, acct = MANAGEMENT, region = "us-east-1") => `arn:aws:cloudtrail:${region}:${acct}:trail/${name}`;

/** A standalone account with one trail "main" whose tags set the fake checks' outcomes. */
function snapshotWith(outcomes: Record<string, "PASS" | "FAIL" | "ERROR" | "NOT_APPLICABLE">): Snapshot {
  return single([trail({ Name: "main", tags: outcomeTags(outcomes) })]);
}

async function lintFakes(outcomes: Parameters<typeof snapshotWith>[0], extra: string[] = []) {
  const dir = tempDir();
  put(dir, "s.json", snapshotWith(outcomes));
  return { dir, ...(await cli(["lint", "s.json", ...extra], { cwd: dir, checks: FAKES })) };
}

function jsonReport(stdout: string): Report {
  return JSON.parse(stdout) as Report;
}

describe("cli lint", () => {
  describe("exit codes", () => {
    it("0 when everything passes", async () => {
      const run = await lintFakes({});
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stderr, "");
    });

    it("1 for an unsuppressed FAIL at or above the default fail-on (low)", async () => {
      assert.equal((await lintFakes({ "fake-low": "FAIL" })).code, 1);
      assert.equal((await lintFakes({ "fake-high": "FAIL" })).code, 1);
    });

    it("0 for an info FAIL unless --fail-on info", async () => {
      assert.equal((await lintFakes({ "fake-info": "FAIL" })).code, 0);
      assert.equal((await lintFakes({ "fake-info": "FAIL" }, ["--fail-on", "info"])).code, 1);
    });

    it("--fail-on compares severities: a high FAIL fails on high, not on critical", async () => {
      assert.equal((await lintFakes({ "fake-high": "FAIL" }, ["--fail-on", "high"])).code, 1);
      assert.equal((await lintFakes({ "fake-high": "FAIL" }, ["--fail-on", "critical"])).code, 0);
      assert.equal((await lintFakes({ "fake-low": "FAIL" }, ["--fail-on", "medium"])).code, 0);
    });

    it("--fail-on none never fails on findings", async () => {
      assert.equal((await lintFakes({ "fake-high": "FAIL", "fake-low": "FAIL" }, ["--fail-on", "none"])).code, 0);
    });

    it("3 when there are ERROR results and no failing FAIL", async () => {
      assert.equal((await lintFakes({ "fake-low": "ERROR" })).code, 3);
      assert.equal((await lintFakes({ "fake-low": "ERROR", "fake-high": "FAIL" }, ["--fail-on", "none"])).code, 3);
      assert.equal((await lintFakes({ "fake-low": "ERROR", "fake-info": "FAIL" })).code, 3);
    });

    it("1 (not 3) when there are both failing FAILs and ERRORs", async () => {
      assert.equal((await lintFakes({ "fake-low": "ERROR", "fake-high": "FAIL" })).code, 1);
    });

    it("3 for a real collection error that turns a FAIL into ERROR", async () => {
      const dir = tempDir();
      put(dir, "s.json", single([multiRegionTrail({ IncludeGlobalServiceEvents: false })], {
        errors: [{ service: "cloudtrail", operation: "GetTrail", code: "AccessDenied", message: "denied" }],
      }));
      const run = await cli(["lint", "s.json", "--only", "global-service-events", "--format", "json"], { cwd: dir });
      assert.equal(run.code, 3);
      const report = jsonReport(run.stdout);
      assert.deepEqual(report.results.map((f) => [f.checkId, f.status, f.messageId]), [["global-service-events", "ERROR", "collection-error"]]);
    });

    it("1 with the real registry for a trail that turned global service events off", async () => {
      const dir = tempDir();
      put(dir, "s.json", single([trail({ Name: "east", IncludeGlobalServiceEvents: false })]));
      const run = await cli(["lint", "s.json", "--only", "global-service-events"], { cwd: dir });
      assert.equal(run.code, 1);
      assert.match(run.stdout, /FAIL\s+high\s+global-service-events\s+Global service events are not recorded: east turned them off/);
    });

    it("4 with a bug report request on an internal error", async () => {
      const broken = { ...fakeCheck("broken", "low") };
      broken.meta = { ...broken.meta, params: { type: "no-such-type" } };
      const dir = tempDir();
      put(dir, "s.json", snapshotWith({}));
      const run = await cli(["lint", "s.json", "--format", "json=out/r.json"], { cwd: dir, checks: [broken] });
      assert.equal(run.code, 4);
      assert.match(run.stderr, /internal error/);
      assert.match(run.stderr, /please report it at https:\/\/github\.com\/cloudtrail-lint\/cloudtrail-lint\/issues/i);
      assert.equal(existsSync(join(dir, "out")), false);
    });
  });

  describe("bad input (exit 2, message names file and path, nothing written)", () => {
    async function bad(argv: string[], files: Record<string, unknown> = {}, checks = FAKES) {
      const dir = tempDir();
      for (const [name, content] of Object.entries(files)) put(dir, name, content);
      const run = await cli([...argv, "--format", "json=out/report.json"], { cwd: dir, checks });
      assert.equal(run.code, 2, `stdout: ${run.stdout}\nstderr: ${run.stderr}`);
      assert.equal(run.stdout, "", "nothing on stdout");
      assert.equal(existsSync(join(dir, "out")), false, "no output file or directory");
      return run;
    }

    it("a missing snapshot file is named", async () => {
      const run = await bad(["lint", "s.json", "nope/missing.json"], { "s.json": snapshotWith({}) });
      assert.match(run.stderr, /^cloudtrail-lint: nope\/missing\.json: cannot read: file not found\n$/);
    });

    it("a directory of snapshots: a directory stands for its templates and plans only", async () => {
      const run = await bad(["lint", "sub"], { "sub/x.json": snapshotWith({}) });
      assert.match(run.stderr, /^cloudtrail-lint: sub: is a directory with no CloudFormation template .* nor Terraform plan \(terraform show -json\) among 1 file\n$/);
    });

    it("invalid JSON gives file:line:col", async () => {
      const run = await bad(["lint", "good.json", "bad.json"], { "good.json": snapshotWith({}), "bad.json": '{\n  "schemaVersion": 1,\n  "accounts": [,]\n}\n' });
      assert.match(run.stderr, /bad\.json:3:16: not valid JSON: value expected/);
    });

    it("a schema violation names the file, the line and the JSON path", async () => {
      const snapshot = snapshotWith({});
      (snapshot.accounts[0] as { Id: string }).Id = "12345";
      const run = await bad(["lint", "s.json"], { "s.json": snapshot });
      const line = lineOf(JSON.stringify(snapshot, null, 2).split("\n"), '"Id": "12345"');
      assert.match(run.stderr, new RegExp(`s\\.json:${line}:\\d+: does not match snapshot\\.schema\\.json`));
      assert.match(run.stderr, /at \/accounts\/0\/Id: must match pattern/);
    });

    it("an unknown check id in --only or --skip, with a suggestion", async () => {
      const run = await bad(["lint", "s.json", "--only", "fake-high,fake-hihg"], { "s.json": snapshotWith({}) });
      assert.match(run.stderr, /--only: unknown check id "fake-hihg" \(did you mean "fake-high"\?\)/);
      const skip = await bad(["lint", "s.json", "--skip", "nothing-like-it"], { "s.json": snapshotWith({}) });
      assert.match(skip.stderr, /--skip: unknown check id "nothing-like-it" \(known checks: fake-high, fake-info, fake-low\)/);
      const empty = await bad(["lint", "s.json", "--only", " , "], { "s.json": snapshotWith({}) });
      assert.match(empty.stderr, /--only: no check id given/);
    });

    it("an unknown format", async () => {
      const run = await bad(["lint", "s.json", "--format", "yaml=out/r.yaml"], { "s.json": snapshotWith({}) });
      assert.match(run.stderr, /--format yaml=out\/r\.yaml: unknown format "yaml" \(available: text, json/);
    });

    it("two formats without a file", async () => {
      const dir = tempDir();
      put(dir, "s.json", snapshotWith({}));
      const run = await cli(["lint", "s.json", "--format", "text", "--format", "json"], { cwd: dir, checks: FAKES });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /--format: text and json both have no file; only one format can go to stdout/);
      assert.equal(run.stdout, "");
    });

    it("a format with an empty file name, the same file twice, an input as output", async () => {
      assert.match((await bad(["lint", "s.json", "--format", "text="], { "s.json": snapshotWith({}) })).stderr, /no file after "="/);
      assert.match(
        (await bad(["lint", "s.json", "--format", "text=out/report.json"], { "s.json": snapshotWith({}) })).stderr,
        /out\/report\.json: both text and json would be written to this file/,
      );
      assert.match(
        (await bad(["lint", "s.json", "--format", "text=./s.json"], { "s.json": snapshotWith({}) })).stderr,
        /\.\/s\.json: is an input \(s\.json\); refusing to overwrite it/,
      );
    });

    it("--output when every format has its own file", async () => {
      const run = await bad(["lint", "s.json", "--output", "out/x.txt"], { "s.json": snapshotWith({}) });
      assert.match(run.stderr, /--output out\/x\.txt: every --format has its own file/);
    });

    it("bad flag values: --fail-on, --now, SOURCE_DATE_EPOCH, --verbose with --quiet", async () => {
      assert.match((await bad(["lint", "s.json", "--fail-on", "severe"], { "s.json": snapshotWith({}) })).stderr, /argument 'severe' is invalid/);
      assert.match((await bad(["lint", "s.json", "--now", "yesterday"], { "s.json": snapshotWith({}) })).stderr, /--now yesterday: not an ISO 8601/);
      assert.match((await bad(["lint", "s.json", "--now", "2026-11-20T12:00:00"], { "s.json": snapshotWith({}) })).stderr, /with a time zone/);
      assert.match((await bad(["lint", "s.json", "--verbose", "--quiet"], { "s.json": snapshotWith({}) })).stderr, /cannot be used with/);
      const dir = tempDir();
      put(dir, "s.json", snapshotWith({}));
      const run = await cli(["lint", "s.json"], { cwd: dir, checks: FAKES, env: { SOURCE_DATE_EPOCH: "17e8" } });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /SOURCE_DATE_EPOCH=17e8: not a whole number of seconds/);
    });

    it("no snapshot, no command, unknown option", async () => {
      const dir = tempDir();
      assert.equal((await cli(["lint"], { cwd: dir })).code, 2);
      assert.match((await cli(["lint"], { cwd: dir })).stderr, /missing required argument 'files'/);
      assert.equal((await cli([], { cwd: dir })).code, 2);
      assert.match((await cli(["lint", "s.json", "--colour"], { cwd: dir })).stderr, /unknown option '--colour'/);
    });

    it("an existing output file is left as it was", async () => {
      const dir = tempDir();
      put(dir, "good.json", snapshotWith({}));
      put(dir, "bad.json", "{");
      const old = put(dir, "out/report.json", "old report");
      const run = await cli(["lint", "good.json", "bad.json", "--format", "json=out/report.json"], { cwd: dir, checks: FAKES });
      assert.equal(run.code, 2);
      assert.equal(readFileSync(old, "utf8"), "old report");
      assert.deepEqual(readdirSync(join(dir, "out")), ["report.json"]);
    });

    it("an unwritable output path", async () => {
      const dir = tempDir();
      put(dir, "s.json", snapshotWith({}));
      put(dir, "blocker", "a file, not a directory");
      const run = await cli(["lint", "s.json", "--format", "text=out/ok.txt", "--format", "json=blocker/r.json"], { cwd: dir, checks: FAKES });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /blocker\/r\.json: cannot write output: (ENOTDIR|EEXIST)/);
      assert.equal(existsSync(join(dir, "out")), false);
    });
  });

  describe("formats and outputs", () => {
    it("writes every --format name=path and one format to stdout", async () => {
      const dir = tempDir();
      put(dir, "s.json", snapshotWith({ "fake-high": "FAIL" }));
      const run = await cli(["lint", "s.json", "--format", "json=out/nested/report.json", "--format", "text"], { cwd: dir, checks: FAKES });
      assert.equal(run.code, 1);
      assert.match(run.stdout, /^cloudtrail-lint \S+ · s\.json \(1 account, collected 2026-11-20T12:00:00Z\)\n/);
      const report = JSON.parse(readFileSync(join(dir, "out/nested/report.json"), "utf8")) as Report;
      assert.equal(report.schemaVersion, "1.1");
      assert.deepEqual(
        report.results.map((f) => [f.checkId, f.status]),
        [["fake-high", "FAIL"], ["fake-info", "PASS"], ["fake-low", "PASS"]],
      );
      assert.equal(run.stderr, "cloudtrail-lint: wrote json report to out/nested/report.json\n");
      assert.deepEqual(readdirSync(join(dir, "out/nested")), ["report.json"], "no temporary files left");
    });

    it("writes SARIF beside JSON when both are asked for (files parsed back)", async () => {
      const dir = tempDir();
      put(dir, "s.json", snapshotWith({ "fake-high": "FAIL", "fake-low": "ERROR" }));
      const run = await cli(
        ["lint", "s.json", "--format", "sarif=out/results.sarif", "--format", "json=out/report.json", "--category", "ci/nightly", "--quiet"],
        { cwd: dir, checks: FAKES },
      );
      assert.equal(run.code, 1, run.stderr);
      assert.equal(run.stdout, "");
      const sarif = JSON.parse(readFileSync(join(dir, "out/results.sarif"), "utf8")) as {
        version: string;
        runs: { automationDetails?: { id?: string }; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
      };
      assert.equal(sarif.version, "2.1.0");
      assert.match(sarif.runs[0]!.automationDetails?.id ?? "", /^ci\/nightly\/?$/, "--category reaches the SARIF reporter");
      assert.deepEqual(
        sarif.runs[0]!.results.map((r) => [r.ruleId, r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region.startLine]),
        [
          ["fake-high", "s.json", lineOf(readFileSync(join(dir, "s.json"), "utf8").split("\n"), '"Name": "main"') - 1],
          // The ERROR, as an undecided note where it points.
          ["fake-low/undecided", "s.json", lineOf(readFileSync(join(dir, "s.json"), "utf8").split("\n"), '"Name": "main"') - 1],
        ],
      );
      const report = JSON.parse(readFileSync(join(dir, "out/report.json"), "utf8")) as Report;
      assert.deepEqual(report.summary.counts, { PASS: 1, FAIL: 1, ERROR: 1, NOT_APPLICABLE: 0 });
    });

    it("sends the file-less format to --output (default text, no colour even on a TTY)", async () => {
      const dir = tempDir();
      put(dir, "s.json", snapshotWith({ "fake-high": "FAIL" }));
      const run = await cli(["lint", "s.json", "--output", "reports/lint.txt"], { cwd: dir, checks: FAKES, isTTY: true });
      assert.equal(run.code, 1);
      assert.equal(run.stdout, "");
      const text = readFileSync(join(dir, "reports/lint.txt"), "utf8");
      assert.match(text, /FAIL\s+high\s+fake-high\s+Trail main is not fine\./);
      assert.doesNotMatch(text, ANSI);
    });

    it("--format json to stdout parses", async () => {
      const run = await lintFakes({ "fake-low": "FAIL" }, ["--format", "json"]);
      const report = jsonReport(run.stdout);
      assert.deepEqual(report.checks.map((c) => c.id), ["fake-high", "fake-low", "fake-info"]);
      const fail = report.results.find((f) => f.status === "FAIL")!;
      assert.equal(fail.checkId, "fake-low");
      assert.deepEqual(fail.remediation, {
        text: "Fix trail main.",
        cli: [`aws cloudtrail update-trail --name ${trailArn("main")} --region us-east-1`],
      });
    });

    it("--quiet drops the notes on stderr", async () => {
      const run = await lintFakes({}, ["--format", "json=r.json", "--quiet"]);
      assert.equal(run.code, 0);
      assert.equal(run.stderr, "");
      assert.ok(existsSync(join(run.dir, "r.json")));
    });

    it("output is byte-identical across runs with SOURCE_DATE_EPOCH", async () => {
      const dir = tempDir();
      put(dir, "s.json", snapshotWith({ "fake-high": "FAIL", "fake-low": "ERROR" }));
      const env = { SOURCE_DATE_EPOCH: "1790000000" };
      const one = await cli(["lint", "s.json", "--format", "json"], { cwd: dir, checks: FAKES, env, now: new Date("2030-01-01T00:00:00Z") });
      const two = await cli(["lint", "s.json", "--format", "json"], { cwd: dir, checks: FAKES, env, now: new Date("2031-01-01T00:00:00Z") });
      assert.equal(one.stdout, two.stdout);
    });
  });

  describe("now", () => {
    async function generatedAt(args: string[], env: Record<string, string> = {}): Promise<string> {
      const dir = tempDir();
      put(dir, "s.json", snapshotWith({}));
      const run = await cli(["lint", "s.json", "--format", "json", ...args], { cwd: dir, checks: FAKES, env, now: new Date("2029-05-05T05:05:05Z") });
      assert.equal(run.code, 0, run.stderr);
      return jsonReport(run.stdout).generatedAt;
    }

    it("--now pins generatedAt", async () => {
      assert.equal(await generatedAt(["--now", "2026-11-20T12:00:00Z"]), "2026-11-20T12:00:00.000Z");
      assert.equal(await generatedAt(["--now", "2026-11-20T13:00:00+01:00"]), "2026-11-20T12:00:00.000Z");
      assert.equal(await generatedAt(["--now", "2026-11-20"]), "2026-11-20T00:00:00.000Z");
    });

    it("SOURCE_DATE_EPOCH pins it when --now is absent", async () => {
      assert.equal(await generatedAt([], { SOURCE_DATE_EPOCH: "1700000000" }), "2023-11-14T22:13:20.000Z");
      assert.equal(await generatedAt(["--now", "2026-11-20T12:00:00Z"], { SOURCE_DATE_EPOCH: "1700000000" }), "2026-11-20T12:00:00.000Z");
    });

    it("the clock otherwise", async () => {
      assert.equal(await generatedAt([]), "2029-05-05T05:05:05.000Z");
      assert.equal(await generatedAt([], { SOURCE_DATE_EPOCH: "" }), "2029-05-05T05:05:05.000Z");
    });
  });

  describe("--only and --skip", () => {
    async function ran(args: string[]): Promise<string[]> {
      const run = await lintFakes({}, ["--format", "json", ...args]);
      assert.equal(run.code, 0, run.stderr);
      return jsonReport(run.stdout).checks.map((c) => c.id);
    }

    it("--only runs just the named checks, comma-separated or repeated", async () => {
      assert.deepEqual(await ran(["--only", "fake-low"]), ["fake-low"]);
      assert.deepEqual(await ran(["--only", "fake-info, fake-high"]), ["fake-high", "fake-info"]);
      assert.deepEqual(await ran(["--only", "fake-info", "--only", "fake-low"]), ["fake-low", "fake-info"]);
    });

    it("--skip leaves checks out, also from --only", async () => {
      assert.deepEqual(await ran(["--skip", "fake-high,fake-info"]), ["fake-low"]);
      assert.deepEqual(await ran(["--only", "fake-low,fake-high", "--skip", "fake-high"]), ["fake-low"]);
    });

    it("works with the real registry", async () => {
      const dir = tempDir();
      put(dir, "s.json", single([multiRegionTrail()]));
      const only = await cli(["lint", "s.json", "--format", "json", "--only", "global-service-events"], { cwd: dir });
      assert.deepEqual(jsonReport(only.stdout).checks.map((c) => c.id), ["global-service-events"]);
      const skip = await cli(["lint", "s.json", "--format", "json", "--skip", "global-service-events"], { cwd: dir });
      const ids = jsonReport(skip.stdout).checks.map((c) => c.id);
      assert.ok(!ids.includes("global-service-events"));
      assert.ok(jsonReport(skip.stdout).results.every((f) => f.checkId !== "global-service-events"));
    });
  });

  describe("colour", () => {
    it("on a TTY without NO_COLOR", async () => {
      const dir = tempDir();
      put(dir, "s.json", snapshotWith({ "fake-high": "FAIL" }));
      const tty = await cli(["lint", "s.json"], { cwd: dir, checks: FAKES, isTTY: true });
      assert.match(tty.stdout, ANSI);
      const emptyNoColor = await cli(["lint", "s.json"], { cwd: dir, checks: FAKES, isTTY: true, env: { NO_COLOR: "" } });
      assert.match(emptyNoColor.stdout, ANSI, "an empty NO_COLOR does not disable colour");
    });

    it("never with NO_COLOR or when stdout is not a TTY", async () => {
      const dir = tempDir();
      put(dir, "s.json", snapshotWith({ "fake-high": "FAIL" }));
      const noColor = await cli(["lint", "s.json", "--verbose"], { cwd: dir, checks: FAKES, isTTY: true, env: { NO_COLOR: "1" } });
      const pipe = await cli(["lint", "s.json", "--verbose"], { cwd: dir, checks: FAKES, isTTY: false });
      assert.match(noColor.stdout, /FAIL/);
      assert.doesNotMatch(noColor.stdout, ANSI);
      assert.doesNotMatch(pipe.stdout, ANSI);
      assert.equal(noColor.stdout, pipe.stdout);
    });

    it("never in a file, even when another format goes to a TTY", async () => {
      const dir = tempDir();
      put(dir, "s.json", snapshotWith({ "fake-high": "FAIL" }));
      const run = await cli(["lint", "s.json", "--format", "text=out.txt", "--format", "json"], { cwd: dir, checks: FAKES, isTTY: true });
      assert.doesNotMatch(readFileSync(join(dir, "out.txt"), "utf8"), ANSI);
      assert.doesNotMatch(run.stdout, ANSI);
    });
  });

  describe("inputs and locations", () => {
    it("fills location from the pointer, relative to the working directory", async () => {
      const dir = tempDir();
      const snapshot = org({
        management: { trails: [multiRegionTrail({ Name: "org", IsOrganizationTrail: true, tags: outcomeTags({ "fake-high": "FAIL" }) })] },
        members: [account(MEMBER, { trails: [trail({ Name: "own", account: MEMBER })] })],
      });
      const path = put(dir, "snapshots/org.json", snapshot);
      const run = await cli(["lint", "snapshots/org.json", "--format", "json", "--only", "fake-high"], { cwd: dir, checks: FAKES });
      const report = jsonReport(run.stdout);
      const text = readFileSync(path, "utf8").split("\n");
      const [org0, member] = report.results;
      assert.equal(org0!.input, "snapshots/org.json");
      assert.deepEqual(org0!.location, { file: "snapshots/org.json", startLine: lineOf(text, '"Name": "org"') - 1, startColumn: 9 });
      assert.equal(member!.pointer, "/accounts/1/trails/0");
      assert.deepEqual(member!.location, { file: "snapshots/org.json", startLine: lineOf(text, '"Name": "own"') - 1, startColumn: 9 });
      assert.deepEqual(report.inputs, [
        { file: "snapshots/org.json", source: "snapshot", collectedAt: "2026-11-20T12:00:00Z", partition: "aws", organizationId: "o-exampleorg1", accountCount: 2 },
      ]);
    });

    it("a re-indented (minified) snapshot gives the same findings on line 1", async () => {
      const dir = tempDir();
      put(dir, "min.json", JSON.stringify(snapshotWith({ "fake-low": "FAIL" })));
      const run = await cli(["lint", "min.json", "--format", "json", "--only", "fake-low"], { cwd: dir, checks: FAKES });
      const [f] = jsonReport(run.stdout).results;
      const text = readFileSync(join(dir, "min.json"), "utf8");
      assert.deepEqual(f!.location, { file: "min.json", startLine: 1, startColumn: text.indexOf('{"Name":"main"') + 1 });
    });

    it("names files relative to GITHUB_WORKSPACE when they are inside it", async () => {
      const dir = tempDir();
      put(dir, "repo/snap/s.json", snapshotWith({}));
      mkdirSync(join(dir, "elsewhere"));
      const run = await cli(["lint", "../repo/snap/s.json", "--format", "json"], {
        cwd: join(dir, "elsewhere"),
        checks: FAKES,
        env: { GITHUB_WORKSPACE: join(dir, "repo") },
      });
      const report = jsonReport(run.stdout);
      assert.equal(report.inputs[0]!.file, "snap/s.json");
      assert.ok(report.results.every((f) => f.location?.file === "snap/s.json" && f.input === "snap/s.json"));
      const outside = await cli(["lint", "../repo/snap/s.json", "--format", "json"], {
        cwd: join(dir, "elsewhere"),
        checks: FAKES,
        env: { GITHUB_WORKSPACE: join(dir, "elsewhere") },
      });
      assert.equal(jsonReport(outside.stdout).inputs[0]!.file, "../repo/snap/s.json");
    });

    it("merges several snapshots, sorted, with one input each", async () => {
      const dir = tempDir();
      put(dir, "b.json", single([trail({ Name: "b", tags: outcomeTags({ "fake-high": "FAIL" }) })]));
      put(dir, "a.json", { ...single([trail({ Name: "a" })]), source: { type: "example" } });
      const run = await cli(["lint", "b.json", "a.json", "--format", "json", "--only", "fake-high"], { cwd: dir, checks: FAKES });
      const report = jsonReport(run.stdout);
      assert.deepEqual(report.inputs.map((i) => [i.file, i.source]), [["b.json", "snapshot"], ["a.json", "example"]]);
      assert.deepEqual(report.results.map((f) => [f.input, f.status]), [["a.json", "PASS"], ["b.json", "FAIL"]]);
      assert.equal(run.code, 1);
    });
  });

  describe("config", () => {
    async function withConfig(name: string, config: string, outcomes: Parameters<typeof snapshotWith>[0], args: string[] = []) {
      const dir = tempDir();
      put(dir, "s.json", snapshotWith(outcomes));
      put(dir, name, config);
      const run = await cli(["lint", "s.json", "--format", "json", ...args], { cwd: dir, checks: FAKES });
      return { ...run, dir, report: run.code === 2 ? undefined : jsonReport(run.stdout) };
    }

    it("an unknown check id is exit 2 naming file, line and path", async () => {
      const run = await withConfig(".cloudtrail-lint.yml", "checks:\n  fake-high: {}\n  fake-hihg:\n    enabled: false\n", {});
      assert.equal(run.code, 2);
      assert.match(run.stderr, /\.cloudtrail-lint\.yml:3:3: \/checks\/fake-hihg: unknown check id "fake-hihg" \(did you mean "fake-high"\?\)/);
    });

    it("an unknown check id in a suppression", async () => {
      const run = await withConfig(".cloudtrail-lint.yml", "suppressions:\n  - check: nope\n    reason: x\n    expires: 2030-01-01\n", {});
      assert.equal(run.code, 2);
      assert.match(run.stderr, /\.cloudtrail-lint\.yml:2:5: \/suppressions\/0\/check: unknown check id "nope"/);
    });

    it("a bad param names /checks/<id>/params and the param", async () => {
      const run = await withConfig(".cloudtrail-lint.yml", "checks:\n  fake-low:\n    params:\n      level: -1\n", {});
      assert.equal(run.code, 2);
      assert.match(run.stderr, /\.cloudtrail-lint\.yml:3:5: \/checks\/fake-low\/params: invalid params for check fake-low/);
      assert.match(run.stderr, /at \/level: must be >= 0/);
      const unknown = await withConfig(".cloudtrail-lint.yml", "checks:\n  fake-low:\n    params: { lvl: 2 }\n", {});
      assert.match(unknown.stderr, /at \/: has unknown property "lvl"/);
    });

    it("a bad severity", async () => {
      const run = await withConfig(".cloudtrail-lint.yml", "checks:\n  fake-low:\n    severity: urgent\n", {});
      assert.equal(run.code, 2);
      assert.match(run.stderr, /\.cloudtrail-lint\.yml:3:5: does not match config\.schema\.json/);
      assert.match(run.stderr, /at \/checks\/fake-low\/severity: must be one of "critical", "high", "medium", "low", "info"/);
    });

    it("a suppression without a reason, or with a blank one, or without expires", async () => {
      const missing = await withConfig(".cloudtrail-lint.yml", "suppressions:\n  - check: fake-low\n    expires: 2030-01-01\n", {});
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /at \/suppressions\/0: must have required property 'reason'/);
      const blank = await withConfig(".cloudtrail-lint.yml", 'suppressions:\n  - check: fake-low\n    reason: "  "\n    expires: 2030-01-01\n', {});
      assert.equal(blank.code, 2);
      assert.match(blank.stderr, /at \/suppressions\/0\/reason: must match pattern/);
      const noExpiry = await withConfig(".cloudtrail-lint.yml", "suppressions:\n  - check: fake-low\n    reason: fine\n", {});
      assert.match(noExpiry.stderr, /must have required property 'expires'/);
      const badDate = await withConfig(".cloudtrail-lint.yml", "suppressions:\n  - check: fake-low\n    reason: fine\n    expires: 2030-13-01\n", {});
      assert.match(badDate.stderr, /at \/suppressions\/0\/expires: must match format "date"/);
    });

    it("YAML and JSON syntax errors give file:line:col", async () => {
      const yaml = await withConfig(".cloudtrail-lint.yml", "checks:\n  fake-low: {\n", {});
      assert.equal(yaml.code, 2);
      assert.match(yaml.stderr, /\.cloudtrail-lint\.yml:\d+:\d+: not valid YAML/);
      const json = await withConfig(".cloudtrail-lint.json", '{ "checks": { "fake-low": { "enabled": false, } } }', {});
      assert.equal(json.code, 2);
      assert.match(json.stderr, /\.cloudtrail-lint\.json:1:47: not valid JSON: property name expected/);
    });

    it("a matching suppression is applied: the FAIL stays FAIL, flagged, and the exit code changes", async () => {
      const config = [
        "suppressions:",
        "  - check: fake-high",
        `    account: "${MANAGEMENT}"`,
        `    resource: ${trailArn("main")}`,
        "    reason: Trail is being replaced by the organization trail",
        "    expires: 2026-11-21",
        "",
      ].join("\n");
      const run = await withConfig(".cloudtrail-lint.yml", config, { "fake-high": "FAIL" });
      assert.equal(run.code, 0, run.stderr);
      const f = run.report!.results.find((r) => r.checkId === "fake-high")!;
      assert.equal(f.status, "FAIL");
      assert.deepEqual(f.suppressed, { reason: "Trail is being replaced by the organization trail", expires: "2026-11-21" });
      assert.equal(run.report!.summary.suppressed, 1);
      assert.equal(run.report!.summary.score, 100);
      assert.deepEqual(run.report!.expiredSuppressions, []);
    });

    it("a suppression for another account or resource does not match", async () => {
      const other = await withConfig(
        ".cloudtrail-lint.yml",
        `suppressions:\n  - check: fake-high\n    account: "${LOG_ARCHIVE}"\n    reason: r\n    expires: 2030-01-01\n  - check: fake-high\n    resource: ${trailArn("other")}\n    reason: r\n    expires: 2030-01-01\n`,
        { "fake-high": "FAIL" },
      );
      assert.equal(other.code, 1);
      assert.ok(other.report!.results.every((f) => f.suppressed === undefined));
    });

    it("an expired suppression is not applied, is reported and warned about", async () => {
      const config = "suppressions:\n  - check: fake-high\n    reason: Old exception\n    expires: 2026-11-20\n";
      const run = await withConfig(".cloudtrail-lint.yml", config, { "fake-high": "FAIL" });
      assert.equal(run.code, 1);
      assert.ok(run.report!.results.every((f) => f.suppressed === undefined));
      assert.deepEqual(run.report!.expiredSuppressions, [{ check: "fake-high", reason: "Old exception", expires: "2026-11-20" }]);
      assert.equal(
        run.stderr,
        "cloudtrail-lint: warning: suppression for fake-high expired on 2026-11-20 and was not applied (.cloudtrail-lint.yml)\n",
      );
    });

    it("expiry follows --now: the expires day itself still counts", async () => {
      const config = "suppressions:\n  - check: fake-high\n    reason: r\n    expires: 2026-11-20\n";
      const sameDay = await withConfig(".cloudtrail-lint.yml", config, { "fake-high": "FAIL" }, ["--now", "2026-11-20T23:59:59Z"]);
      assert.equal(sameDay.code, 0);
      const nextDay = await withConfig(".cloudtrail-lint.yml", config, { "fake-high": "FAIL" }, ["--now", "2026-11-21T00:00:00Z"]);
      assert.equal(nextDay.code, 1);
      assert.equal(nextDay.report!.expiredSuppressions.length, 1);
    });

    it("severity, enabled and params are applied", async () => {
      const config = "checks:\n  fake-low:\n    severity: critical\n    params: { level: 3 }\n  fake-info:\n    enabled: false\n";
      const run = await withConfig(".cloudtrail-lint.yaml", config, { "fake-low": "FAIL" }, ["--fail-on", "critical"]);
      assert.equal(run.code, 1);
      const report = run.report!;
      assert.deepEqual(report.checks.map((c) => [c.id, c.severity, c.defaultSeverity]), [
        ["fake-high", "high", "high"],
        ["fake-low", "critical", "low"],
      ]);
      assert.deepEqual(report.checks.find((c) => c.id === "fake-low")!.params, { level: 3 });
      assert.deepEqual(report.checks.find((c) => c.id === "fake-high")!.params, { level: 1 });
      assert.equal(report.results.find((f) => f.checkId === "fake-low")!.severity, "critical");
    });

    it("--only runs a check that the config disables", async () => {
      const run = await withConfig(".cloudtrail-lint.yml", "checks:\n  fake-info:\n    enabled: false\n", {}, ["--only", "fake-info"]);
      assert.deepEqual(run.report!.checks.map((c) => c.id), ["fake-info"]);
    });

    it("failOn from the config, overridden by --fail-on", async () => {
      const run = await withConfig(".cloudtrail-lint.json", '{ "failOn": "critical" }', { "fake-high": "FAIL" });
      assert.equal(run.code, 0);
      const flag = await withConfig(".cloudtrail-lint.json", '{ "failOn": "critical" }', { "fake-high": "FAIL" }, ["--fail-on", "high"]);
      assert.equal(flag.code, 1);
    });

    it("--config names a file anywhere; a missing one is exit 2", async () => {
      const dir = tempDir();
      put(dir, "s.json", snapshotWith({ "fake-high": "FAIL" }));
      put(dir, "ci/lint.yml", "failOn: none\n");
      assert.equal((await cli(["lint", "s.json", "--config", "ci/lint.yml"], { cwd: dir, checks: FAKES })).code, 0);
      const missing = await cli(["lint", "s.json", "--config", "ci/nope.yml"], { cwd: dir, checks: FAKES });
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /ci\/nope\.yml: config file not found/);
    });

    it("two config files in the working directory are ambiguous", async () => {
      const dir = tempDir();
      put(dir, "s.json", snapshotWith({}));
      put(dir, ".cloudtrail-lint.yml", "{}\n");
      put(dir, ".cloudtrail-lint.json", "{}");
      const run = await cli(["lint", "s.json"], { cwd: dir, checks: FAKES });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /found \.cloudtrail-lint\.yml and \.cloudtrail-lint\.json/);
    });

    it("an empty YAML config is an empty configuration", async () => {
      const run = await withConfig(".cloudtrail-lint.yml", "# nothing yet\n", {});
      assert.equal(run.code, 0, run.stderr);
    });

    it("validates params of the real checks", async () => {
      const dir = tempDir();
      put(dir, "s.json", single([multiRegionTrail()]));
      put(dir, ".cloudtrail-lint.yml", "checks:\n  global-service-events:\n    params: { surprise: true }\n");
      const run = await cli(["lint", "s.json"], { cwd: dir });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /\/checks\/global-service-events\/params: invalid params for check global-service-events/);
    });
  });
});

function lineOf(lines: string[], needle: string): number {
  const index = lines.findIndex((l) => l.includes(needle));
  assert.ok(index >= 0, `${needle} not found`);
  return index + 1;
}
