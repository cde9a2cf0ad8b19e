// CloudFormation parameters: a value given decides what the parameter decides; a parameter without
// one leaves it unknown (ERROR naming the parameter), a bucket named by it gets a stand-in name that
// no real bucket has, and the same parameter names the same bucket wherever the template uses it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseIac } from "../../../src/sources/iac.js";
import { undecidedBucketName, generatedBucketName } from "../../../src/sources/cloudformation/bucket-names.js";
import { parseParametersFile } from "../../../src/sources/cloudformation/parameters-file.js";
import { expectInputError, lint, loadFixture, ROOT, rows } from "./helpers.js";

const FIXTURE = "test/fixtures/iac/cloudformation/params.yaml";
const HINT = (name: string) => `parameter ${name} has no value (no Default; pass --parameter ${name}=…); cannot be decided from this file`;

describe("CloudFormation parameters", () => {
  describe("params.yaml without values", () => {
    const source = loadFixture(FIXTURE, { region: "us-east-1" });
    const account = source.snapshot.accounts[0]!;

    it("the bucket named by a parameter without value is <!Ref BucketParam>; the trail and the policy naming the parameter reach it", () => {
      assert.deepEqual(account.buckets!.map((b) => b.Name), ["<!Ref BucketParam>"]);
      assert.deepEqual(account.trails!.map((t) => [t.Name, t.S3BucketName]), [
        ["account-trail", "<!Ref BucketParam>"],
        ["central-trail", "<!Ref CentralBucketParam>"],
      ]);
      assert.equal(typeof account.buckets![0]!.policy, "object", "LogBucketPolicy (Bucket: !Ref BucketParam) is the bucket's policy");
      assert.deepEqual(
        source.resources.map((r) => `${r.id} ${r.pointer ?? r.note}`),
        [
          "LogBucket /accounts/0/buckets/0",
          "LogBucketPolicy /accounts/0/buckets/0/policy",
          "AccountTrail /accounts/0/trails/0",
          "CentralTrail /accounts/0/trails/1",
        ],
      );
      // Only the trail whose bucket is not in the file is undecided.
      assert.deepEqual(
        (account.collectionErrors ?? []).map((e) => `${e.service}:${e.operation} ${e.field ?? "-"} ${e.message}`),
        [`cloudtrail:GetTrail S3BucketName CentralTrail (AWS::CloudTrail::Trail) S3BucketName is !Ref CentralBucketParam: ${HINT("CentralBucketParam")}`],
      );
    });

    it("judges the linked bucket; the trail writing to a bucket the parameter leaves open is ERROR naming the parameter", () => {
      const findings = lint(source, ["log-bucket-object-lock", "log-bucket-no-delete", "log-bucket-delivery-policy"]);
      assert.deepEqual(rows(source, findings), [
        "log-bucket-delivery-policy ERROR collection-error /accounts/0/collectionErrors/0 @66:7",
        "log-bucket-delivery-policy PASS ok /accounts/0/buckets/0 @17:3",
        "log-bucket-no-delete ERROR collection-error /accounts/0/collectionErrors/0 @66:7",
        "log-bucket-no-delete PASS ok /accounts/0/buckets/0 @17:3",
        "log-bucket-object-lock ERROR collection-error /accounts/0/collectionErrors/0 @66:7",
        "log-bucket-object-lock PASS ok /accounts/0/buckets/0 @17:3",
      ]);
      for (const f of findings.filter((x) => x.status === "ERROR")) assert.ok(f.message.includes(HINT("CentralBucketParam")), f.message);
      assert.equal(findings.find((f) => f.checkId === "log-bucket-object-lock" && f.status === "PASS")!.message,
        "Log bucket <!Ref BucketParam> locks each new log file for 365 days in COMPLIANCE mode (at least 365 required).");
    });
  });

  describe("params.yaml with values", () => {
    it("--parameter values name the real buckets; nothing is left undecided", () => {
      const source = loadFixture(FIXTURE, { region: "us-east-1", parameters: { BucketParam: "acme-trail-logs", CentralBucketParam: "acme-org-logs" } });
      const account = source.snapshot.accounts[0]!;
      assert.deepEqual(account.buckets!.map((b) => b.Name), ["acme-trail-logs"]);
      assert.deepEqual(account.trails!.map((t) => t.S3BucketName), ["acme-trail-logs", "acme-org-logs"]);
      assert.deepEqual(account.collectionErrors, []);
    });

    it("UsePreviousValue (from a parameters file) leaves the parameter unknown, its Default unused", () => {
      const parameters = parseParametersFile(JSON.stringify([{ ParameterKey: "BucketParam", UsePreviousValue: true }, { ParameterKey: "RetentionDays", UsePreviousValue: true }]), "prev.json");
      const source = loadFixture(FIXTURE, { region: "us-east-1", parameters });
      const errors = (source.snapshot.accounts[0]!.collectionErrors ?? []).map((e) => `${e.operation} ${e.message}`);
      assert.deepEqual(errors, [
        "GetObjectLockConfiguration LogBucket (AWS::S3::Bucket) ObjectLockConfiguration is !Ref RetentionDays: parameter RetentionDays keeps the stack's previous value (UsePreviousValue in prev.json); cannot be decided from this file",
        `GetTrail CentralTrail (AWS::CloudTrail::Trail) S3BucketName is !Ref CentralBucketParam: ${HINT("CentralBucketParam")}`,
      ]);
      assert.deepEqual(source.snapshot.accounts[0]!.buckets!.map((b) => b.Name), ["<!Ref BucketParam>"]);
    });
  });

  describe("no generated name where the name is unknown", () => {
    const template = (bucketName: string) => `Parameters:
  BucketParam:
    Type: String
  Prefix:
    Type: String
Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties:
${bucketName ? `      BucketName: ${bucketName}\n` : "      Tags: []\n"}  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      S3BucketName: !Ref Logs
      IsLogging: true
      IsMultiRegionTrail: true
`;
    const cases: [string, string, string][] = [
      ["a parameter", "!Ref BucketParam", "<!Ref BucketParam>"],
      ["a Sub of a parameter", "!Sub '${Prefix}-trail-logs'", "<!Sub {Prefix}-trail-logs>"],
      ["an import", "!ImportValue SharedLogBucketName", "<!ImportValue SharedLogBucketName>"],
      ["a Join (its short form leaves parts out: a digest)", "!Join ['-', [!Ref Prefix, logs]]", undecidedBucketName({ "Fn::Join": ["-", [{ Ref: "Prefix" }, "logs"]] })],
      ["no BucketName: CloudFormation's shape, the random part visible", "", "stack-logs-<random>"],
    ];
    for (const [name, expression, expected] of cases) {
      it(`${name}: ${expected}`, () => {
        const source = parseIac(template(expression), "stack.yaml");
        assert.deepEqual(source.snapshot.accounts[0]!.buckets!.map((b) => b.Name), [expected]);
        const findings = lint(source, ["log-bucket-object-lock"]);
        assert.deepEqual(findings.map((f) => `${f.status} ${f.messageId}`), ["FAIL offUnversioned"]);
        const text = JSON.stringify(findings.map((f) => [f.message, f.remediation]));
        assert.ok(text.includes(JSON.stringify(expected).slice(1, -1)), text);
        assert.ok(!/stack-logs(?!-<random>)/.test(text), `no generated name stands for the unknown: ${text}`);
      });
    }

    it("stand-ins: within 63 characters, no `${`, different expressions apart", () => {
      const long = { "Fn::Sub": `${"x".repeat(70)}-\${Prefix}` };
      const a = undecidedBucketName(long);
      const b = undecidedBucketName({ "Fn::Sub": `${"x".repeat(70)}-\${Other}` });
      assert.ok(a.length <= 63 && b.length <= 63 && a !== b, `${a} ${b}`);
      assert.ok(!undecidedBucketName({ "Fn::Sub": "${A}-${B}" }).includes("${"));
      assert.equal(generatedBucketName("My_Stack", "LogBucket"), "my-stack-logbucket-<random>");
      assert.equal(generatedBucketName("s".repeat(80), "B").length, 63);
    });
  });

  describe("parameters files", () => {
    const cases: [string, unknown, Record<string, unknown>][] = [
      ["create-stack --parameters", [{ ParameterKey: "A", ParameterValue: "1" }, { ParameterKey: "B", ParameterValue: "x,y" }], { A: "1", B: "x,y" }],
      ["create-stack with UsePreviousValue", [{ ParameterKey: "A", UsePreviousValue: true }, { ParameterKey: "B", ParameterValue: "2", UsePreviousValue: false }], { A: { unknown: "parameter A keeps the stack's previous value (UsePreviousValue in p.json)" }, B: "2" }],
      ["deploy --parameter-overrides", ["A=1", "B=a=b", "C="], { A: "1", B: "a=b", C: "" }],
      ["CodePipeline template configuration", { Parameters: { A: "1" }, Tags: { team: "sec" } }, { A: "1" }],
      ["later entries win", ["A=1", "A=2"], { A: "2" }],
      ["describe-stacks output with ResolvedValue", [{ ParameterKey: "A", ParameterValue: "/ssm/name", ResolvedValue: "v" }], { A: "/ssm/name" }],
    ];
    for (const [name, data, expected] of cases) it(name, () => assert.deepEqual(parseParametersFile(JSON.stringify(data), "p.json"), expected));

    const bad: [string, string, string[]][] = [
      ["not JSON", "{", ["p.json:1:2: not valid JSON"]],
      ["a value that is not a string", JSON.stringify({ Parameters: { A: 1 } }), ["p.json:1:20: not a CloudFormation parameters file", "at /Parameters/A: must be string"]],
      ["an entry without a value", JSON.stringify([{ ParameterKey: "A", ParameterValue: "1" }, { ParameterKey: "B" }]), ["p.json:1:44: not a CloudFormation parameters file", "at /1: needs ParameterValue (or UsePreviousValue: true)"]],
      ["a misspelt key", JSON.stringify([{ ParameterKey: "A", ParamValue: "1" }]), ["p.json:1:2:", 'at /0: has unknown property "ParamValue"']],
      ["a string without =", JSON.stringify(["A=1", "B"]), ["p.json:1:8:", "at /1: must match pattern"]],
      ["a value and UsePreviousValue", JSON.stringify([{ ParameterKey: "A", ParameterValue: "1", UsePreviousValue: true }]), ["p.json:1:2:", "at /0: ParameterValue and UsePreviousValue true together (CloudFormation refuses both)"]],
      ["the wrong shape", JSON.stringify({ A: "1" }), ["p.json:1:1:", 'at /: must have required property \'Parameters\'']],
    ];
    for (const [name, text, patterns] of bad) {
      it(`bad: ${name}`, () => {
        const error = expectInputError(() => parseParametersFile(text, "p.json"), ...patterns);
        assert.equal(error.file, "p.json");
      });
    }
  });

  it("the fixture is what the tests say (no stray edits)", () => {
    assert.match(readFileSync(join(ROOT, FIXTURE), "utf8"), /BucketName: !Ref BucketParam/);
  });
});
