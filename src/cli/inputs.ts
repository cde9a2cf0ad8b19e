// `cloudtrail-lint lint` (and its synonym `iac`): every input kind in one command, as ESLint and
// Checkov users expect. What a file is comes from its content, never its name: a snapshot (JSON,
// schemas/snapshot.schema.json), a CloudFormation template (YAML or JSON, CDK output) or a Terraform
// plan (`terraform show -json`). A directory or a quoted glob stands for the templates and plans
// among its files (src/sources/iac-inputs.ts); snapshots are named one by one. Terraform
// configuration (.tf) is refused with the way to lint it (a plan), until an HCL source exists.
// Anything that cannot be read, or is none of the kinds, is bad input naming the file (exit 2).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Option, type Command } from "commander";
import type { AnyCheck } from "../engine/check.js";
import type { Partition } from "../model/snapshot.js";
import type { IacExpansion, IacOptions, IacSource } from "../sources/iac.js";
import type { SniffedKind } from "../sources/iac-inputs.js";
import { InputError } from "../util/errors.js";
import { isRecord } from "../util/records.js";
import { readStdinOnce } from "./conventions.js";
import { boundHeapGrowth } from "./heap.js";
import { inlineSuppressor } from "./inline-suppressions.js";
import { displayPath, type CliIo } from "./io.js";
import { lintInputs, loadSnapshot, planRun, stdinSnapshot, type LintInput, type LintOptions } from "./lint.js";
import { mergeShardInputs } from "./shards.js";
import { iacContext } from "./sources.js";

export interface IacCliOptions {
  accountId?: string;
  region?: string;
  partition?: Partition;
  parameters: string[];
  /** CloudFormation parameters files (JSON, as the AWS CLI takes them); later files win, --parameter wins over all. */
  parametersFiles: string[];
  imports: string[];
  stackName?: string;
  /** Terraform configuration: `--var NAME=VALUE`, in order. */
  vars: string[];
  /** Terraform configuration: `--var-file`, in order. */
  varFiles: string[];
}

export type InputKind = "snapshot" | SniffedKind;

/** Keys only a snapshot has at its top level (schemas/snapshot.schema.json). */
const SNAPSHOT_KEYS = ["schemaVersion", "accounts"];

function neither(file: string): InputError {
  return new InputError(
    `${file}: not a snapshot (no schemaVersion and accounts, see schemas/snapshot.schema.json), a CloudFormation template (no Resources section) nor a Terraform plan (no format_version)`,
    file,
  );
}

/**
 * What a file named on the command line is, by its content. JSON that may be a snapshot is taken as
 * one, so a broken snapshot gets its JSON or schema error with line and path; text that is none of
 * the kinds is bad input saying what each kind would need.
 */
export function classifyInput(file: string, text: string, sniff: (text: string) => SniffedKind | undefined): InputKind {
  const kind = sniff(text);
  if (kind !== undefined) return kind;
  const body = text.replace(/^\uFEFF/, "").trimStart();
  if (!body.startsWith("{") && !body.startsWith("[")) throw neither(file);
  if (SNAPSHOT_KEYS.some((key) => body.includes(`"${key}"`))) return "snapshot";
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return "snapshot"; // broken JSON: the snapshot reader says where
  }
  if (isRecord(value)) throw neither(file);
  return "snapshot";
}

function readInput(arg: string, cwd: string): string {
  try {
    return readFileSync(resolve(cwd, arg), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a directory" : (error as Error).message;
    throw new InputError(`${arg}: cannot read: ${why}`, arg);
  }
}

/**
 * The Terraform directories to lint: every one named, and of those found in a directory walk only
 * the root modules (a directory another one calls as a local module is linted through its caller).
 */
async function terraformRoots(entries: readonly Entry[], cwd: string, display: (file: string) => string): Promise<Set<Entry>> {
  const tf = entries.filter((e): e is Extract<Entry, { kind: "tf" }> => e.kind === "tf");
  if (!tf.some((e) => e.walked)) return new Set(tf);
  const { localModuleDirs } = await import("../sources/hcl/load.js");
  const called = new Set<string>();
  for (const e of tf) for (const dir of await localModuleDirs(resolve(cwd, e.dir), display)) called.add(dir);
  return new Set(tf.filter((e) => !e.walked || !called.has(resolve(cwd, e.dir))));
}

/** `KEY=VALUE` pairs of a repeatable flag. */
function pairs(flag: string, values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf("=");
    if (eq <= 0) throw new InputError(`${flag} ${value}: expected KEY=VALUE`);
    out[value.slice(0, eq)] = value.slice(eq + 1);
  }
  return out;
}

/**
 * A file named on the command line, read and told apart. Its text is held by the entry alone (no
 * local of the long-lived caller keeps it), so that it can be let go once parsed.
 */
function readEntry(arg: string, cwd: string, sniff: (text: string) => SniffedKind | undefined): Entry {
  const text = readInput(arg, cwd);
  return classifyInput(arg, text, sniff) === "snapshot" ? { kind: "snapshot", arg, text } : { kind: "iac", file: arg, text };
}

type Entry = { kind: "snapshot"; arg: string; text?: string } | { kind: "iac"; file: string; text?: string } | { kind: "tf"; dir: string; walked: boolean };

/** Lints snapshots, templates and plans together, in the order given (see the header). */
export async function lintFiles(args: readonly string[], options: LintOptions & IacCliOptions, io: CliIo, checks: readonly AnyCheck[]): Promise<number> {
  const plan = await planRun(options, io, checks);
  const { cwd } = plan;
  const { expandIacArguments, loadIacFile } = await import("../sources/iac.js");
  const { describeRead, sniffIac } = await import("../sources/iac-inputs.js");

  const entries: Entry[] = [];
  const seen = new Set<string>();
  const expansion: Pick<IacExpansion, "skipped" | "tooLarge"> & { expanded: boolean } = { skipped: 0, tooLarge: [], expanded: false };
  for (const arg of args) {
    if (arg === "-") {
      entries.push({ kind: "snapshot", arg });
      continue;
    }
    const expanded = expandIacArguments([arg], cwd);
    for (const { dir, walked } of expanded.terraformDirs) entries.push({ kind: "tf", dir, walked });
    if (expanded.terraformDirs.length > 0 && !expanded.expanded) continue;
    if (expanded.expanded) {
      expansion.expanded = true;
      expansion.skipped += expanded.skipped;
      expansion.tooLarge.push(...expanded.tooLarge);
      for (const file of expanded.files) {
        const key = resolve(cwd, file);
        if (seen.has(key)) continue;
        seen.add(key);
        entries.push({ kind: "iac", file, ...(expanded.texts.has(file) ? { text: expanded.texts.get(file)! } : {}) });
      }
      continue;
    }
    const key = resolve(cwd, arg);
    if (seen.has(key)) continue;
    seen.add(key);
    entries.push(readEntry(arg, cwd, sniffIac));
  }

  const terraform = await terraformRoots(entries, cwd, (file) => displayPath(file, cwd, io.env));
  const iacFiles = entries.filter((e) => e.kind !== "snapshot");
  const parameters = iacFiles.length > 0 ? await readParameters(options, cwd, io) : {};
  const iacOptions: IacOptions = {
    cwd,
    display: (file) => displayPath(file, cwd, io.env),
    parameters,
    imports: pairs("--import", options.imports),
    ...(options.accountId !== undefined ? { accountId: options.accountId } : {}),
    ...(options.region !== undefined ? { region: options.region } : {}),
    ...(options.partition !== undefined ? { partition: options.partition } : {}),
    ...(options.stackName !== undefined ? { stackName: options.stackName } : {}),
  };
  const kinds: SniffedKind[] = [];
  let configurations = 0;
  const templates: { declaredParameters?: readonly string[] }[] = [];
  const stdin = await readStdinOnce(args, io); // `lint -`
  boundHeapGrowth(entries.reduce((size, e) => size + (e.kind === "snapshot" ? (e.text?.length ?? 0) : 0), stdin?.length ?? 0));
  const loaded = new Map<Entry, IacSource>();
  for (const entry of entries) {
    if (entry.kind !== "tf" || !terraform.has(entry)) continue;
    const { loadTerraformConfig } = await import("../sources/hcl/load.js");
    loaded.set(entry, await loadTerraformConfig(entry.dir, { ...iacOptions, vars: options.vars, varFiles: options.varFiles, env: io.env }));
  }
  const inputs: LintInput[] = entries.flatMap((entry): LintInput[] => {
    if (entry.kind === "snapshot") {
      // Read once (to tell what it is), parsed once; the entry lets go of the text.
      const text = entry.text;
      delete entry.text;
      return [entry.arg === "-" ? stdinSnapshot(stdin ?? "") : loadSnapshot(entry.arg, cwd, io.env, text)];
    }
    if (entry.kind === "tf" && !loaded.has(entry)) return [];
    const source = entry.kind === "tf" ? loaded.get(entry)! : loadIacFile(entry.file, iacOptions, entry.text);
    const arg = entry.kind === "tf" ? entry.dir : entry.file;
    if (entry.kind === "tf") configurations++;
    else kinds.push(source.kind);
    if (source.kind === "cloudformation") templates.push(source);
    const suppress = inlineSuppressor(source, plan.checks);
    return [{
      ...(suppress ? { suppress } : {}),
      arg,
      absolute: resolve(cwd, arg),
      file: source.file,
      snapshot: source.snapshot,
      locate: (pointer) => {
        const at = source.locate(pointer);
        return at ? { line: at.startLine, column: at.startColumn, ...(at.file !== source.file ? { file: at.file } : {}) } : undefined;
      },
      iac: iacContext(source, arg, cwd),
    }];
  });
  if (!options.quiet) {
    if (expansion.expanded) for (const line of describeRead(kinds, expansion, configurations)) io.stderr(`cloudtrail-lint: ${line}\n`);
    const notes = iacFiles.length === 0 ? unusedIacFlags(options) : undeclaredParameters(parameters, templates);
    for (const line of notes) io.stderr(`cloudtrail-lint: warning: ${line}\n`);
  }
  return lintInputs(plan, mergeShardInputs(inputs, { allowPartial: options.allowPartial === true, quiet: options.quiet }, io), options, io);
}

async function readParameters(options: IacCliOptions, cwd: string, io: CliIo): Promise<NonNullable<IacOptions["parameters"]>> {
  const { readParametersFile } = await import("../sources/cloudformation/parameters-file.js");
  const parameters: NonNullable<IacOptions["parameters"]> = {};
  for (const file of options.parametersFiles) Object.assign(parameters, readParametersFile(resolve(cwd, file), displayPath(file, cwd, io.env)));
  Object.assign(parameters, pairs("--parameter", options.parameters));
  return parameters;
}

/** The template and plan flags given to a run that reads only snapshots: they change nothing. */
function unusedIacFlags(options: IacCliOptions): string[] {
  const given = [
    ...(options.accountId !== undefined ? ["--account-id"] : []),
    ...(options.region !== undefined ? ["--region"] : []),
    ...(options.partition !== undefined ? ["--partition"] : []),
    ...(options.parameters.length > 0 ? ["--parameter"] : []),
    ...(options.parametersFiles.length > 0 ? ["--parameters-file"] : []),
    ...(options.imports.length > 0 ? ["--import"] : []),
    ...(options.stackName !== undefined ? ["--stack-name"] : []),
    ...(options.vars.length > 0 ? ["--var"] : []),
    ...(options.varFiles.length > 0 ? ["--var-file"] : []),
  ];
  if (given.length === 0) return [];
  return [`${given.join(", ")} ${given.length === 1 ? "applies" : "apply"} to CloudFormation templates and Terraform plans only; the inputs are snapshots, so ${given.length === 1 ? "it is" : "they are"} ignored`];
}

/**
 * Parameters given that no template of the run declares. CloudFormation refuses such a parameter,
 * but one parameters file often serves several stacks: a warning, not bad input.
 */
function undeclaredParameters(parameters: Readonly<Record<string, unknown>>, templates: readonly { declaredParameters?: readonly string[] }[]): string[] {
  if (templates.length === 0) return [];
  const declared = new Set(templates.flatMap((s) => s.declaredParameters ?? []));
  const unused = Object.keys(parameters).filter((key) => !declared.has(key)).sort();
  if (unused.length === 0) return [];
  const which = templates.length === 1 ? "the template" : "any of the templates";
  return [`${unused.length === 1 ? "parameter" : "parameters"} ${unused.join(", ")} ${unused.length === 1 ? "is" : "are"} not declared by ${which}, and not used`];
}

// Shared by `lint` and `iac` (program.ts): the flags for templates and plans, and their values.
const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

export function addIacOptions(command: Command): Command {
  return command
    .option("--account-id <id>", "templates and plans: account id the resources are deployed to (default 000000000000)")
    .option("--region <region>", "templates and plans: region the stack is deployed to, as for aws cloudformation deploy (default: the plan's provider region, else us-east-1)")
    .addOption(new Option("--partition <partition>", "templates and plans: AWS partition").choices(["aws", "aws-us-gov", "aws-cn"]))
    .option("--parameter <key=value>", "CloudFormation parameter value (repeatable; wins over --parameters-file)", collect)
    .option(
      "--parameters-file <file>",
      "CloudFormation parameter values: the JSON of create-stack --parameters, deploy --parameter-overrides or a CodePipeline template configuration (repeatable; later files win)",
      collect,
    )
    .option("--import <name=value>", "value of an export another stack makes, for Fn::ImportValue (repeatable)", collect)
    .option("--stack-name <name>", "stack name for AWS::StackName (default: the file name)")
    .option("--var <name=value>", "Terraform configuration: a root module variable's value, as terraform plan -var (repeatable; wins over --var-file)", collect)
    .option("--var-file <file>", "Terraform configuration: a .tfvars or .tfvars.json file, as terraform plan -var-file (repeatable; later files win)", collect);
}

export function iacOptions(opts: Record<string, unknown>): IacCliOptions {
  return {
    parameters: (opts.parameter as string[] | undefined) ?? [],
    parametersFiles: (opts.parametersFile as string[] | undefined) ?? [],
    imports: (opts.import as string[] | undefined) ?? [],
    vars: (opts.var as string[] | undefined) ?? [],
    varFiles: (opts.varFile as string[] | undefined) ?? [],
    ...(typeof opts.accountId === "string" ? { accountId: opts.accountId } : {}),
    ...(typeof opts.region === "string" ? { region: opts.region } : {}),
    ...(typeof opts.partition === "string" ? { partition: opts.partition as Partition } : {}),
    ...(typeof opts.stackName === "string" ? { stackName: opts.stackName } : {}),
  };
}
