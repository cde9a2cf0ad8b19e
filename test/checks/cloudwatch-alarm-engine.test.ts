// The engine every CIS monitoring check shares (src/checks/lib/alarms), through three of its checks:
// root usage (the smallest reference), console sign-in without MFA (`!=` on a field that may be
// missing) and unauthorized API calls (`&&` binds tighter than `||`). Each status and messageId,
// organization trails, unknown reads and file snapshots.
import { check as mfa } from "../../src/checks/cloudwatch-alarm-console-signin-without-mfa.js";
import { check as kms } from "../../src/checks/cloudwatch-alarm-cmk-disable-or-deletion.js";
import { check as root } from "../../src/checks/cloudwatch-alarm-root-usage.js";
import { check as unauthorized } from "../../src/checks/cloudwatch-alarm-unauthorized-api-calls.js";
import type { Snapshot } from "../../src/model/snapshot.js";
import { MANAGEMENT, MEMBER, OTHER, denied, single, trail } from "../helpers/builders.js";
import { runCases } from "../helpers/run-cases.js";
import { alarm, group, monitored, monitoredOrg, monitoredSingle, topic, topicArn, wiredTrail, type FilterSpec } from "./lib/alarm-world.js";

const ROOT = '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }';
const ROOT_FILTER: FilterSpec = { name: "RootUsage", pattern: ROOT };
const ACCOUNT = "/accounts/0";
const GROUP = `${ACCOUNT}/logGroups/0`;
const FILTER = `${GROUP}/metricFilters/0`;
const ALARM = `${ACCOUNT}/alarms/0`;

/** monitoredSingle with the account parts changed by `edit`. */
function edited(filters: FilterSpec[] = [ROOT_FILTER], edit: (a: ReturnType<typeof monitored>) => void = () => {}): Snapshot {
  const parts = monitored(filters);
  edit(parts);
  return single(parts.trails as never, parts);
}

runCases(root, {
  valid: [
    {
      name: "the reference itself, with a Sum >= 1 alarm and a confirmed subscriber",
      snapshot: monitoredSingle([ROOT_FILTER]),
      expect: [{ status: "PASS", messageId: "ok", pointer: FILTER, region: "us-east-1", message: "alarms RootUsage-alarm fire on one" }],
    },
    {
      name: "written differently: reordered, re-parenthesised, unquoted, without the service-event exclusion",
      snapshot: monitoredSingle([{ name: "root", pattern: "{($.userIdentity.invokedBy NOT EXISTS)&&(($.userIdentity.type=Root))}" }]),
    },
    {
      name: "split across two filters, each with its own alarm",
      snapshot: monitoredSingle([
        { name: "root-api", pattern: '{ $.userIdentity.type = "Root" && $.eventType = "AwsApiCall" }' },
        { name: "root-other", pattern: '{ $.userIdentity.type = "Root" && $.eventType != "AwsApiCall" && $.userIdentity.invokedBy NOT EXISTS }' },
      ]),
      expect: [{ status: "PASS", messageId: "ok", message: "Metric filters root-api, root-other" }],
    },
    {
      name: "SampleCount with GreaterThanThreshold 0, two periods of which one must breach",
      snapshot: edited([ROOT_FILTER], (a) => {
        a.alarms = [alarm("RootUsage", { Statistic: "SampleCount", ComparisonOperator: "GreaterThanThreshold", Threshold: 0, EvaluationPeriods: 2, DatapointsToAlarm: 1 })];
      }),
    },
    {
      name: "Sum of metric value 5 against threshold 5",
      snapshot: edited([{ ...ROOT_FILTER, value: "5" }], (a) => {
        a.alarms = [alarm("RootUsage", { Threshold: 5 })];
      }),
    },
    {
      name: "a good alarm beside a bad one on the same metric",
      snapshot: edited([ROOT_FILTER], (a) => {
        a.alarms = [alarm("RootUsage", { AlarmName: "disabled", ActionsEnabled: false }), alarm("RootUsage")];
      }),
    },
    {
      name: "the organization trail's log group credits a member",
      snapshot: monitoredOrg([ROOT_FILTER], MEMBER),
      expect: [
        { status: "PASS", accountId: MANAGEMENT, messageId: "ok" },
        { status: "PASS", accountId: MEMBER, messageId: "ok", pointer: FILTER },
      ],
    },
    {
      name: "a single-region trail whose log group could not be read does not undecide a PASS elsewhere",
      snapshot: edited([ROOT_FILTER], (a) => {
        a.trails = [
          wiredTrail(),
          wiredTrail({ Name: "regional", IsMultiRegionTrail: false, CloudWatchLogsLogGroupArn: { $unknown: denied("cloudtrail", "GetTrail") } }),
        ];
      }),
    },
    {
      name: "an unreadable filter beside a readable one that covers",
      snapshot: monitoredSingle([ROOT_FILTER, { name: "terms", pattern: '"Root"' }]),
    },
  ],
  invalid: [
    {
      // Split on a field the reference does not constrain: an event without eventName matches neither
      // `= "ConsoleLogin"` nor (under the reading where a comparison needs a value) `!= "ConsoleLogin"`.
      name: "split on eventName, which an event may lack, does not cover",
      snapshot: monitoredSingle([
        { name: "root-console", pattern: '{ $.userIdentity.type = "Root" && $.eventName = "ConsoleLogin" }' },
        { name: "root-other", pattern: '{ $.userIdentity.type = "Root" && $.eventName != "ConsoleLogin" && $.userIdentity.invokedBy NOT EXISTS }' },
      ]),
      expect: [{ status: "FAIL", messageId: "filterMisses", message: "Metric filters root-console, root-other" }],
    },
    {
      name: "no trail delivers to CloudWatch Logs",
      snapshot: single([trail({ IsMultiRegionTrail: true })]),
      expect: [{ status: "FAIL", messageId: "notWired", pointer: "/accounts/0/trails/0", message: "(main (multi-region))" }],
    },
    {
      name: "only a single-region trail is wired",
      snapshot: edited([ROOT_FILTER], (a) => {
        a.trails = [wiredTrail({ IsMultiRegionTrail: false })];
      }),
      expect: [{ status: "FAIL", messageId: "notWired", message: "(audit (single-region, wired))" }],
    },
    {
      name: "the wired trail records write management events only",
      snapshot: edited([ROOT_FILTER], (a) => {
        a.trails = [wiredTrail({ eventSelectors: [{ ReadWriteType: "WriteOnly", IncludeManagementEvents: true }] })];
      }),
      expect: [
        {
          status: "FAIL",
          messageId: "eventsNotRecorded",
          message: "does not record read management events",
          cli: [
            `aws cloudtrail put-event-selectors --trail-name arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/audit --region us-east-1 --event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true}]'`,
          ],
        },
      ],
    },
    {
      name: "the log group the trail names does not exist",
      snapshot: edited([ROOT_FILTER], (a) => {
        a.logGroups = [];
      }),
      expect: [{ status: "FAIL", messageId: "logGroupMissing", pointer: "/accounts/0/trails/0", message: "which account 111111111111 does not have" }],
    },
    {
      name: "no filters at all, with the fix filled in",
      snapshot: edited([], () => {}),
      expect: [
        {
          status: "FAIL",
          messageId: "noFilter",
          pointer: GROUP,
          message: "No metric filter of CloudWatch Logs group CloudTrail/audit (trail audit; 0 filters in all) is written for uses of the root user.",
          cli: [
            `aws logs put-metric-filter --region us-east-1 --log-group-name CloudTrail/audit --filter-name cis-4.3-root-usage --filter-pattern '${ROOT}' --metric-transformations metricName=RootAccountUsage,metricNamespace=CISBenchmark,metricValue=1`,
            "aws sns create-topic --region us-east-1 --name security-alarms",
            `aws sns list-subscriptions-by-topic --region us-east-1 --topic-arn ${topicArn()}`,
            "aws cloudwatch put-metric-alarm --region us-east-1 --alarm-name cis-4.3-root-usage --metric-name RootAccountUsage --namespace CISBenchmark " +
              "--statistic Sum --period 300 --evaluation-periods 1 --datapoints-to-alarm 1 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold " +
              `--treat-missing-data notBreaching --alarm-actions ${topicArn()}`,
          ],
        },
      ],
    },
    {
      name: "an account without a good topic gets a new one to subscribe to",
      snapshot: edited([], (a) => {
        a.snsTopics = [];
      }),
      expect: [
        {
          status: "FAIL",
          messageId: "noFilter",
          cli: [
            `aws logs put-metric-filter --region us-east-1 --log-group-name CloudTrail/audit --filter-name cis-4.3-root-usage --filter-pattern '${ROOT}' --metric-transformations metricName=RootAccountUsage,metricNamespace=CISBenchmark,metricValue=1`,
            "aws sns create-topic --region us-east-1 --name cis-monitoring-alarms",
            `aws sns subscribe --region us-east-1 --topic-arn ${topicArn(MANAGEMENT, "cis-monitoring-alarms")} --protocol email --notification-endpoint <security-team@example.com>`,
            "aws cloudwatch put-metric-alarm --region us-east-1 --alarm-name cis-4.3-root-usage --metric-name RootAccountUsage --namespace CISBenchmark " +
              "--statistic Sum --period 300 --evaluation-periods 1 --datapoints-to-alarm 1 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold " +
              `--treat-missing-data notBreaching --alarm-actions ${topicArn(MANAGEMENT, "cis-monitoring-alarms")}`,
          ],
        },
      ],
    },
    {
      name: "filters on events no root use is",
      snapshot: monitoredSingle([{ name: "iam-users", pattern: '{ $.userIdentity.type = "IAMUser" }' }]),
      expect: [{ status: "FAIL", messageId: "noFilter", message: "(trail audit; 1 filter in all)" }],
    },
    {
      // Root can stop a trail too: the filter matches some of the reference's events, but it is not
      // written for root usage (it shares none of the reference's terms), so it is not named as one.
      name: "a filter on other events that root may cause too",
      snapshot: monitoredSingle([{ name: "trail-changes", pattern: "{ $.eventName = StopLogging }" }]),
      expect: [{ status: "FAIL", messageId: "noFilter" }],
    },
    {
      name: "a filter on root's console sign-ins beside one for trail changes names only the first",
      snapshot: monitoredSingle([
        { name: "trail-changes", pattern: "{ $.eventName = StopLogging }" },
        { name: "root-console", pattern: '{ $.userIdentity.type = "Root" && $.eventName = ConsoleLogin }' },
      ]),
      expect: [
        {
          status: "FAIL",
          messageId: "filterMisses",
          pointer: `${GROUP}/metricFilters/1`,
          message: 'Metric filters root-console of CloudWatch Logs group CloudTrail/audit (trail audit) match some uses of the root user but miss events where $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" && !($.eventName = "ConsoleLogin")',
        },
      ],
    },
    {
      name: "an extra && term (console sign-ins only) misses the rest",
      snapshot: monitoredSingle([{ name: "root-console", pattern: `{ ${ROOT.slice(1, -1)} && $.eventName = "ConsoleLogin" }` }]),
      expect: [
        {
          status: "FAIL",
          messageId: "filterMisses",
          pointer: FILTER,
          message: 'miss events where $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" && !($.eventName = "ConsoleLogin")',
        },
      ],
    },
    {
      // A missing field is not null: the filter matches none of the reference's events.
      name: "IS NULL instead of NOT EXISTS",
      snapshot: monitoredSingle([{ name: "root", pattern: ROOT.replace("NOT EXISTS", "IS NULL") }]),
      expect: [{ status: "FAIL", messageId: "noFilter" }],
    },
    {
      name: "a filter for console sign-ins of root only names the version compared with",
      snapshot: monitoredSingle([{ name: "root-console", pattern: '{ $.userIdentity.type = "Root" && $.eventName = ConsoleLogin }' }]),
      expect: [{ status: "FAIL", messageId: "filterMisses", message: "(compared with the CIS v1.4.0–v3.0.0 4.3 / Security Hub CloudWatch.1 pattern)" }],
    },
    {
      name: "no alarm on the filter's metric; one on the same name in another namespace is named",
      snapshot: edited([ROOT_FILTER], (a) => {
        a.alarms = [alarm("RootUsage", { Namespace: "Security" })];
      }),
      expect: [{ status: "FAIL", messageId: "noAlarm", pointer: FILTER, message: "no alarm watches that metric (alarm RootUsage-alarm watches RootUsage in namespace Security with no dimensions)" }],
    },
    {
      name: "an alarm with a dimension the filter does not publish watches another metric",
      snapshot: edited([ROOT_FILTER], (a) => {
        a.alarms = [alarm("RootUsage", { Dimensions: [{ Name: "EventName", Value: "ConsoleLogin" }] })];
      }),
      expect: [{ status: "FAIL", messageId: "noAlarm", message: "with dimensions EventName=ConsoleLogin" }],
    },
    {
      name: "dimensions that match the filter's",
      snapshot: edited([{ ...ROOT_FILTER, dimensions: { EventName: "$.eventName" } }], (a) => {
        a.alarms = [alarm("RootUsage", { Dimensions: [{ Name: "EventName", Value: "ConsoleLogin" }] })];
      }),
      expect: [{ status: "PASS", messageId: "ok" }],
    },
    {
      name: "an Average alarm",
      snapshot: edited([ROOT_FILTER], (a) => {
        a.alarms = [alarm("RootUsage", { Statistic: "Average" })];
      }),
      expect: [{ status: "FAIL", messageId: "alarmInsensitive", pointer: ALARM, message: "its statistic is Average" }],
    },
    {
      name: "threshold 1 with GreaterThanThreshold needs two events",
      snapshot: edited([ROOT_FILTER], (a) => {
        a.alarms = [alarm("RootUsage", { ComparisonOperator: "GreaterThanThreshold" })];
      }),
      expect: [{ status: "FAIL", messageId: "alarmInsensitive", message: "one event makes a datapoint of 1, which does not breach GreaterThanThreshold 1" }],
    },
    {
      name: "three of three datapoints",
      snapshot: edited([ROOT_FILTER], (a) => {
        a.alarms = [alarm("RootUsage", { EvaluationPeriods: 3 })];
      }),
      expect: [{ status: "FAIL", messageId: "alarmInsensitive", message: "it needs 3 breaching datapoints" }],
    },
    {
      name: "a Sum of a metric value read from the event",
      snapshot: edited([{ ...ROOT_FILTER, value: "$.requestParameters.count" }], () => {}),
      expect: [{ status: "FAIL", messageId: "alarmInsensitive", message: "Sum of metric value $.requestParameters.count" }],
    },
    {
      name: "an alarm asking for a unit the filter does not publish",
      snapshot: edited([ROOT_FILTER], (a) => {
        a.alarms = [alarm("RootUsage", { Unit: "Count" })];
      }),
      expect: [{ status: "FAIL", messageId: "alarmInsensitive", message: "it asks for unit Count, but the filter publishes no unit" }],
    },
    {
      name: "actions disabled",
      snapshot: edited([ROOT_FILTER], (a) => {
        a.alarms = [alarm("RootUsage", { ActionsEnabled: false })];
      }),
      expect: [{ status: "FAIL", messageId: "alarmDisabled", pointer: ALARM, cli: ["aws cloudwatch enable-alarm-actions --region us-east-1 --alarm-names RootUsage-alarm"] }],
    },
    {
      name: "an alarm that only scales an Auto Scaling group",
      snapshot: edited([ROOT_FILTER], (a) => {
        a.alarms = [alarm("RootUsage", { AlarmActions: ["arn:aws:autoscaling:us-east-1:111111111111:scalingPolicy:x"] })];
      }),
      expect: [{ status: "FAIL", messageId: "noAlarmAction", message: "(AlarmActions: arn:aws:autoscaling:" }],
    },
    {
      name: "a topic whose only subscription is pending",
      snapshot: edited([ROOT_FILTER], (a) => {
        a.snsTopics = [topic([false])];
      }),
      expect: [
        {
          status: "FAIL",
          messageId: "noSubscriber",
          pointer: "/accounts/0/snsTopics/0",
          message: "has no confirmed subscription (1 pending confirmation)",
          cli: [
            `aws sns subscribe --region us-east-1 --topic-arn ${topicArn()} --protocol email --notification-endpoint <security-team@example.com>`,
            `aws sns list-subscriptions-by-topic --region us-east-1 --topic-arn ${topicArn()}`,
          ],
        },
      ],
    },
    {
      name: "a topic that was deleted (ListSubscriptionsByTopic: NotFound)",
      snapshot: edited([ROOT_FILTER], (a) => {
        a.snsTopics = [{ TopicArn: topicArn(), region: "us-east-1", exists: false, subscriptions: [] }];
      }),
      expect: [
        {
          status: "FAIL",
          messageId: "topicMissing",
          pointer: "/accounts/0/snsTopics/0",
          message: "does not exist (ListSubscriptionsByTopic: NotFound)",
          cli: [
            "aws sns create-topic --region us-east-1 --name security-alarms",
            `aws sns subscribe --region us-east-1 --topic-arn ${topicArn()} --protocol email --notification-endpoint <security-team@example.com>`,
          ],
        },
      ],
    },
    {
      name: "a topic in an account outside the snapshot",
      snapshot: edited([ROOT_FILTER], (a) => {
        a.alarms = [alarm("RootUsage", { AlarmActions: [topicArn(OTHER)] })];
      }),
      expect: [{ status: "ERROR", messageId: "topicOutOfScope", pointer: ALARM, message: `out of scope: scan account ${OTHER}` }],
    },
    {
      name: "a term pattern, which may match, with a good alarm",
      snapshot: monitoredSingle([{ name: "terms", pattern: '"Root"' }]),
      expect: [{ status: "ERROR", messageId: "unreadablePattern", pointer: FILTER, message: "Metric filter terms" }],
    },
    {
      name: "a metric-math alarm on the metric",
      snapshot: edited([ROOT_FILTER], (a) => {
        a.alarms = [
          alarm("RootUsage", {
            MetricName: undefined,
            Namespace: undefined,
            Statistic: undefined,
            Metrics: [{ Id: "m1", MetricStat: { Metric: { MetricName: "RootUsage", Namespace: "CISBenchmark" }, Period: 300, Stat: "Sum" } }, { Id: "e1", Expression: "m1 * 2" }],
          }),
        ];
      }),
      expect: [{ status: "ERROR", messageId: "alarmMetricMath", pointer: ALARM }],
    },
    {
      // Eleven wildcards on one field: more string cells than the engine compares (it says unknown, never guesses).
      name: "filters the entailment cannot decide",
      snapshot: monitoredSingle([
        { name: "wild", pattern: `{ ${Array.from({ length: 11 }, (_, i) => `$.userIdentity.type = "*${String.fromCharCode(97 + i)}*"`).join(" || ")} }` },
      ]),
      expect: [{ status: "ERROR", messageId: "undecided", pointer: GROUP, message: "could not be decided" }],
    },
    {
      name: "the alarms could not be read",
      snapshot: edited([ROOT_FILTER], (a) => {
        a.alarms = { $unknown: denied("cloudwatch", "DescribeAlarms", { region: "us-east-1" }) };
      }),
      expect: [{ status: "ERROR", messageId: "collection-error", message: "cloudwatch:DescribeAlarms" }],
    },
    {
      name: "the subscriptions could not be listed",
      snapshot: edited([ROOT_FILTER], (a) => {
        a.snsTopics = [{ ...topic(), subscriptions: { $unknown: denied("sns", "ListSubscriptionsByTopic", { resource: topicArn() }) } }];
      }),
      expect: [{ status: "ERROR", messageId: "collection-error", message: "sns:ListSubscriptionsByTopic" }],
    },
    {
      name: "the topic is not in the snapshot",
      snapshot: edited([ROOT_FILTER], (a) => {
        a.snsTopics = [];
      }),
      expect: [{ status: "ERROR", messageId: "collection-error", message: "the snapshot holds no record of SNS topic" }],
    },
    {
      name: "the metric filters could not be described",
      snapshot: edited([ROOT_FILTER], (a) => {
        a.logGroups = [{ ...group([]), metricFilters: { $unknown: denied("logs", "DescribeMetricFilters") } }];
      }),
      expect: [{ status: "ERROR", messageId: "collection-error", message: "logs:DescribeMetricFilters" }],
    },
    {
      name: "a FAIL on one trail, while another trail's selectors are unknown",
      snapshot: edited([], (a) => {
        a.trails = [wiredTrail(), wiredTrail({ Name: "second", eventSelectors: { $unknown: denied("cloudtrail", "GetEventSelectors") } })];
      }),
      expect: [{ status: "ERROR", messageId: "collection-error", message: "cloudtrail:GetEventSelectors" }],
    },
  ],
});

const MFA_REFERENCE = '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }';
runCases(mfa, {
  valid: [
    { name: "Security Hub's pattern (wider: every ConsoleLogin without MFA)", snapshot: monitoredSingle([{ name: "nomfa", pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }' }]) },
    { name: "the narrowest pattern itself", snapshot: monitoredSingle([{ name: "nomfa", pattern: MFA_REFERENCE }]) },
    { name: "every console sign-in", snapshot: monitoredSingle([{ name: "signin", pattern: "{ $.eventName = ConsoleLogin }" }]) },
  ],
  invalid: [
    {
      name: "MFAUsed = No instead of != Yes misses sign-ins with another value",
      snapshot: monitoredSingle([{ name: "nomfa", pattern: '{ $.eventName = "ConsoleLogin" && $.additionalEventData.MFAUsed = "No" }' }]),
      expect: [{ status: "FAIL", messageId: "filterMisses", message: '!($.additionalEventData.MFAUsed = "No")' }],
    },
    {
      name: "a misspelt event name",
      snapshot: monitoredSingle([{ name: "nomfa", pattern: '{ $.eventName = "ConsoleLogon" && $.additionalEventData.MFAUsed != "Yes" }' }]),
      expect: [{ status: "FAIL", messageId: "noFilter" }],
    },
    {
      // Under the reading where `!=` matches a missing field, the reference matches sign-ins without
      // additionalEventData.MFAUsed, which `= "*"` does not: the check requires both readings.
      name: "a filter that covers only if != never matches a missing field",
      snapshot: monitoredSingle([
        { name: "nomfa", pattern: '{ $.eventName = "ConsoleLogin" && $.additionalEventData.MFAUsed = "*" && $.additionalEventData.MFAUsed != "Yes" }' },
      ]),
      expect: [{ status: "FAIL", messageId: "filterMisses" }],
    },
  ],
});

const UNAUTHORIZED_SH = '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }';
runCases(unauthorized, {
  valid: [
    { name: "Security Hub's pattern (no exclusions)", snapshot: monitoredSingle([{ name: "unauth", pattern: UNAUTHORIZED_SH }]) },
    {
      name: "split in two filters with wildcards",
      snapshot: monitoredSingle([
        { name: "unauthorized-op", pattern: '{ $.errorCode = "*Unauthorized*" }' },
        { name: "denied", pattern: '{ $.errorCode = "AccessDenied*" && $.eventName != "HeadBucket" }' },
      ]),
    },
  ],
  invalid: [
    {
      name: "exclusions applied to both branches miss unauthorized HeadBucket calls",
      snapshot: monitoredSingle([
        { name: "unauth", pattern: '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }' },
      ]),
      expect: [{ status: "FAIL", messageId: "filterMisses", message: '$.errorCode = "*UnauthorizedOperation"' }],
    },
  ],
});

runCases(kms, {
  valid: [
    { name: "the reference, on a trail with default selectors", snapshot: monitoredSingle([{ name: "kms", pattern: "{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }" }]) },
  ],
  invalid: [
    {
      name: "a trail that excludes KMS management events cannot feed it",
      snapshot: (() => {
        const parts = monitored([{ name: "kms", pattern: "{ $.eventName = DisableKey || $.eventName = ScheduleKeyDeletion }" }]);
        parts.trails = [wiredTrail({ eventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: true, ExcludeManagementEventSources: ["kms.amazonaws.com"] }] })];
        return single(parts.trails, parts);
      })(),
      expect: [{ status: "FAIL", messageId: "eventsNotRecorded", message: "does not record management events from kms.amazonaws.com (excluded by its event selectors)" }],
    },
  ],
});
