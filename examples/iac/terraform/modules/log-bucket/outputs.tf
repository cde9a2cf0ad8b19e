output "bucket_id" {
  description = "Name of the bucket (the provider makes it the id)."
  value       = aws_s3_bucket.this.id
}

output "bucket_arn" {
  description = "ARN of the bucket."
  value       = aws_s3_bucket.this.arn
}
