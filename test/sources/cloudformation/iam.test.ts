// IAM users, groups, roles and policies of a template -> account.iam (src/sources/cloudformation/iam.ts):
// the shape GetAccountAuthorizationDetails gives, partial (the template's principals only), with a
// hole at each value the file leaves open, located where the file sets it.
import assert from "node:assert/strict";
import { withUnknowns } from "../../../src/model/derive.js";
import { isUnknown } from "../../../src/model/unknown.js";
import { at, loadFixture } from "./helpers.js";

const FIXTURE = "test/fixtures/iac/cloudformation/iam.yaml";

describe("CloudFormation IAM resources", () => {
  const source = loadFixture(FIXTURE, { region: "us-east-1" });
  const iam = source.snapshot.accounts[0]!.iam!;
  if (isUnknown(iam)) throw new Error("iam is unknown");

  it("maps each principal with its name, ARN, groups, boundary and policies, and says the list is partial", () => {
    assert.equal(iam.partial, true);
    assert.deepEqual(
      iam.users.map((u) => [u.UserName, u.Arn, u.GroupList, u.PermissionsBoundary?.PermissionsBoundaryArn ?? "-"]),
      [
        ["iam-Alice", "arn:aws:iam::000000000000:user/iam-Alice", ["responders"], "-"],
        // UserToGroupAddition puts bob in responders; his boundary is the template's managed policy.
        ["bob", "arn:aws:iam::000000000000:user/bob", ["responders"], "arn:aws:iam::000000000000:policy/iam-LogAdmin"],
      ],
    );
    assert.deepEqual(iam.groups.map((g) => [g.GroupName, g.GroupPolicyList!.map((p) => p.PolicyName)]), [["responders", ["clean-up"]]]);
    const [role] = iam.roles;
    assert.deepEqual(role!.AttachedManagedPolicies, [{ PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }, { PolicyArn: "arn:aws:iam::000000000000:policy/iam-LogAdmin" }]);
    // AWS::IAM::Policy and AWS::IAM::RolePolicy become inline policies of the role they name.
    assert.deepEqual(role!.RolePolicyList!.map((p) => p.PolicyName), ["audit", "breakglass"]);
    assert.deepEqual(iam.policies.map((p) => [p.Arn, p.PolicyName]), [["arn:aws:iam::000000000000:policy/iam-LogAdmin", "iam-LogAdmin"]]);
  });

  it("resolves the template's references inside policy documents", () => {
    assert.deepEqual(iam.groups[0]!.GroupPolicyList![0]!.PolicyDocument, {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "s3:DeleteObject", Resource: "arn:aws:s3:::org-logs/*" }],
    });
  });

  it("leaves a hole at each value the file leaves open, and a document undecided as a whole unknown, each at its line", () => {
    const errors = source.snapshot.accounts[0]!.collectionErrors!;
    assert.deepEqual(
      errors.map((e, i) => [e.operation, e.field, e.path, at(source, `/accounts/0/collectionErrors/${i}`)]),
      [
        ["GetAccountAuthorizationDetails", "iam", "/policies/0/Document/Statement/0/Resource", "35:13"],
        ["GetAccountAuthorizationDetails", "iam", "/roles/0/RolePolicyList/1/PolicyDocument", "65:7"],
      ],
    );
    const derived = withUnknowns(source.snapshot).accounts[0]!.iam!;
    if (isUnknown(derived)) throw new Error("iam is unknown");
    assert.ok(isUnknown((derived.policies[0]!.Document as { Statement: { Resource: unknown }[] }).Statement[0]!.Resource));
    assert.ok(isUnknown(derived.roles[0]!.RolePolicyList![1]!.PolicyDocument));
    assert.ok(!isUnknown(derived.roles[0]!.RolePolicyList![0]!.PolicyDocument));
  });

  it("locates principals and their policies in the file", () => {
    assert.equal(at(source, "/accounts/0/iam/roles/0"), "21:3");
    assert.equal(at(source, "/accounts/0/iam/groups/0/GroupPolicyList/0/PolicyDocument/Statement/0/Resource"), "20:17");
    assert.deepEqual(
      source.resources.filter((r) => r.type.startsWith("AWS::IAM::")).map((r) => `${r.id} ${r.pointer ?? "-"}`),
      [
        "Responders /accounts/0/iam/groups/0",
        "IncidentResponse /accounts/0/iam/roles/0",
        "LogAdmin /accounts/0/iam/policies/0",
        "Alice /accounts/0/iam/users/0",
        "Auditors /accounts/0/iam/roles/0/RolePolicyList/0",
        "BobInResponders /accounts/0/iam/users/1/GroupList",
        "Bob /accounts/0/iam/users/1",
        "Breakglass /accounts/0/iam/roles/0/RolePolicyList/1",
      ],
    );
  });

  it("a template without IAM resources has no iam (not read, not 'no principals')", () => {
    const blog = loadFixture("examples/iac/blog.yaml", { region: "us-east-1" });
    assert.equal(blog.snapshot.accounts[0]!.iam, undefined);
  });
});

describe("CloudFormation IAM resources in the evaluation of who can delete logs", () => {
  it("a role the template defines that can delete log objects is named; the account's other principals are not taken for absent", async () => {
    const { parseIac } = await import("../../../src/sources/iac.js");
    const { runChecks } = await import("../../../src/engine/run.js");
    const { namedChecks } = await import("../../helpers/named-checks.js");
    const text = `Resources:
  LogBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: org-logs
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      S3BucketName: !Ref LogBucket
      IsLogging: true
      IsMultiRegionTrail: true
  Cleaner:
    Type: AWS::IAM::Role
    Properties:
      RoleName: LogCleaner
      AssumeRolePolicyDocument: { Statement: [] }
      Policies:
        - PolicyName: clean
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: s3:DeleteObject
                Resource: !Sub "\${LogBucket.Arn}/*"
`;
    const source = parseIac(text, "cleaner.yaml", { region: "us-east-1" });
    const [finding] = runChecks(namedChecks(["log-bucket-no-delete"]), source.snapshot, new Map(), source.file);
    assert.equal(finding!.status, "FAIL");
    assert.equal(finding!.messageId, "principals");
    assert.match(finding!.message, /arn:aws:iam::000000000000:role\/LogCleaner \(role\): s3:DeleteObject via inline:clean/);
    assert.match(finding!.message, /Principals of account 000000000000 that the file does not define may hold permission too/);
  });
});
