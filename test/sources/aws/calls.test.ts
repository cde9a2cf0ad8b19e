// The call path (AccountSession.call / paginate) through real SDK clients and the default client
// factory, against a local HTTP server on 127.0.0.1 that misbehaves on purpose: bounded pagination,
// and collection errors that say what happened (resets, refusals, timeouts, throttling, bodies that
// cannot be parsed).
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ListTrailsCommand, type ListTrailsCommandOutput } from "@aws-sdk/client-cloudtrail";
import { ListBucketsCommand, type ListBucketsCommandOutput } from "@aws-sdk/client-s3";
import { GetPublicAccessBlockCommand, type GetPublicAccessBlockCommandOutput } from "@aws-sdk/client-s3-control";
import type { CollectionError } from "../../../src/model/snapshot.js";
import { defaultClientFactory } from "../../../src/sources/aws/clients.js";
import { AccountSession, MAX_PAGES, type CallOptions, type Runtime } from "../../../src/sources/aws/session.js";
import { describeFailure } from "../../../src/sources/aws/errors.js";
import type { RetryStrategyV2 } from "../../../src/sources/aws/types.js";

const ACCOUNT = "111111111111";
const REGION = "us-east-1";
const credentials = { accessKeyId: `AKIA${ACCOUNT}`, secretAccessKey: "secret" };
const JSON_TYPE = { "content-type": "application/x-amz-json-1.1" };

/** 3 attempts a call (the SDK's retry middleware still decides what is retryable), no delay. */
const threeAttempts: RetryStrategyV2 = {
  acquireInitialRetryToken: async () => ({ getRetryCount: () => 0, getRetryDelay: () => 0 }),
  refreshRetryTokenForRetry: async (token, info) => {
    const count = token.getRetryCount();
    if (info.errorType === "CLIENT_ERROR" || count >= 2) throw info.error;
    return { getRetryCount: () => count + 1, getRetryDelay: () => 0 };
  },
  recordSuccess: () => {},
};

interface Received {
  target: string;
  body: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

describe("AWS call path (real SDK clients, a misbehaving server on 127.0.0.1)", () => {
  let server: Server;
  let port: number;
  let handler: Handler;
  let received: Received[];

  before(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => (body += chunk));
      req.on("end", () => {
        received.push({ target: String(req.headers["x-amz-target"] ?? `${req.method} ${req.url}`), body });
        handler(req, res, body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  beforeEach(() => {
    received = [];
    handler = (_req, res) => res.writeHead(500).end();
  });
  afterEach(() => server.closeAllConnections());

  function session(extra: { requestTimeoutMs?: number; callTimeoutMs?: number; throttleRetries?: number; endpoint?: string } = {}) {
    const runtime: Runtime = {
      factory: defaultClientFactory({
        maxAttempts: 3,
        retryStrategy: threeAttempts,
        endpointUrl: extra.endpoint ?? `http://127.0.0.1:${port}`,
        connectionTimeoutMs: 1_000,
        requestTimeoutMs: extra.requestTimeoutMs ?? 1_000,
      }),
      callTimeoutMs: extra.callTimeoutMs ?? 5_000,
      throttleRetries: extra.throttleRetries ?? 0,
      throttleBackoffMs: 0,
      accountConcurrency: 4,
      onCall() {},
    };
    return new AccountSession(ACCOUNT, runtime, credentials);
  }

  const json = (res: ServerResponse, value: unknown, status = 200) => res.writeHead(status, JSON_TYPE).end(JSON.stringify(value));

  function listTrails(s: AccountSession, options: Partial<CallOptions> = {}) {
    return s.paginate<ListTrailsCommandOutput, { Name?: string }>(
      "cloudtrail",
      (NextToken) => new ListTrailsCommand(NextToken ? { NextToken } : {}),
      (page) => ({ items: page.Trails, next: page.NextToken }),
      { region: REGION, ...options },
    );
  }

  const tokensSent = () => received.map((r) => (JSON.parse(r.body) as { NextToken?: string }).NextToken);

  describe("pagination", () => {
    it("stops a listing whose next-page token repeats: two calls, a PaginationLoop error, the listing failed (not empty)", async () => {
      handler = (_req, res) => json(res, { Trails: [{ Name: "t" }], NextToken: "tok-A" });
      const s = session();
      assert.equal(await listTrails(s), undefined);
      assert.deepEqual(tokensSent(), [undefined, "tok-A"]);
      assert.deepEqual(s.errors, [
        {
          service: "cloudtrail",
          operation: "ListTrails",
          region: REGION,
          code: "PaginationLoop",
          message:
            'cloudtrail:ListTrails page 2 returned the next-page token "tok-A" that page 1 already returned: the listing would loop for ever; abandoned after 2 pages, its contents unknown',
        },
      ]);
      assert.equal(s.counts.get("cloudtrail:ListTrails"), 2);
    });

    it("sees a token coming back after others (A, B, A), and records where the caller says", async () => {
      const next: Record<string, string> = { "": "A", A: "B", B: "A" };
      handler = (_req, res, body) => json(res, { Trails: [], NextToken: next[(JSON.parse(body) as { NextToken?: string }).NextToken ?? ""] });
      const s = session();
      const errors: CollectionError[] = [];
      assert.equal(await listTrails(s, { errors, about: "org trails", resource: "arn:x" }), undefined);
      assert.deepEqual(tokensSent(), [undefined, "A", "B"]);
      assert.deepEqual(s.errors, []);
      assert.deepEqual(
        errors.map((e) => [e.resource, e.code, e.message]),
        [
          [
            "arn:x",
            "PaginationLoop",
            'cloudtrail:ListTrails page 3 returned the next-page token "A" that page 1 already returned: the listing would loop for ever; abandoned after 3 pages, its contents unknown (org trails)',
          ],
        ],
      );
    });

    it("cuts a long token in the message", async () => {
      const long = "x".repeat(300);
      handler = (_req, res) => json(res, { NextToken: long });
      const s = session();
      assert.equal(await listTrails(s), undefined);
      assert.match(s.errors[0]!.message, new RegExp(`token "${"x".repeat(37)}\\.\\.\\." that page 1`));
    });

    it("stops after maxPages pages that never end (new token each time): exactly maxPages calls, PaginationLimitExceeded", async () => {
      let n = 0;
      handler = (_req, res) => json(res, { Trails: [{ Name: `t${++n}` }], NextToken: `p${n}` });
      const s = session();
      assert.equal(await listTrails(s, { maxPages: 5 }), undefined);
      assert.deepEqual(tokensSent(), [undefined, "p1", "p2", "p3", "p4"]);
      assert.deepEqual(s.errors, [
        {
          service: "cloudtrail",
          operation: "ListTrails",
          region: REGION,
          code: "PaginationLimitExceeded",
          message: "cloudtrail:ListTrails still had more after 5 pages, the most one listing may take: abandoned, its contents unknown",
        },
      ]);
    });

    it("takes a listing of exactly maxPages pages, and every page of an ordinary listing", async () => {
      handler = (_req, res, body) => {
        const token = Number((JSON.parse(body) as { NextToken?: string }).NextToken ?? "0");
        json(res, { Trails: [{ Name: `t${token}` }], ...(token < 4 ? { NextToken: String(token + 1) } : {}) });
      };
      const s = session();
      assert.deepEqual(await listTrails(s, { maxPages: 5 }), ["t0", "t1", "t2", "t3", "t4"].map((Name) => ({ Name })));
      assert.deepEqual(await listTrails(s), ["t0", "t1", "t2", "t3", "t4"].map((Name) => ({ Name })));
      assert.deepEqual(s.errors, []);
      assert.equal(received.length, 10);
      assert.equal(MAX_PAGES, 100_000);
    });

    it("still fails a listing whose page failed, with that page's error", async () => {
      handler = (_req, res, body) =>
        (JSON.parse(body) as { NextToken?: string }).NextToken
          ? json(res, { __type: "AccessDeniedException", message: "no" }, 400)
          : json(res, { Trails: [], NextToken: "n" });
      const s = session();
      assert.equal(await listTrails(s), undefined);
      assert.deepEqual(
        s.errors.map((e) => `${e.code}: ${e.message}`),
        ["AccessDeniedException: no"],
      );
    });
  });

  describe("network failures", () => {
    const trails = (s: AccountSession) => s.call("cloudtrail", new ListTrailsCommand({}), { region: REGION });
    const recorded = (s: AccountSession) => s.errors.map((e) => ({ code: e.code, message: e.message }));

    it("records a connection reset as ECONNRESET, not a timeout", async () => {
      handler = (req) => req.socket.resetAndDestroy();
      const s = session();
      assert.equal(await trails(s), undefined);
      assert.equal(received.length, 3, "the SDK retried it");
      assert.deepEqual(recorded(s), [{ code: "ECONNRESET", message: "connection reset by peer (read ECONNRESET) after 3 attempts" }]);
    });

    it("records a connection closed without an answer (socket hang up) as ECONNRESET", async () => {
      handler = (req) => req.socket.destroy();
      const s = session();
      assert.equal(await trails(s), undefined);
      assert.deepEqual(recorded(s), [{ code: "ECONNRESET", message: "connection closed by peer before any answer (socket hang up) after 3 attempts" }]);
    });

    it("records an answer cut off in its body as ECONNRESET with its HTTP status", async () => {
      handler = (_req, res) => {
        res.writeHead(200, { ...JSON_TYPE, "content-length": "100" });
        res.write('{"Trails": [');
        setTimeout(() => res.socket?.resetAndDestroy(), 5);
      };
      const s = session();
      assert.equal(await trails(s), undefined);
      assert.deepEqual(recorded(s), [
        { code: "ECONNRESET", message: "connection reset by peer while reading the answer (HTTP 200 OK answer cut short) after 3 attempts" },
      ]);
    });

    it("records a refused connection as ECONNREFUSED", async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
      const deadPort = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      const s = session({ endpoint: `http://127.0.0.1:${deadPort}` });
      assert.equal(await trails(s), undefined);
      assert.deepEqual(recorded(s), [{ code: "ECONNREFUSED", message: `connection refused (connect ECONNREFUSED 127.0.0.1:${deadPort}) after 3 attempts` }]);
    });

    it("records the SDK's requestTimeout of each attempt as ETIMEDOUT (the SDK retries it)", async () => {
      handler = () => {}; // never answers
      const s = session({ requestTimeoutMs: 40 });
      assert.equal(await trails(s), undefined);
      assert.equal(received.length, 3);
      assert.deepEqual(recorded(s), [{ code: "ETIMEDOUT", message: "no answer within the 40 ms requestTimeout of one attempt after 3 attempts" }]);
    });

    it("keeps TimeoutError for the collector's own per-call deadline only", async () => {
      handler = () => {};
      const s = session({ requestTimeoutMs: 10_000, callTimeoutMs: 60 });
      assert.equal(await trails(s), undefined);
      assert.equal(received.length, 1);
      assert.deepEqual(recorded(s), [{ code: "TimeoutError", message: "no answer within 60 ms (retries included)" }]);
    });

    it("names the SDK's own connection and socket timeouts apart from the deadline", () => {
      const connect = Object.assign(
        new Error("@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 5000 ms."),
        { name: "TimeoutError", $metadata: { attempts: 8 } },
      );
      assert.deepEqual(describeFailure(connect), {
        code: "ConnectionTimeout",
        message:
          "no connection in time after 8 attempts (@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 5000 ms.)",
      });
      const idle = Object.assign(new Error("@smithy/node-http-handler - the request socket timed out after 100 ms of inactivity"), { name: "TimeoutError" });
      assert.equal(describeFailure(idle).code, "SocketTimeout");
    });
  });

  describe("AWS errors", () => {
    const trails = (s: AccountSession) => s.call("cloudtrail", new ListTrailsCommand({}), { region: REGION });
    const buckets = (s: AccountSession) =>
      s.paginate<ListBucketsCommandOutput, { Name?: string }>(
        "s3",
        (ContinuationToken) => new ListBucketsCommand({ MaxBuckets: 1000, ...(ContinuationToken ? { ContinuationToken } : {}) }),
        (page) => ({ items: page.Buckets, next: page.ContinuationToken }),
        { region: REGION },
      );
    const recorded = (s: AccountSession) => s.errors.map((e) => ({ service: e.service, code: e.code, message: e.message }));

    it("records throttling that outlasted every retry with AWS's code and the attempts made, the collector's extra rounds included", async () => {
      handler = (_req, res) => res.writeHead(400, { ...JSON_TYPE, "x-amzn-errortype": "ThrottlingException" }).end('{"__type":"ThrottlingException","message":"Rate exceeded"}');
      const s = session({ throttleRetries: 1 });
      assert.equal(await trails(s), undefined);
      assert.equal(received.length, 6, "two rounds of three attempts");
      assert.deepEqual(recorded(s), [{ service: "cloudtrail", code: "ThrottlingException", message: "throttled after 6 attempts: Rate exceeded" }]);
    });

    it("keeps the code and message of other AWS errors", async () => {
      handler = (_req, res) => json(res, { __type: "AccessDeniedException", message: "User: x is not authorized to perform: cloudtrail:ListTrails" }, 400);
      const s = session();
      assert.equal(await trails(s), undefined);
      assert.equal(received.length, 1);
      assert.deepEqual(recorded(s), [
        { service: "cloudtrail", code: "AccessDeniedException", message: "User: x is not authorized to perform: cloudtrail:ListTrails" },
      ]);
    });

    it("says the HTTP status of an error answer with no AWS error in it (JSON and XML protocols)", async () => {
      handler = (_req, res) => res.writeHead(503, { "content-type": "text/html" }).end("<html>Service Unavailable</html>");
      const s = session();
      assert.equal(await trails(s), undefined);
      assert.equal(await buckets(s), undefined);
      assert.equal(received.length, 6, "5xx is retried");
      assert.deepEqual(recorded(s), [
        {
          service: "cloudtrail",
          code: "UnknownError",
          message: `HTTP 503 Service Unavailable with no AWS error in the body (Unexpected token '<', "<html>Serv"... is not valid JSON) after 3 attempts`,
        },
        { service: "s3", code: "UnknownError", message: "HTTP 503 Service Unavailable with no AWS error in the body after 3 attempts" },
      ]);
    });

    it("records a 200 answer that is an HTML page as MalformedResponse, where the XML parser would have read an empty bucket list", async () => {
      handler = (_req, res) => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end("<html><body>Please log in\n to the Wi-Fi</body></html>");
      const s = session();
      assert.equal(await buckets(s), undefined);
      assert.equal(await trails(s), undefined);
      assert.equal(received.length, 2, "not retried");
      const message = "HTTP 200 answer is an HTML page, not an AWS answer: <html><body>Please log in to the Wi-Fi</body></html>";
      assert.deepEqual(recorded(s), [
        { service: "s3", code: "MalformedResponse", message },
        { service: "cloudtrail", code: "MalformedResponse", message },
      ]);
    });

    it("records a 200 answer with a truncated JSON or XML body as MalformedResponse", async () => {
      handler = (req, res) =>
        req.headers["x-amz-target"]
          ? res.writeHead(200, JSON_TYPE).end('{"Trails": [{"Name": "a')
          : res.writeHead(200, { "content-type": "application/xml" }).end('<?xml version="1.0"?><ListAllMyBucketsResult><Buckets><Bucket><Name>a</Na');
      const s = session();
      assert.equal(await trails(s), undefined);
      assert.equal(await buckets(s), undefined);
      assert.deepEqual(recorded(s), [
        { service: "cloudtrail", code: "MalformedResponse", message: "HTTP 200 OK answer whose body could not be parsed: Unterminated string in JSON at position 23" },
        { service: "s3", code: "MalformedResponse", message: 'HTTP 200 OK answer whose body could not be parsed: @aws-sdk XML parse error: expected ">" not found.' },
      ]);
    });

    it("still reads a well-formed answer", async () => {
      handler = (_req, res) =>
        res
          .writeHead(200, { "content-type": "application/xml" })
          .end('<?xml version="1.0"?><ListAllMyBucketsResult><Buckets><Bucket><Name>logs</Name></Bucket></Buckets></ListAllMyBucketsResult>');
      const s = session();
      assert.deepEqual(
        (await buckets(s))?.map((b) => b.Name),
        ["logs"],
      );
      assert.deepEqual(s.errors, []);
    });
  });

  describe("S3 Control with --endpoint-url", () => {
    it("sends GetPublicAccessBlock to the emulator's own host, without the account-id host prefix", async () => {
      const hosts: string[] = [];
      handler = (req, res) => {
        hosts.push(String(req.headers.host));
        res
          .writeHead(200, { "content-type": "application/xml" })
          .end(
            '<?xml version="1.0" encoding="UTF-8"?><PublicAccessBlockConfiguration xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/">' +
              "<BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>false</BlockPublicPolicy>" +
              "<RestrictPublicBuckets>false</RestrictPublicBuckets></PublicAccessBlockConfiguration>",
          );
      };
      const s = session();
      const out = await s.call<GetPublicAccessBlockCommandOutput>("s3control", new GetPublicAccessBlockCommand({ AccountId: ACCOUNT }), { region: REGION });
      assert.deepEqual(s.errors, []);
      assert.deepEqual(hosts, [`127.0.0.1:${port}`]);
      assert.deepEqual(received.map((r) => r.target), ["GET /v20180820/configuration/publicAccessBlock"]);
      assert.deepEqual(out?.PublicAccessBlockConfiguration, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false });
    });

    it("keeps the account-id host prefix against AWS itself", async () => {
      const client = defaultClientFactory({ maxAttempts: 1 })({ service: "s3control", region: "us-east-1", accountId: ACCOUNT, credentials }) as unknown as {
        config: { disableHostPrefix: boolean };
      };
      assert.equal(client.config.disableHostPrefix, false);
    });
  });
});
