// The functions of one configuration: Terraform's built-ins (functions.ts), with what depends on
// the configuration itself: `file()` and `fileexists()` read from the root module's directory (where
// Terraform resolves relative paths; `"${path.module}/policy.json"` is relative to it too), and
// `jsonencode` of a value with open parts keeps the JSON's structure for policies judged with holes
// (holes.ts). `templatefile()` stays undecided.
import { existsSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { FunctionTable } from "./eval.js";
import { callFunction } from "./functions.js";
import { renderWithHoles } from "./holes.js";
import { firstUnknown, Unknown } from "./value.js";

/** Files larger than this are not read into a value (Terraform has no such limit; a policy is far smaller). */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

export function configurationFunctions(rootDir: string): FunctionTable {
  return (name, args, at) => {
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
    if (bare === "jsonencode" && args.length === 1 && firstUnknown(args[0]) !== undefined) {
      return renderWithHoles(args[0]!, (marked) => callFunction(name, [marked], at), () => callFunction(name, args, at));
    }
    return callFunction(name, args, at);
  };
}
