// Markdown for a GitHub job summary ($GITHUB_STEP_SUMMARY): the score with the ERROR count beside
// it, a table of accounts (of files, for templates and plans, each finding headed by its file:line), the top findings with their fix commands, the ERRORs, expired
// suppressions, and every result in a collapsible <details> table. With a baseline (--baseline), a
// "Since the baseline" section after the header (new, unchanged, fixed, the score change, the
// accounts whose score changed, the fixed findings) and new findings marked "🆕 new".
//
// Untrusted text (account names, ARNs, messages, commands) cannot inject Markdown or HTML: inline
// text goes on one line, has control characters spelled as \uXXXX, `& < >` as entities and every
// Markdown punctuation character backslash-escaped (so `|` cannot split a table cell), and never
// starts a line. Commands go in fenced blocks whose fence is longer than any backtick run inside,
// one command per line (a newline inside a command is spelled `\n`, so pasting it runs one command).
// A command is never cut: one longer than LONG_COMMAND characters goes, whole, into a collapsed
// <details> block of its own (in its place among the others), and a fix text longer than the inline
// limit (it may hold commands, as log-bucket-no-delete's SCP alternative does) goes, whole, into a
// collapsed block too. GitHub refuses a step summary over 1 MiB (1,048,576 bytes): each section has a
// byte share, and what does not fit is left out whole, never cut, with a note saying how many and
// pointing to the JSON report: a top finding whose long commands do not fit is shown without them
// (named, with their length), then the findings after it; the rows of the <details> table are
// dropped from the end.
import type { Status } from "../engine/check.js";
import { SEVERITIES, SEVERITY_RANK } from "../engine/check.js";
import type { AccountDelta, AccountSummary, Report } from "../engine/report.js";
import type { Finding } from "../engine/run.js";
import { allIac, DEPLOYED_LABEL, fileKind, isIacInput, kindLabel, realAccount, suppressedWhere } from "./iac.js";
import { shardNote, type Reporter } from "./reporter.js";

/** Bytes (UTF-8) the whole page may take; GitHub's limit is 1 MiB (1,048,576 bytes). */
export const DEFAULT_BUDGET = 1_000_000;
/** At most this many FAILs in "Top findings". */
export const TOP_FINDINGS = 20;
/** At most this many ERRORs listed on their own (all are in the details table). */
export const LISTED_ERRORS = 50;
/** At most this many inputs listed in the header. */
const LISTED_INPUTS = 20;
/** Longest piece of untrusted text shown inline, in characters. */
const MAX_INLINE = 1000;
/**
 * Longer commands (and IaC snippets with a longer line) are shown whole in a collapsed <details>
 * block; shorter ones in the open. At most MAX_COMMANDS commands per finding.
 */
export const LONG_COMMAND = 2000;
const MAX_COMMANDS = 5;

// C0/C1 controls, line and paragraph separators, the bidirectional overrides and isolates that
// reorder what a reader sees, and lone surrogates (which UTF-8 cannot encode).
const CONTROLS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function spell(ch: string): string {
  if (ch === "\n") return "\\n";
  if (ch === "\r") return "\\r";
  if (ch === "\t") return "\\t";
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  // Do not split a surrogate pair.
  const end = /[\ud800-\udbff]/.test(text[max - 1]!) ? max - 1 : max;
  return `${text.slice(0, end)}…`;
}

/** Untrusted text for inline Markdown: one line, no HTML, no Markdown syntax, no controls. */
export function md(text: string, max = MAX_INLINE): string {
  return cut(text, max)
    .replace(/[\t\n\r]+/g, " ")
    .replace(CONTROLS, spell)
    .replace(/[\\`*_[\]|~$]/g, "\\$&")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

/** A fenced code block, commands whole; the fence is longer than any backtick run in the commands. */
export function codeBlock(commands: readonly string[], info = "sh"): string {
  const lines = commands.map((c) => c.replace(CONTROLS, spell));
  const body = lines.join("\n");
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${body}\n${fence}`;
}

const STATUS_LABEL: Record<Status, string> = { PASS: "✅ PASS", FAIL: "❌ FAIL", ERROR: "⚠️ ERROR", NOT_APPLICABLE: "➖ N/A" };

function statusLabel(f: Finding): string {
  const label = f.status === "FAIL" && f.suppressed ? "🔕 FAIL (suppressed)" : STATUS_LABEL[f.status];
  return f.baseline === "new" ? `${label} · ${NEW}` : label;
}

const NEW = "🆕 new";

function plural(n: number, word: string): string {
  return `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
}

function scoreText(score: number | null): string {
  return score === null ? "n/a" : `${score}/100`;
}

function errorNote(errors: number): string {
  return errors === 0 ? "no ERRORs" : `⚠️ ${plural(errors, "ERROR")} not scored: partial scan`;
}

function accountLabel(accountId: string, name: string | undefined): string {
  return name !== undefined ? `${md(accountId)} (${md(name)})` : md(accountId);
}

/** The file and line of a finding on a template or plan, else its account. */
function origin(f: Finding, iac: boolean): string {
  return iac && f.location ? `${md(f.location.file)}:${f.location.startLine}` : accountLabel(f.accountId, f.accountName);
}

function place(f: Finding, iac: boolean): string {
  const parts = [origin(f, iac)];
  if (f.region !== undefined) parts.push(md(f.region));
  if (f.resource !== undefined) parts.push(md(f.resource));
  if (!iac && f.location) parts.push(`${md(f.location.file)}:${f.location.startLine}`);
  return parts.join(" · ");
}

/** Adds blocks of lines in order while they fit in `budget` bytes; returns how many fitted. */
function fit(out: string[], blocks: readonly string[][], budget: number): number {
  return fitForms(out, blocks.map((block) => [block]), budget);
}

/** As fit, each block given in forms, the preferred first: the first form that fits is used. */
function fitForms(out: string[], blocks: readonly (readonly string[][])[], budget: number): number {
  let used = 0;
  let count = 0;
  for (const forms of blocks) {
    const chosen = forms.find((form) => used + bytes(form.join("\n")) + 1 <= budget);
    if (chosen === undefined) break;
    out.push(...chosen);
    used += bytes(chosen.join("\n")) + 1;
    count += 1;
  }
  return count;
}

const LIMIT_NOTE = "to keep this summary under GitHub's 1 MiB step-summary limit; the JSON report has them all";

function header(report: Report): string[] {
  const orgIds = [...new Set(report.inputs.map((i) => i.organizationId).filter((id): id is string => id !== null))];
  const label = allIac(report)
    ? report.accounts.length === 1 ? "Score" : `Overall score (${report.accounts.length} files)`
    : orgIds.length > 0 ? "Organization score" : report.accounts.length === 1 ? "Account score" : "Overall score";
  const { summary } = report;
  const lines = [
    "## cloudtrail-lint: CloudTrail posture",
    "",
    `**${label}: ${scoreText(summary.score)}** · ${errorNote(summary.counts.ERROR)}`,
    "",
    `Results: ${summary.counts.PASS} PASS · ${summary.counts.FAIL} FAIL` +
      (summary.suppressed > 0 ? ` (${summary.suppressed} suppressed)` : "") +
      ` · ${summary.counts.ERROR} ERROR · ${summary.counts.NOT_APPLICABLE} NOT\\_APPLICABLE`,
    "",
  ];
  for (const input of report.inputs.slice(0, LISTED_INPUTS)) {
    if (isIacInput(input)) {
      lines.push(`- Input ${md(input.file, 300)}: ${kindLabel(input)}`);
      continue;
    }
    const org = input.organizationId !== null ? `organization ${md(input.organizationId)}` : "standalone account";
    lines.push(
      `- Input ${md(input.file, 300)} (${md(input.source)}): ${org}, ${plural(input.accountCount, "account")}${shardNote(input)}, collected ${md(input.collectedAt, 100)}`,
    );
  }
  if (report.inputs.length > LISTED_INPUTS) lines.push(`- and ${plural(report.inputs.length - LISTED_INPUTS, "more input")}`);
  lines.push(`- ${md(report.tool.name)} ${md(report.tool.version, 100)}, generated ${md(report.generatedAt, 100)}`, "");
  return lines;
}

function accountRow(report: Report, a: AccountSummary): string {
  const kind = fileKind(report, a);
  const cells = [
    ...(a.input !== undefined && kind !== undefined
      ? [md(a.input, 300), `${kind}${realAccount(a.accountId) ? `, account ${md(a.accountId, 100)}` : ""}`]
      : [md(a.accountId, 100), a.accountName !== undefined ? md(a.accountName, 300) : ""]),
    a.score === null ? "n/a" : String(a.score),
    ...SEVERITIES.map((s) => String(a.failures[s])),
    String(a.counts.ERROR),
    String(a.suppressed),
  ];
  return `| ${cells.join(" | ")} |`;
}

function accountsTable(report: Report, budget: number): string[] {
  if (report.accounts.length === 0) return [];
  // Templates and plans are scored per file: the table lists files, not the account id they share.
  const files = allIac(report);
  const lines = [
    files ? "### Files" : "### Accounts",
    "",
    `| ${files ? "File | Kind" : "Account | Name"} | Score | ${SEVERITIES.map((s) => s[0]!.toUpperCase() + s.slice(1)).join(" | ")} | ERROR | Suppressed |`,
    `| --- | --- | ---: | ${SEVERITIES.map(() => "---:").join(" | ")} | ---: | ---: |`,
  ];
  const shown = fit(lines, report.accounts.map((a) => [accountRow(report, a)]), budget - 1000);
  lines.push("", "Severity columns count unsuppressed FAILs. ERROR results are not in the score.");
  if (shown < report.accounts.length) {
    lines.push("", `> **${report.accounts.length - shown} of ${report.accounts.length} ${files ? "files" : "accounts"} are not listed** ${LIMIT_NOTE}.`);
  }
  lines.push("");
  return lines;
}

/** A collapsed block: `summary` is trusted text, `body` lines are already safe Markdown. */
function collapsed(summary: string, body: readonly string[]): string[] {
  return ["<details>", `<summary>${summary}</summary>`, "", ...body, "", "</details>", ""];
}

const chars = (n: number) => `${n.toLocaleString("en-US")} characters`;

/** How a long piece of a fix is shown: whole and collapsed, or (compact) only named. */
function longPiece(label: string, length: number, body: () => string, compact: boolean): string[] {
  if (compact) return [`(${label}: ${chars(length)}, too long for this summary; it is in the JSON report.)`, ""];
  return collapsed(`${label} (${chars(length)}, shown whole: expand)`, [body()]);
}

/** The commands in order: runs of short ones in open blocks, each long one collapsed in its place. */
function commandBlocks(commands: readonly string[], compact: boolean): string[] {
  const lines: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length > 0) lines.push(codeBlock(run), "");
    run = [];
  };
  commands.forEach((command, i) => {
    if (command.length <= LONG_COMMAND) {
      run.push(command);
      return;
    }
    flush();
    const label = commands.length === 1 ? "Command" : `Command ${i + 1} of ${commands.length}`;
    lines.push(...longPiece(label, command.length, () => codeBlock([command]), compact));
  });
  flush();
  return lines;
}

/**
 * A top finding. `compact`: its long pieces (commands, snippets, fix text) are named instead of
 * shown, for when the whole block does not fit the page.
 */
function findingBlock(f: Finding, rank: number, iac: boolean, compact = false): string[] {
  const lines = [
    `#### ${rank}. ${f.severity.toUpperCase()} · ${md(f.checkId, 100)} · ${origin(f, iac)}${f.baseline === "new" ? ` · ${NEW}` : ""}`,
    "",
    `**${md(f.title)}** · ${place(f, iac)}`,
    "",
    `**Finding:** ${md(f.message)}`,
    "",
  ];
  if (f.remediation) {
    const { text } = f.remediation;
    if (text.length <= MAX_INLINE) lines.push(`**Fix:** ${md(text)}`, "");
    else lines.push(...longPiece("Fix", text.length, () => `**Fix:** ${md(text, Infinity)}`, compact));
    if (f.remediation.iac) {
      const { snippet, syntax } = f.remediation.iac;
      const snippetLines = snippet.split("\n");
      if (snippetLines.every((line) => line.length <= LONG_COMMAND)) lines.push(codeBlock(snippetLines, syntax), "");
      else lines.push(...longPiece("Snippet", snippet.length, () => codeBlock(snippetLines, syntax), compact));
      if (f.remediation.cli.length > 0) lines.push(DEPLOYED_LABEL, "");
    }
    lines.push(...commandBlocks(f.remediation.cli.slice(0, MAX_COMMANDS), compact));
    if (f.remediation.cli.length > MAX_COMMANDS) lines.push(`(${f.remediation.cli.length - MAX_COMMANDS} more commands in the JSON report.)`, "");
  }
  return lines;
}

function topFindings(report: Report, budget: number): string[] {
  const fails = report.results.filter((f) => f.status === "FAIL" && !f.suppressed);
  if (fails.length === 0) return ["### Top findings", "", "No unsuppressed FAIL results.", ""];
  const order = new Map(fails.map((f, i) => [f, i]));
  const top = [...fails]
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || order.get(a)! - order.get(b)!)
    .slice(0, TOP_FINDINGS);
  const iac = allIac(report);
  // A block that does not fit whole is tried without its long pieces before the rest is left out.
  const blocks = top.map((f, i) => [findingBlock(f, i + 1, iac), findingBlock(f, i + 1, iac, true)]);
  const body: string[] = [];
  const shown = fitForms(body, blocks, budget - 1000);
  return [
    "### Top findings",
    "",
    `${shown} of ${plural(fails.length, "unsuppressed FAIL")}, highest severity first.`,
    "",
    ...body,
    ...(shown < top.length ? [`> **${top.length - shown} more top findings are not shown** ${LIMIT_NOTE}.`, ""] : []),
  ];
}

function errorsSection(report: Report, budget: number): string[] {
  const errors = report.results.filter((f) => f.status === "ERROR");
  if (errors.length === 0) return [];
  const lines = [
    "### ERRORs: not decided, not scored",
    "",
    "These results could not be decided (missing permissions, collection errors or internal errors); fix the cause and run again.",
    "",
  ];
  const iac = allIac(report);
  const listed = errors.slice(0, LISTED_ERRORS).map((f) => [`- **${md(f.checkId, 100)}** · ${place(f, iac)}: ${md(f.message)}`]);
  const shown = fit(lines, listed, budget - 1000);
  if (shown < errors.length) lines.push("", `${errors.length - shown} more ERRORs are in the table of all results below.`);
  lines.push("");
  return lines;
}

function expiredSection(report: Report, budget: number): string[] {
  if (report.expiredSuppressions.length === 0) return [];
  const lines = ["### Expired suppressions (not applied)", ""];
  const items = report.expiredSuppressions.map((s) => {
    const scope = [s.account !== undefined ? `account ${md(s.account, 100)}` : "", s.resource !== undefined ? md(s.resource, 500) : ""]
      .filter(Boolean)
      .join(", ");
    return [`- **${md(s.check, 100)}**${scope ? ` (${scope})` : ""} expired on ${md(s.expires, 100)}; reason given: ${md(s.reason)}`];
  });
  const shown = fit(lines, items, budget - 1000);
  if (shown < items.length) lines.push("", `${items.length - shown} more expired suppressions are in the JSON report.`);
  lines.push("");
  return lines;
}

/** "+5", "-3", "±0". */
function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `${n}` : "±0";
}

function scoreOrNa(score: number | null | undefined): string {
  return score === null || score === undefined ? "n/a" : `${score}/100`;
}

function deltaText(a: AccountDelta): string {
  if (a.before === undefined) return `new since the baseline: ${scoreOrNa(a.after)}`;
  if (a.after === undefined) return `not in this run (baseline: ${scoreOrNa(a.before)})`;
  return `${scoreOrNa(a.before)} → ${scoreOrNa(a.after)}${a.change !== undefined ? ` (**${signed(a.change)}**)` : ""}`;
}

function scoreChanged(a: AccountDelta): boolean {
  return a.before === undefined || a.after === undefined || (a.change !== undefined ? a.change !== 0 : a.before !== a.after);
}

/** The delta against the baseline: counts, the score change, accounts whose score changed, the fixed findings. */
function baselineSection(report: Report, budget: number): string[] {
  const delta = report.baseline;
  if (!delta) return [];
  const { counts, organization } = delta;
  const lines = [
    "### Since the baseline",
    "",
    `Baseline ${md(delta.file, 300)}, generated ${md(delta.generatedAt, 100)}: **${plural(counts.new, "new finding")}** · ${counts.unchanged.toLocaleString("en-US")} unchanged · **${counts.fixed.toLocaleString("en-US")} fixed** · score ${scoreOrNa(organization.before)} → ${scoreOrNa(organization.after)}${organization.change !== null ? ` (**${signed(organization.change)}**)` : ""}`,
    "",
  ];
  const notCompared = delta.notCompared ?? 0;
  if (notCompared > 0) {
    lines.push(`${plural(notCompared, "baseline finding")} not compared (check not run, account not in this run, or ERROR there now): not counted as fixed.`, "");
  }
  const files = allIac(report);
  const changed = delta.accounts.filter(scoreChanged);
  if (changed.length > 0) {
    lines.push(`| ${files ? "File" : "Account"} | ${files ? "Account" : "Name"} | Score |`, "| --- | --- | --- |");
    const rows = changed.map((a) => [
      `| ${files && a.input !== undefined ? md(a.input, 300) : md(a.accountId, 100)} | ${files ? md(a.accountId, 100) : a.accountName !== undefined ? md(a.accountName, 300) : ""} | ${deltaText(a)} |`,
    ]);
    const shown = fit(lines, rows, Math.floor(budget / 2));
    lines.push("", `${plural(changed.length, files ? "file" : "account")} of ${delta.accounts.length.toLocaleString("en-US")} changed score.`);
    if (shown < changed.length) lines.push("", `> **${changed.length - shown} of ${changed.length} are not listed** ${LIMIT_NOTE}.`);
    lines.push("");
  } else {
    lines.push("No account's score changed.", "");
  }
  if (delta.fixed.length > 0) {
    lines.push("**Fixed since the baseline:**", "");
    const items = delta.fixed.map((f) => {
      const where = [accountLabel(f.accountId, f.accountName), ...(f.region !== undefined ? [md(f.region, 100)] : []), ...(f.resource !== undefined ? [md(f.resource, 500)] : [])];
      const what = f.status === "ERROR" ? "was ERROR" : f.severity;
      return [`- ✅ ${what} · **${md(f.checkId, 100)}** · ${where.join(" · ")}: ${md(f.message)}${f.suppressed ? " (was suppressed)" : ""}`];
    });
    const shown = fit(lines, items, Math.floor(budget / 2) - 500);
    if (shown < items.length) lines.push("", `> **${items.length - shown} of ${items.length} fixed findings are not listed** ${LIMIT_NOTE}.`);
    lines.push("");
  }
  return lines;
}

function detailRow(f: Finding, iac: boolean): string {
  // The suppression's reason first: a long message is cut to fit the cell, the reason must not be.
  const message = f.suppressed ? `(suppressed${suppressedWhere(f.suppressed)}: ${f.suppressed.reason}) ${f.message}` : f.message;
  const cells = [
    statusLabel(f),
    f.severity,
    md(f.checkId, 100),
    origin(f, iac),
    f.region !== undefined ? md(f.region, 100) : "",
    f.resource !== undefined ? md(f.resource, 500) : "",
    md(message, 1000),
  ];
  return `| ${cells.join(" | ")} |`;
}

function bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/**
 * The page, at most `budget` bytes: the sections before the details table have their own shares
 * (baseline delta 10%, accounts 30%, top findings 25%, ERRORs 10%, expired suppressions 5%), the table the rest.
 */
export function toMarkdown(report: Report, budget = DEFAULT_BUDGET): string {
  const total = report.results.length;
  const before = [
    ...header(report),
    ...baselineSection(report, Math.floor(budget * 0.1)),
    ...accountsTable(report, Math.floor(budget * 0.3)),
    ...topFindings(report, Math.floor(budget * 0.25)),
    ...errorsSection(report, Math.floor(budget * 0.1)),
    ...expiredSection(report, Math.floor(budget * 0.05)),
  ];
  const head = `${before.join("\n")}\n`;
  if (total === 0) return head;

  const count = (n: number) => n.toLocaleString("en-US");
  const summaryLine = (shown: number) =>
    `<details>\n<summary>All results (${shown === total ? count(total) : `${count(shown)} of ${count(total)}`})</summary>\n\n`;
  const iac = allIac(report);
  const tableHead = `| Status | Severity | Check | ${iac ? "File" : "Account"} | Region | Resource | Message |\n| --- | --- | --- | --- | --- | --- | --- |\n`;
  const note = (left: number) => `\n> **${count(left)} of ${count(total)} results are not listed here** ${LIMIT_NOTE}.\n`;
  const tail = "\n</details>\n";

  // Reserve the longest summary line and note, so what is written can only be shorter.
  let used = bytes(head) + bytes(summaryLine(0)) + 2 * bytes(count(total)) + bytes(tableHead) + bytes(note(total)) + bytes(tail);
  const rows: string[] = [];
  for (const f of report.results) {
    const row = `${detailRow(f, iac)}\n`;
    const size = bytes(row);
    if (used + size > budget) break;
    rows.push(row);
    used += size;
  }
  return head + summaryLine(rows.length) + tableHead + rows.join("") + (rows.length < total ? note(total - rows.length) : "") + tail;
}

export const reporter: Reporter = {
  name: "markdown",
  extension: "md",
  render: (report) => toMarkdown(report),
};
