// Turning SDK failures into collection errors, and the one error that ends a collection: Ctrl-C.
import { STATUS_CODES } from "node:http";
import type { CollectionError } from "../../model/snapshot.js";
import type { ServiceName } from "./types.js";
export { compareErrors } from "../../model/errors.js";

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

/**
 * A 2xx answer that is not an AWS answer at all (an HTML page from a proxy or captive portal). The
 * SDK's XML parsers read such a page as an answer with no fields, and the call would look like an
 * empty list: the response check of the default clients throws this instead.
 */
export class MalformedResponseError extends Error {
  readonly $metadata: { httpStatusCode: number };
  constructor(message: string, httpStatusCode: number) {
    super(message);
    this.name = "MalformedResponse";
    this.$metadata = { httpStatusCode };
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

/**
 * Network failures, by the Node.js error code the SDK leaves on them (`error.code`). The SDK's HTTP
 * handler renames ECONNRESET, EPIPE and ETIMEDOUT errors to `name: "TimeoutError"`, so the name
 * says nothing: the code does.
 */
const NETWORK_FAILURES: Record<string, string> = {
  ECONNRESET: "connection reset by peer",
  ECONNREFUSED: "connection refused",
  ECONNABORTED: "connection aborted",
  EPIPE: "connection closed by peer while sending (broken pipe)",
  ETIMEDOUT: "no answer in time",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ENOTFOUND: "host name not found (DNS)",
  EAI_AGAIN: "host name lookup failed for now (DNS)",
};

/** Codes that say nothing of what happened: the HTTP status then says it. */
const GENERIC_CODES = new Set(["UnknownError", "Unknown", "SyntaxError", "TypeError"]);

/** The SDK's hint appended to a message when a body could not be parsed. */
const DESERIALIZATION_HINT = /\s*Deserialization error: to see the raw response, inspect the hidden field \{error\}\.\$response on this object\.\s*$/;

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

function shapeOf(error: unknown): SdkErrorShape {
  return error && typeof error === "object" ? (error as SdkErrorShape) : {};
}

/** The HTTP status of the answer, when one came. */
export function httpStatusOf(error: unknown): number | undefined {
  const status = shapeOf(error).$metadata?.httpStatusCode;
  return typeof status === "number" && status > 0 ? status : undefined;
}

/** Attempts the SDK made for this error (its retry middleware sets $metadata.attempts); 1 when unknown. */
export function attemptsOf(error: unknown): number {
  const attempts = shapeOf(error).$metadata?.attempts;
  return typeof attempts === "number" && attempts > 0 ? attempts : 1;
}

const plural = (n: number) => `${n} attempt${n === 1 ? "" : "s"}`;

function httpLabel(status: number): string {
  const reason = STATUS_CODES[status];
  return reason ? `HTTP ${status} ${reason}` : `HTTP ${status}`;
}

/** The SDK's message without its hint about the hidden $response field. */
function sdkMessage(error: unknown): string {
  return errorMessage(error).replace(DESERIALIZATION_HINT, "").trim();
}

/**
 * What happened, as a collection error's code and message. `attempts` is every attempt made for
 * the call (the SDK's own retries and the collector's extra rounds for throttling).
 *
 * - our per-call deadline: TimeoutError, the only one;
 * - a network failure: its Node.js code (ECONNRESET, ECONNREFUSED, ...) and what it means; the SDK's
 *   own timeouts of one attempt get codes of their own (ConnectionTimeout, SocketTimeout, ETIMEDOUT
 *   for its requestTimeout);
 * - throttling the retries did not outlast: AWS's code, "throttled after N attempts: ...";
 * - an answer whose body could not be parsed: MalformedResponse (2xx) or UnknownError (an error
 *   status), the HTTP status and the parser's complaint;
 * - any other AWS error: AWS's code and message, the HTTP status added when the code is generic.
 */
export function describeFailure(error: unknown, attempts = attemptsOf(error)): { code: string; message: string } {
  if (error instanceof CallTimeoutError) return { code: error.name, message: error.message };
  const e = shapeOf(error);
  const status = httpStatusOf(error);
  const after = ` after ${plural(attempts)}`;
  const message = sdkMessage(error);
  const systemCode = typeof e.code === "string" ? e.code : undefined;

  if (e.name === "TimeoutError" && systemCode === undefined) {
    // The SDK's handler timed out one attempt: no connection, or a silent socket.
    const connect = /did not establish a connection/.test(message);
    return {
      code: connect ? "ConnectionTimeout" : "SocketTimeout",
      message: `${connect ? "no connection" : "no data on the connection"} in time${after} (${message})`,
    };
  }
  if (systemCode !== undefined && NETWORK_FAILURES[systemCode] !== undefined) {
    let what = NETWORK_FAILURES[systemCode];
    const requestTimeout = /(\d+) ms requestTimeout/.exec(message);
    if (systemCode === "ETIMEDOUT" && requestTimeout) what = `no answer within the ${requestTimeout[1]} ms requestTimeout of one attempt`;
    else if (systemCode === "ECONNRESET" && message === "socket hang up") what = "connection closed by peer before any answer (socket hang up)";
    else if (systemCode === "ECONNRESET" && /^aborted\b/.test(message)) what = `connection reset by peer while reading the answer`;
    else what = `${what} (${message})`;
    const during = status !== undefined ? ` (${httpLabel(status)} answer cut short)` : "";
    return { code: systemCode, message: `${what}${during}${after}` };
  }

  const code = errorCode(error);
  if (isThrottling(error)) {
    if (GENERIC_CODES.has(code) && status !== undefined) return { code: "UnknownError", message: `throttled (${httpLabel(status)})${after}` };
    return { code, message: `throttled${after}: ${message}` };
  }

  // A body the SDK could not parse: its deserializer attaches the raw response ($response) and no
  // $fault, which service exceptions always carry.
  const unparsed = typeof e.$fault !== "string" && error !== null && typeof error === "object" && "$response" in error;
  if (unparsed && status !== undefined && status < 300) {
    return { code: "MalformedResponse", message: `${httpLabel(status)} answer whose body could not be parsed${attempts > 1 ? after : ""}: ${message}` };
  }
  if (unparsed || (GENERIC_CODES.has(code) && status !== undefined)) {
    // An error status whose body names no AWS error (a proxy's or load balancer's page, an empty body).
    const detail = GENERIC_CODES.has(message) || message === code ? "no AWS error in the body" : `no AWS error in the body (${message})`;
    return { code: "UnknownError", message: `${status !== undefined ? httpLabel(status) : "answer"} with ${detail}${attempts > 1 ? after : ""}` };
  }
  return { code, message };
}

export function collectionError(
  service: ServiceName,
  operation: string,
  error: unknown,
  where: { region?: string; resource?: string } = {},
  attempts?: number,
): CollectionError {
  return {
    service,
    operation,
    ...(where.region !== undefined ? { region: where.region } : {}),
    ...(where.resource !== undefined ? { resource: where.resource } : {}),
    ...describeFailure(error, attempts),
  };
}
