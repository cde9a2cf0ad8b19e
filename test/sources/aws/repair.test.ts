// repairAgainstSchema, the collector's last safety net: a value the schema refuses becomes unknown at
// the nearest field that may be unknown, with an UnexpectedValue error naming the read; the result
// validates; a valid snapshot comes back as it is; what cannot be repaired is the collector's bug.
import assert from "node:assert/strict";
import { withUnknowns } from "../../../src/model/derive.js";
import type { Bucket, CollectionError, Snapshot, Trail } from "../../../src/model/snapshot.js";
import { repairAgainstSchema } from "../../../src/sources/aws/repair.js";
import { assertValid } from "../../../src/util/schemas.js";
import { MANAGEMENT, bucket, logGroup, org, single, trail } from "../../helpers/builders.js";
import { deepFreeze } from "../../helpers/run-cases.js";

/** A value the types do not allow (what an odd AWS answer may leave in a collected snapshot). */
const odd = <T>(value: unknown) => value as T;
const marker = (error: CollectionError) => ({ $unknown: error });
const ARN = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/main`;

/** Repairs a copy, checks that the result validates, and returns it. */
function repaired(snapshot: Snapshot): Snapshot {
  const out = repairAgainstSchema(structuredClone(snapshot));
  assertValid("snapshot.schema.json", out, "repaired snapshot");
  return out;
}
/** The snapshot with the error appended to the first account's collectionErrors. */
function withError(snapshot: Snapshot, error: CollectionError): Snapshot {
  snapshot.accounts[0]!.collectionErrors = [...(snapshot.accounts[0]!.collectionErrors ?? []), error];
  return snapshot;
}

describe("aws/repair repairAgainstSchema", () => {
  it("returns a valid snapshot as it is (the same object, not changed)", () => {
    const snapshot = deepFreeze(org({ management: { trails: [trail()], buckets: [bucket()], logGroups: [logGroup()] } }));
    assert.equal(repairAgainstSchema(snapshot), snapshot);
  });

  it("a versioning Status AWS does not document (Archived): versioning unknown, the other buckets and the list stay", () => {
    const input = single([trail()], { buckets: [bucket({ versioning: odd({ Status: "Archived" }) }), bucket({ Name: "other-bucket" })] });
    const error: CollectionError = {
      service: "s3",
      operation: "GetBucketVersioning",
      region: "us-east-1",
      resource: "trail-logs",
      code: "UnexpectedValue",
      message: 'unexpected value from AWS: buckets.0.versioning.Status="Archived" in GetBucketVersioning (the snapshot schema says: must be equal to one of the allowed values)',
    };
    const expected = withError(structuredClone(input), error);
    (expected.accounts[0]!.buckets as Bucket[])[0]!.versioning = marker(error);
    assert.deepEqual(repaired(input), expected);
  });

  it("a string where a trail's status documents a boolean: status unknown (GetTrailStatus)", () => {
    const input = single([trail({ status: odd({ IsLogging: "yes" }) }), trail({ Name: "second" })]);
    const error: CollectionError = {
      service: "cloudtrail",
      operation: "GetTrailStatus",
      region: "us-east-1",
      resource: ARN,
      code: "UnexpectedValue",
      message: 'unexpected value from AWS: trails.0.status.IsLogging="yes" in GetTrailStatus (the snapshot schema says: must be boolean)',
    };
    const expected = withError(structuredClone(input), error);
    (expected.accounts[0]!.trails as Trail[])[0]!.status = marker(error);
    assert.deepEqual(repaired(input), expected);
  });

  it("a string where GetTrail documents a boolean: the trail's configuration unknown (GetTrail); its other reads stay", () => {
    const tags = [{ Key: "team", Value: "security" }];
    const input = single([trail({ IsMultiRegionTrail: odd("true"), tags }), trail({ Name: "second" })]);
    const error: CollectionError = {
      service: "cloudtrail",
      operation: "GetTrail",
      region: "us-east-1",
      resource: ARN,
      code: "UnexpectedValue",
      message: 'unexpected value from AWS: trails.0.IsMultiRegionTrail="true" in GetTrail (the snapshot schema says: must be boolean)',
    };
    const expected = withError(structuredClone(input), error);
    (expected.accounts[0]!.trails as Trail[])[0] = { Name: "main", TrailARN: ARN, status: trail().status, tags, HomeRegion: "us-east-1", $unknown: error };
    const out = repaired(input);
    assert.deepEqual(out, expected);
    assert.deepEqual((out.accounts[0]!.trails as Trail[])[1], trail({ Name: "second" }));
  });

  it("an invalid region in the account's list: the list of regions unknown (ListRegions)", () => {
    const input = single([trail()], { regions: odd(["us-east-1", 7]) });
    const error: CollectionError = {
      service: "account",
      operation: "ListRegions",
      code: "UnexpectedValue",
      message: "unexpected value from AWS: regions.1=7 in ListRegions (the snapshot schema says: must be string)",
    };
    const expected = withError(structuredClone(input), error);
    expected.accounts[0]!.regions = marker(error);
    assert.deepEqual(repaired(input), expected);
  });

  it("an invalid bucket Region: Region unknown (GetBucketLocation), no region named", () => {
    const input = single([], { buckets: [bucket({ Region: odd(42) })] });
    const error: CollectionError = {
      service: "s3",
      operation: "GetBucketLocation",
      resource: "trail-logs",
      code: "UnexpectedValue",
      message: "unexpected value from AWS: buckets.0.Region=42 in GetBucketLocation (the snapshot schema says: must be string)",
    };
    const expected = withError(structuredClone(input), error);
    (expected.accounts[0]!.buckets as Bucket[])[0]!.Region = marker(error);
    const out = repaired(input);
    assert.deepEqual(out, expected);
    // Loaded again, the engine's derivation reads a failed GetBucketLocation as every bucket read
    // unknown (the location unlocks the others): the repaired file is the narrower of the two.
    assert.deepEqual(
      Object.entries((withUnknowns(out).accounts[0]!.buckets as Bucket[])[0]!).filter(([, v]) => v !== null && typeof v === "object" && "$unknown" in v).map(([k]) => k),
      ["Region", "policy", "objectLockConfiguration", "versioning", "publicAccessBlock", "tags", "ownershipControls", "acl", "logging", "encryption"],
    );
  });

  it("a log group's odd field: the group unknown (DescribeLogGroups), its name and region kept", () => {
    const input = single([], { logGroups: [logGroup({ retentionInDays: odd("x"), region: "eu-west-1" }), logGroup({ logGroupName: "other" })] });
    const error: CollectionError = {
      service: "logs",
      operation: "DescribeLogGroups",
      region: "eu-west-1",
      resource: "cloudtrail",
      code: "UnexpectedValue",
      message: 'unexpected value from AWS: logGroups.0.retentionInDays="x" in DescribeLogGroups (the snapshot schema says: must be integer)',
    };
    const expected = withError(structuredClone(input), error);
    expected.accounts[0]!.logGroups = [{ logGroupName: "cloudtrail", region: "eu-west-1", $unknown: error }, logGroup({ logGroupName: "other" })];
    assert.deepEqual(repaired(input), expected);
  });

  it("a topic's odd subscription: that topic's subscriptions unknown (ListSubscriptionsByTopic); its odd identity, or a key's: the list unknown, not dropped", () => {
    const TOPIC = `arn:aws:sns:eu-west-1:${MANAGEMENT}:alarms`;
    const other = { TopicArn: `arn:aws:sns:eu-west-1:${MANAGEMENT}:other`, region: "eu-west-1", subscriptions: [] };
    const input = single([], { snsTopics: [{ TopicArn: TOPIC, region: "eu-west-1", subscriptions: [odd({ SubscriptionArn: `${TOPIC}:1`, Protocol: "email", confirmed: "yes" })] }, other] });
    const out = repaired(input);
    const error: CollectionError = {
      service: "sns",
      operation: "ListSubscriptionsByTopic",
      region: "eu-west-1",
      resource: TOPIC,
      code: "UnexpectedValue",
      message: 'unexpected value from AWS: snsTopics.0.subscriptions.0.confirmed="yes" in ListSubscriptionsByTopic (the snapshot schema says: must be boolean)',
    };
    assert.deepEqual(out.accounts[0]!.snsTopics, [{ TopicArn: TOPIC, region: "eu-west-1", subscriptions: marker(error) }, other]);
    assert.deepEqual(out.accounts[0]!.collectionErrors, [error]);
    assert.deepEqual(withUnknowns(out).accounts[0]!.snsTopics, out.accounts[0]!.snsTopics);

    const lists = repaired(single([], { snsTopics: [odd({ TopicArn: 7, region: "eu-west-1", subscriptions: [] })], kmsKeys: [odd({ arn: "k", KeyMetadata: { KeyId: 5 } })] }));
    const account = lists.accounts[0]!;
    assert.deepEqual(account.collectionErrors!.map((e) => `${e.service}:${e.operation} ${e.code}`).sort(), ["kms:DescribeKey UnexpectedValue", "sns:ListSubscriptionsByTopic UnexpectedValue"]);
    assert.ok("$unknown" in (account.snsTopics as object) && "$unknown" in (account.kmsKeys as object));
  });

  it("an informational field no check reads (CreationDate) is dropped, the bucket stays", () => {
    const input = single([], { buckets: [bucket({ CreationDate: "last week" })] });
    const out = repaired(input);
    assert.deepEqual(out.accounts[0]!.buckets, [bucket()]);
    assert.deepEqual(out.accounts[0]!.collectionErrors, [
      {
        service: "s3",
        operation: "ListBuckets",
        region: "us-east-1",
        resource: "trail-logs",
        code: "UnexpectedValue",
        message: 'unexpected value from AWS: buckets.0.CreationDate="last week" in ListBuckets (the snapshot schema says: must match format "date-time")',
      },
    ]);
  });

  it("an odd identity of a list item (a trail's ARN, a bucket's Name): the whole list unknown", () => {
    const out = repaired(single([trail({ TrailARN: "nope" })], { buckets: [bucket({ Name: "x" })] }));
    const account = out.accounts[0]!;
    assert.deepEqual(account.trails, marker(account.collectionErrors![0]!));
    assert.deepEqual(account.buckets, marker(account.collectionErrors![1]!));
    assert.deepEqual(account.collectionErrors!.map((e) => `${e.service}:${e.operation} ${e.code}`), ["cloudtrail:ListTrails UnexpectedValue", "s3:ListBuckets UnexpectedValue"]);
  });

  it("organization and account fields: a Maybe becomes unknown, anything else is dropped with its error", () => {
    const input = org({ organization: { delegatedAdministrators: odd([{ Id: "bad" }]), FeatureSet: odd("WEIRD") }, management: { Name: odd(5) } });
    const out = repaired(input);
    assert.deepEqual(out.organization!.collectionErrors, [
      {
        service: "organizations",
        operation: "DescribeOrganization",
        code: "UnexpectedValue",
        message: 'unexpected value from AWS: FeatureSet="WEIRD" in DescribeOrganization (the snapshot schema says: must be equal to one of the allowed values)',
      },
      {
        service: "organizations",
        operation: "ListDelegatedAdministrators",
        code: "UnexpectedValue",
        message: 'unexpected value from AWS: delegatedAdministrators.0.Id="bad" in ListDelegatedAdministrators (the snapshot schema says: must match pattern "^[0-9]{12}$")',
      },
    ]);
    assert.deepEqual(out.organization!.delegatedAdministrators, marker(out.organization!.collectionErrors![1]!));
    assert.equal("FeatureSet" in out.organization!, false);
    assert.equal("Name" in out.accounts[0]!, false);
    assert.deepEqual(out.accounts[0]!.collectionErrors!.map((e) => e.message), ["unexpected value from AWS: Name=5 in ListAccounts (the snapshot schema says: must be string)"]);
  });

  it("what it repairs, the engine's derivation leaves as it is", () => {
    const input = single([trail({ IsMultiRegionTrail: odd("true") }), trail({ Name: "second", status: odd({ IsLogging: "yes" }) })], {
      regions: odd(["us-east-1", 7]),
      buckets: [bucket({ versioning: odd({ Status: "Archived" }) })],
      logGroups: [logGroup({ retentionInDays: odd("x") })],
    });
    const out = repaired(input);
    assert.deepEqual(withUnknowns(structuredClone(out)), out);
  });

  describe("what cannot be repaired: the collector's bug, thrown", () => {
    it("a value outside every account's and the organization's records (collectedAt)", () => {
      const input = single([]);
      (input as { collectedAt: string }).collectedAt = "yesterday";
      assert.throws(() => repairAgainstSchema(input), {
        message: 'collected snapshot does not match snapshot.schema.json at /collectedAt: must match format "date-time" (a bug in the collector)',
      });
    });

    it("an account Id or an organization Id", () => {
      const account = single([]);
      account.accounts[0]!.Id = "not-an-id";
      assert.throws(() => repairAgainstSchema(account), {
        message: 'collected snapshot does not match snapshot.schema.json at /accounts/0/Id: must match pattern "^[0-9]{12}$" (a bug in the collector)',
      });
      const organization = org({ organization: { Id: "bad" } });
      assert.throws(() => repairAgainstSchema(organization), /^Error: collected snapshot does not match snapshot\.schema\.json at \/organization: .* \(a bug in the collector\)$/);
    });
  });
});
