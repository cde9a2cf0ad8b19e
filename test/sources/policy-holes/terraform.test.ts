// Terraform plans and policy holes. A plan holds a policy as one string attribute (`policy` of
// aws_s3_bucket_policy, from jsonencode() or data.aws_iam_policy_document.json): when any value in
// it is unknown until apply, `after_unknown` marks the whole attribute, so the policy stays one
// unknown (the grant-everything stand-in, ERROR at the attribute); a policy the plan knows is judged
// as it is. Plan shape: `terraform show -json` format 1.2 (planned_values, resource_changes).
import assert from "node:assert/strict";
import { runChecks } from "../../../src/engine/run.js";
import { parseIac } from "../../../src/sources/iac.js";
import { namedChecks } from "../../helpers/named-checks.js";

const BUCKET = "org-trail-logs-example";

/** A plan with an organization trail, its bucket (COMPLIANCE Object Lock or not) and the bucket policy. */
function plan(policy: string | null, options: { lock?: boolean } = {}): string {
  const resource = (address: string, type: string, after: Record<string, unknown>, unknown: Record<string, unknown> = {}) => ({ address, type, after, unknown });
  const resources = [
    resource("aws_s3_bucket.logs", "aws_s3_bucket", { bucket: BUCKET, object_lock_enabled: options.lock === true, force_destroy: false }),
    resource("aws_s3_bucket_policy.logs", "aws_s3_bucket_policy", { bucket: BUCKET, ...(policy !== null ? { policy } : {}) }, policy === null ? { policy: true } : {}),
    resource("aws_cloudtrail.org", "aws_cloudtrail", {
      name: "org-trail",
      s3_bucket_name: BUCKET,
      enable_logging: true,
      include_global_service_events: true,
      is_multi_region_trail: true,
      is_organization_trail: true,
      enable_log_file_validation: true,
      event_selector: [],
      advanced_event_selector: [],
    }),
    ...(options.lock
      ? [resource("aws_s3_bucket_object_lock_configuration.logs", "aws_s3_bucket_object_lock_configuration", { bucket: BUCKET, object_lock_enabled: "Enabled", rule: [{ default_retention: [{ mode: "COMPLIANCE", days: 365, years: null }] }] })]
      : []),
  ];
  const name = (address: string) => address.split(".").pop()!;
  return JSON.stringify(
    {
      format_version: "1.2",
      terraform_version: "1.9.8",
      planned_values: { root_module: { resources: resources.map((r) => ({ address: r.address, mode: "managed", type: r.type, name: name(r.address), provider_name: "registry.terraform.io/hashicorp/aws", schema_version: 0, values: r.after, sensitive_values: {} })) } },
      resource_changes: resources.map((r) => ({ address: r.address, mode: "managed", type: r.type, name: name(r.address), provider_name: "registry.terraform.io/hashicorp/aws", change: { actions: ["create"], before: null, after: r.after, after_unknown: r.unknown } })),
    },
    null,
    2,
  );
}

const ORG_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Sid: "AWSCloudTrailAclCheck", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:GetBucketAcl", Resource: `arn:aws:s3:::${BUCKET}`, Condition: { StringEquals: { "aws:SourceArn": "arn:aws:cloudtrail:us-east-1:000000000000:trail/org-trail" } } },
    { Sid: "AWSCloudTrailWrite", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:PutObject", Resource: `arn:aws:s3:::${BUCKET}/AWSLogs/000000000000/*`, Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": "arn:aws:cloudtrail:us-east-1:000000000000:trail/org-trail" } } },
    { Sid: "DenyOutsideOrganization", Effect: "Deny", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${BUCKET}/*`, Condition: { StringNotEquals: { "aws:PrincipalOrgID": "o-abcdefghij" } } },
  ],
});

function rows(text: string): string[] {
  const source = parseIac(text, "org.tfplan.json");
  return runChecks(namedChecks(["log-bucket-no-delete", "log-bucket-delivery-policy"]), source.snapshot, new Map(), source.file).map((f) => {
    const at = source.locate(f.pointer ?? "");
    return `${f.checkId} ${f.status} ${f.messageId} @${at?.startLine ?? "-"}`;
  });
}

describe("policy holes: Terraform plans", () => {
  // The last line holding `needle`: a resource is located at its resource_changes entry, after planned_values.
  const line = (text: string, needle: string) => text.split("\n").findLastIndex((l) => l.includes(needle)) + 1;
  const cases: { name: string; text: string; expect: (text: string) => string[] }[] = [
    {
      name: "a known organization log-bucket policy is judged as it is (PASS with COMPLIANCE Object Lock)",
      text: plan(ORG_POLICY, { lock: true }),
      // At the bucket's resource_changes entry (the line of its opening brace, above its address).
      expect: (text) => [`log-bucket-delivery-policy PASS ok @${line(text, '"address": "aws_s3_bucket.logs"') - 1}`, `log-bucket-no-delete PASS ok @${line(text, '"address": "aws_s3_bucket.logs"') - 1}`],
    },
    {
      name: "a policy unknown until apply (jsonencode with an unknown value) is one unknown: ERROR at the policy attribute",
      text: plan(null, { lock: true }),
      expect: (text) => [`log-bucket-delivery-policy ERROR collection-error @${line(text, '"policy": true')}`, `log-bucket-no-delete ERROR collection-error @${line(text, '"policy": true')}`],
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(rows(c.text), c.expect(c.text)));
});
