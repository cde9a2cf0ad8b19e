// IAM resources of a Terraform plan -> account.iam (src/sources/terraform/iam.ts): principals by
// their known names, attachments and inline policies joined to them, partial, and a policy known only
// after apply unknown at its place.
import assert from "node:assert/strict";
import { withUnknowns } from "../../../src/model/derive.js";
import { isUnknown } from "../../../src/model/unknown.js";
import { parseIac } from "../../../src/sources/iac.js";

interface R {
  address: string;
  type: string;
  values: Record<string, unknown>;
  unknown?: Record<string, unknown>;
}
function plan(resources: R[]): string {
  const name = (address: string) => address.split(".").pop()!;
  return JSON.stringify({
    format_version: "1.2",
    terraform_version: "1.9.8",
    planned_values: { root_module: { resources: resources.map((r) => ({ address: r.address, mode: "managed", type: r.type, name: name(r.address), values: r.values, sensitive_values: {} })) } },
    resource_changes: resources.map((r) => ({ address: r.address, mode: "managed", type: r.type, name: name(r.address), change: { actions: ["create"], before: null, after: r.values, after_unknown: r.unknown ?? {} } })),
    configuration: { provider_config: { aws: { name: "aws", expressions: { region: { constant_value: "us-east-1" } } } }, root_module: {} },
  });
}
const DELETE = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:DeleteObject", Resource: "arn:aws:s3:::org-logs/*" }] });

describe("Terraform IAM resources", () => {
  const source = parseIac(
    plan([
      { address: "aws_iam_role.ir", type: "aws_iam_role", values: { name: "IncidentResponse", path: "/", managed_policy_arns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"], inline_policy: [{ name: "inline", policy: DELETE }] } },
      { address: "aws_iam_policy.admin", type: "aws_iam_policy", values: { name: "log-admin", path: "/", policy: DELETE } },
      { address: "aws_iam_role_policy_attachment.ir", type: "aws_iam_role_policy_attachment", values: { role: "IncidentResponse", policy_arn: "arn:aws:iam::000000000000:policy/log-admin" } },
      { address: "aws_iam_user.alice", type: "aws_iam_user", values: { name: "alice", path: "/", permissions_boundary: "arn:aws:iam::000000000000:policy/log-admin" } },
      { address: "aws_iam_group.ops", type: "aws_iam_group", values: { name: "ops", path: "/" } },
      { address: "aws_iam_group_policy.ops", type: "aws_iam_group_policy", values: { group: "ops", name: "late" }, unknown: { policy: true } },
      { address: "aws_iam_user_group_membership.alice", type: "aws_iam_user_group_membership", values: { user: "alice", groups: ["ops"] } },
    ]),
    "iam.tfplan.json",
  );
  const iam = source.snapshot.accounts[0]!.iam!;
  if (isUnknown(iam)) throw new Error("iam is unknown");

  it("maps principals, their attachments, inline policies, boundaries and groups; partial", () => {
    assert.equal(iam.partial, true);
    assert.deepEqual(iam.roles.map((r) => [r.RoleName, r.Arn, r.AttachedManagedPolicies!.map((a) => a.PolicyArn), r.RolePolicyList!.map((p) => p.PolicyName)]), [
      ["IncidentResponse", "arn:aws:iam::000000000000:role/IncidentResponse", ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::000000000000:policy/log-admin"], ["inline"]],
    ]);
    assert.deepEqual(iam.users.map((u) => [u.UserName, u.GroupList, u.PermissionsBoundary?.PermissionsBoundaryArn]), [["alice", ["ops"], "arn:aws:iam::000000000000:policy/log-admin"]]);
    assert.deepEqual(iam.policies.map((p) => [p.Arn, p.PolicyName]), [["arn:aws:iam::000000000000:policy/log-admin", "log-admin"]]);
    assert.deepEqual(iam.roles[0]!.RolePolicyList![0]!.PolicyDocument, JSON.parse(DELETE));
  });

  it("a policy known only after apply is unknown at its place, the rest decided", () => {
    const errors = source.snapshot.accounts[0]!.collectionErrors!.filter((e) => e.service === "iam");
    assert.deepEqual(errors.map((e) => [e.field, e.path, e.message]), [["iam", "/groups/0/GroupPolicyList/0/PolicyDocument", "aws_iam_group_policy.ops policy is unknown until apply (after_unknown); cannot be decided from this file"]]);
    const derived = withUnknowns(source.snapshot).accounts[0]!.iam!;
    if (isUnknown(derived)) throw new Error("iam is unknown");
    assert.ok(isUnknown(derived.groups[0]!.GroupPolicyList![0]!.PolicyDocument));
    assert.ok(!isUnknown(derived.roles[0]!.RolePolicyList![0]!.PolicyDocument));
  });

  it("lists the attachments as parts of the principal they join", () => {
    assert.deepEqual(
      source.resources.filter((r) => r.type.startsWith("aws_iam")).map((r) => `${r.id} ${r.pointer ?? "-"}`),
      [
        "aws_iam_role.ir /accounts/0/iam/roles/0",
        "aws_iam_policy.admin /accounts/0/iam/policies/0",
        "aws_iam_role_policy_attachment.ir /accounts/0/iam/roles/0/AttachedManagedPolicies",
        "aws_iam_user.alice /accounts/0/iam/users/0",
        "aws_iam_group.ops /accounts/0/iam/groups/0",
        "aws_iam_group_policy.ops /accounts/0/iam/groups/0/GroupPolicyList/0",
        "aws_iam_user_group_membership.alice /accounts/0/iam/users/0/GroupList",
      ],
    );
  });
});
