// Where the config file of a run is, when --config does not say: the nearest of the working
// directory and its parents, up to and including the repository root (the nearest directory that
// holds `.git`, a directory in a clone, a file in a worktree or submodule), as ESLint and Checkov
// users expect when they run from a subdirectory. Never above the repository root, so a config of
// an enclosing directory (a home directory, a shared /tmp) never applies by surprise; outside any
// repository only the working directory itself is searched.
import { existsSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { InputError, isInputError } from "../util/errors.js";
import { findConfigFile } from "./load.js";

/** The nearest directory from `dir` upwards that holds `.git` (file or directory), if any. */
export function repositoryRoot(dir: string): string | undefined {
  for (let current = resolve(dir); ; ) {
    if (existsSync(resolve(current, ".git"))) return current;
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** The directories searched for a config file from `cwd`, nearest first. */
export function configSearchPath(cwd: string): string[] {
  const start = resolve(cwd);
  const root = repositoryRoot(start);
  if (root === undefined) return [start];
  const dirs: string[] = [];
  for (let current = start; ; current = dirname(current)) {
    dirs.push(current);
    if (current === root) return dirs;
  }
}

/**
 * The config file that applies in `cwd`: the first directory of the search path that holds one.
 * Two candidates in that directory are ambiguous (InputError, from findConfigFile); a nearer
 * directory's file wins over a farther one's without looking further.
 */
export function discoverConfigFile(cwd: string): string | undefined {
  const start = resolve(cwd);
  for (const dir of configSearchPath(start)) {
    let found: string | undefined;
    try {
      found = findConfigFile(dir);
    } catch (error) {
      // Name the directory when it is not the working directory.
      if (!isInputError(error) || dir === start) throw error;
      throw new InputError(`in ${relative(start, dir).split("\\").join("/")}: ${error.message}`, error.file);
    }
    if (found !== undefined) return found;
  }
  return undefined;
}
