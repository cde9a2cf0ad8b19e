// CIS AWS Foundations 4.10 / Security Hub CloudWatch.10: a metric filter and alarm for security group
// changes. Reference: the pattern of CIS AWS Foundations Benchmark v1.2.0 3.10 to v3.0.0 4.10 and
// of Security Hub's CloudWatch.10 documentation
// (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-10).
// The published pattern names no event source; the reference adds `$.eventSource = ec2.amazonaws.com`,
// the only source of these event names, so a filter written either way passes.
import { defineAlarmCheck } from "./lib/alarms/control.js";

export const check = defineAlarmCheck({
  id: "cloudwatch-alarm-security-group-changes",
  title: "An alarm fires on security group changes",
  severity: "medium",
  rationale:
    "Opening a port to 0.0.0.0/0 is a single AuthorizeSecurityGroupIngress call, and it exposes whatever runs " +
    "behind the group. Security group changes outside a deployment pipeline are a classic sign of someone " +
    "making a way in or out.",
  cis: "4.10",
  cis12: "3.10",
  securityHub: "CloudWatch.10",
  events: "security group changes",
  needsRead: false,
  sources: ["ec2.amazonaws.com"],
  reference: {
    version: "CIS v1.2.0–v3.0.0 4.10 (3.10) / Security Hub CloudWatch.10, restricted to ec2.amazonaws.com",
    pattern: '{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup)) }',
  },
  metricName: "SecurityGroupChanges",
  resourceStem: "SecurityGroupChanges",
});
