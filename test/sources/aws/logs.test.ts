// The log group read (logs.ts): logs:DescribeLogGroups, then DescribeMetricFilters; each metric
// transformation keeps metricName, metricNamespace, metricValue, defaultValue, dimensions and unit
// (what an alarm must match), and nothing else; a transformation not as documented fails the
// listing: the group's metric filters are unknown.
import assert from "node:assert/strict";
import { CloudWatchLogsClient, DescribeLogGroupsCommand, DescribeMetricFiltersCommand } from "@aws-sdk/client-cloudwatch-logs";
import { mockClient } from "aws-sdk-client-mock";
import { withUnknowns } from "../../../src/model/derive.js";
import type { LogGroup, Snapshot } from "../../../src/model/snapshot.js";
import { defaultClientFactory } from "../../../src/sources/aws/clients.js";
import { readLogGroup } from "../../../src/sources/aws/logs.js";
import { AccountSession, type Runtime } from "../../../src/sources/aws/session.js";
import type { Target } from "../../../src/sources/aws/target.js";
import { assertValid } from "../../../src/util/schemas.js";

const A1 = "111111111111";
const GROUP = "cloudtrail/management";

function target(id: string): Target {
  const runtime: Runtime = { factory: defaultClientFactory({ maxAttempts: 1 }), callTimeoutMs: 1000, throttleRetries: 0, throttleBackoffMs: 0, accountConcurrency: 2, onCall() {} };
  const session = new AccountSession(id, runtime, { accessKeyId: "AKIATEST", secretAccessKey: "secret" });
  return { account: { Id: id }, session, bucketsFailed: false, trails: new Map(), read: new Set(), bucketRecords: new Map(), logGroups: [], kmsKeys: new Map() };
}

/** The account's log groups as the collector writes them, derived and valid. */
function derived(t: Target): LogGroup[] {
  const snapshot: Snapshot = {
    schemaVersion: 1,
    collectedAt: "2026-11-26T10:00:00Z",
    partition: "aws",
    organization: null,
    accounts: [{ Id: t.account.Id, logGroups: t.logGroups, collectionErrors: t.session.errors }],
  };
  const out = withUnknowns(snapshot);
  assertValid("snapshot.schema.json", out, "snapshot");
  return out.accounts[0]!.logGroups as LogGroup[];
}

/** `aws logs describe-metric-filters` output: one filter with every transformation field, one with the three required ones. */
const filters = () => [
  {
    filterName: "console-signin-failures",
    filterPattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
    logGroupName: GROUP,
    creationTime: 1767607200000,
    metricTransformations: [
      { metricName: "ConsoleSigninFailures", metricNamespace: "CISBenchmark", metricValue: "1", defaultValue: 0, dimensions: { EventName: "$.eventName", Source: "$.sourceIPAddress" }, unit: "Count" },
    ],
    applyOnTransformedLogs: false,
  },
  {
    filterName: "root-usage",
    filterPattern: '{ $.userIdentity.type = "Root" }',
    logGroupName: GROUP,
    metricTransformations: [{ metricName: "RootUsage", metricNamespace: "CISBenchmark", metricValue: "1", futureField: "dropped" }],
  },
];

describe("live log group reads (logs:DescribeLogGroups, DescribeMetricFilters)", () => {
  let logs: ReturnType<typeof mockClient>;
  beforeEach(() => {
    logs = mockClient(CloudWatchLogsClient);
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: GROUP, arn: `arn:aws:logs:eu-west-1:${A1}:log-group:${GROUP}:*`, creationTime: 1767607200000 }] });
  });
  afterEach(() => logs.restore());

  it("keeps each transformation's dimensions, defaultValue and unit, and drops fields the snapshot does not describe", async () => {
    logs.on(DescribeMetricFiltersCommand).resolves({ metricFilters: filters() as never });
    const t = target(A1);
    await readLogGroup(t, GROUP, "eu-west-1");
    assert.deepEqual(t.session.errors, []);
    const [group] = derived(t);
    assert.deepEqual(group!.metricFilters, [
      {
        filterName: "console-signin-failures",
        filterPattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
        metricTransformations: [
          { metricName: "ConsoleSigninFailures", metricNamespace: "CISBenchmark", metricValue: "1", defaultValue: 0, dimensions: { EventName: "$.eventName", Source: "$.sourceIPAddress" }, unit: "Count" },
        ],
        logGroupName: GROUP,
        creationTime: 1767607200000,
      },
      {
        filterName: "root-usage",
        filterPattern: '{ $.userIdentity.type = "Root" }',
        metricTransformations: [{ metricName: "RootUsage", metricNamespace: "CISBenchmark", metricValue: "1" }],
        logGroupName: GROUP,
      },
    ]);
  });

  const odd: [string, Record<string, unknown>, string][] = [
    ["a dimension whose selector is no string", { dimensions: { EventName: 7 } }, "metricFilters[0].metricTransformations[0].dimensions.EventName=7"],
    ["dimensions as a list", { dimensions: [{ Key: "EventName", Value: "$.eventName" }] }, 'metricFilters[0].metricTransformations[0].dimensions=[{"Key":"EventName","Value":"$.eventName"}]'],
    ["a defaultValue as a string", { defaultValue: "0" }, "metricFilters[0].metricTransformations[0].defaultValue='0'"],
    ["a unit that is no string", { unit: 1 }, "metricFilters[0].metricTransformations[0].unit=1"],
  ];
  for (const [name, change, problem] of odd) {
    it(`${name}: UnexpectedValue, the group's metric filters unknown`, async () => {
      const [first, second] = filters();
      logs.on(DescribeMetricFiltersCommand).resolves({ metricFilters: [{ ...first, metricTransformations: [{ ...first!.metricTransformations[0], ...change }] }, second] as never });
      const t = target(A1);
      await readLogGroup(t, GROUP, "eu-west-1");
      assert.deepEqual(
        t.session.errors.map((e) => `${e.service}:${e.operation} ${e.resource} ${e.code} ${e.message}`),
        [`logs:DescribeMetricFilters ${GROUP} UnexpectedValue unexpected value from AWS: ${problem} in DescribeMetricFilters`],
      );
      assert.deepEqual(derived(t)[0]!.metricFilters, { $unknown: t.session.errors[0] });
    });
  }
});
