// The command line, as a function of argv and its surroundings that returns the exit code, so
// tests run it in-process. src/cli/main.ts wires it to the real process.
import { Command, CommanderError, Option } from "commander";
import { checks as registeredChecks } from "../checks/index.js";
import type { AnyCheck } from "../engine/check.js";
import { INFORMATION_URI } from "../engine/report.js";
import { reporterNames } from "../reporters/index.js";
import type { FailOn } from "../config/load.js";
import { isInputError } from "../util/errors.js";
import { packageVersion } from "../util/paths.js";
import { renderChecksJson, renderChecksText } from "./checks-command.js";
import { eitherFlag, helpWidth, refuseFormatAsOutput, wrapped } from "./conventions.js";
import { colorAllowed, type CliIo } from "./io.js";
import { addPrintConfig } from "./print-config.js";
import { FAIL_ON, resolveChecks, type LintOptions } from "./lint.js";
import { demo } from "./demo.js";
import { addIacOptions, iacOptions, lintFiles } from "./inputs.js";
import { collectCommand, scanCommand, type AwsCliOptions } from "./sources.js";
import { ATHENA_FORMATS, athenaCommand, type AthenaCliOptions } from "./athena.js";
import type { CollectOptions } from "../sources/aws/index.js";

export const EXIT = { ok: 0, findings: 1, badInput: 2, errors: 3, internal: 4 } as const;

export interface CliOptions {
  /** The checks to offer; default: the registry (tests pass their own). */
  checks?: readonly AnyCheck[];
  /** Overrides for the AWS collector (tests: credentials, zero back-off, a fixed clock). */
  collect?: Partial<CollectOptions>;
}

// No default value, so --help does not print "(default: [])"; the action treats undefined as [].
const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

const LINT_HELP = `
Formats: ${reporterNames().join(", ")}. Each --format is "name" or "name=path"; at most one without
a path, which goes to stdout (or to --output). Files are written atomically, and none at all when
anything is wrong.

Configuration: .cloudtrail-lint.yml, .cloudtrail-lint.yaml or .cloudtrail-lint.json, the nearest in
the current directory or a parent up to the repository root (the directory holding .git; outside a
repository only the current directory), or --config. It sets per-check enabled/severity/params,
suppressions, failOn and plugins. --print-config shows it merged with the defaults, and its path.

Plugins: --plugin <name|path> (repeatable) and the config's plugins: load users' own checks, with ids
<plugin>/<id>. A path starts with ./, ../ or /; anything else is a package in node_modules.

Shards: the snapshots of a sharded scan (collect --shard I/N, one per machine) given together are
linted as the one scan they are: \`lint shard-*.json\`. Shards of different organizations or scans,
a shard given twice or a missing one are bad input (exit 2); --allow-partial lints what is there,
the missing shards' accounts reported as not read (ERROR: exit 3 unless a FAIL makes it 1).

Baselines: --baseline report.json (an earlier run's JSON report) marks each finding (FAIL or
ERROR, suppressed ones included) new or unchanged, by the fingerprint SARIF gives it, and lists
the baseline's findings that are fixed; text, Markdown and JSON show them with each account's score
change. A baseline finding whose check did not run, whose account is not in this run, or whose
check is ERROR there now is not counted as fixed. --fail-on-new-only: the exit code counts the new
findings only (adopting the linter on an organization that already has findings).

Exit codes:
  0  no unsuppressed FAIL at or above --fail-on, and no ERROR
  1  an unsuppressed FAIL at or above --fail-on (also when there are ERRORs as well)
  2  bad input: missing file, invalid JSON/YAML, schema violation, unknown check id, format or
     param, bad flag value, unwritable output; nothing is written
  3  no failing FAIL, but some results are ERROR (something could not be read: a partial scan)
  4  internal error (a bug: please report it)

"now" (report generatedAt, suppression expiry) is --now, else SOURCE_DATE_EPOCH, else the clock.

Examples:
  $ cloudtrail-lint lint "$(cloudtrail-lint demo --path)/org-snapshot.json"
  $ cloudtrail-lint lint snapshot.json --verbose --fail-on high
  $ cloudtrail-lint lint snapshot.json --format text --format json=out/report.json
  $ cloudtrail-lint lint snapshot.json --format json --output report.json --only multi-region-trail,global-service-events
  $ cloudtrail-lint lint prod.json dev.json --config ci/cloudtrail-lint.yml --fail-on none
  $ cloudtrail-lint lint examples/org-snapshot.json --plugin ./examples/plugins/trail-owner-tag
  $ cloudtrail-lint lint shard-1.json shard-2.json shard-3.json shard-4.json --format sarif=results.sarif
  $ cloudtrail-lint lint snapshot.json --baseline last-month.json --fail-on-new-only --format json=report.json
`;

function buildProgram(io: CliIo, checks: readonly AnyCheck[], setExit: (code: number) => void, cliOptions: CliOptions): Command {
  const program = new Command("cloudtrail-lint");
  program
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) => write(text),
      getOutHelpWidth: () => helpWidth(io),
      getErrHelpWidth: () => helpWidth(io),
    })
    .showHelpAfterError("(add --help for usage)")
    .configureHelp({ showGlobalOptions: true, minWidthToWrap: 20 })
    .description("Policy linter for AWS CloudTrail set-ups: lints an AWS Organization (live or as a snapshot), an account, or infrastructure as code.")
    .version(packageVersion(), "-v, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .option("--color", "colour the text output even when stdout is not a terminal (wins over FORCE_COLOR and NO_COLOR)")
    .option("--no-color", "never colour the text output")
    .hook("preAction", (command) => {
      const color = command.opts().color as boolean | undefined;
      if (color !== undefined) io.color = color;
    })
    .addHelpText(
      "after",
      wrapped(`
Examples:
  $ cloudtrail-lint demo
  $ cloudtrail-lint lint "$(cloudtrail-lint demo --path)/iac/blog.yaml"
  $ cloudtrail-lint lint snapshot.json --format text --format json=out/report.json
  $ cloudtrail-lint scan --role-name CloudTrailLintAudit --format sarif=results.sarif
  $ cloudtrail-lint lint template.yaml plan.tfplan.json snapshot.json
  $ cloudtrail-lint checks --format json
  $ cloudtrail-lint athena snapshot.json --output cloudtrail-tables.sql

Run "cloudtrail-lint lint --help" for formats, configuration and exit codes.`, io),
    );

  const lintCommand = program
    .command("lint")
    .description("lint snapshot files, CloudFormation templates and Terraform plans (recognised by content) and report the results")
    .argument("<files...>", "snapshots, templates and plans; a directory or a quoted glob stands for the templates and plans among its files; - reads a snapshot from standard input");
  addPrintConfig(addOutputOptions(addIacOptions(lintCommand)), io, checks)
    .option("--allow-partial", "lint the shards of a sharded scan (collect --shard) even when some are missing: their accounts are reported as not read (ERROR)")
    .addHelpText("after", wrapped(LINT_HELP, io))
    .action(async (files: string[], opts: Record<string, unknown>) => {
      setExit(await lintFiles(files, { ...lintOptions(opts), ...iacOptions(opts), allowPartial: opts.allowPartial === true }, io, checks));
    });

  const iacCommand = addIacOptions(
    program
      .command("iac")
      .description("the same as lint (kept for scripts): CloudFormation templates (YAML/JSON, CDK output), Terraform plans (terraform show -json), snapshots")
      .argument("<files...>", "templates and plans; a directory or a quoted glob stands for the templates and plans among its files"),
  );
  addPrintConfig(addOutputOptions(iacCommand), io, checks)
    .addHelpText(
      "after",
      wrapped(`
A directory is searched recursively (not node_modules or directories starting with a dot) and a
quoted glob is expanded; of their .json, .yaml, .yml and .template files, those that are a
CloudFormation template (AWSTemplateFormatVersion, or Resources of AWS::/Custom:: types) or a
Terraform plan (format_version with planned_values or resource_changes) are read, whatever their
name; the others are skipped, and stderr says how many of each. A directory holding .tf or .tf.json
files is a Terraform root module (its files read together; a .tf file named on its own stands for
its directory); of the Terraform directories a search finds, those another one calls as a local
module are linted through their caller. A file named on its own must be a template, a plan or
Terraform configuration.

Terraform variables: defaults, then TF_VAR_<name>, terraform.tfvars, *.auto.tfvars, --var-file and
--var NAME=VALUE, later ones winning, as for terraform plan.

Parameter values: --parameters-file takes the JSON the AWS CLI takes (create-stack --parameters
[{"ParameterKey": "K", "ParameterValue": "V"}], deploy --parameter-overrides ["K=V"], or a
CodePipeline template configuration {"Parameters": {"K": "V"}}); --parameter K=V wins over it.

Values a file cannot decide (a parameter without a value, an import from another stack, a Terraform
variable without a value, a value known only after apply, a module not on disk) never give a FAIL: the checks that depend on them give ERROR saying
"cannot be decided from this file". Exit codes as for lint.

Examples:
  $ cloudtrail-lint iac examples/iac/blog.yaml
  $ cloudtrail-lint iac cdk.out --format sarif=results.sarif
  $ cloudtrail-lint iac infra/ --parameters-file params/prod.json --parameter Stage=prod
  $ cloudtrail-lint iac infra/terraform --var-file prod.tfvars --var environment=prod
  $ terraform show -json plan.out > plan.tfplan.json && cloudtrail-lint iac plan.tfplan.json`, io),
    )
    .action(async (files: string[], opts: Record<string, unknown>) => {
      setExit(await lintFiles(files, { ...lintOptions(opts), ...iacOptions(opts) }, io, checks));
    });

  addOutputOptions(
    program
      .command("demo")
      .description("lint the example organization shipped with cloudtrail-lint (no AWS account needed; exit code 1: it has findings)")
      .option("--path", "print where the bundled examples are (snapshots, a template, a plan) and exit"),
  ).action(async (opts: Record<string, unknown>) => {
    setExit(await demo({ ...lintOptions(opts), path: opts.path === true }, io, checks));
  });

  const collectCmd = addAwsOptions(
    program
      .command("collect")
      .description("read the organization (or account) from AWS, read-only, and write a snapshot")
      .option("-o, --output <file>", "write the snapshot here (default: stdout)")
      .option("-q, --quiet", "no progress or notes on stderr")
      .addOption(new Option("--verbose", "notes on stderr after the read (a dependency's warnings, shortened)").conflicts("quiet")),
  );
  collectCmd
    .addHelpText(
      "after",
      wrapped(`
Exit codes: 0 snapshot written; 2 bad flags or AWS could not be read at all (no credentials, the
caller cannot be identified); 3 snapshot written but some reads failed (its collectionErrors);
130 interrupted (Ctrl-C): nothing written.

Examples:
  $ cloudtrail-lint collect --output snapshot.json
  $ cloudtrail-lint collect --profile audit --role-name CloudTrailLintAudit --regions us-east-1,eu-west-1 -o snapshot.json
  $ cloudtrail-lint collect --shard 2/4 -o shard-2.json    # one of 4 machines; then: lint shard-*.json`, io),
    )
    .action(async (opts: Record<string, unknown>) => {
      setExit(await collectCommand({ ...awsOptions(opts), ...(typeof opts.output === "string" ? { output: opts.output } : {}) }, io, cliOptions.collect));
    });

  const scanCmd = addAwsOptions(
    program.command("scan").description("read the organization (or account) from AWS, read-only, then lint it and report"),
  ).option("--save-snapshot <file>", "also write the snapshot; findings then point into it");
  addPrintConfig(addOutputOptions(scanCmd), io, checks)
    .addHelpText(
      "after",
      wrapped(`
Same output flags and exit codes as lint (130 when interrupted with Ctrl-C: nothing written).
Progress goes to stderr: a bar on a terminal, a line now and then in CI, nothing with --quiet.

Examples:
  $ cloudtrail-lint scan
  $ cloudtrail-lint scan --profile audit --role-name CloudTrailLintAudit --save-snapshot snapshot.json --format sarif=results.sarif
  $ cloudtrail-lint scan --single-account --regions us-east-1`, io),
    )
    .action(async (opts: Record<string, unknown>) => {
      setExit(
        await scanCommand(
          { ...lintOptions(opts), ...awsOptions(opts), ...(typeof opts.saveSnapshot === "string" ? { saveSnapshot: opts.saveSnapshot } : {}) },
          io,
          checks,
          cliOptions.collect,
        ),
      );
    });

  const athenaCmd = addAwsOptions(
    program
      .command("athena")
      .description("print, for each logging trail that writes to S3, the Athena CREATE EXTERNAL TABLE statement (partition projection over account, region and day) and example queries; from a snapshot, or read from AWS")
      .argument("[snapshots...]", "a snapshot, or the shards of one scan; - reads it from standard input; none: read AWS with the flags below, as scan does"),
  );
  athenaCmd
    .addOption(new Option("-f, --format <fmt>", "sql, or json (the same as data: each table's values, statement and queries, and the trails without one)").choices(ATHENA_FORMATS).default("sql"))
    .option("-o, --output <file>", "write here instead of stdout (atomically: all or nothing)")
    .option("--since <day>", "first day of every table's date projection: yyyy/MM/dd or NOW-<n><YEARS|MONTHS|WEEKS|DAYS> (default: the day each trail last started logging, else NOW-1YEARS)")
    .option("-q, --quiet", "no warnings or progress on stderr (errors are still printed)")
    .addHelpText(
      "after",
      wrapped(`
cloudtrail-lint creates nothing and never calls Athena: the statements are for you to run, in the
database of your choice (the Athena query editor, or aws athena start-query-execution).

Each table reads the trail's log files where CloudTrail writes them, in its bucket under
<prefix>/AWSLogs/<account>/CloudTrail/<region>/<yyyy>/<MM>/<dd>/ (with the organization id before the
account for an organization trail). Accounts: the trail's own, or for an organization trail
every account of the snapshot. Regions: the home region, or for a multi-region trail the enabled regions
of those accounts as the snapshot holds them. A trail whose status or configuration is not known gets no
table, and the output says why (so does a trail that is not logging).

Exit codes:
  0  statements printed (trails without a table, if any, are listed in comments and warned about)
  1  no statement: every trail is known not to qualify (not logging, or writing to no bucket)
  2  bad input: missing or invalid snapshot, bad flag value, unwritable output; nothing is written
  3  no statement, and something that decides is not known (a trail's status or configuration, an
     account's trails); also when AWS could not be read
  130 interrupted (Ctrl-C): nothing written

Examples:
  $ cloudtrail-lint athena "$(cloudtrail-lint demo --path)/org-snapshot.json"
  $ cloudtrail-lint athena snapshot.json --output cloudtrail-tables.sql
  $ cloudtrail-lint athena --profile audit --role-name CloudTrailLintAudit --since 2024/01/01
  $ cloudtrail-lint athena shard-*.json --format json`, io),
    )
    .action(async (files: string[], opts: Record<string, unknown>) => {
      const options: AthenaCliOptions = {
        format: opts.format as AthenaCliOptions["format"],
        quiet: opts.quiet === true,
        ...(typeof opts.output === "string" ? { output: opts.output } : {}),
        ...(typeof opts.since === "string" ? { since: opts.since } : {}),
      };
      setExit(await athenaCommand(files, options, { options: awsOptions(opts), given: givenAwsFlags(opts) }, io, cliOptions.collect));
    });

  program
    .command("checks")
    .description("list the installed checks with their metadata (with those of the config's plugins and --plugin)")
    .addOption(new Option("-f, --format <fmt>", "text or json (a JSON array of check metadata)").choices(["text", "json"]).default("text"))
    .option("-c, --config <file>", "configuration file whose plugins to load (default: .cloudtrail-lint.yml/.yaml/.json, the nearest up to the repository root)")
    .option("--plugin <name|path>", "also load this plugin's checks (repeatable)", collect)
    .addHelpText(
      "after",
      wrapped(`
Examples:
  $ cloudtrail-lint checks
  $ cloudtrail-lint checks --format json
  $ cloudtrail-lint checks --plugin ./examples/plugins/trail-owner-tag`, io),
    )
    .action(async (opts: { format: "text" | "json"; config?: string; plugin?: string[] }) => {
      const all = (await resolveChecks({ plugins: opts.plugin ?? [], ...(opts.config !== undefined ? { config: opts.config } : {}) }, io, checks)).checks;
      io.stdout(opts.format === "json" ? renderChecksJson(all) : renderChecksText(all, colorAllowed(io)));
      setExit(EXIT.ok);
    });

  return program;
}

/** The output flags lint, iac and scan share. */
function addOutputOptions(command: Command): Command {
  return command
    .option("-c, --config <file>", "configuration file (default: .cloudtrail-lint.yml/.yaml/.json, the nearest up to the repository root)")
    .option("-f, --format <fmt[=file]>", `output format, repeatable: ${reporterNames().join(", ")} (default: text)`, collect)
    .option("-o, --output <file>", "write the format that has no file of its own here instead of stdout")
    .addOption(
      new Option("--fail-on <severity>", "lowest severity of a FAIL that makes the exit code 1 (default: low, or failOn from the config; the GitHub Action's default is low too)").choices(FAIL_ON),
    )
    .addOption(new Option("--soft-fail", "never exit 1 on findings: --fail-on none (Checkov's name)").conflicts("failOn"))
    .option("--baseline <report.json>", "an earlier JSON report (--format json): mark each finding new or unchanged against it, list the fixed ones, show score changes")
    .option("--fail-on-new-only", "the exit code counts only findings new since --baseline (FAILs at or above --fail-on, and ERRORs)")
    .option("--only <ids>", "run only these checks (comma-separated, repeatable)", collect)
    .option("--check <ids>", "same as --only (Checkov's name)", collect)
    .option("--skip <ids>", "do not run these checks (comma-separated, repeatable)", collect)
    .option("--skip-check <ids>", "same as --skip (Checkov's name)", collect)
    .option("--plugin <name|path>", "load a plugin's checks: a package name, or a path starting with ./ ../ or / (repeatable)", collect)
    .option("--now <iso>", "the current time, e.g. 2026-11-20T12:00:00Z (default: SOURCE_DATE_EPOCH, else the clock)")
    .option("--category <id>", "SARIF runs[].automationDetails.id (default: cloudtrail-lint/<organization or account id>/)")
    .addOption(new Option("--verbose", "show PASS and N/A results, evidence and the remediation commands").conflicts("quiet"))
    .addOption(new Option("-q, --quiet", "no notes, warnings or progress on stderr (errors are still printed)"));
}

function lintOptions(opts: Record<string, unknown>): LintOptions {
  const strings = (key: string) => (opts[key] as string[] | undefined) ?? [];
  refuseFormatAsOutput(opts.output as string | undefined);
  return {
    format: strings("format"),
    only: [...strings("only"), ...strings("check")],
    skip: [...strings("skip"), ...strings("skipCheck")],
    plugins: (opts.plugin as string[] | undefined) ?? [],
    verbose: opts.verbose === true,
    quiet: opts.quiet === true,
    ...(typeof opts.config === "string" ? { config: opts.config } : {}),
    ...(typeof opts.output === "string" ? { output: opts.output } : {}),
    ...(typeof opts.failOn === "string" ? { failOn: opts.failOn as FailOn } : opts.softFail === true ? { failOn: "none" as const } : {}),
    ...(typeof opts.now === "string" ? { now: opts.now } : {}),
    ...(typeof opts.category === "string" ? { category: opts.category } : {}),
    ...(typeof opts.baseline === "string" ? { baseline: opts.baseline } : {}),
    ...(opts.failOnNewOnly === true ? { failOnNewOnly: true } : {}),
  };
}

/** The AWS flags collect and scan share. */
function addAwsOptions(command: Command): Command {
  return command
    .option("--profile <name>", "AWS profile (SSO and role-chained profiles work); default: the standard credential chain")
    .option("--home-region <region>", "region for the calls that are not made per region (STS, Organizations, IAM, ListTrails, ListBuckets); default: the partition's, us-east-1 in aws (--region is its old name)")
    .addOption(new Option("--region <region>", "old name of --home-region").hideHelp())
    .option("--role-name <name>", "role assumed in each member account (default OrganizationAccountAccessRole; see examples/iam/)")
    .option("--external-id <id>", "external id for sts:AssumeRole")
    .option("--role-session-name <name>", "session name for sts:AssumeRole (default cloudtrail-lint)")
    .option("--accounts <ids>", "only these accounts (comma-separated, repeatable)", collect)
    .option("--exclude-accounts <ids>", "skip these accounts (comma-separated, repeatable)", collect)
    .option("--ous <ids>", "only accounts under these OUs or roots, at any depth (comma-separated, repeatable)", collect)
    .option("--regions <names>", "read these regions instead of each account's enabled regions (comma-separated)", collect)
    .option("--single-account", "scan only the caller's account, even in an organization")
    .option("--concurrency <n>", "accounts read at the same time (default 32; per worker with --workers)")
    .option("--workers <n>", "worker threads reading the accounts, each one shard of them, for large organizations on a machine with several cores (default 1)")
    .option("--endpoint-url <url>", "custom AWS endpoint, e.g. a local emulator (default: AWS_ENDPOINT_URL); S3 then uses path-style")
    .option("--shard <I/N>", "read shard I of N of the accounts (by account id, the same on every run), plus the other shards' accounts its trails need; lint the N snapshots together")
    .option("--debug", "one stderr line per AWS call: operation, region, account, duration, retries, error code (also CLOUDTRAIL_LINT_DEBUG=1)");
}

function awsOptions(opts: Record<string, unknown>): AwsCliOptions {
  const str = (key: string) => (typeof opts[key] === "string" ? { [key]: opts[key] as string } : {});
  return {
    accounts: (opts.accounts as string[] | undefined) ?? [],
    excludeAccounts: (opts.excludeAccounts as string[] | undefined) ?? [],
    ous: (opts.ous as string[] | undefined) ?? [],
    regions: (opts.regions as string[] | undefined) ?? [],
    singleAccount: opts.singleAccount === true,
    quiet: opts.quiet === true,
    verbose: opts.verbose === true,
    debug: opts.debug === true,
    ...str("profile"),
    ...homeRegion(opts),
    ...str("roleName"),
    ...str("externalId"),
    ...str("roleSessionName"),
    ...str("concurrency"),
    ...str("workers"),
    ...str("endpointUrl"),
    ...str("shard"),
  };
}

/** The flags addAwsOptions adds, by commander's attribute name: read off a command it built, so they cannot drift. */
const AWS_FLAGS: ReadonlyMap<string, string> = new Map(addAwsOptions(new Command()).options.map((o) => [o.attributeName(), o.long ?? o.flags]));

/** The AWS flags given (none has a default: a value present was given), as the user spelled them (--role-name). */
function givenAwsFlags(opts: Record<string, unknown>): string[] {
  return [...AWS_FLAGS].filter(([key]) => opts[key] !== undefined).map(([, flag]) => flag);
}

/** --home-region, or its old name --region (kept working, hidden from --help). */
function homeRegion(opts: Record<string, unknown>): { region?: string } {
  const region = eitherFlag(["--home-region", opts.homeRegion], ["--region", opts.region]);
  return region !== undefined ? { region } : {};
}

/**
 * Terraform's own spelling of its variable flags, `-var` and `-var-file` (one dash, as
 * `terraform plan` takes them), read as `--var` and `--var-file`. Only before `--`.
 */
export function terraformSpelling(argv: readonly string[]): string[] {
  const end = argv.indexOf("--");
  return argv.map((arg, i) => (end >= 0 && i > end ? arg : arg.replace(/^-(var|var-file)(=|$)/, "--$1$2")));
}

/** Runs the CLI; never throws, never exits the process: returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo, options: CliOptions = {}): Promise<number> {
  let code: number = EXIT.ok;
  try {
    // A copy: --color/--no-color set its colour for this run only.
    const program = buildProgram({ ...io }, options.checks ?? registeredChecks, (c) => (code = c), options);
    await program.parseAsync(terraformSpelling(argv), { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with exit code 0; usage errors are bad input.
      return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    if (isInputError(error)) {
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
