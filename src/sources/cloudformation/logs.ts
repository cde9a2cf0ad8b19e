// CloudFormation mapping: AWS::Logs::LogGroup -> logGroup (DescribeLogGroups shape) and
// AWS::Logs::MetricFilter -> metricFilters of the group it names.
import type { LogGroup } from "../../model/snapshot.js";
import { isRecord } from "../../util/records.js";
import type { Mapped } from "../iac-types.js";
import { Unresolved } from "./intrinsics.js";
import { cdk, newMapped, propAt, unresolvedError, type CfnMapState, type CfnResource } from "./state.js";
import { toInt, toList, toStr } from "./values.js";

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
  const transformations = toList(r.props.MetricTransformations);
  if (pattern instanceof Unresolved) unresolvedError(s, r, "logs", "DescribeMetricFilters", group.value.arn, "FilterPattern", pattern);
  const index = filters.length;
  filters.push({
    filterName: typeof filterName === "string" ? filterName : r.id,
    ...(typeof pattern === "string" ? { filterPattern: pattern } : {}),
    metricTransformations: (Array.isArray(transformations) ? transformations : []).filter(isRecord).map((mt) => ({
      metricName: String(toStr(mt.MetricName) ?? ""),
      metricNamespace: String(toStr(mt.MetricNamespace) ?? ""),
      ...(mt.MetricValue !== undefined ? { metricValue: String(toStr(mt.MetricValue)) } : {}),
    })),
  });
  group.contributors.push({ id: r.id, type: r.type, location: r.location, part: `/metricFilters/${index}`, ...cdk(r) });
  group.parts[`/metricFilters/${index}`] = r.location;
  if ("FilterPattern" in r.rawProps) group.parts[`/metricFilters/${index}/filterPattern`] = propAt(s, r, "FilterPattern");
}
