variable "bucket_prefix" {
  description = "The bucket is named <bucket_prefix>-<account id>."
  type        = string
}
