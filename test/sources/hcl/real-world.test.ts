// Public Terraform modules that set up CloudTrail, linted as .tf (test/fixtures/iac/terraform-hcl/
// real-world: each folder's README cites the repository, commit and licence, and says what a
// correct linter concludes and why). Nobody here wrote them: they hold the syntax real modules use
// (dynamic blocks nested in dynamic blocks, legacy splats, moved blocks, optional() types, registry
// modules read from .terraform/modules, or not on disk).
import assert from "node:assert/strict";
import { loadTerraformConfig } from "../../../src/sources/hcl/load.js";
import { lint, ROOT } from "../cloudformation/helpers.js";

const DIR = "test/fixtures/iac/terraform-hcl/real-world";
const CHECKS = [
  "multi-region-trail",
  "global-service-events",
  "log-file-validation",
  "trail-kms-encryption",
  "cloudwatch-logs-integration",
  "trail-insights",
  "data-events-tagged-buckets",
  "log-bucket-object-lock",
  "log-bucket-no-delete",
  "iac-invalid-trail-config",
  "cloudwatch-alarm-root-usage",
];

async function results(name: string): Promise<{ rows: string[]; errors: { code: string; message: string }[] }> {
  const source = await loadTerraformConfig(`${DIR}/${name}`, { cwd: ROOT });
  const rows = lint(source, CHECKS).map((f) => `${f.checkId} ${f.status} ${f.messageId}`);
  return { rows, errors: source.snapshot.accounts[0]!.collectionErrors as { code: string; message: string }[] };
}

describe("real-world Terraform modules (.tf)", () => {
  it("nozaq/terraform-aws-secure-baseline cloudtrail-baseline: the trail is decided; what rests on the bucket without a value is ERROR", async () => {
    const { rows, errors } = await results("nozaq-cloudtrail-baseline");
    assert.deepEqual(rows, [
      "cloudwatch-alarm-root-usage FAIL noFilter",
      "cloudwatch-logs-integration PASS ok",
      "data-events-tagged-buckets NOT_APPLICABLE noTaggedBuckets",
      "global-service-events PASS ok",
      "iac-invalid-trail-config ERROR collection-error",
      "log-bucket-no-delete ERROR collection-error",
      "log-bucket-object-lock ERROR collection-error",
      "log-file-validation PASS ok",
      "multi-region-trail PASS ok",
      "trail-insights FAIL partial",
      // The check also looks at the log bucket's default encryption, which rests on the bucket name.
      "trail-kms-encryption ERROR collection-error",
    ]);
    assert.equal(errors.length, 1);
    // enable_key_rotation = "true" is a string; Terraform converts it to the argument's bool.
    const source = await loadTerraformConfig(`${DIR}/nozaq-cloudtrail-baseline`, { cwd: ROOT });
    const keys = (source.snapshot.accounts[0] as unknown as { kmsKeys: { rotationEnabled: unknown }[] }).kmsKeys;
    assert.deepEqual(keys.map((k) => k.rotationEnabled), [true]);
    assert.match(
      errors[0]!.message,
      /^module\.cloudtrail_baseline\.aws_cloudtrail\.global s3_bucket_name is not decided: var\.audit_log_bucket_name has no value \(no default; not set by --var, --var-file, terraform\.tfvars, \*\.auto\.tfvars or TF_VAR_audit_log_bucket_name\) \(test\/fixtures\/iac\/terraform-hcl\/real-world\/nozaq-cloudtrail-baseline\/main\.tf:\d+:\d+\); cannot be decided from the configuration$/,
    );
  });

  it("cloudposse/terraform-aws-cloudtrail with its label module from .terraform/modules: one trail, decided", async () => {
    const { rows, errors } = await results("cloudposse-cloudtrail");
    assert.deepEqual(rows, [
      "cloudwatch-alarm-root-usage FAIL notWired",
      "cloudwatch-logs-integration FAIL notWired",
      "data-events-tagged-buckets NOT_APPLICABLE noTaggedBuckets",
      "global-service-events PASS ok",
      "iac-invalid-trail-config PASS ok",
      // The bucket is named, not defined here.
      "log-bucket-no-delete ERROR bucketMissing",
      "log-bucket-object-lock ERROR bucketMissing",
      "log-file-validation PASS ok",
      "multi-region-trail PASS ok",
      "trail-insights FAIL off",
      "trail-kms-encryption FAIL noKms",
    ]);
    assert.deepEqual(errors, []);
  });

  it("cloudposse/terraform-aws-cloudtrail-s3-bucket before terraform init: every result ERROR naming the modules not on disk", async () => {
    const { rows, errors } = await results("cloudposse-cloudtrail-s3-bucket");
    assert.ok(rows.every((r) => / (ERROR collection-error|NOT_APPLICABLE none)$/.test(r)), rows.join("\n"));
    assert.ok(rows.some((r) => r.startsWith("multi-region-trail ERROR")));
    assert.deepEqual(
      errors.map((e) => [e.code, e.message]),
      [
        ["Unexpanded", "a trail may be created by module.cloudtrail_s3_bucket.module.this: defined in module this (cloudposse/label/null), not on disk: run terraform init, or lint a plan"],
        ["Unexpanded", "a trail may be created by module.cloudtrail_s3_bucket.module.s3_bucket: defined in module s3_bucket (cloudposse/s3-log-storage/aws), not on disk: run terraform init, or lint a plan"],
        ["Unexpanded", "a trail may be created by module.cloudtrail_s3_bucket.module.access_log_bucket_name: defined in module access_log_bucket_name (cloudposse/label/null), not on disk: run terraform init, or lint a plan"],
        ["Unexpanded", "a trail may be created by module.cloudtrail_s3_bucket.module.s3_access_log_bucket: defined in module s3_access_log_bucket (cloudposse/s3-log-storage/aws), not on disk: run terraform init, or lint a plan"],
      ],
    );
  });
});
