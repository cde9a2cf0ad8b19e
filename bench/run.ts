// npm run bench: the live AWS source against an in-process simulated AWS Organization (no network).
//
// The collector runs with its real SDK clients, retry mode and middleware; only the transport is
// replaced (bench/simulated-aws.ts answers after signing, inside the SDK's retry loop). Each call
// waits --latency ms, and a token bucket per account, region and API answers with the service's
// throttling error when it runs dry.
//
// Default throttling rates (requests per second, burst) and where they come from:
//   cloudtrail     10/s, burst 10  CloudTrail quotas page (User Guide, "Quotas in AWS CloudTrail"):
//                                  "Get, describe, and list APIs: 10 transactions per second".
//   account         5/s, burst 5   Account Management quotas page: "Rate of ListRegions requests per
//                                  account: 5 per second, burst to 5 per second".
//   s3, s3control  10/s, burst 10  No published rate for bucket-configuration reads
//                                  (GetBucketPolicy, ...) nor for S3 Control's GetPublicAccessBlock;
//                                  the issue's "around 10/s" is assumed.
//   organizations   5/s, burst 10  Organizations quotas page publishes no request rate (only
//                                  TooManyRequestsException); assumed lower than the others, per the issue.
//   sts           100/s, burst 100 IAM/STS throttle with token buckets (AWS Security Blog, "How to
//                                  monitor and query IAM resources at scale – Part 2") but publish
//                                  no AssumeRole rate; assumed. Every AssumeRole of a collection is
//                                  made by the caller's account, so they all share this one bucket.
//   kms          1000/s, burst 1000 AWS KMS quotas page ("Request quotas"): DescribeKey 2,000/s,
//                                  GetKeyPolicy and GetKeyRotationStatus 1,000/s per account and region;
//                                  the lower one is taken for all three.
//   tag, logs, ec2  5/s, burst 5   No published rate for GetResources / DescribeLogGroups /
//                                  DescribeRegions found; assumed at the low end (CloudWatch Logs
//                                  documents 5 TPS for its read APIs such as FilterLogEvents).
//
// Options (--name=value): accounts (1000), regions (17), trails (3 per account on average),
// latency (80), concurrency (collector default), account-concurrency (collector default),
// rate-<service>=<per second> and burst-<service>=<n>, seed (1), quiet.
// Targets: wall <= 30 s, peak RSS <= 512 MB, 0 accounts lost, CloudTrail calls within budget.
// Exit code 1 when a target is missed.
import { collectWithStats } from "../src/sources/aws/collect.js";
import { createProgressRenderer } from "../src/sources/aws/progress.js";
import { SimulatedAws, simulatorPlugin, type SimAccount, type SimBucket, type SimKmsKey, type SimTrail, type World } from "./simulated-aws.js";

const ALL_REGIONS = [
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

export const DEFAULT_RATES: Record<string, { rate: number; burst: number }> = {
  cloudtrail: { rate: 10, burst: 10 },
  account: { rate: 5, burst: 5 },
  s3: { rate: 10, burst: 10 },
  s3control: { rate: 10, burst: 10 },
  organizations: { rate: 5, burst: 10 },
  sts: { rate: 100, burst: 100 },
  tag: { rate: 5, burst: 5 },
  logs: { rate: 5, burst: 5 },
  ec2: { rate: 5, burst: 5 },
  kms: { rate: 1000, burst: 1000 },
};

function parseArgs(argv: string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unknown argument ${arg} (use --name=value)`);
    args.set(match[1]!, match[2] ?? "true");
  }
  return args;
}

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

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const num = (name: string, fallback: number) => (args.has(name) ? Number(args.get(name)) : fallback);
  const accounts = num("accounts", 1000);
  const latencyMs = num("latency", 80);
  const rates = Object.fromEntries(
    Object.entries(DEFAULT_RATES).map(([service, d]) => [service, { rate: num(`rate-${service}`, d.rate), burst: num(`burst-${service}`, d.burst) }]),
  );
  const world = generateWorld({ accounts, regions: num("regions", 17), trails: num("trails", 3), seed: num("seed", 1) });
  const sim = new SimulatedAws(world);
  const throttled = new Map<string, number>();
  const stageTimes: string[] = [];
  let stageStart = performance.now();
  let stage = "";
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const renderer = createProgressRenderer({ quiet: args.has("quiet"), intervalMs: 5000 });
  const started = performance.now();
  const { snapshot, stats } = await collectWithStats(
    {
      credentials: { accessKeyId: `AKIA${world.organization!.MasterAccountId}`, secretAccessKey: "bench" },
      region: "us-east-1",
      plugins: [simulatorPlugin(sim, { latencyMs, rates, throttled })],
      ...(args.has("concurrency") ? { concurrency: num("concurrency", 32) } : {}),
      ...(args.has("account-concurrency") ? { accountConcurrency: num("account-concurrency", 8) } : {}),
    },
    {
      onProgress: (p) => {
        if (p.stage !== stage) {
          if (stage) stageTimes.push(`${stage} ${((performance.now() - stageStart) / 1000).toFixed(1)} s`);
          stage = p.stage;
          stageStart = performance.now();
        }
        renderer.update(p);
      },
    },
  );
  const wallMs = performance.now() - started;
  renderer.stop();
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);

  // Accounts lost: not in the snapshot, or with any collection error.
  const lost = world.accounts.filter((a) => {
    const found = snapshot.accounts.find((s) => s.Id === a.Id);
    return !found || (found.collectionErrors?.length ?? 0) > 0 || found.trails === undefined;
  });
  const errors = snapshot.accounts.flatMap((a) => a.collectionErrors ?? []);

  // Calls per account by API, and the CloudTrail budget 2 + 4·T (T = trails the account reads).
  const perApi = new Map<string, number[]>();
  let overBudget = 0;
  let worst = "";
  for (const account of snapshot.accounts) {
    const counts = stats.callsByAccount.get(account.Id) ?? new Map<string, number>();
    for (const [api, n] of counts) perApi.set(api, [...(perApi.get(api) ?? []), n]);
    const read = (Array.isArray(account.trails) ? account.trails : []).filter((t) => t.status !== undefined).length;
    const cloudtrail = [...counts].filter(([api]) => api.startsWith("cloudtrail:")).reduce((sum, [, n]) => sum + n, 0);
    if (cloudtrail > 2 + 4 * read) {
      overBudget += 1;
      worst ||= `${account.Id}: ${cloudtrail} CloudTrail calls for ${read} trails`;
    }
  }
  const lines: string[] = [];
  lines.push(`accounts ${accounts} × ${num("regions", 17)} regions, ${world.accounts.reduce((n, a) => n + a.trails.length, 0)} trails, latency ${latencyMs} ms`);
  lines.push(`wall time        ${(wallMs / 1000).toFixed(1)} s`);
  lines.push(`peak RSS         ${(peakRss / 1024 / 1024).toFixed(0)} MB`);
  lines.push(`accounts lost    ${lost.length}${lost.length ? ` (${lost.slice(0, 5).map((a) => a.Id).join(", ")})` : ""}`);
  lines.push(`collection errors ${errors.length}`);
  lines.push(`over CloudTrail budget ${overBudget}${worst ? ` (${worst})` : ""}`);
  lines.push("calls per account by API (mean / max), retries after throttling included:");
  let total = 0;
  for (const [api, values] of [...perApi].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const sum = values.reduce((a, b) => a + b, 0);
    total += sum;
    lines.push(`  ${api.padEnd(36)} ${(sum / snapshot.accounts.length).toFixed(2).padStart(6)} / ${Math.max(...values)}`);
  }
  lines.push(`  ${"total per account".padEnd(36)} ${(total / snapshot.accounts.length).toFixed(2).padStart(6)}`);
  lines.push(`stages: ${stageTimes.join(", ")}`);
  lines.push(`throttled answers: ${[...throttled].map(([api, n]) => `${api} ${n}`).join(", ") || "none"}`);
  lines.push(`organization calls: ${[...stats.organizationCalls].map(([api, n]) => `${api} ${n}`).join(", ")}`);
  const pass = wallMs <= 30_000 && peakRss <= 512 * 1024 * 1024 && lost.length === 0 && overBudget === 0;
  lines.push(pass ? "targets met (≤ 30 s, ≤ 512 MB, 0 lost, within budget)" : "TARGETS MISSED");
  process.stdout.write(`${lines.join("\n")}\n`);
  return pass ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
