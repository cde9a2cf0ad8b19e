// --baseline <report.json>: an earlier JSON report of cloudtrail-lint, read and checked before any
// input is read (a bad one is bad input: exit 2, nothing written). Reports of every schemaVersion
// whose results carry what the fingerprint needs are read (READABLE_REPORT_VERSIONS: 1.0 and 1.1);
// another version, or a file that is not such a report, is refused with a message naming the file
// and where in it.
import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { parseJsonInput } from "../config/document.js";
import { locateError } from "../config/load.js";
import type { BaselineReport } from "../engine/baseline.js";
import { READABLE_REPORT_VERSIONS, type ReportInput } from "../engine/report.js";
import { InputError, isInputError } from "../util/errors.js";
import { packageVersion } from "../util/paths.js";
import { assertValid } from "../util/schemas.js";
import { readLargeBaseline } from "./baseline-large.js";
import { displayPath, type CliIo } from "./io.js";

export interface LoadedBaseline {
  /** As given on the command line. */
  arg: string;
  absolute: string;
  /** As reports name files (repository-relative where possible). */
  file: string;
  report: BaselineReport & { inputs: readonly Pick<ReportInput, "organizationId">[] };
}

/**
 * Baselines of this many bytes or more are read in pieces (src/cli/baseline-large.ts): a report of
 * 10,000 accounts is longer than the longest string V8 makes.
 */
export const LARGE_BASELINE = 256 * 1024 * 1024;

const HINT = "(--baseline takes a JSON report of cloudtrail-lint: lint --format json=report.json)";

/** Refuses a snapshot given as a baseline, and a report of a version this tool does not read. */
function checkKind(value: unknown, arg: string, locate: (error: InputError) => unknown): void {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return;
  const v = value as { schemaVersion?: unknown; tool?: { version?: unknown }; accounts?: unknown };
  if (typeof v.schemaVersion === "number" && Array.isArray(v.accounts)) {
    throw new InputError(
      `--baseline ${arg}: is a snapshot, not a report: the baseline is the JSON report of an earlier run (lint ${arg} --format json=report.json makes one)`,
      arg,
    );
  }
  // The version first: a report of another version fails the schema in many places, and the one
  // thing to say is which versions are read.
  if (!("schemaVersion" in v) || (READABLE_REPORT_VERSIONS as readonly unknown[]).includes(v.schemaVersion)) return;
  const by = typeof v.tool?.version === "string" ? ` (made by cloudtrail-lint ${v.tool.version})` : "";
  throw locate(
    new InputError(
      `${arg}: /schemaVersion: the baseline is a report of schemaVersion ${JSON.stringify(v.schemaVersion)}${by}; cloudtrail-lint ${packageVersion()} reads reports of schemaVersion ${READABLE_REPORT_VERSIONS.join(" and ")} as a baseline: make the baseline again with this version (lint the same snapshot with --format json)`,
      arg,
      "/schemaVersion",
    ),
  );
}

export function loadBaseline(arg: string, cwd: string, env: CliIo["env"], largeFrom = LARGE_BASELINE): LoadedBaseline {
  const absolute = resolve(cwd, arg);
  const file = displayPath(absolute, cwd, env);
  let text: string;
  try {
    if (statSync(absolute).size >= largeFrom && statSync(absolute).isFile()) {
      const report = readLargeBaseline(absolute, arg, HINT, (value) => checkKind(value, arg, (error) => error));
      return { arg, absolute, file, report: report as unknown as LoadedBaseline["report"] };
    }
    text = readFileSync(absolute, "utf8");
  } catch (error) {
    if (isInputError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a directory" : (error as Error).message;
    throw new InputError(`--baseline ${arg}: cannot read the baseline report: ${why}`, arg);
  }
  const doc = parseJsonInput(text, arg);
  checkKind(doc.value, arg, (error) => locateError(error, doc, arg));
  let report: LoadedBaseline["report"];
  try {
    report = assertValid<LoadedBaseline["report"]>("report.schema.json", doc.value, arg);
  } catch (error) {
    const located = locateError(error, doc, arg);
    if (!(located instanceof InputError)) throw located;
    throw new InputError(`${located.message}\n${HINT}`, located.file, located.path);
  }
  return { arg, absolute, file, report };
}

/**
 * The organization a report is about, when all its inputs name the same one; undefined otherwise
 * (standalone accounts, templates, several organizations).
 */
export function organizationOf(inputs: readonly Pick<ReportInput, "organizationId">[]): string | undefined {
  const ids = new Set(inputs.map((i) => i.organizationId));
  const [only] = ids;
  return ids.size === 1 && typeof only === "string" ? only : undefined;
}
