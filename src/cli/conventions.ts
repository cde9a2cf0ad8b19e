// The flags and habits users bring from ESLint, Checkov and the AWS CLI (issue 17, item 6): help
// text that fits the terminal, Checkov's flag names as aliases, a format name mistaken for a path,
// `-` for standard input, and the renamed --home-region. program.ts only wires them.
import { reporterNames } from "../reporters/index.js";
import { InputError } from "../util/errors.js";
import type { CliIo } from "./io.js";

/** Help width: the terminal's, else 80 (commander's own default); never narrower than 40. */
export function helpWidth(io: Pick<CliIo, "columns">): number {
  const columns = io.columns;
  return columns !== undefined && Number.isFinite(columns) && columns > 0 ? Math.max(40, Math.floor(columns)) : 80;
}

interface Block {
  /** Indent of the first line. */
  first: string;
  /** Indent of the lines after the first (a hanging indent for "  2  text" items). */
  rest: string;
  words: string[];
  /** A line kept as written: a command ("  $ cloudtrail-lint ..."). */
  verbatim?: string;
}

const ITEM = /^(\s+)(\S+\s{2,})(\S.*)$/;

/**
 * Reflows help text written wrapped at any width to `width` columns. A paragraph is a run of lines
 * that are not indented, joined and wrapped; an indented line "  2  text" is an item whose
 * continuation lines are indented to its text, wrapped with that hanging indent; a line starting
 * with "  $ " (a command) is never broken, since a command cut in two cannot be pasted.
 */
export function wrapHelp(text: string, width: number): string {
  const blocks: (Block | "blank")[] = [];
  let open: Block | undefined;
  for (const line of text.split("\n")) {
    if (line.trim() === "") {
      blocks.push("blank");
      open = undefined;
      continue;
    }
    const indent = /^\s*/.exec(line)![0];
    if (line.trimStart().startsWith("$ ")) {
      blocks.push({ first: indent, rest: indent, words: [], verbatim: line });
      open = undefined;
      continue;
    }
    if (open && !open.verbatim && indent === open.rest && (indent === "" || open.rest !== open.first)) {
      open.words.push(...line.trim().split(/\s+/));
      continue;
    }
    const item = indent !== "" ? ITEM.exec(line) : null;
    const block: Block = item
      ? // The marker keeps its own spacing ("2  "): the text after it starts at the hanging indent.
        { first: indent, rest: " ".repeat(item[1]!.length + item[2]!.length), words: [item[2]!, ...item[3]!.split(/\s+/)] }
      : { first: indent, rest: indent, words: line.trim().split(/\s+/) };
    blocks.push(block);
    open = block;
  }
  return blocks.map((block) => (block === "blank" ? "" : block.verbatim ?? fill(block, width))).join("\n");
}

function fill(block: Block, width: number): string {
  const lines: string[] = [];
  let line = block.first;
  let empty = true;
  for (const word of block.words) {
    const sep = empty || line.endsWith("  ") ? "" : " ";
    if (!empty && line.length + sep.length + word.length > width) {
      lines.push(line.trimEnd());
      line = block.rest + word;
    } else {
      line += sep + word;
    }
    empty = false;
  }
  lines.push(line.trimEnd());
  return lines.join("\n");
}

/** The argument of `addHelpText` that reflows `text` at the terminal width when help is shown. */
export function wrapped(text: string, io: Pick<CliIo, "columns">): () => string {
  return () => wrapHelp(text, helpWidth(io));
}

/**
 * `--output json` is nearly always `--format json` mistyped: a bare format name (no directory, no
 * extension) is refused with the hint; `--output ./json` still writes a file named json.
 */
export function refuseFormatAsOutput(output: string | undefined, formatFlag = "--format"): void {
  if (output === undefined) return;
  const name = output.trim().toLowerCase();
  if (reporterNames().includes(name)) {
    throw new InputError(
      `--output ${output}: "${output}" is a format name, not a file; did you mean ${formatFlag} ${name}? (to write a file named ${output}, give --output ./${output})`,
    );
  }
}

/** The one flag of two spellings, or undefined; the two given with different values are bad input. */
export function eitherFlag(primary: [string, unknown], alias: [string, unknown]): string | undefined {
  const [pName, pValue] = primary;
  const [aName, aValue] = alias;
  const p = typeof pValue === "string" ? pValue : undefined;
  const a = typeof aValue === "string" ? aValue : undefined;
  if (p !== undefined && a !== undefined && p !== a) throw new InputError(`${pName} ${p} and ${aName} ${a}: give one (${aName} is the old name of ${pName})`);
  return p ?? a;
}

/** Name of standard input in findings and messages (`lint -`). */
export const STDIN_NAME = "<stdin>";

/** The whole of standard input, for `lint -`: exactly once per run. */
export async function readStdinOnce(files: readonly string[], io: CliIo): Promise<string | undefined> {
  const dashes = files.filter((f) => f === "-").length;
  if (dashes === 0) return undefined;
  if (dashes > 1) throw new InputError(`-: standard input can be read only once (it is named ${dashes} times)`);
  if (!io.readStdin) throw new InputError(`-: there is no standard input to read a snapshot from`);
  return io.readStdin();
}
