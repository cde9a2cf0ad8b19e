// CloudFormation mapping: AWS::Organizations::Policy of type SERVICE_CONTROL_POLICY ->
// organization.serviceControlPolicies (DescribePolicy, ListTargetsForPolicy shapes).
import type { PolicyDocument, PolicyTarget, ServiceControlPolicy } from "../../model/snapshot.js";
import type { Mapped } from "../iac-types.js";
import { isRecord } from "../../util/records.js";
import { holeErrors, nearestPart, policyHoles } from "../policy-holes.js";
import { firstUnresolved, Unresolved } from "./intrinsics.js";
import { cdk, mirror, newMapped, propAt, unresolvedError, type CfnMapState, type CfnResource } from "./state.js";
import { toList, toStr } from "./values.js";

export function mapPolicy(s: CfnMapState, r: CfnResource): Mapped<ServiceControlPolicy> | undefined {
  const type = toStr(r.props.Type);
  if (type !== "SERVICE_CONTROL_POLICY") {
    s.unmapped.push({
      id: r.id,
      type: r.type,
      location: r.location,
      note: type instanceof Unresolved ? `its policy type (${type.expr}) cannot be decided from this file` : `a ${String(type)}, not a service control policy`,
      ...cdk(r),
    });
    return undefined;
  }
  const idValue = s.nameOf(r.id);
  const policyId = typeof idValue === "string" ? idValue : r.id;
  // Each value of the Content the file leaves open is a hole (../policy-holes.ts); Content undecided
  // as a whole leaves the policy out, with an error on the read that would return it.
  const holed = isRecord(r.props.Content) ? policyHoles(r.props.Content) : undefined;
  const content = holed && "document" in holed ? holed.document : r.props.Content;
  const unknown = holed && "whole" in holed ? holed.whole : holed ? undefined : firstUnresolved(content);
  if (unknown || content === undefined) {
    if (unknown) unresolvedError(s, r, "organizations", "DescribePolicy", policyId, "Content", unknown, s.organizationErrors);
    s.unmapped.push({ id: r.id, type: r.type, location: r.location, note: "its content cannot be decided from this file", ...cdk(r) });
    return undefined;
  }
  const targets: PolicyTarget[] = [];
  const targetIds = toList(r.props.TargetIds);
  const unknownTargets = targetIds instanceof Unresolved ? targetIds : firstUnresolved(targetIds);
  if (unknownTargets) unresolvedError(s, r, "organizations", "ListTargetsForPolicy", policyId, "TargetIds", unknownTargets, s.organizationErrors);
  for (const target of Array.isArray(targetIds) ? targetIds : []) {
    const targetId = toStr(target);
    if (typeof targetId !== "string") continue;
    targets.push({ TargetId: targetId, Type: targetId.startsWith("ou-") ? "ORGANIZATIONAL_UNIT" : targetId.startsWith("r-") ? "ROOT" : "ACCOUNT" });
  }
  const name = toStr(r.props.Name);
  const description = toStr(r.props.Description);
  const m = newMapped<ServiceControlPolicy>(r, {
    PolicySummary: {
      Id: policyId,
      Name: typeof name === "string" ? name : r.id,
      ...(typeof description === "string" ? { Description: description } : {}),
      Type: "SERVICE_CONTROL_POLICY",
      AwsManaged: false,
    },
    Content: typeof content === "string" ? content : (content as PolicyDocument),
    targets,
  });
  if ("Content" in r.rawProps) m.parts["/Content"] = propAt(s, r, "Content");
  mirror(s, m.parts, "/Content", r.rawProps.Content);
  if (holed && "document" in holed) {
    s.organizationErrors.push(
      ...holeErrors(holed, {
        id: r.id,
        type: r.type,
        property: "Content",
        service: "organizations",
        operation: "DescribePolicy",
        region: s.region,
        resource: policyId,
        field: "serviceControlPolicies",
        within: `/${s.scps.length}/Content`,
        locate: (path) => nearestPart(m.parts, `/Content${path}`, m.parts["/Content"] ?? r.location),
      }),
    );
  }
  if ("TargetIds" in r.rawProps) m.parts["/targets"] = propAt(s, r, "TargetIds");
  return m;
}
