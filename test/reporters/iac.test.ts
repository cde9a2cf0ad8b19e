// Reports over many unrelated IaC files (the `iac` command): one report, a scorecard per file, each
// finding shown with its file, and the fix in the file's own medium before the deployed fix. Pins
// rendering only, on a synthetic report (test/helpers/report.ts iacReport).
import assert from "node:assert/strict";
import { XMLParser } from "fast-xml-parser";
import type * as Sarif from "sarif";
import { toJunit } from "../../src/reporters/junit.js";
import { toMarkdown } from "../../src/reporters/markdown.js";
import { toSarif } from "../../src/reporters/sarif.js";
import { renderText } from "../../src/reporters/text.js";
import { reporter as json } from "../../src/reporters/json.js";
import { schemaValidator } from "../../src/util/schemas.js";
import { IAC_A, IAC_B, iacReport, makeReport, finding, input } from "../helpers/report.js";
import { sarifSchema } from "../helpers/sarif-schema.js";

describe("reports over IaC files", () => {
  const report = iacReport();

  it("scores each file on its own, though both share the synthesized account", () => {
    assert.deepEqual(
      report.accounts.map((a) => [a.accountId, a.input, a.accountName, a.score, a.counts.FAIL, a.counts.ERROR]),
      [
        ["000000000000", IAC_A, IAC_A, 50, 1, 0],
        ["000000000000", IAC_B, IAC_B, 50, 1, 1],
      ],
    );
    const validate = schemaValidator("report.schema.json");
    assert.ok(validate(JSON.parse(json.render(report, { color: false, verbose: false }))), JSON.stringify(validate.errors?.slice(0, 3)));
  });

  it("keeps live reports scored per account, without input", () => {
    const live = makeReport({ findings: [finding({ checkId: "a", status: "FAIL" }), finding({ checkId: "a", status: "PASS", input: "other.json" })], inputs: [input(), input({ file: "other.json" })] });
    assert.deepEqual(live.accounts.map((a) => [a.accountId, a.input]), [["333333333333", undefined]]);
  });

  it("text: one block per file with its kind, findings under the file they come from", () => {
    const text = renderText(report, { color: false, verbose: false });
    const lines = text.split("\n");
    assert.deepEqual(lines.slice(0, 2), [
      `cloudtrail-lint 1.2.3 · ${IAC_A} (CloudFormation template)`,
      `cloudtrail-lint 1.2.3 · ${IAC_B} (Terraform plan)`,
    ]);
    const a = lines.indexOf(`${IAC_A} (CloudFormation template)  score 50/100`);
    const b = lines.indexOf(`${IAC_B} (Terraform plan)  score 50/100 · 1 ERROR result not scored (partial scan)`);
    assert.ok(a > 0 && b > a, text);
    assert.match(lines[a + 1]!, /FAIL .*log-bucket-object-lock .*infra\/a\.yaml:8:3$/);
    assert.match(lines[b + 1]!, /FAIL .*log-file-validation .*infra\/b\.tfplan\.json:31:3$/);
    assert.match(lines[b + 2]!, /ERROR .*trail-kms-encryption .*infra\/b\.tfplan\.json:40:3$/);
    assert.ok(!text.includes("000000000000"), "the synthesized account labels nothing");
    assert.match(text, /^Overall score \(2 files\): 50\/100/m);
  });

  it("text --verbose: the file's change first, then the commands for a resource already deployed", () => {
    const lines = renderText(report, { color: false, verbose: true }).split("\n");
    const fix = lines.findIndex((l) => l.includes("fix: Turn on Object Lock in the file."));
    assert.deepEqual(lines.slice(fix + 1, fix + 7).map((l) => l.trim()), [
      "│ Resources:",
      "│   LogBucket:",
      "│     Properties:",
      "│       ObjectLockEnabled: true",
      "for a resource already deployed:",
      "$ aws s3api put-object-lock-configuration --bucket logs",
    ]);
  });

  it("markdown: a table of files, findings headed by file and line, the snippet in its own syntax", () => {
    const md = toMarkdown(report);
    assert.ok(md.includes("### Files\n\n| File | Kind | Score |"), md);
    assert.ok(md.includes("| infra/a.yaml | CloudFormation template | 50 |"));
    assert.ok(md.includes("| infra/b.tfplan.json | Terraform plan | 50 |"));
    assert.ok(!md.includes("### Accounts"));
    assert.ok(md.includes("#### 1. HIGH · log-bucket-object-lock · infra/a.yaml:8"), md);
    assert.ok(md.includes("**Fix:** Turn on Object Lock in the file.\n\n```yaml\nResources:\n  LogBucket:\n    Properties:\n      ObjectLockEnabled: true\n```\n\nFor a resource already deployed:\n\n```sh\naws s3api put-object-lock-configuration --bucket logs\n```"), md);
    assert.ok(md.includes("```hcl\n# in resource aws_cloudtrail.main:\nenable_log_file_validation = true\n```"), md);
    assert.ok(md.includes("| Status | Severity | Check | File | Region | Resource | Message |"));
    assert.ok(md.includes("- Input infra/a.yaml: CloudFormation template"));
    assert.ok(md.includes("**Overall score (2 files): 50/100**"));
  });

  it("junit: one suite per file, the snippet and the deployed commands in the failure body", () => {
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(toJunit(report)) as {
      testsuites: { testsuite: { name: string; failures: string; errors: string; testcase: { failure?: { "#text": string } }[] }[] };
    };
    const suites = xml.testsuites.testsuite;
    assert.deepEqual(suites.map((s) => [s.name, s.failures, s.errors]), [
      [`000000000000 ${IAC_A}`, "1", "0"],
      [`000000000000 ${IAC_B}`, "1", "1"],
    ]);
    const body = [suites[1]!.testcase].flat().find((t) => t.failure)!.failure!["#text"];
    assert.ok(body.includes("Remediation: Turn on log file validation in the file.\n  # in resource aws_cloudtrail.main:\n  enable_log_file_validation = true\nFor a resource already deployed:\n  aws cloudtrail update-trail"), body);
  });

  it("sarif: the snippet in the result message (no invented fix regions), ERROR as an undecided note at its line", () => {
    const log = toSarif(report) as Sarif.Log;
    assert.ok(sarifSchema()(log));
    const results = log.runs[0]!.results!;
    const lock = results.find((r) => r.ruleId === "log-bucket-object-lock")!;
    assert.equal(lock.fixes, undefined);
    assert.ok(lock.message.text!.includes("Remediation: Turn on Object Lock in the file.\n  Resources:\n    LogBucket:"), lock.message.text);
    const note = results.find((r) => r.ruleId === "trail-kms-encryption/undecided")!;
    assert.equal(note.level, "note");
    assert.deepEqual(note.locations![0]!.physicalLocation!.artifactLocation!.uri, IAC_B);
    assert.equal(note.locations![0]!.physicalLocation!.region!.startLine, 40);
    assert.match(note.message.text!, /^Could not decide: kms:DescribeKey failed/);
  });
});
