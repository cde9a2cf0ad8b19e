// Drives the collector through aws-sdk-client-mock: every client class's send() is stubbed and
// answered by the simulated AWS, and every command sent is logged for the read-only assertion.
// With a TestClock, credentials expire: AssumeRole hands out sets that live a given time by that
// clock, each call moves the clock on, and a call signed with credentials expired by then is refused
// (ExpiredTokenException), as AWS does. The credentials that sign a call are the client's own
// (config.credentials(), the SDK's memoized provider, which signing asks too).
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
import { SERVICE_OF_CLIENT, SimulatedAws, accountOfAccessKey, awsError, type SimCall, type World } from "../../../bench/simulated-aws.js";

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

/**
 * Returning a value answers the call with it (a promise: when it settles, undefined then letting the
 * simulated AWS answer); throwing fails it; undefined lets the simulated AWS answer.
 */
export type Inject = (call: SimCall, nth: number) => unknown;

/** A promise that never settles: the call hangs until the collector's deadline. */
export const HANG = Symbol("hang");

/**
 * Simulated time for long scans, in ms since the epoch. Installed, it is what Date.now() and
 * new Date() read, so that the collector's expiry checks and the SDK's own (its credentials cache
 * asks the provider again within five minutes of Expiration) run on it; the mock moves it on by
 * `tickMs` at each call.
 */
export class TestClock {
  private real: DateConstructor | undefined;

  constructor(
    public ms: number,
    readonly tickMs: number,
  ) {}

  install(): void {
    const real = (this.real ??= Date);
    const read = () => this.ms;
    class ClockDate extends real {
      constructor(...args: unknown[]) {
        if (args.length === 0) super(read());
        else super(...(args as [number]));
      }
      static override now(): number {
        return read();
      }
      // Dates made before the clock was installed (the world's) are dates still.
      static override [Symbol.hasInstance](value: unknown): boolean {
        return value instanceof real;
      }
    }
    globalThis.Date = ClockDate as DateConstructor;
  }

  restore(): void {
    if (this.real) globalThis.Date = this.real;
  }
}

export interface ExpiryOptions {
  clock: TestClock;
  /** How long a set of credentials from AssumeRole lives, by the clock. */
  lifetimeMs: number;
}

/** A set of credentials AssumeRole handed out. */
export interface IssuedCredentials {
  account: string;
  sessionToken: string;
  /** Clock time of the answer, and of expiry. */
  at: number;
  expires: number;
}

/** A call as the mock saw it with a clock: when, and signed with which session token. */
export interface SignedCall {
  call: SimCall;
  at: number;
  sessionToken: string | undefined;
}

export interface MockAws {
  calls: SimCall[];
  /** With a clock: every set AssumeRole handed out, every call, and the calls refused as expired. */
  issued: IssuedCredentials[];
  signed: SignedCall[];
  refused: SignedCall[];
  restore(): void;
}

interface ConfiguredClient {
  constructor: { name: string };
  config: { credentials(): Promise<{ accessKeyId: string; sessionToken?: string; expiration?: Date }>; region(): Promise<string> };
}

export function mockAws(world: World, inject?: Inject, expiry?: ExpiryOptions): MockAws {
  const sim = new SimulatedAws(world);
  const calls: SimCall[] = [];
  const issued: IssuedCredentials[] = [];
  const signed: SignedCall[] = [];
  const refused: SignedCall[] = [];
  /** Session token -> expiry, for the sets AssumeRole handed out. */
  const expiries = new Map<string, number>();
  const seen = new Map<string, number>();
  /** The AssumeRole answer with a set of credentials of the configured lifetime, from now by the clock. */
  const issue = (answer: { Credentials?: object }, call: SimCall, { clock, lifetimeMs }: ExpiryOptions) => {
    if (!answer.Credentials) return answer;
    const set = { account: String(call.input.RoleArn).split(":")[4]!, sessionToken: `session-${issued.length + 1}`, at: clock.ms, expires: clock.ms + lifetimeMs };
    issued.push(set);
    expiries.set(set.sessionToken, set.expires);
    return { ...answer, Credentials: { ...answer.Credentials, SessionToken: set.sessionToken, Expiration: new Date(set.expires) } };
  };
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
      if (expiry) {
        const entry: SignedCall = { call, at: expiry.clock.ms, sessionToken: credentials.sessionToken };
        signed.push(entry);
        expiry.clock.ms += expiry.clock.tickMs;
        // AWS knows when the sets it handed out expire; a provider's own sets say it themselves.
        const expires = (credentials.sessionToken !== undefined ? expiries.get(credentials.sessionToken) : undefined) ?? credentials.expiration?.getTime();
        if (expires !== undefined && expires <= entry.at) {
          refused.push(entry);
          throw awsError("ExpiredTokenException", "The security token included in the request is expired", 400);
        }
      }
      const key = `${call.account}|${call.service}:${call.operation}|${JSON.stringify(call.input)}`;
      const nth = (seen.get(key) ?? 0) + 1;
      seen.set(key, nth);
      const injected = inject?.(call, nth);
      if (injected === HANG) return new Promise(() => {});
      // An injected promise that resolves to undefined: the simulated AWS answers, late.
      const answer = (injected !== undefined ? await injected : undefined) ?? sim.answer(call.service, call.operation, call.input, call);
      return expiry && call.operation === "AssumeRole" ? issue(answer as { Credentials?: object }, call, expiry) : answer;
    } as never);
    return mock;
  });
  return {
    calls,
    issued,
    signed,
    refused,
    restore() {
      for (const mock of mocks) mock.restore();
    },
  };
}
