// CloudWatch: the metric alarms of a region where a trail's CloudWatch Logs group lives, read once per
// account and region, in the account that owns the group (its metric filters publish their metrics
// there): cloudwatch:DescribeAlarms (AlarmTypes MetricAlarm), every page. The alarm's AlarmActions
// name the SNS topics read next (sns.ts).
import { DescribeAlarmsCommand, type DescribeAlarmsCommandOutput } from "@aws-sdk/client-cloudwatch";
import { bool, list, num, oneOf, shape, str, time } from "./normalize.js";
import { pick } from "./shape.js";
import type { MetricAlarm, Target } from "./target.js";

/** The MetricAlarm fields the snapshot keeps (schemas/snapshot.schema.json metricAlarm), in its order. */
export const ALARM_FIELDS = [
  "AlarmName",
  "AlarmArn",
  "AlarmDescription",
  "AlarmConfigurationUpdatedTimestamp",
  "ActionsEnabled",
  "OKActions",
  "AlarmActions",
  "InsufficientDataActions",
  "StateValue",
  "StateReason",
  "StateReasonData",
  "StateUpdatedTimestamp",
  "MetricName",
  "Namespace",
  "Statistic",
  "ExtendedStatistic",
  "Dimensions",
  "Period",
  "Unit",
  "EvaluationPeriods",
  "DatapointsToAlarm",
  "Threshold",
  "ComparisonOperator",
  "TreatMissingData",
  "EvaluateLowSampleCountPercentile",
  "Metrics",
  "ThresholdMetricId",
  "EvaluationState",
  "StateTransitionedTimestamp",
] as const;

/** What DescribeAlarms answers (normalize.ts): anything else fails the listing, and the account's alarms are unknown. */
const ALARM = shape(
  {
    AlarmName: str,
    AlarmArn: str,
    AlarmDescription: str,
    AlarmConfigurationUpdatedTimestamp: time,
    ActionsEnabled: bool,
    OKActions: list(str),
    AlarmActions: list(str),
    InsufficientDataActions: list(str),
    StateValue: oneOf("OK", "ALARM", "INSUFFICIENT_DATA"),
    StateReason: str,
    StateReasonData: str,
    StateUpdatedTimestamp: time,
    MetricName: str,
    Namespace: str,
    Statistic: oneOf("SampleCount", "Average", "Sum", "Minimum", "Maximum"),
    ExtendedStatistic: str,
    Dimensions: list(shape({ Name: str, Value: str }, ["Name", "Value"])),
    Period: num,
    Unit: str,
    EvaluationPeriods: num,
    DatapointsToAlarm: num,
    Threshold: num,
    ComparisonOperator: oneOf(
      "GreaterThanOrEqualToThreshold",
      "GreaterThanThreshold",
      "LessThanThreshold",
      "LessThanOrEqualToThreshold",
      "LessThanLowerOrGreaterThanUpperThreshold",
      "LessThanLowerThreshold",
      "GreaterThanUpperThreshold",
    ),
    TreatMissingData: oneOf("breaching", "notBreaching", "ignore", "missing"),
    EvaluateLowSampleCountPercentile: str,
    Metrics: list(shape({ Id: str }, ["Id"])),
    ThresholdMetricId: str,
    EvaluationState: str,
    StateTransitionedTimestamp: time,
  },
  ["AlarmName"],
);

/** Reads the metric alarms of one region into target.alarms; a failed listing is a collection error (model/derive.ts: alarms unknown). */
export async function readAlarms(target: Target, region: string): Promise<void> {
  const listed = await target.session.paginate<DescribeAlarmsCommandOutput, Record<string, unknown>>(
    "cloudwatch",
    (NextToken) => new DescribeAlarmsCommand({ AlarmTypes: ["MetricAlarm"], ...(NextToken ? { NextToken } : {}) }),
    (page) => ({ items: page.MetricAlarms as Record<string, unknown>[] | undefined, next: page.NextToken }),
    { region, list: { name: "MetricAlarms", item: ALARM } },
  );
  if (!listed) return;
  (target.alarms ??= []).push(...listed.map((a) => ({ ...pick<MetricAlarm>(a, ALARM_FIELDS), region })));
}

/** Every action of the account's alarms, for the SNS reads (sns.ts topicsToRead). */
export function alarmActions(target: Target): string[] {
  return (target.alarms ?? []).flatMap((a) => a.AlarmActions ?? []);
}
