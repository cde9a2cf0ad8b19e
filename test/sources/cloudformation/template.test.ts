// CloudFormation templates mapped into the snapshot: the exact snapshot (golden files under
// test/fixtures/iac/cloudformation/, reviewed), the exact findings of every registered check with the
// file position each finding's pointer maps to, and the positions of resources and properties.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseIac } from "../../../src/sources/iac.js";
import { assertGolden, at, expectInputError, lint, loadFixture, ROOT, rows } from "./helpers.js";

const DIR = "test/fixtures/iac/cloudformation";

const resourceRows = (source: ReturnType<typeof loadFixture>) =>
  source.resources.map(
    (r) => `${r.id} ${r.type} @${r.location.startLine}:${r.location.startColumn} ${r.pointer ?? "-"}${r.note ? ` (${r.note})` : ""}${r.cdkPath ? ` [${r.cdkPath}]` : ""}`,
  );

describe("CloudFormation templates", () => {
  describe("full.yaml: a well-built organization trail", () => {
    // Deployed to us-east-1: its OrgTrail exists only there (Condition ProdInUsEast1).
    const source = loadFixture(`${DIR}/full.yaml`, { region: "us-east-1" });

    it("maps to the reviewed snapshot", () => {
      assertGolden(source, `${DIR}/full.snapshot.json`);
      assert.equal(source.file, `${DIR}/full.yaml`);
      assert.equal(source.kind, "cloudformation");
    });

    it("passes every check, each finding at its resource", () => {
      assert.deepEqual(rows(source), [
        "cloudwatch-logs-integration PASS ok /accounts/0/trails/0 @151:3",
        "data-events-tagged-buckets PASS ok /accounts/0/buckets/1 @95:3",
        "global-service-events PASS ok /accounts/0/trails/0 @151:3",
        "iac-invalid-trail-config PASS templateOk /accounts/0 @28:1",
        "iac-invalid-trail-config PASS ok /accounts/0/trails/0 @151:3",
        "iac-invalid-trail-config PASS ok /accounts/0/buckets/1 @95:3",
        "iac-invalid-trail-config PASS ok /accounts/0/buckets/0 @29:3",
        "log-bucket-no-delete PASS ok /accounts/0/buckets/0 @29:3",
        "log-bucket-object-lock PASS ok /accounts/0/buckets/0 @29:3",
        "multi-region-trail PASS ok /accounts/0/trails/0 @151:3",
      ]);
    });

    it("lists every relevant resource with what it became", () => {
      assert.deepEqual(resourceRows(source), [
        "LogBucket AWS::S3::Bucket @29:3 /accounts/0/buckets/0",
        "LogBucketPolicy AWS::S3::BucketPolicy @61:3 /accounts/0/buckets/0/policy",
        "ConfidentialBucket AWS::S3::Bucket @95:3 /accounts/0/buckets/1",
        "TrailLogGroup AWS::Logs::LogGroup @105:3 /accounts/0/logGroups/0",
        "TrailRole AWS::IAM::Role @111:3 /accounts/0/iam/roles/0",
        "TrailTopic AWS::SNS::Topic @122:3 /accounts/0/snsTopics/0",
        "RootActivityFilter AWS::Logs::MetricFilter @127:3 /accounts/0/logGroups/0/metricFilters/0",
        "RootActivityAlarm AWS::CloudWatch::Alarm @138:3 /accounts/0/alarms/0",
        "OrgTrail AWS::CloudTrail::Trail @151:3 /accounts/0/trails/0",
        "DevOnlyTrail AWS::CloudTrail::Trail @183:3 - (not created: condition IsDev is false)",
        "DenyTrailTampering AWS::Organizations::Policy @190:3 /organization/serviceControlPolicies/0",
        "TagRules AWS::Organizations::Policy @209:3 - (a TAG_POLICY, not a service control policy)",
      ]);
    });

    it("locates properties, list elements and parts set by other resources", () => {
      const expected: [string, string][] = [
        ["/accounts/0/trails/0/IsMultiRegionTrail", "159:7"],
        ["/accounts/0/trails/0/IncludeGlobalServiceEvents", "160:7"],
        ["/accounts/0/trails/0/status/IsLogging", "158:7"],
        ["/accounts/0/trails/0/status/LatestCloudWatchLogsDeliveryTime", "158:7"],
        ["/accounts/0/trails/0/CloudWatchLogsLogGroupArn", "163:7"],
        ["/accounts/0/trails/0/advancedEventSelectors", "167:7"],
        ["/accounts/0/trails/0/advancedEventSelectors/1", "172:11"],
        ["/accounts/0/trails/0/advancedEventSelectors/1/FieldSelectors/2", "176:15"],
        ["/accounts/0/trails/0/HomeRegion", "151:3"],
        ["/accounts/0/buckets/0/policy", "65:7"],
        ["/accounts/0/buckets/0/policy/Statement/2", "81:13"],
        ["/accounts/0/buckets/0/policy/Statement/2/Resource/1", "93:17"],
        ["/accounts/0/buckets/0/objectLockConfiguration", "35:7"],
        ["/accounts/0/buckets/0/objectLockConfiguration/Rule/DefaultRetention/Days", "40:13"],
        ["/accounts/0/buckets/1/tags/0", "102:11"],
        ["/accounts/0/logGroups/0/metricFilters/0/filterPattern", "132:7"],
        ["/organization/serviceControlPolicies/0/Content", "197:7"],
        ["/organization/serviceControlPolicies/0/Content/Statement/1", "204:13"],
        ["/organization/serviceControlPolicies/0/targets", "196:7"],
        ["/accounts/0", "28:1"],
        ["", "28:1"],
        ["/no/such/part", "28:1"],
      ];
      assert.deepEqual(
        expected.map(([pointer]) => [pointer, at(source, pointer)]),
        expected,
      );
      assert.equal(source.locate("not a pointer"), undefined);
      assert.deepEqual(source.locate("/accounts/0/trails/0"), { file: `${DIR}/full.yaml`, startLine: 151, startColumn: 3 });
    });
  });

  describe("defaults.yaml: properties left out take AWS's defaults", () => {
    const source = loadFixture(`${DIR}/defaults.yaml`);
    const account = source.snapshot.accounts[0]!;

    it("maps to the reviewed snapshot", () => assertGolden(source, `${DIR}/defaults.snapshot.json`));

    it("a trail gets CreateTrail's defaults and the default event selector", () => {
      const trail = account.trails![0]!;
      assert.deepEqual(
        {
          Name: trail.Name,
          TrailARN: trail.TrailARN,
          S3BucketName: trail.S3BucketName,
          IncludeGlobalServiceEvents: trail.IncludeGlobalServiceEvents,
          IsMultiRegionTrail: trail.IsMultiRegionTrail,
          LogFileValidationEnabled: trail.LogFileValidationEnabled,
          IsOrganizationTrail: trail.IsOrganizationTrail,
          HasCustomEventSelectors: trail.HasCustomEventSelectors,
          eventSelectors: trail.eventSelectors,
          advancedEventSelectors: trail.advancedEventSelectors,
          status: trail.status,
        },
        {
          Name: "defaults-Trail",
          TrailARN: "arn:aws:cloudtrail:us-east-1:000000000000:trail/defaults-Trail",
          S3BucketName: "defaults-bucket-<random>",
          IncludeGlobalServiceEvents: true,
          IsMultiRegionTrail: false,
          LogFileValidationEnabled: false,
          IsOrganizationTrail: false,
          HasCustomEventSelectors: false,
          eventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }],
          advancedEventSelectors: undefined,
          status: { IsLogging: true },
        },
      );
    });

    it("a trail without IsLogging has no IsLogging in its status", () => {
      assert.deepEqual(account.trails![1]!.status, {});
    });

    it("a bucket gets S3's defaults for new buckets; a policy given as a JSON string is kept as a string", () => {
      const bucket = account.buckets![0]!;
      assert.deepEqual(
        { ...bucket, policy: typeof bucket.policy },
        {
          Name: "defaults-bucket-<random>",
          Region: "us-east-1",
          ownerAccountId: "000000000000",
          policy: "string",
          objectLockConfiguration: null,
          versioning: {},
          publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
          ownershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
          acl: { Grants: [{ Grantee: { Type: "CanonicalUser" }, Permission: "FULL_CONTROL" }] },
          tags: [],
          logging: null,
          encryption: { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" }, BucketKeyEnabled: false }] } },
        },
      );
    });

    it("gives these findings", () => {
      assert.deepEqual(rows(source), [
        "cloudwatch-logs-integration FAIL notWired /accounts/0/trails/0 @2:3",
        "data-events-tagged-buckets NOT_APPLICABLE noTaggedBuckets /accounts/0 @1:1",
        // A single-region trail, and no --region: whether it receives global events depends on where it is deployed.
        "global-service-events ERROR collection-error /accounts/0/collectionErrors/0 @2:3",
        "iac-invalid-trail-config PASS templateOk /accounts/0 @1:1",
        "iac-invalid-trail-config PASS ok /accounts/0/trails/0 @2:3",
        "iac-invalid-trail-config FAIL missingRequired /accounts/0/trails/1 @9:3",
        "iac-invalid-trail-config PASS ok /accounts/0/buckets/0 @7:3",
        "log-bucket-no-delete FAIL openPaths /accounts/0/buckets/0 @7:3",
        "log-bucket-object-lock FAIL offUnversioned /accounts/0/buckets/0 @7:3",
        "multi-region-trail FAIL singleRegion /accounts/0/trails/0 @2:3",
      ]);
    });
  });

  describe("unresolved.yaml: what the file does not decide is never a FAIL", () => {
    const source = loadFixture(`${DIR}/unresolved.yaml`);

    it("maps to the reviewed snapshot: stand-ins that fail, never ones that pass", () => {
      assertGolden(source, `${DIR}/unresolved.snapshot.json`);
      const [shared, regional] = source.snapshot.accounts[0]!.trails!;
      assert.equal(shared!.S3BucketName, "<!ImportValue SharedLogBucket>");
      assert.equal(shared!.IsMultiRegionTrail, false);
      assert.deepEqual(shared!.eventSelectors, []);
      assert.equal(regional!.IncludeGlobalServiceEvents, false);
      assert.equal(regional!.CloudWatchLogsLogGroupArn, undefined);
      const bucket = source.snapshot.accounts[0]!.buckets![0]!;
      assert.equal(bucket.objectLockConfiguration, null);
      assert.deepEqual(bucket.tags, [{ Key: "data-classification" }]);
      // The file's policy, the one value it leaves open a hole (its placeholder until derive.ts marks it unknown).
      assert.deepEqual(bucket.policy, {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { AWS: "<!Ref ReaderRoleArn>" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::unresolved-databucket-<random>/*" }],
      });
    });

    it("records each undecided value as an Unresolved error on the read that returns it", () => {
      const errors = source.snapshot.accounts[0]!.collectionErrors!;
      assert.deepEqual(
        errors.map((e) => `${e.service}:${e.operation} ${e.resource} ${e.code}`),
        [
          "cloudtrail:GetTrail arn:aws:cloudtrail:us-east-1:000000000000:trail/shared-trail Unresolved",
          "cloudtrail:GetTrail arn:aws:cloudtrail:us-east-1:000000000000:trail/shared-trail Unresolved",
          "cloudtrail:GetEventSelectors arn:aws:cloudtrail:us-east-1:000000000000:trail/shared-trail Unresolved",
          "cloudtrail:GetTrail arn:aws:cloudtrail:us-east-1:000000000000:trail/unresolved-RegionalTrail Unresolved",
          "cloudtrail:GetTrail arn:aws:cloudtrail:us-east-1:000000000000:trail/unresolved-RegionalTrail Unresolved",
          "s3:GetObjectLockConfiguration unresolved-databucket-<random> Unresolved",
          "s3:GetBucketTagging unresolved-databucket-<random> Unresolved",
          "s3:GetBucketPolicy unresolved-databucket-<random> Unresolved",
          // No --region: the trails' region is the one the stack is deployed to.
          "cloudtrail:GetTrail arn:aws:cloudtrail:us-east-1:000000000000:trail/shared-trail Unresolved",
          "cloudtrail:GetTrail arn:aws:cloudtrail:us-east-1:000000000000:trail/unresolved-RegionalTrail Unresolved",
        ],
      );
      assert.equal(
        errors[0]!.message,
        "SharedTrail (AWS::CloudTrail::Trail) S3BucketName is !ImportValue SharedLogBucket: a value exported by another stack; cannot be decided from this file",
      );
      assert.equal(
        errors[1]!.message,
        "SharedTrail (AWS::CloudTrail::Trail) IsMultiRegionTrail is !Ref MultiRegion: parameter MultiRegion has no value (no Default; pass --parameter MultiRegion=…); cannot be decided from this file",
      );
      assert.equal(
        errors[4]!.message,
        "RegionalTrail (AWS::CloudTrail::Trail) CloudWatchLogsLogGroupArn is Condition WithCloudWatch: !Ref CloudWatchGroupArn (parameter CloudWatchGroupArn has no value (no Default; pass --parameter CloudWatchGroupArn=…)); cannot be decided from this file",
      );
      // Each error is located where the file sets the undecided value.
      assert.deepEqual(
        errors.map((_e, i) => at(source, `/accounts/0/collectionErrors/${i}`)),
        // The policy's error is at the expression it leaves open (Principal AWS: !Ref ReaderRoleArn).
        ["30:7", "32:7", "34:7", "46:7", "47:7", "52:7", "53:7", "66:15", "26:3", "41:3"],
      );
    });

    it("gives ERROR (or a verdict that does not depend on the undecided values), never FAIL", () => {
      const findings = lint(source);
      assert.deepEqual(rows(source, findings), [
        "cloudwatch-logs-integration ERROR collection-error /accounts/0/collectionErrors/1 @32:7",
        "data-events-tagged-buckets ERROR collection-error /accounts/0/collectionErrors/6 @53:7",
        // Whether a single-region trail receives global events depends on its region, which is not given.
        "global-service-events ERROR collection-error /accounts/0/collectionErrors/1 @32:7",
        "iac-invalid-trail-config PASS templateOk /accounts/0 @25:1",
        "iac-invalid-trail-config ERROR collection-error /accounts/0/collectionErrors/0 @30:7",
        "iac-invalid-trail-config ERROR collection-error /accounts/0/collectionErrors/3 @46:7",
        "iac-invalid-trail-config ERROR collection-error /accounts/0/collectionErrors/5 @52:7",
        // The shared trail writes to a bucket another stack exports: an ERROR stands in for it.
        "log-bucket-no-delete ERROR collection-error /accounts/0/collectionErrors/0 @30:7",
        // The policy's one hole (a reader's principal) cannot open or close a delete path; the open
        // ObjectLockEnabled can close them all, so the verdict rests on that alone.
        "log-bucket-no-delete ERROR collection-error /accounts/0/collectionErrors/5 @52:7",
        "log-bucket-object-lock ERROR collection-error /accounts/0/collectionErrors/0 @30:7",
        "log-bucket-object-lock ERROR collection-error /accounts/0/collectionErrors/5 @52:7",
        "multi-region-trail ERROR collection-error /accounts/0/collectionErrors/1 @32:7",
      ]);
      const multi = findings.find((f) => f.checkId === "multi-region-trail")!;
      // What a file leaves open is no failed call: the message says what is open, not "GetTrail failed".
      assert.match(multi.message, /^Could not decide: SharedTrail \(AWS::CloudTrail::Trail\) IsMultiRegionTrail is !Ref MultiRegion: .*cannot be decided from this file/);
      assert.ok(findings.every((f) => f.status !== "FAIL"));
    });

    it("lists the policy of a bucket the file does not define as mapping to nothing", () => {
      assert.deepEqual(resourceRows(source).slice(-1), ["ForeignBucketPolicy AWS::S3::BucketPolicy @70:3 - (bucket somebody-elses-bucket is not defined in this file)"]);
    });

    it("parameter values and imports given as options decide them", () => {
      const decided = loadFixture(`${DIR}/unresolved.yaml`, {
        region: "us-east-1",
        parameters: {
          MultiRegion: "true",
          DataBucketName: "unresolved-databucket-<random>",
          ClassificationTag: "confidential",
          LockLogs: "false",
          ReaderRoleArn: "arn:aws:iam::000000000000:role/Reader",
          CloudWatchGroupArn: "",
        },
        imports: { SharedLogBucket: "unresolved-databucket-<random>" },
      });
      assert.deepEqual(decided.snapshot.accounts[0]!.collectionErrors, []);
      assert.equal(decided.snapshot.accounts[0]!.trails![0]!.S3BucketName, "unresolved-databucket-<random>");
      assert.deepEqual(rows(decided), [
        "cloudwatch-logs-integration FAIL notWired /accounts/0/trails/0 @26:3",
        "data-events-tagged-buckets PASS ok /accounts/0/buckets/0 @49:3",
        "global-service-events PASS ok /accounts/0/trails/0 @26:3",
        "iac-invalid-trail-config PASS templateOk /accounts/0 @25:1",
        "iac-invalid-trail-config PASS ok /accounts/0/trails/0 @26:3",
        "iac-invalid-trail-config PASS ok /accounts/0/trails/1 @41:3",
        "iac-invalid-trail-config PASS ok /accounts/0/buckets/0 @49:3",
        "log-bucket-no-delete FAIL openPaths /accounts/0/buckets/0 @49:3",
        "log-bucket-object-lock FAIL offUnversioned /accounts/0/buckets/0 @49:3",
        "multi-region-trail PASS ok /accounts/0/trails/0 @26:3",
      ]);
    });
  });

  describe("invalid.yaml: settings AWS rejects at deploy time", () => {
    const source = loadFixture(`${DIR}/invalid.yaml`);

    it("gives one iac-invalid-trail-config FAIL per problem, at the resource", () => {
      assert.deepEqual(rows(source), [
        "cloudwatch-logs-integration FAIL notWired /accounts/0/trails/0 @16:3",
        "data-events-tagged-buckets NOT_APPLICABLE noTaggedBuckets /accounts/0 @4:1",
        // The multi-region trail turns them off; the single-region one records no management events
        // (its advanced selectors, which win over the basic ones, record S3 data events only), so its
        // region, which is not given, does not matter.
        "global-service-events FAIL offMultiRegion /accounts/0/trails/0 @16:3",
        "iac-invalid-trail-config PASS templateOk /accounts/0 @4:1",
        "iac-invalid-trail-config FAIL mixedSelectors /accounts/0/trails/1 @43:3",
        "iac-invalid-trail-config FAIL tooManySelectors /accounts/0/trails/0 @16:3",
        "iac-invalid-trail-config FAIL multiRegionNoGlobal /accounts/0/trails/0 @16:3",
        "iac-invalid-trail-config FAIL objectLockNotEnabled /accounts/0/buckets/0 @5:3",
        "log-bucket-no-delete FAIL openPaths /accounts/0/buckets/0 @5:3",
        "log-bucket-object-lock FAIL offUnversioned /accounts/0/buckets/0 @5:3",
        "multi-region-trail PASS ok /accounts/0/trails/0 @16:3",
      ]);
    });

    it("names the deciding property, which the source locates", () => {
      const invalid = lint(source).filter((f) => f.checkId === "iac-invalid-trail-config");
      assert.deepEqual(
        invalid.map((f) => [f.messageId, f.evidence.property, at(source, String(f.evidence.property))]),
        [
          ["templateOk", undefined, "-"],
          ["mixedSelectors", "/accounts/0/trails/1/advancedEventSelectors", "51:7"],
          ["tooManySelectors", "/accounts/0/trails/0/eventSelectors/5", "38:11"],
          ["multiRegionNoGlobal", "/accounts/0/trails/0/IncludeGlobalServiceEvents", "23:7"],
          ["objectLockNotEnabled", "/accounts/0/buckets/0/objectLockConfiguration", "9:7"],
        ],
      );
    });

    it("keeps the Rule of an Object Lock configuration the bucket has not enabled", () => {
      assert.deepEqual(source.snapshot.accounts[0]!.buckets![0]!.objectLockConfiguration, { Rule: { DefaultRetention: { Mode: "COMPLIANCE", Years: 1 } } });
    });
  });

  describe("conditions.yaml: resources whose Condition is false, true or undecided", () => {
    // Deployed to us-east-1 (its conditions compare AWS::Region); without --region see the last case.
    const source = loadFixture(`${DIR}/conditions.yaml`, { region: "us-east-1" });

    it("creates the true ones, leaves the false ones out and reports the undecided ones", () => {
      assert.deepEqual(resourceRows(source), [
        "Bucket AWS::S3::Bucket @14:3 /accounts/0/buckets/0",
        "EastTrail AWS::CloudTrail::Trail @18:3 /accounts/0/trails/0",
        "WestTrail AWS::CloudTrail::Trail @26:3 - (not created: condition WestAndStage is false)",
        // Mapped, and unknown as a whole (its existence is undecided): see the error below.
        "ProdTrail AWS::CloudTrail::Trail @33:3 /accounts/0/trails/1",
      ]);
      assert.deepEqual(source.snapshot.accounts[0]!.collectionErrors, [
        {
          service: "cloudtrail",
          operation: "GetTrail",
          region: "us-east-1",
          resource: "arn:aws:cloudtrail:us-east-1:000000000000:trail/prod",
          code: "Unresolved",
          message: "ProdTrail (AWS::CloudTrail::Trail) (Condition StageIsProd) is !Ref Stage: parameter Stage has no value (no Default; pass --parameter Stage=…); cannot be decided from this file",
        },
      ]);
      assert.equal(at(source, "/accounts/0/collectionErrors/0"), "35:5");
    });

    it("an undecided trail undecides what it could change; PASS stays PASS, and what the decided trails settle stays settled", () => {
      assert.deepEqual(rows(source), [
        // The undecided trail might be the wired one.
        "cloudwatch-logs-integration ERROR collection-error /accounts/0/collectionErrors/0 @35:5",
        // No bucket is tagged: no trail, decided or not, changes that.
        "data-events-tagged-buckets NOT_APPLICABLE noTaggedBuckets /accounts/0 @13:1",
        "global-service-events PASS ok /accounts/0/trails/0 @18:3",
        "iac-invalid-trail-config PASS templateOk /accounts/0 @13:1",
        "iac-invalid-trail-config PASS ok /accounts/0/trails/0 @18:3",
        "iac-invalid-trail-config ERROR collection-error /accounts/0/collectionErrors/0 @35:5",
        "iac-invalid-trail-config PASS ok /accounts/0/buckets/0 @14:3",
        // EastTrail (decided) writes to Bucket: its verdicts stand; the undecided trail may write elsewhere.
        "log-bucket-no-delete ERROR collection-error /accounts/0/collectionErrors/0 @35:5",
        "log-bucket-no-delete FAIL openPaths /accounts/0/buckets/0 @14:3",
        "log-bucket-object-lock ERROR collection-error /accounts/0/collectionErrors/0 @35:5",
        "log-bucket-object-lock FAIL offUnversioned /accounts/0/buckets/0 @14:3",
        "multi-region-trail PASS ok /accounts/0/trails/0 @18:3",
      ]);
    });

    it("the region option drives AWS::Region; parameters decide the rest", () => {
      const west = loadFixture(`${DIR}/conditions.yaml`, { region: "us-west-2", parameters: { Stage: "prod", Region2: "us-west-2" } });
      assert.deepEqual(
        west.snapshot.accounts[0]!.trails!.map((t) => t.TrailARN),
        ["arn:aws:cloudtrail:us-west-2:000000000000:trail/east", "arn:aws:cloudtrail:us-west-2:000000000000:trail/west", "arn:aws:cloudtrail:us-west-2:000000000000:trail/prod"],
      );
      const devEast = loadFixture(`${DIR}/conditions.yaml`, { region: "us-east-1", parameters: { Stage: "dev" } });
      assert.deepEqual(devEast.snapshot.accounts[0]!.trails!.map((t) => t.Name), ["east"]);
      assert.deepEqual(devEast.snapshot.accounts[0]!.collectionErrors, []);
    });

    it("without --region, a condition on AWS::Region is undecided, and so is each trail's region", () => {
      const dev = loadFixture(`${DIR}/conditions.yaml`, { parameters: { Stage: "dev" } });
      assert.deepEqual(
        dev.snapshot.accounts[0]!.collectionErrors!.map((e) => `${e.operation} ${e.field ?? "-"} ${e.message}`),
        [
          "GetTrail - EastTrail (AWS::CloudTrail::Trail) (Condition EastOrStage) is !Equals: depends on the region the stack is deployed to: pass --region; cannot be decided from this file",
          "GetTrail HomeRegion EastTrail: the verdict depends on the region the stack is deployed to: pass --region",
        ],
      );
    });
  });

  describe("CDK output (cdk.out/*.template.json)", () => {
    const source = loadFixture(`${DIR}/cdk.out/TrailStack.template.json`);

    it("maps to the reviewed snapshot; the stack name comes from the file name", () => {
      assertGolden(source, `${DIR}/cdk.out/TrailStack.snapshot.json`);
      const trail = source.snapshot.accounts[0]!.trails![0]!;
      assert.equal(trail.Name, "TrailStack-Trail022F0CF2");
      assert.equal(trail.S3BucketName, "trailstack-trails3b3b3c5e7-<random>");
      assert.equal(trail.CloudWatchLogsLogGroupArn, "arn:aws:logs:us-east-1:000000000000:log-group:TrailStack-TrailLogGroup3A0D1E8F:*");
      assert.equal(trail.CloudWatchLogsRoleArn, "arn:aws:iam::000000000000:role/TrailStack-TrailLogsRole9F6E2B52");
    });

    it("keeps each resource's aws:cdk:path", () => {
      assert.deepEqual(resourceRows(source), [
        "TrailS3B3B3C5E7 AWS::S3::Bucket @3:3 /accounts/0/buckets/0 [TrailStack/Trail/S3/Resource]",
        "TrailS3PolicyE5D3A3B7 AWS::S3::BucketPolicy @28:3 /accounts/0/buckets/0/policy [TrailStack/Trail/S3/Policy/Resource]",
        "TrailLogGroup3A0D1E8F AWS::Logs::LogGroup @121:3 /accounts/0/logGroups/0 [TrailStack/Trail/LogGroup/Resource]",
        "TrailLogsRole9F6E2B52 AWS::IAM::Role @132:3 /accounts/0/iam/roles/0 [TrailStack/Trail/LogsRole/Resource]",
        "TrailLogsRoleDefaultPolicy3D8B4E6A AWS::IAM::Policy @152:3 /accounts/0/iam/roles/0/RolePolicyList/0 [TrailStack/Trail/LogsRole/DefaultPolicy/Resource]",
        "Trail022F0CF2 AWS::CloudTrail::Trail @184:3 /accounts/0/trails/0 [TrailStack/Trail/Resource]",
      ]);
    });

    it("gives these findings (the enforce-SSL Deny closes no delete path)", () => {
      assert.deepEqual(rows(source), [
        "cloudwatch-logs-integration PASS ok /accounts/0/trails/0 @184:3",
        "data-events-tagged-buckets NOT_APPLICABLE noTaggedBuckets /accounts/0 @2:2",
        "global-service-events PASS ok /accounts/0/trails/0 @184:3",
        "iac-invalid-trail-config PASS templateOk /accounts/0 @2:2",
        "iac-invalid-trail-config PASS ok /accounts/0/trails/0 @184:3",
        "iac-invalid-trail-config PASS ok /accounts/0/buckets/0 @3:3",
        "log-bucket-no-delete FAIL openPaths /accounts/0/buckets/0 @3:3",
        "log-bucket-object-lock FAIL offUnversioned /accounts/0/buckets/0 @3:3",
        "multi-region-trail PASS ok /accounts/0/trails/0 @184:3",
      ]);
    });
  });

  describe("alarms.yaml: CloudWatch alarms (DescribeAlarms shape)", () => {
    const source = loadFixture(`${DIR}/alarms.yaml`);
    const alarms = source.snapshot.accounts[0]!.alarms!;

    it("maps to the reviewed snapshot", () => assertGolden(source, `${DIR}/alarms.snapshot.json`));

    it("maps a metric alarm with every property, resolving Ref, GetAtt and Sub like AWS", () => {
      assert.deepEqual(alarms[0], {
        AlarmName: "alarms-unauthorized-api-calls",
        AlarmArn: "arn:aws:cloudwatch:us-east-1:000000000000:alarm:alarms-unauthorized-api-calls",
        AlarmDescription: "CIS 4.1 unauthorized API calls",
        ActionsEnabled: true,
        OKActions: ["arn:aws:sns:us-east-1:000000000000:security-alerts"],
        AlarmActions: ["arn:aws:sns:us-east-1:000000000000:security-alerts"],
        InsufficientDataActions: ["arn:aws:sns:us-east-1:000000000000:ops-notices"],
        MetricName: "UnauthorizedAPICalls",
        Namespace: "CISBenchmark",
        Statistic: "Sum",
        Dimensions: [],
        Period: 300,
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
        Threshold: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        TreatMissingData: "notBreaching",
        region: "us-east-1",
      });
    });

    it("a metric-math alarm keeps its Metrics; left-out properties take AWS's defaults; Ref and GetAtt of an alarm give its name and ARN", () => {
      assert.deepEqual(alarms[1], {
        AlarmName: "alarms-ErrorRateAlarm",
        AlarmArn: "arn:aws:cloudwatch:us-east-1:000000000000:alarm:alarms-ErrorRateAlarm",
        AlarmDescription: "Escalates alarms-unauthorized-api-calls (arn:aws:cloudwatch:us-east-1:000000000000:alarm:alarms-unauthorized-api-calls)",
        ActionsEnabled: false,
        OKActions: [],
        AlarmActions: [],
        InsufficientDataActions: [],
        Dimensions: [],
        EvaluationPeriods: 3,
        Threshold: 2.5,
        ComparisonOperator: "GreaterThanThreshold",
        TreatMissingData: "missing",
        Metrics: [
          { Id: "rate", Expression: "100 * errors / requests", Label: "Error rate (%)", ReturnData: true },
          {
            Id: "errors",
            ReturnData: false,
            MetricStat: { Metric: { Namespace: "AWS/ApiGateway", MetricName: "5XXError", Dimensions: [{ Name: "ApiName", Value: "payments" }] }, Period: 300, Stat: "Sum" },
          },
        ],
        region: "us-east-1",
      });
    });

    it("what the file does not decide fails the alarm's read (never a passing guess): placeholders, dropped actions, no Threshold", () => {
      assert.deepEqual(alarms[2]!.Dimensions, [
        { Name: "InstanceId", Value: "<!ImportValue BastionInstanceId>" },
        { Name: "AutoScalingGroupName", Value: "bastion" },
      ]);
      assert.deepEqual(alarms[3], {
        AlarmName: "undecided",
        AlarmArn: "arn:aws:cloudwatch:us-east-1:000000000000:alarm:undecided",
        ActionsEnabled: false,
        // The If with AWS::NoValue may leave no OK action at all: none is assumed.
        OKActions: [],
        // The second action exists, only its ARN is open.
        AlarmActions: ["arn:aws:sns:us-east-1:000000000000:security-alerts", "<!Ref OnCallTopicArn>"],
        InsufficientDataActions: [],
        MetricName: "<!Ref MetricNameParam>",
        Namespace: "CISBenchmark",
        Statistic: "Sum",
        Dimensions: [],
        Period: 300,
        EvaluationPeriods: 1,
        TreatMissingData: "missing",
        region: "us-east-1",
      });
      const errors = source.snapshot.accounts[0]!.collectionErrors!;
      assert.deepEqual(
        errors.map((e, i) => `${e.service}:${e.operation} ${e.resource ?? "-"} @${at(source, `/accounts/0/collectionErrors/${i}`)} ${e.message}`),
        [
          "cloudwatch:DescribeAlarms arn:aws:cloudwatch:us-east-1:000000000000:alarm:bastion-cpu @111:7 CpuAlarm (AWS::CloudWatch::Alarm) Dimensions is !ImportValue BastionInstanceId: a value exported by another stack; cannot be decided from this file",
          "cloudwatch:DescribeAlarms arn:aws:cloudwatch:us-east-1:000000000000:alarm:undecided @121:7 UndecidedAlarm (AWS::CloudWatch::Alarm) ActionsEnabled is !Ref NotifyParam: parameter NotifyParam has no value (no Default; pass --parameter NotifyParam=…); cannot be decided from this file",
          "cloudwatch:DescribeAlarms arn:aws:cloudwatch:us-east-1:000000000000:alarm:undecided @132:7 UndecidedAlarm (AWS::CloudWatch::Alarm) OKActions is Condition OkActionsWanted: !Ref WithOkActions (parameter WithOkActions has no value (no Default; pass --parameter WithOkActions=…)); cannot be decided from this file",
          "cloudwatch:DescribeAlarms arn:aws:cloudwatch:us-east-1:000000000000:alarm:undecided @129:7 UndecidedAlarm (AWS::CloudWatch::Alarm) AlarmActions is !Ref OnCallTopicArn: parameter OnCallTopicArn has no value (no Default; pass --parameter OnCallTopicArn=…); cannot be decided from this file",
          "cloudwatch:DescribeAlarms arn:aws:cloudwatch:us-east-1:000000000000:alarm:undecided @122:7 UndecidedAlarm (AWS::CloudWatch::Alarm) MetricName is !Ref MetricNameParam: parameter MetricNameParam has no value (no Default; pass --parameter MetricNameParam=…); cannot be decided from this file",
          "cloudwatch:DescribeAlarms arn:aws:cloudwatch:us-east-1:000000000000:alarm:undecided @127:7 UndecidedAlarm (AWS::CloudWatch::Alarm) Threshold is !Ref ThresholdParam: parameter ThresholdParam has no value (no Default; pass --parameter ThresholdParam=…); cannot be decided from this file",
          "cloudwatch:DescribeAlarms arn:aws:cloudwatch:us-east-1:000000000000:alarm:undecided @128:7 UndecidedAlarm (AWS::CloudWatch::Alarm) ComparisonOperator is !Ref OperatorParam: parameter OperatorParam has no value (no Default; pass --parameter OperatorParam=…); cannot be decided from this file",
          "cloudwatch:DescribeAlarms - @147:5 MaybeAlarm (AWS::CloudWatch::Alarm) (Condition OkActionsWanted) is !Ref WithOkActions: parameter WithOkActions has no value (no Default; pass --parameter WithOkActions=…); cannot be decided from this file",
        ],
      );
    });

    it("lists each alarm with what it became", () => {
      assert.deepEqual(resourceRows(source), [
        "TrailLogGroup AWS::Logs::LogGroup @30:3 /accounts/0/logGroups/0",
        "AlertTopic AWS::SNS::Topic @36:3 /accounts/0/snsTopics/0",
        "UnauthorizedCallsFilter AWS::Logs::MetricFilter @41:3 /accounts/0/logGroups/0/metricFilters/0",
        "UnauthorizedCallsAlarm AWS::CloudWatch::Alarm @52:3 /accounts/0/alarms/0",
        "ErrorRateAlarm AWS::CloudWatch::Alarm @74:3 /accounts/0/alarms/1",
        "CpuAlarm AWS::CloudWatch::Alarm @99:3 /accounts/0/alarms/2",
        "UndecidedAlarm AWS::CloudWatch::Alarm @117:3 /accounts/0/alarms/3",
        "DevOnlyAlarm AWS::CloudWatch::Alarm @135:3 - (not created: condition IsDev is false)",
        "MaybeAlarm AWS::CloudWatch::Alarm @145:3 - (condition OkActionsWanted cannot be decided from this file)",
      ]);
    });

    it("locates alarm properties, list elements and metric-math parts", () => {
      const expected: [string, string][] = [
        ["/accounts/0/alarms/0", "52:3"],
        ["/accounts/0/alarms/0/AlarmName", "55:7"],
        ["/accounts/0/alarms/0/AlarmActions", "67:7"],
        ["/accounts/0/alarms/0/AlarmActions/0", "68:11"],
        ["/accounts/0/alarms/0/OKActions/0", "70:11"],
        ["/accounts/0/alarms/0/Period", "61:7"],
        ["/accounts/0/alarms/0/Threshold", "64:7"],
        ["/accounts/0/alarms/0/TreatMissingData", "66:7"],
        // A default is located at the resource that leaves the property out.
        ["/accounts/0/alarms/1/TreatMissingData", "74:3"],
        ["/accounts/0/alarms/1/Metrics", "82:7"],
        ["/accounts/0/alarms/1/Metrics/1/MetricStat/Metric/Dimensions/0/Value", "95:19"],
        ["/accounts/0/alarms/2/Dimensions/0/Value", "113:11"],
        ["/accounts/0/alarms/2/Dimensions/1", "114:11"],
        ["/accounts/0/alarms/3/MetricName", "122:7"],
        ["/accounts/0/alarms/3/AlarmActions/1", "131:11"],
      ];
      assert.deepEqual(
        expected.map(([pointer]) => [pointer, at(source, pointer)]),
        expected,
      );
    });

    it("parameter values and imports given as options decide them", () => {
      const decided = loadFixture(`${DIR}/alarms.yaml`, {
        parameters: { OnCallTopicArn: "arn:aws:sns:us-east-1:000000000000:on-call", MetricNameParam: "RootActivity", ThresholdParam: "1", OperatorParam: "GreaterThanThreshold", NotifyParam: "true", WithOkActions: "no" },
        imports: { BastionInstanceId: "i-0123456789abcdef0" },
      });
      const account = decided.snapshot.accounts[0]!;
      assert.deepEqual(account.collectionErrors, []);
      assert.deepEqual(account.alarms!.map((a) => a.AlarmName), ["alarms-unauthorized-api-calls", "alarms-ErrorRateAlarm", "bastion-cpu", "undecided"]);
      const undecided = account.alarms![3]!;
      assert.deepEqual(
        [undecided.ActionsEnabled, undecided.AlarmActions, undecided.OKActions, undecided.MetricName, undecided.Threshold, undecided.ComparisonOperator],
        [true, ["arn:aws:sns:us-east-1:000000000000:security-alerts", "arn:aws:sns:us-east-1:000000000000:on-call"], [], "RootActivity", 1, "GreaterThanThreshold"],
      );
      assert.equal(account.alarms![2]!.Dimensions![0]!.Value, "i-0123456789abcdef0");
    });

    it("a property an If removes with AWS::NoValue takes AWS's default", () => {
      const text = [
        "Conditions:",
        "  Never: !Equals [a, b]",
        "Resources:",
        "  Alarm:",
        "    Type: AWS::CloudWatch::Alarm",
        "    Properties:",
        "      MetricName: M",
        "      Namespace: N",
        "      EvaluationPeriods: 1",
        "      Threshold: 1",
        "      ComparisonOperator: GreaterThanThreshold",
        "      TreatMissingData: !If [Never, breaching, !Ref AWS::NoValue]",
        "      ActionsEnabled: !If [Never, false, !Ref AWS::NoValue]",
        "",
      ].join("\n");
      const alarm = parseIac(text, "novalue.yaml").snapshot.accounts[0]!.alarms![0]!;
      assert.deepEqual([alarm.AlarmName, alarm.TreatMissingData, alarm.ActionsEnabled], ["novalue-Alarm", "missing", true]);
    });

    it("a value AWS does not accept is bad input, at the property that sets it", () => {
      const template = (properties: string) =>
        `Resources:\n  Alarm:\n    Type: AWS::CloudWatch::Alarm\n    Properties:\n      MetricName: M\n      Namespace: N\n      EvaluationPeriods: 1\n${properties}`;
      const threshold = expectInputError(
        () => parseIac(template("      ComparisonOperator: GreaterThanThreshold\n      Threshold: high\n"), "bad.yaml"),
        "bad.yaml:9:7: a value AWS does not accept:",
        "at snapshot /accounts/0/alarms/0/Threshold: must be number",
      );
      assert.equal(threshold.path, "/accounts/0/alarms/0/Threshold");
      expectInputError(
        () => parseIac(template("      Threshold: 1\n      ComparisonOperator: Bigger\n"), "bad.yaml"),
        "bad.yaml:9:7: a value AWS does not accept:",
        "at snapshot /accounts/0/alarms/0/ComparisonOperator: must be one of",
      );
      expectInputError(
        () => parseIac(template("      Threshold: 1\n      ComparisonOperator: GreaterThanThreshold\n      Period: 0.5\n"), "bad.yaml"),
        "bad.yaml:10:7: a value AWS does not accept:",
        "at snapshot /accounts/0/alarms/0/Period: must be integer",
      );
    });
  });

  describe("identity options", () => {
    const text = readFileSync(join(ROOT, DIR, "full.yaml"), "utf8");

    it("account, partition, stack name and collectedAt come from the options", () => {
      const source = parseIac(text, "stacks/org.yaml", { accountId: "999988887777", partition: "aws-us-gov", region: "us-gov-west-1", stackName: "audit", collectedAt: "2026-06-01T00:00:00Z" });
      const { snapshot } = source;
      assert.equal(snapshot.collectedAt, "2026-06-01T00:00:00Z");
      assert.equal(snapshot.partition, "aws-us-gov");
      assert.equal(snapshot.accounts[0]!.Id, "999988887777");
      assert.equal(snapshot.accounts[0]!.Name, "stacks/org.yaml");
      assert.equal(snapshot.source?.description, "CloudFormation template stacks/org.yaml (stack audit in account 999988887777, us-gov-west-1)");
      // ProdInUsEast1 is false in us-gov-west-1: no trail.
      assert.deepEqual(snapshot.accounts[0]!.trails, []);
      // RegionMap has no us-gov-west-1 entry, so BucketName is undecided: the bucket is named by a
      // stand-in for its expression (never a name it could have), which Ref LogBucket follows.
      assert.deepEqual(
        snapshot.accounts[0]!.buckets!.map((b) => b.Name),
        ["<!Join…#75af7dce>", "customer-data-999988887777"],
      );
      assert.match(JSON.stringify(snapshot.accounts[0]!.buckets![0]!.policy), /arn:aws-us-gov:s3:::<!Join…#75af7dce>\/AWSLogs/);
      assert.equal(snapshot.accounts[0]!.logGroups![0]!.logGroupName, "/aws/cloudtrail/audit");
      assert.equal(snapshot.accounts[0]!.logGroups![0]!.arn, "arn:aws-us-gov:logs:us-gov-west-1:999988887777:log-group:/aws/cloudtrail/audit:*");
    });

    it("the same file always gives the same snapshot", () => {
      assert.deepEqual(parseIac(text, "a.yaml").snapshot, parseIac(text, "a.yaml").snapshot);
      assert.equal(parseIac(text, "a.yaml").snapshot.collectedAt, "2000-01-01T00:00:00Z");
    });

    it("an account id that is not 12 digits is bad input", () => {
      expectInputError(() => parseIac(text, "a.yaml", { accountId: "1234" }), 'account id must be 12 digits, got "1234"');
    });
  });

  describe("AWS::S3::Bucket OwnershipControls and AccessControl", () => {
    const template = (props: string) => `
Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: !Ref Logs
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: logs-bucket${props}
`;
    const bucketOf = (text: string) => parseIac(text, "s3.yaml").snapshot.accounts[0]!.buckets![0]! as { ownershipControls?: unknown; acl?: unknown };

    it("left out: S3's defaults, BucketOwnerEnforced and a private ACL", () => {
      const b = bucketOf(template(""));
      assert.deepEqual(b.ownershipControls, { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] });
      assert.deepEqual(b.acl, { Grants: [{ Grantee: { Type: "CanonicalUser" }, Permission: "FULL_CONTROL" }] });
    });

    it("ObjectWriter with PublicRead and Block Public Access off: log-bucket-not-public FAILs at the bucket", () => {
      const source = parseIac(
        template(`
      AccessControl: PublicRead
      OwnershipControls:
        Rules:
          - ObjectOwnership: ObjectWriter
      PublicAccessBlockConfiguration:
        BlockPublicAcls: false
        IgnorePublicAcls: false`),
        "s3.yaml",
      );
      const b = source.snapshot.accounts[0]!.buckets![0]! as { ownershipControls?: unknown; acl?: { Grants: unknown[] } };
      assert.deepEqual(b.ownershipControls, { Rules: [{ ObjectOwnership: "ObjectWriter" }] });
      assert.deepEqual(b.acl!.Grants[1], { Grantee: { Type: "Group", URI: "http://acs.amazonaws.com/groups/global/AllUsers" }, Permission: "READ" });
      const found = lint(source, ["log-bucket-not-public"]);
      assert.deepEqual(found.map((f) => `${f.status} ${f.messageId} ${f.pointer ?? "-"}`), ["FAIL public /accounts/0/buckets/0"]);
    });
  });
});
