// Drives the collector through aws-sdk-client-mock: every client class's send() is stubbed and
// answered by the simulated AWS, and every command sent is logged for the read-only assertion.
import { AccountClient } from "@aws-sdk/client-account";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { EC2Client } from "@aws-sdk/client-ec2";
import { IAMClient } from "@aws-sdk/client-iam";
import { KMSClient } from "@aws-sdk/client-kms";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { S3Client } from "@aws-sdk/client-s3";
import { S3ControlClient } from "@aws-sdk/client-s3-control";
import { SNSClient } from "@aws-sdk/client-sns";
import { STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { SERVICE_OF_CLIENT, SimulatedAws, accountOfAccessKey, type SimCall, type World } from "../../../bench/simulated-aws.js";

const CLASSES = [
  AccountClient,
  CloudTrailClient,
  CloudWatchClient,
  CloudWatchLogsClient,
  EC2Client,
  IAMClient,
  KMSClient,
  OrganizationsClient,
  ResourceGroupsTaggingAPIClient,
  S3Client,
  S3ControlClient,
  SNSClient,
  STSClient,
] as const;

/** Returning a value answers the call with it; throwing fails it; undefined lets the simulated AWS answer. */
export type Inject = (call: SimCall, nth: number) => unknown;

/** A promise that never settles: the call hangs until the collector's deadline. */
export const HANG = Symbol("hang");

export interface MockAws {
  calls: SimCall[];
  restore(): void;
}

interface ConfiguredClient {
  constructor: { name: string };
  config: { credentials(): Promise<{ accessKeyId: string }>; region(): Promise<string> };
}

export function mockAws(world: World, inject?: Inject): MockAws {
  const sim = new SimulatedAws(world);
  const calls: SimCall[] = [];
  const seen = new Map<string, number>();
  const mocks = CLASSES.map((Class) => {
    const mock = mockClient(Class as never);
    mock.send.callsFake(async function (this: ConfiguredClient, command: { constructor: { name: string }; input: Record<string, unknown> }) {
      const credentials = await this.config.credentials();
      const call: SimCall = {
        service: SERVICE_OF_CLIENT[this.constructor.name]!,
        operation: command.constructor.name.replace(/Command$/, ""),
        input: command.input,
        account: accountOfAccessKey(credentials.accessKeyId),
        region: await this.config.region(),
      };
      calls.push(call);
      const key = `${call.account}|${call.service}:${call.operation}|${JSON.stringify(call.input)}`;
      const nth = (seen.get(key) ?? 0) + 1;
      seen.set(key, nth);
      const injected = inject?.(call, nth);
      if (injected === HANG) return new Promise(() => {});
      if (injected !== undefined) return injected;
      return sim.answer(call.service, call.operation, call.input, call);
    } as never);
    return mock;
  });
  return {
    calls,
    restore() {
      for (const mock of mocks) mock.restore();
    },
  };
}
