// Data source values of the HCL source (src/sources/hcl/data-sources.ts): caller identity, region
// and partition from the caller's context, the policy document with its id, and Unknown for what
// only AWS answers.
import assert from "node:assert/strict";
import type { Span } from "../../../src/sources/hcl/ast.js";
import { dataSourceValue, type DataSourceContext } from "../../../src/sources/hcl/data-sources.js";
import { Unknown, type Value } from "../../../src/sources/hcl/value.js";

const at: Span = { file: "main.tf", line: 12, column: 1 };
const ctx: DataSourceContext = { accountId: "111122223333", region: "eu-west-1", partition: "aws", accountDecided: true, regionDecided: true };

/** The value with every Unknown replaced by `?reason`, to compare in one assertion. */
function shape(value: Value): unknown {
  if (value instanceof Unknown) return `?${value.reason}`;
  if (Array.isArray(value)) return value.map(shape);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]));
  return value;
}

describe("HCL data sources", () => {
  const cases: { name: string; type: string; args?: Record<string, Value>; ctx?: Partial<DataSourceContext>; expect: unknown }[] = [
    {
      name: "aws_caller_identity: the account id; arn and user_id only AWS knows",
      type: "aws_caller_identity",
      expect: { account_id: "111122223333", arn: "?undecided", user_id: "?undecided", id: "111122223333" },
    },
    {
      name: "aws_caller_identity: the caller's stand-in account id when the account is not decided",
      type: "aws_caller_identity",
      ctx: { accountId: "000000000000", accountDecided: false },
      expect: { account_id: "000000000000", arn: "?undecided", user_id: "?undecided", id: "000000000000" },
    },
    {
      name: "aws_region: the provider's region",
      type: "aws_region",
      expect: { name: "eu-west-1", region: "eu-west-1", id: "eu-west-1", endpoint: "?undecided", description: "?undecided" },
    },
    {
      name: "aws_region: a region named by name (v5) or region (v6)",
      type: "aws_region",
      args: { name: "us-east-1" },
      expect: { name: "us-east-1", region: "us-east-1", id: "us-east-1", endpoint: "?undecided", description: "?undecided" },
    },
    {
      name: "aws_region: looked up by endpoint, the name is not decided",
      type: "aws_region",
      args: { endpoint: "ec2.us-west-2.amazonaws.com" },
      expect: { name: "?undecided", region: "?undecided", id: "?undecided", endpoint: "ec2.us-west-2.amazonaws.com", description: "?undecided" },
    },
    {
      name: "aws_partition: aws",
      type: "aws_partition",
      expect: { partition: "aws", dns_suffix: "amazonaws.com", reverse_dns_prefix: "com.amazonaws", id: "aws" },
    },
    {
      name: "aws_partition: aws-cn",
      type: "aws_partition",
      ctx: { partition: "aws-cn" },
      expect: { partition: "aws-cn", dns_suffix: "amazonaws.com.cn", reverse_dns_prefix: "cn.com.amazonaws", id: "aws-cn" },
    },
    {
      name: "aws_partition: a partition cloudtrail-lint does not know",
      type: "aws_partition",
      ctx: { partition: "aws-example" },
      expect: { partition: "aws-example", dns_suffix: "?undecided", reverse_dns_prefix: "?undecided", id: "aws-example" },
    },
    {
      name: "aws_iam_policy_document with an argument known only after apply: the arguments stay, json, minified_json and id are unknown",
      type: "aws_iam_policy_document",
      args: { statement: [{ resources: [new Unknown("after-apply", "aws_s3_bucket.logs.arn", at)] }] },
      expect: { statement: [{ resources: ["?after-apply"] }], json: "?after-apply", minified_json: "?after-apply", id: "?after-apply" },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(shape(dataSourceValue(c.type, c.args ?? {}, { ...ctx, ...c.ctx }, at)), c.expect);
    });
  }

  it("aws_iam_policy_document: json, minified_json and id, the provider's CRC-32 hashcode of json", () => {
    const value = dataSourceValue("aws_iam_policy_document", { policy_id: "p" }, ctx, at);
    assert.ok(!(value instanceof Unknown));
    const json = '{\n  "Version": "2012-10-17",\n  "Id": "p"\n}';
    assert.deepEqual(value, { policy_id: "p", json, minified_json: '{"Version":"2012-10-17","Id":"p"}', id: "1731009179" }); // Python: zlib.crc32(json)
  });

  it("aws_iam_policy_document that the provider rejects: the whole data source is the invalid Unknown", () => {
    const value = dataSourceValue("aws_iam_policy_document", { statement: [{ sid: "A" }, { sid: "A" }] }, ctx, at);
    assert.ok(value instanceof Unknown);
    assert.equal(value.reason, "invalid");
    assert.match(value.message, /duplicate Sid \(A\)/);
  });

  for (const [type, message] of [
    ["aws_organizations_organization", "data.aws_organizations_organization is read from AWS Organizations at plan time"],
    ["aws_s3_bucket", "data source aws_s3_bucket is read from AWS at plan time; not evaluated by cloudtrail-lint"],
  ] as const) {
    it(`${type}: undecided as a whole`, () => {
      const value = dataSourceValue(type, { bucket: "org-logs" }, ctx, at);
      assert.ok(value instanceof Unknown);
      assert.deepEqual([value.reason, value.message, value.at], ["undecided", message, at]);
    });
  }
});
