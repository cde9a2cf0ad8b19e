// The CIS monitoring checks on a CloudFormation template (test/fixtures/iac/cloudformation/
// cis-monitoring.yaml): results at the template lines of the deciding resources; an email
// subscription the file cannot confirm undecides instead of passing; the fix is the template's own
// resources; a trail whose log group the file does not define is ERROR, not "missing".
import assert from "node:assert/strict";
import { checks } from "../../src/checks/index.js";
import { loadIacFile, parseIac } from "../../src/sources/iac.js";
import { iacContext } from "../../src/cli/sources.js";
import { runChecks } from "../../src/engine/run.js";
import { namedChecks } from "../helpers/named-checks.js";
import { ROOT, at, lint, loadFixture, rows } from "../sources/cloudformation/helpers.js";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
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
      "cloudwatch-alarm-console-signin-without-mfa FAIL noFilter /accounts/0/logGroups/0 @28:3",
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

describe("CIS monitoring checks on real public templates (test/fixtures/iac/real-world/README.md)", () => {
  const nist = "test/fixtures/iac/real-world/cfn-lint-nist-logging-alarms.yaml";

  it("the AWS Quick Start NIST logging template as published: its trail is single-region, so nothing is monitored in the other regions", () => {
    const source = loadFixture(nist, { region: "us-east-1" });
    const findings = lint(source, IDS);
    assert.deepEqual([...new Set(findings.map((f) => `${f.status} ${f.messageId} ${at(source, f.pointer!)}`))], ["FAIL notWired 52:3"]);
    assert.equal(findings.length, 15);
  });

  it("the same template with a multi-region trail: exact error codes miss the wildcards' events; the email topic undecides the rest", () => {
    const text = readFileSync(join(ROOT, nist), "utf8").replace("      IsLogging: true\n", "      IsLogging: true\n      IsMultiRegionTrail: true\n");
    const source = parseIac(text, nist, { region: "us-east-1" });
    const findings = lint(source, IDS);
    const verdicts = Object.fromEntries(findings.map((f) => [f.checkId.replace("cloudwatch-alarm-", ""), `${f.status} ${f.messageId}`]));
    assert.deepEqual(verdicts, {
      "cloudtrail-changes": "ERROR collection-error",
      "cmk-disable-or-deletion": "FAIL noFilter",
      "config-changes": "FAIL noFilter",
      "console-auth-failures": "FAIL noFilter",
      "console-signin-without-mfa": "FAIL noFilter",
      "iam-policy-changes": "ERROR collection-error",
      "nacl-changes": "ERROR collection-error",
      "network-gateway-changes": "FAIL noFilter",
      // The IAM policy filter has no eventSource: it also matches Organizations' CreatePolicy and DeletePolicy.
      "organizations-changes": "FAIL filterMisses",
      "root-usage": "ERROR collection-error",
      "route-table-changes": "FAIL noFilter",
      "s3-bucket-policy-changes": "FAIL noFilter",
      "security-group-changes": "ERROR collection-error",
      "unauthorized-api-calls": "FAIL filterMisses",
      "vpc-changes": "FAIL noFilter",
    });
    const unauthorized = findings.find((f) => f.checkId === "cloudwatch-alarm-unauthorized-api-calls")!;
    assert.match(unauthorized.message, /^Metric filters rUnauthorizedAttempts .* miss events where \$\.errorCode = "\*UnauthorizedOperation" && !\(\$\.errorCode = "UnauthorizedOperation"\) \(compared with the CIS v1\.4\.0–v3\.0\.0 4\.1 pattern\)\.$/);
    const email = findings.find((f) => f.checkId === "cloudwatch-alarm-root-usage")!;
    assert.match(email.message, /rSecurityAlarmTopic \(AWS::SNS::Topic\) Subscription\[0\]: whether the subscription is confirmed: email subscriptions/);
  });

  it("terraform-aws-modules/cloudwatch cis-alarms (hand-derived plan): four controls, each behind an email subscription", () => {
    const source = loadFixture("test/fixtures/iac/real-world/tf-cis-alarms-module.tfplan.json");
    const verdicts = lint(source, IDS).map((f) => `${f.checkId.replace("cloudwatch-alarm-", "")} ${f.status} ${f.messageId}`);
    assert.deepEqual(
      verdicts.filter((v) => !v.endsWith("FAIL noFilter")),
      ["cloudtrail-changes ERROR collection-error", "console-signin-without-mfa ERROR collection-error", "root-usage ERROR collection-error", "unauthorized-api-calls ERROR collection-error"],
    );
    assert.equal(verdicts.length, 15);
  });
});
