// The configuration file: found from the working directory up to the repository root
// (src/config/discover.ts) or named with --config, parsed as YAML
// or JSON, validated against schemas/config.schema.json, then against the installed checks
// (known ids, each check's params schema). Every error names the file, the line and the JSON path.
// The two steps are apart because the file names plugins, whose checks the second step must know.
import { existsSync, readFileSync } from "node:fs";
import { dirname, extname, join, resolve } from "node:path";
import type { AnyCheck, Severity } from "../engine/check.js";
import { resolveParams, type CheckSetting } from "../engine/run.js";
import type { PluginSpec } from "../plugins/load.js";
import { InputError, isInputError } from "../util/errors.js";
import { assertValid } from "../util/schemas.js";
import { describeAt, parseJsonInput, parseYamlInput, type LocatedDocument } from "./document.js";

export type FailOn = Severity | "none";

export interface CheckConfig {
  enabled?: boolean;
  severity?: Severity;
  params?: Record<string, unknown>;
}

export interface Suppression {
  check: string;
  account?: string;
  resource?: string;
  reason: string;
  /** YYYY-MM-DD; applies up to and including that day (UTC). */
  expires: string;
}

export interface Config {
  checks?: Record<string, CheckConfig>;
  suppressions?: Suppression[];
  failOn?: FailOn;
  /** Plugin packages, or paths relative to the config file (src/plugins/load.ts). */
  plugins?: string[];
}

/** A config file read and checked against the schema, not yet against the installed checks. */
export interface ConfigFile {
  /** The file as the user sees it. */
  file: string;
  /** Where it is on disk: relative plugin paths start from its directory. */
  path: string;
  doc: LocatedDocument;
  config: Config;
}

export interface ResolvedConfig {
  /** The file as the user sees it; absent when no config file was used. */
  file?: string;
  /** A setting for every installed check (defaults where the file says nothing). */
  settings: Map<string, CheckSetting>;
  suppressions: Suppression[];
  failOn?: FailOn;
}

/** Looked for in each directory searched, in this order; more than one in a directory is an error. */
export const CONFIG_FILE_NAMES = [".cloudtrail-lint.yml", ".cloudtrail-lint.yaml", ".cloudtrail-lint.json"] as const;

/** The config file in `dir`, if any. Two or more candidates are ambiguous: InputError. */
export function findConfigFile(dir: string): string | undefined {
  const found = CONFIG_FILE_NAMES.filter((name) => existsSync(join(dir, name)));
  if (found.length > 1) {
    throw new InputError(`found ${found.join(" and ")}: keep one configuration file, or choose one with --config`, found[0]);
  }
  return found[0] === undefined ? undefined : join(dir, found[0]);
}

/** Settings when there is no config file. */
export function defaultConfig(checks: readonly AnyCheck[]): ResolvedConfig {
  return { settings: new Map(checks.map((check) => [check.meta.id, settingFor(check, undefined, "")])), suppressions: [] };
}

/**
 * Reads and validates a config file. `path` is where to read it, `file` how to name it in
 * messages. Throws InputError for anything wrong with it.
 */
export function loadConfigFile(path: string, file: string, checks: readonly AnyCheck[]): ResolvedConfig {
  return resolveConfig(readConfigFile(path, file), checks);
}

/** Reads, parses and schema-checks a config file; throws InputError for anything wrong with it. */
export function readConfigFile(path: string, file: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      code === "ENOENT" ? `${file}: config file not found` : `${file}: cannot read config file: ${(error as Error).message}`,
      file,
    );
  }
  return parseConfigText(text, file, extname(path).toLowerCase() === ".json" ? "json" : "yaml", path);
}

export function parseConfig(text: string, file: string, checks: readonly AnyCheck[], syntax: "json" | "yaml"): ResolvedConfig {
  return resolveConfig(parseConfigText(text, file, syntax), checks);
}

/** Parses config text and checks it against config.schema.json. */
export function parseConfigText(text: string, file: string, syntax: "json" | "yaml", path: string = resolve(file)): ConfigFile {
  const doc = syntax === "json" ? parseJsonInput(text, file) : parseYamlInput(text, file);
  // An empty YAML file is an empty configuration.
  const data = doc.value === null && syntax === "yaml" ? {} : doc.value;
  let config: Config;
  try {
    config = assertValid<Config>("config.schema.json", data, file);
  } catch (error) {
    throw locateError(error, doc, file);
  }
  return { file, path, doc, config };
}

/** The plugins a config file names, each relative to the file's directory. */
export function configPlugins(source: ConfigFile): PluginSpec[] {
  return (source.config.plugins ?? []).map((spec, i) => ({
    spec,
    base: dirname(source.path),
    from: describeAt(source.doc, source.file, `/plugins/${i}`),
  }));
}

/** Checks a config against the installed checks (ids, params) and settles a setting for each check. */
export function resolveConfig(source: ConfigFile, checks: readonly AnyCheck[]): ResolvedConfig {
  const { file, doc, config } = source;
  const known = new Map(checks.map((check) => [check.meta.id, check]));
  const unknown = (id: string, pointer: string) =>
    new InputError(`${describeAt(doc, file, pointer)}: ${pointer}: unknown check id "${id}"${unknownIdHint(id, [...known.keys()])}`, file, pointer);

  for (const id of Object.keys(config.checks ?? {})) {
    if (!known.has(id)) throw unknown(id, `/checks/${escapePointer(id)}`);
  }
  (config.suppressions ?? []).forEach((s, i) => {
    if (!known.has(s.check)) throw unknown(s.check, `/suppressions/${i}/check`);
  });

  const settings = new Map<string, CheckSetting>();
  for (const check of checks) {
    const pointer = `/checks/${escapePointer(check.meta.id)}/params`;
    settings.set(check.meta.id, settingFor(check, config.checks?.[check.meta.id], `${describeAt(doc, file, pointer)}: ${pointer}`));
  }
  return {
    file,
    settings,
    suppressions: config.suppressions ?? [],
    ...(config.failOn !== undefined ? { failOn: config.failOn } : {}),
  };
}

function settingFor(check: AnyCheck, config: CheckConfig | undefined, where: string): CheckSetting {
  return {
    enabled: config?.enabled ?? true,
    severity: config?.severity ?? check.meta.severity,
    params: resolveParams(check, config?.params ?? {}, where || `params of ${check.meta.id}`),
  };
}

/** Adds `:line:col` to an InputError from schema validation when its path can be located. */
export function locateError(error: unknown, doc: LocatedDocument, file: string): unknown {
  if (!isInputError(error) || error.path === undefined) return error;
  const at = describeAt(doc, file, error.path === "/" ? "" : error.path);
  if (at === file || !error.message.startsWith(`${file}:`)) return error;
  return new InputError(`${at}:${error.message.slice(file.length + 1)}`, error.file, error.path);
}

export function escapePointer(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * What to say after `unknown check id "<id>"`: for `<plugin>/<id>` whose plugin is not loaded,
 * that; otherwise a close known id, or the list (suggest).
 */
export function unknownIdHint(id: string, known: readonly string[]): string {
  const slash = id.indexOf("/");
  if (slash > 0) {
    const plugin = id.slice(0, slash);
    if (!known.some((k) => k.startsWith(`${plugin}/`))) {
      return ` (no plugin named "${plugin}" is loaded: name it under plugins: in the config or with --plugin)`;
    }
  }
  return suggest(id, known);
}

/** ` (did you mean "x"?)` for a close known id, and the list of known ids otherwise. */
export function suggest(id: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = distance(id, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best !== undefined && bestDistance <= Math.max(2, Math.floor(id.length / 4))) return ` (did you mean "${best}"?)`;
  return known.length > 0 ? ` (known checks: ${[...known].sort().join(", ")})` : "";
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
