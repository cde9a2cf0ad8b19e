// `cloudtrail-lint athena`: the Athena table for each logging trail of a snapshot (a file, the shards
// of one scan, standard input, or a live read with the scan flags), printed for the user to run.
// Nothing here calls Athena or creates anything: the tool stays read-only.
import { resolve } from "node:path";
import { renderJson, renderSql } from "../athena/render.js";
import { commentText, isRangeStart } from "../athena/sql.js";
import { athenaPlan, type AthenaPlan } from "../athena/tables.js";
import type { Snapshot } from "../model/snapshot.js";
import type { CollectOptions } from "../sources/aws/index.js";
import { InputError } from "../util/errors.js";
import { WriteError, writeFilesAtomically } from "../util/write.js";
import { readStdinOnce, refuseFormatAsOutput } from "./conventions.js";
import { displayPath, type CliIo } from "./io.js";
import { loadSnapshot, stdinSnapshot, type LintInput } from "./lint.js";
import { mergeShardInputs } from "./shards.js";
import { readLiveSnapshot, type AwsCliOptions } from "./sources.js";

export const ATHENA_FORMATS = ["sql", "json"] as const;

export interface AthenaCliOptions {
  format: (typeof ATHENA_FORMATS)[number];
  output?: string;
  since?: string;
  quiet: boolean;
}

/** Exit codes: statements printed; none, and every trail known not to qualify; none, because something that decides is unknown. */
export const ATHENA_EXIT = { printed: 0, noneQualifies: 1, unknown: 3 } as const;

/** The snapshot of the run and the files that must not be overwritten, from the files named. */
async function snapshotFromFiles(files: readonly string[], options: AthenaCliOptions, io: CliIo, cwd: string): Promise<{ snapshot: Snapshot; inputs: { absolute: string; arg: string }[] }> {
  const stdin = await readStdinOnce(files, io);
  const seen = new Set<string>();
  const loaded: LintInput[] = [];
  for (const file of files) {
    if (file === "-") {
      loaded.push(stdinSnapshot(stdin ?? ""));
      continue;
    }
    const key = resolve(cwd, file);
    if (seen.has(key)) continue;
    seen.add(key);
    loaded.push(loadSnapshot(file, cwd, io.env));
  }
  const merged = mergeShardInputs(loaded, { allowPartial: false, quiet: options.quiet }, io);
  if (merged.length !== 1) {
    throw new InputError(`athena reads one snapshot, or the shards of one scan; got ${merged.length} (${merged.map((i) => i.arg).join(", ")})`);
  }
  const input = merged[0]!;
  return {
    snapshot: input.snapshot,
    inputs: [...loaded.filter((i) => i.absolute !== undefined).map((i) => ({ absolute: i.absolute!, arg: i.arg })), ...(input.outputsMustNotOverwrite ?? [])],
  };
}

function exitCode(plan: AthenaPlan): number {
  if (plan.tables.length > 0) return ATHENA_EXIT.printed;
  return plan.skipped.some((s) => s.kind === "unknown") || plan.gaps.length > 0 ? ATHENA_EXIT.unknown : ATHENA_EXIT.noneQualifies;
}

/**
 * Runs the command: `files` are snapshot files (none: a live read with `aws`). Bad flags and bad
 * input throw InputError before anything is read or written.
 */
export async function athenaCommand(
  files: readonly string[],
  options: AthenaCliOptions,
  aws: { options: AwsCliOptions; given: readonly string[] },
  io: CliIo,
  overrides: Partial<CollectOptions> = {},
): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  refuseFormatAsOutput(options.output);
  if (options.since !== undefined && !isRangeStart(options.since)) {
    throw new InputError(`--since ${options.since}: expected a day as yyyy/MM/dd (e.g. 2024/01/31) or NOW-<n><YEARS|MONTHS|WEEKS|DAYS> (e.g. NOW-2YEARS)`);
  }
  if (files.length > 0 && aws.given.length > 0) {
    throw new InputError(`${aws.given.join(", ")} ${aws.given.length === 1 ? "is a flag" : "are flags"} of a live read: with a snapshot file nothing is read from AWS (give one or the other)`);
  }

  let snapshot: Snapshot;
  let inputs: { absolute: string; arg: string }[] = [];
  if (files.length === 0) {
    const read = await readLiveSnapshot(aws.options, io, overrides);
    if (typeof read === "number") return read;
    snapshot = read;
  } else {
    ({ snapshot, inputs } = await snapshotFromFiles(files, options, io, cwd));
  }
  if (options.output !== undefined) {
    const target = resolve(cwd, options.output);
    const clash = inputs.find((i) => i.absolute === target);
    if (clash) throw new InputError(`${options.output}: is an input (${clash.arg}); refusing to overwrite it with the Athena statements`);
  }

  const plan = athenaPlan(snapshot, options.since !== undefined ? { since: options.since } : {});
  const text = options.format === "json" ? renderJson(plan) : renderSql(plan);
  if (options.output !== undefined) {
    try {
      writeFilesAtomically([{ path: resolve(cwd, options.output), content: text }]);
    } catch (error) {
      if (error instanceof WriteError) throw new InputError(`${options.output}: cannot write output: ${error.reason}`, options.output);
      throw error;
    }
  } else {
    io.stdout(text);
  }

  if (!options.quiet) {
    // Names and AWS's error messages are the snapshot's text: written as a comment writes them, no control character reaches the terminal.
    const warn = (text: string) => io.stderr(`cloudtrail-lint: warning: ${commentText(text)}\n`);
    for (const s of plan.skipped) if (s.kind === "unknown") warn(`trail ${JSON.stringify(s.trailName)} (${s.trailArn}): no table: ${s.reason}`);
    for (const g of plan.gaps) warn(`account ${g.accountId}: trails it owns may be missing: ${g.reason}`);
    if (plan.tables.length === 0) io.stderr("cloudtrail-lint: no trail qualifies for a table (the output says why for each)\n");
    if (options.output !== undefined) {
      io.stderr(`cloudtrail-lint: wrote ${plan.tables.length} Athena ${plan.tables.length === 1 ? "table" : "tables"} to ${displayPath(options.output, cwd, io.env)}\n`);
    }
  }
  return exitCode(plan);
}
