// `cloudtrail-lint iac`, `collect` and `scan`: other sources of snapshots, linted like snapshot files.
import { readFileSync } from "node:fs";
import { extname, resolve } from "node:path";
import type { AnyCheck } from "../engine/check.js";
import type { CollectionError, Snapshot } from "../model/snapshot.js";
import { isShardListing, parseShard } from "../model/shard.js";
// The AWS SDK and the IaC parsers load only when their command runs, so `lint` starts fast.
import type { CollectOptions } from "../sources/aws/index.js";
import type { IacSource } from "../sources/iac.js";
import type { IacContext } from "../engine/iac-fix.js";
import { InputError } from "../util/errors.js";
import { assertValid } from "../util/schemas.js";
import { WriteError, writeFilesAtomically } from "../util/write.js";
import { parseJsonInput } from "../config/document.js";
import { captureDependencyWarnings, debugWanted, formatTrace, warningNotes } from "./aws-diagnostics.js";
import { explainCredentials, isCredentialFailure } from "./credentials-help.js";
import { displayPath, type CliIo } from "./io.js";
import { lintInputs, located, planRun, type LintInput, type LintOptions } from "./lint.js";
import { inShardFindings, liveInputName } from "./shards.js";

/** Exit code of a run stopped by Ctrl-C (128 + SIGINT), with nothing written. */
export const EXIT_INTERRUPTED = 130;

/** The syntax of a template (as loadIacFile decides it) and the file's resources by snapshot pointer. */
export function iacContext(source: IacSource, file: string, cwd: string): IacContext {
  let syntax: "yaml" | "json" = "yaml";
  if (source.kind === "cloudformation") {
    const ext = extname(file).toLowerCase();
    if (ext === ".json") syntax = "json";
    else if (ext !== ".yaml" && ext !== ".yml") {
      try {
        syntax = readFileSync(resolve(cwd, file), "utf8").replace(/^\uFEFF/, "").trimStart().startsWith("{") ? "json" : "yaml";
      } catch {
        syntax = "yaml";
      }
    }
  }
  const mapped = source.resources.filter((r) => r.pointer !== undefined);
  return {
    syntax,
    // The resource whose object holds the pointer: the longest pointer that is a prefix of it.
    resourceAt: (pointer) => {
      let best: (typeof mapped)[number] | undefined;
      for (const r of mapped) {
        const p = r.pointer!;
        if ((pointer === p || pointer.startsWith(`${p}/`)) && (best === undefined || p.length > best.pointer!.length)) best = r;
      }
      return best ? { id: best.id, type: best.type } : undefined;
    },
  };
}

export interface AwsCliOptions {
  profile?: string;
  region?: string;
  roleName?: string;
  externalId?: string;
  roleSessionName?: string;
  accounts: string[];
  excludeAccounts: string[];
  ous: string[];
  regions: string[];
  singleAccount: boolean;
  concurrency?: string;
  /** --workers N: worker threads (src/sources/aws/workers.ts). */
  workers?: string;
  endpointUrl?: string;
  quiet: boolean;
  /** Notes after the read: the dependency warnings caught while it ran (aws-diagnostics.ts). */
  verbose?: boolean;
  /** One stderr line per AWS call (also CLOUDTRAIL_LINT_DEBUG=1). */
  debug?: boolean;
  /** --shard I/N, as given. */
  shard?: string;
}

/** Comma-separated, repeatable lists. */
function list(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "");
}

function collectOptions(options: AwsCliOptions, io: CliIo, overrides: Partial<CollectOptions>): CollectOptions {
  const accounts = list(options.accounts);
  const excluded = list(options.excludeAccounts);
  for (const id of [...accounts, ...excluded]) {
    if (!/^\d{12}$/.test(id)) throw new InputError(`--accounts/--exclude-accounts: "${id}" is not a 12-digit account id`);
  }
  let concurrency: number | undefined;
  if (options.concurrency !== undefined) {
    concurrency = Number(options.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
      throw new InputError(`--concurrency ${options.concurrency}: expected a whole number from 1 to 256`);
    }
  }
  let workers: number | undefined;
  if (options.workers !== undefined) {
    workers = Number(options.workers);
    if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new InputError(`--workers ${options.workers}: expected a whole number from 1 to 64`);
    if (workers > 1 && options.shard !== undefined) throw new InputError("--workers and --shard: a shard is read in one thread (run one process per shard instead)");
  }
  const endpointUrl = options.endpointUrl ?? io.env.AWS_ENDPOINT_URL;
  const shard = options.shard !== undefined ? parseShard("--shard", options.shard) : undefined;
  return {
    ...(shard ? { shard } : {}),
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    ...(options.region !== undefined ? { region: options.region } : {}),
    ...(options.roleName !== undefined ? { roleName: options.roleName } : {}),
    ...(options.externalId !== undefined ? { externalId: options.externalId } : {}),
    ...(options.roleSessionName !== undefined ? { roleSessionName: options.roleSessionName } : {}),
    ...(accounts.length > 0 ? { accounts } : {}),
    ...(excluded.length > 0 ? { excludeAccounts: excluded } : {}),
    ...(list(options.ous).length > 0 ? { ous: list(options.ous) } : {}),
    ...(list(options.regions).length > 0 ? { regions: list(options.regions) } : {}),
    ...(options.singleAccount ? { singleAccount: true } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(workers !== undefined ? { workers } : {}),
    ...(endpointUrl ? { endpointUrl } : {}),
    ...overrides,
  };
}

/** Exit code of a collection that AWS's answers stopped before anything could be read. */
const EXIT_ERRORS = 3;

/** Error codes that say the user's credentials or permissions are the problem (exit 2), not AWS's answer. */
const USER_SIDE = /^(AccessDenied|AccessDeniedException|ExpiredToken|ExpiredTokenException|InvalidClientTokenId|UnrecognizedClientException|SignatureDoesNotMatch|InvalidAccessKeyId|IncompleteSignature|MissingAuthenticationToken|AuthFailure|CredentialsProviderError|AWSOrganizationsNotInUseException|InvalidIdentityToken)$/;

/** AWS answered, but not so that anything could be read (a malformed or odd answer, a network failure): exit 3. */
class AwsUnreadable extends Error {}

/**
 * Reads the organization (or account), with progress on stderr; Ctrl-C and setup failures become
 * clear errors. What AWS answers never ends the run with exit 2 (bad input): a setup failure is the
 * user's (exit 2) only when AWS refused the credentials or the permissions; when AWS's own answers
 * stopped it (a malformed answer, throttling, the network), the exit code is 3.
 */
async function readAws(options: AwsCliOptions, io: CliIo, overrides: Partial<CollectOptions>): Promise<Snapshot> {
  const collectWith = collectOptions(options, io, overrides);
  const debug = debugWanted(options.debug, io.env);
  // Dependency warnings are caught from before the SDK loads until the read ends (aws-diagnostics.ts).
  const captured = captureDependencyWarnings();
  try {
    return await collectFromAws(collectWith, options, io, debug);
  } finally {
    captured.restore();
    if (options.verbose || debug) for (const note of warningNotes(captured.warnings)) io.stderr(note);
  }
}

async function collectFromAws(collectWith: CollectOptions, options: AwsCliOptions, io: CliIo, debug: boolean): Promise<Snapshot> {
  const { collect, CollectSetupError, createProgressRenderer } = await import("../sources/aws/index.js");
  const progress = createProgressRenderer({
    quiet: options.quiet,
    ...(io.progressStream ? { stream: io.progressStream } : {}),
    // Debug lines and a bar redrawn in place would tear each other: plain progress lines then.
    ...(debug ? { tty: false } : {}),
  });
  try {
    const snapshot = await collect(collectWith, {
      onProgress: (p) => progress.update(p),
      ...(debug ? { onAwsCall: (trace) => io.stderr(formatTrace(trace)) } : {}),
      ...(io.signal ? { signal: io.signal } : {}),
    });
    progress.stop();
    // The collector's own output is validated like any snapshot: a bug there must not reach a check.
    // The collector turns every value AWS answered that the schema refuses into an unknown, so a
    // snapshot still invalid here is the collector's bug (exit 4), never the user's input (exit 2).
    try {
      return assertValid<Snapshot>("snapshot.schema.json", snapshot, "collected snapshot");
    } catch (error) {
      throw new Error(`the collector wrote an invalid snapshot: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  } catch (error) {
    progress.stop();
    if (error instanceof CollectSetupError) {
      if (isCredentialFailure(error.errors)) throw new InputError(`cannot read AWS: ${explainCredentials(error.errors, options.profile, io.env)}`);
      const userSide = error.errors.length > 0 && error.errors.every((e) => USER_SIDE.test(e.code));
      if (userSide || (error.errors.length === 0 && /OU filter|--shard/.test(error.message))) throw new InputError(`cannot read AWS: ${error.message}`);
      throw new AwsUnreadable(`cannot read AWS: ${error.message}`);
    }
    throw error;
  }
}

function snapshotText(snapshot: Snapshot): string {
  return `${JSON.stringify(snapshot, null, 2)}\n`;
}

function writeSnapshot(path: string, text: string, cwd: string): void {
  try {
    writeFilesAtomically([{ path: resolve(cwd, path), content: text }]);
  } catch (error) {
    if (error instanceof WriteError) throw new InputError(`${path}: cannot write snapshot: ${error.reason}`, path);
    throw error;
  }
}

/**
 * A live read for a command that uses the snapshot itself (`athena`): the snapshot, or the exit
 * code of a read that did not end with one (130 interrupted, 3 AWS unreadable).
 */
export async function readLiveSnapshot(options: AwsCliOptions, io: CliIo, overrides: Partial<CollectOptions> = {}): Promise<Snapshot | number> {
  const snapshot = await interruptible(() => readAws(options, io, overrides), io);
  return snapshot === undefined ? EXIT_INTERRUPTED : snapshot;
}

/** `collect`: write the snapshot (to --output or stdout). */
export async function collectCommand(
  options: AwsCliOptions & { output?: string },
  io: CliIo,
  overrides: Partial<CollectOptions> = {},
): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  const snapshot = await interruptible(() => readAws(options, io, overrides), io);
  if (snapshot === undefined) return EXIT_INTERRUPTED;
  if (typeof snapshot === "number") return snapshot;
  const text = snapshotText(snapshot);
  if (options.output !== undefined) {
    writeSnapshot(options.output, text, cwd);
    if (!options.quiet) io.stderr(`cloudtrail-lint: wrote snapshot to ${displayPath(options.output, cwd, io.env)}\n`);
  } else {
    io.stdout(text);
  }
  return errorCount(snapshot) > 0 ? 3 : 0;
}

/** `scan`: collect, then lint the snapshot like a file (optionally saved with --save-snapshot). */
export async function scanCommand(
  options: LintOptions & AwsCliOptions & { saveSnapshot?: string },
  io: CliIo,
  checks: readonly AnyCheck[],
  overrides: Partial<CollectOptions> = {},
): Promise<number> {
  // Bad flags and config fail before a single AWS call.
  const plan = await planRun(options, io, checks);
  const snapshot = await interruptible(() => readAws(options, io, overrides), io);
  if (snapshot === undefined) return EXIT_INTERRUPTED;
  if (typeof snapshot === "number") return snapshot;
  let input: LintInput;
  if (options.saveSnapshot !== undefined) {
    const text = snapshotText(snapshot);
    const absolute = resolve(plan.cwd, options.saveSnapshot);
    const file = displayPath(absolute, plan.cwd, io.env);
    for (const t of plan.targets) {
      if (t.file !== undefined && resolve(plan.cwd, t.file) === absolute) {
        throw new InputError(`${t.file}: is the --save-snapshot file; give ${t.reporter.name} another file`);
      }
    }
    writeSnapshot(options.saveSnapshot, text, plan.cwd);
    input = { arg: options.saveSnapshot, file, snapshot, ...located(parseJsonInput(text, file)) };
  } else {
    input = { arg: "aws", file: liveInputName(snapshot), snapshot };
  }
  const shard = snapshot.source?.shard;
  return lintInputs(plan, [shard ? { ...input, keep: inShardFindings(shard) } : input], options, io);
}

/** Failed reads (an account another shard reads is not one). */
function errorCount(snapshot: Snapshot): number {
  const failed = (errors: readonly CollectionError[] | undefined) => (errors ?? []).filter((e) => !isShardListing(e)).length;
  return failed(snapshot.organization?.collectionErrors) + snapshot.accounts.reduce((n, a) => n + failed(a.collectionErrors), 0);
}

/** Runs `read`; on Ctrl-C says so and returns undefined (nothing has been written); an unreadable AWS gives its exit code. */
async function interruptible<T>(read: () => Promise<T>, io: CliIo): Promise<T | number | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof AwsUnreadable) {
      io.stderr(`cloudtrail-lint: ${error.message}\n`);
      return EXIT_ERRORS;
    }
    // CollectAbortedError is named AbortError; matching by name keeps the AWS source out of this module's imports.
    if (error instanceof Error && error.name === "AbortError") {
      io.stderr("cloudtrail-lint: interrupted; nothing was written\n");
      return undefined;
    }
    throw error;
  }
}
