// Worker threads: the collector's CPU work (the SDK's signing and serialization, building clients)
// spread over the machine's cores. The main thread reads the caller's identity and walks the
// organization once (the Organizations rate is the caller's, whoever sends); each worker reads one
// shard of the accounts (src/model/shard.ts: by account id), as `collect --shard I/N` does,
// receiving the accounts as the walk lists them; the shards' snapshots are merged as `lint` merges
// shard files (shard-merge.ts), which gives the snapshot of the same collection in one thread.
// Throttling: every AssumeRole of a worker is sent by the caller's account, whose STS rate AWS
// keeps for all of them (each worker's adaptive retry slows down on its own throttled answers);
// the accounts of a worker are its own, and so are their rates. An account that several shards
// need (the owner of an organization trail, of a shared log bucket or key) is read by each of them,
// as in a sharded scan: a few dozen calls more per worker.
// Used when CollectOptions.workers > 1 and everything a worker needs can be handed to a thread:
// credentials as values or a profile (not a provider function), the default client factory, no
// --shard (a shard is read in one thread), no single-account scan; otherwise one thread reads all.
import { Worker, type ResourceLimits } from "node:worker_threads";
import type { Account as OrgAccount } from "@aws-sdk/client-organizations";
import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import { mergeShards } from "../../model/shard-merge.js";
import type { CollectionError, Snapshot } from "../../model/snapshot.js";
import { callerIdentity, createRuntime, GLOBAL_REGION, toPartition, type InternalOptions } from "./runtime.js";
import { CollectAbortedError } from "./errors.js";
import { readOrganization, type OrgResult } from "./organization.js";
import { AccountSession } from "./session.js";
import { arnParts } from "./shape.js";
import { CollectSetupError } from "./target.js";
import type { CallTrace, CollectHooks, CollectStats, Credentials, Progress } from "./types.js";

/** What the main thread hands each worker (structured-cloned). */
export interface WorkerInput {
  options: InternalOptions;
  shard: { index: number; count: number };
  identity: { Account: string; Arn: string };
  collectedAt: string;
  trace: boolean;
}

/** Main thread -> worker. */
export type ToWorker = { type: "accounts"; accounts: OrgAccount[]; path?: { Id: string; Name?: string }[] } | { type: "organization"; result: OrgResult };

/** Worker -> main thread. */
export type FromWorker =
  | { type: "progress"; progress: Progress }
  | { type: "trace"; trace: CallTrace }
  | { type: "done"; snapshot: Snapshot; callsByAccount: [string, [string, number][]][]; report?: unknown }
  | { type: "error"; name: string; message: string; errors?: CollectionError[] };

/**
 * Starts a worker on worker.js, next to this module; when this module runs from its TypeScript
 * source (tests, the bench: through tsx, whose loader a worker thread does not inherit), on
 * worker.ts through tsx's loader.
 */
function startWorker(workerData: WorkerInput, resourceLimits: ResourceLimits): Worker {
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./worker.js", import.meta.url), { workerData, resourceLimits });
  const entry = new URL("./worker.ts", import.meta.url).href;
  const boot = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, workerData, resourceLimits });
}

/**
 * Each worker's heap (MiB). Left to V8, each worker's old generation grows far past what it holds
 * (2 workers at 2,000 bench accounts: 361 and 369 MiB heaps, 1,035 MB RSS); capped, V8 collects
 * sooner (256: 174 and 185 MiB, 683 MB RSS, 28 % more CPU; with a 96 MiB young generation, which
 * promotes less of the SDK's short-lived objects, 709 MB RSS and 5 % more CPU). With 512, a worker
 * reading 5,000 bench accounts (10,000 in 2 workers) fills its heap to the cap (521-525 MiB) and
 * finishes; more accounts a worker may run out of it (a clear error: read with more workers), or
 * want InternalOptions.workerHeapMb raised.
 */
export const WORKER_HEAP_MB = { old: 512, young: 96 };

/** Whether this collection is read by worker threads. */
export function workersWanted(options: InternalOptions): boolean {
  if ((options.workers ?? 1) <= 1 || options.discovery) return false;
  if (options.clientFactory || options.retryStrategy || options.shard || options.singleAccount) return false;
  if (typeof options.credentials === "function") return false;
  // Plugins are functions: a worker builds its own from workerSetup.
  return !options.plugins || options.workerSetup !== undefined;
}

/** What a worker may be given of the options: values only. */
function forWorker(options: InternalOptions): InternalOptions {
  const { clientFactory: _f, plugins: _p, retryStrategy: _r, now: _n, workers: _w, discovery: _d, ...rest } = options;
  return rest;
}

/** `oneThread` reads a collection in this thread (the caller cannot list the organization). */
export async function collectInWorkers(
  options: InternalOptions,
  hooks: CollectHooks,
  signal: AbortSignal,
  oneThread: (options: InternalOptions) => Promise<{ snapshot: Snapshot; stats: CollectStats }>,
): Promise<{ snapshot: Snapshot; stats: CollectStats }> {
  const count = options.workers!;
  const now = options.now ?? (() => new Date());
  const collectedAt = now().toISOString();
  const progress: Progress = { stage: "identity", accountsTotal: 0, discovering: true, accountsDone: 0, stageIndex: 1, stageCount: 4, errors: 0, calls: 0 };
  const perWorker: (Progress | undefined)[] = new Array<Progress | undefined>(count).fill(undefined);
  // The main thread's stage (identity, organization, accounts once the walk lists some), and each
  // worker's: the collection is at the least advanced of them, and no earlier than the main thread.
  const report = () => {
    const seen = perWorker.filter((p): p is Progress => p !== undefined);
    const rank = (p: Progress) => (p.stage === "done" ? p.stageCount + 1 : p.stageIndex);
    const least = seen.length === count ? seen.reduce((a, b) => (rank(b) < rank(a) ? b : a)) : undefined;
    const behind = least && least.stageIndex > progress.stageIndex ? least : progress;
    hooks.onProgress?.({
      stage: behind.stage,
      stageIndex: behind.stageIndex,
      stageCount: 4,
      discovering: progress.discovering,
      accountsTotal: seen.reduce((n, p) => n + p.accountsTotal, 0),
      accountsDone: seen.reduce((n, p) => n + p.accountsDone, 0),
      errors: progress.errors + seen.reduce((n, p) => n + p.errors, 0),
      calls: progress.calls + seen.reduce((n, p) => n + p.calls, 0),
    });
  };
  const runtime = createRuntime(options, signal, progress, hooks);
  report();
  const baseCredentials: Credentials = options.credentials ?? fromNodeProviderChain(options.profile !== undefined ? { profile: options.profile } : {});
  const bootstrapRegion = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1";
  const orgSession = new AccountSession("organization", runtime, baseCredentials);
  orgSession.pinned = true;
  const identity = await callerIdentity(orgSession, bootstrapRegion);
  const globalRegion = options.region ?? GLOBAL_REGION[toPartition(arnParts(identity.Arn)?.partition)];
  progress.stage = "organization";
  progress.stageIndex = 2;
  report();

  const limits = { maxOldGenerationSizeMb: options.workerHeapMb?.old ?? WORKER_HEAP_MB.old, maxYoungGenerationSizeMb: options.workerHeapMb?.young ?? WORKER_HEAP_MB.young };
  const workers: Worker[] = [];
  const results: Promise<Extract<FromWorker, { type: "done" }>>[] = [];
  for (let i = 0; i < count; i++) {
    const input: WorkerInput = { options: forWorker(options), shard: { index: i + 1, count }, identity, collectedAt, trace: hooks.onAwsCall !== undefined };
    const worker = startWorker(input, limits);
    workers.push(worker);
    results.push(
      new Promise((resolve, reject) => {
        worker.on("message", (message: FromWorker) => {
          if (message.type === "progress") {
            perWorker[i] = message.progress;
            report();
          } else if (message.type === "trace") hooks.onAwsCall?.(message.trace);
          else if (message.type === "done") resolve(message);
          else reject(rebuild(message));
        });
        worker.on("error", (error: Error & { code?: string }) =>
          reject(
            error.code === "ERR_WORKER_OUT_OF_MEMORY"
              ? new Error(`collector worker ${i + 1} of ${count} ran out of its ${limits.maxOldGenerationSizeMb} MiB heap: read with more workers (each reads fewer accounts)`)
              : error,
          ),
        );
        worker.on("exit", (code) => reject(new Error(`collector worker ${i + 1} of ${count} exited (code ${code}) before it answered`)));
      }),
    );
    // Awaited below; a setup failure of the walk ends the workers first (their exit is no news then).
    results[i]!.catch(() => undefined);
  }
  const stopAll = () => void Promise.all(workers.map((w) => w.terminate()));
  const aborted = new Promise<never>((_, reject) => {
    const onAbort = () => reject(new CollectAbortedError());
    if (signal.aborted) onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  const post = (message: ToWorker) => {
    for (const worker of workers) worker.postMessage(message);
  };
  try {
    const org = await Promise.race([
      readOrganization(
        orgSession,
        globalRegion,
        options,
        (accounts, path) => {
          post({ type: "accounts", accounts, ...(path ? { path } : {}) });
          if (progress.stageIndex < 3) {
            progress.stage = "accounts";
            progress.stageIndex = 3;
            report();
          }
        },
        identity.Account,
      ),
      aborted,
    ]);
    if (!org.listed) {
      // One account (the caller cannot list the organization): one thread reads it.
      stopAll();
      return await oneThread({ ...options, workers: 1 });
    }
    progress.discovering = false;
    post({ type: "organization", result: org });
    const done = await Promise.race([Promise.all(results), aborted]);
    const merged = mergeShards(done.map((d, i) => ({ file: `worker ${i + 1} of ${count}`, snapshot: d.snapshot }))).snapshot;
    const source = { ...merged.source } as NonNullable<Snapshot["source"]> & { shards?: unknown };
    delete source.shards;
    const snapshot: Snapshot = { ...merged, source };
    // Each account's calls, all workers together (an account several shards need is read by each).
    const stats: CollectStats = { callsByAccount: new Map(), organizationCalls: new Map(orgSession.counts), readBy: new Map(), workerReports: done.map((d) => d.report) };
    for (const d of done) {
      for (const [id, calls] of d.callsByAccount) {
        const sum = stats.callsByAccount.get(id) ?? new Map<string, number>();
        for (const [api, n] of calls) sum.set(api, (sum.get(api) ?? 0) + n);
        stats.callsByAccount.set(id, sum);
        stats.readBy!.set(id, (stats.readBy!.get(id) ?? 0) + 1);
      }
    }
    progress.stage = "done";
    hooks.onProgress?.({ ...progress, stage: "done", stageIndex: 4, accountsTotal: snapshot.accounts.length, accountsDone: snapshot.accounts.length });
    return { snapshot, stats };
  } finally {
    stopAll();
  }
}

/** A worker's failure as the one-thread collector throws it. */
function rebuild(message: Extract<FromWorker, { type: "error" }>): Error {
  if (message.name === "CollectSetupError") return new CollectSetupError(message.message, message.errors ?? []);
  if (message.name === "AbortError") return new CollectAbortedError(message.message);
  return Object.assign(new Error(message.message), { name: message.name });
}
