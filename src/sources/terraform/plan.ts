// Terraform plan JSON (`terraform show -json plan.out`) -> IacModel.
//
// Input: format_version 0.x or 1.x (a 2.x plan is rejected, as the format's rules say a reader
// must); planned_values.root_module and its child_modules, recursively, are the resources that will
// exist; resource_changes (joined by address) gives `after_unknown`, the values known only after
// apply; configuration.root_module (and module_calls) gives the references of each expression, used
// to link resources whose linking attribute is unknown at plan time
// (aws_cloudtrail.s3_bucket_name = aws_s3_bucket.logs.id -> references
// ["aws_s3_bucket.logs.id", "aws_s3_bucket.logs"]), through module outputs and input variables.
//
// Mapped types: aws_cloudtrail -> trail (provider defaults: enable_logging true,
// include_global_service_events true, is_multi_region_trail false, is_organization_trail false,
// enable_log_file_validation false; event_selector read_write_type All, include_management_events
// true); aws_s3_bucket plus its split resources (aws_s3_bucket_object_lock_configuration, _policy,
// _versioning, _public_access_block, _ownership_controls, _acl, _logging,
// _server_side_encryption_configuration), joined to the bucket by reference or by bucket name (S3's
// defaults for what the plan leaves out: Block Public Access on, BucketOwnerEnforced, a private ACL);
// aws_s3_account_public_access_block -> the account's publicAccessBlock; aws_cloudwatch_log_group and
// aws_cloudwatch_log_metric_filter; aws_organizations_policy (SERVICE_CONTROL_POLICY) with
// aws_organizations_policy_attachment targets; aws_cloudwatch_metric_alarm -> alarm (DescribeAlarms
// shape: dimensions map -> [{Name, Value}], metric_query -> Metrics; provider defaults:
// actions_enabled true, treat_missing_data missing; an action ARN unknown until apply is linked to
// the aws_sns_topic the configuration references, when the topic's name is known). Object Lock: enabled when the bucket has object_lock_enabled, or when an
// aws_s3_bucket_object_lock_configuration (object_lock_enabled "Enabled") targets a bucket with
// versioning Enabled (S3 lets Object Lock be turned on for an existing versioned bucket); a
// configuration on any other bucket keeps only its Rule, which is what AWS rejects.
// aws_kms_key -> kmsKey: arn (else, unknown until apply, arn:<partition>:kms:<region>:<account>:key/<address>,
// synthesized), key_id (else the address), policy (AWS's default key policy when left out),
// enable_key_rotation -> rotationEnabled (false; null for a key that cannot rotate), is_enabled ->
// KeyMetadata.Enabled and KeyState (true), key_usage, customer_master_key_spec / key_spec,
// multi_region, description; KeyManager CUSTOMER, Origin AWS_KMS. aws_kms_alias (name, target_key_id)
// names its key. A trail's kms_key_id that refers to a key or alias of the plan (by value or by
// reference) is the key's ARN; one that names no key of the plan is an Unresolved kms:DescribeKey
// error about it ("the key is not defined in this file").
//
// Locations: a resource is its resource_changes entry (else its planned_values entry), a property
// the key in change.after (else in after_unknown). The plan's configuration section carries no
// file names or line numbers, so findings cannot point into the .tf files.
import type {
  AclGrant,
  AdvancedEventSelector,
  Bucket,
  CollectionError,
  EventSelector,
  KmsKey,
  KmsKeyMetadata,
  LogGroup,
  MetricAlarm,
  ObjectLockConfiguration,
  PolicyDocument,
  PolicyTarget,
  PublicAccessBlockConfiguration,
  ServiceControlPolicy,
  Tag,
  Trail,
} from "../../model/snapshot.js";
import { InputError } from "../../util/errors.js";
import { findDeepJson, nestingMessage } from "../../util/nesting.js";
import { describeErrors, schemaValidator } from "../../util/schemas.js";
import type { ParsedSource, Pos } from "../cloudformation/document.js";
import { worstCasePolicy } from "../cloudformation/stand-ins.js";
import { defaultKeyPolicy } from "../cloudformation/map.js";
import { cannedAcl } from "../s3-acl.js";
import type { IacContext, IacModel, IacResource, LocatedError, Location, Mapped } from "../iac.js";
import { isRecord, type Dict } from "../../util/records.js";
import { isUnknown } from "../../model/unknown.js";

/** True for `terraform show -json` output (plans, and states, which are rejected with a hint). */
export function isTerraformPlan(value: unknown): boolean {
  return isRecord(value) && "format_version" in value && !("Resources" in value);
}

const SUPPORTED_MAJOR = new Set([0, 1]);

/** Optional+computed attributes whose unknown value, when not configured, is the provider's default. */
const COMPUTED_DEFAULTS: Record<string, string[]> = {
  aws_s3_bucket: ["object_lock_enabled", "bucket", "tags_all"],
  aws_cloudtrail: ["tags_all"],
  aws_kms_key: ["policy", "multi_region", "key_usage", "customer_master_key_spec", "key_spec", "bypass_policy_lockout_safety_check", "tags_all"],
  aws_cloudwatch_log_group: ["name", "tags_all"],
  aws_cloudwatch_metric_alarm: ["evaluate_low_sample_count_percentiles", "tags_all"],
};

interface AddressParts {
  /** The module instance part ("", `module.a`, `module.a["x"].module.b`). */
  prefix: string;
  /** Module call names, for the configuration tree. */
  modules: string[];
  type: string;
  name: string;
}

/** Splits a resource address into its module instance path and type.name (instance keys kept in prefix). */
export function parseAddress(address: string): AddressParts | undefined {
  const tokens: string[] = [];
  let i = 0;
  while (i < address.length) {
    let j = i;
    while (j < address.length && address[j] !== "." && address[j] !== "[") j++;
    let token = address.slice(i, j);
    if (address[j] === "[") {
      let k = j + 1;
      let quoted = false;
      while (k < address.length && (quoted || address[k] !== "]")) {
        if (address[k] === '"' && address[k - 1] !== "\\") quoted = !quoted;
        k++;
      }
      token += address.slice(j, k + 1);
      j = k + 1;
    }
    tokens.push(token);
    i = address[j] === "." ? j + 1 : j;
    if (j >= address.length) break;
  }
  const modules: string[] = [];
  const prefixTokens: string[] = [];
  let t = 0;
  while (t + 1 < tokens.length && tokens[t] === "module") {
    modules.push(tokens[t + 1]!.replace(/\[.*$/, ""));
    prefixTokens.push(`module.${tokens[t + 1]}`);
    t += 2;
  }
  if (tokens[t] === "data") return undefined;
  const type = tokens[t];
  const name = tokens[t + 1];
  if (!type || !name) return undefined;
  return { prefix: prefixTokens.join("."), modules, type, name: name.replace(/\[.*$/, "") };
}

interface PlanResource {
  address: string;
  parts: AddressParts;
  type: string;
  /** planned_values entry. */
  entry: Dict;
  values: Dict;
  /** resource_changes entry, when there is one. */
  change?: Dict;
  after?: Dict;
  afterUnknown: unknown;
  location: Location;
  /** Configuration expressions of the resource. */
  expressions: Dict;
  /** True when the configuration section describes the resource. */
  hasConfig: boolean;
  providerKey?: string;
}

interface PlanBucket extends Mapped<Bucket> {
  source: PlanResource;
  /** An aws_s3_bucket_object_lock_configuration for this bucket. */
  lockRequest?: { enable: boolean; rule?: ObjectLockConfiguration["Rule"] };
  /** Object Lock settings unknown until apply. */
  lockUnknown?: boolean;
}

/** True when after_unknown marks the path (or a prefix of it) unknown. */
function unknownAt(afterUnknown: unknown, path: readonly (string | number)[]): boolean {
  let node = afterUnknown;
  for (const segment of path) {
    if (node === true) return true;
    if (node === null || typeof node !== "object") return false;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node === true;
}

/** Paths of the values after_unknown marks unknown under a node. */
function unknownLeaves(node: unknown, prefix: (string | number)[]): (string | number)[][] {
  if (node === true) return [prefix];
  if (Array.isArray(node)) return node.flatMap((item, i) => unknownLeaves(item, [...prefix, i]));
  if (isRecord(node)) return Object.entries(node).flatMap(([key, item]) => unknownLeaves(item, [...prefix, key]));
  return [];
}

export function mapTerraformPlan(source: ParsedSource, context: IacContext): IacModel {
  const { file } = context;
  const plan = source.value as Dict;
  const positions = source.positions;
  const at = (pos: Pos | undefined): Location => ({ file, startLine: pos?.line ?? 1, startColumn: pos?.column ?? 1 });

  const version = typeof plan.format_version === "string" ? plan.format_version : String(plan.format_version);
  const major = /^(\d+)\.\d+/.exec(version);
  if (!major || !SUPPORTED_MAJOR.has(Number(major[1]))) {
    throw new InputError(
      `${file}: Terraform JSON format_version ${JSON.stringify(version)} is not supported (cloudtrail-lint reads format 1.x, written by Terraform 1.x)`,
      file,
      "/format_version",
    );
  }
  if (!("planned_values" in plan) && "values" in plan) {
    throw new InputError(
      `${file}: a Terraform state, not a plan; give the plan: terraform plan -out=plan.out && terraform show -json plan.out > plan.json`,
      file,
    );
  }
  const validate = schemaValidator("terraform-plan.schema.json");
  if (!validate(plan)) {
    const first = validate.errors?.[0];
    const path = (first?.instancePath ?? "")
      .split("/")
      .slice(1)
      .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
    const where = at(positions.along(plan, path));
    const lines = describeErrors(validate.errors).slice(0, 10);
    throw new InputError(
      `${file}:${where.startLine}:${where.startColumn}: not a valid Terraform plan:\n${lines.map((l) => `  at ${l}`).join("\n")}`,
      file,
      first?.instancePath || "/",
    );
  }

  const configuration = isRecord(plan.configuration) ? plan.configuration : {};
  const providerConfig = isRecord(configuration.provider_config) ? configuration.provider_config : {};
  const rootConfig = isRecord(configuration.root_module) ? configuration.root_module : {};
  const variables = isRecord(plan.variables) ? plan.variables : {};

  const configModule = (modules: readonly string[]): Dict | undefined => {
    let current: Dict | undefined = rootConfig;
    for (const name of modules) {
      const calls: unknown = current?.module_calls;
      const call: unknown = isRecord(calls) ? calls[name] : undefined;
      current = isRecord(call) && isRecord(call.module) ? call.module : undefined;
    }
    return current;
  };
  const configResource = (parts: AddressParts): Dict | undefined => {
    const module = configModule(parts.modules);
    const list = Array.isArray(module?.resources) ? module.resources : [];
    return list.find((r): r is Dict => isRecord(r) && r.mode !== "data" && r.type === parts.type && r.name === parts.name);
  };

  // Identity.
  const priorResources = collectModuleResources(isRecord(plan.prior_state) && isRecord(plan.prior_state.values) ? plan.prior_state.values.root_module : undefined, true);
  const callerAccount = priorResources
    .map(({ entry }) => entry)
    .find((e) => e.mode === "data" && e.type === "aws_caller_identity" && isRecord(e.values) && typeof e.values.account_id === "string");
  const dataRegion = priorResources
    .map(({ entry }) => entry)
    .find((e) => e.mode === "data" && e.type === "aws_region" && isRecord(e.values) && (typeof e.values.name === "string" || typeof e.values.region === "string"));
  const accountId =
    context.accountId ??
    (callerAccount && isRecord(callerAccount.values) && /^\d{12}$/.test(String(callerAccount.values.account_id)) ? String(callerAccount.values.account_id) : undefined) ??
    context.defaults.accountId;
  const providerRegion = (key: string | undefined): string | undefined => {
    const config = key !== undefined ? providerConfig[key] : undefined;
    const expressions = isRecord(config) && isRecord(config.expressions) ? config.expressions : undefined;
    const region = expressions && isRecord(expressions.region) ? expressions.region : undefined;
    if (!region) return undefined;
    if (typeof region.constant_value === "string") return region.constant_value;
    const refs = Array.isArray(region.references) ? region.references : [];
    for (const ref of refs) {
      const m = typeof ref === "string" ? /^var\.([A-Za-z0-9_-]+)$/.exec(ref) : null;
      const variable = m ? variables[m[1]!] : undefined;
      if (isRecord(variable) && typeof variable.value === "string") return variable.value;
    }
    return undefined;
  };
  const dataRegionName =
    dataRegion && isRecord(dataRegion.values) ? String(dataRegion.values.region ?? dataRegion.values.name) : undefined;
  const fileRegion = providerRegion("aws") ?? dataRegionName;
  const defaultRegion = context.region ?? fileRegion ?? context.defaults.region;
  const partition = context.partition;
  const collectedAt =
    context.collectedAt ?? (typeof plan.timestamp === "string" && !Number.isNaN(Date.parse(plan.timestamp)) ? new Date(plan.timestamp).toISOString().replace(".000Z", "Z") : context.defaults.collectedAt);

  // Resources: planned values joined with their changes and configuration.
  const changes = new Map<string, { entry: Dict; index: number }>();
  const resourceChanges = Array.isArray(plan.resource_changes) ? plan.resource_changes : [];
  resourceChanges.forEach((entry, index) => {
    if (isRecord(entry) && typeof entry.address === "string") changes.set(entry.address, { entry, index });
  });
  const planned = collectModuleResources(isRecord(plan.planned_values) ? plan.planned_values.root_module : undefined, false);
  const resources: PlanResource[] = [];
  for (const { entry } of planned) {
    if (entry.mode === "data" || typeof entry.address !== "string" || typeof entry.type !== "string") continue;
    const parts = parseAddress(entry.address);
    if (!parts) continue;
    const change = changes.get(entry.address)?.entry;
    const changeBody = change && isRecord(change.change) ? change.change : undefined;
    const after = changeBody && isRecord(changeBody.after) ? changeBody.after : undefined;
    const config = configResource(parts);
    resources.push({
      address: entry.address,
      parts,
      type: entry.type,
      entry,
      values: isRecord(entry.values) ? entry.values : {},
      ...(change ? { change } : {}),
      ...(after ? { after } : {}),
      afterUnknown: changeBody?.after_unknown,
      location: at(positions.node(change ?? entry)),
      expressions: config && isRecord(config.expressions) ? config.expressions : {},
      hasConfig: config !== undefined,
      ...(config && typeof config.provider_config_key === "string" ? { providerKey: config.provider_config_key } : {}),
    });
  }

  /** Module instance prefixes of the planned resources. */
  const instancePrefixes = new Set(resources.map((r) => r.parts.prefix));

  /** Resolves configuration references to planned resources (through module outputs and variables). */
  const resolveRefs = (prefix: string, modules: readonly string[], refs: readonly unknown[], depth = 0): PlanResource[] => {
    if (depth > 16) return [];
    for (const ref of refs) {
      if (typeof ref !== "string") continue;
      const segments = ref.split(".");
      const head = segments[0]!;
      if (head === "var" && segments[1]) {
        if (modules.length === 0) continue;
        const parentModules = modules.slice(0, -1);
        const callName = modules[modules.length - 1]!;
        const parent = configModule(parentModules);
        const calls = parent && isRecord(parent.module_calls) ? parent.module_calls : {};
        const call = calls[callName];
        const expressions = isRecord(call) && isRecord(call.expressions) ? call.expressions : {};
        const expression = expressions[segments[1]];
        const parentPrefix = prefix.replace(/\.?module\.[^.]+(\[[^\]]*\])?$/, "");
        if (isRecord(expression) && Array.isArray(expression.references)) {
          const found = resolveRefs(parentPrefix, parentModules, expression.references, depth + 1);
          if (found.length > 0) return found;
        }
        continue;
      }
      if (head === "module" && segments[1] && segments[2]) {
        const callName = segments[1].replace(/\[.*$/, "");
        const module = configModule([...modules, callName]);
        const outputs = module && isRecord(module.outputs) ? module.outputs : {};
        const output = outputs[segments[2].replace(/\[.*$/, "")];
        const expression = isRecord(output) && isRecord(output.expression) ? output.expression : undefined;
        if (!expression || !Array.isArray(expression.references)) continue;
        const childBase = `${prefix ? `${prefix}.` : ""}module.${segments[1]}`;
        const children = [...instancePrefixes].filter((p) => p === childBase || (p.startsWith(childBase) && /^\[[^\]]*\]$/.test(p.slice(childBase.length))));
        for (const child of children.length === 1 ? children : []) {
          const found = resolveRefs(child, [...modules, callName], expression.references, depth + 1);
          if (found.length > 0) return found;
        }
        continue;
      }
      if (["local", "data", "each", "count", "path", "terraform", "self"].includes(head) || !segments[1]) continue;
      const name = segments[1].replace(/\[.*$/, "");
      const key = /\[(.*)\]$/.exec(segments[1])?.[1];
      const matches = resources.filter(
        (r) => r.parts.prefix === prefix && r.type === head && r.parts.name === name && (key === undefined || r.address.endsWith(`[${key}]`)),
      );
      if (matches.length > 0) return matches;
    }
    return [];
  };

  /** The one planned resource of `types` an attribute of `r` refers to, if exactly one. */
  const referenced = (r: PlanResource, attribute: string, types: readonly string[]): PlanResource | undefined => {
    const expression = r.expressions[attribute];
    if (!isRecord(expression) || !Array.isArray(expression.references)) return undefined;
    const found = resolveRefs(r.parts.prefix, r.parts.modules, expression.references).filter((f) => types.includes(f.type));
    return found.length === 1 ? found[0] : undefined;
  };

  const errors: LocatedError[] = [];
  const organizationErrors: LocatedError[] = [];
  const unmapped: IacResource[] = [];
  const trails: Mapped<Trail>[] = [];
  const buckets: PlanBucket[] = [];
  const logGroups: (Mapped<LogGroup> & { source: PlanResource })[] = [];
  const alarms: Mapped<MetricAlarm>[] = [];
  let accountPublicAccessBlock: Mapped<PublicAccessBlockConfiguration> | undefined;
  const scps: (Mapped<ServiceControlPolicy> & { source: PlanResource })[] = [];
  const kmsKeys: (Mapped<KmsKey> & { source: PlanResource })[] = [];
  /** Alias name -> its key of the plan, or its target as the plan writes it. */
  const kmsAliases = new Map<string, { key?: Mapped<KmsKey> & { source: PlanResource }; target?: string; source: PlanResource }>();
  let organizationDeclared = false;

  const regionOf = (r: PlanResource): string => {
    const own = r.values.region;
    if (typeof own === "string" && own !== "") return own;
    return providerRegion(r.providerKey) ?? defaultRegion;
  };
  /**
   * Whether an unknown value is the configuration's unknown (computed from other resources) rather
   * than a provider-computed value the configuration leaves out: only paths the configuration sets
   * count. An optional+computed attribute left out (aws_s3_bucket.object_lock_enabled,
   * versioning_configuration.mfa_delete) is unknown in every plan of a new resource and takes the
   * provider's default. Without a configuration section, every unknown counts except
   * COMPUTED_DEFAULTS.
   */
  const configured = (r: PlanResource, path: readonly (string | number)[]): boolean => {
    if (!r.hasConfig) return !(COMPUTED_DEFAULTS[r.type] ?? []).includes(String(path[0]));
    let node: unknown = r.expressions;
    for (const segment of path) {
      if (Array.isArray(node)) {
        // Nested blocks: a list of expression maps, in block order.
        node = node[typeof segment === "number" ? segment : 0] ?? node[0];
        if (typeof segment === "number") continue;
      }
      // A whole expression (references or a constant): its parts come from it.
      if (isRecord(node) && ("references" in node || "constant_value" in node)) return true;
      if (!isRecord(node) || !Object.prototype.hasOwnProperty.call(node, segment)) return false;
      node = node[segment];
    }
    return true;
  };
  /** The value of an attribute: `unknown` when after_unknown marks it and the configuration sets it. */
  const attr = (r: PlanResource, ...path: (string | number)[]): { value: unknown; unknown: boolean } => {
    let value: unknown = r.after ?? r.values;
    for (const segment of path) value = value !== null && typeof value === "object" ? (value as Record<string | number, unknown>)[segment] : undefined;
    return { value, unknown: unknownAt(r.afterUnknown, path) && configured(r, path) };
  };
  /** True when some configured value under the attribute is unknown. */
  const subtreeUnknown = (r: PlanResource, name: string): boolean =>
    unknownLeaves(isRecord(r.afterUnknown) ? r.afterUnknown[name] : undefined, [name]).some((path) => configured(r, path));
  const propLocation = (r: PlanResource, name: string): Location | undefined => {
    const body = r.change && isRecord(r.change.change) ? r.change.change : undefined;
    const pos =
      positions.key(body?.after, name) ??
      positions.key(body?.after_unknown, name) ??
      positions.key(r.entry.values, name);
    return pos ? at(pos) : undefined;
  };
  /** A policy JSON string of an attribute, parsed; one nested deeper than MAX_NESTING is bad input, like the plan itself. */
  const policyOf = (r: PlanResource, name: string, text: string): string | PolicyDocument => {
    const deep = findDeepJson(text);
    if (deep) {
      const where = propLocation(r, name) ?? r.location;
      throw new InputError(`${file}:${where.startLine}:${where.startColumn}: ${r.address} ${name}: policy JSON ${nestingMessage(deep)}`, file);
    }
    return parsePolicyText(text);
  };
  const newMapped = <T>(r: PlanResource, value: T): Mapped<T> & { source: PlanResource } => ({
    value,
    id: r.address,
    type: r.type,
    location: r.location,
    parts: {},
    contributors: [],
    source: r,
  });
  const unresolved = (
    r: PlanResource,
    service: string,
    operation: string,
    resource: string | undefined,
    attribute: string,
    why = "is unknown until apply (after_unknown)",
    target: LocatedError[] = errors,
    field?: string,
  ) => {
    const error: CollectionError = {
      service,
      operation,
      region: regionOf(r),
      ...(resource !== undefined ? { resource } : {}),
      ...(field !== undefined ? { field } : {}),
      code: "Unresolved",
      message: `${r.address} ${attribute} ${why}; cannot be decided from this file`,
    };
    target.push({ error, location: propLocation(r, attribute.split(",")[0]!.trim()) ?? r.location });
  };
  const placeholder = (r: PlanResource, attribute: string) => `<known after apply: ${r.address}.${attribute}>`;
  const synthesizedName = (r: PlanResource, bucket: boolean): string => {
    if (!bucket) return r.address;
    let name = r.address.toLowerCase().replace(/[^a-z0-9.-]+/g, "-").replace(/^[-.]+|[-.]+$/g, "").slice(0, 63);
    if (name.length < 3) name = `${name}-bucket`;
    return name;
  };
  const knownString = (r: PlanResource, name: string): string | undefined => {
    const a = attr(r, name);
    return !a.unknown && typeof a.value === "string" ? a.value : undefined;
  };

  // ---- first pass: buckets, log groups, policies (the things others link to)
  for (const r of resources) {
    if (r.type === "aws_kms_key") kmsKeys.push(mapKey(r));
  }
  for (const r of resources) {
    if (r.type === "aws_kms_alias") mapAlias(r);
  }
  for (const r of resources) {
    if (r.type === "aws_s3_bucket") buckets.push(mapBucket(r));
    else if (r.type === "aws_cloudwatch_log_group") logGroups.push(mapLogGroup(r));
    else if (r.type === "aws_organizations_policy") {
      organizationDeclared = true;
      const scp = mapPolicy(r);
      if (scp) scps.push(scp);
    }
  }
  // ---- second pass: trails and the resources that attach to the first ones
  for (const r of resources) {
    switch (r.type) {
      case "aws_cloudtrail":
        trails.push(mapTrail(r));
        break;
      case "aws_s3_bucket_object_lock_configuration":
      case "aws_s3_bucket_policy":
      case "aws_s3_bucket_versioning":
      case "aws_s3_bucket_public_access_block":
      case "aws_s3_bucket_ownership_controls":
      case "aws_s3_bucket_acl":
      case "aws_s3_bucket_logging":
      case "aws_s3_bucket_server_side_encryption_configuration":
        attachToBucket(r);
        break;
      case "aws_cloudwatch_log_metric_filter":
        attachMetricFilter(r);
        break;
      case "aws_organizations_policy_attachment":
        attachPolicyTarget(r);
        break;
      case "aws_s3_account_public_access_block":
        accountPublicAccessBlock = mapAccountPublicAccessBlock(r);
        break;
      case "aws_cloudwatch_metric_alarm":
        alarms.push(mapAlarm(r));
        break;
    }
  }
  for (const b of buckets) settleObjectLock(b);

  const strip = <T>(list: (Mapped<T> & { source: PlanResource })[]): Mapped<T>[] =>
    list.map(({ value, id, type, location, parts, contributors }) => ({ value, id, type, location, parts, contributors }));
  return {
    kind: "terraform",
    file,
    accountId,
    region: defaultRegion,
    partition,
    collectedAt,
    description: `Terraform plan ${file} (format ${version}${typeof plan.terraform_version === "string" ? `, Terraform ${plan.terraform_version}` : ""}) in account ${accountId}, ${context.region ?? fileRegion ?? "region not given"}`,
    regionDecided: context.region !== undefined || fileRegion !== undefined,
    trails,
    buckets: strip(buckets),
    logGroups: strip(logGroups),
    alarms,
    scps: strip(scps),
    kmsKeys: strip(kmsKeys),
    organizationDeclared,
    errors,
    organizationErrors,
    ...(accountPublicAccessBlock ? { accountPublicAccessBlock } : {}),
    unmapped,
    root: at(positions.key(plan, "format_version") ?? positions.node(plan)),
  };

  // -------------------------------------------------------------------------------------------

  function mapTrail(r: PlanResource): Mapped<Trail> {
    const region = regionOf(r);
    const name = knownString(r, "name") ?? synthesizedName(r, false);
    const arn = `arn:${partition}:cloudtrail:${region}:${accountId}:trail/${name}`;
    const m = newMapped<Trail>(r, { Name: name, TrailARN: arn, HomeRegion: region });
    const trail = m.value;
    const part = (pointer: string, attribute: string) => {
      const location = propLocation(r, attribute);
      if (location) m.parts[pointer] = location;
    };

    const bucketName = attr(r, "s3_bucket_name");
    if (!bucketName.unknown && typeof bucketName.value === "string") trail.S3BucketName = bucketName.value;
    else {
      const bucket = referenced(r, "s3_bucket_name", ["aws_s3_bucket"]);
      const found = bucket ? buckets.find((b) => b.source === bucket) : undefined;
      trail.S3BucketName = found ? found.value.Name : placeholder(r, "s3_bucket_name");
      // Not a bucket of this plan: which bucket receives the logs is not known.
      if (!found) unresolved(r, "cloudtrail", "GetTrail", arn, "s3_bucket_name", undefined, errors, "S3BucketName");
    }
    part("/S3BucketName", "s3_bucket_name");

    /** A boolean attribute: its value, the provider default when null, false (and an error) when unknown. */
    const bool = (attribute: string, fallback: boolean, operation: string, field?: string): boolean => {
      const a = attr(r, attribute);
      if (a.unknown) {
        // A GetTrail attribute unknown until apply is unknown on its own (`field`); the others stay decided.
        unresolved(r, "cloudtrail", operation, arn, attribute, undefined, errors, field);
        return false;
      }
      return typeof a.value === "boolean" ? a.value : fallback;
    };
    const flag = (attribute: string, field: "IncludeGlobalServiceEvents" | "IsMultiRegionTrail" | "LogFileValidationEnabled" | "IsOrganizationTrail", fallback: boolean) => {
      trail[field] = bool(attribute, fallback, "GetTrail", field);
      part(`/${field}`, attribute);
    };
    flag("include_global_service_events", "IncludeGlobalServiceEvents", true);
    flag("is_multi_region_trail", "IsMultiRegionTrail", false);
    flag("enable_log_file_validation", "LogFileValidationEnabled", false);
    flag("is_organization_trail", "IsOrganizationTrail", false);

    type TextField = "S3KeyPrefix" | "SnsTopicName" | "CloudWatchLogsLogGroupArn" | "CloudWatchLogsRoleArn" | "KmsKeyId";
    const text = (attribute: string, field: TextField, link?: () => string | undefined) => {
      const a = attr(r, attribute);
      if (a.unknown) trail[field] = link?.() ?? placeholder(r, attribute);
      else if (typeof a.value === "string" && a.value !== "") trail[field] = a.value;
      else return;
      part(`/${field}`, attribute);
    };
    text("s3_key_prefix", "S3KeyPrefix");
    text("sns_topic_name", "SnsTopicName");
    text("cloud_watch_logs_group_arn", "CloudWatchLogsLogGroupArn", () => {
      const group = referenced(r, "cloud_watch_logs_group_arn", ["aws_cloudwatch_log_group"]);
      return group ? logGroups.find((g) => g.source === group)?.value.arn : undefined;
    });
    text("cloud_watch_logs_role_arn", "CloudWatchLogsRoleArn");
    text("kms_key_id", "KmsKeyId", () => {
      const ref = referenced(r, "kms_key_id", ["aws_kms_key", "aws_kms_alias"]);
      if (!ref) return undefined;
      if (ref.type === "aws_kms_key") return kmsKeys.find((k) => k.source === ref)?.value.arn;
      return [...kmsAliases.values()].find((a) => a.source === ref)?.key?.value.arn;
    });
    linkTrailKey(r, trail, arn);
    const sns = trail.SnsTopicName;
    if (typeof sns === "string" && !sns.startsWith("<")) trail.SnsTopicARN = sns.startsWith("arn:") ? sns : `arn:${partition}:sns:${region}:${accountId}:${sns}`;

    const basic = attr(r, "event_selector").value;
    const advanced = attr(r, "advanced_event_selector").value;
    const basicList = Array.isArray(basic) ? basic.filter(isRecord) : [];
    const advancedList = Array.isArray(advanced) ? advanced.filter(isRecord) : [];
    trail.HasCustomEventSelectors = basicList.length > 0 || advancedList.length > 0;
    if (subtreeUnknown(r, "event_selector") || subtreeUnknown(r, "advanced_event_selector")) {
      trail.eventSelectors = [];
      unresolved(r, "cloudtrail", "GetEventSelectors", arn, subtreeUnknown(r, "event_selector") ? "event_selector" : "advanced_event_selector", "has values unknown until apply (after_unknown)");
    } else {
      if (basicList.length > 0) trail.eventSelectors = basicList.map(toEventSelector);
      if (advancedList.length > 0) trail.advancedEventSelectors = advancedList.map(toAdvancedSelector);
      if (basicList.length === 0 && advancedList.length === 0) {
        trail.eventSelectors = [{ ReadWriteType: "All", IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }];
      }
    }
    if (basicList.length > 0) {
      part("/eventSelectors", "event_selector");
      mirrorList(m.parts, "/eventSelectors", attr(r, "event_selector").value);
    }
    if (advancedList.length > 0) {
      part("/advancedEventSelectors", "advanced_event_selector");
      mirrorList(m.parts, "/advancedEventSelectors", attr(r, "advanced_event_selector").value);
    }

    const insights = attr(r, "insight_selector").value;
    if (subtreeUnknown(r, "insight_selector")) {
      trail.insightSelectors = [];
      unresolved(r, "cloudtrail", "GetInsightSelectors", arn, "insight_selector");
    } else if (Array.isArray(insights) && insights.length > 0) {
      trail.insightSelectors = insights.filter(isRecord).map((s) => ({ InsightType: String(s.insight_type) }));
      part("/insightSelectors", "insight_selector");
    }
    trail.HasInsightSelectors = Array.isArray(trail.insightSelectors) && trail.insightSelectors.length > 0;

    const tags = mapTags(r);
    if (tags.tags.length > 0) trail.tags = tags.tags;
    if (tags.unknown) unresolved(r, "cloudtrail", "ListTags", arn, "tags");
    Object.assign(m.parts, tags.parts("/tags"));

    const logging = bool("enable_logging", true, "GetTrailStatus");
    trail.status = { IsLogging: logging };
    if (logging && trail.CloudWatchLogsLogGroupArn !== undefined && trail.CloudWatchLogsRoleArn !== undefined) {
      trail.status.LatestCloudWatchLogsDeliveryTime = collectedAt;
    }
    part("/status/IsLogging", "enable_logging");
    return m;
  }

  function mapTags(r: PlanResource): { tags: Tag[]; unknown: boolean; parts: (pointer: string) => Record<string, Location> } {
    const all = attr(r, "tags_all");
    const own = attr(r, "tags");
    const source = !all.unknown && isRecord(all.value) ? "tags_all" : "tags";
    const chosen = source === "tags_all" ? all : own;
    const map = isRecord(chosen.value) ? chosen.value : {};
    const unknownKeys = isRecord(r.afterUnknown) && isRecord(r.afterUnknown[source]) ? Object.keys(r.afterUnknown[source]) : [];
    const tags: Tag[] = Object.keys(map)
      .filter((key) => !unknownKeys.includes(key))
      .map((key) => (typeof map[key] === "string" ? { Key: key, Value: map[key] } : { Key: key }));
    for (const key of unknownKeys) tags.push({ Key: key });
    const unknown = (source === "tags" && own.unknown) || unknownKeys.length > 0;
    return {
      tags,
      unknown,
      parts: (pointer) => {
        const out: Record<string, Location> = {};
        const location = propLocation(r, source);
        if (location) out[pointer] = location;
        const body = r.change && isRecord(r.change.change) ? r.change.change : undefined;
        const container = isRecord(body?.after) ? body.after[source] : r.values[source];
        tags.forEach((tag, i) => {
          const pos = positions.key(container, tag.Key);
          if (pos) out[`${pointer}/${i}`] = at(pos);
        });
        return out;
      },
    };
  }

  function mirrorList(parts: Record<string, Location>, pointer: string, list: unknown): void {
    if (!Array.isArray(list)) return;
    list.forEach((_item, i) => {
      const pos = positions.member(list, i);
      if (pos) parts[`${pointer}/${i}`] = at(pos);
    });
  }

  function mapBucket(r: PlanResource): PlanBucket {
    const region = regionOf(r);
    const name = knownString(r, "bucket") ?? synthesizedName(r, true);
    const m: PlanBucket = newMapped<Bucket>(r, {
      Name: name,
      Region: region,
      ownerAccountId: accountId,
      policy: null,
      objectLockConfiguration: null,
      versioning: {},
      publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      // S3's defaults for new buckets: ACLs off (BucketOwnerEnforced), the owner's grant only.
      ownershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
      acl: cannedAcl("private")!,
      tags: [],
      logging: null,
      encryption: { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" }, BucketKeyEnabled: false }] } },
    });
    const part = (pointer: string, attribute: string) => {
      const location = propLocation(r, attribute);
      if (location) m.parts[pointer] = location;
    };
    const lock = attr(r, "object_lock_enabled");
    if (lock.unknown) {
      unresolved(r, "s3", "GetObjectLockConfiguration", name, "object_lock_enabled");
      m.lockUnknown = true;
    } else if (lock.value === true) {
      m.value.objectLockConfiguration = { ObjectLockEnabled: "Enabled" };
      m.value.versioning = { Status: "Enabled" };
    }
    part("/objectLockConfiguration", "object_lock_enabled");
    part("/objectLockConfiguration/ObjectLockEnabled", "object_lock_enabled");
    // Deprecated inline blocks (AWS provider v3 style), when known and set.
    const inlineLock = attr(r, "object_lock_configuration").value;
    if (Array.isArray(inlineLock) && isRecord(inlineLock[0])) {
      const rule = toRule(inlineLock[0].rule);
      if (rule) {
        m.value.objectLockConfiguration = { ...(m.value.objectLockConfiguration ?? {}), Rule: rule };
        part("/objectLockConfiguration/Rule", "object_lock_configuration");
      }
    }
    const inlineVersioning = attr(r, "versioning").value;
    if (Array.isArray(inlineVersioning) && isRecord(inlineVersioning[0]) && inlineVersioning[0].enabled === true) {
      m.value.versioning = { Status: "Enabled", ...(inlineVersioning[0].mfa_delete === true ? { MFADelete: "Enabled" as const } : {}) };
      part("/versioning", "versioning");
    }
    // Deprecated inline canned ACL (AWS provider v3 style).
    const inlineAcl = attr(r, "acl");
    if (inlineAcl.unknown) unresolved(r, "s3", "GetBucketAcl", name, "acl");
    else if (typeof inlineAcl.value === "string" && cannedAcl(inlineAcl.value)) {
      m.value.acl = cannedAcl(inlineAcl.value)!;
      part("/acl", "acl");
    }
    const inlineLogging = attr(r, "logging").value;
    if (Array.isArray(inlineLogging) && isRecord(inlineLogging[0]) && typeof inlineLogging[0].target_bucket === "string") {
      const target = inlineLogging[0];
      m.value.logging = { TargetBucket: target.target_bucket as string, TargetPrefix: typeof target.target_prefix === "string" ? target.target_prefix : "" };
      part("/logging", "logging");
    }
    const inlinePolicy = attr(r, "policy");
    if (!inlinePolicy.unknown && typeof inlinePolicy.value === "string" && inlinePolicy.value !== "") {
      m.value.policy = policyOf(r, "policy", inlinePolicy.value);
      part("/policy", "policy");
    }
    const tags = mapTags(r);
    m.value.tags = tags.tags;
    if (tags.unknown) unresolved(r, "s3", "GetBucketTagging", name, "tags");
    Object.assign(m.parts, tags.parts("/tags"));
    return m;
  }

  function mapKey(r: PlanResource): Mapped<KmsKey> & { source: PlanResource } {
    const region = regionOf(r);
    const keyId = knownString(r, "key_id") ?? r.address;
    const arn = knownString(r, "arn") ?? `arn:${partition}:kms:${region}:${accountId}:key/${keyId}`;
    const fail = (operation: string, attribute: string, field: string) => unresolved(r, "kms", operation, arn, attribute, undefined, errors, field);
    const md: KmsKeyMetadata = { KeyId: keyId, Arn: arn, AWSAccountId: accountId };
    const description = knownString(r, "description");
    if (description !== undefined && description !== "") md.Description = description;
    const enabled = attr(r, "is_enabled");
    if (enabled.unknown) fail("DescribeKey", "is_enabled", "KeyMetadata");
    const on = enabled.unknown ? false : enabled.value !== false;
    md.Enabled = on;
    md.KeyState = on ? "Enabled" : "Disabled";
    md.KeyManager = "CUSTOMER";
    const spec = knownString(r, "customer_master_key_spec") ?? knownString(r, "key_spec");
    if (spec !== undefined && spec !== "") md.KeySpec = spec;
    const usage = knownString(r, "key_usage");
    if (usage !== undefined && usage !== "") md.KeyUsage = usage;
    md.Origin = "AWS_KMS";
    const multi = attr(r, "multi_region");
    if (!multi.unknown && typeof multi.value === "boolean") md.MultiRegion = multi.value;

    // Only symmetric keys rotate automatically.
    const rotates = md.KeySpec === undefined || md.KeySpec === "SYMMETRIC_DEFAULT";
    const rotation = attr(r, "enable_key_rotation");
    if (rotation.unknown) fail("GetKeyRotationStatus", "enable_key_rotation", "rotationEnabled");
    const rotationEnabled = !rotates ? null : !rotation.unknown && rotation.value === true;

    const text = attr(r, "policy");
    let policy: string | PolicyDocument;
    if (text.unknown) {
      // Grants nothing: no check passes on it; the error turns the dependent FAIL into ERROR.
      policy = { Version: "2012-10-17", Statement: [] };
      fail("GetKeyPolicy", "policy", "policy");
    } else if (typeof text.value === "string" && text.value !== "") {
      policy = policyOf(r, "policy", text.value);
    } else {
      policy = defaultKeyPolicy(partition, accountId);
    }
    const m = newMapped<KmsKey>(r, { arn, region, KeyMetadata: md, rotationEnabled, policy });
    const part = (pointer: string, attribute: string) => {
      const location = propLocation(r, attribute);
      if (location) m.parts[pointer] = location;
    };
    part("/KeyMetadata/Enabled", "is_enabled");
    part("/KeyMetadata/KeyState", "is_enabled");
    part("/KeyMetadata/KeySpec", "customer_master_key_spec");
    part("/KeyMetadata/KeyUsage", "key_usage");
    part("/KeyMetadata/MultiRegion", "multi_region");
    part("/rotationEnabled", "enable_key_rotation");
    part("/policy", "policy");
    return m;
  }

  /** aws_kms_alias: its name and the key its target_key_id names (by value or by reference). */
  function mapAlias(r: PlanResource): void {
    const name = knownString(r, "name");
    const target = knownString(r, "target_key_id");
    const ref = referenced(r, "target_key_id", ["aws_kms_key"]);
    const key =
      (ref ? kmsKeys.find((k) => k.source === ref) : undefined) ??
      (target !== undefined ? kmsKeys.find((k) => k.value.arn === target || (k.value.KeyMetadata as KmsKeyMetadata).KeyId === target) : undefined);
    if (name !== undefined) kmsAliases.set(name, { ...(key ? { key } : {}), ...(target !== undefined ? { target } : {}), source: r });
    if (key) key.contributors.push({ id: r.address, type: r.type, location: r.location, part: "" });
    else {
      unmapped.push({
        id: r.address,
        type: r.type,
        location: r.location,
        note: target !== undefined ? `key ${target} is not defined in this plan` : "the key it names cannot be decided from this file",
      });
    }
  }

  /**
   * The trail's kms_key_id made the ARN of the plan's key it names (ARN, key id, alias name or
   * alias ARN); a key the plan does not define is an Unresolved DescribeKey error about it, and a
   * value unknown until apply that refers to no key of the plan leaves the trail's KmsKeyId unknown.
   */
  function linkTrailKey(r: PlanResource, trail: Trail, arn: string): void {
    const written = trail.KmsKeyId;
    if (typeof written !== "string") return;
    if (written.startsWith("<known after apply")) {
      unresolved(r, "cloudtrail", "GetTrail", arn, "kms_key_id", undefined, errors, "KmsKeyId");
      return;
    }
    const at = written.indexOf("alias/");
    const aliasText = at === 0 || (at > 0 && written.startsWith("arn:")) ? written.slice(at) : undefined;
    if (aliasText?.startsWith("alias/aws/")) return; // AWS managed: the check says so.
    const alias = aliasText !== undefined ? kmsAliases.get(aliasText) : undefined;
    const named = alias ? (alias.key?.value.arn ?? alias.target ?? written) : written;
    const key = kmsKeys.find((k) => k.value.arn === named || (k.value.KeyMetadata as KmsKeyMetadata).KeyId === named);
    if (key) {
      trail.KmsKeyId = key.value.arn;
      return;
    }
    unresolved(r, "kms", "DescribeKey", named, "kms_key_id", `is ${named}: the key is not defined in this file`);
  }

  /** aws_s3_account_public_access_block: the account's own Block Public Access (each setting false when left out). */
  function mapAccountPublicAccessBlock(r: PlanResource): Mapped<PublicAccessBlockConfiguration> {
    const { config, unknown } = publicAccessBlockOf((a) => attr(r, a));
    if (unknown) unresolved(r, "s3control", "GetPublicAccessBlock", undefined, unknown);
    const m = newMapped<PublicAccessBlockConfiguration>(r, config);
    for (const [field, a] of PUBLIC_ACCESS_BLOCK_ATTRIBUTES) {
      const location = propLocation(r, a);
      if (location) m.parts[`/${field}`] = location;
    }
    const { source: _source, ...mapped } = m;
    return mapped;
  }

  /** The bucket a split resource targets: by its `bucket` value, else by reference. */
  function targetBucket(r: PlanResource): PlanBucket | undefined {
    const name = knownString(r, "bucket");
    if (name !== undefined) {
      const byName = buckets.find((b) => b.value.Name === name);
      if (byName) return byName;
    }
    const ref = referenced(r, "bucket", ["aws_s3_bucket"]);
    return ref ? buckets.find((b) => b.source === ref) : undefined;
  }

  function attachToBucket(r: PlanResource): void {
    const target = targetBucket(r);
    if (!target) {
      const name = knownString(r, "bucket");
      unmapped.push({
        id: r.address,
        type: r.type,
        location: r.location,
        note: name !== undefined ? `bucket ${name} is not defined in this plan` : "the bucket it applies to cannot be decided from this file",
      });
      return;
    }
    const bucket = target.value;
    const contribute = (part: string, attribute: string) => {
      target.contributors.push({ id: r.address, type: r.type, location: r.location, part });
      target.parts[part] = propLocation(r, attribute) ?? r.location;
    };
    switch (r.type) {
      case "aws_s3_bucket_object_lock_configuration": {
        contribute("/objectLockConfiguration", "rule");
        if (subtreeUnknown(r, "rule") || attr(r, "object_lock_enabled").unknown) {
          target.lockUnknown = true;
          unresolved(r, "s3", "GetObjectLockConfiguration", bucket.Name, "rule");
          return;
        }
        const enabled = attr(r, "object_lock_enabled").value;
        const rule = toRule(attr(r, "rule").value);
        target.lockRequest = { enable: enabled === undefined || enabled === null || enabled === "Enabled", ...(rule ? { rule } : {}) };
        return;
      }
      case "aws_s3_bucket_policy": {
        contribute("/policy", "policy");
        const policy = attr(r, "policy");
        if (policy.unknown || typeof policy.value !== "string") {
          bucket.policy = worstCasePolicy(bucket.Name, partition);
          unresolved(r, "s3", "GetBucketPolicy", bucket.Name, "policy");
          return;
        }
        bucket.policy = policyOf(r, "policy", policy.value);
        return;
      }
      case "aws_s3_bucket_versioning": {
        contribute("/versioning", "versioning_configuration");
        if (subtreeUnknown(r, "versioning_configuration")) {
          bucket.versioning = {};
          unresolved(r, "s3", "GetBucketVersioning", bucket.Name, "versioning_configuration");
          return;
        }
        const config = attr(r, "versioning_configuration", 0).value;
        const status = isRecord(config) ? config.status : undefined;
        const mfa = isRecord(config) ? config.mfa_delete : undefined;
        bucket.versioning = {
          ...(status === "Enabled" || status === "Suspended" ? { Status: status } : {}),
          ...(mfa === "Enabled" || mfa === "Disabled" ? { MFADelete: mfa } : {}),
        };
        return;
      }
      case "aws_s3_bucket_public_access_block": {
        contribute("/publicAccessBlock", "block_public_acls");
        const { config, unknown } = publicAccessBlockOf((a) => attr(r, a));
        if (unknown) unresolved(r, "s3", "GetPublicAccessBlock", bucket.Name, unknown);
        bucket.publicAccessBlock = config;
        return;
      }
      case "aws_s3_bucket_ownership_controls": {
        contribute("/ownershipControls", "rule");
        if (subtreeUnknown(r, "rule")) {
          unresolved(r, "s3", "GetBucketOwnershipControls", bucket.Name, "rule");
          return;
        }
        const rule = attr(r, "rule", 0).value;
        const value = isRecord(rule) ? rule.object_ownership : undefined;
        bucket.ownershipControls =
          value === "BucketOwnerEnforced" || value === "BucketOwnerPreferred" || value === "ObjectWriter" ? { Rules: [{ ObjectOwnership: value }] } : null;
        return;
      }
      case "aws_s3_bucket_acl": {
        const canned = attr(r, "acl");
        const policyUnknown = subtreeUnknown(r, "access_control_policy");
        contribute("/acl", typeof canned.value === "string" || canned.unknown ? "acl" : "access_control_policy");
        if (canned.unknown || policyUnknown) {
          unresolved(r, "s3", "GetBucketAcl", bucket.Name, canned.unknown ? "acl" : "access_control_policy");
          return;
        }
        if (typeof canned.value === "string" && canned.value !== "") {
          const acl = cannedAcl(canned.value);
          if (acl) bucket.acl = acl;
          return;
        }
        const policy = attr(r, "access_control_policy", 0).value;
        const grants = isRecord(policy) && Array.isArray(policy.grant) ? policy.grant : [];
        bucket.acl = {
          Grants: grants.flatMap((g): AclGrant[] => {
            if (!isRecord(g) || typeof g.permission !== "string") return [];
            const grantee = Array.isArray(g.grantee) && isRecord(g.grantee[0]) ? g.grantee[0] : {};
            const type = grantee.type === "Group" || grantee.type === "AmazonCustomerByEmail" ? grantee.type : "CanonicalUser";
            return [
              {
                Grantee: {
                  Type: type,
                  ...(typeof grantee.id === "string" && grantee.id !== "" ? { ID: grantee.id } : {}),
                  ...(typeof grantee.uri === "string" && grantee.uri !== "" ? { URI: grantee.uri } : {}),
                  ...(typeof grantee.email_address === "string" && grantee.email_address !== "" ? { EmailAddress: grantee.email_address } : {}),
                },
                Permission: g.permission as AclGrant["Permission"],
              },
            ];
          }),
        };
        return;
      }
      case "aws_s3_bucket_logging": {
        contribute("/logging", "target_bucket");
        const targetBucketName = attr(r, "target_bucket");
        const prefix = attr(r, "target_prefix");
        if (targetBucketName.unknown || prefix.unknown) unresolved(r, "s3", "GetBucketLogging", bucket.Name, "target_bucket");
        bucket.logging = {
          TargetBucket: typeof targetBucketName.value === "string" ? targetBucketName.value : placeholder(r, "target_bucket"),
          TargetPrefix: typeof prefix.value === "string" ? prefix.value : "",
        };
        return;
      }
      case "aws_s3_bucket_server_side_encryption_configuration": {
        contribute("/encryption", "rule");
        if (subtreeUnknown(r, "rule")) unresolved(r, "s3", "GetBucketEncryption", bucket.Name, "rule");
        const rules = attr(r, "rule").value;
        bucket.encryption = {
          ServerSideEncryptionConfiguration: {
            Rules: (Array.isArray(rules) ? rules.filter(isRecord) : []).map((rule) => {
              const defaults = Array.isArray(rule.apply_server_side_encryption_by_default) ? rule.apply_server_side_encryption_by_default[0] : undefined;
              return {
                ...(isRecord(defaults)
                  ? {
                      ApplyServerSideEncryptionByDefault: {
                        SSEAlgorithm: defaults.sse_algorithm,
                        ...(typeof defaults.kms_master_key_id === "string" && defaults.kms_master_key_id !== "" ? { KMSMasterKeyID: defaults.kms_master_key_id } : {}),
                      },
                    }
                  : {}),
                BucketKeyEnabled: rule.bucket_key_enabled === true,
              };
            }),
          },
        };
        return;
      }
    }
  }

  /** Object Lock of a bucket once versioning and the lock configuration resource are known. */
  function settleObjectLock(b: PlanBucket): void {
    if (b.lockUnknown) {
      b.value.objectLockConfiguration = null;
      return;
    }
    const request = b.lockRequest;
    if (!request) return;
    const lock = isUnknown(b.value.objectLockConfiguration) ? undefined : b.value.objectLockConfiguration;
    const versioning = isUnknown(b.value.versioning) ? undefined : b.value.versioning;
    const enabledAtCreation = lock?.ObjectLockEnabled === "Enabled";
    const enable = enabledAtCreation || (request.enable && versioning?.Status === "Enabled");
    b.value.objectLockConfiguration = {
      ...(enable ? { ObjectLockEnabled: "Enabled" as const } : {}),
      ...(request.rule ? { Rule: request.rule } : {}),
    };
  }

  function mapLogGroup(r: PlanResource): Mapped<LogGroup> & { source: PlanResource } {
    const region = regionOf(r);
    const name = knownString(r, "name") ?? synthesizedName(r, false);
    const m = newMapped<LogGroup>(r, { logGroupName: name, arn: `arn:${partition}:logs:${region}:${accountId}:log-group:${name}:*`, region, metricFilters: [] });
    const retention = attr(r, "retention_in_days");
    if (retention.unknown) unresolved(r, "logs", "DescribeLogGroups", m.value.arn, "retention_in_days");
    else if (typeof retention.value === "number" && retention.value > 0) m.value.retentionInDays = retention.value;
    const location = propLocation(r, "retention_in_days");
    if (location) m.parts["/retentionInDays"] = location;
    const key = knownString(r, "kms_key_id");
    if (key) m.value.kmsKeyId = key;
    return m;
  }

  function attachMetricFilter(r: PlanResource): void {
    const groupName = knownString(r, "log_group_name");
    let group = groupName !== undefined ? logGroups.find((g) => g.value.logGroupName === groupName) : undefined;
    if (!group) {
      const ref = referenced(r, "log_group_name", ["aws_cloudwatch_log_group"]);
      group = ref ? logGroups.find((g) => g.source === ref) : undefined;
    }
    if (!group) {
      unmapped.push({
        id: r.address,
        type: r.type,
        location: r.location,
        note: groupName !== undefined ? `log group ${groupName} is not defined in this plan` : "its log group cannot be decided from this file",
      });
      return;
    }
    const pattern = attr(r, "pattern");
    if (pattern.unknown) unresolved(r, "logs", "DescribeMetricFilters", group.value.arn, "pattern");
    if (!Array.isArray(group.value.metricFilters)) group.value.metricFilters = [];
    const filters = group.value.metricFilters;
    const index = filters.length;
    const transformations = attr(r, "metric_transformation").value;
    filters.push({
      filterName: knownString(r, "name") ?? r.address,
      ...(typeof pattern.value === "string" ? { filterPattern: pattern.value } : {}),
      metricTransformations: (Array.isArray(transformations) ? transformations.filter(isRecord) : []).map((t) => ({
        metricName: String(t.name ?? ""),
        metricNamespace: String(t.namespace ?? ""),
        ...(t.value !== undefined && t.value !== null ? { metricValue: String(t.value) } : {}),
      })),
    });
    group.contributors.push({ id: r.address, type: r.type, location: r.location, part: `/metricFilters/${index}` });
    group.parts[`/metricFilters/${index}`] = r.location;
    const patternAt = propLocation(r, "pattern");
    if (patternAt) group.parts[`/metricFilters/${index}/filterPattern`] = patternAt;
  }

  function mapAlarm(r: PlanResource): Mapped<MetricAlarm> {
    const region = regionOf(r);
    const name = knownString(r, "alarm_name") ?? synthesizedName(r, false);
    const arn = `arn:${partition}:cloudwatch:${region}:${accountId}:alarm:${name}`;
    const { source: _source, ...m } = newMapped<MetricAlarm>(r, { AlarmName: name, AlarmArn: arn });
    const alarm = m.value as unknown as Dict;
    const part = (pointer: string, attribute: string) => {
      const location = propLocation(r, attribute);
      if (location) m.parts[pointer] = location;
    };
    const fail = (attribute: string, why?: string) => unresolved(r, "cloudwatch", "DescribeAlarms", arn, attribute, why);
    part("/AlarmName", "alarm_name");

    // Informational only: a placeholder, never an error.
    const description = attr(r, "alarm_description");
    if (description.unknown) alarm.AlarmDescription = placeholder(r, "alarm_description");
    else if (typeof description.value === "string" && description.value !== "") alarm.AlarmDescription = description.value;
    part("/AlarmDescription", "alarm_description");

    const enabled = attr(r, "actions_enabled");
    if (enabled.unknown) fail("actions_enabled");
    alarm.ActionsEnabled = enabled.unknown ? false : typeof enabled.value === "boolean" ? enabled.value : true;
    part("/ActionsEnabled", "actions_enabled");

    for (const [field, attribute] of [
      ["OKActions", "ok_actions"],
      ["AlarmActions", "alarm_actions"],
      ["InsufficientDataActions", "insufficient_data_actions"],
    ] as const) {
      alarm[field] = actions(r, attribute, fail);
      part(`/${field}`, attribute);
      mirrorList(m.parts, `/${field}`, attr(r, attribute).value);
    }

    /** A string that decides what the alarm watches: a placeholder (or nothing, for an enum) and an error when unknown. */
    const text = (field: string, attribute: string, enumerated: boolean) => {
      const a = attr(r, attribute);
      if (a.unknown) {
        fail(attribute);
        if (!enumerated) alarm[field] = placeholder(r, attribute);
      } else if (typeof a.value === "string" && a.value !== "") {
        alarm[field] = a.value;
      } else {
        return;
      }
      part(`/${field}`, attribute);
    };
    /** A number; 0 is the provider's "not set" for the counts. */
    const number = (field: string, attribute: string, positive: boolean) => {
      const a = attr(r, attribute);
      if (a.unknown) fail(attribute);
      else if (typeof a.value === "number" && (!positive || a.value > 0)) alarm[field] = a.value;
      else return;
      part(`/${field}`, attribute);
    };
    text("MetricName", "metric_name", false);
    text("Namespace", "namespace", false);
    text("Statistic", "statistic", true);
    text("ExtendedStatistic", "extended_statistic", false);

    const dimensions = attr(r, "dimensions");
    const dimensionEntries: { Name: string; Value: string }[] = [];
    if (dimensions.unknown) fail("dimensions");
    else if (isRecord(dimensions.value)) {
      const open = Object.keys(isRecord(r.afterUnknown) && isRecord(r.afterUnknown.dimensions) ? r.afterUnknown.dimensions : {});
      const keys = [...new Set([...Object.keys(dimensions.value), ...open])];
      if (keys.some((key) => attr(r, "dimensions", key).unknown)) fail("dimensions", "has values unknown until apply (after_unknown)");
      for (const key of keys) {
        const value = attr(r, "dimensions", key);
        dimensionEntries.push({ Name: key, Value: value.unknown || typeof value.value !== "string" ? placeholder(r, `dimensions.${key}`) : value.value });
      }
      keys.forEach((key, i) => {
        const pos = positions.key(dimensions.value, key);
        if (pos) m.parts[`/Dimensions/${i}`] = at(pos);
      });
    }
    alarm.Dimensions = dimensionEntries;
    part("/Dimensions", "dimensions");

    const thresholdMetric = attr(r, "threshold_metric_id");
    const anomaly = !thresholdMetric.unknown && typeof thresholdMetric.value === "string" && thresholdMetric.value !== "";
    number("Period", "period", true);
    text("Unit", "unit", false);
    number("EvaluationPeriods", "evaluation_periods", true);
    number("DatapointsToAlarm", "datapoints_to_alarm", true);
    // An anomaly detection alarm compares with a band (ThresholdMetricId), not a Threshold.
    if (!anomaly) number("Threshold", "threshold", false);
    text("ComparisonOperator", "comparison_operator", true);
    text("TreatMissingData", "treat_missing_data", true);
    if (alarm.TreatMissingData === undefined && !attr(r, "treat_missing_data").unknown) alarm.TreatMissingData = "missing";
    text("EvaluateLowSampleCountPercentile", "evaluate_low_sample_count_percentiles", false);

    const queries = attr(r, "metric_query");
    if (subtreeUnknown(r, "metric_query")) fail("metric_query", "has values unknown until apply (after_unknown)");
    if (Array.isArray(queries.value) && queries.value.length > 0) {
      alarm.Metrics = queries.value.filter(isRecord).map((q, i) => toMetricDataQuery(r, q, i));
      part("/Metrics", "metric_query");
      mirrorList(m.parts, "/Metrics", queries.value);
    }
    text("ThresholdMetricId", "threshold_metric_id", false);
    alarm.region = region;
    return m;
  }

  /**
   * An action list: known ARNs as they are; an ARN unknown until apply is the ARN of the
   * aws_sns_topic the configuration references when the topic's name is known, else a placeholder
   * with an error (the action exists; what it notifies is open).
   */
  function actions(r: PlanResource, attribute: string, fail: (attribute: string, why?: string) => void): string[] {
    const list = attr(r, attribute);
    if (list.unknown) {
      fail(attribute);
      return [];
    }
    if (!Array.isArray(list.value)) return [];
    const openIndexes = list.value.map((_v, i) => i).filter((i) => attr(r, attribute, i).unknown);
    const expression = r.expressions[attribute];
    const refs = isRecord(expression) && Array.isArray(expression.references) ? expression.references : [];
    const topics = [...new Set(refs.flatMap((ref) => resolveRefs(r.parts.prefix, r.parts.modules, [ref])).filter((t) => t.type === "aws_sns_topic"))];
    const topicArns = topics.map((t) => {
      const topicName = knownString(t, "name");
      return topicName !== undefined ? `arn:${partition}:sns:${regionOf(t)}:${accountId}:${topicName}` : undefined;
    });
    const linked = topicArns.length === openIndexes.length && topicArns.every((a) => a !== undefined) ? (topicArns as string[]) : undefined;
    if (openIndexes.length > 0 && !linked) fail(attribute, "has values unknown until apply (after_unknown)");
    return list.value.flatMap((value, i) => {
      const open = openIndexes.indexOf(i);
      if (open >= 0) return [linked ? linked[open]! : placeholder(r, `${attribute}[${i}]`)];
      return typeof value === "string" ? [value] : [];
    });
  }

  /** A metric_query block -> MetricDataQuery (unknown values as placeholders; the caller records the error). */
  function toMetricDataQuery(r: PlanResource, q: Dict, index: number): { Id: string } & Dict {
    const open = (...path: (string | number)[]) => attr(r, "metric_query", index, ...path).unknown;
    const str = (value: unknown, ...path: (string | number)[]): string | undefined =>
      open(...path)
        ? placeholder(r, `metric_query[${index}]${path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("")}`)
        : typeof value === "string" && value !== ""
          ? value
          : undefined;
    const out: { Id: string } & Dict = { Id: str(q.id, "id") ?? "" };
    const optional = (field: string, value: unknown) => {
      if (value !== undefined) out[field] = value;
    };
    optional("Expression", str(q.expression, "expression"));
    optional("Label", str(q.label, "label"));
    optional("AccountId", str(q.account_id, "account_id"));
    if (typeof q.period === "number" && q.period > 0) out.Period = q.period;
    if (typeof q.return_data === "boolean") out.ReturnData = q.return_data;
    const metric = Array.isArray(q.metric) && isRecord(q.metric[0]) ? q.metric[0] : undefined;
    if (metric) {
      const dims = isRecord(metric.dimensions) ? metric.dimensions : {};
      const stat: Dict = {
        Metric: {
          ...(str(metric.namespace, "metric", 0, "namespace") !== undefined ? { Namespace: str(metric.namespace, "metric", 0, "namespace") } : {}),
          ...(str(metric.metric_name, "metric", 0, "metric_name") !== undefined ? { MetricName: str(metric.metric_name, "metric", 0, "metric_name") } : {}),
          Dimensions: Object.keys(dims).map((key) => ({ Name: key, Value: str(dims[key], "metric", 0, "dimensions", key) ?? "" })),
        },
      };
      if (typeof metric.period === "number" && metric.period > 0) stat.Period = metric.period;
      const statistic = str(metric.stat, "metric", 0, "stat");
      if (statistic !== undefined) stat.Stat = statistic;
      const unit = str(metric.unit, "metric", 0, "unit");
      if (unit !== undefined) stat.Unit = unit;
      out.MetricStat = stat;
    }
    return out;
  }

  function mapPolicy(r: PlanResource): (Mapped<ServiceControlPolicy> & { source: PlanResource }) | undefined {
    const type = attr(r, "type");
    const policyType = type.unknown ? undefined : typeof type.value === "string" ? type.value : "SERVICE_CONTROL_POLICY";
    if (policyType !== "SERVICE_CONTROL_POLICY") {
      unmapped.push({
        id: r.address,
        type: r.type,
        location: r.location,
        note: policyType === undefined ? "its policy type cannot be decided from this file" : `a ${policyType}, not a service control policy`,
      });
      return undefined;
    }
    const id = knownString(r, "id") ?? `p-${r.parts.name.toLowerCase().replace(/[^a-z0-9_]/g, "").slice(0, 60) || "policy"}`;
    const content = attr(r, "content");
    if (content.unknown || typeof content.value !== "string") {
      unresolved(r, "organizations", "DescribePolicy", id, "content", "is unknown until apply (after_unknown)", organizationErrors);
      unmapped.push({ id: r.address, type: r.type, location: r.location, note: "its content cannot be decided from this file" });
      return undefined;
    }
    const m = newMapped<ServiceControlPolicy>(r, {
      PolicySummary: {
        Id: id,
        Name: knownString(r, "name") ?? r.address,
        ...(knownString(r, "description") ? { Description: knownString(r, "description")! } : {}),
        Type: "SERVICE_CONTROL_POLICY",
        AwsManaged: false,
      },
      Content: policyOf(r, "content", content.value),
      targets: [],
    });
    const location = propLocation(r, "content");
    if (location) m.parts["/Content"] = location;
    return m;
  }

  function attachPolicyTarget(r: PlanResource): void {
    const policyId = knownString(r, "policy_id");
    let policy = policyId !== undefined ? scps.find((p) => p.value.PolicySummary.Id === policyId) : undefined;
    if (!policy) {
      const ref = referenced(r, "policy_id", ["aws_organizations_policy"]);
      policy = ref ? scps.find((p) => p.source === ref) : undefined;
    }
    if (!policy) {
      unmapped.push({ id: r.address, type: r.type, location: r.location, note: "its policy is not a service control policy defined in this plan" });
      return;
    }
    const targetId = attr(r, "target_id");
    const index = policy.value.targets.length;
    policy.contributors.push({ id: r.address, type: r.type, location: r.location, part: `/targets/${index}` });
    if (targetId.unknown || typeof targetId.value !== "string") {
      unresolved(r, "organizations", "ListTargetsForPolicy", policy.value.PolicySummary.Id, "target_id", "is unknown until apply (after_unknown)", organizationErrors);
      return;
    }
    const id = targetId.value;
    const target: PolicyTarget = { TargetId: id, Type: id.startsWith("ou-") ? "ORGANIZATIONAL_UNIT" : id.startsWith("r-") ? "ROOT" : "ACCOUNT" };
    policy.value.targets.push(target);
    policy.parts[`/targets/${index}`] = propLocation(r, "target_id") ?? r.location;
  }
}

/** planned_values / prior_state module tree -> every resource entry, depth first. */
function collectModuleResources(module: unknown, includeData: boolean): { entry: Dict }[] {
  const out: { entry: Dict }[] = [];
  const walk = (m: unknown, depth: number) => {
    if (!isRecord(m) || depth > 32) return;
    for (const entry of Array.isArray(m.resources) ? m.resources : []) {
      if (isRecord(entry) && (includeData || entry.mode !== "data")) out.push({ entry });
    }
    for (const child of Array.isArray(m.child_modules) ? m.child_modules : []) walk(child, depth + 1);
  };
  walk(module, 0);
  return out;
}

/** A policy JSON string as the plan holds it: the parsed document, or the text when it is not JSON. */
function parsePolicyText(text: string): string | PolicyDocument {
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) && "Statement" in parsed ? (parsed as unknown as PolicyDocument) : text;
  } catch {
    return text;
  }
}

function toRule(value: unknown): ObjectLockConfiguration["Rule"] | undefined {
  const rule = Array.isArray(value) ? value[0] : value;
  if (!isRecord(rule)) return undefined;
  const retentionList = rule.default_retention;
  const retention = Array.isArray(retentionList) ? retentionList[0] : retentionList;
  if (!isRecord(retention)) return {};
  return {
    DefaultRetention: {
      ...(typeof retention.mode === "string" ? { Mode: retention.mode as "GOVERNANCE" | "COMPLIANCE" } : {}),
      ...(typeof retention.days === "number" && retention.days > 0 ? { Days: retention.days } : {}),
      ...(typeof retention.years === "number" && retention.years > 0 ? { Years: retention.years } : {}),
    },
  };
}

function toEventSelector(s: Dict): EventSelector {
  return {
    ReadWriteType: (typeof s.read_write_type === "string" ? s.read_write_type : "All") as EventSelector["ReadWriteType"],
    IncludeManagementEvents: typeof s.include_management_events === "boolean" ? s.include_management_events : true,
    DataResources: (Array.isArray(s.data_resource) ? s.data_resource.filter(isRecord) : []).map((d) => ({
      Type: String(d.type),
      ...(Array.isArray(d.values) ? { Values: d.values.map(String) } : {}),
    })),
    ExcludeManagementEventSources: Array.isArray(s.exclude_management_event_sources) ? s.exclude_management_event_sources.map(String) : [],
  };
}

const OPERATORS = [
  ["Equals", "equals"],
  ["StartsWith", "starts_with"],
  ["EndsWith", "ends_with"],
  ["NotEquals", "not_equals"],
  ["NotStartsWith", "not_starts_with"],
  ["NotEndsWith", "not_ends_with"],
] as const;

function toAdvancedSelector(s: Dict): AdvancedEventSelector {
  return {
    ...(typeof s.name === "string" && s.name !== "" ? { Name: s.name } : {}),
    FieldSelectors: (Array.isArray(s.field_selector) ? s.field_selector.filter(isRecord) : []).map((fs) => {
      const out: AdvancedEventSelector["FieldSelectors"][number] = { Field: String(fs.field) };
      for (const [api, tf] of OPERATORS) {
        const values = fs[tf];
        if (Array.isArray(values) && values.length > 0) out[api] = values.map(String);
      }
      return out;
    }),
  };
}

const PUBLIC_ACCESS_BLOCK_ATTRIBUTES = [
  ["BlockPublicAcls", "block_public_acls"],
  ["IgnorePublicAcls", "ignore_public_acls"],
  ["BlockPublicPolicy", "block_public_policy"],
  ["RestrictPublicBuckets", "restrict_public_buckets"],
] as const;

/**
 * A bucket's or the account's Block Public Access settings (each false when left out or unknown),
 * and the attributes unknown until apply, comma-separated, when there are any.
 */
function publicAccessBlockOf(read: (attribute: string) => { value: unknown; unknown: boolean }): { config: PublicAccessBlockConfiguration; unknown?: string } {
  const unknown = PUBLIC_ACCESS_BLOCK_ATTRIBUTES.filter(([, a]) => read(a).unknown).map(([, a]) => a);
  const config = Object.fromEntries(
    PUBLIC_ACCESS_BLOCK_ATTRIBUTES.map(([field, a]) => [field, !read(a).unknown && read(a).value === true]),
  ) as PublicAccessBlockConfiguration;
  return { config, ...(unknown.length > 0 ? { unknown: unknown.join(", ") } : {}) };
}
