// The CIS monitoring checks on a CloudFormation template (test/fixtures/iac/cloudformation/
// cis-monitoring.yaml): results at the template lines of the deciding resources; an email
// subscription the file cannot confirm undecides instead of passing; the fix is the template's own
// resources; a trail whose log group the file does not define is ERROR, not "missing".
import assert from "node:assert/strict";
import { checks } from "../../src/checks/index.js";
import { loadIacFile } from "../../src/sources/iac.js";
import { iacContext } from "../../src/cli/sources.js";
import { runChecks } from "../../src/engine/run.js";
import { namedChecks } from "../helpers/named-checks.js";
import { ROOT, lint, loadFixture, rows } from "../sources/cloudformation/helpers.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const IDS = checks.map((c) => c.meta.id).filter((id) => id.startsWith("cloudwatch-alarm-"));

describe("CIS monitoring checks on a CloudFormation template", () => {
  const source = loadFixture("test/fixtures/iac/cloudformation/cis-monitoring.yaml", { region: "us-east-1" });

  it("gives each control its result at the line that decides it", () => {
    assert.deepEqual(rows(source, lint(source, IDS)), [
      "cloudwatch-alarm-cloudtrail-changes PASS ok /accounts/0/logGroups/0/metricFilters/1 @71:3",
      "cloudwatch-alarm-cmk-disable-or-deletion FAIL filterMisses /accounts/0/logGroups/0/metricFilters/5 @149:3",
      "cloudwatch-alarm-config-changes FAIL alarmDisabled /accounts/0/alarms/6 @176:3",
      "cloudwatch-alarm-console-auth-failures ERROR collection-error /accounts/0/collectionErrors/0 @47:11",
      "cloudwatch-alarm-console-signin-without-mfa FAIL filterMisses /accounts/0/logGroups/0/metricFilters/4 @129:3",
      "cloudwatch-alarm-iam-policy-changes FAIL noFilter /accounts/0/logGroups/0 @28:3",
      "cloudwatch-alarm-nacl-changes FAIL noFilter /accounts/0/logGroups/0 @28:3",
      "cloudwatch-alarm-network-gateway-changes FAIL noFilter /accounts/0/logGroups/0 @28:3",
      "cloudwatch-alarm-organizations-changes FAIL noFilter /accounts/0/logGroups/0 @28:3",
      "cloudwatch-alarm-root-usage PASS ok /accounts/0/logGroups/0/metricFilters/0 @51:3",
      "cloudwatch-alarm-route-table-changes FAIL noFilter /accounts/0/logGroups/0 @28:3",
      "cloudwatch-alarm-s3-bucket-policy-changes FAIL noFilter /accounts/0/logGroups/0 @28:3",
      "cloudwatch-alarm-security-group-changes FAIL alarmInsensitive /accounts/0/alarms/3 @116:3",
      "cloudwatch-alarm-unauthorized-api-calls FAIL noFilter /accounts/0/logGroups/0 @28:3",
      "cloudwatch-alarm-vpc-changes FAIL noFilter /accounts/0/logGroups/0 @28:3",
    ]);
  });

  it("names the filters of a split control, and what a near miss misses", () => {
    const findings = lint(source, IDS);
    const of = (id: string) => findings.find((f) => f.checkId === `cloudwatch-alarm-${id}`)!;
    assert.match(of("cloudtrail-changes").message, /^Metric filters TrailStopFilter, TrailChangeFilter on CloudWatch Logs group cloudtrail\/audit/);
    assert.match(of("cmk-disable-or-deletion").message, /miss events where \$\.eventSource = "kms\.amazonaws\.com" && \$\.eventName = "ScheduleKeyDeletion"/);
    assert.match(of("console-auth-failures").message, /MailTopic \(AWS::SNS::Topic\) Subscription\[0\]: whether the subscription is confirmed: email subscriptions are confirmed by their endpoint's owner/);
  });

  it("fixes a template in the template: an alarm's properties, or new resources", () => {
    const findings = runChecks(namedChecks(IDS), source.snapshot, new Map(), source.file, iacContext(source, source.file, ROOT));
    const insensitive = findings.find((f) => f.messageId === "alarmInsensitive")!;
    assert.equal(insensitive.remediation?.iac?.medium, "cloudformation");
    assert.match(insensitive.remediation!.iac!.snippet, /SecurityGroupAlarm:\n {4}Properties:\n {6}Statistic: Sum[\s\S]*ComparisonOperator: GreaterThanOrEqualToThreshold/);
    const missing = findings.find((f) => f.checkId === "cloudwatch-alarm-vpc-changes")!;
    assert.match(missing.remediation!.iac!.snippet, /VpcChangesMetricFilter:\n {4}Type: AWS::Logs::MetricFilter[\s\S]*LogGroupName: cloudtrail\/audit[\s\S]*VpcChangesAlarm:/);
  });

  it("is ERROR, not a missing log group, when the trail's log group is defined elsewhere", () => {
    const dir = mkdtempSync(join(tmpdir(), "ctl-cis-"));
    const file = join(dir, "trail.yaml");
    writeFileSync(
      file,
      [
        "Resources:",
        "  Trail:",
        "    Type: AWS::CloudTrail::Trail",
        "    Properties:",
        "      IsLogging: true",
        "      IsMultiRegionTrail: true",
        "      S3BucketName: shared-logs",
        "      CloudWatchLogsLogGroupArn: arn:aws:logs:us-east-1:000000000000:log-group:shared/cloudtrail:*",
        "      CloudWatchLogsRoleArn: arn:aws:iam::000000000000:role/CloudTrailLogs",
        "",
      ].join("\n"),
    );
    const other = loadIacFile(file, { region: "us-east-1" });
    const [finding] = lint(other, ["cloudwatch-alarm-root-usage"]);
    assert.equal(finding!.status, "ERROR");
    assert.match(finding!.message, /CloudWatch Logs group shared\/cloudtrail, which trail .* delivers to, is not defined in this file/);
  });
});
