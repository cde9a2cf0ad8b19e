// CloudWatch Logs: a log group a trail delivers to, read in the account that owns it:
// logs:DescribeLogGroups + DescribeMetricFilters.
import {
  DescribeLogGroupsCommand,
  DescribeMetricFiltersCommand,
  type DescribeLogGroupsCommandOutput,
  type DescribeMetricFiltersCommandOutput,
} from "@aws-sdk/client-cloudwatch-logs";
import { LOG_GROUP_FIELDS, METRIC_FILTER_FIELDS, pick } from "./shape.js";
import { int, list, num, shape, str } from "./normalize.js";
import type { LogGroup, Target } from "./target.js";

// What the answers must look like (normalize.ts): a listing with anything else fails, and the group
// (or its metric filters) is unknown.
const LOG_GROUP = shape({ logGroupName: str, arn: str, creationTime: num, retentionInDays: int(1), kmsKeyId: str }, ["logGroupName"]);
const METRIC_FILTER = shape(
  {
    filterName: str,
    filterPattern: str,
    logGroupName: str,
    creationTime: num,
    metricTransformations: list(shape({ metricName: str, metricNamespace: str, metricValue: str }, ["metricName", "metricNamespace"])),
  },
  ["filterName"],
);

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
  if (filters) group.metricFilters = filters.map((f) => pick(f, METRIC_FILTER_FIELDS));
  target.logGroups.push(group);
}
