// The JSON report (the scorecard): the Report as it is, for dashboards and other tools, led by a
// `$schema` that names schemas/report.schema.json. Field names are stable within a schemaVersion.
import type { Report } from "../engine/report.js";
import { jsonChunks } from "../util/json-chunks.js";
import type { Reporter } from "./reporter.js";

export const REPORT_SCHEMA_ID = "https://github.com/cloudtrail-lint/cloudtrail-lint/schemas/report.schema.json";

/** The document the JSON reporter writes: the report with its schema id first. */
export function toJson(report: Report): { $schema: string } & Report {
  return { $schema: REPORT_SCHEMA_ID, ...report };
}

export const reporter: Reporter = {
  name: "json",
  extension: "json",
  render: (report) => `${JSON.stringify(toJson(report), null, 2)}\n`,
  renderChunks: function* (report) {
    yield* jsonChunks(toJson(report));
    yield "\n";
  },
};
