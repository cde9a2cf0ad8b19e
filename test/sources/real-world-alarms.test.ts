// Real public CIS monitoring set-ups (test/fixtures/iac/real-world/README.md cites each source):
// the trail's log group gets its metric filters with their patterns, the alarms their metric,
// threshold and actions resolved to the topic's ARN, and the topic its subscriptions (an email
// subscription: confirmed unknown, since its recipient confirms it). The alarm checks' verdicts on
// these files are pinned by their own tests; here, what they read.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { withUnknowns } from "../../src/model/derive.js";
import type { Account, LogGroup, MetricAlarm, SnsTopic } from "../../src/model/snapshot.js";
import { isUnknown } from "../../src/model/unknown.js";
import { parseIac, type IacOptions } from "../../src/sources/iac.js";
import { assertValid } from "../../src/util/schemas.js";

const DIR = join(import.meta.dirname, "../fixtures/iac/real-world");

function mapped(file: string, options: IacOptions = {}): Account {
  const source = parseIac(readFileSync(join(DIR, file), "utf8"), file, options);
  const snapshot = withUnknowns(source.snapshot);
  assertValid("snapshot.schema.json", snapshot, file);
  return snapshot.accounts[0]!;
}

/** `<filter> <metricNamespace>/<metricName> value=<v> default=<d> unit=<u> dims=<keys>: <pattern>` per filter of the trail's group. */
function filterRows(account: Account, arn: unknown): string[] {
  const group = (account.logGroups as LogGroup[]).find((g) => g.arn === arn);
  assert.ok(group, `no log group ${String(arn)}`);
  assert.ok(!isUnknown(group.metricFilters) && group.metricFilters, "metric filters not known");
  return group.metricFilters.map((f) => {
    const [t] = f.metricTransformations ?? [];
    return `${f.filterName} ${t?.metricNamespace}/${t?.metricName} value=${t?.metricValue} default=${t?.defaultValue ?? "-"} unit=${t?.unit ?? "-"} dims=${Object.keys(t?.dimensions ?? {}).join(",") || "-"}: ${f.filterPattern}`;
  });
}

/** `<alarm> <Namespace>/<MetricName> <Statistic> <ComparisonOperator> <Threshold> x<EvaluationPeriods> enabled=<ActionsEnabled> -> <AlarmActions>`. */
function alarmRows(account: Account): string[] {
  assert.ok(Array.isArray(account.alarms), `alarms not known: ${JSON.stringify(account.alarms)}`);
  return (account.alarms as MetricAlarm[]).map(
    (a) => `${a.AlarmName} ${a.Namespace}/${a.MetricName} ${a.Statistic} ${a.ComparisonOperator} ${a.Threshold} x${a.EvaluationPeriods} enabled=${a.ActionsEnabled} -> ${(a.AlarmActions ?? []).join(",")}`,
  );
}

function subscriptionRows(account: Account): string[] {
  return (account.snsTopics as SnsTopic[]).flatMap((t) =>
    (t.subscriptions as { Protocol: string; Endpoint?: string; confirmed: unknown }[]).map((s) => {
      const c = s.confirmed;
      return `${t.TopicArn} ${s.Protocol} ${JSON.stringify(s.Endpoint)} ${isUnknown(c) ? `unknown (${c.$unknown.message})` : String(c)}`;
    }),
  );
}

describe("real-world CIS alarm set-ups map", () => {
  it("cfn-lint-nist-logging-alarms.yaml (AWS Quick Start NIST logging): six filters on the trail's group, their alarms on the alarm topic, its email subscription", () => {
    const account = mapped("cfn-lint-nist-logging-alarms.yaml", { region: "us-east-1" });
    const STACK = "cfn-lint-nist-logging-alarms";
    const TOPIC = `arn:aws:sns:us-east-1:000000000000:${STACK}-rSecurityAlarmTopic`;
    const [trail] = account.trails as { CloudWatchLogsLogGroupArn?: unknown; IsMultiRegionTrail?: unknown }[];
    assert.equal(trail!.CloudWatchLogsLogGroupArn, `arn:aws:logs:us-east-1:000000000000:log-group:${STACK}-rCloudTrailLogGroup:*`);
    assert.equal(trail!.IsMultiRegionTrail, false);
    assert.deepEqual(filterRows(account, trail!.CloudWatchLogsLogGroupArn), [
      "rCloudTrailChange CloudTrailMetrics/CloudTrailChangeCount value=1 default=- unit=- dims=-: {($.eventSource = cloudtrail.amazonaws.com) && (($.eventName != Describe*) && ($.eventName != Get*) && ($.eventName != Lookup*) && ($.eventName != Lookup*))}",
      "rIAMPolicyChangesMetricFilter CloudTrailMetrics/IAMPolicyEventCount value=1 default=- unit=- dims=-: {($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}",
      'rIAMRootActivity CloudTrailMetrics/RootUserPolicyEventCount value=1 default=- unit=- dims=-: { $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
      "rNetworkAclChangesMetricFilter CloudTrailMetrics/NetworkAclEventCount value=1 default=- unit=- dims=-: { ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }",
      "rSecurityGroupChangesMetricFilter CloudTrailMetrics/SecurityGroupEventCount value=1 default=- unit=- dims=-: { ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }",
      "rUnauthorizedAttempts CloudTrailMetrics/UnauthorizedAttemptCount value=1 default=- unit=- dims=-: {($.errorCode=AccessDenied)||($.errorCode=UnauthorizedOperation)}",
    ]);
    assert.deepEqual(alarmRows(account), [
      `DetectCloudTrailChanges CloudTrailMetrics/CloudTrailChangeCount Sum GreaterThanOrEqualToThreshold 1 x1 enabled=true -> ${TOPIC}`,
      `DetectIAMPolicyChanges CloudTrailMetrics/IAMPolicyEventCount Sum GreaterThanOrEqualToThreshold 1 x1 enabled=true -> ${TOPIC}`,
      `CloudTrailNetworkAclChanges CloudTrailMetrics/NetworkAclEventCount Sum GreaterThanOrEqualToThreshold 1 x1 enabled=true -> ${TOPIC}`,
      `CloudTrailIAMRootActivity CloudTrailMetrics/RootUserPolicyEventCount Sum GreaterThanOrEqualToThreshold 1 x1 enabled=true -> ${TOPIC}`,
      `CloudTrailSecurityGroupChanges CloudTrailMetrics/SecurityGroupEventCount Sum GreaterThanOrEqualToThreshold 1 x1 enabled=true -> ${TOPIC}`,
      // Five unauthorized calls in five minutes: a single one does not fire it.
      `IAMUnauthorizedActionsAttempted CloudTrailMetrics/UnauthorizedAttemptCount Sum GreaterThanOrEqualToThreshold 5 x1 enabled=true -> ${TOPIC}`,
    ]);
    assert.deepEqual(subscriptionRows(account), [
      `${TOPIC} email "" unknown (rSecurityAlarmTopic (AWS::SNS::Topic) Subscription[0]: whether the subscription is confirmed: email subscriptions are confirmed by their endpoint's owner, not by the file; cannot be decided from this file)`,
    ]);
    assert.deepEqual((account.collectionErrors ?? []).map((e) => `${e.service}:${e.operation} ${e.code}`), ["sns:ListSubscriptionsByTopic Unresolved"]);
  });

  it("tf-cis-alarms-module.tfplan.json (terraform-aws-modules/cloudwatch cis-alarms, hand-derived plan): metric_name = the filter's id is the filter's name; the topic ARN through var.alarm_actions", () => {
    const account = mapped("tf-cis-alarms-module.tfplan.json");
    const TOPIC = "arn:aws:sns:us-east-1:000000000000:cis-alarms";
    const [trail] = account.trails as { CloudWatchLogsLogGroupArn?: unknown }[];
    assert.equal(trail!.CloudWatchLogsLogGroupArn, "arn:aws:logs:us-east-1:000000000000:log-group:/aws/cloudtrail/management:*");
    assert.deepEqual(filterRows(account, trail!.CloudWatchLogsLogGroupArn), [
      "CloudTrailCfgChanges CISBenchmark/CloudTrailCfgChanges value=1 default=0 unit=None dims=-: { ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }",
      'NoMFAConsoleSignin CISBenchmark/NoMFAConsoleSignin value=1 default=0 unit=None dims=-: { ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
      'RootUsage CISBenchmark/RootUsage value=1 default=0 unit=None dims=-: { $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
      'UnauthorizedAPICalls CISBenchmark/UnauthorizedAPICalls value=1 default=0 unit=None dims=-: { ($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*") }',
    ]);
    assert.deepEqual(alarmRows(account), [
      `CloudTrailCfgChanges CISBenchmark/CloudTrailCfgChanges Sum GreaterThanOrEqualToThreshold 1 x1 enabled=true -> ${TOPIC}`,
      `NoMFAConsoleSignin CISBenchmark/NoMFAConsoleSignin Sum GreaterThanOrEqualToThreshold 1 x1 enabled=true -> ${TOPIC}`,
      `RootUsage CISBenchmark/RootUsage Sum GreaterThanOrEqualToThreshold 1 x1 enabled=true -> ${TOPIC}`,
      `UnauthorizedAPICalls CISBenchmark/UnauthorizedAPICalls Sum GreaterThanOrEqualToThreshold 1 x1 enabled=true -> ${TOPIC}`,
    ]);
    assert.deepEqual(subscriptionRows(account), [
      `${TOPIC} email "security@example.com" unknown (aws_sns_topic_subscription.security_email: whether the subscription is confirmed: email subscriptions are confirmed by their endpoint's owner, not by the file; cannot be decided from this file)`,
    ]);
    assert.deepEqual((account.collectionErrors ?? []).map((e) => `${e.service}:${e.operation} ${e.code}`), ["sns:ListSubscriptionsByTopic Unresolved"]);
  });
});
