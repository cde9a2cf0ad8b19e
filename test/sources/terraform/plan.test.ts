// Terraform plans (`terraform show -json`) mapped into the snapshot: golden snapshots of the module
// and unknown-value fixtures, exact findings with the plan positions they map to, reference
// resolution through modules, after_unknown handling, and bad plans.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseIac } from "../../../src/sources/iac.js";
import { parseAddress } from "../../../src/sources/terraform/plan.js";
import { assertGolden, at, expectInputError, lint, loadFixture, ROOT, rows } from "../cloudformation/helpers.js";

const DIR = "test/fixtures/iac/terraform";

const resourceRows = (source: ReturnType<typeof loadFixture>) =>
  source.resources.map((r) => `${r.id} ${r.type} @${r.location.startLine}:${r.location.startColumn} ${r.pointer ?? "-"}${r.note ? ` (${r.note})` : ""}`);

interface TestResource {
  address: string;
  type: string;
  after: Record<string, unknown>;
  unknown?: Record<string, unknown>;
  /** Configuration expressions; absent = no configuration entry. */
  expressions?: Record<string, unknown>;
  providerKey?: string;
  actions?: string[];
}

/** A minimal plan in the real format: planned_values, resource_changes and (optionally) configuration. */
function planOf(resources: TestResource[], extra: Record<string, unknown> = {}, withConfiguration = true): string {
  const name = (address: string) => address.split(".").pop()!.replace(/\[.*$/, "");
  const kept = resources.filter((r) => !(r.actions ?? ["create"]).every((a) => a === "delete"));
  return JSON.stringify({
    format_version: "1.2",
    terraform_version: "1.9.8",
    planned_values: {
      root_module: {
        resources: kept.map((r) => ({ address: r.address, mode: "managed", type: r.type, name: name(r.address), provider_name: "registry.terraform.io/hashicorp/aws", schema_version: 0, values: r.after, sensitive_values: {} })),
      },
    },
    resource_changes: resources.map((r) => ({
      address: r.address,
      mode: "managed",
      type: r.type,
      name: name(r.address),
      provider_name: "registry.terraform.io/hashicorp/aws",
      change: { actions: r.actions ?? ["create"], before: null, after: (r.actions ?? []).includes("delete") ? null : r.after, after_unknown: r.unknown ?? {} },
    })),
    ...(withConfiguration
      ? {
          configuration: {
            provider_config: {
              aws: { name: "aws", expressions: { region: { constant_value: "eu-central-1" } } },
              "aws.east": { name: "aws", alias: "east", expressions: { region: { constant_value: "us-east-1" } } },
            },
            root_module: {
              resources: resources
                .filter((r) => r.expressions)
                .map((r) => ({ address: r.address, mode: "managed", type: r.type, name: name(r.address), provider_config_key: r.providerKey ?? "aws", expressions: r.expressions, schema_version: 0 })),
            },
          },
        }
      : {}),
    ...extra,
  });
}

const ref = (...references: string[]) => ({ references });
const constant = (value: unknown) => ({ constant_value: value });
const trail = (after: Record<string, unknown> = {}, unknown: Record<string, unknown> = {}, expressions: Record<string, unknown> = {}): TestResource => ({
  address: "aws_cloudtrail.t",
  type: "aws_cloudtrail",
  after: { name: "t", s3_bucket_name: "logs", enable_logging: true, include_global_service_events: true, is_multi_region_trail: true, event_selector: [], advanced_event_selector: [], ...after },
  unknown,
  expressions: { name: constant("t"), s3_bucket_name: constant("logs"), ...expressions },
});
const bucket = (address: string, after: Record<string, unknown>, unknown: Record<string, unknown> = { object_lock_enabled: true }, expressions: Record<string, unknown> = {}): TestResource => ({
  address,
  type: "aws_s3_bucket",
  after: { force_destroy: false, ...after },
  unknown,
  expressions: { bucket: constant(after.bucket), ...expressions },
});

describe("Terraform plans", () => {
  describe("modules.tfplan.json: modules, references through outputs and variables, split S3 resources", () => {
    const source = loadFixture(`${DIR}/modules.tfplan.json`);

    it("maps to the reviewed snapshot", () => {
      assertGolden(source, `${DIR}/modules.snapshot.json`);
      assert.equal(source.kind, "terraform");
    });

    it("follows var.bucket_name -> module.logs.bucket_id -> aws_s3_bucket.this to link the trail to its bucket", () => {
      const account = source.snapshot.accounts[0]!;
      assert.equal(account.trails![0]!.S3BucketName, "acme-trail-logs-<random-1cdd90>");
      assert.equal(account.buckets![2]!.Name, "acme-trail-logs-<random-1cdd90>");
      assert.equal(account.trails![0]!.CloudWatchLogsLogGroupArn, "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/cloudtrail/org-trail:*");
      assert.equal(account.trails![0]!.CloudWatchLogsRoleArn, "<known after apply: module.trail.aws_cloudtrail.org.cloud_watch_logs_role_arn>");
    });

    it("takes the account from data.aws_caller_identity, the region from the provider (a variable) or the resource", () => {
      const account = source.snapshot.accounts[0]!;
      assert.equal(account.Id, "111122223333");
      assert.equal(account.trails![0]!.TrailARN, "arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-trail");
      assert.deepEqual(account.buckets!.map((b) => `${b.Name} ${b.Region}`), ["payments-eu eu-west-1", "payments-us us-east-1", "acme-trail-logs-<random-1cdd90> eu-west-1"]);
      assert.equal(source.snapshot.collectedAt, "2026-11-20T12:00:00Z");
    });

    it("enables Object Lock on a versioned bucket through aws_s3_bucket_object_lock_configuration", () => {
      assert.deepEqual(source.snapshot.accounts[0]!.buckets![2]!.objectLockConfiguration, {
        ObjectLockEnabled: "Enabled",
        Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: 365 } },
      });
    });

    it("gives these findings; the unknown bucket policy makes no-delete ERROR, not PASS", () => {
      assert.deepEqual(rows(source), [
        "cloudwatch-logs-integration PASS ok /accounts/0/trails/0 @817:5",
        "data-events-tagged-buckets PASS ok /accounts/0/buckets/0 @353:5",
        "data-events-tagged-buckets PASS ok /accounts/0/buckets/1 @404:5",
        "global-service-events PASS ok /accounts/0/trails/0 @817:5",
        "iac-invalid-trail-config PASS ok /accounts/0/trails/0 @817:5",
        "iac-invalid-trail-config PASS ok /accounts/0/buckets/2 @536:5",
        "iac-invalid-trail-config PASS ok /accounts/0/buckets/0 @353:5",
        "iac-invalid-trail-config PASS ok /accounts/0/buckets/1 @404:5",
        "log-bucket-no-delete ERROR collection-error /accounts/0/collectionErrors/0 @744:11",
        "log-bucket-object-lock PASS ok /accounts/0/buckets/2 @536:5",
        "multi-region-trail PASS ok /accounts/0/trails/0 @817:5",
      ]);
    });

    it("lists every relevant resource with what it became", () => {
      assert.deepEqual(resourceRows(source), [
        'aws_s3_bucket.payments["eu"] aws_s3_bucket @353:5 /accounts/0/buckets/0',
        'aws_s3_bucket.payments["us"] aws_s3_bucket @404:5 /accounts/0/buckets/1',
        "aws_organizations_policy.protect_trail aws_organizations_policy @456:5 /organization/serviceControlPolicies/0",
        "aws_organizations_policy_attachment.root aws_organizations_policy_attachment @484:5 /organization/serviceControlPolicies/0/targets/0",
        "aws_cloudwatch_metric_alarm.root_activity aws_cloudwatch_metric_alarm @507:5 /accounts/0/alarms/0",
        "module.logs.aws_s3_bucket.this aws_s3_bucket @536:5 /accounts/0/buckets/2",
        "module.logs.aws_s3_bucket_versioning.this aws_s3_bucket_versioning @584:5 /accounts/0/buckets/2/versioning",
        "module.logs.aws_s3_bucket_object_lock_configuration.this aws_s3_bucket_object_lock_configuration @618:5 /accounts/0/buckets/2/objectLockConfiguration",
        "module.logs.aws_s3_bucket_public_access_block.this aws_s3_bucket_public_access_block @661:5 /accounts/0/buckets/2/publicAccessBlock",
        "module.logs.aws_s3_bucket_server_side_encryption_configuration.this aws_s3_bucket_server_side_encryption_configuration @687:5 /accounts/0/buckets/2/encryption",
        "module.logs.aws_s3_bucket_policy.this aws_s3_bucket_policy @728:5 /accounts/0/buckets/2/policy",
        "module.trail.aws_cloudwatch_log_group.trail aws_cloudwatch_log_group @750:5 /accounts/0/logGroups/0",
        "module.trail.aws_cloudwatch_log_metric_filter.root aws_cloudwatch_log_metric_filter @780:5 /accounts/0/logGroups/0/metricFilters/0",
        "module.trail.aws_cloudtrail.org aws_cloudtrail @817:5 /accounts/0/trails/0",
      ]);
    });

    it("locates attributes in change.after (or after_unknown) of the resource_changes entry", () => {
      const expected: [string, string][] = [
        ["/accounts/0/trails/0/S3BucketName", "927:11"],
        ["/accounts/0/trails/0/IsMultiRegionTrail", "891:11"],
        ["/accounts/0/trails/0/CloudWatchLogsLogGroupArn", "921:11"],
        ["/accounts/0/trails/0/advancedEventSelectors/1", "847:13"],
        ["/accounts/0/trails/0/status/IsLogging", "887:11"],
        ["/accounts/0/trails/0/tags/0", "901:13"],
        ["/accounts/0/buckets/2/objectLockConfiguration", "633:11"],
        ["/accounts/0/buckets/2/versioning", "599:11"],
        ["/accounts/0/buckets/2/policy", "744:11"],
        ["/accounts/0/buckets/0/tags/0", "372:13"],
        ["/organization/serviceControlPolicies/0/Content", "468:11"],
        ["/organization/serviceControlPolicies/0/targets/0", "497:11"],
        ["/accounts/0/logGroups/0/metricFilters/0/filterPattern", "805:11"],
        ["/accounts/0", "2:3"],
      ];
      assert.deepEqual(
        expected.map(([pointer]) => [pointer, at(source, pointer)]),
        expected,
      );
    });
  });

  describe("unknown.tfplan.json: values unknown until apply are never a FAIL", () => {
    const source = loadFixture(`${DIR}/unknown.tfplan.json`);

    it("maps to the reviewed snapshot", () => assertGolden(source, `${DIR}/unknown.snapshot.json`));

    it("records an Unresolved error per unknown value, where the plan marks it", () => {
      const errors = source.snapshot.accounts[0]!.collectionErrors!;
      assert.deepEqual(
        errors.map((e, i) => `${e.service}:${e.operation} ${e.resource} @${at(source, `/accounts/0/collectionErrors/${i}`)} ${e.message}`),
        [
          "s3:GetObjectLockConfiguration unknown-plan-data @205:11 aws_s3_bucket.data object_lock_enabled is unknown until apply (after_unknown); cannot be decided from this file",
          "cloudtrail:GetTrail arn:aws:cloudtrail:us-west-2:000000000000:trail/main @153:11 aws_cloudtrail.main s3_bucket_name is unknown until apply (after_unknown); cannot be decided from this file",
          "cloudtrail:GetTrail arn:aws:cloudtrail:us-west-2:000000000000:trail/main @151:11 aws_cloudtrail.main include_global_service_events is unknown until apply (after_unknown); cannot be decided from this file",
          "cloudtrail:GetEventSelectors arn:aws:cloudtrail:us-west-2:000000000000:trail/main @115:11 aws_cloudtrail.main event_selector has values unknown until apply (after_unknown); cannot be decided from this file",
          "cloudtrail:GetTrailStatus arn:aws:cloudtrail:us-west-2:000000000000:trail/main @139:11 aws_cloudtrail.main enable_logging is unknown until apply (after_unknown); cannot be decided from this file",
        ],
      );
      assert.deepEqual(source.snapshot.organization?.collectionErrors, [
        {
          service: "organizations",
          operation: "DescribePolicy",
          region: "us-west-2",
          resource: "p-generated",
          code: "Unresolved",
          message: "aws_organizations_policy.generated content is unknown until apply (after_unknown); cannot be decided from this file",
        },
      ]);
    });

    it("uses the failing stand-in for each unknown value", () => {
      const t = source.snapshot.accounts[0]!.trails![0]!;
      assert.deepEqual(
        { S3BucketName: t.S3BucketName, IncludeGlobalServiceEvents: t.IncludeGlobalServiceEvents, eventSelectors: t.eventSelectors, status: t.status },
        { S3BucketName: "<known after apply: aws_cloudtrail.main.s3_bucket_name>", IncludeGlobalServiceEvents: false, eventSelectors: [], status: { IsLogging: false } },
      );
      assert.equal(source.snapshot.accounts[0]!.buckets![0]!.objectLockConfiguration, null);
    });

    it("gives ERROR wherever an unknown value decides", () => {
      const findings = lint(source);
      assert.deepEqual(rows(source, findings), [
        // Whether the trail logs at all is unknown until apply (enable_logging): every trail verdict waits on it.
        "cloudwatch-logs-integration ERROR collection-error /accounts/0/collectionErrors/4 @139:11",
        "data-events-tagged-buckets ERROR collection-error /accounts/0/collectionErrors/4 @139:11",
        "global-service-events ERROR collection-error /accounts/0/collectionErrors/4 @139:11",
        "iac-invalid-trail-config ERROR collection-error /accounts/0/collectionErrors/1 @153:11",
        "iac-invalid-trail-config ERROR collection-error /accounts/0/collectionErrors/0 @205:11",
        "log-bucket-no-delete ERROR collection-error /accounts/0/collectionErrors/4 @139:11",
        // Its bucket is unknown until apply too: an ERROR stands in for it.
        "log-bucket-no-delete ERROR collection-error /accounts/0/collectionErrors/1 @153:11",
        "log-bucket-object-lock ERROR collection-error /accounts/0/collectionErrors/4 @139:11",
        "log-bucket-object-lock ERROR collection-error /accounts/0/collectionErrors/1 @153:11",
        "multi-region-trail ERROR collection-error /accounts/0/collectionErrors/4 @139:11",
      ]);
      assert.match(findings[0]!.message, /cannot be decided from this file/);
    });

    it("lists resources that map to nothing with the reason", () => {
      assert.deepEqual(resourceRows(source).slice(2), [
        "aws_s3_bucket_versioning.elsewhere aws_s3_bucket_versioning @211:5 - (bucket bucket-of-another-stack is not defined in this plan)",
        "aws_organizations_policy.generated aws_organizations_policy @244:5 - (its content cannot be decided from this file)",
      ]);
      assert.equal(source.snapshot.collectedAt, "2026-03-01T08:30:00Z");
    });
  });

  describe("alarms.tfplan.json: aws_cloudwatch_metric_alarm in the root and a child module", () => {
    const source = loadFixture(`${DIR}/alarms.tfplan.json`);
    const alarms = source.snapshot.accounts[0]!.alarms!;

    it("maps to the reviewed snapshot", () => assertGolden(source, `${DIR}/alarms.snapshot.json`));

    it("maps an alarm to the DescribeAlarms shape; an action ARN unknown until apply is the referenced topic's", () => {
      assert.deepEqual(alarms[2], {
        AlarmName: "root-activity",
        AlarmArn: "arn:aws:cloudwatch:eu-west-1:111122223333:alarm:root-activity",
        AlarmDescription: "CIS 4.3: root account activity",
        ActionsEnabled: true,
        OKActions: ["arn:aws:sns:eu-west-1:111122223333:ops-notices"],
        AlarmActions: ["arn:aws:sns:eu-west-1:111122223333:security-alerts"],
        InsufficientDataActions: [],
        MetricName: "RootActivity",
        Namespace: "CISBenchmark",
        Statistic: "Sum",
        Dimensions: [],
        Period: 300,
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
        Threshold: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        TreatMissingData: "notBreaching",
        region: "eu-west-1",
      });
    });

    it("follows var.topic_arn out of module.cis to the topic; for_each instances are separate alarms", () => {
      assert.deepEqual(
        alarms.slice(3).map((a) => [a.AlarmName, a.MetricName, a.AlarmActions, a.AlarmDescription, a.TreatMissingData]),
        [
          ["console-signin-failures", "ConsoleSigninFailures", ["arn:aws:sns:eu-west-1:111122223333:security-alerts"], "CIS 4.6: console sign-in failures", "missing"],
          ["unauthorized-api-calls", "UnauthorizedAPICalls", ["arn:aws:sns:eu-west-1:111122223333:security-alerts"], "CIS 4.1: unauthorized API calls", "missing"],
        ],
      );
    });

    it("metric_query becomes Metrics (MetricDataQuery), dimensions maps become Name/Value lists", () => {
      assert.deepEqual(alarms[0], {
        AlarmName: "payments-api-error-rate",
        AlarmArn: "arn:aws:cloudwatch:eu-west-1:111122223333:alarm:payments-api-error-rate",
        ActionsEnabled: false,
        OKActions: [],
        AlarmActions: [],
        InsufficientDataActions: [],
        Dimensions: [],
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
        Threshold: 5,
        ComparisonOperator: "GreaterThanThreshold",
        TreatMissingData: "missing",
        Metrics: [
          { Id: "rate", Expression: "100 * errors / requests", Label: "Error rate (%)", ReturnData: true },
          {
            Id: "errors",
            ReturnData: false,
            MetricStat: { Metric: { Namespace: "AWS/ApiGateway", MetricName: "5XXError", Dimensions: [{ Name: "ApiName", Value: "payments" }] }, Period: 300, Stat: "Sum" },
          },
          {
            Id: "requests",
            ReturnData: false,
            MetricStat: { Metric: { Namespace: "AWS/ApiGateway", MetricName: "Count", Dimensions: [{ Name: "ApiName", Value: "payments" }] }, Period: 300, Stat: "Sum", Unit: "Count" },
          },
        ],
        region: "eu-west-1",
      });
    });

    it("values unknown until apply keep placeholders and fail the alarm's read, where the plan marks them", () => {
      assert.deepEqual(
        [alarms[1]!.AlarmActions, alarms[1]!.Dimensions],
        [
          ["<known after apply: aws_cloudwatch_metric_alarm.instance_cpu.alarm_actions[0]>"],
          [{ Name: "InstanceId", Value: "<known after apply: aws_cloudwatch_metric_alarm.instance_cpu.dimensions.InstanceId>" }],
        ],
      );
      const errors = source.snapshot.accounts[0]!.collectionErrors!;
      assert.deepEqual(
        errors.map((e, i) => `${e.service}:${e.operation} ${e.resource} @${at(source, `/accounts/0/collectionErrors/${i}`)} ${e.message}`),
        [
          // The topic has only a name_prefix: its ARN is open.
          "cloudwatch:DescribeAlarms arn:aws:cloudwatch:eu-west-1:111122223333:alarm:bastion-cpu @553:11 aws_cloudwatch_metric_alarm.instance_cpu alarm_actions has values unknown until apply (after_unknown); cannot be decided from this file",
          "cloudwatch:DescribeAlarms arn:aws:cloudwatch:eu-west-1:111122223333:alarm:bastion-cpu @560:11 aws_cloudwatch_metric_alarm.instance_cpu dimensions has values unknown until apply (after_unknown); cannot be decided from this file",
        ],
      );
    });

    it("lists each alarm with what it became", () => {
      assert.deepEqual(
        resourceRows(source).filter((r) => r.includes("alarm")),
        [
          "aws_cloudwatch_metric_alarm.error_rate aws_cloudwatch_metric_alarm @424:5 /accounts/0/alarms/0",
          "aws_cloudwatch_metric_alarm.instance_cpu aws_cloudwatch_metric_alarm @540:5 /accounts/0/alarms/1",
          "aws_cloudwatch_metric_alarm.root_activity aws_cloudwatch_metric_alarm @597:5 /accounts/0/alarms/2",
          'module.cis.aws_cloudwatch_metric_alarm.this["console-signin-failures"] aws_cloudwatch_metric_alarm @750:5 /accounts/0/alarms/3',
          'module.cis.aws_cloudwatch_metric_alarm.this["unauthorized-api-calls"] aws_cloudwatch_metric_alarm @804:5 /accounts/0/alarms/4',
        ],
      );
    });

    it("locates alarm attributes in change.after of the resource_changes entry", () => {
      const expected: [string, string][] = [
        ["/accounts/0/alarms/0/ActionsEnabled", "436:11"],
        ["/accounts/0/alarms/0/Metrics", "447:11"],
        ["/accounts/0/alarms/0/Metrics/1", "457:13"],
        ["/accounts/0/alarms/1/AlarmActions/0", "554:13"],
        ["/accounts/0/alarms/1/Dimensions", "560:11"],
        ["/accounts/0/alarms/1/Dimensions/0", "561:13"],
        ["/accounts/0/alarms/2/AlarmActions", "610:11"],
        ["/accounts/0/alarms/2/AlarmActions/0", "611:13"],
        ["/accounts/0/alarms/2/OKActions/0", "625:13"],
        ["/accounts/0/alarms/2/MetricName", "621:11"],
        ["/accounts/0/alarms/2/Threshold", "630:11"],
        ["/accounts/0/alarms/2/TreatMissingData", "632:11"],
        ["/accounts/0/alarms/3", "750:5"],
        ["/accounts/0/alarms/3/AlarmName", "769:11"],
        ["/accounts/0/alarms/4/AlarmActions/0", "820:13"],
      ];
      assert.deepEqual(
        expected.map(([pointer]) => [pointer, at(source, pointer)]),
        expected,
      );
    });
  });

  describe("mapping details", () => {
    it("aws_s3_bucket_object_lock_configuration on an unversioned bucket is what AWS rejects", () => {
      const text = planOf([
          bucket("aws_s3_bucket.logs", { bucket: "logs" }),
          {
            address: "aws_s3_bucket_object_lock_configuration.logs",
            type: "aws_s3_bucket_object_lock_configuration",
            after: { bucket: "logs", object_lock_enabled: "Enabled", rule: [{ default_retention: [{ mode: "GOVERNANCE", days: 30, years: null }] }] },
            expressions: { bucket: constant("logs") },
          },
        ]);
      const source = parseIac(text, "lock.json");
      assert.deepEqual(source.snapshot.accounts[0]!.buckets![0]!.objectLockConfiguration, { Rule: { DefaultRetention: { Mode: "GOVERNANCE", Days: 30 } } });
      // The bucket's resource_changes entry, on the one line of a minified plan.
      const entry = text.indexOf('{"address":"aws_s3_bucket.logs"', text.indexOf('"resource_changes"'));
      assert.deepEqual(rows(source).filter((r) => r.startsWith("iac-")), [`iac-invalid-trail-config FAIL objectLockNotEnabled /accounts/0/buckets/0 @1:${entry + 1}`]);
    });

    it("object_lock_enabled = true on the bucket enables Object Lock (and versioning) at creation", () => {
      const source = parseIac(planOf([bucket("aws_s3_bucket.logs", { bucket: "logs", object_lock_enabled: true }, {}, { object_lock_enabled: constant(true) })]), "lock.json");
      const b = source.snapshot.accounts[0]!.buckets![0]!;
      assert.deepEqual([b.objectLockConfiguration, b.versioning], [{ ObjectLockEnabled: "Enabled" }, { Status: "Enabled" }]);
    });

    it("an unset optional+computed attribute takes the provider's default; a configured unknown one is an error", () => {
      const unset = parseIac(planOf([bucket("aws_s3_bucket.logs", { bucket: "logs" })]), "a.json");
      assert.deepEqual(unset.snapshot.accounts[0]!.collectionErrors, []);
      assert.equal(unset.snapshot.accounts[0]!.buckets![0]!.objectLockConfiguration, null);
      const configured = parseIac(planOf([bucket("aws_s3_bucket.logs", { bucket: "logs" }, { object_lock_enabled: true }, { object_lock_enabled: ref("var.lock") })]), "b.json");
      assert.deepEqual(
        configured.snapshot.accounts[0]!.collectionErrors!.map((e) => `${e.operation} ${e.resource}`),
        ["GetObjectLockConfiguration logs"],
      );
    });

    it("without a configuration section, unknowns count except provider-computed defaults; links fall back to names", () => {
      const source = parseIac(
        planOf(
          [
            trail({}, { s3_bucket_name: true }),
            bucket("aws_s3_bucket.logs", { bucket: "logs" }),
            { address: "aws_s3_bucket_versioning.logs", type: "aws_s3_bucket_versioning", after: { bucket: "logs", versioning_configuration: [{ status: "Enabled" }] }, unknown: { versioning_configuration: [{ mfa_delete: true }] } },
          ],
          {},
          false,
        ),
        "noconfig.json",
      );
      const account = source.snapshot.accounts[0]!;
      assert.equal(account.trails![0]!.S3BucketName, "<known after apply: aws_cloudtrail.t.s3_bucket_name>");
      assert.deepEqual(account.buckets![0]!.versioning, {});
      assert.deepEqual(
        account.collectionErrors!.map((e) => `${e.operation} ${e.resource}`),
        // The trail's bucket is unknown until apply and no bucket of the plan is linked to it.
        // Without a configuration section the plan does not say its region either.
        ["GetTrail arn:aws:cloudtrail:us-east-1:000000000000:trail/t", "GetBucketVersioning logs", "GetTrail arn:aws:cloudtrail:us-east-1:000000000000:trail/t"],
      );
      assert.equal(source.snapshot.accounts[0]!.buckets![0]!.objectLockConfiguration, null);
    });

    it("joins split resources to their bucket by reference when the bucket name is unknown", () => {
      const source = parseIac(
        planOf([
          bucket("aws_s3_bucket.logs", { bucket_prefix: "logs-" }, { bucket: true }, { bucket_prefix: constant("logs-") }),
          {
            address: "aws_s3_bucket_public_access_block.logs",
            type: "aws_s3_bucket_public_access_block",
            after: { block_public_acls: true, block_public_policy: false, ignore_public_acls: true, restrict_public_buckets: false },
            unknown: { bucket: true },
            expressions: { bucket: ref("aws_s3_bucket.logs.id", "aws_s3_bucket.logs") },
          },
          {
            address: "aws_s3_bucket_logging.logs",
            type: "aws_s3_bucket_logging",
            after: { target_bucket: "access-logs", target_prefix: "trail/" },
            unknown: { bucket: true },
            expressions: { bucket: ref("aws_s3_bucket.logs.id", "aws_s3_bucket.logs") },
          },
        ]),
        "refs.json",
      );
      const b = source.snapshot.accounts[0]!.buckets![0]!;
      assert.equal(b.Name, "logs-<random-bd3aaa>");
      assert.deepEqual(b.publicAccessBlock, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false });
      assert.deepEqual(b.logging, { TargetBucket: "access-logs", TargetPrefix: "trail/" });
      assert.equal(b.Region, "eu-central-1");
    });

    it("maps ownership controls, bucket ACLs and the account's Block Public Access; S3's defaults where the plan says nothing", () => {
      const onLogs = { bucket: ref("aws_s3_bucket.logs.id", "aws_s3_bucket.logs") };
      const source = parseIac(
        planOf([
          trail(),
          bucket("aws_s3_bucket.logs", { bucket: "logs" }),
          bucket("aws_s3_bucket.other", { bucket: "other", acl: "public-read" }),
          { address: "aws_s3_bucket_ownership_controls.logs", type: "aws_s3_bucket_ownership_controls", after: { bucket: "logs", rule: [{ object_ownership: "BucketOwnerPreferred" }] }, expressions: onLogs },
          {
            address: "aws_s3_bucket_acl.logs",
            type: "aws_s3_bucket_acl",
            after: { bucket: "logs", access_control_policy: [{ grant: [{ grantee: [{ type: "Group", uri: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers" }], permission: "READ" }], owner: [{ id: "abc" }] }] },
            expressions: onLogs,
          },
          {
            address: "aws_s3_bucket_public_access_block.logs",
            type: "aws_s3_bucket_public_access_block",
            after: { bucket: "logs", block_public_acls: false, block_public_policy: false, ignore_public_acls: false, restrict_public_buckets: false },
            expressions: onLogs,
          },
          {
            address: "aws_s3_account_public_access_block.this",
            type: "aws_s3_account_public_access_block",
            after: { block_public_acls: true, block_public_policy: true, ignore_public_acls: false, restrict_public_buckets: true },
            unknown: { account_id: true },
          },
        ]),
        "s3-access.json",
      );
      const account = source.snapshot.accounts[0]!;
      assert.deepEqual(account.publicAccessBlock, { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: true });
      const [logs, other] = account.buckets as { ownershipControls?: unknown; acl?: unknown }[];
      assert.deepEqual(logs!.ownershipControls, { Rules: [{ ObjectOwnership: "BucketOwnerPreferred" }] });
      assert.deepEqual(logs!.acl, { Grants: [{ Grantee: { Type: "Group", URI: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers" }, Permission: "READ" }] });
      assert.deepEqual(other!.ownershipControls, { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] });
      assert.deepEqual(other!.acl, {
        Grants: [
          { Grantee: { Type: "CanonicalUser" }, Permission: "FULL_CONTROL" },
          { Grantee: { Type: "Group", URI: "http://acs.amazonaws.com/groups/global/AllUsers" }, Permission: "READ" },
        ],
      });
      // The public grant on the log bucket stands: the account ignores no public ACL, and ownership keeps ACLs on.
      const notPublic = lint(source, ["log-bucket-not-public"]);
      assert.deepEqual(notPublic.map((f) => `${f.status} ${f.messageId} ${f.pointer ?? "-"}`), ["FAIL public /accounts/0/buckets/0"]);
    });

    it("an unknown canned ACL or ownership rule is Unresolved, never a guess", () => {
      const onLogs = { bucket: ref("aws_s3_bucket.logs.id", "aws_s3_bucket.logs") };
      const source = parseIac(
        planOf([
          trail(),
          bucket("aws_s3_bucket.logs", { bucket: "logs" }),
          { address: "aws_s3_bucket_acl.logs", type: "aws_s3_bucket_acl", after: { bucket: "logs" }, unknown: { acl: true }, expressions: { ...onLogs, acl: ref("var.acl") } },
          { address: "aws_s3_bucket_ownership_controls.logs", type: "aws_s3_bucket_ownership_controls", after: { bucket: "logs", rule: [{}] }, unknown: { rule: [{ object_ownership: true }] }, expressions: { ...onLogs, rule: [{ object_ownership: ref("var.ownership") }] } },
        ]),
        "s3-unknown.json",
      );
      assert.deepEqual(
        source.snapshot.accounts[0]!.collectionErrors!.map((e) => `${e.operation} ${e.resource} ${e.code}`),
        ["GetBucketAcl logs Unresolved", "GetBucketOwnershipControls logs Unresolved"],
      );
    });

    it("an aliased provider's region applies to its resources; a trail's region gives its ARN", () => {
      const east = { ...trail(), providerKey: "aws.east" };
      const source = parseIac(planOf([east, bucket("aws_s3_bucket.logs", { bucket: "logs" })]), "alias.json");
      assert.equal(source.snapshot.accounts[0]!.trails![0]!.TrailARN, "arn:aws:cloudtrail:us-east-1:000000000000:trail/t");
      assert.equal(source.snapshot.accounts[0]!.buckets![0]!.Region, "eu-central-1");
    });

    it("a resource being destroyed and data sources are not mapped", () => {
      const source = parseIac(planOf([{ ...bucket("aws_s3_bucket.old", { bucket: "old" }), actions: ["delete"] }, bucket("aws_s3_bucket.logs", { bucket: "logs" })]), "delete.json");
      assert.deepEqual(source.snapshot.accounts[0]!.buckets!.map((b) => b.Name), ["logs"]);
    });

    it("basic event selectors, insight selectors and tags are mapped to the API shapes", () => {
      const source = parseIac(
        planOf([
          trail({
            event_selector: [
              { read_write_type: "WriteOnly", include_management_events: false, exclude_management_event_sources: null, data_resource: [{ type: "AWS::Lambda::Function", values: ["arn:aws:lambda"] }] },
              { read_write_type: "All", include_management_events: true, exclude_management_event_sources: ["kms.amazonaws.com"], data_resource: [] },
            ],
            insight_selector: [{ insight_type: "ApiErrorRateInsight" }],
            tags: { owner: "security" },
            tags_all: { owner: "security", env: "prod" },
          }),
        ]),
        "selectors.json",
      );
      const t = source.snapshot.accounts[0]!.trails![0]!;
      assert.deepEqual(
        { eventSelectors: t.eventSelectors, insightSelectors: t.insightSelectors, HasInsightSelectors: t.HasInsightSelectors, tags: t.tags },
        {
          eventSelectors: [
            { ReadWriteType: "WriteOnly", IncludeManagementEvents: false, DataResources: [{ Type: "AWS::Lambda::Function", Values: ["arn:aws:lambda"] }], ExcludeManagementEventSources: [] },
            { ReadWriteType: "All", IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: ["kms.amazonaws.com"] },
          ],
          insightSelectors: [{ InsightType: "ApiErrorRateInsight" }],
          HasInsightSelectors: true,
          tags: [
            { Key: "owner", Value: "security" },
            { Key: "env", Value: "prod" },
          ],
        },
      );
    });

    it("options override the account, the region and collectedAt", () => {
      const text = readFileSync(join(ROOT, DIR, "modules.tfplan.json"), "utf8");
      const source = parseIac(text, "plan.json", { accountId: "444455556666", region: "ap-southeast-2", collectedAt: "2026-12-24T00:00:00Z" });
      assert.equal(source.snapshot.accounts[0]!.Id, "444455556666");
      assert.equal(source.snapshot.accounts[0]!.trails![0]!.TrailARN, "arn:aws:cloudtrail:ap-southeast-2:444455556666:trail/org-trail");
      assert.equal(source.snapshot.collectedAt, "2026-12-24T00:00:00Z");
    });

    it("a minified plan (as terraform show -json writes it) is located by column on line 1", () => {
      const text = JSON.stringify(JSON.parse(readFileSync(join(ROOT, "examples/iac/blog.tfplan.json"), "utf8")));
      const source = parseIac(text, "plan.json");
      const trailAt = text.indexOf('{"address":"aws_cloudtrail.all_regions"', text.indexOf('"resource_changes"'));
      const flagAt = text.indexOf('"include_global_service_events"', trailAt);
      assert.deepEqual(source.locate("/accounts/0/trails/0"), { file: "plan.json", startLine: 1, startColumn: trailAt + 1 });
      assert.deepEqual(source.locate("/accounts/0/trails/0/IncludeGlobalServiceEvents"), { file: "plan.json", startLine: 1, startColumn: flagAt + 1 });
    });
  });

  describe("aws_cloudwatch_metric_alarm details", () => {
    const alarm = (after: Record<string, unknown>, unknown: Record<string, unknown> = {}, expressions: Record<string, unknown> = {}): TestResource => ({
      address: "aws_cloudwatch_metric_alarm.a",
      type: "aws_cloudwatch_metric_alarm",
      after: { alarm_name: "a", metric_name: "M", namespace: "N", statistic: "Sum", period: 300, evaluation_periods: 1, threshold: 1, comparison_operator: "GreaterThanThreshold", ...after },
      unknown: { arn: true, id: true, ...unknown },
      expressions: { alarm_name: constant("a"), ...expressions },
    });
    const errorsOf = (source: ReturnType<typeof parseIac>) => source.snapshot.accounts[0]!.collectionErrors!.map((e) => `${e.operation} ${e.resource} ${e.message}`);

    it("attributes left null take the provider's defaults", () => {
      const source = parseIac(planOf([alarm({ actions_enabled: null, alarm_actions: null, ok_actions: null, insufficient_data_actions: null, dimensions: null, treat_missing_data: null, datapoints_to_alarm: null })]), "a.json");
      const a = source.snapshot.accounts[0]!.alarms![0]!;
      assert.deepEqual(
        [a.ActionsEnabled, a.AlarmActions, a.OKActions, a.InsufficientDataActions, a.Dimensions, a.TreatMissingData, "DatapointsToAlarm" in a, a.region],
        [true, [], [], [], [], "missing", false, "eu-central-1"],
      );
      assert.deepEqual(source.snapshot.accounts[0]!.collectionErrors, []);
    });

    it("an unknown action list, actions_enabled, threshold or operator is never a passing guess", () => {
      const source = parseIac(
        planOf([
          alarm(
            { alarm_actions: null, actions_enabled: null, threshold: null, comparison_operator: null },
            { alarm_actions: true, actions_enabled: true, threshold: true, comparison_operator: true },
            { alarm_actions: ref("module.alerts.topic_arns", "module.alerts"), actions_enabled: ref("local.notify"), threshold: ref("aws_ssm_parameter.t.value"), comparison_operator: ref("local.op") },
          ),
        ]),
        "u.json",
      );
      const a = source.snapshot.accounts[0]!.alarms![0]!;
      assert.deepEqual([a.AlarmActions, a.ActionsEnabled, "Threshold" in a, "ComparisonOperator" in a], [[], false, false, false]);
      assert.deepEqual(errorsOf(source), [
        "DescribeAlarms arn:aws:cloudwatch:eu-central-1:000000000000:alarm:a aws_cloudwatch_metric_alarm.a actions_enabled is unknown until apply (after_unknown); cannot be decided from this file",
        "DescribeAlarms arn:aws:cloudwatch:eu-central-1:000000000000:alarm:a aws_cloudwatch_metric_alarm.a alarm_actions is unknown until apply (after_unknown); cannot be decided from this file",
        "DescribeAlarms arn:aws:cloudwatch:eu-central-1:000000000000:alarm:a aws_cloudwatch_metric_alarm.a threshold is unknown until apply (after_unknown); cannot be decided from this file",
        "DescribeAlarms arn:aws:cloudwatch:eu-central-1:000000000000:alarm:a aws_cloudwatch_metric_alarm.a comparison_operator is unknown until apply (after_unknown); cannot be decided from this file",
      ]);
    });

    it("links unknown action ARNs to the referenced topics only when each one is known", () => {
      const topic = (name: string, after: Record<string, unknown>, unknown: Record<string, unknown>, expressions: Record<string, unknown>): TestResource => ({
        address: `aws_sns_topic.${name}`,
        type: "aws_sns_topic",
        after,
        unknown: { arn: true, id: true, ...unknown },
        expressions,
        providerKey: "aws.east",
      });
      const two = parseIac(
        planOf([
          topic("x", { name: "x-topic" }, {}, { name: constant("x-topic") }),
          topic("y", { name: "y-topic" }, {}, { name: constant("y-topic") }),
          alarm(
            { alarm_actions: ["arn:aws:sns:eu-central-1:000000000000:known", null, null] },
            { alarm_actions: [false, true, true] },
            { alarm_actions: ref("aws_sns_topic.x.arn", "aws_sns_topic.x", "aws_sns_topic.y.arn", "aws_sns_topic.y") },
          ),
        ]),
        "two.json",
      );
      // Each topic's ARN is in its own provider's region.
      assert.deepEqual(two.snapshot.accounts[0]!.alarms![0]!.AlarmActions, [
        "arn:aws:sns:eu-central-1:000000000000:known",
        "arn:aws:sns:us-east-1:000000000000:x-topic",
        "arn:aws:sns:us-east-1:000000000000:y-topic",
      ]);
      assert.deepEqual(two.snapshot.accounts[0]!.collectionErrors, []);
      // Two unknown ARNs, one referenced topic: which is which is open.
      const short = parseIac(
        planOf([topic("x", { name: "x-topic" }, {}, { name: constant("x-topic") }), alarm({ alarm_actions: [null, null] }, { alarm_actions: [true, true] }, { alarm_actions: ref("aws_sns_topic.x.arn", "aws_sns_topic.x", "var.other") })]),
        "short.json",
      );
      assert.deepEqual(short.snapshot.accounts[0]!.alarms![0]!.AlarmActions, [
        "<known after apply: aws_cloudwatch_metric_alarm.a.alarm_actions[0]>",
        "<known after apply: aws_cloudwatch_metric_alarm.a.alarm_actions[1]>",
      ]);
      assert.deepEqual(errorsOf(short), [
        "DescribeAlarms arn:aws:cloudwatch:eu-central-1:000000000000:alarm:a aws_cloudwatch_metric_alarm.a alarm_actions has values unknown until apply (after_unknown); cannot be decided from this file",
      ]);
    });

    it("an unknown metric_query value fails the read; an anomaly detection alarm has no Threshold", () => {
      const source = parseIac(
        planOf([
          alarm(
            {
              metric_name: null,
              namespace: null,
              statistic: null,
              period: null,
              threshold: null,
              threshold_metric_id: "band",
              comparison_operator: "LessThanLowerOrGreaterThanUpperThreshold",
              metric_query: [
                { id: "band", expression: "ANOMALY_DETECTION_BAND(m1, 2)", label: "", return_data: true, period: 0, account_id: "", metric: [] },
                { id: "m1", expression: "", label: "", return_data: false, account_id: null, metric: [{ metric_name: "Latency", namespace: "App", period: 60, stat: "p99", unit: "", dimensions: { Service: null } }] },
              ],
            },
            { metric_query: [{ metric: [] }, { metric: [{ dimensions: { Service: true } }] }] },
            { metric_query: [{ id: constant("band") }, { id: constant("m1"), metric: [{ dimensions: ref("aws_ecs_service.app.name") }] }] },
          ),
        ]),
        "q.json",
      );
      const a = source.snapshot.accounts[0]!.alarms![0]!;
      assert.deepEqual(
        { Metrics: a.Metrics, ThresholdMetricId: a.ThresholdMetricId, Threshold: a.Threshold, MetricName: a.MetricName, Period: a.Period },
        {
          Metrics: [
            { Id: "band", Expression: "ANOMALY_DETECTION_BAND(m1, 2)", ReturnData: true },
            {
              Id: "m1",
              ReturnData: false,
              MetricStat: {
                Metric: { Namespace: "App", MetricName: "Latency", Dimensions: [{ Name: "Service", Value: "<known after apply: aws_cloudwatch_metric_alarm.a.metric_query[1].metric[0].dimensions.Service>" }] },
                Period: 60,
                Stat: "p99",
              },
            },
          ],
          ThresholdMetricId: "band",
          Threshold: undefined,
          MetricName: undefined,
          Period: undefined,
        },
      );
      assert.deepEqual(errorsOf(source), [
        "DescribeAlarms arn:aws:cloudwatch:eu-central-1:000000000000:alarm:a aws_cloudwatch_metric_alarm.a metric_query has values unknown until apply (after_unknown); cannot be decided from this file",
      ]);
    });

    describe("a metric_name that is a metric filter's id (known after apply: the filter's name)", () => {
      const filter: TestResource = {
        address: "aws_cloudwatch_log_metric_filter.f",
        type: "aws_cloudwatch_log_metric_filter",
        after: { name: "RootUsage", log_group_name: "trail", pattern: "{ $.userIdentity.type = \"Root\" }", metric_transformation: [{ name: "RootUsage", namespace: "N", value: "1" }] },
        unknown: { id: true },
        expressions: { name: constant("RootUsage") },
      };
      const metricOf = (refs: string[]) => {
        const source = parseIac(planOf([filter, alarm({ metric_name: null }, { metric_name: true }, { metric_name: ref(...refs) })]), "a.json");
        return { name: source.snapshot.accounts[0]!.alarms![0]!.MetricName, errors: errorsOf(source) };
      };

      it("takes the filter's name when the expression references that filter alone", () => {
        assert.deepEqual(metricOf(["aws_cloudwatch_log_metric_filter.f.id", "aws_cloudwatch_log_metric_filter.f"]), { name: "RootUsage", errors: [] });
      });

      it("stays unknown when something else that may be unknown enters it (a random prefix), or the reference is no metric filter", () => {
        const open = "DescribeAlarms arn:aws:cloudwatch:eu-central-1:000000000000:alarm:a aws_cloudwatch_metric_alarm.a metric_name is unknown until apply (after_unknown); cannot be decided from this file";
        const placeholder = "<known after apply: aws_cloudwatch_metric_alarm.a.metric_name>";
        assert.deepEqual(metricOf(["random_pet.p.id", "random_pet.p", "aws_cloudwatch_log_metric_filter.f.id", "aws_cloudwatch_log_metric_filter.f"]), { name: placeholder, errors: [open] });
        assert.deepEqual(metricOf(["aws_ssm_parameter.metric.value", "aws_ssm_parameter.metric"]), { name: placeholder, errors: [open] });
      });
    });

    it("an unknown evaluate_low_sample_count_percentiles decides nothing for an alarm on a plain statistic; for a percentile alarm it stays an error", () => {
      const configured = { evaluate_low_sample_count_percentiles: ref("each.value") };
      const plain = parseIac(planOf([alarm({ evaluate_low_sample_count_percentiles: null }, { evaluate_low_sample_count_percentiles: true }, configured)]), "a.json");
      assert.equal("EvaluateLowSampleCountPercentile" in plain.snapshot.accounts[0]!.alarms![0]!, false);
      assert.deepEqual(errorsOf(plain), []);
      const percentile = parseIac(
        planOf([alarm({ statistic: null, extended_statistic: "p99", evaluate_low_sample_count_percentiles: null }, { evaluate_low_sample_count_percentiles: true }, configured)]),
        "p.json",
      );
      assert.deepEqual(errorsOf(percentile), [
        "DescribeAlarms arn:aws:cloudwatch:eu-central-1:000000000000:alarm:a aws_cloudwatch_metric_alarm.a evaluate_low_sample_count_percentiles is unknown until apply (after_unknown); cannot be decided from this file",
      ]);
    });

    it("without a configuration section, the provider-computed attributes are not unknowns; an unknown alarm_name gives the address", () => {
      const source = parseIac(
        planOf([alarm({ alarm_name: null, evaluate_low_sample_count_percentiles: null }, { alarm_name: true, evaluate_low_sample_count_percentiles: true, tags_all: true })], {}, false),
        "noconfig.json",
      );
      const a = source.snapshot.accounts[0]!.alarms![0]!;
      assert.deepEqual([a.AlarmName, a.AlarmArn, a.EvaluateLowSampleCountPercentile], ["aws_cloudwatch_metric_alarm.a", "arn:aws:cloudwatch:us-east-1:000000000000:alarm:aws_cloudwatch_metric_alarm.a", undefined]);
      assert.deepEqual(source.snapshot.accounts[0]!.collectionErrors, []);
    });
  });

  describe("bad plans", () => {
    it("a plan of another format version is rejected, naming the file", () => {
      const error = expectInputError(
        () => parseIac(JSON.stringify({ format_version: "2.0", planned_values: {} }), "next.tfplan.json"),
        'next.tfplan.json: Terraform JSON format_version "2.0" is not supported (cloudtrail-lint reads format 1.x, written by Terraform 1.x)',
      );
      assert.equal(error.file, "next.tfplan.json");
      assert.equal(parseIac(JSON.stringify({ format_version: "0.2", planned_values: { root_module: {} } }), "old.json").kind, "terraform");
    });

    it("a state file is rejected with the command that makes a plan", () => {
      expectInputError(() => parseIac(JSON.stringify({ format_version: "1.0", values: { root_module: {} } }), "state.json"), "state.json: a Terraform state, not a plan; give the plan: terraform plan -out=plan.out && terraform show -json plan.out > plan.json");
    });

    it("a plan whose shape is wrong names the line and path", () => {
      expectInputError(
        () => parseIac('{\n  "format_version": "1.2",\n  "planned_values": {\n    "root_module": {\n      "resources": [\n        { "mode": "managed" }\n      ]\n    }\n  }\n}', "shape.json"),
        "shape.json:6:9: not a valid Terraform plan:",
        "at /planned_values/root_module/resources/0: must have required property 'address'",
      );
      expectInputError(() => parseIac('{"format_version": "1.2"}', "empty.json"), "empty.json:1:1: not a valid Terraform plan:", "must have required property 'planned_values'");
      expectInputError(() => parseIac('{"format_version": 1}', "number.json"), 'Terraform JSON format_version "1" is not supported');
    });
  });

  describe("parseAddress", () => {
    const cases: [string, ReturnType<typeof parseAddress>][] = [
      ["aws_s3_bucket.logs", { prefix: "", modules: [], type: "aws_s3_bucket", name: "logs" }],
      ['aws_s3_bucket.payments["eu"]', { prefix: "", modules: [], type: "aws_s3_bucket", name: "payments" }],
      ["module.logs.aws_s3_bucket.this", { prefix: "module.logs", modules: ["logs"], type: "aws_s3_bucket", name: "this" }],
      ['module.a["x.y"].module.b[0].aws_cloudtrail.t[2]', { prefix: 'module.a["x.y"].module.b[0]', modules: ["a", "b"], type: "aws_cloudtrail", name: "t" }],
      ["data.aws_caller_identity.current", undefined],
      ["module.only", undefined],
    ];
    for (const [address, expected] of cases) it(address, () => assert.deepEqual(parseAddress(address), expected));
  });
});
