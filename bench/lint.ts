// npm run bench:lint: `cloudtrail-lint lint` as a user runs it, on the bundled example organization
// (examples/org-snapshot.json) grown to N accounts with fresh ids (bench/grow-org.ts).
//
// The grown snapshot is validated against schemas/snapshot.schema.json, written to a temporary
// file, and the built CLI (dist/: `npm run build` first) is run on it as a child process under
// /usr/bin/time: `node dist/src/cli/main.js lint <file> --format json=<out> ... --now <fixed>`.
// Prints the child's wall time and peak RSS, the results count and the size of each report.
//
// Options (--name=value): accounts (10000: all accounts, the example's 9 included), formats
// (json: comma-separated, each written to its own file), out (a directory: keep the snapshot and
// the reports there instead of a temporary directory), checks-only (no CLI: time the checks alone,
// in this process, on the grown snapshot). Targets, for N ≤ 10,000: wall ≤ 5 s and peak RSS ≤ 1 GiB
// (2-core machine, Node 20); exit code 1 when one is missed, 2 on bad options or a failed run.
import { spawnSync } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { checks } from "../src/checks/index.js";
import { runChecks } from "../src/engine/run.js";
import type { Snapshot } from "../src/model/snapshot.js";
import { findReporter } from "../src/reporters/index.js";
import { assertValid } from "../src/util/schemas.js";
import { growOrganization } from "./grow-org.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const BUILT_CLI = join(ROOT, "dist/src/cli/main.js");
/** The example's own collectedAt: the report does not depend on the clock. */
const NOW = "2026-11-20T12:00:00Z";
const TARGET_WALL_S = 5;
const TARGET_RSS_MIB = 1024;
const TARGET_UP_TO = 10_000;

interface Options {
  accounts: number;
  formats: string[];
  out?: string;
  checksOnly: boolean;
  /** The CLI's main.js: the built one unless --cli names another build (to compare two trees). */
  cli: string;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { accounts: 10_000, formats: ["json"], checksOnly: false, cli: BUILT_CLI };
  for (const arg of argv) {
    const [name, value] = arg.startsWith("--") ? [arg.slice(2).split("=")[0]!, arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : undefined] : [arg, undefined];
    if (name === "accounts" && value !== undefined && /^\d+$/.test(value)) options.accounts = Number(value);
    else if (name === "formats" && value) options.formats = value.split(",").map((f) => f.trim());
    else if (name === "out" && value) options.out = resolve(value);
    else if (name === "checks-only" && value === undefined) options.checksOnly = true;
    else if (name === "cli" && value) options.cli = resolve(value);
    else throw new Error(`unknown or malformed option ${arg} (--accounts=N --formats=json,sarif --out=DIR --cli=main.js --checks-only)`);
  }
  for (const format of options.formats) if (!findReporter(format)) throw new Error(`--formats: unknown format ${format}`);
  return options;
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

/** The grown snapshot, validated, with the time each step took. */
function grownSnapshot(accounts: number): Snapshot {
  const example = JSON.parse(readFileSync(join(ROOT, "examples/org-snapshot.json"), "utf8")) as Snapshot;
  let start = performance.now();
  const snapshot = growOrganization(example, accounts);
  const grown = performance.now() - start;
  start = performance.now();
  assertValid<Snapshot>("snapshot.schema.json", snapshot, `grown snapshot (${accounts} accounts)`);
  console.log(`grown to ${accounts} accounts in ${Math.round(grown)} ms; valid against snapshot.schema.json (${Math.round(performance.now() - start)} ms)`);
  return snapshot;
}

function checksOnly(snapshot: Snapshot): number {
  const start = performance.now();
  const findings = runChecks(checks, snapshot, new Map());
  const ms = performance.now() - start;
  console.log(`checks only: ${snapshot.accounts.length} accounts, ${findings.length} findings from ${checks.length} checks in ${Math.round(ms)} ms`);
  console.log(`peak RSS of this process ${mib(process.resourceUsage().maxRSS * 1024)}`);
  return 0;
}

/** Runs the CLI on the snapshot file; 0 when the targets are met, 1 when not, 2 when the run failed. */
function lintRun(options: Options, snapshotFile: string, dir: string): number {
  const outputs = options.formats.map((format) => ({ format, file: `report.${findReporter(format)!.extension}` }));
  // Run in the directory of the files, named relatively: the reports do not depend on where it is.
  const args = ["-f", "%M", process.execPath, options.cli, "lint", snapshotFile, ...outputs.flatMap((o) => ["--format", `${o.format}=${o.file}`]), "--now", NOW, "--quiet"];
  const start = performance.now();
  const child = spawnSync("/usr/bin/time", args, { cwd: dir, encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
  const wallS = (performance.now() - start) / 1000;
  const stderr = child.stderr.trimEnd().split("\n");
  const rssKiB = Number(stderr.at(-1));
  // lint exits 1 when a check fails and 3 on an ERROR result: both are normal for this organization.
  if (child.error || ![0, 1, 3].includes(child.status ?? -1) || !Number.isFinite(rssKiB)) {
    console.error(`bench:lint: the lint run failed (exit ${child.status ?? child.signal}):\n${child.error?.message ?? stderr.join("\n")}`);
    return 2;
  }
  const rssMiB = rssKiB / 1024;
  const json = outputs.find((o) => o.format === "json");
  const results = json ? countResults(join(dir, json.file)) : undefined;
  console.log(`lint ${options.formats.join(",")}: wall ${wallS.toFixed(2)} s, peak RSS ${rssMiB.toFixed(0)} MiB (exit ${child.status})`);
  if (results !== undefined) console.log(`results: ${results}`);
  for (const o of outputs) {
    const size = statSync(join(dir, o.file)).size;
    console.log(`  ${o.format}: ${mib(size)}${results ? ` (${Math.round(size / results)} bytes per result)` : ""}`);
  }
  if (options.accounts > TARGET_UP_TO) return 0;
  const missed = [
    wallS > TARGET_WALL_S ? `wall ${wallS.toFixed(2)} s > ${TARGET_WALL_S} s` : "",
    rssMiB > TARGET_RSS_MIB ? `peak RSS ${rssMiB.toFixed(0)} MiB > ${TARGET_RSS_MIB} MiB` : "",
  ].filter(Boolean);
  console.log(missed.length === 0 ? `targets met (≤ ${TARGET_WALL_S} s, ≤ ${TARGET_RSS_MIB} MiB)` : `TARGET MISSED: ${missed.join("; ")}`);
  return missed.length === 0 ? 0 : 1;
}

function main(): number {
  let options: Options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`bench:lint: ${(error as Error).message}`);
    return 2;
  }
  const snapshot = grownSnapshot(options.accounts);
  if (options.checksOnly) return checksOnly(snapshot);
  try {
    statSync(options.cli);
  } catch {
    console.error(`bench:lint: ${options.cli} not found: run npm run build first`);
    return 2;
  }
  const dir = options.out ?? mkdtempSync(join(tmpdir(), "cloudtrail-lint-bench-"));
  mkdirSync(dir, { recursive: true });
  try {
    const file = `org-${options.accounts}.json`;
    writeFileSync(join(dir, file), `${JSON.stringify(snapshot, null, 2)}\n`);
    console.log(`snapshot: ${join(dir, file)} (${mib(statSync(join(dir, file)).size)})`);
    return lintRun(options, file, dir);
  } finally {
    if (options.out === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = main();

/**
 * Results in a JSON report, counted without reading it into one string (at 10,000 accounts it is
 * larger than V8's longest string): each result's first key, as JSON.stringify(…, null, 2) indents it.
 */
function countResults(file: string): number {
  const marker = Buffer.from('\n    {\n      "checkId": ');
  const fd = openSync(file, "r");
  const chunk = Buffer.alloc(1 << 24);
  let carry = Buffer.alloc(0);
  let count = 0;
  try {
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      const text = Buffer.concat([carry, chunk.subarray(0, read)]);
      for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + 1)) count++;
      carry = Buffer.from(text.subarray(Math.max(0, text.length - marker.length + 1)));
    }
  } finally {
    closeSync(fd);
  }
  return count;
}
