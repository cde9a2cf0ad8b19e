# A bucket for CloudTrail log files, named after the account, whose policy lets CloudTrail write
# log files under AWSLogs/<account id>/.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

resource "aws_s3_bucket" "this" {
  bucket = "${var.bucket_prefix}-${data.aws_caller_identity.current.account_id}"
}

data "aws_iam_policy_document" "cloudtrail" {
  # AWS's documented CloudTrail bucket policy also has an "AWSCloudTrailAclCheck" statement
  # (s3:GetBucketAcl on the bucket); the blog set-up has the write statement only.
  statement {
    sid     = "AWSCloudTrailWrite"
    effect  = "Allow"
    actions = ["s3:PutObject"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    resources = [
      "arn:${data.aws_partition.current.partition}:s3:::${aws_s3_bucket.this.bucket}/AWSLogs/${data.aws_caller_identity.current.account_id}/*",
    ]
  }
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = data.aws_iam_policy_document.cloudtrail.json
}
