// The published package, as `npm pack` makes it (its prepare script builds dist/ first, as on
// publish): it ships the licence, the notice and the examples, and `cloudtrail-lint demo` (the first
// example of --help) runs from the unpacked package in a directory outside the repository, reading the
// example from the package. Dependencies come from the repository's node_modules, linked: nothing is
// downloaded.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../../src/util/paths.js";
import { tempDir } from "./helpers.js";

const ROOT = packageRoot();
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

describe("the packed package (npm pack)", function () {
  this.timeout(300_000);
  let unpacked: string;
  let files: string[];

  before(() => {
    const out = tempDir();
    const json = execFileSync(npm, ["pack", "--json", "--pack-destination", out], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const [pack] = JSON.parse(json.slice(json.indexOf("["))) as [{ filename: string; files: { path: string }[] }];
    files = pack.files.map((f) => f.path);
    execFileSync("tar", ["xzf", join(out, pack.filename), "-C", out]);
    unpacked = join(out, "package");
    symlinkSync(join(ROOT, "node_modules"), join(unpacked, "node_modules"), "dir");
  });

  function run(args: string[]) {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", SOURCE_DATE_EPOCH: "1790000000" };
    delete env.GITHUB_WORKSPACE;
    const r = spawnSync(process.execPath, [join(unpacked, "dist/src/cli/main.js"), ...args], { cwd: tempDir(), env, encoding: "utf8", timeout: 60_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it("ships LICENSE (the Apache License 2.0 text), NOTICE, the examples and the built CLI, and no sources or tests", () => {
    for (const file of ["LICENSE", "NOTICE", "README.md", "examples/org-snapshot.json", "examples/iac/blog.yaml", "examples/iac/blog.tfplan.json", "dist/src/cli/main.js", "dist/src/cli/demo.js"]) {
      assert.ok(files.includes(file), file);
    }
    assert.deepEqual(files.filter((f) => /^(src|test|scripts|bench)\//.test(f)), []);
    assert.equal(readFileSync(join(unpacked, "LICENSE"), "utf8"), readFileSync(join(ROOT, "LICENSE"), "utf8"));
  });

  it("--help's first example is `cloudtrail-lint demo`, and it lints the example from the package, outside the repository", () => {
    const help = run(["--help"]);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /\nExamples:\n {2}\$ cloudtrail-lint demo\n/);
    const path = run(["demo", "--path"]);
    assert.deepEqual(path, { code: 0, stdout: `${join(unpacked, "examples")}\n`, stderr: "" });
    const demo = run(["demo", "--format", "json"]);
    assert.equal(demo.code, 1, demo.stderr);
    const report = JSON.parse(demo.stdout) as { inputs: { file: string; accountCount: number }[]; results: { checkId: string; status: string }[] };
    assert.deepEqual(report.inputs.map((i) => i.file), ["examples/org-snapshot.json"]);
    // Byte for byte what the README's first command prints in the repository.
    const inRepo = spawnSync(process.execPath, [join(unpacked, "dist/src/cli/main.js"), "lint", "examples/org-snapshot.json", "--format", "json"], {
      cwd: ROOT,
      env: { ...process.env, SOURCE_DATE_EPOCH: "1790000000", GITHUB_WORKSPACE: "" },
      encoding: "utf8",
    });
    assert.equal(demo.stdout, inRepo.stdout);
  });

  it("has no install script, so installing it builds nothing and npm does not warn (prepare is for clones)", () => {
    const packed = JSON.parse(readFileSync(join(unpacked, "package.json"), "utf8")) as { scripts: Record<string, string> };
    const repo = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    assert.deepEqual(Object.keys(packed.scripts).filter((name) => /^(pre|post)?install$|^prepare$/.test(name)), []);
    assert.equal(repo.scripts.prepare, "npm run build", "package.json is restored after the pack");
    const { prepare: _prepare, ...rest } = repo.scripts;
    assert.deepEqual(packed.scripts, rest);
  });
});
