// The values of the AWS provider's data sources that CloudTrail set-ups read, as far as the files
// and the caller's account, region and partition decide them: aws_caller_identity, aws_region,
// aws_partition and aws_iam_policy_document (policy-document.ts). What only AWS can answer (the
// caller's ARN, a region's description, the organization) and every other data source is Unknown
// ("undecided"), never a guess.
import type { Span } from "./ast.js";
import { renderPolicyDocument } from "./policy-document.js";
import { stringHashcode } from "./sdk-set.js";
import { objectValue, Unknown, type Value, type ValueObject } from "./value.js";

/** What the caller knows of where the configuration is applied. */
export interface DataSourceContext {
  /** The account id (the caller's stand-in when `accountDecided` is false). */
  accountId: string;
  region: string;
  partition: string;
  accountDecided: boolean;
  regionDecided: boolean;
}

/**
 * The object a `data "<type>"` block evaluates to (its arguments and the attributes the provider
 * computes), given its evaluated arguments; an Unknown when nothing of it is decided or Terraform
 * would reject it. `at` is the block.
 */
export function dataSourceValue(type: string, args: ValueObject, ctx: DataSourceContext, at: Span): ValueObject | Unknown {
  switch (type) {
    case "aws_caller_identity":
      return objectValue([
        ["account_id", ctx.accountId],
        ["arn", new Unknown("undecided", "data.aws_caller_identity.arn is the identity Terraform runs as, read from AWS STS at plan time", at)],
        ["user_id", new Unknown("undecided", "data.aws_caller_identity.user_id is the identity Terraform runs as, read from AWS STS at plan time", at)],
        ["id", ctx.accountId],
      ]);
    case "aws_region":
      return region(args, ctx, at);
    case "aws_partition":
      return partition(ctx, at);
    case "aws_iam_policy_document":
      return policyDocument(args, at);
    case "aws_organizations_organization":
      return new Unknown("undecided", "data.aws_organizations_organization is read from AWS Organizations at plan time", at);
    default:
      return new Unknown("undecided", `data source ${type} is read from AWS at plan time; not evaluated by cloudtrail-lint`, at);
  }
}

/** The provider's region (or the one named by `region`, v6, or `name`, v5): id, name and region alike. */
function region(args: ValueObject, ctx: DataSourceContext, at: Span): ValueObject {
  const undecided = (what: string) => new Unknown("undecided", `data.aws_region.${what} is looked up by the AWS provider; not evaluated by cloudtrail-lint`, at);
  const named = [args.region, args.name].find((v) => v !== undefined && v !== null);
  const byEndpoint = args.endpoint !== undefined && args.endpoint !== null;
  const name: Value = named ?? (byEndpoint ? undecided("name (the region of an endpoint)") : ctx.region);
  return objectValue([
    ["name", name],
    ["region", name],
    ["id", name],
    ["endpoint", byEndpoint ? args.endpoint! : undecided("endpoint")],
    ["description", undecided("description")],
  ]);
}

/** DNS suffixes of the partitions, from AWS's partition metadata. */
const DNS_SUFFIXES: Readonly<Record<string, string>> = {
  aws: "amazonaws.com",
  "aws-cn": "amazonaws.com.cn",
  "aws-us-gov": "amazonaws.com",
  "aws-iso": "c2s.ic.gov",
  "aws-iso-b": "sc2s.sgov.gov",
};

function partition(ctx: DataSourceContext, at: Span): ValueObject {
  const suffix = Object.hasOwn(DNS_SUFFIXES, ctx.partition) ? DNS_SUFFIXES[ctx.partition]! : undefined;
  const unknown = (what: string) => new Unknown("undecided", `data.aws_partition.${what} of partition ${ctx.partition} is not known to cloudtrail-lint`, at);
  return objectValue([
    ["partition", ctx.partition],
    ["dns_suffix", suffix ?? unknown("dns_suffix")],
    ["reverse_dns_prefix", suffix === undefined ? unknown("reverse_dns_prefix") : suffix.split(".").reverse().join(".")],
    ["id", ctx.partition],
  ]);
}

/**
 * The arguments with json, minified_json and id (the provider's hashcode of json); the Unknown of a
 * document Terraform would reject stands for the whole data source.
 */
function policyDocument(args: ValueObject, at: Span): ValueObject | Unknown {
  const { json, minified_json } = renderPolicyDocument(args, at);
  if (json instanceof Unknown && json.reason === "invalid") return json;
  const id = typeof json === "string" ? String(stringHashcode(json)) : json;
  return objectValue([...Object.entries(args), ["json", json], ["minified_json", minified_json], ["id", id]]);
}
