// Terraform configuration as a snapshot source: a root module directory (its .tf and .tf.json
// files), evaluated as far as the files decide it, written as the plan Terraform would print
// (to-plan.ts) and mapped by the plan source's mappers, so a plan and its configuration give the
// same snapshot for the same values. Locations point at the .tf lines.
//
// Modules: a local source (`./x`, `../x`) is read from disk; any other source is read from where
// `terraform init` put it (.terraform/modules/modules.json), else what it could create is an
// Unexpanded error (ERROR "... not on disk: run terraform init, or lint a plan"), never a FAIL.
// Identity: --account-id / --region / --partition, else the AWS provider's region when the files
// decide it, else the stand-ins every IaC source uses (iac.ts).
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { UNEXPANDED_CODE, UNEXPANDED_OPERATION } from "../../model/errors.js";
import { InputError } from "../../util/errors.js";
import { isRecord } from "../../util/records.js";
import { assemble, defaultDisplay, iacContextFor, type IacOptions, type IacSource, type InlineIgnore, type LocatedError } from "../iac.js";
import { deployRegionErrors, unexpandedErrors } from "../iac-scope.js";
import { mapTerraformPlan } from "../terraform/plan.js";
import { holedDocument } from "./holes.js";
import { configurationFunctions } from "./library.js";
import type { Block } from "./ast.js";
import { ModuleInstance, type Environment, type ResourceInstance } from "./instance.js";
import { configFileNames, isLocalSource, readModule, type ModuleConfig } from "./module.js";
import { synthesizePlan, type ConfigTree } from "./to-plan.js";
import { isUnknown, type Value } from "./value.js";
import { rootVariables } from "./variables.js";

export interface TerraformConfigOptions extends IacOptions {
  /** `--var name=value`. */
  vars?: readonly string[];
  /** `--var-file`. */
  varFiles?: readonly string[];
  /** The environment, for TF_VAR_* (default: none). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** True when a path is a directory holding Terraform configuration files. */
export function isTerraformDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory() && configFileNames(path).length > 0;
  } catch {
    return false;
  }
}

/** `.terraform/modules/modules.json`: module key -> directory, as `terraform init` recorded it. */
function downloadedModules(rootDir: string, display: (absolute: string) => string): Map<string, string> {
  const file = join(rootDir, ".terraform", "modules", "modules.json");
  const out = new Map<string, string>();
  if (!existsSync(file)) return out;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new InputError(`${display(file)}: not valid JSON (${(error as Error).message}); run terraform init again`, display(file));
  }
  const modules = isRecord(parsed) && Array.isArray(parsed.Modules) ? parsed.Modules : [];
  for (const m of modules) {
    if (isRecord(m) && typeof m.Key === "string" && m.Key !== "" && typeof m.Dir === "string") out.set(m.Key, resolve(rootDir, m.Dir));
  }
  return out;
}

/** `# cloudtrail-lint:ignore <check-id> <reason>` comments on or above the blocks of resource instances. */
function inlineIgnores(instances: readonly ResourceInstance[], root: ConfigTree): InlineIgnore[] {
  const out: InlineIgnore[] = [];
  for (const { address, config, modules } of instances) {
    // The resource's own block, and the module blocks that call it (an ignore on a module covers what it creates).
    const blocks: Block[] = [config.block];
    let tree: ConfigTree | undefined = root;
    for (const name of modules) {
      const call = tree?.config.modules.get(name);
      if (call) blocks.push(call.block);
      tree = tree?.calls.get(name);
    }
    for (const comment of blocks.flatMap((b) => b.leadingComments)) {
      const m = /^cloudtrail-lint:ignore(?:\s+(\S+))?(?:\s+(.*))?$/.exec(comment.text);
      if (!m) continue;
      const location = { file: comment.span.file, startLine: comment.span.line, startColumn: comment.span.column };
      const at = `${location.file}:${location.startLine}:${location.startColumn}`;
      if (m[1] === undefined) throw new InputError(`${at}: cloudtrail-lint:ignore needs a check id and a reason: # cloudtrail-lint:ignore <check-id> <reason>`, location.file);
      const reason = (m[2] ?? "").trim();
      if (reason === "") throw new InputError(`${at}: cloudtrail-lint:ignore ${m[1]}: a reason is required (# cloudtrail-lint:ignore ${m[1]} <why this is accepted>)`, location.file);
      out.push({ resource: address, type: config.type, check: m[1], reason, location });
    }
  }
  return out;
}

/** Lints one root module directory. */
export async function loadTerraformConfig(dir: string, options: TerraformConfigOptions = {}): Promise<IacSource> {
  const cwd = options.cwd ?? process.cwd();
  const rootDir = resolve(cwd, dir);
  const display = (absolute: string) => (options.display ? options.display(absolute) : defaultDisplay(absolute, cwd));
  const shownDir = display(rootDir);
  if (!isTerraformDirectory(rootDir)) throw new InputError(`${shownDir}: no Terraform configuration files (*.tf, *.tf.json) in this directory`, shownDir);

  // Every module directory is read (parsed) up front, so bad syntax anywhere is exit 2 before anything is evaluated.
  const read = new Map<string, ModuleConfig>();
  const readAll = async (moduleDir: string): Promise<ModuleConfig> => {
    const known = read.get(moduleDir);
    if (known) return known;
    const config = await readModule(moduleDir, display);
    read.set(moduleDir, config);
    return config;
  };
  const root = await readAll(rootDir);
  const downloaded = downloadedModules(rootDir, display);
  const pending: { config: ModuleConfig; path: string[] }[] = [{ config: root, path: [] }];
  const trees = new Map<ModuleConfig, ConfigTree>();
  const treeOf = (config: ModuleConfig): ConfigTree => {
    let tree = trees.get(config);
    if (!tree) trees.set(config, (tree = { config, calls: new Map() }));
    return tree;
  };
  while (pending.length > 0) {
    const { config, path } = pending.pop()!;
    if (path.length > 16) continue;
    for (const call of config.modules.values()) {
      const source = call.source ?? "";
      const local = isLocalSource(source);
      const childDir = local ? resolve(config.dir, source) : downloaded.get([...path, call.name].join("."));
      if (childDir === undefined || !isTerraformDirectory(childDir)) continue;
      const child = await readAll(childDir);
      treeOf(config).calls.set(call.name, treeOf(child));
      pending.push({ config: child, path: [...path, call.name] });
    }
  }

  const context = iacContextFor(shownDir, options);
  const fns = configurationFunctions(rootDir, display);
  const variables = await rootVariables(root, { ...(options.vars ? { vars: options.vars } : {}), ...(options.varFiles ? { varFiles: options.varFiles } : {}), ...(options.env ? { env: options.env } : {}), cwd, display }, fns);
  const env: Environment = {
    fns,
    accountId: context.accountId ?? context.defaults.accountId,
    region: context.region ?? context.defaults.region,
    partition: context.partition,
    rootDir,
    downloaded,
    read: (moduleDir) => {
      const config = read.get(moduleDir);
      if (!config) throw new InputError(`${display(moduleDir)}: no Terraform configuration files (*.tf, *.tf.json) in this module directory`, display(moduleDir));
      return config;
    },
    decided: { account: context.accountId !== undefined, region: context.region !== undefined },
    instances: [],
    unexpanded: [],
    providerRegions: new Map(),
  };
  const instance = new ModuleInstance(env, root, "", [], (name) => variables.get(name));
  // Provider regions first: every resource's ARNs depend on them.
  for (const [key, provider] of root.providers) {
    const value: Value | undefined = provider.region ? instance.eval(provider.region.expr) : undefined;
    if (value !== undefined) env.providerRegions.set(key, value);
  }
  if (context.region !== undefined) env.providerRegions.set("aws", context.region);
  instance.expand();

  const defaultRegion = env.providerRegions.get("aws");
  const defaultTags = new Map<string, Value>();
  for (const [key, provider] of root.providers) {
    const tags = provider.block.body.blocks.find((b) => b.type === "default_tags")?.body.attributes.find((a) => a.name === "tags");
    if (tags) defaultTags.set(key, instance.eval(tags.expr));
  }
  const synthesized = synthesizePlan(env.instances, treeOf(root), env.providerRegions, defaultTags);
  const source = { format: "json" as const, value: synthesized.plan, positions: synthesized.positions };
  const model = mapTerraformPlan(source, context, {
    origin: "the configuration",
    holes: (r, attribute) => holedDocument(synthesized.unknownOf(r.address, attribute)),
    settled: (r, attribute) => {
      const unknown = synthesized.unknownOf(r.address, attribute);
      return unknown ? unknown.reason === "after-apply" : undefined;
    },
    explain: (r, attribute) => {
      const unknown = synthesized.unknownOf(r.address, attribute);
      if (!unknown) return undefined;
      const where = `${unknown.at.file}:${unknown.at.line}:${unknown.at.column}`;
      if (unknown.reason === "after-apply") return `is known only after apply (${unknown.message}, ${where})`;
      if (unknown.reason === "invalid") return `is an expression Terraform rejects: ${unknown.message} (${where})`;
      return `is not decided: ${unknown.message} (${where})`;
    },
  });
  model.description = `Terraform configuration ${shownDir} (${[...read.values()].reduce((n, m) => n + m.files.length, 0)} files, ${read.size} module${read.size === 1 ? "" : "s"}) in account ${model.accountId}, ${context.region ?? (typeof defaultRegion === "string" ? defaultRegion : "region not given")}`;
  const regionDecided = context.region !== undefined || typeof defaultRegion === "string";
  model.regionDecided = regionDecided;
  // A module that is not read may create a trail; a resource whose count or for_each is open is a
  // trail only if it is an aws_cloudtrail (any other is left out, said so in the resource list).
  const openResources = env.unexpanded.filter((u) => u.source.startsWith("aws_") && u.source !== "aws_cloudtrail");
  for (const u of openResources) {
    const location = { file: u.span.file, startLine: u.span.line, startColumn: u.span.column };
    model.unmapped.push({ id: u.address, type: u.source, location, note: u.message });
    // What it would make is then open, never absent: the account's bucket or alarm list, the log
    // group of that name, the metric filters of the log group named.
    const name = (key: string) => (typeof u.values?.[key] === "string" ? (u.values[key] as string) : undefined);
    const read =
      u.source.startsWith("aws_s3_bucket") ? { service: "s3", operation: "ListBuckets", resource: u.address, what: "which buckets the configuration creates" }
      : u.source === "aws_cloudwatch_metric_alarm" ? { service: "cloudwatch", operation: "DescribeAlarms", resource: u.address, what: "which alarms the configuration creates" }
      : u.source === "aws_cloudwatch_log_group" && name("name") !== undefined ? { service: "logs", operation: "DescribeLogGroups", resource: name("name")!, what: `whether log group ${name("name")!} exists` }
      : u.source === "aws_cloudwatch_log_metric_filter" && name("log_group_name") !== undefined ? { service: "logs", operation: "DescribeMetricFilters", resource: name("log_group_name")!, what: `which metric filters log group ${name("log_group_name")!} has` }
      : undefined;
    if (read) {
      model.errors.push({
        error: { service: read.service, operation: read.operation, region: model.region, resource: read.resource, code: "Unresolved", message: `${read.what} is not decided: ${u.message}; cannot be decided from the configuration` },
        location,
      });
    }
  }
  const unexpanded: LocatedError[] = env.unexpanded.filter((u) => !openResources.includes(u)).map((u) => ({
    error: { service: "terraform", operation: UNEXPANDED_OPERATION, resource: u.address, code: UNEXPANDED_CODE, message: `a trail may be created by ${u.address}: ${u.message}` },
    location: { file: u.span.file, startLine: u.span.line, startColumn: u.span.column },
  }));
  // Where the region is an expression the files leave open, say which and where.
  const regionErrors = deployRegionErrors(model, regionDecided).map((e) =>
    isUnknown(defaultRegion)
      ? { ...e, error: { ...e.error, message: `${e.error.message} (the AWS provider's region ${defaultRegion.reason === "invalid" ? "is an expression Terraform rejects" : "is not decided"}: ${defaultRegion.message}, ${defaultRegion.at.file}:${defaultRegion.at.line}:${defaultRegion.at.column})` } }
      : e,
  );
  model.errors.push(...regionErrors, ...unexpandedErrors(model.kind, source, shownDir), ...unexpanded);
  const ignores = inlineIgnores(env.instances, treeOf(root));
  if (ignores.length > 0) model.ignores = ignores;
  return assemble(model);
}

/** The directories a module directory calls as local modules (`source = "./x"`), absolute. */
export async function localModuleDirs(dir: string, display: (absolute: string) => string): Promise<string[]> {
  const config = await readModule(dir, display);
  return [...config.modules.values()]
    .map((call) => call.source ?? "")
    .filter(isLocalSource)
    .map((source) => resolve(dir, source));
}
