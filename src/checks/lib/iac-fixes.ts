// Fixes in the file's own medium, shared by the checks' metadata (src/engine/iac-fix.ts renders
// them): the CloudFormation properties and resources, and the Terraform lines, that a template or
// plan needs. Property names as the CloudFormation resource reference (AWS::S3::Bucket,
// AWS::S3::BucketPolicy, AWS::CloudTrail::Trail, AWS::KMS::Key, AWS::Logs::LogGroup, AWS::IAM::Role)
// and the Terraform AWS provider (aws_s3_bucket and its split resources, aws_cloudtrail, aws_kms_key,
// aws_cloudwatch_log_group, aws_iam_role) spell them. `{{resourceId}}` / `{{resourceName}}` name the
// judged resource (engine placeholders); everything else comes from the result's data.
import type { CloudFormationFix, TerraformFix } from "../../engine/iac-fix.js";

type Fix = { cloudformation: CloudFormationFix; terraform: TerraformFix };

const TF_TRAIL = "# in resource {{resourceId}}:";
const TF_BUCKET = "# in resource {{resourceId}}:";

/** A trail's own settings: the same properties in both media. */
function trailSettings(text: string, cfn: Record<string, unknown>, tf: string[], tfText = text): Fix {
  return { cloudformation: { text, properties: cfn }, terraform: { text: tfText, snippet: [TF_TRAIL, ...tf] } };
}

// --- trails -------------------------------------------------------------------------------------

export const MULTI_REGION = trailSettings(
  "Make the trail multi-region in the file (a multi-region trail must include global service events).",
  { IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true },
  ["is_multi_region_trail         = true", "include_global_service_events = true"],
);

export const GLOBAL_EVENTS = trailSettings(
  "Turn global service events on for the trail in the file.",
  { IncludeGlobalServiceEvents: true },
  ["include_global_service_events = true"],
);

export const START_LOGGING = trailSettings(
  "Have the file start logging on the trail.",
  { IsLogging: true },
  ["enable_logging = true"],
);

export const MULTI_REGION_LOGGING = trailSettings(
  "Make the trail multi-region (with global service events) and logging in the file.",
  { IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, IsLogging: true },
  ["is_multi_region_trail         = true", "include_global_service_events = true", "enable_logging                = true"],
);

export const LOG_FILE_VALIDATION = trailSettings(
  "Turn on log file validation for the trail in the file; CloudTrail delivers the first digest file within an hour of deployment.",
  { EnableLogFileValidation: true },
  ["enable_log_file_validation = true"],
);

export const MANAGEMENT_EVENTS = trailSettings(
  "Give the trail an event selector that records read and write management events; keep its data resources in the " +
    "same selector (or, with advanced event selectors, one selector with eventCategory Management and no readOnly or eventSource filter).",
  { EventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: true }] },
  ["event_selector {", '  read_write_type           = "All"', "  include_management_events = true", "}"],
);

const NEW_TRAIL_TEXT =
  "Add a multi-region trail to the file (in an organization, an organization trail in the management account's " +
  "template covers every member). Its bucket {{newBucketName}} must let cloudtrail.amazonaws.com check its ACL and write " +
  "under AWSLogs/; point S3BucketName at the bucket's logical id when the file defines it.";

export const NEW_TRAIL: Fix = {
  cloudformation: {
    text: NEW_TRAIL_TEXT,
    resources: {
      Trail: {
        Type: "AWS::CloudTrail::Trail",
        Properties: {
          TrailName: "{{newTrailName}}",
          S3BucketName: "{{newBucketName}}",
          IsLogging: true,
          IsMultiRegionTrail: true,
          IncludeGlobalServiceEvents: true,
          EnableLogFileValidation: true,
        },
      },
    },
  },
  terraform: {
    text: NEW_TRAIL_TEXT.replace("S3BucketName", "s3_bucket_name").replace("logical id", "id (aws_s3_bucket.<name>.id)"),
    snippet: [
      'resource "aws_cloudtrail" "main" {',
      '  name                          = "{{newTrailName}}"',
      '  s3_bucket_name                = "{{newBucketName}}"',
      "  is_multi_region_trail         = true",
      "  include_global_service_events = true",
      "  enable_log_file_validation    = true",
      "  enable_logging                = true",
      "}",
    ],
  },
};

export const INSIGHTS = trailSettings(
  "Turn on both Insights types for the trail in the file (charged per 100,000 events analysed).",
  { InsightSelectors: [{ InsightType: "ApiCallRateInsight" }, { InsightType: "ApiErrorRateInsight" }] },
  ["insight_selector {", '  insight_type = "ApiCallRateInsight"', "}", "insight_selector {", '  insight_type = "ApiErrorRateInsight"', "}"],
);

export const INSIGHTS_MULTI_REGION = trailSettings(
  "Make the trail multi-region and turn on both Insights types for it in the file.",
  {
    IsMultiRegionTrail: true,
    IncludeGlobalServiceEvents: true,
    InsightSelectors: [{ InsightType: "ApiCallRateInsight" }, { InsightType: "ApiErrorRateInsight" }],
  },
  [
    "is_multi_region_trail         = true",
    "include_global_service_events = true",
    "insight_selector {",
    '  insight_type = "ApiCallRateInsight"',
    "}",
    "insight_selector {",
    '  insight_type = "ApiErrorRateInsight"',
    "}",
  ],
);

export const INSIGHTS_WRITE_EVENTS = trailSettings(
  "Record read and write management events on the trail in the file, so that ApiCallRateInsight has write calls to analyse.",
  { EventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: true }] },
  ["event_selector {", '  read_write_type           = "All"', "  include_management_events = true", "}"],
);

const CWL_TEXT =
  "Add log group {{newLogGroupName}} and role {{newRoleName}} (trusting cloudtrail.amazonaws.com, allowed " +
  "logs:CreateLogStream and logs:PutLogEvents on the group) to the file, and point the trail at both.";

export const CLOUDWATCH_LOGS: Fix = {
  cloudformation: {
    text: CWL_TEXT,
    properties: {
      CloudWatchLogsLogGroupArn: { "Fn::GetAtt": ["TrailLogGroup", "Arn"] },
      CloudWatchLogsRoleArn: { "Fn::GetAtt": ["TrailLogsRole", "Arn"] },
    },
    resources: {
      TrailLogGroup: { Type: "AWS::Logs::LogGroup", Properties: { LogGroupName: "{{newLogGroupName}}", RetentionInDays: 365 } },
      TrailLogsRole: {
        Type: "AWS::IAM::Role",
        Properties: {
          RoleName: "{{newRoleName}}",
          AssumeRolePolicyDocument: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "sts:AssumeRole" }],
          },
          Policies: [
            {
              PolicyName: "CloudTrailToCloudWatchLogs",
              PolicyDocument: {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: { "Fn::GetAtt": ["TrailLogGroup", "Arn"] } }],
              },
            },
          ],
        },
      },
    },
  },
  terraform: {
    text: CWL_TEXT,
    snippet: [
      'resource "aws_cloudwatch_log_group" "{{resourceName}}_trail" {',
      '  name              = "{{newLogGroupName}}"',
      "  retention_in_days = 365",
      "}",
      "",
      'resource "aws_iam_role" "{{resourceName}}_cloudwatch" {',
      '  name = "{{newRoleName}}"',
      "  assume_role_policy = jsonencode({",
      '    Version   = "2012-10-17"',
      '    Statement = [{ Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "sts:AssumeRole" }]',
      "  })",
      "}",
      "",
      'resource "aws_iam_role_policy" "{{resourceName}}_cloudwatch" {',
      "  role = aws_iam_role.{{resourceName}}_cloudwatch.id",
      "  policy = jsonencode({",
      '    Version   = "2012-10-17"',
      '    Statement = [{ Effect = "Allow", Action = ["logs:CreateLogStream", "logs:PutLogEvents"], Resource = "${aws_cloudwatch_log_group.{{resourceName}}_trail.arn}:*" }]',
      "  })",
      "}",
      "",
      TF_TRAIL,
      'cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.{{resourceName}}_trail.arn}:*"',
      "cloud_watch_logs_role_arn  = aws_iam_role.{{resourceName}}_cloudwatch.arn",
    ],
  },
};

// --- data events -----------------------------------------------------------------------------------

const DATA_EVENTS_TEXT =
  "Add every object of the bucket to the data events of a logging trail that covers its account, in the file (in the " +
  "trail's event selector, beside what it records today; with advanced event selectors, a resources.ARN StartsWith the bucket's ARN and /).";

export const DATA_EVENTS: Fix = {
  cloudformation: {
    text: DATA_EVENTS_TEXT,
    resources: {
      "<TrailLogicalId>": {
        Properties: {
          EventSelectors: [
            {
              ReadWriteType: "All",
              IncludeManagementEvents: true,
              DataResources: [{ Type: "AWS::S3::Object", Values: [{ "Fn::Sub": "${{{resourceId}}.Arn}/" }] }],
            },
          ],
        },
      },
    },
  },
  terraform: {
    text: DATA_EVENTS_TEXT,
    snippet: [
      '# in the resource "aws_cloudtrail" that is to record them:',
      "event_selector {",
      '  read_write_type           = "All"',
      "  include_management_events = true",
      "  data_resource {",
      '    type   = "AWS::S3::Object"',
      '    values = ["${{{resourceId}}.arn}/"]',
      "  }",
      "}",
    ],
  },
};

export const DATA_EVENTS_START: Fix = {
  cloudformation: {
    text: "Have the file start logging on trail {{trail}}.",
    resources: { "<TrailLogicalId>": { Properties: { IsLogging: true } } },
  },
  terraform: { text: "Have the file start logging on trail {{trail}}.", snippet: ['# in resource "aws_cloudtrail" of trail {{trail}}:', "enable_logging = true"] },
};

// --- log buckets -----------------------------------------------------------------------------------

const LOCK_TEXT =
  "Turn on Object Lock for log bucket {{bucket}} in the file with a default retention of {{minDays}} days in " +
  "COMPLIANCE mode (Object Lock needs versioning). COMPLIANCE retention cannot be shortened or removed by anyone, " +
  "and Object Lock cannot be turned off once on; it applies to log files written after deployment.";

export const OBJECT_LOCK: Fix = {
  cloudformation: {
    text: LOCK_TEXT,
    properties: {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: "Enabled", Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: "{{minDays}}" } } },
      VersioningConfiguration: { Status: "Enabled" },
    },
  },
  terraform: {
    text: `${LOCK_TEXT} On a bucket already created, object_lock_enabled replaces the bucket: run the commands below instead, then add the configuration resources.`,
    snippet: [
      TF_BUCKET,
      "object_lock_enabled = true",
      "",
      'resource "aws_s3_bucket_versioning" "{{resourceName}}" {',
      "  bucket = {{resourceId}}.id",
      "  versioning_configuration {",
      '    status = "Enabled"',
      "  }",
      "}",
      "",
      'resource "aws_s3_bucket_object_lock_configuration" "{{resourceName}}" {',
      "  bucket = {{resourceId}}.id",
      "  rule {",
      "    default_retention {",
      '      mode = "COMPLIANCE"',
      "      days = {{minDays}}",
      "    }",
      "  }",
      "}",
    ],
  },
};

const RETENTION_TEXT = "Set the default retention of log bucket {{bucket}} in the file to COMPLIANCE mode for at least {{minDays}} days (objects already written keep theirs).";

/** Object Lock is on: only the rule changes. */
export const OBJECT_LOCK_RETENTION: Fix = {
  cloudformation: {
    text: RETENTION_TEXT,
    properties: { ObjectLockConfiguration: { ObjectLockEnabled: "Enabled", Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: "{{minDays}}" } } } },
  },
  terraform: {
    text: RETENTION_TEXT,
    snippet: [
      '# in the resource "aws_s3_bucket_object_lock_configuration" of {{resourceId}}:',
      "rule {",
      "  default_retention {",
      '    mode = "COMPLIANCE"',
      "    days = {{minDays}}",
      "  }",
      "}",
    ],
  },
};

const ACCESS_LOGGING_TEXT =
  "Send the server access logs of {{bucket}} to a separate bucket, {{targetBucket}}, in the file; that bucket must be in " +
  "the same account and region and let logging.s3.amazonaws.com s3:PutObject under {{bucket}}/.";

export const ACCESS_LOGGING: Fix = {
  cloudformation: {
    text: ACCESS_LOGGING_TEXT,
    properties: { LoggingConfiguration: { DestinationBucketName: "{{targetBucket}}", LogFilePrefix: "{{bucket}}/" } },
  },
  terraform: {
    text: ACCESS_LOGGING_TEXT,
    snippet: [
      'resource "aws_s3_bucket_logging" "{{resourceName}}" {',
      "  bucket        = {{resourceId}}.id",
      '  target_bucket = "{{targetBucket}}"',
      '  target_prefix = "{{bucket}}/"',
      "}",
    ],
  },
};

const PUBLIC_TEXT =
  "Turn on all four Block Public Access settings for log bucket {{bucket}} in the file, and drop its public policy " +
  "statements and ACL grants (AccessControl / aws_s3_bucket_acl); grant a reader outside the account by name instead.";

export const BLOCK_PUBLIC: Fix = {
  cloudformation: {
    text: PUBLIC_TEXT,
    properties: {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    },
  },
  terraform: {
    text: PUBLIC_TEXT,
    snippet: [
      'resource "aws_s3_bucket_public_access_block" "{{resourceName}}" {',
      "  bucket                  = {{resourceId}}.id",
      "  block_public_acls       = true",
      "  ignore_public_acls      = true",
      "  block_public_policy     = true",
      "  restrict_public_buckets = true",
      "}",
    ],
  },
};

const DENY_TEXT =
  "Add this Deny statement to the policy of log bucket {{bucket}} in the file (to the PolicyDocument of its " +
  "bucket policy, or in a new one); a break-glass role can be exempted with a StringNotLike aws:PrincipalArn condition.";

const DENY_ACTIONS = ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:DeleteBucket", "s3:PutLifecycleConfiguration"];

export const DENY_DELETION: Fix = {
  cloudformation: {
    text: DENY_TEXT,
    resources: {
      "{{resourceId}}Policy": {
        Type: "AWS::S3::BucketPolicy",
        Properties: {
          Bucket: { Ref: "{{resourceId}}" },
          PolicyDocument: {
            Statement: [
              {
                Sid: "DenyLogDeletion",
                Effect: "Deny",
                Principal: "*",
                Action: DENY_ACTIONS,
                Resource: [{ "Fn::GetAtt": ["{{resourceId}}", "Arn"] }, { "Fn::Sub": "${{{resourceId}}.Arn}/*" }],
              },
            ],
          },
        },
      },
    },
  },
  terraform: {
    text: DENY_TEXT.replace("PolicyDocument of its bucket policy", "policy of its aws_s3_bucket_policy"),
    snippet: [
      "# a statement of the policy of the aws_s3_bucket_policy of {{resourceId}} (jsonencode):",
      "{",
      '  Sid       = "DenyLogDeletion"',
      '  Effect    = "Deny"',
      '  Principal = "*"',
      `  Action    = [${DENY_ACTIONS.map((a) => `"${a}"`).join(", ")}]`,
      '  Resource  = [{{resourceId}}.arn, "${{{resourceId}}.arn}/*"]',
      "}",
    ],
  },
};

const DELIVERY_TEXT =
  "Give log bucket {{bucket}} AWS's documented CloudTrail statements in the file: s3:GetBucketAcl on the bucket and " +
  "s3:PutObject on AWSLogs/<account>/* with s3:x-amz-acl bucket-owner-full-control, both confined by aws:SourceArn to " +
  "the trails that write there ({{trails}}); keep the statements that are not CloudTrail's.";

const SOURCE_ARN = { "Fn::Sub": "arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/<trail-name>" };

export const DELIVERY_POLICY: Fix = {
  cloudformation: {
    text: DELIVERY_TEXT,
    resources: {
      "{{resourceId}}Policy": {
        Type: "AWS::S3::BucketPolicy",
        Properties: {
          Bucket: { Ref: "{{resourceId}}" },
          PolicyDocument: {
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "AWSCloudTrailAclCheck",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "s3:GetBucketAcl",
                Resource: { "Fn::GetAtt": ["{{resourceId}}", "Arn"] },
                Condition: { StringEquals: { "aws:SourceArn": SOURCE_ARN } },
              },
              {
                Sid: "AWSCloudTrailWrite",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: { "Fn::Sub": "${{{resourceId}}.Arn}/AWSLogs/${AWS::AccountId}/*" },
                Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": SOURCE_ARN } },
              },
            ],
          },
        },
      },
    },
  },
  terraform: {
    text: DELIVERY_TEXT,
    snippet: [
      'resource "aws_s3_bucket_policy" "{{resourceName}}" {',
      "  bucket = {{resourceId}}.id",
      "  policy = jsonencode({",
      '    Version = "2012-10-17"',
      "    Statement = [",
      "      {",
      '        Sid       = "AWSCloudTrailAclCheck"',
      '        Effect    = "Allow"',
      '        Principal = { Service = "cloudtrail.amazonaws.com" }',
      '        Action    = "s3:GetBucketAcl"',
      "        Resource  = {{resourceId}}.arn",
      '        Condition = { StringEquals = { "aws:SourceArn" = aws_cloudtrail.<name>.arn } }',
      "      },",
      "      {",
      '        Sid       = "AWSCloudTrailWrite"',
      '        Effect    = "Allow"',
      '        Principal = { Service = "cloudtrail.amazonaws.com" }',
      '        Action    = "s3:PutObject"',
      '        Resource  = "${{{resourceId}}.arn}/AWSLogs/${data.aws_caller_identity.current.account_id}/*"',
      '        Condition = { StringEquals = { "s3:x-amz-acl" = "bucket-owner-full-control", "aws:SourceArn" = aws_cloudtrail.<name>.arn } }',
      "      },",
      "    ]",
      "  })",
      "}",
    ],
  },
};

// --- KMS -------------------------------------------------------------------------------------------

const NEW_KEY_TEXT =
  "Add a customer managed key to the file, with rotation on and a key policy that lets CloudTrail encrypt for this " +
  "account's trails only, and point trail {{trail}} at it (the key must be in the log bucket's region, {{bucketRegion}}). " +
  "Readers of the log files then need kms:Decrypt on the key.";

const KEY_POLICY = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "EnableIAMPolicies",
      Effect: "Allow",
      Principal: { AWS: { "Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" } },
      Action: "kms:*",
      Resource: "*",
    },
    {
      Sid: "AllowCloudTrailEncrypt",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:GenerateDataKey*",
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } },
        StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": { "Fn::Sub": "arn:${AWS::Partition}:cloudtrail:*:${AWS::AccountId}:trail/*" } },
      },
    },
    {
      Sid: "AllowCloudTrailDescribeKey",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:DescribeKey",
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } } },
    },
  ],
};

export const NEW_KEY: Fix = {
  cloudformation: {
    text: NEW_KEY_TEXT,
    properties: { KMSKeyId: { "Fn::GetAtt": ["TrailKey", "Arn"] } },
    resources: {
      TrailKey: {
        Type: "AWS::KMS::Key",
        Properties: { Description: "CloudTrail log files of trail {{trail}}", EnableKeyRotation: true, KeyPolicy: KEY_POLICY },
      },
    },
  },
  terraform: {
    text: NEW_KEY_TEXT,
    snippet: [
      'resource "aws_kms_key" "{{resourceName}}_logs" {',
      '  description         = "CloudTrail log files of trail {{trail}}"',
      "  enable_key_rotation = true",
      "  policy = jsonencode({",
      '    Version = "2012-10-17"',
      "    Statement = [",
      '      { Sid = "EnableIAMPolicies", Effect = "Allow", Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root" }, Action = "kms:*", Resource = "*" },',
      "      {",
      '        Sid = "AllowCloudTrailEncrypt", Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "kms:GenerateDataKey*", Resource = "*"',
      "        Condition = {",
      '          StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id }',
      '          StringLike   = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:${data.aws_partition.current.partition}:cloudtrail:*:${data.aws_caller_identity.current.account_id}:trail/*" }',
      "        }",
      "      },",
      '      { Sid = "AllowCloudTrailDescribeKey", Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "kms:DescribeKey", Resource = "*", Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } } },',
      "    ]",
      "  })",
      "}",
      "",
      TF_TRAIL,
      "kms_key_id = aws_kms_key.{{resourceName}}_logs.arn",
    ],
  },
};

/** A setting of the trail's key, which the file defines: the key's logical id is the reader's to fill. */
function keySetting(text: string, cfn: Record<string, unknown>, tf: string[]): Fix {
  return {
    cloudformation: { text, resources: { "<KeyLogicalId>": { Properties: cfn } } },
    terraform: { text, snippet: ['# in resource "aws_kms_key" of key {{keyArn}}:', ...tf] },
  };
}

export const KEY_ROTATION = keySetting("Turn on automatic rotation of key {{keyArn}} in the file.", { EnableKeyRotation: true }, ["enable_key_rotation = true"]);

export const KEY_ENABLED = keySetting("Enable key {{keyArn}} in the file.", { Enabled: true }, ["is_enabled = true"]);

const KEY_GRANT_TEXT =
  "In the key policy of {{keyArn}} in the file, let CloudTrail encrypt for this account's trails only: this statement, " +
  "in place of any CloudTrail statement without such a condition and without a Deny that stops it.";

export const KEY_POLICY_GRANT = keySetting(
  KEY_GRANT_TEXT,
  { KeyPolicy: { Statement: [KEY_POLICY.Statement[1]] } },
  [
    "# a statement of its policy (jsonencode):",
    "{",
    '  Sid = "AllowCloudTrailEncrypt", Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "kms:GenerateDataKey*", Resource = "*"',
    "  Condition = {",
    '    StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id }',
    '    StringLike   = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:${data.aws_partition.current.partition}:cloudtrail:*:${data.aws_caller_identity.current.account_id}:trail/*" }',
    "  }",
    "}",
  ],
);

// --- settings AWS rejects (iac-invalid-trail-config) ---------------------------------------------------

export const ADVANCED_SELECTORS = trailSettings(
  "Record what trail {{trail}} records with advanced event selectors only (at most 5 event selectors, 250 data resources, " +
    "500 condition values); the command prints the advanced form of its current selectors. For example:",
  {
    AdvancedEventSelectors: [
      { Name: "Management events", FieldSelectors: [{ Field: "eventCategory", Equals: ["Management"] }] },
      {
        Name: "S3 data events",
        FieldSelectors: [
          { Field: "eventCategory", Equals: ["Data"] },
          { Field: "resources.type", Equals: ["AWS::S3::Object"] },
        ],
      },
    ],
  },
  [
    "advanced_event_selector {",
    '  name = "Management events"',
    "  field_selector {",
    '    field  = "eventCategory"',
    '    equals = ["Management"]',
    "  }",
    "}",
    "advanced_event_selector {",
    '  name = "S3 data events"',
    "  field_selector {",
    '    field  = "eventCategory"',
    '    equals = ["Data"]',
    "  }",
    "  field_selector {",
    '    field  = "resources.type"',
    '    equals = ["AWS::S3::Object"]',
    "  }",
    "}",
  ],
);

export const ENABLE_OBJECT_LOCK: Fix = {
  cloudformation: {
    text: "Enable Object Lock on bucket {{bucket}} in the file (set when the bucket is created; it needs versioning).",
    properties: { ObjectLockEnabled: true, VersioningConfiguration: { Status: "Enabled" } },
  },
  terraform: {
    text: "Enable Object Lock on bucket {{bucket}} in the file (object_lock_enabled replaces a bucket already created; it needs versioning).",
    snippet: [TF_BUCKET, "object_lock_enabled = true"],
  },
};

export const MISSING_REQUIRED: Fix = {
  cloudformation: { text: "Set {{property}} on trail {{trail}} in the file ({{hint}}).", properties: { "{{property}}": "<value>" } },
  terraform: { text: "Set {{property}} on trail {{trail}} in the file ({{hint}}).", snippet: [TF_TRAIL, "{{property}} = <value>"] },
};
