// The functions of one configuration: Terraform's built-ins (functions.ts), with what depends on
// the configuration itself: `file()` and `fileexists()` read from the root module's directory (where
// Terraform resolves relative paths; `"${path.module}/policy.json"` is relative to it too), and
// `jsonencode` of a value with open parts keeps the JSON's structure for policies judged with holes
// (holes.ts); `templatefile(path, vars)` renders a template file of the root module's directory
// with the given variables only, as Terraform does.
import { existsSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { evaluate, type FunctionTable } from "./eval.js";
import { callFunction } from "./functions.js";
import { renderWithHoles } from "./holes.js";
import { parseTemplateFile } from "./parse.js";
import type { Scope } from "./scope.js";
import { firstUnknown, isObjectValue, Unknown, type Value } from "./value.js";

/** Files larger than this are not read into a value (Terraform has no such limit; a policy is far smaller). */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

export function configurationFunctions(rootDir: string, display: (absolute: string) => string = (a) => a): FunctionTable {
  const fns: FunctionTable = (name, args, at) => {
    const bare = name.startsWith("core::") ? name.slice("core::".length) : name;
    if ((bare === "file" || bare === "fileexists") && args.length === 1) {
      const [path] = args;
      if (path instanceof Unknown) return path;
      if (typeof path !== "string") return new Unknown("invalid", `${bare}(): the path must be a string`, at);
      const absolute = resolve(rootDir, path);
      if (bare === "fileexists") return existsSync(absolute) && statSync(absolute).isFile();
      try {
        if (statSync(absolute).size > MAX_FILE_BYTES) return new Unknown("undecided", `file(${JSON.stringify(path)}) is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB: not read`, at);
        return readFileSync(absolute, "utf8");
      } catch {
        return new Unknown("invalid", `file(${JSON.stringify(path)}): no such file (relative to the root module directory)`, at);
      }
    }
    if (bare === "templatefile" && args.length === 2) return templateFile(args[0]!, args[1]!, at);
    if (bare === "jsonencode" && args.length === 1 && firstUnknown(args[0]) !== undefined) {
      return renderWithHoles(args[0]!, (marked) => callFunction(name, [marked], at), () => callFunction(name, args, at));
    }
    return callFunction(name, args, at);
  };

  /** templatefile(): the file's template evaluated with `vars` as its only references. */
  function templateFile(path: Value, vars: Value, at: Parameters<FunctionTable>[2]): Value {
    if (path instanceof Unknown) return path;
    if (typeof path !== "string") return new Unknown("invalid", "templatefile(): the path must be a string", at);
    if (vars instanceof Unknown) return vars;
    if (!isObjectValue(vars)) return new Unknown("invalid", "templatefile(): the variables must be an object", at);
    const absolute = resolve(rootDir, path);
    let text: string;
    try {
      if (statSync(absolute).size > MAX_FILE_BYTES) return new Unknown("undecided", `templatefile(${JSON.stringify(path)}) is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB: not read`, at);
      text = readFileSync(absolute, "utf8");
    } catch {
      return new Unknown("invalid", `templatefile(${JSON.stringify(path)}): no such file (relative to the root module directory)`, at);
    }
    const parsed = parseTemplateFile(text, display(absolute));
    if ("error" in parsed) return new Unknown("invalid", `templatefile(${JSON.stringify(path)}): ${parsed.error}`, at);
    const scope: Scope = {
      reference: (names, where) => {
        const [root] = names;
        if (root !== undefined && Object.hasOwn(vars, root)) return { value: vars[root]!, consumed: 1 };
        return { value: new Unknown("invalid", `${root ?? ""} is not one of the variables templatefile() was given`, where), consumed: 1 };
      },
    };
    return evaluate(parsed.expr, scope, fns);
  }

  return fns;
}
