import { check } from "../../src/checks/global-service-events.js";
import { LOG_ARCHIVE, MANAGEMENT, MEMBER, account, denied, multiRegionTrail, org, single, trail } from "../helpers/builders.js";
import { runCases } from "../helpers/run-cases.js";

const arn = (name: string, region = "us-east-1", acct = MANAGEMENT) => `arn:aws:cloudtrail:${region}:${acct}:trail/${name}`;

runCases(check, {
  valid: [
    {
      name: "multi-region trail with global events",
      snapshot: single([multiRegionTrail({ Name: "org" })]),
      expect: [{ status: "PASS", messageId: "ok", pointer: "/accounts/0/trails/0", resource: arn("org") }],
    },
    {
      name: "single-region trail homed in us-east-1 records global events",
      snapshot: single([trail({ Name: "east" })]),
      expect: [{ status: "PASS", messageId: "ok", resource: arn("east") }],
    },
    {
      name: "organization trail credits every active member",
      snapshot: org({
        management: { trails: [multiRegionTrail({ Name: "org", IsOrganizationTrail: true })] },
        members: [LOG_ARCHIVE, MEMBER],
      }),
      expect: [
        { status: "PASS", accountId: MANAGEMENT, pointer: "/accounts/0/trails/0" },
        { status: "PASS", accountId: LOG_ARCHIVE, pointer: "/accounts/0/trails/0" },
        { status: "PASS", accountId: MEMBER, pointer: "/accounts/0/trails/0" },
      ],
    },
    {
      name: "shadow copy in a member does not shadow the owner's copy",
      snapshot: org({
        management: { trails: [multiRegionTrail({ Name: "org", IsOrganizationTrail: true })] },
        members: [account(MEMBER, { trails: [{ ...multiRegionTrail({ Name: "org", IsOrganizationTrail: true }), status: undefined }] })],
      }),
      expect: [
        { status: "PASS", accountId: MANAGEMENT, pointer: "/accounts/0/trails/0" },
        { status: "PASS", accountId: MEMBER, pointer: "/accounts/0/trails/0" },
      ],
    },
    {
      name: "gov-cloud trail in us-gov-west-1",
      snapshot: {
        ...single([]),
        partition: "aws-us-gov",
        accounts: [account(MANAGEMENT, { trails: [trail({ HomeRegion: "us-gov-west-1", TrailARN: `arn:aws-us-gov:cloudtrail:us-gov-west-1:${MANAGEMENT}:trail/gov` })] })],
      },
      expect: [{ status: "PASS", messageId: "ok" }],
    },
  ],
  invalid: [
    {
      name: "multi-region trail with global events off names the impossible combination",
      snapshot: single([multiRegionTrail({ Name: "My-All-Regions-Trail", IncludeGlobalServiceEvents: false })]),
      expect: [
        {
          status: "FAIL",
          messageId: "offMultiRegion",
          pointer: "/accounts/0/trails/0",
          message: "AWS rejects this combination",
          cli: [`aws cloudtrail update-trail --name ${arn("My-All-Regions-Trail")} --region us-east-1 --include-global-service-events`],
        },
      ],
    },
    {
      name: "single-region trails that turned them off are all named",
      snapshot: single([
        trail({ Name: "a", IncludeGlobalServiceEvents: false }),
        trail({ Name: "b", HomeRegion: "eu-west-1", IncludeGlobalServiceEvents: false }),
      ]),
      expect: [{ status: "FAIL", messageId: "off", message: "a, b turned them off", pointer: "/accounts/0/trails/0" }],
    },
    {
      name: "single-region trail outside us-east-1",
      snapshot: single([trail({ Name: "west", HomeRegion: "us-west-2" })]),
      expect: [{ status: "FAIL", messageId: "wrongRegion", message: "west (us-west-2)", region: "us-west-2" }],
    },
    {
      name: "a data-events-only trail records no global service events (they are management events)",
      snapshot: single([
        multiRegionTrail({
          Name: "data",
          eventSelectors: [
            { ReadWriteType: "WriteOnly", IncludeManagementEvents: false, DataResources: [{ Type: "AWS::S3::Object", Values: ["arn:aws:s3:::b/"] }] },
          ],
        }),
      ]),
      expect: [
        {
          status: "FAIL",
          messageId: "noManagement",
          pointer: "/accounts/0/trails/0",
          message: "data include them but record no management events",
          cli: [
            "aws cloudtrail put-event-selectors --trail-name arn:aws:cloudtrail:us-east-1:111111111111:trail/data --region us-east-1 " +
              `--event-selectors '[{"ReadWriteType":"WriteOnly","IncludeManagementEvents":false,"DataResources":[{"Type":"AWS::S3::Object","Values":["arn:aws:s3:::b/"]}]},` +
              `{"ReadWriteType":"All","IncludeManagementEvents":true}]'`,
          ],
        },
      ],
    },
    {
      name: "advanced selectors with data events only record no global service events",
      snapshot: single([
        multiRegionTrail({
          Name: "adv",
          advancedEventSelectors: [{ FieldSelectors: [{ Field: "eventCategory", Equals: ["Data"] }, { Field: "resources.type", Equals: ["AWS::S3::Object"] }] }],
        }),
      ]),
      expect: [{ status: "FAIL", messageId: "noManagement", message: "adv include them" }],
    },
    {
      name: "a data-events-only trail beside one that records management events passes",
      snapshot: single([
        multiRegionTrail({ Name: "data", eventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: false }] }),
        multiRegionTrail({ Name: "mgmt" }),
      ]),
      expect: [{ status: "PASS", messageId: "ok", resource: arn("mgmt") }],
    },
    {
      name: "a stopped trail does not count",
      snapshot: single([multiRegionTrail({ Name: "stopped", status: { IsLogging: false } })]),
      expect: [{ status: "NOT_APPLICABLE", messageId: "none" }],
    },
    {
      name: "organization trail does not cover a suspended member",
      snapshot: org({
        management: { trails: [multiRegionTrail({ Name: "org", IsOrganizationTrail: true })] },
        members: [account(MEMBER, { Status: "SUSPENDED" })],
      }),
      expect: [
        { status: "PASS", accountId: MANAGEMENT },
        { status: "NOT_APPLICABLE", messageId: "suspended", accountId: MEMBER },
      ],
    },
    {
      name: "a member's own trail is not credited to other members",
      snapshot: org({
        members: [account(MEMBER, { trails: [multiRegionTrail({ Name: "own", account: MEMBER })] }), account(LOG_ARCHIVE)],
      }),
      expect: [
        { status: "NOT_APPLICABLE", accountId: MANAGEMENT },
        { status: "PASS", accountId: MEMBER },
        { status: "NOT_APPLICABLE", accountId: LOG_ARCHIVE },
      ],
    },
    {
      name: "DescribeTrails denied gives ERROR, not NOT_APPLICABLE",
      snapshot: single([], { errors: [denied("cloudtrail", "DescribeTrails", { region: "us-east-1" })] }),
      expect: [{ status: "ERROR", messageId: "collection-error", message: "cloudtrail:DescribeTrails (us-east-1) failed: AccessDenied" }],
    },
    {
      name: "GetTrailStatus denied on the offending trail gives ERROR",
      snapshot: single([multiRegionTrail({ Name: "t", IncludeGlobalServiceEvents: false })], {
        errors: [denied("cloudtrail", "GetTrailStatus", { resource: arn("t") })],
      }),
      // Which trails log is unknown, so the result is about the account, naming the failed read.
      expect: [{ status: "ERROR", messageId: "collection-error", pointer: "/accounts/0/collectionErrors/0", message: `cloudtrail:GetTrailStatus (${arn("t")}) failed` }],
    },
  ],
});
