// CIS AWS Foundations 4.7 / Security Hub CloudWatch.7: a metric filter and alarm for customer
// managed keys that are disabled or scheduled for deletion. Reference: the pattern of CIS AWS
// Foundations Benchmark v1.2.0 3.7 to v3.0.0 4.7 and of Security Hub's CloudWatch.7 documentation
// (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-7).
// A trail whose selectors exclude kms.amazonaws.com management events (ExcludeManagementEventSources,
// a cost option CloudTrail offers) records none of these events, so it cannot feed the filter.
import { defineAlarmCheck } from "./lib/alarms/control.js";

export const check = defineAlarmCheck({
  id: "cloudwatch-alarm-cmk-disable-or-deletion",
  title: "An alarm fires when a customer managed KMS key is disabled or scheduled for deletion",
  severity: "medium",
  rationale:
    "Data encrypted under a key that is deleted is gone for good; a disabled key stops every service that " +
    "needs it. Both are also a ransom technique. The waiting period of a scheduled deletion is only useful if " +
    "someone learns about it in time to cancel.",
  cis: "4.7",
  cis12: "3.7",
  securityHub: "CloudWatch.7",
  events: "disabled or deleted customer managed keys",
  needsRead: false,
  sources: ["kms.amazonaws.com"],
  reference: {
    version: "CIS v1.2.0–v3.0.0 4.7 (3.7) / Security Hub CloudWatch.7",
    pattern: '{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }',
  },
  metricName: "DisableOrDeleteCMK",
  resourceStem: "CmkDisableOrDeletion",
});
