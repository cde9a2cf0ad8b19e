// The Report: everything reporters see. Built from findings, the checks that ran and the inputs.
// Reporters are pure functions of it; nothing here reads files or the clock.
import type { AnyCheck, Severity, Status } from "./check.js";
import { SEVERITIES, STATUSES } from "./check.js";
import type { CheckSetting, Finding } from "./run.js";

export const REPORT_SCHEMA_VERSION = "1.0";

/** Weight of a check result in the score, by configured severity. */
export const SCORE_WEIGHTS: Record<Severity, number> = { critical: 10, high: 5, medium: 3, low: 1, info: 0 };

export interface ReportInput {
  /** The file as the user named it (repository-relative where possible), or a label such as "aws". */
  file: string;
  source: "snapshot" | "aws" | "cloudformation" | "terraform" | "example";
  collectedAt: string;
  partition: string;
  organizationId: string | null;
  accountCount: number;
}

export interface ReportCheck {
  id: string;
  title: string;
  /** Configured severity (may differ from defaultSeverity). */
  severity: Severity;
  defaultSeverity: Severity;
  rationale: string;
  remediation: { text: string; cli: string[] };
  frameworks: Record<string, string[]>;
  params: Record<string, unknown>;
  docsUrl?: string;
  /** The plugin the check comes from; absent for a built-in check. */
  plugin?: { name: string; version?: string };
}

export type StatusCounts = Record<Status, number>;
export type SeverityCounts = Record<Severity, number>;

export interface AccountSummary {
  accountId: string;
  accountName?: string;
  /** 0-100, severity-weighted; null when nothing was decided (only N/A and ERROR). */
  score: number | null;
  counts: StatusCounts;
  /** Unsuppressed FAIL results by severity. */
  failures: SeverityCounts;
  suppressed: number;
}

export interface ExpiredSuppression {
  check: string;
  account?: string;
  resource?: string;
  reason: string;
  expires: string;
}

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: "cloudtrail-lint"; version: string; informationUri: string };
  /** The one wall-clock value in a report; pinned by --now or SOURCE_DATE_EPOCH. */
  generatedAt: string;
  inputs: ReportInput[];
  checks: ReportCheck[];
  /** Sorted (see compareFindings). */
  results: Finding[];
  expiredSuppressions: ExpiredSuppression[];
  accounts: AccountSummary[];
  summary: {
    score: number | null;
    counts: StatusCounts;
    failures: SeverityCounts;
    suppressed: number;
  };
}

export const INFORMATION_URI = "https://github.com/cloudtrail-lint/cloudtrail-lint";

function zeroStatus(): StatusCounts {
  return Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;
}
function zeroSeverity(): SeverityCounts {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SeverityCounts;
}

/**
 * Score = 100 × Σ weight(PASS) / Σ weight(PASS + unsuppressed FAIL), rounded to an integer, with
 * weights by severity (SCORE_WEIGHTS). NOT_APPLICABLE, ERROR and suppressed FAILs are left out of
 * the denominator; null when nothing weighted was decided.
 */
export function score(findings: readonly Finding[]): number | null {
  let pass = 0;
  let total = 0;
  for (const f of findings) {
    const weight = SCORE_WEIGHTS[f.severity];
    if (f.status === "PASS") {
      pass += weight;
      total += weight;
    } else if (f.status === "FAIL" && !f.suppressed) {
      total += weight;
    }
  }
  return total === 0 ? null : Math.round((100 * pass) / total);
}

function summarize(findings: readonly Finding[]) {
  const counts = zeroStatus();
  const failures = zeroSeverity();
  let suppressed = 0;
  for (const f of findings) {
    counts[f.status] += 1;
    if (f.status === "FAIL") {
      if (f.suppressed) suppressed += 1;
      else failures[f.severity] += 1;
    }
  }
  return { score: score(findings), counts, failures, suppressed };
}

export function describeCheck(check: AnyCheck, setting: CheckSetting): ReportCheck {
  const { meta } = check;
  return {
    id: meta.id,
    title: meta.title,
    severity: setting.severity,
    defaultSeverity: meta.severity,
    rationale: meta.rationale,
    remediation: { text: meta.remediation.text, cli: meta.remediation.cli ?? [] },
    frameworks: meta.frameworks,
    params: setting.params,
    ...(meta.docsUrl ? { docsUrl: meta.docsUrl } : {}),
    ...(check.plugin ? { plugin: { ...check.plugin } } : {}),
  };
}

export function buildReport(options: {
  version: string;
  generatedAt: string;
  inputs: ReportInput[];
  checks: ReportCheck[];
  findings: Finding[];
  expiredSuppressions?: ExpiredSuppression[];
}): Report {
  const byAccount = new Map<string, Finding[]>();
  for (const f of options.findings) {
    const list = byAccount.get(f.accountId) ?? [];
    list.push(f);
    byAccount.set(f.accountId, list);
  }
  const accounts = [...byAccount.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([accountId, findings]): AccountSummary => {
      const name = findings.find((f) => f.accountName !== undefined)?.accountName;
      const { score: s, counts, failures, suppressed } = summarize(findings);
      return { accountId, ...(name !== undefined ? { accountName: name } : {}), score: s, counts, failures, suppressed };
    });
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: "cloudtrail-lint", version: options.version, informationUri: INFORMATION_URI },
    generatedAt: options.generatedAt,
    inputs: options.inputs,
    checks: options.checks,
    results: options.findings,
    expiredSuppressions: options.expiredSuppressions ?? [],
    accounts,
    summary: summarize(options.findings),
  };
}
