// The committed bundle dist/action.js, run in a child process like the runner runs it, on the
// example organization (14 FAILs: 1 critical, 8 high, 5 medium; 8 ERRORs). All runs start
// together in one `before` and the assertions share them.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type * as Sarif from "sarif";
import type { Report } from "../../src/engine/report.js";
import { sarifSchema } from "../helpers/sarif-schema.js";
import { ROOT, runAction, workspace, type ActionRun } from "./helpers.js";

const ORG = { copy: "examples/org-snapshot.json" };
const golden = (name: string) => readFileSync(join(ROOT, "test", "golden", name), "utf8");

// The critical FAIL (security's log bucket) is suppressed; a second suppression has expired.
const CONFIG = `suppressions:
  - check: log-bucket-no-delete
    account: "333344445555"
    resource: arn:aws:s3:::acme-security-trail-logs
    reason: Incident-response role keeps delete until the SCP rollout (SEC-1234)
    expires: 2027-03-31
  - check: log-bucket-object-lock
    account: "333344445555"
    reason: Waiting for the COMPLIANCE-mode migration (SEC-999)
    expires: 2026-01-31
`;

// A plugin as a workspace keeps one in its repository: a module beside the config, no package.
const ACME_PLUGIN = `export default {
  meta: { name: "acme", version: "2.0.0" },
  checks: [{
    meta: {
      id: "no-sandbox-trails",
      title: "No trail is named like a sandbox one",
      severity: "high",
      rationale: "Acme tears sandboxes down weekly: a sandbox trail in the organization is a trail about to vanish.",
      reads: [{ service: "cloudtrail", operation: "DescribeTrails" }],
      messages: { ok: "Trail {{trail}} is not a sandbox trail.", sandbox: "Trail {{trail}} is a sandbox trail." },
      remediation: { text: "Move the trail out of the sandbox.", cli: ["aws cloudtrail delete-trail --name {{trailArn}}"] },
      frameworks: {},
      params: { type: "object", properties: {}, additionalProperties: false },
    },
    run(snapshot) {
      return snapshot.accounts.flatMap((account, a) => (Array.isArray(account.trails) ? account.trails : []).map((trail, t) => ({
        status: trail.Name.includes("sandbox") ? "FAIL" : "PASS",
        messageId: trail.Name.includes("sandbox") ? "sandbox" : "ok",
        accountId: account.Id,
        resource: trail.TrailARN,
        pointer: "/accounts/" + a + "/trails/" + t,
        data: { trail: trail.Name, trailArn: trail.TrailARN },
      })));
    },
  }],
};
`;

const suppressedWorkspace = () => workspace({ "sub/snapshots/org.json": ORG, "sub/ci/cloudtrail-lint.yml": CONFIG });

const RUNS = {
  main: () => runAction(workspace({ "examples/org-snapshot.json": ORG }), { paths: "examples/*.json" }),
  critical: () =>
    runAction(suppressedWorkspace(), {
      "working-directory": "sub",
      paths: "snapshots/*.json",
      config: "ci/cloudtrail-lint.yml",
      "fail-on": "critical",
      formats: "sarif",
      "output-dir": "reports",
      category: "cloudtrail-lint/pr",
    }),
  none: () => runAction(workspace({ "org.json": ORG }), { paths: "org.json", "fail-on": "none" }),
  noneFailOnError: () => runAction(workspace({ "org.json": ORG }), { paths: "org.json", "fail-on": "none", "fail-on-error": "true" }),
  mediumFailOnError: () => runAction(workspace({ "org.json": ORG }), { paths: "org.json", "fail-on": "medium", "fail-on-error": "true" }),
  low: () => runAction(workspace({ "org.json": ORG }), { paths: "org.json", "fail-on": "low" }),
  infoSuppressed: () =>
    runAction(suppressedWorkspace(), { "working-directory": "sub", paths: "snapshots/org.json", config: "ci/cloudtrail-lint.yml", "fail-on": "info" }),
  badMode: () => runAction(workspace({ "org.json": ORG }), { mode: "deploy", paths: "org.json" }),
  badSeverity: () => runAction(workspace({ "org.json": ORG }), { paths: "org.json", "fail-on": "severe" }),
  noPaths: () => runAction(workspace({ "org.json": ORG }), {}),
  missingFile: () => runAction(workspace({ "org.json": ORG }), { paths: "org.json\nexamples/missing.json" }),
  plugin: () =>
    runAction(
      workspace({
        "sub/org.json": ORG,
        "sub/ci/checks/acme.mjs": ACME_PLUGIN,
        "sub/ci/cloudtrail-lint.yml": "suppressions:\n  - check: acme/no-sandbox-trails\n    resource: arn:aws:cloudtrail:us-west-2:666677778888:trail/sandbox-trail\n    reason: goes away on Friday\n    expires: 2099-01-01\n",
      }),
      { "working-directory": "sub", paths: "org.json", plugins: "# Acme's own checks\n./ci/checks/acme.mjs\n", config: "ci/cloudtrail-lint.yml", "fail-on": "none" },
    ),
  badPlugin: () => runAction(workspace({ "org.json": ORG }), { paths: "org.json", plugins: "cloudtrail-lint-plugin-absent" }),
  brokenSnapshot: () => runAction(workspace({ "broken.json": '{ "accounts": [ }\n' }), { paths: "broken.json" }),
} as const;

const runs = {} as Record<keyof typeof RUNS, ActionRun>;

/** The one ::error line a failed step prints (setFailed), decoded. */
function failure(run: ActionRun): string {
  const errors = run.annotations.filter((a) => a.level === "error" && Object.keys(a.properties).length === 0);
  assert.equal(errors.length, 1, `expected one setFailed message, got:\n${run.stdout}\n${run.stderr}`);
  return errors[0]!.message;
}

describe("GitHub Action bundle (dist/action.js, spawned like the runner)", function () {
  this.timeout(60_000);

  before(async () => {
    const entries = await Promise.all(Object.entries(RUNS).map(async ([name, start]) => [name, await start()] as const));
    for (const [name, run] of entries) runs[name as keyof typeof RUNS] = run;
  });

  describe("mode lint on the example organization, default inputs", () => {
    it("fails the step (fail-on high) with one message that counts the FAILs by severity", () => {
      const run = runs.main;
      assert.equal(run.code, 1, run.stderr);
      assert.equal(run.stderr, "");
      assert.equal(
        failure(run),
        "cloudtrail-lint: 9 FAIL results at or above fail-on high (1 critical, 8 high); see the job summary for the findings and their fixes",
      );
    });

    it("sets every output from the JSON report", () => {
      const { outputs, workspace: ws } = runs.main;
      const dir = join(ws, "cloudtrail-lint-results");
      assert.deepEqual(outputs, {
        "sarif-file": join(dir, "lint.sarif"),
        "json-file": join(dir, "lint.json"),
        "junit-file": join(dir, "lint.junit.xml"),
        score: "36",
        "fail-count": "14",
        "error-count": "8",
      });
      assert.deepEqual(readdirSync(dir).sort(), ["lint.json", "lint.junit.xml", "lint.md", "lint.sarif"]);
    });

    it("writes the same reports as the CLI (the golden files), SARIF unchanged when nothing is suppressed", () => {
      const dir = join(runs.main.workspace, "cloudtrail-lint-results");
      assert.equal(readFileSync(join(dir, "lint.json"), "utf8"), golden("org.json"));
      assert.equal(readFileSync(join(dir, "lint.sarif"), "utf8"), golden("org.sarif"));
      assert.equal(readFileSync(join(dir, "lint.junit.xml"), "utf8"), golden("org.junit.xml"));
      assert.equal(readFileSync(join(dir, "lint.md"), "utf8"), golden("org.md"));
    });

    it("writes the SARIF file valid against the SARIF 2.1.0 schema", () => {
      const validate = sarifSchema();
      const log = JSON.parse(readFileSync(runs.main.outputs["sarif-file"]!, "utf8")) as Sarif.Log;
      assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
      assert.equal(log.runs[0]!.results!.length, 14);
      assert.equal(log.runs[0]!.automationDetails!.id, "cloudtrail-lint/o-a1b2c3d4e5/");
    });

    it("writes the Markdown report to the job summary", () => {
      const { summary } = runs.main;
      assert.equal(summary, golden("org.md"));
      assert.match(summary, /^## cloudtrail-lint: CloudTrail posture\n/);
      assert.match(summary, /\*\*Organization score: 36\/100\*\*/);
      assert.match(summary, /\| 333344445555 \| security \| 46 \| 1 \| 1 \|/);
    });

    it("annotates each unsuppressed FAIL at its line: critical/high as errors, worst first; medium as warnings", () => {
      const notes = runs.main.annotations.filter((a) => a.properties.file !== undefined);
      assert.deepEqual(
        notes.map((a) => [a.level, a.properties.title!.split(" ")[0], a.properties.line]),
        [
          ["error", "log-bucket-no-delete", "307"],
          ["error", "global-service-events", "83"],
          ["error", "multi-region-trail", "83"],
          ["error", "global-service-events", "83"],
          ["error", "multi-region-trail", "83"],
          ["error", "log-bucket-object-lock", "340"],
          ["error", "multi-region-trail", "417"],
          ["error", "global-service-events", "83"],
          ["error", "multi-region-trail", "595"],
          ["warning", "cloudwatch-logs-integration", "79"],
          ["warning", "cloudwatch-logs-integration", "79"],
          ["warning", "cloudwatch-logs-integration", "410"],
          ["warning", "data-events-tagged-buckets", "460"],
          ["warning", "cloudwatch-logs-integration", "561"],
        ],
      );
      const critical = notes[0]!;
      assert.deepEqual(critical.properties, {
        title: "log-bucket-no-delete (critical): Nothing can delete CloudTrail log files",
        file: "examples/org-snapshot.json",
        line: "307",
        col: "21",
      });
      const [message, where, fix, command] = critical.message.split("\n");
      assert.match(message!, /^The bucket policy of log bucket acme-security-trail-logs grants delete paths broadly/);
      assert.equal(where, "(account 333344445555 (security), us-east-1, arn:aws:s3:::acme-security-trail-logs)");
      assert.equal(fix, "Fix:");
      assert.match(command!, /^aws s3api put-bucket-policy --bucket acme-security-trail-logs --policy '/);
      assert.match(runs.main.stdout, /^::error title=log-bucket-no-delete \(critical\)%3A Nothing can delete CloudTrail log files,file=examples\/org-snapshot.json,line=307,col=21::/m);
    });

    it("warns once about the ERROR results without failing on them", () => {
      const warnings = runs.main.annotations.filter((a) => a.level === "warning" && a.properties.file === undefined);
      assert.equal(warnings.length, 1);
      assert.equal(warnings[0]!.properties.title, "cloudtrail-lint: undecided results");
      assert.match(warnings[0]!.message, /^8 results are ERROR: .*set fail-on-error: true/);
    });

    it("prints the text report in a group, between stop-commands markers", () => {
      const m = /^::group::cloudtrail-lint report \(lint\)\n::stop-commands::([0-9a-f-]{36})\n([\s\S]*?)\n::\1::\n::endgroup::$/m.exec(runs.main.stdout);
      assert.ok(m, runs.main.stdout.slice(0, 2000));
      assert.match(m[2]!, /^cloudtrail-lint 0\.1\.0 · examples\/org-snapshot\.json \(organization o-a1b2c3d4e5, 7 accounts/);
      assert.match(m[2]!, /arn:aws:iam::333344445555:role\/IncidentResponse/);
    });
  });

  describe("fail-on and fail-on-error", () => {
    it("critical passes when the only critical FAIL is suppressed", () => {
      assert.equal(runs.critical.code, 0, runs.critical.stdout);
      assert.equal(runs.critical.annotations.filter((a) => a.level === "error" && !a.properties.file).length, 0);
    });

    it("high fails on critical and high FAILs", () => {
      assert.equal(runs.main.code, 1);
    });

    it("medium counts medium FAILs too; with fail-on-error both reasons are in the one message", () => {
      assert.equal(runs.mediumFailOnError.code, 1);
      assert.equal(
        failure(runs.mediumFailOnError),
        "cloudtrail-lint: 14 FAIL results at or above fail-on medium (1 critical, 8 high, 5 medium) and 8 ERROR results (fail-on-error is true); see the job summary for the findings and their fixes",
      );
    });

    it("low fails on every FAIL of the example", () => {
      assert.equal(runs.low.code, 1);
      assert.match(failure(runs.low), /^cloudtrail-lint: 14 FAIL results at or above fail-on low \(1 critical, 8 high, 5 medium\);/);
    });

    it("info fails on the FAILs left after suppression", () => {
      assert.equal(runs.infoSuppressed.code, 1);
      assert.match(failure(runs.infoSuppressed), /^cloudtrail-lint: 13 FAIL results at or above fail-on info \(8 high, 5 medium\);/);
    });

    it("none passes, and ERROR results alone do not fail the step by default", () => {
      assert.equal(runs.none.code, 0, runs.none.stdout);
      assert.equal(runs.none.outputs["error-count"], "8");
      assert.equal(runs.none.annotations.filter((a) => a.level === "error" && !a.properties.file).length, 0);
    });

    it("none with fail-on-error: true fails on the ERROR results", () => {
      assert.equal(runs.noneFailOnError.code, 1);
      assert.equal(
        failure(runs.noneFailOnError),
        "cloudtrail-lint: 8 ERROR results (fail-on-error is true); see the job summary for the findings and their fixes",
      );
      assert.equal(runs.noneFailOnError.annotations.filter((a) => a.properties.title === "cloudtrail-lint: undecided results").length, 0);
    });
  });

  describe("config, suppressions, working-directory, formats, output-dir and category", () => {
    it("writes only the requested formats plus json and markdown, under working-directory/output-dir", () => {
      const { outputs, workspace: ws } = runs.critical;
      const dir = join(ws, "sub", "reports");
      const report = JSON.parse(readFileSync(join(dir, "lint.json"), "utf8")) as Report;
      assert.deepEqual(outputs, {
        "sarif-file": join(dir, "lint.sarif"),
        "json-file": join(dir, "lint.json"),
        "junit-file": "",
        score: String(report.summary.score),
        "fail-count": "13",
        "error-count": "8",
      });
      assert.equal(report.summary.suppressed, 1);
      assert.ok(report.summary.score! > 36, "a suppressed FAIL leaves the score");
      assert.deepEqual(readdirSync(dir).sort(), ["lint.json", "lint.md", "lint.sarif"]);
      assert.ok(!existsSync(join(ws, "cloudtrail-lint-results")));
    });

    it("drops the suppressed FAIL from the SARIF file, says so in a notification, and keeps it in the JSON report", () => {
      const log = JSON.parse(readFileSync(runs.critical.outputs["sarif-file"]!, "utf8")) as Sarif.Log;
      const validate = sarifSchema();
      assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
      const run = log.runs[0]!;
      assert.equal(run.results!.length, 13);
      assert.ok(run.results!.every((r) => r.suppressions === undefined && r.ruleId !== "log-bucket-no-delete"));
      assert.equal(run.automationDetails!.id, "cloudtrail-lint/pr/");
      const notes = run.invocations![0]!.toolExecutionNotifications!.filter((n) => n.level === "note");
      assert.equal(notes.length, 1);
      assert.match(notes[0]!.message.text!, /^1 suppressed FAIL result was left out: GitHub code scanning ignores SARIF suppressions/);
      const report = JSON.parse(readFileSync(runs.critical.outputs["json-file"]!, "utf8")) as Report;
      const suppressed = report.results.filter((f) => f.suppressed);
      assert.deepEqual(
        suppressed.map((f) => [f.checkId, f.accountId]),
        [["log-bucket-no-delete", "333344445555"]],
      );
    });

    it("annotates workspace-relative paths, skips the suppressed FAIL and warns about the expired suppression", () => {
      const notes = runs.critical.annotations.filter((a) => a.properties.file !== undefined);
      assert.equal(notes.length, 13);
      assert.ok(notes.every((a) => a.properties.file === "sub/snapshots/org.json"));
      assert.ok(!notes.some((a) => a.properties.title!.startsWith("log-bucket-no-delete")));
      const expired = runs.critical.annotations.filter((a) => a.properties.title === "cloudtrail-lint: expired suppression");
      assert.equal(expired.length, 1);
      assert.equal(
        expired[0]!.message,
        "Suppression of log-bucket-object-lock for 333344445555 expired on 2026-01-31 and was not applied (reason given: Waiting for the COMPLIANCE-mode migration (SEC-999)).",
      );
    });

    it("shows the suppression in the job summary", () => {
      assert.match(runs.critical.summary, /🔕 FAIL \(suppressed\)/);
      assert.match(runs.critical.summary, /Incident-response role keeps delete until the SCP rollout \(SEC-1234\)/);
    });
  });

  describe("plugins", () => {
    it("runs the plugin's checks with the built-in ones: report, SARIF rule, annotation, suppression", () => {
      const run = runs.plugin;
      assert.equal(run.code, 0, run.stdout + run.stderr);
      const report = JSON.parse(readFileSync(run.outputs["json-file"]!, "utf8")) as Report;
      assert.deepEqual(report.checks.at(-1), {
        id: "acme/no-sandbox-trails",
        title: "No trail is named like a sandbox one",
        severity: "high",
        defaultSeverity: "high",
        rationale: "Acme tears sandboxes down weekly: a sandbox trail in the organization is a trail about to vanish.",
        remediation: { text: "Move the trail out of the sandbox.", cli: ["aws cloudtrail delete-trail --name {{trailArn}}"] },
        frameworks: {},
        params: {},
        plugin: { name: "acme", version: "2.0.0" },
      });
      const fails = report.results.filter((f) => f.checkId === "acme/no-sandbox-trails" && f.status === "FAIL");
      assert.deepEqual(fails.map((f) => [f.resource, f.suppressed?.reason]), [
        ["arn:aws:cloudtrail:us-east-1:666677778888:trail/sandbox-all-regions", undefined],
        ["arn:aws:cloudtrail:us-west-2:666677778888:trail/sandbox-trail", "goes away on Friday"],
      ]);
      const sarif = JSON.parse(readFileSync(run.outputs["sarif-file"]!, "utf8")) as Sarif.Log;
      assert.ok(sarif.runs[0]!.tool.driver.rules!.some((r) => r.id === "acme/no-sandbox-trails"));
      assert.deepEqual(
        sarif.runs[0]!.results!.filter((r) => r.ruleId === "acme/no-sandbox-trails").map((r) => r.message.text?.split("\n")[0]),
        ["Trail sandbox-all-regions is a sandbox trail."],
      );
      const note = run.annotations.find((a) => a.properties.title?.startsWith("acme/no-sandbox-trails"));
      assert.deepEqual(note && [note.level, note.properties], [
        "error",
        { title: "acme/no-sandbox-trails (high): No trail is named like a sandbox one", file: "sub/org.json", line: "582", col: "9" },
      ]);
    });

    it("a plugin that is not installed fails the step with the CLI's message", () => {
      const run = runs.badPlugin;
      assert.equal(run.code, 1, run.stdout);
      assert.equal(
        failure(run),
        `cloudtrail-lint: plugin cloudtrail-lint-plugin-absent (--plugin): cannot find package "cloudtrail-lint-plugin-absent" in node_modules of ${run.workspace} or a parent directory (install it, or give a path: ./cloudtrail-lint-plugin-absent)`,
      );
      assert.equal(run.outputFile, "");
    });
  });

  describe("bad input: one message, exit 1, no outputs", () => {
    const cases: [string, keyof typeof RUNS, RegExp][] = [
      ["unknown mode", "badMode", /^cloudtrail-lint: input mode: "deploy" is not one of lint, iac, scan$/],
      ["bad fail-on severity", "badSeverity", /^cloudtrail-lint: input fail-on: "severe" is not one of critical, high, medium, low, info, none$/],
      ["no paths for mode lint", "noPaths", /^cloudtrail-lint: input paths: mode lint needs at least one file or glob \(newline- or comma-separated\)$/],
      ["a missing file", "missingFile", /^cloudtrail-lint: input paths: examples\/missing\.json: file not found \(relative to .+\)$/],
      ["a snapshot that is not JSON (reported by the CLI)", "brokenSnapshot", /^cloudtrail-lint: broken\.json:1:17: not valid JSON: value expected$/],
    ];
    for (const [label, name, message] of cases) {
      it(label, () => {
        const run = runs[name];
        assert.equal(run.code, 1, run.stdout);
        assert.match(failure(run), message);
        assert.equal(run.annotations.length, 1, run.stdout);
        assert.equal(run.outputFile, "");
        assert.equal(run.summary, "");
        assert.ok(!existsSync(join(run.workspace, "cloudtrail-lint-results")));
      });
    }
  });
});
