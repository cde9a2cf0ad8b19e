// CIS AWS Foundations 4.1 / Security Hub CloudWatch.2: a metric filter and alarm for unauthorized
// API calls. Reference: CIS AWS Foundations Benchmark v1.4.0–v3.0.0 recommendation 4.1, which
// narrows the pattern of v1.2.0 3.1 and of Security Hub's CloudWatch.2 documentation
// (`{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }`,
// https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-2) by
// leaving out the S3 server access log deliveries and HeadBucket probes. `&&` binds tighter than
// `||`, so those exclusions apply to the AccessDenied* branch only; the narrower (v1.4.0+) pattern
// is the one filters must cover, so a filter written to either version passes. Read and write
// calls both count: a denied Describe* is as telling as a denied Put*.
import { defineAlarmCheck } from "./lib/alarms/control.js";

export const check = defineAlarmCheck({
  id: "cloudwatch-alarm-unauthorized-api-calls",
  title: "An alarm fires on unauthorized API calls",
  severity: "medium",
  rationale:
    "A burst of AccessDenied and UnauthorizedOperation errors is how a stolen key's owner finds out what it " +
    "can do: reconnaissance shows up as denied calls long before a successful one. An alarm on them is often " +
    "the first sign of a leaked credential or of a role someone is probing.",
  cis: "4.1",
  cis12: "3.1",
  securityHub: "CloudWatch.2",
  events: "unauthorized API calls",
  needsRead: true,
  reference: {
    version: "CIS v1.4.0–v3.0.0 4.1",
    pattern: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
  },
  metricName: "UnauthorizedAPICalls",
  resourceStem: "UnauthorizedApiCalls",
});
