// The read-only guard: names that read pass, everything else is refused before it is signed or sent.
import assert from "node:assert/strict";
import { PutMetricAlarmCommand } from "@aws-sdk/client-cloudwatch";
import { CloudTrailClient, GetTrailCommand, StopLoggingCommand } from "@aws-sdk/client-cloudtrail";
import { PutBucketPolicyCommand, type S3Client } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { SimulatedAws, simulatorPlugin, type SimCall } from "../../../bench/simulated-aws.js";
import { defaultClientFactory } from "../../../src/sources/aws/clients.js";
import { AccountSession, type Runtime } from "../../../src/sources/aws/session.js";
import { isReadOnly, operationOf, readOnlyGuard, ReadOnlyViolationError } from "../../../src/sources/aws/guard.js";
import { exampleWorld, M, ORG_TRAIL_ARN } from "./world.js";

const credentials = { accessKeyId: `AKIA${M}`, secretAccessKey: "secret" };

describe("read-only guard", () => {
  const cases: [string, string | undefined, boolean][] = [
    ["DescribeTrails", undefined, true],
    ["GetTrailStatus", undefined, true],
    ["ListTrails", undefined, true],
    ["LookupEvents", undefined, true],
    ["LookUpEvents", undefined, true],
    ["GetCallerIdentity", "STSClient", true],
    ["AssumeRole", "STSClient", true],
    ["AssumeRole", "CloudTrailClient", false],
    ["StopLogging", undefined, false],
    ["DeleteTrail", undefined, false],
    ["PutBucketPolicy", undefined, false],
    ["UpdateTrail", undefined, false],
    ["CreateTrail", undefined, false],
    ["PutEventSelectors", undefined, false],
    ["AssumeRoleWithWebIdentity", "STSClient", false],
    ["getTrail", undefined, false],
    ["GetAccountAuthorizationDetails", "IAMClient", true],
    ["DeleteRolePolicy", "IAMClient", false],
    ["PutRolePolicy", "IAMClient", false],
    ["DetachRolePolicy", "IAMClient", false],
    ["AssumeRole", "IAMClient", false],
  ];
  for (const [operation, client, allowed] of cases) {
    it(`${allowed ? "allows" : "refuses"} ${operation}${client ? ` on ${client}` : ""}`, () => {
      assert.equal(isReadOnly(operation, client), allowed);
    });
  }

  it("strips the Command suffix", () => {
    assert.equal(operationOf("StopLoggingCommand"), "StopLogging");
    assert.equal(operationOf("GetTrail"), "GetTrail");
  });

  describe("as middleware on real clients", () => {
    let log: SimCall[];
    let plugin: ReturnType<typeof simulatorPlugin>;
    beforeEach(() => {
      log = [];
      plugin = simulatorPlugin(new SimulatedAws(exampleWorld()), { log });
    });

    it("refuses StopLogging before anything reaches the network, and lets GetTrail through", async () => {
      const client = new CloudTrailClient({ region: "us-east-1", credentials });
      client.middlewareStack.use(readOnlyGuard);
      client.middlewareStack.use(plugin);
      await assert.rejects(client.send(new StopLoggingCommand({ Name: ORG_TRAIL_ARN })), ReadOnlyViolationError);
      assert.equal(log.length, 0);
      const got = await client.send(new GetTrailCommand({ Name: ORG_TRAIL_ARN }));
      assert.equal(got.Trail?.Name, "org-trail");
      assert.deepEqual(log.map((c) => c.operation), ["GetTrail"]);
    });

    it("is on every client the default factory builds and refuses PutBucketPolicy through the collector's call path", async () => {
      const factory = defaultClientFactory({ maxAttempts: 1, plugins: [plugin] });
      const runtime: Runtime = { factory, callTimeoutMs: 1000, throttleRetries: 0, throttleBackoffMs: 0, accountConcurrency: 2, onCall() {} };
      const session = new AccountSession(M, runtime, credentials);
      for (const service of ["cloudtrail", "s3", "sts", "organizations", "account", "ec2", "logs", "tag", "kms", "iam", "sns", "cloudwatch"] as const) {
        assert.ok(session.client(service, "us-east-1").middlewareStack.identify().some((m) => m.startsWith("cloudtrailLintReadOnlyGuard")), service);
      }
      await assert.rejects(session.call("s3", new PutBucketPolicyCommand({ Bucket: "b", Policy: "{}" }), { region: "us-east-1" }), ReadOnlyViolationError);
      assert.ok(isReadOnly("DescribeAlarms", "CloudWatchClient"));
      await assert.rejects(session.call("cloudwatch", new PutMetricAlarmCommand({ AlarmName: "a" } as never), { region: "us-east-1" }), ReadOnlyViolationError);
      // A stubbed send (aws-sdk-client-mock) skips middleware: the call path checks the name itself.
      const s3 = session.client("s3", "us-east-1") as unknown as S3Client;
      const original = s3.send.bind(s3);
      let sent = 0;
      (s3 as unknown as { send: () => Promise<unknown> }).send = async () => {
        sent += 1;
        return {};
      };
      await assert.rejects(session.call("s3", new PutBucketPolicyCommand({ Bucket: "b", Policy: "{}" }), { region: "us-east-1" }), ReadOnlyViolationError);
      assert.equal(sent, 0);
      (s3 as unknown as { send: typeof original }).send = original;
      assert.equal(log.length, 0);
    });

    it("lets sts:AssumeRole through on the STS client", async () => {
      const client = new STSClient({ region: "us-east-1", credentials });
      client.middlewareStack.use(readOnlyGuard);
      client.middlewareStack.use(plugin);
      const out = await client.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${M}:role/Audit`, RoleSessionName: "t" }));
      assert.equal(out.Credentials?.AccessKeyId, `ASIA${M}`);
    });
  });
});

describe("default client factory", () => {
  it("uses the adaptive retry mode, and path-style S3 addressing with a custom endpoint", async () => {
    const factory = defaultClientFactory({ maxAttempts: 5, endpointUrl: "http://localhost:4566" });
    const s3 = factory({ service: "s3", region: "eu-west-1", accountId: M, credentials }) as unknown as S3Client;
    assert.equal(s3.config.forcePathStyle, true);
    const retryMode = s3.config.retryMode;
    assert.equal(typeof retryMode === "function" ? await retryMode() : retryMode, "adaptive");
    assert.equal(await s3.config.maxAttempts(), 5);
    const endpoint = await s3.config.endpoint!();
    assert.equal(endpoint.hostname, "localhost");
    const plain = defaultClientFactory({ maxAttempts: 5 })({ service: "s3", region: "eu-west-1", accountId: M, credentials }) as unknown as S3Client;
    assert.equal(plain.config.forcePathStyle, false);
  });
});
