// A reporter turns a Report into the text of one output format. Pure: no I/O, no clock.
import type { Report } from "../engine/report.js";

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
}
