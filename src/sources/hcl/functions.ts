// Terraform's built-in functions over evaluated values (value.ts), as the evaluator calls them:
// callFunction(name, args, at). The functions are in families under functions/; this module is
// the table, the argument count check, and the Unknown rule: an argument that is (or contains)
// an Unknown makes the call that Unknown (its first cause), except where Terraform's result does
// not depend on it (a function's spec says so, functions/spec.ts). A call Terraform would reject
// is an Unknown "invalid"; one this evaluator does not decide is an Unknown "undecided". `try`
// and `can` are the evaluator's (they need the unevaluated arguments).
import type { Span } from "./ast.js";
import { collectionFunctions } from "./functions/collections.js";
import { conversionFunctions } from "./functions/conversions.js";
import { encodingFunctions } from "./functions/encoding.js";
import { formatFunctions } from "./functions/format.js";
import { FunctionError } from "./functions/args.js";
import { numberFunctions } from "./functions/numbers.js";
import type { FunctionSpec, FunctionSpecs } from "./functions/spec.js";
import { stringFunctions } from "./functions/strings.js";
import { firstUnknown, Unknown, type Value } from "./value.js";

const FUNCTIONS: FunctionSpecs = {
  ...collectionFunctions,
  ...conversionFunctions,
  ...encodingFunctions,
  ...formatFunctions,
  ...numberFunctions,
  ...stringFunctions,
};

/** Functions that read files next to the configuration: not evaluated (yet). */
const READS_FILES = new Set(["file", "filebase64", "fileexists", "fileset", "filemd5", "filesha1", "filesha256", "filesha512", "filebase64sha256", "filebase64sha512", "templatefile"]);
/** Functions whose result changes on every run, so that only the apply knows it. */
const EVERY_RUN = new Set(["uuid", "timestamp", "bcrypt"]);

/** The names callFunction evaluates (for tests and documentation). */
export const evaluatedFunctions: readonly string[] = Object.keys(FUNCTIONS).sort();

/**
 * The value of a call of Terraform's built-in function `name` (optionally written `core::name`)
 * on evaluated arguments; `at` is the call's span, for the Unknowns the call itself causes.
 * Never throws for bad arguments: they give an Unknown "invalid" saying what is wrong.
 */
export function callFunction(name: string, args: Value[], at: Span): Value {
  const bare = name.startsWith("core::") ? name.slice("core::".length) : name;
  if (READS_FILES.has(bare)) return new Unknown("undecided", `${bare}(): reads files: not evaluated`, at);
  if (EVERY_RUN.has(bare)) return new Unknown("after-apply", `${bare}() changes on every run: known only after apply`, at);
  const spec = Object.hasOwn(FUNCTIONS, bare) ? FUNCTIONS[bare] : undefined;
  if (!spec) return new Unknown("undecided", `function ${name}() is not evaluated by cloudtrail-lint`, at);
  const arityError = checkArity(spec, args.length);
  if (arityError) return new Unknown("invalid", `${bare}(): ${arityError}`, at);
  const unknown = blockingUnknown(spec, args);
  if (unknown) return unknown;
  try {
    return spec.impl(args);
  } catch (error) {
    if (error instanceof FunctionError) return new Unknown(error.reason, `${bare}(): ${error.message}`, at);
    throw error;
  }
}

function checkArity(spec: FunctionSpec, count: number): string | undefined {
  const [min, max] = typeof spec.arity === "number" ? [spec.arity, spec.arity] : spec.arity;
  const plural = (n: number) => `${n} argument${n === 1 ? "" : "s"}`;
  if (count >= min && count <= max) return undefined;
  if (min === max) return `takes ${plural(min)}, got ${count}`;
  if (count < min) return `takes at least ${plural(min)}, got ${count}`;
  return `takes at most ${plural(max)}, got ${count}`;
}

/** The Unknown that decides the call before its implementation runs, by the spec's `unknowns`. */
function blockingUnknown(spec: FunctionSpec, args: Value[]): Unknown | undefined {
  if (spec.unknowns === "all") return undefined;
  if (spec.unknowns === "nested") return args.find((a): a is Unknown => a instanceof Unknown);
  for (const arg of args) {
    const unknown = firstUnknown(arg);
    if (unknown) return unknown;
  }
  return undefined;
}
