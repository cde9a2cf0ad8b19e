// eslint-rules/no-import-cycles.js (import-x/no-cycle on src/, as eslint.config.js applies it): the
// config block lints the fixtures of test/fixtures/import-cycles, and the test asserts exactly which
// imports are reported. A resolver that fails to map `./b.js` to b.ts finds no cycle, and fails it.
import assert from "node:assert/strict";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { noImportCycles } from "../../eslint-rules/no-import-cycles.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const fixtureDir = join(root, "test", "fixtures", "import-cycles");

describe("eslint: import cycles fail the lint (import-x/no-cycle)", () => {
  let reported: string[];

  before(async function () {
    this.timeout(30_000);
    const eslint = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: [{ files: ["**/*.ts"], languageOptions: { parser: tseslint.parser }, ...noImportCycles }],
    });
    const results = await eslint.lintFiles([join(fixtureDir, "**", "*.ts")]);
    reported = results
      .flatMap((r) => r.messages.map((m) => `${relative(fixtureDir, r.filePath).split("\\").join("/")}:${m.line} ${m.ruleId ?? "fatal"}: ${m.message}`))
      .sort();
  });

  it("reports each import of a cycle, in both files, and nothing else", () => {
    assert.deepEqual(reported, [
      "cycle/a.ts:1 import-x/no-cycle: Dependency cycle detected",
      "cycle/b.ts:1 import-x/no-cycle: Dependency cycle detected",
    ]);
  });
});
