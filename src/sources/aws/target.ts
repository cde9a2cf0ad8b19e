// What the readers of the live AWS source share: the account being read, and the settings and the
// setup failure that both the orchestration (collect.ts) and the readers use.
import type { TrailInfo } from "@aws-sdk/client-cloudtrail";
import type { Bucket as S3Bucket } from "@aws-sdk/client-s3";
import type {
  Account as SnapshotAccount,
  Bucket as SnapshotBucket,
  CollectionError,
  IamAuthorization,
  KmsKey as SnapshotKmsKey,
  LogGroup as SnapshotLogGroup,
  MetricAlarm as SnapshotMetricAlarm,
  SnsTopic as SnapshotSnsTopic,
  Trail as SnapshotTrail,
} from "../../model/snapshot.js";
import type { Known } from "../../model/unknown.js";

// What the collector builds holds what it read; unknowns are set from the collection errors at the end.
export type Account = Known<SnapshotAccount>;
export type Bucket = Known<SnapshotBucket>;
export type Trail = Known<SnapshotTrail>;
export type LogGroup = Known<SnapshotLogGroup>;
export type KmsKey = Known<SnapshotKmsKey>;
export type SnsTopic = Known<SnapshotSnsTopic>;
export type MetricAlarm = Known<SnapshotMetricAlarm>;
import type { AccountSession } from "./session.js";

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

/** One account being read. */
export interface Target {
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
  /** KMS key records by the ARN trails name, for the keys this account owns (kms.ts). */
  kmsKeys: Map<string, KmsKey>;
  /** cloudwatch:DescribeAlarms MetricAlarms, of each region where a log group a trail delivers to lives (alarms.ts). */
  alarms?: MetricAlarm[];
  /** SNS topic records by TopicArn, for the alarm action topics this account owns (sns.ts). */
  snsTopics?: Map<string, SnsTopic>;
  /** iam:GetAccountAuthorizationDetails, when the account owns a log bucket the scan read (iam.ts). */
  iam?: IamAuthorization;
}
