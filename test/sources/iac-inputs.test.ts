// Which files `iac` reads from its arguments: a file as given; a directory (recursively) or a glob,
// the CloudFormation templates and Terraform plans among its files by content, whatever their names.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describeRead, expandIacArguments, iacKindOf, MAX_SNIFF_BYTES, sniffIac } from "../../src/sources/iac-inputs.js";
import { expectInputError } from "./cloudformation/helpers.js";

const TEMPLATE_YAML = "Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n";
const VERSIONED_YAML = "AWSTemplateFormatVersion: '2010-09-09'\nDescription: only a version\n";
const CDK_JSON = JSON.stringify({ Resources: { Trail: { Type: "AWS::CloudTrail::Trail", Properties: {} } } });
const PLAN = JSON.stringify({ format_version: "1.2", terraform_version: "1.9.0", planned_values: { root_module: {} } });

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "cloudtrail-lint-inputs-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe("IaC inputs: directories and globs", () => {
  describe("what a file is, by content", () => {
    const cases: [string, string, string | undefined][] = [
      ["YAML with Resources of AWS:: types", TEMPLATE_YAML, "cloudformation"],
      ["YAML with AWSTemplateFormatVersion only", VERSIONED_YAML, "cloudformation"],
      ["YAML with a Custom:: resource", "Resources:\n  Thing:\n    Type: Custom::Thing\n", "cloudformation"],
      ["YAML with short-form tags", "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub '${AWS::AccountId}-logs'\n", "cloudformation"],
      ["CDK JSON", CDK_JSON, "cloudformation"],
      ["Terraform plan", PLAN, "terraform"],
      ["plan with resource_changes only", JSON.stringify({ format_version: "1.0", resource_changes: [] }), "terraform"],
      ["Terraform state (format_version, values): not a plan", JSON.stringify({ format_version: "1.0", values: {} }), undefined],
      ["package.json", JSON.stringify({ name: "x", version: "1.0.0", scripts: { test: "mocha" } }), undefined],
      ["tsconfig.json", JSON.stringify({ compilerOptions: { strict: true } }), undefined],
      ["JSON mentioning Resources, not a template", JSON.stringify({ Resources: { a: 1 } }), undefined],
      ["a GitHub workflow", "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n", undefined],
      ["YAML with Resources whose types are not CloudFormation's", "Resources:\n  cpu: 2\n  memory: 4Gi\n", undefined],
      ["nested Resources (serverless.yml)", "service: x\nresources:\n  Resources:\n    B:\n      Type: AWS::S3::Bucket\n", undefined],
      ["a broken template is taken, so reading it reports where", "AWSTemplateFormatVersion: '2010-09-09'\nResources: [\n", "cloudformation"],
      ["a broken plan is taken", '{"format_version": "1.2", "planned_values": {', "terraform"],
      ["empty", "", undefined],
    ];
    for (const [name, text, kind] of cases) it(name, () => assert.equal(sniffIac(text), kind));

    it("iacKindOf reads parsed values", () => {
      assert.equal(iacKindOf({ AWSTemplateFormatVersion: "2010-09-09" }), "cloudformation");
      assert.equal(iacKindOf([1, 2]), undefined);
    });
  });

  describe("a directory", () => {
    const dir = tree({
      "infra/blog.yaml": TEMPLATE_YAML,
      "infra/versioned.yml": VERSIONED_YAML,
      "infra/plan.json": PLAN,
      "infra/package.json": JSON.stringify({ name: "infra", version: "1.0.0" }),
      "infra/tsconfig.json": JSON.stringify({ compilerOptions: {} }),
      "infra/docker-compose.yaml": "services:\n  web:\n    image: nginx\n",
      "infra/README.md": "# infra\n",
      "infra/cdk.out/manifest.json": JSON.stringify({ version: "36.0.0", artifacts: {} }),
      "infra/cdk.out/tree.json": JSON.stringify({ version: "tree-0.1", tree: { id: "App" } }),
      "infra/cdk.out/App.template.json": CDK_JSON,
      "infra/cdk.out/assembly-Prod/ProdStack.template.json": CDK_JSON,
      "infra/node_modules/some-lib/template.yaml": TEMPLATE_YAML,
      "infra/.aws-sam/build/template.yaml": TEMPLATE_YAML,
      "infra/.git/config.json": CDK_JSON,
      "empty/notes.txt": "nothing here\n",
    });

    it("yields its templates and plans by content, recursively, without node_modules and dot-directories", () => {
      const expansion = expandIacArguments(["infra"], dir);
      assert.deepEqual(expansion.files, [
        "infra/blog.yaml",
        "infra/cdk.out/App.template.json",
        "infra/cdk.out/assembly-Prod/ProdStack.template.json",
        "infra/plan.json",
        "infra/versioned.yml",
      ]);
      assert.equal(expansion.expanded, true);
      // package.json, tsconfig.json, docker-compose.yaml, README.md, manifest.json, tree.json.
      assert.equal(expansion.skipped, 6);
      assert.deepEqual(expansion.tooLarge, []);
      assert.equal(expansion.texts.get("infra/blog.yaml"), TEMPLATE_YAML, "each file is read once");
    });

    it("says what it read", () => {
      const expansion = expandIacArguments(["infra"], dir);
      assert.deepEqual(describeRead(["cloudformation", "cloudformation", "cloudformation", "terraform", "cloudformation"], expansion), [
        "read 4 CloudFormation templates and 1 Terraform plan (6 other files skipped)",
      ]);
      assert.deepEqual(describeRead(["terraform"], { skipped: 1, tooLarge: [] }), ["read 1 Terraform plan (1 other file skipped)"]);
      assert.deepEqual(describeRead(["cloudformation"], { skipped: 0, tooLarge: [] }), ["read 1 CloudFormation template"]);
    });

    it("Terraform configuration: each directory of .tf files once, walked or named; a .tf file stands for its directory; tfvars are not skipped", () => {
      const root = tree({
        "infra/prod/main.tf": 'module "trail" {\n  source = "../modules/trail"\n}\n',
        "infra/prod/variables.tf": 'variable "x" {}\n',
        "infra/prod/terraform.tfvars": 'x = 1\n',
        "infra/modules/trail/main.tf": 'resource "aws_cloudtrail" "t" {}\n',
        "infra/modules/trail/README.md": "# trail\n",
        "infra/plan.tfplan.json": PLAN,
      });
      const walked = expandIacArguments(["infra"], root);
      assert.deepEqual(walked.terraformDirs, [
        { dir: "infra/modules/trail", walked: true },
        { dir: "infra/prod", walked: true },
      ]);
      assert.deepEqual([walked.files, walked.skipped], [["infra/plan.tfplan.json"], 1]);
      assert.deepEqual(describeRead(["terraform"], walked, 1), ["read 1 Terraform plan and 1 Terraform root module (1 other file skipped)"]);
      // Named: a directory or a file of it, not walked (linted even when another module calls it).
      assert.deepEqual(expandIacArguments(["infra/modules/trail"], root).terraformDirs, [{ dir: "infra/modules/trail", walked: false }]);
      assert.deepEqual(expandIacArguments(["infra/prod/main.tf", "infra/prod/variables.tf"], root).terraformDirs, [{ dir: "infra/prod", walked: false }]);
    });

    it("a file named as well is read once; files named on their own stay as given", () => {
      assert.deepEqual(expandIacArguments(["infra/blog.yaml", "infra/cdk.out"], dir).files, [
        "infra/blog.yaml",
        "infra/cdk.out/App.template.json",
        "infra/cdk.out/assembly-Prod/ProdStack.template.json",
      ]);
      const named = expandIacArguments(["infra/package.json", "missing.yaml"], dir);
      assert.deepEqual(named.files, ["infra/package.json", "missing.yaml"]);
      assert.equal(named.expanded, false);
    });

    it("a directory without a template or plan is bad input", () => {
      expectInputError(
        () => expandIacArguments(["empty"], dir),
        "empty: is a directory with no CloudFormation template (AWSTemplateFormatVersion, or Resources of AWS:: types), Terraform configuration (*.tf) nor Terraform plan (terraform show -json) among 1 file",
      );
    });

    it("skips a file over the size limit with a note, unless its name says what it is", () => {
      const big = tree({
        "d/big.yaml": `${TEMPLATE_YAML}# ${"x".repeat(MAX_SNIFF_BYTES)}\n`,
        "d/big.template.json": JSON.stringify({ Resources: { B: { Type: "AWS::S3::Bucket" } }, Padding: "x".repeat(MAX_SNIFF_BYTES) }),
      });
      const expansion = expandIacArguments(["d"], big);
      assert.deepEqual(expansion.files, ["d/big.template.json"]);
      assert.deepEqual(expansion.tooLarge, ["d/big.yaml"]);
      assert.deepEqual(describeRead(["cloudformation"], expansion), [
        "read 1 CloudFormation template (1 other file skipped)",
        "skipped d/big.yaml: larger than 10 MB (name it on the command line to read it)",
      ]);
    });
  });

  describe("a quoted glob", () => {
    const dir = tree({
      "stacks/a.yaml": TEMPLATE_YAML,
      "stacks/b.yml": "just: config\n",
      "stacks/nested/c.yaml": TEMPLATE_YAML,
      "plans/prod.tfplan.json": PLAN,
      "node_modules/x/d.yaml": TEMPLATE_YAML,
    });

    const cases: [string[], string[], number][] = [
      [["stacks/?.y*ml"], ["stacks/a.yaml"], 1],
      [["stacks/**/*.yaml", "stacks/a.yaml"], ["stacks/a.yaml", "stacks/nested/c.yaml"], 0],
      [["**/*.json"], ["plans/prod.tfplan.json"], 0],
      [["**/*.yaml"], ["stacks/a.yaml", "stacks/nested/c.yaml"], 0],
    ];
    for (const [args, files, skipped] of cases) {
      it(`${args.join(" ")} -> ${files.join(", ")}`, () => {
        const expansion = expandIacArguments(args, dir);
        assert.deepEqual(expansion.files, files);
        assert.equal(expansion.skipped, skipped);
      });
    }

    it("a glob that matches nothing, or no template or plan, is bad input", () => {
      expectInputError(() => expandIacArguments(["stacks/*.json"], dir), "stacks/*.json: matches no file");
      expectInputError(() => expandIacArguments(["stacks/b.*"], dir), "stacks/b.*: matches no CloudFormation template");
    });
  });
});
