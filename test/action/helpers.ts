// Runs the committed Action bundle the way the runner does: `node <action>/dist/action.js` in the
// workspace, inputs as INPUT_<NAME> variables (every action.yml default filled in, as the runner
// does), and temporary GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files. The bundle is copied with
// package.json and schemas/ only into a directory without node_modules, as in a checkout of the
// Action's repository, so an import the bundle missed fails here.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parse } from "yaml";
import { inputVariable } from "../../src/action/inputs.js";

export const ROOT = new URL("../..", import.meta.url).pathname;

/** The report time used by the golden files (test/golden.test.ts). */
export const NOW = "2026-11-20T12:30:00Z";

export interface ActionYml {
  runs: { using: string; main: string };
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
}

export function actionYml(): ActionYml {
  return parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as ActionYml;
}

const dirs: string[] = [];

export function tempDir(prefix = "ctl-action-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

after(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

let actionDir: string | undefined;

/** A checkout of the Action: dist/action.js (and the .tf parser's WebAssembly), package.json and schemas/, no node_modules. */
export function actionCheckout(): string {
  if (actionDir) return actionDir;
  const dir = tempDir("ctl-action-repo-");
  mkdirSync(join(dir, "dist"));
  cpSync(join(ROOT, "dist", "action.js"), join(dir, "dist", "action.js"));
  cpSync(join(ROOT, "dist", "tree-sitter"), join(dir, "dist", "tree-sitter"), { recursive: true });
  cpSync(join(ROOT, "package.json"), join(dir, "package.json"));
  cpSync(join(ROOT, "schemas"), join(dir, "schemas"), { recursive: true });
  return (actionDir = dir);
}

/** A workspace holding the given files (path -> content, or a repository file to copy). */
export function workspace(files: Record<string, string | { copy: string }>): string {
  const dir = tempDir("ctl-workspace-");
  for (const [path, content] of Object.entries(files)) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    if (typeof content === "string") writeFileSync(target, content);
    else cpSync(join(ROOT, content.copy), target);
  }
  return dir;
}

export interface Annotation {
  level: string;
  properties: Record<string, string>;
  message: string;
}

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Parsed from the GITHUB_OUTPUT file. */
  outputs: Record<string, string>;
  /** Raw GITHUB_OUTPUT content. */
  outputFile: string;
  summary: string;
  /** ::error/::warning/::notice lines of stdout, decoded. */
  annotations: Annotation[];
  workspace: string;
}

/** name<<DELIMITER, value lines, DELIMITER (the toolkit's file-command format). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === "") continue;
    const m = /^([^<]+)<<(.+)$/.exec(line);
    if (!m) throw new Error(`GITHUB_OUTPUT: unexpected line ${JSON.stringify(line)}`);
    const [, name, delimiter] = m;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]!);
    if (i === lines.length) throw new Error(`GITHUB_OUTPUT: ${name} has no closing delimiter`);
    outputs[name!] = value.join("\n");
  }
  return outputs;
}

const unescape = (s: string) => s.replace(/%(25|0D|0A|3A|2C)/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));

export function parseAnnotations(stdout: string): Annotation[] {
  const out: Annotation[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const properties: Record<string, string> = {};
    for (const pair of (m[2] ?? "").split(",").filter(Boolean)) {
      const eq = pair.indexOf("=");
      properties[pair.slice(0, eq)] = unescape(pair.slice(eq + 1));
    }
    out.push({ level: m[1]!, properties, message: unescape(m[3]!) });
  }
  return out;
}

/** Runs the bundle with the given inputs (others take their action.yml defaults) in `ws`. */
export function runAction(ws: string, inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> {
  const files = tempDir("ctl-runner-");
  const outputPath = join(files, "output");
  const summaryPath = join(files, "summary");
  writeFileSync(outputPath, "");
  writeFileSync(summaryPath, "");
  const inputEnv: Record<string, string> = {};
  for (const [name, spec] of Object.entries(actionYml().inputs)) inputEnv[inputVariable(name)] = spec.default ?? "";
  for (const [name, value] of Object.entries(inputs)) inputEnv[inputVariable(name)] = value;
  const childEnv = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? files,
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: ws,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    RUNNER_TEMP: files,
    SOURCE_DATE_EPOCH: String(Date.parse(NOW) / 1000),
    ...inputEnv,
    ...env,
  };
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(actionCheckout(), "dist", "action.js")], { cwd: ws, env: childEnv });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => {
      const outputFile = readFileSync(outputPath, "utf8");
      resolvePromise({
        code,
        stdout,
        stderr,
        outputs: parseOutputFile(outputFile),
        outputFile,
        summary: existsSync(summaryPath) ? readFileSync(summaryPath, "utf8") : "",
        annotations: parseAnnotations(stdout),
        workspace: ws,
      });
    });
  });
}
