// `lint` takes every input kind, recognised by content, and `iac` is its synonym (src/cli/inputs.ts):
// the example template and plan through `lint`, a mixed run in argument order, and the files it
// cannot read (Terraform configuration, text of no kind) as bad input naming the file.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Report } from "../../src/engine/report.js";
import { classifyInput } from "../../src/cli/inputs.js";
import { sniffIac } from "../../src/sources/iac-inputs.js";
import { ROOT } from "../sources/cloudformation/helpers.js";
import { cli, put, tempDir } from "./helpers.js";

const NOW = ["--now", "2026-11-20T12:00:00Z"];
const CORE = ["multi-region-trail", "global-service-events", "log-bucket-object-lock", "log-bucket-no-delete", "data-events-tagged-buckets", "cloudwatch-logs-integration", "iac-invalid-trail-config"];

/** [check, status] of the checks examples/iac/README.md tabulates. */
function verdicts(report: Report): [string, string][] {
  return report.results.filter((r) => CORE.includes(r.checkId)).map((r) => [r.checkId, r.status]);
}

describe("cli lint: every input kind", () => {
  const cases: [string, string, [string, string][]][] = [
    [
      "examples/iac/blog.yaml",
      "cloudformation",
      [
        ["cloudwatch-logs-integration", "FAIL"],
        ["data-events-tagged-buckets", "PASS"],
        ["global-service-events", "FAIL"],
        ["iac-invalid-trail-config", "FAIL"],
        ["iac-invalid-trail-config", "PASS"],
        ["iac-invalid-trail-config", "PASS"],
        ["iac-invalid-trail-config", "PASS"],
        ["log-bucket-no-delete", "FAIL"],
        ["log-bucket-object-lock", "FAIL"],
        ["multi-region-trail", "PASS"],
      ],
    ],
    [
      "examples/iac/blog.tfplan.json",
      "terraform",
      [
        ["cloudwatch-logs-integration", "FAIL"],
        ["data-events-tagged-buckets", "PASS"],
        ["global-service-events", "FAIL"],
        ["iac-invalid-trail-config", "FAIL"],
        ["iac-invalid-trail-config", "PASS"],
        ["iac-invalid-trail-config", "PASS"],
        ["log-bucket-no-delete", "FAIL"],
        ["log-bucket-object-lock", "FAIL"],
        ["multi-region-trail", "PASS"],
      ],
    ],
  ];
  for (const [file, source, expected] of cases) {
    it(`lint ${file}: read as a ${source} file, the same report as iac`, async () => {
      const run = await cli(["lint", file, "--format", "json", ...NOW], { cwd: ROOT });
      assert.equal(run.code, 1, run.stderr);
      assert.equal(run.stderr, "");
      const report = JSON.parse(run.stdout) as Report;
      assert.deepEqual(report.inputs.map((i) => [i.file, i.source]), [[file, source]]);
      assert.deepEqual(verdicts(report).sort(), expected);
      const synonym = await cli(["iac", file, "--format", "json", ...NOW], { cwd: ROOT });
      assert.deepEqual({ code: synonym.code, stdout: synonym.stdout }, { code: 1, stdout: run.stdout });
    });
  }

  it("a snapshot, a template and a plan in one run, in argument order; iac takes the snapshot too", async () => {
    const args = ["examples/iac/blog.tfplan.json", "examples/org-snapshot.json", "examples/iac/blog.yaml"];
    for (const command of ["lint", "iac"]) {
      const run = await cli([command, ...args, "--format", "json", ...NOW], { cwd: ROOT });
      assert.equal(run.code, 1, run.stderr);
      const report = JSON.parse(run.stdout) as Report;
      assert.deepEqual(report.inputs.map((i) => [i.file, i.source]), [
        ["examples/iac/blog.tfplan.json", "terraform"],
        ["examples/org-snapshot.json", "example"],
        ["examples/iac/blog.yaml", "cloudformation"],
      ]);
    }
  });

  it("a template under any name is recognised by content", async () => {
    const dir = tempDir();
    put(dir, "stack.txt", readFileSync(join(ROOT, "examples/iac/blog.yaml"), "utf8"));
    const run = await cli(["lint", "stack.txt", "--format", "json", ...NOW], { cwd: dir });
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual((JSON.parse(run.stdout) as Report).inputs.map((i) => [i.file, i.source]), [["stack.txt", "cloudformation"]]);
  });

  it("Terraform's own -var and -var-file spelling, as terraform plan takes them, is --var and --var-file", async () => {
    const dir = tempDir();
    put(dir, "main.tf", 'variable "multi" {\n  type = bool\n}\n\nresource "aws_cloudtrail" "t" {\n  name                  = "t"\n  s3_bucket_name        = "logs"\n  is_multi_region_trail = var.multi\n}\n');
    put(dir, "on.tfvars", "multi = true\n");
    const status = async (args: string[]) => {
      const run = await cli(["lint", ".", "--only", "multi-region-trail", "--format", "json", "--quiet", ...args], { cwd: dir });
      return (JSON.parse(run.stdout) as { results: { status: string }[] }).results.map((r) => r.status);
    };
    assert.deepEqual(await status([]), ["ERROR"]);
    for (const args of [["-var", "multi=true"], ["-var=multi=true"], ["--var", "multi=true"], ["-var-file", "on.tfvars"], ["-var-file=on.tfvars"]]) {
      assert.deepEqual(await status(args), ["PASS"], args.join(" "));
    }
    assert.deepEqual(await status(["-var", "multi=false"]), ["FAIL"]);
  });

  it("template flags given to a run of snapshots only: a warning, and --quiet leaves it out", async () => {
    const run = await cli(["lint", "examples/org-snapshot.json", "--account-id", "111122223333", "--parameter", "A=1", "--format", "json", ...NOW], { cwd: ROOT });
    assert.equal(run.code, 1);
    assert.equal(
      run.stderr,
      "cloudtrail-lint: warning: --account-id, --parameter apply to CloudFormation templates and Terraform plans only; the inputs are snapshots, so they are ignored\n",
    );
    const quiet = await cli(["lint", "examples/org-snapshot.json", "--account-id", "111122223333", "--quiet", ...NOW], { cwd: ROOT });
    assert.equal(quiet.stderr, "");
  });

  describe("files it cannot read: exit 2 naming the file, nothing on stdout", () => {
    const NEITHER =
      "not a snapshot (no schemaVersion and accounts, see schemas/snapshot.schema.json), a CloudFormation template (no Resources section) nor a Terraform plan (no format_version)";
    const bad: [string, string, string][] = [
      ["main.tf", 'resource "aws_cloudtrail" "main" {\n  name = "main"\n', "main.tf:3:1: HCL syntax error: missing \"}\""],
      ["main.tf.json", '{"resource": {"aws_cloudtrail": {"main": {"name": "main"}}}\n', "main.tf.json:2:1: invalid JSON: close brace expected"],
      ["config.yaml", "region: eu-west-1\n", `config.yaml: ${NEITHER}`],
      ["package.json", '{"name": "infra", "version": "1.0.0"}\n', `package.json: ${NEITHER}`],
      ["notes.txt", "hello\n", `notes.txt: ${NEITHER}`],
    ];
    for (const [name, content, message] of bad) {
      it(`${name}`, async () => {
        const dir = tempDir();
        put(dir, name, content);
        for (const command of ["lint", "iac"]) {
          const run = await cli([command, name], { cwd: dir });
          assert.deepEqual(run, { code: 2, stdout: "", stderr: `cloudtrail-lint: ${message}\n` }, command);
        }
      });
    }

    it("a missing file", async () => {
      const run = await cli(["lint", "nope.yaml"], { cwd: tempDir() });
      assert.deepEqual(run, { code: 2, stdout: "", stderr: "cloudtrail-lint: nope.yaml: cannot read: file not found\n" });
    });
  });

  describe("classifyInput", () => {
    const kinds: [string, string, string][] = [
      ["a snapshot", '{"schemaVersion": 1, "accounts": []}', "snapshot"],
      ["broken JSON (the snapshot reader says where)", '{"a": [,]}', "snapshot"],
      ["a JSON array (the schema says what is wrong)", "[1]", "snapshot"],
      ["a JSON template", '{"Resources": {"T": {"Type": "AWS::CloudTrail::Trail"}}}', "cloudformation"],
      ["a YAML template", "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n", "cloudformation"],
      ["a plan", '{"format_version": "1.2", "planned_values": {}}', "terraform"],
    ];
    for (const [what, text, kind] of kinds) {
      it(`${what}: ${kind}`, () => assert.equal(classifyInput("f", text, sniffIac), kind));
    }
  });
});
