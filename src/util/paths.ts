// Locates files shipped with the package (schemas, examples) from source, dist and bundles alike.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let cachedRoot: string | undefined;

/** The package root: the nearest ancestor directory whose package.json is named cloudtrail-lint. */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string };
      if (pkg.name === "cloudtrail-lint") return (cachedRoot = dir);
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cloudtrail-lint: cannot find the package root (package.json)");
    dir = parent;
  }
}

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version: string };
  return pkg.version;
}

export function schemaPath(name: string): string {
  return join(packageRoot(), "schemas", name);
}
