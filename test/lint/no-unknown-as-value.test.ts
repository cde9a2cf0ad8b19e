// eslint-rules/no-unknown-as-value.js, type-aware: one fixture file (test/fixtures/lint) holds every
// case, linted once with the rule alone; the test asserts exactly which expressions are reported,
// with which message, so a case the rule misses and a case it reports wrongly both fail.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { noUnknownAsValue } from "../../eslint-rules/no-unknown-as-value.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const fixtureDir = join(root, "test", "fixtures", "lint");
const fixture = join(fixtureDir, "unknown-as-value.ts");

describe("eslint rule no-unknown-as-value", () => {
  let reported: string[];
  let fatal: string[];

  before(async function () {
    this.timeout(30_000);
    const eslint = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: ["**/*.ts"],
          languageOptions: { parser: tseslint.parser, parserOptions: { project: "./tsconfig.json", tsconfigRootDir: fixtureDir } },
          plugins: { "cloudtrail-lint": { rules: { "no-unknown-as-value": noUnknownAsValue } } },
          rules: { "cloudtrail-lint/no-unknown-as-value": "error" },
        },
      ],
    });
    const [result] = await eslint.lintFiles([fixture]);
    const lines = readFileSync(fixture, "utf8").split("\n");
    fatal = result!.messages.filter((m) => m.fatal || m.ruleId !== "cloudtrail-lint/no-unknown-as-value").map((m) => m.message);
    reported = result!.messages
      .filter((m) => m.ruleId === "cloudtrail-lint/no-unknown-as-value")
      .map((m) => {
        assert.equal(m.endLine, m.line, "a reported expression spans one line");
        return `${m.line} ${m.messageId}: ${lines[m.line - 1]!.slice(m.column - 1, m.endColumn! - 1)}`;
      });
  });

  it("lints the fixture with types (no parse or project error)", () => {
    assert.deepEqual(fatal, []);
  });

  it("reports exactly the comparisons, tests and prints of values that may be unknown", () => {
    assert.deepEqual(reported, [
      "10 compared: x.IsMultiRegionTrail",
      "14 compared: x.IsOrganizationTrail",
      "18 tested: bucket.policy",
      "23 tested: trail.status",
      "27 tested: trail.LogFileValidationEnabled",
      "31 tested: trail.IncludeGlobalServiceEvents",
      "35 tested: trail.HasInsightSelectors",
      "39 tested: trail.HasCustomEventSelectors",
      "43 printed: value",
      "47 printed: bucket.Region",
    ]);
  });

  it("reports nothing after the Reported cases: isUnknown narrowing, null/undefined, records with an optional $unknown, plain values, ?? right side", () => {
    const notReported = readFileSync(fixture, "utf8").split("\n").indexOf("// Not reported.") + 1;
    assert.ok(notReported > 0);
    assert.deepEqual(reported.filter((r) => Number(r.split(" ")[0]) > notReported), []);
  });
});
