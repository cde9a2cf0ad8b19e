// lint --baseline on the example organization: the baseline is the report of a modified copy of it
// (security's trail without log file validation: fixed since; sandbox's trail with it: new since)
// linted with a config that suppresses one of prod's FAILs (an unchanged finding whose account's
// score changed). Exact new/unchanged/fixed lists, score changes, exit codes with and without
// --fail-on-new-only, every output format, and bad baselines (exit 2 naming the file, nothing
// written).
import assert from "node:assert/strict";
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Log } from "sarif";
import { loadBaseline } from "../../src/cli/baseline.js";
import { compareWithBaseline } from "../../src/engine/baseline.js";
import { fingerprint } from "../../src/engine/fingerprint.js";
import type { Report } from "../../src/engine/report.js";
import type { Snapshot } from "../../src/model/snapshot.js";
import { schemaValidator } from "../../src/util/schemas.js";
import { sarifSchema } from "../helpers/sarif-schema.js";
import { cli, put, tempDir } from "./helpers.js";

const ROOT = new URL("../..", import.meta.url).pathname;
const NOW = "2026-11-20T12:30:00Z";
const SECURITY_TRAIL = "arn:aws:cloudtrail:us-east-1:333344445555:trail/security-audit";
const SANDBOX_TRAIL = "arn:aws:cloudtrail:us-west-2:666677778888:trail/sandbox-trail";
const PROD_TRAIL = "arn:aws:cloudtrail:us-east-1:444455556666:trail/prod-data-events";

const OLD_CONFIG = `suppressions:
  - check: trail-kms-encryption
    account: "444455556666"
    resource: ${PROD_TRAIL}
    reason: Key rollout pending (SEC-42)
    expires: 2026-12-31
`;

const read = <T>(dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), "utf8")) as T;

/** A directory with org.json (the example), old.json (the baseline report) and old.snapshot.json. */
async function setup(): Promise<string> {
  const dir = tempDir();
  copyFileSync(join(ROOT, "examples", "org-snapshot.json"), join(dir, "org.json"));
  // The example as plain JSON: the snapshot type wraps what may be unknown, this edits two fields.
  type Json = { accounts: { Id: string; trails: { Name: string; LogFileValidationEnabled?: boolean }[] }[] };
  const old = read<Json>(dir, "org.json");
  const trailOf = (accountId: string, name: string) => old.accounts.find((a) => a.Id === accountId)!.trails.find((t) => t.Name === name)!;
  assert.equal(trailOf("333344445555", "security-audit").LogFileValidationEnabled, true);
  assert.equal(trailOf("666677778888", "sandbox-trail").LogFileValidationEnabled, false);
  trailOf("333344445555", "security-audit").LogFileValidationEnabled = false;
  trailOf("666677778888", "sandbox-trail").LogFileValidationEnabled = true;
  put(dir, "old.snapshot.json", old);
  put(dir, "old.yml", OLD_CONFIG);
  const run = await cli(["lint", "old.snapshot.json", "--config", "old.yml", "--now", "2026-11-01T00:00:00Z", "--format", "json=old.json", "--fail-on", "none", "--quiet"], { cwd: dir });
  assert.equal(run.code, 3, run.stderr);
  return dir;
}

const findings = (report: Report) => report.results.filter((f) => f.status === "FAIL" || f.status === "ERROR");

describe("cli lint --baseline (example organization)", () => {
  let dir: string;
  let report: Report;
  let baseline: Report;
  let text: string;

  before(async () => {
    dir = await setup();
    const run = await cli(
      ["lint", "org.json", "--baseline", "old.json", "--now", NOW, "--format", "text", "--format", "json=new.json", "--format", "sarif=new.sarif", "--format", "markdown=new.md", "--quiet"],
      { cwd: dir },
    );
    assert.equal(run.code, 1, run.stderr);
    text = run.stdout;
    report = read<Report>(dir, "new.json");
    baseline = read<Report>(dir, "old.json");
  });

  it("marks exactly the sandbox trail's log-file-validation FAIL new, every other finding unchanged", () => {
    const marked = report.results.filter((f) => f.baseline === "new").map((f) => [f.checkId, f.accountId, f.resource, f.status]);
    assert.deepEqual(marked, [["log-file-validation", "666677778888", SANDBOX_TRAIL, "FAIL"]]);
    const all = findings(report);
    assert.equal(all.length, 152);
    assert.ok(all.every((f) => f.baseline === "new" || f.baseline === "unchanged"));
    assert.ok(report.results.filter((f) => f.status === "PASS" || f.status === "NOT_APPLICABLE").every((f) => f.baseline === undefined));
    assert.deepEqual(report.baseline!.counts, { new: 1, unchanged: 151, fixed: 1 });
    assert.equal(report.baseline!.notCompared, 0);
    // The FAIL suppressed in the baseline and not now is the same finding.
    const kms = report.results.find((f) => f.checkId === "trail-kms-encryption" && f.resource === PROD_TRAIL)!;
    assert.deepEqual([kms.status, kms.suppressed, kms.baseline], ["FAIL", undefined, "unchanged"]);
  });

  it("lists exactly the security trail's log-file-validation FAIL as fixed, with its SARIF fingerprint", () => {
    assert.deepEqual(report.baseline!.file, "old.json");
    assert.deepEqual(report.baseline!.generatedAt, "2026-11-01T00:00:00.000Z");
    const fixed = report.baseline!.fixed;
    assert.deepEqual(
      fixed.map((f) => [f.checkId, f.status, f.severity, f.accountId, f.accountName, f.region, f.resource, f.messageId, f.suppressed]),
      [["log-file-validation", "FAIL", "medium", "333344445555", "security", "us-east-1", SECURITY_TRAIL, "off", undefined]],
    );
    assert.equal(fixed[0]!.fingerprint, fingerprint({ checkId: "log-file-validation", accountId: "333344445555", resource: SECURITY_TRAIL }));
    const old = baseline.results.find((f) => f.checkId === "log-file-validation" && f.resource === SECURITY_TRAIL)!;
    assert.deepEqual([old.status, old.message], ["FAIL", fixed[0]!.message]);
  });

  it("gives the exact score change of every account and of the organization", () => {
    assert.deepEqual(report.baseline!.accounts, [
      { accountId: "111122223333", accountName: "management", before: 18, after: 18, change: 0 },
      { accountId: "222233334444", accountName: "log-archive", before: 35, after: 35, change: 0 },
      { accountId: "333344445555", accountName: "security", before: 17, after: 20, change: 3 },
      // Unchanged findings, lower score: the suppressed high FAIL of the baseline counts now.
      { accountId: "444455556666", accountName: "prod", before: 15, after: 14, change: -1 },
      { accountId: "555566667777", accountName: "dev", before: null, after: null },
      { accountId: "666677778888", accountName: "sandbox", before: 4, after: 0, change: -4 },
      { accountId: "777788889999", accountName: "former-contractor", before: null, after: null },
      { accountId: "888899990000", accountName: "monitoring", before: 100, after: 100, change: 0 },
      { accountId: "999900001111", accountName: "staging", before: 31, after: 31, change: 0 },
    ]);
    // The scores are the two reports' own.
    for (const delta of report.baseline!.accounts) {
      assert.equal(delta.before, baseline.accounts.find((a) => a.accountId === delta.accountId)!.score);
      assert.equal(delta.after, report.accounts.find((a) => a.accountId === delta.accountId)!.score);
    }
    assert.deepEqual(report.baseline!.organization, { before: 31, after: 30, change: -1 });
    assert.deepEqual([baseline.summary.score, report.summary.score], [31, 30]);
  });

  it("the JSON report with a baseline validates against schemas/report.schema.json (schemaVersion 1.1)", () => {
    const validate = schemaValidator("report.schema.json");
    assert.ok(validate(report), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    assert.equal(report.schemaVersion, "1.1");
  });

  it("text: [new] on the new finding, each account's change in its header, then the delta, the fixed finding and the changed scores", () => {
    const lines = text.split("\n");
    const newLines = lines.filter((l) => l.includes("[new]"));
    assert.equal(newLines.length, 1);
    assert.match(newLines[0]!, /^ {2}FAIL {2}medium {3}log-file-validation +\[new\] Trail sandbox-trail does not validate its log files/);
    assert.ok(lines.includes("444455556666 prod  score 14/100 (-1 since the baseline)"));
    assert.ok(lines.includes("888899990000 monitoring  score 100/100 (±0 since the baseline)"));
    const delta = lines.slice(lines.findIndex((l) => l.startsWith("Since the baseline")));
    assert.deepEqual(delta, [
      "Since the baseline old.json (generated 2026-11-01T00:00:00.000Z): 1 new, 151 unchanged, 1 fixed; organization score 31/100 → 30/100 (-1)",
      "",
      "Fixed since the baseline: 1",
      `  FIXED medium   log-file-validation  ${report.baseline!.fixed[0]!.message}  333344445555 security · us-east-1 · ${SECURITY_TRAIL}`,
      "",
      "Score changes since the baseline: 3 of 9 accounts",
      "  333344445555 security  17/100 → 20/100 (+3)",
      "  444455556666 prod  15/100 → 14/100 (-1)",
      "  666677778888 sandbox  4/100 → 0/100 (-4)",
      "",
    ]);
  });

  it("markdown: a Since the baseline section with counts, the changed accounts and the fixed finding; new rows marked", () => {
    const md = readFileSync(join(dir, "new.md"), "utf8");
    const section = md.slice(md.indexOf("### Since the baseline"), md.indexOf("### Accounts"));
    assert.deepEqual(section.split("\n").slice(0, 12), [
      "### Since the baseline",
      "",
      "Baseline old.json, generated 2026-11-01T00:00:00.000Z: **1 new finding** · 151 unchanged · **1 fixed** · score 31/100 → 30/100 (**-1**)",
      "",
      "| Account | Name | Score |",
      "| --- | --- | --- |",
      "| 333344445555 | security | 17/100 → 20/100 (**+3**) |",
      "| 444455556666 | prod | 15/100 → 14/100 (**-1**) |",
      "| 666677778888 | sandbox | 4/100 → 0/100 (**-4**) |",
      "",
      "3 accounts of 9 changed score.",
      "",
    ]);
    assert.match(section, /\n- ✅ medium · \*\*log-file-validation\*\* · 333344445555 \(security\) · us-east-1 · arn:aws:cloudtrail:us-east-1:333344445555:trail/);
    const rows = md.split("\n").filter((l) => l.startsWith("| ❌ FAIL · 🆕 new |"));
    assert.equal(rows.length, 1);
    assert.match(rows[0]!, /\| log-file-validation \| 666677778888 \(sandbox\) \|/);
  });

  it("SARIF: baselineState new on the new result, unchanged on the others; still valid SARIF 2.1.0", () => {
    const log = read<Log>(dir, "new.sarif");
    const validate = sarifSchema();
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 3)));
    const results = log.runs[0]!.results!;
    assert.deepEqual(
      results.filter((r) => r.baselineState === "new").map((r) => [r.ruleId, r.properties?.resource]),
      [["log-file-validation", SANDBOX_TRAIL]],
    );
    assert.equal(results.filter((r) => r.baselineState === "unchanged").length, results.length - 1);
    // Same fingerprints as the JSON report's matching.
    assert.ok(!results.some((r) => r.partialFingerprints!["cloudtrailLint/v1"] === report.baseline!.fixed[0]!.fingerprint));
  });

  describe("exit codes", () => {
    const lint = (args: string[]) => cli(["lint", "org.json", "--now", NOW, "--quiet", ...args], { cwd: dir });

    it("with a baseline but without --fail-on-new-only: as without one (every FAIL counts)", async () => {
      assert.equal((await lint(["--baseline", "old.json", "--fail-on", "high"])).code, 1);
      assert.equal((await lint(["--baseline", "old.json", "--fail-on", "critical"])).code, 1);
    });

    it("--fail-on-new-only: only the new medium FAIL counts, against --fail-on's threshold", async () => {
      assert.equal((await lint(["--baseline", "old.json", "--fail-on-new-only"])).code, 1);
      assert.equal((await lint(["--baseline", "old.json", "--fail-on-new-only", "--fail-on", "medium"])).code, 1);
      // Above medium nothing new fails, and the ERRORs are all unchanged: 0, where it would be 1.
      assert.equal((await lint(["--baseline", "old.json", "--fail-on-new-only", "--fail-on", "high"])).code, 0);
    });

    it("--fail-on-new-only against the run's own report: 0, though it has FAILs and ERRORs (3 without a baseline)", async () => {
      assert.equal((await lint(["--format", "json=same.json", "--fail-on", "none"])).code, 3);
      assert.equal((await lint(["--baseline", "same.json", "--fail-on-new-only"])).code, 0);
    });

    it("--fail-on-new-only without --baseline is bad input", async () => {
      const run = await lint(["--fail-on-new-only", "--format", "json=x.json"]);
      assert.equal(run.code, 2);
      assert.equal(run.stderr, "cloudtrail-lint: --fail-on-new-only: needs --baseline <report.json> (the report that says which findings are not new)\n");
      assert.ok(!existsSync(join(dir, "x.json")));
    });
  });

  describe("bad baselines: exit 2, the file named, nothing written", () => {
    const bad = async (name: string, content: unknown | undefined) => {
      if (content !== undefined) put(dir, name, content);
      const run = await cli(["lint", "org.json", "--baseline", name, "--format", "json=out.json", "--now", NOW], { cwd: dir });
      assert.equal(run.code, 2, run.stderr);
      assert.equal(run.stdout, "");
      assert.ok(!existsSync(join(dir, "out.json")));
      return run.stderr;
    };

    it("a missing file", async () => {
      assert.equal(await bad("none.json", undefined), "cloudtrail-lint: --baseline none.json: cannot read the baseline report: file not found\n");
    });

    it("not JSON: the file, line and column", async () => {
      assert.match(await bad("broken.json", '{\n  "schemaVersion": "1.1",\n  "results": [,]\n}\n'), /^cloudtrail-lint: broken\.json:3:\d+: /);
    });

    it("a snapshot instead of a report: said so", async () => {
      assert.equal(
        await bad("snapshot-as-baseline.json", read<Snapshot>(dir, "org.json")),
        "cloudtrail-lint: --baseline snapshot-as-baseline.json: is a snapshot, not a report: the baseline is the JSON report of an earlier run (lint snapshot-as-baseline.json --format json=report.json makes one)\n",
      );
    });

    it("JSON that is not a report: the schema's complaint with the file and JSON paths", async () => {
      const stderr = await bad("not-a-report.json", { schemaVersion: "1.1", results: [] });
      assert.match(stderr, /^cloudtrail-lint: not-a-report\.json(:\d+:\d+)?: does not match report\.schema\.json:\n {2}at \/: must have required property 'tool'/);
      assert.match(stderr, /\(--baseline takes a JSON report of cloudtrail-lint: lint --format json=report\.json\)\n$/);
    });

    it("a report with a broken result: the path of the result", async () => {
      const old = read<Report>(dir, "old.json");
      const results = old.results.map((f, i) => (i === 3 ? { ...f, status: "BROKEN" } : f));
      const stderr = await bad("wrong-schema.json", { ...old, results });
      assert.match(stderr, /^cloudtrail-lint: wrong-schema\.json:\d+:\d+: does not match report\.schema\.json:\n {2}at \/results\/3\/status/);
    });

    it("another schemaVersion: which versions are read, and how to make one", async () => {
      const old = read<Report>(dir, "old.json");
      const stderr = await bad("v2.json", { ...old, schemaVersion: "2.0", tool: { ...old.tool, version: "9.0.0" } });
      assert.match(
        stderr,
        /^cloudtrail-lint: v2\.json:3:\d+: \/schemaVersion: the baseline is a report of schemaVersion "2\.0" \(made by cloudtrail-lint 9\.0\.0\); cloudtrail-lint \S+ reads reports of schemaVersion 1\.0 and 1\.1 as a baseline: make the baseline again/,
      );
    });

    it("a 1.0 report (an older cloudtrail-lint's) is read", async () => {
      const old = read<Report>(dir, "old.json");
      put(dir, "v1.0.json", { ...old, schemaVersion: "1.0" });
      const run = await cli(["lint", "org.json", "--baseline", "v1.0.json", "--format", "json=from-1.0.json", "--now", NOW, "--quiet"], { cwd: dir });
      assert.equal(run.code, 1, run.stderr);
      assert.deepEqual(read<Report>(dir, "from-1.0.json").baseline!.counts, { new: 1, unchanged: 151, fixed: 1 });
    });

    it("a report of another organization", async () => {
      const old = read<Report>(dir, "old.json");
      const stderr = await bad("other-org.json", { ...old, inputs: old.inputs.map((i) => ({ ...i, organizationId: "o-other12345" })) });
      assert.equal(
        stderr,
        "cloudtrail-lint: --baseline other-org.json: is a report of organization o-other12345, and this run is of organization o-a1b2c3d4e5; a baseline must be an earlier report of the same organization\n",
      );
    });

    it("an output that would overwrite the baseline", async () => {
      const before = readFileSync(join(dir, "old.json"), "utf8");
      const run = await cli(["lint", "org.json", "--baseline", "old.json", "--format", "json=./old.json", "--now", NOW], { cwd: dir });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /^cloudtrail-lint: \.\/old\.json: is the baseline \(--baseline old\.json\); refusing to overwrite it with json output/);
      assert.equal(readFileSync(join(dir, "old.json"), "utf8"), before);
    });
  });
});

describe("cli scan and iac take --baseline too", () => {
  it("scan: a bad baseline is bad input before AWS is asked anything", async () => {
    const dir = tempDir();
    const run = await cli(["scan", "--baseline", "none.json", "--format", "json=out.json"], { cwd: dir, env: { AWS_ACCESS_KEY_ID: "", AWS_PROFILE: "absent-profile" } });
    assert.equal(run.code, 2);
    assert.equal(run.stderr, "cloudtrail-lint: --baseline none.json: cannot read the baseline report: file not found\n");
    assert.ok(!existsSync(join(dir, "out.json")));
  });

  it("iac: --fail-on-new-only without --baseline is bad input", async () => {
    const dir = tempDir();
    put(dir, "t.yaml", "Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n");
    const run = await cli(["iac", "t.yaml", "--fail-on-new-only"], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--fail-on-new-only: needs --baseline/);
  });
});

describe("a baseline too large for one string, read in pieces", () => {
  let dir: string;
  let current: Report;

  before(async () => {
    dir = await setup();
    assert.equal((await cli(["lint", "org.json", "--now", NOW, "--format", "json=now.json", "--fail-on", "none", "--quiet"], { cwd: dir })).code, 3);
    const { baseline: _none, ...plain } = read<Report>(dir, "now.json");
    current = plain as Report;
  });

  it("gives the same comparison as the baseline read whole (every result, fixed, scores)", () => {
    const whole = loadBaseline("old.json", dir, {});
    const pieces = loadBaseline("old.json", dir, {}, 0);
    assert.ok(pieces.report.results.length < whole.report.results.length, "only the findings are kept");
    assert.deepEqual(compareWithBaseline(current, pieces.report, pieces.file), compareWithBaseline(current, whole.report, whole.file));
    assert.deepEqual(compareWithBaseline(current, pieces.report, "old.json").baseline!.counts, { new: 1, unchanged: 151, fixed: 1 });
  });

  it("a broken result: the file, the line where it starts and its JSON path", () => {
    const old = read<Report>(dir, "old.json");
    put(dir, "big-broken.json", { ...old, results: old.results.map((f, i) => (i === 3 ? { ...f, status: "BROKEN" } : f)) });
    const text = readFileSync(join(dir, "big-broken.json"), "utf8");
    const line = text.split("\n").findIndex((l) => l.includes('"BROKEN"'));
    assert.throws(() => loadBaseline("big-broken.json", dir, {}, 0), (error: Error) => {
      const [head, at] = error.message.split("\n");
      const [, l] = /^big-broken\.json:(\d+):5: does not match report\.schema\.json:$/.exec(head!) ?? [];
      assert.ok(l !== undefined && Number(l) < line + 1 && Number(l) > line - 20, head);
      assert.match(at!, /^ {2}at \/results\/3\/status: must be one of "PASS", "FAIL", "ERROR", "NOT_APPLICABLE"/);
      return true;
    });
  });

  it("not JSON, another version, a snapshot, a report without results: the same refusals as for a small file", () => {
    put(dir, "big-syntax.json", '{\n  "schemaVersion": "1.1",\n  "results": [\n    {"a": 1,}\n  ]\n}\n');
    assert.throws(() => loadBaseline("big-syntax.json", dir, {}, 0), { name: "InputError", message: /^big-syntax\.json:4:5: not valid JSON: / });
    const old = read<Report>(dir, "old.json");
    put(dir, "big-v2.json", { ...old, schemaVersion: "2.0" });
    assert.throws(() => loadBaseline("big-v2.json", dir, {}, 0), { name: "InputError", message: /^big-v2\.json: \/schemaVersion: the baseline is a report of schemaVersion "2\.0"/ });
    assert.throws(() => loadBaseline("org.json", dir, {}, 0), { name: "InputError", message: /^--baseline org\.json: is a snapshot, not a report/ });
    const { results: _results, ...noResults } = old;
    put(dir, "big-no-results.json", noResults);
    assert.throws(() => loadBaseline("big-no-results.json", dir, {}, 0), { name: "InputError", message: /^big-no-results\.json: does not match report\.schema\.json:\n {2}at \/: must have required property 'results'/ });
  });
});
