// The `paths` input's glob expansion (src/action/glob.ts).
import assert from "node:assert/strict";
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { expandPaths, segmentRegExp } from "../../src/action/glob.js";
import { isIacFile } from "../../src/sources/iac-inputs.js";
import { workspace } from "./helpers.js";

describe("action paths: glob expansion", () => {
  let ws: string;
  before(() => {
    ws = workspace({
      "a.json": "{}",
      "b.json": "{}",
      ".hidden.json": "{}",
      "notes.txt": "",
      "snapshots/prod.json": "{}",
      "snapshots/dev.json": "{}",
      "snapshots/2026/q4.json": "{}",
      "snapshots/.cache/old.json": "{}",
      "infra/cfn/trail.yaml": "",
      "infra/cfn/trail.yml": "",
      "infra/tf/prod.tfplan.json": "{}",
      "cloudtrail-lint-results/lint.json": "{}",
      "odd/weird name [1].json": "{}",
    });
    mkdirSync(join(ws, "empty"));
    symlinkSync(join(ws, "snapshots"), join(ws, "infra", "link"));
  });
  const expand = (...patterns: string[]) => expandPaths(patterns, { cwd: ws, exclude: join(ws, "cloudtrail-lint-results") });

  it("keeps a literal path as written", () => {
    assert.deepEqual(expand("./a.json", "snapshots/prod.json"), ["./a.json", "snapshots/prod.json"]);
  });

  it("* and ? match within a segment, sorted, and skip dot files", () => {
    assert.deepEqual(expand("*.json"), ["a.json", "b.json"]);
    assert.deepEqual(expand("?.json"), ["a.json", "b.json"]);
    assert.deepEqual(expand(".*.json"), [".hidden.json"]);
  });

  it("** matches any number of directories, not dot directories or symbolic links, and never the Action's own reports", () => {
    assert.deepEqual(expand("**/*.json"), ["a.json", "b.json", "infra/tf/prod.tfplan.json", "odd/weird name [1].json", "snapshots/2026/q4.json", "snapshots/dev.json", "snapshots/prod.json"]);
    assert.deepEqual(expand("snapshots/**"), ["snapshots/2026/q4.json", "snapshots/dev.json", "snapshots/prod.json"]);
  });

  it("a literal directory in a pattern is followed even when it is a link", () => {
    assert.deepEqual(expand("infra/link/*.json"), ["infra/link/dev.json", "infra/link/prod.json"]);
  });

  it("{a,b} and [...] classes", () => {
    assert.deepEqual(expand("infra/cfn/trail.{yaml,yml}"), ["infra/cfn/trail.yaml", "infra/cfn/trail.yml"]);
    assert.deepEqual(expand("[ab].json"), ["a.json", "b.json"]);
    assert.deepEqual(expand("[!a].json"), ["b.json"]);
    assert.deepEqual(expand("snapshots/[c-e]*.json"), ["snapshots/dev.json"]);
  });

  it("each file once, in the order of the patterns", () => {
    assert.deepEqual(expand("snapshots/prod.json", "snapshots/*.json", "a.json", "*.json"), ["snapshots/prod.json", "snapshots/dev.json", "a.json", "b.json"]);
  });

  it("an absolute pattern gives absolute paths outside cwd and relative ones inside", () => {
    assert.deepEqual(expandPaths([`${ws}/snapshots/*.json`], { cwd: join(ws, "infra") }), [`${ws}/snapshots/dev.json`, `${ws}/snapshots/prod.json`]);
    assert.deepEqual(expandPaths([`${ws}/snapshots/*.json`], { cwd: ws }), ["snapshots/dev.json", "snapshots/prod.json"]);
  });

  it("a literal name with brackets is a pattern; a class matches it", () => {
    assert.deepEqual(expand("odd/weird name [[]1].json"), ["odd/weird name [1].json"]);
  });

  const bad: [string, string][] = [
    ["missing.json", "file not found"],
    ["empty", "is a directory (name the files, e.g. dir/*.json)"],
    ["snapshots/*.yaml", "matched no files"],
    ["cloudtrail-lint-results/*.json", "matched no files"],
    ["empty/**/*.json", "matched no files"],
  ];
  for (const [pattern, why] of bad) {
    it(`rejects ${pattern}: ${why}`, () => {
      assert.throws(() => expand(pattern), { name: "InputError", message: `input paths: ${pattern}: ${why} (relative to ${ws})` });
    });
  }

  it("a glob matches only the extensions the mode reads; named files and (for iac) directories pass", () => {
    const iac = { cwd: ws, extensions: /\.(json|ya?ml|template)$/i, allowDirectories: true };
    assert.deepEqual(expandPaths(["infra/**/*", "notes.txt"], iac), ["infra/cfn/trail.yaml", "infra/cfn/trail.yml", "infra/tf/prod.tfplan.json", "notes.txt"]);
    assert.deepEqual(expandPaths(["*"], { cwd: ws, extensions: /\.json$/i }), ["a.json", "b.json"]);
    assert.deepEqual(expandPaths(["empty"], iac), ["empty"]);
  });

  it("a glob keeps what `accept` takes (iac: templates and plans by content); a named file is kept whatever it holds", () => {
    const dir = workspace({ "t/a.yaml": "Resources:\n  B:\n    Type: AWS::S3::Bucket\n", "t/package.json": '{"name": "x"}', "t/plan.json": '{"format_version": "1.2", "planned_values": {}}' });
    const iac = { cwd: dir, extensions: /\.(json|ya?ml|template)$/i, allowDirectories: true, accept: isIacFile, accepted: "CloudFormation template or Terraform plan" };
    assert.deepEqual(expandPaths(["t/*", "t/package.json"], iac), ["t/a.yaml", "t/plan.json", "t/package.json"]);
    assert.throws(() => expandPaths(["t/*.json", "t/pack*"], iac), {
      name: "InputError",
      message: `input paths: t/pack*: matched no CloudFormation template or Terraform plan among 1 file (relative to ${dir})`,
    });
  });

  it("segment expressions escape regular-expression syntax", () => {
    assert.ok(segmentRegExp("a+b(1).json").test("a+b(1).json"));
    assert.ok(!segmentRegExp("a.json").test("abjson"));
    assert.ok(segmentRegExp("x{1,2}").test("x2"));
    assert.ok(segmentRegExp("x{1").test("x{1"));
  });
});
