// What a CloudTrail delivery error (GetTrailStatus LatestDeliveryError, LatestDigestDeliveryError,
// LatestNotificationError) usually means, and what fixes it. CloudTrail reports the error code of
// the S3, KMS or SNS call that failed; the table matches it by code, first match wins.

export interface DeliveryErrorMeaning {
  /** What the error usually means. */
  meaning: string;
  /** What to do about it. */
  fix: string;
}

interface Entry extends DeliveryErrorMeaning {
  match: RegExp;
}

const S3_ERRORS: readonly Entry[] = [
  {
    match: /^NoSuchBucket\b/i,
    meaning: "the bucket no longer exists (deleted, or the name was never created)",
    fix: "create the bucket again with a policy that lets cloudtrail.amazonaws.com s3:GetBucketAcl and s3:PutObject, or point the trail at another bucket (update-trail --s3-bucket-name)",
  },
  {
    match: /KMS|kms\./,
    meaning: "the trail's KMS key refuses CloudTrail or cannot be used (key disabled, scheduled for deletion, or its key policy no longer allows cloudtrail.amazonaws.com kms:GenerateDataKey*)",
    fix: "enable the key (or cancel its deletion) and give cloudtrail.amazonaws.com kms:GenerateDataKey* in its key policy, or point the trail at a usable key (update-trail --kms-key-id)",
  },
  {
    match: /^AccessDenied\b|^Forbidden\b/i,
    meaning:
      "S3 refused CloudTrail's write: the bucket policy no longer lets cloudtrail.amazonaws.com s3:PutObject on AWSLogs/<account>/* (often after a policy change, or a new aws:SourceArn condition that names another trail), an SCP or Block Public Access setting denies it, or the bucket's default KMS key refuses CloudTrail",
    fix: "restore the CloudTrail statements of the bucket policy (s3:GetBucketAcl on the bucket, s3:PutObject on AWSLogs/<account>/* with aws:SourceArn the trail's ARN), and check the bucket's default encryption key",
  },
  {
    match: /^AllAccessDisabled\b/i,
    meaning: "all access to the bucket has been disabled by AWS (the owner account is suspended or the bucket is blocked)",
    fix: "resolve the owner account's status with AWS, or point the trail at a bucket in an active account",
  },
  {
    match: /^(SlowDown|ServiceUnavailable|InternalError|RequestTimeout)\b/i,
    meaning: "S3 was throttling or briefly unavailable; CloudTrail retries such deliveries",
    fix: "check the delivery time again later; if it keeps failing, contact AWS Support",
  },
  {
    match: /^(PermanentRedirect|AuthorizationHeaderMalformed|IllegalLocationConstraintException)\b/i,
    meaning: "the bucket is not where CloudTrail expects it (it was deleted and re-created in another region, or in another account)",
    fix: "point the trail at the bucket again (update-trail --s3-bucket-name) so CloudTrail resolves its region, and check who owns it",
  },
];

const SNS_ERRORS: readonly Entry[] = [
  {
    match: /^NotFound\b|NotFoundException/i,
    meaning: "the SNS topic no longer exists",
    fix: "create the topic again, or point the trail at an existing one (update-trail --sns-topic-name), or stop notifications (update-trail --sns-topic-name '')",
  },
  {
    match: /KMS|kms\./,
    meaning: "the topic's KMS key refuses CloudTrail (the key policy does not allow cloudtrail.amazonaws.com kms:GenerateDataKey* and kms:Decrypt)",
    fix: "allow cloudtrail.amazonaws.com kms:GenerateDataKey* and kms:Decrypt in the topic key's policy",
  },
  {
    match: /^AuthorizationError\b|AccessDenied/i,
    meaning: "the topic's access policy does not let cloudtrail.amazonaws.com sns:Publish",
    fix: "add a statement letting cloudtrail.amazonaws.com sns:Publish to the topic's access policy (with aws:SourceArn the trail's ARN)",
  },
];

const GENERIC_S3: DeliveryErrorMeaning = {
  meaning: "CloudTrail could not write to the bucket",
  fix: "look the code up in the S3 error responses, and check the bucket policy, the bucket's existence and the trail's KMS key",
};
const GENERIC_SNS: DeliveryErrorMeaning = {
  meaning: "CloudTrail could not publish to the topic",
  fix: "check that the topic exists and that its access policy lets cloudtrail.amazonaws.com sns:Publish",
};

/** The meaning of an S3 (log or digest) delivery error. */
export function explainDeliveryError(error: string): DeliveryErrorMeaning {
  return S3_ERRORS.find((e) => e.match.test(error.trim())) ?? GENERIC_S3;
}

/** The meaning of an SNS notification error. */
export function explainNotificationError(error: string): DeliveryErrorMeaning {
  return SNS_ERRORS.find((e) => e.match.test(error.trim())) ?? GENERIC_SNS;
}

/** The table, for the docs and tests: each known pattern with its meaning. */
export const KNOWN_DELIVERY_ERRORS = S3_ERRORS.map(({ match, meaning, fix }) => ({ pattern: match.source, meaning, fix }));
export const KNOWN_NOTIFICATION_ERRORS = SNS_ERRORS.map(({ match, meaning, fix }) => ({ pattern: match.source, meaning, fix }));
