// iac-invalid-trail-config on whole files: CloudFormation templates and Terraform plans (hand-written,
// minimal, in the format `terraform show -json` writes) through the IaC sources, so each rule is
// pinned with the line its finding points at. Snapshot-level cases are in iac-invalid-trail-config.test.ts.
import assert from "node:assert/strict";
import { runChecks, type Finding } from "../../src/engine/run.js";
import { parseIac, type IacSource } from "../../src/sources/iac.js";
import { namedChecks } from "../helpers/named-checks.js";

function findings(source: IacSource): Finding[] {
  return runChecks(namedChecks(["iac-invalid-trail-config"]), source.snapshot, new Map(), source.file);
}

/** `<status> <messageId> <pointer> @<line>` for each finding, the line of its property (else its pointer). */
function rows(source: IacSource): string[] {
  return findings(source).map((f) => {
    const at = source.locate((f as { property?: string }).property ?? f.pointer ?? "") ?? source.locate(f.pointer ?? "");
    return `${f.status} ${f.messageId} ${f.pointer ?? "-"} @${at?.startLine ?? "-"}`;
  });
}

const TRAIL = `  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: !Ref LogBucket
`;
const BUCKET = `  LogBucket:
    Type: AWS::S3::Bucket
`;
const template = (resources: string, parameters = "") => `AWSTemplateFormatVersion: "2010-09-09"\n${parameters}Resources:\n${resources}`;

interface Case {
  name: string;
  text: string;
  file?: string;
  rows: string[];
  /** Parts of the finding messages (and fixes), in order of the rows they belong to. */
  messages?: [number, string][];
}

const CLOUDFORMATION: Case[] = [
  {
    name: "a valid trail and bucket: PASS each, and the template's shapes PASS",
    text: template(TRAIL + BUCKET),
    rows: ["PASS templateOk /accounts/0 @2", "PASS ok /accounts/0/trails/0 @3", "PASS ok /accounts/0/buckets/0 @8"],
    messages: [
      [1, "CloudFormation trail v-Trail: none of the 7 trail settings AWS rejects at deploy time (multi-region without global service events;"],
      [1, "; its properties match the CloudFormation resource schema."],
      [0, "Property shapes of 2 resources checked against the CloudFormation resource schema (@aws-cdk/aws-service-spec "],
    ],
  },
  {
    name: "(a) AccessControl LogDeliveryWrite on a new bucket without OwnershipControls",
    text: template(TRAIL + BUCKET + "    Properties:\n      AccessControl: LogDeliveryWrite\n"),
    rows: ["PASS templateOk /accounts/0 @2", "PASS ok /accounts/0/trails/0 @3", "FAIL aclWithOwnerEnforced /accounts/0/buckets/0 @11"],
    messages: [[2, "sets the log-delivery-write ACL (AccessControl) while its Object Ownership is BucketOwnerEnforced"], [2, "(InvalidBucketAclWithObjectOwnership: Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting)"], [2, "add OwnershipControls: { Rules: [{ ObjectOwnership: ObjectWriter }] }"]],
  },
  {
    name: "(a) AccessControl PublicRead: refused for the ownership and for Block Public Access",
    text: template(TRAIL + BUCKET + "    Properties:\n      AccessControl: PublicRead\n"),
    rows: ["PASS templateOk /accounts/0 @2", "PASS ok /accounts/0/trails/0 @3", "FAIL publicAclBlocked /accounts/0/buckets/0 @11", "FAIL aclWithOwnerEnforced /accounts/0/buckets/0 @11"],
    messages: [[2, "sets the public public-read ACL (AccessControl) while Block Public Access blocks public ACLs"], [2, "(AccessDenied)"], [3, "InvalidBucketAclWithObjectOwnership"]],
  },
  {
    name: "(a) PublicReadWrite with ObjectWriter ownership and BlockPublicAcls false is accepted",
    text: template(
      TRAIL +
        BUCKET +
        "    Properties:\n      AccessControl: PublicReadWrite\n      OwnershipControls:\n        Rules:\n          - ObjectOwnership: ObjectWriter\n" +
        "      PublicAccessBlockConfiguration:\n        BlockPublicAcls: false\n        IgnorePublicAcls: false\n        BlockPublicPolicy: true\n        RestrictPublicBuckets: true\n",
    ),
    rows: ["PASS templateOk /accounts/0 @2", "PASS ok /accounts/0/trails/0 @3", "PASS ok /accounts/0/buckets/0 @8"],
  },
  {
    name: "(a) LogDeliveryWrite with BucketOwnerPreferred is accepted; Private and BucketOwnerFullControl always are",
    text: template(
      TRAIL +
        BUCKET +
        "    Properties:\n      AccessControl: LogDeliveryWrite\n      OwnershipControls:\n        Rules:\n          - ObjectOwnership: BucketOwnerPreferred\n" +
        "  Private:\n    Type: AWS::S3::Bucket\n    Properties:\n      AccessControl: Private\n" +
        "  OwnerFull:\n    Type: AWS::S3::Bucket\n    Properties:\n      AccessControl: BucketOwnerFullControl\n",
    ),
    rows: ["PASS templateOk /accounts/0 @2", "PASS ok /accounts/0/trails/0 @3", "PASS ok /accounts/0/buckets/0 @8", "PASS ok /accounts/0/buckets/2 @19", "PASS ok /accounts/0/buckets/1 @15"],
  },
  {
    name: "(a) an AccessControl from a parameter without default is undecided",
    text: template(TRAIL + BUCKET + "    Properties:\n      AccessControl: !Ref Acl\n", "Parameters:\n  Acl:\n    Type: String\n"),
    rows: ["PASS templateOk /accounts/0 @5", "PASS ok /accounts/0/trails/0 @6", "ERROR collection-error /accounts/0/collectionErrors/0 @14"],
  },
  {
    name: "(b) a bucket policy Resource with ${S3Bucket} outside Fn::Sub; a Principal with ${AWS::AccountId}",
    text: template(
      TRAIL.replace("!Ref LogBucket", "!Ref S3Bucket") +
        "  S3Bucket:\n    Type: AWS::S3::Bucket\n" +
        "  BucketPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref S3Bucket\n      PolicyDocument:\n        Version: \"2012-10-17\"\n        Statement:\n" +
        "          - Sid: AWSCloudTrailAclCheck\n            Effect: Allow\n            Principal:\n              Service: cloudtrail.amazonaws.com\n            Action: s3:GetBucketAcl\n            Resource: \"arn:aws:s3:::${S3Bucket}\"\n" +
        "          - Sid: Root\n            Effect: Allow\n            Principal:\n              AWS: \"arn:aws:iam::${AWS::AccountId}:root\"\n            Action: s3:GetObject\n            Resource: !Sub \"arn:${AWS::Partition}:s3:::${S3Bucket}/*\"\n",
    ),
    rows: ["FAIL unsubstitutedReference /accounts/0/buckets/0 @22", "FAIL unsubstitutedReference /accounts/0/buckets/0 @26", "PASS ok /accounts/0/trails/0 @3"],
    messages: [[0, "PolicyDocument.Statement.0.Resource holds ${S3Bucket} as literal text outside Fn::Sub"], [0, "(S3 MalformedPolicy: Policy has invalid resource)"], [0, 'write the value as !Sub "arn:aws:s3:::${S3Bucket}".'], [1, "(S3 MalformedPolicy: Invalid principal in policy)"]],
  },
  {
    name: "(b) policy variables, condition values and references in the object key are accepted; a Join's literal part is not",
    text: template(
      TRAIL.replace("!Ref LogBucket", "!Ref S3Bucket") +
        "  S3Bucket:\n    Type: AWS::S3::Bucket\n" +
        "  BucketPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref S3Bucket\n      PolicyDocument:\n        Statement:\n" +
        "          - Effect: Allow\n            Principal: { AWS: !Sub \"arn:aws:iam::${AWS::AccountId}:root\" }\n            Action: s3:GetObject\n            Resource: \"arn:aws:s3:::my-logs/home/${aws:username}/*\"\n" +
        "            Condition:\n              StringEquals:\n                aws:PrincipalOrgID: \"${OrgId}\"\n" +
        "          - Effect: Allow\n            Principal: { Service: cloudtrail.amazonaws.com }\n            Action: s3:PutObject\n            Resource: \"arn:aws:s3:::my-logs/AWSLogs/${AWS::AccountId}/*\"\n" +
        "          - Effect: Allow\n            Principal: { Service: cloudtrail.amazonaws.com }\n            Action: s3:GetBucketAcl\n            Resource: !Join [\"\", [\"arn:aws:s3:::\", \"${S3Bucket}\"]]\n",
      "Parameters:\n  OrgId:\n    Type: String\n    Default: o-abcdefghij\n",
    ),
    rows: ["FAIL unsubstitutedReference /accounts/0/buckets/0 @34", "PASS ok /accounts/0/trails/0 @7"],
  },
  {
    name: "(b) a name with ${...} outside Fn::Sub: a trail's S3BucketName and a log group's name",
    text: template(
      TRAIL.replace("!Ref LogBucket", '"${AWS::StackName}-logs"') + "  Group:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: \"/trail/${Env}\"\n",
      "Parameters:\n  Env:\n    Type: String\n    Default: prod\n",
    ),
    rows: ["FAIL unsubstitutedReference /accounts/0/logGroups/0 @15", "FAIL unsubstitutedReference /accounts/0/trails/0 @11"],
    messages: [[0, "(CloudWatch Logs InvalidParameterException)"], [1, "S3BucketName holds ${AWS::StackName}"], [1, "(CloudTrail InvalidS3BucketNameException)"]],
  },
  {
    name: "(c) ServerSideEncryptionConfiguration given as an object instead of a list",
    text: template(TRAIL + BUCKET + "    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          ServerSideEncryptionByDefault:\n            SSEAlgorithm: aws:kms\n"),
    rows: ["FAIL wrongType /accounts/0/buckets/0 @12", "PASS ok /accounts/0/trails/0 @3"],
    messages: [[0, "BucketEncryption.ServerSideEncryptionConfiguration is an object; the schema wants a list of ServerSideEncryptionRule objects"], [0, "(Properties validation failed: expected type: JSONArray, found: JSONObject)"], [0, "Write BucketEncryption.ServerSideEncryptionConfiguration as a list"]],
  },
  {
    name: "(c) a typo'd property, a value not allowed, a missing required property, a wrong scalar",
    text: template(
      TRAIL.replace("      IsLogging: true\n", "      IsLogging: true\n      IsMultiRegion: true\n      EventSelectors:\n        - ReadWriteType: All\n          DataResources:\n            - Values: [\"arn:aws:s3\"]\n") +
        BUCKET +
        "    Properties:\n      VersioningConfiguration: Enabled\n" +
        "  Group:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: 366\n" +
        "  Alarm:\n    Type: AWS::CloudWatch::Alarm\n    Properties:\n      ComparisonOperator: GreaterThanOrEqualToThreshold\n      Threshold: 1\n",
    ),
    rows: ["FAIL wrongType /accounts/0/buckets/0 @16", "FAIL valueNotAllowed /accounts/0/logGroups/0 @20", "FAIL requiredProperty /accounts/0/trails/0 @11", "FAIL unknownProperty /accounts/0/trails/0 @7"],
    messages: [[0, "expected type: JSONObject, found: String"], [1, "366 is not a valid enum value"], [1, "(probably 365)"], [2, "required key [Type] not found"], [3, "IsMultiRegion is not a property of AWS::CloudTrail::Trail (did you mean IsMultiRegionTrail?)"], [3, "extraneous key [IsMultiRegion] is not permitted"], [3, "Rename IsMultiRegion to IsMultiRegionTrail."]],
  },
  {
    name: "(c) intrinsics stand for any value; Fn::If branches are checked; scalars CloudFormation converts pass",
    text: template(
      TRAIL.replace("      IsLogging: true\n", "      IsLogging: \"true\"\n      IsMultiRegionTrail: !If [Multi, true, !Ref AWS::NoValue]\n      EnableLogFileValidation: !If [Multi, {Enabled: true}, false]\n") +
        BUCKET +
        "    Properties:\n      BucketEncryption: !If [Multi, !Ref AWS::NoValue, {ServerSideEncryptionConfiguration: [{ServerSideEncryptionByDefault: {SSEAlgorithm: AES256}}]}]\n" +
        "      Tags: !Ref AWS::NoValue\n",
      "Conditions:\n  Multi: !Equals [!Ref AWS::Region, us-east-1]\n",
    ),
    // Condition Multi compares AWS::Region, which is not given: IsMultiRegionTrail (line 9) is undecided first.
    rows: ["FAIL wrongType /accounts/0/trails/0 @10", "ERROR collection-error /accounts/0/collectionErrors/0 @9", "PASS ok /accounts/0/buckets/0 @12"],
  },
  {
    name: "(d) two buckets with the same BucketName",
    text: template(
      TRAIL.replace("!Ref LogBucket", "org-trail-logs") +
        "  LogBucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: org-trail-logs\n" +
        "  LogBucketCopy:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: org-trail-logs\n",
    ),
    rows: ["PASS templateOk /accounts/0 @2", "PASS ok /accounts/0/trails/0 @3", "PASS ok /accounts/0/buckets/0 @8", "FAIL duplicateBucketName /accounts/0/buckets/1 @12"],
    messages: [[3, "Bucket org-trail-logs is defined twice in this file (the first at /accounts/0/buckets/0)"], [3, "(CloudFormation: org-trail-logs already exists)"]],
  },
  {
    name: "(d) a second bucket of the same name that a false Condition leaves out is no duplicate",
    text: template(
      TRAIL.replace("!Ref LogBucket", "org-trail-logs") +
        "  LogBucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: org-trail-logs\n" +
        "  LogBucketCopy:\n    Type: AWS::S3::Bucket\n    Condition: Never\n    Properties:\n      BucketName: org-trail-logs\n      Typo: 1\n",
      "Conditions:\n  Never: !Equals [a, b]\n",
    ),
    rows: ["PASS templateOk /accounts/0 @4", "PASS ok /accounts/0/trails/0 @5", "PASS ok /accounts/0/buckets/0 @10"],
  },
  {
    name: "(e) CloudWatchLogsLogGroupArn without CloudWatchLogsRoleArn, and the other way round",
    text: template(
      TRAIL + "      CloudWatchLogsLogGroupArn: !GetAtt Group.Arn\n" +
        "  Other:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n      S3BucketName: !Ref LogBucket\n      CloudWatchLogsRoleArn: arn:aws:iam::111122223333:role/ct-logs\n" +
        BUCKET +
        "  Group:\n    Type: AWS::Logs::LogGroup\n",
    ),
    rows: ["PASS templateOk /accounts/0 @2", "FAIL cloudWatchLogsIncomplete /accounts/0/trails/1 @14", "FAIL cloudWatchLogsIncomplete /accounts/0/trails/0 @8", "PASS ok /accounts/0/buckets/0 @15"],
    messages: [[1, "sets CloudWatchLogsRoleArn without CloudWatchLogsLogGroupArn"], [1, "(InvalidCloudWatchLogsLogGroupArnException)"], [2, "sets CloudWatchLogsLogGroupArn without CloudWatchLogsRoleArn"], [2, "(InvalidCloudWatchLogsRoleArnException)"], [2, "--cloud-watch-logs-role-arn <role-arn>"]],
  },
];

describe("iac-invalid-trail-config on CloudFormation templates", () => {
  for (const c of CLOUDFORMATION) {
    it(c.name, () => {
      const source = parseIac(c.text, c.file ?? "v.yaml");
      const list = findings(source);
      if (process.env.PRINT_ROWS) console.log(`ROWS ${JSON.stringify(rows(source))}`);
      assert.deepEqual(rows(source), c.rows);
      for (const [i, part] of c.messages ?? []) {
        const text = [list[i]!.message, list[i]!.remediation?.text ?? "", ...(list[i]!.remediation?.cli ?? [])].join("\n");
        assert.ok(text.includes(part), `row ${i}: ${text} lacks ${part}`);
      }
    });
  }
});

interface PlanResource {
  address: string;
  type: string;
  after: Record<string, unknown>;
}

/** A minimal plan as `terraform show -json` writes it: planned_values, resource_changes and configuration. */
function planOf(resources: PlanResource[]): string {
  const name = (address: string) => address.split(".").pop()!;
  const constants = (after: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(after).filter(([, v]) => typeof v === "string" || typeof v === "boolean").map(([k, v]) => [k, { constant_value: v }]));
  return JSON.stringify(
    {
      format_version: "1.2",
      terraform_version: "1.9.8",
      planned_values: {
        root_module: {
          resources: resources.map((r) => ({ address: r.address, mode: "managed", type: r.type, name: name(r.address), provider_name: "registry.terraform.io/hashicorp/aws", schema_version: 0, values: r.after, sensitive_values: {} })),
        },
      },
      resource_changes: resources.map((r) => ({
        address: r.address,
        mode: "managed",
        type: r.type,
        name: name(r.address),
        provider_name: "registry.terraform.io/hashicorp/aws",
        change: { actions: ["create"], before: null, after: r.after, after_unknown: {} },
      })),
      configuration: {
        provider_config: { aws: { name: "aws", expressions: { region: { constant_value: "eu-west-1" } } } },
        root_module: {
          resources: resources.map((r) => ({ address: r.address, mode: "managed", type: r.type, name: name(r.address), provider_config_key: "aws", expressions: constants(r.after), schema_version: 0 })),
        },
      },
    },
    null,
    2,
  );
}

const tfTrail = (after: Record<string, unknown> = {}): PlanResource => ({
  address: "aws_cloudtrail.org",
  type: "aws_cloudtrail",
  after: { name: "org", s3_bucket_name: "org-trail-logs", enable_logging: true, include_global_service_events: true, is_multi_region_trail: true, event_selector: [], advanced_event_selector: [], ...after },
});
const tfBucket = (address = "aws_s3_bucket.logs", bucket = "org-trail-logs"): PlanResource => ({ address, type: "aws_s3_bucket", after: { bucket, force_destroy: false, object_lock_enabled: false } });
const tfAcl = (acl: string): PlanResource => ({ address: "aws_s3_bucket_acl.logs", type: "aws_s3_bucket_acl", after: { bucket: "org-trail-logs", acl, access_control_policy: [] } });
const tfOwnership = (value: string): PlanResource => ({
  address: "aws_s3_bucket_ownership_controls.logs",
  type: "aws_s3_bucket_ownership_controls",
  after: { bucket: "org-trail-logs", rule: [{ object_ownership: value }] },
});

const TERRAFORM: Case[] = [
  {
    name: "(a) aws_s3_bucket_acl log-delivery-write without aws_s3_bucket_ownership_controls",
    text: planOf([tfTrail(), tfBucket(), tfAcl("log-delivery-write")]),
    rows: ["PASS ok /accounts/0/trails/0 @57", "FAIL aclWithOwnerEnforced /accounts/0/buckets/0 @112"],
    messages: [[1, "(AccessControlListNotSupported: The bucket does not allow ACLs)"], [1, 'rule { object_ownership = "ObjectWriter" }']],
  },
  {
    name: "(a) aws_s3_bucket_acl log-delivery-write with ownership ObjectWriter is accepted",
    text: planOf([tfTrail(), tfBucket(), tfAcl("log-delivery-write"), tfOwnership("ObjectWriter")]),
    rows: ["PASS ok /accounts/0/trails/0 @74", "PASS ok /accounts/0/buckets/0 @97"],
  },
  {
    name: "(a) aws_s3_bucket_acl public-read under the default Block Public Access",
    text: planOf([tfTrail(), tfBucket(), tfAcl("public-read"), tfOwnership("BucketOwnerPreferred")]),
    rows: ["PASS ok /accounts/0/trails/0 @74", "FAIL publicAclBlocked /accounts/0/buckets/0 @129"],
    messages: [[1, "sets the public public-read ACL (aws_s3_bucket_acl) while Block Public Access blocks public ACLs"], [1, "block_public_acls = false"]],
  },
  {
    name: "(d) two aws_s3_bucket with the same bucket",
    text: planOf([tfTrail(), tfBucket(), tfBucket("aws_s3_bucket.copy")]),
    rows: ["PASS ok /accounts/0/trails/0 @57", "PASS ok /accounts/0/buckets/0 @80", "FAIL duplicateBucketName /accounts/0/buckets/1 @99"],
    messages: [[2, "BucketAlreadyOwnedByYou; in us-east-1 S3 answers 200 OK instead"], [2, "bucket_prefix"]],
  },
  {
    name: "(e) cloud_watch_logs_group_arn without cloud_watch_logs_role_arn",
    text: planOf([tfTrail({ cloud_watch_logs_group_arn: "arn:aws:logs:eu-west-1:111122223333:log-group:ct:*", cloud_watch_logs_role_arn: "" }), tfBucket()]),
    rows: ["FAIL cloudWatchLogsIncomplete /accounts/0/trails/0 @64", "PASS ok /accounts/0/buckets/0 @70"],
    messages: [[0, "Trail org sets cloud_watch_logs_group_arn without cloud_watch_logs_role_arn"], [0, "(InvalidCloudWatchLogsRoleArnException)"]],
  },
];

describe("iac-invalid-trail-config on Terraform plans", () => {
  for (const c of TERRAFORM) {
    it(c.name, () => {
      const source = parseIac(c.text, "v.tfplan.json");
      const list = findings(source);
      if (process.env.PRINT_ROWS) console.log(`ROWS ${JSON.stringify(rows(source))}`);
      assert.deepEqual(rows(source), c.rows);
      for (const [i, part] of c.messages ?? []) {
        const text = [list[i]!.message, list[i]!.remediation?.text ?? "", ...(list[i]!.remediation?.cli ?? [])].join("\n");
        assert.ok(text.includes(part), `row ${i}: ${text} lacks ${part}`);
      }
    });
  }
});
