// One worker thread of the collector (workers.ts): reads its shard of the accounts, as they arrive
// from the main thread's walk of the organization, and answers with its snapshot and call counts.
import { parentPort, workerData } from "node:worker_threads";
import { collectWithStats, type InternalOptions } from "./collect.js";
import type { OnAccounts, OrgResult } from "./organization.js";
import type { FromWorker, ToWorker, WorkerInput } from "./workers.js";
import type { Pluggable } from "./types.js";
import type { CollectionError } from "../../model/snapshot.js";

const input = workerData as WorkerInput;
const port = parentPort!;
const send = (message: FromWorker) => port.postMessage(message);

let onAccounts: OnAccounts | undefined;
const early: Extract<ToWorker, { type: "accounts" }>[] = [];
let organizationListed!: (result: OrgResult) => void;
const organization = new Promise<OrgResult>((resolve) => (organizationListed = resolve));
port.on("message", (message: ToWorker) => {
  if (message.type === "accounts") {
    if (onAccounts) onAccounts(message.accounts, message.path);
    else early.push(message);
  } else organizationListed(message.result);
});

async function main(): Promise<void> {
  const options: InternalOptions = { ...input.options, shard: input.shard };
  let report: (() => unknown) | undefined;
  if (options.workerSetup) {
    const setup = (await import(options.workerSetup.module)) as { setup(data: unknown): Promise<{ plugins?: Pluggable[]; report?: () => unknown }> | { plugins?: Pluggable[]; report?: () => unknown } };
    const given = await setup.setup(options.workerSetup.data);
    if (given.plugins) options.plugins = given.plugins;
    report = given.report;
  }
  options.discovery = {
    identity: input.identity,
    collectedAt: input.collectedAt,
    organization(callback) {
      onAccounts = callback;
      for (const message of early.splice(0)) callback(message.accounts, message.path);
      return organization;
    },
  };
  const { snapshot, stats } = await collectWithStats(options, {
    onProgress: (progress) => send({ type: "progress", progress }),
    ...(input.trace ? { onAwsCall: (trace) => send({ type: "trace", trace }) } : {}),
  });
  send({ type: "done", snapshot, callsByAccount: [...stats.callsByAccount].map(([id, calls]) => [id, [...calls]]), report: report?.() });
}

main().then(
  () => port.close(),
  (error: unknown) => {
    const e = error instanceof Error ? error : new Error(String(error));
    send({ type: "error", name: e.name, message: e.message, ...("errors" in e && Array.isArray(e.errors) ? { errors: e.errors as CollectionError[] } : {}) });
    port.close();
  },
);
