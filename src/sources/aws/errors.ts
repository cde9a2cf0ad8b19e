// Turning SDK failures into collection errors, and the one error that ends a collection: Ctrl-C.
import type { CollectionError } from "../../model/snapshot.js";
import type { ServiceName } from "./types.js";

/** Rejection of collect() when its AbortSignal fires: the caller writes nothing. */
export class CollectAbortedError extends Error {
  constructor(message = "collection aborted") {
    super(message);
    this.name = "AbortError";
  }
}

/** A call that did not answer within the per-call deadline (retries included). */
export class CallTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms (retries included)`);
    this.name = "TimeoutError";
  }
}

/** The AWS error code: SDK v3 service exceptions carry it as `name`, some as `Code`/`code`. */
export function errorCode(error: unknown): string {
  if (error && typeof error === "object") {
    const e = error as { name?: unknown; Code?: unknown; code?: unknown };
    for (const candidate of [e.Code, e.name, e.code]) {
      if (typeof candidate === "string" && candidate !== "" && candidate !== "Error") return candidate;
    }
  }
  return "UnknownError";
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  if (error && typeof error === "object" && typeof (error as { message?: unknown }).message === "string") {
    return (error as { message: string }).message;
  }
  return String(error);
}

const THROTTLING_CODES = new Set([
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "RequestThrottledException",
  "TooManyRequestsException",
  "ProvisionedThroughputExceededException",
  "TransactionInProgressException",
  "RequestLimitExceeded",
  "BandwidthLimitExceeded",
  "LimitExceededException",
  "RequestThrottled",
  "SlowDown",
  "PriorRequestNotComplete",
  "EC2ThrottledException",
]);

export function isThrottling(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const e = error as { $metadata?: { httpStatusCode?: number }; $retryable?: { throttling?: boolean } };
  return THROTTLING_CODES.has(errorCode(error)) || e.$metadata?.httpStatusCode === 429 || e.$retryable?.throttling === true;
}

export function isAbort(error: unknown): boolean {
  return error instanceof CollectAbortedError;
}

export function collectionError(
  service: ServiceName,
  operation: string,
  error: unknown,
  where: { region?: string; resource?: string } = {},
): CollectionError {
  return {
    service,
    operation,
    ...(where.region !== undefined ? { region: where.region } : {}),
    ...(where.resource !== undefined ? { resource: where.resource } : {}),
    code: errorCode(error),
    message: errorMessage(error),
  };
}

/** Deterministic order for a snapshot whose calls finished in any order. */
export function compareErrors(a: CollectionError, b: CollectionError): number {
  const key = (e: CollectionError) => [e.service, e.operation, e.region ?? "", e.resource ?? "", e.code, e.message];
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < ka.length; i++) {
    if (ka[i]! < kb[i]!) return -1;
    if (ka[i]! > kb[i]!) return 1;
  }
  return 0;
}
