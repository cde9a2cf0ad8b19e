// IAM: iam:GetAccountAuthorizationDetails (Filter User, Role, Group, LocalManagedPolicy,
// AWSManagedPolicy; MaxItems 1000, Marker pages), once per account that owns a log bucket the
// collector reads (collect.ts decides which: the owner of every bucket a trail of the scan names), in
// the partition's global region, with the account's own (assumed-role) credentials.
//
// Only what the evaluation of "who can delete the logs" needs is kept, and it is kept while the pages
// stream in, so that an account with thousands of roles and the ~1,000 AWS managed policies is never
// held twice: of each user, group and role its name, ARN, path, groups, inline policies, attached
// managed policies and permissions boundary (no trust policy, tags, instance profiles, last use);
// of each managed policy only its default version's document, and only when the account uses it
// (AttachmentCount or PermissionsBoundaryUsageCount above 0 on the page; at the end, only those a
// kept user, group, role or boundary names). Documents come URL-encoded: they are decoded and kept
// as the JSON string AWS holds (as bucket policies are). Empty lists are left out.
//
// An answer not as documented (a list missing, a value of the wrong type, a document that does not
// decode to JSON, an attached policy the answer does not list) is a failed read (UnexpectedValue,
// MalformedResponse): the account's `iam` is then unknown (model/derive.ts), never partial.
import { GetAccountAuthorizationDetailsCommand, type GetAccountAuthorizationDetailsCommandOutput } from "@aws-sdk/client-iam";
import type { IamAttachedPolicy, IamAuthorization, IamGroup, IamInlinePolicy, IamManagedPolicy, IamPermissionsBoundary, IamRole, IamUser } from "../../model/snapshot.js";
import { bool, int, list, malformedAnswer, oneOf, shape, str, unexpectedValue } from "./normalize.js";
import type { Target } from "./target.js";

const SERVICE = "iam";
const OPERATION = "GetAccountAuthorizationDetails";
export const IAM_FILTER = ["User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"] as const;
const LISTS = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"] as const;

// What each page must look like (normalize.ts). Fields the collector drops are not checked.
const INLINE = shape({ PolicyName: str, PolicyDocument: str }, ["PolicyName", "PolicyDocument"]);
const ATTACHED = shape({ PolicyName: str, PolicyArn: str }, ["PolicyArn"]);
const BOUNDARY = shape({ PermissionsBoundaryType: oneOf("PermissionsBoundaryPolicy"), PermissionsBoundaryArn: str }, ["PermissionsBoundaryArn"]);
const USER = shape(
  { UserName: str, Arn: str, Path: str, GroupList: list(str), UserPolicyList: list(INLINE), AttachedManagedPolicies: list(ATTACHED), PermissionsBoundary: BOUNDARY },
  ["UserName", "Arn"],
);
const GROUP = shape({ GroupName: str, Arn: str, Path: str, GroupPolicyList: list(INLINE), AttachedManagedPolicies: list(ATTACHED) }, ["GroupName", "Arn"]);
const ROLE = shape(
  { RoleName: str, Arn: str, Path: str, RolePolicyList: list(INLINE), AttachedManagedPolicies: list(ATTACHED), PermissionsBoundary: BOUNDARY },
  ["RoleName", "Arn"],
);
const VERSION = shape({ Document: str, VersionId: str, IsDefaultVersion: bool });
const POLICY = shape(
  { PolicyName: str, Arn: str, DefaultVersionId: str, AttachmentCount: int(0), PermissionsBoundaryUsageCount: int(0), PolicyVersionList: list(VERSION) },
  ["Arn"],
);
const PAGE = shape(
  { UserDetailList: list(USER), GroupDetailList: list(GROUP), RoleDetailList: list(ROLE), Policies: list(POLICY), IsTruncated: bool, Marker: str },
  LISTS,
);

type Page = GetAccountAuthorizationDetailsCommandOutput;
type RawInline = { PolicyName?: string; PolicyDocument?: string };
type RawAttached = { PolicyName?: string; PolicyArn?: string };
type RawBoundary = { PermissionsBoundaryType?: string; PermissionsBoundaryArn?: string };

/** A document as AWS returns it (RFC 3986 URL-encoded JSON), decoded; undefined when it is not that. */
export function decodeDocument(encoded: string): string | undefined {
  let text: string;
  try {
    text = decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? text : undefined;
  } catch {
    return undefined;
  }
}

/** Thrown inside the page reader for a value the answer should not hold: the read fails with it. */
class OddAnswer extends Error {}

function inlines(raw: RawInline[] | undefined, path: string): IamInlinePolicy[] | undefined {
  if (!raw || raw.length === 0) return undefined;
  return raw.map((p, i) => {
    const document = decodeDocument(p.PolicyDocument!);
    if (document === undefined) throw new OddAnswer(`${path}[${i}].PolicyDocument is not URL-encoded JSON (policy ${p.PolicyName!})`);
    return { PolicyName: p.PolicyName!, PolicyDocument: document };
  });
}

function attached(raw: RawAttached[] | undefined): IamAttachedPolicy[] | undefined {
  if (!raw || raw.length === 0) return undefined;
  return raw.map((p) => ({ ...(p.PolicyName !== undefined ? { PolicyName: p.PolicyName } : {}), PolicyArn: p.PolicyArn! }));
}

function boundary(raw: RawBoundary | undefined): IamPermissionsBoundary | undefined {
  if (!raw) return undefined;
  return { ...(raw.PermissionsBoundaryType !== undefined ? { PermissionsBoundaryType: raw.PermissionsBoundaryType } : {}), PermissionsBoundaryArn: raw.PermissionsBoundaryArn! };
}

/** The record without its undefined fields. */
function compact<T extends object>(record: T): T {
  for (const key of Object.keys(record) as (keyof T)[]) if (record[key] === undefined) delete record[key];
  return record;
}

/** What the pages accumulate: the kept principals, and the used managed policies by ARN. */
export class AuthorizationDetails {
  readonly users: IamUser[] = [];
  readonly groups: IamGroup[] = [];
  readonly roles: IamRole[] = [];
  private readonly policies = new Map<string, IamManagedPolicy>();

  /** Takes one page (already checked against PAGE); throws OddAnswer for a document it cannot read. */
  add(page: Page, pageNumber: number): void {
    const at = (list: string, i: number) => `page ${pageNumber} ${list}[${i}]`;
    (page.UserDetailList ?? []).forEach((u, i) =>
      this.users.push(
        compact({
          UserName: u.UserName!,
          Arn: u.Arn!,
          Path: u.Path,
          GroupList: u.GroupList && u.GroupList.length > 0 ? [...u.GroupList] : undefined,
          UserPolicyList: inlines(u.UserPolicyList, `${at("UserDetailList", i)}.UserPolicyList`),
          AttachedManagedPolicies: attached(u.AttachedManagedPolicies),
          PermissionsBoundary: boundary(u.PermissionsBoundary),
        }),
      ),
    );
    (page.GroupDetailList ?? []).forEach((g, i) =>
      this.groups.push(
        compact({
          GroupName: g.GroupName!,
          Arn: g.Arn!,
          Path: g.Path,
          GroupPolicyList: inlines(g.GroupPolicyList, `${at("GroupDetailList", i)}.GroupPolicyList`),
          AttachedManagedPolicies: attached(g.AttachedManagedPolicies),
        }),
      ),
    );
    (page.RoleDetailList ?? []).forEach((r, i) =>
      this.roles.push(
        compact({
          RoleName: r.RoleName!,
          Arn: r.Arn!,
          Path: r.Path,
          RolePolicyList: inlines(r.RolePolicyList, `${at("RoleDetailList", i)}.RolePolicyList`),
          AttachedManagedPolicies: attached(r.AttachedManagedPolicies),
          PermissionsBoundary: boundary(r.PermissionsBoundary),
        }),
      ),
    );
    (page.Policies ?? []).forEach((p, i) => {
      // A policy nobody in the account uses is dropped here, before its versions are looked at.
      const unused = p.AttachmentCount === 0 && (p.PermissionsBoundaryUsageCount ?? 0) === 0;
      if (unused || this.policies.has(p.Arn!)) return;
      const versions = p.PolicyVersionList ?? [];
      const current = versions.find((v) => v.IsDefaultVersion === true) ?? versions.find((v) => p.DefaultVersionId !== undefined && v.VersionId === p.DefaultVersionId);
      if (current?.Document === undefined) throw new OddAnswer(`${at("Policies", i)} (${p.Arn!}) has no default version document`);
      const document = decodeDocument(current.Document);
      if (document === undefined) throw new OddAnswer(`${at("Policies", i)} (${p.Arn!}) default version document is not URL-encoded JSON`);
      this.policies.set(p.Arn!, { Arn: p.Arn!, ...(p.PolicyName !== undefined ? { PolicyName: p.PolicyName } : {}), Document: document });
    });
  }

  /**
   * The authorization details: the managed policies some kept principal or boundary names, by ARN.
   * Throws OddAnswer when one of them is not in the answer (a partial answer is not known).
   */
  finish(): IamAuthorization {
    const used = new Set<string>();
    for (const p of [...this.users, ...this.groups, ...this.roles]) {
      for (const a of p.AttachedManagedPolicies ?? []) used.add(a.PolicyArn);
      const b = (p as IamUser).PermissionsBoundary;
      if (b) used.add(b.PermissionsBoundaryArn);
    }
    const policies: IamManagedPolicy[] = [];
    for (const arn of [...used].sort()) {
      const policy = this.policies.get(arn);
      if (!policy) throw new OddAnswer(`managed policy ${arn} is attached but not in Policies`);
      policies.push(policy);
    }
    return { users: this.users, groups: this.groups, roles: this.roles, policies };
  }
}

/** Reads the account's authorization details into target.iam (left out when the read failed). */
export async function readAuthorizationDetails(target: Target, globalRegion: string): Promise<void> {
  const { session, account } = target;
  const where = { region: globalRegion };
  const about = `account ${account.Id}`;
  const details = new AuthorizationDetails();
  let problem: ReturnType<typeof unexpectedValue> | undefined;
  let pages = 0;
  const read = (page: Page): { items: never[]; next: string | undefined } => {
    if (problem) return { items: [], next: undefined };
    pages += 1;
    const wrong = PAGE(page, "");
    if (wrong) {
      problem = wrong.endsWith(" missing") ? malformedAnswer(SERVICE, OPERATION, { ...where, about }, wrong.slice(0, -" missing".length)) : unexpectedValue(SERVICE, OPERATION, { ...where, about }, wrong);
      return { items: [], next: undefined };
    }
    if (page.IsTruncated === true && !page.Marker) {
      problem = malformedAnswer(SERVICE, OPERATION, { ...where, about }, "Marker (IsTruncated=true)");
      return { items: [], next: undefined };
    }
    try {
      details.add(page, pages);
    } catch (error) {
      if (!(error instanceof OddAnswer)) throw error;
      problem = unexpectedValue(SERVICE, OPERATION, { ...where, about }, error.message);
      return { items: [], next: undefined };
    }
    return { items: [], next: page.IsTruncated === true ? page.Marker : undefined };
  };
  const done = await session.paginate<Page, never>(
    SERVICE,
    (Marker) => new GetAccountAuthorizationDetailsCommand({ Filter: [...IAM_FILTER], MaxItems: 1000, ...(Marker ? { Marker } : {}) }),
    read,
    { region: globalRegion, about },
  );
  if (problem) {
    session.errors.push(problem);
    return;
  }
  if (!done) return; // recorded by paginate
  try {
    target.iam = details.finish();
  } catch (error) {
    if (!(error instanceof OddAnswer)) throw error;
    session.errors.push(unexpectedValue(SERVICE, OPERATION, { ...where, about }, error.message));
  }
}
