// CloudFormation mapping: IAM users, groups, roles and their policies -> account.iam, in the shape
// of iam:GetAccountAuthorizationDetails, so the evaluation of who can delete a log bucket runs on a
// template as on an account. `partial`: a template holds the principals it defines, not every
// principal of the account; the checks never take it for the whole account.
//
// - AWS::IAM::User / Group / Role -> users / groups / roles: name (UserName, GroupName, RoleName,
//   else <stack>-<logicalid>), Path (default /), inline Policies -> UserPolicyList / GroupPolicyList /
//   RolePolicyList, ManagedPolicyArns -> AttachedManagedPolicies, PermissionsBoundary, a user's Groups
//   -> GroupList.
// - AWS::IAM::ManagedPolicy -> policies (its ARN, the default version's document) and an attachment to
//   each of its Users, Groups and Roles.
// - AWS::IAM::Policy (and RolePolicy, UserPolicy, GroupPolicy) -> an inline policy of each principal
//   it names; AWS::IAM::UserToGroupAddition -> the users' GroupList.
// A principal named by a value the file leaves open is matched by that value's stand-in name. Each
// value of a policy document the file leaves open is a hole (../policy-holes.ts) at its place; a
// document undecided as a whole is unknown as a whole. A managed policy the template does not define
// (an AWS managed policy, another stack's) is attached by ARN without a document: what it grants is
// not in this file.
import type { IamAttachedPolicy, IamGroup, IamInlinePolicy, IamManagedPolicy, IamRole, IamUser, PolicyDocument } from "../../model/snapshot.js";
import { isRecord } from "../../util/records.js";
import type { LocatedError, Location, Mapped } from "../iac-types.js";
import { holeErrors, nearestPart, policyHoles } from "../policy-holes.js";
import type { Unresolved } from "./intrinsics.js";
import { cdk, mirror, newMapped, propAt, type CfnMapState, type CfnResource } from "./state.js";
import { toList, toStr } from "./values.js";

export const IAM_TYPES: ReadonlySet<string> = new Set([
  "AWS::IAM::User",
  "AWS::IAM::Group",
  "AWS::IAM::Role",
  "AWS::IAM::ManagedPolicy",
  "AWS::IAM::Policy",
  "AWS::IAM::RolePolicy",
  "AWS::IAM::UserPolicy",
  "AWS::IAM::GroupPolicy",
  "AWS::IAM::UserToGroupAddition",
]);

export interface CfnIam {
  users: Mapped<IamUser>[];
  groups: Mapped<IamGroup>[];
  roles: Mapped<IamRole>[];
  policies: Mapped<IamManagedPolicy>[];
  /** Hole and whole-document errors, with pointers relative to account.iam (set by assemble's order). */
  errors: LocatedError[];
}

type Kind = "users" | "groups" | "roles";
const LIST: Record<Kind, "UserPolicyList" | "GroupPolicyList" | "RolePolicyList"> = { users: "UserPolicyList", groups: "GroupPolicyList", roles: "RolePolicyList" };
const NAME: Record<Kind, "UserName" | "GroupName" | "RoleName"> = { users: "UserName", groups: "GroupName", roles: "RoleName" };
const ARN_KIND: Record<Kind, string> = { users: "user", groups: "group", roles: "role" };

function nameOf(s: CfnMapState, r: CfnResource): string {
  const name = s.nameOf(r.id);
  return typeof name === "string" ? name : name.placeholder;
}

function arnOf(s: CfnMapState, r: CfnResource, kind: string, name: string): string {
  const path = toStr(r.props.Path);
  return `arn:${s.partition}:iam::${s.accountId}:${kind}${typeof path === "string" ? path : "/"}${name}`;
}

/** Strings of a list property (unresolved members left out: they name nothing of this file). */
function names(value: unknown): string[] {
  const list = toList(value);
  return Array.isArray(list) ? list.map((v) => toStr(v)).filter((v): v is string => typeof v === "string") : [];
}

/** Maps the template's IAM resources (those the template creates) into account.iam. */
export function mapIam(s: CfnMapState, resources: readonly CfnResource[]): CfnIam {
  const out: CfnIam = { users: [], groups: [], roles: [], policies: [], errors: [] };
  const byName: Record<Kind, Map<string, Mapped<IamUser | IamGroup | IamRole>>> = { users: new Map(), groups: new Map(), roles: new Map() };
  const pendingDocuments: { kind: Kind; mapped: Mapped<IamUser | IamGroup | IamRole>; index: number; r: CfnResource; raw: unknown; resolved: unknown; property: string }[] = [];

  const addInline = (kind: Kind, mapped: Mapped<IamUser | IamGroup | IamRole>, r: CfnResource, policyName: string, resolved: unknown, raw: unknown, property: string) => {
    const value = mapped.value as unknown as Record<string, IamInlinePolicy[] | undefined>;
    const list = (value[LIST[kind]] ??= []);
    list.push({ PolicyName: policyName, PolicyDocument: {} as PolicyDocument });
    // A policy resource of its own (AWS::IAM::Policy, RolePolicy, ...) sets part of the principal.
    if (r.id !== mapped.id) mapped.contributors.push({ id: r.id, type: r.type, location: r.location, part: `/${LIST[kind]}/${list.length - 1}`, ...cdk(r) });
    pendingDocuments.push({ kind, mapped, index: list.length - 1, r, raw, resolved, property });
  };

  for (const r of resources) {
    const kind: Kind | undefined = r.type === "AWS::IAM::User" ? "users" : r.type === "AWS::IAM::Group" ? "groups" : r.type === "AWS::IAM::Role" ? "roles" : undefined;
    if (!kind) continue;
    const name = nameOf(s, r);
    const value: Record<string, unknown> = { [NAME[kind]]: name, Arn: arnOf(s, r, ARN_KIND[kind], name), Path: typeof r.props.Path === "string" ? r.props.Path : "/" };
    const mapped = newMapped(r, value as unknown as IamUser & IamGroup & IamRole) as Mapped<IamUser | IamGroup | IamRole>;
    const attached = names(r.props.ManagedPolicyArns).map((arn): IamAttachedPolicy => ({ PolicyArn: arn }));
    if (attached.length > 0) value.AttachedManagedPolicies = attached;
    const boundary = toStr(r.props.PermissionsBoundary);
    if (kind !== "groups" && typeof boundary === "string") value.PermissionsBoundary = { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: boundary };
    if (kind === "users") value.GroupList = names(r.props.Groups);
    const inline = Array.isArray(r.props.Policies) ? r.props.Policies : [];
    const rawInline = Array.isArray(r.rawProps.Policies) ? r.rawProps.Policies : [];
    inline.forEach((p, i) => {
      if (!isRecord(p)) return;
      const policyName = toStr(p.PolicyName);
      addInline(kind, mapped, r, typeof policyName === "string" ? policyName : `${r.id}-${i}`, p.PolicyDocument, isRecord(rawInline[i]) ? rawInline[i].PolicyDocument : undefined, `Policies[${i}].PolicyDocument`);
    });
    if ("Policies" in r.rawProps) mapped.parts[`/${LIST[kind]}`] = propAt(s, r, "Policies");
    byName[kind].set(name, mapped);
    out[kind].push(mapped as never);
  }

  const principal = (kind: Kind, name: string) => byName[kind].get(name);
  const attachTo = (r: CfnResource, policyArn: string, policyName: string | undefined) => {
    for (const [kind, prop] of [["users", "Users"], ["groups", "Groups"], ["roles", "Roles"]] as const) {
      for (const name of names(r.props[prop])) {
        const mapped = principal(kind, name);
        if (!mapped) continue;
        const value = mapped.value as unknown as { AttachedManagedPolicies?: IamAttachedPolicy[] };
        (value.AttachedManagedPolicies ??= []).push({ PolicyArn: policyArn, ...(policyName !== undefined ? { PolicyName: policyName } : {}) });
        mapped.contributors.push({ id: r.id, type: r.type, location: r.location, part: "/AttachedManagedPolicies", ...cdk(r) });
      }
    }
  };

  for (const r of resources) {
    if (r.type === "AWS::IAM::ManagedPolicy") {
      const name = nameOf(s, r);
      const arn = arnOf(s, r, "policy", name);
      const m = newMapped<IamManagedPolicy>(r, { Arn: arn, PolicyName: name, Document: {} as PolicyDocument });
      out.policies.push(m);
      const index = out.policies.length - 1;
      out.errors.push(...settle(s, r, m, { set: (d) => (m.value.Document = d) }, r.props.PolicyDocument, r.rawProps.PolicyDocument, "PolicyDocument", "/Document", `/policies/${index}/Document`));
      attachTo(r, arn, name);
    } else if (r.type === "AWS::IAM::Policy") {
      const policyName = toStr(r.props.PolicyName);
      for (const [kind, prop] of [["users", "Users"], ["groups", "Groups"], ["roles", "Roles"]] as const) {
        for (const name of names(r.props[prop])) {
          const mapped = principal(kind, name);
          if (mapped) addInline(kind, mapped, r, typeof policyName === "string" ? policyName : r.id, r.props.PolicyDocument, r.rawProps.PolicyDocument, "PolicyDocument");
        }
      }
    } else if (r.type === "AWS::IAM::RolePolicy" || r.type === "AWS::IAM::UserPolicy" || r.type === "AWS::IAM::GroupPolicy") {
      const kind: Kind = r.type === "AWS::IAM::RolePolicy" ? "roles" : r.type === "AWS::IAM::UserPolicy" ? "users" : "groups";
      const target = toStr(r.props[NAME[kind]]);
      const mapped = typeof target === "string" ? principal(kind, target) : undefined;
      const policyName = toStr(r.props.PolicyName);
      if (mapped) addInline(kind, mapped, r, typeof policyName === "string" ? policyName : r.id, r.props.PolicyDocument, r.rawProps.PolicyDocument, "PolicyDocument");
    } else if (r.type === "AWS::IAM::UserToGroupAddition") {
      const group = toStr(r.props.GroupName);
      if (typeof group !== "string") continue;
      for (const user of names(r.props.Users)) {
        const mapped = principal("users", user);
        if (!mapped) continue;
        const value = mapped.value as IamUser;
        if (!(value.GroupList ??= []).includes(group)) value.GroupList.push(group);
        mapped.contributors.push({ id: r.id, type: r.type, location: r.location, part: "/GroupList", ...cdk(r) });
      }
    }
  }

  for (const p of pendingDocuments) {
    const list = out[p.kind] as Mapped<unknown>[];
    const at = `/${LIST[p.kind]}/${p.index}/PolicyDocument`;
    const policies = (p.mapped.value as unknown as Record<string, IamInlinePolicy[]>)[LIST[p.kind]]!;
    const target = { set: (document: string | PolicyDocument) => (policies[p.index]!.PolicyDocument = document) };
    out.errors.push(...settle(s, p.r, p.mapped, target, p.resolved, p.raw, p.property, at, `/${p.kind}/${list.indexOf(p.mapped)}${at}`));
  }
  return out;
}

/**
 * Sets a policy document: as written, with a hole at each value the file leaves open, or (undecided
 * as a whole) an empty policy with one error for the document. `within` is the document's pointer
 * inside account.iam.
 */
function settle(
  s: CfnMapState,
  r: CfnResource,
  m: Mapped<unknown>,
  target: { set(document: string | PolicyDocument): void },
  resolved: unknown,
  raw: unknown,
  property: string,
  at: string,
  within: string,
): LocatedError[] {
  const where = (r.rawProps && property.split(/[.[]/)[0]! in r.rawProps ? propAt(s, r, property.split(/[.[]/)[0]!) : r.location) as Location;
  mirror(s, m.parts, at, raw);
  if (!(at in m.parts)) m.parts[at] = where;
  if (typeof resolved === "string") {
    target.set(resolved);
    return [];
  }
  const holed = policyHoles(resolved);
  const base = { id: r.id, type: r.type, property, service: "iam", operation: "GetAccountAuthorizationDetails", region: s.region, resource: r.id, field: "iam" };
  if ("whole" in holed) {
    target.set({ Version: "2012-10-17", Statement: [] });
    const whole: Unresolved = holed.whole;
    return [
      {
        error: { service: "iam", operation: "GetAccountAuthorizationDetails", resource: r.id, field: "iam", path: within, code: "Unresolved", message: `${r.id} (${r.type}) ${property} is ${whole.expr}: ${whole.reason}; cannot be decided from this file` },
        location: where,
      },
    ];
  }
  target.set(holed.document as unknown as PolicyDocument);
  return holeErrors(holed, { ...base, within, locate: (path) => nearestPart(m.parts, `${at}${path}`, where) });
}
