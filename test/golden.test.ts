// Golden files: every format rendered from the bundled examples, byte for byte.
// Regenerate after an intended change with `npm run golden:update`, then review the diff.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { schemaValidator } from "../src/util/schemas.js";
import { cli, tempDir } from "./cli/helpers.js";
import { sarifSchema } from "./helpers/sarif-schema.js";

const ROOT = new URL("..", import.meta.url).pathname;
const GOLDEN = join(ROOT, "test", "golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";
const NOW = "2026-11-20T12:30:00Z";

const FORMATS = [
  ["text", "txt"],
  ["json", "json"],
  ["sarif", "sarif"],
  ["junit", "junit.xml"],
  ["markdown", "md"],
] as const;

for (const example of ["org", "blog"] as const) {
  describe(`golden: examples/${example}-snapshot.json`, () => {
    const outputs = new Map<string, string>();

    before(async () => {
      const out = tempDir();
      const args = ["lint", `examples/${example}-snapshot.json`, "--now", NOW, "--quiet", "--fail-on", "none"];
      for (const [format, ext] of FORMATS) args.push("--format", `${format}=${join(out, `${example}.${ext}`)}`);
      const run = await cli(args, { cwd: ROOT });
      assert.equal(run.code, example === "org" ? 3 : 0, run.stderr);
      for (const [, ext] of FORMATS) outputs.set(ext, readFileSync(join(out, `${example}.${ext}`), "utf8"));
    });

    for (const [format, ext] of FORMATS) {
      it(`${format} matches test/golden/${example}.${ext}`, () => {
        const file = join(GOLDEN, `${example}.${ext}`);
        const actual = outputs.get(ext)!;
        if (UPDATE || !existsSync(file)) {
          assert.ok(UPDATE, `missing golden file ${file}: run npm run golden:update`);
          mkdirSync(GOLDEN, { recursive: true });
          writeFileSync(file, actual);
        }
        assert.equal(actual, readFileSync(file, "utf8"), `${format} output changed: review, then npm run golden:update`);
      });
    }

    it("SARIF validates against the official SARIF 2.1.0 schema", () => {
      const validate = sarifSchema();
      assert.ok(validate(JSON.parse(outputs.get("sarif")!)), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    });

    it("JSON validates against schemas/report.schema.json", () => {
      const validate = schemaValidator("report.schema.json");
      assert.ok(validate(JSON.parse(outputs.get("json")!)), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    });

    it("JUnit parses back with one suite per account and counts that match the JSON report", () => {
      const report = JSON.parse(outputs.get("json")!) as { accounts: { accountId: string; counts: Record<string, number> }[] };
      const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(outputs.get("junit.xml")!) as {
        testsuites: { testsuite: { name: string; failures: string; errors: string }[] | { name: string; failures: string; errors: string } };
      };
      const suites = [xml.testsuites.testsuite].flat();
      assert.equal(suites.length, report.accounts.length);
      for (const account of report.accounts) {
        const suite = suites.find((s) => s.name.startsWith(account.accountId));
        assert.ok(suite, `no suite for ${account.accountId}`);
        assert.equal(Number(suite.errors), account.counts.ERROR);
      }
    });
  });
}
