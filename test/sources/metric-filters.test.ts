// Metric filters in templates and plans: each metric transformation in the DescribeMetricFilters
// shape, with what an alarm must match (metricName, metricNamespace, dimensions) and defaultValue
// and unit; a filter whose pattern or metric the file leaves open leaves its group's metric filters
// unknown (a filter without its pattern would read as the empty pattern, which matches everything).
import assert from "node:assert/strict";
import { withUnknowns } from "../../src/model/derive.js";
import type { CollectionError, LogGroup } from "../../src/model/snapshot.js";
import type { IacSource } from "../../src/sources/iac.js";
import { assertValid } from "../../src/util/schemas.js";
import { loadFixture } from "./cloudformation/helpers.js";

function derived(source: IacSource): { groups: LogGroup[]; errors: CollectionError[] } {
  const snapshot = withUnknowns(source.snapshot);
  assertValid("snapshot.schema.json", snapshot, source.file);
  const account = snapshot.accounts[0]!;
  return { groups: account.logGroups as LogGroup[], errors: account.collectionErrors ?? [] };
}

const SIGNIN = '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }';
const ROOT = '{ $.userIdentity.type = "Root" }';
const signinFailures = {
  filterName: "console-signin-failures",
  filterPattern: SIGNIN,
  metricTransformations: [
    { metricName: "ConsoleSigninFailures", metricNamespace: "CISBenchmark", metricValue: "1", defaultValue: 0, dimensions: { EventName: "$.eventName", SourceIp: "$.sourceIPAddress" }, unit: "Count" },
  ],
};
const groupArn = (name: string) => `arn:aws:logs:us-east-1:000000000000:log-group:${name}:*`;

describe("metric filters in infrastructure as code", () => {
  it("CloudFormation: Dimensions [{ Key, Value }] become the map, DefaultValue a number, Unit kept; an open MetricNamespace leaves that group's filters unknown", () => {
    const source = loadFixture("test/fixtures/iac/cloudformation/metric-filters.yaml", { region: "us-east-1" });
    const { groups, errors } = derived(source);
    const error: CollectionError = {
      service: "logs",
      operation: "DescribeMetricFilters",
      region: "us-east-1",
      resource: groupArn("other"),
      code: "Unresolved",
      message: "OpenNamespace (AWS::Logs::MetricFilter) MetricTransformations is !Ref Namespace: parameter Namespace has no value (no Default; pass --parameter Namespace=…); cannot be decided from this file",
    };
    const pattern: CollectionError = {
      ...error,
      resource: groupArn("patterns"),
      message: "OpenPattern (AWS::Logs::MetricFilter) FilterPattern is !Ref Pattern: parameter Pattern has no value (no Default; pass --parameter Pattern=…); cannot be decided from this file",
    };
    assert.deepEqual(errors, [error, pattern]);
    assert.deepEqual(groups, [
      {
        logGroupName: "/aws/cloudtrail/main",
        arn: groupArn("/aws/cloudtrail/main"),
        region: "us-east-1",
        metricFilters: [
          signinFailures,
          // No FilterName: the logical id; MetricValue 1 written as a number, DefaultValue "0.5" as a string; no dimensions ([]) is absent.
          { filterName: "RootUsage", filterPattern: ROOT, metricTransformations: [{ metricName: "RootUsage", metricNamespace: "CISBenchmark", metricValue: "1", defaultValue: 0.5 }] },
        ],
      },
      { logGroupName: "other", arn: groupArn("other"), region: "us-east-1", metricFilters: { $unknown: error } },
      // Not a filter without pattern (the empty pattern, which matches every event).
      { logGroupName: "patterns", arn: groupArn("patterns"), region: "us-east-1", metricFilters: { $unknown: pattern } },
    ]);
    assert.deepEqual([0, 1].map((i) => source.locate(`/accounts/0/collectionErrors/${i}`)?.startLine), [53, 65]);
  });

  it("CloudFormation: with the parameters given, the same filters map without errors", () => {
    const source = loadFixture("test/fixtures/iac/cloudformation/metric-filters.yaml", { region: "us-east-1", parameters: { Namespace: "CIS", Pattern: "{ $.eventName = StopLogging }" } });
    const { groups, errors } = derived(source);
    assert.deepEqual(errors, []);
    assert.deepEqual(groups[1]!.metricFilters, [
      { filterName: "open-namespace", filterPattern: "{ $.eventName = StopLogging }", metricTransformations: [{ metricName: "StopLogging", metricNamespace: "CIS", metricValue: "1" }] },
    ]);
    assert.deepEqual(groups[2]!.metricFilters, [
      { filterName: "OpenPattern", filterPattern: "{ $.eventName = StopLogging }", metricTransformations: [{ metricName: "Anything", metricNamespace: "CISBenchmark", metricValue: "1" }] },
    ]);
  });

  it("Terraform: metric_transformation dimensions, default_value (a string in the provider) and unit; an unknown name leaves the group's filters unknown", () => {
    const source = loadFixture("test/fixtures/iac/terraform/metric-filters.tfplan.json");
    const { groups, errors } = derived(source);
    const error: CollectionError = {
      service: "logs",
      operation: "DescribeMetricFilters",
      region: "us-east-1",
      resource: groupArn("other"),
      code: "Unresolved",
      message: "aws_cloudwatch_log_metric_filter.stop_logging metric_transformation is unknown until apply (after_unknown); cannot be decided from this file",
    };
    assert.deepEqual(errors, [error]);
    assert.deepEqual(groups, [
      {
        logGroupName: "/aws/cloudtrail/main",
        arn: groupArn("/aws/cloudtrail/main"),
        region: "us-east-1",
        metricFilters: [
          signinFailures,
          // default_value null and dimensions null: absent; unit "None" is the provider's default, as AWS then holds it.
          { filterName: "root-usage", filterPattern: ROOT, metricTransformations: [{ metricName: "RootUsage", metricNamespace: "CISBenchmark", metricValue: "1", unit: "None" }] },
        ],
        retentionInDays: 365,
      },
      { logGroupName: "other", arn: groupArn("other"), region: "us-east-1", metricFilters: { $unknown: error } },
    ]);
  });
});
