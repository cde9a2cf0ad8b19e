// The registry: an explicit list of every check (no import side effects, no discovery by file name).
// One import line per check, sorted by file name; one entry a line, sorted by check id. Reports
// list the checks in this order.
import type { AnyCheck } from "../engine/check.js";
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
