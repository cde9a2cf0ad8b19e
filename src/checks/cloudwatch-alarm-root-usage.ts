// CIS AWS Foundations 4.3 / Security Hub CloudWatch.1: a metric filter and alarm for uses of the
// root user. Reference: the pattern of CIS AWS Foundations Benchmark v1.4.0–v3.0.0 recommendation
// 4.3 and of Security Hub's CloudWatch.1 documentation
// (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-1):
// root identity, not invoked by an AWS service, not an AWS service event. Reads and writes both
// count: a root user listing resources is still the root user in use.
import { defineAlarmCheck } from "./lib/alarms/control.js";

export const check = defineAlarmCheck({
  id: "cloudwatch-alarm-root-usage",
  title: "An alarm fires on every use of the root user",
  severity: "high",
  rationale:
    "The root user can do everything, including closing the account, and no IAM policy limits it; day-to-day " +
    "work never needs it. A root sign-in or API call is either a rare, planned break-glass event or a " +
    "compromise, and either way someone should hear about it within minutes, not at the next audit.",
  cis: "4.3",
  cis12: "3.3",
  securityHub: "CloudWatch.1",
  events: "uses of the root user",
  needsRead: true,
  reference: {
    version: "CIS v1.4.0–v3.0.0 4.3 / Security Hub CloudWatch.1",
    pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  },
  metricName: "RootAccountUsage",
  resourceStem: "RootUsage",
});
