// withUnknowns: every collection error leaves unknown exactly the fields READ_TARGETS says its
// call fills, on exactly the resource it is about, and nothing else. The per-read cases are
// generated from the table, so a new entry is covered without a new test; the expected snapshot is
// built by hand from the input (a clone with the marker written at each named field), and compared
// in full, so a marker on the wrong record, a lost field or a changed neighbour fails.
import assert from "node:assert/strict";
import { READ_TARGETS, withUnknowns } from "../../src/model/derive.js";
import type { Account, Bucket, CollectionError, KmsKey, LogGroup, Snapshot, SnsTopic, Trail } from "../../src/model/snapshot.js";
import { assertValid } from "../../src/util/schemas.js";
import { MANAGEMENT, MEMBER, account, bucket, denied, kmsKey, logGroup, org, single, trail } from "../helpers/builders.js";
import { deepFreeze } from "../helpers/run-cases.js";

const EAST = "us-east-1";
const WEST = "eu-west-1";
const marker = (error: CollectionError) => ({ $unknown: error });

// The world every generated case starts from: two trails, three buckets, two log groups in the
// management account, and a member account with the same names (which no error is about).
const mainTrail = () => trail({ Name: "main" });
const westTrail = () => trail({ Name: "west", HomeRegion: WEST });
const logBucket = () => bucket({ Name: "trail-logs", Region: EAST, tags: [{ Key: "purpose", Value: "logs" }] });
const untaggedBucket = (): Bucket => {
  const { tags: _tags, ...rest } = bucket({ Name: "east-data", Region: EAST });
  return rest;
};
const westBucket = (): Bucket => {
  const { tags: _tags, ...rest } = bucket({ Name: "west-data", Region: WEST });
  return rest;
};
const mainGroup = () => logGroup({ logGroupName: "cloudtrail", region: EAST });
const otherGroup = () => logGroup({ logGroupName: "other", region: EAST });
const mainKey = () => kmsKey();
const TOPIC = `arn:aws:sns:${WEST}:${MANAGEMENT}:alarms`;
const mainTopic = (): SnsTopic => ({
  TopicArn: TOPIC,
  region: WEST,
  subscriptions: [{ SubscriptionArn: `${TOPIC}:0b6c4d1e-0000-4000-8000-000000000001`, Protocol: "email", Endpoint: "oncall@example.com", confirmed: true }],
});
const westKey = () => kmsKey({ region: WEST, arn: `arn:aws:kms:${WEST}:${MANAGEMENT}:key/mrk-0123456789abcdef0123456789abcdef` });

function world(errors: CollectionError[], organizationErrors: CollectionError[] = []): Snapshot {
  const snapshot = org({
    management: {
      trails: [mainTrail(), westTrail()],
      buckets: [logBucket(), untaggedBucket(), westBucket()],
      logGroups: [mainGroup(), otherGroup()],
      kmsKeys: [mainKey(), westKey()],
      snsTopics: [mainTopic()],
      collectionErrors: errors,
    },
    members: [account(MEMBER, { trails: [trail({ Name: "main", account: MEMBER })], buckets: [logBucket()], logGroups: [mainGroup()] })],
    organization: { collectionErrors: organizationErrors },
  });
  // The errors stay last (as every source writes them), after the keys the builder does not default.
  const { collectionErrors, ...rest } = snapshot.accounts[0]!;
  snapshot.accounts[0] = { ...rest, collectionErrors: collectionErrors ?? [] };
  return snapshot;
}

const management = (s: Snapshot): Account => s.accounts[0]!;
const trailsOf = (s: Snapshot) => management(s).trails as Trail[];
const bucketsOf = (s: Snapshot) => management(s).buckets as Bucket[];
const groupsOf = (s: Snapshot) => management(s).logGroups as LogGroup[];
const keysOf = (s: Snapshot) => management(s).kmsKeys as KmsKey[];
const topicsOf = (s: Snapshot) => management(s).snsTopics as SnsTopic[];

/** Writes the marker (or, for "$unknown", the error itself) at each field of the record. */
function put(record: object, fields: readonly string[], error: CollectionError, onlyAbsent = false): void {
  const r = record as Record<string, unknown>;
  for (const field of fields) {
    if (onlyAbsent && r[field] !== undefined) continue;
    r[field] = field === "$unknown" ? error : marker(error);
  }
}

/** Derives, checks what must hold of every derivation, and returns the result. */
function derive(input: Snapshot): Snapshot {
  const frozen = deepFreeze(structuredClone(input));
  const out = withUnknowns(frozen);
  assert.deepEqual(frozen, input, "withUnknowns changed its argument");
  assert.deepEqual(withUnknowns(structuredClone(out)), out, "withUnknowns is not idempotent");
  for (const a of out.accounts) {
    const keys = Object.keys(a);
    if (keys.includes("collectionErrors")) assert.equal(keys.at(-1), "collectionErrors", `account ${a.Id}: collectionErrors not last (${keys.join(", ")})`);
  }
  assertValid("snapshot.schema.json", out, "derived snapshot");
  return out;
}

interface Generated {
  name: string;
  input: Snapshot;
  expected: Snapshot;
}

/** One case per kind of record each READ_TARGETS entry names, built from the entry itself. */
function generated(): Generated[] {
  const cases: Generated[] = [];
  for (const [key, target] of Object.entries(READ_TARGETS)) {
    const [service, operation] = key.split(":") as [string, string];
    const add = (variant: string, extra: Partial<CollectionError>, expect: (expected: Snapshot, error: CollectionError) => void, onOrganization = false) => {
      const error = denied(service, operation, extra);
      const input = onOrganization ? world([], [error]) : world([error]);
      const expected = structuredClone(input);
      expect(expected, error);
      cases.push({ name: `${key} ${variant}`, input, expected });
    };
    if (target.organization) {
      add("(organization)", {}, (e, error) => put(e.organization!, target.organization!, error), true);
    }
    if (target.account) {
      // About no one resource: the account's fields, whatever the region (a list is the account's).
      add(`in ${EAST}, about no resource: account ${target.account.join(", ")}`, { region: EAST }, (e, error) => put(management(e), target.account!, error));
    }
    if (target.trail) {
      const arn = mainTrail().TrailARN;
      add(`about trail ${arn}: trail ${target.trail.join(", ")}`, { region: EAST, resource: arn }, (e, error) => put(trailsOf(e)[0]!, target.trail!, error));
      add("about trail by Name", { region: EAST, resource: "main" }, (e, error) => put(trailsOf(e)[0]!, target.trail!, error));
    }
    if (target.bucket) {
      add(`about bucket trail-logs: bucket ${target.bucket.join(", ")}`, { region: EAST, resource: "trail-logs" }, (e, error) => put(bucketsOf(e)[0]!, target.bucket!, error));
      add("about bucket by ARN", { region: WEST, resource: "arn:aws:s3:::west-data" }, (e, error) => put(bucketsOf(e)[2]!, target.bucket!, error));
    }
    if (target.regionBuckets && !target.bucket) {
      add(`in ${EAST}, about no bucket: ${target.regionBuckets.join(", ")} of ${EAST}'s buckets${target.replaceable ? " where absent" : ""}`, { region: EAST }, (e, error) => {
        for (const b of bucketsOf(e).slice(0, 2)) put(b, target.regionBuckets!, error, target.replaceable);
      });
    }
    if (target.logGroup) {
      add(`about log group cloudtrail: ${target.logGroup.join(", ")}`, { region: EAST, resource: "cloudtrail" }, (e, error) => put(groupsOf(e)[0]!, target.logGroup!, error));
    }
    if (target.kmsKey) {
      const west = westKey();
      add(`about key ${west.arn}: key ${target.kmsKey.join(", ")}`, { region: WEST, resource: west.arn }, (e, error) => put(keysOf(e)[1]!, target.kmsKey!, error));
      const absent = `arn:aws:kms:${EAST}:${MANAGEMENT}:key/0000abcd-12ab-34cd-56ef-1234567890ab`;
      add("about a key the snapshot does not hold: a record with every key read unknown", { region: EAST, resource: absent }, (e, error) => {
        const record = { arn: absent, region: EAST };
        put(record, ["KeyMetadata", "rotationEnabled", "policy"], error);
        keysOf(e).push(record);
      });
    }
    if (target.snsTopic) {
      add(`about topic ${TOPIC}: topic ${target.snsTopic.join(", ")}`, { region: WEST, resource: TOPIC }, (e, error) => put(topicsOf(e)[0]!, target.snsTopic!, error));
      const absent = `arn:aws:sns:${EAST}:${MANAGEMENT}:other`;
      add("about a topic the snapshot does not hold: a record with its subscriptions unknown", { region: EAST, resource: absent }, (e, error) => {
        topicsOf(e).push({ TopicArn: absent, region: EAST, subscriptions: marker(error) as unknown as SnsTopic["subscriptions"] });
      });
    }
  }
  return cases;
}

describe("model/derive withUnknowns", () => {
  describe("each READ_TARGETS entry marks exactly its fields", () => {
    const cases = generated();
    it("covers every entry of the table", () => {
      const covered = new Set(cases.map((c) => c.name.split(" ")[0]));
      assert.deepEqual([...covered].sort(), Object.keys(READ_TARGETS).sort());
    });
    for (const c of cases) {
      it(c.name, () => {
        const out = derive(c.input);
        assert.notEqual(out, c.input);
        assert.deepEqual(out, c.expected);
      });
    }
  });

  describe("a trail read about no one trail", () => {
    it("applies to the trails the account owns in the error's region only", () => {
      const shadow = trail({ Name: "org", account: MEMBER, IsOrganizationTrail: true });
      const { HomeRegion: _h, ...noHome } = trail({ Name: "arn-only", HomeRegion: WEST });
      const error = denied("cloudtrail", "GetTrailStatus", { region: WEST });
      const input = single([mainTrail(), westTrail(), shadow, noHome], { errors: [error] });
      const out = derive(input);
      const expected = structuredClone(input);
      // west (HomeRegion eu-west-1) and arn-only (region from its ARN); not main (us-east-1), not the member's trail.
      put(trailsOf(expected)[1]!, ["status"], error);
      put(trailsOf(expected)[3]!, ["status"], error);
      assert.deepEqual(out, expected);
    });

    it("with no region either: every trail the account owns", () => {
      const shadow = trail({ Name: "org", account: MEMBER });
      const error = denied("cloudtrail", "GetTrail");
      const input = single([mainTrail(), westTrail(), shadow], { errors: [error] });
      const expected = structuredClone(input);
      put(trailsOf(expected)[0]!, ["$unknown"], error);
      put(trailsOf(expected)[1]!, ["$unknown"], error);
      assert.deepEqual(derive(input), expected);
    });

    it("about a trail the snapshot does not list: nothing changes", () => {
      const error = denied("cloudtrail", "GetTrail", { resource: `arn:aws:cloudtrail:${EAST}:${MANAGEMENT}:trail/gone` });
      const input = single([mainTrail()], { errors: [error] });
      const out = withUnknowns(input);
      assert.equal(out, input);
    });
  });

  describe("region-wide bucket tags", () => {
    it("tag:GetResources in a region marks only absent tags of that region's buckets (a log bucket's GetBucketTagging answer is kept)", () => {
      const error = denied("tag", "GetResources", { region: EAST });
      const input = single([], { buckets: [logBucket(), untaggedBucket(), westBucket(), bucket({ Name: "east-empty", Region: EAST, tags: [] })], errors: [error] });
      const expected = structuredClone(input);
      put(bucketsOf(expected)[1]!, ["tags"], error);
      assert.deepEqual(derive(input), expected);
      assert.deepEqual(bucketsOf(derive(input))[0]!.tags, [{ Key: "purpose", Value: "logs" }]);
      assert.deepEqual(bucketsOf(derive(input))[3]!.tags, []);
    });

    it("tag:GetResources with no region: absent tags of every bucket", () => {
      const error = denied("tag", "GetResources");
      const input = single([], { buckets: [logBucket(), untaggedBucket(), westBucket()], errors: [error] });
      const expected = structuredClone(input);
      put(bucketsOf(expected)[1]!, ["tags"], error);
      put(bucketsOf(expected)[2]!, ["tags"], error);
      assert.deepEqual(derive(input), expected);
    });

    it("a bucket whose Region is unknown is in no region: a region's tag:GetResources leaves it", () => {
      const location = denied("s3", "GetBucketLocation", { resource: "east-data" });
      const tags = denied("tag", "GetResources", { region: EAST });
      const input = single([], { buckets: [untaggedBucket()], errors: [location, tags] });
      const expected = structuredClone(input);
      put(bucketsOf(expected)[0]!, ["Region", "policy", "objectLockConfiguration", "versioning", "publicAccessBlock", "ownershipControls", "tags", "acl", "logging", "encryption"], location);
      assert.deepEqual(derive(input), expected);
    });

    it("GetBucketTagging with a region and no bucket marks present tags too, in that region only", () => {
      const error = denied("s3", "GetBucketTagging", { region: EAST });
      const input = single([], { buckets: [logBucket(), untaggedBucket(), westBucket()], errors: [error] });
      const expected = structuredClone(input);
      put(bucketsOf(expected)[0]!, ["tags"], error);
      put(bucketsOf(expected)[1]!, ["tags"], error);
      assert.deepEqual(derive(input), expected);
    });
  });

  describe("an error naming its field", () => {
    it("GetTrail with field IsMultiRegionTrail marks that field only (the trail keeps no $unknown)", () => {
      const error = denied("cloudtrail", "GetTrail", { resource: mainTrail().TrailARN, field: "IsMultiRegionTrail", code: "Unresolved" });
      const input = single([mainTrail(), westTrail()], { errors: [error] });
      const out = derive(input);
      const expected = structuredClone(input);
      trailsOf(expected)[0]!.IsMultiRegionTrail = marker(error);
      assert.deepEqual(out, expected);
      assert.equal("$unknown" in trailsOf(out)[0]!, false);
    });

    it("a field the call does not fill falls back to the table (GetTrail: the whole configuration)", () => {
      const error = denied("cloudtrail", "GetTrail", { resource: mainTrail().TrailARN, field: "NoSuchField" });
      const input = single([mainTrail()], { errors: [error] });
      const expected = structuredClone(input);
      trailsOf(expected)[0]!.$unknown = error;
      assert.deepEqual(derive(input), expected);
    });

    it("a field of another read falls back too (GetEventSelectors with field status: both selector lists)", () => {
      const error = denied("cloudtrail", "GetEventSelectors", { resource: mainTrail().TrailARN, field: "status" });
      const input = single([mainTrail()], { errors: [error] });
      const expected = structuredClone(input);
      put(trailsOf(expected)[0]!, ["eventSelectors", "advancedEventSelectors"], error);
      assert.deepEqual(derive(input), expected);
    });

    it("ListSubscriptionsByTopic with field subscriptions and path /0/confirmed marks that one confirmation only", () => {
      const error = { ...denied("sns", "ListSubscriptionsByTopic", { region: WEST, resource: TOPIC }), field: "subscriptions", path: "/0/confirmed" };
      const out = derive(world([error]));
      const expected = mainTopic();
      (expected.subscriptions as { confirmed: unknown }[])[0]!.confirmed = marker(error);
      assert.deepEqual(topicsOf(out), [expected]);
    });
    it("GetEventSelectors with field advancedEventSelectors leaves eventSelectors as it is", () => {
      const error = denied("cloudtrail", "GetEventSelectors", { resource: mainTrail().TrailARN, field: "advancedEventSelectors" });
      const input = single([mainTrail()], { errors: [error] });
      const expected = structuredClone(input);
      put(trailsOf(expected)[0]!, ["advancedEventSelectors"], error);
      assert.deepEqual(derive(input), expected);
    });
  });

  describe("resources the snapshot does not list", () => {
    it("a bucket read about a bucket not in the list adds that bucket with every read field unknown", () => {
      const error = denied("s3", "GetBucketPolicy", { region: WEST, resource: "elsewhere-logs" });
      const input = single([], { buckets: [logBucket()], errors: [error] });
      const out = derive(input);
      const expected = structuredClone(input);
      const added = { Name: "elsewhere-logs", ownerAccountId: MANAGEMENT };
      put(added, ["Region", "policy", "objectLockConfiguration", "versioning", "publicAccessBlock", "ownershipControls", "tags", "acl", "logging", "encryption"], error);
      bucketsOf(expected).push(added);
      assert.deepEqual(out, expected);
    });

    it("the same with buckets absent: the list is started", () => {
      const error = denied("s3", "GetBucketVersioning", { resource: "arn:aws:s3:::elsewhere-logs" });
      const { buckets: _b, ...rest } = account(MANAGEMENT, { collectionErrors: [error] });
      const input: Snapshot = { ...single([]), accounts: [rest] };
      const out = derive(input);
      assert.deepEqual((management(out).buckets as Bucket[]).map((b) => [b.Name, b.versioning, b.objectLockConfiguration]), [
        ["elsewhere-logs", marker(error), marker(error)],
      ]);
    });

    it("DescribeLogGroups failing for a group not in the list adds { logGroupName, region, $unknown }", () => {
      const error = denied("logs", "DescribeLogGroups", { region: WEST, resource: "cloudtrail" });
      const input = single([], { logGroups: [mainGroup()], errors: [error] });
      const expected = structuredClone(input);
      groupsOf(expected).push({ logGroupName: "cloudtrail", region: WEST, $unknown: error });
      assert.deepEqual(derive(input), expected);
    });

    it("a logs read about a group by its ARN (as the IaC sources name it) marks that group, not a new one named by the ARN", () => {
      const filters = denied("logs", "DescribeMetricFilters", { region: EAST, resource: `arn:aws:logs:${EAST}:${MANAGEMENT}:log-group:cloudtrail:*`, code: "Unresolved" });
      const described = denied("logs", "DescribeLogGroups", { region: EAST, resource: `arn:aws:logs:${EAST}:${MANAGEMENT}:log-group:other`, code: "Unresolved" });
      const input = single([], { logGroups: [mainGroup(), otherGroup()], errors: [filters, described] });
      const expected = structuredClone(input);
      put(groupsOf(expected)[0]!, ["metricFilters"], filters);
      put(groupsOf(expected)[1]!, ["$unknown"], described);
      assert.deepEqual(derive(input), expected);
    });

    it("DescribeLogGroups failing by ARN for a group not in the list adds it by its name and the ARN's region", () => {
      const error = denied("logs", "DescribeLogGroups", { resource: `arn:aws:logs:${WEST}:${MANAGEMENT}:log-group:/aws/cloudtrail/west:*` });
      const input = single([], { logGroups: [mainGroup()], errors: [error] });
      const expected = structuredClone(input);
      groupsOf(expected).push({ logGroupName: "/aws/cloudtrail/west", region: WEST, $unknown: error });
      assert.deepEqual(derive(input), expected);
    });

    it("DescribeMetricFilters for a group not in the list adds nothing", () => {
      const error = denied("logs", "DescribeMetricFilters", { region: EAST, resource: "missing" });
      const input = single([], { logGroups: [mainGroup()], errors: [error] });
      assert.equal(withUnknowns(input), input);
    });
  });

  describe("a failed AssumeRole", () => {
    it("leaves every list of the account unknown, alarms and SNS topics too (absent would read as not read, or out of scope)", () => {
      const error = denied("sts", "AssumeRole", { region: EAST, code: "AccessDenied" });
      // What the collector writes for an account it could not enter.
      const input: Snapshot = { ...single([]), accounts: [{ Id: MEMBER, Name: "sandbox", Status: "ACTIVE", collectionErrors: [error] }] };
      const out = derive(input);
      const m = marker(error);
      assert.deepEqual(out.accounts[0], {
        Id: MEMBER,
        Name: "sandbox",
        Status: "ACTIVE",
        regions: m,
        trails: m,
        buckets: m,
        logGroups: m,
        kmsKeys: m,
        alarms: m,
        snsTopics: m,
        publicAccessBlock: m,
        collectionErrors: [error],
      });
    });

    it("an SNS read about a topic of that account adds nothing to the unknown list", () => {
      const assume = denied("sts", "AssumeRole");
      const input: Snapshot = {
        ...single([]),
        accounts: [{ Id: MEMBER, collectionErrors: [assume, denied("sns", "ListSubscriptionsByTopic", { resource: `arn:aws:sns:${EAST}:${MEMBER}:t` })] }],
      };
      assert.deepEqual(derive(input).accounts[0]!.snsTopics, marker(assume));
    });

    it("a topic that does not exist (exists false) is kept as it is: no error is about it", () => {
      const gone: SnsTopic = { TopicArn: TOPIC, region: WEST, exists: false, subscriptions: [] };
      const input = single([], { snsTopics: [gone], errors: [denied("sns", "ListSubscriptionsByTopic", { resource: `arn:aws:sns:${WEST}:${MANAGEMENT}:other` })] });
      assert.deepEqual(topicsOf(derive(input))[0], gone);
    });
  });

  describe("what stands stays", () => {
    it("a field already unknown keeps its first cause", () => {
      const first = denied("cloudtrail", "GetTrailStatus", { resource: "main", code: "Throttling" });
      const second = denied("cloudtrail", "GetTrailStatus", { resource: "main" });
      const input = single([mainTrail()], { errors: [first, second] });
      assert.deepEqual(trailsOf(derive(input))[0]!.status, marker(first));
    });

    it("a list already unknown is not looked into", () => {
      const list = denied("cloudtrail", "ListTrails");
      const input = single([], { trails: marker(list), errors: [list, denied("cloudtrail", "GetTrail")] });
      assert.equal(withUnknowns(input), input);
    });

    it("an error READ_TARGETS does not know changes nothing", () => {
      const input = single([mainTrail()], { errors: [denied("iam", "GetRole")] });
      assert.equal(withUnknowns(input), input);
    });
  });

  describe("the derivation itself", () => {
    it("returns its argument when there are no errors", () => {
      const input = deepFreeze(world([]));
      assert.equal(withUnknowns(input), input);
      const none: Snapshot = { ...single([mainTrail()]), accounts: [account(MANAGEMENT, { collectionErrors: undefined })] };
      assert.equal(withUnknowns(none), none);
    });

    it("never changes its argument, and copies only what it marks", () => {
      const input = deepFreeze(world([denied("cloudtrail", "GetTrailStatus", { resource: "main" })]));
      const out = withUnknowns(input);
      assert.deepEqual(trailsOf(input)[0]!.status, mainTrail().status);
      assert.equal(trailsOf(out)[1], trailsOf(input)[1]);
      assert.equal(management(out).buckets, management(input).buckets);
      assert.equal(out.accounts[1], input.accounts[1]);
      assert.equal(out.organization, input.organization);
    });

    it("is idempotent and cached: the result derives to itself", () => {
      const input = world([denied("sts", "AssumeRole"), denied("s3", "GetBucketPolicy", { resource: "nowhere-bucket" })]);
      const out = withUnknowns(input);
      assert.equal(withUnknowns(input), out);
      assert.equal(withUnknowns(out), out);
      assert.deepEqual(withUnknowns(structuredClone(out)), out);
    });

    it("keeps collectionErrors last in a marked account's keys", () => {
      const error = denied("cloudwatch", "DescribeAlarms", { region: EAST });
      const out = withUnknowns(world([error]));
      assert.deepEqual(Object.keys(management(out)), ["Id", "Name", "Status", "regions", "trails", "buckets", "logGroups", "kmsKeys", "snsTopics", "alarms", "collectionErrors"]);
      assert.deepEqual(management(out).alarms, marker(error));
    });
  });
});
