// CIS AWS Foundations 4.12 / Security Hub CloudWatch.12: a metric filter and alarm for network
// gateway changes. Reference: the pattern of CIS AWS Foundations Benchmark v1.2.0 3.12 to v3.0.0
// 4.12 and of Security Hub's CloudWatch.12 documentation
// (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-12).
// The published pattern names no event source; the reference adds `$.eventSource = ec2.amazonaws.com`,
// the only source of these event names, so a filter written either way passes.
import { defineAlarmCheck } from "./lib/alarms/control.js";

export const check = defineAlarmCheck({
  id: "cloudwatch-alarm-network-gateway-changes",
  title: "An alarm fires on network gateway changes",
  severity: "medium",
  rationale:
    "An internet gateway attached to a private VPC, or a customer gateway that nobody ordered, is a new path " +
    "for traffic in and out of the network; such changes are rare and deliberate, so each should be seen.",
  cis: "4.12",
  cis12: "3.12",
  securityHub: "CloudWatch.12",
  events: "network gateway changes",
  needsRead: false,
  sources: ["ec2.amazonaws.com"],
  reference: {
    version: "CIS v1.2.0–v3.0.0 4.12 (3.12) / Security Hub CloudWatch.12, restricted to ec2.amazonaws.com",
    pattern: '{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway)) }',
  },
  metricName: "NetworkGatewayChanges",
  resourceStem: "NetworkGatewayChanges",
});
