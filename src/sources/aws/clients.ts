// SDK clients: one per (account, region, service), built once and reused (the adaptive retry mode
// keeps its client-side rate limiter per client, which matches how AWS throttles: per account,
// region and API), sharing keep-alive sockets and the settings the environment gives every client.
// The call path every request takes is the session's (session.ts).
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
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
import { MalformedResponseError } from "./errors.js";
import type { AwsClient, ClientFactory, Pluggable, RetryStrategyV2, ServiceName } from "./types.js";


export interface FactoryOptions {
  endpointUrl?: string;
  maxAttempts: number;
  retryStrategy?: RetryStrategyV2;
  plugins?: Pluggable[];
  /** Socket-level timeouts of one attempt, in ms. */
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
}

/** Client settings that come from the environment or the shared config files, the same for every service. */
const SHARED_SETTINGS = ["useDualstackEndpoint", "useFipsEndpoint", "defaultsMode", "authSchemePreference", "userAgentAppId"] as const;

type ClientClass = new (config: Record<string, unknown>) => AwsClient;

const CLIENT_CLASSES: Record<ServiceName, ClientClass> = {
  account: AccountClient as unknown as ClientClass,
  cloudtrail: CloudTrailClient as unknown as ClientClass,
  logs: CloudWatchLogsClient as unknown as ClientClass,
  cloudwatch: CloudWatchClient as unknown as ClientClass,
  ec2: EC2Client as unknown as ClientClass,
  iam: IAMClient as unknown as ClientClass,
  kms: KMSClient as unknown as ClientClass,
  organizations: OrganizationsClient as unknown as ClientClass,
  tag: ResourceGroupsTaggingAPIClient as unknown as ClientClass,
  s3: S3Client as unknown as ClientClass,
  s3control: S3ControlClient as unknown as ClientClass,
  sts: STSClient as unknown as ClientClass,
  sns: SNSClient as unknown as ClientClass,
};

/** The real SDK clients, sharing keep-alive sockets, in adaptive retry mode. */
export function defaultClientFactory(options: FactoryOptions): ClientFactory {
  // One pool of sockets for thousands of clients instead of one agent each, and one handler, the
  // one the first client builds from these settings: it holds nothing of its own but them (and no
  // client is ever destroyed, which would close it).
  const agentOptions = { keepAlive: true, maxSockets: 256 };
  let requestHandler: unknown = {
    httpAgent: new HttpAgent(agentOptions),
    httpsAgent: new HttpsAgent(agentOptions),
    connectionTimeout: options.connectionTimeoutMs ?? 5_000,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    // Without it, @smithy/node-http-handler only prints a warning when requestTimeout passes and the
    // attempt waits on until the per-call deadline; with it, the attempt fails (ETIMEDOUT) and the
    // SDK retries it.
    throwOnRequestTimeout: true,
  };
  // Each client runs the SDK's config loaders (environment, then the shared config files) for
  // settings such as FIPS or dual-stack endpoints: half of a client's construction cost, thousands
  // of times over. They are resolved once, on the first client, and given to the next ones as is
  // (a setting that is not set, such as the app id, as a provider of nothing: the SDK would load an
  // undefined value again).
  let shared: Record<string, unknown> | undefined;
  let priming = false;
  const prime = (client: AwsClient) => {
    priming = true;
    const config = configOf(client);
    void Promise.all(
      SHARED_SETTINGS.map(async (key) => {
        const provider = config[key];
        const value: unknown = typeof provider === "function" ? await (provider as () => Promise<unknown>)() : provider;
        return [key, value === undefined ? () => Promise.resolve(undefined) : value] as const;
      }),
    ).then(
      (pairs) => (shared = Object.fromEntries(pairs)),
      () => undefined, // keep loading per client
    );
  };
  // The endpoint the environment or the config files set for a service (AWS_ENDPOINT_URL_<SERVICE>,
  // services sections), which each client looks up on its first call (through errors thrown for every
  // setting that is not set: a third of that call's cost): the same for every client of the service,
  // so looked up once per service.
  const configuredEndpoints = new Map<ServiceName, Promise<unknown>>();
  const shareConfiguredEndpoint = (service: ServiceName, client: AwsClient) => {
    const config = configOf(client);
    const own = config.serviceConfiguredEndpoint;
    if (typeof own !== "function") return;
    config.serviceConfiguredEndpoint = () => {
      let endpoint = configuredEndpoints.get(service);
      if (!endpoint) configuredEndpoints.set(service, (endpoint = (own as () => Promise<unknown>)()));
      return endpoint;
    };
  };
  return ({ service, region, credentials }) => {
    const config: Record<string, unknown> = {
      ...shared,
      region,
      credentials,
      retryMode: "adaptive",
      maxAttempts: options.maxAttempts,
      requestHandler,
      ...(options.retryStrategy ? { retryStrategy: options.retryStrategy } : {}),
      ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
    };
    if (service === "s3") {
      config.followRegionRedirects = true;
      if (options.endpointUrl) config.forcePathStyle = true;
    }
    // S3 Control puts the account id in front of the host (123456789012.s3-control...), both in its
    // endpoint rules and as the operation's host prefix: no local emulator serves
    // 123456789012.127.0.0.1 (not even a valid URL), so with a custom endpoint the endpoint is taken
    // as given and the host prefix is left off.
    if (service === "s3control" && options.endpointUrl) {
      const url = options.endpointUrl;
      config.endpointProvider = () => ({ url: new URL(url) });
      config.disableHostPrefix = true;
    }
    const client = new CLIENT_CLASSES[service](config);
    shareConfiguredEndpoint(service, client);
    requestHandler = configOf(client).requestHandler ?? requestHandler;
    client.middlewareStack.use(responseCheck);
    for (const plugin of options.plugins ?? []) client.middlewareStack.use(plugin);
    if (!priming) prime(client);
    return client;
  };
}

/** The resolved configuration of an SDK client (the SDK's own object: the collector changes two entries). */
function configOf(client: AwsClient): Record<string, unknown> {
  return (client as unknown as { config: Record<string, unknown> }).config;
}

interface RawResponse {
  statusCode?: number;
  headers?: Record<string, string | undefined>;
  body?: AsyncIterable<Uint8Array | string> & { destroy?(): void };
}

/** The start of a body, at most `max` characters; the rest is dropped with the stream. */
async function bodyStart(body: RawResponse["body"], max = 120): Promise<string> {
  if (!body || typeof body[Symbol.asyncIterator] !== "function") return "";
  let text = "";
  try {
    for await (const chunk of body) {
      text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      if (text.length >= max) break;
    }
  } catch {
    // what arrived is enough
  } finally {
    body.destroy?.();
  }
  return text.replace(/\s+/g, " ").trim().slice(0, max);
}

/**
 * Refuses a 2xx answer that is an HTML page (a proxy's, a captive portal's): no AWS API answers
 * text/html, and the SDK's XML parsers would read the page as an answer with no fields (an empty
 * list of buckets, of regions). Runs under the deserializer, on the raw response.
 */
export const responseCheck: Pluggable = {
  applyToStack(stack: { add(middleware: unknown, options: object): void }) {
    stack.add(
      (next: (args: unknown) => Promise<{ response: RawResponse }>) => async (args: unknown) => {
        const result = await next(args);
        const { statusCode = 0, headers = {} } = result.response ?? {};
        const type = Object.entries(headers).find(([name]) => name.toLowerCase() === "content-type")?.[1] ?? "";
        if (statusCode >= 200 && statusCode < 300 && /^\s*text\/html\b/i.test(type)) {
          const start = await bodyStart(result.response.body);
          throw new MalformedResponseError(`HTTP ${statusCode} answer is an HTML page, not an AWS answer${start ? `: ${start}` : ""}`, statusCode);
        }
        return result;
      },
      { step: "deserialize", priority: "low", name: "cloudtrailLintResponseCheck", override: true },
    );
  },
};

