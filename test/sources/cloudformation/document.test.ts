import assert from "node:assert/strict";
import { parseJsonSource, parseYamlSource, SHORT_FORMS } from "../../../src/sources/cloudformation/document.js";
import { expectInputError } from "./helpers.js";

const TAGS = `Values:
  Ref: !Ref LogBucket
  GetAttDotted: !GetAtt LogBucket.Arn
  GetAttNested: !GetAtt Stack.Outputs.BucketName
  GetAttList: !GetAtt [LogBucket, Arn]
  SubString: !Sub "arn:\${AWS::Partition}:s3:::\${LogBucket}/*"
  SubList: !Sub
    - "\${Name}-logs"
    - Name: !Ref AWS::StackName
  If: !If [IsProd, 365, !Ref "AWS::NoValue"]
  Join: !Join [",", [a, b]]
  Select: !Select [0, !GetAZs ""]
  Split: !Split [",", "a,b"]
  Equals: !Equals [!Ref Env, prod]
  And: !And [!Condition A, !Condition B]
  Or: !Or [!Condition A, !Not [!Condition B]]
  FindInMap: !FindInMap [RegionMap, !Ref "AWS::Region", Suffix]
  Base64: !Base64 hello
  Cidr: !Cidr [10.0.0.0/16, 4, 8]
  ImportValue: !ImportValue SharedLogBucket
  Transform: !Transform { Name: AWS::Include, Parameters: { Location: s3://bucket/snippet.yaml } }
  Length: !Length [a, b]
  ToJsonString: !ToJsonString { a: 1 }
`;

describe("CloudFormation documents", () => {
  describe("YAML short-form intrinsic tags", () => {
    const { value } = parseYamlSource(TAGS, "tags.yaml");
    const values = (value as { Values: Record<string, unknown> }).Values;

    it("registers every short form CloudFormation defines", () => {
      assert.deepEqual(Object.keys(SHORT_FORMS).sort(), [
        "!And",
        "!Base64",
        "!Cidr",
        "!Condition",
        "!Equals",
        "!FindInMap",
        "!GetAZs",
        "!GetAtt",
        "!If",
        "!ImportValue",
        "!Join",
        "!Length",
        "!Not",
        "!Or",
        "!Ref",
        "!Select",
        "!Split",
        "!Sub",
        "!ToJsonString",
        "!Transform",
      ]);
    });

    it("reads each tag as the long form (scalar, sequence and mapping forms, nested tags)", () => {
      assert.deepEqual(values, {
        Ref: { Ref: "LogBucket" },
        GetAttDotted: { "Fn::GetAtt": ["LogBucket", "Arn"] },
        GetAttNested: { "Fn::GetAtt": ["Stack", "Outputs.BucketName"] },
        GetAttList: { "Fn::GetAtt": ["LogBucket", "Arn"] },
        SubString: { "Fn::Sub": "arn:${AWS::Partition}:s3:::${LogBucket}/*" },
        SubList: { "Fn::Sub": ["${Name}-logs", { Name: { Ref: "AWS::StackName" } }] },
        If: { "Fn::If": ["IsProd", 365, { Ref: "AWS::NoValue" }] },
        Join: { "Fn::Join": [",", ["a", "b"]] },
        Select: { "Fn::Select": [0, { "Fn::GetAZs": "" }] },
        Split: { "Fn::Split": [",", "a,b"] },
        Equals: { "Fn::Equals": [{ Ref: "Env" }, "prod"] },
        And: { "Fn::And": [{ Condition: "A" }, { Condition: "B" }] },
        Or: { "Fn::Or": [{ Condition: "A" }, { "Fn::Not": [{ Condition: "B" }] }] },
        FindInMap: { "Fn::FindInMap": ["RegionMap", { Ref: "AWS::Region" }, "Suffix"] },
        Base64: { "Fn::Base64": "hello" },
        Cidr: { "Fn::Cidr": ["10.0.0.0/16", 4, 8] },
        ImportValue: { "Fn::ImportValue": "SharedLogBucket" },
        Transform: { "Fn::Transform": { Name: "AWS::Include", Parameters: { Location: "s3://bucket/snippet.yaml" } } },
        Length: { "Fn::Length": ["a", "b"] },
        ToJsonString: { "Fn::ToJsonString": { a: 1 } },
      });
    });
  });

  describe("YAML scalars", () => {
    it("keeps dates as strings, identifiers with a leading zero as strings, numbers and booleans as such", () => {
      const { value } = parseYamlSource(
        "Version: 2012-10-17\nAccounts: [012345678901, 123456789012]\nDays: 365\nOn: true\nQuoted: 'true'\nYes: yes\n",
        "scalars.yaml",
      );
      assert.deepEqual(value, { Version: "2012-10-17", Accounts: ["012345678901", 123456789012], Days: 365, On: true, Quoted: "true", Yes: "yes" });
    });

    it("expands aliases and ignores a byte order mark", () => {
      const { value } = parseYamlSource("\uFEFFBase: &tags\n  - Key: a\n    Value: b\nCopy: *tags\n", "alias.yaml");
      assert.deepEqual(value, { Base: [{ Key: "a", Value: "b" }], Copy: [{ Key: "a", Value: "b" }] });
    });
  });

  describe("positions", () => {
    it("knows where each key, member and tagged value starts in YAML", () => {
      const text = "Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      S3BucketName: !Ref Bucket\n      EventSelectors:\n        - ReadWriteType: All\n        - !If [Cond, {ReadWriteType: ReadOnly}, !Ref AWS::NoValue]\n";
      const { value, positions } = parseYamlSource(text, "p.yaml");
      const resources = (value as { Resources: Record<string, { Properties: { EventSelectors: unknown[] } }> }).Resources;
      const props = resources.Trail!.Properties;
      assert.deepEqual(positions.key(value, "Resources"), { line: 1, column: 1 });
      assert.deepEqual(positions.key(resources, "Trail"), { line: 2, column: 3 });
      assert.deepEqual(positions.key(props, "S3BucketName"), { line: 5, column: 7 });
      assert.deepEqual(positions.member(props, "S3BucketName"), { line: 5, column: 21 });
      assert.deepEqual(positions.member(props.EventSelectors, 0), { line: 7, column: 11 });
      assert.deepEqual(positions.member(props.EventSelectors, 1), { line: 8, column: 11 });
      assert.deepEqual(positions.node(props.EventSelectors[1]), { line: 8, column: 11 });
      assert.deepEqual(positions.along(value, ["Resources", "Trail", "Properties", "EventSelectors", 1, "Missing"]), { line: 8, column: 11 });
    });

    it("knows where each key and member starts in JSON, minified or not", () => {
      const { value, positions } = parseJsonSource('{"Resources":{"B":{"Type":"AWS::S3::Bucket"}},\n  "X": [1, {"y": 2}]}', "p.json");
      const doc = value as { Resources: { B: object }; X: unknown[] };
      assert.deepEqual(positions.key(doc.Resources, "B"), { line: 1, column: 15 });
      assert.deepEqual(positions.node(doc.Resources.B), { line: 1, column: 19 });
      assert.deepEqual(positions.key(value, "X"), { line: 2, column: 3 });
      assert.deepEqual(positions.member(doc.X, 1), { line: 2, column: 12 });
      assert.equal(positions.key(doc.X, "0"), undefined);
    });
  });

  describe("bad input", () => {
    it("invalid YAML names the file, line and column", () => {
      expectInputError(() => parseYamlSource("Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n   Properties: {}\n", "bad.yaml"), /^bad\.yaml:4:\d+: invalid YAML: /);
    });

    it("a tag CloudFormation does not define is an error", () => {
      expectInputError(() => parseYamlSource("Resources:\n  B:\n    Type: !Foo bar\n", "tag.yaml"), /^tag\.yaml:3:11: invalid YAML: .*!Foo.*CloudFormation accepts only its intrinsic function tags/);
    });

    it("a duplicate key is an error", () => {
      expectInputError(() => parseYamlSource("Resources:\n  B: {Type: x}\n  B: {Type: y}\n", "dup.yaml"), /^dup\.yaml:3:3: invalid YAML: Map keys must be unique/);
    });

    it("several documents in one file are an error", () => {
      expectInputError(() => parseYamlSource("a: 1\n---\nb: 2\n", "multi.yaml"), /^multi\.yaml:\d+:\d+: invalid YAML: /);
    });

    it("invalid JSON names the file, line and column", () => {
      expectInputError(() => parseJsonSource('{\n  "Resources": {\n    "B": { "Type": "x", }\n  }\n}', "bad.json"), "bad.json:3:25: invalid JSON: property name expected");
    });
  });
});
