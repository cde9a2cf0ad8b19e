// Deeply nested input files are bad input (exit 2, the file and the place named, nothing written),
// never a stack overflow (exit 4); a file nested exactly to the limit still goes through.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { MAX_NESTING } from "../../src/util/nesting.js";
import { bucket, multiRegionTrail, single } from "../helpers/builders.js";
import { cli, put, tempDir } from "./helpers.js";

/** `n` nested arrays, as JSON or YAML flow text. */
const arrays = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
const DEEP = 10_000;

interface Kind {
  name: string;
  /** The file, with the deep value (`n` nested arrays) at the given place. */
  file: string;
  content: (n: number) => string;
  /** Objects and arrays around the deep value: `base + n` levels in all. */
  base: number;
  argv: (file: string) => string[];
  /** Start of the pointer the message names (then `/0` segments and `/...`). */
  pointer: string;
}

const PLACEHOLDER = '"__deep__"';

const snapshot = JSON.stringify(
  single([multiRegionTrail()], {
    buckets: [
      bucket({
        policy: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*", Condition: { StringEquals: { "aws:k": "__deep__" } } }],
        },
      }),
    ],
  }),
);
const snapshotFile = (dir: string) => put(dir, "ok-snapshot.json", single([multiRegionTrail()]));

const KINDS: Kind[] = [
  {
    name: "snapshot",
    file: "snapshot.json",
    content: (n) => snapshot.replace(PLACEHOLDER, arrays(n)),
    // root, accounts, account, buckets, bucket, policy, Statement, statement, Condition, StringEquals
    base: 10,
    argv: (file) => ["lint", file],
    pointer: "/accounts/0/buckets/0/policy/Statement/0/Condition/StringEquals/aws:k",
  },
  {
    name: "config (YAML)",
    file: ".cloudtrail-lint.yml",
    content: (n) => `failOn: high\nchecks:\n  multi-region-trail:\n    params:\n      x: ${arrays(n)}\n`,
    base: 4,
    argv: () => ["lint", "ok-snapshot.json"],
    pointer: "/checks/multi-region-trail/params/x",
  },
  {
    name: "config (JSON)",
    file: "config.json",
    content: (n) => `{"checks": {"multi-region-trail": {"params": {"x": ${arrays(n)}}}}}`,
    base: 4,
    argv: (file) => ["lint", "--config", file, "ok-snapshot.json"],
    pointer: "/checks/multi-region-trail/params/x",
  },
  {
    name: "CloudFormation YAML",
    file: "stack.yaml",
    content: (n) => `Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n    Metadata:\n      x: ${arrays(n)}\n`,
    base: 4,
    argv: (file) => ["iac", file],
    pointer: "/Resources/Logs/Metadata/x",
  },
  {
    name: "CloudFormation JSON",
    file: "stack.template.json",
    content: (n) => `{"Resources": {"Logs": {"Type": "AWS::S3::Bucket", "Metadata": {"x": ${arrays(n)}}}}}`,
    base: 4,
    argv: (file) => ["iac", file],
    pointer: "/Resources/Logs/Metadata/x",
  },
  {
    name: "Terraform plan",
    file: "plan.tfplan.json",
    content: (n) =>
      JSON.stringify({
        format_version: "1.2",
        terraform_version: "1.9.0",
        planned_values: { root_module: { resources: [{ address: "aws_s3_bucket.logs", mode: "managed", type: "aws_s3_bucket", name: "logs", values: { bucket: "logs", x: "__deep__" } }] } },
      }).replace(PLACEHOLDER, arrays(n)),
    // root, planned_values, root_module, resources, resource, values
    base: 6,
    argv: (file) => ["iac", file],
    pointer: "/planned_values/root_module/resources/0/values/x",
  },
];

describe("deeply nested input files", () => {
  for (const kind of KINDS) {
    describe(kind.name, () => {
      const run = async (n: number) => {
        const dir = tempDir();
        snapshotFile(dir);
        put(dir, kind.file, kind.content(n));
        const result = await cli([...kind.argv(kind.file), "--format", "json=out.json"], { cwd: dir });
        return { ...result, written: existsSync(join(dir, "out.json")) };
      };

      it(`${DEEP} levels: exit 2 naming the file, line, column and path; nothing written`, async () => {
        const result = await run(DEEP);
        assert.equal(result.code, 2, result.stderr);
        const escaped = `${kind.file}:1:`.replace(/[.]/g, "\\.");
        assert.match(result.stderr, new RegExp(`^cloudtrail-lint: ${escaped.replace(":1:", ":\\d+:")}\\d+: nested deeper than ${MAX_NESTING} levels at `));
        assert.ok(new RegExp(` at ${kind.pointer}(/0)+/\\.\\.\\.\n$`).test(result.stderr), result.stderr);
        assert.doesNotMatch(result.stderr, /internal error|call stack/i);
        assert.equal(result.stdout, "");
        assert.equal(result.written, false, "no report written");
      });

      it("one level over the limit is refused", async () => {
        const result = await run(MAX_NESTING - kind.base + 1);
        assert.equal(result.code, 2, result.stderr);
        assert.match(result.stderr, /nested deeper than/);
        assert.equal(result.written, false);
      });

      it("exactly at the limit is not refused for nesting, and nothing downstream overflows", async () => {
        const result = await run(MAX_NESTING - kind.base);
        assert.doesNotMatch(result.stderr, /nested deeper than|internal error/, result.stderr);
        assert.notEqual(result.code, 4, result.stderr);
        // The check's params schema refuses an unknown `x`: bad input, but not for its nesting.
        if (kind.name.startsWith("config")) assert.equal(result.code, 2, result.stderr);
        else assert.equal(result.written, true, result.stderr);
      });
    });
  }

  it("a Terraform policy JSON string nested too deeply is bad input, named by file, resource and attribute", async () => {
    const dir = tempDir();
    const policy = `{"Version":"2012-10-17","Statement":${arrays(DEEP)}}`;
    put(dir, "p.tfplan.json", {
      format_version: "1.2",
      terraform_version: "1.9.0",
      planned_values: {
        root_module: {
          resources: [
            { address: "aws_s3_bucket.logs", mode: "managed", type: "aws_s3_bucket", name: "logs", values: { bucket: "logs" } },
            { address: "aws_s3_bucket_policy.logs", mode: "managed", type: "aws_s3_bucket_policy", name: "logs", values: { bucket: "logs", policy } },
          ],
        },
      },
    });
    const result = await cli(["iac", "p.tfplan.json", "--format", "json=out.json"], { cwd: dir });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /^cloudtrail-lint: p\.tfplan\.json:\d+:\d+: aws_s3_bucket_policy\.logs policy: policy JSON nested deeper than 256 levels at \/Statement\/0\/0/);
    assert.equal(existsSync(join(dir, "out.json")), false);
  });

  it("YAML aliases that nest a value past the limit are refused (config and CloudFormation)", async () => {
    const dir = tempDir();
    snapshotFile(dir);
    // Each anchor holds the previous one: 300 levels from 300 short lines (CloudFormation resolves every alias).
    const chain = (indent: string) =>
      Array.from({ length: 300 }, (_, i) => `${indent}a${i}: &a${i} [${i === 0 ? "1" : `*a${i - 1}`}]\n`).join("");
    // The config's YAML reader stops long alias chains itself (maxAliasCount); a recursive alias reaches the depth check.
    put(dir, "config.yml", `checks:\n  multi-region-trail:\n    params:\n      self: &self [1, *self]\n`);
    const config = await cli(["lint", "--config", "config.yml", "ok-snapshot.json"], { cwd: dir });
    assert.equal(config.code, 2, config.stderr);
    assert.match(config.stderr, /^cloudtrail-lint: config\.yml:4:\d+: nested deeper than 256 levels at \/checks\/multi-region-trail\/params\/self\/1\/1\//);

    put(dir, "stack.yaml", `Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n    Metadata:\n${chain("      ")}`);
    const stack = await cli(["iac", "stack.yaml"], { cwd: dir });
    assert.equal(stack.code, 2, stack.stderr);
    assert.match(stack.stderr, /^cloudtrail-lint: stack\.yaml:\d+:\d+: nested deeper than 256 levels at \/Resources\/Logs\/Metadata\/a2\d\d\/0\/0/);
  });
});
