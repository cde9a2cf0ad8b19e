variable "region" {
  description = "Region of the trail (its home region) and of the buckets."
  type        = string
}

variable "trail_name" {
  description = "Name of the trail."
  type        = string
}

variable "log_bucket_prefix" {
  description = "The log bucket is named <prefix>-<account id>."
  type        = string
  default     = "my-cloudtrail-bucket"
}

variable "sensitive_bucket_name" {
  description = "Bucket whose object-level (data) events the trail records."
  type        = string
}

variable "sensitive_bucket_tags" {
  description = "Tags of the sensitive bucket."
  type        = map(string)
  default = {
    "data-classification" = "confidential"
  }
}
