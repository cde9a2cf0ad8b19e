// Real-world-shaped templates for policy holes (written for these tests, not copied). The bucket
// policy follows the shape of AWS's documented organization-trail bucket policy (CloudTrail User
// Guide, "Amazon S3 bucket policy for CloudTrail" / "Create a bucket policy for an organization
// trail": AWSCloudTrailAclCheck, AWSCloudTrailWrite for the management account's path,
// AWSCloudTrailOrganizationWrite for AWSLogs/<organization id>/*, each confined by aws:SourceArn),
// with the organization id and the management account id as parameters without default, as
// landing-zone templates (AWS Security Reference Architecture style) pass them in.

/** The template text with `extra` statements appended to the bucket policy and `bucket` properties added. */
export function orgLogBucket(options: { extra?: string; bucket?: string; parameters?: string } = {}): string {
  return `AWSTemplateFormatVersion: "2010-09-09"
Description: Organization trail and its log bucket (log-archive style)
Parameters:
  pOrganizationId:
    Type: String
    Description: AWS Organizations id (o-...)
  pManagementAccountId:
    Type: String
    Description: Account that owns the organization trail
  pTrailName:
    Type: String
    Default: org-trail
${options.parameters ?? ""}Resources:
  OrgTrailBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: org-trail-logs-example
      VersioningConfiguration:
        Status: Enabled
${options.bucket ?? ""}  OrgTrailBucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref OrgTrailBucket
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: AWSCloudTrailAclCheck
            Effect: Allow
            Principal:
              Service: cloudtrail.amazonaws.com
            Action: s3:GetBucketAcl
            Resource: !GetAtt OrgTrailBucket.Arn
            Condition:
              StringEquals:
                aws:SourceArn: !Sub arn:\${AWS::Partition}:cloudtrail:\${AWS::Region}:\${AWS::AccountId}:trail/\${pTrailName}
          - Sid: AWSCloudTrailWrite
            Effect: Allow
            Principal:
              Service: cloudtrail.amazonaws.com
            Action: s3:PutObject
            Resource: !Sub \${OrgTrailBucket.Arn}/AWSLogs/\${AWS::AccountId}/*
            Condition:
              StringEquals:
                s3:x-amz-acl: bucket-owner-full-control
                aws:SourceArn: !Sub arn:\${AWS::Partition}:cloudtrail:\${AWS::Region}:\${AWS::AccountId}:trail/\${pTrailName}
          - Sid: AWSCloudTrailOrganizationWrite
            Effect: Allow
            Principal:
              Service: cloudtrail.amazonaws.com
            Action: s3:PutObject
            Resource: !Sub \${OrgTrailBucket.Arn}/AWSLogs/\${pOrganizationId}/*
            Condition:
              StringEquals:
                s3:x-amz-acl: bucket-owner-full-control
                aws:SourceArn: !Sub arn:\${AWS::Partition}:cloudtrail:\${AWS::Region}:\${pManagementAccountId}:trail/\${pTrailName}
          - Sid: DenyOutsideOrganization
            Effect: Deny
            Principal: "*"
            Action: s3:GetObject
            Resource: !Sub \${OrgTrailBucket.Arn}/*
            Condition:
              StringNotEquals:
                aws:PrincipalOrgID: !Ref pOrganizationId
${options.extra ?? ""}  OrgTrail:
    Type: AWS::CloudTrail::Trail
    DependsOn: OrgTrailBucketPolicy
    Properties:
      TrailName: !Ref pTrailName
      S3BucketName: !Ref OrgTrailBucket
      IsLogging: true
      IsMultiRegionTrail: true
      IncludeGlobalServiceEvents: true
      EnableLogFileValidation: true
`;
}

/** COMPLIANCE-mode Object Lock for a year: closes every object-deletion path. */
export const OBJECT_LOCK = `      ObjectLockEnabled: true
      ObjectLockConfiguration:
        ObjectLockEnabled: Enabled
        Rule:
          DefaultRetention:
            Mode: COMPLIANCE
            Days: 365
`;

/** A Deny of object deletion to everyone but a break-glass role named by a parameter: the only closer. */
export const DENY_BUT_BREAK_GLASS = `          - Sid: DenyLogDeletion
            Effect: Deny
            Principal: "*"
            Action:
              - s3:DeleteObject
              - s3:DeleteObjectVersion
              - s3:DeleteBucket
              - s3:PutLifecycleConfiguration
            Resource:
              - !GetAtt OrgTrailBucket.Arn
              - !Sub \${OrgTrailBucket.Arn}/*
            Condition:
              StringNotLike:
                aws:PrincipalArn: !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/\${pBreakGlassRole}
`;

export const BREAK_GLASS_PARAMETER = `  pBreakGlassRole:
    Type: String
`;

/** An Allow of deletion to a principal of an account named by a parameter, narrowed to one role of it. */
export const AUDIT_DELETE = `          - Sid: AllowAuditCleanup
            Effect: Allow
            Principal:
              AWS: !Sub arn:\${AWS::Partition}:iam::\${pAuditAccountId}:root
            Action: s3:DeleteObject
            Resource: !Sub \${OrgTrailBucket.Arn}/*
            Condition:
              ArnEquals:
                aws:PrincipalArn: !Sub arn:\${AWS::Partition}:iam::\${pAuditAccountId}:role/LogJanitor
`;

/** The same Allow to an account root, not narrowed: broad whatever account the parameter names. */
export const ROOT_DELETE = `          - Sid: AllowAuditCleanup
            Effect: Allow
            Principal:
              AWS: !Sub arn:\${AWS::Partition}:iam::\${pAuditAccountId}:root
            Action: s3:DeleteObject
            Resource: !Sub \${OrgTrailBucket.Arn}/*
`;

export const AUDIT_PARAMETER = `  pAuditAccountId:
    Type: String
`;
