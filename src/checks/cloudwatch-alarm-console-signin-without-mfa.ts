// CIS AWS Foundations 4.2 / Security Hub CloudWatch.3: a metric filter and alarm for console
// sign-ins without MFA. Reference: the pattern for successful sign-ins of IAM users, which CIS AWS
// Foundations Benchmark v1.5.0–v3.0.0 4.2 gives for accounts that use SSO (federated sign-ins
// carry no meaningful MFAUsed, and failed ones are 4.6's) and Security Hub's CloudWatch.3
// documentation gives as its pattern
// (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-3);
// CIS v1.2.0–v1.4.0 had only `{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed !=
// "Yes") }`, which matches more, so a filter written to either passes. The reference also names the
// event source, `$.eventSource = signin.amazonaws.com`, the only source of ConsoleLogin. Sign-in
// events are recorded as management events; read and write are both required, as CIS asks.
import { defineAlarmCheck } from "./lib/alarms/control.js";

export const check = defineAlarmCheck({
  id: "cloudwatch-alarm-console-signin-without-mfa",
  title: "An alarm fires on console sign-ins without MFA",
  severity: "medium",
  rationale:
    "A password alone is what phishing and credential stuffing obtain. A successful console sign-in of an IAM " +
    "user without MFA means either a user who was never enrolled or a second factor that was removed; both " +
    "deserve a look the same day.",
  cis: "4.2",
  cis12: "3.2",
  securityHub: "CloudWatch.3",
  events: "console sign-ins without MFA",
  needsRead: true,
  sources: ["signin.amazonaws.com"],
  reference: {
    version: "CIS v1.5.0–v3.0.0 4.2 (IAM users) / Security Hub CloudWatch.3, restricted to signin.amazonaws.com",
    pattern: '{ ($.eventSource = signin.amazonaws.com) && (($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success")) }',
    // ConsoleLogin is both controls' event: a filter is this control's when it tests $.additionalEventData.MFAUsed.
    signature: ["$.additionalEventData.MFAUsed"],
  },
  metricName: "ConsoleSigninWithoutMFA",
  resourceStem: "ConsoleSigninWithoutMfa",
});
