// Terraform plan mapping: aws_cloudwatch_metric_alarm -> alarm (DescribeAlarms shape: dimensions
// map -> [{Name, Value}], metric_query -> Metrics; provider defaults: actions_enabled true,
// treat_missing_data missing); an action ARN unknown until apply is linked to the aws_sns_topic
// the configuration references, when the topic's name is known, and a metric_name unknown until
// apply to the name of the aws_cloudwatch_log_metric_filter whose id it is (metricOfFilter).
import type { MetricAlarm } from "../../model/snapshot.js";
import { isRecord, type Dict } from "../../util/records.js";
import type { Mapped } from "../iac-types.js";
import { resolveRefs, type PlanResource } from "./resources.js";
import { at, mirrorList, newMapped, propLocation, regionOf, unresolved, type PlanMapState } from "./state.js";
import { attr, knownString, placeholder, subtreeUnknown, synthesizedName } from "./values.js";

export function mapAlarm(s: PlanMapState, r: PlanResource): Mapped<MetricAlarm> {
  const region = regionOf(s, r);
  const name = knownString(r, "alarm_name") ?? synthesizedName(r, false);
  const arn = `arn:${s.partition}:cloudwatch:${region}:${s.accountId}:alarm:${name}`;
  const { source: _source, ...m } = newMapped<MetricAlarm>(r, { AlarmName: name, AlarmArn: arn });
  const alarm = m.value as unknown as Dict;
  const part = (pointer: string, attribute: string) => {
    const location = propLocation(s, r, attribute);
    if (location) m.parts[pointer] = location;
  };
  const fail = (attribute: string, why?: string) => unresolved(s, r, "cloudwatch", "DescribeAlarms", arn, attribute, why);
  part("/AlarmName", "alarm_name");

  // Informational only: a placeholder, never an error.
  const description = attr(r, "alarm_description");
  if (description.unknown) alarm.AlarmDescription = placeholder(r, "alarm_description");
  else if (typeof description.value === "string" && description.value !== "") alarm.AlarmDescription = description.value;
  part("/AlarmDescription", "alarm_description");

  const enabled = attr(r, "actions_enabled");
  if (enabled.unknown) fail("actions_enabled");
  alarm.ActionsEnabled = enabled.unknown ? false : typeof enabled.value === "boolean" ? enabled.value : true;
  part("/ActionsEnabled", "actions_enabled");

  for (const [field, attribute] of [
    ["OKActions", "ok_actions"],
    ["AlarmActions", "alarm_actions"],
    ["InsufficientDataActions", "insufficient_data_actions"],
  ] as const) {
    alarm[field] = actions(s, r, attribute, fail);
    part(`/${field}`, attribute);
    mirrorList(s, m.parts, `/${field}`, attr(r, attribute).value);
  }

  /** A string that decides what the alarm watches: a placeholder (or nothing, for an enum) and an error when unknown. */
  const text = (field: string, attribute: string, enumerated: boolean) => {
    const a = attr(r, attribute);
    if (a.unknown) {
      fail(attribute);
      if (!enumerated) alarm[field] = placeholder(r, attribute);
    } else if (typeof a.value === "string" && a.value !== "") {
      alarm[field] = a.value;
    } else {
      return;
    }
    part(`/${field}`, attribute);
  };
  /** A number; 0 is the provider's "not set" for the counts. */
  const number = (field: string, attribute: string, positive: boolean) => {
    const a = attr(r, attribute);
    if (a.unknown) fail(attribute);
    else if (typeof a.value === "number" && (!positive || a.value > 0)) alarm[field] = a.value;
    else return;
    part(`/${field}`, attribute);
  };
  const filterMetric = metricOfFilter(s, r);
  if (filterMetric !== undefined) {
    alarm.MetricName = filterMetric;
    part("/MetricName", "metric_name");
  } else {
    text("MetricName", "metric_name", false);
  }
  text("Namespace", "namespace", false);
  text("Statistic", "statistic", true);
  text("ExtendedStatistic", "extended_statistic", false);

  const dimensions = attr(r, "dimensions");
  const dimensionEntries: { Name: string; Value: string }[] = [];
  if (dimensions.unknown) fail("dimensions");
  else if (isRecord(dimensions.value)) {
    const open = Object.keys(isRecord(r.afterUnknown) && isRecord(r.afterUnknown.dimensions) ? r.afterUnknown.dimensions : {});
    const keys = [...new Set([...Object.keys(dimensions.value), ...open])];
    if (keys.some((key) => attr(r, "dimensions", key).unknown)) fail("dimensions", "has values unknown until apply (after_unknown)");
    for (const key of keys) {
      const value = attr(r, "dimensions", key);
      dimensionEntries.push({ Name: key, Value: value.unknown || typeof value.value !== "string" ? placeholder(r, `dimensions.${key}`) : value.value });
    }
    keys.forEach((key, i) => {
      const pos = s.positions.key(dimensions.value, key);
      if (pos) m.parts[`/Dimensions/${i}`] = at(s, pos);
    });
  }
  alarm.Dimensions = dimensionEntries;
  part("/Dimensions", "dimensions");

  const thresholdMetric = attr(r, "threshold_metric_id");
  const anomaly = !thresholdMetric.unknown && typeof thresholdMetric.value === "string" && thresholdMetric.value !== "";
  number("Period", "period", true);
  text("Unit", "unit", false);
  number("EvaluationPeriods", "evaluation_periods", true);
  number("DatapointsToAlarm", "datapoints_to_alarm", true);
  // An anomaly detection alarm compares with a band (ThresholdMetricId), not a Threshold.
  if (!anomaly) number("Threshold", "threshold", false);
  text("ComparisonOperator", "comparison_operator", true);
  text("TreatMissingData", "treat_missing_data", true);
  if (alarm.TreatMissingData === undefined && !attr(r, "treat_missing_data").unknown) alarm.TreatMissingData = "missing";
  // Used only by percentile alarms (ExtendedStatistic): for any other, an unknown value (the
  // provider computes it when the configuration passes null) decides nothing and is left out.
  const percentile = attr(r, "extended_statistic");
  const byPercentile = percentile.unknown || (typeof percentile.value === "string" && percentile.value !== "");
  if (byPercentile || !attr(r, "evaluate_low_sample_count_percentiles").unknown) text("EvaluateLowSampleCountPercentile", "evaluate_low_sample_count_percentiles", false);

  const queries = attr(r, "metric_query");
  if (subtreeUnknown(r, "metric_query")) fail("metric_query", "has values unknown until apply (after_unknown)");
  if (Array.isArray(queries.value) && queries.value.length > 0) {
    alarm.Metrics = queries.value.filter(isRecord).map((q, i) => toMetricDataQuery(r, q, i));
    part("/Metrics", "metric_query");
    mirrorList(s, m.parts, "/Metrics", queries.value);
  }
  text("ThresholdMetricId", "threshold_metric_id", false);
  alarm.region = region;
  return m;
}

/**
 * The metric name of an alarm whose metric_name is unknown until apply because it is a metric
 * filter's id (`metric_name = aws_cloudwatch_log_metric_filter.this[each.key].id`, as
 * terraform-aws-modules/cloudwatch's cis-alarms module writes it): the provider sets that id to the
 * filter's name, known in the plan. Taken only when the expression references exactly one filter
 * instance (the alarm's own for_each/count key among several) whose name is known, and nothing else
 * that could be unknown; otherwise undefined (the name stays unknown, with its error).
 */
function metricOfFilter(s: PlanMapState, r: PlanResource): string | undefined {
  if (!attr(r, "metric_name").unknown) return undefined;
  const expression = r.expressions.metric_name;
  const refs = isRecord(expression) && Array.isArray(expression.references) ? expression.references.filter((ref): ref is string => typeof ref === "string") : [];
  const resourceRefs = refs.filter((ref) => !/^(each|count)\./.test(ref));
  if (resourceRefs.length === 0 || resourceRefs.some((ref) => !ref.startsWith("aws_cloudwatch_log_metric_filter."))) return undefined;
  let filters = [...new Set(resolveRefs(s, r.parts.prefix, r.parts.modules, resourceRefs))];
  if (filters.length > 1) {
    // The alarm's own instance key: `aws_cloudwatch_log_metric_filter.this[each.key]`.
    const key = /\[[^\]]*\]$/.exec(r.address)?.[0];
    filters = key !== undefined && refs.some((ref) => ref === "each.key" || ref === "count.index") ? filters.filter((f) => f.address.endsWith(key)) : [];
  }
  return filters.length === 1 ? knownString(filters[0]!, "name") : undefined;
}

/**
 * An action list: known ARNs as they are; an ARN unknown until apply is the ARN of the
 * aws_sns_topic the configuration references when the topic's name is known, else a placeholder
 * with an error (the action exists; what it notifies is open).
 */
function actions(s: PlanMapState, r: PlanResource, attribute: string, fail: (attribute: string, why?: string) => void): string[] {
  const list = attr(r, attribute);
  if (list.unknown) {
    fail(attribute);
    return [];
  }
  if (!Array.isArray(list.value)) return [];
  const openIndexes = list.value.map((_v, i) => i).filter((i) => attr(r, attribute, i).unknown);
  const expression = r.expressions[attribute];
  const refs = isRecord(expression) && Array.isArray(expression.references) ? expression.references : [];
  const topics = [...new Set(refs.flatMap((ref) => resolveRefs(s, r.parts.prefix, r.parts.modules, [ref])).filter((t) => t.type === "aws_sns_topic"))];
  const topicArns = topics.map((t) => {
    const topicName = knownString(t, "name");
    return topicName !== undefined ? `arn:${s.partition}:sns:${regionOf(s, t)}:${s.accountId}:${topicName}` : undefined;
  });
  const linked = topicArns.length === openIndexes.length && topicArns.every((a) => a !== undefined) ? (topicArns as string[]) : undefined;
  if (openIndexes.length > 0 && !linked) fail(attribute, "has values unknown until apply (after_unknown)");
  return list.value.flatMap((value, i) => {
    const open = openIndexes.indexOf(i);
    if (open >= 0) return [linked ? linked[open]! : placeholder(r, `${attribute}[${i}]`)];
    return typeof value === "string" ? [value] : [];
  });
}

/** A metric_query block -> MetricDataQuery (unknown values as placeholders; the caller records the error). */
function toMetricDataQuery(r: PlanResource, q: Dict, index: number): { Id: string } & Dict {
  const open = (...path: (string | number)[]) => attr(r, "metric_query", index, ...path).unknown;
  const str = (value: unknown, ...path: (string | number)[]): string | undefined =>
    open(...path)
      ? placeholder(r, `metric_query[${index}]${path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("")}`)
      : typeof value === "string" && value !== ""
        ? value
        : undefined;
  const out: { Id: string } & Dict = { Id: str(q.id, "id") ?? "" };
  const optional = (field: string, value: unknown) => {
    if (value !== undefined) out[field] = value;
  };
  optional("Expression", str(q.expression, "expression"));
  optional("Label", str(q.label, "label"));
  optional("AccountId", str(q.account_id, "account_id"));
  if (typeof q.period === "number" && q.period > 0) out.Period = q.period;
  if (typeof q.return_data === "boolean") out.ReturnData = q.return_data;
  const metric = Array.isArray(q.metric) && isRecord(q.metric[0]) ? q.metric[0] : undefined;
  if (metric) {
    const dims = isRecord(metric.dimensions) ? metric.dimensions : {};
    const stat: Dict = {
      Metric: {
        ...(str(metric.namespace, "metric", 0, "namespace") !== undefined ? { Namespace: str(metric.namespace, "metric", 0, "namespace") } : {}),
        ...(str(metric.metric_name, "metric", 0, "metric_name") !== undefined ? { MetricName: str(metric.metric_name, "metric", 0, "metric_name") } : {}),
        Dimensions: Object.keys(dims).map((key) => ({ Name: key, Value: str(dims[key], "metric", 0, "dimensions", key) ?? "" })),
      },
    };
    if (typeof metric.period === "number" && metric.period > 0) stat.Period = metric.period;
    const statistic = str(metric.stat, "metric", 0, "stat");
    if (statistic !== undefined) stat.Stat = statistic;
    const unit = str(metric.unit, "metric", 0, "unit");
    if (unit !== undefined) stat.Unit = unit;
    out.MetricStat = stat;
  }
  return out;
}
