// The HTML report in a real browser: headless Chromium (Debian's `chromium`, driven by
// playwright-core) opens the example organization's page from disk and the test checks what a
// reader sees: the matrix, the findings, a filter, sorting, no console errors, and a trail name
// carrying markup that stays text. Writes test-artifacts/html-report.png (the first screen).
// Skipped, saying so, when no Chromium is installed (.ci/run installs it).
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import type { Report } from "../../src/engine/report.js";
import type { Snapshot } from "../../src/model/snapshot.js";
import { reporter } from "../../src/reporters/html.js";
import { cli, tempDir } from "../cli/helpers.js";
import { findChromium } from "../helpers/chromium.js";

const ROOT = new URL("../..", import.meta.url).pathname;
const ARTIFACTS = join(ROOT, "test-artifacts");

const HOSTILE_NAME = `<script>window.__pwned = 1; alert(1)</script>"><img src=x onerror="window.__pwned = 2; alert(2)">`;

interface Rendered {
  html: string;
  report: Report;
}

async function renderExample(snapshotPath: string, dir: string, name: string): Promise<Rendered> {
  const html = join(dir, `${name}.html`);
  const json = join(dir, `${name}.json`);
  const run = await cli(["lint", snapshotPath, "--now", "2026-11-20T12:30:00Z", "--quiet", "--fail-on", "none", "--format", `html=${html}`, "--format", `json=${json}`], {
    cwd: ROOT,
  });
  // 3: the example has ERROR results (reads that failed), as in test/golden.test.ts.
  assert.equal(run.code, 3, run.stderr);
  return { html, report: JSON.parse(readFileSync(json, "utf8")) as Report };
}

interface Watched {
  page: Page;
  problems: string[];
  dialogs: string[];
}

async function open(browser: Browser, file: string): Promise<Watched> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const problems: string[] = [];
  const dialogs: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector("body.ready");
  return { page, problems, dialogs };
}

describe("html reporter in Chromium", function () {
  this.timeout(120_000);
  const executablePath = findChromium();
  let browser: Browser | undefined;
  let example: Rendered;
  let hostile: Rendered;

  before(async function () {
    if (executablePath === undefined) {
      console.warn("    html browser test skipped: no Chromium found (install Debian's chromium: apt-get install -y chromium, or set CHROMIUM_PATH)");
      this.skip();
    }
    const dir = tempDir();
    example = await renderExample("examples/org-snapshot.json", dir, "org");
    const snapshot = JSON.parse(readFileSync(join(ROOT, "examples/org-snapshot.json"), "utf8")) as Snapshot;
    for (const account of snapshot.accounts) {
      for (const trail of Array.isArray(account.trails) ? account.trails : []) if (trail.Name === "org-trail") trail.Name = HOSTILE_NAME;
    }
    const hostileSnapshot = join(dir, "hostile-snapshot.json");
    writeFileSync(hostileSnapshot, JSON.stringify(snapshot, null, 2));
    hostile = await renderExample(hostileSnapshot, dir, "hostile");
    browser = await chromium.launch({ executablePath: executablePath! });
  });

  after(async () => {
    await browser?.close();
  });

  it("draws the matrix and the findings of the example organization, with no console error", async () => {
    const { page, problems } = await open(browser!, example.html);
    const { report } = example;
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "html-report.png") });

    assert.equal(await page.locator("#org-score").textContent(), String(report.summary.score));
    assert.equal(await page.locator("#matrix tbody tr").count(), report.accounts.length);
    assert.equal(await page.locator("#matrix thead th.check").count(), report.checks.length);
    assert.equal(await page.locator("#matrix tbody td.cell").count(), report.accounts.length * report.checks.length);
    // A FAIL cell for every (account, check) with an unsuppressed FAIL, and only those.
    const failing = new Set(report.results.filter((r) => r.status === "FAIL" && !r.suppressed).map((r) => `${r.accountId} ${r.checkId}`));
    assert.equal(await page.locator('#matrix td.cell[data-status="FAIL"]').count(), failing.size);
    assert.equal(await page.locator('#matrix td.cell[data-status="FAIL"] button').first().textContent(), "FAIL");

    assert.equal(await page.locator("#findings-count").textContent(), String(report.results.length));
    assert.equal(await page.locator("#findings-list .finding").count(), Math.min(100, report.results.length));
    assert.equal(await page.locator("#accounts-body tr").count(), report.accounts.length);
    assert.ok(await page.locator("#filter-ou").isVisible(), "the example's accounts have OU paths");
    assert.ok(!(await page.locator("#filter-baseline").isVisible()), "no baseline: no baseline filter");

    // A finding as the report has it: message, location, commands, evidence pretty-printed.
    const index = report.results.findIndex((r, i) => i < 100 && (r.remediation?.cli.length ?? 0) > 0 && Object.keys(r.evidence).length > 0);
    const result = report.results[index]!;
    const item = page.locator("#findings-list .finding").nth(index);
    assert.equal(await item.locator(".message").textContent(), result.message);
    assert.equal(await item.locator(".commands pre").textContent(), result.remediation!.cli.join("\n"));
    assert.equal(await item.locator("details.evidence pre").textContent(), JSON.stringify(result.evidence, null, 2));
    assert.ok(!(await item.locator("details.evidence pre").isVisible()), "evidence is collapsed");
    assert.match((await item.locator(".field", { hasText: "Location" }).textContent()) ?? "", new RegExp(`examples/org-snapshot\\.json:${result.location!.startLine}\\b`));
    assert.deepEqual(problems, []);
  });

  it("pages the findings list and filters it: status PASS hides every FAIL", async () => {
    const { page, problems } = await open(browser!, example.html);
    const { report } = example;
    await page.locator("#findings-pager button", { hasText: "Next" }).click();
    assert.equal(await page.locator("#findings-list .finding").count(), Math.min(100, report.results.length - 100));

    await page.selectOption("#filter-status", "PASS");
    const passes = report.results.filter((r) => r.status === "PASS").length;
    assert.equal(await page.locator("#findings-count").textContent(), String(passes));
    assert.equal(await page.locator("#findings-list .finding").count(), Math.min(100, passes));
    assert.equal(await page.locator('#findings-list .finding[data-status="FAIL"]').count(), 0);
    assert.equal(await page.locator('#findings-list .finding[data-status="PASS"]').count(), Math.min(100, passes));

    await page.selectOption("#filter-status", "FAIL");
    await page.selectOption("#filter-severity", { label: "critical" });
    const critical = report.results.filter((r) => r.status === "FAIL" && !r.suppressed && r.severity === "critical").length;
    assert.equal(await page.locator("#findings-count").textContent(), String(critical));

    await page.click("#filter-reset");
    await page.fill("#filter-account", report.accounts[1]!.accountId);
    assert.equal(await page.locator("#findings-count").textContent(), String(report.results.filter((r) => r.accountId === report.accounts[1]!.accountId).length));
    assert.equal(await page.locator("#matrix tbody tr").count(), 1);

    // OU: an OU selects the accounts under it, at any depth.
    await page.click("#filter-reset");
    await page.selectOption("#filter-ou", "Root/Workloads");
    const workloads = new Set(report.accounts.filter((a) => a.ouPath?.[1]?.Name === "Workloads").map((a) => a.accountId));
    assert.ok(workloads.size >= 2, "the example has accounts in nested OUs under Workloads");
    assert.equal(await page.locator("#matrix tbody tr").count(), workloads.size);
    assert.equal(await page.locator("#findings-count").textContent(), String(report.results.filter((r) => workloads.has(r.accountId)).length));
    assert.deepEqual(problems, []);
  });

  it("sorts the accounts table by a clicked header and lists a matrix cell's findings on click", async () => {
    const { page, problems } = await open(browser!, example.html);
    const { report } = example;
    await page.locator("#accounts-head button", { hasText: "Score" }).click();
    const best = Math.max(...report.accounts.map((a) => a.score ?? -1));
    assert.equal(await page.locator("#accounts-body tr").first().locator("td.num").first().textContent(), String(best));
    assert.equal(await page.locator("#accounts-head th", { hasText: "Score" }).getAttribute("aria-sort"), "descending");

    const first = report.results.find((r) => r.status === "FAIL" && (r.remediation?.cli.length ?? 0) > 0)!;
    const column = report.checks.findIndex((c) => c.id === first.checkId);
    const row = report.accounts.findIndex((a) => a.accountId === first.accountId);
    await page.locator("#matrix tbody tr").nth(row).locator("td.cell").nth(column).locator("button").click();
    const expected = report.results.filter((r) => r.accountId === first.accountId && r.checkId === first.checkId).length;
    assert.equal(await page.locator("#findings-count").textContent(), String(expected));
    assert.equal(await page.inputValue("#filter-account"), first.accountId);

    // Copy: the Clipboard API or, refused from file://, the commands selected; no error either way.
    const copy = page.locator("#findings-list button.copy").first();
    await copy.click();
    // The Clipboard API answers asynchronously (and the page's CSP forbids waitForFunction's eval): poll.
    for (let i = 0; i < 50 && (await copy.textContent()) === "Copy"; i++) await page.waitForTimeout(50);
    assert.match((await copy.textContent()) ?? "", /^(Copied|Selected: press Ctrl\+C)$/);
    assert.deepEqual(problems, []);
  });

  it("prints every finding with its evidence open and no filters, and follows a dark colour scheme", async () => {
    const { page, problems } = await open(browser!, example.html);
    const { report } = example;
    const light = await page.locator("body").evaluate((b) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(b).backgroundColor);
    await page.emulateMedia({ media: "print" });
    const findings = page.locator("#findings-list .finding");
    for (let i = 0; i < 50 && (await findings.count()) !== report.results.length; i++) await page.waitForTimeout(50);
    assert.equal(await findings.count(), report.results.length);
    const evidence = report.results.filter((r) => Object.keys(r.evidence).length > 0).length;
    assert.equal(await page.locator("#findings-list details.evidence[open]").count(), evidence);
    assert.ok(!(await page.locator("#filters").isVisible()), "filters are not printed");
    assert.ok(!(await page.locator("#findings-pager").isVisible()), "pagers are not printed");
    await page.emulateMedia({ media: "screen", colorScheme: "dark" });
    for (let i = 0; i < 50 && (await findings.count()) !== 100; i++) await page.waitForTimeout(50);
    assert.equal(await findings.count(), 100);
    const dark = await page.locator("body").evaluate((b) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(b).backgroundColor);
    assert.equal(light, "rgb(255, 255, 255)");
    assert.equal(dark, "rgb(13, 17, 23)");
    assert.deepEqual(problems, []);
  });

  it("shows a baseline's delta and marks each finding new or unchanged", async () => {
    const { report } = example;
    const marked = {
      ...report,
      results: report.results.map((r, i) => ({ ...r, baseline: i % 3 === 0 ? "new" : "unchanged" })),
      baseline: {
        file: "last-month.json",
        generatedAt: "2026-10-20T12:30:00Z",
        counts: { new: Math.ceil(report.results.length / 3), unchanged: report.results.length - Math.ceil(report.results.length / 3), fixed: 0 },
        fixed: [],
        accounts: report.accounts.map((a, i) => ({ accountId: a.accountId, before: 50, after: 50 + i, change: i })),
        organization: { before: 25, after: 30, change: 5 },
      },
    };
    const file = join(tempDir(), "baseline.html");
    writeFileSync(file, reporter.render(marked as Report, { color: false, verbose: false }));
    const { page, problems } = await open(browser!, file);
    assert.ok(await page.locator("#baseline").isVisible());
    assert.equal(await page.locator("#baseline-accounts tbody tr").count(), report.accounts.length - 1);
    assert.equal(await page.locator("#findings-list .badge.baseline.new").count(), Math.ceil(Math.min(100, report.results.length) / 3));
    await page.selectOption("#filter-baseline", "0");
    assert.equal(await page.locator("#findings-count").textContent(), String(marked.baseline.counts.new));
    assert.equal(await page.locator("#accounts-head th", { hasText: "Change" }).count(), 1);
    assert.deepEqual(problems, []);
  });

  it("keeps a trail name with <script> and an onerror image as literal text", async () => {
    const { page, problems, dialogs } = await open(browser!, hostile.html);
    const messages = hostile.report.results.filter((r) => r.message.includes(HOSTILE_NAME));
    assert.ok(messages.length > 0, "the hostile trail name is in the report's messages");
    const shown = page.locator("#findings-list .finding .message", { hasText: HOSTILE_NAME });
    assert.ok((await shown.count()) > 0, "the hostile name is shown as text");
    assert.ok(await shown.first().isVisible());
    assert.equal(await page.locator("#findings-list img").count(), 0);
    assert.equal(await page.locator("script").count(), 2);
    assert.equal(await page.evaluate("typeof window.__pwned"), "undefined");
    assert.deepEqual(dialogs, []);
    assert.deepEqual(problems, []);
  });
});
