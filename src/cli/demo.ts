// `cloudtrail-lint demo`: lints the example organization shipped in the package
// (examples/org-snapshot.json), so the first command of --help works wherever the CLI is installed,
// not only in a clone; `demo --path` prints where the package's examples are, to try the other
// commands on them (`lint "$(cloudtrail-lint demo --path)/iac/blog.yaml"`).
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { AnyCheck } from "../engine/check.js";
import { packageRoot } from "../util/paths.js";
import type { CliIo } from "./io.js";
import { lintInputs, loadSnapshot, planRun, type LintOptions } from "./lint.js";

/** The package's examples directory (absolute). */
export function examplesDir(): string {
  const dir = join(packageRoot(), "examples");
  // The package lists examples/ in "files": a missing directory is a broken installation, a bug.
  if (!existsSync(join(dir, "org-snapshot.json"))) throw new Error(`the bundled examples are missing from ${dir}`);
  return dir;
}

export async function demo(options: LintOptions & { path: boolean }, io: CliIo, checks: readonly AnyCheck[]): Promise<number> {
  if (options.path) {
    io.stdout(`${examplesDir()}\n`);
    return 0;
  }
  const plan = await planRun(options, io, checks);
  const root = packageRoot();
  examplesDir();
  // Read relative to the package, so findings name examples/org-snapshot.json wherever it is installed.
  const input = loadSnapshot("examples/org-snapshot.json", root, io.env);
  return lintInputs(plan, [input], options, io);
}
