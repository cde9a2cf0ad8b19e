// The attributes a resource has once created that the provider computes (arn, id), as far as the
// configuration decides them: an S3 bucket's ARN is its name's, a log group's ARN is built from the
// region, account and name. The rest is Unknown "known only after apply", as a plan shows it. Used
// for references only (`aws_s3_bucket.logs.arn` in a bucket policy); the synthesized plan keeps
// computed attributes after_unknown, as Terraform's does, so both map alike.
import type { Span } from "./ast.js";
import { SPLIT_BUCKET_TYPES } from "../terraform/s3.js";
import { Unknown, type ValueObject } from "./value.js";

export interface Where {
  partition: string;
  region: string;
  accountId: string;
}

function str(values: ValueObject, name: string): string | Unknown | undefined {
  const v = values[name];
  if (typeof v === "string") return v;
  if (v instanceof Unknown) return v;
  return undefined;
}

/** `make(name)` when `name` is a known string; the Unknown when it is unknown; undefined when not configured. */
function from(values: ValueObject, name: string, make: (value: string) => string): string | Unknown | undefined {
  const v = str(values, name);
  return typeof v === "string" ? make(v) : v;
}

/** Computed attributes the configuration decides, by resource type. */
function derived(type: string, v: ValueObject, w: Where): Record<string, string | Unknown | undefined> {
  const { partition: p, region: r, accountId: a } = w;
  switch (type) {
    case "aws_s3_bucket":
      return { id: str(v, "bucket"), arn: from(v, "bucket", (b) => `arn:${p}:s3:::${b}`), bucket_domain_name: from(v, "bucket", (b) => `${b}.s3.amazonaws.com`), region: r };
    case "aws_cloudtrail":
      return { arn: from(v, "name", (n) => `arn:${p}:cloudtrail:${r}:${a}:trail/${n}`), home_region: r };
    case "aws_sns_topic": {
      const arn = from(v, "name", (n) => `arn:${p}:sns:${r}:${a}:${n}`);
      return { arn, id: arn };
    }
    case "aws_cloudwatch_log_group":
      return { id: str(v, "name"), arn: from(v, "name", (n) => `arn:${p}:logs:${r}:${a}:log-group:${n}`) };
    case "aws_kms_alias":
      return { id: str(v, "name"), arn: from(v, "name", (n) => `arn:${p}:kms:${r}:${a}:${n}`) };
    case "aws_iam_role":
    case "aws_iam_user":
    case "aws_iam_policy":
    case "aws_iam_group": {
      const kind = type.slice("aws_iam_".length);
      const path = typeof v.path === "string" ? v.path : "/";
      return { id: str(v, "name"), arn: from(v, "name", (n) => `arn:${p}:iam::${a}:${kind}${path}${n}`) };
    }
    case "aws_cloudwatch_metric_alarm":
      return { id: str(v, "alarm_name"), arn: from(v, "alarm_name", (n) => `arn:${p}:cloudwatch:${r}:${a}:alarm:${n}`) };
    case "aws_cloudwatch_log_metric_filter":
      return { id: str(v, "name") };
    default:
      // A split S3 resource's id is its bucket's name.
      return SPLIT_BUCKET_TYPES.has(type) ? { id: str(v, "bucket") } : {};
  }
}

/**
 * The object a reference to a resource instance sees: its configured values, then what the
 * provider computes (derived where the configuration decides it), and an Unknown "known only after
 * apply" for any other attribute asked for (see `attributeOf`).
 */
export function instanceObject(type: string, address: string, configured: ValueObject, w: Where, at: Span): ValueObject {
  const out: ValueObject = { ...configured };
  for (const [name, value] of Object.entries(derived(type, configured, w))) {
    if (name in out && out[name] !== null) continue;
    out[name] = value ?? new Unknown("after-apply", `${address}.${name} is known only after apply`, at);
  }
  if (!("id" in out)) out.id = new Unknown("after-apply", `${address}.id is known only after apply`, at);
  if (!("arn" in out)) out.arn = new Unknown("after-apply", `${address}.arn is known only after apply`, at);
  return out;
}

