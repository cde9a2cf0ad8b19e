// The `paths` input: files and globs, expanded here because no shell does it for an Action.
// Supported: `*` and `?` within a path segment, `[abc]`/`[!abc]`/`[a-z]`, `{a,b}` (not nested) and
// `**` for any number of directories. As in a shell, wildcards do not match names that start with
// a dot unless the pattern segment does, and `**` does not follow symbolic links to directories.
// A path without wildcards is taken literally and must be a file.
import { lstatSync, readdirSync, statSync } from "node:fs";
import { isAbsolute, join, parse, relative, resolve, sep } from "node:path";
import { InputError } from "../util/errors.js";

const MAGIC = /[*?[{]/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** A regular expression for one path segment of a glob. */
export function segmentRegExp(segment: string): RegExp {
  let source = "";
  let inBraces = false;
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i]!;
    if (ch === "*") source += "[^/]*";
    else if (ch === "?") source += "[^/]";
    else if (ch === "[") {
      const end = segment.indexOf("]", i + 2);
      if (end === -1) {
        source += "\\[";
        continue;
      }
      let body = segment.slice(i + 1, end);
      const negate = body.startsWith("!") || body.startsWith("^");
      if (negate) body = body.slice(1);
      source += `[${negate ? "^" : ""}${body.replace(/[\\\]^]/g, "\\$&")}]`;
      i = end;
    } else if (ch === "{" && !inBraces && segment.indexOf("}", i) !== -1) {
      inBraces = true;
      source += "(?:";
    } else if (ch === "," && inBraces) source += "|";
    else if (ch === "}" && inBraces) {
      inBraces = false;
      source += ")";
    } else source += escapeRegExp(ch);
  }
  return new RegExp(`^${source}$`);
}

function isDirectory(path: string, followLinks: boolean): boolean {
  try {
    return (followLinks ? statSync(path) : lstatSync(path)).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function matchSegments(dir: string, segments: readonly string[], index: number, out: Set<string>): void {
  if (index === segments.length) {
    if (isFile(dir)) out.add(dir);
    return;
  }
  const segment = segments[index]!;
  if (segment === "**") {
    const last = index === segments.length - 1;
    if (!last) matchSegments(dir, segments, index + 1, out);
    for (const name of entries(dir)) {
      if (name.startsWith(".")) continue;
      const child = join(dir, name);
      if (isDirectory(child, false)) matchSegments(child, segments, index, out);
      else if (last && isFile(child)) out.add(child);
    }
    return;
  }
  if (!MAGIC.test(segment)) {
    matchSegments(join(dir, segment), segments, index + 1, out);
    return;
  }
  const re = segmentRegExp(segment);
  const dotAllowed = segment.startsWith(".");
  for (const name of entries(dir)) {
    if (name.startsWith(".") && !dotAllowed) continue;
    if (re.test(name)) matchSegments(join(dir, name), segments, index + 1, out);
  }
}

function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}

/** `path` relative to `base` when inside it, else absolute; forward slashes. */
function shown(path: string, base: string): string {
  const rel = relative(base, path);
  return toPosix(rel === "" || rel.startsWith("..") || isAbsolute(rel) ? path : rel);
}

function inside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
}

export interface ExpandOptions {
  /** Directory the patterns are relative to. */
  cwd: string;
  /** Files under this directory are never matched by a glob (the Action's own reports). */
  exclude?: string;
  /** These files are never matched by a glob (the baseline report, which is not an input). */
  excludeFiles?: readonly string[];
  /** Files a glob may match (named files are taken whatever their name): e.g. templates, not READMEs. */
  extensions?: RegExp;
  /** Let a named directory through (the iac command reads cdk.out and the like itself). */
  allowDirectories?: boolean;
  /** Which files a glob's matches keep (iac: templates and plans by content); named files are kept whatever they hold. */
  accept?: (absolute: string) => boolean;
  /** What `accept` keeps, for the message when a glob matched files but none of those. */
  accepted?: string;
}

/**
 * The files the patterns name, relative to cwd where possible, each once, in pattern order and
 * sorted within a pattern. A literal path that is not a file, or a glob that matches nothing, is
 * bad input.
 */
export function expandPaths(patterns: readonly string[], options: ExpandOptions): string[] {
  const { cwd } = options;
  const files = new Map<string, string>();
  for (const pattern of patterns) {
    const normalized = pattern.replace(/\\/g, "/");
    if (!MAGIC.test(normalized)) {
      const absolute = resolve(cwd, normalized);
      if (!isFile(absolute) && !(options.allowDirectories && isDirectory(absolute, true))) {
        const why = isDirectory(absolute, true) ? "is a directory (name the files, e.g. dir/*.json)" : "file not found";
        throw new InputError(`input paths: ${pattern}: ${why} (relative to ${cwd})`);
      }
      if (!files.has(absolute)) files.set(absolute, normalized);
      continue;
    }
    const root = isAbsolute(normalized) ? parse(normalized).root : undefined;
    const rest = root === undefined ? normalized : normalized.slice(root.length);
    const segments = rest.split("/").filter((s) => s !== "" && s !== ".");
    const found = new Set<string>();
    matchSegments(root ?? cwd, segments, 0, found);
    const matched = [...found]
      .filter((file) => options.exclude === undefined || !inside(options.exclude, file))
      .filter((file) => !(options.excludeFiles ?? []).some((excluded) => resolve(excluded) === file))
      .filter((file) => options.extensions === undefined || options.extensions.test(file))
      .sort();
    if (matched.length === 0) throw new InputError(`input paths: ${pattern}: matched no files (relative to ${cwd})`);
    const kept = options.accept ? matched.filter(options.accept) : matched;
    if (kept.length === 0) throw new InputError(`input paths: ${pattern}: matched no ${options.accepted ?? "files"} among ${matched.length} file${matched.length === 1 ? "" : "s"} (relative to ${cwd})`);
    for (const file of kept) if (!files.has(file)) files.set(file, shown(file, cwd));
  }
  return [...files.values()];
}
