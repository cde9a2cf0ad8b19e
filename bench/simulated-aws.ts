// An in-process AWS that answers the collector's read calls from a World description, with AWS's
// response shapes and error codes. Used by the benchmark (as SDK middleware, behind the real retry
// and signing middleware) and by the tests (behind aws-sdk-client-mock). No network.
//
// Credentials carry the account: the caller's access key id is `AKIA<account id>`, and AssumeRole
// hands out `ASIA<account id>` keys for the role's account.

export interface SimTag {
  Key: string;
  Value?: string;
}

export interface SimTrail {
  /** The GetTrail Trail object (TrailARN, HomeRegion, IsOrganizationTrail, ...). */
  trail: Record<string, unknown> & { Name: string; TrailARN: string; HomeRegion: string };
  status: Record<string, unknown>;
  eventSelectors?: Record<string, unknown>[];
  advancedEventSelectors?: Record<string, unknown>[];
  insightSelectors?: Record<string, unknown>[];
  tags?: SimTag[];
}

export interface SimBucket {
  Name: string;
  Region: string;
  CreationDate: Date;
  policy?: string;
  objectLock?: Record<string, unknown>;
  versioning?: Record<string, unknown>;
  publicAccessBlock?: Record<string, unknown>;
  acl?: Record<string, unknown>;
  logging?: Record<string, unknown>;
  encryption?: Record<string, unknown>;
  tags?: SimTag[];
  ownershipControls?: Record<string, unknown>;
}

export interface SimLogGroup {
  logGroupName: string;
  region: string;
  creationTime: number;
  retentionInDays?: number;
  metricFilters?: Record<string, unknown>[];
}

/** A KMS key, answered by DescribeKey (KeyMetadata), GetKeyRotationStatus and GetKeyPolicy. */
export interface SimSnsTopic {
  TopicArn: string;
  subscriptions: { SubscriptionArn: string; Protocol: string; Endpoint?: string }[];
}

/** A metric alarm (cloudwatch:DescribeAlarms MetricAlarms entry), in the region it lives in. */
export interface SimAlarm {
  region: string;
  AlarmName: string;
  MetricName?: string;
  Namespace?: string;
  Statistic?: string;
  Period?: number;
  EvaluationPeriods?: number;
  Threshold?: number;
  ComparisonOperator?: string;
  ActionsEnabled?: boolean;
  AlarmActions?: string[];
}

export interface SimKmsKey {
  /** Key ARN; its region and account are where the key lives. */
  Arn: string;
  KeyState?: "Enabled" | "Disabled" | "PendingDeletion";
  KeyManager?: "AWS" | "CUSTOMER";
  rotation: boolean;
  policy: string;
  CreationDate: Date;
  Description?: string;
}

/** A policy document as the world holds it: an object (the simulated AWS URL-encodes it, as AWS does). */
export type SimDocument = Record<string, unknown>;

export interface SimInlinePolicy {
  PolicyName: string;
  PolicyDocument: SimDocument;
}

export interface SimAttached {
  PolicyName?: string;
  PolicyArn: string;
}

/** What iam:GetAccountAuthorizationDetails answers; ARNs of users, groups and roles are built from their path and name. */
export interface SimIam {
  users?: { UserName: string; Path?: string; GroupList?: string[]; UserPolicyList?: SimInlinePolicy[]; AttachedManagedPolicies?: SimAttached[]; PermissionsBoundary?: { PermissionsBoundaryArn: string } }[];
  groups?: { GroupName: string; Path?: string; GroupPolicyList?: SimInlinePolicy[]; AttachedManagedPolicies?: SimAttached[] }[];
  roles?: {
    RoleName: string;
    Path?: string;
    AssumeRolePolicyDocument?: SimDocument;
    RolePolicyList?: SimInlinePolicy[];
    AttachedManagedPolicies?: SimAttached[];
    PermissionsBoundary?: { PermissionsBoundaryArn: string };
    Tags?: SimTag[];
  }[];
  /** Managed policies (customer and AWS managed), with their default version's document and any older versions. */
  policies?: { PolicyName: string; Arn: string; Document: SimDocument; olderVersions?: SimDocument[] }[];
  /** Entries per page (AWS: MaxItems, at most 1000). */
  pageSize?: number;
}

export interface SimAccount {
  Id: string;
  Name: string;
  Email: string;
  Status: "ACTIVE" | "SUSPENDED" | "PENDING_CLOSURE";
  JoinedTimestamp: Date;
  /** Parent OU or root id. */
  parent: string;
  /** Enabled regions (ENABLED or ENABLED_BY_DEFAULT). */
  regions: string[];
  trails: SimTrail[];
  buckets: SimBucket[];
  logGroups: SimLogGroup[];
  kmsKeys?: SimKmsKey[];
  /** SNS topics (sns:ListSubscriptionsByTopic); a subscription with SubscriptionArn "PendingConfirmation" is unconfirmed. */
  snsTopics?: SimSnsTopic[];
  /** Metric alarms (cloudwatch:DescribeAlarms, 100 a page). */
  alarms?: SimAlarm[];
  /** AssumeRole into this account is refused. */
  denyAssumeRole?: boolean;
  /** ListBuckets answers without BucketRegion (older endpoints, emulators). */
  legacyListBuckets?: boolean;
  /** Account-level Block Public Access (s3control:GetPublicAccessBlock); absent = not configured. */
  publicAccessBlock?: Record<string, unknown>;
  /** Users, groups, roles and managed policies (iam:GetAccountAuthorizationDetails); absent = none. */
  iam?: SimIam;
}

type SimOrgPolicy = World["scps"][number];

export interface World {
  partition: "aws" | "aws-us-gov" | "aws-cn";
  organization: { Id: string; MasterAccountId: string; FeatureSet: "ALL" | "CONSOLIDATED_BILLING" } | null;
  /** Root first; each OU names its parent. */
  roots: { Id: string; Name: string }[];
  ous: { Id: string; Name: string; parent: string }[];
  accounts: SimAccount[];
  delegatedAdministrators: string[];
  scps: { Id: string; Name: string; Content: string; targets: { TargetId: string; Name: string; Type: "ACCOUNT" | "ORGANIZATIONAL_UNIT" | "ROOT" }[] }[];
  /** Resource control policies; absent = the policy type is not enabled (ListPolicies answers none). */
  rcps?: World["scps"];
  /** Page sizes, so that pagination is exercised. */
  pageSize: { accounts: number; trails: number };
}

export interface CallContext {
  /** The account whose credentials signed the call. */
  account: string;
  region: string;
}

/** An error as SDK v3 deserializers build them: `name` is the AWS error code. */
export function awsError(code: string, message: string, httpStatusCode = 400): Error {
  return Object.assign(new Error(message), {
    name: code,
    $fault: httpStatusCode >= 500 ? "server" : "client",
    $metadata: { httpStatusCode, attempts: 1, totalRetryDelay: 0 },
  });
}

export function accountOfAccessKey(accessKeyId: string): string {
  return accessKeyId.slice(4);
}

const page = <T>(items: T[], token: string | undefined, size: number): { items: T[]; next?: string } => {
  const start = token ? Number(token) : 0;
  const end = start + size;
  return { items: items.slice(start, end), ...(end < items.length ? { next: String(end) } : {}) };
};

/** Answers one call. Throws AWS-shaped errors. */
export class SimulatedAws {
  private readonly accounts = new Map<string, SimAccount>();
  private readonly trails = new Map<string, { owner: SimAccount; trail: SimTrail }>();
  private readonly buckets = new Map<string, { owner: SimAccount; bucket: SimBucket }>();
  private readonly keys = new Map<string, { owner: SimAccount; key: SimKmsKey }>();
  readonly orgTrailOwners: Set<string>;

  constructor(readonly world: World) {
    for (const account of world.accounts) {
      this.accounts.set(account.Id, account);
      for (const trail of account.trails) this.trails.set(trail.trail.TrailARN, { owner: account, trail });
      for (const bucket of account.buckets) this.buckets.set(bucket.Name, { owner: account, bucket });
      for (const key of account.kmsKeys ?? []) this.keys.set(key.Arn, { owner: account, key });
    }
    this.orgTrailOwners = new Set(world.organization ? [world.organization.MasterAccountId, ...world.delegatedAdministrators] : []);
  }

  private account(id: string): SimAccount {
    const account = this.accounts.get(id);
    if (!account) throw awsError("InvalidClientTokenId", "The security token included in the request is invalid.", 403);
    return account;
  }

  private arn(service: string, rest: string): string {
    return `arn:${this.world.partition}:${service}:${rest}`;
  }

  private requireOrgAdmin(ctx: CallContext): NonNullable<World["organization"]> {
    const org = this.world.organization;
    if (!org) throw awsError("AWSOrganizationsNotInUseException", "Your account is not a member of an organization.");
    if (ctx.account !== org.MasterAccountId) {
      throw awsError("AccessDeniedException", "You don't have permissions to access this resource.");
    }
    return org;
  }

  /** Trails the account sees: its own, plus the organization trails of the management account or a delegated admin. */
  visibleTrails(account: SimAccount): SimTrail[] {
    const own = account.trails;
    if (!this.world.organization || account.Status !== "ACTIVE") return own;
    const org: SimTrail[] = [];
    for (const ownerId of this.orgTrailOwners) {
      if (ownerId === account.Id) continue;
      for (const trail of this.accounts.get(ownerId)?.trails ?? []) if (trail.trail.IsOrganizationTrail === true) org.push(trail);
    }
    return [...own, ...org];
  }

  private visibleTrail(ctx: CallContext, arn: unknown): SimTrail {
    const account = this.account(ctx.account);
    const found = this.visibleTrails(account).find((t) => t.trail.TrailARN === arn);
    if (!found) throw awsError("TrailNotFoundException", `Unknown trail: ${String(arn)} for the user: ${ctx.account}`);
    return found;
  }

  private ownBucket(ctx: CallContext, name: unknown): SimBucket {
    const entry = this.buckets.get(String(name));
    if (!entry) throw awsError("NoSuchBucket", "The specified bucket does not exist", 404);
    if (entry.owner.Id !== ctx.account) throw awsError("AccessDenied", "Access Denied", 403);
    return entry.bucket;
  }

  /** A key of the caller's account in the caller's region (KMS answers NotFound otherwise, as for another account's key without a grant). */
  private ownKey(ctx: CallContext, id: unknown): SimKmsKey {
    const entry = this.keys.get(String(id));
    const [, , , region, account] = String(id).split(":");
    if (!entry || region !== ctx.region) throw awsError("NotFoundException", `Key '${String(id)}' does not exist`);
    if (account !== ctx.account) throw awsError("AccessDeniedException", `User is not authorized to perform: kms:DescribeKey on resource: ${String(id)}`);
    return entry.key;
  }

  answer(service: string, operation: string, input: Record<string, unknown>, ctx: CallContext): unknown {
    const key = `${service}:${operation}`;
    const handler = this.handlers[key];
    if (!handler) throw awsError("UnknownOperationException", `the simulated AWS does not answer ${key}`);
    return handler(input, ctx);
  }

  private readonly handlers: Record<string, (input: Record<string, unknown>, ctx: CallContext) => unknown> = {
    "sts:GetCallerIdentity": (_input, ctx) => ({
      Account: ctx.account,
      Arn: this.arn("iam", `:${ctx.account}:user/auditor`),
      UserId: "AIDAEXAMPLE",
    }),
    "sts:AssumeRole": (input, ctx) => {
      const target = String(input.RoleArn).split(":")[4]!;
      const account = this.accounts.get(target);
      if (!account || account.denyAssumeRole) {
        throw awsError(
          "AccessDenied",
          `User: ${this.arn("iam", `:${ctx.account}:user/auditor`)} is not authorized to perform: sts:AssumeRole on resource: ${String(input.RoleArn)}`,
          403,
        );
      }
      return {
        Credentials: {
          AccessKeyId: `ASIA${target}`,
          SecretAccessKey: "secret",
          SessionToken: "token",
          Expiration: new Date(Date.now() + 3600_000),
        },
        AssumedRoleUser: { Arn: `${String(input.RoleArn)}/${String(input.RoleSessionName)}`, AssumedRoleId: "AROAEXAMPLE" },
      };
    },

    "organizations:DescribeOrganization": (_input, ctx) => {
      const org = this.world.organization;
      if (!org || !this.accounts.has(ctx.account)) throw awsError("AWSOrganizationsNotInUseException", "Your account is not a member of an organization.");
      const master = this.account(org.MasterAccountId);
      return {
        Organization: {
          Id: org.Id,
          Arn: this.arn("organizations", `:${org.MasterAccountId}:organization/${org.Id}`),
          FeatureSet: org.FeatureSet,
          MasterAccountId: org.MasterAccountId,
          MasterAccountArn: this.arn("organizations", `:${org.MasterAccountId}:account/${org.Id}/${org.MasterAccountId}`),
          MasterAccountEmail: master.Email,
          AvailablePolicyTypes: [],
        },
      };
    },
    "organizations:ListAccounts": (input, ctx) => {
      const org = this.requireOrgAdmin(ctx);
      const { items, next } = page(this.world.accounts, input.NextToken as string | undefined, this.world.pageSize.accounts);
      return { Accounts: items.map((a) => this.orgAccount(org.Id, org.MasterAccountId, a)), ...(next ? { NextToken: next } : {}) };
    },
    "organizations:ListRoots": (_input, ctx) => {
      const org = this.requireOrgAdmin(ctx);
      return {
        Roots: this.world.roots.map((r) => ({ ...r, Arn: this.arn("organizations", `:${org.MasterAccountId}:root/${org.Id}/${r.Id}`), PolicyTypes: [] })),
      };
    },
    "organizations:ListOrganizationalUnitsForParent": (input, ctx) => {
      const org = this.requireOrgAdmin(ctx);
      const children = this.world.ous.filter((ou) => ou.parent === input.ParentId);
      return {
        OrganizationalUnits: children.map((ou) => ({ Id: ou.Id, Name: ou.Name, Arn: this.arn("organizations", `:${org.MasterAccountId}:ou/${org.Id}/${ou.Id}`) })),
      };
    },
    "organizations:ListAccountsForParent": (input, ctx) => {
      const org = this.requireOrgAdmin(ctx);
      const children = this.world.accounts.filter((a) => a.parent === input.ParentId);
      const { items, next } = page(children, input.NextToken as string | undefined, this.world.pageSize.accounts);
      return { Accounts: items.map((a) => this.orgAccount(org.Id, org.MasterAccountId, a)), ...(next ? { NextToken: next } : {}) };
    },
    "organizations:ListDelegatedAdministrators": (_input, ctx) => {
      this.requireOrgAdmin(ctx);
      return {
        DelegatedAdministrators: this.world.delegatedAdministrators.map((id) => {
          const a = this.account(id);
          return { Id: a.Id, Name: a.Name, Email: a.Email, Status: a.Status, Arn: this.arn("organizations", `::account/${a.Id}`) };
        }),
      };
    },
    "organizations:ListPolicies": (input, ctx) => {
      const org = this.requireOrgAdmin(ctx);
      const rcp = input.Filter === "RESOURCE_CONTROL_POLICY";
      return { Policies: (rcp ? (this.world.rcps ?? []) : this.world.scps).map((p) => this.policySummary(org.MasterAccountId, org.Id, p, rcp)) };
    },
    "organizations:DescribePolicy": (input, ctx) => {
      const org = this.requireOrgAdmin(ctx);
      const { policy, rcp } = this.orgPolicy(input.PolicyId);
      return { Policy: { PolicySummary: this.policySummary(org.MasterAccountId, org.Id, policy, rcp), Content: policy.Content } };
    },
    "organizations:ListTargetsForPolicy": (input, ctx) => {
      this.requireOrgAdmin(ctx);
      const { policy } = this.orgPolicy(input.PolicyId);
      if (!policy) throw awsError("PolicyNotFoundException", "We can't find a policy with the PolicyId that you specified.");
      return { Targets: policy.targets.map((t) => ({ ...t, Arn: this.arn("organizations", `::target/${t.TargetId}`) })) };
    },

    "account:ListRegions": (input, ctx) => {
      const account = this.account(ctx.account);
      const size = Number(input.MaxResults ?? 20);
      const regions = account.regions.map((RegionName) => ({ RegionName, RegionOptStatus: "ENABLED_BY_DEFAULT" }));
      const { items, next } = page(regions, input.NextToken as string | undefined, size);
      return { Regions: items, ...(next ? { NextToken: next } : {}) };
    },
    "ec2:DescribeRegions": (_input, ctx) => ({
      Regions: this.account(ctx.account).regions.map((RegionName) => ({ RegionName, Endpoint: `ec2.${RegionName}.amazonaws.com`, OptInStatus: "opt-in-not-required" })),
    }),

    "cloudtrail:ListTrails": (input, ctx) => {
      const trails = this.visibleTrails(this.account(ctx.account)).map((t) => ({
        TrailARN: t.trail.TrailARN,
        Name: t.trail.Name,
        HomeRegion: t.trail.HomeRegion,
      }));
      const { items, next } = page(trails, input.NextToken as string | undefined, this.world.pageSize.trails);
      return { Trails: items, ...(next ? { NextToken: next } : {}) };
    },
    "cloudtrail:GetTrail": (input, ctx) => ({ Trail: { ...this.visibleTrail(ctx, input.Name).trail } }),
    "cloudtrail:GetTrailStatus": (input, ctx) => ({ ...this.visibleTrail(ctx, input.Name).status }),
    "cloudtrail:GetEventSelectors": (input, ctx) => {
      const t = this.visibleTrail(ctx, input.TrailName);
      if (t.advancedEventSelectors) return { TrailARN: t.trail.TrailARN, AdvancedEventSelectors: t.advancedEventSelectors };
      return {
        TrailARN: t.trail.TrailARN,
        EventSelectors: t.eventSelectors ?? [{ ReadWriteType: "All", IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }],
      };
    },
    "cloudtrail:GetInsightSelectors": (input, ctx) => {
      const t = this.visibleTrail(ctx, input.TrailName);
      if (!t.insightSelectors) throw awsError("InsightNotEnabledException", `Trail ${t.trail.Name} does not have Insights enabled.`);
      return { TrailARN: t.trail.TrailARN, InsightSelectors: t.insightSelectors };
    },
    "cloudtrail:ListTags": (input, ctx) => {
      const arns = input.ResourceIdList as string[];
      return {
        ResourceTagList: arns.map((arn) => {
          const entry = this.trails.get(arn);
          if (!entry || entry.owner.Id !== ctx.account) throw awsError("CloudTrailARNInvalidException", `Invalid ARN: ${arn}`);
          if (entry.trail.trail.HomeRegion !== ctx.region) throw awsError("CloudTrailARNInvalidException", `${arn} is not in ${ctx.region}`);
          return { ResourceId: arn, TagsList: entry.trail.tags ?? [] };
        }),
      };
    },

    "s3:ListBuckets": (_input, ctx) => {
      const account = this.account(ctx.account);
      return {
        Buckets: account.buckets.map((b) => ({ Name: b.Name, CreationDate: b.CreationDate, ...(account.legacyListBuckets ? {} : { BucketRegion: b.Region }) })),
        Owner: { ID: `canonical-${account.Id}`, DisplayName: account.Name },
      };
    },
    "s3:GetBucketLocation": (input, ctx) => {
      const region = this.ownBucket(ctx, input.Bucket).Region;
      return { LocationConstraint: region === "us-east-1" ? undefined : region };
    },
    "s3:GetBucketPolicy": (input, ctx) => {
      const b = this.ownBucket(ctx, input.Bucket);
      if (!b.policy) throw awsError("NoSuchBucketPolicy", "The bucket policy does not exist", 404);
      return { Policy: b.policy };
    },
    "s3:GetObjectLockConfiguration": (input, ctx) => {
      const b = this.ownBucket(ctx, input.Bucket);
      if (!b.objectLock) throw awsError("ObjectLockConfigurationNotFoundError", "Object Lock configuration does not exist for this bucket", 404);
      return { ObjectLockConfiguration: b.objectLock };
    },
    "s3:GetBucketVersioning": (input, ctx) => ({ ...(this.ownBucket(ctx, input.Bucket).versioning ?? {}) }),
    "s3:GetPublicAccessBlock": (input, ctx) => {
      const b = this.ownBucket(ctx, input.Bucket);
      if (!b.publicAccessBlock) throw awsError("NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found", 404);
      return { PublicAccessBlockConfiguration: b.publicAccessBlock };
    },
    "s3:GetBucketAcl": (input, ctx) => {
      const b = this.ownBucket(ctx, input.Bucket);
      return b.acl ?? { Owner: { ID: `canonical-${ctx.account}` }, Grants: [{ Grantee: { ID: `canonical-${ctx.account}`, Type: "CanonicalUser" }, Permission: "FULL_CONTROL" }] };
    },
    "s3:GetBucketLogging": (input, ctx) => {
      const b = this.ownBucket(ctx, input.Bucket);
      return b.logging ? { LoggingEnabled: b.logging } : {};
    },
    "s3:GetBucketEncryption": (input, ctx) => {
      const b = this.ownBucket(ctx, input.Bucket);
      return {
        ServerSideEncryptionConfiguration: b.encryption ?? { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" }, BucketKeyEnabled: false }] },
      };
    },
    "s3:GetBucketOwnershipControls": (input, ctx) => {
      const b = this.ownBucket(ctx, input.Bucket);
      if (!b.ownershipControls) throw awsError("OwnershipControlsNotFoundError", "The bucket ownership controls were not found", 404);
      return { OwnershipControls: b.ownershipControls };
    },
    "s3control:GetPublicAccessBlock": (input, ctx) => {
      const account = this.account(ctx.account);
      if (input.AccountId !== ctx.account) throw awsError("AccessDenied", "Access Denied", 403);
      if (!account.publicAccessBlock) throw awsError("NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found", 404);
      return { PublicAccessBlockConfiguration: account.publicAccessBlock };
    },
    "s3:GetBucketTagging": (input, ctx) => {
      const b = this.ownBucket(ctx, input.Bucket);
      if (!b.tags || b.tags.length === 0) throw awsError("NoSuchTagSet", "The TagSet does not exist", 404);
      return { TagSet: b.tags };
    },

    "tag:GetResources": (input, ctx) => {
      const account = this.account(ctx.account);
      const filters = (input.ResourceTypeFilters as string[] | undefined) ?? [];
      if (!filters.includes("s3")) throw awsError("InvalidParameterException", "the simulated AWS only lists s3 resources");
      const mappings = account.buckets
        .filter((b) => b.Region === ctx.region && (b.tags?.length ?? 0) > 0)
        .map((b) => ({ ResourceARN: this.arn("s3", `::${b.Name}`), Tags: b.tags }));
      const { items, next } = page(mappings, (input.PaginationToken as string | undefined) || undefined, Number(input.ResourcesPerPage ?? 50));
      return { ResourceTagMappingList: items, PaginationToken: next ?? "" };
    },

    "kms:DescribeKey": (input, ctx) => {
      const key = this.ownKey(ctx, input.KeyId);
      const state = key.KeyState ?? "Enabled";
      return {
        KeyMetadata: {
          AWSAccountId: ctx.account,
          KeyId: key.Arn.slice(key.Arn.lastIndexOf("/") + 1),
          Arn: key.Arn,
          CreationDate: key.CreationDate,
          Enabled: state === "Enabled",
          Description: key.Description ?? "",
          KeyUsage: "ENCRYPT_DECRYPT",
          KeyState: state,
          Origin: "AWS_KMS",
          KeyManager: key.KeyManager ?? "CUSTOMER",
          CustomerMasterKeySpec: "SYMMETRIC_DEFAULT",
          KeySpec: "SYMMETRIC_DEFAULT",
          EncryptionAlgorithms: ["SYMMETRIC_DEFAULT"],
          MultiRegion: false,
        },
      };
    },
    "kms:GetKeyRotationStatus": (input, ctx) => {
      const key = this.ownKey(ctx, input.KeyId);
      return { KeyRotationEnabled: key.rotation, KeyId: key.Arn, ...(key.rotation ? { RotationPeriodInDays: 365 } : {}) };
    },
    "kms:GetKeyPolicy": (input, ctx) => ({ Policy: this.ownKey(ctx, input.KeyId).policy, PolicyName: "default" }),

    "sns:ListSubscriptionsByTopic": (input, ctx) => {
      const arn = String(input.TopicArn);
      const [, , , region, owner] = arn.split(":");
      const topic = owner === ctx.account && region === ctx.region ? this.account(ctx.account).snsTopics?.find((t) => t.TopicArn === arn) : undefined;
      if (!topic) throw awsError("NotFound", "Topic does not exist", 404);
      const { items, next } = page(topic.subscriptions, input.NextToken as string | undefined, 100);
      return { Subscriptions: items.map((s) => ({ ...s, Owner: ctx.account, TopicArn: arn })), ...(next ? { NextToken: next } : {}) };
    },

    "cloudwatch:DescribeAlarms": (input, ctx) => {
      const alarms = (this.account(ctx.account).alarms ?? []).filter((a) => a.region === ctx.region);
      const { items, next } = page(alarms, input.NextToken as string | undefined, 100);
      return {
        MetricAlarms: items.map(({ region: _region, ...a }) => ({
          AlarmArn: this.arn("cloudwatch", `${ctx.region}:${ctx.account}:alarm:${a.AlarmName}`),
          ActionsEnabled: true,
          OKActions: [],
          AlarmActions: [],
          InsufficientDataActions: [],
          StateValue: "OK",
          Dimensions: [],
          ...a,
        })),
        CompositeAlarms: [],
        ...(next ? { NextToken: next } : {}),
      };
    },

    "iam:GetAccountAuthorizationDetails": (input, ctx) => this.authorizationDetails(this.account(ctx.account), input),

    "logs:DescribeLogGroups": (input, ctx) => {
      const prefix = String(input.logGroupNamePrefix ?? "");
      const groups = this.account(ctx.account).logGroups.filter((g) => g.region === ctx.region && g.logGroupName.startsWith(prefix));
      return {
        logGroups: groups.map((g) => ({
          logGroupName: g.logGroupName,
          creationTime: g.creationTime,
          ...(g.retentionInDays !== undefined ? { retentionInDays: g.retentionInDays } : {}),
          metricFilterCount: g.metricFilters?.length ?? 0,
          arn: this.arn("logs", `${ctx.region}:${ctx.account}:log-group:${g.logGroupName}:*`),
          storedBytes: 0,
          logGroupClass: "STANDARD",
        })),
      };
    },
    "logs:DescribeMetricFilters": (input, ctx) => {
      const group = this.account(ctx.account).logGroups.find((g) => g.region === ctx.region && g.logGroupName === input.logGroupName);
      if (!group) throw awsError("ResourceNotFoundException", "The specified log group does not exist.");
      return { metricFilters: (group.metricFilters ?? []).map((f) => ({ ...f, logGroupName: group.logGroupName, creationTime: group.creationTime })) };
    },
  };

  private orgAccount(orgId: string, master: string, a: SimAccount) {
    return {
      Id: a.Id,
      Arn: this.arn("organizations", `:${master}:account/${orgId}/${a.Id}`),
      Email: a.Email,
      Name: a.Name,
      Status: a.Status,
      State: a.Status === "ACTIVE" ? "ACTIVE" : "SUSPENDED",
      JoinedMethod: a.Id === master ? "CREATED" : "INVITED",
      JoinedTimestamp: a.JoinedTimestamp,
    };
  }

  private orgPolicy(id: unknown): { policy: SimOrgPolicy; rcp: boolean } {
    const scp = this.world.scps.find((p) => p.Id === id);
    if (scp) return { policy: scp, rcp: false };
    const rcp = (this.world.rcps ?? []).find((p) => p.Id === id);
    if (rcp) return { policy: rcp, rcp: true };
    throw awsError("PolicyNotFoundException", "We can't find a policy with the PolicyId that you specified.");
  }

  private policySummary(master: string, orgId: string, p: SimOrgPolicy, rcp = false) {
    return {
      Id: p.Id,
      Arn: this.arn("organizations", `:${master}:policy/${orgId}/${rcp ? "resource_control_policy" : "service_control_policy"}/${p.Id}`),
      Name: p.Name,
      Description: "",
      Type: rcp ? "RESOURCE_CONTROL_POLICY" : "SERVICE_CONTROL_POLICY",
      AwsManaged: p.Id === "p-FullAWSAccess" || p.Id === "p-RCPFullAWSAccess",
    };
  }

  /**
   * One page of GetAccountAuthorizationDetails: users, groups, roles, then policies, MaxItems
   * entries a page (AWS pages the four lists together), documents URL-encoded, AttachmentCount and
   * PermissionsBoundaryUsageCount counted from the account's principals.
   */
  private authorizationDetails(account: SimAccount, input: Record<string, unknown>) {
    const iam = account.iam ?? {};
    const encode = (d: SimDocument) => encodeURIComponent(JSON.stringify(d));
    const arn = (kind: string, path: string | undefined, name: string) => this.arn("iam", `:${account.Id}:${kind}${path ?? "/"}${name}`);
    const inline = (list: SimInlinePolicy[] | undefined) => (list ?? []).map((p) => ({ PolicyName: p.PolicyName, PolicyDocument: encode(p.PolicyDocument) }));
    const boundary = (b: { PermissionsBoundaryArn: string } | undefined) => (b ? { PermissionsBoundary: { PermissionsBoundaryType: "PermissionsBoundaryPolicy", ...b } } : {});
    const principals = [...(iam.users ?? []), ...(iam.groups ?? []), ...(iam.roles ?? [])];
    const attached = new Map<string, number>();
    const bounding = new Map<string, number>();
    for (const p of principals) {
      for (const a of p.AttachedManagedPolicies ?? []) attached.set(a.PolicyArn, (attached.get(a.PolicyArn) ?? 0) + 1);
      const b = "PermissionsBoundary" in p ? p.PermissionsBoundary?.PermissionsBoundaryArn : undefined;
      if (b) bounding.set(b, (bounding.get(b) ?? 0) + 1);
    }
    const attachments = (policyArn: string) => attached.get(policyArn) ?? 0;
    const boundaries = (policyArn: string) => bounding.get(policyArn) ?? 0;
    const created = new Date("2025-03-01T08:00:00.000Z");
    const entries: { list: "UserDetailList" | "GroupDetailList" | "RoleDetailList" | "Policies"; value: Record<string, unknown> }[] = [
      ...(iam.users ?? []).map((u) => ({
        list: "UserDetailList" as const,
        value: { Path: u.Path ?? "/", UserName: u.UserName, UserId: `AIDA${u.UserName.toUpperCase()}`, Arn: arn("user", u.Path, u.UserName), CreateDate: created, UserPolicyList: inline(u.UserPolicyList), GroupList: u.GroupList ?? [], AttachedManagedPolicies: u.AttachedManagedPolicies ?? [], ...boundary(u.PermissionsBoundary), Tags: [] },
      })),
      ...(iam.groups ?? []).map((g) => ({
        list: "GroupDetailList" as const,
        value: { Path: g.Path ?? "/", GroupName: g.GroupName, GroupId: `AGPA${g.GroupName.toUpperCase()}`, Arn: arn("group", g.Path, g.GroupName), CreateDate: created, GroupPolicyList: inline(g.GroupPolicyList), AttachedManagedPolicies: g.AttachedManagedPolicies ?? [] },
      })),
      ...(iam.roles ?? []).map((r) => ({
        list: "RoleDetailList" as const,
        value: {
          Path: r.Path ?? "/",
          RoleName: r.RoleName,
          RoleId: `AROA${r.RoleName.toUpperCase()}`,
          Arn: arn("role", r.Path, r.RoleName),
          CreateDate: created,
          AssumeRolePolicyDocument: encode(r.AssumeRolePolicyDocument ?? { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:${this.world.partition}:iam::${account.Id}:root` }, Action: "sts:AssumeRole" }] }),
          InstanceProfileList: [],
          RolePolicyList: inline(r.RolePolicyList),
          AttachedManagedPolicies: r.AttachedManagedPolicies ?? [],
          ...boundary(r.PermissionsBoundary),
          Tags: r.Tags ?? [],
          RoleLastUsed: {},
        },
      })),
      ...(iam.policies ?? []).map((p) => {
        const older = p.olderVersions ?? [];
        const defaultVersion = `v${older.length + 1}`;
        return {
          list: "Policies" as const,
          value: {
            PolicyName: p.PolicyName,
            PolicyId: `ANPA${p.PolicyName.toUpperCase()}`,
            Arn: p.Arn,
            Path: "/",
            DefaultVersionId: defaultVersion,
            AttachmentCount: attachments(p.Arn),
            PermissionsBoundaryUsageCount: boundaries(p.Arn),
            IsAttachable: true,
            CreateDate: created,
            UpdateDate: created,
            PolicyVersionList: [
              ...older.map((d, i) => ({ Document: encode(d), VersionId: `v${i + 1}`, IsDefaultVersion: false, CreateDate: created })),
              { Document: encode(p.Document), VersionId: defaultVersion, IsDefaultVersion: true, CreateDate: created },
            ],
          },
        };
      }),
    ];
    const size = Math.min(Number(input.MaxItems ?? 100), iam.pageSize ?? 1000);
    const { items, next } = page(entries, input.Marker as string | undefined, size);
    const of = (list: (typeof entries)[number]["list"]) => items.filter((e) => e.list === list).map((e) => e.value);
    return {
      UserDetailList: of("UserDetailList"),
      GroupDetailList: of("GroupDetailList"),
      RoleDetailList: of("RoleDetailList"),
      Policies: of("Policies"),
      IsTruncated: next !== undefined,
      ...(next ? { Marker: next } : {}),
    };
  }
}

/** IAM prefix of an SDK client class name. */
export const SERVICE_OF_CLIENT: Record<string, string> = {
  STSClient: "sts",
  OrganizationsClient: "organizations",
  AccountClient: "account",
  EC2Client: "ec2",
  CloudTrailClient: "cloudtrail",
  S3Client: "s3",
  S3ControlClient: "s3control",
  ResourceGroupsTaggingAPIClient: "tag",
  CloudWatchLogsClient: "logs",
  KMSClient: "kms",
  IAMClient: "iam",
  SNSClient: "sns",
  CloudWatchClient: "cloudwatch",
};

/** Token bucket: `rate` tokens per second, up to `burst`. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly rate: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }
  take(now: number): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Where the token buckets live: one thread's map, or shared by threads (SharedTokenBuckets). */
export interface BucketStore {
  /** Takes a token of the bucket `key` (created full), false when it is empty. */
  take(key: string, rate: number, burst: number, now: number): boolean;
}

/** The buckets of one thread. */
export class LocalTokenBuckets implements BucketStore {
  private readonly buckets = new Map<string, TokenBucket>();
  take(key: string, rate: number, burst: number, now: number): boolean {
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = new TokenBucket(rate, burst, now)));
    return bucket.take(now);
  }
}

/**
 * Token buckets in shared memory, for a simulated AWS answering several threads (the collector's
 * workers): one rate per account, region and API, whichever thread sends. An open-addressing table
 * keyed by two 32-bit hashes of the key (64 bits: no two keys of a run share a slot), behind one
 * lock; each slot holds the tokens and the time of the last take, as TokenBucket does.
 */
export class SharedTokenBuckets implements BucketStore {
  static readonly SLOTS = 1 << 20;
  private readonly lock: Int32Array;
  private readonly keys: Int32Array;
  private readonly state: Float64Array;
  constructor(readonly memory = new SharedArrayBuffer(4 + 4 * 2 * SharedTokenBuckets.SLOTS + 4 + 8 * 2 * SharedTokenBuckets.SLOTS)) {
    const slots = SharedTokenBuckets.SLOTS;
    this.lock = new Int32Array(memory, 0, 1);
    this.keys = new Int32Array(memory, 4, 2 * slots);
    this.state = new Float64Array(memory, 8 + 8 * slots, 2 * slots);
  }
  take(key: string, rate: number, burst: number, now: number): boolean {
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 13);
    }
    h1 |= 1; // 0 marks a free slot
    const mask = SharedTokenBuckets.SLOTS - 1;
    while (Atomics.compareExchange(this.lock, 0, 0, 1) !== 0);
    try {
      for (let slot = h1 & mask, probes = 0; probes <= mask; slot = (slot + 1) & mask, probes++) {
        const k1 = this.keys[2 * slot]!;
        if (k1 === 0) {
          this.keys[2 * slot] = h1;
          this.keys[2 * slot + 1] = h2;
          this.state[2 * slot] = burst;
          this.state[2 * slot + 1] = now;
        } else if (k1 !== h1 || this.keys[2 * slot + 1] !== h2) continue;
        const tokens = Math.min(burst, this.state[2 * slot]! + ((now - this.state[2 * slot + 1]!) / 1000) * rate);
        this.state[2 * slot + 1] = now;
        if (tokens < 1) {
          this.state[2 * slot] = tokens;
          return false;
        }
        this.state[2 * slot] = tokens - 1;
        return true;
      }
      throw new Error("SharedTokenBuckets: table full");
    } finally {
      Atomics.store(this.lock, 0, 0);
    }
  }
}

export interface NetworkOptions {
  /** Where the throttling state lives (default: this thread's). */
  buckets?: BucketStore;
  /** Simulated round trip per call, in ms. */
  latencyMs?: number;
  /** Requests per second (and burst) allowed per account, region and API; by IAM service prefix. */
  rates?: Partial<Record<string, { rate: number; burst: number }>>;
  /** Called for each call before it is answered; may throw an AWS error or return a value to answer with. */
  inject?: (call: SimCall) => unknown;
  /** Every call, in order of arrival. */
  log?: SimCall[];
  /** Throttled answers by "service:Operation". */
  throttled?: Map<string, number>;
}

export interface SimCall {
  service: string;
  operation: string;
  input: Record<string, unknown>;
  account: string;
  region: string;
}

const THROTTLE_CODE: Record<string, string> = {
  organizations: "TooManyRequestsException",
  s3: "SlowDown",
  s3control: "SlowDown",
  ec2: "RequestLimitExceeded",
  account: "TooManyRequestsException",
};

/**
 * Middleware that answers every call of a real SDK client from the simulated AWS, after signing and
 * inside the retry loop (so the SDK's adaptive retry sees the throttling). The account and region
 * come from the SigV4 Authorization header, as AWS reads them.
 */
export function simulatorPlugin(sim: SimulatedAws, options: NetworkOptions = {}) {
  const buckets = options.buckets ?? new LocalTokenBuckets();
  const latency = options.latencyMs ?? 0;
  return {
    applyToStack(stack: { add(middleware: unknown, options: object): void }) {
      stack.add(
        (_next: unknown, context: { commandName: string; clientName: string }) =>
          async (args: { input: Record<string, unknown>; request: { headers: Record<string, string> } }) => {
            const auth = args.request.headers.authorization ?? args.request.headers.Authorization ?? "";
            const match = /Credential=([^/]+)\/\d+\/([^/]+)\//.exec(auth);
            if (!match) throw awsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403);
            const call: SimCall = {
              service: SERVICE_OF_CLIENT[context.clientName] ?? context.clientName,
              operation: context.commandName.replace(/Command$/, ""),
              input: args.input,
              account: accountOfAccessKey(match[1]!),
              region: match[2]!,
            };
            options.log?.push(call);
            if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
            const limit = options.rates?.[call.service];
            if (limit) {
              const key = `${call.account}|${call.region}|${call.service}:${call.operation}`;
              if (!buckets.take(key, limit.rate, limit.burst, Date.now())) {
                const api = `${call.service}:${call.operation}`;
                options.throttled?.set(api, (options.throttled.get(api) ?? 0) + 1);
                throw awsError(THROTTLE_CODE[call.service] ?? "ThrottlingException", "Rate exceeded", call.service === "s3" ? 503 : 400);
              }
            }
            const injected = options.inject?.(call);
            const output = injected !== undefined ? injected : sim.answer(call.service, call.operation, call.input, call);
            return { output: { ...(output as object), $metadata: { httpStatusCode: 200, attempts: 1, totalRetryDelay: 0 } }, response: {} };
          },
        { step: "deserialize", priority: "high", name: "simulatedAws", override: true },
      );
    },
  };
}
