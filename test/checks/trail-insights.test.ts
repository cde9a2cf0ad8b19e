import assert from "node:assert/strict";
import { check, withManagementInsights } from "../../src/checks/trail-insights.js";
import { LOG_ARCHIVE, MANAGEMENT, MEMBER, account, denied, multiRegionTrail, org, single, trail } from "../helpers/builders.js";
import { runCases } from "../helpers/run-cases.js";

const ARN = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/main`;
const BOTH = [{ InsightType: "ApiCallRateInsight" }, { InsightType: "ApiErrorRateInsight" }];
const PUT = (selectors: unknown, arn = ARN, region = "us-east-1") =>
  `aws cloudtrail put-insight-selectors --trail-name ${arn} --region ${region} --insight-selectors '${JSON.stringify(selectors)}'`;
const insights = (insightSelectors: { InsightType: string; EventCategories?: string[] }[]) => ({ HasInsightSelectors: insightSelectors.length > 0, insightSelectors });

runCases(check, {
  valid: [
    {
      name: "a multi-region trail with both Insights types",
      snapshot: single([multiRegionTrail(insights(BOTH))]),
      expect: [
        {
          status: "PASS",
          messageId: "ok",
          accountId: MANAGEMENT,
          resource: ARN,
          pointer: "/accounts/0/trails/0",
          message: "records Insights events (ApiCallRateInsight, ApiErrorRateInsight) for this account",
        },
      ],
    },
    {
      name: "EventCategories with Management counts",
      snapshot: single([
        multiRegionTrail(
          insights([
            { InsightType: "ApiCallRateInsight", EventCategories: ["Management", "Data"] },
            { InsightType: "ApiErrorRateInsight", EventCategories: ["Management"] },
          ]),
        ),
      ]),
      expect: [{ status: "PASS", messageId: "ok" }],
    },
    {
      name: "an organization trail with Insights passes every member",
      snapshot: org({
        management: { trails: [multiRegionTrail({ Name: "org", IsOrganizationTrail: true, ...insights(BOTH) })] },
        members: [MEMBER],
      }),
      expect: [
        { status: "PASS", messageId: "ok", accountId: MANAGEMENT },
        { status: "PASS", messageId: "ok", accountId: MEMBER, resource: `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/org` },
      ],
    },
  ],
  invalid: [
    {
      name: "Insights off: the fix turns both on",
      snapshot: single([multiRegionTrail()]),
      expect: [{ status: "FAIL", messageId: "off", pointer: "/accounts/0/trails/0", message: "main record no Insights events", cli: [PUT(BOTH)] }],
    },
    {
      name: "only the call rate: the fix keeps it and adds the error rate",
      snapshot: single([multiRegionTrail(insights([{ InsightType: "ApiCallRateInsight" }]))]),
      expect: [{ status: "FAIL", messageId: "partial", message: "ApiCallRateInsight only; ApiErrorRateInsight is off", cli: [PUT(BOTH)] }],
    },
    {
      name: "Insights on data events only: the fix adds Management to the current selectors",
      snapshot: single([
        multiRegionTrail(
          insights([
            { InsightType: "ApiCallRateInsight", EventCategories: ["Data"] },
            { InsightType: "ApiErrorRateInsight", EventCategories: ["Data"] },
          ]),
        ),
      ]),
      expect: [
        {
          status: "FAIL",
          messageId: "off",
          cli: [
            PUT([
              { InsightType: "ApiCallRateInsight", EventCategories: ["Data", "Management"] },
              { InsightType: "ApiErrorRateInsight", EventCategories: ["Data", "Management"] },
            ]),
          ],
        },
      ],
    },
    {
      name: "Insights on a single-region trail only",
      snapshot: single([trail(insights(BOTH))]),
      expect: [
        {
          status: "FAIL",
          messageId: "noMultiRegion",
          message: "Only single-region trails cover this account (main (us-east-1))",
          cli: [`aws cloudtrail update-trail --name ${ARN} --region us-east-1 --is-multi-region-trail --include-global-service-events`, PUT(BOTH)],
        },
      ],
    },
    {
      name: "Insights on, but the trail records no write management events",
      snapshot: single([multiRegionTrail({ ...insights(BOTH), eventSelectors: [{ ReadWriteType: "ReadOnly", IncludeManagementEvents: true }] })]),
      expect: [
        {
          status: "FAIL",
          messageId: "noWriteEvents",
          cli: [`aws cloudtrail put-event-selectors --trail-name ${ARN} --region us-east-1 --event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true}]'`],
        },
      ],
    },
    {
      name: "GetInsightSelectors denied gives ERROR, not FAIL",
      snapshot: single([multiRegionTrail({ HasInsightSelectors: true })], { errors: [denied("cloudtrail", "GetInsightSelectors", { resource: ARN, region: "us-east-1" })] }),
      expect: [{ status: "ERROR", messageId: "collection-error", message: "cloudtrail:GetInsightSelectors" }],
    },
    {
      name: "HasInsightSelectors true without the selectors in the snapshot is ERROR",
      snapshot: single([multiRegionTrail({ HasInsightSelectors: true })]),
      expect: [{ status: "ERROR", messageId: "collection-error", message: "NotInSnapshot" }],
    },
    {
      name: "event selectors unknown: a trail with Insights cannot pass, and cannot fail either",
      snapshot: single([multiRegionTrail(insights(BOTH))], { errors: [denied("cloudtrail", "GetEventSelectors", { resource: ARN, region: "us-east-1" })] }),
      expect: [{ status: "ERROR", messageId: "collection-error", message: "cloudtrail:GetEventSelectors" }],
    },
    {
      name: "suspended and uncovered accounts are not applicable",
      snapshot: org({ management: { trails: [multiRegionTrail()] }, members: [account(MEMBER, { Status: "SUSPENDED" }), LOG_ARCHIVE] }),
      expect: [
        { status: "FAIL", messageId: "off", accountId: MANAGEMENT },
        { status: "NOT_APPLICABLE", messageId: "suspended", accountId: MEMBER },
        { status: "NOT_APPLICABLE", messageId: "none", accountId: LOG_ARCHIVE },
      ],
    },
  ],
});

describe("trail-insights: withManagementInsights", () => {
  it("keeps what is on and adds what is missing", () => {
    assert.deepEqual(withManagementInsights([]), BOTH);
    assert.deepEqual(withManagementInsights([{ InsightType: "ApiErrorRateInsight", EventCategories: ["Management"] }]), [
      { InsightType: "ApiErrorRateInsight", EventCategories: ["Management"] },
      { InsightType: "ApiCallRateInsight" },
    ]);
  });
});
