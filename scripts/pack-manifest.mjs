// npm pack / publish: the packed package.json has no `prepare` script. `prepare` builds dist/ on
// `npm ci` in a clone (README), but an installed package has nothing to build, and npm warns about
// every install script of a package it installs (`npm i -g cloudtrail-lint` would warn about it).
//   node scripts/pack-manifest.mjs strip     (prepack)  keep package.json in .tmp/, write it without prepare
//   node scripts/pack-manifest.mjs restore   (postpack) put the kept package.json back, byte for byte
// A strip after a failed pack (no postpack) restores the kept file first, so nothing is lost.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const manifest = join(root, "package.json");
const kept = join(root, ".tmp", "package.json.prepack");

function restore() {
  if (existsSync(kept)) renameSync(kept, manifest);
}

const command = process.argv[2];
if (command === "strip") {
  restore();
  const text = readFileSync(manifest, "utf8");
  const pkg = JSON.parse(text);
  mkdirSync(dirname(kept), { recursive: true });
  writeFileSync(kept, text);
  delete pkg.scripts.prepare;
  writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
} else if (command === "restore") {
  restore();
} else {
  process.stderr.write("usage: node scripts/pack-manifest.mjs strip|restore\n");
  process.exit(2);
}
