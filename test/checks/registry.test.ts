// The registry and the conventions every check module keeps: each module in src/checks/ is
// registered once, its id is its file name, its metadata is complete and its params schema compiles
// with defaults, and every FAIL message has a fix.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { checks } from "../../src/checks/index.js";
import { SEVERITIES } from "../../src/engine/check.js";
import { resolveParams } from "../../src/engine/run.js";
import { checkProblems } from "../../src/plugins/validate.js";

const DIR = new URL("../../src/checks/", import.meta.url);
const modules = readdirSync(DIR)
  .filter((f) => f.endsWith(".ts") && f !== "index.ts")
  .map((f) => f.replace(/\.ts$/, ""))
  .sort();

describe("check registry", () => {
  it("registers every check module exactly once, id = file name", () => {
    assert.deepEqual(checks.map((c) => c.meta.id).sort(), modules);
  });

  for (const check of checks) {
    describe(check.meta.id, () => {
      const { meta } = check;

      it("has complete metadata", () => {
        assert.match(meta.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
        assert.ok(SEVERITIES.includes(meta.severity));
        for (const field of ["title", "rationale"] as const) assert.ok(meta[field].length > 20, `${field} is too short`);
        assert.ok(meta.reads.length > 0, "declares the reads its verdict depends on");
        assert.ok(meta.remediation.text.length > 0);
        for (const [framework, ids] of Object.entries(meta.frameworks)) assert.ok(ids.length > 0, `${framework} lists no control`);
      });

      it("keeps the metadata rules plugins' checks are held to (src/plugins/validate.ts)", () => {
        assert.deepEqual(checkProblems(check), []);
      });

      it("has a params schema that fills its defaults and rejects unknown params", () => {
        assert.equal((meta.params as { additionalProperties?: unknown }).additionalProperties, false);
        const defaults = resolveParams(check, {});
        assert.equal(typeof defaults, "object");
        assert.throws(() => resolveParams(check, { notAParam: 1 }), { name: "InputError" });
      });

      it("has fixes only for messageIds it defines, each with a text", () => {
        for (const [id, fix] of Object.entries(meta.fixes ?? {})) {
          assert.ok(id in meta.messages, `fix for unknown messageId ${id}`);
          assert.ok(fix!.text.length > 0, `fix ${id} has no text`);
        }
      });
    });
  }
});
