// `iac` in-process: directories read by content with a count on stderr (stdout stays the report),
// parameters files, --parameter over them, and bad input (exit 2 naming the file).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Report } from "../../src/engine/report.js";
import { cli, put, tempDir } from "./helpers.js";
import { ROOT } from "../sources/cloudformation/helpers.js";

const PARAMS = readFileSync(join(ROOT, "test/fixtures/iac/cloudformation/params.yaml"), "utf8");
const PLAN = readFileSync(join(ROOT, "examples/iac/blog.tfplan.json"), "utf8");
const NOW = ["--now", "2026-11-20T12:00:00Z"];

/** The object-lock result of the trail bucket: its message names the bucket. */
function lockMessage(stdout: string): string[] {
  const report = JSON.parse(stdout) as Report;
  return report.results.filter((r) => r.checkId === "log-bucket-object-lock" && r.status !== "ERROR").map((r) => r.message);
}

describe("cli iac: directories and parameters", () => {
  it("a directory: templates and plans by content, the count on stderr, the report alone on stdout", async () => {
    const dir = tempDir();
    put(dir, "infra/stack.yaml", PARAMS);
    put(dir, "infra/blog.yaml", readFileSync(join(ROOT, "examples/iac/blog.yaml"), "utf8"));
    put(dir, "infra/plans/prod.json", PLAN);
    put(dir, "infra/package.json", { name: "infra", version: "1.0.0" });
    put(dir, "infra/.github/workflows/ci.yml", "on: push\n");
    put(dir, "infra/node_modules/x/template.yaml", PARAMS);
    put(dir, "infra/config.yaml", "region: eu-west-1\n");
    const run = await cli(["iac", "infra", "--format", "json", ...NOW], { cwd: dir });
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stderr, "cloudtrail-lint: read 2 CloudFormation templates and 1 Terraform plan (2 other files skipped)\n");
    const report = JSON.parse(run.stdout) as Report;
    assert.deepEqual([...new Set(report.results.map((r) => r.location?.file))].sort(), ["infra/blog.yaml", "infra/plans/prod.json", "infra/stack.yaml"]);
  });

  it("--quiet leaves the count out", async () => {
    const dir = tempDir();
    put(dir, "infra/stack.yaml", PARAMS);
    const run = await cli(["iac", "infra", "--quiet", "--format", "json", ...NOW], { cwd: dir });
    assert.equal(run.stderr, "");
  });

  it("a file named on its own that is neither a template nor a plan stays bad input; so does a directory without one", async () => {
    const dir = tempDir();
    put(dir, "infra/package.json", { name: "infra", version: "1.0.0" });
    const named = await cli(["iac", "infra/package.json"], { cwd: dir });
    assert.equal(named.code, 2);
    assert.equal(named.stderr, "cloudtrail-lint: infra/package.json: not a snapshot (no schemaVersion and accounts, see schemas/snapshot.schema.json), a CloudFormation template (no Resources section) nor a Terraform plan (no format_version)\n");
    const empty = await cli(["iac", "infra"], { cwd: dir });
    assert.equal(empty.code, 2);
    assert.equal(
      empty.stderr,
      "cloudtrail-lint: infra: is a directory with no CloudFormation template (AWSTemplateFormatVersion, or Resources of AWS:: types), Terraform configuration (*.tf) nor Terraform plan (terraform show -json) among 1 file\n",
    );
  });

  describe("--parameters-file", () => {
    const cases: [string, unknown][] = [
      ["create-stack --parameters", [{ ParameterKey: "BucketParam", ParameterValue: "from-file-logs" }]],
      ["deploy --parameter-overrides", ["BucketParam=from-file-logs"]],
      ["CodePipeline template configuration", { Parameters: { BucketParam: "from-file-logs" } }],
    ];
    for (const [name, content] of cases) {
      it(`${name}: the file's value names the bucket`, async () => {
        const dir = tempDir();
        put(dir, "stack.yaml", PARAMS);
        put(dir, "params.json", content);
        const run = await cli(["iac", "stack.yaml", "--parameters-file", "params.json", "--format", "json", ...NOW], { cwd: dir });
        assert.equal(run.stderr, "");
        assert.deepEqual(lockMessage(run.stdout), ["Log bucket from-file-logs locks each new log file for 365 days in COMPLIANCE mode (at least 365 required)."]);
      });
    }

    it("later files win, --parameter wins over every file", async () => {
      const dir = tempDir();
      put(dir, "stack.yaml", PARAMS);
      put(dir, "a.json", ["BucketParam=from-a", "CentralBucketParam=central"]);
      put(dir, "b.json", ["BucketParam=from-b"]);
      const files = ["--parameters-file", "a.json", "--parameters-file", "b.json"];
      const fromFiles = await cli(["iac", "stack.yaml", ...files, "--format", "json", ...NOW], { cwd: dir });
      assert.deepEqual(lockMessage(fromFiles.stdout), ["Log bucket from-b locks each new log file for 365 days in COMPLIANCE mode (at least 365 required)."]);
      const flag = await cli(["iac", "stack.yaml", ...files, "--parameter", "BucketParam=from-flag", "--format", "json", ...NOW], { cwd: dir });
      assert.deepEqual(lockMessage(flag.stdout), ["Log bucket from-flag locks each new log file for 365 days in COMPLIANCE mode (at least 365 required)."]);
    });

    it("a parameter no template declares is a warning, not bad input", async () => {
      const dir = tempDir();
      put(dir, "stack.yaml", PARAMS);
      put(dir, "shared.json", { Parameters: { BucketParam: "logs", VpcId: "vpc-1", Stage: "prod" } });
      const run = await cli(["iac", "stack.yaml", "--parameters-file", "shared.json", "--format", "json", ...NOW], { cwd: dir });
      assert.equal(run.stderr, "cloudtrail-lint: warning: parameters Stage, VpcId are not declared by the template, and not used\n");
    });

    const bad: [string, string, string][] = [
      ["not JSON", "[\"A=1\",", "cloudtrail-lint: params.json:1:8: not valid JSON"],
      ["a wrong entry", JSON.stringify([{ ParameterKey: "BucketParam", Value: "x" }], null, 2), "cloudtrail-lint: params.json:2:3: not a CloudFormation parameters file (create-stack --parameters, deploy --parameter-overrides or a CodePipeline template configuration):\n  at /0: has unknown property \"Value\""],
      ["missing", "", "cloudtrail-lint: params.json: cannot read parameters file: no such file"],
    ];
    for (const [name, text, start] of bad) {
      it(`bad file (${name}): exit 2 naming the file and the JSON path, nothing written`, async () => {
        const dir = tempDir();
        put(dir, "stack.yaml", PARAMS);
        if (text !== "") put(dir, "params.json", text);
        const run = await cli(["iac", "stack.yaml", "--parameters-file", "params.json", "--format", `json=${join(dir, "out.json")}`], { cwd: dir });
        assert.equal(run.code, 2);
        assert.ok(run.stderr.startsWith(start), run.stderr);
        assert.equal(run.stdout, "");
      });
    }
  });
});
