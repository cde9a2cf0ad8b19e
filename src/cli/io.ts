// What the CLI needs from its surroundings, passed in so tests can run it in-process.
import { isAbsolute, relative, resolve, sep } from "node:path";

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal (colour is used only then, and only without NO_COLOR). */
  isTTY: boolean;
  /** Working directory for relative paths and config discovery; default process.cwd(). */
  cwd?: string;
  /** The clock, used when neither --now nor SOURCE_DATE_EPOCH is given. */
  now?: () => Date;
  /** Aborted on Ctrl-C: a running AWS collection stops and nothing is written. */
  signal?: AbortSignal;
  /** Where collection progress goes (default process.stderr). */
  progressStream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Width of the terminal stdout is (help text wraps at it); undefined when it is not one. */
  columns?: number;
  /** Reads all of standard input (`lint -`); absent when there is none to read. */
  readStdin?: () => Promise<string>;
  /** --color (true) or --no-color (false), set by the program from its flags; wins over the environment. */
  color?: boolean;
}

/**
 * Whether stdout text is coloured: --color/--no-color, else FORCE_COLOR (0 or false: off; 1, 2, 3,
 * true or empty: on, as Node and supports-color read it), else off when NO_COLOR
 * (https://no-color.org) is set and not empty, else on a terminal only.
 */
export function colorAllowed(io: CliIo): boolean {
  if (io.color !== undefined) return io.color;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return !/^(0|false)$/i.test(force.trim());
  const noColor = io.env.NO_COLOR;
  return io.isTTY && (noColor === undefined || noColor === "");
}

function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}

function inside(base: string, path: string): string | undefined {
  const rel = relative(base, path);
  if (rel === "" || isAbsolute(rel) || rel === ".." || rel.startsWith(`..${sep}`)) return undefined;
  return rel;
}

/**
 * How a file is named in findings and reports: relative to GITHUB_WORKSPACE when set and the file
 * is inside it (so SARIF paths are repository-relative), else relative to the working directory;
 * forward slashes. A file on another drive keeps its absolute path.
 */
export function displayPath(path: string, cwd: string, env: CliIo["env"]): string {
  const absolute = resolve(cwd, path);
  const workspace = env.GITHUB_WORKSPACE;
  if (workspace) {
    const rel = inside(resolve(cwd, workspace), absolute);
    if (rel !== undefined) return toPosix(rel);
  }
  const rel = relative(cwd, absolute);
  if (rel === "") return ".";
  return toPosix(isAbsolute(rel) ? absolute : rel);
}
