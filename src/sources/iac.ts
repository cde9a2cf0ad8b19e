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
// - region: options.region, else (plans) the AWS provider's constant `region`, else us-east-1 as a
//   stand-in for "the region the stack is deployed to": the trails' HomeRegion is then unknown
//   (iac-scope.ts), so no verdict rests on the stand-in;
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
import { readFileSync } from "node:fs";
import { extname, isAbsolute, relative, resolve } from "node:path";
import type { Account, Snapshot } from "../model/snapshot.js";
import type { Known } from "../model/unknown.js";
import { InputError } from "../util/errors.js";
import { pointerSegments } from "../util/json-locate.js";
import { describeErrors, schemaValidator } from "../util/schemas.js";
import { parseJsonSource, parseYamlSource, type ParsedSource } from "./cloudformation/document.js";
import { mapCloudFormation } from "./cloudformation/map.js";
import { expandIacArguments } from "./iac-inputs.js";
import { isTerraformPlan, mapTerraformPlan } from "./terraform/plan.js";
import { deployRegionErrors, unexpandedErrors } from "./iac-scope.js";
import {
  IAC_COLLECTED_AT,
  IAC_DEFAULT_ACCOUNT_ID,
  IAC_DEFAULT_REGION,
  IAC_ORGANIZATION_ID,
  pointerToken,
  type IacContext,
  type IacModel,
  type IacOptions,
  type IacResource,
  type IacSource,
  type Location,
  type Mapped,
} from "./iac-types.js";

// The shared types live in iac-types.ts (so the loaders need not import this module); callers keep importing them from here.
export * from "./iac-types.js";
export { expandIacArguments, type IacExpansion } from "./iac-inputs.js";

/**
 * Turns command-line arguments into files (see iac-inputs.ts): a file stays as given; a directory or
 * a glob stands for the CloudFormation templates and Terraform plans among its files, by content.
 */
export function expandIacInputs(args: readonly string[], cwd: string = process.cwd()): string[] {
  return expandIacArguments(args, cwd).files;
}

/**
 * Reads and maps each file; throws InputError (exit 2) naming the file on bad input. `texts` holds
 * files already read (while a directory was sniffed), by file as given.
 */
export function loadIac(files: readonly string[], options: IacOptions = {}, texts?: ReadonlyMap<string, string>): IacSource[] {
  return files.map((file) => loadIacFile(file, options, texts?.get(file)));
}

export function loadIacFile(file: string, options: IacOptions = {}, preread?: string): IacSource {
  const cwd = options.cwd ?? process.cwd();
  const absolute = resolve(cwd, file);
  const shown = options.display ? options.display(file) : defaultDisplay(absolute, cwd);
  if (preread !== undefined) return parseIac(preread, shown, options);
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
  const context = iacContextFor(file, options);
  const model = isTerraformPlan(source.value) ? mapTerraformPlan(source, context) : mapCloudFormation(source, context);
  const regionDecided = context.region !== undefined || (model.kind === "terraform" && model.regionDecided !== false);
  model.errors.push(...deployRegionErrors(model, regionDecided), ...unexpandedErrors(model.kind, source, file));
  return assemble(model);
}

/** What a loader is given for a file: the options, the stand-ins for what they leave open. */
export function iacContextFor(file: string, options: IacOptions): IacContext {
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
    undecided: { "AWS::Region": options.region === undefined, "AWS::AccountId": options.accountId === undefined, "AWS::Partition": options.partition === undefined },
  };
  if (context.accountId !== undefined && !/^\d{12}$/.test(context.accountId)) {
    throw new InputError(`account id must be 12 digits, got ${JSON.stringify(context.accountId)}`);
  }
  return context;
}

/** A path as locations show it by default: relative to cwd, forward slashes. */
export function defaultDisplay(absolute: string, cwd: string): string {
  const rel = relative(cwd, absolute);
  return (rel === "" ? "." : isAbsolute(rel) ? absolute : rel).split("\\").join("/");
}

function baseName(file: string): string {
  const last = file.split(/[\\/]/).pop() ?? file;
  return last.replace(/(\.template)?\.(json|ya?ml|template)$/i, "") || last;
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
  (model.snsTopics ?? []).forEach((m, i) => register(m, `${accountPointer}/snsTopics/${i}`));
  if (model.accountPublicAccessBlock) register(model.accountPublicAccessBlock, `${accountPointer}/publicAccessBlock`);
  if (model.iam) {
    for (const kind of ["users", "groups", "roles", "policies"] as const) model.iam[kind].forEach((m, i) => register(m as Mapped<unknown>, `${accountPointer}/iam/${kind}/${i}`));
  }
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
    ...(model.snsTopics && model.snsTopics.length > 0 ? { snsTopics: model.snsTopics.map((m) => m.value) } : {}),
    ...(model.iam
      ? {
          iam: {
            users: model.iam.users.map((m) => m.value),
            groups: model.iam.groups.map((m) => m.value),
            roles: model.iam.roles.map((m) => m.value),
            policies: model.iam.policies.map((m) => m.value),
            partial: true,
          },
        }
      : {}),
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
  const order = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  // By file first: a Terraform configuration's resources are in several files (modules too).
  resources.sort((a, b) => order(a.location.file, b.location.file) || a.location.startLine - b.location.startLine || a.location.startColumn - b.location.startColumn || order(a.id, b.id));
  return {
    file: model.file,
    kind: model.kind,
    snapshot,
    resources,
    locate,
    ...(model.declaredParameters !== undefined ? { declaredParameters: model.declaredParameters } : {}),
    ...(model.ignores !== undefined && model.ignores.length > 0 ? { ignores: model.ignores } : {}),
  };
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
