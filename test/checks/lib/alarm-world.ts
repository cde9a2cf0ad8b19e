// Builders for the CIS monitoring checks: an account whose multi-region trail delivers to a log
// group with the given metric filters, each with an alarm that fires on one event and notifies a
// topic with a confirmed subscription, unless a case says otherwise.
import type { Account, LogGroup, MetricAlarm, SnsTopic, Snapshot, Trail } from "../../../src/model/snapshot.js";
import { MANAGEMENT, account, multiRegionTrail, org, single } from "../../helpers/builders.js";

export const REGION = "us-east-1";
export const GROUP_NAME = "CloudTrail/audit";
export const groupArn = (acct = MANAGEMENT, region = REGION, name = GROUP_NAME) => `arn:aws:logs:${region}:${acct}:log-group:${name}:*`;
export const topicArn = (acct = MANAGEMENT, name = "security-alarms", region = REGION) => `arn:aws:sns:${region}:${acct}:${name}`;

export interface FilterSpec {
  name: string;
  pattern: string;
  metric?: string;
  namespace?: string;
  value?: string;
  dimensions?: Record<string, string>;
}

/** A wired, logging multi-region trail (default selectors: all management events). */
export function wiredTrail(overrides: Partial<Trail> & { account?: string } = {}): Trail {
  const acct = overrides.account ?? MANAGEMENT;
  return multiRegionTrail({
    Name: "audit",
    CloudWatchLogsLogGroupArn: groupArn(acct),
    CloudWatchLogsRoleArn: `arn:aws:iam::${acct}:role/CloudTrailToLogs`,
    ...overrides,
  });
}

export function group(filters: FilterSpec[], acct = MANAGEMENT, overrides: Partial<LogGroup> = {}): LogGroup {
  return {
    logGroupName: GROUP_NAME,
    arn: groupArn(acct),
    region: REGION,
    metricFilters: filters.map((f) => ({
      filterName: f.name,
      filterPattern: f.pattern,
      metricTransformations: [
        { metricName: f.metric ?? f.name, metricNamespace: f.namespace ?? "CISBenchmark", metricValue: f.value ?? "1", ...(f.dimensions ? { dimensions: f.dimensions } : {}) } as never,
      ],
    })),
    ...overrides,
  };
}

/** An alarm that fires on one event of the metric and notifies the topic. */
export function alarm(metric: string, overrides: Partial<MetricAlarm> = {}, acct = MANAGEMENT): MetricAlarm {
  const name = overrides.AlarmName ?? `${metric}-alarm`;
  return {
    AlarmName: name,
    AlarmArn: `arn:aws:cloudwatch:${REGION}:${acct}:alarm:${name}`,
    ActionsEnabled: true,
    AlarmActions: [topicArn(acct)],
    MetricName: metric,
    Namespace: "CISBenchmark",
    Statistic: "Sum",
    Period: 300,
    EvaluationPeriods: 1,
    Threshold: 1,
    ComparisonOperator: "GreaterThanOrEqualToThreshold",
    region: REGION,
    ...overrides,
  };
}

export function topic(confirmed: (boolean | "unknown")[] = [true], acct = MANAGEMENT, name = "security-alarms"): SnsTopic {
  const arn = topicArn(acct, name);
  return {
    TopicArn: arn,
    region: REGION,
    subscriptions: confirmed.map((c, i) => ({
      SubscriptionArn: c === true ? `${arn}:0000000${i}-aaaa-bbbb-cccc-dddddddddddd` : "PendingConfirmation",
      Protocol: "email",
      Endpoint: `oncall${i}@example.com`,
      confirmed: c === "unknown" ? { $unknown: { service: "sns", operation: "ListSubscriptionsByTopic", code: "Unresolved", message: "the recipient must confirm" } } : c,
    })),
  };
}

/** The account parts of a monitored account: trail, log group with the filters, one good alarm per filter, the topic. */
export function monitored(filters: FilterSpec[], overrides: Partial<Account> = {}, acct = MANAGEMENT): Partial<Account> {
  return {
    trails: [wiredTrail({ account: acct })],
    logGroups: [group(filters, acct)],
    alarms: filters.map((f) => alarm(f.metric ?? f.name, { ...(f.namespace ? { Namespace: f.namespace } : {}) }, acct)),
    snsTopics: [topic([true], acct)],
    ...overrides,
  };
}

/** A standalone account monitored with the filters. */
export function monitoredSingle(filters: FilterSpec[], overrides: Partial<Account> = {}): Snapshot {
  const parts = monitored(filters, overrides);
  return single(parts.trails as Trail[], parts);
}

/** An organization whose management account's organization trail carries the monitoring; one member. */
export function monitoredOrg(filters: FilterSpec[], member: string): Snapshot {
  const parts = monitored(filters, { trails: [wiredTrail({ Name: "org", IsOrganizationTrail: true })] });
  return org({ management: parts, members: [account(member)] });
}
