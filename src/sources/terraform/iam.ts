// Terraform mapping: IAM users, groups, roles and their policies -> account.iam (the shape of
// GetAccountAuthorizationDetails), partial: a plan holds the principals it manages, not every
// principal of the account.
//
// - aws_iam_user / aws_iam_group / aws_iam_role -> users / groups / roles (name, path, a role's
//   inline_policy blocks and managed_policy_arns, permissions_boundary);
// - aws_iam_policy -> policies (arn, name, policy);
// - aws_iam_role_policy, aws_iam_user_policy, aws_iam_group_policy -> an inline policy of the
//   principal their role / user / group names;
// - aws_iam_*_policy_attachment, aws_iam_policy_attachment -> AttachedManagedPolicies;
// - aws_iam_user_group_membership, aws_iam_group_membership -> the users' GroupList.
// A principal or policy is found by its known name or ARN, else by the configuration's reference. A
// policy document known only after apply (or an ARN the plan leaves open) is unknown: an Unresolved
// error at the attribute, the document empty (it grants nothing the evaluation would count on).
import type { IamAttachedPolicy, IamGroup, IamInlinePolicy, IamManagedPolicy, IamRole, IamUser, PolicyDocument } from "../../model/snapshot.js";
import { isRecord } from "../../util/records.js";
import type { Mapped } from "../iac-types.js";
import type { PlanResource } from "./resources.js";
import { referenced } from "./resources.js";
import { newMapped, policyOf, propLocation, unknownMessage, type PlanMapState } from "./state.js";
import { attr, knownString } from "./values.js";

export const IAM_TYPES: ReadonlySet<string> = new Set([
  "aws_iam_user",
  "aws_iam_group",
  "aws_iam_role",
  "aws_iam_policy",
  "aws_iam_role_policy",
  "aws_iam_user_policy",
  "aws_iam_group_policy",
  "aws_iam_role_policy_attachment",
  "aws_iam_user_policy_attachment",
  "aws_iam_group_policy_attachment",
  "aws_iam_policy_attachment",
  "aws_iam_user_group_membership",
  "aws_iam_group_membership",
]);

export interface PlanIam {
  users: Mapped<IamUser>[];
  groups: Mapped<IamGroup>[];
  roles: Mapped<IamRole>[];
  policies: Mapped<IamManagedPolicy>[];
}

type Kind = "users" | "groups" | "roles";
const TYPE: Record<Kind, string> = { users: "aws_iam_user", groups: "aws_iam_group", roles: "aws_iam_role" };
const LIST: Record<Kind, "UserPolicyList" | "GroupPolicyList" | "RolePolicyList"> = { users: "UserPolicyList", groups: "GroupPolicyList", roles: "RolePolicyList" };
const NAME: Record<Kind, "UserName" | "GroupName" | "RoleName"> = { users: "UserName", groups: "GroupName", roles: "RoleName" };
const ARN_KIND: Record<Kind, string> = { users: "user", groups: "group", roles: "role" };
const EMPTY: PolicyDocument = { Version: "2012-10-17", Statement: [] };

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

export function mapIam(s: PlanMapState, resources: readonly PlanResource[]): PlanIam {
  const out: PlanIam = { users: [], groups: [], roles: [], policies: [] };
  const byResource = new Map<PlanResource, Mapped<IamUser | IamGroup | IamRole>>();
  const kindOf = (type: string): Kind | undefined => (Object.keys(TYPE) as Kind[]).find((k) => TYPE[k] === type);

  /**
   * A policy document attribute: as written, or (the plan leaves it open) unknown at `path` inside
   * account.iam, with an Unresolved error at the attribute.
   */
  const documentOf = (r: PlanResource, attribute: string, value: { value: unknown; unknown: boolean }, path: string): string | PolicyDocument => {
    if (value.unknown || typeof value.value !== "string") {
      s.errors.push({
        error: {
          service: "iam",
          operation: "GetAccountAuthorizationDetails",
          resource: r.address,
          field: "iam",
          path,
          code: "Unresolved",
          message: unknownMessage(s, r, attribute),
        },
        location: propLocation(s, r, attribute) ?? r.location,
      });
      return EMPTY;
    }
    return policyOf(s, r, attribute, value.value);
  };

  for (const r of resources) {
    const kind = kindOf(r.type);
    if (!kind) continue;
    const name = knownString(r, "name") ?? r.address;
    const path = knownString(r, "path") ?? "/";
    const value: Record<string, unknown> = { [NAME[kind]]: name, Arn: knownString(r, "arn") ?? `arn:${s.partition}:iam::${s.accountId}:${ARN_KIND[kind]}${path}${name}`, Path: path };
    const m = newMapped(r, value as unknown as IamUser & IamGroup & IamRole) as Mapped<IamUser | IamGroup | IamRole>;
    const boundary = knownString(r, "permissions_boundary");
    if (kind !== "groups" && boundary) value.PermissionsBoundary = { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: boundary };
    if (kind === "roles") {
      const arns = strings(attr(r, "managed_policy_arns").value);
      if (arns.length > 0) value.AttachedManagedPolicies = arns.map((arn): IamAttachedPolicy => ({ PolicyArn: arn }));
      const inline = attr(r, "inline_policy").value;
      const list: IamInlinePolicy[] = [];
      (Array.isArray(inline) ? inline : []).forEach((block, i) => {
        if (!isRecord(block) || (block.name === undefined && block.policy === undefined)) return;
        const policy = attr(r, "inline_policy", i, "policy");
        const at = `/roles/${out.roles.length}/RolePolicyList/${list.length}/PolicyDocument`;
        list.push({ PolicyName: typeof block.name === "string" ? block.name : `${r.address}-${i}`, PolicyDocument: documentOf(r, "inline_policy", policy, at) });
      });
      if (list.length > 0) value.RolePolicyList = list;
    }
    if (kind === "users") value.GroupList = [];
    const location = propLocation(s, r, "name");
    if (location) m.parts[`/${NAME[kind]}`] = location;
    byResource.set(r, m);
    out[kind].push(m as never);
  }

  /** The principal of `kind` an attribute names: by its known name, else by the configuration's reference. */
  const principal = (r: PlanResource, attribute: string, kind: Kind, value?: string): Mapped<IamUser | IamGroup | IamRole> | undefined => {
    const name = value ?? knownString(r, attribute);
    const list = out[kind] as Mapped<IamUser | IamGroup | IamRole>[];
    const byName = name !== undefined ? list.find((m) => (m.value as unknown as Record<string, string>)[NAME[kind]] === name || m.value.Arn === name) : undefined;
    if (byName) return byName;
    const target = referenced(s, r, attribute, [TYPE[kind]]);
    return target ? byResource.get(target) : undefined;
  };
  const contribute = (m: Mapped<unknown>, r: PlanResource, part: string) => m.contributors.push({ id: r.address, type: r.type, location: r.location, part });

  for (const r of resources) {
    if (r.type === "aws_iam_policy") {
      const name = knownString(r, "name") ?? r.address;
      const path = knownString(r, "path") ?? "/";
      const arn = knownString(r, "arn") ?? `arn:${s.partition}:iam::${s.accountId}:policy${path}${name}`;
      const at = `/policies/${out.policies.length}/Document`;
      out.policies.push(newMapped<IamManagedPolicy>(r, { Arn: arn, PolicyName: name, Document: documentOf(r, "policy", attr(r, "policy"), at) }));
    }
  }
  const policyArn = (r: PlanResource): string | undefined => {
    const known = knownString(r, "policy_arn");
    if (known) return known;
    const target = referenced(s, r, "policy_arn", ["aws_iam_policy"]);
    return target ? out.policies.find((p) => p.id === target.address)?.value.Arn : undefined;
  };

  for (const r of resources) {
    const inlineKind: Kind | undefined = r.type === "aws_iam_role_policy" ? "roles" : r.type === "aws_iam_user_policy" ? "users" : r.type === "aws_iam_group_policy" ? "groups" : undefined;
    if (inlineKind) {
      const attribute = inlineKind === "roles" ? "role" : inlineKind === "users" ? "user" : "group";
      const m = principal(r, attribute, inlineKind);
      if (!m) continue;
      const list = ((m.value as unknown as Record<string, IamInlinePolicy[] | undefined>)[LIST[inlineKind]] ??= []);
      const at = `/${inlineKind}/${(out[inlineKind] as Mapped<unknown>[]).indexOf(m)}/${LIST[inlineKind]}/${list.length}/PolicyDocument`;
      list.push({ PolicyName: knownString(r, "name") ?? r.address, PolicyDocument: documentOf(r, "policy", attr(r, "policy"), at) });
      contribute(m, r, `/${LIST[inlineKind]}/${list.length - 1}`);
      continue;
    }
    const attachKind: Kind | undefined = r.type === "aws_iam_role_policy_attachment" ? "roles" : r.type === "aws_iam_user_policy_attachment" ? "users" : r.type === "aws_iam_group_policy_attachment" ? "groups" : undefined;
    const attach = (m: Mapped<IamUser | IamGroup | IamRole> | undefined) => {
      const arn = policyArn(r);
      if (!m || arn === undefined) return;
      const value = m.value as { AttachedManagedPolicies?: IamAttachedPolicy[] };
      (value.AttachedManagedPolicies ??= []).push({ PolicyArn: arn });
      contribute(m, r, "/AttachedManagedPolicies");
    };
    if (attachKind) {
      attach(principal(r, attachKind === "roles" ? "role" : attachKind === "users" ? "user" : "group", attachKind));
    } else if (r.type === "aws_iam_policy_attachment") {
      for (const [kind, attribute] of [["users", "users"], ["groups", "groups"], ["roles", "roles"]] as const) {
        for (const name of strings(attr(r, attribute).value)) attach(principal(r, attribute, kind, name));
      }
    } else if (r.type === "aws_iam_user_group_membership" || r.type === "aws_iam_group_membership") {
      const users = r.type === "aws_iam_user_group_membership" ? [knownString(r, "user")].filter((u): u is string => u !== undefined) : strings(attr(r, "users").value);
      const groups = r.type === "aws_iam_user_group_membership" ? strings(attr(r, "groups").value) : [knownString(r, "group")].filter((g): g is string => g !== undefined);
      for (const user of users) {
        const m = principal(r, "user", "users", user);
        if (!m) continue;
        const value = m.value as IamUser;
        for (const group of groups) if (!(value.GroupList ??= []).includes(group)) value.GroupList.push(group);
        contribute(m, r, "/GroupList");
      }
    }
  }
  return out;
}
