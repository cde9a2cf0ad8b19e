// The alarm reads (alarms.ts, wired in collect.ts): cloudwatch:DescribeAlarms (MetricAlarm, every
// page) once per account and region that holds a log group a trail delivers to; a failed listing
// leaves the account's alarms unknown; then each SNS topic the alarms' actions name, once, in its owner.
import assert from "node:assert/strict";
import { CloudWatchClient, DescribeAlarmsCommand, type MetricAlarm as CwMetricAlarm } from "@aws-sdk/client-cloudwatch";
import { mockClient } from "aws-sdk-client-mock";
import { awsError } from "../../../bench/simulated-aws.js";
import { withUnknowns } from "../../../src/model/derive.js";
import type { MetricAlarm, Snapshot } from "../../../src/model/snapshot.js";
import { readAlarms } from "../../../src/sources/aws/alarms.js";
import { defaultClientFactory } from "../../../src/sources/aws/clients.js";
import { collectWithStats } from "../../../src/sources/aws/collect.js";
import { AccountSession, type Runtime } from "../../../src/sources/aws/session.js";
import type { Target } from "../../../src/sources/aws/target.js";
import { assertValid } from "../../../src/util/schemas.js";
import { mockAws, type Inject } from "./mock-aws.js";
import { D, M, P, SECURITY_TOPIC_ARN, exampleWorld } from "./world.js";

const A1 = "111111111111";
const credentials = { accessKeyId: "AKIATEST", secretAccessKey: "secret" };

function target(id: string): Target {
  const runtime: Runtime = { factory: defaultClientFactory({ maxAttempts: 1 }), callTimeoutMs: 1000, throttleRetries: 0, throttleBackoffMs: 0, accountConcurrency: 2, onCall() {} };
  const session = new AccountSession(id, runtime, credentials);
  return { account: { Id: id }, session, bucketsFailed: false, trails: new Map(), read: new Set(), bucketRecords: new Map(), logGroups: [], kmsKeys: new Map() };
}

/** The account's alarms as the collector writes them, derived (unknowns from the errors) and valid. */
function derived(t: Target): Snapshot["accounts"][number]["alarms"] {
  const snapshot: Snapshot = {
    schemaVersion: 1,
    collectedAt: "2026-11-26T10:00:00Z",
    partition: "aws",
    organization: null,
    accounts: [{ Id: t.account.Id, ...(t.alarms ? { alarms: t.alarms } : {}), collectionErrors: t.session.errors }],
  };
  const out = withUnknowns(snapshot);
  assertValid("snapshot.schema.json", out, "snapshot");
  return out.accounts[0]!.alarms;
}

const alarm = (name: string, extra: Record<string, unknown> = {}): CwMetricAlarm => ({
  AlarmName: name,
  AlarmArn: `arn:aws:cloudwatch:eu-west-1:${A1}:alarm:${name}`,
  MetricName: name,
  Namespace: "CISBenchmark",
  Statistic: "Sum",
  Threshold: 1,
  ComparisonOperator: "GreaterThanOrEqualToThreshold",
  ...extra,
}) as CwMetricAlarm;

describe("live alarm reads (cloudwatch:DescribeAlarms)", () => {
  let cw: ReturnType<typeof mockClient>;
  beforeEach(() => {
    cw = mockClient(CloudWatchClient);
  });
  afterEach(() => cw.restore());

  it("reads every page of metric alarms in the region asked, keeping the region", async () => {
    cw.on(DescribeAlarmsCommand, { AlarmTypes: ["MetricAlarm"] })
      .resolves({ MetricAlarms: [alarm("root-usage", { AlarmActions: [`arn:aws:sns:eu-west-1:${A1}:t`] })], CompositeAlarms: [], NextToken: "p2" })
      .on(DescribeAlarmsCommand, { AlarmTypes: ["MetricAlarm"], NextToken: "p2" })
      .resolves({ MetricAlarms: [alarm("console-no-mfa", { StateUpdatedTimestamp: new Date("2026-01-02T03:04:05.000Z") })] });
    const t = target(A1);
    await readAlarms(t, "eu-west-1");
    const calls = cw.commandCalls(DescribeAlarmsCommand);
    assert.deepEqual(calls.map((c) => c.args[0].input), [{ AlarmTypes: ["MetricAlarm"] }, { AlarmTypes: ["MetricAlarm"], NextToken: "p2" }]);
    assert.equal(await (calls[0]!.thisValue as CloudWatchClient).config.region(), "eu-west-1");
    assert.deepEqual(t.session.errors, []);
    assert.deepEqual(derived(t), [
      { ...alarm("root-usage", { AlarmActions: [`arn:aws:sns:eu-west-1:${A1}:t`] }), region: "eu-west-1" },
      { ...alarm("console-no-mfa"), StateUpdatedTimestamp: "2026-01-02T03:04:05.000Z", region: "eu-west-1" },
    ]);
  });

  it("a region without alarms is an empty list, not unknown", async () => {
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    const t = target(A1);
    await readAlarms(t, "eu-west-1");
    assert.deepEqual(derived(t), []);
  });

  it("one region read and another failed: the account's alarms are unknown, not the one region's", async () => {
    cw.on(DescribeAlarmsCommand).resolvesOnce({ MetricAlarms: [alarm("root-usage")] }).rejectsOnce(awsError("AccessDenied", "denied"));
    const t = target(A1);
    await readAlarms(t, "eu-west-1");
    await readAlarms(t, "us-east-1");
    assert.equal(t.alarms?.length, 1);
    const alarms = derived(t) as unknown as { $unknown: { operation: string; region: string } };
    assert.deepEqual([alarms.$unknown.operation, alarms.$unknown.region], ["DescribeAlarms", "us-east-1"]);
  });

  for (const [name, answer] of [
    ["denied", () => cw.on(DescribeAlarmsCommand).rejects(awsError("AccessDenied", "not authorized to perform: cloudwatch:DescribeAlarms"))],
    ["an alarm with an unknown comparison", () => cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [alarm("x", { ComparisonOperator: "Sideways" })] } as never)],
    ["a page without MetricAlarms", () => cw.on(DescribeAlarmsCommand).resolves({})],
  ] as const) {
    it(`a failed listing (${name}) is a cloudwatch:DescribeAlarms error in that region, and the alarms are unknown`, async () => {
      answer();
      const t = target(A1);
      await readAlarms(t, "eu-west-1");
      assert.deepEqual(
        t.session.errors.map((e) => [e.service, e.operation, e.region]),
        [["cloudwatch", "DescribeAlarms", "eu-west-1"]],
      );
      const alarms = derived(t) as unknown as { $unknown: { operation: string } };
      assert.equal(alarms.$unknown.operation, "DescribeAlarms");
    });
  }
});

describe("live alarm reads in a collection (the example organization)", () => {
  const options = { credentials: { accessKeyId: `AKIA${M}`, secretAccessKey: "secret" }, throttleBackoffMs: 0, now: () => new Date("2026-11-26T10:00:00Z") };
  async function run(inject?: Inject) {
    const mock = mockAws(exampleWorld(), inject);
    try {
      return { ...(await collectWithStats(options)), calls: mock.calls };
    } finally {
      mock.restore();
    }
  }
  const where = (calls: { account: string; region: string; service: string; operation: string; input: Record<string, unknown> }[], op: string) =>
    calls.filter((c) => `${c.service}:${c.operation}` === op).map((c) => `${c.account} ${c.region} ${JSON.stringify(c.input)}`).sort();

  it("reads the alarms once per account and region of the log groups trails deliver to, then the topics their actions name", async () => {
    const { calls, snapshot } = await run();
    assert.deepEqual(where(calls, "cloudwatch:DescribeAlarms"), [
      `${M} us-east-1 {"AlarmTypes":["MetricAlarm"]}`,
      `${P} eu-west-1 {"AlarmTypes":["MetricAlarm"]}`,
      `${D} us-east-1 {"AlarmTypes":["MetricAlarm"]}`,
    ].sort());
    assert.deepEqual(where(calls, "sns:ListSubscriptionsByTopic"), [`${M} us-east-1 {"TopicArn":"${SECURITY_TOPIC_ARN}"}`]);
    const management = snapshot.accounts.find((a) => a.Id === M)!;
    assert.deepEqual((management.alarms as MetricAlarm[]).map((a) => a.AlarmName), ["root-usage"]);
    assert.deepEqual(management.snsTopics, [
      {
        TopicArn: SECURITY_TOPIC_ARN,
        region: "us-east-1",
        subscriptions: [
          { SubscriptionArn: `${SECURITY_TOPIC_ARN}:4f1c2a9e-0d2b-4c1e-9a51-7b3e2f6d8c10`, Protocol: "email", confirmed: true, Endpoint: "security@example.com" },
          { SubscriptionArn: "PendingConfirmation", Protocol: "email", confirmed: false, Endpoint: "oncall@example.com" },
        ],
      },
    ]);
    assert.deepEqual(snapshot.accounts.find((a) => a.Id === P)!.alarms, []);
  });

  it("a denied DescribeAlarms leaves that account's alarms unknown, and no topic is read from them", async () => {
    const { calls, snapshot } = await run((call) => {
      if (call.account === M && call.operation === "DescribeAlarms") throw awsError("AccessDenied", "not authorized to perform: cloudwatch:DescribeAlarms");
      return undefined;
    });
    const management = snapshot.accounts.find((a) => a.Id === M)!;
    const unknown = management.alarms as unknown as { $unknown: { service: string; operation: string; region: string } };
    assert.deepEqual([unknown.$unknown.service, unknown.$unknown.operation, unknown.$unknown.region], ["cloudwatch", "DescribeAlarms", "us-east-1"]);
    assert.equal(management.snsTopics, undefined);
    assert.deepEqual(where(calls, "sns:ListSubscriptionsByTopic"), []);
    assert.deepEqual(snapshot.accounts.find((a) => a.Id === P)!.alarms, [], "the other accounts' alarms are read");
  });
});
