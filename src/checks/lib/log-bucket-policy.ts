// What the log-bucket checks that read the bucket policy share: each judged log bucket goes to the
// check's judge, and a policy that is not a valid policy document is an ERROR for that bucket.
import type { CheckResult } from "../../engine/check.js";
import type { BucketRef, LogBucket } from "../../model/coverage.js";
import { PolicyParseError } from "../../model/policy.js";
import type { Snapshot } from "../../model/snapshot.js";
import { isUnknown, type UnknownRef } from "../../model/unknown.js";
import { logBucketScope, type LogBucketScopeOptions, type ScopeMessageId } from "./log-bucket-scope.js";

export const INVALID_POLICY_MESSAGE = "Cannot evaluate log bucket {{bucket}}: {{error}}.";

export type Judge<M extends string> = (lb: LogBucket, ref: BucketRef, unknowns: UnknownRef[]) => CheckResult<M>;

/** The scope results, then one result per judged log bucket (judge may throw PolicyParseError). */
export function judgeLogBucketPolicies<M extends string>(snapshot: Snapshot, judge: Judge<M>, options: LogBucketScopeOptions = {}): CheckResult<M | ScopeMessageId | "invalidPolicy">[] {
  const { results: scope, judged } = logBucketScope(snapshot, options);
  const results: CheckResult<M | ScopeMessageId | "invalidPolicy">[] = [...scope];
  for (const { lb, ref, unknowns } of judged) {
    try {
      results.push(judge(lb, ref, unknowns));
    } catch (error) {
      if (!(error instanceof PolicyParseError)) throw error;
      const { policy, Region } = ref.bucket;
      results.push({
        status: "ERROR",
        messageId: "invalidPolicy",
        accountId: ref.ownerAccountId,
        resource: lb.arn,
        pointer: ref.pointer,
        ...(typeof Region === "string" ? { region: Region } : {}),
        data: { bucket: lb.name, error: error.message },
        evidence: { bucket: lb.name, policy: isUnknown(policy) ? "unknown" : (policy ?? null), trails: lb.trails.map((t) => t.trail.TrailARN) },
        unknowns,
      });
    }
  }
  return results;
}
