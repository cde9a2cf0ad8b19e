// Writes docs/checks/cloudwatch-alarm-*.md from controls.mts and the shared text below:
// npm run docs:alarms (then read the diff). The 15 pages share most of their text, so they are
// written from one place.
// When the check module src/checks/cloudwatch-alarm-<slug>.ts exists, its metadata wins (severity,
// reference pattern and version, metric name, message ids, sources); every example is verified
// against the reference with the project's entailment engine (both readings of `!=`).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { both } from "./verify.mts";
import { CONTROLS, type Control, type Example } from "./controls.mts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");
const MESSAGE_IDS = ["ok", "suspended", "noTrailInFile", "none", "notWired", "eventsNotRecorded", "logGroupMissing", "noFilter", "filterMisses", "noAlarm", "alarmInsensitive", "alarmDisabled", "noAlarmAction", "topicMissing", "noSubscriber", "unreadablePattern", "undecided", "alarmMetricMath", "topicOutOfScope"];

interface Meta {
  severity: string;
  reference: string;
  referenceVersion: string;
  metricName: string;
  filterName: string;
  alarmName: string;
  namespace: string;
  messages: string[];
  sources?: string[];
  needsRead: boolean;
  commands: string[];
}

const unquote = (s: string) => s.slice(1, -1).replace(/'\\''/g, "'");

async function metaOf(c: Control): Promise<Meta> {
  const id = `cloudwatch-alarm-${c.slug}`;
  const file = `${ROOT}/src/checks/${id}.ts`;
  const fallback: Meta = {
    severity: c.severity,
    reference: c.reference,
    referenceVersion: c.referenceVersion,
    metricName: c.metricName,
    filterName: `cis-${c.cis}-${c.slug}`,
    alarmName: `cis-${c.cis}-${c.slug}`,
    namespace: "CISBenchmark",
    messages: MESSAGE_IDS,
    ...(c.sources ? { sources: c.sources } : {}),
    needsRead: c.needsRead,
    // The commands the spec says the checks print (the registry test wants their first three words on the page).
    commands: ["aws logs put-metric-filter", "aws sns create-topic", "aws cloudwatch put-metric-alarm", "aws cloudtrail put-event-selectors", "aws cloudwatch enable-alarm-actions", "aws sns subscribe", "aws sns list-subscriptions-by-topic", "aws logs create-log-group"],
  };
  if (!existsSync(file)) return fallback;
  const { check } = (await import(file)) as { check: { meta: { severity: string; messages: Record<string, string>; remediation: { text: string; cli?: string[] }; fixes?: Record<string, { cli?: string[] }> } } };
  const m = check.meta;
  const put = m.remediation.cli![0]!;
  const pattern = /--filter-pattern ('(?:[^']|'\\'')*')/.exec(put)![1]!;
  const version = /with the (.*) pattern to CloudWatch Logs group/.exec(m.remediation.text)![1]!;
  const src = readFileSync(file, "utf8");
  const sources = /sources: \[([^\]]*)\]/.exec(src)?.[1]?.match(/"[^"]+"/g)?.map((s) => s.slice(1, -1));
  const needsRead = /needsRead: true/.test(src);
  const commands = [...(m.remediation.cli ?? []), ...Object.values(m.fixes ?? {}).flatMap((f) => f.cli ?? [])];
  return {
    severity: m.severity,
    reference: unquote(pattern),
    referenceVersion: version,
    metricName: /metricName=([^,]+),/.exec(put)![1]!,
    filterName: /--filter-name (\S+)/.exec(put)![1]!,
    alarmName: /--alarm-name (\S+)/.exec(m.remediation.cli!.find((x) => x.startsWith("aws cloudwatch put-metric-alarm"))!)![1]!,
    namespace: /metricNamespace=([^,]+),/.exec(put)![1]!,
    messages: Object.keys(m.messages),
    ...(sources ? { sources } : {}),
    needsRead,
    commands,
  };
}

const code = (s: string) => "`" + s + "`";
const shown = (e: Example) => e.shown ?? e.filters.map(code).join(" plus ");

function verify(c: Control, meta: Meta): string[] {
  const problems: string[] = [];
  for (const e of c.passes) {
    const r = both(e.filters, meta.reference);
    if (r.verdict !== true) problems.push(`${c.slug}: pass example does not cover: ${shown(e)}: ${r.detail.join(" | ")}`);
  }
  for (const e of c.misses) {
    const r = both(e.filters, meta.reference);
    if (r.verdict !== false) problems.push(`${c.slug}: near miss covers (or undecided): ${shown(e)}: ${r.detail.join(" | ")}`);
  }
  return problems;
}

function wrap(text: string, indent = "", width = 110): string {
  const out: string[] = [];
  for (const para of text.split("\n")) {
    const lead = /^\s*/.exec(para)![0];
    // Never wrap inside inline code: split into tokens of code spans and words.
    const tokens = para.slice(lead.length).match(/(?:`[^`]*`|[^\s`])+/g) ?? [];
    let line = lead;
    let empty = true; // nothing but the indent and a list marker so far
    for (const t of tokens) {
      if (!empty && (line + " " + t).length > width) {
        out.push(line);
        line = indent + t;
      } else line = line.trim() === "" ? line + t : `${line} ${t}`;
      empty = /^\s*(-|\d+\.)?$/.test(line);
    }
    out.push(line);
  }
  return out.join("\n");
}

const bullet = (text: string) => wrap(`- ${text}`, "  ");

function page(c: Control, meta: Meta): string {
  const id = `cloudwatch-alarm-${c.slug}`;
  const readWrite = meta.needsRead ? "read and write management events" : "write management events";
  const intro = wrap(
    `Someone hears within minutes of ${c.intro} This is CIS AWS Foundations ${c.cis}${c.sh ? ` (Security Hub ${c.sh})` : ""}: some ` +
      `logging multi-region trail that covers the account and records ${readWrite} delivers to a CloudWatch Logs group, ` +
      "where metric filters together match every event of the reference pattern below (matched by meaning, not by text), " +
      "each feeding an alarm that fires on a single event and notifies an SNS topic with a confirmed subscription. " +
      `Severity ${meta.severity}; one result per account (\`judges: "account"\`).`,
  );

  const sourcesText = meta.sources
    ? `and not exclude ${meta.sources.map(code).join(", ")}, where the control's events come from`
    : "and exclude no event source (the control's events may come from any service)";
  const semantics = [
    bullet(c.events),
    `${bullet(`**The reference pattern**, ${meta.referenceVersion}:`)}\n\n  \`\`\`\n  ${meta.reference}\n  \`\`\`\n\n${wrap(`  ${c.versions}`, "  ")}`,
    bullet(
      "**Matched by meaning, not by text.** The filters' patterns are parsed (`src/model/filter-pattern`) and must together " +
        "match every event the reference matches: term order, parentheses, spacing, quotes, extra `||` terms and a split " +
        "across several filters (each with its own alarm) do not matter; anything that matches less does, and the FAIL " +
        "names the events missed. Values compare case-sensitively, `*` is a wildcard. These pass:",
    ) +
      "\n" +
      c.passes.map((e) => wrap(`  - ${shown(e)}: ${e.note}`, "    ")).join("\n") +
      "\n\n  These FAIL (`filterMisses`):\n" +
      c.misses.map((e) => wrap(`  - ${shown(e)}: ${e.note}`, "    ")).join("\n"),
    bullet(
      "**`!=` on a missing field.** AWS does not document whether `$.f != \"x\"` matches an event that has no `$.f`; the " +
        `check accepts filters only if they cover the reference under both readings. ${c.ne}`,
    ),
    bullet(
      `**Management events.** The trail must record ${readWrite} (\`GetEventSelectors\`, evaluated as CloudTrail does) ` +
        `${sourcesText}. An exclusion is \`ExcludeManagementEventSources\` or an advanced selector's \`eventSource\` ` +
        "`NotEquals`/`NotStartsWith`. Otherwise FAIL `eventsNotRecorded`.",
    ),
    ...(c.extra ?? []).map(bullet),
    bullet(
      "**Where the check looks.** In the log group that the trail's `CloudWatchLogsLogGroupArn` names, in the account " +
        "and region of that ARN: its metric filters (`DescribeMetricFilters`), the alarms of that account and region " +
        "(`DescribeAlarms`), and the subscriptions of the SNS topics those alarms notify (`ListSubscriptionsByTopic`, in " +
        "the topic's own account and region). Filters on other log groups do not count. With several candidate trails, " +
        "the first that passes decides; otherwise the result is the one that got furthest along the chain.",
    ),
    bullet(
      "**What makes an alarm count.** A metric alarm on the filter's metric: same `MetricName` and `Namespace`, and the " +
        "same dimensions as the filter publishes (none for none; an alarm with other dimensions never gets a datapoint). " +
        "The datapoint of a single event must breach: `Statistic` `SampleCount` (1 per event) or `Sum` of a numeric " +
        "`metricValue`, against `Threshold` with `GreaterThanOrEqualToThreshold` or `GreaterThanThreshold` (for a value " +
        "of 1: `>= 1`, or `> 0`), with `DatapointsToAlarm` (default `EvaluationPeriods`) 1 and a `Unit`, if set, equal to " +
        "the filter's; `Average`, `Maximum` or a threshold of 10 do not count. Any period. `ActionsEnabled` not false, and " +
        "`AlarmActions` naming an SNS topic with at least one confirmed subscription (a `SubscriptionArn`, not " +
        "`PendingConfirmation`); actions that are not SNS topics (Auto Scaling, EC2, Systems Manager) do not count.",
    ),
    bullet(
      "**Organization trails.** A member is credited through the organization trail: its events land in the log group " +
        "the trail names, in the account that owns the trail (the management account), so the filters, alarms and topic " +
        "there decide for every member it covers (each log group is judged once). A member's own filters count only on a " +
        "group that a trail covering it delivers to.",
    ),
    bullet(
      "**Templates and plans.** Metric filters (`AWS::Logs::MetricFilter`, `aws_cloudwatch_log_metric_filter`), alarms " +
        "(`AWS::CloudWatch::Alarm`, `aws_cloudwatch_metric_alarm`), topics and subscriptions (`AWS::SNS::Topic`, " +
        "`AWS::SNS::Subscription`, `aws_sns_topic`, `aws_sns_topic_subscription`) of the same file are judged together. A " +
        "log group or topic the file does not define cannot be judged from it (ERROR, naming it). An email, http(s) or " +
        "SMS subscription is confirmed by its recipient, which a file cannot show: ERROR until deployed and scanned live. " +
        "SQS, Lambda, Firehose and mobile-application endpoints in the topic's own account are confirmed by SNS itself and count.",
    ),
    bullet(
      "**Unknown values.** Filters, alarms or subscriptions that could not be read, and trails whose wiring, selectors or " +
        "status are unknown, may hide the set-up that passes: a verdict short of PASS that rests on them is ERROR. A PASS " +
        "on what was read stands.",
    ),
  ].join("\n");

  const has = (m: string) => meta.messages.includes(m);
  const statuses = [
    "- **PASS** `ok`: the filters with a working alarm chain cover the reference; the message names the filters, alarms " +
      "and topics, and the version it compared with.",
    "- **NOT_APPLICABLE** `suspended`: the account is suspended or being closed. `none`: no logging trail covers the " +
      "account (see multi-region-trail); with unknowns that may hide one, ERROR. `noTrailInFile`: a template or plan that " +
      "defines no trail (the trail may be in another stack); ERROR instead when a custom resource, nested stack or " +
      "StackSet of the file may create one.",
    "- **FAIL** `notWired`: no logging multi-region trail covering the account delivers to CloudWatch Logs (see " +
      "cloudwatch-logs-integration). `eventsNotRecorded`: the only wired ones do not record the management events the " +
      "control needs (or exclude their source). `logGroupMissing`: the trail names a log group its account does not have.",
    "- **FAIL** `noFilter`: no metric filter of the group is written for the control, that is, matches some event of " +
      "the reference and shares one of its positive terms (the same test on the same field, or a wildcard that matches " +
      "the reference's value; for the two sign-in controls, whose ConsoleLogin is each other's too, it tests " +
      "`$.additionalEventData.MFAUsed` or `$.errorMessage`); a root-usage filter matches a root user's VPC change, " +
      "but is not a VPC filter. " +
      "`filterMisses`: the filters written for it match some events, not all; the message names them and the events " +
      "they miss (for example `events where $.eventName = ... && !(...)`) and the reference version; the evidence " +
      "holds one such event.",
    "- **FAIL**, on the filters that would cover, the link of their alarm chain that got furthest: `noAlarm` (no alarm " +
      "watches the filter's metric; alarms on the same metric name in another namespace or with other dimensions are " +
      "named), `alarmInsensitive` (one event does not put it in ALARM: statistic, threshold, comparison, datapoints or " +
      "unit, with the reason), `alarmDisabled` (`ActionsEnabled` false), `noAlarmAction` (no SNS topic in " +
      "`AlarmActions`), `topicMissing` (the topic was deleted: `ListSubscriptionsByTopic` answered NotFound), " +
      "`noSubscriber` (the topic has no confirmed subscription; pending ones are counted).",
    "- **ERROR** `unreadablePattern`: a filter whose pattern the parser cannot read (a syntax error, a term, " +
      "space-delimited or regex pattern), with an alarm chain that may work, might cover. `undecided`: entailment could " +
      "not be decided within its bounds. `alarmMetricMath`: only a metric-math alarm watches the metric, which is not " +
      "evaluated. `topicOutOfScope`: the alarm notifies a topic of an account outside the snapshot (scan that account too).",
    "- **ERROR** `collection-error` (the engine's, naming the failed read): a verdict short of PASS rests on an unknown " +
      "value (see above). `internal-error`: the check threw (a bug).",
  ].map((s) => wrap(s, "  "));
  const missingIds = meta.messages.filter((m) => !statuses.join("\n").includes(code(m)));
  if (missingIds.length > 0) throw new Error(`${id}: message ids not explained: ${missingIds.join(", ")}`);
  void has;

  const q = `'${meta.reference.replace(/'/g, `'\\''`)}'`;
  const fix = [
    wrap(
      "Filled in with the log group, its region and its account; run them as the account that owns the log group (for " +
        "an organization trail, the management account).",
    ),
    "",
    bullet("`noFilter`, `filterMisses` (and the general fix): this control's filter with the reference pattern, a topic, a subscriber, and the alarm:"),
    "  ```sh",
    `  aws logs put-metric-filter --region <log group region> --log-group-name <log group> --filter-name ${meta.filterName} \\`,
    `    --filter-pattern ${q} \\`,
    `    --metric-transformations metricName=${meta.metricName},metricNamespace=${meta.namespace},metricValue=1`,
    "  aws sns create-topic --region <log group region> --name cis-monitoring-alarms",
    "  {{subscribeCommand}}",
    `  aws cloudwatch put-metric-alarm --region <log group region> --alarm-name ${meta.alarmName} --metric-name ${meta.metricName} \\`,
    `    --namespace ${meta.namespace} --statistic Sum --period 300 --evaluation-periods 1 --datapoints-to-alarm 1 --threshold 1 \\`,
    "    --comparison-operator GreaterThanOrEqualToThreshold --treat-missing-data notBreaching --alarm-actions <topic ARN>",
    "  ```",
    wrap(
      "  The topic is one of the account's in the log group's region that has a confirmed subscription, when there is " +
        "one, else `cis-monitoring-alarms` (`create-topic` is idempotent: for an existing name it returns that topic's " +
        "ARN). `{{subscribeCommand}}` is built by the check: `aws sns list-subscriptions-by-topic --region <region> " +
        "--topic-arn <topic ARN>` (showing the confirmed subscriber) when the topic has one, else `aws sns subscribe " +
        "--region <region> --topic-arn <topic ARN> --protocol email --notification-endpoint <security-team@example.com>` " +
        "(use the address of whoever answers alarms; the recipient must confirm). For `filterMisses` the new filter goes " +
        "beside the existing ones; widening one of them is as good.",
      "  ",
    ),
    bullet(
      "`logGroupMissing`: create the group first (`aws logs create-log-group --region <region> --log-group-name <log " +
        "group>`) or point the trail at the group it should use, then the commands above. `notWired`: wire a multi-region " +
        "trail to CloudWatch Logs first (see cloudwatch-logs-integration); the commands above then use the group it " +
        "suggests, `aws-cloudtrail-logs-<trail>`.",
    ),
    bullet(
      `\`eventsNotRecorded\`: \`aws cloudtrail put-event-selectors --trail-name <trail ARN> --region <home region> <selectors>\`, ` +
        `run in the trail's account: its current selectors corrected to record ${readWrite}` +
        `${meta.sources ? " without excluding " + meta.sources.map(code).join(", ") : ""} ` +
        "(`put-event-selectors` replaces every selector, so the command keeps the data-event selectors).",
    ),
    bullet(
      "`noAlarm`, `alarmInsensitive`, `noAlarmAction`: `create-topic`, `{{subscribeCommand}}` and `put-metric-alarm` as " +
        `above, on the filter's own metric and namespace (alarm \`${meta.alarmName}\`; given the name of an existing alarm, ` +
        "`put-metric-alarm` replaces that alarm's settings instead).",
    ),
    bullet("`alarmDisabled`: `aws cloudwatch enable-alarm-actions --region <region> --alarm-names <alarm>`."),
    bullet(
      "`topicMissing`: `aws sns create-topic --region <topic region> --name <topic name>` creates the topic again under " +
        "its old name (so its ARN, which the alarm names, is the same), then `aws sns subscribe` as for `noSubscriber`.",
    ),
    bullet(
      "`noSubscriber`: `aws sns subscribe --region <topic region> --topic-arn <topic ARN> --protocol email " +
        "--notification-endpoint <security-team@example.com>`, then, once the recipient confirmed, `aws sns " +
        "list-subscriptions-by-topic --region <topic region> --topic-arn <topic ARN>` shows a `SubscriptionArn` instead of " +
        "`PendingConfirmation`.",
    ),
    "",
    wrap(
      `In a template or plan: an \`AWS::Logs::MetricFilter\` on the log group with the reference pattern and an ` +
        `\`AWS::CloudWatch::Alarm\` on its metric (\`${meta.namespace}\`/\`${meta.metricName}\`, \`Sum\`, ` +
        "`GreaterThanOrEqualToThreshold` 1, one datapoint) notifying the topic; in Terraform an " +
        "`aws_cloudwatch_log_metric_filter` and an `aws_cloudwatch_metric_alarm`. A topic the file should own is an " +
        "`AWS::SNS::Topic` / `aws_sns_topic`, its subscriber an `AWS::SNS::Subscription` / `aws_sns_topic_subscription`. " +
        "For alarm findings, the properties to set on the judged alarm (`Statistic`, `Threshold`, `ComparisonOperator`, " +
        "`EvaluationPeriods`, `DatapointsToAlarm`, `ActionsEnabled`, `AlarmActions`); for `eventsNotRecorded`, a " +
        "read-and-write management event selector on the trail. The commands are for what is already deployed.",
    ),
  ].join("\n");

  const frameworks = [
    c.sh ? bullet(`\`securityhub\`: ${c.sh} (${c.shTitle}).`) : bullet("`securityhub`: none; Security Hub has no control for this recommendation."),
    bullet(`\`cis-aws-foundations-3.0\`: ${c.cis} (${c.cisTitle}; the same number in v1.4.0–v3.0.0).`),
    c.cis12 ? bullet(`\`cis-aws-foundations-1.2\`: ${c.cis12}.`) : bullet("`cis-aws-foundations-1.2`: none; v1.2.0 has no such recommendation."),
    "",
    wrap(
      c.sh
        ? `Note: Security Hub's own evaluation of ${c.sh} passes only the exact published filter pattern (no added terms), so a filter written differently can PASS here and FAIL there.`
        : "Note: with no Security Hub control, nothing in Security Hub reports this one.",
    ),
  ].join("\n");

  return [
    `# ${id}`,
    "",
    intro,
    "",
    "## AWS semantics and edge cases",
    "",
    semantics,
    "",
    "## How each status arises",
    "",
    statuses.join("\n"),
    "",
    "## Fix",
    "",
    fix,
    "",
    "## Frameworks",
    "",
    frameworks,
    "",
    "## Params",
    "",
    "None.",
    "",
  ].join("\n");
}

const problems: string[] = [];
for (const c of CONTROLS) {
  const meta = await metaOf(c);
  problems.push(...verify(c, meta));
  // Every command's first three words must be on the page (registry test).
  const text = page(c, meta);
  const fixSection = text.slice(text.indexOf("## Fix"), text.indexOf("## Frameworks"));
  for (const cmd of meta.commands.filter((x) => !x.startsWith("{{"))) {
    const head = cmd.split(" ").slice(0, 3).join(" ");
    if (!fixSection.includes(head)) problems.push(`${c.slug}: Fix does not show ${head}`);
  }
  writeFileSync(`${ROOT}/docs/checks/cloudwatch-alarm-${c.slug}.md`, text);
}
if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`wrote ${CONTROLS.length} pages`);
