// Terraform plan mapping: aws_cloudwatch_log_group -> logGroup (DescribeLogGroups shape) and
// aws_cloudwatch_log_metric_filter -> metricFilters of the group it names or references.
import type { LogGroup, MetricTransformation } from "../../model/snapshot.js";
import { isRecord } from "../../util/records.js";
import { referenced, type PlanResource } from "./resources.js";
import { newMapped, propLocation, regionOf, unresolved, type PlanMapState, type Sourced } from "./state.js";
import { attr, knownString, subtreeUnknown, synthesizedName } from "./values.js";

export function mapLogGroup(s: PlanMapState, r: PlanResource): Sourced<LogGroup> {
  const region = regionOf(s, r);
  const name = knownString(r, "name") ?? synthesizedName(r, false);
  const m = newMapped<LogGroup>(r, { logGroupName: name, arn: `arn:${s.partition}:logs:${region}:${s.accountId}:log-group:${name}:*`, region, metricFilters: [] });
  const retention = attr(r, "retention_in_days");
  if (retention.unknown) unresolved(s, r, "logs", "DescribeLogGroups", m.value.arn, "retention_in_days");
  else if (typeof retention.value === "number" && retention.value > 0) m.value.retentionInDays = retention.value;
  const location = propLocation(s, r, "retention_in_days");
  if (location) m.parts["/retentionInDays"] = location;
  const key = knownString(r, "kms_key_id");
  if (key) m.value.kmsKeyId = key;
  return m;
}

export function attachMetricFilter(s: PlanMapState, r: PlanResource): void {
  const groupName = knownString(r, "log_group_name");
  let group = groupName !== undefined ? s.logGroups.find((g) => g.value.logGroupName === groupName) : undefined;
  if (!group) {
    const ref = referenced(s, r, "log_group_name", ["aws_cloudwatch_log_group"]);
    group = ref ? s.logGroups.find((g) => g.source === ref) : undefined;
  }
  if (!group) {
    s.unmapped.push({
      id: r.address,
      type: r.type,
      location: r.location,
      note: groupName !== undefined ? `log group ${groupName} is not defined in this plan` : "its log group cannot be decided from this file",
    });
    return;
  }
  const pattern = attr(r, "pattern");
  if (pattern.unknown) unresolved(s, r, "logs", "DescribeMetricFilters", group.value.arn, "pattern");
  if (!Array.isArray(group.value.metricFilters)) group.value.metricFilters = [];
  const filters = group.value.metricFilters;
  const index = filters.length;
  const transformations = attr(r, "metric_transformation").value;
  // A metric name, namespace, value or dimension known only after apply: the group's metric filters are unknown.
  if (subtreeUnknown(r, "metric_transformation")) unresolved(s, r, "logs", "DescribeMetricFilters", group.value.arn, "metric_transformation");
  filters.push({
    filterName: knownString(r, "name") ?? r.address,
    ...(typeof pattern.value === "string" ? { filterPattern: pattern.value } : {}),
    metricTransformations: (Array.isArray(transformations) ? transformations.filter(isRecord) : []).map(metricTransformation),
  });
  group.contributors.push({ id: r.address, type: r.type, location: r.location, part: `/metricFilters/${index}` });
  group.parts[`/metricFilters/${index}`] = r.location;
  const patternAt = propLocation(s, r, "pattern");
  if (patternAt) group.parts[`/metricFilters/${index}/filterPattern`] = patternAt;
}

/**
 * One metric_transformation block in the DescribeMetricFilters shape. The provider keeps
 * default_value as a string ("" or null when not set; one that is no number is passed as written,
 * for the snapshot schema to reject) and sets unit "None" when the configuration does not (kept:
 * it is what AWS holds); no dimensions (null or {}) is absent, as DescribeMetricFilters answers it.
 */
function metricTransformation(t: Record<string, unknown>): MetricTransformation {
  const out: MetricTransformation = { metricName: String(t.name ?? ""), metricNamespace: String(t.namespace ?? "") };
  if (t.value !== undefined && t.value !== null) out.metricValue = String(t.value);
  const defaultValue = t.default_value;
  if (typeof defaultValue === "number") out.defaultValue = defaultValue;
  else if (typeof defaultValue === "string" && defaultValue.trim() !== "") {
    const n = Number(defaultValue);
    out.defaultValue = (Number.isFinite(n) ? n : defaultValue) as number;
  }
  if (isRecord(t.dimensions)) {
    const dimensions = Object.entries(t.dimensions).filter(([, v]) => v !== null && v !== undefined);
    if (dimensions.length > 0) out.dimensions = Object.fromEntries(dimensions.map(([k, v]) => [k, String(v)]));
  }
  if (typeof t.unit === "string" && t.unit !== "") out.unit = t.unit;
  return out;
}
