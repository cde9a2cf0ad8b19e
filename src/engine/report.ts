// The Report: everything reporters see. Built from findings, the checks that ran and the inputs.
// Reporters are pure functions of it; nothing here reads files or the clock.
import type { AnyCheck, Severity, Status } from "./check.js";
import { SEVERITIES, STATUSES } from "./check.js";
import type { CheckSetting, Finding } from "./run.js";

export const REPORT_SCHEMA_VERSION = "1.1";

/**
 * The report versions a baseline may be (--baseline): those whose results carry what the
 * fingerprint needs (check, account, resource, region, status). 1.1 added the baseline fields.
 */
export const READABLE_REPORT_VERSIONS = ["1.0", "1.1"] as const;

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
  /** scan --shard I/N: the results are those of this shard's accounts. */
  shard?: { index: number; count: number };
  /** Shards of a sharded scan linted together; `missing` not given (lint --allow-partial): a partial scan. */
  shards?: { count: number; missing: number[] };
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

export interface OuRef {
  Id: string;
  Name?: string;
}

export type StatusCounts = Record<Status, number>;
export type SeverityCounts = Record<Severity, number>;

export interface AccountSummary {
  accountId: string;
  accountName?: string;
  /**
   * For a template or plan: the file this scorecard is for. Each file is its own synthesized
   * account, so a run over many files has one scorecard per file (not one per account id).
   */
  input?: string;
  /**
   * The account's place in the organization (the snapshot's ouPath: root first, then each OU down
   * to its parent); absent where the input does not say (a standalone account, an OU tree that
   * could not be read, a template or plan).
   */
  ouPath?: OuRef[];
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

/** A finding of the baseline that this run no longer has (see src/engine/baseline.ts): the finding's identity and words. */
export interface FixedFinding extends Pick<Finding, "checkId" | "title" | "severity" | "accountId" | "accountName" | "region" | "resource" | "messageId" | "message"> {
  /**
   * FAIL, or ERROR: a check that could not decide there in the baseline, and now can. Always set by
   * compareWithBaseline (and required by the schema); optional here so that hand-built reports
   * (tests of other reporters) need not spell it.
   */
  status?: "FAIL" | "ERROR";
  /** As in SARIF partialFingerprints (src/engine/fingerprint.ts: resultFingerprint). */
  fingerprint: string;
  /** It was a suppressed FAIL in the baseline. */
  suppressed?: true;
}

/** The score of an account (or a template's or plan's file) then and now. */
export interface AccountDelta {
  accountId: string;
  accountName?: string;
  /** For a template or plan: the file the scorecard is for (as AccountSummary.input). */
  input?: string;
  /** Score in the baseline; absent when the account is new since; null when nothing was decided then. */
  before?: number | null;
  /** Score now; absent when the account is gone (not in this run); null when nothing is decided now. */
  after?: number | null;
  /** after - before, when both are numbers. */
  change?: number;
}

/** What changed since the baseline report (--baseline). */
export interface BaselineDelta {
  /** The baseline file as the user named it. */
  file: string;
  /** The baseline report's generatedAt. */
  generatedAt: string;
  counts: { new: number; unchanged: number; fixed: number };
  /**
   * Baseline findings neither matched nor fixed: their check did not run, their account was not in
   * this run, or the check could not decide there now (an ERROR). Unknown is not fixed. Always set
   * by compareWithBaseline; optional in the schema and here.
   */
  notCompared?: number;
  /** In the baseline's order. */
  fixed: FixedFinding[];
  /** Every account of either report, sorted as report.accounts. */
  accounts: AccountDelta[];
  organization: { before: number | null; after: number | null; change: number | null };
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
  /** Present with --baseline: new, unchanged and fixed findings, and score changes. */
  baseline?: BaselineDelta;
}

/** Inputs that are files of infrastructure as code: each is its own synthesized account. */
export const IAC_SOURCES: ReadonlySet<ReportInput["source"]> = new Set(["cloudformation", "terraform"]);

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The findings a scorecard counts: its account's, and for a template or plan only its file's. */
export function summaryFindings(report: Pick<Report, "results">, summary: AccountSummary): Finding[] {
  const ofAccount = byAccount(report.results).get(summary.accountId) ?? [];
  return summary.input === undefined ? [...ofAccount] : ofAccount.filter((f) => f.input === summary.input);
}

const accountIndexes = new WeakMap<readonly Finding[], Map<string, Finding[]>>();

/** The results of each account, in report order: built once per results list (a reporter asks for every account). */
function byAccount(results: readonly Finding[]): Map<string, Finding[]> {
  let index = accountIndexes.get(results);
  if (!index) {
    index = new Map();
    for (const finding of results) {
      const list = index.get(finding.accountId);
      if (list) list.push(finding);
      else index.set(finding.accountId, [finding]);
    }
    accountIndexes.set(results, index);
  }
  return index;
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
  /** Each account's OU path, by account id (from the snapshots' accounts). */
  ouPaths?: ReadonlyMap<string, readonly OuRef[]>;
}): Report {
  // Live and snapshot findings are scored per account; a template's or plan's per file.
  const iacFiles = new Set(options.inputs.filter((i) => IAC_SOURCES.has(i.source)).map((i) => i.file));
  const groups = new Map<string, { accountId: string; input?: string; findings: Finding[] }>();
  for (const f of options.findings) {
    const input = f.input !== undefined && iacFiles.has(f.input) ? f.input : undefined;
    const key = JSON.stringify([f.accountId, input ?? null]);
    const group = groups.get(key) ?? { accountId: f.accountId, ...(input !== undefined ? { input } : {}), findings: [] };
    group.findings.push(f);
    groups.set(key, group);
  }
  const accounts = [...groups.values()]
    .sort((a, b) => compareText(a.accountId, b.accountId) || compareText(a.input ?? "", b.input ?? ""))
    .map(({ accountId, input, findings }): AccountSummary => {
      const name = findings.find((f) => f.accountName !== undefined)?.accountName;
      const { score: s, counts, failures, suppressed } = summarize(findings);
      const ouPath = input === undefined ? options.ouPaths?.get(accountId) : undefined;
      return {
        accountId,
        ...(name !== undefined ? { accountName: name } : {}),
        ...(input !== undefined ? { input } : {}),
        ...(ouPath !== undefined ? { ouPath: ouPath.map((ou) => ({ Id: ou.Id, ...(ou.Name !== undefined ? { Name: ou.Name } : {}) })) } : {}),
        score: s,
        counts,
        failures,
        suppressed,
      };
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
