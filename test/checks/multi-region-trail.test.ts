import { check } from "../../src/checks/multi-region-trail.js";
import {
  LOG_ARCHIVE,
  MANAGEMENT,
  MEMBER,
  account,
  denied,
  field,
  managementSelector,
  multiRegionTrail,
  org,
  s3DataEventSelector,
  s3ObjectSelector,
  single,
  trail,
} from "../helpers/builders.js";
import { runCases } from "../helpers/run-cases.js";

const arn = (name: string, region = "us-east-1", acct = MANAGEMENT) => `arn:aws:cloudtrail:${region}:${acct}:trail/${name}`;
const put = (name: string, argument: string, region = "us-east-1") =>
  `aws cloudtrail put-event-selectors --trail-name ${arn(name, region)} --region ${region} ${argument}`;
const orgTrail = (overrides = {}) => multiRegionTrail({ Name: "org", IsOrganizationTrail: true, ...overrides });

runCases(check, {
  valid: [
    {
      name: "no selectors at all is AWS's default: all management events",
      snapshot: single([multiRegionTrail({ Name: "main" })]),
      expect: [
        {
          status: "PASS",
          messageId: "ok",
          pointer: "/accounts/0/trails/0",
          resource: arn("main"),
          region: "us-east-1",
          message: "Multi-region trail main (home region us-east-1) is logging and records read and write management events.",
        },
      ],
    },
    {
      name: "organization trail credits every active member",
      snapshot: org({ management: { trails: [orgTrail()] }, members: [LOG_ARCHIVE, MEMBER] }),
      expect: [
        { status: "PASS", accountId: MANAGEMENT, pointer: "/accounts/0/trails/0" },
        { status: "PASS", accountId: LOG_ARCHIVE, pointer: "/accounts/0/trails/0", resource: arn("org") },
        { status: "PASS", accountId: MEMBER, pointer: "/accounts/0/trails/0", resource: arn("org") },
      ],
    },
    {
      name: "shadow copy of the organization trail in a member is counted once, through the owner's copy",
      snapshot: org({
        management: { trails: [orgTrail()] },
        members: [account(MEMBER, { trails: [{ ...orgTrail(), status: undefined }] })],
      }),
      expect: [
        { status: "PASS", accountId: MANAGEMENT, pointer: "/accounts/0/trails/0" },
        {
          status: "PASS",
          accountId: MEMBER,
          pointer: "/accounts/0/trails/0",
          evidence: {
            trails: [
              {
                TrailARN: arn("org"),
                HomeRegion: "us-east-1",
                IsMultiRegionTrail: true,
                IsOrganizationTrail: true,
                IsLogging: true,
                selectorsFrom: "default",
                managementEvents: { read: true, write: true },
                excludedSources: [],
                problems: [],
              },
            ],
          },
        },
      ],
    },
    {
      name: "advanced selectors: Management without readOnly, next to data selectors",
      snapshot: single([multiRegionTrail({ Name: "adv", advancedEventSelectors: [s3ObjectSelector(), managementSelector()] })]),
      expect: [{ status: "PASS", messageId: "ok", evidence: { allowedExclusions: [] } }],
    },
    {
      name: "basic ReadOnly + WriteOnly selectors together record both",
      snapshot: single([
        multiRegionTrail({
          Name: "split",
          eventSelectors: [
            { ReadWriteType: "ReadOnly", IncludeManagementEvents: true },
            { ReadWriteType: "WriteOnly", IncludeManagementEvents: true },
          ],
        }),
      ]),
      expect: [{ status: "PASS", messageId: "ok" }],
    },
    {
      name: "exclusion allowed by the allowedExclusions param passes and is named",
      snapshot: single([
        multiRegionTrail({ Name: "main", eventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: true, ExcludeManagementEventSources: ["kms.amazonaws.com"] }] }),
      ]),
      params: { allowedExclusions: ["kms.amazonaws.com"] },
      expect: [{ status: "PASS", messageId: "ok", message: "(allowed exclusions: kms.amazonaws.com)" }],
    },
    {
      name: "a stopped trail does not hide a good one",
      snapshot: single([multiRegionTrail({ Name: "old", status: { IsLogging: false } }), multiRegionTrail({ Name: "new" })]),
      expect: [{ status: "PASS", pointer: "/accounts/0/trails/1", resource: arn("new") }],
    },
  ],
  invalid: [
    {
      name: "no trail at all",
      snapshot: single([]),
      expect: [
        {
          status: "FAIL",
          messageId: "none",
          pointer: "/accounts/0",
          cli: [
            `aws cloudtrail create-trail --name management-events --s3-bucket-name aws-cloudtrail-logs-${MANAGEMENT} --is-multi-region-trail ` +
              "--include-global-service-events --enable-log-file-validation --region us-east-1",
            "aws cloudtrail start-logging --name management-events --region us-east-1",
          ],
        },
      ],
    },
    {
      name: "only single-region trails: the message names the regions recorded and not",
      snapshot: single([
        trail({ Name: "east" }),
        trail({ Name: "dublin", HomeRegion: "eu-west-1" }),
        trail({ Name: "oregon", HomeRegion: "us-west-2", status: { IsLogging: false } }),
      ]),
      expect: [
        {
          status: "FAIL",
          messageId: "singleRegion",
          pointer: "/accounts/0/trails/0",
          message:
            "Only single-region trails cover this account (east (us-east-1, logging), dublin (eu-west-1, logging), oregon (us-west-2, not logging)). " +
            "Regions recorded: eu-west-1, us-east-1; enabled regions not recorded: us-west-2.",
          cli: [
            `aws cloudtrail update-trail --name ${arn("east")} --region us-east-1 --is-multi-region-trail --include-global-service-events`,
            `aws cloudtrail start-logging --name ${arn("east")} --region us-east-1`,
          ],
        },
      ],
    },
    {
      name: "stopped multi-region trail: StopLoggingTime in the message, start-logging as the fix",
      snapshot: single([
        multiRegionTrail({ Name: "org", status: { IsLogging: false, StopLoggingTime: "2026-10-02T08:15:00Z", StartLoggingTime: "2026-01-01T00:00:00Z" } }),
      ]),
      expect: [
        {
          status: "FAIL",
          messageId: "stopped",
          message: "Multi-region trail org covers this account but is not logging (logging stopped at 2026-10-02T08:15:00.000Z).",
          cli: [`aws cloudtrail start-logging --name ${arn("org")} --region us-east-1`],
        },
      ],
    },
    {
      name: "stopped and read-only: the stop comes first, the selectors are named too",
      snapshot: single([multiRegionTrail({ Name: "org", status: { IsLogging: false }, eventSelectors: [{ ReadWriteType: "ReadOnly", IncludeManagementEvents: true }] })]),
      expect: [
        {
          status: "FAIL",
          messageId: "stopped",
          message: "(no StopLoggingTime recorded). Also: it records read-only management events.",
        },
      ],
    },
    {
      name: "advanced readOnly=true only: read-only, fixed with the data selector kept",
      snapshot: single([
        multiRegionTrail({
          Name: "adv",
          advancedEventSelectors: [
            managementSelector("Read-only management events", field("readOnly", { Equals: ["true"] })),
            s3ObjectSelector("Payroll objects", field("resources.ARN", { StartsWith: ["arn:aws:s3:::payroll/"] })),
          ],
        }),
      ]),
      expect: [
        {
          status: "FAIL",
          messageId: "readOnly",
          message: "records only read management events",
          cli: [
            put(
              "adv",
              `--advanced-event-selectors '[{"Name":"Management events","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]},` +
                `{"Name":"Payroll objects","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]},` +
                `{"Field":"resources.ARN","StartsWith":["arn:aws:s3:::payroll/"]}]}]'`,
            ),
          ],
        },
      ],
    },
    {
      name: "basic write-only: fixed in place, the read-only data selector kept",
      snapshot: single([
        multiRegionTrail({
          Name: "wo",
          HomeRegion: "eu-west-1",
          eventSelectors: [
            { ReadWriteType: "WriteOnly", IncludeManagementEvents: true },
            s3DataEventSelector(["arn:aws:s3:::payroll/"], { ReadWriteType: "ReadOnly", IncludeManagementEvents: false }),
          ],
        }),
      ]),
      expect: [
        {
          status: "FAIL",
          messageId: "writeOnly",
          region: "eu-west-1",
          message: "records only write management events",
          cli: [
            put(
              "wo",
              `--event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true},` +
                `{"ReadWriteType":"ReadOnly","IncludeManagementEvents":false,"DataResources":[{"Type":"AWS::S3::Object","Values":["arn:aws:s3:::payroll/"]}]}]'`,
              "eu-west-1",
            ),
          ],
        },
      ],
    },
    {
      name: "management events off",
      snapshot: single([multiRegionTrail({ Name: "data", eventSelectors: [s3DataEventSelector(["arn:aws:s3"], { IncludeManagementEvents: false })] })]),
      expect: [
        {
          status: "FAIL",
          messageId: "managementOff",
          message: "records no management events (its basic event selectors leave them out)",
          cli: [
            put(
              "data",
              `--event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true,"DataResources":[{"Type":"AWS::S3::Object","Values":["arn:aws:s3"]}]}]'`,
            ),
          ],
        },
      ],
    },
    {
      name: "excluded sources not allowed by the param are named; allowed ones are kept in the fix",
      snapshot: single([
        multiRegionTrail({
          Name: "main",
          eventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: true, ExcludeManagementEventSources: ["kms.amazonaws.com", "rdsdata.amazonaws.com"] }],
        }),
      ]),
      params: { allowedExclusions: ["rdsdata.amazonaws.com"] },
      expect: [
        {
          status: "FAIL",
          messageId: "excluded",
          message: "excludes the management events of kms.amazonaws.com (not in allowedExclusions)",
          cli: [put("main", `--event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true,"ExcludeManagementEventSources":["rdsdata.amazonaws.com"]}]'`)],
        },
      ],
    },
    {
      name: "advanced eventSource NotEquals is an exclusion too",
      snapshot: single([multiRegionTrail({ Name: "adv", advancedEventSelectors: [managementSelector("m", field("eventSource", { NotEquals: ["kms.amazonaws.com"] }))] })]),
      expect: [
        {
          status: "FAIL",
          messageId: "excluded",
          message: "excludes the management events of kms.amazonaws.com",
          cli: [put("adv", `--advanced-event-selectors '[{"Name":"Management events","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]}]'`)],
        },
      ],
    },
    {
      name: "advanced Management selector narrowed to one event source is filtered, not all management events",
      snapshot: single([multiRegionTrail({ Name: "iam", advancedEventSelectors: [managementSelector("iam only", field("eventSource", { Equals: ["iam.amazonaws.com"] }))] })]),
      expect: [
        {
          status: "FAIL",
          messageId: "filtered",
          message: 'records only some management events: AdvancedEventSelectors[0] "iam only": eventSource Equals iam.amazonaws.com.',
          cli: [put("iam", `--advanced-event-selectors '[{"Name":"Management events","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]}]'`)],
        },
      ],
    },
    {
      name: "of two bad multi-region trails, the one closest to passing is reported",
      snapshot: single([
        multiRegionTrail({ Name: "worse", status: { IsLogging: false }, eventSelectors: [{ ReadWriteType: "WriteOnly", IncludeManagementEvents: true }] }),
        multiRegionTrail({ Name: "closer", eventSelectors: [{ ReadWriteType: "ReadOnly", IncludeManagementEvents: true }] }),
        trail({ Name: "single" }),
      ]),
      expect: [{ status: "FAIL", messageId: "readOnly", pointer: "/accounts/0/trails/1", resource: arn("closer"), message: /are not recorded\.$/ }],
    },
    {
      name: "a multi-region trail is preferred over a passing-looking single-region one",
      snapshot: org({
        management: { trails: [orgTrail({ status: { IsLogging: false } })] },
        members: [account(MEMBER, { trails: [trail({ Name: "local", account: MEMBER })] })],
      }),
      expect: [
        { status: "FAIL", messageId: "stopped", accountId: MANAGEMENT },
        { status: "FAIL", messageId: "stopped", accountId: MEMBER, pointer: "/accounts/0/trails/0", resource: arn("org") },
      ],
    },
    {
      name: "both basic and advanced selectors: the advanced ones apply, as in AWS",
      snapshot: single([
        multiRegionTrail({
          Name: "both",
          eventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: true }],
          advancedEventSelectors: [managementSelector("w", field("readOnly", { Equals: ["false"] }))],
        }),
      ]),
      expect: [{ status: "FAIL", messageId: "writeOnly", message: "only write management events" }],
    },
    {
      name: "GetEventSelectors denied on the trail gives ERROR: its selectors are unknown",
      snapshot: single([multiRegionTrail({ Name: "main" })], { errors: [denied("cloudtrail", "GetEventSelectors", { resource: arn("main") })] }),
      expect: [
        {
          status: "ERROR",
          messageId: "collection-error",
          resource: arn("main"),
          message: `Could not decide: cloudtrail:GetEventSelectors (${arn("main")}) failed: AccessDenied`,
        },
      ],
    },
    {
      name: "GetEventSelectors denied on the organization trail, recorded in the management account, is an ERROR for members too",
      snapshot: org({
        management: { trails: [orgTrail()], collectionErrors: [denied("cloudtrail", "GetEventSelectors", { resource: arn("org") })] },
        members: [MEMBER],
      }),
      expect: [
        { status: "ERROR", messageId: "collection-error", accountId: MANAGEMENT, resource: arn("org") },
        { status: "ERROR", messageId: "collection-error", accountId: MEMBER, resource: arn("org") },
      ],
    },
    {
      name: "GetTrailStatus denied on a multi-region trail gives ERROR, not FAIL",
      snapshot: single([multiRegionTrail({ Name: "all", status: undefined })], { errors: [denied("cloudtrail", "GetTrailStatus", { resource: arn("all") })] }),
      expect: [{ status: "ERROR", messageId: "collection-error", resource: arn("all"), message: "cloudtrail:GetTrailStatus" }],
    },
    {
      // Whatever its status, a single-region trail cannot pass: the FAIL rests on IsMultiRegionTrail, which is known.
      name: "GetTrailStatus denied on the only trail, a single-region one: still FAIL, its logging named unknown",
      snapshot: single([trail({ Name: "east", status: undefined })], { errors: [denied("cloudtrail", "GetTrailStatus", { resource: arn("east") })] }),
      expect: [{ status: "FAIL", messageId: "singleRegion", message: "east (us-east-1, logging unknown)" }],
    },
    {
      name: "a pasted describe-trails output without status cannot be judged",
      snapshot: single([multiRegionTrail({ Name: "pasted", status: undefined })]),
      expect: [{ status: "ERROR", messageId: "statusUnknown", message: "has no GetTrailStatus data" }],
    },
    {
      name: "DescribeTrails denied in an account without trails gives ERROR, not 'no trail'",
      snapshot: single([], { errors: [denied("cloudtrail", "DescribeTrails", { region: "us-east-1" })] }),
      expect: [{ status: "ERROR", messageId: "collection-error", message: "cloudtrail:DescribeTrails (us-east-1) failed" }],
    },
    {
      name: "DescribeTrails denied in the management account leaves members undecided",
      snapshot: org({ management: { collectionErrors: [denied("cloudtrail", "DescribeTrails", { region: "us-east-1" })] }, members: [MEMBER] }),
      expect: [
        { status: "ERROR", messageId: "collection-error", accountId: MANAGEMENT },
        { status: "ERROR", messageId: "collection-error", accountId: MEMBER, pointer: "/accounts/0/collectionErrors/0", message: "cloudtrail:DescribeTrails (us-east-1) failed" },
      ],
    },
    {
      name: "suspended and closing accounts are not applicable",
      snapshot: org({ management: { trails: [orgTrail()] }, members: [account(MEMBER, { Status: "SUSPENDED" }), account(LOG_ARCHIVE, { Status: "PENDING_CLOSURE" })] }),
      expect: [
        { status: "PASS", accountId: MANAGEMENT },
        { status: "NOT_APPLICABLE", messageId: "suspended", accountId: MEMBER, message: "Account is SUSPENDED" },
        { status: "NOT_APPLICABLE", messageId: "suspended", accountId: LOG_ARCHIVE, message: "Account is PENDING_CLOSURE" },
      ],
    },
  ],
});
