// CIS AWS Foundations 4.14 / Security Hub CloudWatch.14: a metric filter and alarm for VPC changes.
// Reference: the pattern of CIS AWS Foundations Benchmark v1.2.0 3.14 to v3.0.0 4.14 and of
// Security Hub's CloudWatch.14 documentation
// (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-14).
// The published pattern names no event source; the reference adds `$.eventSource = ec2.amazonaws.com`,
// the only source of these event names, so a filter written either way passes.
import { defineAlarmCheck } from "./lib/alarms/control.js";

export const check = defineAlarmCheck({
  id: "cloudwatch-alarm-vpc-changes",
  title: "An alarm fires on VPC changes",
  severity: "medium",
  rationale:
    "Peering connections and VPC attribute changes join networks that were meant to stay apart, and a deleted " +
    "VPC takes its workloads with it. Each such change alters who can reach what, so it should not pass " +
    "unnoticed.",
  cis: "4.14",
  cis12: "3.14",
  securityHub: "CloudWatch.14",
  events: "VPC changes",
  needsRead: false,
  sources: ["ec2.amazonaws.com"],
  reference: {
    version: "CIS v1.2.0–v3.0.0 4.14 (3.14) / Security Hub CloudWatch.14, restricted to ec2.amazonaws.com",
    pattern: '{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink)) }',
  },
  metricName: "VpcChanges",
  resourceStem: "VpcChanges",
});
