// Options, progress and statistics of the live AWS source. No SDK code runs here: only types.
import type { CloudTrailClientConfig } from "@aws-sdk/client-cloudtrail";
import type { ShardSpec } from "../../model/shard.js";

// Smithy types, taken from a client's own signature so that no transitive package is imported.
export type Credentials = NonNullable<CloudTrailClientConfig["credentials"]>;
export type AwsCredentialIdentity = Exclude<Credentials, (...args: never[]) => unknown>;
export type RetryStrategyV2 = Extract<NonNullable<CloudTrailClientConfig["retryStrategy"]>, { acquireInitialRetryToken: unknown }>;
/** A middleware plugin (the SDK's Pluggable), typed loosely so that one works for every client. */
export interface Pluggable {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  applyToStack(stack: any): void;
}

/** IAM service prefixes, as collection errors name them. */
export type ServiceName = "cloudtrail" | "s3" | "s3control" | "organizations" | "sts" | "account" | "ec2" | "logs" | "tag" | "kms" | "iam" | "sns" | "cloudwatch";

/** The part of an SDK v3 client the collector uses. */
export interface AwsClient {
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
  middlewareStack: {
    use(pluggable: Pluggable): void;
    identify(): string[];
  };
}

export interface ClientRequest {
  service: ServiceName;
  region: string;
  /** The account whose credentials the client uses. */
  accountId: string;
  credentials: Credentials;
}

/** Builds one SDK client; the collector caches the result per (account, region, service). */
export type ClientFactory = (request: ClientRequest) => AwsClient;

export interface CollectOptions {
  /** Named profile of the shared config files (SSO and role-chained profiles included). */
  profile?: string;
  /** Region for global calls (STS, Organizations, ListTrails, ListBuckets); default: the partition's global region. */
  region?: string;
  /** Role assumed in each member account. Default OrganizationAccountAccessRole. */
  roleName?: string;
  externalId?: string;
  /** Default "cloudtrail-lint". */
  roleSessionName?: string;
  /** Only these account ids. */
  accounts?: string[];
  excludeAccounts?: string[];
  /** Only accounts under these OUs (or roots), at any depth. */
  ous?: string[];
  /** Override each account's enabled regions (no account:ListRegions call). */
  regions?: string[];
  /** Scan only the caller's account even when it can list the organization. */
  singleAccount?: boolean;
  /** Accounts read at the same time. Default 32. */
  concurrency?: number;
  /** Calls in flight per account. Default 8. */
  accountConcurrency?: number;
  /** Custom endpoint (local emulators); S3 then uses path-style addressing. Default: AWS_ENDPOINT_URL. */
  endpointUrl?: string;
  /** Deadline of one call, retries included, in ms. Default 60000. */
  callTimeoutMs?: number;
  /** SDK attempts per call (adaptive retry mode). Default 8. */
  maxAttempts?: number;
  /** Replaces the SDK's adaptive retry strategy (tests use a zero-delay one). */
  retryStrategy?: RetryStrategyV2;
  /** Base credentials; default: the standard chain (fromNodeProviderChain with `profile`). */
  credentials?: Credentials;
  /** Builds SDK clients; default: the real clients of @aws-sdk/client-*. */
  clientFactory?: ClientFactory;
  /** Extra middleware for every client built by the default factory (the bench's simulated AWS). */
  plugins?: Pluggable[];
  /** Clock for collectedAt and credential expiry. */
  now?: () => Date;
  /**
   * Read only shard `index` of `count` of the accounts in scope (src/model/shard.ts), plus the
   * accounts of other shards that its accounts' trails need; the other accounts are listed, not read.
   */
  shard?: ShardSpec;
  /**
   * Worker threads reading the accounts, by shard (workers.ts): for a CPU-bound collection of a
   * large organization. Default 1 (one thread).
   */
  workers?: number;
}

export type Stage = "identity" | "organization" | "accounts" | "buckets" | "done";

export interface Progress {
  stage: Stage;
  /** Accounts to read (after filters), growing while the organization is being listed. */
  accountsTotal: number;
  /** True while the organization is still being listed: accountsTotal is then a lower bound. */
  discovering: boolean;
  /** Accounts read. */
  accountsDone: number;
  /** Stage number (1-based) and count, for an overall ETA. */
  stageIndex: number;
  stageCount: number;
  /** Collection errors recorded so far. */
  errors: number;
  /** API calls sent so far (retries not counted). */
  calls: number;
}

/** One AWS call as it went (`--debug`): no credentials, no request or answer bodies. */
export interface CallTrace {
  service: ServiceName;
  operation: string;
  region: string;
  /** The account the call was for ("organization" for the organization-level reads). */
  accountId: string;
  /** From the first attempt to the answer, retries and back-off included (not the wait for a free slot). */
  durationMs: number;
  /** Attempts sent: the SDK's own, and the collector's extra rounds for throttling. */
  attempts: number;
  /** The error code of a failed call (or of a tolerated one: the answer that means "not configured"). */
  code?: string;
  /** The error code means "not configured" here: not a failure. */
  tolerated?: boolean;
}

export interface CollectHooks {
  onProgress?(progress: Progress): void;
  /** After every AWS call (one per page of a listing). */
  onAwsCall?(trace: CallTrace): void;
  /** Ctrl-C: the promise rejects with an AbortError and nothing partial is returned. */
  signal?: AbortSignal;
}

/** Calls per account, keyed "service:Operation". */
export interface CollectStats {
  callsByAccount: Map<string, Map<string, number>>;
  /** Calls made on behalf of the organization (management account credentials). */
  organizationCalls: Map<string, number>;
  /** With worker threads: how many workers read each account (more than one for the owners several shards need; callsByAccount sums them). */
  readBy?: Map<string, number>;
  /** With worker threads: what each worker's setup module reported (InternalOptions.workerSetup). */
  workerReports?: unknown[];
}
