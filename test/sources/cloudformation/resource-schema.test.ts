// The CloudFormation resource-schema subset and the shape checks on it: the committed subset is what
// scripts/gen-cfn-resource-spec.mjs makes from the installed @aws-cdk/aws-service-spec, it covers
// exactly the mapped types, and shapeProblems reports exactly what CloudFormation rejects.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { closest, resourceSpec, shapeProblems } from "../../../src/sources/cloudformation/resource-schema.js";
import { ROOT } from "./helpers.js";

describe("CloudFormation resource schema subset", () => {
  it("is what the generator makes from the installed package (regenerate: node scripts/gen-cfn-resource-spec.mjs)", function () {
    this.timeout(30_000);
    execFileSync(process.execPath, [join(ROOT, "scripts/gen-cfn-resource-spec.mjs"), "--check"], { stdio: "pipe" });
  });

  it("holds the mapped resource types and nothing else", () => {
    assert.deepEqual(Object.keys(resourceSpec().resources).sort(), [
      "AWS::CloudTrail::Trail",
      "AWS::CloudWatch::Alarm",
      "AWS::KMS::Alias",
      "AWS::KMS::Key",
      "AWS::Logs::LogGroup",
      "AWS::Logs::MetricFilter",
      "AWS::Organizations::Policy",
      "AWS::S3::Bucket",
      "AWS::S3::BucketPolicy",
    ]);
  });
});

describe("shapeProblems", () => {
  const cases: { name: string; type: string; properties: unknown; expect: [string, string][] }[] = [
    { name: "a valid trail", type: "AWS::CloudTrail::Trail", properties: { IsLogging: true, S3BucketName: "b", EventSelectors: [{ ReadWriteType: "All" }] }, expect: [] },
    { name: "an unknown property", type: "AWS::CloudTrail::Trail", properties: { IsLogging: true, S3BucketName: "b", IsMultiRegion: true }, expect: [["unknownProperty", "IsMultiRegion"]] },
    {
      name: "an object where a list belongs",
      type: "AWS::S3::Bucket",
      properties: { BucketEncryption: { ServerSideEncryptionConfiguration: { ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } } } },
      expect: [["wrongType", "BucketEncryption.ServerSideEncryptionConfiguration"]],
    },
    { name: "a required property missing (Properties left out)", type: "AWS::S3::BucketPolicy", properties: undefined, expect: [["requiredProperty", ""], ["requiredProperty", ""]] },
    { name: "a value outside the allowed ones", type: "AWS::Logs::LogGroup", properties: { RetentionInDays: 366 }, expect: [["valueNotAllowed", "RetentionInDays"]] },
    {
      name: "converted scalars pass: strings for booleans and numbers, numbers for strings",
      type: "AWS::CloudWatch::Alarm",
      properties: { ComparisonOperator: "GreaterThanThreshold", EvaluationPeriods: "1", Threshold: "0.5", ActionsEnabled: "True", AlarmName: 42 },
      expect: [],
    },
    { name: "a non-numeric string for an integer", type: "AWS::CloudWatch::Alarm", properties: { ComparisonOperator: "GreaterThanThreshold", EvaluationPeriods: "one" }, expect: [["wrongType", "EvaluationPeriods"]] },
    {
      name: "intrinsics pass; both Fn::If branches are checked, AWS::NoValue passes",
      type: "AWS::S3::Bucket",
      properties: {
        BucketName: { "Fn::Sub": "${AWS::StackName}-logs" },
        Tags: { Ref: "AWS::NoValue" },
        VersioningConfiguration: { "Fn::If": ["C", { Status: "Enabled" }, { Ref: "AWS::NoValue" }] },
        ObjectLockEnabled: { "Fn::If": ["C", true, { Enabled: true }] },
      },
      expect: [["wrongType", "ObjectLockEnabled"]],
    },
    { name: "tags need Key and Value", type: "AWS::KMS::Key", properties: { Tags: [{ Key: "a" }, { Key: "b", Value: "c", Extra: 1 }] }, expect: [["requiredProperty", "Tags.0"], ["unknownProperty", "Tags.1.Extra"]] },
    { name: "a type the schema does not hold", type: "AWS::SNS::Topic", properties: { Anything: 1 }, expect: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(
        shapeProblems(c.type, c.properties).map((p) => [p.code, p.path.join(".")]),
        c.expect,
      );
    });
  }

  it("suggests the intended key", () => {
    assert.deepEqual(
      [closest("IsMultiRegion", ["IsMultiRegionTrail", "IsLogging"]), closest("s3bucketname", ["S3BucketName"]), closest("Xyz", ["IsLogging"])],
      ["IsMultiRegionTrail", "S3BucketName", undefined],
    );
  });
});
