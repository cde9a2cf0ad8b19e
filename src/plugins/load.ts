// Loads plugins: users' own check modules, named in the config (`plugins:`) or with `--plugin`.
//
// A plugin is an ES module (or CommonJS) whose default export is `{ meta?: { name, version },
// checks: [...] }` (src/plugins/plugin.ts). A path (`./x`, `../x`, `/x`) is relative to the config
// file that names it, or to the current directory for --plugin; anything else is a package name,
// looked up in node_modules from the current directory upwards, as ESLint does. Each check is held
// to the metadata rules of the built-in ones (src/plugins/validate.ts) and its id namespaced as
// `<plugin>/<id>`. Anything wrong is an InputError (exit 2) naming the plugin and the problem.
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { AnyCheck } from "../engine/check.js";
import { InputError } from "../util/errors.js";
import { KEBAB_CASE, checkProblems } from "./validate.js";

export interface PluginSpec {
  /** As the user wrote it: a package name or a path. */
  spec: string;
  /** Where a relative path starts: the directory of the config file, or the current directory. */
  base: string;
  /** Where it was given, for messages: "--plugin", or the config file with line and column. */
  from: string;
}

export interface LoadedPlugin {
  name: string;
  version?: string;
  spec: PluginSpec;
  /** The module file that was imported. */
  file: string;
  /** Namespaced, in the plugin's order. */
  checks: AnyCheck[];
}

/** The namespace reserved for the built-in checks. */
export const RESERVED_PLUGIN_NAME = "cloudtrail-lint";

const PACKAGE_PREFIX = "cloudtrail-lint-plugin";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isPathSpec(spec: string): boolean {
  return /^\.{1,2}([\\/]|$)/.test(spec) || isAbsolute(spec);
}

/**
 * The namespace a package gives its checks when its plugin sets no meta.name:
 * `cloudtrail-lint-plugin-acme` → `acme`, `@acme/cloudtrail-lint-plugin` → `acme`,
 * `@acme/cloudtrail-lint-plugin-iam` → `iam`, anything else its name without the scope.
 */
export function nameFromPackage(packageName: string): string {
  const match = /^(?:@([^/]+)\/)?(.+)$/.exec(packageName)!;
  const scope = match[1];
  const base = match[2]!;
  if (base === PACKAGE_PREFIX && scope !== undefined) return scope;
  if (base.startsWith(`${PACKAGE_PREFIX}-`)) return base.slice(PACKAGE_PREFIX.length + 1);
  return base;
}

/** The file a package.json's `exports` (or `main`) gives for an import of `subpath` ("." or "./x"). */
function packageEntry(dir: string, pkg: Record<string, unknown>, subpath: string): string | undefined {
  const exportsField = pkg.exports;
  if (exportsField !== undefined && exportsField !== null) {
    const isSubpathMap = isRecord(exportsField) && Object.keys(exportsField).some((key) => key.startsWith("."));
    const target = isSubpathMap ? exportsField[subpath] : subpath === "." ? exportsField : undefined;
    const file = conditionTarget(target);
    return file === undefined ? undefined : join(dir, file);
  }
  if (subpath !== ".") return join(dir, subpath);
  const main = typeof pkg.main === "string" && pkg.main !== "" ? pkg.main : "index.js";
  return [main, `${main}.js`, join(main, "index.js")].map((m) => join(dir, m)).find((file) => isFile(file));
}

/** An exports target for `import` under Node: conditions import, node, default, first match in order. */
function conditionTarget(target: unknown): string | undefined {
  if (typeof target === "string") return target;
  if (Array.isArray(target)) {
    for (const item of target) {
      const found = conditionTarget(item);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isRecord(target)) return undefined;
  for (const [condition, value] of Object.entries(target)) {
    if (condition !== "import" && condition !== "node" && condition !== "default") continue;
    const found = conditionTarget(value);
    if (found !== undefined) return found;
  }
  return undefined;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function readPackageJson(file: string, fail: (why: string) => InputError): Record<string, unknown> {
  try {
    const pkg: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (!isRecord(pkg)) throw new Error("not a JSON object");
    return pkg;
  } catch (error) {
    throw fail(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The module file a spec names, and the plugin name it gives when the plugin sets none. */
export function resolvePluginSpec(spec: PluginSpec, cwd: string, fail: (why: string) => InputError): { file: string; defaultName: string } {
  if (isPathSpec(spec.spec)) {
    const path = resolve(spec.base, spec.spec);
    let directory: boolean;
    try {
      directory = statSync(path).isDirectory();
    } catch {
      throw fail(`no such file or directory: ${path}`);
    }
    if (!directory) {
      const name = basename(path, extname(path));
      return { file: path, defaultName: name === "index" ? basename(dirname(path)) : name };
    }
    const manifest = join(path, "package.json");
    if (existsSync(manifest)) {
      const pkg = readPackageJson(manifest, fail);
      const file = packageEntry(path, pkg, ".");
      if (file === undefined || !isFile(file)) throw fail(`${manifest} names no module to import (exports or main)`);
      return { file, defaultName: typeof pkg.name === "string" ? nameFromPackage(pkg.name) : basename(path) };
    }
    const index = ["index.js", "index.mjs"].map((name) => join(path, name)).find((file) => isFile(file));
    if (index === undefined) throw fail(`${path} is a directory without package.json or index.js`);
    return { file: index, defaultName: basename(path) };
  }

  const match = /^((?:@[^/@]+\/)?[^/@.][^/@]*)(\/.+)?$/.exec(spec.spec);
  if (!match) throw fail(`not a package name or a path (a path starts with ./, ../ or /)`);
  const packageName = match[1]!;
  const subpath = match[2] !== undefined ? `.${match[2]}` : ".";
  for (let dir = cwd; ; dir = dirname(dir)) {
    const packageDir = join(dir, "node_modules", packageName);
    const manifest = join(packageDir, "package.json");
    if (existsSync(manifest)) {
      const pkg = readPackageJson(manifest, fail);
      const file = packageEntry(packageDir, pkg, subpath);
      if (file === undefined || !isFile(file)) throw fail(`package ${packageName} (${packageDir}) exports no module for "${subpath}"`);
      return { file, defaultName: nameFromPackage(typeof pkg.name === "string" ? pkg.name : packageName) };
    }
    if (dirname(dir) === dir) break;
  }
  throw fail(`cannot find package "${packageName}" in node_modules of ${cwd} or a parent directory (install it, or give a path: ./${spec.spec})`);
}

function show(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "function") return "a function";
  try {
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  } catch {
    return String(value);
  }
}

function display(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel.split(sep).join("/") : file;
}

const SHAPE = "export default { meta: { name }, checks: [...] }";

/** Imports one plugin and checks its shape and its checks; `taken` holds the ids already in use. */
async function loadPlugin(spec: PluginSpec, cwd: string, builtinIds: ReadonlySet<string>): Promise<LoadedPlugin> {
  const fail = (why: string) => new InputError(`plugin ${spec.spec} (${spec.from}): ${why}`);
  const { file, defaultName } = resolvePluginSpec(spec, cwd, fail);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw fail(`cannot be loaded from ${display(file, cwd)}: ${reason}`);
  }

  const plugin = module.default;
  if (plugin === undefined) {
    const named = Object.keys(module).filter((key) => key !== "default");
    throw fail(`has no default export (it exports ${named.length > 0 ? named.join(", ") : "nothing"}); a plugin exports one object: ${SHAPE}`);
  }
  if (!isRecord(plugin)) throw fail(`its default export must be an object: ${SHAPE} (got ${show(plugin)})`);
  for (const key of Object.keys(plugin)) {
    if (key !== "meta" && key !== "checks") throw fail(`its default export has unknown property "${key}" (a plugin exports ${SHAPE})`);
  }
  const meta = plugin.meta ?? {};
  if (!isRecord(meta)) throw fail(`meta must be an object { name?, version? } (got ${show(plugin.meta)})`);
  for (const key of Object.keys(meta)) {
    if (key !== "name" && key !== "version") throw fail(`meta has unknown property "${key}" (expected name, version)`);
  }
  if (meta.version !== undefined && typeof meta.version !== "string") throw fail(`meta.version must be a string (got ${show(meta.version)})`);
  const name = meta.name ?? defaultName;
  if (typeof name !== "string" || !KEBAB_CASE.test(name)) {
    throw fail(
      meta.name !== undefined
        ? `meta.name must be kebab-case, like "acme" (got ${show(meta.name)})`
        : `its name would be "${defaultName}" (from the ${isPathSpec(spec.spec) ? "file or package" : "package"} name), which is not kebab-case; set meta.name`,
    );
  }
  if (name === RESERVED_PLUGIN_NAME) throw fail(`the name "${name}" is reserved for the built-in checks; set another meta.name`);
  if (builtinIds.has(name)) throw fail(`its name "${name}" is the id of a built-in check; set another meta.name`);

  const checks = plugin.checks;
  if (!Array.isArray(checks) || checks.length === 0) throw fail(`checks must be a non-empty list of check modules (got ${show(checks)})`);
  const seen = new Set<string>();
  const namespaced = checks.map((check: unknown, i): AnyCheck => {
    const id = isRecord(check) && isRecord(check.meta) && typeof check.meta.id === "string" ? check.meta.id : undefined;
    const label = `check ${id !== undefined ? `"${id}" ` : ""}(checks[${i}])`;
    if (id !== undefined && id.startsWith(`${name}/`)) {
      throw fail(`${label}: meta.id must not include the plugin name: write "${id.slice(name.length + 1)}", it is namespaced as "${id}"`);
    }
    const problems = checkProblems(check);
    if (problems.length > 0) throw fail(`${label} has invalid metadata:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    if (seen.has(id!)) throw fail(`${label}: another of its checks has the id "${id}"`);
    seen.add(id!);
    const module = check as AnyCheck;
    return {
      meta: { ...module.meta, id: `${name}/${id}` },
      // Called as a method, so that a check written as a class instance keeps its `this`.
      run: (snapshot, params) => module.run(snapshot, params),
      plugin: { name, ...(typeof meta.version === "string" ? { version: meta.version } : {}) },
    };
  });
  return { name, ...(typeof meta.version === "string" ? { version: meta.version } : {}), spec, file, checks: namespaced };
}

/**
 * Loads the plugins in order. The same module named twice (in the config and with --plugin) loads
 * once; two plugins with one name, or a name a built-in check has, are an error.
 */
export async function loadPlugins(specs: readonly PluginSpec[], builtins: readonly AnyCheck[], cwd: string): Promise<LoadedPlugin[]> {
  const builtinIds = new Set(builtins.map((check) => check.meta.id));
  const loaded: LoadedPlugin[] = [];
  const files = new Set<string>();
  for (const spec of specs) {
    const plugin = await loadPlugin(spec, cwd, builtinIds);
    const real = realpathSync(plugin.file);
    if (files.has(real)) continue;
    files.add(real);
    const other = loaded.find((p) => p.name === plugin.name);
    if (other) {
      throw new InputError(
        `plugin ${spec.spec} (${spec.from}): its name "${plugin.name}" is taken by plugin ${other.spec.spec} (${other.spec.from}); set another meta.name in one of them`,
      );
    }
    loaded.push(plugin);
  }
  return loaded;
}
