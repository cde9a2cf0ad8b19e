import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Report } from "../../src/engine/report.js";
import { pageData, scriptJson, type HtmlReport, type PageData } from "../../src/reporters/html/data.js";
import { PAGE_SCRIPT } from "../../src/reporters/html/script.js";
import { PAGE_STYLE } from "../../src/reporters/html/style.js";
import { contentSecurityPolicy, esc, reporter } from "../../src/reporters/html.js";
import { findReporter } from "../../src/reporters/index.js";
import { cli, tempDir } from "../cli/helpers.js";
import { DEV, GENERATED_AT, HOSTILE, MGMT, PROD, fullReport } from "../helpers/report.js";

const ROOT = new URL("../..", import.meta.url).pathname;

function render(report: Report): string {
  return reporter.render(report, { color: false, verbose: false });
}

/** The text between `<tag ...>` and `</tag>` for each element of that tag. */
function elements(page: string, tag: string): { attrs: string; text: string }[] {
  const out: { attrs: string; text: string }[] = [];
  const re = new RegExp(`<${tag}([^>]*)>([\\s\\S]*?)</${tag}>`, "g");
  for (const m of page.matchAll(re)) out.push({ attrs: m[1]!, text: m[2]! });
  return out;
}

function dataOf(page: string): PageData {
  const block = elements(page, "script").find((s) => s.attrs.includes('type="application/json"'));
  assert.ok(block, "no JSON data block");
  return JSON.parse(block.text) as PageData;
}

function cspOf(page: string): string {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page);
  assert.ok(m, "no CSP meta tag");
  return m[1]!.replace(/&#39;/g, "'");
}

/** A finding's text field as the page script reads it (a string or a template of the finding's variables). */
function field(data: PageData, f: number[], k: number): string | undefined {
  const v = f[k]!;
  if (v === -1) return undefined;
  if (v >= 0) return data.s[v];
  const vars = [data.s[f[14]!] ?? "", data.s[f[15]!] ?? ""];
  return data.t[-2 - v]!.map((p) => (typeof p === "number" ? vars[p] : p)).join("");
}

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

describe("html reporter", () => {
  it("is registered as --format html with the .html extension", () => {
    assert.equal(findReporter("html"), reporter);
    assert.equal(reporter.extension, "html");
  });

  it("escapes the five HTML specials and nothing else", () => {
    assert.equal(esc(`<a href="x">'&'</a> é`), "&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62; é");
    assert.equal(esc(42), "42");
  });

  it("writes JSON that cannot close its script element and parses back to the same value", () => {
    const value = { s: ["</script><script>alert(1)</script>", "<!-- x -->", "a & b", "\u2028\u2029", HOSTILE] };
    const text = scriptJson(value);
    assert.ok(!/[<>&\u2028\u2029]/.test(text), text);
    assert.ok(text.includes("\\u003c/script\\u003e"));
    assert.deepEqual(JSON.parse(text), value);
  });

  it("allows exactly its own style and script by sha256, and nothing else", () => {
    const page = render(fullReport());
    const csp = cspOf(page);
    const styles = elements(page, "style");
    const scripts = elements(page, "script").filter((s) => !s.attrs.includes("application/json"));
    assert.equal(styles.length, 1);
    assert.equal(scripts.length, 1);
    assert.equal(styles[0]!.text, PAGE_STYLE);
    assert.equal(scripts[0]!.text, PAGE_SCRIPT);
    assert.equal(
      csp,
      `default-src 'none'; style-src ${sha256(styles[0]!.text)}; script-src ${sha256(scripts[0]!.text)}; img-src data:; base-uri 'none'; form-action 'none'`,
    );
    assert.equal(csp, contentSecurityPolicy(PAGE_STYLE, PAGE_SCRIPT));
  });

  it("is self-contained: no external script, style sheet, image, font or inline style attribute", () => {
    const page = render(fullReport());
    assert.doesNotMatch(page, /<link\b|\bsrc=|\bhref=|@import|url\(|\sstyle="/i);
    assert.doesNotMatch(PAGE_SCRIPT, /<\/script|<!--|innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/i);
    assert.doesNotMatch(PAGE_STYLE, /<\/style/i);
  });

  it("keeps hostile names, messages and commands as text: escaped in the page, intact in the data", () => {
    const report = fullReport();
    const page = render(report);
    // Only the two script elements of the page itself; the hostile <script> never appears raw.
    assert.equal(page.match(/<script/g)!.length, 2);
    assert.ok(!page.includes("<script>alert"));
    // Server-written: the suppressed finding's reason, escaped.
    assert.ok(page.includes(esc(`Accepted until the migration (${HOSTILE})`)));
    // Script-drawn: the values reach the page script exactly as in the report.
    const data = dataOf(page);
    const hostile = data.findings.find((f) => field(data, f, 6) === `Trail ${HOSTILE} is not logging.`);
    assert.ok(hostile, "the hostile message reads back exactly");
    assert.equal(field(data, hostile, 9), `aws cloudtrail start-logging --name '${HOSTILE}'`);
    assert.ok(data.s.includes(`dev ${HOSTILE}`));
  });

  it("is deterministic: the same report gives the same bytes, and generatedAt is the only clock value", () => {
    const report = fullReport();
    const page = render(report);
    assert.equal(render(structuredClone(report)), page);
    const later = render({ ...report, generatedAt: "2030-01-02T03:04:05Z" });
    assert.notEqual(later, page);
    assert.equal(later.replaceAll("2030-01-02T03:04:05Z", GENERATED_AT), page);
  });

  it("puts the score and its formula with the weights on the page", () => {
    const report = fullReport();
    const page = render(report);
    assert.ok(page.includes(`<div class="score-value" id="org-score">${report.summary.score}</div>`));
    assert.ok(page.includes("Score = 100 × Σ weight(PASS) ÷ Σ weight(PASS + unsuppressed FAIL)"));
    assert.ok(page.includes("critical 10, high 5, medium 3, low 1, info 0"));
    assert.ok(page.includes("<h3>Expired suppressions (not applied)</h3>"));
  });

  it("gives the matrix the worst result of each check on each account", () => {
    const report = fullReport();
    const data = pageData(report);
    assert.deepEqual(
      data.checks.map((c) => data.s[c[0]]),
      ["cloudwatch-logs-integration", "data-events-tagged-buckets", "global-service-events", "log-bucket-no-delete", "log-bucket-object-lock", "multi-region-trail"],
    );
    assert.deepEqual(
      data.accounts.map((a) => [data.s[a.a[0]], a.m]),
      [
        // FAIL over ERROR (global-service-events), suppressed FAIL over PASS (log-bucket-object-lock).
        [MGMT, "PPFPSP"],
        [PROD, "FF-FFF"],
        // ERROR over NOT_APPLICABLE, FAIL over NOT_APPLICABLE; no result of global-service-events.
        [DEV, "EN-NNF"],
      ],
    );
    assert.equal(data.findings.length, report.results.length);
    assert.equal(new Set(data.s).size, data.s.length, "strings are stored once");
    const suppressed = data.findings.filter((f) => f[10] >= 0);
    assert.deepEqual(suppressed.map((f) => [data.s[f[10]!], data.s[f[11]!]]), [[`Accepted until the migration (${HOSTILE})`, "2027-01-31"]]);
  });

  it("stores each text once: a finding's texts read back exactly, its account id and pointer taken out", () => {
    const report = fullReport();
    // Two accounts with the same texts but for their ids and snapshot pointers share one template.
    const twin = (accountId: string, n: number) =>
      ({
        ...report.results.find((f) => f.status === "FAIL" && f.accountId === PROD)!,
        accountId,
        pointer: `/accounts/${n}/trails/0`,
        resource: `arn:aws:cloudtrail:us-east-1:${accountId}:trail/main`,
        message: `Trail of ${accountId} at /accounts/${n} (not /accounts/70 nor 9999999999919).`,
        evidence: { at: `/accounts/${n}/trails/0`, arn: `arn:aws:iam::${accountId}:root` },
      }) as Report["results"][number];
    const twins = { ...report, results: [...report.results, twin("999999999991", 7), twin("999999999992", 8)] };
    const data = pageData(twins);
    twins.results.forEach((f, i) => {
      const row = data.findings[i]!;
      assert.equal(field(data, row, 5), f.resource);
      assert.equal(field(data, row, 6), f.message);
      assert.equal(field(data, row, 8), Object.keys(f.evidence).length > 0 ? JSON.stringify(f.evidence) : undefined);
      assert.equal(field(data, row, 9), f.remediation && f.remediation.cli.length > 0 ? f.remediation.cli.join("\n") : undefined);
      assert.equal(field(data, row, 13), f.remediation?.text);
    });
    const [a, b] = data.findings.slice(-2);
    for (const k of [5, 6, 8]) {
      assert.ok(a![k]! <= -2, `field ${k} is a template`);
      assert.equal(a![k], b![k], `field ${k} is shared`);
    }
    assert.deepEqual(data.t[-2 - a![6]!], ["Trail of ", 0, " at ", 1, " (not /accounts/70 nor 9999999999919)."]);
  });

  it("shows OU paths where the report's accounts carry them", () => {
    const report = fullReport() as HtmlReport;
    const withOu: HtmlReport = {
      ...report,
      accounts: report.accounts.map((a, i) => (i === 0 ? a : { ...a, ouPath: [{ Id: "r-ab12", Name: "Root" }, { Id: "ou-ab12-w", Name: i === 1 ? "Prod" : "Dev" }] })),
    };
    const data = pageData(withOu);
    assert.deepEqual(data.ous.map((i) => data.s[i]), ["Root/Dev", "Root/Prod"]);
    assert.deepEqual(data.accounts.map((a) => (a.a[3] < 0 ? null : data.s[a.a[3]])), [null, "Root/Prod", "Root/Dev"]);
    assert.deepEqual(pageData(report).ous, []);
  });

  it("shows the baseline delta and each finding's mark when the report has them, and nothing without", () => {
    const report = fullReport() as HtmlReport;
    assert.ok(!render(report as Report).includes('id="baseline"'));
    const withBaseline: HtmlReport = {
      ...report,
      results: report.results.map((f, i) => ({ ...f, baseline: i === 0 ? "new" : "unchanged" })),
      baseline: {
        file: `old-${HOSTILE}.json`,
        generatedAt: "2026-10-01T00:00:00Z",
        counts: { new: 1, unchanged: report.results.length - 1, fixed: 1 },
        fixed: [{ checkId: "log-file-validation", title: "t", severity: "medium", accountId: PROD, messageId: "off", message: `Fixed ${HOSTILE}`, fingerprint: "abc" }],
        accounts: [
          { accountId: MGMT, before: 40, after: 50, change: 10 },
          { accountId: PROD, before: 10, after: 10, change: 0 },
        ],
        organization: { before: 20, after: 25, change: 5 },
      },
    };
    const page = render(withBaseline as Report);
    assert.ok(page.includes("<h2>Since the baseline</h2>"));
    assert.ok(page.includes('<ul class="box-list" id="baseline-counts"><li>1 new</li>'));
    assert.ok(page.includes("Organization score: 20 → 25 (+5)"));
    assert.ok(page.includes(`<th scope="row">${MGMT}</th><td class="num">40</td><td class="num">50</td><td class="num delta-up">+10</td>`));
    assert.ok(!page.includes(`<th scope="row">${PROD}</th>`), "an unchanged score is not listed");
    assert.ok(page.includes(esc(`Fixed ${HOSTILE}`)) && page.includes(esc(`old-${HOSTILE}.json`)));
    const data = dataOf(page);
    assert.deepEqual(data.findings.map((f) => f[12]), report.results.map((_, i) => (i === 0 ? 0 : 1)));
    assert.deepEqual(data.accounts.map((a) => a.d), [10, 0, undefined]);
  });

  it("`lint --format html=file` writes the example organization's page with every result in its data", async () => {
    const out = tempDir();
    const html = join(out, "org.html");
    const json = join(out, "org.json");
    const run = await cli(["lint", "examples/org-snapshot.json", "--quiet", "--fail-on", "none", "--format", `html=${html}`, "--format", `json=${json}`], { cwd: ROOT });
    assert.equal(run.code, 3, run.stderr); // ERROR results (the example has failed reads): exit 3 as in test/golden.test.ts
    const report = JSON.parse(readFileSync(json, "utf8")) as Report;
    const data = dataOf(readFileSync(html, "utf8"));
    assert.equal(data.findings.length, report.results.length);
    assert.equal(data.accounts.length, report.accounts.length);
    assert.deepEqual(data.findings.map((f) => data.statuses[f[1]!]), report.results.map((r) => r.status));
  });
});
