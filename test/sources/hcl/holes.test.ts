// A policy whose structure the files decide but some values not (a variable without a value in
// aws_iam_policy_document, jsonencode of an object with an open value) is judged with holes: each
// open value is an unknown at its place (policy-holes.ts), so a verdict that does not rest on it is
// decided, and one that does is ERROR at the expression.
import assert from "node:assert/strict";
import { loadTerraformConfig } from "../../../src/sources/hcl/load.js";
import { renderWithHoles } from "../../../src/sources/hcl/holes.js";
import { Unknown, type Value } from "../../../src/sources/hcl/value.js";
import { lint, ROOT } from "../cloudformation/helpers.js";

const at = { file: "main.tf", line: 3, column: 7 };

describe("policies with holes from .tf", () => {
  it("renderWithHoles: the JSON's structure with each open value in place; no structure when the renderer rejects the stand-in", () => {
    const open = new Unknown("undecided", "var.org_id has no value", at);
    const input: Value = { Statement: [{ Effect: "Allow", Resource: open }] };
    const result = renderWithHoles(input, (v) => JSON.stringify(v), () => open);
    assert.ok(result instanceof Unknown);
    assert.equal(result.message, "var.org_id has no value");
    assert.deepEqual(result.partial, { Statement: [{ Effect: "Allow", Resource: open }] });
    assert.equal(renderWithHoles(input, () => new Unknown("invalid", "rejected", at), () => open), open);
    const invalid = new Unknown("invalid", "not a string", at);
    assert.equal(renderWithHoles({ a: invalid }, (v) => JSON.stringify(v), () => invalid), invalid);
  });

  it("an organization trail's bucket policy with the organization id open: delete protection and delivery are decided", async () => {
    const source = await loadTerraformConfig("test/fixtures/iac/terraform-hcl/holes", { cwd: ROOT });
    const errors = source.snapshot.accounts[0]!.collectionErrors as { operation: string; path?: string; message: string }[];
    assert.deepEqual(
      errors.filter((e) => e.operation === "GetBucketPolicy").map((e) => [e.path, e.message]),
      [
        [
          "/Statement/1/Resource",
          "aws_s3_bucket_policy.logs (aws_s3_bucket_policy) policy Statement[1] (AWSCloudTrailWrite) Resource is not decided (test/fixtures/iac/terraform-hcl/holes/main.tf:19:55): var.org_id has no value (no default; not set by --var, --var-file, terraform.tfvars, *.auto.tfvars or TF_VAR_org_id); cannot be decided from the configuration",
        ],
      ],
    );
    // Neither verdict rests on the open value: nothing denies delete, and no statement has an aws:SourceArn condition.
    assert.deepEqual(
      lint(source, ["log-bucket-no-delete", "log-bucket-delivery-policy"]).map((f) => [f.checkId, f.status]),
      [
        ["log-bucket-delivery-policy", "FAIL"],
        ["log-bucket-no-delete", "FAIL"],
      ],
    );
  });
});
