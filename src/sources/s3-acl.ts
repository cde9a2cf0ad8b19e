// S3 canned ACLs as the grants AWS writes for them (GetBucketAcl Grants), for the IaC sources:
// CloudFormation's AccessControl (PublicRead) and Terraform's acl (public-read) name the same ones.
import type { AclGrant, BucketAcl } from "../model/snapshot.js";

const ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
const AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
const LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery";

const owner: AclGrant = { Grantee: { Type: "CanonicalUser" }, Permission: "FULL_CONTROL" };
const group = (URI: string, Permission: AclGrant["Permission"]): AclGrant => ({ Grantee: { Type: "Group", URI }, Permission });

const CANNED: Record<string, AclGrant[]> = {
  private: [owner],
  "public-read": [owner, group(ALL_USERS, "READ")],
  "public-read-write": [owner, group(ALL_USERS, "READ"), group(ALL_USERS, "WRITE")],
  "authenticated-read": [owner, group(AUTHENTICATED_USERS, "READ")],
  "log-delivery-write": [owner, group(LOG_DELIVERY, "WRITE"), group(LOG_DELIVERY, "READ_ACP")],
  // Object-only canned ACLs: on a bucket they leave the owner's grant alone.
  "bucket-owner-read": [owner],
  "bucket-owner-full-control": [owner],
  "aws-exec-read": [owner],
};

/** The bucket ACL of a canned ACL, named as Terraform (public-read) or CloudFormation (PublicRead) names it; undefined when unknown. */
export function cannedAcl(name: string): BucketAcl | undefined {
  const key = name.includes("-") || name === "private" ? name : name.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase();
  const grants = CANNED[key];
  return grants ? { Grants: grants.map((g) => structuredClone(g)) } : undefined;
}
