// The JSON report: the Report as it is, for scorecard dashboards and other tools.
import type { Reporter } from "./reporter.js";

export const reporter: Reporter = {
  name: "json",
  extension: "json",
  render: (report) => `${JSON.stringify(report, null, 2)}\n`,
};
