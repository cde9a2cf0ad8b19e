// What a template or plan does not say about where and with what it is deployed, made explicit
// for both IaC sources after mapping:
//
// - The deploy region. A CloudFormation stack is created in whatever region it is deployed to; a
//   Terraform plan knows its region only when the provider configuration (or data.aws_region)
//   records it. When neither the file nor --region fixes it, each trail created in "the stack's
//   region" gets an Unresolved error on its HomeRegion: only a verdict that compares that region
//   with a particular one (a single-region trail receives global service events only in
//   us-east-1) rests on it. Everything of one stack stays in one region, whichever it is, so
//   comparisons between the file's own resources (a trail and its log group) stay decided.
//   The account id and partition are treated the same way: the synthesized ones stand for "the
//   account (partition) the stack is deployed to", equal to themselves; no check compares them
//   with a particular value of the file.
// - Resources that may create a trail the file does not show: a custom resource, a nested stack, a
//   StackSet, a Serverless application (CloudFormation), a CloudFormation stack or StackSet a plan
//   creates (Terraform). Whether a trail covers the account then rests on what they create: each
//   becomes an Unexpanded collection error of the account, which model/coverage.ts counts as a gap
//   in the list of trails that cover it (the account's trail list itself stays the file's trails).
import { PSEUDO_UNDECIDED } from "./cloudformation/intrinsics.js";
import { UNEXPANDED_CODE, UNEXPANDED_OPERATION } from "../model/errors.js";
import type { CollectionError } from "../model/snapshot.js";
import { isRecord } from "../util/records.js";
import type { ParsedSource } from "./cloudformation/document.js";
import type { IacModel, Location, LocatedError } from "./iac-types.js";


/** Unresolved HomeRegion errors for the trails created in the deploy region, when that is not given. */
export function deployRegionErrors(model: IacModel, regionDecided: boolean): LocatedError[] {
  if (regionDecided) return [];
  return model.trails
    .filter((m) => m.value.HomeRegion === model.region)
    .map((m) => ({
      error: {
        service: "cloudtrail",
        operation: "GetTrail",
        resource: m.value.TrailARN,
        field: "HomeRegion",
        code: "Unresolved",
        message: `${m.id}: the verdict ${PSEUDO_UNDECIDED["AWS::Region"]}`,
      } satisfies CollectionError,
      location: m.location,
    }));
}

const CLOUDFORMATION_OPAQUE = /^(Custom::.+|AWS::CloudFormation::(CustomResource|Stack|StackSet)|AWS::Serverless::Application|AWS::ServiceCatalog::CloudFormationProvisionedProduct)$/;
const TERRAFORM_OPAQUE = /^(aws_cloudformation_stack|aws_cloudformation_stack_set|aws_cloudformation_stack_set_instance|aws_cloudformation_stack_instances|aws_servicecatalog_provisioned_product)$/;

/** Whether a resource type may create resources (trails among them) that the file does not define. */
export function isOpaqueType(kind: IacModel["kind"], type: string): boolean {
  return (kind === "cloudformation" ? CLOUDFORMATION_OPAQUE : TERRAFORM_OPAQUE).test(type);
}

/**
 * One Unexpanded error for each resource of the file that may create trails: CloudFormation
 * Resources entries, the managed resources a Terraform plan has after apply (planned_values).
 */
export function unexpandedErrors(kind: IacModel["kind"], source: ParsedSource, file: string): LocatedError[] {
  const at = (value: unknown, key?: string): Location => {
    const pos = key === undefined ? source.positions.node(value) : source.positions.key(value, key);
    return { file: pos?.file ?? file, startLine: pos?.line ?? 1, startColumn: pos?.column ?? 1 };
  };
  const found: { id: string; type: string; location: Location }[] = [];
  const root = isRecord(source.value) ? source.value : {};
  if (kind === "cloudformation") {
    const resources = isRecord(root.Resources) ? root.Resources : {};
    for (const [id, r] of Object.entries(resources)) {
      if (isRecord(r) && typeof r.Type === "string") found.push({ id, type: r.Type, location: at(resources, id) });
    }
  } else {
    const walk = (module: unknown, depth: number): void => {
      if (!isRecord(module) || depth > 64) return;
      for (const r of Array.isArray(module.resources) ? module.resources : []) {
        if (isRecord(r) && r.mode === "managed" && typeof r.type === "string" && typeof r.address === "string") found.push({ id: r.address, type: r.type, location: at(r) });
      }
      for (const child of Array.isArray(module.child_modules) ? module.child_modules : []) walk(child, depth + 1);
    };
    walk(isRecord(root.planned_values) ? root.planned_values.root_module : undefined, 0);
  }
  return found
    .filter((r) => isOpaqueType(kind, r.type))
    .map((r) => ({
      error: {
        service: kind,
        operation: UNEXPANDED_OPERATION,
        resource: r.id,
        code: UNEXPANDED_CODE,
        message: `a trail may be created by ${r.id} (${r.type}), which this tool cannot expand`,
      } satisfies CollectionError,
      location: r.location,
    }));
}
