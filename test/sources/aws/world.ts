// The organization the collector tests read: seven accounts with the traps of a real one.
//
//   111111111111 management   root             caller; organization trail (Insights, tags) delivering to
//                                                the log-archive bucket; a multi-region trail wired to
//                                                CloudWatch Logs, with a metric filter, its alarm and
//                                                the alarm's SNS topic (one confirmed, one pending
//                                                subscription)
//   222222222222 log-archive  Security         owns the organization's log bucket (cross-account);
//                                                ListBuckets without BucketRegion (GetBucketLocation path);
//                                                owns prod's KMS key (cross-account, rotation off);
//                                                IAM: an IncidentResponse role that may delete log
//                                                objects, an administrator (AdministratorAccess), a
//                                                few harmless principals, policies nobody uses
//   333333333333 prod         Workloads        two trails in eu-west-1 (ListTrails pages), one throttled
//                                                GetTrailStatus that recovers; a tagged data bucket; a
//                                                bucket in a disabled opt-in region (ap-east-1)
//   444444444444 dev          Workloads        GetTrailStatus denied by an SCP (AccessDenied)
//   555555555555 sandbox      Sandbox          AssumeRole refused
//   666666666666 analytics    Sandbox          trail delivering to a bucket outside the organization,
//                                                encrypting with a key outside it too;
//                                                account:ListRegions denied (ec2:DescribeRegions fallback)
//   777777777777 closed       Sandbox          SUSPENDED: recorded, not read
import type { SimAccount, SimIam, SimTrail, World } from "../../../bench/simulated-aws.js";

export const M = "111111111111";
export const L = "222222222222";
export const P = "333333333333";
export const D = "444444444444";
export const S = "555555555555";
export const A = "666666666666";
export const X = "777777777777";
export const ORG = "o-a1b2c3d4e5";
export const ROOT = "r-a1b2";
export const OU_SECURITY = "ou-a1b2-security";
export const OU_WORKLOADS = "ou-a1b2-workload";
export const OU_SANDBOX = "ou-a1b2-sandbox1";

export const SECURITY_TOPIC_ARN = `arn:aws:sns:us-east-1:${M}:security-alarms`;
export const ORG_TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${M}:trail/org-trail`;
export const MGMT_TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${M}:trail/management-events`;
export const PROD_TRAIL_ARN = `arn:aws:cloudtrail:eu-west-1:${P}:trail/prod-trail`;
export const PROD_DATA_ARN = `arn:aws:cloudtrail:eu-west-1:${P}:trail/prod-data`;
export const DEV_TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${D}:trail/dev-trail`;
export const ANALYTICS_TRAIL_ARN = `arn:aws:cloudtrail:us-west-2:${A}:trail/analytics-trail`;

export const ORG_BUCKET = "example-org-cloudtrail";
export const PROD_BUCKET = "example-prod-trail-logs";
export const VENDOR_BUCKET = "vendor-siem-ingest";

export const T0 = new Date("2026-01-05T10:00:00.000Z");
export const T1 = new Date("2026-11-26T09:58:00.000Z");

export const ORG_BUCKET_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "AWSCloudTrailWrite",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `arn:aws:s3:::${ORG_BUCKET}/AWSLogs/*`,
      Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } },
    },
    {
      Sid: "DenyDelete",
      Effect: "Deny",
      Principal: "*",
      Action: ["s3:DeleteObject", "s3:DeleteObjectVersion"],
      Resource: `arn:aws:s3:::${ORG_BUCKET}/*`,
    },
  ],
});

/** AWS's AdministratorAccess, with its real document (default version v1). */
export const ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess";
const ALLOW_ALL = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };

/**
 * The log-archive account's IAM: an IncidentResponse role whose inline policy may delete the
 * organization's log objects, an administrator user (AdministratorAccess), an auditors group
 * reading the logs through a customer managed policy (whose older version, s3:*, is not the default),
 * a log-shipper role under a permissions boundary, and two managed policies nobody uses.
 */
export const LOG_ARCHIVE_IAM: SimIam = {
  users: [
    { UserName: "security-admin", AttachedManagedPolicies: [{ PolicyName: "AdministratorAccess", PolicyArn: ADMINISTRATOR_ACCESS }] },
    { UserName: "auditor-bob", Path: "/audit/", GroupList: ["Auditors"] },
  ],
  groups: [{ GroupName: "Auditors", Path: "/audit/", AttachedManagedPolicies: [{ PolicyName: "LogReader", PolicyArn: `arn:aws:iam::${L}:policy/LogReader` }] }],
  roles: [
    {
      RoleName: "IncidentResponse",
      RolePolicyList: [
        {
          PolicyName: "LogBucketCleanup",
          PolicyDocument: {
            Version: "2012-10-17",
            Statement: [{ Sid: "DeleteLogObjects", Effect: "Allow", Action: "s3:DeleteObject", Resource: `arn:aws:s3:::${ORG_BUCKET}/*` }],
          },
        },
      ],
      Tags: [{ Key: "team", Value: "security" }],
    },
    {
      RoleName: "LogShipper",
      RolePolicyList: [
        {
          PolicyName: "ShipLogs",
          PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: [`arn:aws:s3:::${ORG_BUCKET}`, `arn:aws:s3:::${ORG_BUCKET}/*`] }] },
        },
      ],
      PermissionsBoundary: { PermissionsBoundaryArn: `arn:aws:iam::${L}:policy/ReadOnlyBoundary` },
    },
  ],
  policies: [
    { PolicyName: "AdministratorAccess", Arn: ADMINISTRATOR_ACCESS, Document: ALLOW_ALL },
    {
      PolicyName: "LogReader",
      Arn: `arn:aws:iam::${L}:policy/LogReader`,
      Document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: [`arn:aws:s3:::${ORG_BUCKET}`, `arn:aws:s3:::${ORG_BUCKET}/*`] }] },
      olderVersions: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }],
    },
    {
      PolicyName: "ReadOnlyBoundary",
      Arn: `arn:aws:iam::${L}:policy/ReadOnlyBoundary`,
      Document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:Get*", "s3:List*"], Resource: "*" }] },
    },
    {
      PolicyName: "LegacyLogAdmin",
      Arn: `arn:aws:iam::${L}:policy/LegacyLogAdmin`,
      Document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: `arn:aws:s3:::${ORG_BUCKET}/*` }] },
    },
    {
      PolicyName: "AmazonS3FullAccess",
      Arn: "arn:aws:iam::aws:policy/AmazonS3FullAccess",
      Document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:*", "s3-object-lambda:*"], Resource: "*" }] },
    },
  ],
  pageSize: 3,
};

export const ORG_KEY_ARN = `arn:aws:kms:us-east-1:${M}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const PROD_KEY_ARN = `arn:aws:kms:eu-west-1:${L}:key/5678efab-56ef-78ab-90cd-5678901234ef`;
export const VENDOR_KEY_ARN = "arn:aws:kms:us-west-2:999988887777:key/9abc0123-9abc-0123-4567-9abc01234567";

/** The key policy the CloudTrail console writes, for the trails of `accounts`. */
export function keyPolicy(owner: string, accounts: string[]): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${owner}:root` }, Action: "kms:*", Resource: "*" },
      {
        Sid: "Allow CloudTrail to encrypt logs",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "kms:GenerateDataKey*",
        Resource: "*",
        Condition: { StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": accounts.map((a) => `arn:aws:cloudtrail:*:${a}:trail/*`) } },
      },
      { Sid: "Allow CloudTrail to describe key", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:DescribeKey", Resource: "*" },
    ],
  });
}

const logging = { IsLogging: true, StartLoggingTime: T0, LatestDeliveryTime: T1, TimeLoggingStarted: "2026-01-05T10:00:00Z" };
/** A trail wired to CloudWatch Logs that delivered two minutes before the collection. */
const delivering = (t: SimTrail): SimTrail => ({ ...t, status: { ...t.status, LatestCloudWatchLogsDeliveryTime: T1 } });

function trail(arn: string, fields: Record<string, unknown>, extra: Partial<SimTrail> = {}): SimTrail {
  const [, , , region, , resource] = arn.split(":");
  return {
    trail: {
      Name: resource!.slice("trail/".length),
      TrailARN: arn,
      HomeRegion: region!,
      IncludeGlobalServiceEvents: true,
      IsMultiRegionTrail: true,
      LogFileValidationEnabled: true,
      HasCustomEventSelectors: false,
      HasInsightSelectors: false,
      IsOrganizationTrail: false,
      ...fields,
    },
    status: { ...logging },
    ...extra,
  };
}

function account(Id: string, Name: string, parent: string, fields: Partial<SimAccount> = {}): SimAccount {
  return {
    Id,
    Name,
    Email: `aws+${Name}@example.com`,
    Status: "ACTIVE",
    JoinedTimestamp: new Date("2025-03-01T08:00:00.000Z"),
    parent,
    regions: ["eu-west-1", "us-east-1", "us-west-2"],
    trails: [],
    buckets: [],
    logGroups: [],
    ...fields,
  };
}

export function exampleWorld(): World {
  return {
    partition: "aws",
    organization: { Id: ORG, MasterAccountId: M, FeatureSet: "ALL" },
    roots: [{ Id: ROOT, Name: "Root" }],
    ous: [
      { Id: OU_SECURITY, Name: "Security", parent: ROOT },
      { Id: OU_WORKLOADS, Name: "Workloads", parent: ROOT },
      { Id: OU_SANDBOX, Name: "Sandbox", parent: OU_WORKLOADS },
    ],
    pageSize: { accounts: 2, trails: 2 },
    delegatedAdministrators: [],
    scps: [
      {
        Id: "p-FullAWSAccess",
        Name: "FullAWSAccess",
        Content: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
        targets: [{ TargetId: ROOT, Name: "Root", Type: "ROOT" }],
      },
      {
        Id: "p-protectct1",
        Name: "ProtectCloudTrail",
        Content: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Deny", Action: ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:GetTrailStatus"], Resource: "*" }],
        }),
        targets: [{ TargetId: D, Name: "dev", Type: "ACCOUNT" }],
      },
    ],
    rcps: [
      {
        Id: "p-RCPFullAWSAccess",
        Name: "RCPFullAWSAccess",
        Content: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] }),
        targets: [{ TargetId: ROOT, Name: "Root", Type: "ROOT" }],
      },
    ],
    accounts: [
      account(M, "management", ROOT, {
        trails: [
          trail(
            ORG_TRAIL_ARN,
            { S3BucketName: ORG_BUCKET, IsOrganizationTrail: true, HasInsightSelectors: true, KmsKeyId: ORG_KEY_ARN },
            { insightSelectors: [{ InsightType: "ApiCallRateInsight" }], tags: [{ Key: "owner", Value: "security" }] },
          ),
          delivering(trail(MGMT_TRAIL_ARN, {
            S3BucketName: ORG_BUCKET,
            S3KeyPrefix: "management",
            CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${M}:log-group:cloudtrail/management:*`,
            CloudWatchLogsRoleArn: `arn:aws:iam::${M}:role/CloudTrailToCloudWatch`,
          })),
        ],
        kmsKeys: [{ Arn: ORG_KEY_ARN, rotation: true, policy: keyPolicy(M, [M]), CreationDate: new Date("2025-03-02T09:00:00.000Z"), Description: "organization trail" }],
        logGroups: [
          {
            logGroupName: "cloudtrail/management",
            region: "us-east-1",
            creationTime: 1767607200000,
            retentionInDays: 365,
            metricFilters: [
              {
                filterName: "root-usage",
                filterPattern: '{ $.userIdentity.type = "Root" }',
                metricTransformations: [{ metricName: "RootUsage", metricNamespace: "CISBenchmark", metricValue: "1" }],
              },
            ],
          },
        ],
        alarms: [
          {
            region: "us-east-1",
            AlarmName: "root-usage",
            MetricName: "RootUsage",
            Namespace: "CISBenchmark",
            Statistic: "Sum",
            Period: 300,
            EvaluationPeriods: 1,
            Threshold: 1,
            ComparisonOperator: "GreaterThanOrEqualToThreshold",
            AlarmActions: [SECURITY_TOPIC_ARN],
          },
        ],
        snsTopics: [
          {
            TopicArn: SECURITY_TOPIC_ARN,
            subscriptions: [
              { SubscriptionArn: `${SECURITY_TOPIC_ARN}:4f1c2a9e-0d2b-4c1e-9a51-7b3e2f6d8c10`, Protocol: "email", Endpoint: "security@example.com" },
              { SubscriptionArn: "PendingConfirmation", Protocol: "email", Endpoint: "oncall@example.com" },
            ],
          },
        ],
      }),
      account(L, "log-archive", OU_SECURITY, {
        legacyListBuckets: true,
        buckets: [
          {
            Name: ORG_BUCKET,
            Region: "us-east-1",
            CreationDate: new Date("2025-03-02T09:00:00.000Z"),
            policy: ORG_BUCKET_POLICY,
            objectLock: { ObjectLockEnabled: "Enabled", Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: 365 } } },
            versioning: { Status: "Enabled", MFADelete: "Disabled" },
            publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
            tags: [{ Key: "data-classification", Value: "internal" }],
            ownershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
          },
        ],
        kmsKeys: [{ Arn: PROD_KEY_ARN, rotation: false, policy: keyPolicy(L, [P]), CreationDate: new Date("2025-04-01T00:00:00.000Z") }],
        publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
        iam: LOG_ARCHIVE_IAM,
      }),
      account(P, "prod", OU_WORKLOADS, {
        trails: [
          delivering(trail(PROD_TRAIL_ARN, {
            S3BucketName: PROD_BUCKET,
            KmsKeyId: PROD_KEY_ARN,
            CloudWatchLogsLogGroupArn: `arn:aws:logs:eu-west-1:${P}:log-group:prod-trail:*`,
            CloudWatchLogsRoleArn: `arn:aws:iam::${P}:role/CloudTrailToCloudWatch`,
          })),
          trail(
            PROD_DATA_ARN,
            { S3BucketName: PROD_BUCKET, S3KeyPrefix: "data", IsMultiRegionTrail: false, IncludeGlobalServiceEvents: false, HasCustomEventSelectors: true },
            {
              advancedEventSelectors: [
                {
                  Name: "customer data objects",
                  FieldSelectors: [
                    { Field: "eventCategory", Equals: ["Data"] },
                    { Field: "resources.type", Equals: ["AWS::S3::Object"] },
                    { Field: "resources.ARN", StartsWith: ["arn:aws:s3:::example-prod-customer-data/"] },
                  ],
                },
              ],
              tags: [{ Key: "team", Value: "data" }],
            },
          ),
        ],
        buckets: [
          {
            Name: PROD_BUCKET,
            Region: "eu-west-1",
            CreationDate: new Date("2025-04-01T00:00:00.000Z"),
            // A public-read ACL left from an old set-up, neutralised by the account's IgnorePublicAcls.
            acl: {
              Owner: { ID: `canonical-${P}` },
              Grants: [
                { Grantee: { ID: `canonical-${P}`, Type: "CanonicalUser" }, Permission: "FULL_CONTROL" },
                { Grantee: { Type: "Group", URI: "http://acs.amazonaws.com/groups/global/AllUsers" }, Permission: "READ" },
              ],
            },
          },
          {
            Name: "example-prod-customer-data",
            Region: "eu-west-1",
            CreationDate: new Date("2025-04-02T00:00:00.000Z"),
            tags: [
              { Key: "data-classification", Value: "confidential" },
              { Key: "team", Value: "data" },
            ],
          },
          { Name: "example-prod-hk-archive", Region: "ap-east-1", CreationDate: new Date("2025-05-01T00:00:00.000Z") },
        ],
        logGroups: [{ logGroupName: "prod-trail", region: "eu-west-1", creationTime: 1767607200000 }],
        publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false },
      }),
      account(D, "dev", OU_WORKLOADS, {
        trails: [
          delivering(trail(DEV_TRAIL_ARN, {
            S3BucketName: ORG_BUCKET,
            S3KeyPrefix: "dev",
            CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${D}:log-group:dev-trail:*`,
            CloudWatchLogsRoleArn: `arn:aws:iam::${D}:role/CloudTrailToCloudWatch`,
          })),
        ],
        logGroups: [{ logGroupName: "dev-trail", region: "us-east-1", creationTime: 1767607200000, retentionInDays: 30 }],
      }),
      account(S, "sandbox", OU_SANDBOX, { denyAssumeRole: true }),
      account(A, "analytics", OU_SANDBOX, {
        trails: [trail(ANALYTICS_TRAIL_ARN, { S3BucketName: VENDOR_BUCKET, IsMultiRegionTrail: false, KmsKeyId: VENDOR_KEY_ARN })],
      }),
      account(X, "closed", OU_SANDBOX, { Status: "SUSPENDED" }),
    ],
  };
}
