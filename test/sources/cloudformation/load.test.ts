// The IaC entry point: reading files, telling templates from plans, paths as shown, and bad input
// (exit 2 in the CLI: an InputError naming the file, and the line where there is one).
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IAC_COLLECTED_AT, IAC_DEFAULT_ACCOUNT_ID, loadIac, loadIacFile, parseIac } from "../../../src/sources/iac.js";
import { expectInputError, ROOT } from "./helpers.js";

const MINIMAL = "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: minimal-logs\n";

describe("IaC inputs", () => {
  describe("loading files", () => {
    const dir = mkdtempSync(join(tmpdir(), "cloudtrail-lint-iac-"));
    mkdirSync(join(dir, "stacks"));
    writeFileSync(join(dir, "stacks", "logs.yaml"), MINIMAL);
    writeFileSync(join(dir, "stacks", "logs.template"), JSON.stringify({ Resources: { Bucket: { Type: "AWS::S3::Bucket" } } }));

    it("shows paths relative to cwd with forward slashes, one source per file", () => {
      const sources = loadIac(["stacks/logs.yaml", join(dir, "stacks", "logs.template")], { cwd: dir });
      assert.deepEqual(
        sources.map((s) => [s.file, s.kind, s.snapshot.accounts[0]!.buckets!.map((b) => b.Name)]),
        [
          ["stacks/logs.yaml", "cloudformation", ["minimal-logs"]],
          ["stacks/logs.template", "cloudformation", ["logs-bucket-<random>"]],
        ],
      );
      assert.deepEqual(sources[0]!.locate("/accounts/0/buckets/0"), { file: "stacks/logs.yaml", startLine: 2, startColumn: 3 });
    });

    it("a display function names the file as the caller wants (e.g. relative to GITHUB_WORKSPACE)", () => {
      const source = loadIacFile("stacks/logs.yaml", { cwd: dir, display: (file) => `repo/${file}` });
      assert.equal(source.file, "repo/stacks/logs.yaml");
      assert.equal(source.locate("/accounts/0/buckets/0/Name")?.file, "repo/stacks/logs.yaml");
    });

    it("a missing file or a directory is bad input naming it", () => {
      expectInputError(() => loadIacFile("stacks/nope.yaml", { cwd: dir }), "stacks/nope.yaml: cannot read: no such file");
      expectInputError(() => loadIacFile("stacks", { cwd: dir }), "stacks: cannot read: is a directory");
    });

    it("the defaults are documented constants", () => {
      const { snapshot } = loadIacFile("stacks/logs.yaml", { cwd: dir });
      assert.equal(snapshot.accounts[0]!.Id, IAC_DEFAULT_ACCOUNT_ID);
      assert.equal(snapshot.collectedAt, IAC_COLLECTED_AT);
      assert.deepEqual(snapshot.source, {
        type: "cloudformation",
        description: "CloudFormation template stacks/logs.yaml (stack logs in account 000000000000, region not given)",
        templateValidation: { schema: "@aws-cdk/aws-service-spec 0.1.216", resources: 1, problems: [] },
      });
      assert.equal(snapshot.organization, null);
    });

    it("reads the bundled examples from the package root", () => {
      const [yaml, plan] = loadIac(["examples/iac/blog.yaml", "examples/iac/blog.tfplan.json"], { cwd: ROOT });
      assert.equal(yaml!.kind, "cloudformation");
      assert.equal(plan!.kind, "terraform");
    });
  });

  // Expanding directories and globs: test/sources/iac-inputs.test.ts.

  describe("telling templates from plans", () => {
    it("JSON with format_version is a Terraform plan; with Resources, a template; YAML is a template", () => {
      const plan = { format_version: "1.2", planned_values: { root_module: {} } };
      assert.equal(parseIac(JSON.stringify(plan), "plan.json").kind, "terraform");
      assert.equal(parseIac(JSON.stringify({ Resources: { B: { Type: "AWS::S3::Bucket" } } }), "t.json").kind, "cloudformation");
      assert.equal(parseIac(MINIMAL, "t.yml").kind, "cloudformation");
      // No extension: JSON when it starts with "{", else YAML.
      assert.equal(parseIac(JSON.stringify(plan), "plan").kind, "terraform");
      assert.equal(parseIac(MINIMAL, "template").kind, "cloudformation");
    });
  });

  describe("bad input", () => {
    it("a file that is neither a template nor a plan", () => {
      expectInputError(() => parseIac('{"name": "package", "version": "1.0.0"}', "package.json"), "package.json: not a CloudFormation template (no Resources section) nor a Terraform plan (no format_version)");
      expectInputError(() => parseIac("- just\n- a list\n", "list.yaml"), "list.yaml: not a CloudFormation template");
      expectInputError(() => parseIac("", "empty.yaml"), "empty.yaml: not a CloudFormation template");
    });

    it("a template whose shape is wrong names the line and the JSON path", () => {
      const error = expectInputError(
        () => parseIac("Resources:\n  Good:\n    Type: AWS::S3::Bucket\n  Bad:\n    Properties: {}\n", "shape.yaml"),
        "shape.yaml:4:3: not a valid CloudFormation template:",
        "at /Resources/Bad: must have required property 'Type'",
      );
      assert.equal(error.file, "shape.yaml");
      assert.equal(error.path, "/Resources/Bad");
      expectInputError(() => parseIac("AWSTemplateFormatVersion: 2010-09-10\nResources: {B: {Type: AWS::S3::Bucket}}\n", "version.yaml"), "version.yaml:1:1: not a valid CloudFormation template:", "at /AWSTemplateFormatVersion: must be equal to constant");
      expectInputError(() => parseIac("Resources: {}\n", "none.yaml"), "none.yaml:1:1: not a valid CloudFormation template:", "at /Resources: must NOT have fewer than 1 properties");
      expectInputError(() => parseIac("Resources: {B: {Type: AWS::S3::Bucket}}\nOutput: {}\n", "section.yaml"), 'at /: has unknown property "Output"');
    });

    it("a property value AWS does not accept is reported where the file sets it", () => {
      expectInputError(
        () =>
          parseIac(
            "Resources:\n  T:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      S3BucketName: b\n      IsLogging: true\n      EventSelectors:\n        - ReadWriteType: Everything\n",
            "enum.yaml",
          ),
        "enum.yaml:8:11: a value AWS does not accept:",
        "at snapshot /accounts/0/trails/0/eventSelectors/0/ReadWriteType: must be one of",
      );
    });

    it("invalid YAML and JSON name the file and position", () => {
      expectInputError(() => parseIac("Resources:\n  B: [\n", "broken.yaml"), /^broken\.yaml:\d+:\d+: invalid YAML: /);
      expectInputError(() => parseIac('{"Resources": {', "broken.json"), /^broken\.json:1:16: invalid JSON: /);
    });
  });
});
