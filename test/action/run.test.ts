// The Action's logic in-process (src/action): inputs, the argv each mode maps to, how CLI
// failures are reported, the verdict per fail-on, annotations, and the SARIF post-processing.
// A recording host stands in for @actions/core; a stub stands in for the CLI where the command
// (iac, scan) is not the subject or not there.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { readInputs, inputVariable, splitList, type ActionInputs } from "../../src/action/inputs.js";
import {
  annotations,
  ANNOTATIONS_PER_LEVEL,
  buildArgv,
  dropSuppressed,
  outputFiles,
  runAction,
  untrusted,
  verdict,
  type ActionHost,
  type AnnotationLevel,
  type AnnotationProperties,
  type Cli,
} from "../../src/action/run.js";
import { runCli } from "../../src/cli/program.js";
import type { Report } from "../../src/engine/report.js";
import { toSarif } from "../../src/reporters/sarif.js";
import { fullReport, finding, makeReport } from "../helpers/report.js";
import { ROOT, tempDir, workspace } from "./helpers.js";

type Env = Record<string, string | undefined>;

/** INPUT_* variables for the given inputs (unset ones take the defaults). */
function env(inputs: Record<string, string>, extra: Env = {}): Env {
  return { ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [inputVariable(k), v])), ...extra };
}

class RecordingHost implements ActionHost {
  log: string[] = [];
  notes: { level: AnnotationLevel; message: string; properties?: AnnotationProperties }[] = [];
  outputs: Record<string, string> = {};
  failed: string[] = [];
  summaries: string[] = [];
  info(text: string) {
    this.log.push(text);
  }
  startGroup(name: string) {
    this.log.push(`[group ${name}]`);
  }
  endGroup() {
    this.log.push("[endgroup]");
  }
  annotate(level: AnnotationLevel, message: string, properties?: AnnotationProperties) {
    this.notes.push({ level, message, ...(properties ? { properties } : {}) });
  }
  setOutput(name: string, value: string) {
    this.outputs[name] = value;
  }
  setFailed(message: string) {
    this.failed.push(message);
  }
  async writeSummary(markdown: string) {
    this.summaries.push(markdown);
  }
}

/** A CLI stand-in that records its calls and answers as told. */
function stubCli(answer: (argv: readonly string[], write: { stdout(t: string): void; stderr(t: string): void; cwd: string }) => number) {
  const calls: { argv: readonly string[]; cwd: string | undefined }[] = [];
  const cli: Cli = async (argv, io) => {
    calls.push({ argv, cwd: io.cwd });
    return answer(argv, { stdout: io.stdout, stderr: io.stderr, cwd: io.cwd! });
  };
  return { cli, calls };
}

const UNKNOWN_COMMAND = (argv: readonly string[], io: { stderr(t: string): void }) => {
  io.stderr(`error: unknown command '${argv[0]}'\n(add --help for usage)\n`);
  return 2;
};

describe("action inputs", () => {
  it("names the variables as the runner does: INPUT_, upper-case, spaces to _, dashes kept", () => {
    assert.equal(inputVariable("fail-on"), "INPUT_FAIL-ON");
    assert.equal(inputVariable("working-directory"), "INPUT_WORKING-DIRECTORY");
    assert.equal(inputVariable("some input"), "INPUT_SOME_INPUT");
  });

  it("takes the defaults for unset and blank inputs", () => {
    const inputs = readInputs(env({ paths: "a.json", "fail-on": "  ", formats: "" }));
    assert.deepEqual(inputs, {
      mode: "lint",
      paths: ["a.json"],
      plugins: [],
      regions: [],
      accounts: [],
      failOn: "low",
      failOnError: false,
      formats: ["sarif", "json", "junit", "markdown"],
      outputDir: "cloudtrail-lint-results",
      workingDirectory: ".",
      varFiles: [],
      vars: [],
      failOnNewOnly: false,
    } satisfies ActionInputs);
  });

  it("reads Terraform variables files (a list) and variables (one per line: a value may hold commas) for mode iac", () => {
    const inputs = readInputs(env({ mode: "iac", paths: "infra", "var-files": "prod.tfvars, secrets.auto.tfvars", vars: 'regions=["eu-west-1", "us-east-1"]\n# the trail\nname=main\n' }));
    assert.deepEqual([inputs.varFiles, inputs.vars], [["prod.tfvars", "secrets.auto.tfvars"], ['regions=["eu-west-1", "us-east-1"]', "name=main"]]);
  });

  it("reads plugins one per line, for every mode", () => {
    assert.deepEqual(readInputs(env({ paths: "a.json", plugins: "cloudtrail-lint-plugin-acme\n# ours\n./ci/checks/index.js\n" })).plugins, [
      "cloudtrail-lint-plugin-acme",
      "./ci/checks/index.js",
    ]);
    assert.deepEqual(readInputs(env({ mode: "scan", plugins: "@acme/cloudtrail-lint-plugin" })).plugins, ["@acme/cloudtrail-lint-plugin"]);
  });

  it("splits lists on newlines and commas, trims, and drops blanks and # comment lines", () => {
    assert.deepEqual(splitList("a.json, b.json\n# snapshots of prod\n\n  c/*.json ,\r\nd.json"), ["a.json", "b.json", "c/*.json", "d.json"]);
  });

  it("adds json and markdown to formats, keeps the order given and drops repeats", () => {
    assert.deepEqual(readInputs(env({ paths: "a.json", formats: "text, sarif,sarif" })).formats, ["text", "sarif", "json", "markdown"]);
  });

  it("reads every scan input", () => {
    const inputs = readInputs(
      env({ mode: "scan", "role-name": "Audit", regions: "eu-west-1\nus-east-1", accounts: "111122223333, 444455556666", "fail-on": "none", "fail-on-error": "TRUE", category: "nightly", config: "ci/c.yml" }),
    );
    assert.deepEqual(inputs, {
      mode: "scan",
      paths: [],
      config: "ci/c.yml",
      plugins: [],
      roleName: "Audit",
      regions: ["eu-west-1", "us-east-1"],
      accounts: ["111122223333", "444455556666"],
      failOn: "none",
      failOnError: true,
      formats: ["sarif", "json", "junit", "markdown"],
      outputDir: "cloudtrail-lint-results",
      category: "nightly",
      workingDirectory: ".",
      varFiles: [],
      vars: [],
      failOnNewOnly: false,
    } satisfies ActionInputs);
  });

  const bad: [string, Record<string, string>, string][] = [
    ["unknown mode", { mode: "Lint", paths: "a.json" }, `input mode: "Lint" is not one of lint, iac, scan`],
    ["bad severity", { paths: "a.json", "fail-on": "severe" }, `input fail-on: "severe" is not one of critical, high, medium, low, info, none`],
    ["bad boolean", { paths: "a.json", "fail-on-error": "yes" }, `input fail-on-error: "yes" is not a boolean (use true or false)`],
    ["no paths for lint", {}, "input paths: mode lint needs at least one file or glob (newline- or comma-separated)"],
    ["only comments for iac", { mode: "iac", paths: "# none yet" }, "input paths: mode iac needs at least one file or glob (newline- or comma-separated)"],
    ["paths for scan", { mode: "scan", paths: "a.json" }, "input paths: mode scan reads AWS, not files; remove paths or use mode lint (snapshots) or iac (templates and plans)"],
    ["scan inputs for lint", { paths: "a.json", "role-name": "Audit", accounts: "111122223333" }, "input role-name, accounts: only used in mode scan (mode is lint)"],
    ["unknown format", { paths: "a.json", formats: "sarif,pdf" }, `input formats: unknown format "pdf" (available: text, json, sarif, junit, markdown, html)`],
    ["Terraform variables for lint", { paths: "a.json", "var-files": "prod.tfvars", vars: "a=1" }, "input var-files, vars: only used in mode iac, for Terraform configuration (mode is lint)"],
    ["a variable without =", { mode: "iac", paths: "infra", vars: "region" }, 'input vars: "region" is not NAME=VALUE'],
  ];
  for (const [name, inputs, message] of bad) {
    it(`rejects ${name}`, () => {
      assert.throws(() => readInputs(env(inputs)), { name: "InputError", message });
    });
  }
});

describe("action argv", () => {
  const out = new Map([
    ["sarif", "/ws/out/m.sarif"],
    ["json", "/ws/out/m.json"],
  ]);
  const base: Omit<ActionInputs, "mode"> = { paths: [], plugins: [], regions: [], accounts: [], failOn: "high", failOnError: false, formats: ["sarif", "json"], outputDir: "out", workingDirectory: ".", varFiles: [], vars: [], failOnNewOnly: false };

  it("lint: the lint command, options as --name=value, the text report on stdout, then -- and the files", () => {
    assert.deepEqual(buildArgv({ ...base, mode: "lint", config: "-c.yml", category: "cat/", plugins: ["cloudtrail-lint-plugin-acme", "./-odd plugin"] }, ["-odd.json", "b.json"], out), [
      "lint",
      "--fail-on=none",
      "--quiet",
      "--format=text",
      "--format=sarif=/ws/out/m.sarif",
      "--format=json=/ws/out/m.json",
      "--config=-c.yml",
      "--category=cat/",
      "--plugin=cloudtrail-lint-plugin-acme",
      "--plugin=./-odd plugin",
      "--",
      "-odd.json",
      "b.json",
    ]);
  });

  it("iac: the iac command with the same options and the files", () => {
    assert.deepEqual(buildArgv({ ...base, mode: "iac" }, ["templates/trail.yaml", "plans/prod.tfplan.json"], out), [
      "iac",
      "--fail-on=none",
      "--quiet",
      "--format=text",
      "--format=sarif=/ws/out/m.sarif",
      "--format=json=/ws/out/m.json",
      "--",
      "templates/trail.yaml",
      "plans/prod.tfplan.json",
    ]);
    assert.deepEqual(buildArgv({ ...base, mode: "iac", varFiles: ["prod.tfvars"], vars: ["name=main"] }, ["infra"], out).slice(6), ["--var-file=prod.tfvars", "--var=name=main", "--", "infra"]);
  });

  it("scan: the scan command with role name, regions and accounts comma-joined, and no files", () => {
    assert.deepEqual(buildArgv({ ...base, mode: "scan", roleName: "Audit", regions: ["eu-west-1", "us-east-1"], accounts: ["111122223333"] }, [], out), [
      "scan",
      "--fail-on=none",
      "--quiet",
      "--format=text",
      "--format=sarif=/ws/out/m.sarif",
      "--format=json=/ws/out/m.json",
      "--role-name=Audit",
      "--regions=eu-west-1,us-east-1",
      "--accounts=111122223333",
      "--save-snapshot=/ws/out/scan.snapshot.json",
    ]);
  });

  it("names the files after the mode in output-dir", () => {
    const files = outputFiles(readInputs(env({ mode: "iac", paths: "a.yaml", formats: "sarif,junit,text" })), "/ws/r");
    assert.deepEqual(Object.fromEntries(files), {
      sarif: "/ws/r/iac.sarif",
      junit: "/ws/r/iac.junit.xml",
      text: "/ws/r/iac.txt",
      json: "/ws/r/iac.json",
      markdown: "/ws/r/iac.md",
    });
  });
});

describe("runAction with a stand-in CLI", () => {
  it("mode iac passes the expanded files to the iac command; an unknown command is one clear failure", async () => {
    // infra/ci.yaml is not a template: the glob skips it, as the iac command skips it in a directory.
    const template = "Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n";
    const ws = workspace({ "infra/cloudtrail.yaml": template, "infra/ci.yaml": "on: push\n", "infra/nested/logs.yaml": template, "plans/prod.tfplan.json": "{}" });
    const { cli, calls } = stubCli(UNKNOWN_COMMAND);
    const host = new RecordingHost();
    await runAction({ env: env({ mode: "iac", paths: "infra/**/*.yaml\nplans/prod.tfplan.json", category: "cloudtrail-lint/iac/" }, { GITHUB_WORKSPACE: ws }), cli, host });
    const dir = join(ws, "cloudtrail-lint-results");
    assert.deepEqual(calls, [
      {
        argv: [
          "iac",
          "--fail-on=none",
          "--quiet",
          "--format=text",
          `--format=sarif=${dir}/iac.sarif`,
          `--format=json=${dir}/iac.json`,
          `--format=junit=${dir}/iac.junit.xml`,
          `--format=markdown=${dir}/iac.md`,
          "--category=cloudtrail-lint/iac/",
          "--",
          "infra/cloudtrail.yaml",
          "infra/nested/logs.yaml",
          "plans/prod.tfplan.json",
        ],
        cwd: ws,
      },
    ]);
    assert.deepEqual(host.failed, [
      'cloudtrail-lint: mode iac needs the "iac" command, which cloudtrail-lint 0.1.0 in this Action does not have; use a release of the Action that supports mode iac',
    ]);
    assert.deepEqual(host.outputs, {});
    assert.deepEqual(host.summaries, []);
    assert.deepEqual(host.notes, []);
  });

  it("mode scan runs the scan command in working-directory, without files", async () => {
    const ws = workspace({ "ci/.keep": "" });
    const { cli, calls } = stubCli(UNKNOWN_COMMAND);
    const host = new RecordingHost();
    await runAction({
      env: env({ mode: "scan", "role-name": "Audit", regions: "eu-west-1,us-east-1", accounts: "111122223333", "working-directory": "ci", formats: "sarif" }, { GITHUB_WORKSPACE: ws }),
      cli,
      host,
    });
    const dir = join(ws, "ci", "cloudtrail-lint-results");
    assert.deepEqual(calls, [
      {
        argv: [
          "scan",
          "--fail-on=none",
          "--quiet",
          "--format=text",
          `--format=sarif=${dir}/scan.sarif`,
          `--format=json=${dir}/scan.json`,
          `--format=markdown=${dir}/scan.md`,
          "--role-name=Audit",
          "--regions=eu-west-1,us-east-1",
          "--accounts=111122223333",
          `--save-snapshot=${dir}/scan.snapshot.json`,
        ],
        cwd: join(ws, "ci"),
      },
    ]);
    assert.equal(host.failed.length, 1);
    assert.match(host.failed[0]!, /^cloudtrail-lint: mode scan needs the "scan" command/);
  });

  it("recognises the real CLI's unknown-command error", async () => {
    const ws = workspace({ "org.json": readFileSync(join(ROOT, "examples/org-snapshot.json"), "utf8") });
    const host = new RecordingHost();
    // The real CLI, asked for a command it does not have.
    const cli: Cli = (argv, io) => runCli([`${argv[0]}-next`, ...argv.slice(1)], io);
    await runAction({ env: env({ paths: "org.json" }, { GITHUB_WORKSPACE: ws }), cli, host });
    assert.deepEqual(host.failed, [
      'cloudtrail-lint: mode lint needs the "lint-next" command, which cloudtrail-lint 0.1.0 in this Action does not have; use a release of the Action that supports mode lint',
    ]);
    assert.deepEqual(host.outputs, {});
  });

  it("passes the CLI's bad-input message on as the one failure, without commander's usage hint", async () => {
    const ws = workspace({ "a.json": "{}" });
    const { cli } = stubCli((_argv, io) => {
      io.stderr("error: unknown option '--quiet'\n(add --help for usage)\n");
      return 2;
    });
    const host = new RecordingHost();
    await runAction({ env: env({ paths: "a.json" }, { GITHUB_WORKSPACE: ws }), cli, host });
    assert.deepEqual(host.failed, ["error: unknown option '--quiet'"]);
    assert.deepEqual(host.outputs, {});
  });

  it("reports an internal error of the CLI with its text", async () => {
    const ws = workspace({ "a.json": "{}" });
    const { cli } = stubCli((_argv, io) => {
      io.stderr("cloudtrail-lint: internal error: Error: boom\n    at x\n");
      return 4;
    });
    const host = new RecordingHost();
    await runAction({ env: env({ paths: "a.json" }, { GITHUB_WORKSPACE: ws }), cli, host });
    assert.deepEqual(host.failed, ["cloudtrail-lint: internal error: Error: boom\n    at x"]);
  });

  it("a report without file locations (a live scan) gets outputs and a verdict but no file annotations", async () => {
    const ws = tempDir();
    const golden = JSON.parse(readFileSync(join(ROOT, "test/golden/org.json"), "utf8")) as Report;
    for (const f of golden.results) delete f.location;
    const { cli } = stubCli((argv, io) => {
      const target = (format: string) => argv.find((a) => a.startsWith(`--format=${format}=`))!.slice(`--format=${format}=`.length);
      writeFile(target("json"), `${JSON.stringify(golden, null, 2)}\n`);
      writeFile(target("markdown"), "## cloudtrail-lint\n");
      writeFile(target("sarif"), `${JSON.stringify(toSarif(golden), null, 2)}\n`);
      writeFile(target("junit"), "<testsuites/>\n");
      io.stdout("text report\n");
      return 3;
    });
    const host = new RecordingHost();
    await runAction({ env: env({ mode: "scan" }, { GITHUB_WORKSPACE: ws }), cli, host });
    const dir = join(ws, "cloudtrail-lint-results");
    assert.deepEqual(host.outputs, {
      "sarif-file": join(dir, "scan.sarif"),
      "json-file": join(dir, "scan.json"),
      "junit-file": join(dir, "scan.junit.xml"),
      score: String(golden.summary.score),
      "fail-count": String(golden.results.filter((f) => f.status === "FAIL" && !f.suppressed).length),
      "error-count": String(golden.results.filter((f) => f.status === "ERROR").length),
      "new-count": "",
      "fixed-count": "",
    });
    assert.deepEqual(host.summaries, ["## cloudtrail-lint\n"]);
    assert.deepEqual(
      host.notes.map((n) => [n.level, n.properties?.title]),
      [["warning", "cloudtrail-lint: undecided results"]],
    );
    // The default fail-on is low, the CLI's: every unsuppressed FAIL but an info one counts.
    const failing = golden.results.filter((f) => f.status === "FAIL" && !f.suppressed && f.severity !== "info");
    const count = (severity: string) => failing.filter((f) => f.severity === severity).length;
    assert.ok(count("critical") > 0 && count("high") > 0 && count("medium") > 0 && count("low") > 0, "the example has FAILs at each severity from critical to low");
    assert.deepEqual(host.failed, [
      `cloudtrail-lint: ${failing.length} FAIL results at or above fail-on low (${count("critical")} critical, ${count("high")} high, ${count("medium")} medium, ${count("low")} low); see the job summary for the findings and their fixes`,
    ]);
    assert.ok(host.log.includes("text report"));
  });

  it("rejects a working-directory that is not a directory", async () => {
    const ws = workspace({ "a.json": "{}" });
    const { cli, calls } = stubCli(() => 0);
    const host = new RecordingHost();
    await runAction({ env: env({ paths: "a.json", "working-directory": "a.json" }, { GITHUB_WORKSPACE: ws }), cli, host });
    assert.deepEqual(host.failed, [`cloudtrail-lint: input working-directory: a.json: not a directory (relative to ${ws})`]);
    assert.equal(calls.length, 0);
  });

  it("rejects a glob that matches nothing before running the CLI", async () => {
    const ws = workspace({ "a.json": "{}" });
    const { cli, calls } = stubCli(() => 0);
    const host = new RecordingHost();
    await runAction({ env: env({ paths: "snapshots/*.json" }, { GITHUB_WORKSPACE: ws }), cli, host });
    assert.deepEqual(host.failed, [`cloudtrail-lint: input paths: snapshots/*.json: matched no files (relative to ${ws})`]);
    assert.equal(calls.length, 0);
    assert.deepEqual(host.outputs, {});
  });
});

function writeFile(path: string, content: string) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

describe("verdict", () => {
  // Unsuppressed FAILs at medium, low and info; a suppressed high FAIL; one ERROR.
  const report = makeReport({
    findings: [
      finding({ checkId: "a-medium", severity: "medium", status: "FAIL" }),
      finding({ checkId: "b-low", severity: "low", status: "FAIL" }),
      finding({ checkId: "c-info", severity: "info", status: "FAIL" }),
      finding({ checkId: "d-high", severity: "high", status: "FAIL", suppressed: { reason: "accepted", expires: "2027-01-01" } }),
      finding({ checkId: "e-high", severity: "high", status: "PASS" }),
      finding({ checkId: "f-critical", severity: "critical", status: "ERROR" }),
    ],
  });
  const tail = "; see the job summary for the findings and their fixes";
  const expected: [string, string | undefined][] = [
    ["critical", undefined],
    ["high", undefined],
    ["medium", `cloudtrail-lint: 1 FAIL result at or above fail-on medium (1 medium)${tail}`],
    ["low", `cloudtrail-lint: 2 FAIL results at or above fail-on low (1 medium, 1 low)${tail}`],
    ["info", `cloudtrail-lint: 3 FAIL results at or above fail-on info (1 medium, 1 low, 1 info)${tail}`],
    ["none", undefined],
  ];
  for (const [failOn, message] of expected) {
    it(`fail-on ${failOn}: ${message === undefined ? "passes" : "fails"} (a suppressed FAIL and an ERROR never count)`, () => {
      assert.equal(verdict(report, failOn as "high", false), message);
    });
  }

  it("fail-on-error adds the ERROR results, alone or with the FAILs", () => {
    assert.equal(verdict(report, "none", true), `cloudtrail-lint: 1 ERROR result (fail-on-error is true)${tail}`);
    assert.equal(verdict(report, "medium", true), `cloudtrail-lint: 1 FAIL result at or above fail-on medium (1 medium) and 1 ERROR result (fail-on-error is true)${tail}`);
  });
});

describe("annotations", () => {
  it("maps critical and high to error, medium to warning, low and info to notice; worst first", () => {
    const report = fullReport();
    const notes = annotations(report);
    assert.deepEqual(
      notes.map((n) => [n.level, n.properties.title!.split(" ")[0]!, n.properties.title!.split(" ")[1]]),
      [
        ["error", "log-bucket-no-delete", "(critical):"],
        ["error", "multi-region-trail", "(high):"],
        ["error", "multi-region-trail", "(high):"],
        ["warning", "log-bucket-object-lock", "(medium):"],
        ["notice", "cloudwatch-logs-integration", "(low):"],
        ["notice", "data-events-tagged-buckets", "(info):"],
      ],
    );
    // Skipped: the suppressed medium FAIL and the high FAIL without a location.
    assert.ok(report.results.some((f) => f.status === "FAIL" && f.severity === "medium" && f.suppressed));
    assert.ok(report.results.some((f) => f.status === "FAIL" && f.location === undefined));
    const first = notes[0]!;
    assert.deepEqual(first.properties, {
      title: "log-bucket-no-delete (critical): Title of log-bucket-no-delete",
      file: "examples/org-snapshot.json",
      startLine: first.properties.startLine,
      startColumn: 9,
    });
    assert.equal(
      first.message,
      [
        "FAIL message for log-bucket-no-delete.",
        "(account 333333333333 (prod), us-east-1, arn:aws:cloudtrail:us-east-1:333333333333:trail/main)",
        "Fix:",
        "aws cloudtrail update-trail --name arn:aws:cloudtrail:us-east-1:333333333333:trail/main --region us-east-1",
      ].join("\n"),
    );
  });

  it(`gives at most ${ANNOTATIONS_PER_LEVEL} of each level`, () => {
    const findings = Array.from({ length: 12 }, (_, i) => finding({ checkId: "multi-region-trail", severity: "high", status: "FAIL", accountId: String(100000000000 + i) }));
    findings.push(finding({ checkId: "cloudwatch-logs-integration", severity: "medium", status: "FAIL" }));
    const notes = annotations(makeReport({ findings }));
    assert.deepEqual(
      notes.map((n) => n.level),
      [...Array<string>(ANNOTATIONS_PER_LEVEL).fill("error"), "warning"],
    );
    assert.deepEqual(
      annotations(makeReport({ findings }), { error: 9, warning: 0, notice: 10 }).map((n) => n.level),
      Array<string>(9).fill("error"),
    );
  });

  it("leaves one error annotation for the failure message and room for the Action's own warnings", async () => {
    const findings = Array.from({ length: 12 }, (_, i) => finding({ checkId: "multi-region-trail", severity: "high", status: "FAIL", accountId: String(100000000000 + i) }));
    findings.push(
      ...Array.from({ length: 10 }, (_, i) => finding({ checkId: "log-bucket-object-lock", severity: "medium", status: "FAIL", accountId: String(200000000000 + i) })),
      finding({ checkId: "cloudwatch-logs-integration", severity: "low", status: "ERROR" }),
    );
    const report = makeReport({ findings, expiredSuppressions: [{ check: "multi-region-trail", account: "100000000000", reason: "old", expires: "2026-01-01" }] });
    const ws = workspace({ "a.json": "{}" });
    const { cli } = stubCli((argv) => {
      const target = (format: string) => argv.find((a) => a.startsWith(`--format=${format}=`))!.slice(`--format=${format}=`.length);
      writeFile(target("json"), JSON.stringify(report));
      writeFile(target("markdown"), "summary\n");
      return 3;
    });
    const host = new RecordingHost();
    await runAction({ env: env({ paths: "a.json", formats: "json" }, { GITHUB_WORKSPACE: ws }), cli, host });
    const count = (level: string) => host.notes.filter((n) => n.level === level).length;
    assert.equal(count("error"), 9);
    assert.deepEqual(
      host.notes.filter((n) => n.level === "warning").map((n) => n.properties?.title),
      [...Array<string>(8).fill("log-bucket-object-lock (medium): Title of log-bucket-object-lock"), "cloudtrail-lint: expired suppression", "cloudtrail-lint: undecided results"],
    );
    assert.ok(host.log.includes("cloudtrail-lint: 5 more FAIL findings not annotated (GitHub shows 10 annotations of each level per step); all are in the job summary"), host.log.join("\n"));
    assert.equal(host.failed.length, 1);
  });
});

describe("untrusted log text", () => {
  it("is written as is when it cannot hold a workflow command", () => {
    assert.equal(untrusted("FAIL high trail main\n", "t"), "FAIL high trail main");
  });

  it("is fenced by stop-commands with the token when it contains ::", () => {
    assert.equal(untrusted("role arn:aws:iam::1:role/x\n::set-output name=score::100\n", "tok"), "::stop-commands::tok\nrole arn:aws:iam::1:role/x\n::set-output name=score::100\n::tok::");
  });

  it("uses a fresh random token by default", () => {
    const a = /^::stop-commands::(.+)\n/.exec(untrusted("::x"))![1];
    const b = /^::stop-commands::(.+)\n/.exec(untrusted("::x"))![1];
    assert.match(a!, /^[0-9a-f-]{36}$/);
    assert.notEqual(a, b);
  });
});

describe("dropSuppressed (SARIF for code scanning)", () => {
  it("removes suppressed results, adds one note, and leaves the rest alone", () => {
    const log = toSarif(fullReport());
    const before = log.runs[0]!.results!;
    assert.equal(before.filter((r) => r.suppressions).length, 1);
    const notifications = log.runs[0]!.invocations![0]!.toolExecutionNotifications!.length;
    assert.equal(dropSuppressed(log), 1);
    const run = log.runs[0]!;
    assert.deepEqual(run.results, before.filter((r) => !r.suppressions));
    const added = run.invocations![0]!.toolExecutionNotifications!.slice(notifications);
    assert.deepEqual(added, [
      {
        level: "note",
        message: {
          text: "1 suppressed FAIL result was left out: GitHub code scanning ignores SARIF suppressions and would open alerts for them. The JSON report lists them with their reasons.",
        },
      },
    ]);
    assert.equal(dropSuppressed(log), 0);
    assert.equal(run.invocations![0]!.toolExecutionNotifications!.length, notifications + 1);
  });
});

describe("baseline and fail-on-new-only", () => {
  it("reads baseline and fail-on-new-only; fail-on-new-only needs a baseline", () => {
    const inputs = readInputs(env({ paths: "a.json", baseline: "previous/lint.json", "fail-on-new-only": "true" }));
    assert.deepEqual([inputs.baseline, inputs.failOnNewOnly], ["previous/lint.json", true]);
    assert.deepEqual([readInputs(env({ paths: "a.json" })).baseline, readInputs(env({ paths: "a.json" })).failOnNewOnly], [undefined, false]);
    assert.throws(() => readInputs(env({ paths: "a.json", "fail-on-new-only": "true" })), {
      name: "InputError",
      message: "input fail-on-new-only: needs baseline (the path of an earlier run's JSON report, e.g. downloaded with actions/download-artifact)",
    });
    assert.throws(() => readInputs(env({ paths: "a.json", baseline: "b.json", "fail-on-new-only": "yes" })), {
      name: "InputError",
      message: 'input fail-on-new-only: "yes" is not a boolean (use true or false)',
    });
  });

  it("passes the baseline to the CLI as --baseline=<path>, before the files", () => {
    const inputs = readInputs(env({ paths: "a.json", baseline: "-previous/lint.json", "fail-on-new-only": "true" }));
    const argv = buildArgv(inputs, ["a.json"], new Map([["json", "/ws/out/lint.json"]]));
    assert.deepEqual(argv.slice(argv.indexOf("--format=json=/ws/out/lint.json") + 1), ["--baseline=-previous/lint.json", "--", "a.json"]);
  });

  it("a glob of paths does not take the baseline report for a snapshot", async () => {
    const ws = workspace({ "snapshots/org.json": "{}", "snapshots/previous/lint.json": "{}" });
    const { cli, calls } = stubCli((_argv, io) => {
      io.stderr("cloudtrail-lint: stop here\n");
      return 2;
    });
    await runAction({ env: env({ paths: "snapshots/**/*.json", baseline: "snapshots/previous/lint.json" }, { GITHUB_WORKSPACE: ws }), cli, host: new RecordingHost() });
    const argv = calls[0]!.argv;
    assert.deepEqual(argv.slice(argv.indexOf("--")), ["--", "snapshots/org.json"]);
    assert.ok(argv.includes("--baseline=snapshots/previous/lint.json"));
  });

  describe("runAction with the real CLI on the example organization and an earlier report", () => {
    const ORG_TEXT = readFileSync(join(ROOT, "examples/org-snapshot.json"), "utf8");

    /** A workspace with org.json and previous/lint.json: the report of the example with the sandbox trail validating its log files. */
    async function withBaseline(): Promise<string> {
      const earlier = JSON.parse(ORG_TEXT) as { accounts: { Id: string; trails: { Name: string; LogFileValidationEnabled?: boolean }[] }[] };
      earlier.accounts.find((a) => a.Id === "666677778888")!.trails.find((t) => t.Name === "sandbox-trail")!.LogFileValidationEnabled = true;
      const ws = workspace({ "org.json": ORG_TEXT, "previous/earlier.snapshot.json": JSON.stringify(earlier, null, 2) });
      const code = await runCli(["lint", "previous/earlier.snapshot.json", "--format", "json=previous/lint.json", "--fail-on", "none", "--quiet"], {
        stdout: () => {},
        stderr: () => {},
        env: {},
        isTTY: false,
        cwd: ws,
      });
      assert.equal(code, 3);
      return ws;
    }

    const run = async (ws: string, inputs: Record<string, string>) => {
      const host = new RecordingHost();
      await runAction({ env: env({ paths: "org.json", baseline: "previous/lint.json", ...inputs }, { GITHUB_WORKSPACE: ws }), cli: runCli, host });
      return host;
    };

    it("fail-on-new-only: fails on the one new FAIL only, sets new-count and fixed-count, and the job summary shows the delta", async () => {
      const ws = await withBaseline();
      const host = await run(ws, { "fail-on-new-only": "true" });
      assert.deepEqual(host.failed, ["cloudtrail-lint: 1 new FAIL result at or above fail-on low (1 medium); see the job summary for the findings and their fixes"]);
      assert.equal(host.outputs["new-count"], "1");
      assert.equal(host.outputs["fixed-count"], "0");
      assert.equal(host.summaries.length, 1);
      assert.match(host.summaries[0]!, /\n### Since the baseline\n\nBaseline previous\/lint\.json, generated [^:]+:\d\d:\d\d\.\d+Z: \*\*1 new finding\*\* · 151 unchanged · \*\*0 fixed\*\* · score 31\/100 → 30\/100 \(\*\*-1\*\*\)\n/);
      assert.match(host.summaries[0]!, /\n\| 666677778888 \| sandbox \| 4\/100 → 0\/100 \(\*\*-4\*\*\) \|\n/);
      assert.ok(host.log.some((l) => l.startsWith("cloudtrail-lint lint: 1 file, fail-on low, baseline previous/lint.json (new findings only)")));
      // Only the new FAIL is annotated: the others do not fail the step.
      assert.deepEqual(
        host.notes.filter((n) => n.properties?.file !== undefined).map((n) => [n.level, n.properties!.title, n.properties!.file]),
        [["warning", "log-file-validation (medium): CloudTrail trails validate their log files (digest files)", "org.json"]],
      );
    });

    it("fail-on-new-only with fail-on high and fail-on-error: passes (nothing new is high, no ERROR is new); without it the step fails", async () => {
      const ws = await withBaseline();
      assert.deepEqual((await run(ws, { "fail-on-new-only": "true", "fail-on": "high", "fail-on-error": "true" })).failed, []);
      const all = await run(ws, { "fail-on": "high" });
      assert.equal(all.failed.length, 1);
      assert.match(all.failed[0]!, /^cloudtrail-lint: \d+ FAIL results at or above fail-on high \(2 critical, 27 high\)/);
      assert.equal(all.outputs["new-count"], "1");
    });

    it("a baseline that is not there: the CLI's message is the one failure, no outputs", async () => {
      const ws = workspace({ "org.json": ORG_TEXT });
      const host = await run(ws, {});
      assert.deepEqual(host.failed, ["cloudtrail-lint: --baseline previous/lint.json: cannot read the baseline report: file not found"]);
      assert.deepEqual(host.outputs, {});
    });
  });
});
