// The .tf source end to end (src/sources/hcl/load.ts loadTerraformConfig): each row is a small
// root module written to a temp directory, and its exact outcome: the snapshot values the row is
// about, every Unresolved/Unexpanded collection error with the file:line:column that
// `locate("/accounts/0/collectionErrors/<i>")` gives, the resources with their locations, or the
// InputError a bad configuration is. A few rows go through the CLI (test/cli/helpers.ts `cli`) for
// the findings: what the files leave undecided is ERROR, never FAIL or PASS.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Report } from "../../../src/engine/report.js";
import { loadTerraformConfig, type TerraformConfigOptions } from "../../../src/sources/hcl/load.js";
import type { IacSource } from "../../../src/sources/iac.js";
import { isInputError } from "../../../src/util/errors.js";
import { cli } from "../../cli/helpers.js";

type Files = Record<string, string>;

const ACCOUNT = "111122223333";
const ID: TerraformConfigOptions = { accountId: ACCOUNT, region: "eu-west-1" };

const dirs: string[] = [];
after(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh root module directory holding `files` (paths relative to it). */
function write(files: Files): string {
  const dir = mkdtempSync(join(tmpdir(), "ctl-tf-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** The part of the snapshot at a JSON Pointer under /accounts/0. */
function at(source: IacSource, pointer: string): unknown {
  let node: unknown = source.snapshot.accounts[0];
  for (const token of pointer.split("/").slice(1)) {
    const key = token.replace(/~1/g, "/").replace(/~0/g, "~");
    node = node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}

/** Every collection error of the account: "file:line:column code message". */
function errors(source: IacSource): string[] {
  return (source.snapshot.accounts[0]!.collectionErrors ?? []).map((e, i) => {
    const l = source.locate(`/accounts/0/collectionErrors/${i}`);
    return `${l ? `${l.file}:${l.startLine}:${l.startColumn}` : "?"} ${e.code} ${e.message}`;
  });
}

/** Every resource: "address file:line:column -> pointer". */
function resources(source: IacSource): string[] {
  return source.resources.map((r) => `${r.id} ${r.location.file}:${r.location.startLine}:${r.location.startColumn} -> ${r.pointer ?? r.note ?? "-"}`);
}

/** The cause the evaluator gives for a root variable without a value. */
const noValue = (name: string) => `var.${name} has no value (no default; not set by --var, --var-file, terraform.tfvars, *.auto.tfvars or TF_VAR_${name})`;
/** An Unresolved error of an attribute the files do not decide. */
const notDecided = (where: string, address: string, attribute: string, cause: string, expr: string) =>
  `${where} Unresolved ${address} ${attribute} is not decided: ${cause} (${expr}); cannot be decided from the configuration`;
/** An Unresolved error of an attribute whose expression Terraform rejects. */
const rejects = (where: string, address: string, attribute: string, cause: string, expr: string) =>
  `${where} Unresolved ${address} ${attribute} is an expression Terraform rejects: ${cause} (${expr}); cannot be decided from the configuration`;

/** `resource "aws_cloudtrail" "x"` with `body`. */
const trail = (body: string) => `resource "aws_cloudtrail" "x" {\n${body}}\n`;
/** A trail whose name is var.name (main.tf:5). */
const NAMED = `variable "name" {\n  type = string\n}\n\n${trail('  name           = var.name\n  s3_bucket_name = "logs"\n')}`;

const DEFAULT_SELECTORS = [{ ReadWriteType: "All", IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }];

const MODULE = `variable "bucket_name" {
  type = string
}

variable "multi" {
  default = false
}

resource "aws_s3_bucket" "this" {
  bucket = var.bucket_name
}

resource "aws_cloudtrail" "this" {
  name                  = "t-\${var.bucket_name}"
  s3_bucket_name        = aws_s3_bucket.this.id
  is_multi_region_trail = var.multi
}

output "bucket_id" {
  value = aws_s3_bucket.this.id
}

output "bucket_arn" {
  value = aws_s3_bucket.this.arn
}
`;

/** A module whose log group is named after its provider's region. */
const REGIONAL_MODULE = `data "aws_region" "here" {}

resource "aws_cloudwatch_log_group" "ct" {
  name = "ct-\${data.aws_region.here.name}"
}

output "arn" {
  value = aws_cloudwatch_log_group.ct.arn
}
`;

/** Two providers; REGIONAL_MODULE called with each; a trail with each. */
const WEST = `provider "aws" {
  region = "us-east-1"
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

module "west" {
  source    = "./m"
  providers = { aws = aws.west }
}

module "east" {
  source = "./m"
}

resource "aws_cloudtrail" "x" {
  name                       = "x"
  s3_bucket_name             = "logs"
  cloud_watch_logs_group_arn = "\${module.west.arn}:*"
}

resource "aws_cloudtrail" "y" {
  provider       = aws.west
  name           = "y"
  s3_bucket_name = "logs"
}
`;

const CLOUDTRAIL_WRITE = {
  Sid: "Write",
  Effect: "Allow",
  Principal: { Service: "cloudtrail.amazonaws.com" },
  Action: "s3:PutObject",
  Resource: `arn:aws:s3:::org-logs/AWSLogs/${ACCOUNT}/*`,
  Condition: { StringEquals: { "aws:SourceArn": `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/t` } },
};

interface Row {
  name: string;
  files: Files;
  /** Default: account 111122223333, region eu-west-1 (the files then need no provider block). */
  options?: TerraformConfigOptions;
  /** Snapshot values by JSON Pointer under /accounts/0. */
  values?: Record<string, unknown>;
  /** Every collection error of the account (default: none). */
  errors?: string[];
  /** Every resource of the source, when the row is about addresses or locations. */
  resources?: string[];
  /** Where `locate` puts snapshot parts (pointers under /accounts/0): "file:line:column". */
  locations?: Record<string, string>;
}

const rows: Row[] = [
  // ---- variables
  {
    name: "a variable's default",
    files: { "main.tf": `variable "name" {\n  default = "from-default"\n}\n\n${trail('  name           = var.name\n  s3_bucket_name = "logs"\n')}` },
    values: { "/trails/0/Name": "from-default", "/trails/0/TrailARN": `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/from-default` },
    resources: ["aws_cloudtrail.x main.tf:5:1 -> /accounts/0/trails/0"],
  },
  {
    name: "terraform.tfvars wins over the default",
    files: { "main.tf": `variable "name" {\n  default = "from-default"\n}\n\n${trail('  name           = var.name\n  s3_bucket_name = "logs"\n')}`, "terraform.tfvars": 'name = "from-tfvars"\n' },
    values: { "/trails/0/Name": "from-tfvars" },
  },
  {
    name: "*.auto.tfvars after terraform.tfvars, in name order (b wins over a)",
    files: { "main.tf": NAMED, "terraform.tfvars": 'name = "from-tfvars"\n', "b.auto.tfvars": 'name = "from-b"\n', "a.auto.tfvars": 'name = "from-a"\n' },
    values: { "/trails/0/Name": "from-b" },
  },
  {
    name: "*.auto.tfvars.json",
    files: { "main.tf": NAMED, "x.auto.tfvars.json": '{"name": "from-json"}\n' },
    values: { "/trails/0/Name": "from-json" },
  },
  {
    name: "--var-file wins over *.auto.tfvars",
    files: { "main.tf": NAMED, "z.auto.tfvars": 'name = "from-auto"\n', "env/prod.tfvars": 'name = "from-var-file"\n' },
    options: { ...ID, varFiles: ["env/prod.tfvars"] },
    values: { "/trails/0/Name": "from-var-file" },
  },
  {
    name: "--var wins over --var-file",
    files: { "main.tf": NAMED, "prod.tfvars": 'name = "from-var-file"\n' },
    options: { ...ID, varFiles: ["prod.tfvars"], vars: ["name=from-flag"] },
    values: { "/trails/0/Name": "from-flag" },
  },
  {
    name: "TF_VAR_name sets a variable",
    files: { "main.tf": NAMED },
    options: { ...ID, env: { TF_VAR_name: "from-env", TF_VAR_other: "ignored" } },
    values: { "/trails/0/Name": "from-env" },
  },
  {
    name: "TF_VAR_name loses to terraform.tfvars",
    files: { "main.tf": NAMED, "terraform.tfvars": 'name = "from-tfvars"\n' },
    options: { ...ID, env: { TF_VAR_name: "from-env" } },
    values: { "/trails/0/Name": "from-tfvars" },
  },
  {
    name: "a bool and a number given as text are read as HCL for their type",
    files: {
      "main.tf": `variable "multi" {\n  type = bool\n}\n\nvariable "n" {\n  type = number\n}\n\n${trail('  name                  = "t${var.n + 1}"\n  s3_bucket_name        = "logs"\n  is_multi_region_trail = var.multi\n')}`,
    },
    options: { ...ID, vars: ["multi=true"], env: { TF_VAR_n: "2" } },
    values: { "/trails/0/Name": "t3", "/trails/0/IsMultiRegionTrail": true },
  },
  {
    name: "a list(string) given with --var",
    files: {
      "main.tf": `variable "arns" {\n  type = list(string)\n}\n\n${trail('  name           = "t"\n  s3_bucket_name = "logs"\n\n  event_selector {\n    data_resource {\n      type   = "AWS::S3::Object"\n      values = var.arns\n    }\n  }\n')}`,
    },
    options: { ...ID, vars: ['arns=["arn:aws:s3:::a/", "arn:aws:s3:::b/"]'] },
    values: { "/trails/0/eventSelectors": [{ ReadWriteType: "All", IncludeManagementEvents: true, DataResources: [{ Type: "AWS::S3::Object", Values: ["arn:aws:s3:::a/", "arn:aws:s3:::b/"] }], ExcludeManagementEventSources: [] }] },
  },
  {
    name: 'values converted to the declared type: "2" to a number, "true" to a bool, true to a string, an object\'s optional attributes',
    files: {
      "main.tf": `variable "n" {
  type    = number
  default = "2"
}

variable "multi" {
  type = bool
}

variable "suffix" {
  type = string
}

variable "trail" {
  type = object({
    prefix     = optional(string, "ct")
    validation = optional(bool)
  })
  default = {}
}

resource "aws_cloudtrail" "x" {
  count                      = var.n
  name                       = "t\${count.index}-\${var.suffix}"
  s3_bucket_name             = "logs"
  s3_key_prefix              = var.trail.prefix
  is_multi_region_trail      = var.multi
  enable_log_file_validation = var.trail.validation == null
}
`,
      "terraform.tfvars": 'multi  = "true"\nsuffix = true\n',
    },
    values: {
      "/trails/0/Name": "t0-true",
      "/trails/1/Name": "t1-true",
      "/trails/0/IsMultiRegionTrail": true,
      "/trails/0/S3KeyPrefix": "ct",
      "/trails/0/LogFileValidationEnabled": true,
    },
  },
  {
    name: "count given as a string that is a number",
    files: { "main.tf": trail('  count          = "2"\n  name           = "t${count.index}"\n  s3_bucket_name = "logs"\n') },
    values: { "/trails/0/Name": "t0", "/trails/1/Name": "t1" },
  },
  {
    name: "a value that does not convert to the declared type: Unresolved, pointing at the type",
    files: { "main.tf": `variable "multi" {\n  type = bool\n}\n\n${trail('  name                  = "t"\n  s3_bucket_name        = "logs"\n  is_multi_region_trail = var.multi\n')}`, "terraform.tfvars": 'multi = "yes"\n' },
    errors: [rejects("main.tf:8:3", "aws_cloudtrail.x", "is_multi_region_trail", "the value of var.multi is a string, not a bool (its type)", "main.tf:2:3")],
  },
  {
    name: 'variables without a type given "true" and "false": the provider converts them for its bool arguments',
    files: { "main.tf": `variable "multi" {}\n\nvariable "global" {}\n\n${trail('  name                          = "t"\n  s3_bucket_name                = "logs"\n  is_multi_region_trail         = var.multi\n  include_global_service_events = var.global\n')}` },
    options: { ...ID, vars: ["multi=true", "global=false"] },
    values: { "/trails/0/IsMultiRegionTrail": true, "/trails/0/IncludeGlobalServiceEvents": false },
  },
  {
    name: "a variable without a value: Unresolved at the attribute, the cause at the expression",
    files: {
      "main.tf": `variable "multi" {\n  type = bool\n}\n\nvariable "kms" {}\n\n${trail('  name                  = "t"\n  s3_bucket_name        = "logs"\n  is_multi_region_trail = var.multi\n  kms_key_id            = var.kms\n')}`,
    },
    values: { "/trails/0/IsMultiRegionTrail": false, "/trails/0/KmsKeyId": "<known after apply: aws_cloudtrail.x.kms_key_id>" },
    errors: [
      notDecided("main.tf:10:3", "aws_cloudtrail.x", "is_multi_region_trail", noValue("multi"), "main.tf:10:27"),
      notDecided("main.tf:11:3", "aws_cloudtrail.x", "kms_key_id", noValue("kms"), "main.tf:11:27"),
    ],
  },

  // ---- expressions
  {
    name: "locals referring to locals, templates, a heredoc",
    files: {
      "main.tf": `locals {\n  env    = "prod"\n  name   = "\${local.env}-trail"\n  prefix = local.name\n}\n\n${trail('  name           = local.name\n  s3_bucket_name = "logs-${local.env}"\n  s3_key_prefix  = <<-EOT\n    ${local.prefix}/ct\n  EOT\n')}`,
    },
    values: { "/trails/0/Name": "prod-trail", "/trails/0/S3BucketName": "logs-prod", "/trails/0/S3KeyPrefix": "prod-trail/ct\n" },
  },
  {
    name: "conditionals and operators",
    files: {
      "main.tf": `variable "prod" {\n  default = true\n}\n\n${trail('  name                          = "t"\n  s3_bucket_name                = var.prod ? "prod-logs" : "dev-logs"\n  is_multi_region_trail         = !var.prod ? false : true\n  include_global_service_events = var.prod && 1 + 1 == 3\n')}`,
    },
    values: { "/trails/0/S3BucketName": "prod-logs", "/trails/0/IsMultiRegionTrail": true, "/trails/0/IncludeGlobalServiceEvents": false },
  },
  {
    name: "references: a bucket's .bucket and .id, a log group's .arn",
    files: {
      "main.tf": `resource "aws_s3_bucket" "logs" {\n  bucket = "org-logs"\n}\n\nresource "aws_cloudwatch_log_group" "ct" {\n  name = "/aws/cloudtrail/\${aws_s3_bucket.logs.id}"\n}\n\n${trail('  name                       = "t"\n  s3_bucket_name             = aws_s3_bucket.logs.bucket\n  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.ct.arn}:*"\n')}`,
    },
    values: {
      "/trails/0/S3BucketName": "org-logs",
      "/trails/0/CloudWatchLogsLogGroupArn": `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/cloudtrail/org-logs:*`,
      "/logGroups/0/logGroupName": "/aws/cloudtrail/org-logs",
    },
    resources: [
      "aws_s3_bucket.logs main.tf:1:1 -> /accounts/0/buckets/0",
      "aws_cloudwatch_log_group.ct main.tf:5:1 -> /accounts/0/logGroups/0",
      "aws_cloudtrail.x main.tf:9:1 -> /accounts/0/trails/0",
    ],
  },
  {
    name: 'a bucket policy built with "${aws_s3_bucket.logs.arn}/AWSLogs/*" is decided (jsonencode)',
    files: {
      "main.tf": `resource "aws_s3_bucket" "logs" {
  bucket = "org-logs"
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = "s3:PutObject"
      Resource  = "\${aws_s3_bucket.logs.arn}/AWSLogs/*"
    }]
  })
}
`,
    },
    values: {
      "/buckets/0/policy": {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:PutObject", Resource: "arn:aws:s3:::org-logs/AWSLogs/*" }],
      },
    },
    resources: ["aws_s3_bucket.logs main.tf:1:1 -> /accounts/0/buckets/0", "aws_s3_bucket_policy.logs main.tf:5:1 -> /accounts/0/buckets/0/policy"],
  },
  {
    name: 'a heredoc bucket policy with "${aws_s3_bucket.logs.arn}/AWSLogs/*" and the trail\'s own .arn is decided',
    files: {
      "main.tf": `resource "aws_s3_bucket" "logs" {
  bucket = "org-logs"
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [{
    "Sid": "Write",
    "Effect": "Allow",
    "Principal": {"Service": "cloudtrail.amazonaws.com"},
    "Action": "s3:PutObject",
    "Resource": "\${aws_s3_bucket.logs.arn}/AWSLogs/${ACCOUNT}/*",
    "Condition": {"StringEquals": {"aws:SourceArn": "\${aws_cloudtrail.x.arn}"}}
  }]
}
POLICY
}

resource "aws_cloudtrail" "x" {
  name           = "t"
  s3_bucket_name = aws_s3_bucket.logs.id
  depends_on     = [aws_s3_bucket_policy.logs]
}
`,
    },
    values: { "/buckets/0/policy": { Version: "2012-10-17", Statement: [CLOUDTRAIL_WRITE] }, "/trails/0/S3BucketName": "org-logs" },
  },
  {
    name: "data sources: caller identity, region, partition, and a policy document as the bucket policy",
    files: {
      "main.tf": `data "aws_caller_identity" "me" {}
data "aws_region" "here" {}
data "aws_partition" "p" {}

data "aws_iam_policy_document" "logs" {
  statement {
    sid = "Write"
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
    actions   = ["s3:PutObject"]
    resources = ["arn:\${data.aws_partition.p.partition}:s3:::org-logs/AWSLogs/\${data.aws_caller_identity.me.account_id}/*"]
    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = ["arn:aws:cloudtrail:\${data.aws_region.here.name}:\${data.aws_caller_identity.me.account_id}:trail/t"]
    }
  }
}

resource "aws_s3_bucket" "logs" {
  bucket = "org-logs"
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = data.aws_iam_policy_document.logs.json
}
`,
    },
    values: { "/buckets/0/policy": { Version: "2012-10-17", Statement: [CLOUDTRAIL_WRITE] } },
  },
  {
    name: "a policy document over a splat of count instances (a for expression), a data source with count",
    files: {
      "main.tf": `resource "aws_s3_bucket" "logs" {
  count  = 2
  bucket = "logs-\${count.index}-\${data.aws_region.r[0].name}"
}

data "aws_region" "r" {
  count = 1
}

data "aws_iam_policy_document" "p" {
  statement {
    effect = "Deny"
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    actions   = ["s3:DeleteObject"]
    resources = [for arn in aws_s3_bucket.logs[*].arn : "\${arn}/*"]
  }
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs[0].id
  policy = data.aws_iam_policy_document.p.json
}
`,
    },
    values: {
      "/buckets/0/Name": "logs-0-eu-west-1",
      // The provider writes a set of strings in the Plugin SDK's hash order (sdk-set.ts).
      "/buckets/0/policy": { Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:DeleteObject", Resource: ["arn:aws:s3:::logs-1-eu-west-1/*", "arn:aws:s3:::logs-0-eu-west-1/*"] }] },
      "/buckets/1/policy": null,
    },
  },
  {
    name: "data aws_organizations_organization is not decided: the attribute that uses it is Unresolved",
    files: {
      "main.tf": `data "aws_organizations_organization" "o" {}\n\n${trail('  name                  = "t"\n  s3_bucket_name        = "logs"\n  is_organization_trail = data.aws_organizations_organization.o.id != ""\n')}`,
    },
    values: { "/trails/0/IsOrganizationTrail": false },
    errors: [notDecided("main.tf:6:3", "aws_cloudtrail.x", "is_organization_trail", "data.aws_organizations_organization is read from AWS Organizations at plan time", "main.tf:1:1")],
  },
  {
    name: "functions: format, join, concat, tolist, merge, lookup, try, coalesce, length, replace, jsondecode",
    files: {
      "main.tf": `locals {
  names = concat(["a"], tolist(["b"]))
  tags  = merge({ env = "dev" }, { env = "prod", team = "sec" })
}

resource "aws_cloudtrail" "x" {
  name                  = format("%s-%s", lookup(local.tags, "env", "none"), join("-", local.names))
  s3_bucket_name        = replace("org_logs", "_", "-")
  s3_key_prefix         = coalesce("", "ct")
  sns_topic_name        = try(local.tags.owner, "alerts")
  is_multi_region_trail = length(local.names) == 2
  tags                  = merge(local.tags, jsondecode("{\\"zone\\": \\"eu\\"}"))
}
`,
    },
    values: {
      "/trails/0/Name": "prod-a-b",
      "/trails/0/S3BucketName": "org-logs",
      "/trails/0/S3KeyPrefix": "ct",
      "/trails/0/SnsTopicName": "alerts",
      "/trails/0/IsMultiRegionTrail": true,
      "/trails/0/tags": [
        { Key: "env", Value: "prod" },
        { Key: "team", Value: "sec" },
        { Key: "zone", Value: "eu" },
      ],
    },
  },

  {
    name: "what Terraform rejects (a cycle, an undeclared variable or resource) is Unresolved where it is used",
    files: {
      "main.tf": `locals {
  a = local.b
  b = local.a
}

${trail('  name                          = "t"\n  s3_bucket_name                = aws_s3_bucket.nope.id\n  is_multi_region_trail         = local.a\n  include_global_service_events = var.nope\n')}`,
    },
    errors: [
      rejects("main.tf:8:3", "aws_cloudtrail.x", "s3_bucket_name", "aws_s3_bucket.nope.id is not a known reference", "main.tf:8:35"),
      rejects("main.tf:10:3", "aws_cloudtrail.x", "include_global_service_events", "var.nope is not declared in the root module", "main.tf:10:35"),
      rejects("main.tf:9:3", "aws_cloudtrail.x", "is_multi_region_trail", "local.a refers to itself (a cycle)", "main.tf:3:7"),
    ],
  },

  // ---- count and for_each
  {
    name: "count = 0: no trail",
    files: { "main.tf": trail('  count          = 0\n  name           = "t"\n  s3_bucket_name = "logs"\n') },
    values: { "/trails": [] },
    resources: [],
  },
  {
    name: "count = 2: two trails, [0] and [1], count.index in each",
    files: { "main.tf": trail('  count          = 2\n  name           = "t${count.index}"\n  s3_bucket_name = "logs"\n') },
    values: { "/trails/0/Name": "t0", "/trails/1/Name": "t1" },
    resources: ["aws_cloudtrail.x[0] main.tf:1:1 -> /accounts/0/trails/0", "aws_cloudtrail.x[1] main.tf:1:1 -> /accounts/0/trails/1"],
  },
  {
    name: "count = var.enabled ? 1 : 0 with var.enabled set: one trail [0]",
    files: { "main.tf": `variable "enabled" {\n  type = bool\n}\n\n${trail('  count          = var.enabled ? 1 : 0\n  name           = "t"\n  s3_bucket_name = "logs"\n')}` },
    options: { ...ID, vars: ["enabled=true"] },
    resources: ["aws_cloudtrail.x[0] main.tf:5:1 -> /accounts/0/trails/0"],
  },
  {
    name: "count = var.enabled ? 1 : 0 without a value: Unexpanded at count",
    files: { "main.tf": `variable "enabled" {\n  type = bool\n}\n\n${trail('  count          = var.enabled ? 1 : 0\n  name           = "t"\n  s3_bucket_name = "logs"\n')}` },
    values: { "/trails": [] },
    errors: [`main.tf:6:3 Unexpanded a trail may be created by aws_cloudtrail.x: whether aws_cloudtrail.x exists, and how many times, depends on count, which ${noValue("enabled")}`],
    resources: [],
  },
  {
    name: "an open count on a bucket, an open for_each on a log group: the buckets and the group are not decided, said so",
    files: {
      "main.tf": `variable "n" {
  type = number
}

resource "aws_s3_bucket" "logs" {
  count  = var.n
  bucket = "logs-\${count.index}"
}

resource "aws_cloudwatch_log_group" "ct" {
  for_each = var.n > 0 ? { a = 1 } : {}
  name     = "ct"
}
`,
    },
    values: { "/logGroups": [] },
    errors: [
      `main.tf:6:3 Unresolved which buckets the configuration creates is not decided: whether aws_s3_bucket.logs exists, and how many times, depends on count, which ${noValue("n")}; cannot be decided from the configuration`,
      `main.tf:11:3 Unresolved whether log group ct exists is not decided: whether aws_cloudwatch_log_group.ct exists, and how many times, depends on for_each, which ${noValue("n")}; cannot be decided from the configuration`,
    ],
    resources: [
      `aws_s3_bucket.logs main.tf:6:3 -> whether aws_s3_bucket.logs exists, and how many times, depends on count, which ${noValue("n")}`,
      `aws_cloudwatch_log_group.ct main.tf:11:3 -> whether aws_cloudwatch_log_group.ct exists, and how many times, depends on for_each, which ${noValue("n")}`,
    ],
  },
  {
    name: 'for_each over toset(["a"]): the trail ["a"], each.key in it',
    files: { "main.tf": trail('  for_each       = toset(["a"])\n  name           = "t-${each.key}"\n  s3_bucket_name = "logs"\n') },
    values: { "/trails/0/Name": "t-a" },
    resources: ['aws_cloudtrail.x["a"] main.tf:1:1 -> /accounts/0/trails/0'],
  },
  {
    name: "for_each over a map: instances in key order, each.value in them",
    files: { "main.tf": trail('  for_each       = { b = "second", a = "first" }\n  name           = each.value\n  s3_bucket_name = "logs"\n') },
    values: { "/trails/0/Name": "first", "/trails/1/Name": "second" },
    resources: ['aws_cloudtrail.x["a"] main.tf:1:1 -> /accounts/0/trails/0', 'aws_cloudtrail.x["b"] main.tf:1:1 -> /accounts/0/trails/1'],
  },
  {
    name: "references into count and for_each instances",
    files: {
      "main.tf": `resource "aws_s3_bucket" "logs" {\n  count  = 2\n  bucket = "logs-\${count.index}"\n}\n\nresource "aws_s3_bucket" "named" {\n  for_each = { a = "named-a" }\n  bucket   = each.value\n}\n\n${trail('  name           = aws_s3_bucket.named["a"].bucket\n  s3_bucket_name = aws_s3_bucket.logs[1].id\n')}`,
    },
    values: { "/trails/0/Name": "named-a", "/trails/0/S3BucketName": "logs-1" },
  },

  // ---- nested blocks
  {
    name: 'dynamic "event_selector" blocks: one per element, the iterator\'s key and value',
    files: {
      "main.tf": `locals {
  buckets = ["arn:aws:s3:::a/", "arn:aws:s3:::b/"]
}

resource "aws_cloudtrail" "x" {
  name           = "t"
  s3_bucket_name = "logs"

  dynamic "event_selector" {
    for_each = local.buckets
    content {
      read_write_type           = "WriteOnly"
      include_management_events = event_selector.key == 0
      data_resource {
        type   = "AWS::S3::Object"
        values = [event_selector.value]
      }
    }
  }
}
`,
    },
    values: {
      "/trails/0/HasCustomEventSelectors": true,
      "/trails/0/eventSelectors": [
        { ReadWriteType: "WriteOnly", IncludeManagementEvents: true, DataResources: [{ Type: "AWS::S3::Object", Values: ["arn:aws:s3:::a/"] }], ExcludeManagementEventSources: [] },
        { ReadWriteType: "WriteOnly", IncludeManagementEvents: false, DataResources: [{ Type: "AWS::S3::Object", Values: ["arn:aws:s3:::b/"] }], ExcludeManagementEventSources: [] },
      ],
    },
    // Every generated block is where the dynamic block is.
    locations: { "/trails/0/eventSelectors/1": "main.tf:9:3" },
  },
  {
    name: "a dynamic block over a variable without a value: the selectors are Unresolved",
    files: {
      "main.tf": `variable "buckets" {}

resource "aws_cloudtrail" "x" {
  name           = "t"
  s3_bucket_name = "logs"

  dynamic "event_selector" {
    for_each = var.buckets
    iterator = b
    content {
      data_resource {
        type   = "AWS::S3::Object"
        values = [b.value]
      }
    }
  }
}
`,
    },
    values: { "/trails/0/eventSelectors": [] },
    errors: [notDecided("main.tf:7:3", "aws_cloudtrail.x", "event_selector", noValue("buckets"), "main.tf:8:16")],
  },

  // ---- files
  {
    name: "a .tf.json file: its values, and locations in it",
    files: {
      "main.tf.json": `${JSON.stringify({ variable: { name: { default: "json-trail" } }, resource: { aws_cloudtrail: { x: { name: "${var.name}", s3_bucket_name: "logs", is_multi_region_trail: true } } } }, null, 2)}\n`,
    },
    values: { "/trails/0/Name": "json-trail", "/trails/0/IsMultiRegionTrail": true, "/trails/0/eventSelectors": DEFAULT_SELECTORS },
    resources: ["aws_cloudtrail.x main.tf.json:9:7 -> /accounts/0/trails/0"],
  },

  {
    name: 'a .tf.json variable\'s "type" is a type expression: --var is read for it',
    files: {
      "main.tf.json": `${JSON.stringify({ variable: { multi: { type: "bool" }, names: { type: "list(string)" }, name: { type: "string" } }, resource: { aws_cloudtrail: { x: { name: "${var.name}-${var.names[1]}", s3_bucket_name: "logs", is_multi_region_trail: "${var.multi}" } } } })}\n`,
    },
    options: { ...ID, vars: ["multi=true", 'names=["a", "b"]', "name=ct"] },
    values: { "/trails/0/Name": "ct-b", "/trails/0/IsMultiRegionTrail": true },
  },
  {
    name: "a .tf.json file with count, a nested block, a local and a module call",
    files: {
      "main.tf.json": `${JSON.stringify(
        {
          "//": "a comment",
          locals: { prefix: "ct" },
          resource: { aws_cloudtrail: { x: { count: 1, name: "${local.prefix}-${count.index}", s3_bucket_name: "logs", event_selector: [{ read_write_type: "WriteOnly", data_resource: { type: "AWS::S3::Object", values: ["arn:aws:s3:::a/"] } }] } } },
          module: { m: { source: "./m", bucket_name: "from-json" } },
        },
        null,
        2,
      )}\n`,
      "m/main.tf": 'variable "bucket_name" {}\n\nresource "aws_s3_bucket" "b" {\n  bucket = var.bucket_name\n}\n',
    },
    values: {
      "/trails/0/Name": "ct-0",
      "/trails/0/eventSelectors": [{ ReadWriteType: "WriteOnly", IncludeManagementEvents: true, DataResources: [{ Type: "AWS::S3::Object", Values: ["arn:aws:s3:::a/"] }], ExcludeManagementEventSources: [] }],
      "/buckets/0/Name": "from-json",
    },
    resources: ["module.m.aws_s3_bucket.b m/main.tf:3:1 -> /accounts/0/buckets/0", "aws_cloudtrail.x[0] main.tf.json:8:7 -> /accounts/0/trails/0"],
  },

  {
    name: "override files: arguments replaced one by one, nested blocks by type, local values by name, in name order",
    files: {
      "main.tf": `locals {
  prefix = "main"
}

resource "aws_cloudtrail" "x" {
  name                  = "t"
  s3_bucket_name        = "logs"
  s3_key_prefix         = local.prefix
  is_multi_region_trail = false

  event_selector {
    read_write_type = "ReadOnly"
  }

  insight_selector {
    insight_type = "ApiCallRateInsight"
  }
}
`,
      "override.tf": 'locals {\n  prefix = "from-override"\n}\n\nresource "aws_cloudtrail" "x" {\n  is_multi_region_trail = true\n\n  event_selector {\n    read_write_type = "WriteOnly"\n  }\n}\n',
      "z_override.tf.json": `${JSON.stringify({ resource: { aws_cloudtrail: { x: { is_multi_region_trail: false, enable_log_file_validation: true } } } })}\n`,
    },
    values: {
      "/trails/0/S3KeyPrefix": "from-override",
      "/trails/0/IsMultiRegionTrail": false,
      "/trails/0/LogFileValidationEnabled": true,
      "/trails/0/eventSelectors": [{ ReadWriteType: "WriteOnly", IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }],
      "/trails/0/insightSelectors": [{ InsightType: "ApiCallRateInsight" }],
    },
    resources: ["aws_cloudtrail.x main.tf:5:1 -> /accounts/0/trails/0"],
    locations: {
      "/trails/0/IsMultiRegionTrail": "z_override.tf.json:1:37",
      "/trails/0/S3KeyPrefix": "main.tf:8:3",
      "/trails/0/eventSelectors/0": "override.tf:8:3",
      "/trails/0/insightSelectors": "main.tf:15:3",
    },
  },

  // ---- modules
  {
    name: "a local module: its inputs, its outputs, addresses module.trail.*, locations in the module's files",
    files: {
      "main.tf": `# The trail and its bucket are the module's; the log group is named after
# the bucket the module creates. (These lines put the log group below the
# module's bucket by line number: resources are in file order, then line.)

module "trail" {\n  source      = "./modules/trail"\n  bucket_name = "org-logs"\n  multi       = true\n}\n\nresource "aws_cloudwatch_log_group" "ct" {\n  name = "/ct/\${module.trail.bucket_id}"\n}\n`,
      "modules/trail/main.tf": MODULE,
    },
    values: { "/trails/0/Name": "t-org-logs", "/trails/0/S3BucketName": "org-logs", "/trails/0/IsMultiRegionTrail": true, "/logGroups/0/logGroupName": "/ct/org-logs" },
    locations: { "/trails/0/IsMultiRegionTrail": "modules/trail/main.tf:16:3", "/logGroups/0": "main.tf:11:1" },
    resources: [
      "aws_cloudwatch_log_group.ct main.tf:11:1 -> /accounts/0/logGroups/0",
      "module.trail.aws_s3_bucket.this modules/trail/main.tf:9:1 -> /accounts/0/buckets/0",
      "module.trail.aws_cloudtrail.this modules/trail/main.tf:13:1 -> /accounts/0/trails/0",
    ],
  },
  {
    name: "a module input the call does not set: Unresolved in the module's file; path.module and terraform.workspace",
    files: {
      "main.tf": 'module "trail" {\n  source = "./m"\n}\n',
      "m/main.tf": `variable "kms" {}\n\n${trail('  name           = "t-${path.module}-${terraform.workspace}"\n  s3_bucket_name = "logs"\n  kms_key_id     = var.kms\n')}`,
    },
    values: { "/trails/0/Name": "t-m-default" },
    errors: [
      `m/main.tf:6:3 Unresolved module.trail.aws_cloudtrail.x kms_key_id is not decided: var.kms of module module.trail has no value (no default, and the module call does not set it) (m/main.tf:6:20); cannot be decided from the configuration`,
    ],
  },
  {
    name: "a module with count: module.trail[0] and [1], count.index in the inputs",
    files: { "main.tf": 'module "trail" {\n  count       = 2\n  source      = "./modules/trail"\n  bucket_name = "logs-${count.index}"\n}\n', "modules/trail/main.tf": MODULE },
    values: { "/trails/0/Name": "t-logs-0", "/trails/1/Name": "t-logs-1", "/trails/1/S3BucketName": "logs-1" },
    resources: [
      "module.trail[0].aws_s3_bucket.this modules/trail/main.tf:9:1 -> /accounts/0/buckets/0",
      "module.trail[1].aws_s3_bucket.this modules/trail/main.tf:9:1 -> /accounts/0/buckets/1",
      "module.trail[0].aws_cloudtrail.this modules/trail/main.tf:13:1 -> /accounts/0/trails/0",
      "module.trail[1].aws_cloudtrail.this modules/trail/main.tf:13:1 -> /accounts/0/trails/1",
    ],
  },
  {
    name: 'a module with for_each: module.trail["a"], each.value in the inputs, module.trail["b"] outputs',
    files: {
      "main.tf": 'module "trail" {\n  for_each    = { a = "logs-a", b = "logs-b" }\n  source      = "./modules/trail"\n  bucket_name = each.value\n}\n\nresource "aws_cloudwatch_log_group" "ct" {\n  name = module.trail["b"].bucket_arn\n}\n',
      "modules/trail/main.tf": MODULE,
    },
    values: { "/trails/0/Name": "t-logs-a", "/trails/1/Name": "t-logs-b", "/logGroups/0/logGroupName": "arn:aws:s3:::logs-b" },
  },
  {
    name: "a module with count = var.n without a value: Unexpanded at count",
    files: { "main.tf": 'variable "n" {\n  type = number\n}\n\nmodule "trail" {\n  count       = var.n\n  source      = "./modules/trail"\n  bucket_name = "logs"\n}\n', "modules/trail/main.tf": MODULE },
    values: { "/trails": [] },
    errors: [`main.tf:6:3 Unexpanded a trail may be created by module.trail: how many instances module module.trail has depends on a value the files do not decide (${noValue("n")})`],
    resources: [],
  },
  {
    name: "a registry module that terraform init downloaded: read from .terraform/modules/modules.json",
    files: {
      "main.tf": 'module "trail" {\n  source      = "acme/trail/aws"\n  version     = "1.0.0"\n  bucket_name = "org-logs"\n}\n',
      ".terraform/modules/modules.json": `${JSON.stringify({ Modules: [{ Key: "", Source: "", Dir: "." }, { Key: "trail", Source: "registry.terraform.io/acme/trail/aws", Version: "1.0.0", Dir: ".terraform/modules/trail" }] })}\n`,
      ".terraform/modules/trail/main.tf": MODULE,
    },
    values: { "/trails/0/Name": "t-org-logs", "/buckets/0/Name": "org-logs" },
    resources: [
      "module.trail.aws_s3_bucket.this .terraform/modules/trail/main.tf:9:1 -> /accounts/0/buckets/0",
      "module.trail.aws_cloudtrail.this .terraform/modules/trail/main.tf:13:1 -> /accounts/0/trails/0",
    ],
  },
  {
    name: "a registry module not on disk: Unexpanded (what it creates), and its outputs Unresolved where they are used",
    files: {
      "main.tf": `module "logs" {\n  source  = "acme/log-bucket/aws"\n  version = "1.0.0"\n}\n\n${trail('  name           = "t"\n  s3_bucket_name = module.logs.bucket_id\n')}`,
    },
    values: { "/trails/0/S3BucketName": "<known after apply: aws_cloudtrail.x.s3_bucket_name>" },
    errors: [
      notDecided("main.tf:8:3", "aws_cloudtrail.x", "s3_bucket_name", "the outputs of module module.logs are defined in module logs (acme/log-bucket/aws), not on disk: run terraform init, or lint a plan", "main.tf:1:1"),
      "main.tf:1:1 Unexpanded a trail may be created by module.logs: defined in module logs (acme/log-bucket/aws), not on disk: run terraform init, or lint a plan",
    ],
  },

  // ---- providers
  {
    name: "the provider's region from a variable is the trail's HomeRegion",
    files: { "main.tf": `variable "region" {\n  default = "ap-south-1"\n}\n\nprovider "aws" {\n  region = var.region\n}\n\n${trail('  name           = "t"\n  s3_bucket_name = "logs"\n')}` },
    options: { accountId: ACCOUNT },
    values: { "/trails/0/HomeRegion": "ap-south-1", "/trails/0/TrailARN": `arn:aws:cloudtrail:ap-south-1:${ACCOUNT}:trail/t` },
  },
  {
    name: "a module given providers = { aws = aws.west }: its data.aws_region and the ARNs it makes are that provider's",
    files: { "main.tf": WEST, "m/main.tf": REGIONAL_MODULE },
    options: { accountId: ACCOUNT },
    values: {
      "/logGroups/0/logGroupName": "ct-us-west-2",
      "/logGroups/1/logGroupName": "ct-us-east-1",
      "/trails/0/CloudWatchLogsLogGroupArn": `arn:aws:logs:us-west-2:${ACCOUNT}:log-group:ct-us-west-2:*`,
    },
  },
  {
    name: 'a .tf.json resource with "provider": "aws.west": the ARNs it makes are that provider\'s',
    files: {
      "main.tf": `provider "aws" {\n  alias  = "west"\n  region = "us-west-2"\n}\n\n${trail('  name                       = "x"\n  s3_bucket_name             = "logs"\n  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.ct.arn}:*"\n')}`,
      "logs.tf.json": `${JSON.stringify({ resource: { aws_cloudwatch_log_group: { ct: { provider: "aws.west", name: "ct" } } } })}\n`,
    },
    values: { "/trails/0/CloudWatchLogsLogGroupArn": `arn:aws:logs:us-west-2:${ACCOUNT}:log-group:ct:*` },
  },
  {
    name: "an aliased provider's region is the HomeRegion and the ARN region of what uses it, in a module too",
    files: { "main.tf": WEST, "m/main.tf": REGIONAL_MODULE },
    options: { accountId: ACCOUNT },
    values: {
      "/trails/0/HomeRegion": "us-east-1",
      "/trails/1/HomeRegion": "us-west-2",
      "/logGroups/0/arn": `arn:aws:logs:us-west-2:${ACCOUNT}:log-group:ct-us-west-2:*`,
      "/logGroups/1/arn": `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:ct-us-east-1:*`,
    },
  },
  {
    name: "--region wins over the provider's region",
    files: { "main.tf": `provider "aws" {\n  region = "ap-south-1"\n}\n\n${trail('  name           = "t"\n  s3_bucket_name = "logs"\n')}` },
    values: { "/trails/0/HomeRegion": "eu-west-1" },
  },
  {
    name: "the provider's region from a variable without a value: the stand-in, and the verdicts that depend on it Unresolved",
    files: { "main.tf": `variable "region" {}\n\nprovider "aws" {\n  region = var.region\n}\n\n${trail('  name           = "t"\n  s3_bucket_name = "logs"\n')}` },
    options: { accountId: ACCOUNT },
    values: { "/trails/0/HomeRegion": "us-east-1" },
    errors: [
      "main.tf:7:1 Unresolved aws_cloudtrail.x: the verdict depends on the region the stack is deployed to: pass --region (the AWS provider's region is not decided: var.region has no value (no default; not set by --var, --var-file, terraform.tfvars, *.auto.tfvars or TF_VAR_region), main.tf:4:12)",
    ],
  },
  {
    name: "no region anywhere: the stand-in, and the verdicts that depend on it Unresolved",
    files: { "main.tf": trail('  name           = "t"\n  s3_bucket_name = "logs"\n') },
    options: { accountId: ACCOUNT },
    values: { "/trails/0/HomeRegion": "us-east-1" },
    errors: ["main.tf:1:1 Unresolved aws_cloudtrail.x: the verdict depends on the region the stack is deployed to: pass --region"],
  },
];

/** Configurations Terraform rejects: bad input naming the place. */
const rejected: { name: string; files: Files; options?: TerraformConfigOptions; message: string }[] = [
  { name: "bad HCL: a missing value", files: { "main.tf": 'resource "aws_cloudtrail" "x" {\n  name =\n}\n' }, message: 'main.tf:2:3: HCL syntax error: unexpected "name ="' },
  { name: "bad HCL: an unclosed block", files: { "main.tf": 'resource "aws_cloudtrail" "x" {\n  name = "t"\n' }, message: 'main.tf:3:1: HCL syntax error: missing "}"' },
  { name: "bad HCL in a local module", files: { "main.tf": 'module "m" {\n  source = "./m"\n}\n', "m/main.tf": "locals {\n  a = [\n}\n" }, message: 'm/main.tf:2:3: HCL syntax error: unexpected "a = ["' },
  { name: "bad JSON in a .tf.json file", files: { "main.tf.json": '{"resource": {"aws_cloudtrail": {"x": {"name": "t",}}}}\n' }, message: "main.tf.json:1:52: invalid JSON: property name expected" },
  {
    name: "a resource declared twice, in two files",
    files: { "a.tf": trail('  name = "t"\n'), "b.tf": `\n${trail('  name = "t"\n')}` },
    message: 'b.tf:2:1: duplicate resource "aws_cloudtrail.x" (also declared at a.tf:1:1)',
  },
  {
    name: "a resource declared in a .tf and a .tf.json file",
    files: { "a.tf": trail('  name = "t"\n'), "b.tf.json": '{"resource": {"aws_cloudtrail": {"x": {"name": "t"}}}}\n' },
    message: 'b.tf.json:1:34: duplicate resource "aws_cloudtrail.x" (also declared at a.tf:1:1)',
  },
  { name: "--var for a variable the root module does not declare", files: { "main.tf": NAMED }, options: { ...ID, vars: ["other=1"] }, message: '--var other=1: the root module declares no variable "other"' },
  { name: "--var that is not HCL for its type", files: { "main.tf": 'variable "n" {\n  type = number\n}\n' }, options: { ...ID, vars: ["n=1 +"] }, message: "--var n: the value of n is not a valid HCL expression for its type" },
  {
    name: "TF_VAR_ text that refers to something, for a typed variable",
    files: { "main.tf": 'variable "n" {\n  type = number\n}\n' },
    options: { ...ID, env: { TF_VAR_n: "var.m + 1" } },
    message: "environment variable TF_VAR_n: var.m: a variable's value is a constant, it cannot refer to anything",
  },
  { name: "--var-file that does not exist", files: { "main.tf": NAMED }, options: { ...ID, varFiles: ["prod.tfvars"] }, message: "prod.tfvars: cannot read: no such file" },
  { name: "a block in terraform.tfvars", files: { "main.tf": NAMED, "terraform.tfvars": 'name = "t"\nx {\n}\n' }, message: "terraform.tfvars:2:1: a variables file holds only name = value lines, not blocks" },
  {
    name: "a reference in terraform.tfvars",
    files: { "main.tf": NAMED, "terraform.tfvars": 'name = "t-${var.other}"\n' },
    message: "terraform.tfvars:1:13: var.other: a variable's value is a constant, it cannot refer to anything",
  },
  {
    name: "an override of a resource no other file declares",
    files: { "main.tf": trail('  name = "t"\n'), "override.tf": '\nresource "aws_cloudtrail" "y" {\n  name = "u"\n}\n' },
    message: 'override.tf:2:1: resource "aws_cloudtrail" "y" in an override file overrides nothing: no other file of the module declares it',
  },
  { name: "a directory without configuration files", files: { "README.md": "no .tf here\n" }, message: ".: no Terraform configuration files (*.tf, *.tf.json) in this directory" },
  {
    name: "an inline ignore without a reason",
    files: { "main.tf": `# cloudtrail-lint:ignore multi-region-trail\n${trail('  name           = "t"\n  s3_bucket_name = "logs"\n')}` },
    message: "main.tf:1:1: cloudtrail-lint:ignore multi-region-trail: a reason is required (# cloudtrail-lint:ignore multi-region-trail <why this is accepted>)",
  },
];

describe("HCL source: loadTerraformConfig", () => {
  for (const row of rows) {
    it(row.name, async () => {
      const cwd = write(row.files);
      const source = await loadTerraformConfig(".", { cwd, ...(row.options ?? ID) });
      assert.equal(source.kind, "terraform");
      const values = Object.fromEntries(Object.keys(row.values ?? {}).map((pointer) => [pointer, at(source, pointer)]));
      assert.deepEqual(values, row.values ?? {});
      assert.deepEqual(errors(source), row.errors ?? []);
      if (row.resources) assert.deepEqual(resources(source), row.resources);
      const located = Object.fromEntries(
        Object.keys(row.locations ?? {}).map((pointer) => {
          const l = source.locate(`/accounts/0${pointer}`);
          return [pointer, l ? `${l.file}:${l.startLine}:${l.startColumn}` : "-"];
        }),
      );
      assert.deepEqual(located, row.locations ?? {});
    });
  }

  for (const row of rejected) {
    it(`bad input: ${row.name}`, async () => {
      const cwd = write(row.files);
      await assert.rejects(loadTerraformConfig(".", { cwd, ...(row.options ?? ID) }), (e: unknown) => {
        assert.ok(isInputError(e), String(e));
        assert.equal(e.message, row.message);
        return true;
      });
    });
  }

  it("inline ignores: the comment above a resource block, with its check, reason and place", async () => {
    const cwd = write({
      "main.tf": `# cloudtrail-lint:ignore multi-region-trail single-region by design\n${trail('  name           = "t"\n  s3_bucket_name = "logs"\n')}\n# cloudtrail-lint:ignore log-bucket-object-lock  retention is handled elsewhere \nresource "aws_s3_bucket" "logs" {\n  bucket = "org-logs"\n}\n`,
    });
    const source = await loadTerraformConfig(".", { cwd, ...ID });
    assert.deepEqual(source.ignores, [
      { resource: "aws_cloudtrail.x", type: "aws_cloudtrail", check: "multi-region-trail", reason: "single-region by design", location: { file: "main.tf", startLine: 1, startColumn: 1 } },
      { resource: "aws_s3_bucket.logs", type: "aws_s3_bucket", check: "log-bucket-object-lock", reason: "retention is handled elsewhere", location: { file: "main.tf", startLine: 7, startColumn: 1 } },
    ]);
  });

  it("inline ignores: the comment above a module block covers what the module creates", async () => {
    const cwd = write({
      "main.tf": '# cloudtrail-lint:ignore multi-region-trail the audit account has its own trail\nmodule "audit" {\n  source = "./modules/trail"\n}\n',
      "modules/trail/main.tf": `${trail('  name           = "t"\n  s3_bucket_name = "logs"\n')}`,
    });
    const source = await loadTerraformConfig(".", { cwd, ...ID });
    assert.deepEqual(source.ignores, [
      { resource: "module.audit.aws_cloudtrail.x", type: "aws_cloudtrail", check: "multi-region-trail", reason: "the audit account has its own trail", location: { file: "main.tf", startLine: 1, startColumn: 1 } },
    ]);
  });
});

// ---- findings, through the CLI

const RUN = ["--account-id", ACCOUNT, "--region", "us-east-1", "--format", "json", "--now", "2026-11-20T12:00:00Z"];
/** Checks about the trails that cover the account. */
const TRAIL_CHECKS = ["global-service-events", "log-file-validation", "multi-region-trail", "trail-kms-encryption"];
/** multi-region-trail alone, so that the exit code is its verdict (1 FAIL, 3 ERROR, 0 otherwise). */
const ONLY = ["--only", "multi-region-trail", ...RUN];

interface CliRow {
  name: string;
  files: Files;
  /** The checks run (default: multi-region-trail). */
  only?: string[];
  args?: string[];
  code: number;
  /** [check, status, messageId, file:line:column] of every finding. */
  findings: [string, string, string, string][];
}

function findings(report: Report): [string, string, string, string][] {
  return report.results.map((r) => [r.checkId, r.status, r.messageId ?? "", r.location ? `${r.location.file}:${r.location.startLine}:${r.location.startColumn}` : "-"]);
}

const cliRows: CliRow[] = [
  {
    name: "a decided multi-region trail: PASS at the trail",
    files: { "main.tf": trail('  name                  = "t"\n  s3_bucket_name        = "logs"\n  is_multi_region_trail = true\n') },
    code: 0,
    findings: [["multi-region-trail", "PASS", "ok", "main.tf:1:1"]],
  },
  {
    name: "is_multi_region_trail = var.multi without a value: ERROR at the attribute, not FAIL",
    files: { "main.tf": `variable "multi" {\n  type = bool\n}\n\n${trail('  name                  = "t"\n  s3_bucket_name        = "logs"\n  is_multi_region_trail = var.multi\n')}` },
    code: 3,
    findings: [["multi-region-trail", "ERROR", "collection-error", "main.tf:8:3"]],
  },
  {
    name: "is_multi_region_trail = var.multi set by --var: PASS",
    files: { "main.tf": `variable "multi" {\n  type = bool\n}\n\n${trail('  name                  = "t"\n  s3_bucket_name        = "logs"\n  is_multi_region_trail = var.multi\n')}` },
    args: ["--var", "multi=true"],
    code: 0,
    findings: [["multi-region-trail", "PASS", "ok", "main.tf:5:1"]],
  },
  {
    name: "count = 0: no trail in the file, NOT_APPLICABLE",
    files: { "main.tf": trail('  count                 = 0\n  name                  = "t"\n  s3_bucket_name        = "logs"\n  is_multi_region_trail = true\n') },
    code: 0,
    findings: [["multi-region-trail", "NOT_APPLICABLE", "noTrailInFile", "main.tf:1:1"]],
  },
  {
    name: "count = var.enabled ? 1 : 0 without a value: ERROR at count, not NOT_APPLICABLE",
    files: { "main.tf": `variable "enabled" {\n  type = bool\n}\n\n${trail('  count                 = var.enabled ? 1 : 0\n  name                  = "t"\n  s3_bucket_name        = "logs"\n  is_multi_region_trail = true\n')}` },
    only: TRAIL_CHECKS,
    code: 3,
    findings: TRAIL_CHECKS.map((check) => [check, "ERROR", "collection-error", "main.tf:6:3"]),
  },
  {
    name: "a registry module not on disk: ERROR at the module block",
    files: { "main.tf": 'module "trail" {\n  source  = "acme/trail/aws"\n  version = "1.0.0"\n}\n' },
    only: TRAIL_CHECKS,
    code: 3,
    findings: TRAIL_CHECKS.map((check) => [check, "ERROR", "collection-error", "main.tf:1:1"]),
  },
  {
    name: "undecided global service events, KMS key and bucket policy: ERROR at each attribute; what the public access block decides stays decided",
    files: {
      "main.tf": `variable "global" {
  type = bool
}

variable "kms" {}

variable "bucket_policy" {}

resource "aws_s3_bucket" "logs" {
  bucket = "org-logs"
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = var.bucket_policy
}

resource "aws_cloudtrail" "x" {
  name                          = "t"
  s3_bucket_name                = aws_s3_bucket.logs.id
  is_multi_region_trail         = true
  include_global_service_events = var.global
  kms_key_id                    = var.kms
}
`,
    },
    only: ["global-service-events", "trail-kms-encryption", "log-bucket-no-delete", "log-bucket-delivery-policy", "log-bucket-not-public"],
    code: 3,
    findings: [
      ["global-service-events", "ERROR", "collection-error", "main.tf:22:3"],
      ["log-bucket-delivery-policy", "ERROR", "collection-error", "main.tf:15:3"],
      ["log-bucket-no-delete", "ERROR", "collection-error", "main.tf:15:3"],
      // A new bucket blocks public policies (RestrictPublicBuckets), whatever its policy says.
      ["log-bucket-not-public", "PASS", "ok", "main.tf:9:1"],
      ["trail-kms-encryption", "ERROR", "collection-error", "main.tf:23:3"],
    ],
  },
  {
    name: "include_global_service_events decided by --var: FAIL at the attribute",
    files: {
      "main.tf": `variable "global" {\n  type = bool\n}\n\n${trail('  name                          = "t"\n  s3_bucket_name                = "logs"\n  is_multi_region_trail         = true\n  include_global_service_events = var.global\n')}`,
    },
    only: ["global-service-events"],
    args: ["--var", "global=false"],
    code: 1,
    findings: [["global-service-events", "FAIL", "offMultiRegion", "main.tf:9:3"]],
  },
];

describe("HCL source: findings through the CLI", () => {
  for (const row of cliRows) {
    it(row.name, async () => {
      const cwd = write(row.files);
      const run = await cli(["lint", ".", "--only", (row.only ?? ["multi-region-trail"]).join(","), ...RUN, ...(row.args ?? [])], { cwd });
      assert.equal(run.code, row.code, run.stderr);
      assert.deepEqual(findings(JSON.parse(run.stdout) as Report), row.findings);
    });
  }

  it("an inline ignore: reported as suppressed with its reason and place", async () => {
    const cwd = write({ "main.tf": `# cloudtrail-lint:ignore multi-region-trail single-region by design\n${trail('  name           = "t"\n  s3_bucket_name = "logs"\n')}` });
    const run = await cli(["lint", ".", ...ONLY], { cwd });
    assert.equal(run.code, 0, run.stderr);
    const [result] = (JSON.parse(run.stdout) as Report).results;
    assert.equal(result?.status, "FAIL");
    assert.deepEqual(result.suppressed, { reason: "single-region by design", inSource: { file: "main.tf", resource: "aws_cloudtrail.x", line: 1 } });
  });

  const exit2: [string, Files, string][] = [
    ["bad HCL", { "main.tf": 'resource "aws_cloudtrail" "x" {\n  name =\n}\n' }, 'main.tf:2:3: HCL syntax error: unexpected "name ="'],
    ["a duplicate resource", { "a.tf": trail('  name = "t"\n'), "b.tf": trail('  name = "t"\n') }, 'b.tf:1:1: duplicate resource "aws_cloudtrail.x" (also declared at a.tf:1:1)'],
    ["an inline ignore without a reason", { "main.tf": `# cloudtrail-lint:ignore multi-region-trail\n${trail('  name = "t"\n')}` }, "main.tf:1:1: cloudtrail-lint:ignore multi-region-trail: a reason is required"],
    ["an inline ignore of an unknown check", { "main.tf": `# cloudtrail-lint:ignore multi-region-trial typo\n${trail('  name = "t"\n')}` }, 'main.tf:1:1: resource aws_cloudtrail.x: cloudtrail-lint:ignore: unknown check id "multi-region-trial" (did you mean "multi-region-trail"?)'],
  ];
  for (const [name, files, message] of exit2) {
    it(`${name}: exit 2, naming the file, line and column`, async () => {
      const cwd = write(files);
      const run = await cli(["lint", ".", ...ONLY], { cwd });
      assert.deepEqual({ code: run.code, stdout: run.stdout }, { code: 2, stdout: "" });
      assert.ok(run.stderr.startsWith(`cloudtrail-lint: ${message}`), run.stderr);
    });
  }
});
