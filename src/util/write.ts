// Atomic output: every file is first written in full to a temporary file in its own directory,
// then renamed over the target. Several files are committed together: if any temporary file
// cannot be written, none of the targets is touched and the directories this call created are
// removed again.
import { randomBytes } from "node:crypto";
import { mkdirSync, renameSync, rmdirSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

export interface OutputFile {
  /** Absolute path, or relative to the process's working directory. */
  path: string;
  content: string;
}

/** A file could not be written; `path` is the target as given. */
export class WriteError extends Error {
  constructor(
    readonly path: string,
    /** Why, without the path. */
    readonly reason: string,
  ) {
    super(`cannot write ${path}: ${reason}`);
    this.name = "WriteError";
  }
}

function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
}

function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e.code ? `${e.code}: ${e.message}` : String(error);
}

/** Writes all files or none (as far as the file system allows: renames within a directory are atomic). */
export function writeFilesAtomically(files: readonly OutputFile[]): void {
  const createdDirs: string[] = [];
  const temps: { temp: string; target: string; path: string }[] = [];
  const rollback = () => {
    for (const { temp } of temps) {
      try {
        unlinkSync(temp);
      } catch {
        // already gone
      }
    }
    for (const dir of createdDirs.reverse()) {
      try {
        rmdirSync(dir);
      } catch {
        // not empty or already gone: leave it
      }
    }
  };

  try {
    for (const file of files) {
      const target = resolve(file.path);
      try {
        if (statSync(target, { throwIfNoEntry: false })?.isDirectory()) {
          throw new WriteError(file.path, "it is a directory");
        }
        const first = mkdirSync(dirname(target), { recursive: true });
        if (first) {
          // mkdir -p reports only the top-most directory it made; record each level for rollback.
          for (let dir = dirname(target); dir.length >= first.length; dir = dirname(dir)) {
            createdDirs.unshift(dir);
            if (dir === first) break;
          }
        }
        const temp = tempPathFor(target);
        temps.push({ temp, target, path: file.path });
        writeFileSync(temp, file.content, { encoding: "utf8", flag: "wx", mode: 0o644 });
      } catch (error) {
        if (error instanceof WriteError) throw error;
        throw new WriteError(file.path, reason(error));
      }
    }
  } catch (error) {
    rollback();
    throw error;
  }

  for (const { temp, target, path } of temps) {
    try {
      renameSync(temp, target);
    } catch (error) {
      rollback();
      throw new WriteError(path, reason(error));
    }
  }
}

/** Writes one file atomically. */
export function writeFileAtomically(path: string, content: string): void {
  writeFilesAtomically([{ path, content }]);
}
