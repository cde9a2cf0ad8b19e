// CIS AWS Foundations 4.13 / Security Hub CloudWatch.13: a metric filter and alarm for route table
// changes. Reference: CIS AWS Foundations Benchmark v3.0.0 recommendation 4.13, as it is meant. Its
// text `{($.eventSource = ec2.amazonaws.com) && ($.eventName = CreateRoute) || ($.eventName =
// CreateRouteTable) || ...}` reads, with `&&` binding tighter, as `(ec2 && CreateRoute) ||
// CreateRouteTable || ...`: the eventSource applies to the first name only. The intent is every
// name from EC2 (CreateRoute is also an API Gateway v2 event name), which is narrower than both that
// text and the v1.2.0–v1.4.0 / Security Hub CloudWatch.13 pattern without eventSource
// (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-13):
// a filter written to any of the three passes.
import { defineAlarmCheck } from "./lib/alarms/control.js";

export const check = defineAlarmCheck({
  id: "cloudwatch-alarm-route-table-changes",
  title: "An alarm fires on route table changes",
  severity: "medium",
  rationale:
    "A changed route sends a subnet's traffic somewhere else: through an instance that records it, or straight " +
    "to the internet past the inspection appliance. Route table changes outside a pipeline are worth knowing " +
    "about at once.",
  cis: "4.13",
  cis12: "3.13",
  securityHub: "CloudWatch.13",
  events: "route table changes",
  needsRead: false,
  sources: ["ec2.amazonaws.com"],
  reference: {
    version: "CIS v3.0.0 4.13 (as intended: eventSource ec2.amazonaws.com for every name)",
    pattern: '{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }',
  },
  metricName: "RouteTableChanges",
  resourceStem: "RouteTableChanges",
});
