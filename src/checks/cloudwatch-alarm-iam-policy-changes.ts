// CIS AWS Foundations 4.4 / Security Hub CloudWatch.4: a metric filter and alarm for IAM policy
// changes. Reference: the sixteen event names of CIS AWS Foundations Benchmark v1.2.0 3.4 to v3.0.0
// 4.4, restricted to `$.eventSource = iam.amazonaws.com` as Security Hub's current CloudWatch.4
// documentation writes it
// (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-4):
// CreatePolicy, DeletePolicy and their kin are event names of AWS Organizations and IoT as well,
// which are not IAM policy changes. The CIS pattern matches more, so a filter written to it passes;
// one restricted to IAM passes too.
import { defineAlarmCheck } from "./lib/alarms/control.js";

export const check = defineAlarmCheck({
  id: "cloudwatch-alarm-iam-policy-changes",
  title: "An alarm fires on IAM policy changes",
  severity: "medium",
  rationale:
    "Attaching a policy is how a foothold becomes an administrator: an attacker with iam:PutRolePolicy or " +
    "AttachUserPolicy grants itself whatever it lacks. Changes to IAM policies are rare outside planned " +
    "deployments, so each one is worth a notification.",
  cis: "4.4",
  cis12: "3.4",
  securityHub: "CloudWatch.4",
  events: "IAM policy changes",
  needsRead: false,
  sources: ["iam.amazonaws.com"],
  reference: {
    version: "CIS v1.2.0–v3.0.0 4.4 (3.4) / Security Hub CloudWatch.4 (with eventSource iam.amazonaws.com)",
    pattern: '{ ($.eventSource = iam.amazonaws.com) && (($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) || ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || ($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) || ($.eventName = DeletePolicyVersion) || ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || ($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy)) }',
  },
  metricName: "IAMPolicyChanges",
  resourceStem: "IamPolicyChanges",
});
