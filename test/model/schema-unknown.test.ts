// The snapshot schema and the unknown marker: `{ "$unknown": <CollectionError> }` is accepted at
// every Maybe field and nowhere else, and a rejected snapshot's message says what is wrong with
// exactly the lines asserted here (which pins describeErrors' filter of the marker branch's noise).
import assert from "node:assert/strict";
import type { CollectionError, Snapshot } from "../../src/model/snapshot.js";
import { InputError } from "../../src/util/errors.js";
import { assertValid } from "../../src/util/schemas.js";
import { MANAGEMENT, bucket, denied, logGroup, org, single, trail } from "../helpers/builders.js";

const cause: CollectionError = denied("s3", "GetBucketPolicy", { region: "eu-west-1", resource: "trail-logs" });
const marker = (error: CollectionError = cause) => ({ $unknown: error });
const ARN = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/main`;

/** The full message assertValid throws for the snapshot (fails when it validates). */
function rejection(snapshot: unknown): string {
  try {
    assertValid("snapshot.schema.json", snapshot, "snap.json");
  } catch (error) {
    assert.ok(error instanceof InputError, `not an InputError: ${String(error)}`);
    return error.message;
  }
  assert.fail("the snapshot was expected not to validate");
}
const message = (...lines: string[]) => ["snap.json: does not match snapshot.schema.json:", ...lines.map((l) => `  at ${l}`)].join("\n");
/** A snapshot with a value the types do not allow (what a hand-written file may hold). */
const odd = <T>(value: unknown) => value as T;

describe("snapshot schema: the unknown marker", () => {
  it("accepts markers at every kind of Maybe field", () => {
    const full: CollectionError = { service: "cloudtrail", operation: "GetTrail", region: "us-east-1", resource: ARN, field: "IsMultiRegionTrail", code: "Unresolved", message: "var.multi_region" };
    const snapshot: Snapshot = org({
      organization: { delegatedAdministrators: marker(), serviceControlPolicies: marker() },
      management: {
        regions: marker(),
        alarms: marker(),
        trails: [
          trail({ IsMultiRegionTrail: marker(full), S3BucketName: marker(), KmsKeyId: marker(), status: marker(), eventSelectors: marker(), advancedEventSelectors: marker(), insightSelectors: marker(), tags: marker() }),
          { Name: "unread", TrailARN: `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/unread`, HomeRegion: "us-east-1", $unknown: cause },
        ],
        buckets: [
          bucket({ Region: marker(), policy: marker(), objectLockConfiguration: marker(), versioning: marker(), publicAccessBlock: marker(), tags: marker(), acl: marker(), logging: marker(), encryption: marker() }),
        ],
        logGroups: [logGroup({ metricFilters: marker() }), { logGroupName: "unread", region: "us-east-1", $unknown: cause }],
        collectionErrors: [cause, full],
      },
      members: [{ Id: "333333333333", trails: marker(), buckets: marker(), logGroups: marker() }],
    });
    assert.equal(assertValid("snapshot.schema.json", snapshot, "snap.json"), snapshot);
  });

  it("rejects a marker with an extra key, naming that key only", () => {
    assert.equal(
      rejection(single([], { buckets: [bucket({ policy: odd({ $unknown: cause, reason: "denied" }) })] })),
      message('/accounts/0/buckets/0/policy: has unknown property "reason"'),
    );
  });

  it("rejects a marker whose cause is not a CollectionError, naming what it lacks", () => {
    assert.equal(
      rejection(single([], { buckets: [bucket({ versioning: odd({ $unknown: { service: "s3" } }) })] })),
      message(
        "/accounts/0/buckets/0/versioning/$unknown: must have required property 'operation'",
        "/accounts/0/buckets/0/versioning/$unknown: must have required property 'code'",
        "/accounts/0/buckets/0/versioning/$unknown: must have required property 'message'",
      ),
    );
  });

  it("rejects a cause with a key a CollectionError does not have", () => {
    assert.equal(rejection(single([], { regions: odd({ $unknown: { ...cause, retry: true } }) })), message('/accounts/0/regions/$unknown: has unknown property "retry"'));
  });

  it("rejects a marker whose cause is null or a list", () => {
    assert.equal(rejection(single([trail({ IsMultiRegionTrail: odd({ $unknown: null }) })])), message("/accounts/0/trails/0/IsMultiRegionTrail/$unknown: must be object"));
    assert.equal(rejection(single([], { logGroups: [logGroup({ metricFilters: odd({ $unknown: [cause] }) })] })), message("/accounts/0/logGroups/0/metricFilters/$unknown: must be object"));
  });

  it("rejects an empty object at a Maybe field as a value of the field's type", () => {
    assert.equal(rejection(single([], { buckets: [bucket({ tags: odd({}) })] })), message("/accounts/0/buckets/0/tags: must be array"));
  });

  it("rejects a marker where no Maybe is (a trail's Name, an alarm's Threshold) with the field's own error", () => {
    assert.equal(rejection(single([trail({ Name: odd(marker()), TrailARN: ARN })])), message("/accounts/0/trails/0/Name: must be string"));
    assert.equal(rejection(single([], { alarms: [{ AlarmName: "a", Threshold: odd(marker()) }] })), message("/accounts/0/alarms/0/Threshold: must be number"));
  });

  it("rejects a trail's own $unknown that is not a CollectionError", () => {
    assert.equal(
      rejection(single([trail({ $unknown: odd({ service: "cloudtrail" }) })])),
      message(
        "/accounts/0/trails/0/$unknown: must have required property 'operation'",
        "/accounts/0/trails/0/$unknown: must have required property 'code'",
        "/accounts/0/trails/0/$unknown: must have required property 'message'",
      ),
    );
  });

  describe("a wrong value beside the marker branch: the value's own error, not the marker's", () => {
    it("a Threshold given as a string: one line", () => {
      assert.equal(rejection(single([], { alarms: [{ AlarmName: "a", Threshold: odd("5") }] })), message("/accounts/0/alarms/0/Threshold: must be number"));
    });

    it("a string where a Maybe boolean is: one line", () => {
      assert.equal(rejection(single([trail({ IsMultiRegionTrail: odd("true") })])), message("/accounts/0/trails/0/IsMultiRegionTrail: must be boolean"));
    });

    it("a bad value under a Maybe object (status): that value's error only, not \"must have required property '$unknown'\"", () => {
      assert.equal(rejection(single([trail({ status: odd({ IsLogging: "yes" }) })])), message("/accounts/0/trails/0/status/IsLogging: must be boolean"));
    });

    it("a bad value under a nullable Maybe object (versioning): its error and the null branch's, no marker line", () => {
      assert.equal(
        rejection(single([], { buckets: [bucket({ versioning: odd({ Status: "Archived" }) })] })),
        message(
          "/accounts/0/buckets/0/versioning: must be null",
          '/accounts/0/buckets/0/versioning/Status: must be one of "Enabled", "Suspended"',
          "/accounts/0/buckets/0/versioning: must match exactly one schema in oneOf",
        ),
      );
    });

    it("a list that is neither a list nor a marker: one line", () => {
      assert.equal(rejection(single([], { trails: odd("none") })), message("/accounts/0/trails: must be array"));
    });

    it("a bad value deep in a list item does not make the list 'not a marker'", () => {
      assert.equal(
        rejection(single([trail({ IsMultiRegionTrail: odd("yes"), status: odd({ $unknown: cause, since: 1 }) })])),
        message("/accounts/0/trails/0/IsMultiRegionTrail: must be boolean", '/accounts/0/trails/0/status: has unknown property "since"'),
      );
    });
  });
});
