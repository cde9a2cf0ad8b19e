import assert from "node:assert/strict";
import {
  managementEvents,
  s3ObjectEvents,
  selectorsArgument,
  shellQuote,
  trailReadErrors,
  withAllManagementEvents,
  withBucketObjectEvents,
  type Gap,
  type ManagementEvents,
  type S3ObjectEvents,
} from "../../src/model/selectors.js";
import type { AdvancedEventSelector, AdvancedFieldSelector, EventSelector, Trail } from "../../src/model/snapshot.js";
import { allTrails } from "../../src/model/coverage.js";
import { MANAGEMENT, MEMBER, account, denied, org, single, trail } from "../helpers/builders.js";

const BUCKET = "payroll-exports";
const P = `arn:aws:s3:::${BUCKET}/`;

const f = (Field: string, ops: Omit<AdvancedFieldSelector, "Field">): AdvancedFieldSelector => ({ Field, ...ops });
const adv = (Name: string, ...FieldSelectors: AdvancedFieldSelector[]): AdvancedEventSelector => ({ Name, FieldSelectors });
const mgmt = (...more: AdvancedFieldSelector[]) => adv("mgmt", f("eventCategory", { Equals: ["Management"] }), ...more);
const s3 = (Name: string, ...more: AdvancedFieldSelector[]) =>
  adv(Name, f("eventCategory", { Equals: ["Data"] }), f("resources.type", { Equals: ["AWS::S3::Object"] }), ...more);
const basic = (...eventSelectors: EventSelector[]): Trail => trail({ eventSelectors });
const advanced = (...advancedEventSelectors: AdvancedEventSelector[]): Trail => trail({ advancedEventSelectors });
const s3Basic = (ReadWriteType: EventSelector["ReadWriteType"], values: string[], IncludeManagementEvents = true): EventSelector => ({
  ReadWriteType,
  IncludeManagementEvents,
  DataResources: [{ Type: "AWS::S3::Object", Values: values }],
});

describe("selectors", () => {
  describe("managementEvents", () => {
    const cases: { name: string; trail: Trail; expect: Partial<ManagementEvents> }[] = [
      {
        name: "no selectors at all is AWS's default: read and write",
        trail: trail(),
        expect: { read: true, write: true, excludedSources: [], filters: [], selectorsFrom: "default" },
      },
      {
        name: "basic All with management events",
        trail: basic({ ReadWriteType: "All", IncludeManagementEvents: true }),
        expect: { read: true, write: true, excludedSources: [], selectorsFrom: "basic" },
      },
      {
        name: "basic without ReadWriteType or IncludeManagementEvents uses AWS defaults (All, true)",
        trail: basic({}),
        expect: { read: true, write: true },
      },
      { name: "basic ReadOnly records reads only", trail: basic({ ReadWriteType: "ReadOnly", IncludeManagementEvents: true }), expect: { read: true, write: false } },
      { name: "basic WriteOnly records writes only", trail: basic({ ReadWriteType: "WriteOnly", IncludeManagementEvents: true }), expect: { read: false, write: true } },
      {
        name: "basic ReadOnly + WriteOnly across two selectors records both",
        trail: basic({ ReadWriteType: "ReadOnly", IncludeManagementEvents: true }, { ReadWriteType: "WriteOnly", IncludeManagementEvents: true }),
        expect: { read: true, write: true },
      },
      {
        name: "basic IncludeManagementEvents false records no management events",
        trail: basic(s3Basic("All", [P], false)),
        expect: { read: false, write: false, excludedSources: [] },
      },
      {
        name: "basic ExcludeManagementEventSources are reported",
        trail: basic({ ReadWriteType: "All", IncludeManagementEvents: true, ExcludeManagementEventSources: ["rdsdata.amazonaws.com", "kms.amazonaws.com"] }),
        expect: { read: true, write: true, excludedSources: ["kms.amazonaws.com", "rdsdata.amazonaws.com"] },
      },
      {
        name: "a source excluded by one selector but recorded by another of the same half is not lost",
        trail: basic(
          { ReadWriteType: "All", IncludeManagementEvents: true, ExcludeManagementEventSources: ["kms.amazonaws.com"] },
          { ReadWriteType: "ReadOnly", IncludeManagementEvents: true },
        ),
        // reads of KMS come through the second selector; writes of KMS are lost
        expect: { read: true, write: true, excludedSources: ["kms.amazonaws.com"] },
      },
      {
        name: "advanced eventCategory Management without readOnly records both",
        trail: advanced(mgmt()),
        expect: { read: true, write: true, excludedSources: [], selectorsFrom: "advanced" },
      },
      { name: "advanced readOnly true records reads only", trail: advanced(mgmt(f("readOnly", { Equals: ["true"] }))), expect: { read: true, write: false } },
      { name: "advanced readOnly false records writes only", trail: advanced(mgmt(f("readOnly", { Equals: ["false"] }))), expect: { read: false, write: true } },
      {
        name: "advanced readOnly split over two selectors records both",
        trail: advanced(mgmt(f("readOnly", { Equals: ["true"] })), mgmt(f("readOnly", { Equals: ["false"] }))),
        expect: { read: true, write: true },
      },
      {
        name: "advanced eventSource NotEquals / NotStartsWith are exclusions",
        trail: advanced(mgmt(f("eventSource", { NotEquals: ["kms.amazonaws.com"], NotStartsWith: ["rdsdata"] }))),
        expect: { read: true, write: true, excludedSources: ["kms.amazonaws.com", "rdsdata*"] },
      },
      {
        name: "advanced data selectors alone record no management events",
        trail: advanced(s3("all s3")),
        expect: { read: false, write: false, filters: [] },
      },
      {
        name: "advanced Management selector narrowed by another field is a filter, not coverage",
        trail: advanced(mgmt(f("eventSource", { Equals: ["iam.amazonaws.com"] }))),
        expect: { read: false, write: false, filters: ['AdvancedEventSelectors[0] "mgmt": eventSource Equals iam.amazonaws.com'] },
      },
      {
        name: "empty operator lists as the CLI prints them are ignored",
        trail: advanced(adv("cli", { Field: "eventCategory", Equals: ["Management"], StartsWith: [], NotEquals: [] })),
        expect: { read: true, write: true },
      },
      {
        name: "both kinds present: advanced selectors replace basic ones, as AWS does",
        trail: trail({ eventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: true }], advancedEventSelectors: [mgmt(f("readOnly", { Equals: ["false"] }))] }),
        expect: { read: false, write: true, selectorsFrom: "advanced", basicIgnored: true },
      },
      {
        name: "explicitly empty selector lists record nothing",
        trail: trail({ eventSelectors: [], advancedEventSelectors: [] }),
        expect: { read: false, write: false, selectorsFrom: "advanced" },
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const got = managementEvents(c.trail);
        assert.deepEqual(pick(got, Object.keys(c.expect) as (keyof ManagementEvents)[]), c.expect);
      });
    }
  });

  describe("s3ObjectEvents", () => {
    const gap = (kind: Gap["kind"], halves: Gap["halves"], selector: string, description: string): Gap => ({ kind, halves, selector, description });
    const cases: { name: string; trail: Trail; bucket?: string; partition?: string; expect: Partial<S3ObjectEvents> }[] = [
      { name: "no selectors: no data events", trail: trail(), expect: { read: false, write: false, gaps: [], selectorsFrom: "default" } },
      { name: "basic whole bucket (bucket ARN + /)", trail: basic(s3Basic("All", [P])), expect: { read: true, write: true, gaps: [], coveredBy: ["EventSelectors[0]"] } },
      { name: "basic arn:aws:s3 means all buckets", trail: basic(s3Basic("All", ["arn:aws:s3"])), expect: { read: true, write: true } },
      { name: "basic arn:aws:s3::: means all buckets", trail: basic(s3Basic("All", ["arn:aws:s3:::"])), expect: { read: true, write: true } },
      {
        name: "basic key prefix covers only a prefix",
        trail: basic(s3Basic("All", [`${P}logs/`, `${P}exports/2026/`])),
        expect: { read: false, write: false, gaps: [gap("prefix", ["read", "write"], "EventSelectors[0]", "only objects under prefix logs/, exports/2026/")] },
      },
      { name: "basic ReadOnly records read object events only", trail: basic(s3Basic("ReadOnly", [P])), expect: { read: true, write: false, gaps: [] } },
      { name: "basic WriteOnly records write object events only", trail: basic(s3Basic("WriteOnly", ["arn:aws:s3"])), expect: { read: false, write: true } },
      {
        name: "basic value of another bucket whose name starts alike does not count",
        trail: basic(s3Basic("All", [`arn:aws:s3:::${BUCKET}-archive/`])),
        expect: { read: false, write: false, gaps: [] },
      },
      {
        name: "basic Lambda data resources do not count",
        trail: basic({ ReadWriteType: "All", DataResources: [{ Type: "AWS::Lambda::Function", Values: ["arn:aws:lambda"] }] }),
        expect: { read: false, write: false, gaps: [] },
      },
      {
        name: "a gap on a half covered elsewhere is not reported",
        trail: basic(s3Basic("ReadOnly", ["arn:aws:s3"]), s3Basic("All", [`${P}logs/`], false)),
        expect: { read: true, write: false, gaps: [gap("prefix", ["write"], "EventSelectors[1]", "only objects under prefix logs/")] },
      },
      { name: "advanced resources.type only: every bucket", trail: advanced(s3("all")), expect: { read: true, write: true, gaps: [], coveredBy: ['AdvancedEventSelectors[0] "all"'] } },
      { name: "advanced StartsWith the bucket ARN + /", trail: advanced(s3("b", f("resources.ARN", { StartsWith: [P] }))), expect: { read: true, write: true, gaps: [] } },
      { name: "advanced StartsWith arn:aws:s3::: covers every bucket", trail: advanced(s3("b", f("resources.ARN", { StartsWith: ["arn:aws:s3:::"] }))), expect: { read: true, write: true } },
      {
        name: "advanced StartsWith a key prefix is prefix-only",
        trail: advanced(s3("logs", f("resources.ARN", { StartsWith: [`${P}logs/`] }))),
        expect: { read: false, write: false, gaps: [gap("prefix", ["read", "write"], 'AdvancedEventSelectors[0] "logs"', "only objects under prefix logs/")] },
      },
      {
        name: "advanced eventName filter",
        trail: advanced(s3("puts", f("resources.ARN", { StartsWith: [P] }), f("eventName", { Equals: ["PutObject", "DeleteObject"] }))),
        expect: { read: false, write: false, gaps: [gap("eventName", ["read", "write"], 'AdvancedEventSelectors[0] "puts"', "only eventName PutObject, DeleteObject")] },
      },
      {
        name: "advanced readOnly split into two selectors covers both halves",
        trail: advanced(s3("r", f("readOnly", { Equals: ["true"] })), s3("w", f("readOnly", { Equals: ["false"] }), f("resources.ARN", { StartsWith: [P] }))),
        expect: { read: true, write: true, gaps: [] },
      },
      { name: "advanced readOnly true only", trail: advanced(s3("r", f("readOnly", { Equals: ["true"] }))), expect: { read: true, write: false, gaps: [] } },
      {
        name: "advanced NotStartsWith this bucket excludes it entirely (no gap: the selector is not about it)",
        trail: advanced(s3("not this", f("resources.ARN", { NotStartsWith: [P] }))),
        expect: { read: false, write: false, gaps: [] },
      },
      {
        name: "advanced NotStartsWith another bucket still covers this one",
        trail: advanced(s3("not logs", f("resources.ARN", { NotStartsWith: ["arn:aws:s3:::trail-logs/"] }))),
        expect: { read: true, write: true },
      },
      {
        name: "advanced StartsWith the bucket AND NotStartsWith a key prefix: objects excluded",
        trail: advanced(s3("b", f("resources.ARN", { StartsWith: [P], NotStartsWith: [`${P}tmp/`] }))),
        expect: { read: false, write: false, gaps: [gap("objects", ["read", "write"], 'AdvancedEventSelectors[0] "b"', "objects under prefix tmp/ excluded")] },
      },
      {
        name: "advanced NotEquals one object",
        trail: advanced(s3("b", f("resources.ARN", { NotEquals: [`${P}canary.txt`] }))),
        expect: { read: false, write: false, gaps: [gap("objects", ["read", "write"], 'AdvancedEventSelectors[0] "b"', "object canary.txt excluded")] },
      },
      {
        name: "advanced filter on another field (userIdentity.arn) is a named gap",
        trail: advanced(s3("ci", f("userIdentity.arn", { StartsWith: ["arn:aws:sts::111111111111:assumed-role/ci"] }))),
        expect: {
          read: false,
          write: false,
          gaps: [gap("field", ["read", "write"], 'AdvancedEventSelectors[0] "ci"', "only events where userIdentity.arn StartsWith arn:aws:sts::111111111111:assumed-role/ci")],
        },
      },
      { name: "advanced eventSource s3.amazonaws.com does not narrow S3 object events", trail: advanced(s3("s", f("eventSource", { Equals: ["s3.amazonaws.com"] }))), expect: { read: true, write: true } },
      { name: "advanced Lambda selector does not count", trail: advanced(adv("l", f("eventCategory", { Equals: ["Data"] }), f("resources.type", { Equals: ["AWS::Lambda::Function"] }))), expect: { read: false, write: false, gaps: [] } },
      {
        name: "partition is part of the ARN: aws-us-gov",
        trail: advanced(s3("gov", f("resources.ARN", { StartsWith: [`arn:aws-us-gov:s3:::${BUCKET}/`] }))),
        partition: "aws-us-gov",
        expect: { read: true, write: true },
      },
      {
        name: "an aws ARN does not cover an aws-us-gov bucket",
        trail: basic(s3Basic("All", [P])),
        partition: "aws-us-gov",
        expect: { read: false, write: false, gaps: [] },
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const got = s3ObjectEvents(c.trail, c.bucket ?? BUCKET, c.partition ?? "aws");
        assert.deepEqual(pick(got, Object.keys(c.expect) as (keyof S3ObjectEvents)[]), c.expect);
      });
    }
  });

  describe("withAllManagementEvents", () => {
    it("basic: keeps a read-only S3 data selector, widens the management-only selector", () => {
      const t = basic({ ReadWriteType: "WriteOnly", IncludeManagementEvents: true }, s3Basic("ReadOnly", [P], false));
      const fix = withAllManagementEvents(t, []);
      assert.deepEqual(fix, {
        option: "--event-selectors",
        selectors: [{ ReadWriteType: "All", IncludeManagementEvents: true }, s3Basic("ReadOnly", [P], false)],
      });
      assertFull(fix);
    });
    it("basic: drops exclusions that are not allowed, keeps allowed ones", () => {
      const t = basic({ ReadWriteType: "All", IncludeManagementEvents: true, ExcludeManagementEventSources: ["kms.amazonaws.com", "rdsdata.amazonaws.com"], DataResources: [{ Type: "AWS::S3::Object", Values: [P] }] });
      const fix = withAllManagementEvents(t, ["rdsdata.amazonaws.com"]);
      assert.deepEqual(fix.selectors, [
        { ReadWriteType: "All", IncludeManagementEvents: true, DataResources: [{ Type: "AWS::S3::Object", Values: [P] }], ExcludeManagementEventSources: ["rdsdata.amazonaws.com"] },
      ]);
    });
    it("basic: every selector is a read-only data selector -> a management selector is added", () => {
      const fix = withAllManagementEvents(basic(s3Basic("ReadOnly", [P], true)), []);
      assert.deepEqual(fix.selectors, [s3Basic("ReadOnly", [P], true), { ReadWriteType: "All", IncludeManagementEvents: true }]);
      assertFull(fix);
    });
    it("advanced: management selectors are replaced by one, data selectors kept in place", () => {
      const t = advanced(s3("data"), mgmt(f("readOnly", { Equals: ["true"] }), f("eventSource", { NotEquals: ["kms.amazonaws.com"] })), s3("more"));
      const fix = withAllManagementEvents(t, []);
      assert.equal(fix.option, "--advanced-event-selectors");
      assert.deepEqual(fix.selectors, [s3("data"), { Name: "Management events", FieldSelectors: [f("eventCategory", { Equals: ["Management"] })] }, s3("more")]);
      assertFull(fix);
    });
    it("advanced: no management selector -> one is added first, keeping allowed exclusions", () => {
      const fix = withAllManagementEvents(advanced(s3("data")), ["kms.amazonaws.com"]);
      assert.deepEqual(fix.selectors, [
        { Name: "Management events", FieldSelectors: [f("eventCategory", { Equals: ["Management"] }), f("eventSource", { NotEquals: ["kms.amazonaws.com"] })] },
        s3("data"),
      ]);
    });
    it("empty operator lists are not echoed back (the API rejects them)", () => {
      const fix = withAllManagementEvents(advanced(adv("x", { Field: "eventCategory", Equals: ["Data"], StartsWith: [] }, f("resources.type", { Equals: ["AWS::S3::Object"] }))), []);
      assert.deepEqual(fix.selectors[1], adv("x", f("eventCategory", { Equals: ["Data"] }), f("resources.type", { Equals: ["AWS::S3::Object"] })));
    });
  });

  describe("withBucketObjectEvents", () => {
    it("default selectors: adds the bucket to the All selector, management kept", () => {
      const fix = withBucketObjectEvents(trail(), BUCKET, "aws");
      assert.deepEqual(fix, {
        option: "--event-selectors",
        selectors: [{ ReadWriteType: "All", IncludeManagementEvents: true, DataResources: [{ Type: "AWS::S3::Object", Values: [P] }] }],
      });
      assertBucket(fix);
    });
    it("basic: appends to an existing All S3 selector and drops this bucket's prefix values", () => {
      const t = basic(s3Basic("All", ["arn:aws:s3:::other/", `${P}logs/`]));
      const fix = withBucketObjectEvents(t, BUCKET, "aws");
      assert.deepEqual(fix.selectors, [s3Basic("All", ["arn:aws:s3:::other/", P])]);
      assertBucket(fix);
    });
    it("basic: only ReadOnly selectors -> a new All data selector without management events", () => {
      const t = basic(s3Basic("ReadOnly", [P], true));
      const fix = withBucketObjectEvents(t, BUCKET, "aws");
      assert.deepEqual(fix.selectors, [s3Basic("ReadOnly", [P], true), s3Basic("All", [P], false)]);
      assert.deepEqual(pick(managementEvents(trail({ eventSelectors: fix.selectors as EventSelector[] })), ["read", "write"]), { read: true, write: false });
      assertBucket(fix);
    });
    it("advanced: extends a plain StartsWith selector", () => {
      const t = advanced(mgmt(), s3("buckets", f("resources.ARN", { StartsWith: ["arn:aws:s3:::other/"] })));
      const fix = withBucketObjectEvents(t, BUCKET, "aws");
      assert.deepEqual(fix.selectors, [mgmt(), s3("buckets", f("resources.ARN", { StartsWith: ["arn:aws:s3:::other/", P] }))]);
      assertBucket(fix);
    });
    it("advanced: adds a selector when none is plain (readOnly or eventName filters kept as they are)", () => {
      const t = advanced(mgmt(), s3("reads", f("readOnly", { Equals: ["true"] }), f("resources.ARN", { StartsWith: [P] })));
      const fix = withBucketObjectEvents(t, BUCKET, "aws-cn");
      assert.deepEqual(fix.selectors[2], s3(`S3 object events for ${BUCKET}`, f("resources.ARN", { StartsWith: [`arn:aws-cn:s3:::${BUCKET}/`] })));
      assert.equal(fix.selectors.length, 3);
    });
  });

  describe("shell quoting", () => {
    it("single-quotes JSON and escapes embedded single quotes", () => {
      assert.equal(shellQuote(`[{"Name":"Bob's data"}]`), `'[{"Name":"Bob'\\''s data"}]'`);
    });
    it("selectorsArgument gives option and quoted compact JSON", () => {
      assert.equal(
        selectorsArgument({ option: "--event-selectors", selectors: [{ ReadWriteType: "All", IncludeManagementEvents: true }] }),
        `--event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true}]'`,
      );
    });
  });

  describe("trailReadErrors", () => {
    const arn = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/org`;
    it("finds errors about the trail by ARN in any account, by name or without resource only in the owner account", () => {
      const byArn = denied("cloudtrail", "GetEventSelectors", { resource: arn });
      const byName = denied("cloudtrail", "GetTrailStatus", { resource: "org", region: "us-east-1" });
      const anyInHome = denied("cloudtrail", "GetEventSelectors", { region: "us-east-1" });
      const otherRegion = denied("cloudtrail", "GetEventSelectors", { region: "eu-west-1" });
      const otherOp = denied("cloudtrail", "GetInsightSelectors", { resource: arn });
      const memberByName = denied("cloudtrail", "GetTrailStatus", { resource: "org" });
      const snapshot = org({
        management: { trails: [trail({ Name: "org", IsOrganizationTrail: true })], collectionErrors: [byName, anyInHome, otherRegion, otherOp] },
        members: [account(MEMBER, { collectionErrors: [byArn, memberByName] })],
      });
      const ref = allTrails(snapshot)[0]!;
      assert.deepEqual(trailReadErrors(snapshot, ref, ["GetEventSelectors", "GetTrailStatus"]), [byName, anyInHome, byArn]);
    });
    it("no errors, nothing found", () => {
      const snapshot = single([trail()]);
      assert.deepEqual(trailReadErrors(snapshot, allTrails(snapshot)[0]!, ["GetEventSelectors"]), []);
    });
  });
});

function pick<T extends object, K extends keyof T>(value: T, keys: K[]): Partial<T> {
  return Object.fromEntries(keys.map((k) => [k, value[k]])) as unknown as Partial<T>;
}

function asTrail(fix: ReturnType<typeof withAllManagementEvents>): Trail {
  return fix.option === "--event-selectors" ? trail({ eventSelectors: fix.selectors }) : trail({ advancedEventSelectors: fix.selectors });
}

/** The fixed selectors really do what the fix is for. */
function assertFull(fix: ReturnType<typeof withAllManagementEvents>): void {
  const got = managementEvents(asTrail(fix));
  assert.deepEqual(pick(got, ["read", "write", "excludedSources"]), { read: true, write: true, excludedSources: [] });
}

function assertBucket(fix: ReturnType<typeof withBucketObjectEvents>): void {
  const got = s3ObjectEvents(asTrail(fix), BUCKET, "aws");
  assert.deepEqual(pick(got, ["read", "write", "gaps"]), { read: true, write: true, gaps: [] });
}
