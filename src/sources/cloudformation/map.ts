// CloudFormation template -> IacModel (the snapshot's resources with their file positions).
//
// This module orchestrates: it validates the template, builds the resolver and the shared
// CfnMapState, walks the resources (deciding each one's Condition) and dispatches each mapped type
// to its service's module, then assembles the IacModel. The mappers, one module per service:
// trail.ts (CloudTrail), s3.ts (buckets, bucket policies), logs.ts (log groups, metric filters),
// alarms.ts (CloudWatch alarms), kms.ts (keys, aliases, trail key links), organizations.ts (SCPs);
// names.ts (physical names, Ref/GetAtt), values.ts (coercions), state.ts (the shared state),
// validate.ts (the template's shape).
//
// Mapped resource types and what they become (AWS API field names, as the snapshot keeps them):
// - AWS::CloudTrail::Trail -> trail: TrailName (else <stack>-<logicalId>) -> Name, TrailARN built like
//   AWS's (arn:<partition>:cloudtrail:<region>:<account>:trail/<Name>); IncludeGlobalServiceEvents
//   (default true), IsMultiRegionTrail (false), IsOrganizationTrail (false), EnableLogFileValidation
//   -> LogFileValidationEnabled (false), S3BucketName, S3KeyPrefix, SnsTopicName, KMSKeyId -> KmsKeyId,
//   CloudWatchLogs*Arn, IsLogging -> status.IsLogging, EventSelectors (defaults ReadWriteType All,
//   IncludeManagementEvents true; none and no AdvancedEventSelectors = AWS's default selector: all
//   management events), AdvancedEventSelectors, InsightSelectors, Tags.
// - AWS::S3::Bucket -> bucket: BucketName (else <stack>-<logicalid>, lowercased, as CloudFormation
//   generates it at deploy time but without the random suffix), Region = the stack's region, ownerAccountId = the account;
//   ObjectLockEnabled + ObjectLockConfiguration -> objectLockConfiguration (null when neither; a
//   configuration without ObjectLockEnabled: true keeps its Rule but no ObjectLockEnabled, which is
//   what AWS rejects); VersioningConfiguration -> versioning ({} when absent; Enabled when Object
//   Lock is on, as S3 turns it on); PublicAccessBlockConfiguration -> publicAccessBlock (all four
//   true when absent: S3's default for new buckets; false for each field left out of a given
//   configuration); OwnershipControls -> ownershipControls (BucketOwnerEnforced when absent, S3's
//   default for new buckets); AccessControl -> acl (the canned ACL's grants; private when absent);
//   Tags; LoggingConfiguration -> logging (GetBucketLogging shape); BucketEncryption
//   -> encryption (GetBucketEncryption shape; SSE-S3 when absent, S3's default).
// - AWS::S3::BucketPolicy -> the policy of the bucket its `Bucket` names (by Ref or by name); a
//   PolicyDocument the file does not decide becomes the worst case (see stand-ins.ts).
// - AWS::Logs::LogGroup -> logGroup; AWS::Logs::MetricFilter -> metricFilters of its group.
// - AWS::Organizations::Policy of type SERVICE_CONTROL_POLICY -> organization.serviceControlPolicies.
// - AWS::CloudWatch::Alarm -> alarm (DescribeAlarms MetricAlarms shape; the properties have the API's
//   names): AlarmName (else <stack>-<logicalId>), AlarmArn built like AWS's
//   (arn:<partition>:cloudwatch:<region>:<account>:alarm:<AlarmName>), region = the stack's region;
//   AWS's defaults for what is left out: ActionsEnabled true, no OK/ALARM/INSUFFICIENT_DATA actions,
//   no Dimensions, TreatMissingData missing. Metrics (metric math) are kept as written.
// - AWS::KMS::Key -> kmsKey: a synthesized ARN arn:<partition>:kms:<region>:<account>:key/<logicalId>
//   (KeyId = the logical id; the real key id is assigned at deploy time), which both `!Ref Key` and
//   `!GetAtt Key.Arn` resolve to (GetTrail reports a trail's key as its ARN, whatever the template
//   wrote); KeyPolicy -> policy (AWS's default key policy, the account root may use the key, when
//   absent), EnableKeyRotation -> rotationEnabled (false; null for a key that cannot rotate: not
//   SYMMETRIC_DEFAULT, or Origin EXTERNAL), Enabled -> KeyMetadata.Enabled and KeyState (true), KeySpec,
//   KeyUsage, MultiRegion, Origin (AWS_KMS), Description; KeyManager CUSTOMER.
// - AWS::KMS::Alias -> nothing of its own: a trail's KMSKeyId naming the alias (alias/<name>, its ARN,
//   or `!Ref Alias`) is the ARN of the key its TargetKeyId names.
// - A trail's KMSKeyId that names no key of the file gets an Unresolved error on kms:DescribeKey about
//   that key ("the key is not defined in this file"), at the KMSKeyId property.
// - AWS::SNS::Topic -> snsTopic (TopicArn as `!Ref` resolves it, region = the stack's) with its inline
//   Subscription list; AWS::SNS::Subscription -> a subscription of the file's topic its TopicArn
//   names (sns.ts). `confirmed` is true only where SNS confirms the subscription itself (same-account
//   sqs, lambda, firehose, application endpoints); elsewhere an Unresolved ListSubscriptionsByTopic
//   error (field subscriptions, path /<i>/confirmed) leaves it unknown (sns-subscriptions.ts).
//
// A resource whose Condition is false is left out; one whose Condition cannot be decided is left
// out with an Unresolved error on the read that lists it (DescribeTrails, GetBucketPolicy, ...).
import { InputError } from "../../util/errors.js";
import { isRecord, type Dict } from "../../util/records.js";
import type { IacContext, IacModel } from "../iac-types.js";
import { mapAlarm } from "./alarms.js";
import type { ParsedSource } from "./document.js";
import { Unresolved, type TemplateSections } from "./intrinsics.js";
import { linkTrailKeys, mapKey } from "./kms.js";
import { attachSubscription, mapTopic } from "./sns.js";
import { attachMetricFilter, mapLogGroup } from "./logs.js";
import { stackArns, templateNames, type StackIdentity } from "./names.js";
import { mapPolicy } from "./organizations.js";
import { attachBucketPolicy, mapBucket } from "./s3.js";
import { at, cdk, unresolvedError, type CfnMapState, type CfnResource } from "./state.js";
import { mapTrail } from "./trail.js";
import { validateTemplate } from "./validate.js";
import { validateTemplateResources } from "./template-problems.js";
import { IAM_TYPES, mapIam } from "./iam.js";
import { readInlineIgnores } from "./suppressions.js";

export function isCloudFormationTemplate(value: unknown): boolean {
  return isRecord(value) && ("Resources" in value || "AWSTemplateFormatVersion" in value);
}

export function mapCloudFormation(source: ParsedSource, context: IacContext): IacModel {
  const { file } = context;
  const template = source.value;
  if (!isCloudFormationTemplate(template)) {
    throw new InputError(
      `${file}: not a CloudFormation template (no Resources section) nor a Terraform plan (no format_version)`,
      file,
    );
  }
  validateTemplate(template, source, file);
  const t = template as Dict;

  const sections: TemplateSections = {
    Parameters: isRecord(t.Parameters) ? t.Parameters : {},
    Mappings: isRecord(t.Mappings) ? t.Mappings : {},
    Conditions: isRecord(t.Conditions) ? t.Conditions : {},
    Resources: t.Resources as Dict,
  };
  const identity: StackIdentity = {
    accountId: context.accountId ?? context.defaults.accountId,
    region: context.region ?? context.defaults.region,
    partition: context.partition,
    stackName: context.stackName ?? context.baseName,
  };
  const arns = stackArns(identity);
  const { resolver, nameOf } = templateNames(sections, identity, arns, context);
  const s: CfnMapState = {
    file,
    positions: source.positions,
    ...identity,
    collectedAt: context.collectedAt ?? context.defaults.collectedAt,
    arns,
    nameOf,
    bucketResources: Object.keys(sections.Resources).filter((id) => {
      const r = sections.Resources[id];
      return isRecord(r) && r.Type === "AWS::S3::Bucket";
    }),
    errors: [],
    organizationErrors: [],
    unmapped: [],
    trails: [],
    trailResources: new Map(),
    buckets: [],
    logGroups: [],
    alarms: [],
    scps: [],
    kmsKeys: [],
    snsTopics: [],
    pendingSubscriptions: [],
    pendingAliases: [],
    pendingPolicies: [],
    pendingFilters: [],
    iamResources: [],
  };
  let organizationDeclared = false;

  const resourcesDict = sections.Resources;
  for (const id of Object.keys(resourcesDict)) {
    const raw = resourcesDict[id] as Dict;
    const type = raw.Type as string;
    if (!MAPPED_TYPES.has(type) && !IAM_TYPES.has(type)) continue;
    const rawProps = isRecord(raw.Properties) ? raw.Properties : {};
    const resolvedProps = resolver.resolve(raw.Properties ?? {});
    const metadata = isRecord(raw.Metadata) ? raw.Metadata : {};
    const r: CfnResource = {
      id,
      type,
      raw,
      rawProps,
      props: isRecord(resolvedProps) ? resolvedProps : {},
      location: at(s, s.positions.key(resourcesDict, id)),
      ...(typeof metadata["aws:cdk:path"] === "string" ? { cdkPath: metadata["aws:cdk:path"] } : {}),
    };
    if (type === "AWS::Organizations::Policy") organizationDeclared = true;
    if (typeof raw.Condition === "string") {
      const created = resolver.condition(raw.Condition);
      if (created === false) {
        s.unmapped.push({ id, type, location: r.location, note: `not created: condition ${raw.Condition} is false`, ...cdk(r) });
        continue;
      }
      if (created instanceof Unresolved) {
        mapUndecided(s, r, raw.Condition, created);
        continue;
      }
    }
    mapResource(s, r);
  }
  for (const r of s.pendingPolicies) attachBucketPolicy(s, r);
  const iam = s.iamResources.length > 0 ? mapIam(s, s.iamResources) : undefined;
  if (iam) s.errors.push(...iam.errors);
  for (const r of s.pendingFilters) attachMetricFilter(s, r);
  for (const { r, undecided } of s.pendingSubscriptions) attachSubscription(s, r, s.snsTopics, undecided);
  linkTrailKeys(s);

  const { accountId, region, partition, collectedAt, stackName, positions } = s;
  const resourcesKey = positions.key(template, "Resources");
  const notCreated = new Set(s.unmapped.filter((u) => u.note?.startsWith("not created")).map((u) => u.id));
  const templateValidation = validateTemplateResources(t, source, (pos) => at(s, pos), MAPPED_TYPES, notCreated);
  return {
    kind: "cloudformation",
    file,
    accountId,
    region,
    partition,
    collectedAt,
    description: `CloudFormation template ${file} (stack ${stackName} in account ${accountId}, ${context.region ?? "region not given"})`,
    trails: s.trails,
    buckets: s.buckets,
    logGroups: s.logGroups,
    alarms: s.alarms,
    scps: s.scps,
    kmsKeys: s.kmsKeys,
    snsTopics: s.snsTopics,
    organizationDeclared,
    errors: s.errors,
    organizationErrors: s.organizationErrors,
    unmapped: s.unmapped,
    declaredParameters: Object.keys(sections.Parameters),
    ignores: readInlineIgnores(sections.Resources, positions, file),
    templateValidation,
    ...(iam ? { iam } : {}),
    root: at(s, resourcesKey ?? positions.node(template)),
  };
}

/** Maps one resource that the template creates, by type; aliases, bucket policies and metric filters wait for what they attach to. */
function mapResource(s: CfnMapState, r: CfnResource): void {
  switch (r.type) {
    case "AWS::CloudTrail::Trail": {
      const mapped = mapTrail(s, r);
      s.trails.push(mapped);
      s.trailResources.set(mapped, r);
      break;
    }
    case "AWS::KMS::Key":
      s.kmsKeys.push(mapKey(s, r));
      break;
    case "AWS::KMS::Alias":
      s.pendingAliases.push(r);
      break;
    case "AWS::S3::Bucket":
      s.buckets.push(mapBucket(s, r));
      break;
    case "AWS::S3::BucketPolicy":
      s.pendingPolicies.push(r);
      break;
    case "AWS::Logs::LogGroup":
      s.logGroups.push(mapLogGroup(s, r));
      break;
    case "AWS::Logs::MetricFilter":
      s.pendingFilters.push(r);
      break;
    case "AWS::Organizations::Policy": {
      const scp = mapPolicy(s, r);
      if (scp) s.scps.push(scp);
      break;
    }
    case "AWS::CloudWatch::Alarm":
      s.alarms.push(mapAlarm(s, r));
      break;
    case "AWS::SNS::Topic":
      s.snsTopics.push(mapTopic(s, r));
      break;
    case "AWS::SNS::Subscription":
      s.pendingSubscriptions.push({ r });
      break;
    default:
      if (IAM_TYPES.has(r.type)) s.iamResources.push(r);
  }
}

/**
 * A resource whose Condition cannot be decided. A trail, bucket or key that may or may not be
 * created stands in the snapshot, unknown as a whole: the other resources stay decided (a PASS on
 * another trail holds), no verdict rests on it. Any other type is left out, with an Unresolved
 * error on the read that would list it.
 */
function mapUndecided(s: CfnMapState, r: CfnResource, condition: string, created: Unresolved): void {
  const { id, type, raw } = r;
  const where = at(s, s.positions.key(raw, "Condition"));
  const what = `(Condition ${condition})`;
  if (type === "AWS::CloudTrail::Trail") {
    const mapped = mapTrail(s, r);
    s.trails.push(mapped);
    s.trailResources.set(mapped, r);
    unresolvedError(s, r, "cloudtrail", "GetTrail", mapped.value.TrailARN, what, created, s.errors, where);
    return;
  }
  if (type === "AWS::S3::Bucket") {
    const mapped = mapBucket(s, r);
    s.buckets.push(mapped);
    unresolvedError(s, r, "s3", "GetBucketLocation", mapped.value.Name, what, created, s.errors, where);
    return;
  }
  if (type === "AWS::KMS::Key") {
    const mapped = mapKey(s, r);
    s.kmsKeys.push(mapped);
    unresolvedError(s, r, "kms", "DescribeKey", mapped.value.arn, what, created, s.errors, where);
    return;
  }
  if (type === "AWS::SNS::Topic") {
    const mapped = mapTopic(s, r);
    s.snsTopics.push(mapped);
    unresolvedError(s, r, "sns", "ListSubscriptionsByTopic", mapped.value.TopicArn, what, created, s.errors, where, "subscriptions");
    return;
  }
  if (type === "AWS::SNS::Subscription") {
    s.pendingSubscriptions.push({ r, undecided: created });
    return;
  }
  s.unmapped.push({ id, type, location: r.location, note: `condition ${condition} cannot be decided from this file`, ...cdk(r) });
  const listing = LISTING_READ[type];
  if (listing) {
    unresolvedError(s, r, listing.service, listing.operation, undefined, what, created, type === "AWS::Organizations::Policy" ? s.organizationErrors : s.errors, where);
  }
}

/** Resource types the mapper reads. */
const MAPPED_TYPES = new Set([
  "AWS::CloudTrail::Trail",
  "AWS::S3::Bucket",
  "AWS::S3::BucketPolicy",
  "AWS::Logs::LogGroup",
  "AWS::Logs::MetricFilter",
  "AWS::CloudWatch::Alarm",
  "AWS::Organizations::Policy",
  "AWS::KMS::Key",
  "AWS::KMS::Alias",
  "AWS::SNS::Topic",
  "AWS::SNS::Subscription",
]);

/** The read that lists a resource of each type, for a resource whose Condition is undecided. */
const LISTING_READ: Record<string, { service: string; operation: string }> = {
  "AWS::CloudTrail::Trail": { service: "cloudtrail", operation: "DescribeTrails" },
  "AWS::S3::Bucket": { service: "s3", operation: "ListBuckets" },
  "AWS::S3::BucketPolicy": { service: "s3", operation: "GetBucketPolicy" },
  "AWS::Logs::LogGroup": { service: "logs", operation: "DescribeLogGroups" },
  "AWS::CloudWatch::Alarm": { service: "cloudwatch", operation: "DescribeAlarms" },
  "AWS::Organizations::Policy": { service: "organizations", operation: "ListPolicies" },
};
