// The root module's input variable values, from where Terraform takes them, later ones winning
// (https://developer.hashicorp.com/terraform/language/values/variables#variable-definition-precedence):
// TF_VAR_<name> environment variables, terraform.tfvars, terraform.tfvars.json, *.auto.tfvars and
// *.auto.tfvars.json in name order, then --var-file files and --var flags in the order given
// (cloudtrail-lint takes all --var-file files before all --var flags).
//
// A variables file is evaluated as constants (functions allowed, a reference is bad input). A value
// given as text (--var, TF_VAR_) is a string for a variable of type string (or no type), else it is
// read as an HCL expression, as Terraform does. Bad syntax is bad input naming the file or the flag.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { InputError } from "../../util/errors.js";
import type { Attribute, Expr, Span } from "./ast.js";
import { evaluate, type FunctionTable } from "./eval.js";
import { parseJsonVariables } from "./json-syntax.js";
import type { ModuleConfig } from "./module.js";
import { parseHclExpression, parseHclFile } from "./parse.js";
import type { Scope } from "./scope.js";
import type { Value } from "./value.js";

export interface VariableInputs {
  /** `--var name=value`, in order. */
  vars?: readonly string[];
  /** `--var-file`, in order (paths relative to cwd). */
  varFiles?: readonly string[];
  /** The environment (TF_VAR_*). */
  env?: Readonly<Record<string, string | undefined>>;
  cwd: string;
  display: (absolute: string) => string;
}

/**
 * Constants only: a value in a variables file or given as text refers to nothing (Terraform:
 * "Variables not allowed"); a reference is bad input naming it.
 */
function constants(where: (at: Span) => string, file?: string): Scope {
  return {
    reference: (names, at) => {
      throw new InputError(`${where(at)}: ${names.join(".")}: a variable's value is a constant, it cannot refer to anything`, file);
    },
  };
}

async function fileAttributes(absolute: string, display: (absolute: string) => string): Promise<Attribute[]> {
  const shown = display(absolute);
  let text: string;
  try {
    text = readFileSync(absolute, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`${shown}: cannot read: ${code === "ENOENT" ? "no such file" : (error as Error).message}`, shown);
  }
  if (/\.json$/i.test(absolute)) return parseJsonVariables(text, shown);
  const parsed = await parseHclFile(text, shown);
  const block = parsed.body.blocks[0];
  if (block) throw new InputError(`${shown}:${block.span.line}:${block.span.column}: a variables file holds only name = value lines, not blocks`, shown);
  return parsed.body.attributes;
}

/** Whether a text value is read as an expression: the variable declares a type other than string. */
function typedAsExpression(module: ModuleConfig, name: string): boolean {
  const type = module.variables.get(name)?.type?.expr;
  if (!type) return false;
  return !(type.kind === "variable" && type.name === "string");
}

/** The root variables' values, by name. */
export async function rootVariables(module: ModuleConfig, inputs: VariableInputs, fns?: FunctionTable): Promise<Map<string, Value>> {
  const values = new Map<string, Value>();
  const fromText = async (name: string, text: string, origin: string) => {
    if (!typedAsExpression(module, name)) {
      values.set(name, text);
      return;
    }
    let expr: Expr;
    try {
      expr = await parseHclExpression(text, origin);
    } catch {
      throw new InputError(`${origin}: the value of ${name} is not a valid HCL expression for its type`, origin);
    }
    values.set(name, evaluate(expr, constants(() => origin), fns));
  };
  const fromFile = async (absolute: string) => {
    const shown = inputs.display(absolute);
    const scope = constants((at) => `${at.file}:${at.line}:${at.column}`, shown);
    for (const a of await fileAttributes(absolute, inputs.display)) values.set(a.name, evaluate(a.expr, scope, fns));
  };

  for (const [key, text] of Object.entries(inputs.env ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!key.startsWith("TF_VAR_") || text === undefined) continue;
    const name = key.slice("TF_VAR_".length);
    if (module.variables.has(name)) await fromText(name, text, `environment variable ${key}`);
  }
  for (const name of ["terraform.tfvars", "terraform.tfvars.json"]) {
    const file = join(module.dir, name);
    if (existsSync(file)) await fromFile(file);
  }
  const auto = readdirSync(module.dir)
    .filter((n) => /\.auto\.tfvars(\.json)?$/.test(n))
    .sort();
  for (const name of auto) await fromFile(join(module.dir, name));
  for (const file of inputs.varFiles ?? []) await fromFile(resolve(inputs.cwd, file));
  for (const pair of inputs.vars ?? []) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new InputError(`--var ${pair}: expected NAME=VALUE`);
    const name = pair.slice(0, eq);
    if (!module.variables.has(name)) throw new InputError(`--var ${pair}: the root module declares no variable "${name}"`);
    await fromText(name, pair.slice(eq + 1), `--var ${name}`);
  }
  return values;
}
