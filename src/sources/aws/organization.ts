// The organization, read in the management account (or a delegated administrator):
//   organizations:DescribeOrganization; ListRoots (may the caller read the organization?), then the
//   OU tree: ListOrganizationalUnitsForParent and ListAccountsForParent per OU, handing accounts over
//   as they arrive (ListAccounts when the tree cannot be read); ListDelegatedAdministrators
//   (cloudtrail.amazonaws.com); ListPolicies + DescribePolicy + ListTargetsForPolicy, for service
//   control policies and for resource control policies (RCPs).
// RCPs: ListPolicies(Filter=RESOURCE_CONTROL_POLICY) answers none when the policy type is not enabled
// (once enabled, AWS attaches RCPFullAWSAccess to the root): an empty list, the same as "no RCP
// restricts anything". A PolicyTypeNotEnabledException is read the same way ([]). The errors of
// each policy type's reads name their field (serviceControlPolicies, resourceControlPolicies), so
// that a failed RCP read leaves the SCPs known, and the other way round.
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
import type { CollectionError, DelegatedAdministrator, Organization, ResourceControlPolicy, ServiceControlPolicy } from "../../model/snapshot.js";
import { isUnknown } from "../../model/unknown.js";
import type { AccountSession } from "./session.js";
import { DELEGATED_ADMIN_FIELDS, ORGANIZATION_FIELDS, arnParts, pick } from "./shape.js";
import { ACCOUNT_ID, accept, accountId, bool, matching, oneOf, shape, str, time } from "./normalize.js";
import { CollectSetupError, type Target } from "./target.js";
import type { CollectOptions } from "./types.js";

const CLOUDTRAIL_PRINCIPAL = "cloudtrail.amazonaws.com";

// What the answers must look like (normalize.ts); a listing with anything else fails.
const ORGANIZATION = shape(
  {
    Organization: shape(
      { Id: matching(/^o-[a-z0-9]{10,32}$/), Arn: str, FeatureSet: oneOf("ALL", "CONSOLIDATED_BILLING"), MasterAccountId: accountId, MasterAccountArn: str, MasterAccountEmail: str },
      ["Id", "MasterAccountId"],
    ),
  },
  ["Organization"],
);
const NODE = shape({ Id: str, Name: str, Arn: str }, ["Id"]);
const ORG_ACCOUNT = shape({ Id: accountId, Name: str, Arn: str, Email: str, Status: str, JoinedMethod: str, JoinedTimestamp: time }, ["Id"]);
const DELEGATED_ADMIN = shape({ Id: accountId, Arn: str, Email: str, Name: str, Status: str }, ["Id"]);
type PolicyType = "SERVICE_CONTROL_POLICY" | "RESOURCE_CONTROL_POLICY";
const POLICY_SUMMARY = (type: PolicyType) => shape({ Id: str, Arn: str, Name: str, Description: str, Type: oneOf(type), AwsManaged: bool }, ["Id"]);
const DESCRIBED_POLICY = (type: PolicyType) => shape({ Policy: shape({ PolicySummary: POLICY_SUMMARY(type), Content: str }, ["Content"]) }, ["Policy"]);
/** The snapshot field each policy type fills (and the field its read errors name). */
const POLICY_FIELD = { SERVICE_CONTROL_POLICY: "serviceControlPolicies", RESOURCE_CONTROL_POLICY: "resourceControlPolicies" } as const;
const POLICY_TARGET = shape({ TargetId: str, Arn: str, Name: str, Type: oneOf("ACCOUNT", "ORGANIZATIONAL_UNIT", "ROOT") }, ["TargetId", "Type"]);

/** The organization as a root's ARN names it: arn:aws:organizations::<management account>:root/<o-id>/<r-id>. */
function organizationOfRoot(arn: unknown): Organization | undefined {
  if (typeof arn !== "string") return undefined;
  const match = /^arn:[a-z-]+:organizations::(\d{12}):root\/(o-[a-z0-9]+)\/r-[a-z0-9]+$/.exec(arn);
  return match && ACCOUNT_ID.test(match[1]!) ? { Id: match[2]!, MasterAccountId: match[1]! } : undefined;
}

export interface OrgResult {
  organization: Organization | null;
  /** True when the accounts came from the organization (organization mode). */
  listed: boolean;
  /** True when every account came with its OU path. */
  treeComplete: boolean;
}

export type OnAccounts = (accounts: OrgAccount[], ouPath?: { Id: string; Name?: string }[]) => void;

export async function readOrganization(
  caller: AccountSession,
  region: string,
  options: CollectOptions,
  onAccounts: OnAccounts,
  callerAccount?: string,
): Promise<OrgResult> {
  const done = (organization: Organization | null, listed = false, treeComplete = false): OrgResult => ({ organization, listed, treeComplete });
  const orgErrors: CollectionError[] = [];
  const answer = await caller.call<DescribeOrganizationCommandOutput>("organizations", new DescribeOrganizationCommand({}), {
    region,
    tolerate: ["AWSOrganizationsNotInUseException"],
    errors: orgErrors,
  });
  if (answer === null) return done(null); // a standalone account
  const described = answer ? accept<DescribeOrganizationCommandOutput>(orgErrors, "organizations", "DescribeOrganization", { region }, answer, ORGANIZATION) : undefined;
  let organization = described?.Organization ? pick<Organization>(described.Organization, ORGANIZATION_FIELDS) : undefined;

  const on = { region, errors: orgErrors };
  // ListRoots tells whether the caller may read the organization (management account or delegated
  // administrator); a member is refused, and scans its own account. The management account itself
  // is never a member: a refusal there is a failed read (the accounts then come from ListAccounts).
  const member = organization !== undefined && callerAccount !== undefined && organization.MasterAccountId !== callerAccount;
  const roots = options.singleAccount && organization
    ? null
    : await caller.paginate<ListRootsCommandOutput, { Id?: string; Name?: string; Arn?: string }>(
        "organizations",
        (NextToken) => new ListRootsCommand(NextToken ? { NextToken } : {}),
        (page) => ({ items: page.Roots, next: page.NextToken }),
        { ...on, ...(member || organization === undefined ? { tolerate: ["AccessDeniedException"] } : {}), list: { name: "Roots", item: NODE } },
      );
  if (!organization) {
    // DescribeOrganization failed: the root's ARN still names the organization and its management
    // account, when the caller may list it; otherwise what could not be read is the caller's gap.
    organization = organizationOfRoot(roots?.[0]?.Arn);
    if (!organization) {
      caller.errors.push(...orgErrors);
      return done(null);
    }
  }
  if (options.singleAccount) {
    if (orgErrors.length > 0) caller.errors.push(...orgErrors);
    return done(organization);
  }
  if (roots === null || (roots === undefined && orgErrors.length === 0)) return done(organization);
  if (roots && roots.length === 0) orgErrors.push({ service: "organizations", operation: "ListRoots", region, code: "MalformedResponse", message: "HTTP 200 answer with no root in ListRoots: an organization has one" });

  const [treeComplete, delegated, policies, rcps] = await Promise.all([
    roots && roots.length > 0 ? walkOuTree(caller, roots, on, onAccounts) : Promise.resolve(false),
    caller.paginate<ListDelegatedAdministratorsCommandOutput, DelegatedAdministrator>(
      "organizations",
      (NextToken) => new ListDelegatedAdministratorsCommand({ ServicePrincipal: CLOUDTRAIL_PRINCIPAL, ...(NextToken ? { NextToken } : {}) }),
      (page) => ({ items: page.DelegatedAdministrators as DelegatedAdministrator[] | undefined, next: page.NextToken }),
      { ...on, list: { name: "DelegatedAdministrators", item: DELEGATED_ADMIN } },
    ),
    readOrganizationPolicies(caller, on, "SERVICE_CONTROL_POLICY"),
    readOrganizationPolicies(caller, on, "RESOURCE_CONTROL_POLICY"),
  ]);
  if (!treeComplete) {
    // Some OU could not be listed: ListAccounts (page after page) still lists every account.
    const accounts = await caller.paginate<ListAccountsCommandOutput, OrgAccount>(
      "organizations",
      (NextToken) => new ListAccountsCommand(NextToken ? { NextToken } : {}),
      (page) => {
        if (Array.isArray(page.Accounts) && page.Accounts.every((a) => ORG_ACCOUNT(a, "") === undefined)) onAccounts(page.Accounts);
        return { items: page.Accounts, next: page.NextToken };
      },
      { ...on, list: { name: "Accounts", item: ORG_ACCOUNT } },
    );
    if (!accounts) {
      throw new CollectSetupError(`cannot list the organization's accounts: ${orgErrors.map((e) => `${e.code}: ${e.message}`).join("; ")}`, orgErrors);
    }
  }
  if (delegated) organization.delegatedAdministrators = delegated.map((d) => pick<DelegatedAdministrator>(d, DELEGATED_ADMIN_FIELDS));
  if (policies) organization.serviceControlPolicies = policies as ServiceControlPolicy[];
  if (rcps) organization.resourceControlPolicies = rcps as ResourceControlPolicy[];
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
        { ...on, about, list: { name: "OrganizationalUnits", item: NODE } },
      ),
      caller.paginate<ListAccountsForParentCommandOutput, OrgAccount>(
        "organizations",
        (NextToken) => new ListAccountsForParentCommand({ ParentId: parentId, MaxResults: 20, ...(NextToken ? { NextToken } : {}) }),
        (page) => {
          // Handed over only when every account of the page is as documented (else the listing fails).
          if (Array.isArray(page.Accounts) && page.Accounts.every((a) => ORG_ACCOUNT(a, "") === undefined)) onAccounts(page.Accounts, path);
          return { items: page.Accounts, next: page.NextToken };
        },
        { ...on, about, list: { name: "Accounts", item: ORG_ACCOUNT } },
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

/**
 * The organization's policies of one type (SCPs, RCPs) with their documents and targets; undefined
 * when a read failed (recorded in on.errors, naming the type's snapshot field).
 */
export async function readOrganizationPolicies(
  caller: AccountSession,
  outer: { region: string; errors: CollectionError[] },
  type: PolicyType,
): Promise<(ServiceControlPolicy | ResourceControlPolicy)[] | undefined> {
  const errors: CollectionError[] = [];
  try {
    return await readPolicies(caller, { region: outer.region, errors }, type);
  } finally {
    for (const error of errors) outer.errors.push({ ...error, field: POLICY_FIELD[type] });
  }
}

async function readPolicies(caller: AccountSession, on: { region: string; errors: CollectionError[] }, type: PolicyType) {
  const summaries = await caller.paginate<ListPoliciesCommandOutput, PolicySummary>(
    "organizations",
    (NextToken) => new ListPoliciesCommand({ Filter: type, ...(NextToken ? { NextToken } : {}) }),
    (page) => ({ items: page.Policies, next: page.NextToken }),
    { ...on, ...(type === "RESOURCE_CONTROL_POLICY" ? { tolerate: ["PolicyTypeNotEnabledException"] } : {}), list: { name: "Policies", item: POLICY_SUMMARY(type) } },
  );
  // Null: the tolerated PolicyTypeNotEnabledException (paginate answers a tolerated error with
  // null): no policy of the type applies.
  if (summaries === null) return [];
  if (!summaries) return undefined;
  const policies = await Promise.all(
    summaries
      .filter((s) => s.Id)
      .map(async (summary): Promise<ServiceControlPolicy | undefined> => {
        const id = summary.Id!;
        const [described, targets] = await Promise.all([
          caller
            .call<DescribePolicyCommandOutput>("organizations", new DescribePolicyCommand({ PolicyId: id }), { ...on, about: `policy ${id}` })
            .then((answer) =>
              answer ? accept<DescribePolicyCommandOutput>(on.errors, "organizations", "DescribePolicy", { region: on.region, about: `policy ${id}` }, answer, DESCRIBED_POLICY(type)) : undefined,
            ),
          caller.paginate<ListTargetsForPolicyCommandOutput, PolicyTargetSummary>(
            "organizations",
            (NextToken) => new ListTargetsForPolicyCommand({ PolicyId: id, ...(NextToken ? { NextToken } : {}) }),
            (page) => ({ items: page.Targets, next: page.NextToken }),
            { ...on, about: `policy ${id}`, list: { name: "Targets", item: POLICY_TARGET } },
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
  // One policy not read makes the set unknown: a known list must be the whole list.
  if (policies.some((p) => p === undefined)) return undefined;
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
