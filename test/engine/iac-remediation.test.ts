// Fixes in the file's own medium (src/engine/iac-fix.ts): for a finding on a template or plan the
// remediation is the change to the file first, the CLI commands second (for a resource already
// deployed), never naming the synthesized account 000000000000; for live data nothing changes.
import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "yaml";
import { checks } from "../../src/checks/index.js";
import { iacContext } from "../../src/cli/sources.js";
import { defineCheck, type CheckModule } from "../../src/engine/check.js";
import { renderCloudFormation, resourceNames, SYNTHESIZED_ACCOUNT_ID } from "../../src/engine/iac-fix.js";
import { render, runCheck, runChecks, type Finding } from "../../src/engine/run.js";
import type { Snapshot } from "../../src/model/snapshot.js";
import { IAC_DEFAULT_ACCOUNT_ID, loadIacFile } from "../../src/sources/iac.js";
import { packageRoot } from "../../src/util/paths.js";
import { schemaValidator } from "../../src/util/schemas.js";
import { single } from "../helpers/builders.js";

const ROOT = packageRoot();

function lintFile(file: string): Finding[] {
  const source = loadIacFile(join(ROOT, file), { cwd: ROOT });
  return runChecks(checks, source.snapshot, new Map(), source.file, iacContext(source, file, ROOT));
}

/** One FAIL per row: which fix the file gets, by its first snippet lines. */
interface Row {
  file: string;
  check: string;
  messageId: string;
  /** The snippet's first lines, as rendered. */
  starts: string[];
  /** A command of the deployed fix that must still be there, second. */
  cli?: RegExp;
}

const CFN = "examples/iac/blog.yaml";
const TF = "examples/iac/blog.tfplan.json";
const REGIONAL = "test/fixtures/iac/fixes/single-region.yaml";
const TF_KMS = "test/fixtures/iac/terraform/kms.tfplan.json";
const CFN_KMS = "test/fixtures/iac/cloudformation/kms.yaml";
const CIS = "test/fixtures/iac/cloudformation/cis-monitoring.yaml";
/** The CIS monitoring checks: each control's filter and alarm, added to blog.yaml (whose trail is not wired). */
const ALARM_ROWS: Row[] = checks
  .filter((c) => c.meta.id.startsWith("cloudwatch-alarm-"))
  .map((c) => {
    const stem = Object.keys(c.meta.fixes!.notWired!.cloudformation!.resources!)[0]!;
    return { file: CFN, check: c.meta.id, messageId: "notWired", starts: ["Resources:", `  ${stem}:`, "    Type: AWS::Logs::MetricFilter", "    Properties:", "      LogGroupName: aws-cloudtrail-logs-My-All-Regions-Trail"], cli: /^aws logs put-metric-filter --region us-east-1 --log-group-name aws-cloudtrail-logs-My-All-Regions-Trail / };
  });

const ROWS: Row[] = [
  { file: CFN, check: "log-bucket-object-lock", messageId: "offUnversioned", starts: ["Resources:", "  CloudTrailBucket:", "    Properties:", "      ObjectLockEnabled: true", "      ObjectLockConfiguration:"], cli: /^aws s3api put-bucket-versioning --bucket my-cloudtrail-bucket-<account-id> / },
  { file: TF, check: "log-bucket-object-lock", messageId: "offUnversioned", starts: ["# in resource aws_s3_bucket.cloudtrail:", "object_lock_enabled = true", "", 'resource "aws_s3_bucket_versioning" "cloudtrail" {'], cli: /put-object-lock-configuration --bucket my-cloudtrail-bucket-731245896504 / },
  { file: CFN, check: "log-file-validation", messageId: "off", starts: ["Resources:", "  AllRegionsTrail:", "    Properties:", "      EnableLogFileValidation: true"], cli: /--enable-log-file-validation$/ },
  { file: TF, check: "log-file-validation", messageId: "off", starts: ["# in resource aws_cloudtrail.all_regions:", "enable_log_file_validation = true"] },
  { file: CFN, check: "global-service-events", messageId: "offMultiRegion", starts: ["Resources:", "  AllRegionsTrail:", "    Properties:", "      IncludeGlobalServiceEvents: true"] },
  { file: TF, check: "global-service-events", messageId: "offMultiRegion", starts: ["# in resource aws_cloudtrail.all_regions:", "include_global_service_events = true"] },
  { file: CFN, check: "iac-invalid-trail-config", messageId: "multiRegionNoGlobal", starts: ["Resources:", "  AllRegionsTrail:", "    Properties:", "      IncludeGlobalServiceEvents: true"] },
  { file: CFN, check: "cloudwatch-logs-integration", messageId: "notWired", starts: ["Resources:", "  AllRegionsTrail:", "    Properties:", "      CloudWatchLogsLogGroupArn:"] },
  { file: TF, check: "cloudwatch-logs-integration", messageId: "notWired", starts: ['resource "aws_cloudwatch_log_group" "all_regions_trail" {'] },
  { file: CFN, check: "log-bucket-access-logging", messageId: "off", starts: ["Resources:", "  CloudTrailBucket:", "    Properties:", "      LoggingConfiguration:"] },
  { file: TF, check: "log-bucket-access-logging", messageId: "off", starts: ['resource "aws_s3_bucket_logging" "cloudtrail" {', "  bucket        = aws_s3_bucket.cloudtrail.id"] },
  { file: CFN, check: "log-bucket-delivery-policy", messageId: "incomplete", starts: ["Resources:", "  CloudTrailBucketPolicy:", "    Type: AWS::S3::BucketPolicy"] },
  { file: TF, check: "log-bucket-delivery-policy", messageId: "incomplete", starts: ['resource "aws_s3_bucket_policy" "cloudtrail" {'] },
  { file: CFN, check: "log-bucket-no-delete", messageId: "openPaths", starts: ["Resources:", "  CloudTrailBucketPolicy:", "    Type: AWS::S3::BucketPolicy"] },
  { file: TF, check: "log-bucket-no-delete", messageId: "openPaths", starts: ["# a statement of the policy of the aws_s3_bucket_policy of aws_s3_bucket.cloudtrail (jsonencode):"] },
  { file: CFN, check: "trail-kms-encryption", messageId: "noKms", starts: ["Resources:", "  AllRegionsTrail:", "    Properties:", "      KMSKeyId:"], cli: /^KEY_ARN=\$\(aws kms create-key / },
  { file: TF, check: "trail-kms-encryption", messageId: "noKms", starts: ['resource "aws_kms_key" "all_regions_logs" {'] },
  { file: TF_KMS, check: "trail-kms-encryption", messageId: "rotationOff", starts: ['# in resource "aws_kms_key" of key arn:aws:kms:us-east-1:<account-id>:key/aws_kms_key.unrotated:', "enable_key_rotation = true"] },
  { file: CFN_KMS, check: "trail-kms-encryption", messageId: "rotationOff", starts: ["Resources:", "  <KeyLogicalId>:", "    Properties:", "      EnableKeyRotation: true"] },
  { file: CFN, check: "trail-insights", messageId: "off", starts: ["Resources:", "  AllRegionsTrail:", "    Properties:", "      InsightSelectors:"] },
  { file: TF, check: "trail-insights", messageId: "off", starts: ["# in resource aws_cloudtrail.all_regions:", "insight_selector {"] },
  { file: REGIONAL, check: "multi-region-trail", messageId: "singleRegion", starts: ["Resources:", "  RegionalTrail:", "    Properties:", "      IsMultiRegionTrail: true"] },
  { file: REGIONAL, check: "trail-insights", messageId: "noMultiRegion", starts: ["Resources:", "  RegionalTrail:", "    Properties:", "      IsMultiRegionTrail: true"] },
  { file: REGIONAL, check: "data-events-tagged-buckets", messageId: "none", starts: ["Resources:", "  <TrailLogicalId>:", "    Properties:", "      EventSelectors:"] },
  ...ALARM_ROWS,
  { file: TF, check: "cloudwatch-alarm-root-usage", messageId: "notWired", starts: ['resource "aws_cloudwatch_log_metric_filter" "root_usage" {', '  name           = "cis-4.3-root-usage"'] },
  { file: CIS, check: "cloudwatch-alarm-security-group-changes", messageId: "alarmInsensitive", starts: ["Resources:", "  SecurityGroupAlarm:", "    Properties:", "      Statistic: Sum"], cli: /^aws cloudwatch put-metric-alarm --region us-east-1 --alarm-name cis-monitoring-SecurityGroupAlarm / },
  { file: CIS, check: "cloudwatch-alarm-config-changes", messageId: "alarmDisabled", starts: ["Resources:", "  ConfigAlarm:", "    Properties:", "      ActionsEnabled: true"], cli: /^aws cloudwatch enable-alarm-actions / },
  { file: CIS, check: "cloudwatch-alarm-cmk-disable-or-deletion", messageId: "filterMisses", starts: ["Resources:", "  CmkDisableOrDeletionMetricFilter:"] },
  { file: REGIONAL, check: "log-bucket-not-public", messageId: "public", starts: ["Resources:", "  LogBucket:", "    Properties:", "      PublicAccessBlockConfiguration:"], cli: /^aws s3api put-public-access-block --bucket single-region-logs / },
];

describe("fixes in the file's own medium", () => {
  const cache = new Map<string, Finding[]>();
  const findings = (file: string) => {
    if (!cache.has(file)) cache.set(file, lintFile(file));
    return cache.get(file)!;
  };

  it("covers every check that can FAIL on a template or plan", () => {
    const covered = new Set(ROWS.map((r) => r.check));
    const onIac = checks.filter((c) => c.meta.appliesTo === undefined || c.meta.appliesTo.includes("cloudformation")).map((c) => c.meta.id);
    assert.deepEqual(onIac.filter((id) => !covered.has(id)), []);
  });

  for (const row of ROWS) {
    it(`${row.file}: ${row.check} ${row.messageId} gives the file's change first, the deployed fix second`, () => {
      const fail = findings(row.file).find((f) => f.checkId === row.check && f.status === "FAIL" && f.messageId === row.messageId);
      assert.ok(fail, `no FAIL ${row.messageId} of ${row.check}`);
      const fix = fail.remediation!;
      const medium = row.file.endsWith(".json") ? "terraform" : "cloudformation";
      assert.equal(fix.iac?.medium, medium);
      assert.equal(fix.iac?.syntax, medium === "terraform" ? "hcl" : "yaml");
      assert.deepEqual(fix.iac!.snippet.split("\n").slice(0, row.starts.length), row.starts);
      assert.ok(fix.cli.length > 0, "the commands for a resource already deployed stay");
      if (row.cli) assert.ok(fix.cli.some((c) => row.cli!.test(c)), fix.cli.join("\n"));
      if (medium === "cloudformation") assert.doesNotThrow(() => parse(fix.iac!.snippet), "the snippet is YAML");
      for (const text of [fix.text, fix.iac!.snippet, ...fix.cli]) assert.ok(!text.includes(SYNTHESIZED_ACCOUNT_ID), `names 000000000000: ${text}`);
    });
  }

  it("the synthesized account id is the IaC sources' one", () => {
    assert.equal(SYNTHESIZED_ACCOUNT_ID, IAC_DEFAULT_ACCOUNT_ID);
  });

  it("words live-only messages for files: no 'changed after creation' on a template", () => {
    const f = findings(CFN).find((x) => x.checkId === "global-service-events")!;
    assert.doesNotMatch(f.message, /changed after creation|not from AWS/);
    assert.match(f.message, /the file does not deploy as written/);
    for (const finding of [...findings(CFN), ...findings(TF)]) {
      assert.doesNotMatch(finding.message, /changed after creation|not from AWS|hours before the snapshot|last digest file/, `${finding.checkId}: ${finding.message}`);
    }
  });

  it("reports that carry IaC fixes validate against schemas/report.schema.json", () => {
    const validate = schemaValidator("report.schema.json");
    const results = findings(TF).filter((f) => f.remediation?.iac);
    assert.ok(results.length > 5);
    const report = {
      schemaVersion: "1.0",
      tool: { name: "cloudtrail-lint", version: "1.0.0", informationUri: "https://example.com" },
      generatedAt: "2026-01-01T00:00:00Z",
      inputs: [],
      checks: [],
      results,
      expiredSuppressions: [],
      accounts: [],
      summary: { score: null, counts: { PASS: 0, FAIL: 0, ERROR: 0, NOT_APPLICABLE: 0 }, failures: { critical: 0, high: 0, medium: 0, low: 0, info: 0 }, suppressed: 0 },
    };
    assert.ok(validate(report), JSON.stringify(validate.errors?.slice(0, 3)));
  });
});

describe("engine: remediation by medium", () => {
  const probe: CheckModule = defineCheck<Record<string, never>, "bad">({
    meta: {
      id: "probe",
      title: "A check that fails once for the engine test",
      severity: "high",
      rationale: "It exists to show how the engine renders fixes for each medium.",
      reads: [{ service: "cloudtrail", operation: "GetTrail" }],
      messages: { bad: "Trail {{trail}} of {{owner}} is bad." },
      iacMessages: { bad: "Trail {{trail}} in the file is bad." },
      remediation: {
        text: "As account {{owner}}, fix trail {{trail}}.",
        cli: ["aws cloudtrail update-trail --name arn:aws:cloudtrail:us-east-1:{{owner}}:trail/{{trail}}"],
        cloudformation: { text: "Fix {{resourceId}}.", properties: { Days: "{{days}}", Name: "{{trail}}-x" } },
        terraform: { text: "Fix {{resourceId}}.", snippet: ['resource "x" "{{resourceName}}" {', "  days = {{days}}", "}"] },
      },
      frameworks: {},
      params: { type: "object", properties: {}, additionalProperties: false },
    },
    run: (snapshot) => [{ status: "FAIL", messageId: "bad", accountId: snapshot.accounts[0]!.Id, pointer: "/accounts/0/trails/0", data: { trail: "main", owner: snapshot.accounts[0]!.Id, days: 365 } }],
  });
  const setting = { enabled: true, severity: "high" as const, params: {} };
  const as = (type: "aws" | "cloudformation" | "terraform", id = SYNTHESIZED_ACCOUNT_ID): Snapshot => {
    const s = single([], { Id: id }) as Snapshot;
    return { ...s, source: { type, description: "test" } };
  };
  const at = { resourceAt: (p: string) => (p.startsWith("/accounts/0/trails/0") ? { id: "module.audit.aws_cloudtrail.main[0]", type: "aws_cloudtrail" } : undefined) };

  const cases: { name: string; snapshot: Snapshot; iac?: Parameters<typeof runCheck>[4]; expect: Finding["remediation"]; message: string }[] = [
    {
      name: "live data: the live text and commands, nothing else",
      snapshot: as("aws", "111122223333"),
      expect: { text: "As account 111122223333, fix trail main.", cli: ["aws cloudtrail update-trail --name arn:aws:cloudtrail:us-east-1:111122223333:trail/main"] },
      message: "Trail main of 111122223333 is bad.",
    },
    {
      name: "CloudFormation (YAML): the template change, the number stays a number, the account a placeholder",
      snapshot: as("cloudformation"),
      iac: { resourceAt: () => ({ id: "Trail", type: "AWS::CloudTrail::Trail" }) },
      expect: {
        text: "Fix Trail.",
        cli: ["aws cloudtrail update-trail --name arn:aws:cloudtrail:us-east-1:<account-id>:trail/main"],
        iac: { medium: "cloudformation", syntax: "yaml", snippet: "Resources:\n  Trail:\n    Properties:\n      Days: 365\n      Name: main-x" },
      },
      message: "Trail main in the file is bad.",
    },
    {
      name: "CloudFormation (JSON): the same change as JSON",
      snapshot: as("cloudformation", "123456789012"),
      iac: { syntax: "json", resourceAt: () => ({ id: "Trail", type: "AWS::CloudTrail::Trail" }) },
      expect: {
        text: "Fix Trail.",
        cli: ["aws cloudtrail update-trail --name arn:aws:cloudtrail:us-east-1:123456789012:trail/main"],
        iac: { medium: "cloudformation", syntax: "json", snippet: JSON.stringify({ Resources: { Trail: { Properties: { Days: 365, Name: "main-x" } } } }, null, 2) },
      },
      message: "Trail main in the file is bad.",
    },
    {
      name: "Terraform: the address without its module path, the name label without its index",
      snapshot: as("terraform"),
      iac: at,
      expect: {
        text: "Fix aws_cloudtrail.main[0].",
        cli: ["aws cloudtrail update-trail --name arn:aws:cloudtrail:us-east-1:<account-id>:trail/main"],
        iac: { medium: "terraform", syntax: "hcl", snippet: 'resource "x" "main" {\n  days = 365\n}' },
      },
      message: "Trail main in the file is bad.",
    },
    {
      name: "Terraform without the file's resources: stand-ins a reader fills",
      snapshot: as("terraform"),
      expect: {
        text: "Fix <type>.<name>.",
        cli: ["aws cloudtrail update-trail --name arn:aws:cloudtrail:us-east-1:<account-id>:trail/main"],
        iac: { medium: "terraform", syntax: "hcl", snippet: 'resource "x" "<name>" {\n  days = 365\n}' },
      },
      message: "Trail main in the file is bad.",
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const [finding] = runCheck(probe, c.snapshot, setting, "in", c.iac);
      assert.equal(finding!.status, "FAIL", finding!.message);
      assert.deepEqual(finding!.remediation, c.expect);
      assert.equal(finding!.message, c.message);
    });
  }

  it("a fix without the file's medium shows its live text on a file too", () => {
    const bare = { ...probe, meta: { ...probe.meta, remediation: { text: probe.meta.remediation.text, cli: probe.meta.remediation.cli! } } };
    const [finding] = runCheck(bare, as("cloudformation"), setting);
    assert.deepEqual(finding!.remediation, { text: "As account <account-id>, fix trail main.", cli: ["aws cloudtrail update-trail --name arn:aws:cloudtrail:us-east-1:<account-id>:trail/main"] });
  });

  it("resourceNames and renderCloudFormation: placeholders in keys, stand-ins when nothing is known", () => {
    assert.deepEqual(resourceNames("cloudformation", undefined), { resourceId: "<LogicalId>", resourceName: "<LogicalId>" });
    assert.deepEqual(resourceNames("terraform", { id: "aws_s3_bucket.logs", type: "aws_s3_bucket" }), { resourceId: "aws_s3_bucket.logs", resourceName: "logs" });
    const text = renderCloudFormation({ text: "", resources: { "{{resourceId}}Policy": { Bucket: { Ref: "{{resourceId}}" }, Version: "2012-10-17" } } }, { resourceId: "Logs" }, "yaml", (t, d) => render(t, d, "x"));
    assert.equal(text, 'Resources:\n  LogsPolicy:\n    Bucket:\n      Ref: Logs\n    Version: "2012-10-17"');
  });
});
