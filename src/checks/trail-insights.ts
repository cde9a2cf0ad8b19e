// CloudTrail Insights watches the account's management API activity: some logging, multi-region
// trail that covers the account has Insights selectors (GetInsightSelectors) for both
// ApiCallRateInsight and ApiErrorRateInsight on management events (no EventCategories, or
// EventCategories with "Management"), and records write management events, which the API call rate
// Insights analyses (GetEventSelectors). A verdict on the account as a whole: an organization trail
// with Insights counts for every member it covers. Reads ListTrails, GetTrail (IsMultiRegionTrail,
// HasInsightSelectors, IsOrganizationTrail), GetTrailStatus (IsLogging), GetInsightSelectors and
// GetEventSelectors.
import { defineCheck, type CheckResult, type DataValue } from "../engine/check.js";
import { loggingCoverage, trailFlag, type TrailRef, shownHomeRegion } from "../model/coverage.js";
import { managementEvents, selectorsArgument, selectorsUnknown, shellQuote, withAllManagementEvents } from "../model/selectors.js";
import type { InsightSelector } from "../model/snapshot.js";
import { isUnknown, type UnknownRef } from "../model/unknown.js";
import { NO_TRAIL_IN_FILE_MESSAGE, SUSPENDED_MESSAGE, accountOpening } from "./lib/accounts.js";
import { docsUrl } from "./lib/docs.js";
import { TRAIL_READS } from "./lib/reads.js";
import { INSIGHTS, INSIGHTS_MULTI_REGION, INSIGHTS_WRITE_EVENTS } from "./lib/iac-fixes.js";

type MessageId = "ok" | "suspended" | "noTrailInFile" | "none" | "noMultiRegion" | "off" | "partial" | "noWriteEvents";

export const INSIGHT_TYPES = ["ApiCallRateInsight", "ApiErrorRateInsight"] as const;

/** Whether a selector turns Insights on for management events. */
function onManagement(selector: InsightSelector): boolean {
  return selector.EventCategories === undefined || selector.EventCategories.length === 0 || selector.EventCategories.includes("Management");
}

/** The selectors of put-insight-selectors: the current ones, with every type on for management events. */
export function withManagementInsights(current: readonly InsightSelector[]): InsightSelector[] {
  const out: InsightSelector[] = current.map((s) => ({ InsightType: s.InsightType, ...(s.EventCategories ? { EventCategories: [...s.EventCategories] } : {}) }));
  for (const type of INSIGHT_TYPES) {
    const same = out.filter((s) => s.InsightType === type);
    if (same.some(onManagement)) continue;
    const first = same[0];
    if (first) first.EventCategories = [...(first.EventCategories ?? []), "Management"];
    else out.push({ InsightType: type });
  }
  return out;
}

interface View {
  ref: TrailRef;
  multi: boolean | undefined;
  /** Insight types on for management events; undefined when the selectors are unknown. */
  types: string[] | undefined;
  selectors: InsightSelector[];
  /** Write management events recorded; undefined when the event selectors are unknown. */
  writes: boolean | undefined;
  unknowns: UnknownRef[];
}

function viewOf(ref: TrailRef): View {
  const unknowns: UnknownRef[] = [];
  const multi = trailFlag(ref, "IsMultiRegionTrail", unknowns);
  const raw = ref.trail.insightSelectors;
  let selectors: InsightSelector[] = [];
  let types: string[] | undefined;
  if (isUnknown(raw)) {
    unknowns.push({ cause: raw.$unknown, pointer: `${ref.pointer}/insightSelectors` });
  } else if (raw === undefined && trailFlag(ref, "HasInsightSelectors", unknowns) === true) {
    // GetTrail says Insights are on, but the snapshot does not hold what GetInsightSelectors said.
    unknowns.push({
      cause: {
        service: "cloudtrail",
        operation: "GetInsightSelectors",
        region: ref.homeRegion,
        resource: ref.trail.TrailARN,
        code: "NotInSnapshot",
        message: "HasInsightSelectors is true but the snapshot holds no insightSelectors for the trail",
      },
      pointer: `${ref.pointer}/insightSelectors`,
    });
  }
  if (!isUnknown(raw) && unknowns.every((u) => !u.pointer.endsWith("/insightSelectors") && !u.pointer.endsWith("/HasInsightSelectors"))) {
    selectors = raw ?? [];
    types = INSIGHT_TYPES.filter((t) => selectors.some((s) => s.InsightType === t && onManagement(s)));
  }
  const selectorGap = selectorsUnknown(ref.trail, ref.pointer);
  let writes: boolean | undefined;
  if (selectorGap) unknowns.push(selectorGap);
  else writes = managementEvents(ref.trail).write;
  return { ref, multi: unknowns.some((u) => u.pointer.endsWith("/IsMultiRegionTrail")) ? undefined : multi === true, types, selectors, writes, unknowns };
}

const PUT = "aws cloudtrail put-insight-selectors --trail-name {{trailArn}} --region {{homeRegion}} --insight-selectors {{insightSelectors}}";
const PUT_EVENTS = "aws cloudtrail put-event-selectors --trail-name {{trailArn}} --region {{homeRegion}} {{selectorsArgument}}";

export const check = defineCheck<Record<string, never>, MessageId>({
  meta: {
    id: "trail-insights",
    title: "CloudTrail Insights watches API call and error rates",
    severity: "info",
    judges: "account",
    rationale:
      "CloudTrail Insights learns each account's normal rate of write management API calls and of API errors, and records " +
      "an Insights event when activity leaves that baseline: a burst of RunInstances, IAM or KMS calls, or of AccessDenied " +
      "errors, is often the first sign of a leaked key or an attacker enumerating permissions. It is charged per event analysed, " +
      "so it is a recommendation, not a baseline control.",
    docsUrl: docsUrl("trail-insights"),
    reads: [
      ...TRAIL_READS,
      { service: "cloudtrail", operation: "GetInsightSelectors" },
      { service: "cloudtrail", operation: "GetEventSelectors" },
    ],
    messages: {
      ok: "Multi-region trail {{trail}} records Insights events ({{types}}) for this account.",
      suspended: SUSPENDED_MESSAGE,
      noTrailInFile: NO_TRAIL_IN_FILE_MESSAGE,
      none: "No logging trail covers this account (see multi-region-trail).",
      noMultiRegion:
        "Only single-region trails cover this account ({{trails}}), so Insights cannot watch all of its regions.",
      off: "No logging multi-region trail that covers this account has Insights on: {{trails}} record no Insights events.",
      partial: "Multi-region trail {{trail}} has Insights for {{types}} only; {{missing}} is off.",
      noWriteEvents:
        "Multi-region trail {{trail}} has Insights on but records no write management events, so ApiCallRateInsight has nothing to analyse.",
    },
    remediation: {
      text: "As account {{owner}}, turn on both Insights types for trail {{trail}}; put-insight-selectors replaces every selector, so the command keeps the current ones.",
      cli: [PUT],
      ...INSIGHTS,
    },
    fixes: {
      noMultiRegion: {
        text: "As account {{owner}}, make trail {{trail}} multi-region and turn on both Insights types for it.",
        cli: ["aws cloudtrail update-trail --name {{trailArn}} --region {{homeRegion}} --is-multi-region-trail --include-global-service-events", PUT],
        ...INSIGHTS_MULTI_REGION,
      },
      off: {
        text: "As account {{owner}}, turn on both Insights types for trail {{trail}} (charged per 100,000 events analysed).",
        cli: [PUT],
        ...INSIGHTS,
      },
      partial: {
        text: "As account {{owner}}, add {{missing}} to trail {{trail}}; put-insight-selectors replaces every selector, so the command keeps the current ones.",
        cli: [PUT],
        ...INSIGHTS,
      },
      noWriteEvents: {
        text: "As account {{owner}}, record read and write management events on trail {{trail}}; put-event-selectors replaces every selector, so the command keeps the data-event ones.",
        cli: [PUT_EVENTS],
        ...INSIGHTS_WRITE_EVENTS,
      },
    },
    frameworks: { "nist-800-53-r5": ["SI-4"] },
    params: { type: "object", properties: {}, additionalProperties: false },
  },

  run(snapshot) {
    return snapshot.accounts.map((account, index): CheckResult<MessageId> => {
      const accountId = account.Id;
      const closed = accountOpening(snapshot, account, index);
      if (closed) return closed;
      const coverage = loggingCoverage(snapshot, account);
      if (coverage.logging.length === 0) {
        return { status: "NOT_APPLICABLE", messageId: "none", accountId, pointer: `/accounts/${index}`, unknowns: coverage.unknown };
      }
      const views = coverage.logging.map(viewOf);
      const passes = (v: View) => v.multi === true && v.types?.length === INSIGHT_TYPES.length && v.writes === true;
      const evidence = {
        trails: views.map((v) => ({
          TrailARN: v.ref.trail.TrailARN,
          IsMultiRegionTrail: v.multi ?? "unknown",
          insightTypes: v.types ?? "unknown",
          recordsWriteManagementEvents: v.writes ?? "unknown",
        })),
      };
      const about = (v: View, extra: Record<string, DataValue> = {}) => ({
        accountId,
        region: v.ref.homeRegion,
        resource: v.ref.trail.TrailARN,
        pointer: v.ref.pointer,
        data: {
          trail: v.ref.trail.Name,
          trailArn: v.ref.trail.TrailARN,
          homeRegion: shownHomeRegion(v.ref),
          owner: v.ref.ownerAccountId,
          insightSelectors: shellQuote(JSON.stringify(withManagementInsights(v.selectors))),
          ...extra,
        },
        evidence,
      });
      const good = views.find(passes);
      if (good) return { status: "PASS", messageId: "ok", ...about(good, { types: good.types!.join(", ") }) };

      // Whatever FAIL follows rests on every trail that could have passed but for an unknown.
      const unknowns = [...coverage.unknown, ...views.flatMap((v) => v.unknowns)];
      const multi = views.filter((v) => v.multi === true);
      if (multi.length === 0) {
        const single = views.filter((v) => v.multi === false);
        const target = single.find((v) => v.ref.ownerAccountId === accountId) ?? single[0] ?? views[0]!;
        const trails = views.map((v) => `${v.ref.trail.Name} (${shownHomeRegion(v.ref)})`).join(", ");
        return { status: "FAIL", messageId: "noMultiRegion", ...about(target, { trails }), property: `${target.ref.pointer}/IsMultiRegionTrail`, unknowns };
      }
      const typed = multi.filter((v) => v.types !== undefined);
      const full = typed.find((v) => v.types!.length === INSIGHT_TYPES.length);
      if (full) {
        let selectorsArgument_ = "";
        if (full.writes === false) {
          const excluded = managementEvents(full.ref.trail).excludedSources;
          selectorsArgument_ = selectorsArgument(withAllManagementEvents(full.ref.trail, excluded));
        }
        return {
          status: "FAIL",
          messageId: "noWriteEvents",
          ...about(full, { selectorsArgument: selectorsArgument_ }),
          property: `${full.ref.pointer}/eventSelectors`,
          unknowns,
        };
      }
      const some = typed.find((v) => v.types!.length > 0);
      if (some) {
        const missing = INSIGHT_TYPES.filter((t) => !some.types!.includes(t)).join(", ");
        return { status: "FAIL", messageId: "partial", ...about(some, { types: some.types!.join(", "), missing }), property: `${some.ref.pointer}/insightSelectors`, unknowns };
      }
      const target = multi.find((v) => v.ref.ownerAccountId === accountId) ?? multi[0]!;
      const trails = multi.map((v) => v.ref.trail.Name).join(", ");
      return { status: "FAIL", messageId: "off", ...about(target, { trails }), property: `${target.ref.pointer}/insightSelectors`, unknowns };
    });
  },
});
