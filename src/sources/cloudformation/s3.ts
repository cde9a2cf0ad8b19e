// CloudFormation mapping: AWS::S3::Bucket -> bucket (Object Lock, versioning, Block Public Access,
// Object Ownership, ACL, tags, access logging, encryption, each in its S3 API shape, S3's defaults
// for what the template leaves out) and AWS::S3::BucketPolicy -> the policy of the bucket it names.
import type { Bucket, ObjectLockConfiguration, PolicyDocument } from "../../model/snapshot.js";
import { isRecord, type Dict } from "../../util/records.js";
import type { Mapped } from "../iac-types.js";
import { cannedAcl } from "../s3-acl.js";
import { firstUnresolved, Unresolved } from "./intrinsics.js";
import { generatedBucketName, undecidedBucketName } from "./bucket-names.js";
import { worstCasePolicy } from "./stand-ins.js";
import { holeErrors, nearestPart, policyHoles } from "../policy-holes.js";
import { cdk, mirror, newMapped, propAt, unresolvedError, type CfnMapState, type CfnResource } from "./state.js";
import { mapTags, toBool, toInt, toStr } from "./values.js";

export function mapBucket(s: CfnMapState, r: CfnResource): Mapped<Bucket> {
  const p = r.props;
  const nameValue = s.nameOf(r.id);
  const name = typeof nameValue === "string" ? nameValue : generatedBucketName(s.stackName, r.id);
  const m = newMapped<Bucket>(r, { Name: name, Region: s.region, ownerAccountId: s.accountId, policy: null });
  const bucket = m.value;
  const part = (pointer: string, prop: string) => {
    if (prop in r.rawProps) m.parts[pointer] = propAt(s, r, prop);
  };
  const fail = (operation: string, prop: string, u: Unresolved) => unresolvedError(s, r, "s3", operation, name, prop, u);

  // Object Lock: enabled only by the bucket-level flag (set at creation).
  const enabled = toBool(p.ObjectLockEnabled);
  const configuration = p.ObjectLockConfiguration;
  const configUnknown = firstUnresolved(configuration);
  if (enabled instanceof Unresolved || configUnknown) {
    bucket.objectLockConfiguration = null;
    fail("GetObjectLockConfiguration", enabled instanceof Unresolved ? "ObjectLockEnabled" : "ObjectLockConfiguration", (enabled instanceof Unresolved ? enabled : configUnknown)!);
  } else {
    const lock: ObjectLockConfiguration = {};
    if (enabled === true) lock.ObjectLockEnabled = "Enabled";
    const rule = isRecord(configuration) && isRecord(configuration.Rule) ? toRule(configuration.Rule) : undefined;
    if (rule) lock.Rule = rule;
    const configured = isRecord(configuration) && Object.keys(configuration).length > 0;
    bucket.objectLockConfiguration = enabled === true || configured ? lock : null;
  }
  part("/objectLockConfiguration", "ObjectLockConfiguration" in r.rawProps ? "ObjectLockConfiguration" : "ObjectLockEnabled");
  part("/objectLockConfiguration/ObjectLockEnabled", "ObjectLockEnabled");
  if (isRecord(r.rawProps.ObjectLockConfiguration)) mirror(s, m.parts, "/objectLockConfiguration", r.rawProps.ObjectLockConfiguration);

  const versioning = p.VersioningConfiguration;
  const versioningUnknown = firstUnresolved(versioning);
  if (versioningUnknown) {
    bucket.versioning = {};
    fail("GetBucketVersioning", "VersioningConfiguration", versioningUnknown);
  } else if (isRecord(versioning) && typeof versioning.Status === "string") {
    bucket.versioning = { Status: versioning.Status as "Enabled" | "Suspended" };
  } else {
    bucket.versioning = bucket.objectLockConfiguration?.ObjectLockEnabled === "Enabled" ? { Status: "Enabled" } : {};
  }
  part("/versioning", "VersioningConfiguration");
  mirror(s, m.parts, "/versioning", r.rawProps.VersioningConfiguration);

  const block = p.PublicAccessBlockConfiguration;
  const blockUnknown = firstUnresolved(block);
  const fields = ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"] as const;
  if (blockUnknown) {
    fail("GetPublicAccessBlock", "PublicAccessBlockConfiguration", blockUnknown);
    bucket.publicAccessBlock = Object.fromEntries(fields.map((f) => [f, false]));
  } else if (isRecord(block)) {
    bucket.publicAccessBlock = Object.fromEntries(fields.map((f) => [f, toBool(block[f]) === true]));
  } else {
    bucket.publicAccessBlock = Object.fromEntries(fields.map((f) => [f, true]));
  }
  part("/publicAccessBlock", "PublicAccessBlockConfiguration");
  mirror(s, m.parts, "/publicAccessBlock", r.rawProps.PublicAccessBlockConfiguration);

  // Object Ownership: BucketOwnerEnforced (ACLs off) is S3's default for new s.buckets.
  const ownership = p.OwnershipControls;
  const ownershipUnknown = firstUnresolved(ownership);
  if (ownershipUnknown) {
    bucket.ownershipControls = null;
    fail("GetBucketOwnershipControls", "OwnershipControls", ownershipUnknown);
  } else {
    const rules = isRecord(ownership) && Array.isArray(ownership.Rules) ? ownership.Rules : undefined;
    const first = rules?.find((rule) => isRecord(rule) && typeof rule.ObjectOwnership === "string") as { ObjectOwnership: string } | undefined;
    const value = first?.ObjectOwnership ?? (isRecord(ownership) ? undefined : "BucketOwnerEnforced");
    bucket.ownershipControls =
      value === "BucketOwnerEnforced" || value === "BucketOwnerPreferred" || value === "ObjectWriter" ? { Rules: [{ ObjectOwnership: value }] } : null;
  }
  part("/ownershipControls", "OwnershipControls");

  // AccessControl: a canned ACL (Private when absent).
  const accessControl = toStr(p.AccessControl);
  if (accessControl instanceof Unresolved) {
    fail("GetBucketAcl", "AccessControl", accessControl);
  } else {
    // A name that is not a canned ACL is refused at deploy time: nothing is mapped for it.
    const acl = cannedAcl(accessControl ?? "Private");
    if (acl) bucket.acl = acl;
  }
  part("/acl", "AccessControl");

  const tags = mapTags(p.Tags);
  if (tags.unresolved) fail("GetBucketTagging", "Tags", tags.unresolved);
  bucket.tags = tags.tags ?? [];
  part("/tags", "Tags");
  mirror(s, m.parts, "/tags", r.rawProps.Tags);

  const logging = p.LoggingConfiguration;
  if (firstUnresolved(logging)) fail("GetBucketLogging", "LoggingConfiguration", firstUnresolved(logging)!);
  if (isRecord(logging) && !firstUnresolved(logging)) {
    const target = toStr(logging.DestinationBucketName);
    // Without DestinationBucketName, S3 writes the access logs into the bucket itself.
    bucket.logging = {
      TargetBucket: typeof target === "string" ? target : name,
      TargetPrefix: typeof logging.LogFilePrefix === "string" ? logging.LogFilePrefix : "",
    };
  } else {
    bucket.logging = null;
  }
  part("/logging", "LoggingConfiguration");

  const encryption = p.BucketEncryption;
  if (firstUnresolved(encryption)) fail("GetBucketEncryption", "BucketEncryption", firstUnresolved(encryption)!);
  const rules = isRecord(encryption) && Array.isArray(encryption.ServerSideEncryptionConfiguration) ? encryption.ServerSideEncryptionConfiguration : undefined;
  bucket.encryption = {
    ServerSideEncryptionConfiguration: {
      Rules:
        rules && !firstUnresolved(rules)
          ? rules.filter(isRecord).map((rule) => ({
              ...(isRecord(rule.ServerSideEncryptionByDefault) ? { ApplyServerSideEncryptionByDefault: rule.ServerSideEncryptionByDefault } : {}),
              BucketKeyEnabled: toBool(rule.BucketKeyEnabled) === true,
            }))
          : [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" }, BucketKeyEnabled: false }],
    },
  };
  part("/encryption", "BucketEncryption");
  return m;
}

function toRule(rule: Dict): ObjectLockConfiguration["Rule"] {
  const retention = isRecord(rule.DefaultRetention) ? rule.DefaultRetention : undefined;
  if (!retention) return {};
  const out: NonNullable<NonNullable<ObjectLockConfiguration["Rule"]>["DefaultRetention"]> = {};
  if (typeof retention.Mode === "string") out.Mode = retention.Mode as "GOVERNANCE" | "COMPLIANCE";
  const days = toInt(retention.Days);
  const years = toInt(retention.Years);
  if (typeof days === "number") out.Days = days;
  if (typeof years === "number") out.Years = years;
  return { DefaultRetention: out };
}

export function attachBucketPolicy(s: CfnMapState, r: CfnResource): void {
  const target = toStr(r.props.Bucket);
  // The same undecided expression as a bucket's BucketName names that bucket (bucket-names.ts).
  const name = target instanceof Unresolved ? undecidedBucketName(r.rawProps.Bucket) : target;
  const mapped = typeof name === "string" ? s.buckets.find((b) => b.value.Name === name) : undefined;
  if (!mapped) {
    s.unmapped.push({
      id: r.id,
      type: r.type,
      location: r.location,
      note:
        target instanceof Unresolved
          ? `the bucket it applies to (${target.expr}) cannot be decided from this file`
          : `bucket ${String(target)} is not defined in this file`,
      ...cdk(r),
    });
    return;
  }
  const document = r.props.PolicyDocument;
  const holed = typeof document === "string" ? { document: {}, holes: [] } : policyHoles(document);
  mapped.contributors.push({ id: r.id, type: r.type, location: r.location, part: "/policy", ...cdk(r) });
  mapped.parts["/policy"] = propAt(s, r, "PolicyDocument");
  if ("whole" in holed) {
    mapped.value.policy = worstCasePolicy(mapped.value.Name, s.partition);
    unresolvedError(s, r, "s3", "GetBucketPolicy", mapped.value.Name, "PolicyDocument", holed.whole);
    return;
  }
  mapped.value.policy = typeof document === "string" ? document : (holed.document as unknown as PolicyDocument);
  mirror(s, mapped.parts, "/policy", r.rawProps.PolicyDocument);
  // Each value the file leaves open is a hole of its own (policy-holes.ts), located at its expression.
  s.errors.push(
    ...holeErrors(holed, {
      id: r.id,
      type: r.type,
      property: "PolicyDocument",
      service: "s3",
      operation: "GetBucketPolicy",
      region: s.region,
      resource: mapped.value.Name,
      field: "policy",
      locate: (path) => nearestPart(mapped.parts, `/policy${path}`, mapped.parts["/policy"]!),
    }),
  );
}
