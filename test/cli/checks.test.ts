import assert from "node:assert/strict";
import type { CheckMeta } from "../../src/engine/check.js";
import { checks } from "../../src/checks/index.js";
import { packageVersion } from "../../src/util/paths.js";
import { ANSI, FAKES, cli, tempDir } from "./helpers.js";

describe("cli checks, --version, --help", () => {
  it("checks --format json prints an array of meta objects with every registered id", async () => {
    const run = await cli(["checks", "--format", "json"], { cwd: tempDir() });
    assert.equal(run.code, 0, run.stderr);
    const metas = JSON.parse(run.stdout) as CheckMeta[];
    assert.ok(Array.isArray(metas));
    assert.deepEqual(metas.map((m) => m.id), checks.map((c) => c.meta.id));
    const gse = metas.find((m) => m.id === "global-service-events");
    assert.ok(gse, "global-service-events is listed");
    assert.equal(gse.severity, "high");
    assert.deepEqual(gse.frameworks.securityhub, ["CloudTrail.1"]);
    assert.equal(typeof gse.messages.ok, "string");
    assert.deepEqual(gse.params, { type: "object", properties: {}, additionalProperties: false });
  });

  it("checks (text) lists id, severity, title, frameworks and param defaults", async () => {
    const run = await cli(["checks"], { cwd: tempDir(), checks: FAKES });
    assert.equal(run.code, 0);
    assert.equal(
      run.stdout,
      [
        "fake-high  high      Fake check fake-high",
        "           frameworks: securityhub CloudTrail.1",
        '           params (defaults): {"level":1}',
        "fake-low   low       Fake check fake-low",
        "           frameworks: securityhub CloudTrail.1",
        '           params (defaults): {"level":1}',
        "fake-info  info      Fake check fake-info",
        "           frameworks: securityhub CloudTrail.1",
        '           params (defaults): {"level":1}',
        "",
        "3 checks. Details: cloudtrail-lint checks --format json",
        "",
      ].join("\n"),
    );
    const real = await cli(["checks"], { cwd: tempDir() });
    assert.match(real.stdout, /^global-service-events +high +Global service events/m);
    const tty = await cli(["checks"], { cwd: tempDir(), checks: FAKES, isTTY: true });
    assert.match(tty.stdout, ANSI);
  });

  it("checks with an unknown format is exit 2", async () => {
    const run = await cli(["checks", "--format", "yaml"], { cwd: tempDir() });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /argument 'yaml' is invalid\. Allowed choices are text, json/);
    assert.equal(run.stdout, "");
  });

  it("--version prints the package version", async () => {
    const run = await cli(["--version"], { cwd: tempDir() });
    assert.deepEqual(run, { code: 0, stdout: `${packageVersion()}\n`, stderr: "" });
  });

  it("lint --help explains formats, exit codes and gives examples", async () => {
    // Wide enough for each paragraph and item on one line (help wraps at the terminal width).
    const run = await cli(["lint", "--help"], { cwd: tempDir(), columns: 200 });
    assert.equal(run.code, 0);
    assert.match(run.stdout, /Usage: cloudtrail-lint lint \[options\] <files\.\.\.>/);
    assert.match(run.stdout, /Formats: text, json/);
    assert.match(run.stdout, / 1 {2}an unsuppressed FAIL at or above --fail-on \(also when there are ERRORs as well\)/);
    assert.match(run.stdout, / 3 {2}no failing FAIL, but some results are ERROR/);
    assert.match(run.stdout, /\$ cloudtrail-lint lint "\$\(cloudtrail-lint demo --path\)\/org-snapshot\.json"/);
    assert.doesNotMatch(run.stdout, /default: \[\]/);
  });

  it("--help lists the commands", async () => {
    const run = await cli(["--help"], { cwd: tempDir() });
    assert.equal(run.code, 0);
    assert.match(run.stdout, /lint \[options\] <files\.\.\.>/);
    assert.match(run.stdout, /iac \[options\] <files\.\.\.> +the same as lint/);
    assert.match(run.stdout, /demo \[options\]/);
    assert.match(run.stdout, /checks \[options\]/);
  });
});
