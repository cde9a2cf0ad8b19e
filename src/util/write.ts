// Atomic output: every file is first written in full to a temporary file in its own directory,
// then renamed over the target. Several files are committed together: if any temporary file
// cannot be written, or the text of one fails to come (a content given in pieces is written as
// they come, never held whole), none of the targets is touched, the temporary files are removed and
// so are the directories this call created.
import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, renameSync, rmdirSync, statSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

export interface OutputFile {
  /** Absolute path, or relative to the process's working directory. */
  path: string;
  /** The text, whole or in pieces (written as they come, in batches). */
  content: string | Iterable<string>;
}

/** Pieces are encoded into a buffer of this many bytes, written when full. */
const BATCH = 1 << 20;

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

/** A piece of content that could not be produced: the error thrown while it was produced, not a write error. */
class ContentError extends Error {
  constructor(readonly error: unknown) {
    super("content failed");
  }
}

/** Writes all of `bytes` (one write(2) may write less than it is given). */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/** Writes the content to a new file (`wx`): a write error is thrown as is, a failing content as ContentError. */
function writeNew(path: string, content: OutputFile["content"]): void {
  const fd = openSync(path, "wx", 0o644);
  try {
    if (typeof content === "string") {
      writeAll(fd, Buffer.from(content, "utf8"));
      return;
    }
    const buffer = Buffer.allocUnsafe(BATCH);
    let used = 0;
    const iterator = content[Symbol.iterator]();
    for (;;) {
      let next: IteratorResult<string>;
      try {
        next = iterator.next();
      } catch (error) {
        throw new ContentError(error);
      }
      if (next.done) break;
      const piece = next.value;
      // A UTF-16 unit takes at most 3 bytes in UTF-8.
      if (used + piece.length * 3 > BATCH) {
        writeAll(fd, buffer.subarray(0, used));
        used = 0;
      }
      if (piece.length * 3 > BATCH) writeAll(fd, Buffer.from(piece, "utf8"));
      else used += buffer.write(piece, used, "utf8");
    }
    writeAll(fd, buffer.subarray(0, used));
  } finally {
    closeSync(fd);
  }
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
        writeNew(temp, file.content);
      } catch (error) {
        if (error instanceof WriteError || error instanceof ContentError) throw error;
        throw new WriteError(file.path, reason(error));
      }
    }
  } catch (error) {
    rollback();
    throw error instanceof ContentError ? error.error : error;
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
