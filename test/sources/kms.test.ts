// KMS keys in templates and plans: a trail's key defined in the same file is judged by
// trail-kms-encryption (PASS, FAIL at the key's lines); a key the file does not define is ERROR
// "cannot be decided from this file" at the trail's key property, not a verdict on a missing key.
import assert from "node:assert/strict";
import { assertGolden, at, lint, loadFixture, rows } from "./cloudformation/helpers.js";

const CHECK = ["trail-kms-encryption"];

describe("KMS keys in infrastructure as code", () => {
  describe("CloudFormation kms.yaml", () => {
    const source = loadFixture("test/fixtures/iac/cloudformation/kms.yaml", { region: "us-east-1" });
    const findings = lint(source, CHECK);

    it("maps to the reviewed snapshot", () => {
      assertGolden(source, "test/fixtures/iac/cloudformation/kms.snapshot.json");
    });

    it("judges each trail's key: by GetAtt Arn and by alias PASS, by Ref without rotation FAIL, a key not in the file ERROR at KMSKeyId", () => {
      assert.deepEqual(rows(source, findings), [
        "trail-kms-encryption PASS ok /accounts/0/trails/2 @51:3",
        "trail-kms-encryption PASS ok /accounts/0/trails/0 @37:3",
        "trail-kms-encryption FAIL rotationOff /accounts/0/trails/1 @44:3",
        "trail-kms-encryption ERROR collection-error /accounts/0/collectionErrors/0 @64:7",
      ]);
      const error = findings[3]!;
      assert.match(error.message, /Elsewhere \(AWS::CloudTrail::Trail\) KMSKeyId is arn:aws:kms:us-east-1:000000000000:key\/1234abcd-12ab-34cd-56ef-1234567890ab: the key is not defined in this file; cannot be decided from this file/);
      assert.match(error.message, /^What key arn:aws:kms:us-east-1:000000000000:key\/1234abcd-12ab-34cd-56ef-1234567890ab of trail elsewhere is \(kms:DescribeKey\) is not known/);
      assert.doesNotMatch(error.message, /is not in the snapshot of account/);
    });

    it("resolves Ref, GetAtt and the alias to the key's synthesized ARN", () => {
      const trails = source.snapshot.accounts[0]!.trails as { Name: string; KmsKeyId?: unknown }[];
      assert.deepEqual(
        trails.map((t) => `${t.Name} ${String(t.KmsKeyId)}`),
        [
          "by-arn arn:aws:kms:us-east-1:000000000000:key/TrailKey",
          "by-ref arn:aws:kms:us-east-1:000000000000:key/UnrotatedKey",
          "by-alias arn:aws:kms:us-east-1:000000000000:key/TrailKey",
          "elsewhere arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        ],
      );
    });

    it("locates keys and their properties; the alias is listed with its key", () => {
      assert.equal(findings[2]!.property, "/accounts/0/kmsKeys/1/rotationEnabled");
      assert.equal(at(source, "/accounts/0/kmsKeys/1/rotationEnabled"), "28:3");
      assert.equal(at(source, "/accounts/0/kmsKeys/0/rotationEnabled"), "11:7");
      assert.equal(at(source, "/accounts/0/kmsKeys/0/policy"), "12:7");
      assert.equal(at(source, "/accounts/0/kmsKeys/0/policy/Statement/1"), "20:13");
      assert.equal(at(source, "/accounts/0/kmsKeys/0/KeyMetadata/KeyState"), "7:3");
      assert.equal(at(source, "/accounts/0/trails/3/KmsKeyId"), "64:7");
      assert.deepEqual(
        source.resources.filter((r) => r.type.startsWith("AWS::KMS::")).map((r) => `${r.id} ${r.pointer ?? "-"}`),
        ["TrailKey /accounts/0/kmsKeys/0", "UnrotatedKey /accounts/0/kmsKeys/1", "TrailKeyAlias /accounts/0/kmsKeys/0"],
      );
    });
  });

  describe("CloudFormation kms-open.yaml", () => {
    const source = loadFixture("test/fixtures/iac/cloudformation/kms-open.yaml", { region: "us-east-1" });
    const findings = lint(source, CHECK);

    it("a disabled key FAILs at Enabled, an asymmetric key cannot rotate, an Enabled or KeyPolicy the file leaves open is ERROR there", () => {
      assert.deepEqual(rows(source, findings), [
        "trail-kms-encryption ERROR collection-error /accounts/0/collectionErrors/1 @46:7",
        "trail-kms-encryption FAIL keyDisabled /accounts/0/trails/1 @28:3",
        "trail-kms-encryption ERROR collection-error /accounts/0/collectionErrors/0 @10:7",
        "trail-kms-encryption FAIL rotationUnsupported /accounts/0/trails/2 @35:3",
      ]);
      assert.match(findings[0]!.message, /^Could not decide: ImportedPolicyKey \(AWS::KMS::Key\) KeyPolicy is !ImportValue SharedKeyPolicy/);
      assert.equal(findings[1]!.property, "/accounts/0/kmsKeys/1/KeyMetadata/KeyState");
      assert.equal(at(source, findings[1]!.property!), "15:7");
      assert.match(findings[2]!.message, /OpenKey \(AWS::KMS::Key\) Enabled is !Ref KeyOn: parameter KeyOn has no value \(no Default; pass --parameter KeyOn=…\); cannot be decided from this file/);
      assert.deepEqual(source.snapshot.accounts[0]!.collectionErrors?.map((e) => `${e.operation} ${e.resource ?? "-"} ${e.field ?? "-"}`), [
        "DescribeKey arn:aws:kms:us-east-1:000000000000:key/OpenKey KeyMetadata",
        "GetKeyPolicy arn:aws:kms:us-east-1:000000000000:key/ImportedPolicyKey policy",
      ]);
      assert.equal(findings[3]!.property, "/accounts/0/kmsKeys/2/rotationEnabled");
    });
  });

  describe("Terraform kms.tfplan.json", () => {
    const source = loadFixture("test/fixtures/iac/terraform/kms.tfplan.json");
    const findings = lint(source, CHECK);

    it("maps to the reviewed snapshot", () => {
      assertGolden(source, "test/fixtures/iac/terraform/kms.snapshot.json");
    });

    it("links kms_key_id by reference and by alias; rotation off FAILs at the key; an unknown policy and a key not in the plan are ERROR at their attributes", () => {
      assert.deepEqual(rows(source, findings), [
        "trail-kms-encryption PASS ok /accounts/0/trails/3 @508:5",
        "trail-kms-encryption PASS ok /accounts/0/trails/0 @379:5",
        "trail-kms-encryption ERROR collection-error /accounts/0/collectionErrors/1 @578:11",
        "trail-kms-encryption ERROR collection-error /accounts/0/collectionErrors/0 @322:11",
        "trail-kms-encryption FAIL rotationOff /accounts/0/trails/1 @422:5",
      ]);
      assert.match(findings[2]!.message, /aws_cloudtrail\.elsewhere kms_key_id is arn:aws:kms:us-east-1:000000000000:key\/1234abcd-12ab-34cd-56ef-1234567890ab: the key is not defined in this file/);
      assert.match(findings[3]!.message, /^Could not decide: aws_kms_key\.open policy is unknown until apply/);
      assert.equal(findings[4]!.property, "/accounts/0/kmsKeys/1/rotationEnabled");
      assert.equal(at(source, "/accounts/0/kmsKeys/1/rotationEnabled"), "278:11");
    });

    it("synthesizes the ARN of a key created by the plan from its address; the alias is listed with its key", () => {
      const trails = source.snapshot.accounts[0]!.trails as { Name: string; KmsKeyId?: unknown }[];
      assert.deepEqual(
        trails.map((t) => `${t.Name} ${String(t.KmsKeyId)}`),
        [
          "by-ref arn:aws:kms:us-east-1:000000000000:key/aws_kms_key.trail",
          "unrotated arn:aws:kms:us-east-1:000000000000:key/aws_kms_key.unrotated",
          "open-policy arn:aws:kms:us-east-1:000000000000:key/aws_kms_key.open",
          "by-alias arn:aws:kms:us-east-1:000000000000:key/aws_kms_key.trail",
          "elsewhere arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        ],
      );
      assert.deepEqual(
        source.resources.filter((r) => r.type.startsWith("aws_kms_")).map((r) => `${r.id} ${r.pointer ?? "-"}`),
        ["aws_kms_key.trail /accounts/0/kmsKeys/0", "aws_kms_key.unrotated /accounts/0/kmsKeys/1", "aws_kms_key.open /accounts/0/kmsKeys/2", "aws_kms_alias.trail /accounts/0/kmsKeys/0"],
      );
    });
  });
});
