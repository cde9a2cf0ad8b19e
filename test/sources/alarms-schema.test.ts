// The snapshot schema's alarms: cloudwatch:DescribeAlarms MetricAlarms entries as the CLI prints
// them validate; a wrong type, an unknown property or a missing required field is named by its JSON
// path.
import assert from "node:assert/strict";
import type { MetricAlarm, Snapshot } from "../../src/model/snapshot.js";
import { InputError } from "../../src/util/errors.js";
import { assertValid } from "../../src/util/schemas.js";

/** `aws cloudwatch describe-alarms --query MetricAlarms` output, plus our region. */
const describeAlarms = (): MetricAlarm[] => [
  {
    AlarmName: "unauthorized-api-calls",
    AlarmArn: "arn:aws:cloudwatch:eu-west-1:111122223333:alarm:unauthorized-api-calls",
    AlarmDescription: "CIS 4.1",
    AlarmConfigurationUpdatedTimestamp: "2026-11-01T09:30:00.123000+00:00",
    ActionsEnabled: true,
    OKActions: [],
    AlarmActions: ["arn:aws:sns:eu-west-1:111122223333:security-alerts"],
    InsufficientDataActions: [],
    StateValue: "OK",
    StateReason: "Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching].",
    StateReasonData: '{"version":"1.0","queryDate":"2026-11-20T11:55:00.000+0000","statistic":"Sum","period":300,"recentDatapoints":[],"threshold":1.0}',
    StateUpdatedTimestamp: "2026-11-20T11:55:00.000Z",
    MetricName: "UnauthorizedAPICalls",
    Namespace: "CISBenchmark",
    Statistic: "Sum",
    Dimensions: [],
    Period: 300,
    EvaluationPeriods: 1,
    DatapointsToAlarm: 1,
    Threshold: 1.0,
    ComparisonOperator: "GreaterThanOrEqualToThreshold",
    TreatMissingData: "notBreaching",
    StateTransitionedTimestamp: "2026-11-20T11:55:00.000Z",
    region: "eu-west-1",
  },
  {
    AlarmName: "api-error-rate",
    AlarmArn: "arn:aws:cloudwatch:eu-west-1:111122223333:alarm:api-error-rate",
    ActionsEnabled: false,
    OKActions: [],
    AlarmActions: [],
    InsufficientDataActions: [],
    StateValue: "INSUFFICIENT_DATA",
    Dimensions: [],
    EvaluationPeriods: 3,
    Threshold: 2.5,
    ComparisonOperator: "GreaterThanThreshold",
    Metrics: [
      { Id: "rate", Expression: "100 * errors / requests", Label: "Error rate (%)", ReturnData: true },
      {
        Id: "errors",
        ReturnData: false,
        MetricStat: { Metric: { Namespace: "AWS/ApiGateway", MetricName: "5XXError", Dimensions: [{ Name: "ApiName", Value: "payments" }] }, Period: 300, Stat: "Sum" },
      },
    ],
    region: "eu-west-1",
  },
];

const snapshotWith = (alarms: unknown[]): Snapshot =>
  ({
    schemaVersion: 1,
    collectedAt: "2026-11-20T12:00:00Z",
    partition: "aws",
    organization: null,
    accounts: [{ Id: "111122223333", alarms }],
  }) as Snapshot;

/** The InputError of validating a snapshot whose first alarm is `alarm`. */
function invalid(alarm: unknown): InputError {
  try {
    assertValid("snapshot.schema.json", snapshotWith([alarm]), "snap.json");
  } catch (error) {
    assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
    return error;
  }
  return assert.fail("the snapshot validated");
}

describe("snapshot schema: alarms", () => {
  it("DescribeAlarms output (metric and metric-math alarms, state fields) validates", () => {
    const snapshot = snapshotWith(describeAlarms());
    assert.equal(assertValid<Snapshot>("snapshot.schema.json", snapshot, "snap.json"), snapshot);
    assert.deepEqual(assertValid<Snapshot>("snapshot.schema.json", snapshotWith([{ AlarmName: "minimal" }]), "snap.json").accounts[0]!.alarms, [{ AlarmName: "minimal" }]);
  });

  it("a Threshold given as a string is rejected, naming its JSON path", () => {
    const error = invalid({ ...describeAlarms()[0], Threshold: "1" });
    assert.equal(error.path, "/accounts/0/alarms/0/Threshold");
    assert.match(error.message, /^snap\.json: does not match snapshot\.schema\.json:\n {2}at \/accounts\/0\/alarms\/0\/Threshold: must be number$/);
  });

  it("names each kind of problem at its path", () => {
    const cases: [unknown, string][] = [
      [{ ...describeAlarms()[0], AlarmName: undefined }, "/accounts/0/alarms/0: must have required property 'AlarmName'"],
      [{ ...describeAlarms()[0], Alarm: "typo" }, '/accounts/0/alarms/0: has unknown property "Alarm"'],
      [{ ...describeAlarms()[0], ComparisonOperator: "GreaterThan" }, "/accounts/0/alarms/0/ComparisonOperator: must be one of"],
      [{ ...describeAlarms()[0], TreatMissingData: "NOT_BREACHING" }, "/accounts/0/alarms/0/TreatMissingData: must be one of"],
      [{ ...describeAlarms()[0], Period: 0 }, "/accounts/0/alarms/0/Period: must be >= 1"],
      [{ ...describeAlarms()[0], EvaluationPeriods: 1.5 }, "/accounts/0/alarms/0/EvaluationPeriods: must be integer"],
      [{ ...describeAlarms()[0], Dimensions: [{ Name: "InstanceId" }] }, "/accounts/0/alarms/0/Dimensions/0: must have required property 'Value'"],
      [{ ...describeAlarms()[0], AlarmActions: "arn:aws:sns:eu-west-1:111122223333:a" }, "/accounts/0/alarms/0/AlarmActions: must be array"],
      [{ ...describeAlarms()[1], Metrics: [{ Expression: "m1 * 2" }] }, "/accounts/0/alarms/0/Metrics/0: must have required property 'Id'"],
      [{ ...describeAlarms()[0], AlarmArn: "arn:aws:sns:eu-west-1:111122223333:security-alerts" }, "/accounts/0/alarms/0/AlarmArn: must match pattern"],
    ];
    for (const [alarm, expected] of cases) {
      const error = invalid(alarm);
      assert.ok(error.message.includes(`at ${expected}`), `${JSON.stringify(alarm)}: message ${JSON.stringify(error.message)} lacks ${JSON.stringify(expected)}`);
    }
  });
});

describe("snapshot schema: a topic that does not exist", () => {
  const TOPIC = "arn:aws:sns:eu-west-1:111122223333:security-alerts";
  const withTopics = (snsTopics: unknown[]) => ({ ...snapshotWith([]), accounts: [{ Id: "111122223333", snsTopics }] });
  const message = (snsTopics: unknown[]) => {
    try {
      assertValid("snapshot.schema.json", withTopics(snsTopics), "snap.json");
    } catch (error) {
      assert.ok(error instanceof InputError);
      return error.message;
    }
    return "valid";
  };

  it("exists false with no subscriptions validates; with subscriptions, or exists true, does not", () => {
    assert.equal(message([{ TopicArn: TOPIC, region: "eu-west-1", exists: false, subscriptions: [] }]), "valid");
    assert.match(
      message([{ TopicArn: TOPIC, region: "eu-west-1", exists: false, subscriptions: [{ SubscriptionArn: `${TOPIC}:1`, Protocol: "email", confirmed: true }] }]),
      /at \/accounts\/0\/snsTopics\/0\/subscriptions: must NOT have more than 0 items/,
    );
    assert.match(message([{ TopicArn: TOPIC, region: "eu-west-1", exists: true, subscriptions: [] }]), /at \/accounts\/0\/snsTopics\/0\/exists: must be equal to constant/);
  });
});
