// The example plugin's check (examples/plugins/trail-owner-tag), loaded the way the CLI loads it:
// through the plugin loader, so that it is tested under its namespaced id, with its metadata held to
// the rules of the built-in checks.
import assert from "node:assert/strict";
import { join } from "node:path";
import { checks as builtins } from "../../src/checks/index.js";
import { loadPlugins } from "../../src/plugins/load.js";
import { LOG_ARCHIVE, MANAGEMENT, MEMBER, account, denied, multiRegionTrail, org, single, trail } from "../helpers/builders.js";
import { runCases } from "../helpers/run-cases.js";

const ROOT = join(import.meta.dirname, "..", "..");
const [plugin] = await loadPlugins([{ spec: "./examples/plugins/trail-owner-tag", base: ROOT, from: "test" }], builtins, ROOT);
const check = plugin!.checks[0]!;

const arn = (name: string, region = "us-east-1", acct = MANAGEMENT) => `arn:aws:cloudtrail:${region}:${acct}:trail/${name}`;
const owner = (value: string, key = "owner") => [{ Key: key, Value: value }];

describe("example plugin", () => {
  it("loads as plugin example, version 1.0.0, with one check example/trail-owner-tag", () => {
    assert.equal(plugin!.name, "example");
    assert.equal(plugin!.version, "1.0.0");
    assert.deepEqual(plugin!.checks.map((c) => c.meta.id), ["example/trail-owner-tag"]);
    assert.deepEqual(check.plugin, { name: "example", version: "1.0.0" });
  });
});

runCases(check, {
  valid: [
    {
      name: "a trail with an owner tag",
      snapshot: single([multiRegionTrail({ Name: "main", tags: owner("platform") })]),
      expect: [{ status: "PASS", messageId: "ok", pointer: "/accounts/0/trails/0", resource: arn("main"), message: "Trail main is owned by platform (tag owner)." }],
    },
    {
      name: "the key is a param",
      snapshot: single([trail({ Name: "main", tags: owner("secops", "team") })]),
      params: { key: "team" },
      expect: [{ status: "PASS", messageId: "ok", message: "Trail main is owned by secops (tag team)." }],
    },
    {
      name: "an organization trail is judged once, in the account that owns it; members own none",
      snapshot: org({
        management: { trails: [multiRegionTrail({ Name: "org", IsOrganizationTrail: true, tags: owner("platform") })] },
        members: [
          account(MEMBER, { trails: [{ ...multiRegionTrail({ Name: "org", IsOrganizationTrail: true }), status: undefined }] }),
          LOG_ARCHIVE,
        ],
      }),
      expect: [
        { status: "PASS", messageId: "ok", accountId: MANAGEMENT, pointer: "/accounts/0/trails/0" },
        { status: "NOT_APPLICABLE", messageId: "none", accountId: MEMBER, pointer: "/accounts/1" },
        { status: "NOT_APPLICABLE", messageId: "none", accountId: LOG_ARCHIVE, pointer: "/accounts/2" },
      ],
    },
  ],
  invalid: [
    {
      name: "a trail without tags",
      snapshot: single([trail({ Name: "main" })]),
      expect: [
        {
          status: "FAIL",
          messageId: "missing",
          pointer: "/accounts/0/trails/0",
          region: "us-east-1",
          message: "Trail main has no owner tag.",
          cli: [`aws cloudtrail add-tags --region us-east-1 --resource-id ${arn("main")} --tags-list Key=owner,Value=<owning-team>`],
        },
      ],
    },
    {
      name: "other tags, but not the owner",
      snapshot: single([trail({ Name: "main", tags: [{ Key: "cost-center", Value: "42" }] })]),
      expect: [{ status: "FAIL", messageId: "missing", evidence: { tags: [{ Key: "cost-center", Value: "42" }] } }],
    },
    {
      name: "an empty owner tag",
      snapshot: single([trail({ Name: "main", tags: owner("  ") })]),
      expect: [{ status: "FAIL", messageId: "empty", message: "Trail main has an empty owner tag." }],
    },
    {
      name: "an owner tag, but the param asks for another key",
      snapshot: single([trail({ Name: "main", tags: owner("platform") })]),
      params: { key: "team" },
      expect: [{ status: "FAIL", messageId: "missing", message: "Trail main has no team tag." }],
    },
    {
      name: "each trail of an account is judged on its own",
      snapshot: single([trail({ Name: "a", tags: owner("x") }), trail({ Name: "b", HomeRegion: "eu-west-1" })]),
      expect: [
        { status: "PASS", messageId: "ok", resource: arn("a") },
        { status: "FAIL", messageId: "missing", resource: arn("b", "eu-west-1"), region: "eu-west-1" },
      ],
    },
    {
      name: "ListTags denied: ERROR, not FAIL",
      snapshot: single([trail({ Name: "main" })], { errors: [denied("cloudtrail", "ListTags", { region: "us-east-1", resource: arn("main") })] }),
      expect: [{ status: "ERROR", messageId: "collection-error", message: /cloudtrail:ListTags/ }],
    },
    {
      name: "tags unknown as a value: ERROR naming the cause",
      snapshot: single([trail({ Name: "main", tags: { $unknown: denied("cloudtrail", "ListTags") } })]),
      expect: [{ status: "ERROR", messageId: "collection-error", evidence: { unknownFields: ["/accounts/0/trails/0/tags"] } }],
    },
    {
      name: "the account's trails could not be listed: ERROR, not NOT_APPLICABLE",
      snapshot: single([], { trails: { $unknown: denied("cloudtrail", "DescribeTrails") } }),
      expect: [{ status: "ERROR", messageId: "collection-error", evidence: { unknownFields: ["/accounts/0/trails"] } }],
    },
    {
      name: "a suspended account is not judged; its trails are not either",
      snapshot: org({ members: [account(MEMBER, { Status: "SUSPENDED", trails: [trail({ Name: "old", account: MEMBER })] })] }),
      expect: [
        { status: "NOT_APPLICABLE", messageId: "none", accountId: MANAGEMENT },
        { status: "NOT_APPLICABLE", messageId: "suspended", accountId: MEMBER, message: "Account is SUSPENDED; nothing to check." },
      ],
    },
  ],
});
