// Flags and habits users bring from ESLint, Checkov and the AWS CLI (issue 17, item 6), in-process.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Report } from "../../src/engine/report.js";
import { wrapHelp } from "../../src/cli/conventions.js";
import { packageVersion } from "../../src/util/paths.js";
import { trail, single } from "../helpers/builders.js";
import { ANSI, FAKES, cli, outcomeTags, put, tempDir } from "./helpers.js";

function workspace(outcomes: Record<string, "PASS" | "FAIL" | "ERROR">): string {
  const dir = tempDir();
  put(dir, "s.json", single([trail({ Name: "main", tags: outcomeTags(outcomes) })]));
  return dir;
}

const ids = (stdout: string) => (JSON.parse(stdout) as Report).results.map((f) => f.checkId);

describe("cli conventions", () => {
  describe("-v is the version (as in ESLint and Checkov); --verbose has no short flag", () => {
    for (const argv of [["-v"], ["--version"], ["lint", "s.json", "-v"]]) {
      it(`${argv.join(" ")} prints the version`, async () => {
        assert.deepEqual(await cli(argv, { cwd: workspace({}), checks: FAKES }), { code: 0, stdout: `${packageVersion()}\n`, stderr: "" });
      });
    }

    it("-V is gone; --verbose still shows PASS results", async () => {
      const dir = workspace({});
      const old = await cli(["-V"], { cwd: dir, checks: FAKES });
      assert.equal(old.code, 2);
      assert.match(old.stderr, /unknown option '-V'/);
      const verbose = await cli(["lint", "s.json", "--verbose"], { cwd: dir, checks: FAKES });
      assert.equal(verbose.code, 0, verbose.stderr);
      assert.match(verbose.stdout, /PASS\s+high\s+fake-high/);
      const help = await cli(["lint", "--help"], { cwd: dir, checks: FAKES });
      assert.match(help.stdout, /^ {2}--verbose {2,}show PASS/m);
      assert.match(help.stdout, /^ {2}-v, --version {2,}print the version/m);
    });
  });

  describe("Checkov's --check, --skip-check and --soft-fail", () => {
    it("--check is --only and --skip-check is --skip, and they add up with them", async () => {
      const dir = workspace({});
      const run = async (...flags: string[]) => ids((await cli(["lint", "s.json", "--format", "json", ...flags], { cwd: dir, checks: FAKES })).stdout);
      assert.deepEqual(await run("--check", "fake-low"), ["fake-low"]);
      assert.deepEqual(await run("--check", "fake-low", "--only", "fake-info"), ["fake-low", "fake-info"].sort());
      assert.deepEqual(await run("--skip-check", "fake-low,fake-info"), ["fake-high"]);
      assert.deepEqual(await run("--check", "fake-low,fake-high", "--skip-check", "fake-high"), ["fake-low"]);
      const unknown = await cli(["lint", "s.json", "--check", "nope"], { cwd: dir, checks: FAKES });
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /unknown check id "nope"/);
    });

    it("--soft-fail is --fail-on none: FAILs give 0, ERRORs still 3; with --fail-on it is bad input", async () => {
      assert.equal((await cli(["lint", "s.json"], { cwd: workspace({ "fake-high": "FAIL" }), checks: FAKES })).code, 1);
      assert.equal((await cli(["lint", "s.json", "--soft-fail"], { cwd: workspace({ "fake-high": "FAIL" }), checks: FAKES })).code, 0);
      assert.equal((await cli(["lint", "s.json", "--soft-fail"], { cwd: workspace({ "fake-high": "FAIL", "fake-low": "ERROR" }), checks: FAKES })).code, 3);
      const both = await cli(["lint", "s.json", "--soft-fail", "--fail-on", "high"], { cwd: workspace({}), checks: FAKES });
      assert.equal(both.code, 2);
      assert.match(both.stderr, /option '--soft-fail' cannot be used with option '--fail-on <severity>'/);
    });
  });

  describe("--output with a format name", () => {
    for (const name of ["json", "sarif", "JSON"]) {
      it(`--output ${name} is refused with a hint, and nothing is written`, async () => {
        const dir = workspace({});
        const run = await cli(["lint", "s.json", "--output", name], { cwd: dir, checks: FAKES });
        assert.equal(run.code, 2);
        assert.equal(run.stdout, "");
        assert.equal(
          run.stderr,
          `cloudtrail-lint: --output ${name}: "${name}" is a format name, not a file; did you mean --format ${name.toLowerCase()}? (to write a file named ${name}, give --output ./${name})\n`,
        );
        assert.equal(existsSync(join(dir, name)), false);
      });
    }

    it("--output ./json writes a file named json; --output report.json is a file too", async () => {
      const dir = workspace({});
      const run = await cli(["lint", "s.json", "--output", "./json"], { cwd: dir, checks: FAKES });
      assert.equal(run.code, 0, run.stderr);
      assert.match(readFileSync(join(dir, "json"), "utf8"), /Summary: 3 results from 3 checks/);
      const named = await cli(["lint", "s.json", "--format", "json", "--output", "report.json"], { cwd: dir, checks: FAKES });
      assert.equal(named.code, 0, named.stderr);
      assert.deepEqual(ids(readFileSync(join(dir, "report.json"), "utf8")), ["fake-high", "fake-info", "fake-low"]);
    });
  });

  describe("colour: --color/--no-color, then FORCE_COLOR, then NO_COLOR, then the terminal", () => {
    const cases: { name: string; argv?: string[]; env?: Record<string, string>; isTTY: boolean; color: boolean }[] = [
      { name: "a pipe", isTTY: false, color: false },
      { name: "a terminal", isTTY: true, color: true },
      { name: "FORCE_COLOR=1 on a pipe", env: { FORCE_COLOR: "1" }, isTTY: false, color: true },
      { name: "FORCE_COLOR=3 on a pipe", env: { FORCE_COLOR: "3" }, isTTY: false, color: true },
      { name: "FORCE_COLOR=0 on a terminal", env: { FORCE_COLOR: "0" }, isTTY: true, color: false },
      { name: "FORCE_COLOR=false on a terminal", env: { FORCE_COLOR: "false" }, isTTY: true, color: false },
      { name: "FORCE_COLOR=1 beats NO_COLOR=1", env: { FORCE_COLOR: "1", NO_COLOR: "1" }, isTTY: false, color: true },
      { name: "NO_COLOR=1 on a terminal", env: { NO_COLOR: "1" }, isTTY: true, color: false },
      { name: "--color on a pipe", argv: ["--color"], isTTY: false, color: true },
      { name: "--color beats NO_COLOR and FORCE_COLOR=0", argv: ["--color"], env: { NO_COLOR: "1", FORCE_COLOR: "0" }, isTTY: false, color: true },
      { name: "--no-color on a terminal", argv: ["--no-color"], isTTY: true, color: false },
      { name: "--no-color beats FORCE_COLOR=1", argv: ["--no-color"], env: { FORCE_COLOR: "1" }, isTTY: true, color: false },
      { name: "--color before the command", argv: ["--color", "lint", "s.json"], isTTY: false, color: true },
    ];
    for (const c of cases) {
      it(`${c.name}: ${c.color ? "colour" : "no colour"}`, async () => {
        const argv = c.argv?.includes("lint") ? c.argv : ["lint", "s.json", ...(c.argv ?? [])];
        const run = await cli(argv, { cwd: workspace({ "fake-high": "FAIL" }), checks: FAKES, isTTY: c.isTTY, env: c.env ?? {} });
        assert.equal(run.code, 1, run.stderr);
        if (c.color) assert.match(run.stdout, ANSI);
        else assert.doesNotMatch(run.stdout, ANSI);
      });
    }

    it("checks --color colours its listing too", async () => {
      assert.match((await cli(["checks", "--color"], { cwd: workspace({}), checks: FAKES })).stdout, ANSI);
      assert.doesNotMatch((await cli(["checks"], { cwd: workspace({}), checks: FAKES })).stdout, ANSI);
    });
  });

  describe("lint - reads a snapshot from standard input", () => {
    it("lints it like a file, named <stdin>, beside files", async () => {
      const dir = workspace({ "fake-high": "FAIL" });
      const stdin = JSON.stringify(single([trail({ Name: "piped" })]));
      const run = await cli(["lint", "-", "s.json", "--format", "json", "--only", "fake-high"], { cwd: dir, checks: FAKES, stdin });
      assert.equal(run.code, 1, run.stderr);
      const report = JSON.parse(run.stdout) as Report;
      assert.deepEqual(report.inputs.map((i) => i.file), ["<stdin>", "s.json"]);
      assert.deepEqual(
        report.results.map((f) => [f.location?.file, f.status, f.location?.startLine]),
        [
          ["<stdin>", "PASS", 1],
          ["s.json", "FAIL", 17],
        ],
      );
    });

    it("invalid JSON or a schema violation on stdin is exit 2 naming <stdin>", async () => {
      const dir = workspace({});
      const broken = await cli(["lint", "-"], { cwd: dir, checks: FAKES, stdin: "{ nope" });
      assert.equal(broken.code, 2);
      assert.match(broken.stderr, /^cloudtrail-lint: <stdin>:1:\d+: /);
      const invalid = await cli(["lint", "-"], { cwd: dir, checks: FAKES, stdin: '{"accounts": []}' });
      assert.equal(invalid.code, 2);
      assert.match(invalid.stderr, /^cloudtrail-lint: <stdin>:1:1: does not match snapshot\.schema\.json:\n {2}at \/: must have required property 'schemaVersion'/);
      const empty = await cli(["lint", "-"], { cwd: dir, checks: FAKES, stdin: "" });
      assert.equal(empty.code, 2);
      assert.match(empty.stderr, /^cloudtrail-lint: <stdin>/);
    });

    it("- twice, or without a standard input, is bad input", async () => {
      const dir = workspace({});
      const twice = await cli(["lint", "-", "-"], { cwd: dir, checks: FAKES, stdin: "{}" });
      assert.deepEqual(twice, { code: 2, stdout: "", stderr: "cloudtrail-lint: -: standard input can be read only once (it is named 2 times)\n" });
      const none = await cli(["lint", "-"], { cwd: dir, checks: FAKES });
      assert.deepEqual(none, { code: 2, stdout: "", stderr: "cloudtrail-lint: -: there is no standard input to read a snapshot from\n" });
    });
  });

  describe("--help wraps at the terminal width", () => {
    const widest = (text: string) => Math.max(...text.split("\n").filter((l) => !l.trimStart().startsWith("$ ")).map((l) => l.length));

    for (const command of [[], ["lint"], ["iac"], ["scan"], ["collect"], ["checks"], ["athena"]]) {
      for (const columns of [70, 80, 140]) {
        it(`${["cloudtrail-lint", ...command].join(" ")} --help at ${columns} columns: no line but a command is wider`, async () => {
          const run = await cli([...command, "--help"], { cwd: workspace({}), checks: FAKES, columns });
          assert.equal(run.code, 0, run.stderr);
          assert.ok(widest(run.stdout) <= columns, `widest line ${widest(run.stdout)} > ${columns}:\n${run.stdout}`);
          if (columns === 140) assert.ok(widest(run.stdout) > 100, "a wide terminal gets long lines, not breaks at 80");
        });
      }
    }

    it("a paragraph of lint --help is one line on a wide terminal; an example command is never broken", async () => {
      const run = await cli(["lint", "--help"], { cwd: workspace({}), checks: FAKES, columns: 250 });
      assert.match(run.stdout, /^Formats: .*; at most one without a path, which goes to stdout \(or to --output\)\. Files are written atomically, and none at all when anything is wrong\.$/m);
      const narrow = await cli(["lint", "--help"], { cwd: workspace({}), checks: FAKES, columns: 50 });
      assert.match(narrow.stdout, /^ {2}\$ cloudtrail-lint lint snapshot\.json --format json --output report\.json --only multi-region-trail,global-service-events$/m);
    });

    it("without a terminal, 80 columns", async () => {
      const run = await cli(["lint", "--help"], { cwd: workspace({}), checks: FAKES });
      assert.ok(widest(run.stdout) <= 80);
      assert.ok(widest(run.stdout) > 70);
    });
  });

  describe("wrapHelp", () => {
    const text = [
      "First paragraph, written",
      "across two lines.",
      "",
      "Exit codes:",
      "  0  all good",
      "  2  bad input: a long explanation",
      "     that goes on",
      "  $ cloudtrail-lint lint a-very-long-command-line --that --must --not --break",
    ].join("\n");
    const cases: [number, string[]][] = [
      [
        200,
        [
          "First paragraph, written across two lines.",
          "",
          "Exit codes:",
          "  0  all good",
          "  2  bad input: a long explanation that goes on",
          "  $ cloudtrail-lint lint a-very-long-command-line --that --must --not --break",
        ],
      ],
      [
        24,
        [
          "First paragraph, written",
          "across two lines.",
          "",
          "Exit codes:",
          "  0  all good",
          "  2  bad input: a long",
          "     explanation that",
          "     goes on",
          "  $ cloudtrail-lint lint a-very-long-command-line --that --must --not --break",
        ],
      ],
    ];
    for (const [width, expected] of cases) {
      it(`reflows at ${width} columns`, () => assert.deepEqual(wrapHelp(text, width).split("\n"), expected));
    }
  });
});
