// CIS AWS Foundations 4.11 / Security Hub CloudWatch.11: a metric filter and alarm for network ACL
// changes. Reference: the pattern of CIS AWS Foundations Benchmark v1.2.0 3.11 to v3.0.0 4.11 and
// of Security Hub's CloudWatch.11 documentation
// (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-11).
// The published pattern names no event source; the reference adds `$.eventSource = ec2.amazonaws.com`,
// the only source of these event names, so a filter written either way passes.
import { defineAlarmCheck } from "./lib/alarms/control.js";

export const check = defineAlarmCheck({
  id: "cloudwatch-alarm-nacl-changes",
  title: "An alarm fires on network ACL changes",
  severity: "medium",
  rationale:
    "Network ACLs are the subnet-wide filter behind the security groups; an entry that allows all traffic " +
    "undoes a network's segmentation for every instance in the subnet at once.",
  cis: "4.11",
  cis12: "3.11",
  securityHub: "CloudWatch.11",
  events: "network ACL changes",
  needsRead: false,
  sources: ["ec2.amazonaws.com"],
  reference: {
    version: "CIS v1.2.0–v3.0.0 4.11 (3.11) / Security Hub CloudWatch.11, restricted to ec2.amazonaws.com",
    pattern: '{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation)) }',
  },
  metricName: "NACLChanges",
  resourceStem: "NaclChanges",
});
