// The shipped IAM examples: the audit role grants SecurityAudit plus every member-account read the
// collector makes, trusts one account, and requires the external id when one is given.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseYamlSource } from "../../../src/sources/cloudformation/document.js";
import { IAM_ACTION_OF } from "../../../src/sources/aws/permissions.js";

const root = join(import.meta.dirname, "../../..");
const file = join(root, "examples/iam/audit-role-stackset.yaml");

interface Role {
  Properties: {
    ManagedPolicyArns: unknown[];
    AssumeRolePolicyDocument: { Statement: { Action: string; Condition: unknown }[] };
    Policies: { PolicyDocument: { Statement: { Action: string[] }[] } }[];
  };
}

describe("examples/iam", () => {
  const template = parseYamlSource(readFileSync(file, "utf8"), file).value as {
    Parameters: Record<string, unknown>;
    Resources: { AuditRole: Role };
  };
  const role = template.Resources.AuditRole.Properties;

  it("the StackSet role attaches SecurityAudit and takes an ExternalId parameter", () => {
    assert.deepEqual(role.ManagedPolicyArns, [{ "Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/SecurityAudit" }]);
    assert.ok("ExternalId" in template.Parameters && "TrustedAccountId" in template.Parameters);
    const trust = role.AssumeRolePolicyDocument.Statement[0]!;
    assert.equal(trust.Action, "sts:AssumeRole");
    assert.deepEqual(trust.Condition, {
      "Fn::If": ["HasExternalId", { StringEquals: { "sts:ExternalId": { Ref: "ExternalId" } } }, { Ref: "AWS::NoValue" }],
    });
  });

  it("its inline policy names exactly the collector's reads inside a member account", () => {
    const inline = role.Policies[0]!.PolicyDocument.Statement.flatMap((s) => s.Action).sort();
    const memberReads = Object.entries(IAM_ACTION_OF)
      .filter(([api]) => !api.startsWith("organizations:") && !api.startsWith("sts:"))
      .map(([, action]) => action)
      .sort();
    assert.deepEqual(inline, memberReads);
  });
});
