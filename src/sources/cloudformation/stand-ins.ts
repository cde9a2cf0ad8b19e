// Stand-in values for what a file leaves undecided, shared by the CloudFormation and Terraform
// sources. A stand-in is always the value that makes the dependent checks fail, and it comes with
// an Unresolved collection error on the read that returns it, so the engine reports ERROR ("cannot be
// decided from this file") instead of a verdict built on a guess.
import type { Partition, PolicyDocument } from "../../model/snapshot.js";

/** Sid of the stand-in statement, so evidence shows it is not the file's policy. */
export const UNRESOLVED_POLICY_SID = "UnresolvedPolicyStandIn";

/**
 * The worst a bucket policy can be: everything to everyone. Only for a document undecided as a whole
 * (a `!Ref` or `!ImportValue` PolicyDocument, a Terraform `policy` unknown until apply); a document
 * with some values open keeps them as holes instead (../policy-holes.ts). A missing policy would not do: it denies
 * nothing but also grants nothing, so a check could PASS where the real policy grants deletion.
 */
export function worstCasePolicy(bucketName: string, partition: Partition): PolicyDocument {
  const arn = `arn:${partition}:s3:::${bucketName}`;
  return {
    Version: "2012-10-17",
    Statement: [{ Sid: UNRESOLVED_POLICY_SID, Effect: "Allow", Principal: "*", Action: "s3:*", Resource: [arn, `${arn}/*`] }],
  };
}
