// CIS AWS Foundations 4.8 / Security Hub CloudWatch.8: a metric filter and alarm for S3 bucket
// policy changes. Reference: the pattern of CIS AWS Foundations Benchmark v1.2.0 3.8 to v3.0.0 4.8
// and of Security Hub's CloudWatch.8 documentation
// (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-8).
import { defineAlarmCheck } from "./lib/alarms/control.js";

export const check = defineAlarmCheck({
  id: "cloudwatch-alarm-s3-bucket-policy-changes",
  title: "An alarm fires on S3 bucket policy changes",
  severity: "medium",
  rationale:
    "A bucket policy or ACL change can make data public or hand it to another account in one call, and " +
    "lifecycle or replication changes can delete or copy it out quietly. These calls are rare enough that each " +
    "one deserves a look.",
  cis: "4.8",
  cis12: "3.8",
  securityHub: "CloudWatch.8",
  events: "S3 bucket policy changes",
  needsRead: false,
  sources: ["s3.amazonaws.com"],
  reference: {
    version: "CIS v1.2.0–v3.0.0 4.8 (3.8) / Security Hub CloudWatch.8",
    pattern: '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }',
  },
  metricName: "S3BucketPolicyChanges",
  resourceStem: "S3BucketPolicyChanges",
});
