// Which files an `iac` run reads: command-line arguments (files, directories, quoted globs) become
// files, and a directory or glob keeps only what is a CloudFormation template or a Terraform plan by
// its content, whatever its name (blog.yaml, cdk.out/assembly-*/Stack.template.json, plan.json).
//
// - A file named on the command line is taken as given: reading it says when it is neither (exit 2).
// - A directory is walked recursively (depth MAX_DEPTH), without node_modules, directories whose name
//   starts with a dot (.git, .terraform, .aws-sam) and symbolic links to directories, as ESLint and
//   Checkov do; a glob (`*`, `?`, `**`) is matched against the tree under cwd the same way. Their
//   .json, .yaml, .yml and .template files are read once and sniffed (sniffIac); everything else is
//   skipped silently and counted. A file over MAX_SNIFF_BYTES is skipped with a note, unless its name
//   says what it is (*.template.json, *.tfplan.json: always read).
// - A directory or glob that yields no template or plan is bad input (exit 2).
import { readdirSync, readFileSync, statSync, type Dirent } from "node:fs";
import { join, resolve } from "node:path";
import { InputError } from "../util/errors.js";
import { isRecord } from "../util/records.js";
import { parseYamlSource } from "./cloudformation/document.js";

export type SniffedKind = "cloudformation" | "terraform";

/** Names a directory or glob may hold a template or plan under. */
const CANDIDATE = /\.(json|ya?ml|template)$/i;
/** Names that say what the file is: read whatever their size. */
const ANNOUNCED = /\.(template\.(json|ya?ml)|tfplan\.json)$/i;
export const MAX_SNIFF_BYTES = 10 * 1024 * 1024;
const MAX_DEPTH = 16;

export interface IacExpansion {
  /** The files to read, in argument order, sorted within a directory or glob, each once. */
  files: string[];
  /** Text already read while sniffing, by file as listed in `files`. */
  texts: Map<string, string>;
  /** True when some argument was a directory or a glob (the run then says what it read). */
  expanded: boolean;
  /** Files of directories and globs that are neither a template nor a plan. */
  skipped: number;
  /** Files of directories and globs skipped for their size (they are counted in `skipped` too). */
  tooLarge: string[];
  /**
   * Directories of Terraform configuration (.tf, .tf.json): named on the command line (a directory,
   * or a .tf file standing for its module), or found in a directory or glob (`walked`: the lint
   * then keeps only root modules, not the local modules they call).
   */
  terraformDirs: { dir: string; walked: boolean }[];
}

/** Terraform configuration files: HCL (.tf) and its JSON syntax (.tf.json). */
export const TERRAFORM_FILE = /\.tf(\.json)?$/i;
const TERRAFORM_VARIABLES = /\.tfvars(\.json)?$/i;

/** Type names CloudFormation resources carry: AWS::S3::Bucket, Custom::Thing, registry types Org::Service::Type. */
const RESOURCE_TYPE = /^(AWS::|Custom::|Alexa::)|^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+(::MODULE)?$/;

/** What a parsed document is: a template (AWSTemplateFormatVersion, or resources with CloudFormation types), a plan, or neither. */
export function iacKindOf(value: unknown): SniffedKind | undefined {
  if (!isRecord(value)) return undefined;
  if ("format_version" in value && ("planned_values" in value || "resource_changes" in value)) return "terraform";
  if ("AWSTemplateFormatVersion" in value) return "cloudformation";
  const resources = value.Resources;
  if (isRecord(resources) && Object.values(resources).some((r) => isRecord(r) && typeof r.Type === "string" && RESOURCE_TYPE.test(r.Type))) {
    return "cloudformation";
  }
  return undefined;
}

/**
 * What the text of a file is, cheaply: text without the keys a template or plan must have is not
 * parsed. A file that has them but does not parse is taken as a template (or a plan), so reading it
 * reports where it is broken instead of leaving it out unseen.
 */
export function sniffIac(text: string): SniffedKind | undefined {
  const body = text.replace(/^\uFEFF/, "").trimStart();
  if (body.startsWith("{")) {
    const plan = body.includes('"format_version"') && (body.includes('"planned_values"') || body.includes('"resource_changes"'));
    const template = body.includes('"AWSTemplateFormatVersion"') || body.includes('"Resources"');
    if (!plan && !template) return undefined;
    try {
      return iacKindOf(JSON.parse(body));
    } catch {
      return plan ? "terraform" : "cloudformation";
    }
  }
  if (!/^(AWSTemplateFormatVersion|Resources)[ \t]*:/m.test(body) && !/^["'](AWSTemplateFormatVersion|Resources)["'][ \t]*:/m.test(body)) return undefined;
  try {
    return iacKindOf(parseYamlSource(text, "sniffed").value);
  } catch {
    return "cloudformation";
  }
}

/**
 * Turns command-line arguments into the files to read (see the header). A plain path that does not
 * exist is kept, so reading it reports it.
 */
export function expandIacArguments(args: readonly string[], cwd: string = process.cwd()): IacExpansion {
  const expansion: IacExpansion = { files: [], texts: new Map(), expanded: false, skipped: 0, tooLarge: [], terraformDirs: [] };
  const seen = new Set<string>();
  const addTerraform = (dir: string, walked: boolean) => {
    const key = `tf:${resolve(cwd, dir)}`;
    if (seen.has(key)) return;
    seen.add(key);
    expansion.terraformDirs.push({ dir, walked });
  };
  const add = (file: string, text?: string) => {
    const key = resolve(cwd, file);
    if (seen.has(key)) return;
    seen.add(key);
    expansion.files.push(file);
    if (text !== undefined) expansion.texts.set(file, text);
  };
  for (const arg of args) {
    const normalized = arg.split("\\").join("/");
    let candidates: string[];
    if (/[*?]/.test(normalized)) {
      candidates = globFiles(normalized, cwd);
      if (candidates.length === 0) throw new InputError(`${arg}: matches no file`, arg);
    } else if (isDirectory(resolve(cwd, arg))) {
      candidates = walk(resolve(cwd, arg), normalized.replace(/\/+$/, "") || ".");
    } else if (TERRAFORM_FILE.test(normalized)) {
      // A .tf file stands for its module: Terraform reads a directory's files together.
      addTerraform(dirOf(normalized), false);
      continue;
    } else {
      add(arg);
      continue;
    }
    expansion.expanded = true;
    let taken = 0;
    const top = normalized.replace(/\/+$/, "") || ".";
    for (const file of candidates) {
      if (TERRAFORM_FILE.test(file)) {
        const dir = dirOf(file);
        addTerraform(dir, !(dir === top && !/[*?]/.test(normalized)));
        taken++;
        continue;
      }
      // Variables files are read with their module (src/sources/hcl/variables.ts), not skipped.
      if (TERRAFORM_VARIABLES.test(file)) continue;
      const text = sniffFile(resolve(cwd, file), file, expansion);
      if (text === undefined) continue;
      add(file, text);
      taken++;
    }
    if (taken === 0) {
      const what = /[*?]/.test(normalized) ? "matches" : "is a directory with";
      throw new InputError(
        `${arg}: ${what} no CloudFormation template (AWSTemplateFormatVersion, or Resources of AWS:: types), Terraform configuration (*.tf) nor Terraform plan (terraform show -json)` +
          (candidates.length > 0 ? ` among ${plural(candidates.length, "file")}` : ""),
        arg,
      );
    }
  }
  return expansion;
}

/** The text of a directory or glob entry when it is a template or a plan; else counts it as skipped. */
function sniffFile(absolute: string, shown: string, expansion: IacExpansion): string | undefined {
  const skip = () => {
    expansion.skipped++;
    return undefined;
  };
  if (!CANDIDATE.test(shown)) return skip();
  const announced = ANNOUNCED.test(shown);
  let text: string;
  try {
    if (!announced && statSync(absolute).size > MAX_SNIFF_BYTES) {
      expansion.tooLarge.push(shown);
      return skip();
    }
    text = readFileSync(absolute, "utf8");
  } catch {
    // Unreadable (permissions, a dangling link): not ours to judge in a directory.
    return skip();
  }
  return sniffIac(text) ? text : skip();
}

/** Whether a file is a template or a plan by its content, as a directory entry would be judged (the GitHub Action's globs). */
export function isIacFile(absolute: string): boolean {
  const probe: IacExpansion = { files: [], texts: new Map(), expanded: true, skipped: 0, tooLarge: [], terraformDirs: [] };
  return sniffFile(absolute, absolute.split("\\").join("/"), probe) !== undefined;
}

/** The directory part of a path shown with forward slashes ("." for a bare name). */
function dirOf(path: string): string {
  const at = path.lastIndexOf("/");
  return at < 0 ? "." : at === 0 ? "/" : path.slice(0, at);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function skippedDirectory(entry: Dirent): boolean {
  return entry.name === "node_modules" || entry.name.startsWith(".");
}

/** Files under a directory, shown under `shown`, sorted. */
function walk(absolute: string, shown: string): string[] {
  const out: string[] = [];
  const visit = (dir: string, prefix: string, depth: number): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = prefix === "." ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!skippedDirectory(entry) && depth < MAX_DEPTH) visit(join(dir, entry.name), path, depth + 1);
      } else if (entry.isFile() || (entry.isSymbolicLink() && isFile(join(dir, entry.name)))) {
        out.push(path);
      }
    }
  };
  visit(absolute, shown, 0);
  return out.sort();
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Files matching a glob of `*`, `?` and `**` segments, relative to cwd unless the pattern is absolute. */
function globFiles(pattern: string, cwd: string): string[] {
  const absolute = pattern.startsWith("/");
  const segments = pattern.split("/").filter((s, i) => s !== "" || i === 0);
  const firstWild = segments.findIndex((s) => /[*?]/.test(s));
  const baseParts = segments.slice(0, firstWild);
  const base = baseParts.join("/") || (absolute ? "/" : ".");
  const rest = segments.slice(firstWild);
  const toRegExp = (segment: string) =>
    new RegExp(`^${segment.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]")}$`);
  const results: string[] = [];
  const visit = (dir: string, shown: string, index: number, depth: number): void => {
    if (depth > 32) return;
    if (index === rest.length) return;
    const segment = rest[index]!;
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    if (segment === "**") {
      visit(dir, shown, index + 1, depth + 1);
      for (const name of names) {
        if (name === "node_modules" || name.startsWith(".")) continue;
        const path = join(dir, name);
        if (isDirectory(path)) visit(path, shown ? `${shown}/${name}` : name, index, depth + 1);
      }
      return;
    }
    const matcher = toRegExp(segment);
    for (const name of names) {
      if (!matcher.test(name)) continue;
      const path = join(dir, name);
      const next = shown ? `${shown}/${name}` : name;
      const directory = isDirectory(path);
      if (index === rest.length - 1) {
        if (!directory) results.push(next);
      } else if (directory) {
        visit(path, next, index + 1, depth + 1);
      }
    }
  };
  visit(resolve(cwd, base), base === "." ? "" : base.replace(/\/$/, ""), 0, 0);
  return [...new Set(results)].sort();
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * What a run read, for stderr: "read 3 CloudFormation templates and 1 Terraform plan (12 other files
 * skipped)", with a note per file skipped for its size.
 */
export function describeRead(kinds: readonly SniffedKind[], expansion: Pick<IacExpansion, "skipped" | "tooLarge">, configurations = 0): string[] {
  const templates = kinds.filter((k) => k === "cloudformation").length;
  const plans = kinds.length - templates;
  const parts = [
    ...(templates > 0 ? [plural(templates, "CloudFormation template")] : []),
    ...(plans > 0 ? [plural(plans, "Terraform plan")] : []),
    ...(configurations > 0 ? [plural(configurations, "Terraform root module")] : []),
  ];
  const skipped = expansion.skipped > 0 ? ` (${expansion.skipped} other file${expansion.skipped === 1 ? "" : "s"} skipped)` : "";
  const lines = [`read ${parts.join(" and ") || "no file"}${skipped}`];
  for (const file of expansion.tooLarge) lines.push(`skipped ${file}: larger than ${MAX_SNIFF_BYTES / 1024 / 1024} MB (name it on the command line to read it)`);
  return lines;
}
