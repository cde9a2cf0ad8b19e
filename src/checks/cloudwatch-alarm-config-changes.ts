// CIS AWS Foundations 4.9 / Security Hub CloudWatch.9: a metric filter and alarm for AWS Config
// configuration changes. Reference: the pattern of CIS AWS Foundations Benchmark v1.2.0 3.9 to
// v3.0.0 4.9 and of Security Hub's CloudWatch.9 documentation
// (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-9).
import { defineAlarmCheck } from "./lib/alarms/control.js";

export const check = defineAlarmCheck({
  id: "cloudwatch-alarm-config-changes",
  title: "An alarm fires on AWS Config configuration changes",
  severity: "medium",
  rationale:
    "AWS Config is the record of what every resource looked like and when; stopping the recorder or removing " +
    "the delivery channel erases that history from the moment it happens, which is why an intruder does it " +
    "before changing anything else.",
  cis: "4.9",
  cis12: "3.9",
  securityHub: "CloudWatch.9",
  events: "AWS Config configuration changes",
  needsRead: false,
  sources: ["config.amazonaws.com"],
  reference: {
    version: "CIS v1.2.0–v3.0.0 4.9 (3.9) / Security Hub CloudWatch.9",
    pattern: '{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)) }',
  },
  metricName: "AWSConfigChanges",
  resourceStem: "ConfigChanges",
});
