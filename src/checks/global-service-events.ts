// Global service events (IAM, STS, CloudFront, ...) are recorded for every account: some logging
// trail that covers the account has IncludeGlobalServiceEvents and is multi-region or homed in the
// partition's global-event region. Reads DescribeTrails/GetTrail (IncludeGlobalServiceEvents,
// IsMultiRegionTrail, HomeRegion, IsOrganizationTrail) and GetTrailStatus (IsLogging).
import { defineCheck, type CheckResult } from "../engine/check.js";
import { GLOBAL_EVENT_REGION, trailFlag, type TrailRef, shownHomeRegion } from "../model/coverage.js";
import { managementEvents, selectorSource, selectorsArgument, selectorsUnknown, withAllManagementEvents } from "../model/selectors.js";
import type { UnknownRef } from "../model/unknown.js";
import { TRAIL_READS } from "./lib/reads.js";
import { NO_TRAIL_IN_FILE_MESSAGE, SUSPENDED_MESSAGE } from "./lib/accounts.js";
import { coveredAccount, notCovered } from "./lib/covered-account.js";
import { docsUrl } from "./lib/docs.js";
import { GLOBAL_EVENTS, MANAGEMENT_EVENTS, MULTI_REGION } from "./lib/iac-fixes.js";

type MessageId = "ok" | "suspended" | "noTrailInFile" | "none" | "off" | "offMultiRegion" | "noManagement" | "wrongRegion";

/** What this check reads of a trail, with the unknowns among it. */
interface View {
  ref: TrailRef;
  includesGlobal: boolean | undefined;
  multi: boolean | undefined;
  /** Whether its event selectors record management events at all (global service events are management events). */
  management: boolean | undefined;
  unknowns: UnknownRef[];
}

function viewOf(ref: TrailRef): View {
  const unknowns: UnknownRef[] = [];
  const include = trailFlag(ref, "IncludeGlobalServiceEvents", unknowns);
  const multi = trailFlag(ref, "IsMultiRegionTrail", unknowns);
  if (ref.homeRegionUnknown) unknowns.push(ref.homeRegionUnknown);
  const selectors = ref.unknown ? undefined : selectorsUnknown(ref.trail, ref.pointer);
  if (selectors) unknowns.push(selectors);
  let management: boolean | undefined;
  if (!ref.unknown && !selectors) {
    const events = managementEvents(ref.trail);
    management = events.read || events.write;
  }
  return {
    ref,
    includesGlobal: unknowns.some((u) => u.pointer.endsWith("/IncludeGlobalServiceEvents")) ? undefined : include !== false, // AWS default: true
    multi: unknowns.some((u) => u.pointer.endsWith("/IsMultiRegionTrail")) ? undefined : multi === true,
    management,
    unknowns,
  };
}

/** Whether the trail records global events: true, false, or undefined when that rests on an unknown. */
function records(view: View, globalRegion: string): boolean | undefined {
  // A single-region trail records them only in the global-event region: when its region is not
  // known (a template without --region), neither is that.
  const inGlobalRegion = view.ref.homeRegionUnknown ? undefined : view.ref.homeRegion === globalRegion;
  const where = inGlobalRegion === true || view.multi === true ? true : inGlobalRegion === undefined || view.multi === undefined ? undefined : false;
  if (view.includesGlobal === false || where === false || view.management === false) return false;
  return view.includesGlobal === true && where === true && view.management === true ? true : undefined;
}

export const check = defineCheck<Record<string, never>, MessageId>({
  meta: {
    id: "global-service-events",
    docsUrl: docsUrl("global-service-events"),
    title: "Global service events (IAM, STS, CloudFront) are recorded",
    severity: "high",
    judges: "account",
    rationale:
      "IAM, STS and other global services log their API calls only to trails that include global service events, " +
      "and only in the partition's global-event region (us-east-1 in aws). Without them, new access keys, role " +
      "assumptions and policy changes — the first steps of most account takeovers — leave no trace.",
    reads: [
      ...TRAIL_READS,
    ],
    messages: {
      ok: "Trail {{trail}} records global service events for this account.",
      suspended: SUSPENDED_MESSAGE,
      noTrailInFile: NO_TRAIL_IN_FILE_MESSAGE,
      none: "No logging trail covers this account, so there is nothing to record global service events (see multi-region-trail).",
      off: "Global service events are not recorded: {{trails}} turned them off (IncludeGlobalServiceEvents=false).",
      offMultiRegion:
        "Global service events are not recorded: multi-region trail {{trail}} has IncludeGlobalServiceEvents=false. " +
        "AWS rejects this combination when a trail is created (create-trail --is-multi-region-trail --no-include-global-service-events fails), " +
        "so this trail was changed after creation or the data is not from AWS.",
      noManagement:
        "Global service events are not recorded: {{trails}} include them but record no management events (their event " +
        "selectors record data events only), and global service events are management events.",
      wrongRegion:
        "Global service events are not recorded: the logging trails ({{trails}}) are single-region trails outside {{globalRegion}}, " +
        "where global services deliver their events.",
    },
    iacMessages: {
      offMultiRegion:
        "Global service events are not recorded: multi-region trail {{trail}} turns them off (IncludeGlobalServiceEvents / " +
        "include_global_service_events false). AWS rejects this combination, so the file does not deploy as written " +
        "(see iac-invalid-trail-config).",
    },
    remediation: {
      text: "Include global service events in a multi-region trail that covers the account.",
      cli: ["aws cloudtrail update-trail --name {{trailArn}} --region {{homeRegion}} --is-multi-region-trail --include-global-service-events"],
      ...MULTI_REGION,
    },
    fixes: {
      off: {
        text: "Turn global service events back on for trail {{trail}} (and make it multi-region).",
        cli: ["aws cloudtrail update-trail --name {{trailArn}} --region {{homeRegion}} --is-multi-region-trail --include-global-service-events"],
        ...MULTI_REGION,
      },
      offMultiRegion: {
        text: "Turn global service events back on for multi-region trail {{trail}}.",
        cli: ["aws cloudtrail update-trail --name {{trailArn}} --region {{homeRegion}} --include-global-service-events"],
        ...GLOBAL_EVENTS,
      },
      noManagement: {
        text:
          "Have trail {{trail}} record read and write management events; put-event-selectors replaces every selector, so the " +
          "command keeps the trail's data-event selectors.",
        cli: ["aws cloudtrail put-event-selectors --trail-name {{trailArn}} --region {{homeRegion}} {{selectorsArgument}}"],
        ...MANAGEMENT_EVENTS,
      },
      wrongRegion: {
        text: "Make trail {{trail}} multi-region so that it receives the events delivered to {{globalRegion}}.",
        cli: ["aws cloudtrail update-trail --name {{trailArn}} --region {{homeRegion}} --is-multi-region-trail --include-global-service-events"],
        ...MULTI_REGION,
      },
    },
    frameworks: { "cis-aws-foundations-5.0": ["3.1"], securityhub: ["CloudTrail.1"] },
    params: { type: "object", properties: {}, additionalProperties: false },
  },

  run(snapshot) {
    const globalRegion = GLOBAL_EVENT_REGION[snapshot.partition];
    return snapshot.accounts.map((account, index): CheckResult<MessageId> => {
      const accountId = account.Id;
      const opening = coveredAccount(snapshot, account, index);
      if (opening.result) return opening.result;
      // Any verdict short of PASS rests on the trails that could not be read: one may record them.
      const { coverage } = opening;
      const views = coverage.logging.map(viewOf);
      const good = views.find((v) => records(v, globalRegion) === true)?.ref;
      // Trails that may record them, but for a value that is not known: only a PASS holds without them.
      const unknowns = [...coverage.unknown, ...views.filter((v) => records(v, globalRegion) === undefined).flatMap((v) => v.unknowns)];
      // Trails known not to record them (an unknown elsewhere in their configuration does not matter).
      const decided = views.filter((v) => records(v, globalRegion) === false);
      const logging = decided.map((v) => v.ref);
      const includesGlobal = (ref: TrailRef) => decided.find((v) => v.ref === ref)!.includesGlobal !== false;
      const isMulti = (ref: TrailRef) => decided.find((v) => v.ref === ref)!.multi === true;
      const evidence = {
        globalRegion,
        trails: views.map((v) => ({
          TrailARN: v.ref.trail.TrailARN,
          IncludeGlobalServiceEvents: v.includesGlobal ?? "unknown",
          IsMultiRegionTrail: v.multi ?? "unknown",
          recordsManagementEvents: v.management ?? "unknown",
          HomeRegion: v.ref.homeRegion,
        })),
      };
      const about = (ref: TrailRef) => ({
        region: ref.homeRegion,
        resource: ref.trail.TrailARN,
        pointer: ref.pointer,
        data: { trail: ref.trail.Name, trailArn: ref.trail.TrailARN, homeRegion: shownHomeRegion(ref), globalRegion },
      });
      if (good) return { status: "PASS", messageId: "ok", accountId, ...about(good), evidence };

      const off = logging.filter((ref) => !includesGlobal(ref));
      const offMulti = off.find(isMulti);
      if (offMulti) {
        return {
          status: "FAIL",
          messageId: "offMultiRegion",
          accountId,
          ...about(offMulti),
          property: `${offMulti.pointer}/IncludeGlobalServiceEvents`,
          evidence,
          unknowns,
        };
      }
      if (off.length > 0) {
        const target = about(off[0]!);
        return {
          status: "FAIL",
          messageId: "off",
          accountId,
          ...target,
          property: `${off[0]!.pointer}/IncludeGlobalServiceEvents`,
          data: { ...target.data, trails: off.map((r) => r.trail.Name).join(", ") },
          evidence,
          unknowns,
        };
      }
      if (logging.length === 0) return notCovered(account, index, unknowns);
      const dataOnly = logging.filter((ref) => decided.find((v) => v.ref === ref)!.management === false);
      if (dataOnly.length > 0) {
        const target = about(dataOnly[0]!);
        return {
          status: "FAIL",
          messageId: "noManagement",
          accountId,
          ...target,
          property: `${dataOnly[0]!.pointer}/${selectorSource(dataOnly[0]!.trail).from === "advanced" ? "advancedEventSelectors" : "eventSelectors"}`,
          data: {
            ...target.data,
            trails: dataOnly.map((r) => r.trail.Name).join(", "),
            selectorsArgument: selectorsArgument(withAllManagementEvents(dataOnly[0]!.trail, [])),
          },
          evidence,
          unknowns,
        };
      }
      const target = about(logging[0]!);
      return {
        status: "FAIL",
        messageId: "wrongRegion",
        accountId,
        ...target,
        property: `${logging[0]!.pointer}/IsMultiRegionTrail`,
        data: { ...target.data, trails: logging.map((r) => `${r.trail.Name} (${r.homeRegion})`).join(", ") },
        evidence,
        unknowns,
      };
    });
  },
});
