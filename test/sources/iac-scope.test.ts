// What a template or plan decides about where it is deployed and what it contains, and nothing it
// does not (src/sources/iac-scope.ts, checks/lib/accounts.ts accountOpening, log-bucket-scope.ts):
// the deploy region (and account, partition) when a verdict compares it with a particular value;
// files that define no trail; resources that may create a trail the file does not show; log
// buckets known only by their policy. Every case is a small template or plan of our own, in the
// shapes real landing-zone and reference-architecture templates use.
import assert from "node:assert/strict";
import { runChecks, type Finding } from "../../src/engine/run.js";
import { parseIac, type IacOptions, type IacSource } from "../../src/sources/iac.js";
import { namedChecks } from "../helpers/named-checks.js";

type Row = string;

/** `<check> <status> <messageId> @<line>` for the named checks, sorted. */
function lintRows(source: IacSource, ids: readonly string[]): Row[] {
  return findings(source, ids)
    .map((f) => {
      const at = source.locate(f.property ?? f.pointer ?? "");
      return `${f.checkId} ${f.status} ${f.messageId} @${at ? at.startLine : "-"}`;
    })
    .sort();
}

function findings(source: IacSource, ids: readonly string[]): Finding[] {
  return runChecks(namedChecks(ids), source.snapshot, new Map(), source.file);
}

const yaml = (text: string, options: IacOptions = {}) => parseIac(text.replace(/^\n/, ""), "stack.yaml", options);

const BUCKET = `
  LogBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: org-logs`;

const trailYaml = (properties: string, extra = "") => `
Resources:${BUCKET}
  Trail:
    Type: AWS::CloudTrail::Trail${extra}
    Properties:
      S3BucketName: !Ref LogBucket
      IsLogging: true
${properties}`;

/** A plan with one trail; the provider's region when given. */
function plan(region: string | undefined, resources: { address: string; type: string; values: Record<string, unknown> }[]): string {
  const name = (address: string) => address.split(".").pop()!;
  return JSON.stringify({
    format_version: "1.2",
    terraform_version: "1.9.8",
    planned_values: {
      root_module: {
        resources: resources.map((r) => ({ address: r.address, mode: "managed", type: r.type, name: name(r.address), provider_name: "registry.terraform.io/hashicorp/aws", values: r.values, sensitive_values: {} })),
      },
    },
    resource_changes: resources.map((r) => ({
      address: r.address,
      mode: "managed",
      type: r.type,
      name: name(r.address),
      change: { actions: ["create"], before: null, after: r.values, after_unknown: {} },
    })),
    configuration: {
      provider_config: { aws: { name: "aws", ...(region ? { expressions: { region: { constant_value: region } } } : {}) } },
      root_module: {},
    },
  });
}
const tfTrail = (multi: boolean) => ({
  address: "aws_cloudtrail.main",
  type: "aws_cloudtrail",
  values: { name: "main", s3_bucket_name: "org-logs", enable_logging: true, is_multi_region_trail: multi, include_global_service_events: true },
});
const tfBucket = { address: "aws_s3_bucket.logs", type: "aws_s3_bucket", values: { bucket: "org-logs", object_lock_enabled: false } };

describe("IaC scope: what the file decides about where it is deployed and what it holds", () => {
  describe("the deploy region", () => {
    const singleRegion = trailYaml("      IsMultiRegionTrail: false");
    const cases: { name: string; source: () => IacSource; expect: Row[]; message?: RegExp }[] = [
      {
        name: "a single-region trail without --region: whether it receives global events depends on the region (ERROR at the trail)",
        source: () => yaml(singleRegion),
        expect: ["global-service-events ERROR collection-error @6"],
        message: /^Could not decide: Trail: the verdict depends on the region the stack is deployed to: pass --region\.$/,
      },
      { name: "--region us-east-1 decides it: PASS", source: () => yaml(singleRegion, { region: "us-east-1" }), expect: ["global-service-events PASS ok @6"] },
      { name: "--region eu-west-1 decides it: FAIL", source: () => yaml(singleRegion, { region: "eu-west-1" }), expect: ["global-service-events FAIL wrongRegion @11"] },
      {
        name: "a multi-region trail records them from any region: PASS without --region",
        source: () => yaml(trailYaml("      IsMultiRegionTrail: true")),
        expect: ["global-service-events PASS ok @6"],
      },
      {
        name: "a trail created only in one region (Condition on AWS::Region) is undecided without --region",
        source: () =>
          yaml(`
Conditions:
  InHomeRegion: !Equals [!Ref "AWS::Region", eu-west-1]
${trailYaml("      IsMultiRegionTrail: true", "\n    Condition: InHomeRegion")}`),
        // At the trail's Condition.
        expect: ["global-service-events ERROR collection-error @11"],
        message: /Trail \(AWS::CloudTrail::Trail\) \(Condition InHomeRegion\) is !Equals: depends on the region the stack is deployed to: pass --region/,
      },
      {
        name: "a setting looked up by region (Fn::FindInMap on AWS::Region) is undecided without --region",
        source: () =>
          yaml(`
Mappings:
  Regions:
    eu-west-1: { Multi: "true" }
    us-east-1: { Multi: "false" }
${trailYaml('      IsMultiRegionTrail: !FindInMap [Regions, !Ref "AWS::Region", Multi]')}`),
        // At the IsMultiRegionTrail property.
        expect: ["global-service-events ERROR collection-error @16"],
        message: /IsMultiRegionTrail is !FindInMap: depends on the region the stack is deployed to: pass --region/,
      },
      {
        name: "the same lookup with --region is decided",
        source: () =>
          yaml(
            `
Mappings:
  Regions:
    eu-west-1: { Multi: "true" }
${trailYaml('      IsMultiRegionTrail: !FindInMap [Regions, !Ref "AWS::Region", Multi]')}`,
            { region: "eu-west-1" },
          ),
        expect: ["global-service-events PASS ok @10"],
      },
      {
        name: "a condition on the account id says --account-id",
        source: () =>
          yaml(`
Conditions:
  InLogArchive: !Equals [!Ref "AWS::AccountId", "111122223333"]
${trailYaml("      IsMultiRegionTrail: true", "\n    Condition: InLogArchive")}`),
        expect: ["global-service-events ERROR collection-error @11"],
        message: /depends on the account the stack is deployed to: pass --account-id/,
      },
      {
        name: "an ARN built from AWS::Region is no comparison: the trail's log group stays linked",
        source: () =>
          yaml(`
Resources:${BUCKET}
  Group:
    Type: AWS::Logs::LogGroup
  Role:
    Type: AWS::IAM::Role
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      S3BucketName: !Ref LogBucket
      IsLogging: true
      IsMultiRegionTrail: true
      CloudWatchLogsLogGroupArn: !Sub "arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:\${Group}:*"
      CloudWatchLogsRoleArn: !GetAtt Role.Arn`),
        expect: ["global-service-events PASS ok @10"],
      },
      {
        name: "a plan whose provider fixes the region decides it (eu-west-1: FAIL)",
        source: () => parseIac(plan("eu-west-1", [tfTrail(false), tfBucket]), "main.tfplan.json"),
        expect: ["global-service-events FAIL wrongRegion @1"],
      },
      {
        name: "a plan whose provider takes the region from the environment does not",
        source: () => parseIac(plan(undefined, [tfTrail(false), tfBucket]), "main.tfplan.json"),
        expect: ["global-service-events ERROR collection-error @1"],
        message: /aws_cloudtrail\.main: the verdict depends on the region the stack is deployed to: pass --region/,
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const source = c.source();
        assert.deepEqual(lintRows(source, ["global-service-events"]), c.expect);
        if (c.message) assert.match(findings(source, ["global-service-events"])[0]!.message, c.message);
      });
    }

    it("no check other than a region-dependent one is undecided by the region", () => {
      const source = yaml(singleRegion);
      const ids = ["multi-region-trail", "log-file-validation", "iac-invalid-trail-config", "log-bucket-object-lock"];
      assert.ok(findings(source, ids).every((f) => f.status !== "ERROR"), lintRows(source, ids).join("\n"));
      assert.match(source.snapshot.source!.description!, /region not given/);
    });
  });

  describe("a file that defines no trail", () => {
    const TRAIL_CHECKS = ["multi-region-trail", "global-service-events", "log-file-validation", "cloudwatch-logs-integration", "trail-kms-encryption"];
    const cases: { name: string; text: string; file?: string; expect: Row[]; message?: RegExp }[] = [
      {
        name: "only a bucket: the trail checks have nothing to judge (NOT_APPLICABLE, not 'no trail covers this account')",
        text: `\nResources:${BUCKET}`,
        expect: TRAIL_CHECKS.map((id) => `${id} NOT_APPLICABLE noTrailInFile @1`),
      },
      {
        name: "only the alarms for an existing trail",
        text: `
Resources:
  RootUse:
    Type: AWS::CloudWatch::Alarm
    Properties:
      MetricName: RootAccountUsage
      Namespace: CloudTrailMetrics
      Statistic: Sum
      Period: 300
      EvaluationPeriods: 1
      Threshold: 1
      ComparisonOperator: GreaterThanOrEqualToThreshold`,
        expect: TRAIL_CHECKS.map((id) => `${id} NOT_APPLICABLE noTrailInFile @1`),
      },
      ...["Custom::OrganizationTrail", "AWS::CloudFormation::CustomResource", "AWS::CloudFormation::Stack", "AWS::CloudFormation::StackSet"].map((type) => ({
        name: `a ${type} may create the trail: ERROR naming it, at its line`,
        text: `
Resources:${BUCKET}
  OrgTrail:
    Type: ${type}
    Properties:
      ServiceToken: arn:aws:lambda:us-east-1:111122223333:function:trail`,
        expect: TRAIL_CHECKS.map((id) => `${id} ERROR collection-error @6`),
        message: new RegExp(`^Could not decide: a trail may be created by OrgTrail \\(${type.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\), which this tool cannot expand\\.$`),
      })),
    ];
    for (const c of cases) {
      it(c.name, () => {
        const source = yaml(c.text);
        assert.deepEqual(lintRows(source, TRAIL_CHECKS), [...c.expect].sort());
        const first = findings(source, TRAIL_CHECKS)[0]!;
        if (c.message) assert.match(first.message, c.message);
        else assert.match(first.message, /^This file defines no trail/);
      });
    }

    it("a good trail beside a custom resource still PASSes: no trail it may create can undo that", () => {
      const source = yaml(`${trailYaml("      IsMultiRegionTrail: true")}
  Extra:
    Type: Custom::Anything`);
      assert.deepEqual(lintRows(source, ["multi-region-trail", "global-service-events"]), ["global-service-events PASS ok @6", "multi-region-trail PASS ok @6"]);
    });

    it("a failing trail beside a custom resource is ERROR: the custom resource may create a good one", () => {
      const source = yaml(`${trailYaml("      IsMultiRegionTrail: false", "")}
  Extra:
    Type: Custom::Anything`, { region: "us-east-1" });
      // At the custom resource.
      assert.deepEqual(lintRows(source, ["multi-region-trail"]), ["multi-region-trail ERROR collection-error @12"]);
    });

    it("a plan that creates a CloudFormation stack may create a trail", () => {
      const source = parseIac(plan("us-east-1", [tfBucket, { address: "aws_cloudformation_stack.trail", type: "aws_cloudformation_stack", values: { name: "trail" } }]), "main.tfplan.json");
      assert.deepEqual(lintRows(source, ["multi-region-trail"]), ["multi-region-trail ERROR collection-error @1"]);
      assert.match(findings(source, ["multi-region-trail"])[0]!.message, /a trail may be created by aws_cloudformation_stack\.trail \(aws_cloudformation_stack\)/);
    });

    it("a plan without trails is not an account without one", () => {
      const source = parseIac(plan("us-east-1", [tfBucket]), "main.tfplan.json");
      assert.deepEqual(lintRows(source, ["multi-region-trail"]), ["multi-region-trail NOT_APPLICABLE noTrailInFile @1"]);
    });
  });

  describe("a log bucket without its trail", () => {
    // The shape of AWS's documented CloudTrail bucket policy: GetBucketAcl on the bucket and
    // PutObject on AWSLogs/<account>/*, for cloudtrail.amazonaws.com.
    const policy = (resource: string) => `
  LogBucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref LogBucket
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: AWSCloudTrailAclCheck
            Effect: Allow
            Principal: { Service: cloudtrail.amazonaws.com }
            Action: s3:GetBucketAcl
            Resource: !GetAtt LogBucket.Arn
          - Sid: AWSCloudTrailWrite
            Effect: Allow
            Principal: { Service: cloudtrail.amazonaws.com }
            Action: s3:PutObject
            Resource: ${resource}
            Condition:
              StringEquals: { "s3:x-amz-acl": bucket-owner-full-control }`;
    const BUCKET_CHECKS = ["log-bucket-object-lock", "log-bucket-access-logging", "log-bucket-delivery-policy", "multi-region-trail"];

    it("is recognised by a policy that lets CloudTrail deliver to AWSLogs/: the log-bucket checks judge it", () => {
      const source = yaml(`\nResources:${BUCKET}${policy('!Sub "${LogBucket.Arn}/AWSLogs/${AWS::AccountId}/*"')}`);
      assert.deepEqual(lintRows(source, BUCKET_CHECKS), [
        "log-bucket-access-logging FAIL off @2",
        // Whether the policy lets the trails deliver is about trails this file does not hold.
        "log-bucket-delivery-policy NOT_APPLICABLE noTrailInFile @1",
        "log-bucket-object-lock FAIL offUnversioned @2",
        "multi-region-trail NOT_APPLICABLE noTrailInFile @1",
      ]);
      assert.match(findings(source, ["log-bucket-object-lock"])[0]!.message, /log bucket org-logs \(written by a trail outside this snapshot: its policy lets CloudTrail deliver log files\)/);
      assert.equal(findings(source, ["log-bucket-no-delete"]).length, 1);
      assert.equal(findings(source, ["log-bucket-no-delete"])[0]!.resource, "arn:aws:s3:::org-logs");
    });

    it("is one when only a part of the AWSLogs/ path is a parameter without value (the organization id): decided", () => {
      const source = yaml(`\nParameters:\n  pOrgId:\n    Type: String\nResources:${BUCKET}${policy('!Sub "${LogBucket.Arn}/AWSLogs/${pOrgId}/*"')}`);
      assert.deepEqual(lintRows(source, ["log-bucket-object-lock", "log-bucket-access-logging"]), [
        "log-bucket-access-logging FAIL off @5",
        "log-bucket-object-lock FAIL offUnversioned @5",
      ]);
      // The hole keeps what every value has in common.
      const hole = source.snapshot.accounts[0]!.collectionErrors!.find((e) => e.path !== undefined && e.message.includes("pOrgId"));
      assert.equal(hole?.pattern, "arn:aws:s3:::org-logs/AWSLogs/*/*");
    });

    it("may be one when the delivery path is a parameter without value: every verdict on it is ERROR at that expression", () => {
      const source = yaml(`\nParameters:\n  pOrgId:\n    Type: String\nResources:${BUCKET}${policy('!Sub "${LogBucket.Arn}/${pOrgId}/*"')}`);
      assert.deepEqual(lintRows(source, ["log-bucket-object-lock", "log-bucket-access-logging"]), [
        "log-bucket-access-logging ERROR collection-error @25",
        "log-bucket-object-lock ERROR collection-error @25",
      ]);
      assert.match(findings(source, ["log-bucket-object-lock"])[0]!.message, /Could not decide: .*Resource is .*pOrgId/);
    });

    it("is not recognised by a CloudTrail grant on another path", () => {
      const source = yaml(`\nResources:${BUCKET}${policy('!Sub "${LogBucket.Arn}/reports/*"')}`);
      assert.deepEqual(lintRows(source, ["log-bucket-object-lock"]), ["log-bucket-object-lock NOT_APPLICABLE noTrailInFile @1"]);
    });
  });
});
