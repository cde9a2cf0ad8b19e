// The call path every request takes: AccountSession.call — read-only check, per-account
// concurrency limit, per-call deadline, Ctrl-C, a last retry round for throttling the SDK gave up
// on, call counting, a trace of each call for --debug (Runtime.onTrace: operation, region, account,
// duration, attempts, error code; never credentials or bodies), and failures recorded as
// collection errors instead of thrown.
// Expiry: a session with assumed credentials assumes the role again, once per set of credentials,
// when they are about to expire (Expiration, by the collector's clock, judged when a call goes, not
// when it is queued) or an answer says they have (ExpiredToken); calls wait for a renewal under way,
// and a call refused as expired goes once more (with the set in place by then, assumed again only if
// that is still the set that signed it). The caller's own credentials are the SDK's to refresh: each
// client's provider is asked again as they near expiry; after an ExpiredToken answer it is asked for
// new ones (forceRefresh) and the call goes once more when it gave other credentials.
// paginate fails a listing whose page has no list, an item not as documented, or a token that is not
// a string (normalize.ts), and a listing whose token repeats or whose pages never end.
import pLimit, { type LimitFunction } from "p-limit";
import type { CollectionError } from "../../model/snapshot.js";
import { attemptsOf, CallTimeoutError, CollectAbortedError, collectionError, errorCode, isThrottling } from "./errors.js";
import { assertReadOnly, operationOf, readOnlyGuard } from "./guard.js";
import { malformedAnswer, unexpectedValue, type Spec } from "./normalize.js";
import type { AwsClient, CallTrace, ClientFactory, Credentials, ServiceName } from "./types.js";

/** Shared by every session of one collection. */
export interface Runtime {
  factory: ClientFactory;
  callTimeoutMs: number;
  throttleRetries: number;
  throttleBackoffMs: number;
  accountConcurrency: number;
  signal?: AbortSignal;
  /** The clock credential expiry is judged by (CollectOptions.now). */
  now?: () => Date;
  /** Called after each call, for progress. */
  onCall(failed: boolean): void;
  /** Called after each call with what it took (--debug). */
  onTrace?(trace: CallTrace): void;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CollectAbortedError();
}

export interface CallOptions {
  region: string;
  /** ARN or bucket name the call is about, for the collection error. */
  resource?: string;
  /** Error codes that mean "not configured": the call then yields null instead of an error. */
  tolerate?: readonly string[];
  /** Use the session's base credentials (the AssumeRole call itself). */
  base?: boolean;
  /** Record failures here instead of the session's own list (organization-level calls). */
  errors?: CollectionError[];
  /** What the call was about when that is not an ARN or bucket name (an OU, a policy id): added to the message. */
  about?: string;
  /** paginate: pages after which a listing that still has more is abandoned. Default MAX_PAGES. */
  maxPages?: number;
  /**
   * paginate: the answer's list field, and what each item must look like (normalize.ts). A page
   * without the list, or with an item not as documented, fails the listing (MalformedResponse,
   * UnexpectedValue): a listing read in part is not known, and an empty body is not an empty list.
   */
  list?: { name: string; item?: Spec };
}

/**
 * Pages of one listing before paginate gives up on it: a backstop for a listing whose tokens never
 * end (each new, so the repeat check cannot see it). Far beyond any legitimate listing the collector
 * makes: ListBuckets at MaxBuckets 1000 is 1,000 pages for the 1,000,000 buckets an account may
 * have, but tagging:GetResources lists the same buckets 100 a page (10,000 pages, more when it
 * answers short or empty pages, which it does), and logs:DescribeLogGroups by name prefix 50 a page
 * (20,000 pages for the 1,000,000 log groups a region may hold). 100,000 leaves those a margin of
 * 5 to 100 times; a runaway listing stops after at most that many calls.
 */
export const MAX_PAGES = 100_000;

/** Assumed credentials with less than this left are renewed before a call. */
export const EXPIRY_MARGIN_MS = 5 * 60_000;

/** Error codes of a call signed with credentials that have expired. */
const EXPIRED_CODES = new Set(["ExpiredToken", "ExpiredTokenException", "TokenRefreshRequired", "RequestExpired"]);

/** What the SDK's credentials provider of a client is called with and gives. */
type IdentityProvider = (options?: { forceRefresh?: boolean }) => Promise<{ accessKeyId?: string; sessionToken?: string } | undefined>;

/**
 * Asks a client's credentials provider (the SDK's memoized one: `config.credentials`) for new
 * credentials, past its cache and the chain's: true when it gave other ones than it held. Static
 * credentials give the same ones (false); a provider that fails (an expired SSO session) too.
 */
async function forceRefresh(client: AwsClient): Promise<boolean> {
  const provider = (client as { config?: { credentials?: unknown } }).config?.credentials;
  if (typeof provider !== "function") return false;
  const ask = provider as IdentityProvider;
  try {
    const before = await ask();
    const after = await ask({ forceRefresh: true });
    return after !== undefined && (after.accessKeyId !== before?.accessKeyId || after.sessionToken !== before?.sessionToken);
  } catch {
    return false; // the call's own error stands
  }
}

/** A page token as a message shows it: quoted, long ones cut. */
function showToken(token: string): string {
  return JSON.stringify(token.length > 40 ? `${token.slice(0, 37)}...` : token);
}

/** Everything read with one account's credentials. */
export class AccountSession {
  readonly errors: CollectionError[] = [];
  /** "service:Operation" -> calls sent. */
  readonly counts = new Map<string, number>();
  private readonly clients = new Map<string, AwsClient>();
  private readonly limit: LimitFunction;

  constructor(
    public accountId: string,
    private readonly runtime: Runtime,
    /** Credentials of this account (assumed role or the caller's own). */
    private credentials: Credentials | undefined,
    /**
     * The caller's session: its clients send this account's sts:AssumeRole, so that every
     * AssumeRole of a collection shares one client and one adaptive rate limiter.
     */
    private readonly base?: AccountSession,
  ) {
    this.limit = pLimit(runtime.accountConcurrency);
  }

  setCredentials(credentials: Credentials, expiration?: Date): void {
    this.credentials = credentials;
    // Credentials that look expired already by the collector's clock (a skewed clock, a test's
    // pinned one) are renewed only when an answer says they have expired: no renewal loop.
    this.expiration = expiration && expiration.getTime() - this.now() >= EXPIRY_MARGIN_MS ? expiration : undefined;
    this.renewed = false;
    this.generation += 1;
    this.clients.clear();
  }

  /** Counts the sets of credentials the session has had: a call knows which set signed it. */
  private generation = 0;

  /** When the session's (assumed) credentials expire, when AWS said. */
  private expiration: Date | undefined;
  /** Assumes the role again (accounts.ts); set on sessions with assumed credentials. */
  renew?: () => Promise<boolean>;
  /** Whether the current credentials were already renewed once (set back by setCredentials). */
  private renewed = false;
  private renewing: Promise<boolean> | undefined;

  /**
   * Assumes the role again, once per set of credentials, shared by every call that finds them
   * expired: true when new credentials are in place.
   */
  private async renewCredentials(): Promise<boolean> {
    if (!this.renew) return false;
    if (!this.renewing) {
      if (this.renewed) return false;
      this.renewed = true;
      const renew = this.renew;
      this.renewing = renew().finally(() => (this.renewing = undefined));
    }
    return this.renewing;
  }

  /** Before a call with the session's own credentials: waits for a renewal under way, or starts one when they expire soon. */
  private async renewIfExpiring(): Promise<void> {
    if (this.renewing || this.expiresSoon()) await this.renewCredentials();
  }

  /**
   * After an answer saying that the credentials which signed a call on `client` have expired: true
   * when the next attempt has other ones. Assumed credentials: a later set already in place, or the
   * role assumed again (once per set). The caller's own (base) credentials: the client's provider
   * asked for new ones.
   */
  private async refreshed(client: AwsClient, generation: number, base: boolean): Promise<boolean> {
    if (base || !this.renew) return forceRefresh(client);
    return generation !== this.generation || this.renewCredentials();
  }

  /** Assumed credentials that expire within the margin are renewed before the next call. */
  private expiresSoon(): boolean {
    if (!this.expiration || !this.renew || this.renewed) return false;
    return this.expiration.getTime() - this.now() < EXPIRY_MARGIN_MS;
  }

  private now(): number {
    return (this.runtime.now ?? (() => new Date()))().getTime();
  }

  get ready(): boolean {
    return this.credentials !== undefined;
  }

  client(service: ServiceName, region: string, base = false): AwsClient {
    if (base && this.base) return this.base.client(service, region);
    const key = `${service}|${region}`;
    let client = this.clients.get(key);
    if (!client) {
      const credentials = this.credentials;
      if (!credentials) throw new Error(`no credentials for account ${this.accountId}`);
      client = this.runtime.factory({ service, region, accountId: this.accountId, credentials });
      // Every client carries the guard, whoever built it: added by its name with override, it takes
      // the place of one already there (listing the stack to look first sorts it: a cost per client).
      client.middlewareStack.use(readOnlyGuard);
      this.clients.set(key, client);
    }
    return client;
  }

  /** Set on the caller's session, whose clients serve every AssumeRole and the organization reads. */
  pinned = false;

  /** Drops the clients (and their memory) once the account's work of a stage is done. */
  release(): void {
    if (!this.pinned) this.clients.clear();
  }

  /**
   * Sends one command. Returns the output, null when the error code is tolerated, or undefined
   * when the call failed (the failure is recorded). Rejects only on Ctrl-C or a guard violation.
   */
  async call<T>(service: ServiceName, command: object, options: CallOptions): Promise<T | null | undefined> {
    const operation = operationOf(command.constructor.name);
    throwIfAborted(this.runtime.signal);
    const key = `${service}:${operation}`;
    let attempts = 0; // every attempt of every round, for the message
    let started: number | undefined;
    const trace = (sent: number, code?: string, tolerated?: boolean) => {
      const onTrace = this.runtime.onTrace;
      if (!onTrace) return;
      const durationMs = started === undefined ? 0 : Math.round(performance.now() - started);
      const entry: CallTrace = { service, operation, region: options.region, accountId: this.accountId, durationMs, attempts: sent };
      if (code !== undefined) entry.code = code;
      if (tolerated) entry.tolerated = true;
      onTrace(entry);
    };
    let throttleRounds = 0;
    let expiredRetried = false;
    // AssumeRole (base) takes no slot of the account's limit: calls in their slots wait for a renewal.
    const limit: <R>(send: () => Promise<R>) => Promise<R> = options.base ? (send) => send() : (send) => this.limit(send);
    for (;;) {
      let client = this.client(service, options.region, options.base);
      assertReadOnly(operation, (client as object).constructor.name);
      let generation = this.generation;
      try {
        this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
        const output = await limit(async () => {
          // The credentials in place when the call goes: a queue, a back-off, may outlast a set.
          if (!options.base) await this.renewIfExpiring();
          client = this.client(service, options.region, options.base);
          generation = this.generation;
          started ??= performance.now();
          return this.sendOnce(client, command);
        });
        this.runtime.onCall(false);
        trace(attempts + attemptsOf(output));
        return output as T;
      } catch (error) {
        if (error instanceof CollectAbortedError) throw error;
        if (error instanceof Error && error.name === "ReadOnlyViolationError") throw error;
        if (options.tolerate?.includes(errorCode(error))) {
          this.runtime.onCall(false);
          trace(attempts + attemptsOf(error), errorCode(error), true);
          return null;
        }
        attempts += error instanceof CallTimeoutError ? 1 : attemptsOf(error);
        if (!expiredRetried && EXPIRED_CODES.has(errorCode(error)) && (await this.refreshed(client, generation, options.base === true))) {
          // The credentials expired mid-scan and other ones are in place: the call goes once more.
          expiredRetried = true;
          continue;
        }
        if (isThrottling(error) && throttleRounds < this.runtime.throttleRetries) {
          // The SDK's own attempts are spent: back off harder before one more round.
          await this.sleep(this.runtime.throttleBackoffMs * 2 ** throttleRounds * (0.5 + Math.random()));
          throttleRounds += 1;
          continue;
        }
        this.runtime.onCall(true);
        const recorded = collectionError(service, operation, error, options, attempts);
        trace(attempts, recorded.code);
        this.record(recorded, options);
        return undefined;
      }
    }
  }

  private record(recorded: CollectionError, options: CallOptions): void {
    if (options.about) recorded.message = `${recorded.message} (${options.about})`;
    (options.errors ?? this.errors).push(recorded);
  }

  /**
   * All pages of a paginated call; null when a page answered an error code of options.tolerate
   * (AWS's "not configured" or "does not exist": nothing recorded); undefined when a page failed
   * (recorded), and when the pages do not end: a token that comes back again (the listing would loop for ever) or more than
   * options.maxPages (MAX_PAGES) pages. Those are recorded as PaginationLoop and
   * PaginationLimitExceeded, and the listing counts as failed: what it holds is unknown, not empty.
   */
  async paginate<T, I>(
    service: ServiceName,
    makeCommand: (token: string | undefined) => object,
    read: (page: T) => { items: I[] | undefined; next: string | undefined },
    options: CallOptions,
  ): Promise<I[] | null | undefined> {
    const maxPages = options.maxPages ?? MAX_PAGES;
    const items: I[] = [];
    /** Token -> the page that returned it. */
    const seen = new Map<string, number>();
    let token: string | undefined;
    let pages = 0;
    do {
      const command = makeCommand(token);
      const page = await this.call<T>(service, command, options);
      if (page === null) return null;
      if (page === undefined) return undefined;
      pages += 1;
      const operation = operationOf(command.constructor.name);
      const where = { service, operation, ...(options.region !== undefined ? { region: options.region } : {}), ...(options.resource !== undefined ? { resource: options.resource } : {}) };
      const { items: pageItems, next } = read(page);
      const problem = this.pageProblem(service, operation, options, pageItems, next);
      if (problem) {
        this.record(problem, options);
        return undefined;
      }
      items.push(...(pageItems ?? []));
      token = next;
      if (!token) break;
      const first = seen.get(token);
      if (first !== undefined) {
        this.record(
          {
            ...where,
            code: "PaginationLoop",
            message: `${service}:${operation} page ${pages} returned the next-page token ${showToken(token)} that page ${first} already returned: the listing would loop for ever; abandoned after ${pages} pages, its contents unknown`,
          },
          options,
        );
        return undefined;
      }
      if (pages >= maxPages) {
        this.record(
          {
            ...where,
            code: "PaginationLimitExceeded",
            message: `${service}:${operation} still had more after ${pages} pages, the most one listing may take: abandoned, its contents unknown`,
          },
          options,
        );
        return undefined;
      }
      seen.set(token, pages);
    } while (token);
    return items;
  }

  /** What is wrong with a page (normalize.ts), or undefined. */
  private pageProblem(service: ServiceName, operation: string, options: CallOptions, items: unknown, next: unknown): CollectionError | undefined {
    const where = { ...(options.region !== undefined ? { region: options.region } : {}), ...(options.resource !== undefined ? { resource: options.resource } : {}) };
    const name = options.list?.name ?? "items";
    if (items === undefined || items === null) return options.list ? malformedAnswer(service, operation, where, name) : undefined;
    if (!Array.isArray(items)) return unexpectedValue(service, operation, where, `${name}=${JSON.stringify(items)?.slice(0, 60)}`);
    const item = options.list?.item;
    if (item) {
      for (let i = 0; i < items.length; i++) {
        const problem = item(items[i], `${name}[${i}]`);
        if (problem) return problem.endsWith(" missing") ? malformedAnswer(service, operation, where, problem.slice(0, -" missing".length)) : unexpectedValue(service, operation, where, problem);
      }
    }
    if (next !== undefined && next !== null && typeof next !== "string") return unexpectedValue(service, operation, where, `next-page token=${JSON.stringify(next)?.slice(0, 60)}`);
    return undefined;
  }

  private sendOnce(client: AwsClient, command: object): Promise<unknown> {
    const { signal } = this.runtime;
    throwIfAborted(signal);
    const controller = new AbortController();
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (settle: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        settle();
      };
      const onAbort = () => {
        controller.abort();
        finish(() => reject(new CollectAbortedError()));
      };
      const timer = setTimeout(() => {
        controller.abort();
        finish(() => reject(new CallTimeoutError(this.runtime.callTimeoutMs)));
      }, this.runtime.callTimeoutMs);
      signal?.addEventListener("abort", onAbort, { once: true });
      client.send(command, { abortSignal: controller.signal }).then(
        (value) => finish(() => resolve(value)),
        (error: unknown) => finish(() => reject(error)),
      );
    });
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    const { signal } = this.runtime;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(new CollectAbortedError());
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
}
