// The HTML report: one self-contained page (inline style sheet and script, no external anything)
// for people who look at a scorecard or hand it to auditors: the score and how it is computed, the
// accounts, an accounts × checks matrix, and the findings with filters. A strict CSP allows only
// the page's own style and script, by their sha256 hashes, computed here so they always match.
// Values from the report (account and trail names, tags, messages: attacker-controlled text) are
// escaped where the page is written here, and set with textContent by the script. No clock, no
// random ids: the same report gives the same bytes.
import { createHash } from "node:crypto";
import { SCORE_WEIGHTS, type Report } from "../engine/report.js";
import { SEVERITIES } from "../engine/check.js";
import { pageData, scriptJson, type HtmlReport, type ReportBaseline } from "./html/data.js";
import { PAGE_SCRIPT } from "./html/script.js";
import { PAGE_STYLE } from "./html/style.js";
import { shardNote, type Reporter } from "./reporter.js";

/** Text for HTML content and attribute values (quoted with "). */
export function esc(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A CSP source for an inline block: sha256 of its exact text, base64. */
export function cspHash(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

export function contentSecurityPolicy(style: string, script: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspHash(style)}`,
    `script-src ${cspHash(script)}`,
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

/** Suppressed findings listed in the page itself (all of them are in the findings list's filter). */
const LISTED_SUPPRESSED = 500;
/** Fixed findings of a baseline listed in its box. */
const LISTED_FIXED = 200;

function scoreText(score: number | null): string {
  return score === null ? "n/a" : String(score);
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

function header(report: Report): string {
  const inputs = report.inputs
    .slice(0, 20)
    .map((i) => {
      const org = i.organizationId !== null ? `organization ${i.organizationId}` : i.source === "cloudformation" || i.source === "terraform" ? i.source : "standalone account";
      return `<li>${esc(i.file)} (${esc(i.source)}): ${esc(org)}, ${i.accountCount} account${i.accountCount === 1 ? "" : "s"}${esc(shardNote(i))}, collected ${esc(i.collectedAt)}</li>`;
    })
    .join("");
  const more = report.inputs.length > 20 ? `<li>and ${report.inputs.length - 20} more inputs</li>` : "";
  return `<header>
<h1>cloudtrail-lint: CloudTrail posture</h1>
<p class="meta">${esc(report.tool.name)} ${esc(report.tool.version)}, generated ${esc(report.generatedAt)}</p>
<ul class="meta box-list">${inputs}${more}</ul>
</header>`;
}

function scoreBox(report: Report): string {
  const orgs = new Set(report.inputs.map((i) => i.organizationId).filter((id) => id !== null));
  const label = orgs.size > 0 ? "Organization score" : report.accounts.length === 1 ? "Account score" : "Overall score";
  const { summary } = report;
  const weights = SEVERITIES.map((s) => `${s} ${SCORE_WEIGHTS[s]}`).join(", ");
  return `<section class="overview" id="overview">
<div class="panel score"><div class="score-label">${esc(label)}</div><div class="score-value" id="org-score">${esc(scoreText(summary.score))}</div><div class="score-label">out of 100</div></div>
<div class="panel counts"><div class="score-label">Results</div>
<ul class="box-list" id="summary-counts"><li>${summary.counts.PASS} PASS</li><li>${summary.counts.FAIL} FAIL${summary.suppressed > 0 ? ` (${summary.suppressed} suppressed)` : ""}</li><li>${summary.counts.ERROR} ERROR (not scored)</li><li>${summary.counts.NOT_APPLICABLE} NOT_APPLICABLE</li></ul></div>
<div class="panel formula" id="formula"><div class="score-label">How the score is computed</div>
<p>Score = 100 × Σ weight(PASS) ÷ Σ weight(PASS + unsuppressed FAIL), rounded to a whole number, over every result of the scope (the organization, or one account).</p>
<p>Weights by the check's configured severity: ${esc(weights)}. NOT_APPLICABLE, ERROR (not decided: a read failed or a value is unknown) and suppressed FAILs are left out; n/a when nothing weighted was decided.</p>
</div>
</section>`;
}

/** The baseline comes from a file the user names: even its numbers are escaped, as text. */
function baselineBox(baseline: ReportBaseline | undefined): string {
  if (!baseline) return "";
  const { counts, organization } = baseline;
  const changed = baseline.accounts.filter((a): a is typeof a & { change: number } => typeof a.change === "number" && a.change !== 0);
  const accounts =
    changed.length === 0
      ? "<p>No account's score changed.</p>"
      : `<div class="scroll"><table id="baseline-accounts"><thead><tr><th scope="col">Account</th><th scope="col" class="num">Before</th><th scope="col" class="num">After</th><th scope="col" class="num">Change</th></tr></thead><tbody>${changed
          .map(
            (a) =>
              `<tr><th scope="row">${esc(a.accountId)}${a.accountName !== undefined ? ` (${esc(a.accountName)})` : ""}</th><td class="num">${esc(a.before ?? "n/a")}</td><td class="num">${esc(a.after ?? "n/a")}</td><td class="num ${a.change > 0 ? "delta-up" : "delta-down"}">${esc(signed(a.change))}</td></tr>`,
          )
          .join("")}</tbody></table></div>`;
  const fixed = baseline.fixed.slice(0, LISTED_FIXED);
  const fixedList =
    fixed.length === 0
      ? ""
      : `<details><summary>Fixed since the baseline (${baseline.fixed.length})</summary><ul class="box-list">${fixed
          .map(
            (f) =>
              `<li><span class="mono">${esc(f.checkId)}</span> · ${esc(f.accountId)}${f.accountName !== undefined ? ` (${esc(f.accountName)})` : ""}${f.region !== undefined ? ` · ${esc(f.region)}` : ""}${f.resource !== undefined ? ` · <span class="mono">${esc(f.resource)}</span>` : ""}: ${esc(f.message)}</li>`,
          )
          .join("")}${baseline.fixed.length > fixed.length ? `<li>and ${baseline.fixed.length - fixed.length} more (the JSON report has them all)</li>` : ""}</ul></details>`;
  return `<section class="panel" id="baseline">
<h2>Since the baseline</h2>
<p class="meta">Baseline ${esc(baseline.file)}, generated ${esc(baseline.generatedAt)}</p>
<ul class="box-list" id="baseline-counts"><li>${esc(counts.new)} new</li><li>${esc(counts.unchanged)} unchanged</li><li>${esc(counts.fixed)} fixed</li></ul>
<p>Organization score: ${esc(organization.before ?? "n/a")} → ${esc(organization.after ?? "n/a")}${organization.change !== null ? ` (${esc(signed(organization.change))})` : ""}</p>
${accounts}
${fixedList}
</section>`;
}

function suppressedSection(report: HtmlReport): string {
  const suppressed = report.results.filter((f) => f.suppressed);
  const rows = suppressed
    .slice(0, LISTED_SUPPRESSED)
    .map(
      (f) =>
        `<tr><td class="mono">${esc(f.checkId)}</td><td>${esc(f.accountId)}${f.accountName !== undefined ? ` (${esc(f.accountName)})` : ""}</td><td class="mono">${esc(f.resource ?? "")}</td><td>${esc(f.suppressed!.reason)}</td><td>${esc(f.suppressed!.expires ?? "never")}</td></tr>`,
    )
    .join("");
  const expired = report.expiredSuppressions
    .map((s) => `<li><span class="mono">${esc(s.check)}</span>${s.account !== undefined ? ` · account ${esc(s.account)}` : ""}${s.resource !== undefined ? ` · ${esc(s.resource)}` : ""}: ${esc(s.reason)} (expired ${esc(s.expires)}, not applied)</li>`)
    .join("");
  return `<section id="suppressed">
<h2>Suppressed findings (${suppressed.length})</h2>
${
  suppressed.length === 0
    ? "<p class=\"empty\">No finding is suppressed.</p>"
    : `<div class="scroll"><table id="suppressed-table"><thead><tr><th scope="col">Check</th><th scope="col">Account</th><th scope="col">Resource</th><th scope="col">Reason</th><th scope="col">Expires</th></tr></thead><tbody>${rows}</tbody></table></div>${
        suppressed.length > LISTED_SUPPRESSED ? `<p>The first ${LISTED_SUPPRESSED} are listed; filter the findings by status “FAIL (suppressed)” for all of them.</p>` : ""
      }`
}
${expired ? `<h3>Expired suppressions (not applied)</h3><ul class="box-list" id="expired-suppressions">${expired}</ul>` : ""}
</section>`;
}

const BODY = `<noscript><p class="noscript">The accounts table, the matrix and the findings are drawn by the page's script; the JSON report has the same data.</p></noscript>
<section id="accounts"><h2>Accounts</h2>
<div class="pager" id="accounts-pager"></div>
<div class="scroll"><table id="accounts-table"><thead><tr id="accounts-head"></tr></thead><tbody id="accounts-body"></tbody></table></div>
<p class="meta">Severity columns count unsuppressed FAILs. Click a header to sort.</p>
</section>
<section id="matrix-section"><h2>Accounts × checks</h2>
<ul class="legend"><li class="badge fail">FAIL</li><li class="badge error">ERR: ERROR</li><li class="badge suppressed">SUP: suppressed FAIL</li><li class="badge pass">PASS</li><li class="badge na">N/A: NOT_APPLICABLE</li><li class="badge">empty: no result</li></ul>
<p class="meta">A cell shows the worst result of the check on the account; click it to list those findings.</p>
<div class="pager" id="matrix-pager"></div>
<div class="scroll"><table id="matrix"></table></div>
</section>
<section id="findings"><h2>Findings (<span id="findings-count">0</span>)</h2>
<form class="filters" id="filters">
<label>Status<select id="filter-status"></select></label>
<label>Severity<select id="filter-severity"></select></label>
<label>Check<select id="filter-check"></select></label>
<label>Account<input id="filter-account" type="search" placeholder="id or name"></label>
<label id="filter-ou-label">OU<select id="filter-ou"></select></label>
<label id="filter-baseline-label">Baseline<select id="filter-baseline"></select></label>
<button type="button" id="filter-reset">Reset</button>
</form>
<div class="pager" id="findings-pager"></div>
<div id="findings-list"></div>
</section>`;

export function renderHtml(report: Report): string {
  const r = report as HtmlReport;
  const data = scriptJson(pageData(r));
  const policy = contentSecurityPolicy(PAGE_STYLE, PAGE_SCRIPT);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(policy)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>cloudtrail-lint report (${esc(report.generatedAt)})</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
${header(report)}
${scoreBox(report)}
${baselineBox(r.baseline)}
${BODY}
${suppressedSection(r)}
<script type="application/json" id="report-data">${data}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

export const reporter: Reporter = {
  name: "html",
  extension: "html",
  render: renderHtml,
};
