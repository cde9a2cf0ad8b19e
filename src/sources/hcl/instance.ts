// Evaluating a module instance: its variables (inputs), locals, resources, data sources, module
// calls and outputs, each evaluated lazily when something refers to it, once, with cycles reported
// as invalid. `expand` walks the whole instance and lists every resource instance (count and
// for_each expanded), child modules included, for the synthesized plan (to-plan.ts).
//
// What the files do not decide is an Unknown with its cause: a variable without a value, a count
// or for_each that is not known, a module that is not on disk, a data source read from AWS.
import { isAbsolute, join, relative, resolve } from "node:path";
import type { Attribute, Body, Expr, Span } from "./ast.js";
import { instanceObject, type Where } from "./computed.js";
import { dataSourceValue } from "./data-sources.js";
import { renderWithHoles } from "./holes.js";
import { evaluate, type FunctionTable } from "./eval.js";
import { toNumber } from "./eval-values.js";
import { isLocalSource, type ModuleCallConfig, type ModuleConfig, type ResourceConfig } from "./module.js";
import { evaluateBody, type Evaluated } from "./body.js";
import { childScope, type Scope } from "./scope.js";
import { firstUnknown, isObjectValue, isUnknown, objectValue, Unknown, type Value, type ValueObject } from "./value.js";
import { convertToType } from "./var-type.js";

export type { Evaluated, SpanTree } from "./body.js";

export interface ResourceInstance {
  address: string;
  /** The module instance prefix ("", `module.a`, `module.a["x"]`). */
  prefix: string;
  /** Module call names from the root. */
  modules: string[];
  config: ResourceConfig;
  key?: number | string;
  /** The root module's provider configuration the instance uses (`aws`, `aws.west`), through the module calls' `providers`. */
  providerKey: string;
  body: Evaluated;
}

/** A module call that could not be read: what it may create is not known. */
export interface Unexpanded {
  address: string;
  source: string;
  span: Span;
  message: string;
  /** A resource's arguments as far as they do not depend on its instance key (`count.index`, `each`). */
  values?: ValueObject;
}

export interface Environment extends Where {
  fns?: FunctionTable;
  /** Root module directory (absolute), for path.root and modules.json. */
  rootDir: string;
  /** `.terraform/modules/modules.json` entries: module key ("a.b") -> directory (absolute). */
  downloaded: ReadonlyMap<string, string>;
  /** Reads a module directory (module.ts readModule). */
  read(dir: string): ModuleConfig;
  /** Whether the account, region and partition are the user's (flags) or stand-ins. */
  decided: { account: boolean; region: boolean };
  instances: ResourceInstance[];
  unexpanded: Unexpanded[];
  /** Provider regions by plan provider key. */
  providerRegions: Map<string, Value>;
}

const COMPUTING = Symbol("computing");
const MAX_MODULE_DEPTH = 16;

type Memo = Map<string, Value | typeof COMPUTING>;

export class ModuleInstance {
  private readonly memo: Memo = new Map();
  readonly scope: Scope;

  constructor(
    private readonly env: Environment,
    readonly config: ModuleConfig,
    /** The instance's address prefix. */
    readonly prefix: string,
    readonly modules: string[],
    /** Input values: evaluated lazily in the caller's scope. */
    private readonly inputs: (name: string) => Value | undefined,
    private readonly depth = 0,
    /**
     * The root module's provider configuration for each provider key this module uses: a module
     * call's `providers = { aws = aws.west }`, else the caller's default configuration.
     */
    private readonly providers: ReadonlyMap<string, string> = new Map(),
  ) {
    this.scope = { reference: (names, at) => this.reference(names, at) };
  }

  private once(key: string, at: Span, compute: () => Value): Value {
    const known = this.memo.get(key);
    if (known === COMPUTING) return new Unknown("invalid", `${key} refers to itself (a cycle)`, at);
    if (known !== undefined) return known;
    this.memo.set(key, COMPUTING);
    const value = compute();
    this.memo.set(key, value);
    return value;
  }

  eval(expr: Expr, scope: Scope = this.scope): Value {
    return evaluate(expr, scope, this.env.fns);
  }

  private reference(names: readonly string[], at: Span): { value: Value; consumed: number } | undefined {
    const [root, second, third] = names;
    switch (root) {
      case "var":
        return second === undefined ? undefined : { value: this.variable(second, at), consumed: 2 };
      case "local":
        return second === undefined ? undefined : { value: this.local(second, at), consumed: 2 };
      case "path":
        return second === undefined ? undefined : { value: this.path(second, at), consumed: 2 };
      case "terraform":
        return second === "workspace" ? { value: "default", consumed: 2 } : undefined;
      case "module":
        return second === undefined ? undefined : { value: this.moduleValue(second, at), consumed: 2 };
      case "data": {
        if (second === undefined || third === undefined) return undefined;
        const config = this.config.data.find((d) => d.type === second && d.name === third);
        if (!config) return { value: new Unknown("invalid", `data.${second}.${third} is not declared in this module`, at), consumed: 3 };
        return { value: this.dataValue(config, at), consumed: 3 };
      }
      case "count":
      case "each":
      case "self":
        return { value: new Unknown("invalid", `${root}.${second ?? ""} is used outside a resource or module block with ${root === "self" ? "a provisioner" : root === "count" ? "count" : "for_each"}`, at), consumed: 1 };
      default: {
        if (root === undefined || second === undefined) return undefined;
        const config = this.config.resources.find((r) => r.type === root && r.name === second);
        if (!config) return undefined;
        return { value: this.resourceValue(config, at), consumed: 2 };
      }
    }
  }

  private variable(name: string, at: Span): Value {
    return this.once(`var.${name}`, at, () => {
      const declared = this.config.variables.get(name);
      if (!declared) return new Unknown("invalid", `var.${name} is not declared in ${this.where()}`, at);
      const given = this.inputs(name);
      const value = given !== undefined ? given : declared.default ? this.eval(declared.default.expr) : undefined;
      if (value !== undefined) return convertToType(value, declared.type?.expr, `var.${name}`, declared.type?.span ?? declared.block.span);
      return new Unknown(
        "undecided",
        this.depth === 0
          ? `var.${name} has no value (no default; not set by --var, --var-file, terraform.tfvars, *.auto.tfvars or TF_VAR_${name})`
          : `var.${name} of module ${this.prefix} has no value (no default, and the module call does not set it)`,
        at,
      );
    });
  }

  private local(name: string, at: Span): Value {
    return this.once(`local.${name}`, at, () => {
      const attribute = this.config.locals.get(name);
      if (!attribute) return new Unknown("invalid", `local.${name} is not declared in ${this.where()}`, at);
      return this.eval(attribute.expr);
    });
  }

  private path(name: string, at: Span): Value {
    const rel = (dir: string) => {
      const r = relative(this.env.rootDir, dir).split("\\").join("/");
      return r === "" ? "." : r;
    };
    if (name === "module") return rel(this.config.dir);
    if (name === "root") return ".";
    if (name === "cwd") return new Unknown("undecided", "path.cwd is the directory Terraform runs in", at);
    return new Unknown("invalid", `path.${name} is not a path value`, at);
  }

  private where(): string {
    return this.prefix === "" ? "the root module" : this.prefix;
  }

  // ---- count and for_each

  /** The instance keys of a block with count or for_each: numbers, strings, or an Unknown. */
  private keys(count: Attribute | undefined, forEach: Attribute | undefined): { keys: (number | string)[] | undefined; each?: Map<string, Value>; unknown?: Unknown } {
    if (count) {
      const value = this.eval(count.expr);
      // count is a number: Terraform converts a string that is one ("2").
      const n = typeof value === "string" ? (toNumber(value) ?? value) : value;
      if (isUnknown(n)) return { keys: undefined, unknown: n };
      if (typeof n !== "number" || !Number.isInteger(n) || n < 0) return { keys: undefined, unknown: new Unknown("invalid", `count must be a whole number, got ${JSON.stringify(n)}`, count.expr.span) };
      return { keys: Array.from({ length: n }, (_, i) => i) };
    }
    if (forEach) {
      const v = this.eval(forEach.expr);
      const unknown = isUnknown(v) ? v : Array.isArray(v) ? v.find(isUnknown) : undefined;
      if (unknown) return { keys: undefined, unknown };
      if (Array.isArray(v)) {
        if (!v.every((x) => typeof x === "string")) return { keys: undefined, unknown: new Unknown("invalid", "for_each over a list must be a set of strings (use toset())", forEach.expr.span) };
        const set = [...new Set(v as string[])].sort();
        return { keys: set, each: new Map(set.map((k) => [k, k])) };
      }
      if (isObjectValue(v)) {
        const keys = Object.keys(v).sort();
        return { keys, each: new Map(keys.map((k) => [k, v[k]!])) };
      }
      return { keys: undefined, unknown: new Unknown("invalid", `for_each must be a map or a set of strings, got ${v === null ? "null" : typeof v}`, forEach.expr.span) };
    }
    return { keys: undefined };
  }

  private instanceScope(key: number | string | undefined, each: Map<string, Value> | undefined): Scope {
    if (key === undefined) return this.scope;
    if (typeof key === "number" && !each) return childScope(this.scope, new Map([["count", objectValue([["index", key]])]]));
    return childScope(this.scope, new Map([["each", objectValue([["key", key], ["value", each?.get(String(key)) ?? null]])]]));
  }

  // ---- resources and data sources

  private resourceValue(config: ResourceConfig, at: Span): Value {
    return this.once(`${config.type}.${config.name}`, at, () => {
      const { keys, each, unknown } = this.keys(config.count, config.forEach);
      if (unknown) return unknown;
      const make = (key: number | string | undefined) => {
        const address = this.address(config, key);
        const body = this.evalBody(config.block.body, this.instanceScope(key, each));
        return instanceObject(config.type, address, body.values, this.whereFor(config), config.block.span);
      };
      if (keys === undefined) return make(undefined);
      if (config.count) return keys.map((k) => make(k));
      return objectValue(keys.map((k) => [String(k), make(k)]));
    });
  }

  private dataValue(config: ResourceConfig, at: Span): Value {
    return this.once(`data.${config.type}.${config.name}`, at, () => {
      const { keys, each, unknown } = this.keys(config.count, config.forEach);
      if (unknown) return unknown;
      const make = (key: number | string | undefined) => {
        const args = this.evalBody(config.block.body, this.instanceScope(key, each)).values;
        const w = this.whereFor(config);
        const ctx = { accountId: w.accountId, region: w.region, partition: w.partition, accountDecided: this.env.decided.account, regionDecided: this.env.decided.region };
        const value = dataSourceValue(config.type, args, ctx, config.block.span);
        if (config.type !== "aws_iam_policy_document" || !isObjectValue(value) || firstUnknown(args) === undefined) return value;
        // A document with open values: its structure, for a policy judged with holes (holes.ts).
        const rendered = (field: string) =>
          renderWithHoles(
            args,
            (marked) => {
              const v = dataSourceValue(config.type, marked as ValueObject, ctx, config.block.span);
              return isObjectValue(v) ? (v[field] ?? null) : null;
            },
            () => value[field] ?? null,
          );
        return objectValue([...Object.entries(value), ["json", rendered("json")], ["minified_json", rendered("minified_json")]]);
      };
      if (keys === undefined) return make(undefined);
      if (config.count) return keys.map((k) => make(k));
      return objectValue(keys.map((k) => [String(k), make(k)]));
    });
  }

  private address(config: ResourceConfig, key: number | string | undefined): string {
    const base = `${this.prefix ? `${this.prefix}.` : ""}${config.mode === "data" ? "data." : ""}${config.type}.${config.name}`;
    return key === undefined ? base : `${base}[${typeof key === "number" ? key : JSON.stringify(key)}]`;
  }

  /** The root provider configuration a block uses: its `provider`, else the default (`aws`), through the module calls' `providers`. */
  providerKeyOf(config: ResourceConfig): string {
    const own = config.provider ?? config.type.split("_")[0]!;
    return this.providers.get(own) ?? own;
  }

  /** The provider keys a child module call passes (`providers = { aws = aws.west, "aws.us" = aws.us }`), as root keys. */
  private childProviders(call: ModuleCallConfig): Map<string, string> {
    const out = new Map<string, string>();
    // Default (unaliased) configurations pass to a child implicitly.
    for (const [key, value] of this.providers) if (!key.includes(".")) out.set(key, value);
    const attribute = call.block.body.attributes.find((a) => a.name === "providers");
    if (attribute?.expr.kind !== "object") return out;
    const name = (e: Expr): string | undefined =>
      e.kind === "variable" ? e.name : e.kind === "getattr" && e.object.kind === "variable" ? `${e.object.name}.${e.name}` : e.kind === "literal" && typeof e.value === "string" ? e.value : undefined;
    for (const item of attribute.expr.items) {
      const [key, value] = [name(item.key), name(item.value)];
      if (key !== undefined && value !== undefined) out.set(key, this.providers.get(value) ?? value);
    }
    return out;
  }

  private whereFor(config: ResourceConfig): Where {
    const region = this.env.providerRegions.get(this.providerKeyOf(config));
    return { partition: this.env.partition, accountId: this.env.accountId, region: typeof region === "string" ? region : this.env.region };
  }

  /** A body's attributes and nested blocks in `scope` (body.ts). */
  evalBody(body: Body, scope: Scope, self: Span = body.span): Evaluated {
    return evaluateBody(body, scope, (expr, sc) => this.eval(expr, sc), self);
  }

  // ---- modules

  private children = new Map<string, { instances: Map<string, ModuleInstance> | Unknown; keyed: "none" | "count" | "for_each" }>();

  /** The instances of a module call (count and for_each expanded), or why they are not known. */
  childInstances(call: ModuleCallConfig): { instances: Map<string, ModuleInstance> | Unknown; keyed: "none" | "count" | "for_each" } {
    const known = this.children.get(call.name);
    if (known) return known;
    const keyed = call.count ? "count" : call.forEach ? "for_each" : "none";
    const placeholder = { instances: new Unknown("invalid", `module.${call.name} refers to itself (a cycle)`, call.block.span) as Unknown, keyed } as const;
    this.children.set(call.name, placeholder);
    const result = { instances: this.makeChildren(call), keyed } as const;
    this.children.set(call.name, result);
    return result;
  }

  private makeChildren(call: ModuleCallConfig): Map<string, ModuleInstance> | Unknown {
    const base = `${this.prefix ? `${this.prefix}.` : ""}module.${call.name}`;
    const source = call.source ?? "";
    const dir = this.moduleDir(call);
    if (dir === undefined || this.depth >= MAX_MODULE_DEPTH) {
      const message =
        this.depth >= MAX_MODULE_DEPTH
          ? `module ${base} is nested more than ${MAX_MODULE_DEPTH} deep`
          : `defined in module ${call.name} (${source || "no source"}), not on disk: run terraform init, or lint a plan`;
      this.env.unexpanded.push({ address: base, source, span: call.block.span, message });
      return new Unknown("undecided", `the outputs of module ${base} are ${message}`, call.block.span);
    }
    const config = this.env.read(dir);
    const { keys, each, unknown } = this.keys(call.count, call.forEach);
    if (unknown) {
      const at = (call.count ?? call.forEach)!.span;
      this.env.unexpanded.push({ address: base, source, span: at, message: `how many instances module ${base} has depends on a value the files do not decide (${unknown.message})` });
      return unknown;
    }
    const out = new Map<string, ModuleInstance>();
    const make = (key: number | string | undefined) => {
      const prefix = key === undefined ? base : `${base}[${typeof key === "number" ? key : JSON.stringify(key)}]`;
      const scope = this.instanceScope(key, each);
      const inputs = new Map(call.inputs.map((a) => [a.name, a]));
      const cache = new Map<string, Value>();
      const child = new ModuleInstance(
        this.env,
        config,
        prefix,
        [...this.modules, call.name],
        (name) => {
          const attribute = inputs.get(name);
          if (!attribute) return undefined;
          if (!cache.has(name)) cache.set(name, this.eval(attribute.expr, scope));
          return cache.get(name);
        },
        this.depth + 1,
        this.childProviders(call),
      );
      out.set(prefix, child);
    };
    if (keys === undefined) make(undefined);
    else for (const k of keys) make(k);
    return out;
  }

  /** Where a module call's source is on disk: a local path, else the modules terraform init downloaded. */
  private moduleDir(call: ModuleCallConfig): string | undefined {
    const source = call.source;
    if (source === undefined) return undefined;
    if (isLocalSource(source)) return resolve(this.config.dir, source);
    const key = [...this.modules, call.name].join(".");
    const dir = this.env.downloaded.get(key);
    if (dir === undefined) return undefined;
    return isAbsolute(dir) ? dir : join(this.env.rootDir, dir);
  }

  private moduleValue(name: string, at: Span): Value {
    return this.once(`module.${name}`, at, () => {
      const call = this.config.modules.get(name);
      if (!call) return new Unknown("invalid", `module.${name} is not declared in ${this.where()}`, at);
      const { instances, keyed } = this.childInstances(call);
      if (isUnknown(instances)) return instances;
      const outputs = [...instances.values()].map((child) => child.outputsValue(at));
      if (keyed === "none") return outputs[0] ?? null;
      if (keyed === "count") return outputs;
      const keys = [...instances.keys()].map((p) => JSON.parse(/\[(.*)\]$/.exec(p)![1]!) as string);
      return objectValue(keys.map((k, i) => [k, outputs[i]!]));
    });
  }

  /** The module's outputs as one object. */
  outputsValue(at: Span): ValueObject {
    return objectValue([...this.config.outputs.keys()].map((name) => [name, this.output(name, at)]));
  }

  output(name: string, at: Span): Value {
    return this.once(`output.${name}`, at, () => {
      const output = this.config.outputs.get(name);
      if (!output?.value) return new Unknown("invalid", `output ${name} of ${this.where()} has no value`, at);
      return this.eval(output.value.expr);
    });
  }

  // ---- expansion

  /** Lists every resource instance of this module instance and its children into env.instances. */
  expand(): void {
    for (const config of this.config.resources) {
      const { keys, each, unknown } = this.keys(config.count, config.forEach);
      const base = this.address(config, undefined);
      if (unknown) {
        this.env.unexpanded.push({
          address: base,
          source: config.type,
          span: (config.count ?? config.forEach)!.span,
          message: `whether ${base} exists, and how many times, depends on ${config.count ? "count" : "for_each"}, which ${unknown.message}`,
          values: this.evalBody(config.block.body, childScope(this.scope, new Map([[config.count ? "count" : "each", unknown]]))).values,
        });
        continue;
      }
      for (const key of keys ?? [undefined]) {
        const body = this.evalBody(config.block.body, this.instanceScope(key, each));
        const providerKey = this.providerKeyOf(config);
        this.env.instances.push({
          address: this.address(config, key),
          prefix: this.prefix,
          modules: this.modules,
          config,
          ...(key !== undefined ? { key } : {}),
          providerKey,
          body,
        });
      }
    }
    for (const call of this.config.modules.values()) {
      const { instances } = this.childInstances(call);
      if (!isUnknown(instances)) for (const child of instances.values()) child.expand();
    }
  }
}
