# The blog set-up (examples/blog-snapshot.json) before it is deployed: one multi-region trail that
# writes to a log bucket made by the local module, and records the data events of a bucket tagged
# data-classification=confidential. examples/iac/blog.tfplan.json is the plan of this module.

module "log_bucket" {
  source = "./modules/log-bucket"

  bucket_prefix = var.log_bucket_prefix
}

resource "aws_s3_bucket" "sensitive" {
  bucket = var.sensitive_bucket_name
  tags   = var.sensitive_bucket_tags
}

resource "aws_s3_bucket_versioning" "sensitive" {
  bucket = aws_s3_bucket.sensitive.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_cloudtrail" "all_regions" {
  name           = var.trail_name
  s3_bucket_name = module.log_bucket.bucket_id

  is_multi_region_trail = true
  # AWS rejects a multi-region trail without global service events: this trail never deploys.
  include_global_service_events = false

  event_selector {
    read_write_type           = "All"
    include_management_events = true

    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3:::${aws_s3_bucket.sensitive.bucket}/"]
    }
  }

  # CloudTrail checks the bucket policy when the trail is created.
  depends_on = [module.log_bucket]
}
