// Terraform plan mapping: the plan's resources, each planned_values entry joined with its
// resource_changes entry (after, after_unknown) and its configuration (expressions, provider), and
// configuration references resolved to planned resources, through module outputs and input
// variables (aws_cloudtrail.s3_bucket_name = aws_s3_bucket.logs.id -> the bucket's resource).
import { isRecord, type Dict } from "../../util/records.js";
import type { Location } from "../iac-types.js";
import type { PositionTable, Pos } from "../cloudformation/document.js";
import { parseAddress, type AddressParts } from "./address.js";

export interface PlanResource {
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

/** What references resolve against: the configuration tree and the planned resources. */
export interface PlanGraph {
  /** configuration.root_module. */
  readonly rootConfig: Dict;
  readonly resources: readonly PlanResource[];
  /** Module instance prefixes of the planned resources. */
  readonly instancePrefixes: ReadonlySet<string>;
}

/** planned_values / prior_state module tree -> every resource entry, depth first. */
export function collectModuleResources(module: unknown, includeData: boolean): { entry: Dict }[] {
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

/** The configuration module of a module call path. */
function configModule(rootConfig: Dict, modules: readonly string[]): Dict | undefined {
  let current: Dict | undefined = rootConfig;
  for (const name of modules) {
    const calls: unknown = current?.module_calls;
    const call: unknown = isRecord(calls) ? calls[name] : undefined;
    current = isRecord(call) && isRecord(call.module) ? call.module : undefined;
  }
  return current;
}

function configResource(rootConfig: Dict, parts: AddressParts): Dict | undefined {
  const module = configModule(rootConfig, parts.modules);
  const list = Array.isArray(module?.resources) ? module.resources : [];
  return list.find((r): r is Dict => isRecord(r) && r.mode !== "data" && r.type === parts.type && r.name === parts.name);
}

/** The managed resources the plan will have: planned values joined with their changes and configuration. */
export function planResources(plan: Dict, rootConfig: Dict, positions: PositionTable, at: (pos: Pos | undefined) => Location): PlanResource[] {
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
    const config = configResource(rootConfig, parts);
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
  return resources;
}

/** Resolves configuration references to planned resources (through module outputs and variables). */
export function resolveRefs(g: PlanGraph, prefix: string, modules: readonly string[], refs: readonly unknown[], depth = 0): PlanResource[] {
  if (depth > 16) return [];
  for (const ref of refs) {
    if (typeof ref !== "string") continue;
    const segments = ref.split(".");
    const head = segments[0]!;
    if (head === "var" && segments[1]) {
      if (modules.length === 0) continue;
      const parentModules = modules.slice(0, -1);
      const callName = modules[modules.length - 1]!;
      const parent = configModule(g.rootConfig, parentModules);
      const calls = parent && isRecord(parent.module_calls) ? parent.module_calls : {};
      const call = calls[callName];
      const expressions = isRecord(call) && isRecord(call.expressions) ? call.expressions : {};
      const expression = expressions[segments[1]];
      const parentPrefix = prefix.replace(/\.?module\.[^.]+(\[[^\]]*\])?$/, "");
      if (isRecord(expression) && Array.isArray(expression.references)) {
        const found = resolveRefs(g, parentPrefix, parentModules, expression.references, depth + 1);
        if (found.length > 0) return found;
      }
      continue;
    }
    if (head === "module" && segments[1] && segments[2]) {
      const callName = segments[1].replace(/\[.*$/, "");
      const module = configModule(g.rootConfig, [...modules, callName]);
      const outputs = module && isRecord(module.outputs) ? module.outputs : {};
      const output = outputs[segments[2].replace(/\[.*$/, "")];
      const expression = isRecord(output) && isRecord(output.expression) ? output.expression : undefined;
      if (!expression || !Array.isArray(expression.references)) continue;
      const childBase = `${prefix ? `${prefix}.` : ""}module.${segments[1]}`;
      const children = [...g.instancePrefixes].filter((p) => p === childBase || (p.startsWith(childBase) && /^\[[^\]]*\]$/.test(p.slice(childBase.length))));
      for (const child of children.length === 1 ? children : []) {
        const found = resolveRefs(g, child, [...modules, callName], expression.references, depth + 1);
        if (found.length > 0) return found;
      }
      continue;
    }
    if (["local", "data", "each", "count", "path", "terraform", "self"].includes(head) || !segments[1]) continue;
    const name = segments[1].replace(/\[.*$/, "");
    const key = /\[(.*)\]$/.exec(segments[1])?.[1];
    const matches = g.resources.filter(
      (r) => r.parts.prefix === prefix && r.type === head && r.parts.name === name && (key === undefined || r.address.endsWith(`[${key}]`)),
    );
    if (matches.length > 0) return matches;
  }
  return [];
}

/** The one planned resource of `types` an attribute of `r` refers to, if exactly one. */
export function referenced(g: PlanGraph, r: PlanResource, attribute: string, types: readonly string[]): PlanResource | undefined {
  const expression = r.expressions[attribute];
  if (!isRecord(expression) || !Array.isArray(expression.references)) return undefined;
  const found = resolveRefs(g, r.parts.prefix, r.parts.modules, expression.references).filter((f) => types.includes(f.type));
  return found.length === 1 ? found[0] : undefined;
}
