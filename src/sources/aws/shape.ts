// From SDK responses to snapshot objects: keep AWS's field names, drop $metadata and undefined,
// write Dates as ISO strings (the AWS CLI's form), keep only the fields the schema knows.
import { ORGANIZATIONS_ACCOUNT_FIELDS } from "../../model/snapshot.js";

/** Deep copy without $metadata/undefined, with Dates as ISO 8601 strings. */
export function plain<T = unknown>(value: unknown): T {
  return convert(value) as T;
}

function convert(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(convert);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (key === "$metadata" || inner === undefined) continue;
      out[key] = convert(inner);
    }
    return out;
  }
  return value;
}

/** The listed fields of `value`, converted with plain(). */
export function pick<T>(value: object | undefined, keys: readonly string[]): T {
  const out: Record<string, unknown> = {};
  if (!value) return out as T;
  const source = value as Record<string, unknown>;
  for (const key of keys) {
    if (source[key] !== undefined && source[key] !== null) out[key] = convert(source[key]);
  }
  return out as T;
}

export const ACCOUNT_FIELDS = ORGANIZATIONS_ACCOUNT_FIELDS;
export const ORGANIZATION_FIELDS = [
  "Id",
  "Arn",
  "FeatureSet",
  "MasterAccountId",
  "MasterAccountArn",
  "MasterAccountEmail",
  "AvailablePolicyTypes",
] as const;
export const DELEGATED_ADMIN_FIELDS = ["Id", "Arn", "Email", "Name", "Status"] as const;
export const TRAIL_FIELDS = [
  "Name",
  "S3BucketName",
  "S3KeyPrefix",
  "SnsTopicName",
  "SnsTopicARN",
  "IncludeGlobalServiceEvents",
  "IsMultiRegionTrail",
  "HomeRegion",
  "TrailARN",
  "LogFileValidationEnabled",
  "CloudWatchLogsLogGroupArn",
  "CloudWatchLogsRoleArn",
  "KmsKeyId",
  "HasCustomEventSelectors",
  "HasInsightSelectors",
  "IsOrganizationTrail",
] as const;
export const TRAIL_STATUS_FIELDS = [
  "IsLogging",
  "LatestDeliveryError",
  "LatestNotificationError",
  "LatestDeliveryTime",
  "LatestNotificationTime",
  "StartLoggingTime",
  "StopLoggingTime",
  "LatestCloudWatchLogsDeliveryError",
  "LatestCloudWatchLogsDeliveryTime",
  "LatestDigestDeliveryTime",
  "LatestDigestDeliveryError",
  "LatestDeliveryAttemptTime",
  "LatestNotificationAttemptTime",
  "LatestNotificationAttemptSucceeded",
  "LatestDeliveryAttemptSucceeded",
  "TimeLoggingStarted",
  "TimeLoggingStopped",
] as const;
export const EVENT_SELECTOR_FIELDS = ["ReadWriteType", "IncludeManagementEvents", "DataResources", "ExcludeManagementEventSources"] as const;
export const FIELD_SELECTOR_FIELDS = ["Field", "Equals", "StartsWith", "EndsWith", "NotEquals", "NotStartsWith", "NotEndsWith"] as const;
export const LOG_GROUP_FIELDS = ["logGroupName", "arn", "creationTime", "retentionInDays", "kmsKeyId"] as const;
export const METRIC_FILTER_FIELDS = ["filterName", "filterPattern", "metricTransformations", "logGroupName", "creationTime"] as const;
export const PUBLIC_ACCESS_BLOCK_FIELDS = ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"] as const;

/** GetBucketLocation: null/"" means us-east-1, "EU" is the legacy name of eu-west-1. */
export function normalizeLocation(constraint: string | null | undefined): string {
  if (constraint === undefined || constraint === null || constraint === "") return "us-east-1";
  if (constraint === "EU") return "eu-west-1";
  return constraint;
}

/** Parts of an ARN; undefined when it is not one. */
export function arnParts(arn: string): { partition: string; service: string; region: string; account: string; resource: string } | undefined {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return undefined;
  return { partition: parts[1]!, service: parts[2]!, region: parts[3]!, account: parts[4]!, resource: parts.slice(5).join(":") };
}

/** "arn:aws:logs:us-east-1:111122223333:log-group:CloudTrail/Logs:*" -> name, region, account. */
export function logGroupFromArn(arn: string): { name: string; region: string; account: string } | undefined {
  const parts = arnParts(arn);
  if (!parts || parts.service !== "logs" || !parts.resource.startsWith("log-group:")) return undefined;
  let name = parts.resource.slice("log-group:".length);
  if (name.endsWith(":*")) name = name.slice(0, -2);
  return { name, region: parts.region, account: parts.account };
}

/** The same object with its keys in the given order first (stable JSON output). */
export function ordered<T extends object>(value: T, keys: readonly string[]): T {
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of keys) if (key in source) out[key] = source[key];
  for (const key of Object.keys(source)) if (!(key in out)) out[key] = source[key];
  return out as T;
}

export const TRAIL_ORDER = [...TRAIL_FIELDS, "status", "eventSelectors", "advancedEventSelectors", "insightSelectors", "tags"] as const;
export const BUCKET_ORDER = [
  "Name",
  "Region",
  "ownerAccountId",
  "CreationDate",
  "policy",
  "objectLockConfiguration",
  "versioning",
  "publicAccessBlock",
  "ownershipControls",
  "tags",
  "acl",
  "logging",
  "encryption",
] as const;
