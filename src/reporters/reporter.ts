// A reporter turns a Report into the text of one output format. Pure: no I/O, no clock.
// A reporter of a large format also gives that text in pieces (renderChunks), for the CLI to write
// to disk as they come; joined, they are exactly what render returns.
import type { Report, ReportInput } from "../engine/report.js";

export interface ReporterOptions {
  /** ANSI colour (text only); the CLI sets it for a TTY without NO_COLOR. */
  color: boolean;
  /** Show remediation commands and evidence (text). */
  verbose: boolean;
  /** SARIF runs[].automationDetails.id; the SARIF reporter derives a default when absent. */
  category?: string;
}

export interface Reporter {
  name: string;
  /** Usual file extension, for docs and default file names. */
  extension: string;
  render(report: Report, options: ReporterOptions): string;
  /** The text of `render`, in pieces (see src/util/json-chunks.ts); absent: render's text is written whole. */
  renderChunks?(report: Report, options: ReporterOptions): Iterable<string>;
}

/** ", shard 2 of 4" / ", 4 shards" / ", partial scan: shards 2, 3 of 4 missing" for a live input's header line; "" otherwise. */
export function shardNote(input: Pick<ReportInput, "shard" | "shards">): string {
  if (input.shard) return `, shard ${input.shard.index} of ${input.shard.count}`;
  if (!input.shards) return "";
  const { count, missing } = input.shards;
  if (missing.length === 0) return `, ${count} shard${count === 1 ? "" : "s"}`;
  return `, partial scan: shard${missing.length > 1 ? "s" : ""} ${missing.join(", ")} of ${count} missing`;
}
