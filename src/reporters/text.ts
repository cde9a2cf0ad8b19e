// The human-readable report: inputs, then one block per account — per file for templates and plans,
// which share a synthesized account — (header with score, one line per
// FAIL or ERROR, PASS and NOT_APPLICABLE counted and listed only with `verbose`; with `verbose` a
// FAIL's fix, the file's change before the commands for a resource already deployed), then a summary
// with the counts, the organization score beside the ERROR count, and expired suppressions. With a
// baseline: new findings marked "[new]", each account's score change in its header, and after the
// summary the delta (new, unchanged, fixed, the organization's score change), the fixed findings
// and the accounts whose score changed.
// Untrusted text (names, messages, ARNs from the snapshot) is stripped of control characters so a
// snapshot cannot drive the terminal.
import pc from "picocolors";
import type { Severity, Status } from "../engine/check.js";
import { SEVERITIES, SEVERITY_RANK } from "../engine/check.js";
import { summaryFindings, type AccountDelta, type AccountSummary, type BaselineDelta, type Report } from "../engine/report.js";
import type { Finding } from "../engine/run.js";
import { allIac, DEPLOYED_LABEL, fileKind, isIacInput, kindLabel, realAccount, suppressedWhere } from "./iac.js";
import { shardNote, type Reporter, type ReporterOptions } from "./reporter.js";

type Colors = ReturnType<typeof pc.createColors>;

// C0/C1 controls, and the bidirectional overrides and isolates that reorder what a terminal shows.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_OR_NEWLINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

// Half of a surrogate pair without the other half cannot be encoded as UTF-8.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const escape = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** One line of untrusted text: every control character (newlines included) shown escaped. */
export function safe(text: string): string {
  return text
    .replace(LONE_SURROGATE, escape)
    .replace(UNSAFE_OR_NEWLINE, (ch) => (ch === "\n" ? "\\n" : ch === "\t" ? " " : escape(ch)));
}

/** Untrusted text that may span lines (commands): newlines kept, other controls escaped. */
function safeLines(text: string): string[] {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(LONE_SURROGATE, escape)
    .replace(UNSAFE, (ch) => (ch === "\t" ? "  " : escape(ch)))
    .split("\n");
}

const STATUS_LABEL: Record<Status, string> = { FAIL: "FAIL", ERROR: "ERROR", PASS: "PASS", NOT_APPLICABLE: "N/A" };

function severityColor(c: Colors, severity: Severity): (s: string) => string {
  switch (severity) {
    case "critical":
      return (s) => c.bold(c.red(s));
    case "high":
      return c.red;
    case "medium":
      return c.yellow;
    case "low":
      return c.cyan;
    case "info":
      return c.gray;
  }
}

function statusColor(c: Colors, finding: Finding): (s: string) => string {
  if (finding.suppressed) return c.dim;
  switch (finding.status) {
    case "FAIL":
      return severityColor(c, finding.severity);
    case "ERROR":
      return (s) => c.bold(c.magenta(s));
    case "PASS":
      return c.green;
    case "NOT_APPLICABLE":
      return c.gray;
  }
}

function scoreText(c: Colors, score: number | null, prefix = "score "): string {
  if (score === null) return c.gray(`${prefix}n/a (nothing decided)`);
  const paint = score >= 90 ? c.green : score >= 70 ? c.yellow : c.red;
  return paint(`${prefix}${score}/100`);
}

function errorsBeside(c: Colors, errors: number): string {
  return errors > 0 ? c.magenta(` · ${errors} ERROR result${errors === 1 ? "" : "s"} not scored (partial scan)`) : "";
}

/** Display order inside an account: open FAILs by severity, ERRORs, suppressed FAILs, then PASS and N/A. */
function rank(f: Finding): number {
  if (f.status === "FAIL" && !f.suppressed) return 10 - SEVERITY_RANK[f.severity];
  if (f.status === "ERROR") return 20;
  if (f.status === "FAIL") return 30;
  if (f.status === "PASS") return 40;
  return 50;
}

function where(f: Finding): string {
  if (f.location) {
    return `${f.location.file}:${f.location.startLine}${f.location.startColumn !== undefined ? `:${f.location.startColumn}` : ""}`;
  }
  return f.input ?? "";
}

function plural(n: number, word: string): string {
  return `${n} ${word}`;
}

function renderFinding(c: Colors, f: Finding, widths: { check: number }, verbose: boolean): string[] {
  const paint = statusColor(c, f);
  const status = paint(STATUS_LABEL[f.status].padEnd(5));
  const severity = (f.status === "FAIL" && !f.suppressed ? severityColor(c, f.severity) : c.dim)(f.severity.padEnd(8));
  const location = where(f);
  let message = safe(f.message);
  if (f.suppressed) {
    const until = f.suppressed.expires ? ` until ${f.suppressed.expires}` : "";
    message = `${message} [suppressed${safe(suppressedWhere(f.suppressed))}${until}: ${safe(f.suppressed.reason)}]`;
  }
  const text = (f.baseline === "new" ? `${c.bold(c.yellow("[new]"))} ` : "") + (f.suppressed ? c.dim(message) : message);
  const lines = [`  ${status} ${severity} ${f.checkId.padEnd(widths.check)}  ${text}${location ? `  ${c.dim(safe(location))}` : ""}`];
  if (!verbose) return lines;

  const indent = " ".repeat(2 + 5 + 1 + 8 + 1);
  if (f.resource || f.region) {
    lines.push(`${indent}${c.dim("resource:")} ${safe(f.resource ?? "-")}${f.region ? c.dim(` (${safe(f.region)})`) : ""}`);
  }
  if ((f.status === "FAIL" || f.status === "ERROR") && Object.keys(f.evidence).length > 0) {
    let evidence = JSON.stringify(f.evidence);
    if (evidence.length > 300) evidence = `${evidence.slice(0, 299)}…`;
    lines.push(`${indent}${c.dim("evidence:")} ${c.dim(safe(evidence))}`);
  }
  if (f.status === "FAIL" && f.remediation) {
    lines.push(`${indent}${c.bold("fix:")} ${safe(f.remediation.text)}`);
    if (f.remediation.iac) {
      for (const line of safeLines(f.remediation.iac.snippet)) lines.push(`${indent}  ${c.dim("│")} ${c.cyan(line)}`);
      if (f.remediation.cli.length > 0) lines.push(`${indent}  ${c.dim(DEPLOYED_LABEL.toLowerCase())}`);
    }
    for (const command of f.remediation.cli) {
      const [first = "", ...rest] = safeLines(command);
      lines.push(`${indent}  ${c.dim("$")} ${c.cyan(first)}`);
      for (const line of rest) lines.push(`${indent}    ${c.cyan(line)}`);
    }
  }
  return lines;
}

/** "+5" / "-3" / "±0". */
export function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `${n}` : "±0";
}

function changeText(c: Colors, delta: AccountDelta | undefined): string {
  if (delta === undefined) return "";
  if (delta.before === undefined) return c.dim(" (new since the baseline)");
  if (delta.change === undefined) return delta.before === delta.after ? "" : c.dim(` (baseline: ${delta.before === null ? "n/a" : `${delta.before}/100`})`);
  const paint = delta.change > 0 ? c.green : delta.change < 0 ? c.red : c.dim;
  return paint(` (${signed(delta.change)} since the baseline)`);
}

function accountHeader(c: Colors, report: Report, account: AccountSummary, delta: AccountDelta | undefined): string {
  const kind = fileKind(report, account);
  const score = `${scoreText(c, account.score)}${changeText(c, delta)}${errorsBeside(c, account.counts.ERROR)}`;
  if (account.input !== undefined && kind !== undefined) {
    // A template or plan: the file is the unit (ESLint-style), its account only when it is a real one.
    const about = realAccount(account.accountId) ? `${kind}, account ${safe(account.accountId)}` : kind;
    return `${c.bold(safe(account.input))} ${c.dim(`(${about})`)}  ${score}`;
  }
  const name = account.accountName !== undefined ? ` ${safe(account.accountName)}` : "";
  return `${c.bold(`${account.accountId}${name}`)}  ${score}`;
}

function deltaKey(a: { accountId: string; input?: string }): string {
  return JSON.stringify([a.accountId, a.input ?? null]);
}

const scoreOrNa = (score: number | null | undefined) => (score === null || score === undefined ? "n/a" : `${score}/100`);

/** Whether an account's score is not what it was (new and gone accounts included). */
export function scoreChanged(a: AccountDelta): boolean {
  return a.before === undefined || a.after === undefined || (a.change !== undefined ? a.change !== 0 : a.before !== a.after);
}

function baselineLines(c: Colors, delta: BaselineDelta, label: string): string[] {
  const { counts, organization } = delta;
  const org =
    organization.change !== null
      ? `${label} ${scoreOrNa(organization.before)} → ${scoreOrNa(organization.after)} (${signed(organization.change)})`
      : `${label} ${scoreOrNa(organization.before)} → ${scoreOrNa(organization.after)}`;
  const out = [
    `${c.bold("Since the baseline")} ${safe(delta.file)} ${c.dim(`(generated ${safe(delta.generatedAt)})`)}: ` +
      `${counts.new > 0 ? c.yellow(`${counts.new} new`) : `${counts.new} new`}, ${counts.unchanged} unchanged, ` +
      `${counts.fixed > 0 ? c.green(`${counts.fixed} fixed`) : `${counts.fixed} fixed`}; ${org}`,
  ];
  if ((delta.notCompared ?? 0) > 0) {
    out.push(
      c.dim(`  ${delta.notCompared} baseline finding${delta.notCompared === 1 ? " was" : "s were"} not compared: check not run, account not in this run, or ERROR there now (not counted as fixed)`),
    );
  }
  if (delta.fixed.length > 0) {
    out.push("", c.bold(`Fixed since the baseline: ${delta.fixed.length}`));
    const width = delta.fixed.reduce((w, f) => Math.max(w, safe(f.checkId).length), 0);
    for (const f of delta.fixed) {
      const where = [f.accountId + (f.accountName !== undefined ? ` ${f.accountName}` : ""), f.region, f.resource].filter((p) => p !== undefined);
      out.push(
        `  ${c.green("FIXED")} ${(f.status === "ERROR" ? "(ERROR)" : f.severity).padEnd(8)} ${safe(f.checkId).padEnd(width)}  ${safe(f.message)}${f.suppressed ? c.dim(" [was suppressed]") : ""}  ${c.dim(safe(where.join(" · ")))}`,
      );
    }
  }
  const changed = delta.accounts.filter(scoreChanged);
  if (changed.length > 0) {
    out.push("", c.bold(`Score changes since the baseline: ${changed.length} of ${delta.accounts.length} account${delta.accounts.length === 1 ? "" : "s"}`));
    for (const a of changed) {
      const name = safe(a.input ?? (a.accountName !== undefined ? `${a.accountId} ${a.accountName}` : a.accountId));
      const what =
        a.before === undefined
          ? `new since the baseline: ${scoreOrNa(a.after)}`
          : a.after === undefined
            ? `not in this run (baseline: ${scoreOrNa(a.before)})`
            : `${scoreOrNa(a.before)} → ${scoreOrNa(a.after)}${a.change !== undefined ? ` (${signed(a.change)})` : ""}`;
      out.push(`  ${name}  ${a.change !== undefined && a.change > 0 ? c.green(what) : a.change !== undefined && a.change < 0 ? c.red(what) : what}`);
    }
  }
  return out;
}

function hiddenCounts(c: Colors, findings: readonly Finding[]): string {
  const pass = findings.filter((f) => f.status === "PASS").length;
  const na = findings.filter((f) => f.status === "NOT_APPLICABLE").length;
  const parts = [pass > 0 ? c.green(plural(pass, "PASS")) : "", na > 0 ? c.gray(plural(na, "N/A")) : ""].filter(Boolean);
  return parts.join(c.dim(" · "));
}

function failureBreakdown(failures: Record<Severity, number>): string {
  const parts = [...SEVERITIES].filter((s) => failures[s] > 0).map((s) => `${failures[s]} ${s}`);
  return parts.join(", ");
}

function scoreLabel(report: Report): string {
  const organizations = new Set(report.inputs.map((i) => i.organizationId));
  return allIac(report)
    ? report.accounts.length === 1 ? "Score" : `Overall score (${report.accounts.length} files)`
    : organizations.size === 1 && !organizations.has(null) ? "Organization score" : report.accounts.length === 1 ? "Account score" : "Overall score";
}

function summaryLines(c: Colors, report: Report): string[] {
  const { counts, failures, suppressed, score } = report.summary;
  const total = counts.PASS + counts.FAIL + counts.ERROR + counts.NOT_APPLICABLE;
  const open = counts.FAIL - suppressed;
  const breakdown = failureBreakdown(failures);
  const fail =
    `${open} FAIL` + (breakdown ? ` (${breakdown})` : "") + (suppressed > 0 ? c.dim(` + ${suppressed} suppressed`) : "");
  const parts = [
    c.green(`${counts.PASS} PASS`),
    open > 0 ? c.red(fail) : fail,
    counts.ERROR > 0 ? c.magenta(`${counts.ERROR} ERROR`) : `${counts.ERROR} ERROR`,
    c.gray(`${counts.NOT_APPLICABLE} NOT_APPLICABLE`),
  ];
  const label = scoreLabel(report);
  return [
    `${c.bold("Summary:")} ${total} result${total === 1 ? "" : "s"} from ${report.checks.length} check${report.checks.length === 1 ? "" : "s"}: ${parts.join(", ")}`,
    `${c.bold(`${label}:`)} ${scoreText(c, score, "")}${errorsBeside(c, counts.ERROR)}`,
  ];
}

export function renderText(report: Report, options: ReporterOptions): string {
  const c = pc.createColors(options.color);
  const out: string[] = [];

  const head = `${c.bold(report.tool.name)} ${report.tool.version}`;
  if (report.inputs.length === 0) out.push(head);
  for (const input of report.inputs) {
    if (isIacInput(input)) {
      out.push(`${head} ${c.dim("·")} ${safe(input.file)} (${kindLabel(input)})`);
      continue;
    }
    const scope = input.organizationId ? `organization ${safe(input.organizationId)}, ` : "";
    out.push(
      `${head} ${c.dim("·")} ${safe(input.file)} (${scope}${input.accountCount} account${input.accountCount === 1 ? "" : "s"}${shardNote(input)}, collected ${safe(input.collectedAt)})`,
    );
  }
  out.push("");

  const shown = (f: Finding) => options.verbose || f.status === "FAIL" || f.status === "ERROR";
  // A loop, not Math.max(...): a spread of hundreds of thousands of results overflows the stack.
  const widths = { check: report.results.reduce((width, f) => (shown(f) ? Math.max(width, f.checkId.length) : width), 0) };
  const deltas = new Map((report.baseline?.accounts ?? []).map((d) => [deltaKey(d), d]));
  for (const account of report.accounts) {
    const findings = summaryFindings(report, account)
      .map((f, i) => ({ f, i }))
      .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
      .map(({ f }) => f);
    out.push(accountHeader(c, report, account, report.baseline ? deltas.get(deltaKey(account)) : undefined));
    const visible = findings.filter(shown);
    for (const f of visible) out.push(...renderFinding(c, f, widths, options.verbose));
    if (!options.verbose) {
      const hidden = hiddenCounts(c, findings);
      const nothing = visible.length === 0;
      if (nothing) out.push(`  ${c.green("no failures")}${hidden ? c.dim(" (") + hidden + c.dim(")") : ""}`);
      else if (hidden) out.push(`  ${c.dim("also")} ${hidden}`);
    }
    out.push("");
  }
  if (report.results.length === 0) out.push(c.dim("No results: no check ran on any account."), "");

  out.push(...summaryLines(c, report));
  if (report.baseline) out.push("", ...baselineLines(c, report.baseline, scoreLabel(report).replace(/^\w/, (ch) => ch.toLowerCase())));

  if (report.expiredSuppressions.length > 0) {
    out.push("", c.yellow(c.bold(`Expired suppressions (not applied): ${report.expiredSuppressions.length}`)));
    for (const s of report.expiredSuppressions) {
      const scope = [s.check, s.account ? `account ${s.account}` : "", s.resource ?? ""].filter(Boolean).map(safe).join(" · ");
      out.push(`  ${scope}: "${safe(s.reason)}" ${c.yellow(`expired ${safe(s.expires)}`)}`);
    }
  }
  return `${out.join("\n")}\n`;
}

export const reporter: Reporter = {
  name: "text",
  extension: "txt",
  render: renderText,
};
