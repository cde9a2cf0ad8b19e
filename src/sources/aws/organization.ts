// The organization, read in the management account (or a delegated administrator):
//   organizations:DescribeOrganization; ListRoots (may the caller read the organization?), then the
//   OU tree: ListOrganizationalUnitsForParent and ListAccountsForParent per OU, handing accounts over
//   as they arrive (ListAccounts when the tree cannot be read); ListDelegatedAdministrators
//   (cloudtrail.amazonaws.com); ListPolicies(SCP) + DescribePolicy + ListTargetsForPolicy.
// Without them (single-account mode), delegated administrators are inferred from the trails read.
import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListDelegatedAdministratorsCommand,
  ListOrganizationalUnitsForParentCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
  type Account as OrgAccount,
  type DescribeOrganizationCommandOutput,
  type DescribePolicyCommandOutput,
  type ListAccountsCommandOutput,
  type ListAccountsForParentCommandOutput,
  type ListDelegatedAdministratorsCommandOutput,
  type ListOrganizationalUnitsForParentCommandOutput,
  type ListPoliciesCommandOutput,
  type ListRootsCommandOutput,
  type ListTargetsForPolicyCommandOutput,
  type PolicySummary,
  type PolicyTargetSummary,
} from "@aws-sdk/client-organizations";
import type { CollectionError, DelegatedAdministrator, Organization, ServiceControlPolicy } from "../../model/snapshot.js";
import { isUnknown } from "../../model/unknown.js";
import type { AccountSession } from "./clients.js";
import { DELEGATED_ADMIN_FIELDS, ORGANIZATION_FIELDS, arnParts, pick } from "./shape.js";
import { CollectSetupError, type Target } from "./target.js";
import type { CollectOptions } from "./types.js";

const CLOUDTRAIL_PRINCIPAL = "cloudtrail.amazonaws.com";

export interface OrgResult {
  organization: Organization | null;
  /** True when the accounts came from the organization (organization mode). */
  listed: boolean;
  /** True when every account came with its OU path. */
  treeComplete: boolean;
}

export type OnAccounts = (accounts: OrgAccount[], ouPath?: { Id: string; Name?: string }[]) => void;

export async function readOrganization(caller: AccountSession, region: string, options: CollectOptions, onAccounts: OnAccounts): Promise<OrgResult> {
  const done = (organization: Organization | null, listed = false, treeComplete = false): OrgResult => ({ organization, listed, treeComplete });
  const described = await caller.call<DescribeOrganizationCommandOutput>("organizations", new DescribeOrganizationCommand({}), {
    region,
    tolerate: ["AWSOrganizationsNotInUseException"],
  });
  if (!described?.Organization) return done(null); // standalone account, or not allowed to see (error recorded)
  const organization = pick<Organization>(described.Organization, ORGANIZATION_FIELDS);
  if (!organization.Id || !organization.MasterAccountId) return done(null);
  if (options.singleAccount) return done(organization);

  const orgErrors: CollectionError[] = [];
  const on = { region, errors: orgErrors };
  // ListRoots tells whether the caller may read the organization (management account or delegated
  // administrator); a member is refused, and scans its own account.
  const roots = await caller.paginate<ListRootsCommandOutput, { Id?: string; Name?: string }>(
    "organizations",
    (NextToken) => new ListRootsCommand(NextToken ? { NextToken } : {}),
    (page) => ({ items: page.Roots, next: page.NextToken }),
    { ...on, tolerate: ["AccessDeniedException"] },
  );
  if (!roots && orgErrors.length === 0) return done(organization);

  const [treeComplete, delegated, policies] = await Promise.all([
    roots ? walkOuTree(caller, roots, on, onAccounts) : Promise.resolve(false),
    caller.paginate<ListDelegatedAdministratorsCommandOutput, DelegatedAdministrator>(
      "organizations",
      (NextToken) => new ListDelegatedAdministratorsCommand({ ServicePrincipal: CLOUDTRAIL_PRINCIPAL, ...(NextToken ? { NextToken } : {}) }),
      (page) => ({ items: page.DelegatedAdministrators as DelegatedAdministrator[] | undefined, next: page.NextToken }),
      on,
    ),
    readServiceControlPolicies(caller, on),
  ]);
  if (!treeComplete) {
    // Some OU could not be listed: ListAccounts (page after page) still lists every account.
    const accounts = await caller.paginate<ListAccountsCommandOutput, OrgAccount>(
      "organizations",
      (NextToken) => new ListAccountsCommand(NextToken ? { NextToken } : {}),
      (page) => {
        onAccounts(page.Accounts ?? []);
        return { items: page.Accounts, next: page.NextToken };
      },
      on,
    );
    if (!accounts) {
      throw new CollectSetupError(`cannot list the organization's accounts: ${orgErrors.map((e) => `${e.code}: ${e.message}`).join("; ")}`, orgErrors);
    }
  }
  if (delegated) organization.delegatedAdministrators = delegated.map((d) => pick<DelegatedAdministrator>(d, DELEGATED_ADMIN_FIELDS));
  if (policies) organization.serviceControlPolicies = policies;
  organization.collectionErrors = orgErrors;
  return done(organization, true, treeComplete);
}

/**
 * Walks the OU tree from the roots, handing each page of accounts over with its OU path [root, ou,
 * ..., parent] as soon as it arrives: a few calls per OU, in parallel, instead of one ListParents per
 * account. False when some part failed (recorded).
 */
export async function walkOuTree(
  caller: AccountSession,
  roots: { Id?: string; Name?: string }[],
  on: { region: string; errors: CollectionError[] },
  onAccounts: OnAccounts,
): Promise<boolean> {
  let complete = true;
  const visit = async (path: { Id: string; Name?: string }[]): Promise<void> => {
    const parentId = path[path.length - 1]!.Id;
    const about = `parent ${parentId}`;
    const [children, accounts] = await Promise.all([
      caller.paginate<ListOrganizationalUnitsForParentCommandOutput, { Id?: string; Name?: string }>(
        "organizations",
        (NextToken) => new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, ...(NextToken ? { NextToken } : {}) }),
        (page) => ({ items: page.OrganizationalUnits, next: page.NextToken }),
        { ...on, about },
      ),
      caller.paginate<ListAccountsForParentCommandOutput, OrgAccount>(
        "organizations",
        (NextToken) => new ListAccountsForParentCommand({ ParentId: parentId, MaxResults: 20, ...(NextToken ? { NextToken } : {}) }),
        (page) => {
          onAccounts(page.Accounts ?? [], path);
          return { items: page.Accounts, next: page.NextToken };
        },
        { ...on, about },
      ),
    ]);
    if (!children || !accounts) complete = false;
    await Promise.all(
      (children ?? [])
        .filter((ou) => ou.Id)
        .map((ou) => visit([...path, { Id: ou.Id!, ...(ou.Name ? { Name: ou.Name } : {}) }])),
    );
  };
  await Promise.all(roots.filter((r) => r.Id).map((root) => visit([{ Id: root.Id!, ...(root.Name ? { Name: root.Name } : {}) }])));
  return complete;
}

export async function readServiceControlPolicies(caller: AccountSession, on: { region: string; errors: CollectionError[] }) {
  const summaries = await caller.paginate<ListPoliciesCommandOutput, PolicySummary>(
    "organizations",
    (NextToken) => new ListPoliciesCommand({ Filter: "SERVICE_CONTROL_POLICY", ...(NextToken ? { NextToken } : {}) }),
    (page) => ({ items: page.Policies, next: page.NextToken }),
    on,
  );
  if (!summaries) return undefined;
  const policies = await Promise.all(
    summaries
      .filter((s) => s.Id)
      .map(async (summary): Promise<ServiceControlPolicy | undefined> => {
        const id = summary.Id!;
        const [described, targets] = await Promise.all([
          caller.call<DescribePolicyCommandOutput>("organizations", new DescribePolicyCommand({ PolicyId: id }), { ...on, about: `policy ${id}` }),
          caller.paginate<ListTargetsForPolicyCommandOutput, PolicyTargetSummary>(
            "organizations",
            (NextToken) => new ListTargetsForPolicyCommand({ PolicyId: id, ...(NextToken ? { NextToken } : {}) }),
            (page) => ({ items: page.Targets, next: page.NextToken }),
            { ...on, about: `policy ${id}` },
          ),
        ]);
        const content = described?.Policy?.Content;
        if (content === undefined || !targets) return undefined; // error recorded; a half-read SCP would mislead
        return {
          PolicySummary: pick<ServiceControlPolicy["PolicySummary"]>(described?.Policy?.PolicySummary ?? summary, [
            "Id",
            "Arn",
            "Name",
            "Description",
            "Type",
            "AwsManaged",
          ]),
          Content: content,
          targets: targets
            .filter((t) => t.TargetId && t.Type)
            .map((t) => pick<ServiceControlPolicy["targets"][number]>(t, ["TargetId", "Arn", "Name", "Type"])),
        };
      }),
  );
  return policies.filter((p): p is ServiceControlPolicy => p !== undefined);
}

/**
 * Without ListDelegatedAdministrators (single-account mode), an organization trail owned by an
 * account other than the management account can only belong to a CloudTrail delegated administrator.
 */
export function inferDelegatedAdministrators(organization: Organization, targets: Iterable<Target>): void {
  if (isUnknown(organization.delegatedAdministrators)) return;
  const admins = organization.delegatedAdministrators ?? [];
  const known = new Set([organization.MasterAccountId, ...admins.map((d) => d.Id)]);
  for (const target of targets) {
    for (const trail of target.trails.values()) {
      const owner = arnParts(trail.TrailARN)?.account;
      if (trail.IsOrganizationTrail === true && owner && !known.has(owner)) {
        known.add(owner);
        admins.push({ Id: owner });
        organization.delegatedAdministrators = admins;
      }
    }
  }
}
