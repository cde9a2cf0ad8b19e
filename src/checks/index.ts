// The registry: an explicit list of every check (no import side effects, no discovery by file name).
// One import line per check, sorted by file name; one entry a line, sorted by check id. Reports
// list the checks in this order.
import type { AnyCheck } from "../engine/check.js";
import { check as cloudwatchAlarmCloudtrailChanges } from "./cloudwatch-alarm-cloudtrail-changes.js";
import { check as cloudwatchAlarmCmkDisableOrDeletion } from "./cloudwatch-alarm-cmk-disable-or-deletion.js";
import { check as cloudwatchAlarmConfigChanges } from "./cloudwatch-alarm-config-changes.js";
import { check as cloudwatchAlarmConsoleAuthFailures } from "./cloudwatch-alarm-console-auth-failures.js";
import { check as cloudwatchAlarmConsoleSigninWithoutMfa } from "./cloudwatch-alarm-console-signin-without-mfa.js";
import { check as cloudwatchAlarmIamPolicyChanges } from "./cloudwatch-alarm-iam-policy-changes.js";
import { check as cloudwatchAlarmNaclChanges } from "./cloudwatch-alarm-nacl-changes.js";
import { check as cloudwatchAlarmNetworkGatewayChanges } from "./cloudwatch-alarm-network-gateway-changes.js";
import { check as cloudwatchAlarmOrganizationsChanges } from "./cloudwatch-alarm-organizations-changes.js";
import { check as cloudwatchAlarmRootUsage } from "./cloudwatch-alarm-root-usage.js";
import { check as cloudwatchAlarmRouteTableChanges } from "./cloudwatch-alarm-route-table-changes.js";
import { check as cloudwatchAlarmS3BucketPolicyChanges } from "./cloudwatch-alarm-s3-bucket-policy-changes.js";
import { check as cloudwatchAlarmSecurityGroupChanges } from "./cloudwatch-alarm-security-group-changes.js";
import { check as cloudwatchAlarmUnauthorizedApiCalls } from "./cloudwatch-alarm-unauthorized-api-calls.js";
import { check as cloudwatchAlarmVpcChanges } from "./cloudwatch-alarm-vpc-changes.js";
import { check as cloudwatchLogsIntegration } from "./cloudwatch-logs-integration.js";
import { check as dataEventsTaggedBuckets } from "./data-events-tagged-buckets.js";
import { check as globalServiceEvents } from "./global-service-events.js";
import { check as iacInvalidTrailConfig } from "./iac-invalid-trail-config.js";
import { check as logBucketAccessLogging } from "./log-bucket-access-logging.js";
import { check as logBucketDeliveryPolicy } from "./log-bucket-delivery-policy.js";
import { check as logBucketNoDelete } from "./log-bucket-no-delete.js";
import { check as logBucketNotPublic } from "./log-bucket-not-public.js";
import { check as logBucketObjectLock } from "./log-bucket-object-lock.js";
import { check as logFileValidation } from "./log-file-validation.js";
import { check as multiRegionTrail } from "./multi-region-trail.js";
import { check as trailDeliveryHealthy } from "./trail-delivery-healthy.js";
import { check as trailInsights } from "./trail-insights.js";
import { check as trailKmsEncryption } from "./trail-kms-encryption.js";

export const checks: readonly AnyCheck[] = [
  cloudwatchAlarmCloudtrailChanges,
  cloudwatchAlarmCmkDisableOrDeletion,
  cloudwatchAlarmConfigChanges,
  cloudwatchAlarmConsoleAuthFailures,
  cloudwatchAlarmConsoleSigninWithoutMfa,
  cloudwatchAlarmIamPolicyChanges,
  cloudwatchAlarmNaclChanges,
  cloudwatchAlarmNetworkGatewayChanges,
  cloudwatchAlarmOrganizationsChanges,
  cloudwatchAlarmRootUsage,
  cloudwatchAlarmRouteTableChanges,
  cloudwatchAlarmS3BucketPolicyChanges,
  cloudwatchAlarmSecurityGroupChanges,
  cloudwatchAlarmUnauthorizedApiCalls,
  cloudwatchAlarmVpcChanges,
  cloudwatchLogsIntegration,
  dataEventsTaggedBuckets,
  globalServiceEvents,
  iacInvalidTrailConfig,
  logBucketAccessLogging,
  logBucketDeliveryPolicy,
  logBucketNoDelete,
  logBucketNotPublic,
  logBucketObjectLock,
  logFileValidation,
  multiRegionTrail,
  trailDeliveryHealthy,
  trailInsights,
  trailKmsEncryption,
];
