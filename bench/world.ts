// The organization `npm run bench` collects from: N accounts over 31 OUs, each with 2–4 trails of
// its own, 3–5 buckets and usually a KMS key, plus the management account's organization trail and
// the log-archive account's central bucket and key. Deterministic for a seed; the tests of sharded
// collection use it too (test/sources/aws/shard.test.ts).
import type { SimAccount, SimBucket, SimKmsKey, SimTrail, World } from "./simulated-aws.js";

export const ALL_REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "ca-central-1",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-central-1",
  "eu-north-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-south-1",
  "sa-east-1",
];

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateWorld(options: { accounts: number; regions: number; trails: number; seed: number }): World {
  const rand = random(options.seed);
  const pickOne = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const regions = ALL_REGIONS.slice(0, options.regions);
  const id = (n: number) => String(100000000000 + n);
  const management = id(0);
  const centralBucket = "org-cloudtrail-logs-central";
  // KMS keys, decided from the account number (not from `rand`, so the rest of the world stays as it
  // was): the log-archive account's central key encrypts the organization trail and the trails that
  // write to the central bucket; four accounts in five have a key of their own, in their own
  // bucket's region, for the trails that write there.
  const centralKey = `arn:aws:kms:us-east-1:${id(1)}:key/00000000-0000-4000-8000-000000000001`;
  const keyPolicy = (owner: string) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${owner}:root` }, Action: "kms:*", Resource: "*" },
        {
          Sid: "Allow CloudTrail to encrypt logs",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "kms:GenerateDataKey*",
          Resource: "*",
          Condition: { StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${owner === id(1) ? "*" : owner}:trail/*` } },
        },
      ],
    });
  const ous: World["ous"] = [];
  for (let i = 0; i < 10; i++) {
    ous.push({ Id: `ou-root-${String(i).padStart(8, "0")}`, Name: `Unit ${i}`, parent: "r-root" });
    for (let j = 0; j < 2; j++) ous.push({ Id: `ou-root-${String(i * 10 + j + 100).padStart(8, "0")}`, Name: `Unit ${i}.${j}`, parent: `ou-root-${String(i).padStart(8, "0")}` });
  }
  const leafOus = ous.filter((ou) => ou.parent !== "r-root");
  const created = new Date("2025-01-01T00:00:00Z");
  const accounts: SimAccount[] = [];
  for (let n = 0; n < options.accounts; n++) {
    const accountId = id(n);
    const trails: SimTrail[] = [];
    const buckets: SimBucket[] = [];
    const logGroups: SimAccount["logGroups"] = [];
    const ownBucket = `acct-${accountId}-trail-logs`;
    const ownBucketRegion = pickOne(regions);
    buckets.push({ Name: ownBucket, Region: ownBucketRegion, CreationDate: created, versioning: { Status: "Enabled" } });
    const kmsKeys: SimKmsKey[] = [];
    const ownKey = n % 5 !== 0 ? `arn:aws:kms:${ownBucketRegion}:${accountId}:key/00000000-0000-4000-8000-${accountId}` : undefined;
    if (ownKey) kmsKeys.push({ Arn: ownKey, rotation: n % 3 !== 0, policy: keyPolicy(accountId), CreationDate: created });
    if (n === 1) kmsKeys.push({ Arn: centralKey, rotation: true, policy: keyPolicy(accountId), CreationDate: created });
    if (n === 0) {
      trails.push({
        trail: {
          Name: "organization-trail",
          TrailARN: `arn:aws:cloudtrail:us-east-1:${accountId}:trail/organization-trail`,
          HomeRegion: "us-east-1",
          S3BucketName: centralBucket,
          KmsKeyId: centralKey,
          IsMultiRegionTrail: true,
          IncludeGlobalServiceEvents: true,
          IsOrganizationTrail: true,
          HasInsightSelectors: true,
          LogFileValidationEnabled: true,
        },
        status: { IsLogging: true, LatestDeliveryTime: created },
        insightSelectors: [{ InsightType: "ApiCallRateInsight" }],
        tags: [{ Key: "owner", Value: "security" }],
      });
    }
    if (n === 1) {
      buckets.push({
        Name: centralBucket,
        Region: "us-east-1",
        CreationDate: created,
        objectLock: { ObjectLockEnabled: "Enabled", Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: 365 } } },
        versioning: { Status: "Enabled" },
      });
    }
    // About `trails` own trails: one multi-region, the rest single-region; at most one with Insights.
    const count = Math.max(1, options.trails + Math.floor(rand() * 3) - 1);
    const insightsOn = rand() < 0.2 ? 0 : -1;
    for (let t = 0; t < count; t++) {
      const home = t === 0 ? pickOne(regions) : pickOne(regions);
      const name = `trail-${t}`;
      const wired = t === 0 && rand() < 0.5;
      const advanced = rand() < 0.3;
      const bucket = rand() < 0.5 ? ownBucket : centralBucket;
      const key = bucket === centralBucket ? centralKey : ownKey;
      trails.push({
        trail: {
          Name: name,
          TrailARN: `arn:aws:cloudtrail:${home}:${accountId}:trail/${name}`,
          HomeRegion: home,
          S3BucketName: bucket,
          ...(key ? { KmsKeyId: key } : {}),
          IsMultiRegionTrail: t === 0,
          IncludeGlobalServiceEvents: t === 0,
          IsOrganizationTrail: false,
          HasInsightSelectors: t === insightsOn,
          HasCustomEventSelectors: advanced,
          LogFileValidationEnabled: true,
          ...(wired
            ? {
                CloudWatchLogsLogGroupArn: `arn:aws:logs:${home}:${accountId}:log-group:cloudtrail/${name}:*`,
                CloudWatchLogsRoleArn: `arn:aws:iam::${accountId}:role/CloudTrailToCloudWatch`,
              }
            : {}),
        },
        status: { IsLogging: rand() < 0.95, LatestDeliveryTime: created, ...(wired ? { LatestCloudWatchLogsDeliveryTime: created } : {}) },
        ...(advanced
          ? {
              advancedEventSelectors: [
                { Name: "management", FieldSelectors: [{ Field: "eventCategory", Equals: ["Management"] }] },
                {
                  Name: "data",
                  FieldSelectors: [
                    { Field: "eventCategory", Equals: ["Data"] },
                    { Field: "resources.type", Equals: ["AWS::S3::Object"] },
                  ],
                },
              ],
            }
          : {}),
        ...(t === insightsOn ? { insightSelectors: [{ InsightType: "ApiErrorRateInsight" }] } : {}),
        tags: [{ Key: "team", Value: `team-${n % 50}` }],
      });
      if (wired) {
        logGroups.push({
          logGroupName: `cloudtrail/${name}`,
          region: home,
          creationTime: created.getTime(),
          retentionInDays: 365,
          metricFilters: [{ filterName: "root-usage", filterPattern: '{ $.userIdentity.type = "Root" }', metricTransformations: [] }],
        });
      }
    }
    const dataBuckets = 2 + Math.floor(rand() * 3);
    for (let b = 0; b < dataBuckets; b++) {
      buckets.push({
        Name: `acct-${accountId}-data-${b}`,
        Region: pickOne(regions),
        CreationDate: created,
        ...(rand() < 0.3 ? { tags: [{ Key: "data-classification", Value: pickOne(["confidential", "internal", "restricted"]) }] } : {}),
      });
    }
    accounts.push({
      Id: accountId,
      Name: n === 0 ? "management" : n === 1 ? "log-archive" : `workload-${n}`,
      Email: `aws+${accountId}@example.com`,
      Status: "ACTIVE",
      JoinedTimestamp: created,
      parent: n < 2 ? "r-root" : pickOne(leafOus).Id,
      regions,
      trails,
      buckets,
      logGroups,
      kmsKeys,
    });
  }
  return {
    partition: "aws",
    organization: { Id: "o-benchmark01", MasterAccountId: management, FeatureSet: "ALL" },
    roots: [{ Id: "r-root", Name: "Root" }],
    ous,
    accounts,
    delegatedAdministrators: [],
    scps: [
      {
        Id: "p-FullAWSAccess",
        Name: "FullAWSAccess",
        Content: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
        targets: [{ TargetId: "r-root", Name: "Root", Type: "ROOT" }],
      },
      {
        Id: "p-protectlogs",
        Name: "ProtectLogs",
        Content: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: ["s3:DeleteObject", "cloudtrail:StopLogging"], Resource: "*" }] }),
        targets: leafOus.slice(0, 5).map((ou) => ({ TargetId: ou.Id, Name: ou.Name, Type: "ORGANIZATIONAL_UNIT" as const })),
      },
    ],
    pageSize: { accounts: 20, trails: 50 },
  };
}

