// The key policy KMS gives a key created without one; both IaC loaders (cloudformation/kms.ts,
// terraform/kms.ts) map a key without a policy to it.
import type { PolicyDocument } from "../model/snapshot.js";

/** The key policy KMS gives a key created without one: the account's principals may use it as IAM allows. */
export function defaultKeyPolicy(partition: string, accountId: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Id: "key-default-1",
    Statement: [{ Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: `arn:${partition}:iam::${accountId}:root` }, Action: "kms:*", Resource: "*" }],
  };
}
