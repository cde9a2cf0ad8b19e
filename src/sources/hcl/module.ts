// One Terraform module's configuration: its .tf and .tf.json files read (parse.ts, json-syntax.ts)
// and sorted into what the evaluator needs: variables, locals, resources, data sources, module
// calls, outputs and provider configurations, each with where it is declared. A name declared twice
// is bad input, as Terraform rejects it (exit 2 naming both places). Override files are merged into
// the others first (overrides.ts).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../../util/errors.js";
import { TERRAFORM_FILE } from "../iac-inputs.js";
import type { Attribute, Block, Body, ConfigFile, Expr, Span } from "./ast.js";
import { parseJsonConfig } from "./json-syntax.js";
import { applyOverrides, isOverrideFile } from "./overrides.js";
import { parseHclFile } from "./parse.js";

export interface ResourceConfig {
  mode: "managed" | "data";
  type: string;
  name: string;
  block: Block;
  count?: Attribute;
  forEach?: Attribute;
  /** `provider = aws.west` -> "aws.west". */
  provider?: string;
}

export interface ModuleCallConfig {
  name: string;
  block: Block;
  source?: string;
  version?: string;
  count?: Attribute;
  forEach?: Attribute;
  /** Input variables: the call's other attributes. */
  inputs: Attribute[];
}

export interface ModuleConfig {
  /** The directory as read (absolute). */
  dir: string;
  /** Files read, as shown in locations. */
  files: ConfigFile[];
  variables: Map<string, { block: Block; default?: Attribute; type?: Attribute }>;
  locals: Map<string, Attribute>;
  resources: ResourceConfig[];
  data: ResourceConfig[];
  modules: Map<string, ModuleCallConfig>;
  outputs: Map<string, { block: Block; value?: Attribute }>;
  /** Provider configurations by key ("aws", "aws.west"). */
  providers: Map<string, { block: Block; region?: Attribute }>;
}

/** A module source on the local disk (`./x`, `../x`), read from there; any other is downloaded by terraform init. */
export function isLocalSource(source: string): boolean {
  return source.startsWith("./") || source.startsWith("../");
}

const META_ARGUMENTS = new Set(["source", "version", "count", "for_each", "providers", "depends_on"]);

/** The configuration files of a directory, in name order (Terraform reads them all, as one module). */
export function configFileNames(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isFile() && TERRAFORM_FILE.test(d.name))
      .map((d) => d.name);
  } catch {
    return [];
  }
  return names.sort();
}

/** Reads and parses every configuration file of a module directory. */
export async function readModule(dir: string, display: (absolute: string) => string): Promise<ModuleConfig> {
  const files: ConfigFile[] = [];
  const overrides = new Set<ConfigFile>();
  for (const name of configFileNames(dir)) {
    const absolute = join(dir, name);
    const shown = display(absolute);
    let text: string;
    try {
      text = readFileSync(absolute, "utf8");
    } catch (error) {
      throw new InputError(`${shown}: cannot read: ${(error as Error).message}`, shown);
    }
    files.push(/\.json$/i.test(name) ? await parseJsonConfig(text, shown) : await parseHclFile(text, shown));
    if (isOverrideFile(name)) overrides.add(files[files.length - 1]!);
  }
  const primary = files.filter((f) => !overrides.has(f));
  applyOverrides(primary, [...overrides]);
  return { ...collectModule(dir, primary), files };
}

function attribute(body: Body, name: string): Attribute | undefined {
  return body.attributes.find((a) => a.name === name);
}

function literalString(a: Attribute | undefined): string | undefined {
  return a ? textOf(a.expr) : undefined;
}

/** A string literal or a template without interpolations, as text. */
function textOf(e: Expr): string | undefined {
  if (e.kind === "literal" && typeof e.value === "string") return e.value;
  if (e.kind === "template" && e.parts.every((p) => p.kind === "text")) return e.parts.map((p) => (p.kind === "text" ? p.text : "")).join("");
  return undefined;
}

/** `aws.west` from the traversal `aws.west`. */
function providerRef(e: Expr | undefined): string | undefined {
  if (!e) return undefined;
  if (e.kind === "variable") return e.name;
  if (e.kind === "getattr" && e.object.kind === "variable") return `${e.object.name}.${e.name}`;
  return undefined;
}

function duplicate(kind: string, name: string, at: Span, earlier: Span): never {
  throw new InputError(`${at.file}:${at.line}:${at.column}: duplicate ${kind} "${name}" (also declared at ${earlier.file}:${earlier.line}:${earlier.column})`, at.file);
}

export function collectModule(dir: string, files: ConfigFile[]): ModuleConfig {
  const m: ModuleConfig = { dir, files, variables: new Map(), locals: new Map(), resources: [], data: [], modules: new Map(), outputs: new Map(), providers: new Map() };
  const seenResources = new Map<string, Span>();
  for (const file of files) {
    for (const block of file.body.blocks) {
      const [first, second] = block.labels;
      switch (block.type) {
        case "variable":
          if (first === undefined) break;
          if (m.variables.has(first)) duplicate("variable", first, block.span, m.variables.get(first)!.block.span);
          m.variables.set(first, { block, ...opt("default", attribute(block.body, "default")), ...opt("type", attribute(block.body, "type")) });
          break;
        case "locals":
          for (const a of block.body.attributes) {
            if (m.locals.has(a.name)) duplicate("local value", a.name, a.span, m.locals.get(a.name)!.span);
            m.locals.set(a.name, a);
          }
          break;
        case "resource":
        case "data": {
          if (first === undefined || second === undefined) break;
          const mode = block.type === "resource" ? "managed" : "data";
          const key = `${mode === "data" ? "data." : ""}${first}.${second}`;
          if (seenResources.has(key)) duplicate(block.type, `${first}.${second}`, block.span, seenResources.get(key)!);
          seenResources.set(key, block.span);
          const providerExpr = attribute(block.body, "provider")?.expr;
          // .tf.json writes the reference as a string ("aws.west").
          const provider = providerExpr ? (providerRef(providerExpr) ?? textOf(providerExpr)) : undefined;
          const r: ResourceConfig = {
            mode,
            type: first,
            name: second,
            block,
            ...opt("count", attribute(block.body, "count")),
            ...opt("forEach", attribute(block.body, "for_each")),
            ...(provider !== undefined ? { provider } : {}),
          };
          (mode === "managed" ? m.resources : m.data).push(r);
          break;
        }
        case "module": {
          if (first === undefined) break;
          if (m.modules.has(first)) duplicate("module", first, block.span, m.modules.get(first)!.block.span);
          const source = literalString(attribute(block.body, "source"));
          const version = literalString(attribute(block.body, "version"));
          m.modules.set(first, {
            name: first,
            block,
            ...(source !== undefined ? { source } : {}),
            ...(version !== undefined ? { version } : {}),
            ...opt("count", attribute(block.body, "count")),
            ...opt("forEach", attribute(block.body, "for_each")),
            inputs: block.body.attributes.filter((a) => !META_ARGUMENTS.has(a.name)),
          });
          break;
        }
        case "output":
          if (first === undefined) break;
          if (m.outputs.has(first)) duplicate("output", first, block.span, m.outputs.get(first)!.block.span);
          m.outputs.set(first, { block, ...opt("value", attribute(block.body, "value")) });
          break;
        case "provider": {
          if (first === undefined) break;
          const alias = literalString(attribute(block.body, "alias"));
          const key = alias !== undefined ? `${first}.${alias}` : first;
          m.providers.set(key, { block, ...opt("region", attribute(block.body, "region")) });
          break;
        }
      }
    }
  }
  return m;
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value !== undefined ? { [key]: value } : {}) as { [P in K]?: V };
}
