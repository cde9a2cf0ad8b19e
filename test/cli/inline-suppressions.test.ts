// Inline suppressions in CloudFormation templates (Metadata: cloudtrail-lint: ignore: [{ id, reason }]):
// the report marks exactly the covered FAILs, with their reason and where the suppression is
// written; SARIF says inSource; a missing reason, another tool's spelling or an unknown check id
// is bad input (exit 2) naming the file, the line and the resource, with nothing written.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type * as Sarif from "sarif";
import type { Report } from "../../src/engine/report.js";
import { packageRoot } from "../../src/util/paths.js";
import { assertValid } from "../../src/util/schemas.js";
import { sarifSchema } from "../helpers/sarif-schema.js";
import { cli, put, tempDir } from "./helpers.js";

const ROOT = packageRoot();
const FIXTURE = "test/fixtures/iac/cloudformation/suppressions.yaml";
const NOW = ["--now", "2026-11-20T12:00:00Z"];

/** [check, bucket in the message, suppressed] for the two log bucket checks the fixture is about. */
function bucketVerdicts(report: Report) {
  return report.results
    .filter((f) => f.checkId === "log-bucket-object-lock" || f.checkId === "log-bucket-no-delete")
    .map((f) => [f.checkId, /(archive|live)-trail-logs/.exec(f.message)?.[1], f.status, f.suppressed ?? null])
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/** The fixture with the ArchiveBucket's Metadata replaced by `metadata` (YAML lines under `Metadata:`). */
function withArchiveMetadata(metadata: string): string {
  const text = readFileSync(join(ROOT, FIXTURE), "utf8");
  const start = text.indexOf("    Metadata:\n", text.indexOf("  ArchiveBucket:"));
  const end = text.indexOf("    Properties:\n", start);
  return `${text.slice(0, start)}    Metadata:\n${metadata}${text.slice(end)}`;
}

describe("cli iac: inline suppressions", () => {
  it("suppresses the covered FAILs only, with reason and place, and the report matches its schema", async () => {
    const run = await cli(["iac", FIXTURE, "--format", "json", ...NOW], { cwd: ROOT });
    assert.equal(run.code, 1, run.stderr);
    const report = assertValid<Report>("report.schema.json", JSON.parse(run.stdout), "report");
    assert.deepEqual(bucketVerdicts(report), [
      ["log-bucket-no-delete", "archive", "FAIL", null],
      // LiveBucketPolicy contributes LiveBucket's policy: its Metadata covers the bucket's findings.
      ["log-bucket-no-delete", "live", "FAIL", { reason: "Deletion is denied by the organization's SCP", inSource: { file: FIXTURE, resource: "LiveBucketPolicy", line: 28 } }],
      ["log-bucket-object-lock", "archive", "FAIL", { reason: "Archive copies are locked by the replication target, not here", inSource: { file: FIXTURE, resource: "ArchiveBucket", line: 13 } }],
      ["log-bucket-object-lock", "live", "FAIL", null],
    ]);
    assert.equal(report.results.filter((f) => f.suppressed).length, 2, "nothing else is suppressed");
    assert.equal(report.summary.suppressed, 2);
    const lines = readFileSync(join(ROOT, FIXTURE), "utf8").split("\n");
    assert.equal(lines[12], "          - id: log-bucket-object-lock");
    assert.equal(lines[27], "          - id: log-bucket-no-delete");
  });

  it("SARIF marks them inSource with the justification and where the suppression is written", async () => {
    const run = await cli(["iac", FIXTURE, "--format", "sarif", "--only", "log-bucket-object-lock", ...NOW], { cwd: ROOT });
    assert.equal(run.code, 1, run.stderr);
    const log = JSON.parse(run.stdout) as Sarif.Log;
    assert.ok(sarifSchema()(log), "the SARIF log matches the SARIF 2.1.0 schema");
    const results = log.runs[0]!.results!.map((r) => [r.locations![0]!.physicalLocation!.region!.startLine, r.suppressions ?? null]);
    assert.deepEqual(results, [
      [8, [{
        kind: "inSource",
        status: "accepted",
        justification: "Archive copies are locked by the replication target, not here",
        location: {
          physicalLocation: { artifactLocation: { uri: FIXTURE }, region: { startLine: 13 } },
          logicalLocations: [{ name: "ArchiveBucket", kind: "object", properties: { type: "cloudFormationResource" } }],
        },
      }]],
      [18, null],
    ]);
  });

  it("text says where the suppression is written; the config file's suppressions stay external and do not replace it", async () => {
    const dir = tempDir();
    put(dir, ".cloudtrail-lint.yml", "suppressions:\n  - check: log-bucket-object-lock\n    reason: accepted for every bucket\n    expires: 2099-01-01\n");
    put(dir, "t.yaml", readFileSync(join(ROOT, FIXTURE), "utf8"));
    const text = await cli(["iac", "t.yaml", "--only", "log-bucket-object-lock", ...NOW], { cwd: dir });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /archive-trail-logs .*\[suppressed in ArchiveBucket's Metadata \(line 13\): Archive copies are locked by the replication target, not here\]/);
    assert.match(text.stdout, /live-trail-logs .*\[suppressed until 2099-01-01: accepted for every bucket\]/);
    const sarif = await cli(["iac", "t.yaml", "--only", "log-bucket-object-lock", "--format", "sarif", ...NOW], { cwd: dir });
    const kinds = (JSON.parse(sarif.stdout) as Sarif.Log).runs[0]!.results!.map((r) => r.suppressions!.map((s) => [s.kind, s.justification]));
    assert.deepEqual(kinds, [[["inSource", "Archive copies are locked by the replication target, not here"]], [["external", "accepted for every bucket"]]]);
  });

  it("a suppressed FAIL leaves the exit code: exit 0 when every FAIL of the run is suppressed", async () => {
    const dir = tempDir();
    const template = readFileSync(join(ROOT, FIXTURE), "utf8").replace(
      "  LiveBucket:\n    Type: AWS::S3::Bucket\n",
      "  LiveBucket:\n    Type: AWS::S3::Bucket\n    Metadata:\n      cloudtrail-lint:\n        ignore:\n          - { id: log-bucket-object-lock, reason: Replaced next quarter }\n",
    );
    put(dir, "t.yaml", template);
    const run = await cli(["iac", "t.yaml", "--only", "log-bucket-object-lock", "--format", "json", ...NOW], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as Report;
    assert.deepEqual(report.results.map((f) => [f.status, f.suppressed?.inSource?.resource]), [["FAIL", "ArchiveBucket"], ["FAIL", "LiveBucket"]]);
  });

  it("reads the same Metadata from a JSON template, with its lines", async () => {
    const dir = tempDir();
    const template = {
      Resources: {
        Logs: {
          Type: "AWS::S3::Bucket",
          Metadata: { "cloudtrail-lint": { ignore: [{ id: "log-bucket-object-lock", reason: "Locked by the backup account" }] } },
          Properties: { BucketName: "json-trail-logs" },
        },
        Trail: { Type: "AWS::CloudTrail::Trail", Properties: { S3BucketName: { Ref: "Logs" }, IsLogging: true, IsMultiRegionTrail: true } },
      },
    };
    put(dir, "t.json", template);
    const run = await cli(["iac", "t.json", "--only", "log-bucket-object-lock", "--format", "json", ...NOW], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as Report;
    assert.deepEqual(report.results.map((f) => [f.status, f.suppressed]), [
      ["FAIL", { reason: "Locked by the backup account", inSource: { file: "t.json", resource: "Logs", line: 9 } }],
    ]);
  });

  const bad: { name: string; metadata: string; error: RegExp }[] = [
    {
      name: "no reason",
      metadata: "      cloudtrail-lint:\n        ignore:\n          - id: log-bucket-object-lock\n",
      error: /^cloudtrail-lint: t\.yaml:13:13: resource ArchiveBucket: Metadata\.cloudtrail-lint\.ignore\[0\]: ignore of log-bucket-object-lock has no reason: say why the finding is accepted \(reason: \.\.\.\)$/m,
    },
    {
      name: "an empty reason",
      metadata: "      cloudtrail-lint:\n        ignore:\n          - id: log-bucket-object-lock\n            reason: '  '\n",
      error: /^cloudtrail-lint: t\.yaml:14:13: resource ArchiveBucket: Metadata\.cloudtrail-lint\.ignore\[0\]\.reason: ignore of log-bucket-object-lock has an empty reason: say why the finding is accepted$/m,
    },
    {
      name: "Checkov's comment instead of reason",
      metadata: "      cloudtrail-lint:\n        ignore:\n          - id: log-bucket-object-lock\n            comment: archived\n",
      error: /^cloudtrail-lint: t\.yaml:14:13: resource ArchiveBucket: Metadata\.cloudtrail-lint\.ignore\[0\]\.comment: unknown key "comment": Checkov's `comment` is spelled `reason` here$/m,
    },
    {
      name: "cfn-lint's ignore_checks",
      metadata: "      cloudtrail-lint:\n        ignore_checks:\n          - log-bucket-object-lock\n",
      error: /^cloudtrail-lint: t\.yaml:12:9: resource ArchiveBucket: Metadata\.cloudtrail-lint\.ignore_checks: unknown key "ignore_checks": cfn-lint's `ignore_checks` is spelled `ignore: \[\{ id, reason \}\]` here$/m,
    },
    {
      name: "a bare check id",
      metadata: "      cloudtrail-lint:\n        ignore:\n          - log-bucket-object-lock\n",
      error: /^cloudtrail-lint: t\.yaml:13:13: resource ArchiveBucket: Metadata\.cloudtrail-lint\.ignore\[0\]: expected \{ ignore: \[\{ id: <check id>, reason: <why> \}\] \}/m,
    },
    {
      name: "an unknown check id",
      metadata: "      cloudtrail-lint:\n        ignore:\n          - id: log-bucket-object-locks\n            reason: archived\n",
      error: /^cloudtrail-lint: t\.yaml:13:13: resource ArchiveBucket: Metadata\.cloudtrail-lint\.ignore: unknown check id "log-bucket-object-locks" \(did you mean "log-bucket-object-lock"\?\)$/m,
    },
  ];
  for (const c of bad) {
    it(`${c.name}: exit 2 naming the file, line and resource, nothing written`, async () => {
      const dir = tempDir();
      put(dir, "t.yaml", withArchiveMetadata(c.metadata));
      const run = await cli(["iac", "t.yaml", "--format", "json=out.json", ...NOW], { cwd: dir });
      assert.equal(run.code, 2, run.stdout + run.stderr);
      assert.match(run.stderr, c.error);
      assert.equal(run.stdout, "");
      assert.ok(!existsSync(join(dir, "out.json")), "no report written");
    });
  }

  it("the built command (spawned) exits 2 on an ignore without reason", function () {
    this.timeout(60_000);
    const dir = tempDir();
    const file = put(dir, "t.yaml", withArchiveMetadata("      cloudtrail-lint:\n        ignore:\n          - id: log-bucket-object-lock\n"));
    const run = spawnSync(process.execPath, ["--import", "tsx", join("src", "cli", "main.ts"), "iac", file, ...NOW], { cwd: ROOT, encoding: "utf8", timeout: 60_000, env: { ...process.env, NO_COLOR: "1" } });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /t\.yaml:13:13: resource ArchiveBucket: .*has no reason/);
  });
});
