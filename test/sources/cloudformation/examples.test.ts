// examples/iac/: the blog set-up as a CloudFormation template and as a Terraform plan gives the
// verdicts of examples/blog-snapshot.json (the same set-up read from AWS) for the six core checks,
// and iac-invalid-trail-config says AWS would reject the trail before it ever exists.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runChecks, type Finding } from "../../../src/engine/run.js";
import type { Snapshot } from "../../../src/model/snapshot.js";
import { lint, loadFixture, ROOT, rows } from "./helpers.js";
import { complete } from "../../helpers/known.js";
import { CORE_CHECKS, namedChecks } from "../../helpers/named-checks.js";

const blog = complete(JSON.parse(readFileSync(join(ROOT, "examples/blog-snapshot.json"), "utf8")) as Snapshot);
const BLOG_ACCOUNT = blog.accounts[0]!.Id;
/** check id -> status, for the core checks (one result each in the blog set-up). */
const verdicts = (findings: Finding[]) =>
  Object.fromEntries(findings.filter((f) => (CORE_CHECKS as readonly string[]).includes(f.checkId)).map((f) => [f.checkId, `${f.status} ${f.messageId}`]));

describe("examples/iac", () => {
  for (const [file, options] of [
    ["examples/iac/blog.yaml", { accountId: BLOG_ACCOUNT }],
    ["examples/iac/blog.tfplan.json", {}],
  ] as const) {
    describe(file, () => {
      const source = loadFixture(file, options);

      it("gives the same core verdicts as the set-up read from AWS", () => {
        const expected = verdicts(runChecks(namedChecks(CORE_CHECKS), blog, new Map()));
        assert.deepEqual(verdicts(lint(source)), expected);
        assert.deepEqual(expected, {
          "multi-region-trail": "PASS ok",
          "global-service-events": "FAIL offMultiRegion",
          "log-bucket-object-lock": "FAIL offUnversioned",
          "log-bucket-no-delete": "FAIL openPaths",
          "data-events-tagged-buckets": "PASS ok",
          "cloudwatch-logs-integration": "FAIL notWired",
        });
      });

      it("maps the trail and buckets as AWS describes them", () => {
        const [trail] = source.snapshot.accounts[0]!.trails!;
        const [expectedTrail] = blog.accounts[0]!.trails!;
        const pick = (t: typeof trail) => ({
          Name: t!.Name,
          TrailARN: t!.TrailARN,
          S3BucketName: t!.S3BucketName,
          IncludeGlobalServiceEvents: t!.IncludeGlobalServiceEvents,
          IsMultiRegionTrail: t!.IsMultiRegionTrail,
          HomeRegion: t!.HomeRegion,
          LogFileValidationEnabled: t!.LogFileValidationEnabled,
          HasCustomEventSelectors: t!.HasCustomEventSelectors,
          IsOrganizationTrail: t!.IsOrganizationTrail,
          eventSelectors: t!.eventSelectors,
          IsLogging: t!.status?.IsLogging,
        });
        assert.deepEqual(pick(trail), pick(expectedTrail));
        const buckets = source.snapshot.accounts[0]!.buckets!.map(({ Name, Region, ownerAccountId, objectLockConfiguration, versioning, publicAccessBlock, tags }) => ({
          Name,
          Region,
          ownerAccountId,
          objectLockConfiguration,
          versioning,
          publicAccessBlock,
          tags,
        }));
        assert.deepEqual(
          buckets,
          blog.accounts[0]!.buckets!.map(({ Name, Region, ownerAccountId, objectLockConfiguration, versioning, publicAccessBlock, tags }) => ({
            Name,
            Region,
            ownerAccountId,
            objectLockConfiguration,
            versioning,
            publicAccessBlock,
            tags,
          })),
        );
        // Same statement; Terraform's jsonencode sorts the keys.
        assert.deepEqual(JSON.parse(JSON.stringify(source.snapshot.accounts[0]!.buckets![0]!.policy)).Statement, (blog.accounts[0]!.buckets![0]!.policy as { Statement: unknown[] }).Statement);
      });

      it("iac-invalid-trail-config: AWS rejects the trail (multi-region without global service events)", () => {
        const invalid = lint(source).filter((f) => f.checkId === "iac-invalid-trail-config");
        assert.deepEqual(
          invalid.map((f) => `${f.status} ${f.messageId} ${f.resource}`),
          [
            // A template's text is also checked against the CloudFormation resource schema; a plan's is Terraform's to check.
            ...(source.kind === "cloudformation" ? ["PASS templateOk undefined"] : []),
            `FAIL multiRegionNoGlobal arn:aws:cloudtrail:us-east-1:${BLOG_ACCOUNT}:trail/My-All-Regions-Trail`,
            `PASS ok arn:aws:s3:::my-cloudtrail-bucket-${BLOG_ACCOUNT}`,
            "PASS ok arn:aws:s3:::my-sensitive-bucket",
          ],
        );
      });
    });
  }

  it("blog.yaml findings point at the template's resources", () => {
    assert.deepEqual(rows(loadFixture("examples/iac/blog.yaml", { accountId: BLOG_ACCOUNT })), [
      "cloudwatch-logs-integration FAIL notWired /accounts/0/trails/0 @37:3",
      "data-events-tagged-buckets PASS ok /accounts/0/buckets/1 @27:3",
      "global-service-events FAIL offMultiRegion /accounts/0/trails/0 @37:3",
      "iac-invalid-trail-config PASS templateOk /accounts/0 @7:1",
      "iac-invalid-trail-config FAIL multiRegionNoGlobal /accounts/0/trails/0 @37:3",
      "iac-invalid-trail-config PASS ok /accounts/0/buckets/0 @8:3",
      "iac-invalid-trail-config PASS ok /accounts/0/buckets/1 @27:3",
      "log-bucket-no-delete FAIL openPaths /accounts/0/buckets/0 @8:3",
      "log-bucket-object-lock FAIL offUnversioned /accounts/0/buckets/0 @8:3",
      "multi-region-trail PASS ok /accounts/0/trails/0 @37:3",
    ]);
  });

  it("blog.tfplan.json findings point at the plan's resource_changes entries", () => {
    assert.deepEqual(rows(loadFixture("examples/iac/blog.tfplan.json")), [
      "cloudwatch-logs-integration FAIL notWired /accounts/0/trails/0 @118:5",
      "data-events-tagged-buckets PASS ok /accounts/0/buckets/1 @234:5",
      "global-service-events FAIL offMultiRegion /accounts/0/trails/0 @118:5",
      "iac-invalid-trail-config FAIL multiRegionNoGlobal /accounts/0/trails/0 @118:5",
      "iac-invalid-trail-config PASS ok /accounts/0/buckets/0 @186:5",
      "iac-invalid-trail-config PASS ok /accounts/0/buckets/1 @234:5",
      "log-bucket-no-delete FAIL openPaths /accounts/0/buckets/0 @186:5",
      "log-bucket-object-lock FAIL offUnversioned /accounts/0/buckets/0 @186:5",
      "multi-region-trail PASS ok /accounts/0/trails/0 @118:5",
    ]);
  });
});
