// Provider configurations of a .tf set: the region of the default and aliased configurations, a
// module call's `providers = { aws = aws.west }`, and `default_tags` merged into every resource's
// tags (tags_all), the resource's own tags winning, as the AWS provider does.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadTerraformConfig } from "../../../src/sources/hcl/load.js";
import { ROOT } from "../cloudformation/helpers.js";

describe(".tf provider configurations", () => {
  it("a module's trail is in the region of the aliased provider passed to it; default_tags tag the bucket", async () => {
    const source = await loadTerraformConfig("test/fixtures/iac/terraform-hcl/providers", { cwd: ROOT, accountId: "123456789012" });
    const account = source.snapshot.accounts[0]! as unknown as { trails: { Name: string; HomeRegion: string; TrailARN: string }[]; buckets: { Name: string; Region: string; tags: unknown }[] };
    assert.deepEqual(
      account.trails.map((t) => [t.Name, t.HomeRegion, t.TrailARN]),
      [["main", "us-west-2", "arn:aws:cloudtrail:us-west-2:123456789012:trail/main"]],
    );
    assert.deepEqual(
      account.buckets.map((b) => [b.Name, b.Region, b.tags]),
      [["acme-payments", "eu-west-1", [{ Key: "data-classification", Value: "confidential" }, { Key: "team", Value: "payments" }]]],
    );
    assert.equal(source.locate("/accounts/0/buckets/0/tags/1")?.startLine, 19);
  });

  it("a map's keys in the order a plan writes them (sorted), each pointing at its own key", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ctl-tf-"));
    writeFileSync(join(dir, "main.tf"), 'resource "aws_s3_bucket" "b" {\n  bucket = "acme-b"\n  tags = {\n    zeta  = "1"\n    alpha = "2"\n  }\n}\n');
    const source = await loadTerraformConfig(dir, { cwd: dir });
    const bucket = source.snapshot.accounts[0]!.buckets as unknown as { tags: { Key: string }[] }[];
    assert.deepEqual(bucket[0]!.tags.map((t) => t.Key), ["alpha", "zeta"]);
    assert.deepEqual([source.locate("/accounts/0/buckets/0/tags/0")?.startLine, source.locate("/accounts/0/buckets/0/tags/1")?.startLine], [5, 4]);
  });
});
