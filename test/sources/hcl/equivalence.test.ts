// A Terraform configuration and its plan give the same findings: the blog set-up as .tf
// (examples/iac/terraform) against examples/iac/blog.tfplan.json, and the equivalence fixture
// (test/fixtures/iac/terraform-hcl/equivalence: variables, tfvars, locals, count, for_each,
// conditionals, functions, data sources, KMS, CloudWatch Logs, alarms, SNS, split S3 resources)
// against the plan written for it by hand in Terraform's shape. Findings are compared by check,
// status, message and resource; the .tf findings point at .tf lines.
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Finding } from "../../../src/engine/run.js";
import { loadTerraformConfig } from "../../../src/sources/hcl/load.js";
import type { IacSource } from "../../../src/sources/iac.js";
import { lint, loadFixture, ROOT } from "../cloudformation/helpers.js";

const key = (f: Finding) => `${f.checkId} ${f.status} ${f.resource ?? "-"} ${f.message}`;
const keys = (findings: Finding[]) => findings.map(key).sort();

function located(source: IacSource, findings: Finding[], checkId: string): string[] {
  return findings
    .filter((f) => f.checkId === checkId)
    .map((f) => {
      const at = source.locate(f.property ?? f.pointer ?? "");
      return at ? `${at.file}:${at.startLine}:${at.startColumn}` : "-";
    });
}

describe("Terraform configuration and its plan: the same findings", () => {
  it("the blog set-up (examples/iac/terraform, a local module and a tfvars file) and examples/iac/blog.tfplan.json", async () => {
    const accountId = "731245896504"; // the plan's data.aws_caller_identity
    const tf = await loadTerraformConfig("examples/iac/terraform", { cwd: ROOT, accountId });
    const plan = loadFixture("examples/iac/blog.tfplan.json", { accountId });
    const [fromTf, fromPlan] = [lint(tf), lint(plan)];
    assert.ok(fromPlan.some((f) => f.status === "FAIL") && fromPlan.some((f) => f.status === "PASS"));
    assert.deepEqual(keys(fromTf), keys(fromPlan));
    // The deciding attribute, in the file that sets it: the trail in main.tf, the bucket policy in the module.
    assert.deepEqual(located(tf, fromTf, "global-service-events"), ["examples/iac/terraform/main.tf:30:3"]);
    assert.deepEqual(located(tf, fromTf, "log-bucket-no-delete"), ["examples/iac/terraform/modules/log-bucket/main.tf:33:3"]);
  });

  it("the equivalence fixture and its hand-written plan", async function () {
    const dir = "test/fixtures/iac/terraform-hcl/equivalence";
    const accountId = "123456789012";
    const tf = await loadTerraformConfig(dir, { cwd: ROOT, accountId });
    const plan = loadFixture(join(dir, "equivalence.tfplan.json"), { accountId });
    const [fromTf, fromPlan] = [lint(tf), lint(plan)];
    assert.deepEqual(keys(fromTf), keys(fromPlan));
    assert.ok(fromTf.every((f) => f.status !== "ERROR"), fromTf.filter((f) => f.status === "ERROR").map(key).join("\n"));
  });
});
