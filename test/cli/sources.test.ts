// The iac, collect and scan commands, in-process: IaC files and a simulated AWS organization
// (aws-sdk-client-mock) linted like snapshot files.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { CollectOptions } from "../../src/sources/aws/index.js";
import { isReadOnly } from "../../src/sources/aws/guard.js";
import { assertValid } from "../../src/util/schemas.js";
import { HANG, mockAws, type MockAws } from "../sources/aws/mock-aws.js";
import { D, M, ORG, exampleWorld } from "../sources/aws/world.js";
import { sarifSchema } from "../helpers/sarif-schema.js";
import { cli, put, tempDir } from "./helpers.js";
import type { Report } from "../../src/engine/report.js";
import type { Snapshot } from "../../src/model/snapshot.js";
import { runCli } from "../../src/cli/program.js";

const ROOT = new URL("../..", import.meta.url).pathname;
const NOW = new Date("2026-11-26T10:00:00Z");
const AWS: Partial<CollectOptions> & { throttleBackoffMs: number } = {
  credentials: { accessKeyId: `AKIA${M}`, secretAccessKey: "secret" },
  throttleBackoffMs: 0,
  now: () => NOW,
};

async function aws(argv: string[], cwd: string, signal?: AbortSignal) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(
    argv,
    {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      env: {},
      isTTY: false,
      cwd,
      now: () => NOW,
      ...(signal ? { signal } : {}),
    },
    { collect: AWS },
  );
  return { code, stdout, stderr };
}

describe("cli iac", () => {
  it("lints the blog template with the core checks and points at the template's lines", async () => {
    const run = await cli(["iac", "examples/iac/blog.yaml", "--format", "json", "--now", "2026-11-20T12:00:00Z"], { cwd: ROOT });
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as Report;
    assertValid("report.schema.json", report, "report");
    const status = (id: string) => report.results.filter((f) => f.checkId === id).map((f) => f.status);
    assert.deepEqual(
      Object.fromEntries(
        ["multi-region-trail", "global-service-events", "log-bucket-object-lock", "log-bucket-no-delete", "data-events-tagged-buckets", "cloudwatch-logs-integration", "iac-invalid-trail-config"].map((id) => [id, status(id)]),
      ),
      {
        "multi-region-trail": ["PASS"],
        "global-service-events": ["FAIL"],
        "log-bucket-object-lock": ["FAIL"],
        "log-bucket-no-delete": ["FAIL"],
        "data-events-tagged-buckets": ["PASS"],
        "cloudwatch-logs-integration": ["FAIL"],
        "iac-invalid-trail-config": ["PASS", "FAIL", "PASS", "PASS"],
      },
    );
    const lines = readFileSync(join(ROOT, "examples/iac/blog.yaml"), "utf8").split("\n");
    for (const f of report.results.filter((r) => r.status === "FAIL")) {
      assert.equal(f.location?.file, "examples/iac/blog.yaml");
      const line = lines[f.location!.startLine - 1]!;
      assert.match(line, /^\s*[A-Za-z]+:/, `${f.checkId} points at ${JSON.stringify(line)}`);
    }
    const global = report.results.find((f) => f.checkId === "global-service-events")!;
    assert.match(lines[global.location!.startLine - 1]!, /^\s*IncludeGlobalServiceEvents: false$/, "points at the deciding property");
  });

  it("gives exit 2 naming the file for a file that is not a template", async () => {
    const dir = tempDir();
    put(dir, "bad.yaml", "just: [a, list\n");
    const run = await cli(["iac", "bad.yaml"], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /bad\.yaml/);
  });

  it("writes no output file when one of the inputs is bad", async () => {
    const dir = tempDir();
    put(dir, "bad.json", "{}");
    const run = await cli(["iac", join(ROOT, "examples/iac/blog.yaml"), "bad.json", "--format", "sarif=out.sarif"], { cwd: dir });
    assert.equal(run.code, 2);
    assert.equal(existsSync(join(dir, "out.sarif")), false);
  });
});

describe("cli collect and scan (simulated organization)", () => {
  let mock: MockAws | undefined;
  afterEach(() => {
    mock?.restore();
    mock = undefined;
  });

  it("collect writes a valid snapshot of the organization and exits 3 for its failed reads", async () => {
    mock = mockAws(exampleWorld());
    const dir = tempDir();
    const run = await aws(["collect", "--output", "snap.json", "--quiet"], dir);
    assert.equal(run.stderr, "");
    const snapshot = assertValid<Snapshot>("snapshot.schema.json", JSON.parse(readFileSync(join(dir, "snap.json"), "utf8")), "snap.json");
    assert.equal(snapshot.organization?.Id, ORG);
    const errors = snapshot.accounts.flatMap((a) => a.collectionErrors ?? []);
    assert.equal(run.code, errors.length > 0 ? 3 : 0);
    assert.ok(mock.calls.length > 0 && mock.calls.every((c) => isReadOnly(c.operation, c.service === "sts" ? "STSClient" : c.service)), "only read-only calls");
  });

  it("scan lints what it read: SARIF points into the saved snapshot, and a denied read is ERROR, not FAIL", async () => {
    mock = mockAws(exampleWorld(), (call) =>
      call.account === D && call.operation === "GetTrailStatus" ? Promise.reject(Object.assign(new Error("denied by SCP"), { name: "AccessDeniedException" })) : undefined,
    );
    const dir = tempDir();
    const run = await aws(
      ["scan", "--quiet", "--save-snapshot", "snap.json", "--format", "sarif=out.sarif", "--format", "json=out.json", "--fail-on", "none"],
      dir,
    );
    assert.equal(run.code, 3, run.stderr);
    const sarif = JSON.parse(readFileSync(join(dir, "out.sarif"), "utf8")) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    const validate = sarifSchema();
    assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3)));
    const uris = new Set(sarif.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri));
    assert.deepEqual([...uris], ["snap.json"]);
    const report = JSON.parse(readFileSync(join(dir, "out.json"), "utf8")) as Report;
    const dev = report.results.filter((f) => f.accountId === D && ["multi-region-trail", "cloudwatch-logs-integration"].includes(f.checkId));
    assert.ok(dev.length > 0);
    for (const f of dev) assert.notEqual(f.status, "FAIL", `${f.checkId} in the account whose GetTrailStatus was denied`);
  });

  // --region sat beside --regions with another meaning; it is now --home-region, the old name still works.
  for (const flag of ["--home-region", "--region"]) {
    it(`collect ${flag} eu-west-1 makes the calls that are not per region in eu-west-1`, async () => {
      mock = mockAws(exampleWorld());
      const run = await aws(["collect", flag, "eu-west-1", "--quiet", "--output", "snap.json"], tempDir());
      assert.ok(run.code === 0 || run.code === 3, run.stderr);
      const regionsOf = (operation: string) => [...new Set(mock!.calls.filter((c) => c.operation === operation).map((c) => c.region))];
      assert.deepEqual(regionsOf("GetCallerIdentity"), ["eu-west-1"]);
      assert.deepEqual(regionsOf("DescribeOrganization"), ["eu-west-1"]);
      assert.deepEqual(regionsOf("ListTrails"), ["eu-west-1"]);
    });
  }

  it("--home-region and --region with different values are bad input; --help shows only --home-region", async () => {
    mock = mockAws(exampleWorld());
    const run = await aws(["scan", "--home-region", "eu-west-1", "--region", "us-east-1"], tempDir());
    assert.equal(run.code, 2);
    assert.equal(run.stderr, "cloudtrail-lint: --home-region eu-west-1 and --region us-east-1: give one (--region is the old name of --home-region)\n");
    assert.equal(mock.calls.length, 0);
    for (const command of ["scan", "collect"]) {
      const help = await aws([command, "--help"], tempDir());
      assert.match(help.stdout, /--home-region <region>/);
      assert.doesNotMatch(help.stdout, /--region </);
    }
  });

  it("scan with bad flags fails before any AWS call", async () => {
    mock = mockAws(exampleWorld());
    const run = await aws(["scan", "--format", "nope"], tempDir());
    assert.equal(run.code, 2);
    assert.equal(mock.calls.length, 0);
    const bad = await aws(["scan", "--accounts", "12345"], tempDir());
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /not a 12-digit account id/);
  });

  it("Ctrl-C stops the collection: exit 130 and nothing written", async () => {
    mock = mockAws(exampleWorld(), (call) => (call.operation === "GetTrail" ? HANG : undefined));
    const dir = tempDir();
    const interrupt = new AbortController();
    const pending = aws(["scan", "--quiet", "--save-snapshot", "snap.json", "--format", "json=out.json"], dir, interrupt.signal);
    setTimeout(() => interrupt.abort(), 50);
    const run = await pending;
    assert.equal(run.code, 130);
    assert.match(run.stderr, /interrupted; nothing was written/);
    assert.equal(existsSync(join(dir, "snap.json")), false);
    assert.equal(existsSync(join(dir, "out.json")), false);
  });
});
