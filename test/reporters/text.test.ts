import assert from "node:assert/strict";
import type { Status } from "../../src/engine/check.js";
import { buildReport, type Report } from "../../src/engine/report.js";
import { compareFindings, type Finding } from "../../src/engine/run.js";
import { reporters, findReporter } from "../../src/reporters/index.js";
import { renderText, safe } from "../../src/reporters/text.js";
import { HOSTILE, fullReport } from "../helpers/report.js";

const A = "111111111111";
const B = "222222222222";
const FILE = "snaps/org.json";

function f(checkId: string, status: Status, accountId: string, extra: Partial<Finding> = {}): Finding {
  return {
    checkId,
    title: `Title ${checkId}`,
    status,
    severity: "high",
    accountId,
    accountName: accountId === A ? "management" : "prod",
    region: "us-east-1",
    resource: `arn:aws:cloudtrail:us-east-1:${accountId}:trail/main`,
    messageId: status.toLowerCase(),
    message: `${checkId} ${status.toLowerCase()} in ${accountId}.`,
    pointer: "/accounts/0/trails/0",
    input: FILE,
    location: { file: FILE, startLine: 12, startColumn: 9 },
    evidence: { IsLogging: status !== "FAIL" },
    ...(status === "FAIL"
      ? { remediation: { text: `Fix ${checkId}.`, cli: [`aws cloudtrail start-logging --name arn:aws:cloudtrail:us-east-1:${accountId}:trail/main`] } }
      : {}),
    ...extra,
  };
}

function report(findings: Finding[], extra: Partial<Parameters<typeof buildReport>[0]> = {}): Report {
  const ids = [...new Set(findings.map((x) => x.checkId))].sort();
  return buildReport({
    version: "9.9.9",
    generatedAt: "2026-11-20T12:30:00.000Z",
    inputs: [{ file: FILE, source: "snapshot", collectedAt: "2026-11-20T12:00:00Z", partition: "aws", organizationId: "o-abc", accountCount: 2 }],
    checks: ids.map((id) => ({
      id,
      title: `Title ${id}`,
      severity: "high",
      defaultSeverity: "high",
      rationale: "r",
      remediation: { text: "t", cli: [] },
      frameworks: {},
      params: {},
    })),
    findings: [...findings].sort(compareFindings),
    ...extra,
  });
}

// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g;

const sample = () =>
  report(
    [
      f("alpha-check", "PASS", A),
      f("beta", "FAIL", A, { severity: "medium" }),
      f("gamma", "ERROR", A, { messageId: "collection-error", message: "Could not decide: cloudtrail:GetTrailStatus failed: AccessDenied: no." }),
      f("alpha-check", "FAIL", B, { severity: "critical" }),
      f("beta", "FAIL", B, { severity: "low", suppressed: { reason: "Replaced next sprint", expires: "2027-01-31" } }),
      f("gamma", "NOT_APPLICABLE", B, { messageId: "suspended", message: "Account is SUSPENDED; nothing to check.", resource: undefined, region: undefined }),
    ],
    { expiredSuppressions: [{ check: "gamma", account: B, reason: "Old exception", expires: "2026-01-01" }] },
  );

describe("text reporter", () => {
  it("is registered as text", () => {
    assert.equal(findReporter("text")?.render, renderText);
    assert.equal(reporters[0]?.name, "text");
  });

  it("renders accounts, FAIL and ERROR lines, counts, summary and expired suppressions", () => {
    const expected = [
      "cloudtrail-lint 9.9.9 · snaps/org.json (organization o-abc, 2 accounts, collected 2026-11-20T12:00:00Z)",
      "",
      "111111111111 management  score 63/100 · 1 ERROR result not scored (partial scan)",
      "  FAIL  medium   beta         beta fail in 111111111111.  snaps/org.json:12:9",
      "  ERROR high     gamma        Could not decide: cloudtrail:GetTrailStatus failed: AccessDenied: no.  snaps/org.json:12:9",
      "  also 1 PASS",
      "",
      "222222222222 prod  score 0/100",
      "  FAIL  critical alpha-check  alpha-check fail in 222222222222.  snaps/org.json:12:9",
      "  FAIL  low      beta         beta fail in 222222222222. [suppressed until 2027-01-31: Replaced next sprint]  snaps/org.json:12:9",
      "  also 1 N/A",
      "",
      "Summary: 6 results from 3 checks: 1 PASS, 2 FAIL (1 critical, 1 medium) + 1 suppressed, 1 ERROR, 1 NOT_APPLICABLE",
      "Organization score: 28/100 · 1 ERROR result not scored (partial scan)",
      "",
      "Expired suppressions (not applied): 1",
      '  gamma · account 222222222222: "Old exception" expired 2026-01-01',
      "",
    ].join("\n");
    assert.equal(renderText(sample(), { color: false, verbose: false }), expected);
  });

  it("with verbose lists PASS and N/A too, with resource, evidence and the remediation commands", () => {
    const text = renderText(sample(), { color: false, verbose: true });
    const lines = text.split("\n");
    const fail = lines.findIndex((l) => l.startsWith("  FAIL  critical alpha-check"));
    assert.deepEqual(lines.slice(fail + 1, fail + 5), [
      "                 resource: arn:aws:cloudtrail:us-east-1:222222222222:trail/main (us-east-1)",
      '                 evidence: {"IsLogging":false}',
      "                 fix: Fix alpha-check.",
      "                   $ aws cloudtrail start-logging --name arn:aws:cloudtrail:us-east-1:222222222222:trail/main",
    ]);
    assert.ok(lines.includes("  PASS  high     alpha-check  alpha-check pass in 111111111111.  snaps/org.json:12:9"));
    assert.ok(lines.includes("  N/A   high     gamma        Account is SUSPENDED; nothing to check.  snaps/org.json:12:9"));
    assert.ok(!text.includes("also 1 PASS"));
    // PASS comes after the FAIL and ERROR lines of its account.
    assert.ok(lines.findIndex((l) => l.startsWith("  PASS")) > lines.findIndex((l) => l.startsWith("  ERROR")));
  });

  it("orders open FAILs by severity, then ERRORs, then suppressed FAILs", () => {
    const text = renderText(
      report([
        f("a-low", "FAIL", A, { severity: "low" }),
        f("b-sup", "FAIL", A, { severity: "critical", suppressed: { reason: "ok", expires: "2030-01-01" } }),
        f("c-err", "ERROR", A),
        f("d-crit", "FAIL", A, { severity: "critical" }),
      ]),
      { color: false, verbose: false },
    );
    const ids = text.split("\n").filter((l) => /^ {2}(FAIL|ERROR)/.test(l)).map((l) => l.split(/\s+/)[3]);
    assert.deepEqual(ids, ["d-crit", "a-low", "c-err", "b-sup"]);
  });

  it("says so when an account has no failures, and when no score can be given", () => {
    const text = renderText(report([f("a", "PASS", A), f("b", "NOT_APPLICABLE", B)]), { color: false, verbose: false });
    assert.match(text, /^111111111111 management {2}score 100\/100\n {2}no failures \(1 PASS\)$/m);
    assert.match(text, /^222222222222 prod {2}score n\/a \(nothing decided\)\n {2}no failures \(1 N\/A\)$/m);
  });

  it("labels a standalone account's score", () => {
    const r = report([f("a", "FAIL", A)], {
      inputs: [{ file: FILE, source: "snapshot", collectedAt: "2026-11-20T12:00:00Z", partition: "aws", organizationId: null, accountCount: 1 }],
    });
    const text = renderText(r, { color: false, verbose: false });
    assert.match(text, /\nAccount score: 0\/100\n$/);
    assert.match(text, /· snaps\/org\.json \(1 account, collected/);
  });

  it("colours by severity and status only when asked", () => {
    const plain = renderText(sample(), { color: false, verbose: true });
    const coloured = renderText(sample(), { color: true, verbose: true });
    assert.ok(!plain.includes("\u001b"));
    assert.ok(coloured.includes("\u001b[1m\u001b[31mcritical"), "critical in bold red");
    assert.ok(coloured.includes("\u001b[33mmedium"), "medium in yellow");
    assert.ok(coloured.includes("\u001b[1m\u001b[35mERROR"), "ERROR in bold magenta");
    assert.ok(coloured.includes("\u001b[2mFAIL "), "suppressed FAIL dimmed");
    // Same text once the escapes are gone.
    assert.equal(coloured.replace(SGR, ""), plain);
  });

  it("escapes control characters, bidi overrides and lone surrogates from untrusted strings", () => {
    for (const color of [false, true]) {
      for (const verbose of [false, true]) {
        const text = renderText(fullReport(), { color, verbose });
        const visible = text.replace(SGR, "");
        // eslint-disable-next-line no-control-regex
        assert.doesNotMatch(visible, /[\u0000-\u0009\u000b-\u001f\u007f]/, "no raw control characters besides newlines");
        assert.doesNotMatch(visible, /[\ud800-\udbff](?![\udc00-\udfff])/, "no lone surrogates");
        assert.ok(visible.includes("\\u001b[31mred\\u001b[0m"), "ESC shown escaped");
        assert.ok(visible.includes("`tick` \\ud800\\n# not a heading 😀"), "newline and surrogate escaped, emoji kept");
        assert.ok(!visible.split("\n").some((l) => l.startsWith("# not a heading")), "a newline in a value cannot start a line");
      }
    }
    assert.equal(safe("a\u202eb\u2066c\u0085d\te"), "a\\u202eb\\u2066c\\u0085d e");
    assert.equal(HOSTILE.includes("\u001b"), true);
  });

  it("keeps multi-line remediation commands as indented lines", () => {
    const text = renderText(
      report([f("a", "FAIL", A, { remediation: { text: "Put the policy.", cli: ["aws s3api put-bucket-policy --policy '{\n  \"Statement\": []\n}'"] } })]),
      { color: false, verbose: true },
    );
    assert.ok(text.includes("                   $ aws s3api put-bucket-policy --policy '{\n                       \"Statement\": []\n                     }'\n"));
  });

  it("handles an empty report", () => {
    const text = renderText(report([]), { color: false, verbose: false });
    assert.match(text, /No results: no check ran on any account\./);
    assert.match(text, /Summary: 0 results from 0 checks: 0 PASS, 0 FAIL, 0 ERROR, 0 NOT_APPLICABLE\nOrganization score: n\/a \(nothing decided\)\n$/);
  });
});
