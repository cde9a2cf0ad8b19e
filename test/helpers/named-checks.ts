// A test that pins findings pins them for the checks it names, so a check added later adds no
// finding to it (only the check's own test, test/examples.test.ts and the golden files pin every
// check's findings; `npm run regen` regenerates the goldens).
import { checks } from "../../src/checks/index.js";
import type { AnyCheck } from "../../src/engine/check.js";

/** The registered checks with these ids, in the order given; an id that is not registered throws. */
export function namedChecks(ids: readonly string[]): AnyCheck[] {
  return ids.map((id) => {
    const check = checks.find((c) => c.meta.id === id);
    if (!check) throw new Error(`no registered check ${id}`);
    return check;
  });
}

/** The six checks every source test pins (iac-invalid-trail-config runs on templates and plans only). */
export const CORE_CHECKS = [
  "cloudwatch-logs-integration",
  "data-events-tagged-buckets",
  "global-service-events",
  "log-bucket-no-delete",
  "log-bucket-object-lock",
  "multi-region-trail",
] as const;
