// Which tables a snapshot's trails get, with which values, and why the others get none.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { athenaPlan, baseTableName, prefixPath, type AthenaTable } from "../../src/athena/tables.js";
import type { Snapshot, Trail } from "../../src/model/snapshot.js";
import { MANAGEMENT, MEMBER, ORG_ID, account, denied, multiRegionTrail, org, single, trail } from "../helpers/builders.js";

const example = JSON.parse(readFileSync(new URL("../../examples/org-snapshot.json", import.meta.url), "utf8")) as Snapshot;

/** The values of each table, by name: what a test pins. */
function values(table: AthenaTable) {
  return {
    location: table.location,
    template: table.template,
    accounts: table.accounts.join(","),
    regions: table.regions.join(","),
    since: table.since,
  };
}

const ALL_EXAMPLE_ACCOUNTS = "111122223333,222233334444,333344445555,444455556666,555566667777,666677778888,777788889999,888899990000,999900001111";

describe("athena: tables of the example organization", () => {
  const plan = athenaPlan(example);
  const byName = new Map(plan.tables.map((t) => [t.name, t]));

  it("one table per logging trail that writes to S3, in snapshot order, named after trail and account", () => {
    assert.deepEqual(
      plan.tables.map((t) => t.name),
      [
        "cloudtrail_org_trail_111122223333",
        "cloudtrail_security_audit_333344445555",
        "cloudtrail_prod_data_events_444455556666",
        "cloudtrail_sandbox_trail_666677778888",
        "cloudtrail_monitoring_trail_888899990000",
        "cloudtrail_staging_trail_999900001111",
      ],
    );
    assert.equal(plan.scope, "o-a1b2c3d4e5");
  });

  it("org-trail: organization id in the path, every account of the organization, its one home region", () => {
    assert.deepEqual(values(byName.get("cloudtrail_org_trail_111122223333")!), {
      location: "s3://acme-org-cloudtrail-logs/AWSLogs/o-a1b2c3d4e5/",
      template: "s3://acme-org-cloudtrail-logs/AWSLogs/o-a1b2c3d4e5/${account}/CloudTrail/${region}/${timestamp}",
      accounts: ALL_EXAMPLE_ACCOUNTS,
      regions: "eu-west-1",
      since: "2024/05/13",
    });
  });

  it("security-audit: a multi-region trail of one account, no prefix: that account's enabled regions", () => {
    assert.deepEqual(values(byName.get("cloudtrail_security_audit_333344445555")!), {
      location: "s3://acme-security-trail-logs/AWSLogs/333344445555/CloudTrail/",
      template: "s3://acme-security-trail-logs/AWSLogs/${account}/CloudTrail/${region}/${timestamp}",
      accounts: "333344445555",
      regions: "eu-central-1,eu-west-1,us-east-1,us-east-2,us-west-2",
      since: "2023/02/01",
    });
  });

  it("prod-data-events: the key prefix before AWSLogs, in the organization's bucket", () => {
    assert.deepEqual(values(byName.get("cloudtrail_prod_data_events_444455556666")!), {
      location: "s3://acme-org-cloudtrail-logs/prod/AWSLogs/444455556666/CloudTrail/",
      template: "s3://acme-org-cloudtrail-logs/prod/AWSLogs/${account}/CloudTrail/${region}/${timestamp}",
      accounts: "444455556666",
      regions: "eu-west-1,us-east-1,us-west-2",
      since: "2025/06/30",
    });
  });

  it("sandbox-trail: single-region, in a vendor's bucket, with its delivery error as a note", () => {
    const table = byName.get("cloudtrail_sandbox_trail_666677778888")!;
    assert.deepEqual(values(table), {
      location: "s3://vendor-siem-ingest-logs/acme-sandbox/AWSLogs/666677778888/CloudTrail/",
      template: "s3://vendor-siem-ingest-logs/acme-sandbox/AWSLogs/${account}/CloudTrail/${region}/${timestamp}",
      accounts: "666677778888",
      regions: "us-west-2",
      since: "2026/03/09",
    });
    assert.deepEqual(table.notes, ["the trail's latest delivery to S3 failed (AccessDenied): recent log files may be missing"]);
  });

  it("monitoring-trail and staging-trail: multi-region, each with its account's regions", () => {
    assert.deepEqual(values(byName.get("cloudtrail_monitoring_trail_888899990000")!), {
      location: "s3://acme-org-cloudtrail-logs/monitoring/AWSLogs/888899990000/CloudTrail/",
      template: "s3://acme-org-cloudtrail-logs/monitoring/AWSLogs/${account}/CloudTrail/${region}/${timestamp}",
      accounts: "888899990000",
      regions: "eu-central-1,eu-west-1,us-east-1",
      since: "2025/03/10",
    });
    assert.deepEqual(values(byName.get("cloudtrail_staging_trail_999900001111")!), {
      location: "s3://acme-org-cloudtrail-logs/staging/AWSLogs/999900001111/CloudTrail/",
      template: "s3://acme-org-cloudtrail-logs/staging/AWSLogs/${account}/CloudTrail/${region}/${timestamp}",
      accounts: "999900001111",
      regions: "eu-west-1,us-east-1",
      since: "2026/06/02",
    });
  });

  it("the stopped trail gets no table, and the account whose trails could not be listed is a gap", () => {
    assert.deepEqual(plan.skipped, [
      {
        trailName: "sandbox-all-regions",
        trailArn: "arn:aws:cloudtrail:us-east-1:666677778888:trail/sandbox-all-regions",
        accountId: "666677778888",
        kind: "excluded",
        reason: "it is not logging (stopped 2026-10-02T17:46:30.118Z)",
      },
    ]);
    assert.deepEqual(plan.gaps.map((g) => g.accountId), ["555566667777"]);
    assert.match(plan.gaps[0]!.reason, /^its trails could not be listed \(cloudtrail:ListTrails failed: AccessDeniedException: /);
  });

  it("--since replaces every table's range start", () => {
    const since = athenaPlan(example, { since: "NOW-2YEARS" });
    assert.deepEqual(new Set(since.tables.map((t) => t.since)), new Set(["NOW-2YEARS"]));
    assert.deepEqual(new Set(since.tables.map((t) => t.sinceReason)), new Set(["--since"]));
  });
});

describe("athena: what decides a table", () => {
  const only = (snapshot: Snapshot) => athenaPlan(snapshot);

  it("the key prefix is honoured with or without slashes", () => {
    for (const prefix of ["prod", "/prod", "prod/", "/prod/", "//prod//"]) {
      const [table] = only(single([trail({ S3KeyPrefix: prefix })])).tables;
      assert.equal(table!.location, `s3://trail-logs/prod/AWSLogs/${MANAGEMENT}/CloudTrail/`, prefix);
    }
    assert.equal(only(single([trail({ S3KeyPrefix: "" })])).tables[0]!.location, `s3://trail-logs/AWSLogs/${MANAGEMENT}/CloudTrail/`);
    assert.equal(prefixPath("a/b"), "a/b/");
    assert.equal(prefixPath(undefined), "");
  });

  it("an unknown status gives no table and names the failed read", () => {
    const arn = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/main`;
    const { status: _status, ...noStatus } = trail({});
    const viaErrors = only(single([noStatus as Trail], { errors: [denied("cloudtrail", "GetTrailStatus", { region: "us-east-1", resource: arn })] }));
    assert.deepEqual(viaErrors.tables, []);
    assert.deepEqual(viaErrors.skipped, [
      {
        trailName: "main",
        trailArn: arn,
        accountId: MANAGEMENT,
        kind: "unknown",
        reason: `whether it is logging is not known (cloudtrail:GetTrailStatus (us-east-1, ${arn}) failed: AccessDenied: User is not authorized to perform: cloudtrail:GetTrailStatus)`,
      },
    ]);
    const absent = only(single([noStatus as Trail]));
    assert.equal(absent.skipped[0]!.reason, "whether it is logging is not known (the snapshot holds no GetTrailStatus for it)");
    assert.equal(absent.skipped[0]!.kind, "unknown");
  });

  it("an unknown configuration, prefix, bucket, multi-region flag or organization flag gives no table", () => {
    const cause = denied("cloudtrail", "GetTrail");
    const cases: [Partial<Trail>, RegExp][] = [
      [{ $unknown: cause }, /^its configuration is not known \(cloudtrail:GetTrail failed/],
      [{ S3KeyPrefix: { $unknown: cause } }, /^its S3 key prefix is not known/],
      [{ S3BucketName: { $unknown: cause } }, /^its S3 bucket is not known/],
      [{ IsMultiRegionTrail: { $unknown: cause } }, /^its IsMultiRegionTrail is not known/],
      [{ IsOrganizationTrail: { $unknown: cause } }, /^its IsOrganizationTrail is not known/],
      [{ HomeRegion: { $unknown: cause } }, /^its home region is not known/],
    ];
    for (const [fields, reason] of cases) {
      const plan = only(single([trail(fields)]));
      assert.deepEqual(plan.tables, [], JSON.stringify(fields));
      assert.equal(plan.skipped[0]!.kind, "unknown");
      assert.match(plan.skipped[0]!.reason, reason);
    }
  });

  it("a trail known not to log, or writing to no bucket, is excluded (not unknown)", () => {
    const stopped = only(single([trail({ status: { IsLogging: false } })]));
    assert.deepEqual(stopped.skipped.map((s) => [s.kind, s.reason]), [["excluded", "it is not logging"]]);
    const nowhere = only(single([trail({ S3BucketName: "" })]));
    assert.deepEqual(nowhere.skipped.map((s) => [s.kind, s.reason]), [["excluded", "it writes to no S3 bucket"]]);
  });

  it("an organization trail without the organization in the snapshot gives no table", () => {
    const plan = only(single([trail({ IsOrganizationTrail: true })]));
    assert.deepEqual(plan.tables, []);
    assert.match(plan.skipped[0]!.reason, /organization trail, but the snapshot has no organization/);
  });

  it("a multi-region organization trail: every account, the union of their regions; an account whose regions are unknown is a note", () => {
    const snapshot = org({
      management: { trails: [multiRegionTrail({ IsOrganizationTrail: true, Name: "org" })], regions: ["us-east-1"] },
      members: [account(MEMBER, { regions: ["ap-southeast-2", "us-east-1"] }), account("555555555555", { regions: { $unknown: denied("account", "ListRegions") } })],
    });
    const [table] = athenaPlan(snapshot).tables;
    assert.equal(table!.location, `s3://trail-logs/AWSLogs/${ORG_ID}/`);
    assert.equal(table!.template, `s3://trail-logs/AWSLogs/${ORG_ID}/\${account}/CloudTrail/\${region}/\${timestamp}`);
    assert.deepEqual(table!.accounts, [MANAGEMENT, MEMBER, "555555555555"]);
    assert.deepEqual(table!.regions, ["ap-southeast-2", "us-east-1"]);
    assert.deepEqual(table!.notes, [
      "the enabled regions of account 555555555555 are not in the snapshot: the region list may miss some; add them to projection.region.values",
    ]);
  });

  it("a trail without StartLoggingTime starts NOW-1YEARS and says why", () => {
    const [table] = only(single([trail({ status: { IsLogging: true } })])).tables;
    assert.equal(table!.since, "NOW-1YEARS");
    assert.match(table!.sinceReason, /does not say when the trail started logging/);
  });

  it("epoch-second timestamps (SDK JSON) give the same day", () => {
    const [table] = only(single([trail({ status: { IsLogging: true, StartLoggingTime: Date.UTC(2025, 0, 31, 23, 59) / 1000 } })])).tables;
    assert.equal(table!.since, "2025/01/31");
  });
});

describe("athena: table names", () => {
  it("lower case, runs of other characters one underscore, trail then account", () => {
    assert.equal(baseTableName("My-All-Regions.Trail", "123456789012"), "cloudtrail_my_all_regions_trail_123456789012");
    assert.equal(baseTableName("--", "123456789012"), "cloudtrail_trail_123456789012");
    assert.equal(baseTableName("evil'; DROP TABLE x; --\n", "123456789012"), "cloudtrail_evil_drop_table_x_123456789012");
  });

  it("trails whose names clash each get a suffix from their ARN, whatever their order", () => {
    const a = trail({ Name: "My-Trail" });
    const b = trail({ Name: "my_trail", HomeRegion: "eu-west-1" });
    const forward = athenaPlan(single([a, b])).tables.map((t) => [t.trailArn, t.name] as const);
    const backward = athenaPlan(single([b, a])).tables.map((t) => [t.trailArn, t.name] as const);
    assert.equal(new Set(forward.map(([, name]) => name)).size, 2);
    for (const [, name] of forward) assert.match(name, /^cloudtrail_my_trail_111111111111_[0-9a-f]{8}$/);
    assert.deepEqual(new Map(forward), new Map(backward));
  });
});
