// The SNS read (sns.ts): each alarm action topic once, in its owner and region,
// sns:ListSubscriptionsByTopic with every page; PendingConfirmation is not confirmed; a failed read
// leaves the topic's subscriptions unknown; a topic outside the scan is not read.
import assert from "node:assert/strict";
import { ListSubscriptionsByTopicCommand, NotFoundException, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { withUnknowns } from "../../../src/model/derive.js";
import type { Snapshot, SnsTopic } from "../../../src/model/snapshot.js";
import { defaultClientFactory } from "../../../src/sources/aws/clients.js";
import { AccountSession, type Runtime } from "../../../src/sources/aws/session.js";
import { readSnsTopic, snsTopicArn, topicsToRead } from "../../../src/sources/aws/sns.js";
import type { Target } from "../../../src/sources/aws/target.js";
import { assertValid } from "../../../src/util/schemas.js";
import { mockAws } from "./mock-aws.js";
import { exampleWorld } from "./world.js";

const A = "111111111111";
const B = "222222222222";
const OUTSIDE = "999999999999";
const TOPIC = `arn:aws:sns:eu-west-1:${A}:security-alarms`;
const credentials = { accessKeyId: "AKIATEST", secretAccessKey: "secret" };

function target(id: string, keys = credentials): Target {
  const runtime: Runtime = { factory: defaultClientFactory({ maxAttempts: 1 }), callTimeoutMs: 1000, throttleRetries: 0, throttleBackoffMs: 0, accountConcurrency: 2, onCall() {} };
  const session = new AccountSession(id, runtime, keys);
  return { account: { Id: id }, session, bucketsFailed: false, trails: new Map(), read: new Set(), bucketRecords: new Map(), logGroups: [], kmsKeys: new Map() };
}

/** The account's snapshot as the collector writes it, derived (unknowns from the errors). */
function derived(t: Target): SnsTopic[] {
  const snapshot: Snapshot = {
    schemaVersion: 1,
    collectedAt: "2026-11-26T10:00:00Z",
    partition: "aws",
    organization: null,
    accounts: [{ Id: t.account.Id, snsTopics: [...(t.snsTopics?.values() ?? [])], collectionErrors: t.session.errors }],
  };
  const out = withUnknowns(snapshot);
  assertValid("snapshot.schema.json", out, "snapshot");
  return out.accounts[0]!.snsTopics as SnsTopic[];
}

const sub = (id: string, protocol: string, endpoint: string, arn = `${TOPIC}:${id}`) => ({ SubscriptionArn: arn, Owner: A, Protocol: protocol, Endpoint: endpoint, TopicArn: TOPIC });

describe("live SNS reads (sns:ListSubscriptionsByTopic)", () => {
  let sns: ReturnType<typeof mockClient>;
  beforeEach(() => {
    sns = mockClient(SNSClient);
  });
  afterEach(() => sns.restore());

  it("reads every page in the topic's region; PendingConfirmation is not confirmed, any other ARN is", async () => {
    sns
      .on(ListSubscriptionsByTopicCommand, { TopicArn: TOPIC })
      .resolves({ Subscriptions: [sub("1", "email", "oncall@example.com"), sub("2", "email", "new@example.com", "PendingConfirmation")], NextToken: "page2" })
      .on(ListSubscriptionsByTopicCommand, { TopicArn: TOPIC, NextToken: "page2" })
      .resolves({ Subscriptions: [sub("3", "sqs", `arn:aws:sqs:eu-west-1:${A}:q`)] });
    const t = target(A);
    await readSnsTopic(t, TOPIC);
    const calls = sns.commandCalls(ListSubscriptionsByTopicCommand);
    assert.deepEqual(calls.map((c) => c.args[0].input), [{ TopicArn: TOPIC }, { TopicArn: TOPIC, NextToken: "page2" }]);
    assert.equal(await (calls[0]!.thisValue as SNSClient).config.region(), "eu-west-1");
    assert.deepEqual(t.session.errors, []);
    assert.deepEqual(derived(t), [
      {
        TopicArn: TOPIC,
        region: "eu-west-1",
        subscriptions: [
          { SubscriptionArn: `${TOPIC}:1`, Protocol: "email", Endpoint: "oncall@example.com", confirmed: true },
          { SubscriptionArn: "PendingConfirmation", Protocol: "email", Endpoint: "new@example.com", confirmed: false },
          { SubscriptionArn: `${TOPIC}:3`, Protocol: "sqs", Endpoint: `arn:aws:sqs:eu-west-1:${A}:q`, confirmed: true },
        ],
      },
    ]);
  });

  it("a topic without subscriptions is an empty list, not unknown", async () => {
    sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [] });
    const t = target(A);
    await readSnsTopic(t, TOPIC);
    assert.deepEqual(derived(t), [{ TopicArn: TOPIC, region: "eu-west-1", subscriptions: [] }]);
  });

  it("a topic that does not exist (NotFoundException: deleted) is a known fact: exists false, no subscriptions, no error", async () => {
    sns.on(ListSubscriptionsByTopicCommand).rejects(new NotFoundException({ message: "Topic does not exist", $metadata: { httpStatusCode: 404 } }));
    const t = target(A);
    await readSnsTopic(t, TOPIC);
    assert.equal(sns.commandCalls(ListSubscriptionsByTopicCommand).length, 1);
    assert.deepEqual(t.session.errors, []);
    assert.deepEqual(derived(t), [{ TopicArn: TOPIC, region: "eu-west-1", exists: false, subscriptions: [] }]);
  });

  it("a topic deleted between two pages: exists false, what the first page listed is dropped", async () => {
    sns.on(ListSubscriptionsByTopicCommand, { TopicArn: TOPIC }).resolves({ Subscriptions: [sub("1", "email", "a@example.com")], NextToken: "t" });
    sns.on(ListSubscriptionsByTopicCommand, { TopicArn: TOPIC, NextToken: "t" }).rejects(new NotFoundException({ message: "Topic does not exist", $metadata: { httpStatusCode: 404 } }));
    const t = target(A);
    await readSnsTopic(t, TOPIC);
    assert.deepEqual(t.session.errors, []);
    assert.deepEqual(derived(t), [{ TopicArn: TOPIC, region: "eu-west-1", exists: false, subscriptions: [] }]);
  });

  const failures: [string, () => void, string][] = [
    ["denied", () => sns.on(ListSubscriptionsByTopicCommand).rejects(Object.assign(new Error("not authorized"), { name: "AuthorizationError", $metadata: { httpStatusCode: 403 } })), "AuthorizationError"],
    ["a page without Subscriptions", () => sns.on(ListSubscriptionsByTopicCommand).resolves({}), "MalformedResponse"],
    ["the second page fails", () => {
      sns.on(ListSubscriptionsByTopicCommand, { TopicArn: TOPIC }).resolves({ Subscriptions: [sub("1", "email", "a@example.com")], NextToken: "t" });
      sns.on(ListSubscriptionsByTopicCommand, { TopicArn: TOPIC, NextToken: "t" }).rejects(Object.assign(new Error("boom"), { name: "InternalError", $metadata: { httpStatusCode: 500 } }));
    }, "InternalError"],
  ];
  for (const [name, arrange, code] of failures) {
    it(`${name}: a collection error about the topic, its subscriptions unknown`, async () => {
      arrange();
      const t = target(A);
      await readSnsTopic(t, TOPIC);
      assert.deepEqual(
        t.session.errors.map((e) => `${e.service}:${e.operation} ${e.resource} ${e.region} ${e.code}`),
        [`sns:ListSubscriptionsByTopic ${TOPIC} eu-west-1 ${code}`],
      );
      const [topic] = derived(t);
      assert.deepEqual(topic!.subscriptions, { $unknown: t.session.errors[0] });
    });
  }

  it("topicsToRead: each SNS topic once, in the scan account that owns it; other actions and accounts outside the scan are left out", () => {
    const a = target(A);
    const b = target(B);
    const owners = new Map([
      [A, a],
      [B, b],
    ]);
    const claimed = new Set<string>();
    const first = topicsToRead(
      [TOPIC, `arn:aws:sns:us-east-1:${B}:ops`, TOPIC, `arn:aws:sns:us-east-1:${OUTSIDE}:theirs`, "arn:aws:automate:us-east-1:ec2:stop", "arn:aws:autoscaling:us-east-1:111111111111:scalingPolicy:x"],
      owners,
      claimed,
    );
    assert.deepEqual(first.map((r) => `${r.owner.account.Id} ${r.arn}`), [`${A} ${TOPIC}`, `${B} arn:aws:sns:us-east-1:${B}:ops`]);
    assert.deepEqual(topicsToRead([TOPIC], owners, claimed), [], "a topic claimed once is not read again");
  });

  const arns: [string, ReturnType<typeof snsTopicArn>][] = [
    [TOPIC, { region: "eu-west-1", account: A }],
    [`arn:aws-us-gov:sns:us-gov-west-1:${A}:t`, { region: "us-gov-west-1", account: A }],
    [`arn:aws:sns:eu-west-1:${A}:t:0b6c4d1e-0000-4000-8000-000000000001`, undefined],
    [`arn:aws:sqs:eu-west-1:${A}:t`, undefined],
    ["arn:aws:sns:eu-west-1:12:t", undefined],
  ];
  for (const [arn, expected] of arns) {
    it(`snsTopicArn ${arn}`, () => assert.deepEqual(snsTopicArn(arn), expected));
  }

  describe("against the simulated AWS (bench/simulated-aws.ts)", () => {
    it("answers ListSubscriptionsByTopic page by page (100 a page), in the topic's owner and region only", async () => {
      sns.restore();
      const world = exampleWorld();
      const subscriptions = Array.from({ length: 101 }, (_, i) => ({ SubscriptionArn: i === 0 ? "PendingConfirmation" : `${TOPIC}:${i}`, Protocol: "email", Endpoint: `o${i}@example.com` }));
      world.accounts.find((a) => a.Id === A)!.snsTopics = [{ TopicArn: TOPIC, subscriptions }];
      const mock = mockAws(world);
      try {
        const t = target(A, { accessKeyId: `AKIA${A}`, secretAccessKey: "secret" });
        await readSnsTopic(t, TOPIC);
        const missing = `arn:aws:sns:us-east-1:${A}:nothing`;
        await readSnsTopic(t, missing);
        assert.deepEqual(
          mock.calls.map((c) => `${c.account} ${c.region} ${c.operation} ${String(c.input.NextToken ?? "-")}`),
          [`${A} eu-west-1 ListSubscriptionsByTopic -`, `${A} eu-west-1 ListSubscriptionsByTopic 100`, `${A} us-east-1 ListSubscriptionsByTopic -`],
        );
        const [read, absent] = derived(t);
        const list = read!.subscriptions as { confirmed: boolean }[];
        assert.deepEqual([list.length, list.filter((s) => s.confirmed).length], [101, 100]);
        // The simulated AWS answers the query protocol's code NotFound: the same known fact.
        assert.deepEqual(t.session.errors, []);
        assert.deepEqual(absent, { TopicArn: missing, region: "us-east-1", exists: false, subscriptions: [] });
      } finally {
        mock.restore();
      }
    });
  });
});
