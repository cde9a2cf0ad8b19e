// Plugins end to end, through the CLI: the example plugin's findings on examples/org-snapshot.json in
// every reporter, config plugins relative to the config file, settings, suppressions, --only/--skip,
// `checks`, and the exit code 2 with the exact message for a plugin that is bad or cannot be loaded.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type * as Sarif from "sarif";
import { checks as builtins } from "../../src/checks/index.js";
import type { CheckMeta } from "../../src/engine/check.js";
import type { Report } from "../../src/engine/report.js";
import { schemaValidator } from "../../src/util/schemas.js";
import { checkSource, EXAMPLE_PLUGIN, pluginFile, pluginSource, ROOT } from "../plugins/helpers.js";
import { sarifSchema } from "../helpers/sarif-schema.js";
import { cli, put, tempDir } from "./helpers.js";

const ORG_SNAPSHOT = join(ROOT, "examples", "org-snapshot.json");
const ID = "example/trail-owner-tag";
const PLUGIN = "./examples/plugins/trail-owner-tag";
const trailArn = (account: string, region: string, name: string) => `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;
const SANDBOX_ALL = trailArn("666677778888", "us-east-1", "sandbox-all-regions");
const SANDBOX = trailArn("666677778888", "us-west-2", "sandbox-trail");

/** What the example plugin finds in examples/org-snapshot.json: [account, status, messageId, resource]. */
const EXPECTED = [
  ["111122223333", "PASS", "ok", trailArn("111122223333", "eu-west-1", "org-trail")],
  ["222233334444", "NOT_APPLICABLE", "none", undefined],
  ["333344445555", "PASS", "ok", trailArn("333344445555", "us-east-1", "security-audit")],
  ["444455556666", "PASS", "ok", trailArn("444455556666", "us-east-1", "prod-data-events")],
  ["555566667777", "ERROR", "collection-error", undefined],
  ["666677778888", "FAIL", "missing", SANDBOX_ALL],
  ["666677778888", "FAIL", "missing", SANDBOX],
  ["777788889999", "NOT_APPLICABLE", "suspended", undefined],
  ["888899990000", "PASS", "ok", trailArn("888899990000", "eu-west-1", "monitoring-trail")],
  ["999900001111", "PASS", "ok", trailArn("999900001111", "eu-west-1", "staging-trail")],
];

const rows = (report: Report, id = ID) =>
  report.results.filter((f) => f.checkId === id).map((f) => [f.accountId, f.status, f.messageId, f.resource]);

describe("cli plugins", () => {
  describe("the example plugin on examples/org-snapshot.json", () => {
    it("--plugin: its findings in the JSON report, under the namespaced id, after the built-in checks", async () => {
      const run = await cli(["lint", "examples/org-snapshot.json", "--plugin", PLUGIN, "--format", "json", "--fail-on", "none"], { cwd: ROOT });
      assert.equal(run.code, 3, run.stderr); // the built-in checks' ERRORs in dev
      const report = JSON.parse(run.stdout) as Report;
      assert.ok(schemaValidator("report.schema.json")(report), "the report matches its schema");
      assert.deepEqual(report.checks.map((c) => c.id), [...builtins.map((c) => c.meta.id), ID]);
      const check = report.checks.at(-1)!;
      assert.deepEqual(
        { severity: check.severity, defaultSeverity: check.defaultSeverity, params: check.params, plugin: check.plugin },
        { severity: "low", defaultSeverity: "low", params: { key: "owner" }, plugin: { name: "example", version: "1.0.0" } },
      );
      assert.equal(builtins.length > 0 && report.checks.slice(0, -1).every((c) => c.plugin === undefined), true);
      assert.deepEqual(rows(report), EXPECTED);
      const fail = report.results.find((f) => f.checkId === ID && f.resource === SANDBOX)!;
      assert.equal(fail.message, "Trail sandbox-trail has no owner tag.");
      assert.deepEqual(fail.location, { file: "examples/org-snapshot.json", startLine: 794, startColumn: 9 });
      assert.deepEqual(fail.remediation, {
        text: "Tag trail sandbox-trail with the team that owns it (owner).",
        cli: [`aws cloudtrail add-tags --region us-west-2 --resource-id ${SANDBOX} --tags-list Key=owner,Value=<owning-team>`],
      });
    });

    it("SARIF: a rule with the namespaced id, results pointing at the trails", async () => {
      const run = await cli(["lint", "examples/org-snapshot.json", "--plugin", PLUGIN, "--only", ID, "--format", "sarif"], { cwd: ROOT });
      assert.equal(run.code, 1, run.stderr);
      const log = JSON.parse(run.stdout) as Sarif.Log;
      assert.ok(sarifSchema()(log), "the SARIF log matches the SARIF 2.1.0 schema");
      const sarifRun = log.runs[0]!;
      assert.deepEqual(sarifRun.tool.driver.rules!.map((r) => [r.id, r.name, r.defaultConfiguration?.level]), [
        [ID, "ExampleTrailOwnerTag", "note"],
        [`${ID}/undecided`, "ExampleTrailOwnerTagUndecided", "note"],
      ]);
      assert.deepEqual(
        sarifRun.results!.filter((r) => r.ruleId === ID).map((r) => [r.ruleId, r.ruleIndex, r.level, r.message.text?.split("\n")[0]]),
        [
          [ID, 0, "note", "Trail sandbox-all-regions has no owner tag."],
          [ID, 0, "note", "Trail sandbox-trail has no owner tag."],
        ],
      );
      const sandbox = sarifRun.results!.find((r) => r.message.text?.startsWith("Trail sandbox-trail has no owner tag."));
      assert.deepEqual(sandbox?.locations?.[0]?.physicalLocation?.region, { startLine: 794, startColumn: 9 });
    });

    it("text, JUnit and Markdown name the check by its namespaced id", async () => {
      const dir = tempDir();
      const run = await cli(
        ["lint", ORG_SNAPSHOT, "--plugin", EXAMPLE_PLUGIN, "--only", ID, "--format", "text", "--format", `junit=${join(dir, "j.xml")}`, "--format", `markdown=${join(dir, "r.md")}`, "--quiet"],
        { cwd: dir },
      );
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stdout, /FAIL\s+low\s+example\/trail-owner-tag\s+Trail sandbox-trail has no owner tag\./);
      assert.match(readFileSync(join(dir, "j.xml"), "utf8"), /<testcase classname="example\/trail-owner-tag"/);
      assert.match(readFileSync(join(dir, "r.md"), "utf8"), /LOW · example\/trail-owner-tag · /);
    });

    it("score: weighted like a built-in check (5 PASS, 2 FAIL at low: 71)", async () => {
      const run = await cli(["lint", "examples/org-snapshot.json", "--plugin", PLUGIN, "--only", ID, "--format", "json"], { cwd: ROOT });
      const report = JSON.parse(run.stdout) as Report;
      assert.deepEqual([report.summary.score, report.summary.failures.low, report.summary.counts.ERROR], [71, 2, 1]);
    });

    it("--skip leaves it out; --only with a built-in id runs that alone", async () => {
      const skip = await cli(["lint", "examples/org-snapshot.json", "--plugin", PLUGIN, "--skip", ID, "--format", "json", "--fail-on", "none"], { cwd: ROOT });
      assert.deepEqual((JSON.parse(skip.stdout) as Report).checks.map((c) => c.id), builtins.map((c) => c.meta.id));
      const only = await cli(["lint", "examples/org-snapshot.json", "--plugin", PLUGIN, "--only", "multi-region-trail", "--format", "json", "--fail-on", "none"], { cwd: ROOT });
      assert.deepEqual((JSON.parse(only.stdout) as Report).checks.map((c) => c.id), ["multi-region-trail"]);
    });
  });

  describe("config", () => {
    /** A config in a fresh directory, naming the example plugin by its absolute path. */
    function configured(extra: string): string {
      const dir = tempDir();
      put(dir, ".cloudtrail-lint.yml", `plugins:\n  - ${EXAMPLE_PLUGIN}\n${extra}`);
      return dir;
    }

    it("plugins: loads it; checks.<plugin>/<id> sets severity and params", async () => {
      const dir = configured(`checks:\n  ${ID}:\n    severity: high\n    params: { key: team }\n`);
      const run = await cli(["lint", ORG_SNAPSHOT, "--only", ID, "--format", "json"], { cwd: dir });
      assert.equal(run.code, 1, run.stderr);
      const report = JSON.parse(run.stdout) as Report;
      assert.deepEqual(report.checks.map((c) => [c.id, c.severity, c.params]), [[ID, "high", { key: "team" }]]);
      // Nobody tags a trail "team": every trail FAILs, at high.
      assert.deepEqual(report.results.filter((f) => f.status === "FAIL").map((f) => [f.severity, f.message]), [
        ["high", "Trail org-trail has no team tag."],
        ["high", "Trail security-audit has no team tag."],
        ["high", "Trail prod-data-events has no team tag."],
        ["high", "Trail sandbox-all-regions has no team tag."],
        ["high", "Trail sandbox-trail has no team tag."],
        ["high", "Trail monitoring-trail has no team tag."],
        ["high", "Trail staging-trail has no team tag."],
      ]);
    });

    it("a suppression with check: <plugin>/<id> suppresses its FAIL, out of the exit code and the score", async () => {
      const dir = configured(
        `suppressions:\n  - check: ${ID}\n    resource: ${SANDBOX}\n    reason: sandbox is torn down weekly\n    expires: 2099-12-31\n` +
          `  - check: ${ID}\n    resource: ${SANDBOX_ALL}\n    reason: same sandbox\n    expires: 2099-12-31\n`,
      );
      const run = await cli(["lint", ORG_SNAPSHOT, "--only", ID, "--format", "json"], { cwd: dir });
      assert.equal(run.code, 3, run.stderr); // no failing FAIL left, one ERROR
      const report = JSON.parse(run.stdout) as Report;
      assert.deepEqual(
        report.results.filter((f) => f.status === "FAIL").map((f) => [f.resource, f.suppressed?.reason]),
        [
          [SANDBOX_ALL, "same sandbox"],
          [SANDBOX, "sandbox is torn down weekly"],
        ],
      );
      assert.deepEqual([report.summary.score, report.summary.suppressed, report.summary.failures.low], [100, 2, 0]);
    });

    it("a relative plugin path starts at the config file's directory, and the config names it in errors", async () => {
      const dir = tempDir();
      put(dir, "ci/.cloudtrail-lint.yml", "failOn: high\nplugins:\n  - ./rules/acme.mjs\n  - ./rules/missing.mjs\n");
      pluginFile(dir, "ci/rules/acme.mjs", pluginSource("acme", checkSource("fine")));
      const run = await cli(["lint", ORG_SNAPSHOT, "--config", "ci/.cloudtrail-lint.yml"], { cwd: dir });
      assert.equal(run.code, 2);
      assert.equal(run.stdout, "");
      assert.equal(run.stderr, `cloudtrail-lint: plugin ./rules/missing.mjs (ci/.cloudtrail-lint.yml:4:5): no such file or directory: ${join(dir, "ci/rules/missing.mjs")}\n`);
      put(dir, "ci/.cloudtrail-lint.yml", "plugins:\n  - ./rules/acme.mjs\nchecks:\n  acme/fine:\n    params: { level: 3 }\n");
      const ok = await cli(["lint", ORG_SNAPSHOT, "--config", "ci/.cloudtrail-lint.yml", "--only", "acme/fine", "--format", "json"], { cwd: dir });
      assert.equal(ok.code, 0, ok.stderr);
      const report = JSON.parse(ok.stdout) as Report;
      assert.deepEqual(report.checks.map((c) => [c.id, c.params, c.plugin]), [["acme/fine", { level: 3 }, { name: "acme", version: "0.0.1" }]]);
      assert.equal(report.results.length, 9);
    });

    it("a plugin check's params are validated against its schema, naming the config line", async () => {
      const dir = configured(`checks:\n  ${ID}:\n    params: { key: "", color: red }\n`);
      const run = await cli(["lint", ORG_SNAPSHOT], { cwd: dir });
      assert.equal(run.code, 2);
      assert.equal(
        run.stderr,
        `cloudtrail-lint: .cloudtrail-lint.yml:5:5: /checks/example~1trail-owner-tag/params: invalid params for check ${ID}:\n  at /: has unknown property "color"\n  at /key: must NOT have fewer than 1 characters\n`,
      );
    });

    it("a plugin's check id in the config without the plugin: unknown, saying which plugin is missing", async () => {
      const dir = tempDir();
      put(dir, ".cloudtrail-lint.yml", `suppressions:\n  - check: ${ID}\n    reason: r\n    expires: 2099-01-01\n`);
      const run = await cli(["lint", ORG_SNAPSHOT], { cwd: dir });
      assert.equal(run.code, 2);
      assert.equal(
        run.stderr,
        `cloudtrail-lint: .cloudtrail-lint.yml:2:5: /suppressions/0/check: unknown check id "${ID}" (no plugin named "example" is loaded: name it under plugins: in the config or with --plugin)\n`,
      );
      const only = await cli(["lint", ORG_SNAPSHOT, "--only", ID], { cwd: tempDir() });
      assert.equal(only.stderr, `cloudtrail-lint: --only: unknown check id "${ID}" (no plugin named "example" is loaded: name it under plugins: in the config or with --plugin)\n`);
      const typo = await cli(["lint", ORG_SNAPSHOT, "--plugin", EXAMPLE_PLUGIN, "--only", "example/trail-owner-tags"], { cwd: tempDir() });
      assert.equal(typo.stderr, `cloudtrail-lint: --only: unknown check id "example/trail-owner-tags" (did you mean "${ID}"?)\n`);
    });
  });

  describe("bad plugins exit 2 with one message, and nothing is written", () => {
    it("a plugin with bad metadata", async () => {
      const dir = tempDir();
      pluginFile(dir, "bad.mjs", pluginSource("acme", checkSource("one", { severity: "urgent" })));
      const run = await cli(["lint", ORG_SNAPSHOT, "--plugin", "./bad.mjs", "--format", "json=out.json"], { cwd: dir });
      assert.deepEqual(run, {
        code: 2,
        stdout: "",
        stderr: 'cloudtrail-lint: plugin ./bad.mjs (--plugin): check "one" (checks[0]) has invalid metadata:\n  meta.severity: must be one of critical, high, medium, low, info (got "urgent")\n',
      });
      assert.equal(existsSync(join(dir, "out.json")), false);
    });

    it("a plugin that cannot be loaded, on lint, iac and scan alike (scan before any AWS call)", async () => {
      const dir = tempDir();
      put(dir, "broken.mjs", 'import "./not-there.mjs";\n');
      const message = /^cloudtrail-lint: plugin \.\/broken\.mjs \(--plugin\): cannot be loaded from broken\.mjs: Cannot find module '.*not-there\.mjs' imported from .*broken\.mjs\n$/;
      for (const argv of [["lint", ORG_SNAPSHOT], ["iac", join(ROOT, "examples/iac/blog.yaml")], ["scan", "--regions", "us-east-1"]]) {
        const run = await cli([...argv, "--plugin", "./broken.mjs"], { cwd: dir });
        assert.equal(run.code, 2, argv[0]);
        assert.match(run.stderr, message, argv[0]);
      }
    });

    it("a plugin package that is not installed", async () => {
      const dir = tempDir();
      const run = await cli(["lint", ORG_SNAPSHOT, "--plugin", "cloudtrail-lint-plugin-nowhere"], { cwd: dir });
      assert.equal(run.code, 2);
      assert.equal(
        run.stderr,
        `cloudtrail-lint: plugin cloudtrail-lint-plugin-nowhere (--plugin): cannot find package "cloudtrail-lint-plugin-nowhere" in node_modules of ${dir} or a parent directory (install it, or give a path: ./cloudtrail-lint-plugin-nowhere)\n`,
      );
    });

    it("two plugins with one name", async () => {
      const dir = tempDir();
      pluginFile(dir, "other.mjs", pluginSource("example", checkSource("trail-owner-tag")));
      const run = await cli(["lint", ORG_SNAPSHOT, "--plugin", EXAMPLE_PLUGIN, "--plugin", "./other.mjs"], { cwd: dir });
      assert.equal(run.code, 2);
      assert.equal(run.stderr, `cloudtrail-lint: plugin ./other.mjs (--plugin): its name "example" is taken by plugin ${EXAMPLE_PLUGIN} (--plugin); set another meta.name in one of them\n`);
    });
  });

  describe("a plugin check that misbehaves at run time is ERROR, like a built-in one (exit 3, not 4)", () => {
    for (const [label, body, reason] of [
      ["throws", 'throw new Error("no tags today");', "no tags today"],
      ["returns no list", "return 42;", "run() returned 42, not a list of results"],
      ["is async", "return Promise.resolve([]);", "run() returned a Promise (run must not be async), not a list of results"],
      ["returns a bad result", 'return [{ status: "OK", messageId: "ok", accountId: "1" }];', 'run() returned a result without a valid status, messageId and accountId: {"status":"OK","messageId":"ok","accountId":"1"}'],
    ] as const) {
      it(label, async () => {
        const dir = tempDir();
        pluginFile(dir, "p.mjs", pluginSource("acme", checkSource("flaky", {}, body)));
        const run = await cli(["lint", ORG_SNAPSHOT, "--plugin", "./p.mjs", "--only", "acme/flaky", "--format", "json"], { cwd: dir });
        assert.equal(run.code, 3, run.stderr);
        const report = JSON.parse(run.stdout) as Report;
        assert.deepEqual([...new Set(report.results.map((f) => `${f.status} ${f.messageId}: ${f.message}`))], [`ERROR internal-error: Internal error in check acme/flaky: ${reason}`]);
        assert.equal(report.results.length, 9);
      });
    }
  });

  describe("checks", () => {
    it("--plugin lists the plugin's checks after the built-in ones, with namespaced ids", async () => {
      const run = await cli(["checks", "--format", "json", "--plugin", PLUGIN], { cwd: ROOT });
      assert.equal(run.code, 0, run.stderr);
      const metas = JSON.parse(run.stdout) as CheckMeta[];
      assert.deepEqual(metas.map((m) => m.id), [...builtins.map((c) => c.meta.id), ID]);
    });

    it("loads the config's plugins", async () => {
      const dir = tempDir();
      put(dir, ".cloudtrail-lint.yml", `plugins: [${JSON.stringify(EXAMPLE_PLUGIN)}]\n`);
      const run = await cli(["checks"], { cwd: dir });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^example\/trail-owner-tag\s+low\s+Every trail carries an owner tag\n\s+params \(defaults\): \{"key":"owner"\}$/m);
    });
  });
});
