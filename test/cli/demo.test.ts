// `cloudtrail-lint demo` in-process: the README's first command from any directory, and --path.
// test/cli/package.test.ts runs it from the packed package.
import assert from "node:assert/strict";
import { join } from "node:path";
import { packageRoot } from "../../src/util/paths.js";
import { cli, tempDir } from "./helpers.js";

const ROOT = packageRoot();
const NOW = ["--now", "2026-11-20T12:00:00Z"];

describe("cli demo", () => {
  it("prints what `lint examples/org-snapshot.json` prints in the repository, from another directory", async () => {
    const lint = await cli(["lint", "examples/org-snapshot.json", "--format", "json", ...NOW], { cwd: ROOT });
    const demo = await cli(["demo", "--format", "json", ...NOW], { cwd: tempDir() });
    assert.equal(lint.code, 1);
    assert.deepEqual(demo, lint);
  });

  it("--path prints the package's examples directory", async () => {
    assert.deepEqual(await cli(["demo", "--path"], { cwd: tempDir() }), { code: 0, stdout: `${join(ROOT, "examples")}\n`, stderr: "" });
  });
});
