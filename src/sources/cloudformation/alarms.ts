// CloudFormation mapping: AWS::CloudWatch::Alarm -> alarm (DescribeAlarms MetricAlarms shape; the
// properties have the API's names; AWS's defaults for what is left out).
import type { MetricAlarm } from "../../model/snapshot.js";
import { isRecord, type Dict } from "../../util/records.js";
import type { Mapped } from "../iac-types.js";
import { firstUnresolved, Unresolved } from "./intrinsics.js";
import { mirror, newMapped, propAt, unresolvedError, type CfnMapState, type CfnResource } from "./state.js";
import { toBool, toList, toNumber, toStr, withPlaceholders } from "./values.js";

export function mapAlarm(s: CfnMapState, r: CfnResource): Mapped<MetricAlarm> {
  const p = r.props;
  const nameValue = s.nameOf(r.id);
  const name = typeof nameValue === "string" ? nameValue : `${s.stackName}-${r.id}`;
  const arn = s.arns.alarm(name);
  const m = newMapped<MetricAlarm>(r, { AlarmName: name, AlarmArn: arn });
  const alarm = m.value as unknown as Dict;
  const part = (pointer: string, prop: string) => {
    if (prop in r.rawProps) m.parts[pointer] = propAt(s, r, prop);
  };
  // One error per property the file leaves open; the engine turns the dependent FAILs into ERROR.
  const failed = new Set<string>();
  const fail = (prop: string, u: Unresolved) => {
    if (failed.has(prop)) return;
    failed.add(prop);
    unresolvedError(s, r, "cloudwatch", "DescribeAlarms", arn, prop, u);
  };
  part("/AlarmName", "AlarmName");

  // Informational only: a placeholder, never an error.
  const description = toStr(p.AlarmDescription);
  if (description !== undefined) alarm.AlarmDescription = description instanceof Unresolved ? description.placeholder : description;
  part("/AlarmDescription", "AlarmDescription");

  const enabled = toBool(p.ActionsEnabled);
  if (enabled instanceof Unresolved) fail("ActionsEnabled", enabled);
  alarm.ActionsEnabled = enabled instanceof Unresolved ? false : (enabled ?? true);
  part("/ActionsEnabled", "ActionsEnabled");

  // An action the file cannot name (an import, a parameter without default) still exists: it keeps
  // a placeholder (unless it may be absent) and an error, so no check reads it as a verdict.
  for (const prop of ["OKActions", "AlarmActions", "InsufficientDataActions"]) {
    const list = toList(p[prop]);
    const actions: string[] = [];
    if (list instanceof Unresolved) fail(prop, list);
    for (const item of Array.isArray(list) ? list : []) {
      const action = toStr(item);
      if (action instanceof Unresolved) {
        fail(prop, action);
        if (!action.mayBeAbsent) actions.push(action.placeholder);
      } else if (action !== undefined) {
        actions.push(action);
      }
    }
    alarm[prop] = actions;
    part(`/${prop}`, prop);
    mirror(s, m.parts, `/${prop}`, r.rawProps[prop]);
  }

  /** A string that decides what the alarm watches: a placeholder (or nothing, for an enum) and an error when open. */
  const text = (prop: string, enumerated: boolean) => {
    const v = toStr(p[prop]);
    if (v === undefined) return;
    if (v instanceof Unresolved) {
      fail(prop, v);
      if (enumerated || v.mayBeAbsent) return;
      alarm[prop] = v.placeholder;
    } else {
      // Passed as written: a value AWS does not accept fails the snapshot schema, at this property.
      alarm[prop] = v;
    }
    part(`/${prop}`, prop);
  };
  const number = (prop: string) => {
    const v = toNumber(p[prop]);
    if (v === undefined) return;
    if (v instanceof Unresolved) fail(prop, v);
    else alarm[prop] = v;
    part(`/${prop}`, prop);
  };
  text("MetricName", false);
  text("Namespace", false);
  text("Statistic", true);
  text("ExtendedStatistic", false);

  const dimensions = toList(p.Dimensions);
  if (dimensions instanceof Unresolved) fail("Dimensions", dimensions);
  alarm.Dimensions = (Array.isArray(dimensions) ? dimensions : []).map((d) => {
    if (!isRecord(d)) return d;
    const [dimName, dimValue] = [toStr(d.Name), toStr(d.Value)];
    const open = [dimName, dimValue].find((v): v is Unresolved => v instanceof Unresolved);
    if (open) fail("Dimensions", open);
    const settle = (v: string | Unresolved | undefined) => (v instanceof Unresolved ? v.placeholder : v);
    return { Name: settle(dimName), Value: settle(dimValue) };
  });
  part("/Dimensions", "Dimensions");
  mirror(s, m.parts, "/Dimensions", r.rawProps.Dimensions);

  number("Period");
  text("Unit", false);
  number("EvaluationPeriods");
  number("DatapointsToAlarm");
  number("Threshold");
  text("ComparisonOperator", true);
  text("TreatMissingData", true);
  if (toStr(p.TreatMissingData) === undefined) alarm.TreatMissingData = "missing";
  text("EvaluateLowSampleCountPercentile", false);

  const metrics = toList(p.Metrics);
  if (metrics instanceof Unresolved) fail("Metrics", metrics);
  else if (metrics !== undefined) {
    const open = firstUnresolved(metrics);
    if (open) fail("Metrics", open);
    alarm.Metrics = withPlaceholders(metrics);
    part("/Metrics", "Metrics");
    mirror(s, m.parts, "/Metrics", r.rawProps.Metrics);
  }
  text("ThresholdMetricId", false);
  alarm.region = s.region;
  return m;
}
