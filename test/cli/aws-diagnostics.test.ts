// --debug lines (one per AWS call, from the session's call path) and dependency warnings kept off
// the terminal (one short note with --verbose), in-process against a simulated organization
// (aws-sdk-client-mock) and through the spawned executable against a local endpoint.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { Writable } from "node:stream";
import { awsError } from "../../bench/simulated-aws.js";
import { captureDependencyWarnings, formatTrace, warningNotes } from "../../src/cli/aws-diagnostics.js";
import { runCli } from "../../src/cli/program.js";
import type { CollectOptions } from "../../src/sources/aws/index.js";
import type { Pluggable } from "../../src/sources/aws/types.js";
import { packageRoot } from "../../src/util/paths.js";
import { mockAws, type Inject } from "../sources/aws/mock-aws.js";
import { M, P, S, exampleWorld } from "../sources/aws/world.js";
import { tempDir } from "./helpers.js";

const NOW = new Date("2026-11-26T10:00:00Z");
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const AWS: Partial<CollectOptions> & { throttleBackoffMs: number } = {
  credentials: { accessKeyId: `AKIA${M}`, secretAccessKey: SECRET, sessionToken: "session-token-value" },
  throttleBackoffMs: 0,
  now: () => NOW,
};

async function collectRun(argv: string[], env: Record<string, string> = {}, collect: Partial<CollectOptions> = AWS) {
  let stdout = "";
  let stderr = "";
  // Progress lines go to stderr too, in order.
  const progressStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      stderr += chunk.toString();
      done();
    },
  });
  const code = await runCli(
    ["collect", "--output", join(tempDir(), "snapshot.json"), ...argv],
    { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env, isTTY: false, cwd: tempDir(), now: () => NOW, progressStream },
    { collect },
  );
  return { code, stdout, stderr };
}

/** account:ListRegions in P is throttled once, then answers. */
const throttleOnce: Inject = (call, nth) =>
  call.account === P && call.operation === "ListRegions" && nth === 1 ? Promise.reject(awsError("ThrottlingException", "Rate exceeded", 400)) : undefined;

const debugLines = (stderr: string) => stderr.split("\n").filter((line) => line.startsWith("cloudtrail-lint: debug: "));

describe("cli --debug", () => {
  it("prints one line per AWS call: a success, a throttled call that then answered, a denied call", async () => {
    const mock = mockAws(exampleWorld(), throttleOnce);
    let run;
    try {
      run = await collectRun(["--debug"]);
    } finally {
      mock.restore();
    }
    assert.equal(run.code, 3, run.stderr); // the world's denied AssumeRole is a collection error
    const lines = debugLines(run.stderr).map((line) => line.replace(/ duration=\d+ms /, " duration=Nms "));
    const about = (operation: string, account: string) => lines.filter((line) => line.includes(` ${operation} `) && line.includes(` account=${account} `));
    assert.deepEqual(about("sts:GetCallerIdentity", "organization"), [
      "cloudtrail-lint: debug: sts:GetCallerIdentity region=us-east-1 account=organization duration=Nms retries=0 result=ok",
    ]);
    assert.deepEqual(about("account:ListRegions", P), [
      `cloudtrail-lint: debug: account:ListRegions region=us-east-1 account=${P} duration=Nms retries=1 result=ok`,
    ]);
    assert.deepEqual(about("sts:AssumeRole", S), [`cloudtrail-lint: debug: sts:AssumeRole region=us-east-1 account=${S} duration=Nms retries=0 result=AccessDenied`]);
    assert.deepEqual(about("s3:GetBucketPolicy", P), [
      `cloudtrail-lint: debug: s3:GetBucketPolicy region=eu-west-1 account=${P} duration=Nms retries=0 result=NoSuchBucketPolicy (tolerated: not configured)`,
    ]);
    // Every request sent is in a line: the attempts of all lines are the calls the mock answered.
    const attempts = lines.reduce((n, line) => n + Number(/ retries=(\d+) /.exec(line)![1]) + 1, 0);
    assert.equal(attempts, mock.calls.length);
    assert.equal(lines.length, mock.calls.length - 1);
    for (const secret of [SECRET, "session-token-value", `AKIA${M}`, "RoleArn", "{"]) assert.ok(!run.stderr.includes(secret), `stderr shows ${secret}`);
  });

  it("is also turned on by CLOUDTRAIL_LINT_DEBUG=1, and prints nothing of the kind without either", async () => {
    const mock = mockAws(exampleWorld(), throttleOnce);
    try {
      const plain = await collectRun([]);
      assert.equal(plain.code, 3, plain.stderr);
      assert.deepEqual(debugLines(plain.stderr), []);
      assert.doesNotMatch(plain.stderr, /debug|retries=/);
      assert.match(plain.stderr, /^cloudtrail-lint: \[1\/4\] identity, 0 errors, 0 calls\n/);
      const quiet = await collectRun(["--quiet"], { CLOUDTRAIL_LINT_DEBUG: "0" });
      assert.equal(quiet.stderr, "");
      const env = await collectRun([], { CLOUDTRAIL_LINT_DEBUG: "1" });
      assert.equal(debugLines(env.stderr).length > 50, true, env.stderr);
    } finally {
      mock.restore();
    }
  });

  it("formats a trace from its fields alone", () => {
    assert.equal(
      formatTrace({ service: "cloudtrail", operation: "GetTrailStatus", region: "eu-west-1", accountId: P, durationMs: 1234, attempts: 4, code: "ThrottlingException" }),
      `cloudtrail-lint: debug: cloudtrail:GetTrailStatus region=eu-west-1 account=${P} duration=1234ms retries=3 result=ThrottlingException\n`,
    );
  });
});

// What @aws-sdk/core's emitWarningIfUnsupportedVersion emits on Node < 22 (once per process, so the
// plugin below emits it again for each client as the SDK would for the first).
const SDK_WARNING = `NodeVersionSupportWarning: The AWS SDK for JavaScript (v3)
versions published after the first week of January 2027
will require node >=22. You are running node v20.20.2.

To continue receiving updates to AWS services, bug fixes,
and security updates please upgrade to node >=22.

More information can be found at: https://a.co/c895JFp`;
const SMITHY_WARN = '@smithy/config-resolver WARN - Please use the caller region instead of "*".';

/** A plugin run as each client is built: warns the way the SDK does. */
const warningPlugin: Pluggable = {
  applyToStack() {
    process.emitWarning(SDK_WARNING);
    console.warn(SMITHY_WARN);
  },
};

describe("cli dependency warnings", () => {
  it("never reach stderr unasked; --verbose prints one short note each, once", async () => {
    const emitWarning = process.emitWarning;
    const warn = console.warn;
    const emitted: string[] = [];
    const onWarning = (w: Error) => emitted.push(w.message);
    process.on("warning", onWarning);
    const mock = mockAws(exampleWorld());
    try {
      const plain = await collectRun([], {}, { ...AWS, plugins: [warningPlugin] });
      assert.equal(plain.code, 3, plain.stderr);
      assert.doesNotMatch(plain.stderr, /NodeVersionSupportWarning|AWS SDK|WARN|note:/);
      const verbose = await collectRun(["--verbose"], {}, { ...AWS, plugins: [warningPlugin] });
      assert.equal(verbose.code, 3, verbose.stderr);
      assert.deepEqual(
        verbose.stderr.split("\n").filter((line) => line.includes("note:")),
        [
          `cloudtrail-lint: note: the AWS SDK says its releases after the first week of January 2027 need Node.js 22 or later (this is ${process.version}); see "Supported Node.js versions" in the README`,
          `cloudtrail-lint: note: a dependency warned (console.warn): ${SMITHY_WARN}`,
        ],
      );
      assert.doesNotMatch(verbose.stderr, /NodeVersionSupportWarning|upgrade to node/);
      await new Promise((resolve) => setImmediate(resolve)); // Node delivers "warning" events on the next tick
      assert.deepEqual(emitted, []);
    } finally {
      mock.restore();
      process.off("warning", onWarning);
    }
    assert.equal(process.emitWarning, emitWarning, "process.emitWarning put back");
    assert.equal(console.warn, warn, "console.warn put back");
  });

  it("passes warnings on untouched outside a capture, also through a reference taken during one", () => {
    const seen: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void seen.push(args);
    try {
      const capture = captureDependencyWarnings();
      const kept = console.warn; // as a module loaded during the capture keeps it
      kept("during");
      process.emitWarning("Something odd", "DeprecationWarning");
      capture.restore();
      kept("after");
      assert.deepEqual(capture.warnings, [
        { name: "console.warn", message: "during" },
        { name: "DeprecationWarning", message: "Something odd" },
      ]);
      assert.deepEqual(seen, [["after"]]);
      assert.deepEqual(warningNotes([...capture.warnings, ...capture.warnings], "v20.1.0"), [
        "cloudtrail-lint: note: a dependency warned (console.warn): during\n",
        "cloudtrail-lint: note: a dependency warned (DeprecationWarning): Something odd\n",
      ]);
    } finally {
      console.warn = warn;
    }
  });
});

/** A local endpoint that refuses every call as AWS refuses unknown credentials. */
function refusingEndpoint(): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      response.writeHead(403, { "content-type": "text/xml" });
      response.end(
        '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error><RequestId>0</RequestId></ErrorResponse>',
      );
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` })));
}

function spawnBin(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: "1",
    AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
    AWS_SECRET_ACCESS_KEY: SECRET,
    AWS_CONFIG_FILE: "/nonexistent/config",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials",
    AWS_EC2_METADATA_DISABLED: "true",
  };
  for (const name of ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED", "NODE_NO_WARNINGS", "CLOUDTRAIL_LINT_DEBUG"]) delete env[name];
  const child = spawn(process.execPath, ["--import", "tsx", join("src", "cli", "main.ts"), ...args], { cwd: packageRoot(), env });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.resume();
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stderr })));
}

describe("cli dependency warnings (spawned)", function () {
  this.timeout(60_000);
  const major = Number(process.versions.node.split(".")[0]);

  it(`keeps the SDK's own warning off stderr, and says it in one line with --verbose (Node ${process.version})`, async () => {
    const { server, url } = await refusingEndpoint();
    try {
      const base = ["collect", "--single-account", "--regions", "us-east-1", "--endpoint-url", url];
      const plain = await spawnBin(base);
      assert.equal(plain.code, 2, plain.stderr);
      assert.match(plain.stderr, /^cloudtrail-lint: \[1\/4\] identity, 0 errors, 0 calls\n/);
      assert.match(plain.stderr, /cloudtrail-lint: cannot read AWS: cannot get working AWS credentials from the default credential chain: InvalidClientTokenId: /);
      assert.doesNotMatch(plain.stderr, /NodeVersionSupportWarning|Warning|AWS SDK|note:/);
      const verbose = await spawnBin([...base, "--verbose", "--debug"]);
      assert.equal(verbose.code, 2, verbose.stderr);
      assert.doesNotMatch(verbose.stderr, /NodeVersionSupportWarning|upgrade to node/);
      assert.match(verbose.stderr, /cloudtrail-lint: debug: sts:GetCallerIdentity region=us-east-1 account=organization duration=\d+ms retries=0 result=InvalidClientTokenId\n/);
      const note = `cloudtrail-lint: note: the AWS SDK says its releases after the first week of January 2027 need Node.js 22 or later (this is ${process.version}); see "Supported Node.js versions" in the README\n`;
      // The SDK warns only on Node.js older than its next minimum.
      assert.equal(verbose.stderr.includes(note), major < 22, verbose.stderr);
      assert.ok(!verbose.stderr.includes(SECRET));
    } finally {
      server.close();
    }
  });
});
