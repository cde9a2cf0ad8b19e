// CIS AWS Foundations 4.15: a metric filter and alarm for AWS Organizations changes (no Security Hub
// control). Reference: the pattern of CIS AWS Foundations Benchmark v1.4.0–v3.0.0 recommendation
// 4.15. Organizations events are recorded in the management account (and reach members only
// through an organization trail's log group there).
import { defineAlarmCheck } from "./lib/alarms/control.js";

export const check = defineAlarmCheck({
  id: "cloudwatch-alarm-organizations-changes",
  title: "An alarm fires on AWS Organizations changes",
  severity: "medium",
  rationale:
    "Organizations changes move accounts out of reach of the organization's guardrails: a detached SCP, an " +
    "account that leaves, a new account created outside the usual process. They happen in the management " +
    "account and affect every member.",
  cis: "4.15",
  events: "AWS Organizations changes",
  needsRead: false,
  sources: ["organizations.amazonaws.com"],
  reference: {
    version: "CIS v1.4.0–v3.0.0 4.15",
    pattern: '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = AcceptHandshake) || ($.eventName = AttachPolicy) || ($.eventName = CreateAccount) || ($.eventName = CreateOrganizationalUnit) || ($.eventName = CreatePolicy) || ($.eventName = DeclineHandshake) || ($.eventName = DeleteOrganization) || ($.eventName = DeleteOrganizationalUnit) || ($.eventName = DeletePolicy) || ($.eventName = DetachPolicy) || ($.eventName = DisablePolicyType) || ($.eventName = EnablePolicyType) || ($.eventName = InviteAccountToOrganization) || ($.eventName = LeaveOrganization) || ($.eventName = MoveAccount) || ($.eventName = RemoveAccountFromOrganization) || ($.eventName = UpdatePolicy) || ($.eventName = UpdateOrganizationalUnit)) }',
  },
  metricName: "OrganizationsChanges",
  resourceStem: "OrganizationsChanges",
});
