// The resource instances of an evaluated configuration, written as the plan `terraform show -json`
// would print for them (planned_values, resource_changes with after and after_unknown,
// configuration with references), with a PositionTable that points each part at its .tf line. The
// plan source's mappers (src/sources/terraform/) then map it, so a plan and its configuration give
// the same snapshot for the same values. Unknown values are left out of `after` and marked in
// `after_unknown`, as in a plan; `explain` tells the mapper why each one is unknown.
import type { Pos } from "../cloudformation/document.js";
import { PositionTable } from "../cloudformation/document.js";
import type { Expr, Span } from "./ast.js";
import type { ResourceInstance, SpanTree } from "./instance.js";
import { expressionOf } from "./references.js";
import type { ModuleConfig } from "./module.js";
import { firstUnknown, isObjectValue, isUnknown, type Unknown, type Value, type ValueObject } from "./value.js";

export interface SynthesizedPlan {
  plan: Record<string, unknown>;
  positions: PositionTable;
  /** The Unknown behind an attribute of a resource instance left unknown in the plan. */
  unknownOf(address: string, attribute: string): Unknown | undefined;
}

export interface ConfigTree {
  config: ModuleConfig;
  calls: Map<string, ConfigTree>;
}

function pos(span: Span): Pos {
  return { line: span.line, column: span.column, file: span.file };
}

/** `after` and `after_unknown` of a value: unknown parts left out of the one, true in the other. */
function split(value: Value, positions: PositionTable, expr: Expr | undefined): { after: unknown; unknown: unknown } {
  if (isUnknown(value)) return { after: undefined, unknown: true };
  if (Array.isArray(value)) {
    const after: unknown[] = [];
    const unknown: unknown[] = [];
    value.forEach((item, i) => {
      const child = split(item, positions, expr?.kind === "tuple" ? expr.items[i] : undefined);
      after.push(child.after === undefined ? null : child.after);
      unknown.push(child.unknown);
    });
    if (expr?.kind === "tuple") expr.items.forEach((item, i) => positions.setMember(after, i, pos(item.span)));
    return { after, unknown: unknown.some((u) => u !== false) ? unknown : false };
  }
  if (isObjectValue(value)) {
    const after: Record<string, unknown> = {};
    const unknown: Record<string, unknown> = {};
    // Terraform's plan JSON writes a map's keys sorted (tags, dimensions).
    for (const key of Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      const item = expr?.kind === "object" ? expr.items.find((i) => i.key.kind === "literal" ? i.key.value === key : i.key.kind === "variable" && i.key.name === key) : undefined;
      const child = split(value[key]!, positions, item?.value);
      if (child.after !== undefined) Object.defineProperty(after, key, { value: child.after, enumerable: true, writable: true, configurable: true });
      if (child.unknown !== false) unknown[key] = child.unknown;
      if (item) positions.setKey(after, key, pos(item.key.span));
    }
    if (expr) positions.setNode(after, pos(expr.span));
    return { after, unknown: Object.keys(unknown).length > 0 ? unknown : false };
  }
  return { after: value, unknown: false };
}

/** A resource body: attributes (with their expression for literal positions) and nested blocks. */
/**
 * Arguments of the mapped resources that the AWS provider's schema types as bool or number:
 * Terraform converts a string written for them ("true", "365") before the provider sees it, as
 * a plan shows. Other arguments keep their value (a name "true" stays a string).
 */
const BOOL_ARGUMENTS = new Set([
  "enable_logging", "include_global_service_events", "is_multi_region_trail", "is_organization_trail", "enable_log_file_validation",
  "include_management_events", "object_lock_enabled", "force_destroy", "block_public_acls", "block_public_policy", "ignore_public_acls",
  "restrict_public_buckets", "enable_key_rotation", "is_enabled", "multi_region", "bucket_key_enabled", "actions_enabled", "enabled",
  "skip_destroy", "bypass_policy_lockout_safety_check", "raw_message_delivery", "endpoint_auto_confirms",
]);
const NUMBER_ARGUMENTS = new Set([
  "retention_in_days", "evaluation_periods", "period", "threshold", "datapoints_to_alarm", "deletion_window_in_days", "days", "years",
  "rotation_period_in_days",
]);

/** A string Terraform converts to the argument's schema type. */
function schemaTyped(key: string, value: Value): Value {
  if (typeof value !== "string") return value;
  if (BOOL_ARGUMENTS.has(key) && (value === "true" || value === "false")) return value === "true";
  if (NUMBER_ARGUMENTS.has(key) && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

function splitBody(values: ValueObject, spans: SpanTree, positions: PositionTable): { after: Record<string, unknown>; unknown: Record<string, unknown> } {
  const after: Record<string, unknown> = {};
  const unknown: Record<string, unknown> = {};
  positions.setNode(after, pos(spans.self));
  for (const key of Object.keys(values)) {
    const blocks = spans.children.get(key);
    const value = schemaTyped(key, values[key]!);
    if (blocks && Array.isArray(value)) {
      const list: unknown[] = [];
      const unknownList: unknown[] = [];
      value.forEach((item, i) => {
        const tree = blocks[i]!;
        const child = isObjectValue(item) ? splitBody(item, tree, positions) : { after: {}, unknown: {} };
        list.push(child.after);
        unknownList.push(child.unknown);
        positions.setMember(list, i, pos(tree.self));
      });
      after[key] = list;
      unknown[key] = unknownList;
    } else {
      const child = split(value, positions, spans.exprs.get(key));
      if (child.after !== undefined) after[key] = child.after;
      if (child.unknown !== false) unknown[key] = child.unknown;
    }
    const at = spans.keys.get(key);
    if (at) positions.setKey(after, key, pos(at));
  }
  return { after, unknown };
}

/** The computed attributes every plan of a new resource marks unknown. */
const COMPUTED = ["id", "arn"];

/**
 * The plan of the instances. `providerRegions` and `defaultTags` are by provider configuration key
 * ("aws", "aws.west"): the region each sets, and its `default_tags` (merged into tags_all as the
 * provider does).
 */
export function synthesizePlan(instances: readonly ResourceInstance[], root: ConfigTree, providerRegions: ReadonlyMap<string, Value>, defaultTags: ReadonlyMap<string, Value>): SynthesizedPlan {
  const positions = new PositionTable();
  const byAddress = new Map<string, ResourceInstance>();
  const resourceChanges: Record<string, unknown>[] = [];
  const modules = new Map<string, { address: string; resources: Record<string, unknown>[]; child_modules: unknown[] }>();
  const rootModule = { resources: [] as Record<string, unknown>[], child_modules: [] as unknown[] };
  const moduleEntry = (prefix: string): { resources: Record<string, unknown>[]; child_modules: unknown[] } => {
    if (prefix === "") return rootModule;
    const known = modules.get(prefix);
    if (known) return known;
    const parentPrefix = prefix.replace(/\.?module\.[^.[]+(\[[^\]]*\])?$/, "");
    const entry = { address: prefix, resources: [] as Record<string, unknown>[], child_modules: [] as unknown[] };
    modules.set(prefix, entry);
    moduleEntry(parentPrefix).child_modules.push(entry);
    return entry;
  };

  for (const instance of instances) {
    byAddress.set(instance.address, instance);
    const { after, unknown } = splitBody(instance.body.values, instance.body.spans, positions);
    for (const name of COMPUTED) if (!(name in after) && !(name in unknown)) unknown[name] = true;
    const ownTags = instance.body.values.tags;
    const providerTags = defaultTags.get(instance.providerKey);
    if (isObjectValue(ownTags ?? null) || isObjectValue(providerTags ?? null) || isUnknown(providerTags)) {
      // tags_all: the provider's default_tags, then the resource's own tags over them.
      const all: Value = isUnknown(providerTags) ? providerTags : { ...(isObjectValue(providerTags ?? null) ? (providerTags as ValueObject) : {}), ...(isObjectValue(ownTags ?? null) ? (ownTags as ValueObject) : {}) };
      const tagsAll = split(all, positions, undefined);
      if (tagsAll.after !== undefined) after.tags_all = tagsAll.after;
      if (tagsAll.unknown !== false) unknown.tags_all = tagsAll.unknown;
      if (instance.body.spans.keys.has("tags") && isObjectValue(after.tags_all as Value)) {
        // Each own tag points at its own key; a provider tag at the tags attribute, else the block.
        for (const key of Object.keys(after.tags_all as object)) {
          const own = positions.key(after.tags, key);
          if (own) positions.setKey(after.tags_all as object, key, own);
        }
      }
    }
    const common = {
      address: instance.address,
      ...(instance.prefix ? { module_address: instance.prefix } : {}),
      mode: "managed",
      type: instance.config.type,
      name: instance.config.name,
      ...(instance.key !== undefined ? { index: instance.key } : {}),
      provider_name: "registry.terraform.io/hashicorp/aws",
    };
    const change = { ...common, change: { actions: ["create"], before: null, after, after_unknown: unknown } };
    const planned = { ...common, values: after };
    positions.setNode(change, pos(instance.config.block.span));
    positions.setNode(planned, pos(instance.config.block.span));
    resourceChanges.push(change);
    moduleEntry(instance.prefix).resources.push(planned);
  }

  const providerConfig: Record<string, unknown> = {};
  for (const key of new Set(["aws", ...providerRegions.keys()])) {
    const region = providerRegions.get(key);
    providerConfig[key] = {
      name: key.split(".")[0],
      full_name: "registry.terraform.io/hashicorp/aws",
      ...(key.includes(".") ? { alias: key.slice(key.indexOf(".") + 1) } : {}),
      expressions: typeof region === "string" ? { region: { constant_value: region } } : {},
    };
  }
  const configuration = {
    provider_config: providerConfig,
    root_module: configModule(root, instances),
  };
  const plan = {
    format_version: "1.2",
    planned_values: { root_module: rootModule },
    resource_changes: resourceChanges,
    configuration,
  };
  // Findings on the configuration as a whole point at the root module's first file.
  const first = root.config.files[0];
  positions.setNode(plan, { line: 1, column: 1, ...(first ? { file: first.file } : {}) });
  return {
    plan,
    positions,
    unknownOf(address, attribute) {
      const instance = byAddress.get(address);
      if (!instance) return undefined;
      return firstUnknown(instance.body.values[attribute]);
    },
  };
}

/** configuration.root_module (and its module_calls) as Terraform writes it: expressions with references. */
function configModule(tree: ConfigTree, instances: readonly ResourceInstance[], path: string[] = []): Record<string, unknown> {
  const here = instances.filter((i) => i.modules.length === path.length && i.modules.every((m, k) => m === path[k]));
  const resources = tree.config.resources.map((r) => {
    const first = here.find((i) => i.config === r);
    return {
      address: `${r.type}.${r.name}`,
      mode: "managed",
      type: r.type,
      name: r.name,
      provider_config_key: first?.providerKey ?? r.provider ?? "aws",
      expressions: first?.body.expressions ?? {},
    };
  });
  const module_calls: Record<string, unknown> = {};
  for (const [name, call] of tree.config.modules) {
    const child = tree.calls.get(name);
    module_calls[name] = {
      source: call.source ?? "",
      expressions: Object.fromEntries(call.inputs.map((a) => [a.name, expressionOf(a.expr, null)])),
      ...(child ? { module: configModule(child, instances, [...path, name]) } : {}),
    };
  }
  const outputs = Object.fromEntries([...tree.config.outputs].map(([name, o]) => [name, { expression: o.value ? expressionOf(o.value.expr, null) : {} }]));
  return { resources, module_calls, outputs };
}
