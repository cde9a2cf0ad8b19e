// CloudFormation mapping: the physical names and attributes of the template's own resources
// (Ref, Fn::GetAtt), as the stack would have them once deployed, and the intrinsics Resolver that
// uses them. Names AWS assigns at deploy time are synthesized the way CloudFormation builds them,
// without the random suffix; an attribute known only after deployment is Unresolved.
import { generatedBucketName, undecidedBucketName } from "./bucket-names.js";
import type { Partition } from "../../model/snapshot.js";
import { isRecord } from "../../util/records.js";
import { NO_VALUE, Resolver, Unresolved, type Environment, type TemplateSections } from "./intrinsics.js";
import { toStr } from "./values.js";

/** Who deploys the stack, and where. */
export interface StackIdentity {
  accountId: string;
  region: string;
  partition: Partition;
  stackName: string;
}

/** ARNs built like AWS's, in the stack's account and region. */
export interface Arns {
  trail(name: string): string;
  logGroup(name: string): string;
  alarm(name: string): string;
  /** The synthesized ARN of a key of the file (the key id proper is assigned at deploy time). */
  key(keyId: string): string;
}

export function stackArns({ partition, region, accountId }: StackIdentity): Arns {
  return {
    trail: (name) => `arn:${partition}:cloudtrail:${region}:${accountId}:trail/${name}`,
    logGroup: (name) => `arn:${partition}:logs:${region}:${accountId}:log-group:${name}:*`,
    alarm: (name) => `arn:${partition}:cloudwatch:${region}:${accountId}:alarm:${name}`,
    key: (keyId) => `arn:${partition}:kms:${region}:${accountId}:key/${keyId}`,
  };
}

/** The template's resolver, and the physical name (`Ref`) of each of its resources. */
export function templateNames(
  sections: TemplateSections,
  identity: StackIdentity,
  arns: Arns,
  context: { parameters: Environment["parameters"]; imports: Environment["imports"]; undecided?: Environment["undecided"] },
): { resolver: Resolver; nameOf: (id: string) => string | Unresolved } {
  const { accountId, region, partition, stackName } = identity;
  const nameMemo = new Map<string, string | Unresolved>();
  const naming = new Set<string>();
  const resourceType = (id: string): string | undefined => {
    const r = sections.Resources[id];
    return isRecord(r) && typeof r.Type === "string" ? r.Type : undefined;
  };
  const property = (id: string, name: string): unknown => {
    const r = sections.Resources[id];
    const props = isRecord(r) && isRecord(r.Properties) ? r.Properties : {};
    return name in props ? resolver.resolve(props[name]) : undefined;
  };
  const nameOf = (id: string): string | Unresolved => {
    const memo = nameMemo.get(id);
    if (memo !== undefined) return memo;
    if (naming.has(id)) return new Unresolved(`!Ref ${id}`, "circular reference");
    naming.add(id);
    const given = (key: string): string | Unresolved | undefined => {
      const v = property(id, key);
      return v === NO_VALUE ? undefined : toStr(v);
    };
    const raw = sections.Resources[id];
    const name = physicalName(id, resourceType(id), given, stackName, isRecord(raw) && isRecord(raw.Properties) ? raw.Properties : {});
    naming.delete(id);
    nameMemo.set(id, name);
    return name;
  };
  /** arn:<partition>:iam::<account>:<kind><Path><name>, the ARN IAM gives a user, group, role or managed policy. */
  const iamArn = (id: string, kind: string, name: string): string => {
    const path = toStr(property(id, "Path"));
    return `arn:${partition}:iam::${accountId}:${kind}${typeof path === "string" ? path : "/"}${name}`;
  };
  const env: Environment = {
    accountId,
    region,
    partition,
    stackName,
    parameters: context.parameters,
    imports: context.imports,
    undecided: context.undecided,
    ref(id) {
      const type = resourceType(id);
      if (type === undefined) return undefined;
      const name = nameOf(id);
      if (type === "AWS::SNS::Topic" && typeof name === "string") return `arn:${partition}:sns:${region}:${accountId}:${name}`;
      // The key id proper is assigned at deploy time: the synthesized ARN stands for the key.
      if (type === "AWS::KMS::Key" && typeof name === "string") return arns.key(name);
      // A managed policy's Ref is its ARN.
      if (type === "AWS::IAM::ManagedPolicy" && typeof name === "string") return iamArn(id, "policy", name);
      // A queue's Ref is its URL (an SNS subscription needs its ARN, GetAtt Arn).
      if (type === "AWS::SQS::Queue" && typeof name === "string") return `https://sqs.${region}.amazonaws.com/${accountId}/${name}`;
      return name;
    },
    getAtt(id, attribute) {
      const type = resourceType(id);
      if (type === undefined) return undefined;
      const unknown = new Unresolved(`!GetAtt ${id}.${attribute}`, `${type} attribute ${attribute} is known only after deployment`);
      const name = nameOf(id);
      if (name instanceof Unresolved) return name;
      switch (`${type}.${attribute}`) {
        case "AWS::S3::Bucket.Arn":
          return `arn:${partition}:s3:::${name}`;
        case "AWS::S3::Bucket.DomainName":
          return `${name}.s3.${partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"}`;
        case "AWS::S3::Bucket.RegionalDomainName":
          return `${name}.s3.${region}.${partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"}`;
        case "AWS::CloudTrail::Trail.Arn":
          return arns.trail(name);
        case "AWS::Logs::LogGroup.Arn":
          return arns.logGroup(name);
        case "AWS::CloudWatch::Alarm.Arn":
          return arns.alarm(name);
        case "AWS::IAM::Role.Arn":
          return iamArn(id, "role", name);
        case "AWS::IAM::User.Arn":
          return iamArn(id, "user", name);
        case "AWS::IAM::Group.Arn":
          return iamArn(id, "group", name);
        case "AWS::SNS::Topic.TopicArn":
          return `arn:${partition}:sns:${region}:${accountId}:${name}`;
        case "AWS::SNS::Topic.TopicName":
          return name;
        case "AWS::Organizations::Policy.Id":
          return name;
        case "AWS::KMS::Key.Arn":
          return arns.key(name);
        case "AWS::KMS::Key.KeyId":
          return name;
        // The endpoints SNS confirms itself when they are the topic's account's (sns-subscriptions.ts).
        case "AWS::SQS::Queue.Arn":
          return `arn:${partition}:sqs:${region}:${accountId}:${name}`;
        case "AWS::SQS::Queue.QueueName":
          return name;
        case "AWS::Lambda::Function.Arn":
          return `arn:${partition}:lambda:${region}:${accountId}:function:${name}`;
        case "AWS::KinesisFirehose::DeliveryStream.Arn":
          return `arn:${partition}:firehose:${region}:${accountId}:deliverystream/${name}`;
        default:
          return unknown;
      }
    },
  };
  // Declared after the closures above, which run only once it exists.
  const resolver = new Resolver(sections, env);
  return { resolver, nameOf };
}

/** The physical id of resource `id` of `type`, from its name property (`given`) or as CloudFormation generates it. */
function physicalName(
  id: string,
  type: string | undefined,
  given: (key: string) => string | Unresolved | undefined,
  stackName: string,
  rawProps: Record<string, unknown>,
): string | Unresolved {
  const named = (key: string, fallback: string): string => {
    const n = given(key);
    return typeof n === "string" ? n : fallback;
  };
  switch (type) {
    case "AWS::S3::Bucket": {
      // A name the file leaves open is a stand-in, never a generated name (bucket-names.ts).
      const n = given("BucketName");
      return typeof n === "string" ? n : n === undefined ? generatedBucketName(stackName, id) : undecidedBucketName(rawProps.BucketName);
    }
    case "AWS::CloudTrail::Trail":
      return named("TrailName", `${stackName}-${id}`);
    case "AWS::Logs::LogGroup":
      return named("LogGroupName", `${stackName}-${id}`);
    case "AWS::CloudWatch::Alarm":
      return named("AlarmName", `${stackName}-${id}`);
    case "AWS::IAM::Role":
      return named("RoleName", `${stackName}-${id}`);
    case "AWS::IAM::User":
      return named("UserName", `${stackName}-${id}`);
    case "AWS::IAM::Group":
      return named("GroupName", `${stackName}-${id}`);
    case "AWS::IAM::ManagedPolicy":
      return named("ManagedPolicyName", `${stackName}-${id}`);
    case "AWS::SNS::Topic":
      return named("TopicName", `${stackName}-${id}`);
    case "AWS::KMS::Key":
      return id;
    case "AWS::SQS::Queue":
      return named("QueueName", `${stackName}-${id}`);
    case "AWS::Lambda::Function":
      return named("FunctionName", `${stackName}-${id}`);
    case "AWS::KinesisFirehose::DeliveryStream":
      return named("DeliveryStreamName", `${stackName}-${id}`);
    case "AWS::KMS::Alias":
      return given("AliasName") ?? new Unresolved(`!Ref ${id}`, "AWS::KMS::Alias without AliasName");
    case "AWS::Organizations::Policy":
      return `p-${id.toLowerCase().replace(/[^a-z0-9_]/g, "").slice(0, 60) || "policy"}`;
    case "AWS::Organizations::OrganizationalUnit":
      return `ou-0000-${id.toLowerCase().replace(/[^a-z0-9]/g, "").slice(0, 32) || "unit"}`;
    default:
      return new Unresolved(`!Ref ${id}`, `the physical id of ${type ?? "resource"} ${id} is assigned at deploy time`);
  }
}
