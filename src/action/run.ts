// The GitHub Action: turns its inputs into a cloudtrail-lint command line (mode lint -> `lint`,
// iac -> `iac`, scan -> `scan`), runs the CLI in-process with `--fail-on none`, then reads the JSON
// report the run wrote and, from it alone, sets the outputs, writes the job summary, annotates
// FAIL findings that have a file location and decides whether the step fails.
//
// Suppressed FAILs are dropped from the SARIF file the Action writes (with a note in the run's
// notifications): GitHub code scanning ignores SARIF `suppressions` and would open alerts for them.
// The JSON, JUnit and Markdown reports keep them, marked as suppressed.
//
// Everything GitHub reads from the log is a workflow command, so text that comes from the inputs
// (messages, names, the text report) reaches the log only through annotations (escaped by the
// toolkit) or between ::stop-commands:: markers.
import { randomUUID } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type * as Sarif from "sarif";
import type { CliIo } from "../cli/io.js";
import type { FailOn } from "../config/load.js";
import { SEVERITY_RANK, type Severity } from "../engine/check.js";
import { countedFindings } from "../engine/baseline.js";
import type { Report } from "../engine/report.js";
import type { Finding } from "../engine/run.js";
import { findReporter } from "../reporters/index.js";
import { InputError, isInputError } from "../util/errors.js";
import { packageVersion } from "../util/paths.js";
import { writeFilesAtomically } from "../util/write.js";
import { isIacFile, TERRAFORM_FILE } from "../sources/iac-inputs.js";
import { expandPaths } from "./glob.js";
import { readInputs, type ActionInputs } from "./inputs.js";

export type AnnotationLevel = "error" | "warning" | "notice";

export interface AnnotationProperties {
  title?: string;
  /** Repository-relative path. */
  file?: string;
  startLine?: number;
  startColumn?: number;
}

/** What the Action needs from the runner; @actions/core in production, a recorder in tests. */
export interface ActionHost {
  /** Writes lines to the log as they are. */
  info(text: string): void;
  startGroup(name: string): void;
  endGroup(): void;
  annotate(level: AnnotationLevel, message: string, properties?: AnnotationProperties): void;
  setOutput(name: string, value: string): void;
  setFailed(message: string): void;
  writeSummary(markdown: string): Promise<void>;
}

export type Cli = (argv: readonly string[], io: CliIo) => Promise<number>;

export interface ActionContext {
  env: Readonly<Record<string, string | undefined>>;
  cli: Cli;
  host: ActionHost;
  /** Where relative paths start when GITHUB_WORKSPACE is unset; default process.cwd(). */
  cwd?: string;
}

export const OUTPUT_NAMES = ["sarif-file", "json-file", "junit-file", "score", "fail-count", "error-count", "new-count", "fixed-count"] as const;

/**
 * GitHub shows at most 10 error and 10 warning annotations per step; more would only fill the log.
 * The step's own failure message is an error annotation and the Action's own warnings (ERROR
 * results, expired suppressions) are warnings, so findings get what those leave.
 */
export const ANNOTATIONS_PER_LEVEL = 10;

export type AnnotationLimits = Record<AnnotationLevel, number>;

export const ANNOTATION_LEVEL: Record<Severity, AnnotationLevel> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "notice",
  info: "notice",
};

/** File name of each format in output-dir: `<mode>.<extension>`, so modes in one job do not collide. */
export function outputFileName(mode: string, format: string): string {
  if (format === "junit") return `${mode}.junit.xml`;
  return `${mode}.${findReporter(format)?.extension ?? format}`;
}

/** Where each format goes: format name -> absolute path. */
export function outputFiles(inputs: ActionInputs, outputDir: string): Map<string, string> {
  return new Map(inputs.formats.map((format) => [format, join(outputDir, outputFileName(inputs.mode, format))]));
}

/**
 * The CLI arguments for a run: the mode's subcommand, options in `--name=value` form (so no value
 * is ever taken for an option), the text report on stdout for the log, then `--` and the files.
 */
export function buildArgv(inputs: ActionInputs, files: readonly string[], outputs: ReadonlyMap<string, string>): string[] {
  const argv: string[] = [inputs.mode, "--fail-on=none", "--quiet", "--format=text"];
  for (const [format, path] of outputs) argv.push(`--format=${format}=${path}`);
  if (inputs.config !== undefined) argv.push(`--config=${inputs.config}`);
  if (inputs.category !== undefined) argv.push(`--category=${inputs.category}`);
  if (inputs.baseline !== undefined) argv.push(`--baseline=${inputs.baseline}`);
  for (const plugin of inputs.plugins) argv.push(`--plugin=${plugin}`);
  if (inputs.mode === "scan") {
    if (inputs.roleName !== undefined) argv.push(`--role-name=${inputs.roleName}`);
    if (inputs.regions.length > 0) argv.push(`--regions=${inputs.regions.join(",")}`);
    if (inputs.accounts.length > 0) argv.push(`--accounts=${inputs.accounts.join(",")}`);
    // Keep what was read beside the reports: findings then point at lines of a real file.
    const reportDir = dirname([...outputs.values()][0] ?? join(".", "cloudtrail-lint-results", "x"));
    argv.push(`--save-snapshot=${join(reportDir, "scan.snapshot.json")}`);
    return argv;
  }
  for (const file of inputs.varFiles) argv.push(`--var-file=${file}`);
  for (const v of inputs.vars) argv.push(`--var=${v}`);
  return [...argv, "--", ...files];
}

/** Unsuppressed FAILs at or above failOn (none for "none"). */
export function failing(results: readonly Finding[], failOn: FailOn): Finding[] {
  if (failOn === "none") return [];
  return results.filter((f) => f.status === "FAIL" && !f.suppressed && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The one message the step fails with, or undefined when it passes. With `newOnly` (fail-on-new-only,
 * and a baseline in the report) only the findings new since the baseline count, FAILs and ERRORs.
 */
export function verdict(report: Report, failOn: FailOn, failOnError: boolean, newOnly = false): string | undefined {
  const parts: string[] = [];
  const counted = countedFindings(report, newOnly);
  const fresh = newOnly && report.baseline ? "new " : "";
  const fails = failing(counted, failOn);
  if (fails.length > 0) {
    const bySeverity = Object.entries(SEVERITY_RANK)
      .sort(([, a], [, b]) => b - a)
      .map(([severity]) => [severity, fails.filter((f) => f.severity === severity).length] as const)
      .filter(([, n]) => n > 0)
      .map(([severity, n]) => `${n} ${severity}`);
    parts.push(`${plural(fails.length, `${fresh}FAIL result`)} at or above fail-on ${failOn} (${bySeverity.join(", ")})`);
  }
  const errors = counted.filter((f) => f.status === "ERROR").length;
  if (failOnError && errors > 0) parts.push(`${plural(errors, `${fresh}ERROR result`)} (fail-on-error is true)`);
  if (parts.length === 0) return undefined;
  return `cloudtrail-lint: ${parts.join(" and ")}; see the job summary for the findings and their fixes`;
}

/** Text for the log that cannot issue workflow commands, whatever it contains. */
export function untrusted(text: string, token: string = randomUUID()): string {
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  if (!body.includes("::")) return body;
  return `::stop-commands::${token}\n${body}\n::${token}::`;
}

function where(f: Finding): string {
  return [`account ${f.accountId}${f.accountName !== undefined ? ` (${f.accountName})` : ""}`, f.region, f.resource]
    .filter((part): part is string => part !== undefined)
    .join(", ");
}

/**
 * Annotations for unsuppressed FAILs with a location, worst first, at most `limits` of each level;
 * with `newOnly` (fail-on-new-only, and a baseline in the report) for the new ones only: the old
 * ones do not fail the step, and the summary lists them.
 */
export function annotations(
  report: Report,
  limits: AnnotationLimits = { error: ANNOTATIONS_PER_LEVEL, warning: ANNOTATIONS_PER_LEVEL, notice: ANNOTATIONS_PER_LEVEL },
  newOnly = false,
): { level: AnnotationLevel; message: string; properties: AnnotationProperties }[] {
  const located = countedFindings(report, newOnly)
    .map((f, i) => ({ f, i }))
    .filter(({ f }) => f.status === "FAIL" && !f.suppressed && f.location !== undefined)
    .sort((a, b) => SEVERITY_RANK[b.f.severity] - SEVERITY_RANK[a.f.severity] || a.i - b.i);
  const used: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
  const out: { level: AnnotationLevel; message: string; properties: AnnotationProperties }[] = [];
  for (const { f } of located) {
    const level = ANNOTATION_LEVEL[f.severity];
    if (used[level]++ >= limits[level]) continue;
    const fix = f.remediation?.cli ?? [];
    const message = [f.message, `(${where(f)})`, ...(fix.length > 0 ? ["Fix:", ...fix] : [])].join("\n");
    out.push({
      level,
      message,
      properties: {
        title: `${f.checkId} (${f.severity}): ${f.title}`,
        file: f.location!.file,
        startLine: f.location!.startLine,
        ...(f.location!.startColumn !== undefined ? { startColumn: f.location!.startColumn } : {}),
      },
    });
  }
  return out;
}

/** Drops suppressed results from a SARIF log; returns how many were dropped. */
export function dropSuppressed(log: Sarif.Log): number {
  let dropped = 0;
  for (const run of log.runs) {
    const before = run.results?.length ?? 0;
    if (run.results) run.results = run.results.filter((r) => (r.suppressions ?? []).length === 0);
    const n = before - (run.results?.length ?? 0);
    if (n === 0) continue;
    dropped += n;
    const invocation = run.invocations?.[0] ?? { executionSuccessful: true };
    if (!run.invocations?.length) run.invocations = [invocation];
    invocation.toolExecutionNotifications = [
      ...(invocation.toolExecutionNotifications ?? []),
      {
        level: "note",
        message: {
          text: `${plural(n, "suppressed FAIL result was", "suppressed FAIL results were")} left out: GitHub code scanning ignores SARIF suppressions and would open alerts for them. The JSON report lists them with their reasons.`,
        },
      },
    ];
  }
  return dropped;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function cliMessage(stderr: string, code: number): string {
  const lines = stderr
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => line !== "" && line !== "(add --help for usage)");
  return lines.length > 0 ? lines.join("\n") : `cloudtrail-lint exited with code ${code}`;
}

/** Runs the Action; never throws for anything the user did (the step fails with one message). */
export async function runAction(ctx: ActionContext): Promise<void> {
  const { env, host } = ctx;
  let inputs: ActionInputs;
  let cwd: string;
  let files: string[] = [];
  let outputs: Map<string, string>;
  try {
    inputs = readInputs(env);
    const workspace = resolve(ctx.cwd ?? process.cwd(), env.GITHUB_WORKSPACE || ".");
    cwd = resolve(workspace, inputs.workingDirectory);
    if (!isDirectory(cwd)) throw new InputError(`input working-directory: ${inputs.workingDirectory}: not a directory (relative to ${workspace})`);
    const outputDir = resolve(cwd, inputs.outputDir);
    if (inputs.mode !== "scan") {
      // A glob picks the files the mode reads (templates and plans by content, or snapshots), not
      // READMEs and package.json beside them; the iac command reads a directory the same way itself.
      files = expandPaths(inputs.paths, {
        cwd,
        exclude: outputDir,
        // The baseline is a report, not a snapshot: `paths: "**/*.json"` must not take it as one.
        ...(inputs.baseline !== undefined ? { excludeFiles: [resolve(cwd, inputs.baseline)] } : {}),
        extensions: inputs.mode === "iac" ? /\.(json|ya?ml|template|tf)$/i : /\.json$/i,
        allowDirectories: inputs.mode === "iac",
        // A .tf file stands for its module directory (the CLI reads the directory's files together).
        ...(inputs.mode === "iac" ? { accept: (file: string) => TERRAFORM_FILE.test(file) || isIacFile(file), accepted: "CloudFormation template, Terraform configuration or Terraform plan" } : {}),
      });
    }
    outputs = outputFiles(inputs, outputDir);
  } catch (error) {
    if (isInputError(error)) {
      host.setFailed(`cloudtrail-lint: ${error.message}`);
      return;
    }
    throw error;
  }

  const argv = buildArgv(inputs, files, outputs);
  host.info(
    `cloudtrail-lint ${inputs.mode}: ${files.length > 0 ? plural(files.length, "file") : "live AWS"}, fail-on ${inputs.failOn}` +
      (inputs.baseline !== undefined ? `, baseline ${inputs.baseline}${inputs.failOnNewOnly ? " (new findings only)" : ""}` : ""),
  );
  let stdout = "";
  let stderr = "";
  const code = await ctx.cli(argv, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env,
    isTTY: false,
    cwd,
  });
  if (code !== 0 && code !== 1 && code !== 3) {
    const unknown = /unknown command '([^']*)'/.exec(stderr);
    if (code === 2 && unknown) {
      host.setFailed(
        `cloudtrail-lint: mode ${inputs.mode} needs the "${unknown[1]}" command, which cloudtrail-lint ${packageVersion()} in this Action does not have; use a release of the Action that supports mode ${inputs.mode}`,
      );
    } else {
      host.setFailed(cliMessage(stderr, code));
    }
    return;
  }

  const jsonFile = outputs.get("json")!;
  const report = JSON.parse(readFileSync(jsonFile, "utf8")) as Report;

  const sarifFile = outputs.get("sarif");
  if (sarifFile !== undefined) {
    const log = JSON.parse(readFileSync(sarifFile, "utf8")) as Sarif.Log;
    const dropped = dropSuppressed(log);
    if (dropped > 0) {
      writeFilesAtomically([{ path: sarifFile, content: `${JSON.stringify(log, null, 2)}\n` }]);
      host.info(`cloudtrail-lint: left ${plural(dropped, "suppressed FAIL result")} out of the SARIF file (code scanning ignores suppressions)`);
    }
  }

  if (stdout !== "") {
    host.startGroup(`cloudtrail-lint report (${inputs.mode})`);
    host.info(untrusted(stdout));
    host.endGroup();
  }

  const own: { message: string; properties?: AnnotationProperties }[] = [];
  const markdownFile = outputs.get("markdown")!;
  try {
    await host.writeSummary(readFileSync(markdownFile, "utf8"));
  } catch (error) {
    own.push({ message: `cloudtrail-lint: could not write the job summary: ${(error as Error).message}` });
  }
  for (const s of report.expiredSuppressions) {
    const target = [s.account, s.resource].filter(Boolean).join(", ");
    own.push({
      message: `Suppression of ${s.check}${target ? ` for ${target}` : ""} expired on ${s.expires} and was not applied (reason given: ${s.reason}).`,
      properties: { title: "cloudtrail-lint: expired suppression" },
    });
  }
  const errors = report.summary.counts.ERROR;
  if (errors > 0 && !inputs.failOnError) {
    own.push({
      message: `${plural(errors, "result is", "results are")} ERROR: cloudtrail-lint could not decide them (for example, a read was denied). They are listed in the job summary; set fail-on-error: true to fail the step on them.`,
      properties: { title: "cloudtrail-lint: undecided results" },
    });
  }
  const failure = verdict(report, inputs.failOn, inputs.failOnError, inputs.failOnNewOnly);

  const limits: AnnotationLimits = {
    error: ANNOTATIONS_PER_LEVEL - (failure !== undefined ? 1 : 0),
    warning: Math.max(0, ANNOTATIONS_PER_LEVEL - own.length),
    notice: ANNOTATIONS_PER_LEVEL,
  };
  const notes = annotations(report, limits, inputs.failOnNewOnly);
  for (const a of notes) host.annotate(a.level, a.message, a.properties);
  for (const w of own) host.annotate("warning", w.message, w.properties);
  const located = countedFindings(report, inputs.failOnNewOnly).filter((f) => f.status === "FAIL" && !f.suppressed && f.location !== undefined).length;
  if (located > notes.length) {
    host.info(`cloudtrail-lint: ${plural(located - notes.length, `more ${inputs.failOnNewOnly && report.baseline ? "new " : ""}FAIL finding`)} not annotated (GitHub shows ${ANNOTATIONS_PER_LEVEL} annotations of each level per step); all are in the job summary`);
  }

  const unsuppressedFails = Object.values(report.summary.failures).reduce((a, b) => a + b, 0);
  const values: Record<(typeof OUTPUT_NAMES)[number], string> = {
    "sarif-file": sarifFile ?? "",
    "json-file": jsonFile,
    "junit-file": outputs.get("junit") ?? "",
    score: report.summary.score === null ? "" : String(report.summary.score),
    "fail-count": String(unsuppressedFails),
    "error-count": String(errors),
    "new-count": report.baseline ? String(report.baseline.counts.new) : "",
    "fixed-count": report.baseline ? String(report.baseline.counts.fixed) : "",
  };
  for (const name of OUTPUT_NAMES) host.setOutput(name, values[name]);

  for (const [format, path] of outputs) host.info(`cloudtrail-lint: wrote ${format} report to ${path}`);
  if (failure !== undefined) host.setFailed(failure);
}
