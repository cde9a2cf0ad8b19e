// Builders for test snapshots: realistic defaults so each case states only what it is about.
import type {
  Account,
  AdvancedEventSelector,
  AdvancedFieldSelector,
  Bucket,
  CollectionError,
  EventSelector,
  KmsKey,
  LogGroup,
  Organization,
  Snapshot,
  Trail,
} from "../../src/model/snapshot.js";

export const MANAGEMENT = "111111111111";
export const LOG_ARCHIVE = "222222222222";
export const MEMBER = "333333333333";
export const OTHER = "444444444444";
export const COLLECTED_AT = "2026-11-20T12:00:00Z";
export const ORG_ID = "o-exampleorg1";

type TrailInput = Partial<Trail> & { account?: string };

/**
 * A logging, single-region trail in us-east-1 of MANAGEMENT unless told otherwise; ARN built from
 * Name, HomeRegion and `account`.
 */
export function trail(overrides: TrailInput = {}): Trail {
  const { account = MANAGEMENT, ...fields } = overrides;
  const name = fields.Name ?? "main";
  const region = fields.HomeRegion ?? "us-east-1";
  return {
    Name: name,
    S3BucketName: "trail-logs",
    IncludeGlobalServiceEvents: true,
    IsMultiRegionTrail: false,
    HomeRegion: region,
    TrailARN: `arn:aws:cloudtrail:${region}:${account}:trail/${name}`,
    LogFileValidationEnabled: true,
    HasCustomEventSelectors: false,
    HasInsightSelectors: false,
    IsOrganizationTrail: false,
    status: { IsLogging: true, StartLoggingTime: "2026-01-01T00:00:00Z", LatestDeliveryTime: "2026-11-20T11:55:00Z" },
    ...fields,
  };
}

/** A multi-region, logging trail (the good default). */
export function multiRegionTrail(overrides: TrailInput = {}): Trail {
  return trail({ IsMultiRegionTrail: true, ...overrides });
}

export function bucket(overrides: Partial<Bucket> = {}): Bucket {
  return {
    Name: "trail-logs",
    Region: "us-east-1",
    policy: null,
    objectLockConfiguration: null,
    versioning: { Status: "Enabled" },
    publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    tags: [],
    ...overrides,
  };
}

export function logGroup(overrides: Partial<LogGroup> = {}): LogGroup {
  return {
    logGroupName: "cloudtrail",
    arn: `arn:aws:logs:us-east-1:${MANAGEMENT}:log-group:cloudtrail:*`,
    retentionInDays: 365,
    metricFilters: [],
    ...overrides,
  };
}

export const KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";

/** The key policy the CloudTrail console writes: IAM delegation, and encryption scoped to the account's trails. */
export function cloudTrailKeyPolicy(account = MANAGEMENT, extra: object[] = []): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
      {
        Sid: "Allow CloudTrail to encrypt logs",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "kms:GenerateDataKey*",
        Resource: "*",
        Condition: { StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${account}:trail/*` } },
      },
      { Sid: "Allow CloudTrail to describe key", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:DescribeKey", Resource: "*" },
      ...extra,
    ],
  });
}

/** An enabled, rotating customer managed key in us-east-1 of MANAGEMENT with the CloudTrail console's policy. */
export function kmsKey(overrides: Partial<KmsKey> & { account?: string } = {}): KmsKey {
  const { account = MANAGEMENT, ...fields } = overrides;
  const region = fields.region ?? "us-east-1";
  const arn = fields.arn ?? `arn:aws:kms:${region}:${account}:key/${KEY_ID}`;
  return {
    arn,
    region,
    KeyMetadata: {
      KeyId: arn.slice(arn.lastIndexOf("/") + 1),
      Arn: arn,
      AWSAccountId: account,
      Enabled: true,
      KeyState: "Enabled",
      KeyManager: "CUSTOMER",
      KeySpec: "SYMMETRIC_DEFAULT",
      KeyUsage: "ENCRYPT_DECRYPT",
      Origin: "AWS_KMS",
      MultiRegion: false,
    },
    rotationEnabled: true,
    policy: cloudTrailKeyPolicy(account),
    ...fields,
  };
}

export function account(id: string, overrides: Partial<Account> = {}): Account {
  return {
    Id: id,
    Name: `account-${id.slice(0, 3)}`,
    Status: "ACTIVE",
    regions: ["us-east-1", "us-west-2", "eu-west-1"],
    trails: [],
    buckets: [],
    logGroups: [],
    collectionErrors: [],
    ...overrides,
  };
}

/** A standalone account (no organization) with the given trails and buckets. */
export function single(
  trails: Trail[],
  extra: Partial<Account> & { errors?: CollectionError[] } = {},
): Snapshot {
  const { errors, ...rest } = extra;
  return {
    schemaVersion: 1,
    collectedAt: COLLECTED_AT,
    partition: "aws",
    organization: null,
    accounts: [account(MANAGEMENT, { trails, ...rest, collectionErrors: errors ?? rest.collectionErrors ?? [] })],
  };
}

export function organization(overrides: Partial<Organization> = {}): Organization {
  return {
    Id: ORG_ID,
    Arn: `arn:aws:organizations::${MANAGEMENT}:organization/${ORG_ID}`,
    FeatureSet: "ALL",
    MasterAccountId: MANAGEMENT,
    delegatedAdministrators: [],
    serviceControlPolicies: [],
    collectionErrors: [],
    ...overrides,
  };
}

/**
 * An organization: the management account (with `management` as its account overrides) and
 * member accounts given by id or as full accounts.
 */
export function org(options: {
  management?: Partial<Account>;
  members?: (string | Account)[];
  organization?: Partial<Organization>;
}): Snapshot {
  const members = (options.members ?? []).map((m) => (typeof m === "string" ? account(m) : m));
  return {
    schemaVersion: 1,
    collectedAt: COLLECTED_AT,
    partition: "aws",
    organization: organization(options.organization),
    accounts: [account(MANAGEMENT, { Name: "management", ...options.management }), ...members],
  };
}

export function denied(service: string, operation: string, extra: Partial<CollectionError> = {}): CollectionError {
  return {
    service,
    operation,
    code: "AccessDenied",
    message: `User is not authorized to perform: ${service}:${operation}`,
    ...extra,
  };
}

// Event selectors (GetEventSelectors shapes).

/** An advanced field selector, e.g. field("readOnly", { Equals: ["true"] }). */
export function field(Field: string, operators: Omit<AdvancedFieldSelector, "Field">): AdvancedFieldSelector {
  return { Field, ...operators };
}

/** An advanced selector for management events, narrowed by any extra field selectors. */
export function managementSelector(Name = "Management events", ...more: AdvancedFieldSelector[]): AdvancedEventSelector {
  return { Name, FieldSelectors: [field("eventCategory", { Equals: ["Management"] }), ...more] };
}

/** An advanced selector for S3 object-level data events, narrowed by any extra field selectors. */
export function s3ObjectSelector(Name = "S3 objects", ...more: AdvancedFieldSelector[]): AdvancedEventSelector {
  return {
    Name,
    FieldSelectors: [field("eventCategory", { Equals: ["Data"] }), field("resources.type", { Equals: ["AWS::S3::Object"] }), ...more],
  };
}

/** A basic selector logging S3 object-level data events for the given ARN values. */
export function s3DataEventSelector(values: string[], overrides: Partial<EventSelector> = {}): EventSelector {
  return { ReadWriteType: "All", IncludeManagementEvents: true, DataResources: [{ Type: "AWS::S3::Object", Values: values }], ...overrides };
}
