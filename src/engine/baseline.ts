// A report compared with an earlier one (--baseline, Checkov's word): each finding of this run is
// new or unchanged, and the baseline's findings this run no longer has are fixed. Pure: a function
// of the two reports.
//
// Findings are the FAIL and ERROR results (suppressed FAILs included, and marked as any other):
// PASS and NOT_APPLICABLE are not findings. They are matched by the fingerprint SARIF gives them
// (src/engine/fingerprint.ts), so "new" here is "a new alert" in code scanning. An ERROR has its
// own identity: a FAIL that became ERROR is not unchanged, and not fixed either (below).
//
// Several results may share a fingerprint (a check that judges one resource twice); they are
// matched as many to as many, a baseline result of the same messageId first, then in report order.
//
// A baseline finding is fixed only when this run could have found it again and did not: its check
// ran, its account is in this run, and the check decided there (no ERROR of that check for the
// account as a whole, or for the finding's resource). Otherwise it is not compared: a check left
// out, an account not scanned (another shard, --accounts) or a read that failed is unknown, and
// unknown must never look fixed.
import type { AccountDelta, AccountSummary, BaselineDelta, FixedFinding, Report } from "./report.js";
import { resultFingerprint } from "./fingerprint.js";
import type { Finding } from "./run.js";

/** The results that are findings: FAIL (suppressed or not) and ERROR. */
export function isFinding(f: Pick<Finding, "status">): f is Pick<Finding, "status"> & { status: "FAIL" | "ERROR" } {
  return f.status === "FAIL" || f.status === "ERROR";
}

type BaselineResult = Pick<
  Finding,
  "checkId" | "title" | "status" | "severity" | "accountId" | "accountName" | "region" | "resource" | "messageId" | "message" | "suppressed"
>;

/** What the comparison reads of a baseline report (any readable schemaVersion). */
export interface BaselineReport {
  generatedAt: string;
  results: readonly BaselineResult[];
  accounts: readonly Pick<AccountSummary, "accountId" | "accountName" | "input" | "score">[];
  summary: { score: number | null };
}

function accountKey(a: { accountId: string; input?: string }): string {
  return JSON.stringify([a.accountId, a.input ?? null]);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function fixedEntry(f: BaselineResult, print: string): FixedFinding {
  return {
    checkId: f.checkId,
    title: f.title,
    status: f.status as "FAIL" | "ERROR",
    severity: f.severity,
    accountId: f.accountId,
    ...(f.accountName !== undefined ? { accountName: f.accountName } : {}),
    ...(f.region !== undefined ? { region: f.region } : {}),
    ...(f.resource !== undefined ? { resource: f.resource } : {}),
    messageId: f.messageId,
    message: f.message,
    fingerprint: print,
    ...(f.suppressed ? { suppressed: true as const } : {}),
  };
}

function accountDeltas(report: Report, baseline: BaselineReport): AccountDelta[] {
  const before = new Map(baseline.accounts.map((a) => [accountKey(a), a]));
  const after = new Map(report.accounts.map((a) => [accountKey(a), a]));
  const keys = [...new Set([...after.keys(), ...before.keys()])];
  const deltas = keys.map((key): AccountDelta => {
    const then = before.get(key);
    const now = after.get(key);
    const some = (now ?? then)!;
    const name = now?.accountName ?? then?.accountName;
    const change = typeof then?.score === "number" && typeof now?.score === "number" ? now.score - then.score : undefined;
    return {
      accountId: some.accountId,
      ...(name !== undefined ? { accountName: name } : {}),
      ...(some.input !== undefined ? { input: some.input } : {}),
      ...(then ? { before: then.score } : {}),
      ...(now ? { after: now.score } : {}),
      ...(change !== undefined ? { change } : {}),
    };
  });
  return deltas.sort((a, b) => compareText(a.accountId, b.accountId) || compareText(a.input ?? "", b.input ?? ""));
}

/**
 * The report with every finding marked new or unchanged and `baseline` set. `file` is the baseline
 * as the user named it. The results are new objects where marked; the report given is not changed.
 */
export function compareWithBaseline(report: Report, baseline: BaselineReport, file: string): Report {
  // The baseline's findings by fingerprint, in report order.
  const waiting = new Map<string, { f: BaselineResult; matched: boolean }[]>();
  const prints = new Map<BaselineResult, string>();
  for (const f of baseline.results) {
    if (!isFinding(f)) continue;
    const print = resultFingerprint(f);
    prints.set(f, print);
    const list = waiting.get(print);
    const entry = { f, matched: false };
    if (list) list.push(entry);
    else waiting.set(print, [entry]);
  }

  // Two passes: results of the same fingerprint and messageId first, then the rest in report order.
  const current = report.results.map((f) => (isFinding(f) ? { f, list: waiting.get(resultFingerprint(f)), matched: false } : undefined));
  for (const pass of ["messageId", "any"] as const) {
    for (const entry of current) {
      if (entry === undefined || entry.matched || entry.list === undefined) continue;
      const match = entry.list.find((e) => !e.matched && (pass === "any" || e.f.messageId === entry.f.messageId));
      if (match) match.matched = entry.matched = true;
    }
  }
  let added = 0;
  let unchanged = 0;
  const results = report.results.map((f, i): Finding => {
    const entry = current[i];
    if (entry === undefined) return f;
    if (entry.matched) unchanged += 1;
    else added += 1;
    return { ...f, baseline: entry.matched ? "unchanged" : "new" };
  });

  const checksRun = new Set(report.checks.map((c) => c.id));
  const accountsRun = new Set(report.accounts.map((a) => a.accountId));
  // Where a check could not decide now: for a whole account ("*") or for one resource.
  const undecided = new Set<string>();
  for (const f of report.results) {
    if (f.status === "ERROR") undecided.add(JSON.stringify([f.checkId, f.accountId, f.resource ?? "*"]));
  }
  const decided = (f: BaselineResult) =>
    !undecided.has(JSON.stringify([f.checkId, f.accountId, "*"])) &&
    (f.resource === undefined || !undecided.has(JSON.stringify([f.checkId, f.accountId, f.resource])));

  const fixed: FixedFinding[] = [];
  let notCompared = 0;
  for (const f of baseline.results) {
    const print = prints.get(f);
    if (print === undefined) continue;
    const entry = waiting.get(print)!.find((e) => e.f === f)!;
    if (entry.matched) continue;
    if (checksRun.has(f.checkId) && accountsRun.has(f.accountId) && decided(f)) fixed.push(fixedEntry(f, print));
    else notCompared += 1;
  }

  const before = baseline.summary.score;
  const after = report.summary.score;
  const delta: BaselineDelta = {
    file,
    generatedAt: baseline.generatedAt,
    counts: { new: added, unchanged, fixed: fixed.length },
    notCompared,
    fixed,
    accounts: accountDeltas(report, baseline),
    organization: { before, after, change: before !== null && after !== null ? after - before : null },
  };
  return { ...report, results, baseline: delta };
}

/** The findings a --fail-on-new-only run counts: those new since the baseline (all of them without one). */
export function countedFindings(report: Pick<Report, "results" | "baseline">, newOnly: boolean): readonly Finding[] {
  return newOnly && report.baseline ? report.results.filter((f) => f.baseline === "new") : report.results;
}
