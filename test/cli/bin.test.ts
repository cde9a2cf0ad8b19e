// The real executable, spawned the way npm's bin runs it (through tsx here), to prove the wiring:
// argv, stdout, stderr and the process exit code.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import type { Report } from "../../src/engine/report.js";
import { packageRoot, packageVersion } from "../../src/util/paths.js";
import { multiRegionTrail, single, trail } from "../helpers/builders.js";
import { put, tempDir } from "./helpers.js";

function bin(args: string[], extra: { env?: NodeJS.ProcessEnv; input?: string } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", SOURCE_DATE_EPOCH: "1790000000" };
  delete env.GITHUB_WORKSPACE;
  delete env.FORCE_COLOR;
  Object.assign(env, extra.env);
  const run = spawnSync(process.execPath, ["--import", "tsx", join("src", "cli", "main.ts"), ...args], {
    cwd: packageRoot(),
    env,
    encoding: "utf8",
    ...(extra.input !== undefined ? { input: extra.input } : {}),
    timeout: 60_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("bin (spawned)", function () {
  this.timeout(60_000);

  it("--version and -v exit 0 with the version on stdout", () => {
    assert.deepEqual(bin(["--version"]), { code: 0, stdout: `${packageVersion()}\n`, stderr: "" });
    assert.deepEqual(bin(["-v"]), { code: 0, stdout: `${packageVersion()}\n`, stderr: "" });
  });

  it("lint - reads the snapshot piped to it, named <stdin>", () => {
    const text = JSON.stringify(single([trail({ Name: "east", IncludeGlobalServiceEvents: false })]), null, 2);
    const run = bin(["lint", "-", "--only", "global-service-events", "--format", "json"], { input: text });
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as Report;
    assert.deepEqual(report.results.map((f) => [f.checkId, f.status, f.location?.file]), [["global-service-events", "FAIL", "<stdin>"]]);
    const bad = bin(["lint", "-"], { input: "[1, 2" });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^cloudtrail-lint: <stdin>:1:\d+: /);
  });

  // The whole order (flag, FORCE_COLOR, NO_COLOR, terminal) is in conventions.test.ts; this proves the process's env reaches it.
  it("colour on a pipe only with FORCE_COLOR; --no-color wins over it", () => {
    const dir = tempDir();
    const bad = put(dir, "bad.json", single([trail({ Name: "east", IncludeGlobalServiceEvents: false })]));
    const args = ["lint", bad, "--only", "global-service-events"];
    // eslint-disable-next-line no-control-regex
    const ansi = /\u001b\[/;
    assert.doesNotMatch(bin(args).stdout, ansi);
    assert.match(bin(args, { env: { FORCE_COLOR: "1" } }).stdout, ansi);
    assert.doesNotMatch(bin([...args, "--no-color"], { env: { FORCE_COLOR: "1" } }).stdout, ansi);
  });

  it("lint exits 0 on a good snapshot and 1 on a failing one, with the JSON report on stdout", () => {
    const dir = tempDir();
    const good = put(dir, "good.json", single([multiRegionTrail()]));
    const bad = put(dir, "bad.json", single([trail({ Name: "east", IncludeGlobalServiceEvents: false })]));
    const ok = bin(["lint", good, "--only", "global-service-events", "--format", "json"]);
    assert.equal(ok.code, 0, ok.stderr);
    const report = JSON.parse(ok.stdout) as Report;
    assert.equal(report.generatedAt, "2026-09-21T14:13:20.000Z");
    assert.deepEqual(report.results.map((f) => [f.checkId, f.status]), [["global-service-events", "PASS"]]);
    const failing = bin(["lint", bad, "--only", "global-service-events"]);
    assert.equal(failing.code, 1);
    assert.match(failing.stdout, /FAIL\s+high\s+global-service-events/);
  });

  it("a snapshot nested 10,000 levels deep exits 2 (not 4) with the file and the path on stderr", () => {
    const dir = tempDir();
    const text = JSON.stringify(single([multiRegionTrail()])).replace('"trails":[{', `"trails":[{"x":${"[".repeat(10_000)}${"]".repeat(10_000)},`);
    const run = bin(["lint", put(dir, "deep.json", text)]);
    assert.equal(run.code, 2, run.stderr);
    assert.equal(run.stdout, "");
    assert.match(run.stderr, /^cloudtrail-lint: .*deep\.json:1:\d+: nested deeper than 256 levels at \/accounts\/0\/trails\/0\/x\/0\/0\/.*\.\.\.\n$/);
  });

  it("a missing snapshot exits 2 with the file named on stderr", () => {
    const run = bin(["lint", "does/not/exist.json"]);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, "");
    assert.equal(run.stderr, "cloudtrail-lint: does/not/exist.json: cannot read: file not found\n");
  });

  it("lint reads a CloudFormation template and a Terraform plan by content, and a .tf file as its module", () => {
    for (const file of ["examples/iac/blog.yaml", "examples/iac/blog.tfplan.json"]) {
      const run = bin(["lint", file, "--only", "global-service-events"]);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stdout, /FAIL\s+high\s+global-service-events/);
      assert.equal(run.stderr, "");
    }
    const dir = tempDir();
    put(dir, "main.tf", 'resource "aws_cloudtrail" "main" {\n  name           = "main"\n  s3_bucket_name = "logs"\n}\n');
    const tf = bin(["lint", join(dir, "main.tf"), "--only", "multi-region-trail"]);
    assert.equal(tf.code, 1, tf.stderr);
    assert.match(tf.stdout, /FAIL\s+high\s+multi-region-trail .* \S*main\.tf:1:1\n/);
    const bad = bin(["lint", put(tempDir(), "main.tf", 'resource "aws_cloudtrail" "main" {\n  name = \n}\n')]);
    assert.equal(bad.code, 2);
    assert.equal(bad.stdout, "");
    assert.match(bad.stderr, /^cloudtrail-lint: \S*main\.tf:2:3: HCL syntax error: unexpected "name ="\n$/);
  });
});
