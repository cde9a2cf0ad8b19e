// The committed bundle dist/action.js, run in a child process like the runner runs it, on the
// example organization. All runs start together in one `before` and the assertions share them.
// What the step says (counts, outputs, annotations) is compared with the JSON report the run wrote,
// not with constants: these tests are about the plumbing, so a new check changes no line here.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type * as Sarif from "sarif";
import { SEVERITIES, type Severity } from "../../src/engine/check.js";
import type { Report } from "../../src/engine/report.js";
import type { Finding } from "../../src/engine/run.js";
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

// A root module with a local module, as a pull request would hold it (mode iac on a directory).
const TF_ROOT = `module "logs" {
  source = "./modules/logs"
  name   = "acme-trail-logs"
}

resource "aws_cloudtrail" "main" {
  name                          = "main"
  s3_bucket_name                = module.logs.bucket
  is_multi_region_trail         = true
  include_global_service_events = false
}
`;
const TF_MODULE = `variable "name" {}

resource "aws_s3_bucket" "this" {
  bucket = var.name
}

output "bucket" {
  value = aws_s3_bucket.this.id
}
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
  terraform: () =>
    runAction(workspace({ "infra/main.tf": TF_ROOT, "infra/modules/logs/main.tf": TF_MODULE, "infra/README.md": "# infra\n" }), { mode: "iac", paths: "infra", "fail-on": "critical" }),
  badMode: () => runAction(workspace({ "org.json": ORG }), { mode: "deploy", paths: "org.json" }),
  badSeverity: () => runAction(workspace({ "org.json": ORG }), { paths: "org.json", "fail-on": "severe" }),
  noPaths: () => runAction(workspace({ "org.json": ORG }), {}),
  missingFile: () => runAction(workspace({ "org.json": ORG }), { paths: "org.json\nexamples/missing.json" }),
  plugin: () =>
    runAction(
      workspace({
        "sub/org.json": ORG,
        "sub/ci/checks/acme.mjs": ACME_PLUGIN,
        // Critical, so that its annotation is among the first ten whatever the built-in checks find.
        "sub/ci/cloudtrail-lint.yml": "checks:\n  acme/no-sandbox-trails:\n    severity: critical\nsuppressions:\n  - check: acme/no-sandbox-trails\n    resource: arn:aws:cloudtrail:us-west-2:666677778888:trail/sandbox-trail\n    reason: goes away on Friday\n    expires: 2099-01-01\n",
      }),
      { "working-directory": "sub", paths: "org.json", plugins: "# Acme's own checks\n./ci/checks/acme.mjs\n", config: "ci/cloudtrail-lint.yml", "fail-on": "none" },
    ),
  badPlugin: () => runAction(workspace({ "org.json": ORG }), { paths: "org.json", plugins: "cloudtrail-lint-plugin-absent" }),
  brokenSnapshot: () => runAction(workspace({ "broken.json": '{ "accounts": [ }\n' }), { paths: "broken.json" }),
} as const;

const runs = {} as Record<keyof typeof RUNS, ActionRun>;

/** The JSON report a run wrote (its json-file output). */
function reportOf(run: ActionRun): Report {
  return JSON.parse(readFileSync(run.outputs["json-file"]!, "utf8")) as Report;
}

const rank = (severity: Severity) => SEVERITIES.length - SEVERITIES.indexOf(severity);
const unsuppressedFails = (report: Report) => report.results.filter((f) => f.status === "FAIL" && !f.suppressed);
const errorCount = (report: Report) => report.results.filter((f) => f.status === "ERROR").length;
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/** The one failure message the README promises, from the report's results. */
function expectedFailure(report: Report, failOn: Severity | "none", failOnError: boolean): string | undefined {
  const parts: string[] = [];
  const fails = failOn === "none" ? [] : unsuppressedFails(report).filter((f) => rank(f.severity) >= rank(failOn));
  if (fails.length > 0) {
    const bySeverity = SEVERITIES.map((s) => [s, fails.filter((f) => f.severity === s).length] as const)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${n} ${s}`);
    parts.push(`${plural(fails.length, "FAIL result")} at or above fail-on ${failOn} (${bySeverity.join(", ")})`);
  }
  const errors = errorCount(report);
  if (failOnError && errors > 0) parts.push(`${plural(errors, "ERROR result")} (fail-on-error is true)`);
  return parts.length === 0 ? undefined : `cloudtrail-lint: ${parts.join(" and ")}; see the job summary for the findings and their fixes`;
}

const WEIGHT: Record<Severity, number> = { critical: 10, high: 5, medium: 3, low: 1, info: 0 };

/** round(100 × Σ weight(PASS) / Σ weight(PASS + unsuppressed FAIL)), null when nothing weighted was decided. */
function readmeScore(results: readonly Pick<Finding, "status" | "severity" | "suppressed">[]): number | null {
  const pass = results.filter((f) => f.status === "PASS").reduce((n, f) => n + WEIGHT[f.severity], 0);
  const fail = results.filter((f) => f.status === "FAIL" && !f.suppressed).reduce((n, f) => n + WEIGHT[f.severity], 0);
  return pass + fail === 0 ? null : Math.round((100 * pass) / (pass + fail));
}

const LEVEL: Record<Severity, string> = { critical: "error", high: "error", medium: "warning", low: "notice", info: "notice" };

/**
 * [level, check id, line] of the annotations the README promises: every unsuppressed FAIL with a
 * file location, worst first (report order within a severity), at most 10 of each level per step,
 * less the step's own failure message (an error) and the Action's own warnings.
 */
function expectedNotes(report: Report, own: { errors: number; warnings: number }): [string, string, string][] {
  const limit: Record<string, number> = { error: 10 - own.errors, warning: 10 - own.warnings, notice: 10 };
  const used: Record<string, number> = { error: 0, warning: 0, notice: 0 };
  return unsuppressedFails(report)
    .filter((f): f is Finding & { location: NonNullable<Finding["location"]> } => f.location !== undefined)
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank(b.f.severity) - rank(a.f.severity) || a.i - b.i)
    .filter(({ f }) => used[LEVEL[f.severity]]!++ < limit[LEVEL[f.severity]]!)
    .map(({ f }) => [LEVEL[f.severity]!, f.checkId, String(f.location.startLine)]);
}

const fileNotes = (run: ActionRun) => run.annotations.filter((a) => a.properties.file !== undefined);

/** The one ::error line a failed step prints (setFailed), decoded. */
function failure(run: ActionRun): string {
  const errors = run.annotations.filter((a) => a.level === "error" && Object.keys(a.properties).length === 0);
  assert.equal(errors.length, 1, `expected one setFailed message, got:\n${run.stdout}\n${run.stderr}`);
  return errors[0]!.message;
}

describe("GitHub Action bundle (dist/action.js, spawned like the runner)", function () {
  // The before hook spawns a dozen bundles at once; on a loaded two-core machine that takes minutes.
  this.timeout(300_000);

  before(async () => {
    const entries = await Promise.all(Object.entries(RUNS).map(async ([name, start]) => [name, await start()] as const));
    for (const [name, run] of entries) runs[name as keyof typeof RUNS] = run;
  });

  describe("mode lint on the example organization, default inputs", () => {
    it("the example has FAILs at critical, high and below, and ERRORs (or these tests would prove little)", () => {
      const fails = unsuppressedFails(reportOf(runs.main));
      for (const severity of ["critical", "high", "medium"] as const) assert.ok(fails.some((f) => f.severity === severity), `no ${severity} FAIL`);
      assert.ok(errorCount(reportOf(runs.main)) > 1);
    });

    it("fails the step (fail-on low, the CLI's default too) with one message that counts the FAILs by severity", () => {
      const run = runs.main;
      assert.equal(run.code, 1, run.stderr);
      assert.equal(run.stderr, "");
      assert.equal(failure(run), expectedFailure(reportOf(run), "low", false));
      assert.match(failure(run), /^cloudtrail-lint: \d+ FAIL results at or above fail-on low \(\d+ critical, \d+ high, \d+ medium(, \d+ low)?\); see the job summary/);
    });

    it("sets every output from the JSON report", () => {
      const { outputs, workspace: ws } = runs.main;
      const dir = join(ws, "cloudtrail-lint-results");
      const report = JSON.parse(readFileSync(join(dir, "lint.json"), "utf8")) as Report;
      assert.notEqual(report.summary.score, null);
      assert.deepEqual(outputs, {
        "sarif-file": join(dir, "lint.sarif"),
        "json-file": join(dir, "lint.json"),
        "junit-file": join(dir, "lint.junit.xml"),
        score: String(report.summary.score),
        "fail-count": String(unsuppressedFails(report).length),
        "error-count": String(errorCount(report)),
        "new-count": "",
        "fixed-count": "",
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
      // Unsuppressed FAILs, and each ERROR as an undecided note.
      const main = reportOf(runs.main);
      assert.equal(log.runs[0]!.results!.length, unsuppressedFails(main).length + main.results.filter((f) => f.status === "ERROR").length);
      assert.equal(log.runs[0]!.automationDetails!.id, "cloudtrail-lint/o-a1b2c3d4e5/");
    });

    it("writes the Markdown report to the job summary", () => {
      const { summary } = runs.main;
      assert.equal(summary, golden("org.md"));
      assert.match(summary, /^## cloudtrail-lint: CloudTrail posture\n/);
      const report = reportOf(runs.main);
      assert.ok(summary.includes(`**Organization score: ${report.summary.score}/100**`));
      const security = report.accounts.find((a) => a.accountId === "333344445555")!;
      const { failures: f, counts } = security;
      const row = [security.accountId, security.accountName, security.score, f.critical, f.high, f.medium, f.low, f.info, counts.ERROR, security.suppressed];
      assert.ok(summary.includes(`\n| ${row.join(" | ")} |\n`), `no row ${row.join(" | ")}`);
    });

    it("annotates each unsuppressed FAIL at its line: critical/high as errors, worst first; medium as warnings", () => {
      const notes = fileNotes(runs.main);
      const expected = expectedNotes(reportOf(runs.main), { errors: 1, warnings: 1 });
      assert.ok(expected.length > 0);
      assert.deepEqual(
        notes.map((a) => [a.level, a.properties.title!.split(" ")[0], a.properties.line]),
        expected,
      );
      // The critical FAIL of log-bucket-no-delete, rendered in full.
      const critical = notes.find((a) => a.properties.title!.startsWith("log-bucket-no-delete (critical)"))!;
      assert.equal(critical.level, "error");
      assert.deepEqual(critical.properties, {
        title: "log-bucket-no-delete (critical): Nothing can delete CloudTrail log files",
        file: "examples/org-snapshot.json",
        line: "374",
        col: "21",
      });
      const [message, where, fix, command] = critical.message.split("\n");
      assert.match(message!, /^The bucket policy of log bucket acme-security-trail-logs grants delete paths broadly/);
      assert.equal(where, "(account 333344445555 (security), us-east-1, arn:aws:s3:::acme-security-trail-logs)");
      assert.equal(fix, "Fix:");
      assert.match(command!, /^aws s3api put-bucket-policy --bucket acme-security-trail-logs --policy '/);
      assert.match(runs.main.stdout, /^::error title=log-bucket-no-delete \(critical\)%3A Nothing can delete CloudTrail log files,file=examples\/org-snapshot.json,line=374,col=21::/m);
    });

    it("warns once about the ERROR results without failing on them", () => {
      const warnings = runs.main.annotations.filter((a) => a.level === "warning" && a.properties.file === undefined);
      assert.equal(warnings.length, 1);
      assert.equal(warnings[0]!.properties.title, "cloudtrail-lint: undecided results");
      assert.ok(warnings[0]!.message.startsWith(`${errorCount(reportOf(runs.main))} results are ERROR: `), warnings[0]!.message);
      assert.match(warnings[0]!.message, /set fail-on-error: true/);
    });

    it("prints the text report in a group, between stop-commands markers", () => {
      const m = /^::group::cloudtrail-lint report \(lint\)\n::stop-commands::([0-9a-f-]{36})\n([\s\S]*?)\n::\1::\n::endgroup::$/m.exec(runs.main.stdout);
      assert.ok(m, runs.main.stdout.slice(0, 2000));
      assert.match(m[2]!, /^cloudtrail-lint 0\.1\.0 · examples\/org-snapshot\.json \(organization o-a1b2c3d4e5, 9 accounts/);
      assert.match(m[2]!, /arn:aws:iam::333344445555:role\/IncidentResponse/);
    });
  });

  describe("fail-on and fail-on-error", () => {
    it("critical: a suppressed critical FAIL does not fail the step", () => {
      const report = reportOf(runs.critical);
      assert.ok(report.results.some((f) => f.status === "FAIL" && f.severity === "critical" && f.suppressed));
      const message = expectedFailure(report, "critical", false);
      assert.equal(runs.critical.code, message === undefined ? 0 : 1, runs.critical.stdout);
      const failures = runs.critical.annotations.filter((a) => a.level === "error" && !a.properties.file);
      assert.deepEqual(failures.map((a) => a.message), message === undefined ? [] : [message]);
    });

    it("high fails on critical and high FAILs", () => {
      assert.equal(runs.main.code, 1);
    });

    it("medium counts medium FAILs too; with fail-on-error both reasons are in the one message", () => {
      assert.equal(runs.mediumFailOnError.code, 1);
      assert.equal(failure(runs.mediumFailOnError), expectedFailure(reportOf(runs.mediumFailOnError), "medium", true));
      assert.match(failure(runs.mediumFailOnError), /\(\d+ critical, \d+ high, \d+ medium\) and \d+ ERROR results \(fail-on-error is true\)/);
    });

    it("low fails on every FAIL of the example but the info ones", () => {
      assert.equal(runs.low.code, 1);
      assert.equal(failure(runs.low), expectedFailure(reportOf(runs.low), "low", false));
      const atLeastLow = unsuppressedFails(reportOf(runs.low)).filter((f) => f.severity !== "info");
      assert.ok(failure(runs.low).startsWith(`cloudtrail-lint: ${atLeastLow.length} FAIL results at or above fail-on low (`));
    });

    it("info fails on the FAILs left after suppression", () => {
      const report = reportOf(runs.infoSuppressed);
      assert.equal(report.summary.suppressed, 1);
      assert.equal(runs.infoSuppressed.code, 1);
      assert.equal(failure(runs.infoSuppressed), expectedFailure(report, "info", false));
      assert.ok(failure(runs.infoSuppressed).startsWith(`cloudtrail-lint: ${report.results.filter((f) => f.status === "FAIL").length - 1} FAIL results at or above fail-on info (`));
    });

    it("none passes, and ERROR results alone do not fail the step by default", () => {
      assert.equal(runs.none.code, 0, runs.none.stdout);
      assert.equal(runs.none.outputs["error-count"], String(errorCount(reportOf(runs.none))));
      assert.equal(runs.none.annotations.filter((a) => a.level === "error" && !a.properties.file).length, 0);
    });

    it("none with fail-on-error: true fails on the ERROR results", () => {
      assert.equal(runs.noneFailOnError.code, 1);
      assert.equal(
        failure(runs.noneFailOnError),
        `cloudtrail-lint: ${errorCount(reportOf(runs.noneFailOnError))} ERROR results (fail-on-error is true); see the job summary for the findings and their fixes`,
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
        "fail-count": String(unsuppressedFails(report).length),
        "error-count": String(errorCount(report)),
        "new-count": "",
        "fixed-count": "",
      });
      assert.equal(report.summary.suppressed, 1);
      // The README's score: a suppressed FAIL leaves the denominator (counted in, the score would be lower).
      assert.equal(report.summary.score, readmeScore(report.results));
      const counted = report.results.map((f) => ({ ...f, suppressed: undefined }));
      assert.ok(readmeScore(counted)! < report.summary.score!, "a suppressed FAIL leaves the score");
      assert.deepEqual(readdirSync(dir).sort(), ["lint.json", "lint.md", "lint.sarif"]);
      assert.ok(!existsSync(join(ws, "cloudtrail-lint-results")));
    });

    it("drops the suppressed FAIL from the SARIF file, says so in a notification, and keeps it in the JSON report", () => {
      const log = JSON.parse(readFileSync(runs.critical.outputs["sarif-file"]!, "utf8")) as Sarif.Log;
      const validate = sarifSchema();
      assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
      const run = log.runs[0]!;
      const critical = reportOf(runs.critical);
      assert.equal(run.results!.length, unsuppressedFails(critical).length + critical.results.filter((f) => f.status === "ERROR").length);
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
      const notes = fileNotes(runs.critical);
      const report = reportOf(runs.critical);
      const failed = expectedFailure(report, "critical", false) === undefined ? 0 : 1;
      assert.deepEqual(
        notes.map((a) => [a.level, a.properties.title!.split(" ")[0], a.properties.line]),
        expectedNotes(report, { errors: failed, warnings: 2 }),
      );
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

  describe("mode iac on a Terraform directory", () => {
    it("lints the root module (not its local module on its own) and points SARIF and annotations at the .tf lines", () => {
      const log = JSON.parse(readFileSync(runs.terraform.outputs["sarif-file"]!, "utf8")) as Sarif.Log;
      const validate = sarifSchema();
      assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
      const where = (ruleId: string) =>
        log.runs[0]!.results!.filter((r) => r.ruleId === ruleId).map((r) => {
          const physical = r.locations![0]!.physicalLocation!;
          return `${physical.artifactLocation!.uri}:${physical.region!.startLine}`;
        });
      assert.deepEqual(where("global-service-events"), ["infra/main.tf:10"]);
      assert.deepEqual(where("log-bucket-object-lock"), ["infra/modules/logs/main.tf:3"]);
      const report = reportOf(runs.terraform);
      assert.deepEqual(report.inputs.map((i) => [i.file, i.source]), [["infra", "terraform"]]);
      const note = fileNotes(runs.terraform).find((a) => a.properties.title!.startsWith("global-service-events"));
      assert.deepEqual([note?.properties.file, note?.properties.line], ["infra/main.tf", "10"]);
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
        severity: "critical",
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
        { title: "acme/no-sandbox-trails (critical): No trail is named like a sandbox one", file: "sub/org.json", line: "821", col: "9" },
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
