// The Action's inputs, read from the environment the way the runner passes them (INPUT_<NAME>:
// upper-case, spaces as "_", dashes kept) and checked before anything runs: a bad input ends the
// step with one message and no outputs.
import { FAIL_ON } from "../cli/lint.js";
import type { FailOn } from "../config/load.js";
import { reporterNames } from "../reporters/index.js";
import { InputError } from "../util/errors.js";

export const MODES = ["lint", "iac", "scan"] as const;
export type Mode = (typeof MODES)[number];

/** Formats the Action always writes, whatever `formats` says: it reads them itself. */
export const REQUIRED_FORMATS = ["json", "markdown"] as const;

/** The defaults of action.yml (a test keeps the two equal); an unset input means its default. */
export const INPUT_DEFAULTS = {
  mode: "lint",
  paths: "",
  config: "",
  plugins: "",
  "role-name": "",
  regions: "",
  accounts: "",
  "fail-on": "low",
  "fail-on-error": "false",
  formats: "sarif,json,junit,markdown",
  "output-dir": "cloudtrail-lint-results",
  category: "",
  "working-directory": ".",
  "var-files": "",
  vars: "",
  baseline: "",
  "fail-on-new-only": "false",
} as const;

export type InputName = keyof typeof INPUT_DEFAULTS;

export interface ActionInputs {
  mode: Mode;
  /** Files or globs, one per entry (lint and iac). */
  paths: string[];
  config?: string;
  /** Plugin packages or paths (relative to working-directory), one per entry: each passed as --plugin. */
  plugins: string[];
  roleName?: string;
  regions: string[];
  accounts: string[];
  failOn: FailOn;
  failOnError: boolean;
  /** Reporter names, deduplicated, in the order given, with json and markdown added when missing. */
  formats: string[];
  outputDir: string;
  category?: string;
  workingDirectory: string;
  /** Terraform configuration (mode iac): variables files, each passed as --var-file, relative to working-directory. */
  varFiles: string[];
  /** Terraform configuration (mode iac): NAME=VALUE, each passed as --var. */
  vars: string[];
  /** An earlier JSON report (relative to working-directory), passed as --baseline. */
  baseline?: string;
  /** The step fails only on findings new since the baseline (fail-on and fail-on-error count those only). */
  failOnNewOnly: boolean;
}

/** The environment variable the runner sets for an input. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
}

/** An input's value, trimmed; unset or blank means the default. */
export function getInput(env: Readonly<Record<string, string | undefined>>, name: InputName): string {
  const value = env[inputVariable(name)]?.trim() ?? "";
  return value === "" ? INPUT_DEFAULTS[name] : value;
}

/** Entries separated by newlines or commas; blank entries and `#` comment lines are dropped. */
export function splitList(value: string): string[] {
  return value
    .split(/\r?\n/)
    .filter((line) => !line.trim().startsWith("#"))
    .flatMap((line) => line.split(","))
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new InputError(`input ${name}: "${value}" is not one of ${allowed.join(", ")}`);
}

// The YAML 1.2 core-schema booleans, as @actions/core's getBooleanInput accepts them.
const TRUE = ["true", "True", "TRUE"];
const FALSE = ["false", "False", "FALSE"];

function bool(name: string, value: string): boolean {
  if (TRUE.includes(value)) return true;
  if (FALSE.includes(value)) return false;
  throw new InputError(`input ${name}: "${value}" is not a boolean (use true or false)`);
}

function optional(value: string): string | undefined {
  return value === "" ? undefined : value;
}

/** Reads and checks every input; throws InputError naming the input on the first problem. */
export function readInputs(env: Readonly<Record<string, string | undefined>>): ActionInputs {
  const get = (name: InputName) => getInput(env, name);
  const mode = oneOf("mode", get("mode"), MODES);
  const failOn = oneOf("fail-on", get("fail-on"), FAIL_ON);
  const failOnError = bool("fail-on-error", get("fail-on-error"));

  const paths = splitList(get("paths"));
  if (mode === "scan" && paths.length > 0) {
    throw new InputError(`input paths: mode scan reads AWS, not files; remove paths or use mode lint (snapshots) or iac (templates and plans)`);
  }
  if (mode !== "scan" && paths.length === 0) {
    throw new InputError(`input paths: mode ${mode} needs at least one file or glob (newline- or comma-separated)`);
  }
  const roleName = optional(get("role-name"));
  const regions = splitList(get("regions"));
  const accounts = splitList(get("accounts"));
  if (mode !== "scan") {
    const scanOnly = [roleName !== undefined && "role-name", regions.length > 0 && "regions", accounts.length > 0 && "accounts"].filter(
      (name): name is string => typeof name === "string",
    );
    if (scanOnly.length > 0) {
      throw new InputError(`input ${scanOnly.join(", ")}: only used in mode scan (mode is ${mode})`);
    }
  }

  const varFiles = splitList(get("var-files"));
  // One per line: a value may hold commas (a list written in HCL).
  const vars = get("vars")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  if (mode !== "iac" && (varFiles.length > 0 || vars.length > 0)) {
    throw new InputError(`input ${[varFiles.length > 0 && "var-files", vars.length > 0 && "vars"].filter(Boolean).join(", ")}: only used in mode iac, for Terraform configuration (mode is ${mode})`);
  }
  for (const v of vars) if (v.indexOf("=") <= 0) throw new InputError(`input vars: "${v}" is not NAME=VALUE`);

  const available = reporterNames();
  const formats: string[] = [];
  for (const name of [...splitList(get("formats")), ...REQUIRED_FORMATS]) {
    if (!available.includes(name)) throw new InputError(`input formats: unknown format "${name}" (available: ${available.join(", ")})`);
    if (!formats.includes(name)) formats.push(name);
  }

  const config = optional(get("config"));
  const category = optional(get("category"));
  const baseline = optional(get("baseline"));
  const failOnNewOnly = bool("fail-on-new-only", get("fail-on-new-only"));
  if (failOnNewOnly && baseline === undefined) {
    throw new InputError("input fail-on-new-only: needs baseline (the path of an earlier run's JSON report, e.g. downloaded with actions/download-artifact)");
  }
  return {
    mode,
    paths,
    ...(config !== undefined ? { config } : {}),
    plugins: splitList(get("plugins")),
    ...(roleName !== undefined ? { roleName } : {}),
    regions,
    accounts,
    failOn,
    failOnError,
    formats,
    outputDir: get("output-dir"),
    ...(category !== undefined ? { category } : {}),
    varFiles,
    vars,
    workingDirectory: get("working-directory"),
    ...(baseline !== undefined ? { baseline } : {}),
    failOnNewOnly,
  };
}
