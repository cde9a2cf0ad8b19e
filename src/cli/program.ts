// The command line, as a function of argv and its surroundings that returns the exit code, so
// tests run it in-process. src/cli/main.ts wires it to the real process.
import { Command, CommanderError, Option } from "commander";
import { checks as registeredChecks } from "../checks/index.js";
import type { AnyCheck } from "../engine/check.js";
import { INFORMATION_URI } from "../engine/report.js";
import { reporterNames } from "../reporters/index.js";
import type { FailOn } from "../config/load.js";
import { InputError } from "../util/errors.js";
import { packageVersion } from "../util/paths.js";
import { renderChecksJson, renderChecksText } from "./checks-command.js";
import { colorAllowed, type CliIo } from "./io.js";
import { FAIL_ON, lint, type LintOptions } from "./lint.js";

export const EXIT = { ok: 0, findings: 1, badInput: 2, errors: 3, internal: 4 } as const;

export interface CliOptions {
  /** The checks to offer; default: the registry (tests pass their own). */
  checks?: readonly AnyCheck[];
}

// No default value, so --help does not print "(default: [])"; the action treats undefined as [].
const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

const LINT_HELP = `
Formats: ${reporterNames().join(", ")}. Each --format is "name" or "name=path"; at most one without
a path, which goes to stdout (or to --output). Files are written atomically, and none at all when
anything is wrong.

Configuration: .cloudtrail-lint.yml, .cloudtrail-lint.yaml or .cloudtrail-lint.json in the current
directory, or --config. It sets per-check enabled/severity/params, suppressions and failOn.

Exit codes:
  0  no unsuppressed FAIL at or above --fail-on, and no ERROR
  1  an unsuppressed FAIL at or above --fail-on (also when there are ERRORs as well)
  2  bad input: missing file, invalid JSON/YAML, schema violation, unknown check id, format or
     param, bad flag value, unwritable output; nothing is written
  3  no failing FAIL, but some results are ERROR (something could not be read: a partial scan)
  4  internal error (a bug: please report it)

"now" (report generatedAt, suppression expiry) is --now, else SOURCE_DATE_EPOCH, else the clock.

Examples:
  $ cloudtrail-lint lint examples/org-snapshot.json
  $ cloudtrail-lint lint snapshot.json --verbose --fail-on high
  $ cloudtrail-lint lint snapshot.json --format text --format json=out/report.json
  $ cloudtrail-lint lint snapshot.json --format json --output report.json --only multi-region-trail,global-service-events
  $ cloudtrail-lint lint prod.json dev.json --config ci/cloudtrail-lint.yml --fail-on none
`;

function buildProgram(io: CliIo, checks: readonly AnyCheck[], setExit: (code: number) => void): Command {
  const program = new Command("cloudtrail-lint");
  program
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) => write(text),
    })
    .showHelpAfterError("(add --help for usage)")
    .description("Policy linter for AWS CloudTrail set-ups: lints snapshots of an AWS Organization or account.")
    .version(packageVersion(), "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .addHelpText(
      "after",
      `
Examples:
  $ cloudtrail-lint lint examples/org-snapshot.json
  $ cloudtrail-lint lint snapshot.json --format text --format json=out/report.json
  $ cloudtrail-lint checks --format json

Run "cloudtrail-lint lint --help" for formats, configuration and exit codes.`,
    );

  program
    .command("lint")
    .description("lint one or more snapshot files and report the results")
    .argument("<snapshot...>", "snapshot JSON files (see schemas/snapshot.schema.json)")
    .option("-c, --config <file>", "configuration file (default: .cloudtrail-lint.yml/.yaml/.json in the current directory)")
    .option("-f, --format <fmt[=file]>", `output format, repeatable: ${reporterNames().join(", ")} (default: text)`, collect)
    .option("-o, --output <file>", "write the format that has no file of its own here instead of stdout")
    .addOption(new Option("--fail-on <severity>", "lowest severity of a FAIL that makes the exit code 1 (default: low, or failOn from the config)").choices(FAIL_ON))
    .option("--only <ids>", "run only these checks (comma-separated, repeatable)", collect)
    .option("--skip <ids>", "do not run these checks (comma-separated, repeatable)", collect)
    .option("--now <iso>", "the current time, e.g. 2026-11-20T12:00:00Z (default: SOURCE_DATE_EPOCH, else the clock)")
    .option("--category <id>", "SARIF runs[].automationDetails.id (default: cloudtrail-lint/<organization or account id>/)")
    .addOption(new Option("-v, --verbose", "show PASS and N/A results, evidence and the remediation commands").conflicts("quiet"))
    .addOption(new Option("-q, --quiet", "no notes or warnings on stderr (errors are still printed)"))
    .addHelpText("after", LINT_HELP)
    .action((snapshots: string[], opts: Record<string, unknown>) => {
      const options: LintOptions = {
        format: (opts.format as string[] | undefined) ?? [],
        only: (opts.only as string[] | undefined) ?? [],
        skip: (opts.skip as string[] | undefined) ?? [],
        verbose: opts.verbose === true,
        quiet: opts.quiet === true,
        ...(typeof opts.config === "string" ? { config: opts.config } : {}),
        ...(typeof opts.output === "string" ? { output: opts.output } : {}),
        ...(typeof opts.failOn === "string" ? { failOn: opts.failOn as FailOn } : {}),
        ...(typeof opts.now === "string" ? { now: opts.now } : {}),
        ...(typeof opts.category === "string" ? { category: opts.category } : {}),
      };
      setExit(lint(snapshots, options, io, checks));
    });

  program
    .command("checks")
    .description("list the installed checks with their metadata")
    .addOption(new Option("-f, --format <fmt>", "text or json (a JSON array of check metadata)").choices(["text", "json"]).default("text"))
    .addHelpText(
      "after",
      `
Examples:
  $ cloudtrail-lint checks
  $ cloudtrail-lint checks --format json`,
    )
    .action((opts: { format: "text" | "json" }) => {
      io.stdout(opts.format === "json" ? renderChecksJson(checks) : renderChecksText(checks, colorAllowed(io)));
      setExit(EXIT.ok);
    });

  return program;
}

/** Runs the CLI; never throws, never exits the process: returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo, options: CliOptions = {}): Promise<number> {
  let code: number = EXIT.ok;
  try {
    const program = buildProgram(io, options.checks ?? registeredChecks, (c) => (code = c));
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with exit code 0; usage errors are bad input.
      return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    if (error instanceof InputError) {
      io.stderr(`cloudtrail-lint: ${error.message}\n`);
      return EXIT.badInput;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr(
      `cloudtrail-lint: internal error: ${detail}\n` +
        `This is a bug in cloudtrail-lint ${safeVersion()}. Please report it at ${INFORMATION_URI}/issues ` +
        `with the command you ran (and, if you can, the input that triggered it).\n`,
    );
    return EXIT.internal;
  }
}

function safeVersion(): string {
  try {
    return packageVersion();
  } catch {
    return "(unknown version)";
  }
}
