import { check } from "../../src/checks/cloudwatch-logs-integration.js";
import type { Trail } from "../../src/model/snapshot.js";
import { LOG_ARCHIVE, MANAGEMENT, MEMBER, account, denied, multiRegionTrail, org, single, trail } from "../helpers/builders.js";
import { runCases } from "../helpers/run-cases.js";

const arn = (name: string, region = "us-east-1", acct = MANAGEMENT) => `arn:aws:cloudtrail:${region}:${acct}:trail/${name}`;
const GROUP = `arn:aws:logs:us-east-1:${MANAGEMENT}:log-group:CloudTrail/audit:*`;
const ROLE = `arn:aws:iam::${MANAGEMENT}:role/service-role/CloudTrailToLogs`;
/** collectedAt of the builders' snapshots (2026-11-20T12:00:00Z) in epoch seconds. */
const NOW_S = 1795176000;

/** A logging multi-region trail wired to CloudWatch Logs, with the given status fields. */
function wired(overrides: Partial<Trail> & { account?: string } = {}, status: Trail["status"] = {}): Trail {
  return multiRegionTrail({
    Name: "audit",
    CloudWatchLogsLogGroupArn: GROUP,
    CloudWatchLogsRoleArn: ROLE,
    ...overrides,
    status: { IsLogging: true, LatestCloudWatchLogsDeliveryTime: "2026-11-20T11:58:30Z", ...status },
  });
}

const REPAIR = (trailArn: string) => [
  `aws cloudtrail get-trail-status --name ${trailArn} --region us-east-1`,
  "aws iam get-role --role-name CloudTrailToLogs",
  "aws iam list-role-policies --role-name CloudTrailToLogs",
  "aws logs describe-log-groups --log-group-name-prefix CloudTrail/audit --region us-east-1",
  `aws cloudtrail update-trail --name ${trailArn} --region us-east-1 --cloud-watch-logs-log-group-arn ${GROUP} --cloud-watch-logs-role-arn ${ROLE}`,
];

runCases(check, {
  valid: [
    {
      name: "multi-region trail delivering within the last day",
      snapshot: single([wired()]),
      expect: [
        {
          status: "PASS",
          messageId: "ok",
          pointer: "/accounts/0/trails/0",
          resource: arn("audit"),
          region: "us-east-1",
          message: "group CloudTrail/audit; last delivery 2026-11-20T11:58:30.000Z, 0 hours before",
        },
      ],
    },
    {
      name: "organization trail wired to CloudWatch Logs credits every active member",
      snapshot: org({
        management: { trails: [wired({ Name: "org", IsOrganizationTrail: true })] },
        members: [LOG_ARCHIVE, MEMBER],
      }),
      expect: [
        { status: "PASS", accountId: MANAGEMENT, pointer: "/accounts/0/trails/0", resource: arn("org") },
        { status: "PASS", accountId: LOG_ARCHIVE, pointer: "/accounts/0/trails/0", resource: arn("org") },
        { status: "PASS", accountId: MEMBER, pointer: "/accounts/0/trails/0", resource: arn("org") },
      ],
    },
    {
      name: "epoch-seconds delivery time two hours old",
      snapshot: single([wired({}, { LatestCloudWatchLogsDeliveryTime: NOW_S - 2 * 3600 })]),
      expect: [{ status: "PASS", messageId: "ok", message: "last delivery 2026-11-20T10:00:00.000Z, 2 hours before" }],
    },
    {
      name: "delivery exactly maxDeliveryAgeHours old still passes",
      snapshot: single([wired({}, { LatestCloudWatchLogsDeliveryTime: "2026-11-19T12:00:00Z" })]),
      expect: [{ status: "PASS", messageId: "ok", message: "24 hours before" }],
    },
    {
      name: "maxDeliveryAgeHours param widens the window",
      snapshot: single([wired({}, { LatestCloudWatchLogsDeliveryTime: "2026-11-18T12:00:00Z" })]),
      params: { maxDeliveryAgeHours: 72 },
      expect: [{ status: "PASS", messageId: "ok", message: "48 hours before" }],
    },
    {
      name: "a healthy wired trail passes even when another wired trail is broken",
      snapshot: single([
        wired({ Name: "broken" }, { LatestCloudWatchLogsDeliveryError: "AccessDeniedException: denied" }),
        wired({ Name: "healthy" }),
      ]),
      expect: [{ status: "PASS", messageId: "ok", pointer: "/accounts/0/trails/1", resource: arn("healthy") }],
    },
    {
      name: "organization trail does not cover a suspended member",
      snapshot: org({
        management: { trails: [wired({ Name: "org", IsOrganizationTrail: true })] },
        members: [account(MEMBER, { Status: "SUSPENDED" })],
      }),
      expect: [
        { status: "PASS", accountId: MANAGEMENT },
        { status: "NOT_APPLICABLE", messageId: "suspended", accountId: MEMBER, pointer: "/accounts/1", message: "SUSPENDED" },
      ],
    },
  ],
  invalid: [
    {
      name: "multi-region trail not wired to CloudWatch Logs",
      snapshot: single([multiRegionTrail({ Name: "main" })]),
      expect: [
        {
          status: "FAIL",
          messageId: "notWired",
          pointer: "/accounts/0/trails/0",
          resource: arn("main"),
          message: "main set no CloudWatchLogsLogGroupArn and CloudWatchLogsRoleArn",
          cli: [
            "aws logs create-log-group --log-group-name aws-cloudtrail-logs-main --region us-east-1",
            "aws iam create-role --role-name CloudTrail_CloudWatchLogs_Role --assume-role-policy-document " +
              `'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},` +
              `"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceArn":"${arn("main")}"}}}]}'`,
            "aws iam put-role-policy --role-name CloudTrail_CloudWatchLogs_Role --policy-name CloudTrailToCloudWatchLogs --policy-document " +
              `'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],` +
              `"Resource":"arn:aws:logs:us-east-1:${MANAGEMENT}:log-group:aws-cloudtrail-logs-main:log-stream:*"}]}'`,
            `aws cloudtrail update-trail --name ${arn("main")} --region us-east-1 ` +
              `--cloud-watch-logs-log-group-arn arn:aws:logs:us-east-1:${MANAGEMENT}:log-group:aws-cloudtrail-logs-main:* ` +
              `--cloud-watch-logs-role-arn arn:aws:iam::${MANAGEMENT}:role/CloudTrail_CloudWatchLogs_Role`,
          ],
        },
      ],
    },
    {
      name: "not wired with only a single-region trail: the fix also makes it multi-region",
      snapshot: single([trail({ Name: "west", HomeRegion: "us-west-2" })]),
      expect: [
        {
          status: "FAIL",
          messageId: "notWired",
          region: "us-west-2",
          cli: [
            "aws logs create-log-group --log-group-name aws-cloudtrail-logs-west --region us-west-2",
            "aws iam create-role --role-name CloudTrail_CloudWatchLogs_Role --assume-role-policy-document " +
              `'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},` +
              `"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceArn":"${arn("west", "us-west-2")}"}}}]}'`,
            "aws iam put-role-policy --role-name CloudTrail_CloudWatchLogs_Role --policy-name CloudTrailToCloudWatchLogs --policy-document " +
              `'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],` +
              `"Resource":"arn:aws:logs:us-west-2:${MANAGEMENT}:log-group:aws-cloudtrail-logs-west:log-stream:*"}]}'`,
            `aws cloudtrail update-trail --name ${arn("west", "us-west-2")} --region us-west-2 --is-multi-region-trail --include-global-service-events ` +
              `--cloud-watch-logs-log-group-arn arn:aws:logs:us-west-2:${MANAGEMENT}:log-group:aws-cloudtrail-logs-west:* ` +
              `--cloud-watch-logs-role-arn arn:aws:iam::${MANAGEMENT}:role/CloudTrail_CloudWatchLogs_Role`,
          ],
        },
      ],
    },
    {
      name: "a log group without a role is not wired",
      snapshot: single([multiRegionTrail({ Name: "half", CloudWatchLogsLogGroupArn: GROUP })]),
      expect: [{ status: "FAIL", messageId: "notWired", resource: arn("half") }],
    },
    {
      name: "wired only to a single-region trail names it",
      snapshot: single([
        multiRegionTrail({ Name: "all-regions" }),
        trail({ Name: "west", HomeRegion: "us-west-2", CloudWatchLogsLogGroupArn: GROUP, CloudWatchLogsRoleArn: ROLE }),
      ]),
      expect: [
        {
          status: "FAIL",
          messageId: "singleRegionOnly",
          pointer: "/accounts/0/trails/1",
          resource: arn("west", "us-west-2"),
          message: "Only single-region trails send events to CloudWatch Logs (west (us-west-2))",
          cli: [`aws cloudtrail update-trail --name ${arn("west", "us-west-2")} --region us-west-2 --is-multi-region-trail --include-global-service-events`],
        },
      ],
    },
    {
      name: "delivery three days before the snapshot is stale",
      snapshot: single([wired({}, { LatestCloudWatchLogsDeliveryTime: "2026-11-17T12:00:00Z" })]),
      expect: [
        {
          status: "FAIL",
          messageId: "stale",
          pointer: "/accounts/0/trails/0",
          message: "last delivered to CloudWatch Logs group CloudTrail/audit at 2026-11-17T12:00:00.000Z, 72 hours before the snapshot (limit 24 hours)",
          cli: REPAIR(arn("audit")),
        },
      ],
    },
    {
      name: "stale by six minutes past the limit, timestamps in epoch seconds",
      snapshot: single([wired({}, { LatestCloudWatchLogsDeliveryTime: NOW_S - 24 * 3600 - 360 })]),
      expect: [{ status: "FAIL", messageId: "stale", message: "at 2026-11-19T11:54:00.000Z, 24.1 hours before" }],
    },
    {
      name: "delivery error is quoted",
      snapshot: single([
        wired({}, { LatestCloudWatchLogsDeliveryError: "AccessDeniedException: User is not authorized to perform logs:PutLogEvents" }),
      ]),
      expect: [
        {
          status: "FAIL",
          messageId: "deliveryError",
          resource: arn("audit"),
          message: 'group CloudTrail/audit: "AccessDeniedException: User is not authorized to perform logs:PutLogEvents"',
          evidence: {
            trails: [
              {
                TrailARN: arn("audit"),
                IsMultiRegionTrail: true,
                CloudWatchLogsLogGroupArn: GROUP,
                CloudWatchLogsRoleArn: ROLE,
                LatestCloudWatchLogsDeliveryTime: "2026-11-20T11:58:30Z",
                LatestCloudWatchLogsDeliveryError: "AccessDeniedException: User is not authorized to perform logs:PutLogEvents",
              },
            ],
          },
          cli: REPAIR(arn("audit")),
        },
      ],
    },
    {
      name: "wired but never delivered",
      snapshot: single([wired({}, { LatestCloudWatchLogsDeliveryTime: undefined })]),
      expect: [{ status: "FAIL", messageId: "neverDelivered", message: "has never delivered to it", cli: REPAIR(arn("audit")) }],
    },
    {
      name: "a stopped wired trail does not count",
      snapshot: single([wired({ Name: "stopped" }, { IsLogging: false, StopLoggingTime: "2026-10-02T09:00:00Z" }), multiRegionTrail({ Name: "plain" })]),
      expect: [{ status: "FAIL", messageId: "notWired", pointer: "/accounts/0/trails/1", message: "plain set no" }],
    },
    {
      name: "only a stopped trail: nothing covers the account",
      snapshot: single([wired({ Name: "stopped" }, { IsLogging: false })]),
      expect: [{ status: "NOT_APPLICABLE", messageId: "none", pointer: "/accounts/0" }],
    },
    {
      name: "a member's unwired own trail fails while the organization trail is unwired too",
      snapshot: org({
        management: { trails: [multiRegionTrail({ Name: "org", IsOrganizationTrail: true })] },
        members: [account(MEMBER, { trails: [trail({ Name: "own", account: MEMBER, HomeRegion: "eu-west-1" })] })],
      }),
      expect: [
        { status: "FAIL", messageId: "notWired", accountId: MANAGEMENT, resource: arn("org") },
        { status: "FAIL", messageId: "notWired", accountId: MEMBER, resource: arn("org"), message: "org, own set no" },
      ],
    },
    {
      name: "GetTrailStatus denied gives ERROR, not NOT_APPLICABLE",
      snapshot: single([{ ...wired(), status: undefined }], {
        errors: [denied("cloudtrail", "GetTrailStatus", { region: "us-east-1", resource: arn("audit") })],
      }),
      expect: [
        {
          status: "ERROR",
          messageId: "collection-error",
          message: `cloudtrail:GetTrailStatus (us-east-1, ${arn("audit")}) failed: AccessDenied`,
        },
      ],
    },
    {
      name: "ListTrails denied turns a notWired FAIL into ERROR",
      snapshot: single([multiRegionTrail({ Name: "main" })], { errors: [denied("cloudtrail", "ListTrails")] }),
      expect: [{ status: "ERROR", messageId: "collection-error", pointer: "/accounts/0/collectionErrors/0", message: "cloudtrail:ListTrails failed" }],
    },
    {
      name: "an unreadable delivery time gives ERROR, never PASS",
      snapshot: single([wired({}, { LatestCloudWatchLogsDeliveryTime: "yesterday" })]),
      expect: [{ status: "ERROR", messageId: "badTimestamp", message: "yesterday" }],
    },
  ],
});
