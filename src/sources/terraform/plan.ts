// Terraform plan JSON (`terraform show -json plan.out`) -> IacModel.
//
// This module orchestrates: it checks the plan (validate.ts), reads its identity (identity.ts) and
// resources (resources.ts: planned values joined with changes and configuration, references),
// builds the shared PlanMapState (state.ts), maps the resources in two passes (the things others
// link to first), then assembles the IacModel. The mappers, one module per service: trail.ts
// (CloudTrail), s3.ts (buckets and their split resources, account Block Public Access), logs.ts
// (log groups, metric filters), alarms.ts (CloudWatch alarms), kms.ts (keys, aliases, trail key
// links), organizations.ts (SCPs and their attachments); address.ts and values.ts read addresses
// and attribute values (after_unknown).
//
// Input: format_version 0.x or 1.x (a 2.x plan is rejected, as the format's rules say a reader
// must); planned_values.root_module and its child_modules, recursively, are the resources that will
// exist; resource_changes (joined by address) gives `after_unknown`, the values known only after
// apply; configuration.root_module (and module_calls) gives the references of each expression, used
// to link resources whose linking attribute is unknown at plan time
// (aws_cloudtrail.s3_bucket_name = aws_s3_bucket.logs.id -> references
// ["aws_s3_bucket.logs.id", "aws_s3_bucket.logs"]), through module outputs and input variables.
//
// Mapped types: aws_cloudtrail -> trail (provider defaults: enable_logging true,
// include_global_service_events true, is_multi_region_trail false, is_organization_trail false,
// enable_log_file_validation false; event_selector read_write_type All, include_management_events
// true); aws_s3_bucket plus its split resources (aws_s3_bucket_object_lock_configuration, _policy,
// _versioning, _public_access_block, _ownership_controls, _acl, _logging,
// _server_side_encryption_configuration), joined to the bucket by reference or by bucket name (S3's
// defaults for what the plan leaves out: Block Public Access on, BucketOwnerEnforced, a private ACL);
// aws_s3_account_public_access_block -> the account's publicAccessBlock; aws_cloudwatch_log_group and
// aws_cloudwatch_log_metric_filter; aws_organizations_policy (SERVICE_CONTROL_POLICY) with
// aws_organizations_policy_attachment targets; aws_cloudwatch_metric_alarm -> alarm (DescribeAlarms
// shape: dimensions map -> [{Name, Value}], metric_query -> Metrics; provider defaults:
// actions_enabled true, treat_missing_data missing; an action ARN unknown until apply is linked to
// the aws_sns_topic the configuration references, when the topic's name is known). Object Lock: enabled when the bucket has object_lock_enabled, or when an
// aws_s3_bucket_object_lock_configuration (object_lock_enabled "Enabled") targets a bucket with
// versioning Enabled (S3 lets Object Lock be turned on for an existing versioned bucket); a
// configuration on any other bucket keeps only its Rule, which is what AWS rejects.
// aws_kms_key -> kmsKey: arn (else, unknown until apply, arn:<partition>:kms:<region>:<account>:key/<address>,
// synthesized), key_id (else the address), policy (AWS's default key policy when left out),
// enable_key_rotation -> rotationEnabled (false; null for a key that cannot rotate), is_enabled ->
// KeyMetadata.Enabled and KeyState (true), key_usage, customer_master_key_spec / key_spec,
// multi_region, description; KeyManager CUSTOMER, Origin AWS_KMS. aws_kms_alias (name, target_key_id)
// names its key. A trail's kms_key_id that refers to a key or alias of the plan (by value or by
// reference) is the key's ARN; one that names no key of the plan is an Unresolved kms:DescribeKey
// error about it ("the key is not defined in this file").
// aws_sns_topic -> snsTopic (arn, else arn:<partition>:sns:<region>:<account>:<name>); each
// aws_sns_topic_subscription (topic_arn by reference or value, protocol, endpoint) -> a subscription
// of it: confirmed from the computed pending_confirmation where the plan knows it, else true only
// where SNS confirms it itself (sns-subscriptions.ts), else unknown (an Unresolved
// ListSubscriptionsByTopic error, field subscriptions, path /<i>/confirmed).
//
// Locations: a resource is its resource_changes entry (else its planned_values entry), a property
// the key in change.after (else in after_unknown). The plan's configuration section carries no
// file names or line numbers, so findings cannot point into the .tf files.
import type { IacContext, IacModel, Mapped } from "../iac-types.js";
import { isRecord, type Dict } from "../../util/records.js";
import type { ParsedSource } from "../cloudformation/document.js";
import { mapAlarm } from "./alarms.js";
import { planIdentity } from "./identity.js";
import { mapAlias, mapKey } from "./kms.js";
import { attachSubscription, mapTopic } from "./sns.js";
import { attachMetricFilter, mapLogGroup } from "./logs.js";
import { attachPolicyTarget, mapPolicy } from "./organizations.js";
import { planResources } from "./resources.js";
import { attachToBucket, mapAccountPublicAccessBlock, mapBucket, settleObjectLock, SPLIT_BUCKET_TYPES } from "./s3.js";
import { at, type PlanMapState, type Sourced } from "./state.js";
import { mapTrail } from "./trail.js";
import { validatePlan } from "./validate.js";
import { IAM_TYPES, mapIam } from "./iam.js";

export { parseAddress } from "./address.js";

/** True for `terraform show -json` output (plans, and states, which are rejected with a hint). */
export function isTerraformPlan(value: unknown): boolean {
  return isRecord(value) && "format_version" in value && !("Resources" in value);
}

/** What a source that writes a plan itself (the .tf reader, src/sources/hcl) adds to the mapping. */
export interface PlanHooks {
  explain?: PlanMapState["explain"];
  origin?: string;
  holes?: PlanMapState["holes"];
  settled?: PlanMapState["settled"];
}

export function mapTerraformPlan(source: ParsedSource, context: IacContext, hooks: PlanHooks = {}): IacModel {
  const { file } = context;
  const plan = source.value as Dict;
  const positions = source.positions;
  const version = validatePlan(plan, positions, file);

  const configuration = isRecord(plan.configuration) ? plan.configuration : {};
  const rootConfig = isRecord(configuration.root_module) ? configuration.root_module : {};
  const identity = planIdentity(plan, context);
  const resources = planResources(plan, rootConfig, positions, (pos) => ({ file: pos?.file ?? file, startLine: pos?.line ?? 1, startColumn: pos?.column ?? 1 }));
  const s: PlanMapState = {
    file,
    positions,
    ...identity,
    rootConfig,
    resources,
    instancePrefixes: new Set(resources.map((r) => r.parts.prefix)),
    errors: [],
    organizationErrors: [],
    unmapped: [],
    trails: [],
    buckets: [],
    logGroups: [],
    alarms: [],
    scps: [],
    kmsKeys: [],
    snsTopics: [],
    kmsAliases: new Map(),
    ...(hooks.explain ? { explain: hooks.explain } : {}),
    ...(hooks.origin !== undefined ? { origin: hooks.origin } : {}),
    ...(hooks.holes ? { holes: hooks.holes } : {}),
    ...(hooks.settled ? { settled: hooks.settled } : {}),
  };
  let organizationDeclared = false;

  // ---- first pass: keys, aliases, buckets, log groups, policies (the things others link to)
  for (const r of resources) {
    if (r.type === "aws_kms_key") s.kmsKeys.push(mapKey(s, r));
  }
  for (const r of resources) {
    if (r.type === "aws_kms_alias") mapAlias(s, r);
  }
  for (const r of resources) {
    if (r.type === "aws_s3_bucket") s.buckets.push(mapBucket(s, r));
    else if (r.type === "aws_cloudwatch_log_group") s.logGroups.push(mapLogGroup(s, r));
    else if (r.type === "aws_sns_topic") s.snsTopics.push(mapTopic(s, r));
    else if (r.type === "aws_organizations_policy") {
      organizationDeclared = true;
      const scp = mapPolicy(s, r);
      if (scp) s.scps.push(scp);
    }
  }
  // ---- second pass: trails and the resources that attach to the first ones
  for (const r of resources) {
    if (SPLIT_BUCKET_TYPES.has(r.type)) {
      attachToBucket(s, r);
      continue;
    }
    switch (r.type) {
      case "aws_cloudtrail":
        s.trails.push(mapTrail(s, r));
        break;
      case "aws_cloudwatch_log_metric_filter":
        attachMetricFilter(s, r);
        break;
      case "aws_organizations_policy_attachment":
        attachPolicyTarget(s, r);
        break;
      case "aws_s3_account_public_access_block":
        s.accountPublicAccessBlock = mapAccountPublicAccessBlock(s, r);
        break;
      case "aws_cloudwatch_metric_alarm":
        s.alarms.push(mapAlarm(s, r));
        break;
      case "aws_sns_topic_subscription":
        attachSubscription(s, r, s.snsTopics);
        break;
    }
  }
  for (const b of s.buckets) settleObjectLock(b);
  const iamResources = resources.filter((r) => IAM_TYPES.has(r.type));
  const iam = iamResources.length > 0 ? mapIam(s, iamResources) : undefined;

  const { accountId, defaultRegion, fileRegion, partition, collectedAt, accountPublicAccessBlock } = s;
  return {
    kind: "terraform",
    file,
    accountId,
    region: defaultRegion,
    partition,
    collectedAt,
    description: `Terraform plan ${file} (format ${version}${typeof plan.terraform_version === "string" ? `, Terraform ${plan.terraform_version}` : ""}) in account ${accountId}, ${context.region ?? fileRegion ?? "region not given"}`,
    regionDecided: context.region !== undefined || fileRegion !== undefined,
    trails: s.trails,
    buckets: strip(s.buckets),
    logGroups: strip(s.logGroups),
    alarms: s.alarms,
    scps: strip(s.scps),
    kmsKeys: strip(s.kmsKeys),
    snsTopics: strip(s.snsTopics),
    organizationDeclared,
    errors: s.errors,
    organizationErrors: s.organizationErrors,
    ...(accountPublicAccessBlock ? { accountPublicAccessBlock } : {}),
    unmapped: s.unmapped,
    ...(iam ? { iam } : {}),
    root: at(s, positions.key(plan, "format_version") ?? positions.node(plan)),
  };
}

/** The mapped objects without the plan resource each came from. */
function strip<T>(list: Sourced<T>[]): Mapped<T>[] {
  return list.map(({ value, id, type, location, parts, contributors }) => ({ value, id, type, location, parts, contributors }));
}
