output "trail_arn" {
  description = "ARN of the trail."
  value       = aws_cloudtrail.all_regions.arn
}

output "log_bucket" {
  description = "Name of the bucket the trail writes to."
  value       = module.log_bucket.bucket_id
}
