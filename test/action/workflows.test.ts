// The example workflows under examples/workflows/ are valid YAML, use only inputs and outputs
// that action.yml declares, and wire the steps the README promises.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { MODES } from "../../src/action/inputs.js";
import { actionYml, ROOT } from "./helpers.js";

const OUR_ACTION = "cloudtrail-lint/cloudtrail-lint@v1";

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { "runs-on": string; steps: Step[] }>;
}

const DIR = join(ROOT, "examples", "workflows");
const load = (file: string) => parse(readFileSync(join(DIR, file), "utf8"), { strict: true, uniqueKeys: true }) as Workflow;
const steps = (wf: Workflow) => Object.values(wf.jobs).flatMap((job) => job.steps);
const ours = (wf: Workflow) => steps(wf).filter((s) => s.uses === OUR_ACTION);
const uses = (wf: Workflow, prefix: string) => steps(wf).filter((s) => s.uses?.startsWith(prefix));

describe("example workflows", () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith(".yml")).sort();

  it("are the three the README shows", () => {
    assert.deepEqual(files, ["nightly-org-scan-sharded.yml", "nightly-org-scan.yml", "pr-lint.yml"]);
  });

  for (const file of files) {
    describe(file, () => {
      const wf = load(file);
      const { inputs, outputs } = actionYml();

      it("uses our action with inputs that action.yml declares and a valid mode", () => {
        assert.ok(ours(wf).length > 0);
        for (const step of ours(wf)) {
          for (const key of Object.keys(step.with ?? {})) assert.ok(key in inputs, `${file}: step "${step.name}" passes unknown input ${key}`);
          assert.ok((MODES as readonly string[]).includes(String(step.with?.mode)), `${file}: mode ${String(step.with?.mode)}`);
          assert.ok(step.id, `${file}: step "${step.name}" needs an id for its outputs`);
        }
      });

      it("reads only outputs that action.yml declares, of steps that exist", () => {
        const ids = new Set(ours(wf).map((s) => s.id));
        const text = readFileSync(join(DIR, file), "utf8");
        const refs = [...text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)];
        assert.ok(refs.length > 0);
        for (const [ref, id, output] of refs) {
          assert.ok(ids.has(id), `${file}: ${ref} names no step of our action`);
          assert.ok(output! in outputs, `${file}: ${ref} is not an output of action.yml`);
        }
      });

      it("uploads each SARIF file of our steps, even after a failing step, with our action's category", () => {
        const uploads = uses(wf, "github/codeql-action/upload-sarif@");
        assert.deepEqual(
          uploads.map((s) => s.with?.sarif_file),
          ours(wf).map((s) => `\${{ steps.${s.id}.outputs.sarif-file }}`),
        );
        for (const step of uploads) {
          assert.match(step.if ?? "", /!cancelled\(\)/);
          assert.equal(step.with?.category, undefined, "upload-sarif's category is ignored for our SARIF: set the action's category");
        }
        const categories = ours(wf).map((s) => s.with?.category);
        assert.ok(categories.every((c) => typeof c === "string" && c !== ""));
        assert.equal(new Set(categories).size, categories.length, "each SARIF needs its own category");
        assert.equal(wf.permissions?.["security-events"], "write");
      });
    });
  }

  it("nightly-org-scan: scheduled and manual, OIDC credentials, mode scan, JUnit kept as an artifact", () => {
    const wf = load("nightly-org-scan.yml");
    assert.deepEqual(Object.keys(wf.on).sort(), ["schedule", "workflow_dispatch"]);
    assert.deepEqual(wf.permissions, { "id-token": "write", "security-events": "write", contents: "read", actions: "read" });
    const all = steps(wf);
    const creds = all.findIndex((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
    const scan = all.findIndex((s) => s.uses === OUR_ACTION);
    assert.ok(creds !== -1 && creds < scan, "credentials before the scan");
    assert.match(String(all[creds]!.with?.["role-to-assume"]), /\S/);
    assert.equal(all[scan]!.with?.mode, "scan");
    const artifact = uses(wf, "actions/upload-artifact@");
    assert.equal(artifact.length, 2);
    assert.equal(artifact[0]!.with?.path, `\${{ steps.${all[scan]!.id}.outputs.junit-file }}`);
    assert.match(artifact[0]!.if ?? "", /!cancelled\(\)/);
  });

  it("nightly-org-scan: the previous run's JSON report is the baseline: kept as an artifact, downloaded, passed when there", () => {
    const wf = load("nightly-org-scan.yml");
    const all = steps(wf);
    const scan = all.findIndex((s) => s.uses === OUR_ACTION);
    const keep = uses(wf, "actions/upload-artifact@").find((s) => s.with?.path === `\${{ steps.${all[scan]!.id}.outputs.json-file }}`);
    assert.ok(keep, "the JSON report is kept");
    assert.match(keep.if ?? "", /!cancelled\(\)/);
    const download = all.findIndex((s) => s.uses?.startsWith("actions/download-artifact@"));
    assert.ok(download !== -1 && download < scan, "downloaded before the scan");
    const get = all[download]!;
    assert.equal(get.with?.name, keep.with?.name, "the artifact the previous run kept");
    assert.match(String(get.with?.["run-id"]), /\S/);
    assert.match(String(get.with?.["github-token"]), /github\.token/);
    // The Action names its JSON report <mode>.json; the baseline is passed only when it was downloaded.
    const use = all.find((s) => /BASELINE=/.test(String((s as { run?: string }).run)));
    assert.ok(String((use as { run?: string }).run).includes(`${String(get.with?.path)}/scan.json`));
    assert.equal(all[scan]!.with?.baseline, "${{ env.BASELINE }}");
  });

  it("nightly-org-scan-sharded: a matrix of N collect --shard I/N jobs, each uploading its shard, then one lint of them all", () => {
    const text = readFileSync(join(DIR, "nightly-org-scan-sharded.yml"), "utf8");
    const wf = parse(text) as Workflow & { jobs: Record<string, { needs?: string; strategy?: { matrix: { shard: number[] } } }> };
    const shards = wf.jobs.collect!.strategy!.matrix.shard;
    const collect = wf.jobs.collect!.steps.find((s) => /collect --shard/.test(String((s as { run?: string }).run)));
    const [, count] = /--shard \$\{\{ matrix\.shard \}\}\/(\d+)/.exec(String((collect as { run?: string }).run)) ?? [];
    assert.deepEqual(shards, Array.from({ length: Number(count) }, (_, i) => i + 1), "the matrix is shards 1..N of --shard I/N");
    const upload = wf.jobs.collect!.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"));
    assert.match(String(upload?.with?.path), /shard-\$\{\{ matrix\.shard \}\}\.json/);
    assert.equal(wf.jobs.lint!.needs, "collect");
    const download = wf.jobs.lint!.steps.find((s) => s.uses?.startsWith("actions/download-artifact@"));
    assert.equal(download?.with?.["merge-multiple"], true);
    const [lint] = ours(wf);
    assert.equal(lint!.with?.mode, "lint");
    assert.equal(lint!.with?.paths, `${String(download!.with!.path)}/shard-*.json`);
  });

  it("pr-lint: on pull requests, mode iac then mode lint (which runs even when iac fails)", () => {
    const wf = load("pr-lint.yml");
    assert.deepEqual(Object.keys(wf.on), ["pull_request"]);
    const [iac, lint] = ours(wf);
    assert.equal(iac!.with?.mode, "iac");
    assert.equal(lint!.with?.mode, "lint");
    assert.match(String(iac!.with?.paths), /\S/);
    assert.match(String(lint!.with?.paths), /\S/);
    assert.match(lint!.if ?? "", /!cancelled\(\)/);
  });
});
