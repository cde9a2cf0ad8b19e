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
import type { AccountSession } from "./clients.js";
import { DEFAULTS, type Target } from "./target.js";
import type { CollectOptions } from "./types.js";

const ENABLED_REGION_STATUSES = ["ENABLED", "ENABLED_BY_DEFAULT"] as const;

/** AssumeRole (members), then the account-wide lists: regions, trails, buckets. */
export async function enter(target: Target, options: CollectOptions, partition: Partition, globalRegion: string): Promise<void> {
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

/** Enabled regions: account:ListRegions, else ec2:DescribeRegions; both errors kept only if both fail. */
export async function readRegions(session: AccountSession, region: string): Promise<string[] | undefined> {
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
