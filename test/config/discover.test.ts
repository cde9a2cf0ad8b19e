// Config discovery: the nearest config from the working directory up to the repository root (the
// nearest directory holding .git, a directory or a file), never above it; without .git, only the
// working directory. Through the CLI: a parent's config applies from a subdirectory, with its
// plugins relative to the config file's directory, and --print-config shows what is in effect.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "yaml";
import { configSearchPath, discoverConfigFile, repositoryRoot } from "../../src/config/discover.js";
import { parseConfigText } from "../../src/config/load.js";
import { effectiveConfig } from "../../src/cli/print-config.js";
import { packageRoot } from "../../src/util/paths.js";
import { InputError } from "../../src/util/errors.js";
import { checkSource, pluginFile, pluginSource } from "../plugins/helpers.js";
import { cli, FAKES, outcomeTags, put, tempDir } from "../cli/helpers.js";
import { single, trail } from "../helpers/builders.js";

/** <tmp>/outer/repo/a/b, with .git in repo (a directory, or a file as in a worktree). */
function layout(gitFile = false) {
  const outer = join(tempDir(), "outer");
  const repo = join(outer, "repo");
  const sub = join(repo, "a", "b");
  mkdirSync(sub, { recursive: true });
  if (gitFile) put(repo, ".git", "gitdir: /elsewhere/.git/worktrees/repo\n");
  else mkdirSync(join(repo, ".git"));
  return { outer, repo, a: join(repo, "a"), sub };
}

/** A snapshot whose trail makes fake-high FAIL (severity high) and fake-low FAIL (severity low). */
const FAILING = single([trail({ Name: "t", tags: outcomeTags({ "fake-high": "FAIL", "fake-low": "FAIL" }) })]);

describe("config discovery", () => {
  it("searches the working directory and each parent up to and including the repository root", () => {
    const { repo, a, sub } = layout();
    assert.equal(repositoryRoot(sub), repo);
    assert.deepEqual(configSearchPath(sub), [sub, a, repo]);
    assert.deepEqual(configSearchPath(repo), [repo]);
  });

  it("a .git file (worktree, submodule) marks the root as a .git directory does", () => {
    const { repo, sub } = layout(true);
    assert.equal(repositoryRoot(sub), repo);
    put(repo, ".cloudtrail-lint.json", "{}");
    assert.equal(discoverConfigFile(sub), join(repo, ".cloudtrail-lint.json"));
  });

  it("finds the parent's config from a subdirectory; the nearest wins", () => {
    const { repo, a, sub } = layout();
    put(repo, ".cloudtrail-lint.yml", "{}\n");
    assert.equal(discoverConfigFile(sub), join(repo, ".cloudtrail-lint.yml"));
    put(a, ".cloudtrail-lint.yaml", "{}\n");
    assert.equal(discoverConfigFile(sub), join(a, ".cloudtrail-lint.yaml"));
    assert.equal(discoverConfigFile(repo), join(repo, ".cloudtrail-lint.yml"));
  });

  it("never looks above the repository root", () => {
    const { outer, sub, repo } = layout();
    put(outer, ".cloudtrail-lint.yml", "{}\n");
    assert.equal(discoverConfigFile(sub), undefined);
    assert.equal(discoverConfigFile(repo), undefined);
  });

  it("outside a repository, only the working directory", () => {
    const dir = tempDir();
    const sub = join(dir, "sub");
    mkdirSync(sub);
    put(dir, ".cloudtrail-lint.yml", "{}\n");
    assert.equal(repositoryRoot(sub), undefined);
    assert.deepEqual(configSearchPath(sub), [sub]);
    assert.equal(discoverConfigFile(sub), undefined);
    assert.equal(discoverConfigFile(dir), join(dir, ".cloudtrail-lint.yml"));
  });

  it("two config files in one directory are an error, naming the directory when it is a parent", () => {
    const { repo, sub } = layout();
    put(repo, ".cloudtrail-lint.yml", "{}\n");
    put(repo, ".cloudtrail-lint.json", "{}");
    assert.throws(
      () => discoverConfigFile(sub),
      (error: unknown) =>
        error instanceof InputError &&
        error.message === "in ../..: found .cloudtrail-lint.yml and .cloudtrail-lint.json: keep one configuration file, or choose one with --config",
    );
    assert.throws(
      () => discoverConfigFile(repo),
      (error: unknown) =>
        error instanceof InputError && error.message === "found .cloudtrail-lint.yml and .cloudtrail-lint.json: keep one configuration file, or choose one with --config",
    );
  });

  it("a nearer directory's file wins without looking at a farther ambiguous pair", () => {
    const { repo, sub } = layout();
    put(repo, ".cloudtrail-lint.yml", "{}\n");
    put(repo, ".cloudtrail-lint.json", "{}");
    put(sub, ".cloudtrail-lint.yml", "{}\n");
    assert.equal(discoverConfigFile(sub), join(sub, ".cloudtrail-lint.yml"));
  });

  describe("through the CLI", () => {
    it("lint in a subdirectory uses the repository root's config (its failOn, its severities) and names it in warnings", async () => {
      const { repo, sub } = layout();
      put(sub, "s.json", FAILING);
      put(
        repo,
        ".cloudtrail-lint.yml",
        "failOn: high\nchecks:\n  fake-high:\n    severity: low\nsuppressions:\n  - check: fake-info\n    reason: old\n    expires: 2020-01-01\n",
      );
      const run = await cli(["lint", "s.json", "--format", "json"], { cwd: sub, checks: FAKES });
      assert.equal(run.code, 0, run.stderr); // both FAILs are low now, below failOn: high
      const report = JSON.parse(run.stdout) as { results: { checkId: string; status: string; severity: string }[] };
      assert.deepEqual(
        report.results.filter((f) => f.status === "FAIL").map((f) => [f.checkId, f.severity]),
        [["fake-high", "low"], ["fake-low", "low"]],
      );
      assert.equal(
        run.stderr,
        "cloudtrail-lint: warning: suppression for fake-info expired on 2020-01-01 and was not applied (../../.cloudtrail-lint.yml)\n",
      );
    });

    it("a config above the repository root does not apply", async () => {
      const { outer, sub } = layout();
      put(sub, "s.json", FAILING);
      put(outer, ".cloudtrail-lint.yml", "failOn: none\n");
      const run = await cli(["lint", "s.json", "--format", "json"], { cwd: sub, checks: FAKES });
      assert.equal(run.code, 1);
    });

    it("a found config's relative plugin paths start from the config file's directory", async () => {
      const { repo, sub } = layout();
      put(sub, "s.json", single([]));
      pluginFile(join(repo, "ci"), "plugin.mjs", pluginSource("local", checkSource("mine")));
      put(repo, ".cloudtrail-lint.yml", "plugins:\n  - ./ci/plugin.mjs\n");
      const run = await cli(["checks", "--format", "json"], { cwd: sub, checks: FAKES });
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual((JSON.parse(run.stdout) as { id: string }[]).map((c) => c.id), ["fake-high", "fake-low", "fake-info", "local/mine"]);
    });
  });
});

describe("--print-config", () => {
  const CONFIG = [
    "failOn: high",
    "plugins:",
    "  - ./ci/plugin.mjs",
    "checks:",
    "  fake-low:",
    "    severity: critical",
    "    params: { level: 3 }",
    "  fake-info:",
    "    enabled: false",
    "suppressions:",
    '  - check: fake-high',
    '    account: "111122223333"',
    "    reason: SEC-1",
    "    expires: 2027-03-31",
    "",
  ].join("\n");

  function repoWithConfig() {
    const l = layout();
    pluginFile(join(l.repo, "ci"), "plugin.mjs", pluginSource("local", checkSource("mine")));
    put(l.repo, ".cloudtrail-lint.yml", CONFIG);
    return l;
  }

  const EXPECTED = {
    failOn: "high",
    plugins: ["./ci/plugin.mjs"],
    checks: {
      "fake-high": { enabled: true, severity: "high", params: { level: 1 } },
      "fake-low": { enabled: true, severity: "critical", params: { level: 3 } },
      "fake-info": { enabled: false, severity: "info", params: { level: 1 } },
      "local/mine": { enabled: true, severity: "medium", params: { level: 1 } },
    },
    suppressions: [{ check: "fake-high", account: "111122223333", reason: "SEC-1", expires: "2027-03-31" }],
  };

  it("lint --print-config (no snapshot needed): YAML with the source in a comment, every check merged with its defaults, exit 0", async () => {
    const { sub } = repoWithConfig();
    const run = await cli(["lint", "--print-config"], { cwd: sub, checks: FAKES });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, "");
    const lines = run.stdout.split("\n");
    assert.deepEqual(lines.slice(0, 2), [
      "# cloudtrail-lint: configuration in effect",
      "# From ../../.cloudtrail-lint.yml, merged with the defaults. Relative plugin paths are relative to its directory.",
    ]);
    assert.deepEqual(parse(run.stdout), EXPECTED);
  });

  it("the printed YAML, read back as a config, gives the same configuration", async () => {
    const { sub } = repoWithConfig();
    const run = await cli(["lint", "--print-config"], { cwd: sub, checks: FAKES });
    // Read back without the plugin (its path is relative to the original file) against the fakes.
    const text = run.stdout.replace(/^plugins:\n( {2}- .*\n)+/m, "").replace(/^ {2}local\/mine:\n( {4}.*\n)+/m, "");
    const source = parseConfigText(text, "printed.yml", "yaml");
    const { "local/mine": _mine, ...checks } = EXPECTED.checks;
    assert.deepEqual(effectiveConfig(source, FAKES), { source: "printed.yml", config: { ...EXPECTED, plugins: [], checks } });
  });

  it("--format json: { source, config }; the same from iac and scan (which then reads no AWS)", async () => {
    const { sub } = repoWithConfig();
    for (const command of ["lint", "iac", "scan"]) {
      const run = await cli([command, "--print-config", "--format", "json"], { cwd: sub, checks: FAKES });
      assert.equal(run.code, 0, `${command}: ${run.stderr}`);
      assert.deepEqual(JSON.parse(run.stdout), { source: "../../.cloudtrail-lint.yml", config: EXPECTED }, command);
    }
  });

  it("without a config file: the defaults, said so; --plugin's checks are included", async () => {
    const dir = tempDir();
    const plugin = pluginFile(dir, "p.mjs", pluginSource("cli", checkSource("extra")));
    const run = await cli(["lint", "--print-config", "--plugin", plugin], { cwd: dir, checks: FAKES });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^# cloudtrail-lint: configuration in effect\n# No config file: these are the defaults\.\nfailOn: low\nplugins: \[\]\n/);
    const printed = parse(run.stdout) as { checks: Record<string, unknown>; suppressions: unknown[] };
    assert.deepEqual(Object.keys(printed.checks), ["fake-high", "fake-low", "fake-info", "cli/extra"]);
    assert.deepEqual(printed.suppressions, []);
  });

  it("--config names the file; a snapshot given anyway is not read", async () => {
    const dir = tempDir();
    put(dir, "ci/lint.json", '{ "failOn": "critical" }');
    const run = await cli(["lint", "missing.json", "--print-config", "--config", "ci/lint.json", "--format", "json"], { cwd: dir, checks: FAKES });
    assert.equal(run.code, 0, run.stderr);
    const printed = JSON.parse(run.stdout) as { source: string; config: { failOn: string } };
    assert.deepEqual([printed.source, printed.config.failOn], ["ci/lint.json", "critical"]);
  });

  it("a bad config is exit 2 as in a run; --output and other formats are refused", async () => {
    const { sub, repo } = layout();
    put(repo, ".cloudtrail-lint.yml", "checks:\n  nope: {}\n");
    const bad = await cli(["lint", "--print-config"], { cwd: sub, checks: FAKES });
    assert.deepEqual([bad.code, bad.stdout], [2, ""]);
    assert.match(bad.stderr, /^cloudtrail-lint: \.\.\/\.\.\/\.cloudtrail-lint\.yml:2:3: \/checks\/nope: unknown check id "nope"/);
    const dir = tempDir();
    const output = await cli(["lint", "--print-config", "--output", "c.yml"], { cwd: dir, checks: FAKES });
    assert.deepEqual(output, { code: 2, stdout: "", stderr: "cloudtrail-lint: --print-config writes to stdout: drop --output\n" });
    const sarif = await cli(["lint", "--print-config", "--format", "sarif"], { cwd: dir, checks: FAKES });
    assert.deepEqual(sarif, {
      code: 2,
      stdout: "",
      stderr: "cloudtrail-lint: --print-config: --format sarif: it prints YAML, or JSON with --format json\n",
    });
  });

  it("without --print-config a missing snapshot is still the usage error, and --help shows <files...>", async () => {
    const dir = tempDir();
    const run = await cli(["lint"], { cwd: dir, checks: FAKES });
    assert.equal(run.code, 2);
    assert.equal(run.stdout, "");
    assert.equal(run.stderr, "error: missing required argument 'files'\n(add --help for usage)\n");
    const iac = await cli(["iac"], { cwd: dir, checks: FAKES });
    assert.equal(iac.stderr, "error: missing required argument 'files'\n(add --help for usage)\n");
    const help = await cli(["lint", "--help"], { cwd: dir, checks: FAKES });
    assert.match(help.stdout, /^Usage: cloudtrail-lint lint \[options\] <files\.\.\.>\n/);
    assert.match(help.stdout, /--print-config +print the configuration in effect/);
  });

  it("the built binary, spawned from a subdirectory of a repository: prints the root's config and exits 0", function () {
    this.timeout(60_000);
    const { repo, sub } = layout();
    put(repo, ".cloudtrail-lint.yml", "failOn: medium\n");
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
    delete env.GITHUB_WORKSPACE;
    // tsx as `node --import tsx` finds it from the package root (the cwd here is elsewhere).
    const tsx = pathToFileURL(join(packageRoot(), "node_modules", "tsx", "dist", "loader.mjs")).href;
    const main = join(packageRoot(), "src", "cli", "main.ts");
    const run = spawnSync(process.execPath, ["--import", tsx, main, "scan", "--print-config", "--format", "json"], { cwd: sub, env, encoding: "utf8", timeout: 60_000 });
    assert.equal(run.status, 0, run.stderr);
    const printed = JSON.parse(run.stdout) as { source: string; config: { failOn: string; checks: Record<string, unknown> } };
    assert.deepEqual([printed.source, printed.config.failOn], ["../../.cloudtrail-lint.yml", "medium"]);
    assert.deepEqual(printed.config.checks["multi-region-trail"], { enabled: true, severity: "high", params: { allowedExclusions: [] } });
  });
});
