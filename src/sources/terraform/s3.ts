// Terraform plan mapping: aws_s3_bucket -> bucket (S3's defaults for what the plan leaves out:
// Block Public Access on, BucketOwnerEnforced, a private ACL, SSE-S3), its split resources
// (aws_s3_bucket_object_lock_configuration, _policy, _versioning, _public_access_block,
// _ownership_controls, _acl, _logging, _server_side_encryption_configuration) joined to the bucket
// by name or by reference, Object Lock settled once versioning is known, and
// aws_s3_account_public_access_block -> the account's publicAccessBlock.
import type { AclGrant, Bucket, ObjectLockConfiguration, PublicAccessBlockConfiguration } from "../../model/snapshot.js";
import { isUnknown } from "../../model/unknown.js";
import { isRecord } from "../../util/records.js";
import type { Mapped } from "../iac-types.js";
import { worstCasePolicy } from "../cloudformation/stand-ins.js";
import { cannedAcl } from "../s3-acl.js";
import { referenced, type PlanResource } from "./resources.js";
import { holedPolicy, mapTags, newMapped, policyOf, propLocation, regionOf, unresolved, type PlanBucket, type PlanMapState } from "./state.js";
import { attr, knownString, placeholder, subtreeUnknown, synthesizedName } from "./values.js";

export function mapBucket(s: PlanMapState, r: PlanResource): PlanBucket {
  const region = regionOf(s, r);
  const name = knownString(r, "bucket") ?? synthesizedName(r, true);
  const m: PlanBucket = newMapped<Bucket>(r, {
    Name: name,
    Region: region,
    ownerAccountId: s.accountId,
    policy: null,
    objectLockConfiguration: null,
    versioning: {},
    publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    // S3's defaults for new buckets: ACLs off (BucketOwnerEnforced), the owner's grant only.
    ownershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
    acl: cannedAcl("private")!,
    tags: [],
    logging: null,
    encryption: { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" }, BucketKeyEnabled: false }] } },
  });
  const part = (pointer: string, attribute: string) => {
    const location = propLocation(s, r, attribute);
    if (location) m.parts[pointer] = location;
  };
  const lock = attr(r, "object_lock_enabled");
  if (lock.unknown) {
    unresolved(s, r, "s3", "GetObjectLockConfiguration", name, "object_lock_enabled");
    m.lockUnknown = true;
  } else if (lock.value === true) {
    m.value.objectLockConfiguration = { ObjectLockEnabled: "Enabled" };
    m.value.versioning = { Status: "Enabled" };
  }
  part("/objectLockConfiguration", "object_lock_enabled");
  part("/objectLockConfiguration/ObjectLockEnabled", "object_lock_enabled");
  // Deprecated inline blocks (AWS provider v3 style), when known and set.
  const inlineLock = attr(r, "object_lock_configuration").value;
  if (Array.isArray(inlineLock) && isRecord(inlineLock[0])) {
    const rule = toRule(inlineLock[0].rule);
    if (rule) {
      m.value.objectLockConfiguration = { ...(m.value.objectLockConfiguration ?? {}), Rule: rule };
      part("/objectLockConfiguration/Rule", "object_lock_configuration");
    }
  }
  const inlineVersioning = attr(r, "versioning").value;
  if (Array.isArray(inlineVersioning) && isRecord(inlineVersioning[0]) && inlineVersioning[0].enabled === true) {
    m.value.versioning = { Status: "Enabled", ...(inlineVersioning[0].mfa_delete === true ? { MFADelete: "Enabled" as const } : {}) };
    part("/versioning", "versioning");
  }
  // Deprecated inline canned ACL (AWS provider v3 style).
  const inlineAcl = attr(r, "acl");
  if (inlineAcl.unknown) unresolved(s, r, "s3", "GetBucketAcl", name, "acl");
  else if (typeof inlineAcl.value === "string" && cannedAcl(inlineAcl.value)) {
    m.value.acl = cannedAcl(inlineAcl.value)!;
    part("/acl", "acl");
  }
  const inlineLogging = attr(r, "logging").value;
  if (Array.isArray(inlineLogging) && isRecord(inlineLogging[0]) && typeof inlineLogging[0].target_bucket === "string") {
    const target = inlineLogging[0];
    m.value.logging = { TargetBucket: target.target_bucket as string, TargetPrefix: typeof target.target_prefix === "string" ? target.target_prefix : "" };
    part("/logging", "logging");
  }
  const inlinePolicy = attr(r, "policy");
  if (inlinePolicy.unknown) {
    part("/policy", "policy");
    m.value.policy = holedPolicy(s, r, "policy", { service: "s3", operation: "GetBucketPolicy", resource: name, field: "policy" }) ?? worstCasePolicy(name, s.partition);
    if (!s.holes?.(r, "policy")) unresolved(s, r, "s3", "GetBucketPolicy", name, "policy");
  } else if (typeof inlinePolicy.value === "string" && inlinePolicy.value !== "") {
    m.value.policy = policyOf(s, r, "policy", inlinePolicy.value);
    part("/policy", "policy");
  }
  const tags = mapTags(s, r);
  m.value.tags = tags.tags;
  if (tags.unknown) unresolved(s, r, "s3", "GetBucketTagging", name, "tags");
  Object.assign(m.parts, tags.parts("/tags"));
  return m;
}

/** The split S3 resources of AWS provider 4 and later, each attached to its bucket (attachToBucket). */
export const SPLIT_BUCKET_TYPES: ReadonlySet<string> = new Set([
  "aws_s3_bucket_object_lock_configuration",
  "aws_s3_bucket_policy",
  "aws_s3_bucket_versioning",
  "aws_s3_bucket_public_access_block",
  "aws_s3_bucket_ownership_controls",
  "aws_s3_bucket_acl",
  "aws_s3_bucket_logging",
  "aws_s3_bucket_server_side_encryption_configuration",
]);

export function attachToBucket(s: PlanMapState, r: PlanResource): void {
  const target = targetBucket(s, r);
  if (!target) {
    const name = knownString(r, "bucket");
    s.unmapped.push({
      id: r.address,
      type: r.type,
      location: r.location,
      note: name !== undefined ? `bucket ${name} is not defined in this plan` : "the bucket it applies to cannot be decided from this file",
    });
    return;
  }
  const bucket = target.value;
  const contribute = (part: string, attribute: string) => {
    target.contributors.push({ id: r.address, type: r.type, location: r.location, part });
    target.parts[part] = propLocation(s, r, attribute) ?? r.location;
  };
  switch (r.type) {
    case "aws_s3_bucket_object_lock_configuration": {
      contribute("/objectLockConfiguration", "rule");
      if (subtreeUnknown(r, "rule") || attr(r, "object_lock_enabled").unknown) {
        target.lockUnknown = true;
        unresolved(s, r, "s3", "GetObjectLockConfiguration", bucket.Name, "rule");
        return;
      }
      const enabled = attr(r, "object_lock_enabled").value;
      const rule = toRule(attr(r, "rule").value);
      target.lockRequest = { enable: enabled === undefined || enabled === null || enabled === "Enabled", ...(rule ? { rule } : {}) };
      return;
    }
    case "aws_s3_bucket_policy": {
      contribute("/policy", "policy");
      const policy = attr(r, "policy");
      const holed = policy.unknown ? holedPolicy(s, r, "policy", { service: "s3", operation: "GetBucketPolicy", resource: bucket.Name, field: "policy" }) : undefined;
      if (holed) {
        bucket.policy = holed;
        return;
      }
      if (policy.unknown || typeof policy.value !== "string") {
        bucket.policy = worstCasePolicy(bucket.Name, s.partition);
        unresolved(s, r, "s3", "GetBucketPolicy", bucket.Name, "policy");
        return;
      }
      bucket.policy = policyOf(s, r, "policy", policy.value);
      return;
    }
    case "aws_s3_bucket_versioning": {
      contribute("/versioning", "versioning_configuration");
      if (subtreeUnknown(r, "versioning_configuration")) {
        bucket.versioning = {};
        unresolved(s, r, "s3", "GetBucketVersioning", bucket.Name, "versioning_configuration");
        return;
      }
      const config = attr(r, "versioning_configuration", 0).value;
      const status = isRecord(config) ? config.status : undefined;
      const mfa = isRecord(config) ? config.mfa_delete : undefined;
      bucket.versioning = {
        ...(status === "Enabled" || status === "Suspended" ? { Status: status } : {}),
        ...(mfa === "Enabled" || mfa === "Disabled" ? { MFADelete: mfa } : {}),
      };
      return;
    }
    case "aws_s3_bucket_public_access_block": {
      contribute("/publicAccessBlock", "block_public_acls");
      const { config, unknown } = publicAccessBlockOf((a) => attr(r, a));
      if (unknown) unresolved(s, r, "s3", "GetPublicAccessBlock", bucket.Name, unknown);
      bucket.publicAccessBlock = config;
      return;
    }
    case "aws_s3_bucket_ownership_controls": {
      contribute("/ownershipControls", "rule");
      if (subtreeUnknown(r, "rule")) {
        unresolved(s, r, "s3", "GetBucketOwnershipControls", bucket.Name, "rule");
        return;
      }
      const rule = attr(r, "rule", 0).value;
      const value = isRecord(rule) ? rule.object_ownership : undefined;
      bucket.ownershipControls =
        value === "BucketOwnerEnforced" || value === "BucketOwnerPreferred" || value === "ObjectWriter" ? { Rules: [{ ObjectOwnership: value }] } : null;
      return;
    }
    case "aws_s3_bucket_acl": {
      const canned = attr(r, "acl");
      const policyUnknown = subtreeUnknown(r, "access_control_policy");
      contribute("/acl", typeof canned.value === "string" || canned.unknown ? "acl" : "access_control_policy");
      if (canned.unknown || policyUnknown) {
        unresolved(s, r, "s3", "GetBucketAcl", bucket.Name, canned.unknown ? "acl" : "access_control_policy");
        return;
      }
      if (typeof canned.value === "string" && canned.value !== "") {
        const acl = cannedAcl(canned.value);
        if (acl) bucket.acl = acl;
        return;
      }
      const policy = attr(r, "access_control_policy", 0).value;
      bucket.acl = { Grants: aclGrants(policy) };
      return;
    }
    case "aws_s3_bucket_logging": {
      contribute("/logging", "target_bucket");
      const targetBucketName = attr(r, "target_bucket");
      const prefix = attr(r, "target_prefix");
      if (targetBucketName.unknown || prefix.unknown) unresolved(s, r, "s3", "GetBucketLogging", bucket.Name, "target_bucket");
      bucket.logging = {
        TargetBucket: typeof targetBucketName.value === "string" ? targetBucketName.value : placeholder(r, "target_bucket"),
        TargetPrefix: typeof prefix.value === "string" ? prefix.value : "",
      };
      return;
    }
    case "aws_s3_bucket_server_side_encryption_configuration": {
      contribute("/encryption", "rule");
      if (subtreeUnknown(r, "rule")) unresolved(s, r, "s3", "GetBucketEncryption", bucket.Name, "rule");
      bucket.encryption = { ServerSideEncryptionConfiguration: { Rules: encryptionRules(attr(r, "rule").value) } };
      return;
    }
  }
}

/** An access_control_policy block's grants, in GetBucketAcl shape. */
function aclGrants(policy: unknown): AclGrant[] {
  const grants = isRecord(policy) && Array.isArray(policy.grant) ? policy.grant : [];
  return grants.flatMap((g): AclGrant[] => {
    if (!isRecord(g) || typeof g.permission !== "string") return [];
    const grantee = Array.isArray(g.grantee) && isRecord(g.grantee[0]) ? g.grantee[0] : {};
    const type = grantee.type === "Group" || grantee.type === "AmazonCustomerByEmail" ? grantee.type : "CanonicalUser";
    return [
      {
        Grantee: {
          Type: type,
          ...(typeof grantee.id === "string" && grantee.id !== "" ? { ID: grantee.id } : {}),
          ...(typeof grantee.uri === "string" && grantee.uri !== "" ? { URI: grantee.uri } : {}),
          ...(typeof grantee.email_address === "string" && grantee.email_address !== "" ? { EmailAddress: grantee.email_address } : {}),
        },
        Permission: g.permission as AclGrant["Permission"],
      },
    ];
  });
}

/** The rule blocks of an aws_s3_bucket_server_side_encryption_configuration, in GetBucketEncryption shape. */
function encryptionRules(rules: unknown) {
  return (Array.isArray(rules) ? rules.filter(isRecord) : []).map((rule) => {
    const defaults = Array.isArray(rule.apply_server_side_encryption_by_default) ? rule.apply_server_side_encryption_by_default[0] : undefined;
    return {
      ...(isRecord(defaults)
        ? {
            ApplyServerSideEncryptionByDefault: {
              SSEAlgorithm: defaults.sse_algorithm,
              ...(typeof defaults.kms_master_key_id === "string" && defaults.kms_master_key_id !== "" ? { KMSMasterKeyID: defaults.kms_master_key_id } : {}),
            },
          }
        : {}),
      BucketKeyEnabled: rule.bucket_key_enabled === true,
    };
  });
}

/** The bucket a split resource targets: by its `bucket` value, else by reference. */
function targetBucket(s: PlanMapState, r: PlanResource): PlanBucket | undefined {
  const name = knownString(r, "bucket");
  if (name !== undefined) {
    const byName = s.buckets.find((b) => b.value.Name === name);
    if (byName) return byName;
  }
  const ref = referenced(s, r, "bucket", ["aws_s3_bucket"]);
  return ref ? s.buckets.find((b) => b.source === ref) : undefined;
}

/** Object Lock of a bucket once versioning and the lock configuration resource are known. */
export function settleObjectLock(b: PlanBucket): void {
  if (b.lockUnknown) {
    b.value.objectLockConfiguration = null;
    return;
  }
  const request = b.lockRequest;
  if (!request) return;
  const lock = isUnknown(b.value.objectLockConfiguration) ? undefined : b.value.objectLockConfiguration;
  const versioning = isUnknown(b.value.versioning) ? undefined : b.value.versioning;
  const enabledAtCreation = lock?.ObjectLockEnabled === "Enabled";
  const enable = enabledAtCreation || (request.enable && versioning?.Status === "Enabled");
  b.value.objectLockConfiguration = {
    ...(enable ? { ObjectLockEnabled: "Enabled" as const } : {}),
    ...(request.rule ? { Rule: request.rule } : {}),
  };
}

/** aws_s3_account_public_access_block: the account's own Block Public Access (each setting false when left out). */
export function mapAccountPublicAccessBlock(s: PlanMapState, r: PlanResource): Mapped<PublicAccessBlockConfiguration> {
  const { config, unknown } = publicAccessBlockOf((a) => attr(r, a));
  if (unknown) unresolved(s, r, "s3control", "GetPublicAccessBlock", undefined, unknown);
  const m = newMapped<PublicAccessBlockConfiguration>(r, config);
  for (const [field, a] of PUBLIC_ACCESS_BLOCK_ATTRIBUTES) {
    const location = propLocation(s, r, a);
    if (location) m.parts[`/${field}`] = location;
  }
  const { source: _source, ...mapped } = m;
  return mapped;
}

function toRule(value: unknown): ObjectLockConfiguration["Rule"] | undefined {
  const rule = Array.isArray(value) ? value[0] : value;
  if (!isRecord(rule)) return undefined;
  const retentionList = rule.default_retention;
  const retention = Array.isArray(retentionList) ? retentionList[0] : retentionList;
  if (!isRecord(retention)) return {};
  return {
    DefaultRetention: {
      ...(typeof retention.mode === "string" ? { Mode: retention.mode as "GOVERNANCE" | "COMPLIANCE" } : {}),
      ...(typeof retention.days === "number" && retention.days > 0 ? { Days: retention.days } : {}),
      ...(typeof retention.years === "number" && retention.years > 0 ? { Years: retention.years } : {}),
    },
  };
}

const PUBLIC_ACCESS_BLOCK_ATTRIBUTES = [
  ["BlockPublicAcls", "block_public_acls"],
  ["IgnorePublicAcls", "ignore_public_acls"],
  ["BlockPublicPolicy", "block_public_policy"],
  ["RestrictPublicBuckets", "restrict_public_buckets"],
] as const;

/**
 * A bucket's or the account's Block Public Access settings (each false when left out or unknown),
 * and the attributes unknown until apply, comma-separated, when there are any.
 */
function publicAccessBlockOf(read: (attribute: string) => { value: unknown; unknown: boolean }): { config: PublicAccessBlockConfiguration; unknown?: string } {
  const unknown = PUBLIC_ACCESS_BLOCK_ATTRIBUTES.filter(([, a]) => read(a).unknown).map(([, a]) => a);
  const config = Object.fromEntries(
    PUBLIC_ACCESS_BLOCK_ATTRIBUTES.map(([field, a]) => [field, !read(a).unknown && read(a).value === true]),
  ) as PublicAccessBlockConfiguration;
  return { config, ...(unknown.length > 0 ? { unknown: unknown.join(", ") } : {}) };
}
