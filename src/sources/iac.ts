// Infrastructure as code as a snapshot source: CloudFormation templates (YAML or JSON, CDK output
// included) and Terraform plans (`terraform show -json`) become the same Snapshot the live and
// offline sources produce, so every check runs unchanged; `locate` maps a finding's JSON Pointer
// back to the file, line and column of the resource (or of the property, for a deeper pointer).
//
// One IacSource per file: each file is its own snapshot with one synthesized account.
//
// Synthesized identity (documented in examples/iac/README.md):
// - account id: options.accountId, else (plans) the account of data.aws_caller_identity in the
//   plan's prior state, else IAC_DEFAULT_ACCOUNT_ID ("000000000000": twelve digits, as the snapshot
//   schema requires, and visibly not a real account);
// - region: options.region, else (plans) the AWS provider's constant `region`, else us-east-1;
// - partition: options.partition, else aws;
// - collectedAt: options.collectedAt, else the plan's `timestamp` (Terraform >= 1.5), else
//   IAC_COLLECTED_AT. Never the wall clock, so the same file always gives the same snapshot.
// - Runtime facts a file cannot hold: a trail that the file starts logging (CloudFormation
//   IsLogging, Terraform enable_logging) gets status.IsLogging true; a logging trail wired to
//   CloudWatch Logs gets status.LatestCloudWatchLogsDeliveryTime = collectedAt and no delivery
//   error, so checks judge the configuration only. Nothing else from GetTrailStatus is invented.
// - Values the file does not determine (a parameter without default, Fn::ImportValue, Terraform
//   `after_unknown`) are never guessed in a direction that could PASS: the field gets the value that
//   fails the dependent check and an `Unresolved` collection error on the API read that returns the
//   field, so the engine reports ERROR "... cannot be decided from this file" instead of a FAIL.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, isAbsolute, join, relative, resolve } from "node:path";
import type { Account, Bucket, CollectionError, KmsKey, LogGroup, MetricAlarm, Partition, PublicAccessBlockConfiguration, ServiceControlPolicy, Snapshot, TemplateProblem, Trail } from "../model/snapshot.js";
import type { Known } from "../model/unknown.js";
import { InputError } from "../util/errors.js";
import { pointerSegments } from "../util/json-locate.js";
import { describeErrors, schemaValidator } from "../util/schemas.js";
import { parseJsonSource, parseYamlSource, type ParsedSource } from "./cloudformation/document.js";
import { mapCloudFormation } from "./cloudformation/map.js";
import { isTerraformPlan, mapTerraformPlan } from "./terraform/plan.js";

export const IAC_DEFAULT_ACCOUNT_ID = "000000000000";
export const IAC_DEFAULT_REGION = "us-east-1";
export const IAC_COLLECTED_AT = "2000-01-01T00:00:00Z";
/** Synthesized organization id when a file defines service control policies. */
export const IAC_ORGANIZATION_ID = "o-0000000000";

/** A place in an input file: path as the user should see it (forward slashes), 1-based line and column. */
export interface Location {
  file: string;
  startLine: number;
  startColumn: number;
}

export type IacKind = "cloudformation" | "terraform";

export interface IacOptions {
  /** Account id of the synthesized account (12 digits). */
  accountId?: string;
  /** Region the resources are deployed to (a CloudFormation stack's region). */
  region?: string;
  partition?: Partition;
  /** Directory relative paths are read from and shown relative to (default: process.cwd()). */
  cwd?: string;
  /** How a file path is shown in locations (default: relative to cwd, forward slashes). */
  display?: (file: string) => string;
  /** CloudFormation parameter values (like `--parameter-overrides`). */
  parameters?: Record<string, string | string[]>;
  /** Values other stacks export, for Fn::ImportValue. */
  imports?: Record<string, string>;
  /** CloudFormation stack name for AWS::StackName (default: the file name without extension). */
  stackName?: string;
  /** Pins the snapshot's collectedAt. */
  collectedAt?: string;
}

/** What a loader gets: the options, with the file's display path. */
export interface IacContext {
  file: string;
  /** The file name without directories and extension (default stack name). */
  baseName: string;
  accountId?: string;
  region?: string;
  partition: Partition;
  parameters: Readonly<Record<string, string | string[]>>;
  imports: Readonly<Record<string, string>>;
  stackName?: string;
  collectedAt?: string;
  /** What to use when neither the options nor the file say. */
  defaults: { accountId: string; region: string; collectedAt: string };
}

/** One resource of the file that became (part of) a snapshot object. */
export interface Mapped<T> {
  value: T;
  /** Logical id (CloudFormation) or resource address (Terraform). */
  id: string;
  /** Resource type (AWS::CloudTrail::Trail, aws_cloudtrail). */
  type: string;
  location: Location;
  /** Locations of parts, keyed by a JSON Pointer relative to the object ("/IsMultiRegionTrail"). */
  parts: Record<string, Location>;
  /** Other resources of the file that set parts of this object (bucket policy, split S3 resources). */
  contributors: { id: string; type: string; location: Location; part: string; cdkPath?: string }[];
  /** aws:cdk:path metadata of a CDK-synthesized resource. */
  cdkPath?: string;
}

/** A resource the file defines, with what it became in the snapshot. */
export interface IacResource {
  id: string;
  type: string;
  location: Location;
  /** The snapshot object (or part) it maps to; absent when it maps to nothing. */
  pointer?: string;
  /** Why it maps to nothing, or how it was read. */
  note?: string;
  cdkPath?: string;
}

/** A collection error and the place in the file that leaves the value open. */
export interface LocatedError {
  error: CollectionError;
  location: Location;
}

/** What a loader returns; iac.ts turns it into the snapshot. */
export interface IacModel {
  kind: IacKind;
  file: string;
  accountId: string;
  region: string;
  partition: Partition;
  collectedAt: string;
  description: string;
  trails: Mapped<Trail>[];
  buckets: Mapped<Bucket>[];
  logGroups: Mapped<LogGroup>[];
  alarms: Mapped<MetricAlarm>[];
  scps: Mapped<ServiceControlPolicy>[];
  /** KMS keys the file defines (account.kmsKeys; absent from the snapshot when none). */
  kmsKeys?: Mapped<KmsKey>[];
  /** True when the file defines organization policies (the snapshot then has an organization). */
  organizationDeclared: boolean;
  /** Account-level collection errors (Unresolved values), where the file sets the value. */
  errors: LocatedError[];
  /** Organization-level collection errors. */
  organizationErrors: LocatedError[];
  /** The account's own Block Public Access (Terraform aws_s3_account_public_access_block), when the file sets it. */
  accountPublicAccessBlock?: Mapped<PublicAccessBlockConfiguration>;
  /** Resources that map to nothing, with the reason. */
  unmapped: IacResource[];
  /** Where account-level findings point (the Resources section, or the plan's top). */
  root: Location;
  /** CloudFormation: what the template's text makes AWS reject (cloudformation/template-problems.ts). */
  templateValidation?: { schema: string; resources: number; problems: { problem: TemplateProblem; location: Location }[] };
}

export interface IacSource {
  /** The file as shown in locations. */
  file: string;
  kind: IacKind;
  /**
   * What the file says, every value decided or a stand-in; what it leaves open is named by the
   * Unresolved collection errors, which the engine turns into unknown values (model/derive.ts).
   */
  snapshot: Known<Snapshot>;
  /** Every relevant resource of the file, in file order. */
  resources: IacResource[];
  /**
   * The file position of a snapshot JSON Pointer: the deepest part the file defines (a property
   * when the file sets it, else its resource, else the file's top).
   */
  locate(pointer: string): Location | undefined;
}

/** File names a directory argument stands for: CDK output, named templates, saved plans. */
const DIRECTORY_ENTRY = /\.(template\.(json|ya?ml)|tfplan\.json)$/i;

/**
 * Turns command-line arguments into files, for shells that do not expand globs (CI steps with
 * quoted patterns): a file stays as given; a directory stands for its *.template.json,
 * *.template.yaml, *.template.yml and *.tfplan.json files (so `cdk.out` works); a pattern with `*`,
 * `?` or `**` segments is matched against the file tree under cwd. Sorted within each argument,
 * duplicates dropped. A directory or pattern that matches nothing is bad input; a plain path that
 * does not exist is kept, so reading it reports it.
 */
export function expandIacInputs(args: readonly string[], cwd: string = process.cwd()): string[] {
  const out: string[] = [];
  const add = (file: string) => {
    if (!out.includes(file)) out.push(file);
  };
  for (const arg of args) {
    const normalized = arg.split("\\").join("/");
    if (/[*?]/.test(normalized)) {
      const matches = globFiles(normalized, cwd);
      if (matches.length === 0) throw new InputError(`${arg}: matches no file`, arg);
      matches.forEach(add);
      continue;
    }
    let isDirectory = false;
    try {
      isDirectory = statSync(resolve(cwd, arg)).isDirectory();
    } catch {
      // Missing: loadIacFile names it.
    }
    if (!isDirectory) {
      add(arg);
      continue;
    }
    const entries = readdirSync(resolve(cwd, arg))
      .filter((name) => DIRECTORY_ENTRY.test(name) && statSync(resolve(cwd, arg, name)).isFile())
      .sort();
    if (entries.length === 0) throw new InputError(`${arg}: a directory without *.template.json, *.template.yaml or *.tfplan.json files`, arg);
    entries.forEach((name) => add(join(arg, name).split("\\").join("/")));
  }
  return out;
}

/** Files matching a glob of `*`, `?` and `**` segments, relative to cwd unless the pattern is absolute. */
function globFiles(pattern: string, cwd: string): string[] {
  const absolute = pattern.startsWith("/");
  const segments = pattern.split("/").filter((s, i) => s !== "" || i === 0);
  const firstWild = segments.findIndex((s) => /[*?]/.test(s));
  const baseParts = segments.slice(0, firstWild);
  const base = baseParts.join("/") || (absolute ? "/" : ".");
  const rest = segments.slice(firstWild);
  const toRegExp = (segment: string) =>
    new RegExp(`^${segment.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]")}$`);
  const results: string[] = [];
  const walk = (dir: string, shown: string, index: number, depth: number): void => {
    if (depth > 32) return;
    if (index === rest.length) return;
    const segment = rest[index]!;
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    if (segment === "**") {
      walk(dir, shown, index + 1, depth + 1);
      for (const name of names) {
        if (name === "node_modules" || name.startsWith(".")) continue;
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path, shown ? `${shown}/${name}` : name, index, depth + 1);
      }
      return;
    }
    const matcher = toRegExp(segment);
    for (const name of names) {
      if (!matcher.test(name)) continue;
      const path = join(dir, name);
      const next = shown ? `${shown}/${name}` : name;
      const isDirectory = statSync(path).isDirectory();
      if (index === rest.length - 1) {
        if (!isDirectory) results.push(next);
      } else if (isDirectory) {
        walk(path, next, index + 1, depth + 1);
      }
    }
  };
  walk(resolve(cwd, base), base === "." ? "" : base.replace(/\/$/, ""), 0, 0);
  return [...new Set(results)].sort();
}

/** Reads and maps each file; throws InputError (exit 2) naming the file on bad input. */
export function loadIac(files: readonly string[], options: IacOptions = {}): IacSource[] {
  return files.map((file) => loadIacFile(file, options));
}

export function loadIacFile(file: string, options: IacOptions = {}): IacSource {
  const cwd = options.cwd ?? process.cwd();
  const absolute = resolve(cwd, file);
  const shown = options.display ? options.display(file) : defaultDisplay(absolute, cwd);
  let text: string;
  try {
    text = readFileSync(absolute, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : error instanceof Error ? error.message : String(error);
    throw new InputError(`${shown}: cannot read: ${why}`, shown);
  }
  return parseIac(text, shown, options);
}

/** Maps the text of one file; `file` is the path shown in locations and messages. */
export function parseIac(text: string, file: string, options: IacOptions = {}): IacSource {
  const ext = extname(file).toLowerCase();
  const trimmed = text.replace(/^\uFEFF/, "").trimStart();
  const json = ext === ".json" || (ext !== ".yaml" && ext !== ".yml" && trimmed.startsWith("{"));
  const source: ParsedSource = json ? parseJsonSource(text, file) : parseYamlSource(text, file);
  const context: IacContext = {
    file,
    baseName: baseName(file),
    ...(options.accountId !== undefined ? { accountId: options.accountId } : {}),
    ...(options.region !== undefined ? { region: options.region } : {}),
    partition: options.partition ?? "aws",
    parameters: options.parameters ?? {},
    imports: options.imports ?? {},
    ...(options.stackName !== undefined ? { stackName: options.stackName } : {}),
    ...(options.collectedAt !== undefined ? { collectedAt: options.collectedAt } : {}),
    defaults: { accountId: IAC_DEFAULT_ACCOUNT_ID, region: IAC_DEFAULT_REGION, collectedAt: IAC_COLLECTED_AT },
  };
  if (context.accountId !== undefined && !/^\d{12}$/.test(context.accountId)) {
    throw new InputError(`account id must be 12 digits, got ${JSON.stringify(context.accountId)}`);
  }
  const model = isTerraformPlan(source.value) ? mapTerraformPlan(source, context) : mapCloudFormation(source, context);
  return assemble(model);
}

function defaultDisplay(absolute: string, cwd: string): string {
  const rel = relative(cwd, absolute);
  return (rel === "" ? "." : isAbsolute(rel) ? absolute : rel).split("\\").join("/");
}

function baseName(file: string): string {
  const last = file.split(/[\\/]/).pop() ?? file;
  return last.replace(/(\.template)?\.(json|ya?ml|template)$/i, "") || last;
}

/** Escapes one JSON Pointer reference token. */
export function pointerToken(token: string | number): string {
  return String(token).replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Builds the snapshot, the pointer -> location table and the resource list from a model. */
export function assemble(model: IacModel): IacSource {
  const table = new Map<string, Location>();
  const resources: IacResource[] = [...model.unmapped];
  // Logical id -> pointer of the snapshot object it became (or helped build), for template problems.
  const objects = new Map<string, string>();
  const register = <T>(mapped: Mapped<T>, pointer: string) => {
    table.set(pointer, mapped.location);
    if (!objects.has(mapped.id)) objects.set(mapped.id, pointer);
    for (const contributor of mapped.contributors) if (!objects.has(contributor.id)) objects.set(contributor.id, pointer);
    for (const [part, location] of Object.entries(mapped.parts)) table.set(`${pointer}${part}`, location);
    resources.push({
      id: mapped.id,
      type: mapped.type,
      location: mapped.location,
      pointer,
      ...(mapped.cdkPath !== undefined ? { cdkPath: mapped.cdkPath } : {}),
    });
    for (const contributor of mapped.contributors) {
      resources.push({
        id: contributor.id,
        type: contributor.type,
        location: contributor.location,
        pointer: `${pointer}${contributor.part}`,
        ...(contributor.cdkPath !== undefined ? { cdkPath: contributor.cdkPath } : {}),
      });
    }
  };
  const accountPointer = "/accounts/0";
  model.trails.forEach((m, i) => register(m, `${accountPointer}/trails/${i}`));
  model.buckets.forEach((m, i) => register(m, `${accountPointer}/buckets/${i}`));
  model.logGroups.forEach((m, i) => register(m, `${accountPointer}/logGroups/${i}`));
  model.alarms.forEach((m, i) => register(m, `${accountPointer}/alarms/${i}`));
  (model.kmsKeys ?? []).forEach((m, i) => register(m, `${accountPointer}/kmsKeys/${i}`));
  if (model.accountPublicAccessBlock) register(model.accountPublicAccessBlock, `${accountPointer}/publicAccessBlock`);
  model.scps.forEach((m, i) => register(m, `/organization/serviceControlPolicies/${i}`));
  model.errors.forEach((e, i) => table.set(`${accountPointer}/collectionErrors/${i}`, e.location));
  model.organizationErrors.forEach((e, i) => table.set(`/organization/collectionErrors/${i}`, e.location));
  model.templateValidation?.problems.forEach((p, i) => table.set(`/source/templateValidation/problems/${i}`, p.location));
  table.set(accountPointer, model.root);
  table.set("", model.root);

  const account: Account = {
    Id: model.accountId,
    Name: model.file,
    Status: "ACTIVE",
    trails: model.trails.map((m) => m.value),
    buckets: model.buckets.map((m) => m.value),
    logGroups: model.logGroups.map((m) => m.value),
    alarms: model.alarms.map((m) => m.value),
    ...(model.accountPublicAccessBlock ? { publicAccessBlock: model.accountPublicAccessBlock.value } : {}),
    ...(model.kmsKeys && model.kmsKeys.length > 0 ? { kmsKeys: model.kmsKeys.map((m) => m.value) } : {}),
    collectionErrors: model.errors.map((e) => e.error),
  };
  // The mappers write no unknown markers: what a file leaves open is an Unresolved error instead.
  const snapshot = {
    schemaVersion: 1 as const,
    collectedAt: model.collectedAt,
    partition: model.partition,
    source: {
      type: model.kind,
      description: model.description,
      ...(model.templateValidation
        ? {
            templateValidation: {
              schema: model.templateValidation.schema,
              resources: model.templateValidation.resources,
              problems: model.templateValidation.problems.map(({ problem }) => {
                const target = objects.get(problem.resource);
                return target !== undefined ? { ...problem, target } : problem;
              }),
            },
          }
        : {}),
    },
    organization: model.organizationDeclared
      ? {
          Id: IAC_ORGANIZATION_ID,
          FeatureSet: "ALL",
          MasterAccountId: model.accountId,
          delegatedAdministrators: [],
          serviceControlPolicies: model.scps.map((m) => m.value),
          collectionErrors: model.organizationErrors.map((e) => e.error),
        }
      : null,
    accounts: [account],
  } satisfies Snapshot as Known<Snapshot>;

  const locate = (pointer: string): Location | undefined => {
    let segments: string[];
    try {
      segments = pointerSegments(pointer);
    } catch {
      return undefined;
    }
    for (let n = segments.length; n >= 0; n--) {
      const key = n === 0 ? "" : `/${segments.slice(0, n).map(pointerToken).join("/")}`;
      const found = table.get(key);
      if (found) return found;
    }
    return undefined;
  };

  validateSnapshot(snapshot, model.file, locate);
  resources.sort((a, b) => a.location.startLine - b.location.startLine || a.location.startColumn - b.location.startColumn || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { file: model.file, kind: model.kind, snapshot, resources, locate };
}

/**
 * The mapped snapshot must match the snapshot schema; when it does not, a property of the file
 * had a value AWS does not accept (ReadWriteType: Everything), reported where the file sets it.
 */
function validateSnapshot(snapshot: Snapshot, file: string, locate: (pointer: string) => Location | undefined): void {
  const validate = schemaValidator("snapshot.schema.json");
  if (validate(snapshot)) return;
  const first = validate.errors?.[0];
  const pointer = first?.instancePath ?? "";
  const at = locate(pointer);
  const where = at ? `${at.file}:${at.startLine}:${at.startColumn}` : file;
  const lines = describeErrors(validate.errors).slice(0, 5);
  throw new InputError(`${where}: a value AWS does not accept:\n${lines.map((l) => `  at snapshot ${l}`).join("\n")}`, file, pointer);
}
