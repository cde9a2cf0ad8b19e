// Entering an account: sts:AssumeRole (members; the caller's own account is read with its own
// credentials), then the account-wide lists: account:ListRegions (fallback ec2:DescribeRegions);
// cloudtrail:ListTrails (every trail of every region, organization trails included);
// s3:ListBuckets (owner and region of every bucket).
import { ListRegionsCommand, type ListRegionsResponse } from "@aws-sdk/client-account";
import { ListTrailsCommand, type ListTrailsCommandOutput, type TrailInfo } from "@aws-sdk/client-cloudtrail";
import { DescribeRegionsCommand, type DescribeRegionsCommandOutput } from "@aws-sdk/client-ec2";
import { ListBucketsCommand, type Bucket as S3Bucket, type ListBucketsCommandOutput } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, type AssumeRoleCommandOutput } from "@aws-sdk/client-sts";
import type { CollectionError, Partition } from "../../model/snapshot.js";
import type { AccountSession } from "./session.js";
import { accept, list, matching, region, shape, str, time } from "./normalize.js";
import { DEFAULTS, type Target } from "./target.js";
import type { CollectOptions } from "./types.js";

const ENABLED_REGION_STATUSES = ["ENABLED", "ENABLED_BY_DEFAULT"] as const;

// What the answers must look like (normalize.ts): anything else fails the read.
const CREDENTIALS = shape(
  { Credentials: shape({ AccessKeyId: str, SecretAccessKey: str, SessionToken: str, Expiration: time }, ["AccessKeyId", "SecretAccessKey"]) },
  ["Credentials"],
);
const TRAIL_ARN = /^arn:aws(-us-gov|-cn)?:cloudtrail:[a-z0-9-]+:\d{12}:trail\/.+$/;
export const TRAIL_INFO = shape({ TrailARN: matching(TRAIL_ARN), Name: str, HomeRegion: region }, ["TrailARN"]);
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const LISTED_BUCKET = shape({ Name: matching(BUCKET_NAME), BucketRegion: region, CreationDate: time }, ["Name"]);
const REGION_ENTRY = shape({ RegionName: region, RegionOptStatus: str }, ["RegionName"]);
const DESCRIBE_REGIONS = shape({ Regions: list(shape({ RegionName: region, OptInStatus: str }, ["RegionName"])) }, ["Regions"]);

/**
 * sts:AssumeRole into the account; true when the session has credentials. A refusal (or an answer
 * without usable credentials) is recorded as the account's AssumeRole error, saying that the
 * caller cannot enter the account, through which role, and AWS's own code and message.
 */
async function assumeRole(session: AccountSession, roleArn: string, options: CollectOptions, globalRegion: string): Promise<boolean> {
  const before = session.errors.length;
  const answer = await session.call<AssumeRoleCommandOutput>(
    "sts",
    new AssumeRoleCommand({
      RoleArn: roleArn,
      RoleSessionName: options.roleSessionName ?? DEFAULTS.roleSessionName,
      ...(options.externalId !== undefined ? { ExternalId: options.externalId } : {}),
    }),
    { region: globalRegion, base: true },
  );
  const assumed = answer ? accept<AssumeRoleCommandOutput>(session.errors, "sts", "AssumeRole", { region: globalRegion }, answer, CREDENTIALS) : undefined;
  const c = assumed?.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) {
    for (const error of session.errors.slice(before)) {
      if (error.operation === "AssumeRole" && !error.message.includes("cannot enter account")) {
        error.message = `${error.message} (the caller cannot enter account ${session.accountId}: sts:AssumeRole of ${roleArn} failed)`;
      }
    }
    return false;
  }
  const expiration = c.Expiration !== undefined ? new Date(c.Expiration) : undefined;
  session.setCredentials(
    {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
      ...(expiration ? { expiration } : {}),
    },
    expiration,
  );
  return true;
}

/** AssumeRole (members), then the account-wide lists: regions, trails, buckets. */
export async function enter(target: Target, options: CollectOptions, partition: Partition, globalRegion: string): Promise<void> {
  const { session, account } = target;
  if (!session.ready) {
    const roleArn = `arn:${partition}:iam::${account.Id}:role/${options.roleName ?? DEFAULTS.roleName}`;
    const assume = () => assumeRole(session, roleArn, options, globalRegion);
    if (!(await assume())) return;
    // Assumed credentials expire (an hour by default): the session assumes the role again, once per
    // set of credentials, when they are about to or an answer says they have (session.ts).
    session.renew = assume;
  }
  const [regions, listed, buckets] = await Promise.all([
    options.regions && options.regions.length > 0 ? Promise.resolve([...options.regions]) : readRegions(session, globalRegion),
    session.paginate<ListTrailsCommandOutput, TrailInfo>(
      "cloudtrail",
      (NextToken) => new ListTrailsCommand(NextToken ? { NextToken } : {}),
      (page) => ({ items: page.Trails, next: page.NextToken }),
      { region: globalRegion, list: { name: "Trails", item: TRAIL_INFO } },
    ),
    session.paginate<ListBucketsCommandOutput, S3Bucket>(
      "s3",
      (ContinuationToken) => new ListBucketsCommand({ MaxBuckets: 1000, ...(ContinuationToken ? { ContinuationToken } : {}) }),
      (page) => ({ items: page.Buckets, next: page.ContinuationToken }),
      { region: globalRegion, list: { name: "Buckets", item: LISTED_BUCKET } },
    ),
  ]);
  if (regions) account.regions = regions;
  if (listed) target.listed = listed;
  if (buckets) target.buckets = buckets;
  else target.bucketsFailed = true;
}

/** Enabled regions: account:ListRegions, else ec2:DescribeRegions; both errors kept only if both fail. */
export async function readRegions(session: AccountSession, region: string): Promise<string[] | undefined> {
  const scratch: CollectionError[] = [];
  const listed = await session.paginate<ListRegionsResponse, { RegionName?: string }>(
    "account",
    (NextToken) => new ListRegionsCommand({ RegionOptStatusContains: [...ENABLED_REGION_STATUSES], MaxResults: 50, ...(NextToken ? { NextToken } : {}) }),
    (page) => ({ items: page.Regions, next: page.NextToken }),
    { region, errors: scratch, list: { name: "Regions", item: REGION_ENTRY } },
  );
  if (listed) return [...new Set(listed.flatMap((r) => (r.RegionName ? [r.RegionName] : [])))].sort();
  const answer = await session.call<DescribeRegionsCommandOutput>("ec2", new DescribeRegionsCommand({}), { region, errors: scratch });
  const described = answer ? accept<DescribeRegionsCommandOutput>(scratch, "ec2", "DescribeRegions", { region }, answer, DESCRIBE_REGIONS) : undefined;
  if (described?.Regions) return [...new Set(described.Regions.flatMap((r) => (r.RegionName ? [r.RegionName] : [])))].sort();
  session.errors.push(...scratch);
  return undefined;
}
