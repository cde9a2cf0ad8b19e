// CIS AWS Foundations 4.5 / Security Hub CloudWatch.5: a metric filter and alarm for CloudTrail
// configuration changes. Reference: the pattern of CIS AWS Foundations Benchmark v1.2.0 3.5 to
// v3.0.0 4.5 and of Security Hub's CloudWatch.5 documentation
// (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-5).
// The published pattern names no event source; the reference adds `$.eventSource = cloudtrail.amazonaws.com`,
// the only source of these event names, so a filter written either way passes.
import { defineAlarmCheck } from "./lib/alarms/control.js";

export const check = defineAlarmCheck({
  id: "cloudwatch-alarm-cloudtrail-changes",
  title: "An alarm fires on CloudTrail configuration changes",
  severity: "high",
  rationale:
    "Stopping or redirecting the trail is the first thing a careful intruder does, because it blinds " +
    "everything else. StopLogging, DeleteTrail or an UpdateTrail that drops regions or moves the bucket must " +
    "reach a person before the gap matters.",
  cis: "4.5",
  cis12: "3.5",
  securityHub: "CloudWatch.5",
  events: "CloudTrail configuration changes",
  needsRead: false,
  sources: ["cloudtrail.amazonaws.com"],
  reference: {
    version: "CIS v1.2.0–v3.0.0 4.5 (3.5) / Security Hub CloudWatch.5, restricted to cloudtrail.amazonaws.com",
    pattern: '{ ($.eventSource = cloudtrail.amazonaws.com) && (($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging)) }',
  },
  metricName: "CloudTrailChanges",
  resourceStem: "CloudTrailChanges",
});
