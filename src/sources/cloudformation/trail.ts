// CloudFormation mapping: AWS::CloudTrail::Trail -> trail (GetTrail, GetTrailStatus,
// GetEventSelectors, GetInsightSelectors, ListTags shapes). The trail's KMSKeyId is linked to the
// file's keys afterwards, in kms.ts.
import type { AdvancedEventSelector, EventSelector, Trail } from "../../model/snapshot.js";
import { isRecord, type Dict } from "../../util/records.js";
import type { Mapped } from "../iac-types.js";
import { undecidedBucketName } from "./bucket-names.js";
import { firstUnresolved, Unresolved } from "./intrinsics.js";
import { mirror, newMapped, propAt, unresolvedError, type CfnMapState, type CfnResource } from "./state.js";
import { mapTags, toBool, toList, toStr } from "./values.js";

export function mapTrail(s: CfnMapState, r: CfnResource): Mapped<Trail> {
  const p = r.props;
  const nameValue = s.nameOf(r.id);
  const name = typeof nameValue === "string" ? nameValue : `${s.stackName}-${r.id}`;
  const arn = s.arns.trail(name);
  const m = newMapped<Trail>(r, { Name: name, TrailARN: arn, HomeRegion: s.region });
  const trail = m.value;
  const part = (pointer: string, prop: string) => {
    if (prop in r.rawProps) m.parts[pointer] = propAt(s, r, prop);
  };
  // A GetTrail property the file leaves open is unknown on its own (`field`); the others stay decided.
  const fail = (operation: string, prop: string, u: Unresolved, field?: string) =>
    unresolvedError(s, r, "cloudtrail", operation, arn, prop, u, s.errors, prop in r.rawProps ? propAt(s, r, prop) : r.location, field);

  const bucket = toStr(p.S3BucketName);
  if (typeof bucket === "string") trail.S3BucketName = bucket;
  else if (bucket instanceof Unresolved) {
    // The same undecided expression as a bucket's BucketName is that bucket (bucket-names.ts); else
    // which bucket receives the logs is not known: the log-bucket checks cannot judge it.
    const same = undecidedBucketName(r.rawProps.S3BucketName);
    if (s.bucketResources.some((id) => s.nameOf(id) === same)) trail.S3BucketName = same;
    else {
      trail.S3BucketName = bucket.placeholder;
      fail("GetTrail", "S3BucketName", bucket, "S3BucketName");
    }
  }
  // Absent: CloudFormation rejects the template (a required property); iac-invalid-trail-config says so.
  part("/S3BucketName", "S3BucketName");

  const flag = (prop: string, field: keyof Trail, fallback: boolean, operation = "GetTrail") => {
    const v = toBool(p[prop]);
    const value = v instanceof Unresolved ? false : (v ?? fallback);
    if (v instanceof Unresolved) fail(operation, prop, v, field);
    (trail as unknown as Dict)[field] = value;
    part(`/${field}`, prop);
  };
  flag("IncludeGlobalServiceEvents", "IncludeGlobalServiceEvents", true);
  flag("IsMultiRegionTrail", "IsMultiRegionTrail", false);
  flag("EnableLogFileValidation", "LogFileValidationEnabled", false);
  flag("IsOrganizationTrail", "IsOrganizationTrail", false);

  const text = (prop: string, field: keyof Trail) => {
    const v = toStr(p[prop]);
    if (v === undefined) return;
    if (v instanceof Unresolved) {
      if (v.mayBeAbsent) {
        fail("GetTrail", prop, v, field);
        return;
      }
      (trail as unknown as Dict)[field] = v.placeholder;
    } else {
      (trail as unknown as Dict)[field] = v;
    }
    part(`/${field}`, prop);
  };
  text("S3KeyPrefix", "S3KeyPrefix");
  text("SnsTopicName", "SnsTopicName");
  if (typeof trail.SnsTopicName === "string" && !trail.SnsTopicName.startsWith("<")) {
    trail.SnsTopicARN = trail.SnsTopicName.startsWith("arn:") ? trail.SnsTopicName : `arn:${s.partition}:sns:${s.region}:${s.accountId}:${trail.SnsTopicName}`;
  }
  text("CloudWatchLogsLogGroupArn", "CloudWatchLogsLogGroupArn");
  text("CloudWatchLogsRoleArn", "CloudWatchLogsRoleArn");
  text("KMSKeyId", "KmsKeyId");

  // Selectors.
  const basic = toList(p.EventSelectors);
  const advanced = toList(p.AdvancedEventSelectors);
  trail.HasCustomEventSelectors = basic !== undefined || advanced !== undefined;
  const basicSelectors = basic instanceof Unresolved ? basic : basic?.map(toEventSelector);
  const advancedSelectors = advanced instanceof Unresolved ? advanced : advanced?.map(toAdvancedSelector);
  const unknownSelectors = firstUnresolved([basicSelectors, advancedSelectors]);
  if (unknownSelectors) {
    // Records nothing, so no check can PASS on a guess; the error turns FAIL into ERROR.
    trail.eventSelectors = [];
    fail("GetEventSelectors", basic instanceof Unresolved || firstUnresolved(basicSelectors) ? "EventSelectors" : "AdvancedEventSelectors", unknownSelectors);
  } else {
    if (basicSelectors !== undefined) trail.eventSelectors = basicSelectors as EventSelector[];
    if (advancedSelectors !== undefined) trail.advancedEventSelectors = advancedSelectors as AdvancedEventSelector[];
    if (basicSelectors === undefined && advancedSelectors === undefined) {
      trail.eventSelectors = [{ ReadWriteType: "All", IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }];
    }
  }
  part("/eventSelectors", "EventSelectors");
  part("/advancedEventSelectors", "AdvancedEventSelectors");
  mirror(s, m.parts, "/eventSelectors", r.rawProps.EventSelectors);
  mirror(s, m.parts, "/advancedEventSelectors", r.rawProps.AdvancedEventSelectors);

  const insights = toList(p.InsightSelectors);
  if (insights instanceof Unresolved || firstUnresolved(insights)) {
    fail("GetInsightSelectors", "InsightSelectors", (insights instanceof Unresolved ? insights : firstUnresolved(insights))!);
    trail.insightSelectors = [];
  } else if (insights !== undefined) {
    trail.insightSelectors = insights.filter(isRecord).map((s) => ({
      InsightType: String(s.InsightType),
      ...(Array.isArray(s.EventCategories) ? { EventCategories: s.EventCategories.map(String) } : {}),
    }));
  }
  trail.HasInsightSelectors = Array.isArray(trail.insightSelectors) && trail.insightSelectors.length > 0;
  part("/insightSelectors", "InsightSelectors");

  const tags = mapTags(p.Tags);
  if (tags.unresolved) fail("ListTags", "Tags", tags.unresolved);
  if (tags.tags) trail.tags = tags.tags;
  part("/tags", "Tags");
  mirror(s, m.parts, "/tags", r.rawProps.Tags);

  // IsLogging is required: without it the stack does not deploy, so the trail logs nothing; the
  // status then has no IsLogging at all, which iac-invalid-trail-config reports.
  const logging = toBool(p.IsLogging);
  const isLogging = typeof logging === "boolean" ? logging : false;
  if (logging instanceof Unresolved) fail("GetTrailStatus", "IsLogging", logging);
  trail.status = logging === undefined ? {} : { IsLogging: isLogging };
  if (isLogging && trail.CloudWatchLogsLogGroupArn !== undefined && trail.CloudWatchLogsRoleArn !== undefined) {
    trail.status.LatestCloudWatchLogsDeliveryTime = s.collectedAt;
  }
  part("/status", "IsLogging");
  part("/status/IsLogging", "IsLogging");
  return m;
}

function toEventSelector(value: unknown): unknown {
  if (value instanceof Unresolved) return value;
  if (!isRecord(value)) return new Unresolved(JSON.stringify(value), "not an event selector");
  const unknown = firstUnresolved(value);
  if (unknown) return unknown;
  const include = toBool(value.IncludeManagementEvents);
  const selector: EventSelector = {
    ReadWriteType: (typeof value.ReadWriteType === "string" ? value.ReadWriteType : "All") as EventSelector["ReadWriteType"],
    IncludeManagementEvents: typeof include === "boolean" ? include : true,
    DataResources: (Array.isArray(value.DataResources) ? value.DataResources : []).filter(isRecord).map((d) => ({
      Type: String(d.Type),
      ...(Array.isArray(d.Values) ? { Values: d.Values.map(String) } : {}),
    })),
    ExcludeManagementEventSources: (Array.isArray(value.ExcludeManagementEventSources) ? value.ExcludeManagementEventSources : []).map(String),
  };
  return selector;
}

const OPERATORS = ["Equals", "StartsWith", "EndsWith", "NotEquals", "NotStartsWith", "NotEndsWith"] as const;

function toAdvancedSelector(value: unknown): unknown {
  if (value instanceof Unresolved) return value;
  if (!isRecord(value)) return new Unresolved(JSON.stringify(value), "not an advanced event selector");
  const unknown = firstUnresolved(value);
  if (unknown) return unknown;
  const selector: AdvancedEventSelector = {
    ...(typeof value.Name === "string" ? { Name: value.Name } : {}),
    FieldSelectors: (Array.isArray(value.FieldSelectors) ? value.FieldSelectors : []).filter(isRecord).map((fs) => {
      const out: AdvancedEventSelector["FieldSelectors"][number] = { Field: String(fs.Field) };
      for (const op of OPERATORS) {
        if (Array.isArray(fs[op]) && fs[op].length > 0) out[op] = (fs[op] as unknown[]).map(String);
      }
      return out;
    }),
  };
  return selector;
}
