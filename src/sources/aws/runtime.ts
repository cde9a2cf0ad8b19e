// What the one-thread collector (collect.ts) and the worker threads' main thread (workers.ts) share:
// the options beyond the public ones, the runtime of a collection's sessions, the caller's identity.
import { GetCallerIdentityCommand, type GetCallerIdentityCommandOutput } from "@aws-sdk/client-sts";
import type { Partition } from "../../model/snapshot.js";
import { defaultClientFactory } from "./clients.js";
import { accountId, shape, str } from "./normalize.js";
import type { OnAccounts, OrgResult } from "./organization.js";
import type { AccountSession, Runtime } from "./session.js";
import { CollectSetupError, DEFAULTS } from "./target.js";
import type { CollectHooks, CollectOptions, Progress } from "./types.js";

const IDENTITY = shape({ Account: accountId, Arn: str, UserId: str }, ["Account", "Arn"]);

/** Where each partition's global services live (and where the collector sends its global calls). */
export const GLOBAL_REGION: Record<Partition, string> = { aws: "us-east-1", "aws-us-gov": "us-gov-west-1", "aws-cn": "cn-north-1" };

export interface InternalOptions extends CollectOptions {
  /** Extra back-off round for throttling once the SDK's attempts are spent (tests: 0 ms). */
  throttleRetries?: number;
  throttleBackoffMs?: number;
  /**
   * Worker threads (workers.ts): a module each worker imports first, whose `setup(data)` gives the
   * plugins of its clients (the bench's simulated AWS, which cannot be handed to a thread), and a
   * report the main thread receives at the end (CollectStats.workerReports).
   */
  workerSetup?: { module: string; data?: unknown };
  /** Heap limits of each worker thread, MiB (default workers.ts WORKER_HEAP_MB). */
  workerHeapMb?: { old: number; young: number };
  /** Inside a worker: the identity and the organization come from the main thread (workers.ts). */
  discovery?: Discovery;
}

/** What a worker thread is given instead of reading it: the caller's identity, the organization, collectedAt. */
export interface Discovery {
  identity: { Account: string; Arn: string };
  collectedAt: string;
  organization(onAccounts: OnAccounts): Promise<OrgResult>;
}

/** sts:GetCallerIdentity: the caller's account and ARN, or a setup failure. */
export async function callerIdentity(orgSession: AccountSession, region: string): Promise<{ Account: string; Arn: string }> {
  const identity = await orgSession.call<GetCallerIdentityCommandOutput>("sts", new GetCallerIdentityCommand({}), { region });
  const problem = identity ? IDENTITY(identity, "") : undefined;
  if (!identity?.Account || !identity.Arn || problem) {
    const reason = orgSession.errors[0] ? `${orgSession.errors[0].code}: ${orgSession.errors[0].message}` : `unexpected answer (${problem ?? "no account in it"})`;
    throw new CollectSetupError(`cannot identify the caller (sts:GetCallerIdentity): ${reason}`, orgSession.errors);
  }
  return { Account: identity.Account, Arn: identity.Arn };
}

/** What every session of a collection shares: the client factory, the limits, the progress counters. */
export function createRuntime(options: InternalOptions, signal: AbortSignal, progress: Progress, hooks: CollectHooks): Runtime {
  const now = options.now ?? (() => new Date());
  const endpointUrl = options.endpointUrl ?? process.env.AWS_ENDPOINT_URL ?? undefined;
  return {
    factory:
      options.clientFactory ??
      defaultClientFactory({
        maxAttempts: options.maxAttempts ?? DEFAULTS.maxAttempts,
        ...(options.retryStrategy ? { retryStrategy: options.retryStrategy } : {}),
        ...(endpointUrl ? { endpointUrl } : {}),
        ...(options.plugins ? { plugins: options.plugins } : {}),
      }),
    callTimeoutMs: options.callTimeoutMs ?? DEFAULTS.callTimeoutMs,
    throttleRetries: options.throttleRetries ?? DEFAULTS.throttleRetries,
    throttleBackoffMs: options.throttleBackoffMs ?? DEFAULTS.throttleBackoffMs,
    accountConcurrency: options.accountConcurrency ?? DEFAULTS.accountConcurrency,
    signal,
    now,
    onCall(failed) {
      progress.calls += 1;
      if (failed) progress.errors += 1;
    },
    ...(hooks.onAwsCall ? { onTrace: hooks.onAwsCall } : {}),
  };
}

export function toPartition(value: string | undefined): Partition {
  return value === "aws-us-gov" || value === "aws-cn" ? value : "aws";
}
