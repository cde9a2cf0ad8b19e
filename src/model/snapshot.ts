// The snapshot: the single input of every check, described by schemas/snapshot.schema.json.
//
// Fields typed Maybe<T> hold `{ "$unknown": CollectionError }` when they could not be read (see
// unknown.ts); absent means "not part of this snapshot" only for hand-written snapshots, which the
// engine gives the same markers from their collectionErrors (model/derive.ts).
//
// Convention: PascalCase fields are AWS API response fields, kept with AWS's names and shapes so a
// user can paste CLI output (`aws cloudtrail describe-trails`, `get-trail-status`, ...). camelCase
// fields are cloudtrail-lint's own: they group the responses of several API calls per resource.

import type { CollectionError } from "./errors.js";
import type { Maybe } from "./unknown.js";
import type { ShardSpec } from "./shard.js";

// CollectionError is defined in errors.ts (so unknown.ts need not import this module); importers keep finding it here.
export type { CollectionError } from "./errors.js";

export type { Maybe, Unknown } from "./unknown.js";

/** An account's fields from the Organizations listing (ListAccounts), before anything of it is read. */
export const ORGANIZATIONS_ACCOUNT_FIELDS = ["Id", "Name", "Arn", "Email", "Status", "JoinedMethod", "JoinedTimestamp"] as const;

export type Partition = "aws" | "aws-us-gov" | "aws-cn";

/** A timestamp as the AWS CLI prints it (ISO 8601) or as epoch seconds (SDK JSON). */
export type AwsTimestamp = string | number;

export interface Snapshot {
  schemaVersion: 1;
  /** When the data was read. Checks use it as "now", never the wall clock. */
  collectedAt: string;
  partition: Partition;
  /** Where the snapshot came from; informational. */
  source?: {
    type: "aws" | "snapshot" | "cloudformation" | "terraform" | "example";
    description?: string;
    /** CloudFormation templates: what was checked about the file's text, and what AWS would reject. */
    templateValidation?: TemplateValidation;
    /** A partial snapshot: shard `index` of `count` (collect --shard I/N); see src/model/shard.ts. */
    shard?: ShardSpec;
    /** Merged from the shards of one scan; `missing` are the shards not given (lint --allow-partial). */
    shards?: { count: number; missing: number[] };
  };
  organization: Organization | null;
  accounts: Account[];
}

/** organizations:DescribeOrganization's Organization, plus what the linter needs at org level. */
export interface Organization {
  Id: string;
  Arn?: string;
  FeatureSet?: "ALL" | "CONSOLIDATED_BILLING";
  MasterAccountId: string;
  MasterAccountArn?: string;
  MasterAccountEmail?: string;
  /** organizations:ListDelegatedAdministrators(ServicePrincipal=cloudtrail.amazonaws.com). */
  delegatedAdministrators?: Maybe<DelegatedAdministrator[]>;
  /** Service control policies (DescribePolicy) with their targets (ListTargetsForPolicy). */
  serviceControlPolicies?: Maybe<ServiceControlPolicy[]>;
  /**
   * Resource control policies (ListPolicies Filter=RESOURCE_CONTROL_POLICY, DescribePolicy,
   * ListTargetsForPolicy), the same shape as the SCPs; [] when the policy type is not enabled.
   */
  resourceControlPolicies?: Maybe<ResourceControlPolicy[]>;
  /** Organization-level collection errors (ListAccounts, ListPolicies, ...). */
  collectionErrors?: CollectionError[];
}

export interface DelegatedAdministrator {
  Id: string;
  Arn?: string;
  Email?: string;
  Name?: string;
  Status?: string;
}

export interface ServiceControlPolicy {
  PolicySummary: {
    Id: string;
    Arn?: string;
    Name?: string;
    Description?: string;
    Type?: "SERVICE_CONTROL_POLICY";
    AwsManaged?: boolean;
  };
  /** The policy document: a JSON string as AWS returns it, or the parsed object. */
  Content: string | PolicyDocument;
  targets: PolicyTarget[];
}

/** An RCP: a service control policy's shape, of type RESOURCE_CONTROL_POLICY. */
export interface ResourceControlPolicy extends Omit<ServiceControlPolicy, "PolicySummary"> {
  PolicySummary: Omit<ServiceControlPolicy["PolicySummary"], "Type"> & { Type?: "RESOURCE_CONTROL_POLICY" };
}

export interface PolicyTarget {
  TargetId: string;
  Arn?: string;
  Name?: string;
  Type: "ACCOUNT" | "ORGANIZATIONAL_UNIT" | "ROOT";
}

export interface Account {
  /** organizations:ListAccounts fields. */
  Id: string;
  Name?: string;
  Arn?: string;
  Email?: string;
  Status?: "ACTIVE" | "SUSPENDED" | "PENDING_CLOSURE";
  /** Root first, then each OU down to the account's parent. */
  ouPath?: Maybe<{ Id: string; Name?: string }[]>;
  /** Regions enabled for the account (account:ListRegions). */
  regions?: Maybe<string[]>;
  trails?: Maybe<Trail[]>;
  buckets?: Maybe<Bucket[]>;
  logGroups?: Maybe<LogGroup[]>;
  /** cloudwatch:DescribeAlarms MetricAlarms, with the region they were read in. */
  alarms?: Maybe<MetricAlarm[]>;
  /** KMS keys that trails name in KmsKeyId and this account owns (kms:DescribeKey and the per-key reads). */
  kmsKeys?: Maybe<KmsKey[]>;
  /**
   * SNS topics that the account's alarms name in AlarmActions and this account owns, each read once,
   * in its region (sns:ListSubscriptionsByTopic); from a file, the topics it defines.
   */
  snsTopics?: Maybe<SnsTopic[]>;
  /**
   * s3control:GetPublicAccessBlock (account level) PublicAccessBlockConfiguration; null when the
   * account has none (NoSuchPublicAccessBlockConfiguration).
   */
  publicAccessBlock?: Maybe<PublicAccessBlockConfiguration | null>;
  /**
   * iam:GetAccountAuthorizationDetails, as much as the evaluation of who can delete logs needs: read
   * in the accounts that own a log bucket; absent elsewhere (not read, not "no principals").
   */
  iam?: Maybe<IamAuthorization>;
  collectionErrors?: CollectionError[];
}

/** An inline policy of a user, group or role (PolicyDocument decoded: a JSON string or the parsed document). */
export interface IamInlinePolicy {
  PolicyName: string;
  PolicyDocument: string | PolicyDocument;
}

export interface IamAttachedPolicy {
  PolicyName?: string;
  PolicyArn: string;
}

export interface IamPermissionsBoundary {
  PermissionsBoundaryType?: string;
  PermissionsBoundaryArn: string;
}

/** GetAccountAuthorizationDetails UserDetailList entry (the fields the evaluation uses). */
export interface IamUser {
  UserName: string;
  Arn: string;
  Path?: string;
  /** Names of the groups the user is in. */
  GroupList?: string[];
  UserPolicyList?: IamInlinePolicy[];
  AttachedManagedPolicies?: IamAttachedPolicy[];
  PermissionsBoundary?: IamPermissionsBoundary;
}

export interface IamGroup {
  GroupName: string;
  Arn: string;
  Path?: string;
  GroupPolicyList?: IamInlinePolicy[];
  AttachedManagedPolicies?: IamAttachedPolicy[];
}

export interface IamRole {
  RoleName: string;
  Arn: string;
  Path?: string;
  RolePolicyList?: IamInlinePolicy[];
  AttachedManagedPolicies?: IamAttachedPolicy[];
  PermissionsBoundary?: IamPermissionsBoundary;
}

/**
 * A managed policy that some user, group, role or boundary of the account uses, with its default
 * version's document (customer managed and AWS managed alike; policies nobody uses are not kept).
 */
export interface IamManagedPolicy {
  Arn: string;
  PolicyName?: string;
  Document: string | PolicyDocument;
}

export interface IamAuthorization {
  /**
   * True when the snapshot holds only some principals of the account (a template defines its own):
   * others may hold permissions, so no verdict may rest on "nobody else".
   */
  partial?: boolean;
  users: IamUser[];
  groups: IamGroup[];
  roles: IamRole[];
  policies: IamManagedPolicy[];
}

/** cloudtrail:DescribeTrails / GetTrail trail object plus the per-trail responses. */
export interface Trail {
  Name: string;
  // GetTrail configuration: each field may be unknown on its own (a file that leaves it open); the
  // whole configuration is unknown when `$unknown` is set (GetTrail failed).
  S3BucketName?: Maybe<string>;
  S3KeyPrefix?: Maybe<string>;
  SnsTopicName?: Maybe<string>;
  SnsTopicARN?: Maybe<string>;
  IncludeGlobalServiceEvents?: Maybe<boolean>;
  IsMultiRegionTrail?: Maybe<boolean>;
  /**
   * Known from ListTrails for a live trail; unknown when a file leaves it open (a template deployed to
   * a region the file does not fix: see src/sources/iac-scope.ts).
   */
  HomeRegion?: Maybe<string>;
  TrailARN: string;
  LogFileValidationEnabled?: Maybe<boolean>;
  CloudWatchLogsLogGroupArn?: Maybe<string>;
  CloudWatchLogsRoleArn?: Maybe<string>;
  KmsKeyId?: Maybe<string>;
  HasCustomEventSelectors?: Maybe<boolean>;
  HasInsightSelectors?: Maybe<boolean>;
  IsOrganizationTrail?: Maybe<boolean>;
  /**
   * Set when the trail's configuration (GetTrail) could not be read: then only Name, TrailARN and
   * HomeRegion (from ListTrails) are known, and every other configuration field is unknown.
   */
  $unknown?: CollectionError;
  /** cloudtrail:GetTrailStatus response. */
  status?: Maybe<TrailStatus>;
  /** GetEventSelectors EventSelectors. Absent with advancedEventSelectors absent = AWS default. */
  eventSelectors?: Maybe<EventSelector[]>;
  /** GetEventSelectors AdvancedEventSelectors. */
  advancedEventSelectors?: Maybe<AdvancedEventSelector[]>;
  /** GetInsightSelectors InsightSelectors. */
  insightSelectors?: Maybe<InsightSelector[]>;
  /** ListTags TagsList. */
  tags?: Maybe<Tag[]>;
}

export interface TrailStatus {
  IsLogging?: boolean;
  LatestDeliveryError?: string;
  LatestNotificationError?: string;
  LatestDeliveryTime?: AwsTimestamp;
  LatestNotificationTime?: AwsTimestamp;
  StartLoggingTime?: AwsTimestamp;
  StopLoggingTime?: AwsTimestamp;
  LatestCloudWatchLogsDeliveryError?: string;
  LatestCloudWatchLogsDeliveryTime?: AwsTimestamp;
  LatestDigestDeliveryTime?: AwsTimestamp;
  LatestDigestDeliveryError?: string;
  LatestDeliveryAttemptTime?: string;
  LatestNotificationAttemptTime?: string;
  LatestNotificationAttemptSucceeded?: string;
  LatestDeliveryAttemptSucceeded?: string;
  TimeLoggingStarted?: string;
  TimeLoggingStopped?: string;
}

/** A GetInsightSelectors InsightSelector: without EventCategories, Insights on management events. */
export interface InsightSelector {
  InsightType: string;
  /** "Management" and/or "Data". */
  EventCategories?: string[];
}

export type ReadWriteType = "ReadOnly" | "WriteOnly" | "All";

export interface EventSelector {
  ReadWriteType?: ReadWriteType;
  IncludeManagementEvents?: boolean;
  DataResources?: { Type: string; Values?: string[] }[];
  ExcludeManagementEventSources?: string[];
}

export interface AdvancedFieldSelector {
  Field: string;
  Equals?: string[];
  StartsWith?: string[];
  EndsWith?: string[];
  NotEquals?: string[];
  NotStartsWith?: string[];
  NotEndsWith?: string[];
}

export interface AdvancedEventSelector {
  Name?: string;
  FieldSelectors: AdvancedFieldSelector[];
}

export interface Tag {
  Key: string;
  Value?: string;
}

/** An S3 bucket with the responses of the per-bucket reads. */
export interface Bucket {
  Name: string;
  /** GetBucketLocation, normalised: us-east-1 for AWS's null/empty LocationConstraint. */
  Region?: Maybe<string>;
  /** Owner account id (ListBuckets Owner / the account the bucket was read in). */
  ownerAccountId?: string;
  CreationDate?: AwsTimestamp;
  /** GetBucketPolicy Policy: a JSON string as AWS returns it, or the parsed document. */
  policy?: Maybe<string | PolicyDocument | null>;
  /** GetObjectLockConfiguration ObjectLockConfiguration. */
  objectLockConfiguration?: Maybe<ObjectLockConfiguration | null>;
  /** GetBucketVersioning response. */
  versioning?: Maybe<{ Status?: "Enabled" | "Suspended"; MFADelete?: "Enabled" | "Disabled" } | null>;
  /** GetPublicAccessBlock PublicAccessBlockConfiguration. */
  publicAccessBlock?: Maybe<PublicAccessBlockConfiguration | null>;
  /** GetBucketTagging TagSet. */
  tags?: Maybe<Tag[]>;
  /** GetBucketOwnershipControls OwnershipControls; null when not configured (OwnershipControlsNotFoundError). */
  ownershipControls?: Maybe<OwnershipControls | null>;
  /** GetBucketAcl Owner and Grants. */
  acl?: Maybe<BucketAcl>;
  /** GetBucketLogging LoggingEnabled; null when server access logging is off (no LoggingEnabled). */
  logging?: Maybe<BucketLoggingEnabled | null>;
  encryption?: unknown;
}

/** S3 GetBucketLogging LoggingEnabled: where the bucket's server access logs go. */
export interface BucketLoggingEnabled {
  TargetBucket: string;
  TargetPrefix?: string;
  TargetGrants?: { Grantee?: { Type?: string; ID?: string; DisplayName?: string; EmailAddress?: string; URI?: string }; Permission?: "FULL_CONTROL" | "READ" | "WRITE" }[];
  /** { SimplePrefix: {} } or { PartitionedPrefix: { PartitionDateSource: "EventTime" | "DeliveryTime" } }. */
  TargetObjectKeyFormat?: {
    SimplePrefix?: Record<string, never>;
    PartitionedPrefix?: { PartitionDateSource?: "EventTime" | "DeliveryTime" };
  };
}

export interface ObjectLockConfiguration {
  ObjectLockEnabled?: "Enabled";
  Rule?: {
    DefaultRetention?: {
      Mode?: "GOVERNANCE" | "COMPLIANCE";
      Days?: number;
      Years?: number;
    };
  };
}

export type ObjectOwnership = "BucketOwnerEnforced" | "BucketOwnerPreferred" | "ObjectWriter";

export interface OwnershipControls {
  Rules: { ObjectOwnership: ObjectOwnership }[];
}

/** A grantee of a bucket ACL: a canonical user (ID), a group (URI), or an email address. */
export interface AclGrantee {
  Type: "CanonicalUser" | "Group" | "AmazonCustomerByEmail";
  ID?: string;
  DisplayName?: string;
  URI?: string;
  EmailAddress?: string;
}

export interface AclGrant {
  Grantee: AclGrantee;
  Permission: "FULL_CONTROL" | "WRITE" | "WRITE_ACP" | "READ" | "READ_ACP";
}

export interface BucketAcl {
  Owner?: { ID?: string; DisplayName?: string };
  Grants: AclGrant[];
}

export interface PublicAccessBlockConfiguration {
  BlockPublicAcls?: boolean;
  IgnorePublicAcls?: boolean;
  BlockPublicPolicy?: boolean;
  RestrictPublicBuckets?: boolean;
}

/**
 * An SNS topic and its subscriptions (sns:ListSubscriptionsByTopic). ListSubscriptionsByTopic alone
 * tells confirmation: a subscription the endpoint has not confirmed has SubscriptionArn
 * "PendingConfirmation" (GetTopicAttributes' SubscriptionsConfirmed/SubscriptionsPending are
 * counts of the same, so they are not read).
 */
export interface SnsTopic {
  TopicArn: string;
  region: string;
  /**
   * false: the topic does not exist (ListSubscriptionsByTopic answered NotFound: deleted after an
   * alarm named it); subscriptions is then []. Absent: it exists (it was read, or a file defines it).
   */
  exists?: false;
  subscriptions: Maybe<SnsSubscription[]>;
}

/** A ListSubscriptionsByTopic Subscriptions entry, with whether the endpoint confirmed it. */
export interface SnsSubscription {
  SubscriptionArn: string;
  Protocol: string;
  Endpoint?: string;
  /** Live: SubscriptionArn is not "PendingConfirmation". From a file: unknown where the endpoint's owner must confirm. */
  confirmed: Maybe<boolean>;
}

/**
 * A KMS key a trail encrypts its log files with, read once, in the account that owns it and in its
 * region. Absent fields of a hand-written record are not part of the snapshot (not "off").
 */
export interface KmsKey {
  /** What trails name (GetTrail KmsKeyId: the key ARN) and the reads were about. */
  arn: string;
  /** The key's region (from its ARN). */
  region?: string;
  /** kms:DescribeKey KeyMetadata; null: the key does not exist (NotFoundException). */
  KeyMetadata?: Maybe<KmsKeyMetadata | null>;
  /** kms:GetKeyRotationStatus KeyRotationEnabled; null: the key cannot rotate automatically (UnsupportedOperationException). */
  rotationEnabled?: Maybe<boolean | null>;
  /** kms:GetKeyPolicy Policy (the "default" key policy): a JSON string as AWS returns it, or the parsed document. */
  policy?: Maybe<string | PolicyDocument>;
}

export type KmsKeyState = "Creating" | "Enabled" | "Disabled" | "PendingDeletion" | "PendingImport" | "PendingReplicaDeletion" | "Unavailable" | "Updating";

/** kms:DescribeKey KeyMetadata (the fields the checks read; the CLI's other fields may stand beside them). */
export interface KmsKeyMetadata {
  KeyId: string;
  Arn?: string;
  AWSAccountId?: string;
  Description?: string;
  CreationDate?: AwsTimestamp;
  Enabled?: boolean;
  KeyState?: KmsKeyState;
  DeletionDate?: AwsTimestamp;
  PendingDeletionWindowInDays?: number;
  KeyManager?: "AWS" | "CUSTOMER";
  KeySpec?: string;
  KeyUsage?: string;
  Origin?: string;
  MultiRegion?: boolean;
}

/** logs:DescribeLogGroups entry plus its metric filters (DescribeMetricFilters). */
export interface LogGroup {
  logGroupName: string;
  /** Set when DescribeLogGroups failed for it: whether it exists, and everything about it, is unknown. */
  $unknown?: CollectionError;
  arn?: string;
  creationTime?: number;
  retentionInDays?: number;
  kmsKeyId?: string;
  metricFilters?: Maybe<{
    filterName: string;
    filterPattern?: string;
    metricTransformations?: MetricTransformation[];
  }[]>;
  region?: string;
}

/** A metric filter's metricTransformations entry (DescribeMetricFilters; PutMetricFilter's fields). */
export interface MetricTransformation {
  metricName: string;
  metricNamespace: string;
  /** What the metric counts per matching event: a number ("1") or a field selector ("$.bytes"). */
  metricValue?: string;
  /** Published when no event matches in a period; absent: nothing is published then. */
  defaultValue?: number;
  /**
   * Dimension name -> field selector of the log event ({ EventName: "$.eventName" }); absent: the
   * metric has no dimensions. An alarm on the metric must name the same dimensions to see it.
   */
  dimensions?: Record<string, string>;
  /** The metric's unit (a CloudWatch StandardUnit, e.g. "Count"). */
  unit?: string;
}

/**
 * cloudwatch:DescribeAlarms MetricAlarms entry. Checks pair alarms with log groups' metric filters
 * (CIS "a log metric filter and alarm exist for ..."): an alarm watches MetricName + Namespace (+
 * Dimensions), or a metric-math expression over Metrics.
 */
export interface MetricAlarm {
  AlarmName: string;
  AlarmArn?: string;
  AlarmDescription?: string;
  AlarmConfigurationUpdatedTimestamp?: AwsTimestamp;
  ActionsEnabled?: boolean;
  OKActions?: string[];
  AlarmActions?: string[];
  InsufficientDataActions?: string[];
  StateValue?: "OK" | "ALARM" | "INSUFFICIENT_DATA";
  StateReason?: string;
  StateReasonData?: string;
  StateUpdatedTimestamp?: AwsTimestamp;
  MetricName?: string;
  Namespace?: string;
  Statistic?: "SampleCount" | "Average" | "Sum" | "Minimum" | "Maximum";
  ExtendedStatistic?: string;
  Dimensions?: { Name: string; Value: string }[];
  Period?: number;
  Unit?: string;
  EvaluationPeriods?: number;
  DatapointsToAlarm?: number;
  Threshold?: number;
  ComparisonOperator?:
    | "GreaterThanOrEqualToThreshold"
    | "GreaterThanThreshold"
    | "LessThanThreshold"
    | "LessThanOrEqualToThreshold"
    | "LessThanLowerOrGreaterThanUpperThreshold"
    | "LessThanLowerThreshold"
    | "GreaterThanUpperThreshold";
  TreatMissingData?: "breaching" | "notBreaching" | "ignore" | "missing";
  EvaluateLowSampleCountPercentile?: string;
  /** Metric-math queries (MetricDataQuery), kept as AWS returns them. */
  Metrics?: ({ Id: string } & Record<string, unknown>)[];
  ThresholdMetricId?: string;
  EvaluationState?: string;
  StateTransitionedTimestamp?: AwsTimestamp;
  /** The region the alarm was read in (ours: alarm ARNs carry it too). */
  region?: string;
}

// IAM-style policy documents (bucket policies, SCPs).
export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: PolicyStatement | PolicyStatement[];
}

export type Principal = "*" | Record<string, string | string[]>;

export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: Principal;
  NotPrincipal?: Principal;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

/** A fact about a template's text that makes AWS reject it at deploy time (not a snapshot field). */
export interface TemplateProblem {
  code: "unknownProperty" | "wrongType" | "requiredProperty" | "valueNotAllowed" | "unsubstitutedReference";
  /** Logical id and type of the resource. */
  resource: string;
  type: string;
  /** Dotted path from the resource's Properties ("BucketEncryption.ServerSideEncryptionConfiguration"). */
  property: string;
  message: string;
  /** What AWS answers (error code and message). */
  awsError: string;
  /** The change that makes AWS accept it. */
  fix: string;
  /** JSON Pointer of the snapshot object the resource became, when it became one. */
  target?: string;
}

export interface TemplateValidation {
  /** The CloudFormation resource schema the shapes were checked against. */
  schema: string;
  /** How many resources' properties were checked. */
  resources: number;
  problems: TemplateProblem[];
}
