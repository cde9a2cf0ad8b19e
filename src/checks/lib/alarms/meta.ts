// The metadata every CIS monitoring control shares: messages, and fixes built for the control (its
// reference pattern, filter and alarm names are written into the commands and templates, so only
// the account's own names are placeholders).
import type { CheckMeta, Remediation } from "../../../engine/check.js";
import { shellQuote } from "../../../model/selectors.js";
import { NO_TRAIL_IN_FILE_MESSAGE, SUSPENDED_MESSAGE } from "../accounts.js";
import { MANAGEMENT_EVENTS } from "../iac-fixes.js";
import type { GroupMessageId, Reference } from "./group.js";

export type AlarmMessageId = GroupMessageId | "suspended" | "noTrailInFile" | "none" | "notWired" | "eventsNotRecorded" | "logGroupMissing";

/** What a control module says about itself; defineAlarmCheck (control.ts) builds the check from it. */
export interface AlarmControl {
  id: string;
  title: string;
  severity: CheckMeta["severity"];
  rationale: string;
  /** CIS AWS Foundations Benchmark v1.4.0–v3.0.0 number (4.x) and v1.2.0 number (3.x), when it has one. */
  cis: string;
  cis12?: string;
  securityHub?: string;
  /** The event class, plural, for messages: "uses of the root user". */
  events: string;
  /** The management events a trail must record for the control: read and write, or write only. */
  needsRead: boolean;
  /** Event sources the events come from (a trail that excludes one cannot feed the control); absent: any source. */
  sources?: readonly string[];
  /** The narrowest correct published pattern, which the filters must cover. */
  reference: Reference;
  /** Names the fix gives what it creates. */
  metricName: string;
  /** PascalCase stem of the CloudFormation logical ids and Terraform names the fix adds. */
  resourceStem: string;
}

export const NAMESPACE = "CISBenchmark";
const EMAIL = "<security-team@example.com>";

const MESSAGES = (events: string): Record<AlarmMessageId, string> => ({
  ok:
    "Metric filters {{filters}} of CloudWatch Logs group {{logGroupName}} (trail {{trail}}) match every event of the " +
    `{{referenceVersion}} pattern for ${events}; alarms {{alarms}} fire on one and notify {{topics}}, which has a confirmed subscription.`,
  suspended: SUSPENDED_MESSAGE,
  noTrailInFile: NO_TRAIL_IN_FILE_MESSAGE,
  none: "No logging trail covers this account, so nothing can be monitored (see multi-region-trail).",
  notWired:
    `No logging multi-region trail that covers this account delivers to CloudWatch Logs ({{trails}}), so no metric filter sees ${events} ` +
    "(see cloudwatch-logs-integration).",
  eventsNotRecorded:
    "Multi-region trail {{trail}} delivers to CloudWatch Logs group {{logGroupName}} but does not record {{missingEvents}}, " +
    `so no filter there can match ${events}.`,
  logGroupMissing: "Trail {{trail}} delivers to CloudWatch Logs group {{logGroupName}} ({{logGroupRegion}}), which account {{ownerAccountId}} does not have.",
  noFilter: `No metric filter of CloudWatch Logs group {{logGroupName}} (trail {{trail}}; {{filterCount}} in all) is written for ${events}.`,
  filterMisses:
    `Metric filters {{filters}} of CloudWatch Logs group {{logGroupName}} (trail {{trail}}) match some ${events} but miss {{missed}} ` +
    "(compared with the {{referenceVersion}} pattern).",
  noAlarm: "Metric filter {{filter}} of CloudWatch Logs group {{logGroupName}} publishes {{metricNamespace}}/{{metricName}}, but no alarm watches that metric{{nearMiss}}.",
  alarmInsensitive: "Alarm {{alarm}} on {{metricNamespace}}/{{metricName}} (log group {{logGroupName}}) does not fire on a single event: {{reason}}.",
  alarmDisabled:
    "Alarm {{alarm}} on {{metricNamespace}}/{{metricName}} (log group {{logGroupName}}) has its actions disabled (ActionsEnabled false): " +
    "it changes state but notifies nobody.",
  noAlarmAction: "Alarm {{alarm}} on {{metricNamespace}}/{{metricName}} (log group {{logGroupName}}) notifies no SNS topic (AlarmActions: {{actions}}).",
  topicMissing:
    `SNS topic {{topicArn}}, which alarm {{alarm}} notifies of ${events}, does not exist (ListSubscriptionsByTopic: NotFound): ` +
    "the alarm notifies nobody.",
  noSubscriber: `SNS topic {{topicArn}}, which alarm {{alarm}} notifies of ${events}, has no confirmed subscription ({{subscriptions}}).`,
  unreadablePattern:
    "Metric filter {{filter}} of CloudWatch Logs group {{logGroupName}} has a pattern this tool cannot read ({{reason}}); " +
    `it may match ${events}, so no verdict is given.`,
  undecided: `Whether metric filters {{filters}} of CloudWatch Logs group {{logGroupName}} match every one of ${events} could not be decided ({{why}}).`,
  alarmMetricMath:
    "Alarm {{alarm}} watches the filter's metric through a metric-math expression, which this tool does not evaluate: " +
    `whether it fires on ${events} is not decided.`,
  topicOutOfScope:
    "Alarm {{alarm}} notifies SNS topic {{topicArn}} of account {{topicAccountId}}, which is not in this snapshot: " +
    "out of scope: scan account {{topicAccountId}}.",
});

const IAC_MESSAGES = (events: string): Partial<Record<AlarmMessageId, string>> => ({
  ok:
    "Metric filters {{filters}} on CloudWatch Logs group {{logGroupName}} (trail {{trail}}) match every event of the " +
    `{{referenceVersion}} pattern for ${events}; alarms {{alarms}} fire on one and notify {{topics}}.`,
  notWired: `No multi-region trail in the file sends its events to CloudWatch Logs ({{trails}}), so no metric filter sees ${events}.`,
  logGroupMissing: "Trail {{trail}} names CloudWatch Logs group {{logGroupName}} ({{logGroupRegion}}), which the file does not define.",
});

const CREATE_TOPIC = "aws sns create-topic --region {{logGroupRegion}} --name {{topicName}}";
const PUT_SELECTORS = "aws cloudtrail put-event-selectors --trail-name {{trailArn}} --region {{homeRegion}} {{selectorsArgument}}";

function alarmCommand(c: { alarmName: string; metricName: string; namespace: string }): string {
  return (
    `aws cloudwatch put-metric-alarm --region {{logGroupRegion}} --alarm-name ${c.alarmName} --metric-name ${c.metricName} ` +
    `--namespace ${c.namespace} --statistic Sum --period 300 --evaluation-periods 1 --datapoints-to-alarm 1 --threshold 1 ` +
    "--comparison-operator GreaterThanOrEqualToThreshold --treat-missing-data notBreaching --alarm-actions {{topicArn}}"
  );
}

const ALARM_PROPERTIES = {
  Statistic: "Sum",
  Period: 300,
  EvaluationPeriods: 1,
  DatapointsToAlarm: 1,
  Threshold: 1,
  ComparisonOperator: "GreaterThanOrEqualToThreshold",
  TreatMissingData: "notBreaching",
};
const ALARM_LINES = [
  '  statistic           = "Sum"',
  "  period              = 300",
  "  evaluation_periods  = 1",
  "  datapoints_to_alarm = 1",
  "  threshold           = 1",
  '  comparison_operator = "GreaterThanOrEqualToThreshold"',
  '  treat_missing_data  = "notBreaching"',
];

/** The names the fixes of a control give what they create. */
export function fixNames(control: AlarmControl): { filterName: string; alarmName: string; tfName: string } {
  const slug = control.id.replace(/^cloudwatch-alarm-/, "");
  return { filterName: `cis-${control.cis}-${slug}`, alarmName: `cis-${control.cis}-${slug}`, tfName: slug.replace(/-/g, "_") };
}

/** The filter, topic and alarm that meet the control, in each medium. */
function filterFix(control: AlarmControl, lead: string): Remediation {
  const { filterName, alarmName, tfName } = fixNames(control);
  const pattern = control.reference.pattern;
  const text =
    `${lead}Add metric filter ${filterName} with the ${control.reference.version} pattern to CloudWatch Logs group {{logGroupName}} ` +
    `(account {{ownerAccountId}}, {{logGroupRegion}}), an alarm on its metric that fires on one event, and notify SNS topic {{topicArn}}, ` +
    "which needs a confirmed subscription.";
  return {
    text,
    cli: [
      `aws logs put-metric-filter --region {{logGroupRegion}} --log-group-name {{logGroupName}} --filter-name ${filterName} ` +
        `--filter-pattern ${shellQuote(pattern)} --metric-transformations metricName=${control.metricName},metricNamespace=${NAMESPACE},metricValue=1`,
      CREATE_TOPIC,
      "{{subscribeCommand}}",
      alarmCommand({ alarmName, metricName: control.metricName, namespace: NAMESPACE }),
    ],
    cloudformation: {
      text: `${lead}Add a metric filter with the ${control.reference.version} pattern on log group {{logGroupName}} and an alarm on its metric that notifies {{topicArn}}.`,
      resources: {
        [`${control.resourceStem}MetricFilter`]: {
          Type: "AWS::Logs::MetricFilter",
          Properties: {
            LogGroupName: "{{logGroupName}}",
            FilterName: filterName,
            FilterPattern: pattern,
            MetricTransformations: [{ MetricName: control.metricName, MetricNamespace: NAMESPACE, MetricValue: "1" }],
          },
        },
        [`${control.resourceStem}Alarm`]: {
          Type: "AWS::CloudWatch::Alarm",
          Properties: { AlarmName: alarmName, MetricName: control.metricName, Namespace: NAMESPACE, ...ALARM_PROPERTIES, AlarmActions: ["{{topicArn}}"] },
        },
      },
    },
    terraform: {
      text: `${lead}Add a metric filter with the ${control.reference.version} pattern on log group {{logGroupName}} and an alarm on its metric that notifies {{topicArn}}.`,
      snippet: [
        `resource "aws_cloudwatch_log_metric_filter" "${tfName}" {`,
        `  name           = "${filterName}"`,
        '  log_group_name = "{{logGroupName}}"',
        `  pattern        = ${JSON.stringify(pattern).replace(/\$\{/g, "$$${")}`,
        "  metric_transformation {",
        `    name      = "${control.metricName}"`,
        `    namespace = "${NAMESPACE}"`,
        '    value     = "1"',
        "  }",
        "}",
        "",
        `resource "aws_cloudwatch_metric_alarm" "${tfName}" {`,
        `  alarm_name          = "${alarmName}"`,
        `  metric_name         = aws_cloudwatch_log_metric_filter.${tfName}.metric_transformation[0].name`,
        `  namespace           = "${NAMESPACE}"`,
        ...ALARM_LINES,
        '  alarm_actions       = ["{{topicArn}}"]',
        "}",
      ],
    },
  };
}

const ALARM_TEXT =
  "Alarm on metric {{metricNamespace}}/{{metricName}} of log group {{logGroupName}} so that one event fires it (Sum, " +
  "GreaterThanOrEqualToThreshold 1, one datapoint) and notify SNS topic {{topicArn}}, which needs a confirmed subscription; " +
  "put-metric-alarm with the name of an existing alarm replaces its settings.";

function alarmFix(control: AlarmControl, cfn: Remediation["cloudformation"], tf: Remediation["terraform"]): Remediation {
  return {
    text: ALARM_TEXT,
    cli: [CREATE_TOPIC, "{{subscribeCommand}}", alarmCommand({ alarmName: "{{alarmName}}", metricName: "{{metricName}}", namespace: "{{metricNamespace}}" })],
    cloudformation: cfn,
    terraform: tf,
  };
}

function fixes(control: AlarmControl): Partial<Record<AlarmMessageId, Remediation>> {
  const filter = filterFix(control, "");
  const stem = control.resourceStem;
  return {
    notWired: filterFix(control, "Send a multi-region trail's events to CloudWatch Logs first (see cloudwatch-logs-integration), then: "),
    eventsNotRecorded: {
      text:
        "Replace the event selectors of trail {{trail}} (run in account {{ownerAccountId}}) with its current ones corrected to record " +
        "{{missingEvents}}; put-event-selectors replaces every selector, so the command keeps the trail's data-event selectors.",
      cli: [PUT_SELECTORS],
      ...MANAGEMENT_EVENTS,
    },
    logGroupMissing: filterFix(control, "Create CloudWatch Logs group {{logGroupName}} (aws logs create-log-group), or point the trail at the one it should use. "),
    noFilter: filter,
    filterMisses: {
      ...filter,
      text: `Widen the filters (or add one) so that they match every event of the ${control.reference.version} pattern. ${filter.text}`,
    },
    noAlarm: alarmFix(
      control,
      {
        text: "Add an alarm on metric {{metricNamespace}}/{{metricName}} that fires on one event and notifies {{topicArn}}.",
        resources: {
          [`${stem}Alarm`]: { Type: "AWS::CloudWatch::Alarm", Properties: { AlarmName: "{{alarmName}}", MetricName: "{{metricName}}", Namespace: "{{metricNamespace}}", ...ALARM_PROPERTIES, AlarmActions: ["{{topicArn}}"] } },
        },
      },
      {
        text: "Add an alarm on metric {{metricNamespace}}/{{metricName}} that fires on one event and notifies {{topicArn}}.",
        snippet: [
          `resource "aws_cloudwatch_metric_alarm" "${fixNames(control).tfName}" {`,
          '  alarm_name          = "{{alarmName}}"',
          '  metric_name         = "{{metricName}}"',
          '  namespace           = "{{metricNamespace}}"',
          ...ALARM_LINES,
          '  alarm_actions       = ["{{topicArn}}"]',
          "}",
        ],
      },
    ),
    alarmInsensitive: alarmFix(
      control,
      { text: "Make alarm {{alarm}} fire on one event: Sum, GreaterThanOrEqualToThreshold 1, one datapoint.", properties: ALARM_PROPERTIES },
      { text: "Make alarm {{alarm}} fire on one event: Sum, GreaterThanOrEqualToThreshold 1, one datapoint.", snippet: ["# in resource {{resourceId}}:", ...ALARM_LINES.map((l) => l.trim())] },
    ),
    noAlarmAction: alarmFix(
      control,
      { text: "Have alarm {{alarm}} notify SNS topic {{topicArn}}.", properties: { AlarmActions: ["{{topicArn}}"] } },
      { text: "Have alarm {{alarm}} notify SNS topic {{topicArn}}.", snippet: ["# in resource {{resourceId}}:", 'alarm_actions = ["{{topicArn}}"]'] },
    ),
    alarmDisabled: {
      text: "Enable the actions of alarm {{alarm}} (in account {{ownerAccountId}}, {{logGroupRegion}}).",
      cli: ["aws cloudwatch enable-alarm-actions --region {{logGroupRegion}} --alarm-names {{alarm}}"],
      cloudformation: { text: "Enable the actions of alarm {{alarm}}.", properties: { ActionsEnabled: true } },
      terraform: { text: "Enable the actions of alarm {{alarm}}.", snippet: ["# in resource {{resourceId}}:", "actions_enabled = true"] },
    },
    topicMissing: {
      text:
        "Create SNS topic {{topicName}} again (in account {{ownerAccountId}}, {{topicRegion}}) and subscribe the people or system who " +
        "answer alarms, or point alarm {{alarm}} at a topic that exists.",
      cli: [
        "aws sns create-topic --region {{topicRegion}} --name {{topicName}}",
        `aws sns subscribe --region {{topicRegion}} --topic-arn {{topicArn}} --protocol email --notification-endpoint ${EMAIL}`,
      ],
      cloudformation: {
        text: "Define SNS topic {{topicName}}, which alarm {{alarm}} notifies, with a subscriber.",
        resources: {
          [`${stem}Topic`]: {
            Type: "AWS::SNS::Topic",
            Properties: { TopicName: "{{topicName}}", Subscription: [{ Protocol: "email", Endpoint: "security-team@example.com" }] },
          },
        },
      },
      terraform: {
        text: "Define SNS topic {{topicName}}, which alarm {{alarm}} notifies, with a subscriber.",
        snippet: [
          `resource "aws_sns_topic" "${fixNames(control).tfName}" {`,
          '  name = "{{topicName}}"',
          "}",
          "",
          `resource "aws_sns_topic_subscription" "${fixNames(control).tfName}" {`,
          `  topic_arn = aws_sns_topic.${fixNames(control).tfName}.arn`,
          '  protocol  = "email"',
          '  endpoint  = "security-team@example.com"',
          "}",
        ],
      },
    },
    noSubscriber: {
      text:
        "Subscribe the people or system who answer alarms to SNS topic {{topicArn}}; an email subscription counts once its recipient " +
        "confirms it (list-subscriptions-by-topic then shows a SubscriptionArn instead of PendingConfirmation).",
      cli: [
        `aws sns subscribe --region {{topicRegion}} --topic-arn {{topicArn}} --protocol email --notification-endpoint ${EMAIL}`,
        "aws sns list-subscriptions-by-topic --region {{topicRegion}} --topic-arn {{topicArn}}",
      ],
      cloudformation: {
        text: "Subscribe someone to SNS topic {{topicArn}}; the recipient of an email subscription must confirm it.",
        resources: { [`${stem}Subscription`]: { Type: "AWS::SNS::Subscription", Properties: { TopicArn: "{{topicArn}}", Protocol: "email", Endpoint: "security-team@example.com" } } },
      },
      terraform: {
        text: "Subscribe someone to SNS topic {{topicArn}}; the recipient of an email subscription must confirm it.",
        snippet: [
          `resource "aws_sns_topic_subscription" "${fixNames(control).tfName}" {`,
          '  topic_arn = "{{topicArn}}"',
          '  protocol  = "email"',
          '  endpoint  = "security-team@example.com"',
          "}",
        ],
      },
    },
  };
}

/** The check's metadata, from the control's. */
export function alarmMeta(control: AlarmControl, docsUrl: string): CheckMeta<AlarmMessageId> {
  const frameworks: Record<string, string[]> = { "cis-aws-foundations-3.0": [control.cis] };
  if (control.securityHub) frameworks.securityhub = [control.securityHub];
  if (control.cis12) frameworks["cis-aws-foundations-1.2"] = [control.cis12];
  const all = fixes(control);
  return {
    id: control.id,
    docsUrl,
    title: control.title,
    severity: control.severity,
    judges: "account",
    rationale: control.rationale,
    reads: [
      { service: "cloudtrail", operation: "DescribeTrails" },
      { service: "cloudtrail", operation: "GetTrailStatus" },
      { service: "cloudtrail", operation: "GetEventSelectors" },
      { service: "logs", operation: "DescribeLogGroups" },
      { service: "logs", operation: "DescribeMetricFilters" },
      { service: "cloudwatch", operation: "DescribeAlarms" },
      { service: "sns", operation: "ListSubscriptionsByTopic" },
    ],
    messages: MESSAGES(control.events),
    iacMessages: IAC_MESSAGES(control.events),
    remediation: { ...all.noFilter!, text: all.noFilter!.text },
    fixes: all,
    frameworks,
    params: { type: "object", properties: {}, additionalProperties: false },
  };
}
