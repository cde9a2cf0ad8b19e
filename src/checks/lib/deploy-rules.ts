// Rules of iac-invalid-trail-config that judge a bucket's ACL against its Object Ownership and
// Block Public Access, and bucket names that a file uses twice. Pure functions of the snapshot.
//
// S3 (since April 2023 new buckets have ObjectOwnership BucketOwnerEnforced and Block Public Access
// on unless the request says otherwise):
// - BucketOwnerEnforced disables ACLs: a bucket ACL that grants anyone but the owner (a group such
//   as AllUsers, AuthenticatedUsers or LogDelivery, or an e-mail grantee) is refused:
//   CloudFormation creates the bucket with the ACL (InvalidBucketAclWithObjectOwnership),
//   Terraform's aws_s3_bucket_acl puts it afterwards (AccessControlListNotSupported). Private and the
//   object-only canned ACLs (BucketOwnerRead, BucketOwnerFullControl) leave the owner's grant alone
//   and are accepted. A CanonicalUser grant names an account S3 knows only by canonical id; the
//   file cannot tell the owner's, so such grants are not judged.
// - Block Public Access with BlockPublicAcls refuses a public ACL (AllUsers or AuthenticatedUsers)
//   with AccessDenied, whatever the ownership.
import type { AclGrant, Bucket } from "../../model/snapshot.js";
import { isUnknown } from "../../model/unknown.js";

const PUBLIC_GROUPS = ["http://acs.amazonaws.com/groups/global/AllUsers", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"];

/** Grants an owner-only (ACLs disabled) bucket refuses. */
export function nonOwnerGrants(grants: readonly AclGrant[]): AclGrant[] {
  return grants.filter((g) => g.Grantee?.Type === "Group" || g.Grantee?.Type === "AmazonCustomerByEmail");
}

export function publicGrants(grants: readonly AclGrant[]): AclGrant[] {
  return grants.filter((g) => g.Grantee?.Type === "Group" && PUBLIC_GROUPS.includes(g.Grantee.URI ?? ""));
}

/** The canned ACL a set of grants reads as, for messages ("public-read"), else "custom". */
export function aclName(grants: readonly AclGrant[]): string {
  const uris = grants.filter((g) => g.Grantee?.Type === "Group").map((g) => `${g.Grantee?.URI?.split("/").pop()}:${g.Permission}`).sort().join(",");
  const names: Record<string, string> = {
    "AllUsers:READ": "public-read",
    "AllUsers:READ,AllUsers:WRITE": "public-read-write",
    "AuthenticatedUsers:READ": "authenticated-read",
    "LogDelivery:READ_ACP,LogDelivery:WRITE": "log-delivery-write",
  };
  return names[uris] ?? "custom";
}

export type Ownership = "BucketOwnerEnforced" | "BucketOwnerPreferred" | "ObjectWriter";

/** The bucket's Object Ownership, undefined when not known (the file leaves it open). */
export function ownershipOf(bucket: Bucket): Ownership | undefined {
  if (isUnknown(bucket.ownershipControls)) return undefined;
  // The IaC sources write BucketOwnerEnforced for a new bucket without ownership controls, and
  // null for a value they do not recognise: that one is not judged.
  return bucket.ownershipControls?.Rules?.[0]?.ObjectOwnership ?? undefined;
}

/**
 * For each bucket index, the index of an earlier bucket of the same name (the second definition
 * is the one S3 refuses). Names the file does not fix (placeholders) are never the same.
 */
export function duplicateNames(buckets: readonly Bucket[]): Map<number, number> {
  const first = new Map<string, number>();
  const out = new Map<number, number>();
  buckets.forEach((bucket, i) => {
    const name = bucket.Name;
    if (typeof name !== "string" || name.startsWith("<")) return;
    const earlier = first.get(name);
    if (earlier === undefined) first.set(name, i);
    else out.set(i, earlier);
  });
  return out;
}
