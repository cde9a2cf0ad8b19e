// S3: the tags of every bucket of an account, with tag:GetResources(s3) in each region that holds
// buckets; the full read of a log bucket, in the account that owns it: s3:GetBucketPolicy,
// GetObjectLockConfiguration, GetBucketVersioning, GetPublicAccessBlock, GetBucketAcl,
// GetBucketLogging, GetBucketEncryption, GetBucketTagging, GetBucketOwnershipControls
// (GetBucketLocation only without BucketRegion).
import { GetResourcesCommand, type GetResourcesCommandOutput } from "@aws-sdk/client-resource-groups-tagging-api";
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  type GetBucketAclCommandOutput,
  type GetBucketEncryptionCommandOutput,
  type GetBucketLocationCommandOutput,
  type GetBucketLoggingCommandOutput,
  type GetBucketOwnershipControlsCommandOutput,
  type GetBucketPolicyCommandOutput,
  type GetBucketTaggingCommandOutput,
  type GetBucketVersioningCommandOutput,
  type GetObjectLockConfigurationCommandOutput,
  type GetPublicAccessBlockCommandOutput,
} from "@aws-sdk/client-s3";
import type { AclGrant, Tag } from "../../model/snapshot.js";
import { PUBLIC_ACCESS_BLOCK_FIELDS, arnParts, normalizeLocation, pick, plain } from "./shape.js";
import { REGION, accept, bool, int, list, oneOf, shape, str, tag, type Spec } from "./normalize.js";
import type { Bucket, Target } from "./target.js";

// What each answer must look like (normalize.ts); anything else fails that read and leaves its
// field unknown. GetBucketVersioning's and GetBucketLogging's empty answers are AWS's own "never
// enabled" and "off"; every other read here answers "not configured" with an error code.
const TAGS = list(tag);
const LOCATION: Spec = (value, path) =>
  shape({ LocationConstraint: (v, p) => (v === "" || v === "EU" || (typeof v === "string" && REGION.test(v)) ? undefined : `${p}=${JSON.stringify(v)}`) })(value, path);
const POLICY = shape({ Policy: str }, ["Policy"]);
const RETENTION: Spec = (value, path) => {
  const problem = shape({ Mode: oneOf("GOVERNANCE", "COMPLIANCE"), Days: int(1), Years: int(1) })(value, path);
  if (problem) return problem;
  const r = value as { Days?: unknown; Years?: unknown };
  // AWS takes Days or Years, never both.
  if (r.Days != null && r.Years != null) return `${path}.Days=${String(r.Days)} and ${path}.Years=${String(r.Years)}`;
  return undefined;
};
const OBJECT_LOCK = shape(
  { ObjectLockConfiguration: shape({ ObjectLockEnabled: oneOf("Enabled"), Rule: shape({ DefaultRetention: RETENTION }) }) },
  ["ObjectLockConfiguration"],
);
const VERSIONING = shape({ Status: oneOf("Enabled", "Suspended"), MFADelete: oneOf("Enabled", "Disabled") });
const PUBLIC_ACCESS_BLOCK = shape(
  { PublicAccessBlockConfiguration: shape({ BlockPublicAcls: bool, IgnorePublicAcls: bool, BlockPublicPolicy: bool, RestrictPublicBuckets: bool }) },
  ["PublicAccessBlockConfiguration"],
);
const GRANTEE = shape(
  { Type: oneOf("CanonicalUser", "Group", "AmazonCustomerByEmail"), ID: str, DisplayName: str, URI: str, EmailAddress: str },
  ["Type"],
);
const GRANT = shape({ Grantee: GRANTEE, Permission: oneOf("FULL_CONTROL", "WRITE", "WRITE_ACP", "READ", "READ_ACP") }, ["Grantee", "Permission"]);
const ACL = shape({ Owner: shape({ ID: str, DisplayName: str }), Grants: list(GRANT) }, ["Grants"]);
const OWNERSHIP = shape(
  { OwnershipControls: shape({ Rules: list(shape({ ObjectOwnership: oneOf("BucketOwnerEnforced", "BucketOwnerPreferred", "ObjectWriter") }, ["ObjectOwnership"])) }, ["Rules"]) },
  ["OwnershipControls"],
);
const LOGGING = shape({ LoggingEnabled: shape({ TargetBucket: str, TargetPrefix: str }, ["TargetBucket"]) });
const ENCRYPTION = shape({ ServerSideEncryptionConfiguration: shape({ Rules: list(shape({ BucketKeyEnabled: bool })) }, ["Rules"]) }, ["ServerSideEncryptionConfiguration"]);
const TAGGING = shape({ TagSet: TAGS }, ["TagSet"]);
const TAG_MAPPING = shape({ ResourceARN: str, Tags: TAGS });
import type { CollectOptions } from "./types.js";

/**
 * Every bucket of the account with its region and tags, for the data-events check. Tags come from
 * tag:GetResources(s3), one call per region that holds buckets (ListBuckets gives each bucket's
 * region), instead of one GetBucketTagging per bucket. Buckets in a region that is not enabled for
 * the account (an opt-in region turned off) cannot be read: that is recorded, not guessed.
 */
export async function readBucketTags(target: Target, options: CollectOptions, globalRegion: string): Promise<void> {
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
      const location = await locate(target, bucket.Name, globalRegion);
      if (location === undefined) return;
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
        { region, list: { name: "ResourceTagMappingList", item: TAG_MAPPING } },
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

/** GetBucketLocation, checked; undefined when it failed (recorded). */
async function locate(target: Target, name: string, globalRegion: string): Promise<GetBucketLocationCommandOutput | undefined> {
  const on = { region: globalRegion, resource: name };
  const answer = await target.session.call<GetBucketLocationCommandOutput>("s3", new GetBucketLocationCommand({ Bucket: name }), on);
  return answer ? accept<GetBucketLocationCommandOutput>(target.session.errors, "s3", "GetBucketLocation", on, answer, LOCATION) : undefined;
}

/** The full read of a bucket a trail delivers to, in the account that owns it. */
export async function readLogBucket(target: Target, name: string, knownRegion: string | undefined, globalRegion: string): Promise<void> {
  const { session, account } = target;
  const bucket: Bucket = target.bucketRecords.get(name) ?? { Name: name };
  target.bucketRecords.set(name, bucket);
  if (target.buckets?.some((b) => b.Name === name)) bucket.ownerAccountId = account.Id;
  let region = knownRegion ?? bucket.Region;
  if (!region) {
    const location = await locate(target, name, globalRegion);
    if (location === undefined) return;
    region = normalizeLocation(location.LocationConstraint);
  }
  bucket.Region = region;
  const on = { region, resource: name };
  const input = { Bucket: name };
  const answers = await Promise.all([
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
    session.call<GetBucketOwnershipControlsCommandOutput>("s3", new GetBucketOwnershipControlsCommand(input), {
      ...on,
      tolerate: ["OwnershipControlsNotFoundError"],
    }),
  ]);
  // null: AWS's "not configured" (a tolerated error code); undefined: failed, or not as documented.
  const checked = <T>(operation: string, answer: T | null | undefined, spec: Spec): T | null | undefined =>
    answer === null ? null : answer === undefined ? undefined : accept<T>(session.errors, "s3", operation, on, answer, spec);
  const policy = checked("GetBucketPolicy", answers[0], POLICY);
  const lock = checked("GetObjectLockConfiguration", answers[1], OBJECT_LOCK);
  const versioning = checked("GetBucketVersioning", answers[2], VERSIONING);
  const pab = checked("GetPublicAccessBlock", answers[3], PUBLIC_ACCESS_BLOCK);
  const acl = checked("GetBucketAcl", answers[4], ACL);
  const logging = checked("GetBucketLogging", answers[5], LOGGING);
  const encryption = checked("GetBucketEncryption", answers[6], ENCRYPTION);
  const tagging = checked("GetBucketTagging", answers[7], TAGGING);
  const ownership = checked("GetBucketOwnershipControls", answers[8], OWNERSHIP);
  if (policy !== undefined) bucket.policy = policy?.Policy ?? null;
  if (lock !== undefined) bucket.objectLockConfiguration = lock?.ObjectLockConfiguration ? plain(lock.ObjectLockConfiguration) : null;
  if (versioning !== undefined) bucket.versioning = versioning ? pick(versioning, ["Status", "MFADelete"]) : null;
  if (pab !== undefined) {
    bucket.publicAccessBlock = pab?.PublicAccessBlockConfiguration ? pick(pab.PublicAccessBlockConfiguration, PUBLIC_ACCESS_BLOCK_FIELDS) : null;
  }
  if (acl) {
    bucket.acl = {
      ...(acl.Owner ? { Owner: pick(acl.Owner, ["ID", "DisplayName"]) } : {}),
      Grants: (acl.Grants ?? []).map((g) => ({ Grantee: pick(g.Grantee, ["Type", "ID", "DisplayName", "URI", "EmailAddress"]), Permission: g.Permission }) as AclGrant),
    };
  }
  if (ownership !== undefined) {
    bucket.ownershipControls = ownership?.OwnershipControls
      ? { Rules: (ownership.OwnershipControls.Rules ?? []).map((r) => ({ ObjectOwnership: r.ObjectOwnership as "BucketOwnerEnforced" })) }
      : null;
  }
  if (logging !== undefined) bucket.logging = logging?.LoggingEnabled ? plain(logging.LoggingEnabled) : null;
  if (encryption !== undefined) bucket.encryption = encryption?.ServerSideEncryptionConfiguration ? plain(encryption.ServerSideEncryptionConfiguration) : null;
  if (tagging !== undefined) bucket.tags = plain(tagging?.TagSet ?? []);
}
