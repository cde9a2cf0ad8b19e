// What the HTML report's page script reads: the report reduced to what the page shows, with every
// repeated string (messages, evidence, commands, regions) stored once in a string table, so that a
// report of 10,000 accounts stays a file a browser opens. Built in report order, so the same report
// gives the same bytes.
import { SEVERITIES, STATUSES, type Severity, type Status } from "../../engine/check.js";
import type { AccountSummary, Report } from "../../engine/report.js";
import type { Finding } from "../../engine/run.js";

/**
 * Fields other parts of issue 20 add to the report (the baseline helper owns them), and an
 * account's OU path where a report carries it; all optional, so the page works without them.
 */
export type BaselineMark = "new" | "unchanged";
export interface ReportBaseline {
  file: string;
  generatedAt: string;
  counts: { new: number; unchanged: number; fixed: number };
  fixed: {
    checkId: string;
    title: string;
    severity: string;
    accountId: string;
    accountName?: string;
    region?: string;
    resource?: string;
    messageId: string;
    message: string;
    fingerprint: string;
  }[];
  accounts: { accountId: string; accountName?: string; before?: number; after?: number; change?: number }[];
  organization: { before: number; after: number; change: number };
}
export interface OuRef {
  Id: string;
  Name?: string;
}
export type HtmlAccount = AccountSummary & { ouPath?: readonly OuRef[] };
export type HtmlFinding = Finding & { baseline?: BaselineMark };
export type HtmlReport = Omit<Report, "accounts" | "results"> & {
  accounts: readonly HtmlAccount[];
  results: readonly HtmlFinding[];
  baseline?: ReportBaseline;
};

/** A matrix cell's letter: the worst of the results of one check on one account. */
export const CELL = { FAIL: "F", ERROR: "E", suppressed: "S", PASS: "P", NOT_APPLICABLE: "N", none: "-" } as const;
type CellKey = keyof typeof CELL;
/** Worst first: an unsuppressed FAIL shows over an ERROR, an ERROR over a suppressed FAIL, and so on. */
const CELL_ORDER: readonly CellKey[] = ["FAIL", "ERROR", "suppressed", "PASS", "NOT_APPLICABLE", "none"];

export interface PageData {
  /** The string table: every other string field is an index into it. */
  s: string[];
  statuses: readonly Status[];
  severities: readonly Severity[];
  /** [id, title, severity index] per check, in report order. */
  checks: [number, number, number][];
  /** OU paths ("Root/Workloads/Prod"), indexes into s, sorted. */
  ous: number[];
  accounts: {
    /** id, name (-1: none), input (-1: none), OU path (-1: none). */
    a: [number, number, number, number];
    score: number | null;
    /** PASS, FAIL, ERROR, NOT_APPLICABLE. */
    c: number[];
    /** Unsuppressed FAILs by severity (SEVERITIES order). */
    f: number[];
    sup: number;
    /** One CELL letter per check, in checks order. */
    m: string;
    /** Score change since the baseline, where the report has one. */
    d?: number;
  }[];
  /**
   * [check, status, severity, account, region, resource, message, location, evidence, cli,
   *  suppressed reason, suppressed expiry, baseline mark, remediation text]; -1 where absent.
   * cli is an index of a string of commands separated by "\n".
   */
  findings: number[][];
}

function ouPathText(path: readonly OuRef[] | undefined): string | undefined {
  if (path === undefined || path.length === 0) return undefined;
  return path.map((ou) => ou.Name ?? ou.Id).join("/");
}

function accountKey(accountId: string, input: string | undefined): string {
  return input === undefined ? accountId : `${accountId}\u0000${input}`;
}

function cellOf(f: Finding): CellKey {
  return f.status === "FAIL" && f.suppressed ? "suppressed" : f.status;
}

export function location(f: Finding): string | undefined {
  if (!f.location) return f.pointer !== undefined && f.input !== undefined ? `${f.input}#${f.pointer}` : undefined;
  const { file, startLine, startColumn } = f.location;
  return `${file}:${startLine}${startColumn !== undefined ? `:${startColumn}` : ""}`;
}

export function pageData(report: HtmlReport): PageData {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const intern = (value: string | undefined): number => {
    if (value === undefined) return -1;
    let i = index.get(value);
    if (i === undefined) {
      i = strings.length;
      strings.push(value);
      index.set(value, i);
    }
    return i;
  };

  const checkIndex = new Map(report.checks.map((c, i) => [c.id, i]));
  const checks = report.checks.map((c): [number, number, number] => [intern(c.id), intern(c.title), SEVERITIES.indexOf(c.severity)]);

  const iacFiles = new Set(report.accounts.filter((a) => a.input !== undefined).map((a) => a.input!));
  const accountRow = new Map<string, number>();
  report.accounts.forEach((a, i) => accountRow.set(accountKey(a.accountId, a.input), i));
  const rowOf = (f: Finding): number =>
    accountRow.get(accountKey(f.accountId, f.input !== undefined && iacFiles.has(f.input) ? f.input : undefined)) ?? -1;

  const change = new Map((report.baseline?.accounts ?? []).map((a) => [a.accountId, a.change]));
  const cells = report.accounts.map(() => new Array<number>(report.checks.length).fill(CELL_ORDER.indexOf("none")));
  const findings: number[][] = [];
  for (const f of report.results) {
    const row = rowOf(f);
    const check = checkIndex.get(f.checkId) ?? -1;
    if (row >= 0 && check >= 0) cells[row]![check] = Math.min(cells[row]![check]!, CELL_ORDER.indexOf(cellOf(f)));
    const evidence = Object.keys(f.evidence).length > 0 ? JSON.stringify(f.evidence, null, 2) : undefined;
    findings.push([
      check,
      STATUSES.indexOf(f.status),
      SEVERITIES.indexOf(f.severity),
      row,
      intern(f.region),
      intern(f.resource),
      intern(f.message),
      intern(location(f)),
      intern(evidence),
      intern(f.remediation && f.remediation.cli.length > 0 ? f.remediation.cli.join("\n") : undefined),
      intern(f.suppressed?.reason),
      intern(f.suppressed?.expires),
      f.baseline === "new" ? 0 : f.baseline === "unchanged" ? 1 : -1,
      intern(f.remediation?.text),
    ]);
  }

  const ous = [...new Set(report.accounts.map((a) => ouPathText(a.ouPath)).filter((p): p is string => p !== undefined))].sort();
  return {
    s: strings,
    statuses: STATUSES,
    severities: SEVERITIES,
    checks,
    ous: ous.map(intern),
    accounts: report.accounts.map((a, i) => {
      const d = change.get(a.accountId);
      return {
        a: [intern(a.accountId), intern(a.accountName), intern(a.input), intern(ouPathText(a.ouPath))],
        score: a.score,
        c: STATUSES.map((s) => a.counts[s]),
        f: SEVERITIES.map((s) => a.failures[s]),
        sup: a.suppressed,
        m: cells[i]!.map((c) => CELL[CELL_ORDER[c]!]).join(""),
        ...(d !== undefined ? { d } : {}),
      };
    }),
    findings,
  };
}

/**
 * JSON for a `<script type="application/json">` block: `<`, `>` and `&` (and the two JavaScript
 * line terminators) as \u escapes, so no value can close the element or open a comment in it.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
