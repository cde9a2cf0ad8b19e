import assert from "node:assert/strict";
import { firstUnresolved, NO_VALUE, Resolver, showExpression, Unresolved, type Environment, type TemplateSections } from "../../../src/sources/cloudformation/intrinsics.js";

const template: TemplateSections = {
  Parameters: {
    Env: { Type: "String", Default: "prod" },
    NoDefault: { Type: "String" },
    Subnets: { Type: "CommaDelimitedList", Default: "a, b ,c" },
    Ids: { Type: "List<AWS::EC2::Subnet::Id>", Default: ["x", "y"] },
    FromSsm: { Type: "AWS::SSM::Parameter::Value<String>", Default: "/cdk-bootstrap/version" },
    Days: { Type: "Number", Default: 365 },
  },
  Mappings: { RegionMap: { "us-east-1": { Suffix: "use1", Zones: ["a", "b"] } } },
  Conditions: {
    IsProd: { "Fn::Equals": [{ Ref: "Env" }, "prod"] },
    IsDev: { "Fn::Not": [{ Condition: "IsProd" }] },
    Unknown: { "Fn::Equals": [{ Ref: "NoDefault" }, "x"] },
    ProdOrUnknown: { "Fn::Or": [{ Condition: "Unknown" }, { Condition: "IsProd" }] },
    DevAndUnknown: { "Fn::And": [{ Condition: "Unknown" }, { Condition: "IsDev" }] },
    ProdAndUnknown: { "Fn::And": [{ Condition: "IsProd" }, { Condition: "Unknown" }] },
    Loop: { "Fn::Not": [{ Condition: "Loop" }] },
    NumberEqualsString: { "Fn::Equals": [{ Ref: "Days" }, "365"] },
  },
  Resources: { Bucket: { Type: "AWS::S3::Bucket" }, Key: { Type: "AWS::KMS::Key" } },
};

const env: Environment = {
  accountId: "123456789012",
  region: "us-east-1",
  partition: "aws",
  stackName: "logging",
  parameters: { NoDefaultGiven: "given" },
  imports: { Known: "exported-value" },
  ref: (id) => (id === "Bucket" ? "logging-bucket" : id === "Key" ? new Unresolved(`!Ref ${id}`, "the physical id of AWS::KMS::Key Key is assigned at deploy time") : undefined),
  getAtt: (id, attribute) => (id === "Bucket" && attribute === "Arn" ? "arn:aws:s3:::logging-bucket" : id === "Bucket" ? new Unresolved(`!GetAtt ${id}.${attribute}`, "known only after deployment") : undefined),
};

const resolver = new Resolver(template, env);
const resolve = (value: unknown) => resolver.resolve(value);

/** Asserts an Unresolved marker with this expression and reason. */
function unresolved(value: unknown, expr: string, reason: string | RegExp, mayBeAbsent = false): void {
  assert.ok(value instanceof Unresolved, `expected Unresolved, got ${JSON.stringify(value)}`);
  assert.equal(value.expr, expr);
  if (typeof reason === "string") assert.equal(value.reason, reason);
  else assert.match(value.reason, reason);
  assert.equal(value.mayBeAbsent, mayBeAbsent);
}

describe("CloudFormation intrinsic functions", () => {
  describe("Ref", () => {
    const cases: [string, unknown, unknown][] = [
      ["pseudo parameter AWS::AccountId", { Ref: "AWS::AccountId" }, "123456789012"],
      ["pseudo parameter AWS::Region", { Ref: "AWS::Region" }, "us-east-1"],
      ["pseudo parameter AWS::Partition", { Ref: "AWS::Partition" }, "aws"],
      ["pseudo parameter AWS::URLSuffix", { Ref: "AWS::URLSuffix" }, "amazonaws.com"],
      ["pseudo parameter AWS::StackName", { Ref: "AWS::StackName" }, "logging"],
      ["pseudo parameter AWS::StackId", { Ref: "AWS::StackId" }, "arn:aws:cloudformation:us-east-1:123456789012:stack/logging/00000000-0000-0000-0000-000000000000"],
      ["parameter default", { Ref: "Env" }, "prod"],
      ["comma-delimited list default, trimmed", { Ref: "Subnets" }, ["a", "b", "c"]],
      ["List<> default given as a list", { Ref: "Ids" }, ["x", "y"]],
      ["number parameter default, as a string", { Ref: "Days" }, "365"],
      ["resource of the template", { Ref: "Bucket" }, "logging-bucket"],
    ];
    for (const [name, input, expected] of cases) it(name, () => assert.deepEqual(resolve(input), expected));

    it("AWS::NoValue removes a property and a list element", () => {
      assert.equal(resolve({ Ref: "AWS::NoValue" }), NO_VALUE);
      assert.deepEqual(resolve({ A: 1, B: { Ref: "AWS::NoValue" }, C: ["x", { Ref: "AWS::NoValue" }, "y"] }), { A: 1, C: ["x", "y"] });
    });

    it("a parameter without default is unresolved", () => unresolved(resolve({ Ref: "NoDefault" }), "!Ref NoDefault", "parameter NoDefault has no value (no Default; pass --parameter NoDefault=…)"));
    it("an SSM parameter is read at deploy time", () =>
      unresolved(resolve({ Ref: "FromSsm" }), "!Ref FromSsm", "parameter FromSsm is read from SSM Parameter Store (/cdk-bootstrap/version) at deploy time"));
    it("a resource's physical id assigned at deploy time is unresolved", () =>
      unresolved(resolve({ Ref: "Key" }), "!Ref Key", "the physical id of AWS::KMS::Key Key is assigned at deploy time"));
    it("AWS::NotificationARNs is unresolved", () => unresolved(resolve({ Ref: "AWS::NotificationARNs" }), "!Ref AWS::NotificationARNs", /deploy time/));
    it("an unknown name is unresolved", () => unresolved(resolve({ Ref: "Nope" }), "!Ref Nope", "no parameter or resource named Nope in the template"));

    it("user parameter values win over defaults, and lists are split", () => {
      const withValues = new Resolver(template, { ...env, parameters: { Env: "dev", NoDefault: "x", Subnets: "p,q" } });
      assert.equal(withValues.resolve({ Ref: "Env" }), "dev");
      assert.equal(withValues.resolve({ Ref: "NoDefault" }), "x");
      assert.deepEqual(withValues.resolve({ Ref: "Subnets" }), ["p", "q"]);
      assert.equal(withValues.condition("Unknown"), true);
    });

    it("the China partition has its own URL suffix", () => {
      assert.equal(new Resolver(template, { ...env, partition: "aws-cn" }).resolve({ Ref: "AWS::URLSuffix" }), "amazonaws.com.cn");
    });
  });

  describe("functions", () => {
    const cases: [string, unknown, unknown][] = [
      ["Fn::GetAtt list form", { "Fn::GetAtt": ["Bucket", "Arn"] }, "arn:aws:s3:::logging-bucket"],
      ["Fn::GetAtt dotted string (JSON shorthand)", { "Fn::GetAtt": "Bucket.Arn" }, "arn:aws:s3:::logging-bucket"],
      ["Fn::GetAtt with the attribute from Fn::Sub", { "Fn::GetAtt": ["Bucket", { "Fn::Sub": "Arn" }] }, "arn:aws:s3:::logging-bucket"],
      ["Fn::Sub with pseudo parameters, attributes and a literal", { "Fn::Sub": "arn:${AWS::Partition}:s3:::${Bucket}/${!Literal}/${Bucket.Arn}" }, "arn:aws:s3:::logging-bucket/${Literal}/arn:aws:s3:::logging-bucket"],
      ["Fn::Sub with a variable map", { "Fn::Sub": ["${Name}-${Env}", { Name: { Ref: "AWS::StackName" } }] }, "logging-prod"],
      ["Fn::Join of mixed values (numbers written out)", { "Fn::Join": ["-", ["a", 1, { Ref: "Env" }]] }, "a-1-prod"],
      ["Fn::Join of a list parameter", { "Fn::Join": ["|", { Ref: "Subnets" }] }, "a|b|c"],
      ["Fn::Select", { "Fn::Select": ["1", ["a", "b"]] }, "b"],
      ["Fn::Select of Fn::Split", { "Fn::Select": [0, { "Fn::Split": [",", "alias/x,unused"] }] }, "alias/x"],
      ["Fn::FindInMap", { "Fn::FindInMap": ["RegionMap", { Ref: "AWS::Region" }, "Suffix"] }, "use1"],
      ["Fn::FindInMap of a list", { "Fn::FindInMap": ["RegionMap", "us-east-1", "Zones"] }, ["a", "b"]],
      ["Fn::FindInMap DefaultValue", { "Fn::FindInMap": ["RegionMap", "eu-west-1", "Suffix", { DefaultValue: "other" }] }, "other"],
      ["Fn::Base64", { "Fn::Base64": { "Fn::Sub": "${Env}!" } }, Buffer.from("prod!").toString("base64")],
      ["Fn::ImportValue of a given export", { "Fn::ImportValue": "Known" }, "exported-value"],
      ["Fn::If true branch", { "Fn::If": ["IsProd", "yes", "no"] }, "yes"],
      ["Fn::If false branch", { "Fn::If": ["IsDev", "yes", "no"] }, "no"],
      ["Fn::Equals compares as strings", { "Fn::Equals": [{ Ref: "Days" }, 365] }, true],
      ["Fn::Length", { "Fn::Length": { Ref: "Subnets" } }, 3],
      ["Fn::ToJsonString", { "Fn::ToJsonString": { a: { Ref: "Env" } } }, '{"a":"prod"}'],
      ["nested objects keep plain keys", { Statement: [{ Effect: "Allow", Resource: { "Fn::GetAtt": ["Bucket", "Arn"] } }] }, { Statement: [{ Effect: "Allow", Resource: "arn:aws:s3:::logging-bucket" }] }],
    ];
    for (const [name, input, expected] of cases) it(name, () => assert.deepEqual(resolve(input), expected));

    it("Fn::ImportValue of another stack's export is unresolved", () =>
      unresolved(resolve({ "Fn::ImportValue": { "Fn::Sub": "${AWS::StackName}-Bucket" } }), "!ImportValue logging-Bucket", "a value exported by another stack"));
    it("Fn::GetAZs is unresolved", () => unresolved(resolve({ "Fn::GetAZs": "" }), "!GetAZs ", "the Availability Zones are listed at deploy time"));
    it("Fn::Cidr is unresolved", () => unresolved(resolve({ "Fn::Cidr": ["10.0.0.0/16", 2, 8] }), "!Cidr", "Fn::Cidr is not evaluated by cloudtrail-lint"));
    it("Fn::Transform is unresolved", () => unresolved(resolve({ "Fn::Transform": { Name: "AWS::Include" } }), "!Transform {\"Name\":\"AWS::Include\"}", /not evaluated/));
    it("an unknown attribute is unresolved", () => unresolved(resolve({ "Fn::GetAtt": ["Bucket", "WebsiteURL"] }), "!GetAtt Bucket.WebsiteURL", "known only after deployment"));
    it("Fn::GetAtt of no resource is unresolved", () => unresolved(resolve({ "Fn::GetAtt": ["Nope", "Arn"] }), "!GetAtt Nope.Arn", "no resource named Nope in the template"));
    it("Fn::Sub names the variable it cannot resolve", () => unresolved(resolve({ "Fn::Sub": "arn:aws:s3:::${NoDefault}/" }), "!Ref NoDefault", "parameter NoDefault has no value (no Default; pass --parameter NoDefault=…)"));
    it("Fn::Join passes an unresolved element on", () => unresolved(resolve({ "Fn::Join": ["", ["a", { Ref: "NoDefault" }]] }), "!Ref NoDefault", "parameter NoDefault has no value (no Default; pass --parameter NoDefault=…)"));
    it("Fn::Select out of range is unresolved", () => unresolved(resolve({ "Fn::Select": [5, ["a"]] }), "!Select", "index out of range"));
    it("Fn::FindInMap of a missing key is unresolved", () =>
      unresolved(resolve({ "Fn::FindInMap": ["RegionMap", "eu-west-1", "Suffix"] }), "!FindInMap", "no entry eu-west-1/Suffix in mapping RegionMap"));
    it("Fn::If on an undecided condition, with AWS::NoValue in a branch, may be absent", () =>
      unresolved(resolve({ "Fn::If": ["Unknown", "x", { Ref: "AWS::NoValue" }] }), "Condition Unknown", "!Ref NoDefault (parameter NoDefault has no value (no Default; pass --parameter NoDefault=…))", true));
    it("Fn::If on an undecided condition with two values is unresolved but present", () =>
      unresolved(resolve({ "Fn::If": ["Unknown", "x", "y"] }), "Condition Unknown", "!Ref NoDefault (parameter NoDefault has no value (no Default; pass --parameter NoDefault=…))"));
    it("an unknown function is unresolved", () => unresolved(resolve({ "Fn::Nope": 1 }), "!Nope", "unknown intrinsic function Fn::Nope"));
    it("firstUnresolved finds a marker deep inside a value", () => {
      const value = resolve({ Statement: [{ Principal: { AWS: { Ref: "NoDefault" } } }] });
      assert.equal(firstUnresolved(value)?.expr, "!Ref NoDefault");
      assert.equal(firstUnresolved(resolve({ a: [1, { b: "c" }] })), undefined);
    });
  });

  describe("conditions", () => {
    const cases: [string, boolean | string][] = [
      ["IsProd", true],
      ["IsDev", false],
      ["ProdOrUnknown", true],
      ["DevAndUnknown", false],
      ["NumberEqualsString", true],
    ];
    for (const [name, expected] of cases) it(`${name} is ${String(expected)}`, () => assert.equal(resolver.condition(name), expected));

    it("an operand that settles Fn::Or / Fn::And wins over an unknown one; otherwise the result is unknown", () => {
      const result = resolver.condition("ProdAndUnknown");
      unresolved(result, "!Ref NoDefault", "parameter NoDefault has no value (no Default; pass --parameter NoDefault=…)");
      unresolved(resolver.condition("Unknown"), "!Ref NoDefault", "parameter NoDefault has no value (no Default; pass --parameter NoDefault=…)");
    });
    it("a circular condition is unresolved", () => unresolved(resolver.condition("Loop"), "Condition Loop", "circular condition"));
    it("an undefined condition is unresolved", () => unresolved(resolver.condition("Nope"), "Condition Nope", "no condition named Nope in the template"));
  });

  describe("showExpression", () => {
    it("writes intrinsic calls in short form", () => {
      assert.equal(showExpression({ Ref: "X" }), "!Ref X");
      assert.equal(showExpression({ "Fn::GetAtt": ["A", "B"] }), "!GetAtt A.B");
      assert.equal(showExpression({ "Fn::ImportValue": { "Fn::Sub": "x" } }), "!ImportValue !Sub x");
      assert.equal(showExpression("plain"), "plain");
    });
  });
});
