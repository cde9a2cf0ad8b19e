// The GetTrail configuration fields are listed in three places that must agree: the model (which
// fields an error's `field` may name), the schema (which may hold an unknown) and the collector
// (which fields it copies from GetTrail).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TRAIL_CONFIGURATION_FIELDS } from "../../src/model/derive.js";
import { TRAIL_FIELDS } from "../../src/sources/aws/shape.js";

const schema = JSON.parse(readFileSync(join(import.meta.dirname, "../../schemas/snapshot.schema.json"), "utf8")) as {
  $defs: { trail: { properties: Record<string, { anyOf?: { $ref?: string }[] }> } };
};
const IDENTITY = ["Name", "TrailARN", "HomeRegion"];
const PER_TRAIL_READS = ["status", "eventSelectors", "advancedEventSelectors", "insightSelectors", "tags"];
/** Known to every live read (ListTrails), unknown only where a template leaves the deploy region open. */
const OPEN_IN_FILES = ["HomeRegion"];

describe("trail configuration fields", () => {
  it("are what the collector copies from GetTrail, less the trail's identity", () => {
    assert.deepEqual([...TRAIL_FIELDS].filter((f) => !IDENTITY.includes(f)).sort(), [...TRAIL_CONFIGURATION_FIELDS].sort());
  });

  it("are the trail fields the schema lets be unknown, less the other per-trail reads and the home region", () => {
    const maybe = Object.entries(schema.$defs.trail.properties)
      .filter(([, p]) => (p.anyOf ?? []).some((b) => b.$ref === "#/$defs/unknown"))
      .map(([name]) => name)
      .filter((name) => !PER_TRAIL_READS.includes(name) && !OPEN_IN_FILES.includes(name));
    assert.deepEqual(maybe.sort(), [...TRAIL_CONFIGURATION_FIELDS].sort());
  });
});
