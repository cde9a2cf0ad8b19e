// `cloudtrail-lint lint`: load config and snapshots, run the checks, apply suppressions, build the
// report, render every requested format (a file's straight into a temporary file beside it, in
// pieces for the large formats), and only then commit: files renamed into place together, then
// stdout. Any bad input throws InputError before anything is written.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { AnyCheck } from "../engine/check.js";
import { SEVERITIES, SEVERITY_RANK } from "../engine/check.js";
import { compareWithBaseline, countedFindings } from "../engine/baseline.js";
import { buildReport, describeCheck, type OuRef, type Report, type ReportInput } from "../engine/report.js";
import { compareFindings, runChecks, type CheckSetting, type Finding, type IacContext } from "../engine/run.js";
import { parseJsonInput, type LocatedDocument } from "../config/document.js";
import {
  configPlugins,
  defaultConfig,
  locateError,
  readConfigFile,
  resolveConfig,
  unknownIdHint,
  type ConfigFile,
  type FailOn,
  type ResolvedConfig,
} from "../config/load.js";
import { discoverConfigFile } from "../config/discover.js";
import { applySuppressions } from "../config/suppressions.js";
import type { Snapshot } from "../model/snapshot.js";
import { isUnknown } from "../model/unknown.js";
import { loadPlugins, type PluginSpec } from "../plugins/load.js";
import { findReporter, reporterNames } from "../reporters/index.js";
import type { Reporter, ReporterOptions } from "../reporters/reporter.js";
import { InputError } from "../util/errors.js";
import { packageVersion } from "../util/paths.js";
import { assertValid } from "../util/schemas.js";
import { WriteError, writeFilesAtomically, type OutputFile } from "../util/write.js";
import { loadBaseline, organizationOf, type LoadedBaseline } from "./baseline.js";
import { STDIN_NAME } from "./conventions.js";
import { colorAllowed, displayPath, type CliIo } from "./io.js";

export const FAIL_ON = [...SEVERITIES, "none"] as const;

/** --fail-on when neither the flag nor the config's failOn says. */
export const DEFAULT_FAIL_ON: FailOn = "low";

export interface LintOptions {
  config?: string;
  /** --plugin: package names or paths relative to the current directory. */
  plugins: string[];
  format: string[];
  output?: string;
  failOn?: FailOn;
  only: string[];
  skip: string[];
  now?: string;
  category?: string;
  verbose: boolean;
  quiet: boolean;
  /** lint: shards of a sharded scan may be missing (their accounts reported as not read). */
  allowPartial?: boolean;
  /** --baseline: an earlier JSON report; findings are marked new or unchanged against it, and its fixed ones listed. */
  baseline?: string;
  /** --fail-on-new-only: the exit code counts only the findings new since the baseline. */
  failOnNewOnly?: boolean;
}

export interface OutputTarget {
  reporter: Reporter;
  /** As given; undefined = stdout. */
  file?: string;
}

/** `--format name` or `--format name=path`; at most one without a path (stdout or --output). */
export function parseFormats(specs: readonly string[], output: string | undefined, cwd: string): OutputTarget[] {
  const targets: OutputTarget[] = [];
  for (const spec of specs.length > 0 ? specs : ["text"]) {
    const eq = spec.indexOf("=");
    const name = (eq === -1 ? spec : spec.slice(0, eq)).trim();
    const file = eq === -1 ? undefined : spec.slice(eq + 1);
    const reporter = findReporter(name);
    if (!reporter) {
      throw new InputError(`--format ${spec}: unknown format "${name}" (available: ${reporterNames().join(", ")})`);
    }
    if (file !== undefined && file.trim() === "") throw new InputError(`--format ${spec}: no file after "="`);
    targets.push({ reporter, ...(file !== undefined ? { file } : {}) });
  }
  const toStdout = targets.filter((t) => t.file === undefined);
  if (toStdout.length > 1) {
    throw new InputError(
      `--format: ${toStdout.map((t) => t.reporter.name).join(" and ")} both have no file; only one format can go to ${output ? "--output" : "stdout"} (give the others a file: --format name=path)`,
    );
  }
  if (output !== undefined) {
    const plain = toStdout[0];
    if (!plain) throw new InputError(`--output ${output}: every --format has its own file, so --output has nothing to write`);
    plain.file = output;
  }
  const seen = new Map<string, string>();
  for (const t of targets) {
    if (t.file === undefined) continue;
    const key = resolve(cwd, t.file);
    const other = seen.get(key);
    if (other !== undefined) throw new InputError(`${t.file}: both ${other} and ${t.reporter.name} would be written to this file`);
    seen.set(key, t.reporter.name);
  }
  return targets;
}

/** Comma-separated, repeatable check-id lists; every id must be installed. */
export function parseCheckIds(flag: string, values: readonly string[], checks: readonly AnyCheck[]): Set<string> {
  const known = checks.map((c) => c.meta.id);
  const ids = new Set<string>();
  for (const value of values) {
    for (const raw of value.split(",")) {
      const id = raw.trim();
      if (id === "") continue;
      if (!known.includes(id)) throw new InputError(`${flag}: unknown check id "${id}"${unknownIdHint(id, known)}`);
      ids.add(id);
    }
  }
  if (values.length > 0 && ids.size === 0) throw new InputError(`${flag}: no check id given`);
  return ids;
}

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** "now": --now, else SOURCE_DATE_EPOCH (seconds), else the clock. */
export function resolveNow(flag: string | undefined, io: CliIo): Date {
  if (flag !== undefined) {
    const ms = ISO.test(flag) ? Date.parse(flag) : NaN;
    if (Number.isNaN(ms)) {
      throw new InputError(`--now ${flag}: not an ISO 8601 date or date-time with a time zone (e.g. 2026-11-20T12:00:00Z)`);
    }
    return new Date(ms);
  }
  const epoch = io.env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== "") {
    if (!/^\d+$/.test(epoch) || !Number.isSafeInteger(Number(epoch) * 1000)) {
      throw new InputError(`SOURCE_DATE_EPOCH=${epoch}: not a whole number of seconds since 1970-01-01`);
    }
    return new Date(Number(epoch) * 1000);
  }
  return io.now ? io.now() : new Date();
}

/** One snapshot to lint, whatever its source (snapshot file, IaC file, live AWS). */
export interface LintInput {
  /** As given on the command line (for messages). */
  arg: string;
  /** The file on disk, when there is one (an output must never overwrite it). */
  absolute?: string;
  /** Name in findings and reports (repository-relative where possible). */
  file: string;
  snapshot: Snapshot;
  /** Position of a snapshot JSON Pointer in `file`; absent when the input is not a file. */
  /** Where a pointer is: line and column in `file`, or in another file (a Terraform module's .tf files). */
  locate?: (pointer: string) => { line: number; column: number; file?: string } | undefined;
  /** Lets go of what only `locate` needs (the file's text and its index). */
  release?: () => void;
  /** For a template or plan: what fixes in the file's own syntax need (its syntax, its resources). */
  iac?: IacContext;
  /** For a template: applies its resources' inline suppressions (src/cli/inline-suppressions.ts). */
  suppress?: (finding: Finding) => Finding;
  /** Only the findings it keeps are reported (scan --shard: the shard's own accounts). */
  keep?: (finding: Finding) => boolean;
  /** More files this input was read from (the shards of a merged scan): no output may overwrite them. */
  outputsMustNotOverwrite?: { absolute: string; arg: string }[];
}

/** A snapshot file, validated; `read` is its text when the caller has read it already. */
export function loadSnapshot(arg: string, cwd: string, env: CliIo["env"], read?: string): LintInput {
  const absolute = resolve(cwd, arg);
  let text: string;
  try {
    text = read ?? readFileSync(absolute, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a directory" : (error as Error).message;
    throw new InputError(`${arg}: cannot read snapshot: ${why}`, arg);
  }
  const doc = parseJsonInput(text, arg);
  let snapshot: Snapshot;
  try {
    snapshot = assertValid<Snapshot>("snapshot.schema.json", doc.value, arg);
  } catch (error) {
    throw locateError(error, doc, arg);
  }
  return { arg, absolute, file: displayPath(absolute, cwd, env), snapshot, ...located(doc) };
}

/** Pointer → position in a parsed JSON document, and the way to let go of what that needs. */
export function located(doc: LocatedDocument): Required<Pick<LintInput, "locate" | "release">> {
  return {
    locate: (pointer) => {
      const at = doc.locate(pointer);
      return at ? { line: at.line, column: at.column } : undefined;
    },
    release: () => doc.release?.(),
  };
}

/**
 * The config file of the run (--config, else the nearest from the current directory up to the
 * repository root: src/config/discover.ts), read but not yet resolved.
 */
function readConfig(options: Pick<LintOptions, "config">, cwd: string, env: CliIo["env"]): ConfigFile | undefined {
  if (options.config !== undefined) return readConfigFile(resolve(cwd, options.config), options.config);
  const found = discoverConfigFile(cwd);
  return found ? readConfigFile(found, displayPath(found, cwd, env)) : undefined;
}

/**
 * The checks of a run: the built-in ones, then those of the plugins the config file names, then
 * those of --plugin, in that order. Returns the config file too, still to be resolved against them.
 */
export async function resolveChecks(
  options: Pick<LintOptions, "config" | "plugins">,
  io: CliIo,
  builtins: readonly AnyCheck[],
): Promise<{ checks: readonly AnyCheck[]; config?: ConfigFile }> {
  const cwd = io.cwd ?? process.cwd();
  const config = readConfig(options, cwd, io.env);
  const specs: PluginSpec[] = [
    ...(config ? configPlugins(config) : []),
    ...options.plugins.map((spec) => ({ spec, base: cwd, from: "--plugin" })),
  ];
  if (specs.length === 0) return { checks: builtins, ...(config ? { config } : {}) };
  const plugins = await loadPlugins(specs, builtins, cwd);
  return { checks: [...builtins, ...plugins.flatMap((plugin) => plugin.checks)], ...(config ? { config } : {}) };
}

function locate(finding: Finding, input: LintInput): Finding {
  if (!input.locate) return finding;
  const pointer = finding.property ?? finding.pointer;
  const at = pointer !== undefined ? input.locate(pointer) : undefined;
  // The finding is the engine's, new and not yet shared: completed in place.
  finding.location = { file: at?.file ?? input.file, startLine: at?.line ?? 1, startColumn: at?.column ?? 1 };
  return finding;
}

/** Each account's OU path where a snapshot knows it (the first input that lists the account wins). */
function ouPaths(inputs: readonly LintInput[]): Map<string, readonly OuRef[]> {
  const paths = new Map<string, readonly OuRef[]>();
  for (const { snapshot } of inputs) {
    for (const account of snapshot.accounts) {
      const path = account.ouPath;
      if (path === undefined || isUnknown(path) || path.length === 0 || paths.has(account.Id)) continue;
      paths.set(account.Id, path);
    }
  }
  return paths;
}

function describeInput(input: LintInput): ReportInput {
  const { snapshot } = input;
  return {
    file: input.file,
    source: snapshot.source?.type ?? "snapshot",
    collectedAt: snapshot.collectedAt,
    partition: snapshot.partition,
    organizationId: snapshot.organization?.Id ?? null,
    accountCount: snapshot.accounts.length,
    ...(snapshot.source?.shard ? { shard: { ...snapshot.source.shard } } : {}),
    ...(snapshot.source?.shards ? { shards: { count: snapshot.source.shards.count, missing: [...snapshot.source.shards.missing] } } : {}),
  };
}

/**
 * 1: an unsuppressed FAIL at or above failOn; else 3: any ERROR; else 0. With `newOnly` (and a
 * baseline in the report) only the findings new since the baseline count, ERRORs as well as FAILs.
 */
export function exitCodeFor(report: Report, failOn: FailOn, newOnly = false): number {
  const counted = countedFindings(report, newOnly);
  const failing =
    failOn !== "none" &&
    counted.some((f) => f.status === "FAIL" && !f.suppressed && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]);
  if (failing) return 1;
  return counted.some((f) => f.status === "ERROR") ? 3 : 0;
}

/** What a run needs before it reads any input: everything that can be bad input is checked here. */
export interface RunPlan {
  cwd: string;
  now: Date;
  targets: OutputTarget[];
  only: Set<string>;
  skip: Set<string>;
  config: ResolvedConfig;
  /** The built-in checks and the plugins' checks. */
  checks: readonly AnyCheck[];
  /** --baseline, read and validated. */
  baseline?: LoadedBaseline;
}

export async function planRun(options: LintOptions, io: CliIo, builtins: readonly AnyCheck[]): Promise<RunPlan> {
  const cwd = io.cwd ?? process.cwd();
  const now = resolveNow(options.now, io);
  const targets = parseFormats(options.format, options.output, cwd);
  if (options.failOnNewOnly && options.baseline === undefined) {
    throw new InputError("--fail-on-new-only: needs --baseline <report.json> (the report that says which findings are not new)");
  }
  const baseline = options.baseline !== undefined ? loadBaseline(options.baseline, cwd, io.env) : undefined;
  const { checks, config: source } = await resolveChecks(options, io, builtins);
  return {
    ...(baseline ? { baseline } : {}),
    cwd,
    now,
    targets,
    only: parseCheckIds("--only", options.only, checks),
    skip: parseCheckIds("--skip", options.skip, checks),
    config: source ? resolveConfig(source, checks) : defaultConfig(checks),
    checks,
  };
}


/** A snapshot read from standard input: validated like a file, named "<stdin>", never an output's clash. */
export function stdinSnapshot(text: string): LintInput {
  const doc = parseJsonInput(text, STDIN_NAME);
  let snapshot: Snapshot;
  try {
    snapshot = assertValid<Snapshot>("snapshot.schema.json", doc.value, STDIN_NAME);
  } catch (error) {
    throw locateError(error, doc, STDIN_NAME);
  }
  return { arg: "-", file: STDIN_NAME, snapshot, ...located(doc) };
}

/** A reporter's text, produced only when it is written (renderChunks is lazy too): in its pieces, or whole. */
function rendered(reporter: Reporter, report: Report, options: ReporterOptions): Iterable<string> {
  if (reporter.renderChunks) return reporter.renderChunks(report, options);
  return {
    *[Symbol.iterator]() {
      yield reporter.render(report, options);
    },
  };
}

/** Runs the checks over loaded inputs, builds the report, renders every output, then writes. */
export function lintInputs(plan: RunPlan, inputs: readonly LintInput[], options: LintOptions, io: CliIo): number {
  const { cwd, now, targets, only, skip, config, checks } = plan;
  const inputPaths = new Map([
    ...inputs.filter((i) => i.absolute !== undefined).map((i) => [i.absolute!, i.arg] as const),
    ...inputs.flatMap((i) => (i.outputsMustNotOverwrite ?? []).map((o) => [o.absolute, o.arg] as const)),
  ]);
  for (const t of targets) {
    const clash = t.file !== undefined ? inputPaths.get(resolve(cwd, t.file)) : undefined;
    if (clash !== undefined) throw new InputError(`${t.file}: is an input (${clash}); refusing to overwrite it with ${t.reporter.name} output`);
    if (plan.baseline && t.file !== undefined && resolve(cwd, t.file) === plan.baseline.absolute) {
      throw new InputError(`${t.file}: is the baseline (--baseline ${plan.baseline.arg}); refusing to overwrite it with ${t.reporter.name} output (write the new report elsewhere, then replace the baseline when you mean to)`);
    }
  }

  // --only names exactly what runs (even a check the config disables); --skip removes from that.
  const settings = new Map<string, CheckSetting>();
  const selected = checks.filter((check) => {
    const id = check.meta.id;
    const setting = config.settings.get(id)!;
    const run = (only.size > 0 ? only.has(id) : setting.enabled) && !skip.has(id);
    if (run) settings.set(id, { ...setting, enabled: true });
    return run;
  });

  const findings: Finding[] = [];
  for (const input of inputs) {
    for (const finding of runChecks(selected, input.snapshot, settings, input.file, input.iac)) {
      if (input.keep && !input.keep(finding)) continue;
      findings.push(input.suppress ? input.suppress(locate(finding, input)) : locate(finding, input));
    }
    // An input is linted once: what only locating needed (the file's text and its index, hundreds
    // of megabytes for a large organization) is let go before the reports are written.
    input.release?.();
    delete input.locate;
    delete input.release;
  }
  findings.sort(compareFindings);
  const suppressed = applySuppressions(findings, config.suppressions, now);

  const built = buildReport({
    version: packageVersion(),
    generatedAt: now.toISOString(),
    inputs: inputs.map(describeInput),
    checks: selected.map((check) => describeCheck(check, settings.get(check.meta.id)!)),
    findings: suppressed.findings,
    expiredSuppressions: suppressed.expired,
    ouPaths: ouPaths(inputs),
  });
  const report = plan.baseline ? againstBaseline(built, plan.baseline) : built;
  // The reports are written from the report alone: the snapshots (and what the checks memoised
  // of them) are let go first, the larger part of the heap of a large organization.
  for (const input of inputs) (input as { snapshot?: Snapshot }).snapshot = undefined;

  // Nothing is written before everything is rendered: stdout's text first, then each file is
  // rendered into a temporary file beside it (in pieces when its reporter gives them), and only
  // when all of them are complete are they renamed into place (src/util/write.ts).
  const outputs: OutputFile[] = [];
  const given = new Map<string, string>();
  let stdoutText: string | undefined;
  for (const target of targets) {
    const reporterOptions = {
      color: target.file === undefined && colorAllowed(io),
      verbose: options.verbose,
      ...(options.category !== undefined ? { category: options.category } : {}),
    };
    if (target.file === undefined) stdoutText = target.reporter.render(report, reporterOptions);
    else {
      outputs.push({ path: resolve(cwd, target.file), content: rendered(target.reporter, report, reporterOptions) });
      given.set(resolve(cwd, target.file), target.file);
    }
  }
  try {
    writeFilesAtomically(outputs);
  } catch (error) {
    if (error instanceof WriteError) {
      const file = given.get(error.path) ?? error.path;
      throw new InputError(`${file}: cannot write output: ${error.reason}`, file);
    }
    throw error;
  }
  if (stdoutText !== undefined) io.stdout(stdoutText);

  if (!options.quiet) {
    for (const s of report.expiredSuppressions) {
      const scope = [s.account ? `account ${s.account}` : "", s.resource ?? ""].filter(Boolean).join(", ");
      io.stderr(
        `cloudtrail-lint: warning: suppression for ${s.check}${scope ? ` (${scope})` : ""} expired on ${s.expires} and was not applied${config.file ? ` (${config.file})` : ""}\n`,
      );
    }
    for (const target of targets) {
      if (target.file !== undefined) io.stderr(`cloudtrail-lint: wrote ${target.reporter.name} report to ${displayPath(target.file, cwd, io.env)}\n`);
    }
  }
  const failOn: FailOn = options.failOn ?? config.failOn ?? DEFAULT_FAIL_ON;
  return exitCodeFor(report, failOn, options.failOnNewOnly === true);
}

/** The report compared with the baseline; a baseline of another organization is bad input. */
function againstBaseline(report: Report, baseline: LoadedBaseline): Report {
  const then = organizationOf(baseline.report.inputs);
  const now = organizationOf(report.inputs);
  if (then !== undefined && now !== undefined && then !== now) {
    throw new InputError(
      `--baseline ${baseline.arg}: is a report of organization ${then}, and this run is of organization ${now}; a baseline must be an earlier report of the same organization`,
      baseline.arg,
    );
  }
  return compareWithBaseline(report, baseline.report, baseline.file);
}
