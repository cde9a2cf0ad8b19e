// What the HTML report's page script reads: the report reduced to what the page shows, with every
// repeated string (messages, evidence, commands, regions) stored once in a string table, so that a
// report of 10,000 accounts stays a file a browser opens. Built in report order, so the same report
// gives the same bytes.
import { SEVERITIES, STATUSES, type Severity, type Status } from "../../engine/check.js";
import type { AccountSummary, BaselineDelta, Report } from "../../engine/report.js";
import type { Finding } from "../../engine/run.js";

/** A finding's mark against a baseline report (--baseline), and the report's delta: optional, so the page works without them. */
export type BaselineMark = "new" | "unchanged";
export type ReportBaseline = BaselineDelta;
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
  /**
   * Texts of findings as parts: a string is itself, a number n the finding's n-th variable (its
   * account id, its account's pointer "/accounts/12" in the snapshot). A text field of a finding
   * holds i >= 0 for s[i], -2 - i for t[i], -1 for none.
   */
  t: (string | number)[][];
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
   *  suppressed reason, suppressed expiry, baseline mark, remediation text, account id,
   *  account pointer]; -1 where absent. resource, message, evidence (compact JSON), cli
   * (commands separated by "\n") and remediation text are text fields (see t).
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** "/accounts/12" of a pointer into a snapshot's account, else "". */
function accountPointer(pointer: string | undefined): string {
  return pointer === undefined ? "" : (/^\/accounts\/\d+/.exec(pointer)?.[0] ?? "");
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
  // A finding's texts with its account id and its account's snapshot pointer taken out: the
  // same check says the same thing of thousands of accounts, so the text is stored once.
  const templates: (string | number)[][] = [];
  const templateIndex = new Map<string, number>();
  const text = (value: string | undefined, vars: readonly string[], pattern: RegExp | undefined): number => {
    if (value === undefined) return -1;
    if (pattern === undefined || !vars.some((v) => v !== "" && value.includes(v))) return intern(value);
    const parts: (string | number)[] = [];
    let last = 0;
    for (const m of value.matchAll(pattern)) {
      if (m.index > last) parts.push(value.slice(last, m.index));
      parts.push(vars.indexOf(m[0]));
      last = m.index + m[0].length;
    }
    if (last < value.length) parts.push(value.slice(last));
    if (!parts.some((p) => typeof p === "number")) return intern(value);
    const key = JSON.stringify(parts);
    let i = templateIndex.get(key);
    if (i === undefined) {
      i = templates.length;
      templates.push(parts);
      templateIndex.set(key, i);
    }
    return -2 - i;
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
  const patterns = new Map<string, RegExp>();
  for (const f of report.results) {
    const row = rowOf(f);
    const check = checkIndex.get(f.checkId) ?? -1;
    if (row >= 0 && check >= 0) cells[row]![check] = Math.min(cells[row]![check]!, CELL_ORDER.indexOf(cellOf(f)));
    const vars = [f.accountId, accountPointer(f.pointer)];
    const key = vars.join(" ");
    let pattern = patterns.get(key);
    if (pattern === undefined) {
      const alternatives = [`(?<!\\d)${escapeRegExp(vars[0]!)}(?!\\d)`, ...(vars[1] !== "" ? [`${escapeRegExp(vars[1]!)}(?!\\d)`] : [])];
      pattern = new RegExp(alternatives.join("|"), "g");
      if (patterns.size > 100_000) patterns.clear();
      patterns.set(key, pattern);
    }
    const t = (value: string | undefined) => text(value, vars, f.accountId === "" ? undefined : pattern);
    const evidence = Object.keys(f.evidence).length > 0 ? JSON.stringify(f.evidence) : undefined;
    findings.push([
      check,
      STATUSES.indexOf(f.status),
      SEVERITIES.indexOf(f.severity),
      row,
      intern(f.region),
      t(f.resource),
      t(f.message),
      intern(location(f)),
      t(evidence),
      t(f.remediation && f.remediation.cli.length > 0 ? f.remediation.cli.join("\n") : undefined),
      intern(f.suppressed?.reason),
      intern(f.suppressed?.expires),
      f.baseline === "new" ? 0 : f.baseline === "unchanged" ? 1 : -1,
      t(f.remediation?.text),
      intern(vars[0]),
      intern(vars[1]),
    ]);
  }

  const ous = [...new Set(report.accounts.map((a) => ouPathText(a.ouPath)).filter((p): p is string => p !== undefined))].sort();
  return {
    s: strings,
    t: templates,
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
