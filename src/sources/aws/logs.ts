// CloudWatch Logs: a log group a trail delivers to, read in the account that owns it:
// logs:DescribeLogGroups + DescribeMetricFilters.
import {
  DescribeLogGroupsCommand,
  DescribeMetricFiltersCommand,
  type DescribeLogGroupsCommandOutput,
  type DescribeMetricFiltersCommandOutput,
} from "@aws-sdk/client-cloudwatch-logs";
import { LOG_GROUP_FIELDS, METRIC_FILTER_FIELDS, pick } from "./shape.js";
import { dict, int, list, num, shape, str } from "./normalize.js";
import type { MetricTransformation } from "../../model/snapshot.js";
import type { LogGroup, Target } from "./target.js";

type MetricFilter = Exclude<NonNullable<LogGroup["metricFilters"]>, { $unknown: unknown }>[number];

// What the answers must look like (normalize.ts): a listing with anything else fails, and the group
// (or its metric filters) is unknown.
const LOG_GROUP = shape({ logGroupName: str, arn: str, creationTime: num, retentionInDays: int(1), kmsKeyId: str }, ["logGroupName"]);
const METRIC_FILTER = shape(
  {
    filterName: str,
    filterPattern: str,
    logGroupName: str,
    creationTime: num,
    metricTransformations: list(
      shape({ metricName: str, metricNamespace: str, metricValue: str, defaultValue: num, dimensions: dict(str), unit: str }, ["metricName", "metricNamespace"]),
    ),
  },
  ["filterName"],
);

/** The metricTransformations fields the snapshot keeps (schemas/snapshot.schema.json), in its order. */
export const METRIC_TRANSFORMATION_FIELDS = ["metricName", "metricNamespace", "metricValue", "defaultValue", "dimensions", "unit"] as const;

/** A DescribeMetricFilters entry as the snapshot keeps it: its fields, and each transformation's (as METRIC_FILTER checked them). */
function metricFilter(answer: Record<string, unknown>): MetricFilter {
  const filter = pick<MetricFilter>(answer, METRIC_FILTER_FIELDS);
  if (Array.isArray(answer.metricTransformations)) {
    filter.metricTransformations = (answer.metricTransformations as Record<string, unknown>[]).map((t) => pick<MetricTransformation>(t, METRIC_TRANSFORMATION_FIELDS));
  }
  return filter;
}

export async function readLogGroup(target: Target, name: string, region: string): Promise<void> {
  const { session } = target;
  const on = { region, resource: name };
  const groups = await session.paginate<DescribeLogGroupsCommandOutput, Record<string, unknown>>(
    "logs",
    (nextToken) => new DescribeLogGroupsCommand({ logGroupNamePrefix: name, ...(nextToken ? { nextToken } : {}) }),
    (page) => ({ items: page.logGroups as Record<string, unknown>[] | undefined, next: page.nextToken }),
    { ...on, list: { name: "logGroups", item: LOG_GROUP } },
  );
  const found = groups?.find((g) => g.logGroupName === name);
  if (!found) return; // failed (recorded) or the group does not exist
  const group: LogGroup = { ...pick<LogGroup>(found, LOG_GROUP_FIELDS), region };
  const filters = await session.paginate<DescribeMetricFiltersCommandOutput, Record<string, unknown>>(
    "logs",
    (nextToken) => new DescribeMetricFiltersCommand({ logGroupName: name, ...(nextToken ? { nextToken } : {}) }),
    (page) => ({ items: page.metricFilters as Record<string, unknown>[] | undefined, next: page.nextToken }),
    { ...on, list: { name: "metricFilters", item: METRIC_FILTER } },
  );
  if (filters) group.metricFilters = filters.map(metricFilter);
  target.logGroups.push(group);
}
