import assert from "node:assert/strict";
import {
  allTrails,
  bucketsByName,
  coverageGaps,
  coversRegion,
  coveringTrails,
  loggingCoverage,
  isActiveMember,
  isLogging,
  logBuckets,
  organizationTrailOwners,
  parseArn,
  tagValue,
  type TrailRef,
} from "../../src/model/coverage.js";
import type { CollectionError, Snapshot, Trail } from "../../src/model/snapshot.js";
import { LOG_ARCHIVE, MANAGEMENT, MEMBER, OTHER, account, bucket, multiRegionTrail, org, single, trail } from "../helpers/builders.js";

const OUTSIDE = "999988887777";
const names = (refs: TrailRef[]) => refs.map((r) => `${r.trail.Name}@${r.pointer}`);
/** A member account's or another region's view of a trail: same ARN, no GetTrailStatus data. */
const shadow = (t: Trail): Trail => {
  const { status: _status, ...rest } = t;
  return rest;
};

describe("model/coverage", () => {
  describe("parseArn", () => {
    it("splits an ARN into its parts", () => {
      assert.deepEqual(parseArn(`arn:aws:cloudtrail:eu-west-1:${MANAGEMENT}:trail/org-trail`), {
        partition: "aws",
        service: "cloudtrail",
        region: "eu-west-1",
        account: MANAGEMENT,
        resource: "trail/org-trail",
      });
    });

    it("keeps colons inside the resource part", () => {
      const parts = parseArn(`arn:aws-us-gov:logs:us-gov-west-1:${MANAGEMENT}:log-group:CloudTrail/org:*`);
      assert.equal(parts?.partition, "aws-us-gov");
      assert.equal(parts?.resource, "log-group:CloudTrail/org:*");
    });

    it("reads S3 ARNs with empty region and account", () => {
      assert.deepEqual(parseArn("arn:aws:s3:::trail-logs"), { partition: "aws", service: "s3", region: "", account: "", resource: "trail-logs" });
    });

    it("rejects what is not an ARN", () => {
      assert.equal(parseArn("trail-logs"), undefined);
      assert.equal(parseArn("arn:aws:s3"), undefined);
      assert.equal(parseArn("urn:aws:s3:::bucket:x"), undefined);
    });
  });

  describe("allTrails", () => {
    it("deduplicates by TrailARN and prefers the owner's copy over shadow copies listed first", () => {
      const orgTrail = multiRegionTrail({ Name: "org", IsOrganizationTrail: true });
      const snapshot = org({
        management: { trails: [orgTrail] },
        members: [account(MEMBER, { trails: [shadow(orgTrail)] })],
      });
      // Put the member (with the shadow copy) first in the snapshot.
      const reordered: Snapshot = { ...snapshot, accounts: [snapshot.accounts[1]!, snapshot.accounts[0]!] };
      const refs = allTrails(reordered);
      assert.equal(refs.length, 1);
      assert.equal(refs[0]!.pointer, "/accounts/1/trails/0");
      assert.equal(refs[0]!.ownerAccountId, MANAGEMENT);
      assert.equal((refs[0]!.trail.status as { IsLogging?: boolean }).IsLogging, true);
    });

    it("prefers the owner's copy even when a shadow copy carries status", () => {
      const t = multiRegionTrail({ Name: "org", IsOrganizationTrail: true });
      const snapshot = org({
        management: { trails: [shadow(t)] },
        members: [account(MEMBER, { trails: [t] })],
      });
      assert.deepEqual(names(allTrails(snapshot)), ["org@/accounts/0/trails/0"]);
    });

    it("among the owner's copies (one per region), prefers one with status", () => {
      const t = multiRegionTrail({ Name: "all" });
      const snapshot = single([shadow(t), shadow(t), t]);
      assert.deepEqual(names(allTrails(snapshot)), ["all@/accounts/0/trails/2"]);
    });

    it("keeps the first copy when none is better, and snapshot order across trails", () => {
      const a = multiRegionTrail({ Name: "a" });
      const snapshot = single([a, trail({ Name: "b" }), { ...a, S3BucketName: "second-copy" }]);
      const refs = allTrails(snapshot);
      assert.deepEqual(names(refs), ["a@/accounts/0/trails/0", "b@/accounts/0/trails/1"]);
      assert.equal(refs[0]!.trail.S3BucketName, "trail-logs");
    });

    it("takes the owner from the ARN and the home region from HomeRegion, else from the ARN", () => {
      const noHome = { ...trail({ Name: "x", HomeRegion: "ap-south-1" }), HomeRegion: undefined };
      const [ref] = allTrails(single([noHome]));
      assert.equal(ref!.ownerAccountId, MANAGEMENT);
      assert.equal(ref!.homeRegion, "ap-south-1");
    });

    it("returns the same list for the same snapshot object", () => {
      const snapshot = single([trail()]);
      assert.equal(allTrails(snapshot), allTrails(snapshot));
    });
  });

  describe("coveringTrails", () => {
    const orgTrail = multiRegionTrail({ Name: "org", IsOrganizationTrail: true });

    it("an account's own trails cover it, logging or not", () => {
      const snapshot = single([trail({ Name: "on" }), trail({ Name: "off", status: { IsLogging: false } })]);
      assert.deepEqual(names(coveringTrails(snapshot, snapshot.accounts[0]!)), ["on@/accounts/0/trails/0", "off@/accounts/0/trails/1"]);
    });

    it("the management account's organization trail covers every active member", () => {
      const snapshot = org({ management: { trails: [orgTrail] }, members: [LOG_ARCHIVE, MEMBER] });
      for (const acct of snapshot.accounts) {
        assert.deepEqual(names(coveringTrails(snapshot, acct)), ["org@/accounts/0/trails/0"], acct.Id);
      }
    });

    it("a CloudTrail delegated administrator's organization trail covers members", () => {
      const delegated = multiRegionTrail({ Name: "org-da", IsOrganizationTrail: true, account: LOG_ARCHIVE });
      const snapshot = org({
        members: [account(LOG_ARCHIVE, { trails: [delegated] }), MEMBER],
        organization: { delegatedAdministrators: [{ Id: LOG_ARCHIVE, Name: "log-archive" }] },
      });
      assert.deepEqual(names(coveringTrails(snapshot, snapshot.accounts[0]!)), ["org-da@/accounts/1/trails/0"]);
      assert.deepEqual(names(coveringTrails(snapshot, snapshot.accounts[2]!)), ["org-da@/accounts/1/trails/0"]);
    });

    it("an organization trail of a member that is not a delegated administrator covers only that member", () => {
      const rogue = multiRegionTrail({ Name: "rogue", IsOrganizationTrail: true, account: LOG_ARCHIVE });
      const snapshot = org({ members: [account(LOG_ARCHIVE, { trails: [rogue] }), MEMBER] });
      assert.deepEqual(names(coveringTrails(snapshot, snapshot.accounts[1]!)), ["rogue@/accounts/1/trails/0"]);
      assert.deepEqual(names(coveringTrails(snapshot, snapshot.accounts[2]!)), []);
    });

    it("the management account's non-organization trail does not cover members", () => {
      const snapshot = org({ management: { trails: [multiRegionTrail({ Name: "own" })] }, members: [MEMBER] });
      assert.deepEqual(names(coveringTrails(snapshot, snapshot.accounts[1]!)), []);
    });

    it("does not cover a suspended or closing member", () => {
      const snapshot = org({
        management: { trails: [orgTrail] },
        members: [account(MEMBER, { Status: "SUSPENDED" }), account(OTHER, { Status: "PENDING_CLOSURE" })],
      });
      assert.deepEqual(names(coveringTrails(snapshot, snapshot.accounts[1]!)), []);
      assert.deepEqual(names(coveringTrails(snapshot, snapshot.accounts[2]!)), []);
      assert.equal(isActiveMember(snapshot, snapshot.accounts[1]!), false);
    });

    it("a member without a Status (older snapshots) counts as active", () => {
      const snapshot = org({ management: { trails: [orgTrail] }, members: [account(MEMBER, { Status: undefined })] });
      assert.deepEqual(names(coveringTrails(snapshot, snapshot.accounts[1]!)), ["org@/accounts/0/trails/0"]);
    });

    it("a standalone account is not covered by someone else's organization trail", () => {
      const snapshot: Snapshot = {
        ...single([]),
        accounts: [account(MANAGEMENT, { trails: [orgTrail] }), account(OTHER)],
      };
      assert.equal(isActiveMember(snapshot, snapshot.accounts[1]!), false);
      assert.deepEqual(names(coveringTrails(snapshot, snapshot.accounts[1]!)), []);
      assert.deepEqual(names(coveringTrails(snapshot, snapshot.accounts[0]!)), ["org@/accounts/0/trails/0"]);
    });

    it("credits the owner's copy when a member lists a shadow copy", () => {
      const snapshot = org({ management: { trails: [orgTrail] }, members: [account(MEMBER, { trails: [shadow(orgTrail)] })] });
      const refs = coveringTrails(snapshot, snapshot.accounts[1]!);
      assert.deepEqual(names(refs), ["org@/accounts/0/trails/0"]);
      assert.equal(isLogging(refs[0]!.trail), true);
    });

    it("organizationTrailOwners is the management account plus delegated administrators", () => {
      const snapshot = org({ organization: { delegatedAdministrators: [{ Id: LOG_ARCHIVE }] } });
      assert.deepEqual([...organizationTrailOwners(snapshot)].sort(), [MANAGEMENT, LOG_ARCHIVE].sort());
      assert.deepEqual([...organizationTrailOwners(single([]))], []);
    });
  });

  describe("isLogging and coversRegion", () => {
    it("a trail is effective only when GetTrailStatus says IsLogging", () => {
      assert.equal(isLogging(trail()), true);
      assert.equal(isLogging(trail({ status: { IsLogging: false } })), false);
      assert.equal(isLogging(shadow(trail())), false);
    });

    it("a multi-region trail covers every region; a single-region trail its home region only", () => {
      const [multi, west] = allTrails(single([multiRegionTrail({ Name: "all" }), trail({ Name: "west", HomeRegion: "us-west-2" })]));
      assert.equal(coversRegion(multi!, "ap-southeast-2"), true);
      assert.equal(coversRegion(west!, "us-west-2"), true);
      assert.equal(coversRegion(west!, "us-east-1"), false);
    });
  });

  describe("bucketsByName", () => {
    it("prefers the owner's listing over a stub in another account, whatever the order", () => {
      const snapshot = org({
        management: { buckets: [bucket({ Name: "logs", ownerAccountId: LOG_ARCHIVE, policy: null })] },
        members: [account(LOG_ARCHIVE, { buckets: [bucket({ Name: "logs", Region: "eu-west-1" })] })],
      });
      const ref = bucketsByName(snapshot).get("logs")!;
      assert.equal(ref.pointer, "/accounts/1/buckets/0");
      assert.equal(ref.ownerAccountId, LOG_ARCHIVE);
      assert.equal(ref.bucket.Region, "eu-west-1");
      assert.equal(ref.arn, "arn:aws:s3:::logs");
    });

    it("defaults the owner to the listing account and uses the snapshot's partition in the ARN", () => {
      const snapshot: Snapshot = { ...single([], { buckets: [bucket({ Name: "gov-logs" })] }), partition: "aws-us-gov" };
      const ref = bucketsByName(snapshot).get("gov-logs")!;
      assert.equal(ref.ownerAccountId, MANAGEMENT);
      assert.equal(ref.arn, "arn:aws-us-gov:s3:::gov-logs");
    });

    it("keeps a stub when no owner lists the bucket", () => {
      const snapshot = single([], { buckets: [bucket({ Name: "vendor", ownerAccountId: OUTSIDE })] });
      assert.equal(bucketsByName(snapshot).get("vendor")?.ownerAccountId, OUTSIDE);
    });
  });

  describe("logBuckets", () => {
    it("resolves a bucket in another account of the snapshot and groups the trails delivering to it", () => {
      const snapshot = org({
        management: {
          trails: [
            multiRegionTrail({ Name: "org", IsOrganizationTrail: true, S3BucketName: "org-logs" }),
            trail({ Name: "extra", S3BucketName: "org-logs" }),
          ],
        },
        members: [account(LOG_ARCHIVE, { buckets: [bucket({ Name: "org-logs" })] })],
      });
      const [entry, ...rest] = logBuckets(snapshot);
      assert.equal(rest.length, 0);
      assert.equal(entry!.name, "org-logs");
      assert.equal(entry!.arn, "arn:aws:s3:::org-logs");
      assert.equal(entry!.inScope, true);
      assert.equal(entry!.ref?.ownerAccountId, LOG_ARCHIVE);
      assert.equal(entry!.ref?.pointer, "/accounts/1/buckets/0");
      assert.deepEqual(names(entry!.trails), ["org@/accounts/0/trails/0", "extra@/accounts/0/trails/1"]);
    });

    it("ignores buckets of stopped trails", () => {
      const snapshot = single([trail({ Name: "stopped", S3BucketName: "old-logs", status: { IsLogging: false } })], {
        buckets: [bucket({ Name: "old-logs" })],
      });
      assert.deepEqual(logBuckets(snapshot), []);
    });

    it("reports a bucket no account lists without a ref, out of scope", () => {
      const snapshot = single([trail({ S3BucketName: "unlisted" })]);
      assert.deepEqual(
        logBuckets(snapshot).map((b) => ({ name: b.name, ref: b.ref, inScope: b.inScope })),
        [{ name: "unlisted", ref: undefined, inScope: false }],
      );
    });

    it("marks a bucket owned by an account outside the snapshot as out of scope, keeping the stub", () => {
      const snapshot = single([trail({ S3BucketName: "vendor-siem-ingest-logs" })], {
        buckets: [bucket({ Name: "vendor-siem-ingest-logs", ownerAccountId: OUTSIDE })],
      });
      const [entry] = logBuckets(snapshot);
      assert.equal(entry!.inScope, false);
      assert.equal(entry!.ref?.ownerAccountId, OUTSIDE);
    });

    it("sorts by bucket name and skips trails without a bucket", () => {
      const snapshot = single([
        trail({ Name: "z", S3BucketName: "zz-logs" }),
        trail({ Name: "a", S3BucketName: "aa-logs" }),
        { ...trail({ Name: "none" }), S3BucketName: undefined },
      ]);
      assert.deepEqual(logBuckets(snapshot).map((b) => b.name), ["aa-logs", "zz-logs"]);
    });

    it("counts a shadow copy once, through the owner's logging copy", () => {
      const t = multiRegionTrail({ Name: "org", IsOrganizationTrail: true, S3BucketName: "org-logs" });
      const snapshot = org({ management: { trails: [t] }, members: [account(MEMBER, { trails: [shadow(t)] })] });
      assert.deepEqual(names(logBuckets(snapshot)[0]!.trails), ["org@/accounts/0/trails/0"]);
    });
  });

  it("tagValue finds a tag's value by exact key", () => {
    const tags = [{ Key: "data-classification", Value: "Confidential" }, { Key: "empty" }];
    assert.equal(tagValue(tags, "data-classification"), "Confidential");
    assert.equal(tagValue(tags, "Data-Classification"), undefined);
    assert.equal(tagValue(tags, "empty"), undefined);
    assert.equal(tagValue(undefined, "x"), undefined);
  });

  describe("unknown values", () => {
    const cause = (operation: string): CollectionError => ({ service: "cloudtrail", operation, code: "AccessDenied", message: "denied" });
    const unknown = (operation: string) => ({ $unknown: cause(operation) });
    const orgTrail = multiRegionTrail({ Name: "org", IsOrganizationTrail: true, S3BucketName: "org-logs" });

    it("a member's shadow of an organization trail whose owner could not be listed is unknown, not a trail that does not log", () => {
      const snapshot = org({ management: { trails: unknown("ListTrails") }, members: [account(MEMBER, { trails: [shadow(orgTrail)] })] });
      const [ref] = allTrails(snapshot);
      assert.deepEqual(ref!.unknown, [{ cause: cause("ListTrails"), pointer: "/accounts/0/trails" }]);
      const member = snapshot.accounts[1]!;
      assert.deepEqual(loggingCoverage(snapshot, member), {
        logging: [],
        unknown: [{ cause: cause("ListTrails"), pointer: "/accounts/0/trails" }],
      });
    });

    it("the trail list of an account, or of an account whose organization trails would cover it, is a gap in its coverage", () => {
      const own = single([], { trails: unknown("ListTrails") });
      assert.deepEqual(coverageGaps(own, own.accounts[0]!), [{ cause: cause("ListTrails"), pointer: "/accounts/0/trails" }]);
      const members = org({ management: { trails: unknown("ListTrails") }, members: [MEMBER] });
      assert.deepEqual(coverageGaps(members, members.accounts[1]!), [{ cause: cause("ListTrails"), pointer: "/accounts/0/trails" }]);
      assert.deepEqual(coverageGaps(members, members.accounts[0]!), [{ cause: cause("ListTrails"), pointer: "/accounts/0/trails" }]);
    });

    it("a trail of the management account whose IsOrganizationTrail is unknown may cover every member", () => {
      const maybe = multiRegionTrail({ Name: "maybe", IsOrganizationTrail: unknown("GetTrail") });
      const snapshot = org({ management: { trails: [maybe] }, members: [MEMBER] });
      assert.deepEqual(coverageGaps(snapshot, snapshot.accounts[1]!), [{ cause: cause("GetTrail"), pointer: "/accounts/0/trails/0/IsOrganizationTrail" }]);
      assert.deepEqual(coverageGaps(snapshot, snapshot.accounts[0]!), [], "its own account covers itself through it either way");
    });

    it("a covering trail whose status is unknown is not logging, nor not logging: it is unknown", () => {
      const snapshot = single([trail({ Name: "t", status: unknown("GetTrailStatus") }), multiRegionTrail({ Name: "m" })]);
      const coverage = loggingCoverage(snapshot, snapshot.accounts[0]!);
      assert.deepEqual(names(coverage.logging), ["m@/accounts/0/trails/1"]);
      assert.deepEqual(coverage.unknown, [{ cause: cause("GetTrailStatus"), pointer: "/accounts/0/trails/0/status" }]);
      assert.equal(isLogging(trail({ status: unknown("GetTrailStatus") })), false, "isLogging is true only when known");
    });

    it("a log bucket written only by a trail whose status is unknown carries that unknown; one a logging trail writes to does not", () => {
      const maybe = trail({ Name: "maybe", S3BucketName: "maybe-logs", status: unknown("GetTrailStatus") });
      const both = trail({ Name: "both", S3BucketName: "shared-logs", status: unknown("GetTrailStatus") });
      const sure = multiRegionTrail({ Name: "sure", S3BucketName: "shared-logs" });
      const snapshot = single([maybe, both, sure], { buckets: [bucket({ Name: "maybe-logs" }), bucket({ Name: "shared-logs" })] });
      const byName = new Map(logBuckets(snapshot).map((lb) => [lb.name, lb]));
      assert.deepEqual(byName.get("maybe-logs")!.unknown, [{ cause: cause("GetTrailStatus"), pointer: "/accounts/0/trails/0/status" }]);
      assert.deepEqual(byName.get("shared-logs")!.unknown, []);
    });

    it("a trail whose bucket is unknown names no log bucket; a bucket no account lists, beside a bucket list that could not be read, carries that unknown", () => {
      const snapshot = org({
        management: { trails: [multiRegionTrail({ Name: "t", S3BucketName: { $unknown: cause("GetTrail") } }), multiRegionTrail({ Name: "u", S3BucketName: "lost" })] },
        members: [account(LOG_ARCHIVE, { buckets: { $unknown: { ...cause("ListBuckets"), service: "s3" } } })],
      });
      const [lost, ...rest] = logBuckets(snapshot);
      assert.equal(rest.length, 0);
      assert.equal(lost!.name, "lost");
      assert.deepEqual(lost!.unknown, [{ cause: { ...cause("ListBuckets"), service: "s3" }, pointer: "/accounts/1/buckets" }]);
    });
  });
});
