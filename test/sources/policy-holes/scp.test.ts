// Service control policies of a template with values the file leaves open: the SCP is kept, each open
// value a hole (src/sources/cloudformation/organizations.ts, model/scp.ts); only a hole that could
// change the verdict undecides it, and the ERROR points at that expression.
import assert from "node:assert/strict";
import { runChecks } from "../../../src/engine/run.js";
import { parseIac } from "../../../src/sources/iac.js";
import { namedChecks } from "../../helpers/named-checks.js";

const template = (statement: string) => `
Parameters:
  pRegion:
    Type: String
  pBreakGlass:
    Type: String
Resources:
  LogBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: org-logs
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      S3BucketName: !Ref LogBucket
      IsLogging: true
      IsMultiRegionTrail: true
  ProtectLogs:
    Type: AWS::Organizations::Policy
    Properties:
      Name: protect-logs
      Type: SERVICE_CONTROL_POLICY
      TargetIds: [r-root]
      Content:
        Version: "2012-10-17"
        Statement:
          - Sid: DenyLogDeletion
            Effect: Deny
            Action: [s3:DeleteObject, s3:DeleteObjectVersion, s3:DeleteBucket, s3:PutLifecycleConfiguration]
            Resource: ["arn:aws:s3:::org-logs", "arn:aws:s3:::org-logs/*"]
${statement}`;

function noDelete(text: string) {
  const source = parseIac(text.replace(/^\n/, ""), "scp.yaml", { region: "us-east-1" });
  const [finding] = runChecks(namedChecks(["log-bucket-no-delete"]), source.snapshot, new Map(), source.file);
  const at = source.locate(finding!.pointer ?? "");
  return { finding: finding!, source, row: `${finding!.status} ${finding!.messageId} @${at?.startLine}` };
}

describe("policy holes: service control policies of a template", () => {
  it("a hole in a statement about other actions keeps the SCP and its verdict", () => {
    const { source, row } = noDelete(
      template(`          - Sid: DenyOtherRegions
            Effect: Deny
            Action: ec2:*
            Resource: "*"
            Condition:
              StringNotEquals: { "aws:RequestedRegion": !Ref pRegion }`),
    );
    assert.equal(source.snapshot.organization!.serviceControlPolicies!.length, 1);
    const decided = noDelete(template(""));
    assert.equal(row, decided.row);
    assert.notEqual(decided.finding.status, "ERROR");
  });

  it("a hole in the exemption of the Deny is kept; in the management account (the file's), which SCPs do not bind, no value of it matters", () => {
    const text = template("").replace(
      '            Resource: ["arn:aws:s3:::org-logs", "arn:aws:s3:::org-logs/*"]\n',
      '            Resource: ["arn:aws:s3:::org-logs", "arn:aws:s3:::org-logs/*"]\n            Condition:\n              StringNotLike: { "aws:PrincipalArn": !Sub "arn:aws:iam::*:role/${pBreakGlass}" }\n',
    );
    const { source, row } = noDelete(text);
    assert.equal(row, noDelete(template("")).row);
    const errors = source.snapshot.organization!.collectionErrors!;
    assert.deepEqual(errors.map((e) => [e.field, e.path]), [["serviceControlPolicies", "/0/Content/Statement/0/Condition/StringNotLike/aws:PrincipalArn"]]);
    assert.equal(source.locate("/organization/collectionErrors/0")?.startLine, 31);
  });
});
