// Terraform plan mapping: aws_cloudtrail -> trail (GetTrail, GetTrailStatus, GetEventSelectors,
// GetInsightSelectors, ListTags shapes), with the provider's defaults for what the plan leaves out;
// s3_bucket_name, cloud_watch_logs_group_arn and kms_key_id unknown until apply are linked to the
// bucket, log group or key the configuration references.
import type { AdvancedEventSelector, EventSelector, Trail } from "../../model/snapshot.js";
import { isRecord, type Dict } from "../../util/records.js";
import type { Mapped } from "../iac-types.js";
import { linkTrailKey } from "./kms.js";
import { referenced } from "./resources.js";
import { mapTags, mirrorList, newMapped, propLocation, regionOf, unresolved, type PlanMapState } from "./state.js";
import { attr, knownString, placeholder, subtreeUnknown, synthesizedName } from "./values.js";
import type { PlanResource } from "./resources.js";

export function mapTrail(s: PlanMapState, r: PlanResource): Mapped<Trail> {
  const region = regionOf(s, r);
  const name = knownString(r, "name") ?? synthesizedName(r, false);
  const arn = `arn:${s.partition}:cloudtrail:${region}:${s.accountId}:trail/${name}`;
  const m = newMapped<Trail>(r, { Name: name, TrailARN: arn, HomeRegion: region });
  const trail = m.value;
  const part = (pointer: string, attribute: string) => {
    const location = propLocation(s, r, attribute);
    if (location) m.parts[pointer] = location;
  };

  const bucketName = attr(r, "s3_bucket_name");
  if (!bucketName.unknown && typeof bucketName.value === "string") trail.S3BucketName = bucketName.value;
  else {
    const bucket = referenced(s, r, "s3_bucket_name", ["aws_s3_bucket"]);
    const found = bucket ? s.buckets.find((b) => b.source === bucket) : undefined;
    trail.S3BucketName = found ? found.value.Name : placeholder(r, "s3_bucket_name");
    // Not a bucket of this plan: which bucket receives the logs is not known.
    if (!found) unresolved(s, r, "cloudtrail", "GetTrail", arn, "s3_bucket_name", undefined, s.errors, "S3BucketName");
  }
  part("/S3BucketName", "s3_bucket_name");

  /** A boolean attribute: its value, the provider default when null, false (and an error) when unknown. */
  const bool = (attribute: string, fallback: boolean, operation: string, field?: string): boolean => {
    const a = attr(r, attribute);
    if (a.unknown) {
      // A GetTrail attribute unknown until apply is unknown on its own (`field`); the others stay decided.
      unresolved(s, r, "cloudtrail", operation, arn, attribute, undefined, s.errors, field);
      return false;
    }
    return typeof a.value === "boolean" ? a.value : fallback;
  };
  const flag = (attribute: string, field: "IncludeGlobalServiceEvents" | "IsMultiRegionTrail" | "LogFileValidationEnabled" | "IsOrganizationTrail", fallback: boolean) => {
    trail[field] = bool(attribute, fallback, "GetTrail", field);
    part(`/${field}`, attribute);
  };
  flag("include_global_service_events", "IncludeGlobalServiceEvents", true);
  flag("is_multi_region_trail", "IsMultiRegionTrail", false);
  flag("enable_log_file_validation", "LogFileValidationEnabled", false);
  flag("is_organization_trail", "IsOrganizationTrail", false);

  type TextField = "S3KeyPrefix" | "SnsTopicName" | "CloudWatchLogsLogGroupArn" | "CloudWatchLogsRoleArn" | "KmsKeyId";
  const text = (attribute: string, field: TextField, link?: () => string | undefined) => {
    const a = attr(r, attribute);
    if (a.unknown) {
      const linked = link?.();
      trail[field] = linked ?? placeholder(r, attribute);
      // Known after apply is still set (in a plan, an unknown value is one apply computes); a value the
      // source says may be none (a .tf conditional on an open variable) is not decided. The key has its own rule (linkTrailKey).
      if (linked === undefined && field !== "KmsKeyId" && s.settled?.(r, attribute) === false) unresolved(s, r, "cloudtrail", "GetTrail", arn, attribute, undefined, s.errors, field);
    } else if (typeof a.value === "string" && a.value !== "") trail[field] = a.value;
    else return;
    part(`/${field}`, attribute);
  };
  text("s3_key_prefix", "S3KeyPrefix");
  text("sns_topic_name", "SnsTopicName");
  text("cloud_watch_logs_group_arn", "CloudWatchLogsLogGroupArn", () => {
    const group = referenced(s, r, "cloud_watch_logs_group_arn", ["aws_cloudwatch_log_group"]);
    return group ? s.logGroups.find((g) => g.source === group)?.value.arn : undefined;
  });
  text("cloud_watch_logs_role_arn", "CloudWatchLogsRoleArn");
  text("kms_key_id", "KmsKeyId", () => {
    const ref = referenced(s, r, "kms_key_id", ["aws_kms_key", "aws_kms_alias"]);
    if (!ref) return undefined;
    if (ref.type === "aws_kms_key") return s.kmsKeys.find((k) => k.source === ref)?.value.arn;
    return [...s.kmsAliases.values()].find((a) => a.source === ref)?.key?.value.arn;
  });
  linkTrailKey(s, r, trail, arn);
  const sns = trail.SnsTopicName;
  if (typeof sns === "string" && !sns.startsWith("<")) trail.SnsTopicARN = sns.startsWith("arn:") ? sns : `arn:${s.partition}:sns:${region}:${s.accountId}:${sns}`;

  const basic = attr(r, "event_selector").value;
  const advanced = attr(r, "advanced_event_selector").value;
  const basicList = Array.isArray(basic) ? basic.filter(isRecord) : [];
  const advancedList = Array.isArray(advanced) ? advanced.filter(isRecord) : [];
  trail.HasCustomEventSelectors = basicList.length > 0 || advancedList.length > 0;
  if (subtreeUnknown(r, "event_selector") || subtreeUnknown(r, "advanced_event_selector")) {
    trail.eventSelectors = [];
    unresolved(s, r, "cloudtrail", "GetEventSelectors", arn, subtreeUnknown(r, "event_selector") ? "event_selector" : "advanced_event_selector", "has values unknown until apply (after_unknown)");
  } else {
    if (basicList.length > 0) trail.eventSelectors = basicList.map(toEventSelector);
    if (advancedList.length > 0) trail.advancedEventSelectors = advancedList.map(toAdvancedSelector);
    if (basicList.length === 0 && advancedList.length === 0) {
      trail.eventSelectors = [{ ReadWriteType: "All", IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }];
    }
  }
  if (basicList.length > 0) {
    part("/eventSelectors", "event_selector");
    mirrorList(s, m.parts, "/eventSelectors", attr(r, "event_selector").value);
  }
  if (advancedList.length > 0) {
    part("/advancedEventSelectors", "advanced_event_selector");
    mirrorList(s, m.parts, "/advancedEventSelectors", attr(r, "advanced_event_selector").value);
  }

  const insights = attr(r, "insight_selector").value;
  if (subtreeUnknown(r, "insight_selector")) {
    trail.insightSelectors = [];
    unresolved(s, r, "cloudtrail", "GetInsightSelectors", arn, "insight_selector");
  } else if (Array.isArray(insights) && insights.length > 0) {
    trail.insightSelectors = insights.filter(isRecord).map((s) => ({ InsightType: String(s.insight_type) }));
    part("/insightSelectors", "insight_selector");
  }
  trail.HasInsightSelectors = Array.isArray(trail.insightSelectors) && trail.insightSelectors.length > 0;

  const tags = mapTags(s, r);
  if (tags.tags.length > 0) trail.tags = tags.tags;
  if (tags.unknown) unresolved(s, r, "cloudtrail", "ListTags", arn, "tags");
  Object.assign(m.parts, tags.parts("/tags"));

  const logging = bool("enable_logging", true, "GetTrailStatus");
  trail.status = { IsLogging: logging };
  if (logging && trail.CloudWatchLogsLogGroupArn !== undefined && trail.CloudWatchLogsRoleArn !== undefined) {
    trail.status.LatestCloudWatchLogsDeliveryTime = s.collectedAt;
  }
  part("/status/IsLogging", "enable_logging");
  return m;
}

function toEventSelector(s: Dict): EventSelector {
  return {
    ReadWriteType: (typeof s.read_write_type === "string" ? s.read_write_type : "All") as EventSelector["ReadWriteType"],
    IncludeManagementEvents: typeof s.include_management_events === "boolean" ? s.include_management_events : true,
    DataResources: (Array.isArray(s.data_resource) ? s.data_resource.filter(isRecord) : []).map((d) => ({
      Type: String(d.type),
      ...(Array.isArray(d.values) ? { Values: d.values.map(String) } : {}),
    })),
    ExcludeManagementEventSources: Array.isArray(s.exclude_management_event_sources) ? s.exclude_management_event_sources.map(String) : [],
  };
}

const OPERATORS = [
  ["Equals", "equals"],
  ["StartsWith", "starts_with"],
  ["EndsWith", "ends_with"],
  ["NotEquals", "not_equals"],
  ["NotStartsWith", "not_starts_with"],
  ["NotEndsWith", "not_ends_with"],
] as const;

function toAdvancedSelector(s: Dict): AdvancedEventSelector {
  return {
    ...(typeof s.name === "string" && s.name !== "" ? { Name: s.name } : {}),
    FieldSelectors: (Array.isArray(s.field_selector) ? s.field_selector.filter(isRecord) : []).map((fs) => {
      const out: AdvancedEventSelector["FieldSelectors"][number] = { Field: String(fs.field) };
      for (const [api, tf] of OPERATORS) {
        const values = fs[tf];
        if (Array.isArray(values) && values.length > 0) out[api] = values.map(String);
      }
      return out;
    }),
  };
}

