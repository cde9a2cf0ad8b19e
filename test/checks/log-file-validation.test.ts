import { check } from "../../src/checks/log-file-validation.js";
import { LOG_ARCHIVE, MANAGEMENT, MEMBER, OTHER, account, denied, multiRegionTrail, org, single, trail } from "../helpers/builders.js";
import { runCases } from "../helpers/run-cases.js";

const ARN = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/main`;
const ENABLE = (arn: string, region = "us-east-1") => `aws cloudtrail update-trail --name ${arn} --region ${region} --enable-log-file-validation`;
const DIGEST = "2026-11-20T11:30:00Z";

runCases(check, {
  valid: [
    {
      name: "a validating trail with recent digests",
      snapshot: single([multiRegionTrail({ status: { IsLogging: true, LatestDigestDeliveryTime: DIGEST } })]),
      expect: [
        {
          status: "PASS",
          messageId: "ok",
          accountId: MANAGEMENT,
          resource: ARN,
          pointer: "/accounts/0/trails/0",
          region: "us-east-1",
          message: "validates its log files (last digest file 2026-11-20T11:30:00.000Z)",
          evidence: { LogFileValidationEnabled: true, LatestDigestDeliveryError: null },
        },
      ],
    },
    {
      name: "an organization trail is judged once, in the management account",
      snapshot: org({
        management: { trails: [multiRegionTrail({ Name: "org", IsOrganizationTrail: true })] },
        members: [account(MEMBER, { trails: [multiRegionTrail({ Name: "org", IsOrganizationTrail: true, account: MANAGEMENT, status: undefined })] }), LOG_ARCHIVE],
      }),
      expect: [{ status: "PASS", messageId: "ok", accountId: MANAGEMENT, pointer: "/accounts/0/trails/0", resource: `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/org` }],
    },
    {
      name: "a stopped trail is not judged",
      snapshot: single([multiRegionTrail(), trail({ Name: "old", LogFileValidationEnabled: false, status: { IsLogging: false } })]),
      expect: [{ status: "PASS", messageId: "ok", resource: ARN }],
    },
  ],
  invalid: [
    {
      name: "a trail that GetTrail could not read stands as ERROR beside the other trail's PASS",
      snapshot: single([multiRegionTrail(), trail({ Name: "b", HomeRegion: "eu-west-1" })], {
        errors: [denied("cloudtrail", "GetTrail", { resource: `arn:aws:cloudtrail:eu-west-1:${MANAGEMENT}:trail/b`, region: "eu-west-1" })],
      }),
      expect: [
        { status: "PASS", messageId: "ok", resource: ARN },
        { status: "ERROR", messageId: "collection-error", resource: `arn:aws:cloudtrail:eu-west-1:${MANAGEMENT}:trail/b` },
      ],
    },
    {
      name: "validation off",
      snapshot: single([multiRegionTrail({ LogFileValidationEnabled: false })]),
      expect: [
        {
          status: "FAIL",
          messageId: "off",
          pointer: "/accounts/0/trails/0",
          message: "Trail main does not validate its log files (LogFileValidationEnabled is false)",
          cli: [ENABLE(ARN)],
        },
      ],
    },
    {
      name: "validation absent counts as off (AWS's default)",
      snapshot: single([trail({ Name: "eu", HomeRegion: "eu-west-1", LogFileValidationEnabled: undefined })]),
      expect: [{ status: "FAIL", messageId: "off", region: "eu-west-1", cli: [ENABLE(`arn:aws:cloudtrail:eu-west-1:${MANAGEMENT}:trail/eu`, "eu-west-1")] }],
    },
    {
      name: "digest delivery fails: FAIL naming the error",
      snapshot: single([multiRegionTrail({ status: { IsLogging: true, LatestDigestDeliveryError: "AccessDenied" } })]),
      expect: [
        {
          status: "FAIL",
          messageId: "digestError",
          message: 'its digest files fail to arrive: "AccessDenied" (S3 refused CloudTrail\'s write',
          cli: ["aws s3api get-bucket-policy --bucket trail-logs", `aws cloudtrail get-trail-status --name ${ARN} --region us-east-1`],
        },
      ],
    },
    {
      name: "an organization trail without validation FAILs once, in its owner, not in each member",
      snapshot: org({
        management: { trails: [multiRegionTrail({ Name: "org", IsOrganizationTrail: true, LogFileValidationEnabled: false })] },
        members: [MEMBER, LOG_ARCHIVE],
      }),
      expect: [{ status: "FAIL", messageId: "off", accountId: MANAGEMENT, resource: `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/org` }],
    },
    {
      name: "LogFileValidationEnabled unknown gives ERROR, not FAIL",
      snapshot: single([
        multiRegionTrail({ LogFileValidationEnabled: { $unknown: { service: "cloudtrail", operation: "GetTrail", code: "Unresolved", message: "!Ref Validate" } } }),
      ]),
      expect: [{ status: "ERROR", messageId: "collection-error", resource: ARN, message: "Could not decide: !Ref Validate." }],
    },
    {
      name: "GetTrailStatus denied: whether the trail logs is unknown, ERROR stands in",
      snapshot: single([multiRegionTrail({ LogFileValidationEnabled: false })], { errors: [denied("cloudtrail", "GetTrailStatus", { resource: ARN, region: "us-east-1" })] }),
      expect: [
        { status: "ERROR", messageId: "collection-error", resource: ARN, message: "cloudtrail:GetTrailStatus" },
        { status: "ERROR", messageId: "collection-error", accountId: MANAGEMENT, message: "cloudtrail:GetTrailStatus" },
      ],
    },
    {
      name: "ListTrails denied: the account's own trails stand as ERROR",
      snapshot: single([], { errors: [denied("cloudtrail", "ListTrails")] }),
      expect: [{ status: "ERROR", messageId: "collection-error", accountId: MANAGEMENT, message: "cloudtrail:ListTrails" }],
    },
    {
      name: "an organization trail whose owner is not in the snapshot is out of scope",
      snapshot: {
        ...org({ members: [] }),
        accounts: [account(MEMBER, { trails: [multiRegionTrail({ Name: "org", IsOrganizationTrail: true, account: OTHER })] })],
        organization: { Id: "o-exampleorg1", MasterAccountId: OTHER, delegatedAdministrators: [], serviceControlPolicies: [] },
      },
      expect: [
        { status: "ERROR", messageId: "outOfScope", accountId: MEMBER, pointer: "/accounts/0/trails/0", message: "out of scope: scan account 444444444444" },
      ],
    },
    {
      name: "suspended and uncovered accounts are not applicable",
      snapshot: org({
        management: { trails: [multiRegionTrail({ LogFileValidationEnabled: false })] },
        members: [account(MEMBER, { Status: "SUSPENDED" }), LOG_ARCHIVE],
      }),
      expect: [
        { status: "FAIL", messageId: "off", accountId: MANAGEMENT },
        { status: "NOT_APPLICABLE", messageId: "suspended", accountId: MEMBER, pointer: "/accounts/1" },
        { status: "NOT_APPLICABLE", messageId: "none", accountId: LOG_ARCHIVE, pointer: "/accounts/2" },
      ],
    },
  ],
});
