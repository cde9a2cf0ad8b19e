// What the CLI says about an AWS read besides progress: `--debug` lines (one per AWS call), and
// the warnings of dependencies, which never reach the terminal unasked.
//
// The AWS SDK warns with process.emitWarning (NodeVersionSupportWarning, once per process, when
// its first client is built on a Node.js older than the SDK's next minimum: @aws-sdk/core's
// emitWarningIfUnsupportedVersion, called from each client's runtimeConfig) and with console.warn
// (@aws-sdk/* and @smithy/* notes about regions, timestamps, auth schemes). Node.js prints the
// first on stderr, nine lines, through any --quiet, tearing the progress bar. While the CLI reads
// AWS both are caught instead (the library's collect() leaves them alone: its users decide); with
// --verbose or --debug, one short note per warning follows the read.
import { format } from "node:util";
import type { CallTrace } from "../sources/aws/index.js";

/** `--debug` or CLOUDTRAIL_LINT_DEBUG=1 (also "true", "yes"). */
export function debugWanted(flag: boolean | undefined, env: Readonly<Record<string, string | undefined>>): boolean {
  return flag === true || /^(1|true|yes)$/i.test(env.CLOUDTRAIL_LINT_DEBUG ?? "");
}

/**
 * One line per AWS call: what was called, where, for which account, how long it took, the retries
 * and the outcome. Only these fields: never credentials, request parameters or answers.
 */
export function formatTrace(t: CallTrace): string {
  const retries = Math.max(0, t.attempts - 1);
  const result = t.code === undefined ? "ok" : t.tolerated ? `${t.code} (tolerated: not configured)` : t.code;
  return `cloudtrail-lint: debug: ${t.service}:${t.operation} region=${t.region} account=${t.accountId} duration=${t.durationMs}ms retries=${retries} result=${result}\n`;
}

export interface DependencyWarning {
  /** "NodeVersionSupportWarning", "DeprecationWarning", "console.warn", ... */
  name: string;
  message: string;
}

export interface WarningCapture {
  readonly warnings: DependencyWarning[];
  /** Puts process.emitWarning and console.warn back; safe to call twice. */
  restore(): void;
}

/** The warnings of the captures in progress, innermost last. */
const sinks: DependencyWarning[][] = [];
let realEmitWarning: typeof process.emitWarning = process.emitWarning;
let realWarn: typeof console.warn = console.warn;

function record(warning: string | Error, typeOrOptions?: unknown): DependencyWarning {
  const message = typeof warning === "string" ? warning : String(warning?.message ?? warning);
  const options = typeOrOptions as { type?: unknown } | undefined;
  const type = typeof typeOrOptions === "string" ? typeOrOptions : typeof options?.type === "string" ? options.type : warning instanceof Error ? warning.name : "Warning";
  // The SDK names its warning in the text: "NodeVersionSupportWarning: The AWS SDK ...".
  const named = /^([A-Z]\w*Warning):\s*/.exec(message);
  return named && type === "Warning" ? { name: named[1]!, message: message.slice(named[0].length) } : { name: type, message };
}

// Installed for the first capture and kept where a module took a reference to console.warn while
// one was in progress (@smithy/core's serde logger does, when it loads): outside a capture they
// pass everything on unchanged.
const emitRouter = function (this: unknown, ...args: Parameters<typeof process.emitWarning>) {
  const sink = sinks[sinks.length - 1];
  if (sink) sink.push(record(args[0], args[1]));
  else realEmitWarning.apply(process, args);
} as typeof process.emitWarning;
const warnRouter = (...args: unknown[]): void => {
  const sink = sinks[sinks.length - 1];
  if (sink) sink.push({ name: "console.warn", message: format(...args) });
  else realWarn.apply(console, args);
};

/**
 * Until restore(), process.emitWarning and console.warn record instead of printing. Start it before
 * the AWS SDK is loaded, so that references taken at load time are caught too.
 */
export function captureDependencyWarnings(): WarningCapture {
  const warnings: DependencyWarning[] = [];
  if (process.emitWarning !== emitRouter) {
    realEmitWarning = process.emitWarning;
    process.emitWarning = emitRouter;
  }
  if (console.warn !== warnRouter) {
    realWarn = console.warn;
    console.warn = warnRouter;
  }
  sinks.push(warnings);
  let restored = false;
  return {
    warnings,
    restore() {
      if (restored) return;
      restored = true;
      sinks.splice(sinks.lastIndexOf(warnings), 1);
      if (sinks.length > 0) return;
      if (process.emitWarning === emitRouter) process.emitWarning = realEmitWarning;
      if (console.warn === warnRouter) console.warn = realWarn;
    },
  };
}

const MAX_NOTE = 160;

/** The notes --verbose prints for the warnings caught: one line each, the same warning once. */
export function warningNotes(warnings: readonly DependencyWarning[], nodeVersion = process.version): string[] {
  const notes = new Set<string>();
  for (const w of warnings) {
    if (w.name === "NodeVersionSupportWarning") {
      const needs = /node >=(\d+)/.exec(w.message)?.[1] ?? "22";
      notes.add(
        `cloudtrail-lint: note: the AWS SDK says its releases after the first week of January 2027 need Node.js ${needs} or later (this is ${nodeVersion}); see "Supported Node.js versions" in the README\n`,
      );
      continue;
    }
    const first = w.message.split("\n").find((line) => line.trim() !== "")?.trim() ?? "";
    const text = first.length > MAX_NOTE ? `${first.slice(0, MAX_NOTE - 3)}...` : first;
    notes.add(`cloudtrail-lint: note: a dependency warned (${w.name}): ${text}\n`);
  }
  return [...notes];
}
