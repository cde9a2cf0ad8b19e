// The reads that tell which trails exist and whether they log: every trail-based verdict depends on them.
import type { Read } from "../../engine/check.js";

export const TRAIL_READS: readonly Read[] = [
  { service: "cloudtrail", operation: "DescribeTrails" },
  { service: "cloudtrail", operation: "ListTrails" },
  { service: "cloudtrail", operation: "GetTrail" },
  { service: "cloudtrail", operation: "GetTrailStatus" },
];
