// CloudFormation mapping: AWS::Logs::LogGroup -> logGroup (DescribeLogGroups shape) and
// AWS::Logs::MetricFilter -> metricFilters of the group it names.
import type { LogGroup, MetricTransformation } from "../../model/snapshot.js";
import { isRecord } from "../../util/records.js";
import type { Mapped } from "../iac-types.js";
import { Unresolved } from "./intrinsics.js";
import { cdk, newMapped, propAt, unresolvedError, type CfnMapState, type CfnResource } from "./state.js";
import { toInt, toList, toNumber, toStr } from "./values.js";

export function mapLogGroup(s: CfnMapState, r: CfnResource): Mapped<LogGroup> {
  const nameValue = s.nameOf(r.id);
  const name = typeof nameValue === "string" ? nameValue : r.id;
  const m = newMapped<LogGroup>(r, { logGroupName: name, arn: s.arns.logGroup(name), region: s.region, metricFilters: [] });
  if ("LogGroupName" in r.rawProps) m.parts["/logGroupName"] = propAt(s, r, "LogGroupName");
  const retention = toInt(r.props.RetentionInDays);
  if (retention instanceof Unresolved) unresolvedError(s, r, "logs", "DescribeLogGroups", m.value.arn, "RetentionInDays", retention);
  else if (retention !== undefined) m.value.retentionInDays = retention;
  if ("RetentionInDays" in r.rawProps) m.parts["/retentionInDays"] = propAt(s, r, "RetentionInDays");
  const key = toStr(r.props.KmsKeyId);
  if (key !== undefined) m.value.kmsKeyId = key instanceof Unresolved ? key.placeholder : key;
  return m;
}

export function attachMetricFilter(s: CfnMapState, r: CfnResource): void {
  const groupName = toStr(r.props.LogGroupName);
  const group = typeof groupName === "string" ? s.logGroups.find((g) => g.value.logGroupName === groupName) : undefined;
  if (!group) {
    s.unmapped.push({
      id: r.id,
      type: r.type,
      location: r.location,
      note:
        groupName instanceof Unresolved
          ? `its log group (${groupName.expr}) cannot be decided from this file`
          : `log group ${String(groupName)} is not defined in this file`,
      ...cdk(r),
    });
    return;
  }
  if (!Array.isArray(group.value.metricFilters)) group.value.metricFilters = [];
  const filters = group.value.metricFilters;
  const filterName = toStr(r.props.FilterName);
  const pattern = toStr(r.props.FilterPattern);
  // One error per property the file leaves open: the group's metric filters are then unknown (a
  // filter without its pattern would read as the empty pattern, which matches every event).
  const failed = new Set<string>();
  const fail = (prop: string, u: Unresolved) => {
    if (failed.has(prop)) return;
    failed.add(prop);
    unresolvedError(s, r, "logs", "DescribeMetricFilters", group.value.arn, prop, u);
  };
  if (pattern instanceof Unresolved) fail("FilterPattern", pattern);
  const transformations = toList(r.props.MetricTransformations);
  if (transformations instanceof Unresolved) fail("MetricTransformations", transformations);
  const index = filters.length;
  filters.push({
    filterName: typeof filterName === "string" ? filterName : r.id,
    ...(typeof pattern === "string" ? { filterPattern: pattern } : {}),
    metricTransformations: (Array.isArray(transformations) ? transformations : []).filter(isRecord).map((mt) => metricTransformation(mt, (u) => fail("MetricTransformations", u))),
  });
  group.contributors.push({ id: r.id, type: r.type, location: r.location, part: `/metricFilters/${index}`, ...cdk(r) });
  group.parts[`/metricFilters/${index}`] = r.location;
  if ("FilterPattern" in r.rawProps) group.parts[`/metricFilters/${index}/filterPattern`] = propAt(s, r, "FilterPattern");
}

/**
 * One MetricTransformations entry in the DescribeMetricFilters shape: Dimensions [{ Key, Value }]
 * become the API's map. A value the file leaves open keeps its placeholder and calls `open`.
 */
function metricTransformation(mt: Record<string, unknown>, open: (u: Unresolved) => void): MetricTransformation {
  const text = (value: unknown): string | undefined => {
    const v = toStr(value);
    if (v instanceof Unresolved) {
      open(v);
      return v.placeholder;
    }
    return v;
  };
  const out: MetricTransformation = { metricName: text(mt.MetricName) ?? "", metricNamespace: text(mt.MetricNamespace) ?? "" };
  const value = text(mt.MetricValue);
  if (value !== undefined) out.metricValue = value;
  const defaultValue = toNumber(mt.DefaultValue);
  if (defaultValue instanceof Unresolved) open(defaultValue);
  // Passed as written otherwise: a value that is no number fails the snapshot schema, at this field.
  else if (defaultValue !== undefined) out.defaultValue = defaultValue as number;
  const dimensions = toList(mt.Dimensions);
  if (dimensions instanceof Unresolved) open(dimensions);
  else if (dimensions !== undefined) {
    const map: Record<string, string> = {};
    for (const d of dimensions) {
      if (!isRecord(d)) continue;
      const key = text(d.Key);
      if (key !== undefined) map[key] = text(d.Value) ?? "";
    }
    // None (an empty list) is absent, as DescribeMetricFilters answers it.
    if (Object.keys(map).length > 0) out.dimensions = map;
  }
  const unit = text(mt.Unit);
  if (unit !== undefined) out.unit = unit;
  return out;
}
