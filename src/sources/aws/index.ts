// The live AWS source, as the CLI uses it: collect() returns a Snapshot; progress renders on stderr.
export { collect, collectWithStats, CollectSetupError, DEFAULTS, GLOBAL_REGION } from "./collect.js";
export { CollectAbortedError, CallTimeoutError } from "./errors.js";
export { isReadOnly, readOnlyGuard, ReadOnlyViolationError } from "./guard.js";
export { createProgressRenderer, type ProgressRenderer, type ProgressRendererOptions } from "./progress.js";
export type {
  AwsClient,
  ClientFactory,
  ClientRequest,
  CollectHooks,
  CollectOptions,
  CollectStats,
  CallTrace,
  Progress,
  Stage,
} from "./types.js";
