// The live AWS source: reads an AWS Organization (or one account) read-only and returns a Snapshot.
//
// What it reads, and with which calls:
//   identity      sts:GetCallerIdentity (account, partition).
//   organization  organizations:DescribeOrganization; ListRoots (may the caller read the
//                 organization?), then the OU tree: ListOrganizationalUnitsForParent and
//                 ListAccountsForParent per OU, handing accounts over as they arrive (ListAccounts
//                 when the tree cannot be read); ListDelegatedAdministrators (cloudtrail.amazonaws.com);
//                 ListPolicies(SCP) + DescribePolicy + ListTargetsForPolicy.
//   each account  enter: sts:AssumeRole (members); account:ListRegions (fallback ec2:DescribeRegions);
//                 cloudtrail:ListTrails (every trail of every region, organization trails included);
//                 s3:ListBuckets (owner and region of every bucket).
//                 read: each unique trail once, in its home region, by ARN, in the account that owns
//                 it (a member's copy of an organization trail stays a shadow: Name, TrailARN,
//                 HomeRegion): GetTrail, GetTrailStatus, GetEventSelectors, GetInsightSelectors (when
//                 HasInsightSelectors), ListTags (owned trails, one call per home region and 20 ARNs);
//                 tag:GetResources(s3) in each region that holds buckets (bucket tags);
//                 its own log buckets: GetBucketPolicy, GetObjectLockConfiguration,
//                 GetBucketVersioning, GetPublicAccessBlock, GetBucketAcl, GetBucketLogging,
//                 GetBucketEncryption, GetBucketTagging (GetBucketLocation only without BucketRegion);
//                 its log groups: logs:DescribeLogGroups + DescribeMetricFilters.
//   at the end    log buckets and log groups owned by another account than the trail's, read in
//                 their owner (a bucket no account lists is out of scope and not read).
// Every failed call becomes a collection error of the account (or the organization); only Ctrl-C
// (AbortSignal), a setup failure (no identity, no account list) and a read-only guard violation
// reject.
import { setMaxListeners } from "node:events";
import { ListRegionsCommand, type ListRegionsResponse } from "@aws-sdk/client-account";
import {
  GetEventSelectorsCommand,
  GetInsightSelectorsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListTagsCommand,
  ListTrailsCommand,
  type GetEventSelectorsCommandOutput,
  type GetInsightSelectorsCommandOutput,
  type GetTrailCommandOutput,
  type GetTrailStatusCommandOutput,
  type ListTagsCommandOutput,
  type ListTrailsCommandOutput,
  type TrailInfo,
} from "@aws-sdk/client-cloudtrail";
import {
  DescribeLogGroupsCommand,
  DescribeMetricFiltersCommand,
  type DescribeLogGroupsCommandOutput,
  type DescribeMetricFiltersCommandOutput,
} from "@aws-sdk/client-cloudwatch-logs";
import { DescribeRegionsCommand, type DescribeRegionsCommandOutput } from "@aws-sdk/client-ec2";
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
import { GetResourcesCommand, type GetResourcesCommandOutput } from "@aws-sdk/client-resource-groups-tagging-api";
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  type Bucket as S3Bucket,
  type GetBucketAclCommandOutput,
  type GetBucketEncryptionCommandOutput,
  type GetBucketLocationCommandOutput,
  type GetBucketLoggingCommandOutput,
  type GetBucketPolicyCommandOutput,
  type GetBucketTaggingCommandOutput,
  type GetBucketVersioningCommandOutput,
  type GetObjectLockConfigurationCommandOutput,
  type GetPublicAccessBlockCommandOutput,
  type ListBucketsCommandOutput,
} from "@aws-sdk/client-s3";
import { AssumeRoleCommand, GetCallerIdentityCommand, type AssumeRoleCommandOutput, type GetCallerIdentityCommandOutput } from "@aws-sdk/client-sts";
import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import pLimit from "p-limit";
import type {
  Account,
  Bucket,
  CollectionError,
  DelegatedAdministrator,
  LogGroup,
  Organization,
  Partition,
  ServiceControlPolicy,
  Snapshot,
  Tag,
  Trail,
} from "../../model/snapshot.js";
import { AccountSession, defaultClientFactory, throwIfAborted, type Runtime } from "./clients.js";
import { CollectAbortedError, compareErrors } from "./errors.js";
import {
  ACCOUNT_FIELDS,
  DELEGATED_ADMIN_FIELDS,
  EVENT_SELECTOR_FIELDS,
  FIELD_SELECTOR_FIELDS,
  LOG_GROUP_FIELDS,
  METRIC_FILTER_FIELDS,
  ORGANIZATION_FIELDS,
  PUBLIC_ACCESS_BLOCK_FIELDS,
  TRAIL_FIELDS,
  TRAIL_STATUS_FIELDS,
  BUCKET_ORDER,
  TRAIL_ORDER,
  arnParts,
  logGroupFromArn,
  ordered,
  normalizeLocation,
  pick,
  plain,
} from "./shape.js";
import type { CollectHooks, CollectOptions, CollectStats, Credentials, Progress, Stage } from "./types.js";

export const DEFAULTS = {
  roleName: "OrganizationAccountAccessRole",
  roleSessionName: "cloudtrail-lint",
  concurrency: 32,
  accountConcurrency: 8,
  callTimeoutMs: 60_000,
  maxAttempts: 8,
  throttleRetries: 2,
  throttleBackoffMs: 2_000,
} as const;

/** Where each partition's global services live (and where the collector sends its global calls). */
export const GLOBAL_REGION: Record<Partition, string> = { aws: "us-east-1", "aws-us-gov": "us-gov-west-1", "aws-cn": "cn-north-1" };

const CLOUDTRAIL_PRINCIPAL = "cloudtrail.amazonaws.com";
const ENABLED_REGION_STATUSES = ["ENABLED", "ENABLED_BY_DEFAULT"] as const;

/** The identity or the organization could not be read at all: nothing to return. */
export class CollectSetupError extends Error {
  constructor(
    message: string,
    readonly errors: CollectionError[] = [],
  ) {
    super(message);
    this.name = "CollectSetupError";
  }
}


export interface InternalOptions extends CollectOptions {
  /** Extra back-off round for throttling once the SDK's attempts are spent (tests: 0 ms). */
  throttleRetries?: number;
  throttleBackoffMs?: number;
}

/** One account being read. */
interface Target {
  account: Account;
  session: AccountSession;
  /** ListTrails result; undefined when it failed or the account could not be entered. */
  listed?: TrailInfo[];
  /** ListBuckets result. */
  buckets?: S3Bucket[];
  bucketsFailed: boolean;
  /** Trail records by ARN, in ListTrails order. */
  trails: Map<string, Trail>;
  /** ARNs of the trails this account read itself (the others are shadow copies). */
  read: Set<string>;
  /** Bucket records by name. */
  bucketRecords: Map<string, Bucket>;
  logGroups: LogGroup[];
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export async function collect(options: CollectOptions = {}, hooks: CollectHooks = {}): Promise<Snapshot> {
  return (await collectWithStats(options, hooks)).snapshot;
}

/**
 * Accounts are read as they are discovered (the OU tree walk streams them), each through two steps
 * bounded by `concurrency`: enter (AssumeRole, regions, ListTrails, ListBuckets), then read (trails,
 * bucket tags, its own log buckets and log groups). Between the two, an account waits, without
 * holding a slot, until the owners of the trails it only receives (organization trails) have
 * listed theirs. Log buckets and log groups owned by another account are read at the end, in
 * their owner, once every account has listed its buckets.
 */
export async function collectWithStats(
  options: InternalOptions = {},
  hooks: CollectHooks = {},
): Promise<{ snapshot: Snapshot; stats: CollectStats }> {
  // Ctrl-C, or a setup failure while accounts are being read: stop every call in flight.
  const stop = new AbortController();
  // One listener per call in flight (thousands at organization scale) is expected, not a leak.
  setMaxListeners(0, stop.signal);
  const onExternalAbort = () => stop.abort();
  hooks.signal?.addEventListener("abort", onExternalAbort, { once: true });
  try {
    return await run(options, hooks, stop.signal);
  } catch (error) {
    stop.abort();
    if (hooks.signal?.aborted) throw new CollectAbortedError();
    throw error;
  } finally {
    hooks.signal?.removeEventListener("abort", onExternalAbort);
  }
}

async function run(options: InternalOptions, hooks: CollectHooks, signal: AbortSignal): Promise<{ snapshot: Snapshot; stats: CollectStats }> {
  throwIfAborted(hooks.signal);
  const now = options.now ?? (() => new Date());
  const collectedAt = now().toISOString();
  const endpointUrl = options.endpointUrl ?? process.env.AWS_ENDPOINT_URL ?? undefined;
  const progress: Progress = { stage: "identity", accountsTotal: 0, accountsDone: 0, stageIndex: 1, stageCount: 4, errors: 0, calls: 0 };
  const report = () => hooks.onProgress?.({ ...progress });
  const setStage = (stage: Stage, stageIndex: number) => {
    progress.stage = stage;
    progress.stageIndex = stageIndex;
    report();
  };

  const runtime: Runtime = {
    factory:
      options.clientFactory ??
      defaultClientFactory({
        maxAttempts: options.maxAttempts ?? DEFAULTS.maxAttempts,
        ...(options.retryStrategy ? { retryStrategy: options.retryStrategy } : {}),
        ...(endpointUrl ? { endpointUrl } : {}),
        ...(options.plugins ? { plugins: options.plugins } : {}),
      }),
    callTimeoutMs: options.callTimeoutMs ?? DEFAULTS.callTimeoutMs,
    throttleRetries: options.throttleRetries ?? DEFAULTS.throttleRetries,
    throttleBackoffMs: options.throttleBackoffMs ?? DEFAULTS.throttleBackoffMs,
    accountConcurrency: options.accountConcurrency ?? DEFAULTS.accountConcurrency,
    signal,
    onCall(failed) {
      progress.calls += 1;
      if (failed) progress.errors += 1;
    },
  };

  // 1. Identity.
  report();
  const baseCredentials: Credentials =
    options.credentials ?? fromNodeProviderChain(options.profile !== undefined ? { profile: options.profile } : {});
  const bootstrapRegion = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1";
  // Calls for the organization as a whole are counted apart from the caller's own account's reads.
  const orgSession = new AccountSession("organization", runtime, baseCredentials);
  const identity = await orgSession.call<GetCallerIdentityCommandOutput>("sts", new GetCallerIdentityCommand({}), { region: bootstrapRegion });
  if (!identity?.Account || !identity.Arn) {
    const reason = orgSession.errors[0] ? `${orgSession.errors[0].code}: ${orgSession.errors[0].message}` : "no account in the answer";
    throw new CollectSetupError(`cannot identify the caller (sts:GetCallerIdentity): ${reason}`, orgSession.errors);
  }
  const callerAccount = identity.Account;
  // The caller's account, read with its own credentials; its STS client sends every AssumeRole.
  const caller = new AccountSession(callerAccount, runtime, baseCredentials);
  caller.pinned = true;
  const partition = toPartition(arnParts(identity.Arn)?.partition);
  const globalRegion = options.region ?? GLOBAL_REGION[partition];
  const stats: CollectStats = { callsByAccount: new Map(), organizationCalls: new Map() };

  // Accounts, as they are discovered.
  const ouFilter = options.ous && options.ous.length > 0 ? new Set(options.ous) : undefined;
  const entries = new Map<string, Account>();
  const targets = new Map<string, Target>();
  const entered = new Map<string, Deferred<boolean>>();
  let discoveryDone = false;
  const work: Promise<void>[] = [];
  const accountsLimit = pLimit(options.concurrency ?? DEFAULTS.concurrency);
  const claimedBuckets = new Set<string>();
  const claimedGroups = new Set<string>();
  const later: { reader: Target; bucket?: string; group?: { name: string; region: string; account: string } }[] = [];

  /** Resolves when the account has listed its trails: true when it did, false when it will not be read. */
  const enteredOk = (accountId: string): Promise<boolean> => {
    let entry = entered.get(accountId);
    if (!entry) {
      if (discoveryDone) return Promise.resolve(false);
      entry = deferred<boolean>();
      entered.set(accountId, entry);
    }
    return entry.promise;
  };

  const inScope = (account: Account, ouKnown: boolean) => {
    if (options.accounts && options.accounts.length > 0 && !options.accounts.includes(account.Id)) return false;
    if (options.excludeAccounts?.includes(account.Id)) return false;
    if (ouFilter && (!ouKnown || !(account.ouPath ?? []).some((node) => ouFilter.has(node.Id)))) return false;
    return true;
  };

  const discover = (raw: OrgAccount | { Id: string }, ouPath?: { Id: string; Name?: string }[]) => {
    const account = pick<Account>(raw, ACCOUNT_FIELDS);
    if (!account.Id || entries.has(account.Id)) return;
    if (account.Status !== undefined && !["ACTIVE", "SUSPENDED", "PENDING_CLOSURE"].includes(account.Status)) delete account.Status;
    if (ouPath) account.ouPath = ouPath;
    if (!inScope(account, ouPath !== undefined)) return;
    entries.set(account.Id, account);
    if (account.Status !== undefined && account.Status !== "ACTIVE") return; // recorded, not read
    const session = account.Id === callerAccount ? caller : new AccountSession(account.Id, runtime, undefined, caller);
    const target: Target = { account, session, bucketsFailed: false, trails: new Map(), read: new Set(), bucketRecords: new Map(), logGroups: [] };
    targets.set(account.Id, target);
    if (!entered.has(account.Id)) entered.set(account.Id, deferred<boolean>());
    progress.accountsTotal += 1;
    report();
    const reading = readAccount(target);
    reading.catch(() => undefined); // awaited below; a setup failure may leave it unawaited, and aborted
    work.push(reading);
  };

  const readAccount = async (target: Target) => {
    await accountsLimit(() => enter(target, options, partition, globalRegion));
    entered.get(target.account.Id)!.resolve(target.listed !== undefined);
    if (target.session.ready) {
      // Who reads a trail the account only receives: its owner when the owner lists its trails.
      const owners = new Set((target.listed ?? []).map((t) => (t.TrailARN ? arnParts(t.TrailARN)?.account : undefined)));
      owners.delete(target.account.Id);
      owners.delete(undefined);
      const ownerReads = new Map(await Promise.all([...owners].map(async (o) => [o!, await enteredOk(o!)] as const)));
      await accountsLimit(async () => {
        throwIfAborted(signal);
        await readTrailsAndTags(target, ownerReads, options, globalRegion);
        // Its own log buckets and log groups now; the others' at the end.
        const own: Promise<void>[] = [];
        for (const arn of target.read) {
          const trail = target.trails.get(arn)!;
          const name = trail.S3BucketName;
          if (name && !claimedBuckets.has(name)) {
            const listed = target.buckets?.find((b) => b.Name === name);
            if (listed) {
              claimedBuckets.add(name);
              own.push(readLogBucket(target, name, listed.BucketRegion, globalRegion));
            } else later.push({ reader: target, bucket: name });
          }
          const group = trail.CloudWatchLogsLogGroupArn ? logGroupFromArn(trail.CloudWatchLogsLogGroupArn) : undefined;
          const key = group ? `${group.account}|${group.region}|${group.name}` : undefined;
          if (group && key && !claimedGroups.has(key)) {
            if (group.account === target.account.Id) {
              claimedGroups.add(key);
              own.push(readLogGroup(target, group.name, group.region));
            } else later.push({ reader: target, group });
          }
        }
        await Promise.all(own);
      });
    }
    target.session.release();
    progress.accountsDone += 1;
    report();
  };

  // 2. Organization (accounts start being read as soon as they are listed).
  setStage("organization", 2);
  const org = await readOrganization(orgSession, globalRegion, options, (accounts, path) => {
    for (const account of accounts) discover(account, path);
    if (progress.stage === "organization") setStage("accounts", 3);
  });
  const organization = org.organization;
  if (!org.listed) {
    // Single-account mode: what the organization calls could not read is a gap of this account.
    caller.errors.push(...orgSession.errors);
    discover({ Id: callerAccount });
  }
  if (ouFilter && org.listed && !org.treeComplete) {
    throw new CollectSetupError("cannot apply the OU filter: the OU tree could not be read", organization?.collectionErrors ?? []);
  }
  discoveryDone = true;
  for (const [id, entry] of entered) if (!targets.has(id)) entry.resolve(false);
  if (progress.stage === "organization") setStage("accounts", 3);

  // 3. Every account read; `work` does not grow any more.
  await Promise.all(work);
  throwIfAborted(signal);

  // 4. Log buckets and log groups of another account than the trail's, read in their owner.
  setStage("buckets", 4);
  const bucketOwner = new Map<string, { target: Target; bucket: S3Bucket }>();
  for (const target of targets.values()) {
    for (const bucket of target.buckets ?? []) if (bucket.Name) bucketOwner.set(bucket.Name, { target, bucket });
  }
  const jobs: Promise<void>[] = [];
  for (const job of later) {
    if (job.bucket && !claimedBuckets.has(job.bucket)) {
      const owned = bucketOwner.get(job.bucket);
      // Not listed by any account read: out of scope, unless the trail's account could not list its own buckets.
      const where = owned?.target ?? (job.reader.bucketsFailed ? job.reader : undefined);
      if (where?.session.ready) {
        claimedBuckets.add(job.bucket);
        const name = job.bucket;
        jobs.push(accountsLimit(() => readLogBucket(where, name, owned?.bucket.BucketRegion, globalRegion)));
      }
    }
    if (job.group) {
      const key = `${job.group.account}|${job.group.region}|${job.group.name}`;
      const owner = targets.get(job.group.account);
      if (!claimedGroups.has(key) && owner?.session.ready) {
        claimedGroups.add(key);
        const { name, region } = job.group;
        jobs.push(accountsLimit(() => readLogGroup(owner, name, region)));
      }
    }
  }
  await Promise.all(jobs);
  for (const target of targets.values()) target.session.release();
  throwIfAborted(signal);

  // A member's verdict rests on the owner's read of the trails it only holds a shadow of: a failed
  // read of such a trail is a gap in the member's data too, so the member carries a copy of the error.
  for (const target of targets.values()) {
    for (const arn of target.trails.keys()) {
      if (target.read.has(arn)) continue;
      const owner = arnParts(arn)?.account;
      for (const error of (owner !== undefined ? targets.get(owner)?.session.errors : undefined) ?? []) {
        if (error.resource === arn) target.session.errors.push({ ...error, message: `${error.message} (read in account ${owner})` });
      }
    }
  }

  // Assemble, in a deterministic order.
  stats.organizationCalls = new Map(orgSession.counts);
  if (organization && !org.listed) inferDelegatedAdministrators(organization, targets.values());
  const accounts = [...entries.values()]
    .sort((a, b) => cmp(a.Id, b.Id))
    .map((account) => {
      const out: Account = { ...account };
      if (org.listed && !org.treeComplete) delete out.ouPath; // known for some accounts only: for none
      const target = targets.get(account.Id);
      if (!target) return out;
      if (target.session.ready) {
        out.trails = [...target.trails.values()].map((t) => ordered(t, TRAIL_ORDER));
        out.buckets = [...target.bucketRecords.values()].map((b) => ordered(b, BUCKET_ORDER));
        out.logGroups = target.logGroups.sort((a, b) => cmp(`${a.region}|${a.logGroupName}`, `${b.region}|${b.logGroupName}`));
      }
      out.collectionErrors = [...target.session.errors].sort(compareErrors);
      stats.callsByAccount.set(account.Id, new Map(target.session.counts));
      return out;
    });
  if (organization?.collectionErrors) organization.collectionErrors.sort(compareErrors);

  progress.stage = "done";
  report();
  const snapshot: Snapshot = {
    schemaVersion: 1,
    collectedAt,
    partition,
    source: { type: "aws", description: org.listed ? `AWS Organization ${organization?.Id ?? ""}`.trim() : `AWS account ${callerAccount}` },
    organization,
    accounts,
  };
  return { snapshot, stats };
}

function toPartition(value: string | undefined): Partition {
  return value === "aws-us-gov" || value === "aws-cn" ? value : "aws";
}

function trailName(arn: string): string {
  const resource = arnParts(arn)?.resource ?? arn;
  return resource.startsWith("trail/") ? resource.slice("trail/".length) : resource;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Organization

interface OrgResult {
  organization: Organization | null;
  /** True when the accounts came from the organization (organization mode). */
  listed: boolean;
  /** True when every account came with its OU path. */
  treeComplete: boolean;
}

type OnAccounts = (accounts: OrgAccount[], ouPath?: { Id: string; Name?: string }[]) => void;

async function readOrganization(caller: AccountSession, region: string, options: CollectOptions, onAccounts: OnAccounts): Promise<OrgResult> {
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
async function walkOuTree(
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

// ---------------------------------------------------------------------------------------------
// Accounts

/** AssumeRole (members), then the account-wide lists: regions, trails, buckets. */
async function enter(target: Target, options: CollectOptions, partition: Partition, globalRegion: string): Promise<void> {
  const { session, account } = target;
  if (!session.ready) {
    const roleArn = `arn:${partition}:iam::${account.Id}:role/${options.roleName ?? DEFAULTS.roleName}`;
    const assumed = await session.call<AssumeRoleCommandOutput>(
      "sts",
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: options.roleSessionName ?? DEFAULTS.roleSessionName,
        ...(options.externalId !== undefined ? { ExternalId: options.externalId } : {}),
      }),
      { region: globalRegion, base: true },
    );
    const c = assumed?.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) {
      const last = session.errors[session.errors.length - 1];
      if (last && last.operation === "AssumeRole" && !last.message.includes(roleArn)) last.message = `${last.message} (role ${roleArn})`;
      return;
    }
    session.setCredentials({
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
      ...(c.Expiration ? { expiration: c.Expiration } : {}),
    });
  }
  const [regions, listed, buckets] = await Promise.all([
    options.regions && options.regions.length > 0 ? Promise.resolve([...options.regions]) : readRegions(session, globalRegion),
    session.paginate<ListTrailsCommandOutput, TrailInfo>(
      "cloudtrail",
      (NextToken) => new ListTrailsCommand(NextToken ? { NextToken } : {}),
      (page) => ({ items: page.Trails, next: page.NextToken }),
      { region: globalRegion },
    ),
    session.paginate<ListBucketsCommandOutput, S3Bucket>(
      "s3",
      (ContinuationToken) => new ListBucketsCommand({ MaxBuckets: 1000, ...(ContinuationToken ? { ContinuationToken } : {}) }),
      (page) => ({ items: page.Buckets, next: page.ContinuationToken }),
      { region: globalRegion },
    ),
  ]);
  if (regions) account.regions = regions;
  if (listed) target.listed = listed;
  if (buckets) target.buckets = buckets;
  else target.bucketsFailed = true;
}

/**
 * The account's trails (each read once: the owner reads its own, a member keeps a shadow copy of
 * an organization trail whose owner reads it, and reads it itself only when the owner cannot) and
 * the tags of its buckets.
 */
async function readTrailsAndTags(target: Target, ownerReads: Map<string, boolean>, options: CollectOptions, globalRegion: string): Promise<void> {
  for (const info of target.listed ?? []) {
    if (!info.TrailARN) continue;
    const shadow: Trail = { Name: info.Name ?? trailName(info.TrailARN), TrailARN: info.TrailARN };
    if (info.HomeRegion) shadow.HomeRegion = info.HomeRegion;
    target.trails.set(info.TrailARN, shadow);
    const owner = arnParts(info.TrailARN)?.account;
    if (owner === target.account.Id || owner === undefined || ownerReads.get(owner) !== true) target.read.add(info.TrailARN);
  }
  const mine = [...target.trails.values()].filter((t) => target.read.has(t.TrailARN));
  await Promise.all([...mine.map((trail) => readTrail(target, trail, globalRegion)), readTrailTags(target, mine, globalRegion), readBucketTags(target, options, globalRegion)]);
}

/**
 * Without ListDelegatedAdministrators (single-account mode), an organization trail owned by an
 * account other than the management account can only belong to a CloudTrail delegated administrator.
 */
function inferDelegatedAdministrators(organization: Organization, targets: Iterable<Target>): void {
  const known = new Set([organization.MasterAccountId, ...(organization.delegatedAdministrators ?? []).map((d) => d.Id)]);
  for (const target of targets) {
    for (const trail of target.trails.values()) {
      const owner = arnParts(trail.TrailARN)?.account;
      if (trail.IsOrganizationTrail === true && owner && !known.has(owner)) {
        known.add(owner);
        organization.delegatedAdministrators = [...(organization.delegatedAdministrators ?? []), { Id: owner }];
      }
    }
  }
}

async function readServiceControlPolicies(caller: AccountSession, on: { region: string; errors: CollectionError[] }) {
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

/** Enabled regions: account:ListRegions, else ec2:DescribeRegions; both errors kept only if both fail. */
async function readRegions(session: AccountSession, region: string): Promise<string[] | undefined> {
  const scratch: CollectionError[] = [];
  const listed = await session.paginate<ListRegionsResponse, { RegionName?: string }>(
    "account",
    (NextToken) => new ListRegionsCommand({ RegionOptStatusContains: [...ENABLED_REGION_STATUSES], MaxResults: 50, ...(NextToken ? { NextToken } : {}) }),
    (page) => ({ items: page.Regions, next: page.NextToken }),
    { region, errors: scratch },
  );
  if (listed) return listed.flatMap((r) => (r.RegionName ? [r.RegionName] : [])).sort();
  const described = await session.call<DescribeRegionsCommandOutput>("ec2", new DescribeRegionsCommand({}), { region, errors: scratch });
  if (described?.Regions) return described.Regions.flatMap((r) => (r.RegionName ? [r.RegionName] : [])).sort();
  session.errors.push(...scratch);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Trails

async function readTrail(target: Target, trail: Trail, globalRegion: string): Promise<void> {
  const { session } = target;
  const region = trail.HomeRegion ?? arnParts(trail.TrailARN)?.region ?? globalRegion;
  const on = { region, resource: trail.TrailARN };
  const [got, status, selectors] = await Promise.all([
    session.call<GetTrailCommandOutput>("cloudtrail", new GetTrailCommand({ Name: trail.TrailARN }), on),
    session.call<GetTrailStatusCommandOutput>("cloudtrail", new GetTrailStatusCommand({ Name: trail.TrailARN }), on),
    session.call<GetEventSelectorsCommandOutput>("cloudtrail", new GetEventSelectorsCommand({ TrailName: trail.TrailARN }), on),
  ]);
  if (got?.Trail) Object.assign(trail, pick<Partial<Trail>>(got.Trail, TRAIL_FIELDS), { TrailARN: trail.TrailARN });
  if (status) trail.status = pick(status, TRAIL_STATUS_FIELDS);
  if (selectors?.EventSelectors) {
    trail.eventSelectors = selectors.EventSelectors.map((s) => pick(s, EVENT_SELECTOR_FIELDS));
  }
  if (selectors?.AdvancedEventSelectors) {
    trail.advancedEventSelectors = selectors.AdvancedEventSelectors.map((s) => ({
      ...(s.Name ? { Name: s.Name } : {}),
      FieldSelectors: (s.FieldSelectors ?? []).map((f) => pick(f, FIELD_SELECTOR_FIELDS)),
    }));
  }
  if (trail.HasInsightSelectors === true) {
    const insights = await session.call<GetInsightSelectorsCommandOutput>(
      "cloudtrail",
      new GetInsightSelectorsCommand({ TrailName: trail.TrailARN }),
      { ...on, tolerate: ["InsightNotEnabledException"] },
    );
    if (insights !== undefined) trail.insightSelectors = plain(insights?.InsightSelectors ?? []);
  }
}

/** ListTags for the trails the account owns: one call per home region and 20 ARNs. */
async function readTrailTags(target: Target, trails: Trail[], globalRegion: string): Promise<void> {
  const owned = trails.filter((t) => arnParts(t.TrailARN)?.account === target.account.Id);
  const byRegion = new Map<string, Trail[]>();
  for (const trail of owned) {
    const region = trail.HomeRegion ?? arnParts(trail.TrailARN)?.region ?? globalRegion;
    byRegion.set(region, [...(byRegion.get(region) ?? []), trail]);
  }
  const batches: { region: string; trails: Trail[] }[] = [];
  for (const [region, list] of byRegion) {
    for (let i = 0; i < list.length; i += 20) batches.push({ region, trails: list.slice(i, i + 20) });
  }
  await Promise.all(
    batches.map(async ({ region, trails: batch }) => {
      const arns = batch.map((t) => t.TrailARN);
      const tags = await target.session.paginate<ListTagsCommandOutput, { ResourceId?: string; TagsList?: unknown[] }>(
        "cloudtrail",
        (NextToken) => new ListTagsCommand({ ResourceIdList: arns, ...(NextToken ? { NextToken } : {}) }),
        (page) => ({ items: page.ResourceTagList, next: page.NextToken }),
        // One call about several trails: name them all so that the error blocks each.
        { region, ...(arns.length === 1 ? { resource: arns[0]! } : {}) },
      );
      if (!tags) return;
      for (const trail of batch) {
        const entry = tags.find((t) => t.ResourceId === trail.TrailARN);
        trail.tags = plain<Tag[]>(entry?.TagsList ?? []);
      }
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Buckets

/**
 * Every bucket of the account with its region and tags, for the data-events check. Tags come from
 * tag:GetResources(s3), one call per region that holds buckets (ListBuckets gives each bucket's
 * region), instead of one GetBucketTagging per bucket. Buckets in a region that is not enabled for
 * the account (an opt-in region turned off) cannot be read: that is recorded, not guessed.
 */
async function readBucketTags(target: Target, options: CollectOptions, globalRegion: string): Promise<void> {
  const { session, account } = target;
  if (!target.buckets) return;
  const override = options.regions && options.regions.length > 0 ? new Set(options.regions) : undefined;
  const enabled = account.regions ? new Set(account.regions) : undefined;
  const byRegion = new Map<string, Bucket[]>();
  const unlocated: Bucket[] = [];
  for (const raw of target.buckets) {
    if (!raw.Name) continue;
    const bucket: Bucket = { Name: raw.Name, ownerAccountId: account.Id };
    if (raw.CreationDate) bucket.CreationDate = plain<string>(raw.CreationDate);
    if (raw.BucketRegion) {
      if (override && !override.has(raw.BucketRegion)) continue; // outside the regions asked for
      bucket.Region = raw.BucketRegion;
      byRegion.set(raw.BucketRegion, [...(byRegion.get(raw.BucketRegion) ?? []), bucket]);
    } else {
      unlocated.push(bucket);
    }
    target.bucketRecords.set(bucket.Name, bucket);
  }
  // Emulators and old endpoints omit BucketRegion: locate those buckets one by one.
  await Promise.all(
    unlocated.map(async (bucket) => {
      const location = await session.call<GetBucketLocationCommandOutput>("s3", new GetBucketLocationCommand({ Bucket: bucket.Name }), {
        region: globalRegion,
        resource: bucket.Name,
      });
      if (location === undefined || location === null) return;
      const region = normalizeLocation(location.LocationConstraint);
      bucket.Region = region;
      byRegion.set(region, [...(byRegion.get(region) ?? []), bucket]);
    }),
  );
  await Promise.all(
    [...byRegion].map(async ([region, buckets]) => {
      if (enabled && !enabled.has(region) && !override) {
        session.errors.push({
          service: "tag",
          operation: "GetResources",
          region,
          code: "RegionNotEnabled",
          message: `region ${region} is not enabled for account ${account.Id} (opt-in region turned off); tags of ${buckets.map((b) => b.Name).join(", ")} were not read`,
        });
        return;
      }
      const mappings = await session.paginate<GetResourcesCommandOutput, { ResourceARN?: string; Tags?: unknown[] }>(
        "tag",
        (PaginationToken) => new GetResourcesCommand({ ResourceTypeFilters: ["s3"], ResourcesPerPage: 100, ...(PaginationToken ? { PaginationToken } : {}) }),
        (page) => ({ items: page.ResourceTagMappingList, next: page.PaginationToken || undefined }),
        { region },
      );
      if (!mappings) return;
      const tagsByName = new Map<string, Tag[]>();
      for (const mapping of mappings) {
        const name = mapping.ResourceARN ? arnParts(mapping.ResourceARN)?.resource : undefined;
        if (name && !name.includes("/")) tagsByName.set(name, plain<Tag[]>(mapping.Tags ?? []));
      }
      // Untagged buckets do not appear in GetResources: their tag set is empty.
      for (const bucket of buckets) bucket.tags = tagsByName.get(bucket.Name) ?? [];
    }),
  );
}

/** The full read of a bucket a trail delivers to, in the account that owns it. */
async function readLogBucket(target: Target, name: string, knownRegion: string | undefined, globalRegion: string): Promise<void> {
  const { session, account } = target;
  const bucket: Bucket = target.bucketRecords.get(name) ?? { Name: name };
  target.bucketRecords.set(name, bucket);
  if (target.buckets?.some((b) => b.Name === name)) bucket.ownerAccountId = account.Id;
  let region = knownRegion ?? bucket.Region;
  if (!region) {
    const location = await session.call<GetBucketLocationCommandOutput>("s3", new GetBucketLocationCommand({ Bucket: name }), {
      region: globalRegion,
      resource: name,
    });
    if (location === undefined || location === null) return;
    region = normalizeLocation(location.LocationConstraint);
  }
  bucket.Region = region;
  const on = { region, resource: name };
  const input = { Bucket: name };
  const [policy, lock, versioning, pab, acl, logging, encryption, tagging] = await Promise.all([
    session.call<GetBucketPolicyCommandOutput>("s3", new GetBucketPolicyCommand(input), { ...on, tolerate: ["NoSuchBucketPolicy"] }),
    session.call<GetObjectLockConfigurationCommandOutput>("s3", new GetObjectLockConfigurationCommand(input), {
      ...on,
      tolerate: ["ObjectLockConfigurationNotFoundError"],
    }),
    session.call<GetBucketVersioningCommandOutput>("s3", new GetBucketVersioningCommand(input), on),
    session.call<GetPublicAccessBlockCommandOutput>("s3", new GetPublicAccessBlockCommand(input), {
      ...on,
      tolerate: ["NoSuchPublicAccessBlockConfiguration"],
    }),
    session.call<GetBucketAclCommandOutput>("s3", new GetBucketAclCommand(input), on),
    session.call<GetBucketLoggingCommandOutput>("s3", new GetBucketLoggingCommand(input), on),
    session.call<GetBucketEncryptionCommandOutput>("s3", new GetBucketEncryptionCommand(input), {
      ...on,
      tolerate: ["ServerSideEncryptionConfigurationNotFoundError"],
    }),
    session.call<GetBucketTaggingCommandOutput>("s3", new GetBucketTaggingCommand(input), { ...on, tolerate: ["NoSuchTagSet"] }),
  ]);
  if (policy !== undefined) bucket.policy = policy?.Policy ?? null;
  if (lock !== undefined) bucket.objectLockConfiguration = lock?.ObjectLockConfiguration ? plain(lock.ObjectLockConfiguration) : null;
  if (versioning !== undefined) bucket.versioning = versioning ? pick(versioning, ["Status", "MFADelete"]) : null;
  if (pab !== undefined) {
    bucket.publicAccessBlock = pab?.PublicAccessBlockConfiguration ? pick(pab.PublicAccessBlockConfiguration, PUBLIC_ACCESS_BLOCK_FIELDS) : null;
  }
  if (acl) bucket.acl = pick(acl, ["Owner", "Grants"]);
  if (logging !== undefined) bucket.logging = logging?.LoggingEnabled ? plain(logging.LoggingEnabled) : null;
  if (encryption !== undefined) bucket.encryption = encryption?.ServerSideEncryptionConfiguration ? plain(encryption.ServerSideEncryptionConfiguration) : null;
  if (tagging !== undefined) bucket.tags = plain(tagging?.TagSet ?? []);
}

// ---------------------------------------------------------------------------------------------
// CloudWatch Logs

async function readLogGroup(target: Target, name: string, region: string): Promise<void> {
  const { session } = target;
  const on = { region, resource: name };
  const groups = await session.paginate<DescribeLogGroupsCommandOutput, Record<string, unknown>>(
    "logs",
    (nextToken) => new DescribeLogGroupsCommand({ logGroupNamePrefix: name, ...(nextToken ? { nextToken } : {}) }),
    (page) => ({ items: page.logGroups as Record<string, unknown>[] | undefined, next: page.nextToken }),
    on,
  );
  const found = groups?.find((g) => g.logGroupName === name);
  if (!found) return; // failed (recorded) or the group does not exist
  const group: LogGroup = { ...pick<LogGroup>(found, LOG_GROUP_FIELDS), region };
  const filters = await session.paginate<DescribeMetricFiltersCommandOutput, Record<string, unknown>>(
    "logs",
    (nextToken) => new DescribeMetricFiltersCommand({ logGroupName: name, ...(nextToken ? { nextToken } : {}) }),
    (page) => ({ items: page.metricFilters as Record<string, unknown>[] | undefined, next: page.nextToken }),
    on,
  );
  if (filters) group.metricFilters = filters.map((f) => pick(f, METRIC_FILTER_FIELDS));
  target.logGroups.push(group);
}

