region                = "us-east-1"
trail_name            = "My-All-Regions-Trail"
sensitive_bucket_name = "my-sensitive-bucket"
