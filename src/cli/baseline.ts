// --baseline <report.json>: an earlier JSON report of cloudtrail-lint, read and checked before any
// input is read (a bad one is bad input: exit 2, nothing written). Reports of every schemaVersion
// whose results carry what the fingerprint needs are read (READABLE_REPORT_VERSIONS: 1.0 and 1.1);
// another version, or a file that is not such a report, is refused with a message naming the file
// and where in it.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseJsonInput } from "../config/document.js";
import { locateError } from "../config/load.js";
import type { BaselineReport } from "../engine/baseline.js";
import { READABLE_REPORT_VERSIONS, type ReportInput } from "../engine/report.js";
import { InputError } from "../util/errors.js";
import { packageVersion } from "../util/paths.js";
import { assertValid } from "../util/schemas.js";
import { displayPath, type CliIo } from "./io.js";

export interface LoadedBaseline {
  /** As given on the command line. */
  arg: string;
  absolute: string;
  /** As reports name files (repository-relative where possible). */
  file: string;
  report: BaselineReport & { inputs: readonly Pick<ReportInput, "organizationId">[] };
}

export function loadBaseline(arg: string, cwd: string, env: CliIo["env"]): LoadedBaseline {
  const absolute = resolve(cwd, arg);
  let text: string;
  try {
    text = readFileSync(absolute, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a directory" : (error as Error).message;
    throw new InputError(`--baseline ${arg}: cannot read the baseline report: ${why}`, arg);
  }
  const doc = parseJsonInput(text, arg);
  const value = doc.value as { schemaVersion?: unknown; tool?: { version?: unknown }; accounts?: unknown } | null;
  if (value !== null && typeof value === "object" && typeof value.schemaVersion === "number" && Array.isArray(value.accounts)) {
    throw new InputError(
      `--baseline ${arg}: is a snapshot, not a report: the baseline is the JSON report of an earlier run (lint ${arg} --format json=report.json makes one)`,
      arg,
    );
  }
  // The version first: a report of another version fails the schema in many places, and the one
  // thing to say is which versions are read.
  if (value !== null && typeof value === "object" && !Array.isArray(value) && "schemaVersion" in value) {
    const version = value.schemaVersion;
    if (!(READABLE_REPORT_VERSIONS as readonly unknown[]).includes(version)) {
      const by = typeof value.tool?.version === "string" ? ` (made by cloudtrail-lint ${value.tool.version})` : "";
      throw locateError(
        new InputError(
          `${arg}: /schemaVersion: the baseline is a report of schemaVersion ${JSON.stringify(version)}${by}; cloudtrail-lint ${packageVersion()} reads reports of schemaVersion ${READABLE_REPORT_VERSIONS.join(" and ")} as a baseline: make the baseline again with this version (lint the same snapshot with --format json)`,
          arg,
          "/schemaVersion",
        ),
        doc,
        arg,
      );
    }
  }
  let report: LoadedBaseline["report"];
  try {
    report = assertValid<LoadedBaseline["report"]>("report.schema.json", doc.value, arg);
  } catch (error) {
    const located = locateError(error, doc, arg);
    if (!(located instanceof InputError)) throw located;
    throw new InputError(`${located.message}\n(--baseline takes a JSON report of cloudtrail-lint: lint --format json=report.json)`, located.file, located.path);
  }
  return { arg, absolute, file: displayPath(absolute, cwd, env), report };
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
