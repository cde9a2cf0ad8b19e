// CIS AWS Foundations 4.6 / Security Hub CloudWatch.6: a metric filter and alarm for failed console
// sign-ins. Reference: the pattern of CIS AWS Foundations Benchmark v1.2.0 3.6 to v3.0.0 4.6 and of
// Security Hub's CloudWatch.6 documentation
// (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-6).
// Sign-in events are management events; read and write are both required, as CIS asks.
// The published pattern names no event source; the reference adds `$.eventSource = signin.amazonaws.com`,
// the only source of these event names, so a filter written either way passes.
import { defineAlarmCheck } from "./lib/alarms/control.js";

export const check = defineAlarmCheck({
  id: "cloudwatch-alarm-console-auth-failures",
  title: "An alarm fires on failed console sign-ins",
  severity: "low",
  rationale:
    "Repeated failed console sign-ins are password guessing in progress, or a user locked out of the account; " +
    "both are cheaper to handle early. The alarm gives the time and source of attempts that otherwise sit " +
    "unread in the log.",
  cis: "4.6",
  cis12: "3.6",
  securityHub: "CloudWatch.6",
  events: "failed console sign-ins",
  needsRead: true,
  sources: ["signin.amazonaws.com"],
  reference: {
    version: "CIS v1.2.0–v3.0.0 4.6 (3.6) / Security Hub CloudWatch.6, restricted to signin.amazonaws.com",
    pattern: '{ ($.eventSource = signin.amazonaws.com) && (($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication")) }',
    // ConsoleLogin is both controls' event: a filter is this control's when it tests $.errorMessage.
    signature: ["$.errorMessage"],
  },
  metricName: "ConsoleSigninFailures",
  resourceStem: "ConsoleAuthFailures",
});
