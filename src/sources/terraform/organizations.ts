// Terraform plan mapping: aws_organizations_policy of type SERVICE_CONTROL_POLICY ->
// organization.serviceControlPolicies, with the targets of the aws_organizations_policy_attachment
// resources that name or reference it.
import type { PolicyTarget, ServiceControlPolicy } from "../../model/snapshot.js";
import { referenced, type PlanResource } from "./resources.js";
import { newMapped, policyOf, propLocation, unresolved, type PlanMapState, type Sourced } from "./state.js";
import { attr, knownString } from "./values.js";

export function mapPolicy(s: PlanMapState, r: PlanResource): Sourced<ServiceControlPolicy> | undefined {
  const type = attr(r, "type");
  const policyType = type.unknown ? undefined : typeof type.value === "string" ? type.value : "SERVICE_CONTROL_POLICY";
  if (policyType !== "SERVICE_CONTROL_POLICY") {
    s.unmapped.push({
      id: r.address,
      type: r.type,
      location: r.location,
      note: policyType === undefined ? "its policy type cannot be decided from this file" : `a ${policyType}, not a service control policy`,
    });
    return undefined;
  }
  const id = knownString(r, "id") ?? `p-${r.parts.name.toLowerCase().replace(/[^a-z0-9_]/g, "").slice(0, 60) || "policy"}`;
  const content = attr(r, "content");
  if (content.unknown || typeof content.value !== "string") {
    unresolved(s, r, "organizations", "DescribePolicy", id, "content", "is unknown until apply (after_unknown)", s.organizationErrors);
    s.unmapped.push({ id: r.address, type: r.type, location: r.location, note: "its content cannot be decided from this file" });
    return undefined;
  }
  const m = newMapped<ServiceControlPolicy>(r, {
    PolicySummary: {
      Id: id,
      Name: knownString(r, "name") ?? r.address,
      ...(knownString(r, "description") ? { Description: knownString(r, "description")! } : {}),
      Type: "SERVICE_CONTROL_POLICY",
      AwsManaged: false,
    },
    Content: policyOf(s, r, "content", content.value),
    targets: [],
  });
  const location = propLocation(s, r, "content");
  if (location) m.parts["/Content"] = location;
  return m;
}

export function attachPolicyTarget(s: PlanMapState, r: PlanResource): void {
  const policyId = knownString(r, "policy_id");
  let policy = policyId !== undefined ? s.scps.find((p) => p.value.PolicySummary.Id === policyId) : undefined;
  if (!policy) {
    const ref = referenced(s, r, "policy_id", ["aws_organizations_policy"]);
    policy = ref ? s.scps.find((p) => p.source === ref) : undefined;
  }
  if (!policy) {
    s.unmapped.push({ id: r.address, type: r.type, location: r.location, note: "its policy is not a service control policy defined in this plan" });
    return;
  }
  const targetId = attr(r, "target_id");
  const index = policy.value.targets.length;
  policy.contributors.push({ id: r.address, type: r.type, location: r.location, part: `/targets/${index}` });
  if (targetId.unknown || typeof targetId.value !== "string") {
    unresolved(s, r, "organizations", "ListTargetsForPolicy", policy.value.PolicySummary.Id, "target_id", "is unknown until apply (after_unknown)", s.organizationErrors);
    return;
  }
  const id = targetId.value;
  const target: PolicyTarget = { TargetId: id, Type: id.startsWith("ou-") ? "ORGANIZATIONAL_UNIT" : id.startsWith("r-") ? "ROOT" : "ACCOUNT" };
  policy.value.targets.push(target);
  policy.parts[`/targets/${index}`] = propLocation(s, r, "target_id") ?? r.location;
}
