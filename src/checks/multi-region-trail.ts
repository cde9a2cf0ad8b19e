// Every account's management events are recorded in every region: some logging, multi-region trail
// that covers the account records read and write management events, excluding no event source
// beyond the allowedExclusions param. Reads DescribeTrails/GetTrail (IsMultiRegionTrail, HomeRegion,
// IsOrganizationTrail, TrailARN), GetTrailStatus (IsLogging, StopLoggingTime) and GetEventSelectors
// (EventSelectors: ReadWriteType, IncludeManagementEvents, ExcludeManagementEventSources;
// AdvancedEventSelectors: eventCategory, readOnly, eventSource), plus the account's enabled regions.
// A trail whose status or selectors could not be read makes the verdict ERROR when it could have
// passed; a trail without GetTrailStatus data (a pasted describe-trails output) likewise.
import { defineCheck, type CheckResult, type DataValue } from "../engine/check.js";
import { GLOBAL_EVENT_REGION, coverageGaps, coveringTrails, isLogging, type TrailRef, shownHomeRegion } from "../model/coverage.js";
import { managementEvents, selectorsArgument, selectorsUnknown, withAllManagementEvents, type ManagementEvents } from "../model/selectors.js";
import type { Account, Snapshot, Trail, TrailStatus } from "../model/snapshot.js";
import { isUnknown, type UnknownRef } from "../model/unknown.js";
import { toIso } from "../model/time.js";
import { TRAIL_READS } from "./lib/reads.js";
import { NO_TRAIL_IN_FILE_MESSAGE, SUSPENDED_MESSAGE, accountOpening } from "./lib/accounts.js";
import { docsUrl } from "./lib/docs.js";
import { MANAGEMENT_EVENTS, MULTI_REGION_LOGGING, NEW_TRAIL, START_LOGGING } from "./lib/iac-fixes.js";

type Problem = "stopped" | "statusUnknown" | "selectorsUnknown" | "managementOff" | "filtered" | "readOnly" | "writeOnly" | "excluded";
type MessageId =
  | "ok"
  | "suspended"
  | "noTrailInFile"
  | "none"
  | "singleRegion"
  | "stopped"
  | "statusUnknown"
  | "unreadable"
  | "managementOff"
  | "filtered"
  | "readOnly"
  | "writeOnly"
  | "excluded";

interface Params {
  allowedExclusions: string[];
}

interface Judged {
  ref: TrailRef;
  multi: boolean;
  logging: boolean;
  management: ManagementEvents;
  disallowed: string[];
  allowedExcluded: string[];
  /** Unknown values that keep this trail from being judged. */
  unread: UnknownRef[];
  problems: Problem[];
}

const UNKNOWN: readonly Problem[] = ["statusUnknown", "selectorsUnknown"];
const NO_MANAGEMENT: ManagementEvents = { read: false, write: false, excludedSources: [], filters: [], selectorsFrom: "default", basicIgnored: false };

function statusOf(trail: Trail): TrailStatus {
  return trail.status === undefined || isUnknown(trail.status) ? {} : trail.status;
}

const PUT_SELECTORS = "aws cloudtrail put-event-selectors --trail-name {{trailArn}} --region {{homeRegion}} {{selectorsArgument}}";
const PUT_TEXT =
  "Replace the event selectors of trail {{trail}} (run in account {{ownerAccountId}}) with its current ones corrected to " +
  "record read and write management events; put-event-selectors replaces every selector, so the command keeps the " +
  "trail's data-event selectors.";

function judge(ref: TrailRef, allowed: Set<string>): Judged {
  const trail = ref.trail;
  const unread: UnknownRef[] = [...(ref.unknown ?? [])];
  const multiField = trail.IsMultiRegionTrail;
  if (isUnknown(multiField)) unread.push({ cause: multiField.$unknown, pointer: `${ref.pointer}/IsMultiRegionTrail` });
  if (isUnknown(trail.status)) unread.push({ cause: trail.status.$unknown, pointer: `${ref.pointer}/status` });
  const selectors = ref.unknown ? ref.unknown[0] : selectorsUnknown(trail, ref.pointer);
  if (selectors && !ref.unknown) unread.push(selectors);
  const management = selectors ? NO_MANAGEMENT : managementEvents(trail);
  const disallowed = management.excludedSources.filter((s) => !allowed.has(s.toLowerCase()));
  const problems: Problem[] = [];
  if (ref.unknown || isUnknown(trail.status) || trail.status === undefined) problems.push("statusUnknown");
  else if (!isLogging(trail)) problems.push("stopped");
  if (selectors) problems.push("selectorsUnknown");
  else if (!management.read && !management.write) problems.push(management.filters.length > 0 ? "filtered" : "managementOff");
  else if (!management.write) problems.push("readOnly");
  else if (!management.read) problems.push("writeOnly");
  if (!selectors && disallowed.length > 0) problems.push("excluded");
  return {
    ref,
    // A trail whose configuration could not be read may be the multi-region one.
    multi: ref.unknown !== undefined || isUnknown(multiField) || multiField === true,
    logging: isLogging(trail),
    management,
    disallowed,
    allowedExcluded: management.excludedSources.filter((s) => allowed.has(s.toLowerCase())),
    unread,
    problems,
  };
}

function describeProblem(j: Judged, problem: Problem): string {
  switch (problem) {
    case "stopped":
      return "it is not logging";
    case "statusUnknown":
      return "its logging status is unknown";
    case "selectorsUnknown":
      return "its event selectors could not be read";
    case "managementOff":
      return "it records no management events";
    case "filtered":
      return `its management events are filtered (${j.management.filters.join("; ")})`;
    case "readOnly":
      return "it records read-only management events";
    case "writeOnly":
      return "it records write-only management events";
    case "excluded":
      return `it excludes management events of ${j.disallowed.join(", ")}`;
  }
}

function stoppedWhen(j: Judged): string {
  const status = statusOf(j.ref.trail);
  const at = toIso(status.StopLoggingTime) ?? status.TimeLoggingStopped;
  return at ? `logging stopped at ${at}` : "no StopLoggingTime recorded";
}

const definite = (j: Judged) => j.problems.filter((p) => !UNKNOWN.includes(p));
const byCloseness = (a: Judged, b: Judged) =>
  definite(a).length - definite(b).length || a.problems.length - b.problems.length || Number(b.logging) - Number(a.logging);

function joinOrNone(regions: string[]): string {
  return regions.length > 0 ? regions.join(", ") : "none";
}

export const check = defineCheck<Params, MessageId>({
  meta: {
    id: "multi-region-trail",
    docsUrl: docsUrl("multi-region-trail"),
    title: "A logging multi-region trail records all management events",
    severity: "high",
    judges: "account",
    rationale:
      "Management events are the record of who changed what: IAM users and keys, security groups, bucket policies, " +
      "the trails themselves. Without a logging multi-region trail that records both read and write management " +
      "events, activity in an unwatched region, reconnaissance (Describe/List/Get calls) or a whole service left out " +
      "by an exclusion leaves no trace beyond the 90-day event history.",
    reads: [
      ...TRAIL_READS,
      { service: "cloudtrail", operation: "GetEventSelectors" },
    ],
    messages: {
      ok: "Multi-region trail {{trail}} (home region {{homeRegion}}) is logging and records read and write management events{{exclusionNote}}.",
      suspended: SUSPENDED_MESSAGE,
      noTrailInFile: NO_TRAIL_IN_FILE_MESSAGE,
      none: "No CloudTrail trail covers this account: its API activity is kept nowhere beyond the 90-day event history.",
      singleRegion:
        "Only single-region trails cover this account ({{trails}}). Regions recorded: {{coveredRegions}}; enabled regions not " +
        "recorded: {{missingRegions}}.",
      stopped: "Multi-region trail {{trail}} covers this account but is not logging ({{stoppedWhen}}).{{also}}",
      statusUnknown:
        "Multi-region trail {{trail}} has no GetTrailStatus data, so whether it is logging is unknown " +
        "(run aws cloudtrail get-trail-status --name {{trailArn}} --region {{homeRegion}} and add the result as its status).",
      unreadable: "Could not decide whether trail {{trail}} records management events.",
      managementOff: "Multi-region trail {{trail}} records no management events (its {{selectorsFrom}} event selectors leave them out).{{also}}",
      filtered: "Multi-region trail {{trail}} records only some management events: {{filters}}.{{also}}",
      readOnly:
        "Multi-region trail {{trail}} records only read management events: write calls (CreateAccessKey, PutBucketPolicy, " +
        "StopLogging, ...) are not recorded.{{also}}",
      writeOnly:
        "Multi-region trail {{trail}} records only write management events: read calls (Describe*, Get*, List*, the " +
        "reconnaissance before an attack) are not recorded.{{also}}",
      excluded: "Multi-region trail {{trail}} excludes the management events of {{excluded}} (not in allowedExclusions).{{also}}",
    },
    iacMessages: {
      stopped: "Multi-region trail {{trail}} covers this account but the file does not turn its logging on (IsLogging / enable_logging false).{{also}}",
    },
    remediation: {
      text: "Run a multi-region trail that records read and write management events for every account, and keep it logging.",
      cli: [
        "aws cloudtrail update-trail --name {{trailArn}} --region {{homeRegion}} --is-multi-region-trail --include-global-service-events",
        "aws cloudtrail start-logging --name {{trailArn}} --region {{homeRegion}}",
      ],
      ...MULTI_REGION_LOGGING,
    },
    fixes: {
      none: {
        text:
          "Create a multi-region trail and start it (in an organization, an organization trail created in the management " +
          "account covers every member). Bucket {{newBucketName}} must exist first, with a bucket policy that lets " +
          "cloudtrail.amazonaws.com check its ACL and write under AWSLogs/{{accountId}}/.",
        cli: [
          "aws cloudtrail create-trail --name {{newTrailName}} --s3-bucket-name {{newBucketName}} --is-multi-region-trail " +
            "--include-global-service-events --enable-log-file-validation --region {{region}}",
          "aws cloudtrail start-logging --name {{newTrailName}} --region {{region}}",
        ],
        ...NEW_TRAIL,
      },
      singleRegion: {
        text:
          "Make trail {{trail}} a multi-region trail (a multi-region trail must include global service events) and make sure " +
          "it is logging (start-logging does nothing to a trail that already logs).",
        cli: [
          "aws cloudtrail update-trail --name {{trailArn}} --region {{homeRegion}} --is-multi-region-trail --include-global-service-events",
          "aws cloudtrail start-logging --name {{trailArn}} --region {{homeRegion}}",
        ],
        ...MULTI_REGION_LOGGING,
      },
      stopped: {
        text: "Start logging on trail {{trail}} (run in account {{ownerAccountId}}), and find out who stopped it and why.",
        cli: ["aws cloudtrail start-logging --name {{trailArn}} --region {{homeRegion}}"],
        ...START_LOGGING,
      },
      managementOff: { text: PUT_TEXT, cli: [PUT_SELECTORS], ...MANAGEMENT_EVENTS },
      filtered: { text: PUT_TEXT, cli: [PUT_SELECTORS], ...MANAGEMENT_EVENTS },
      readOnly: { text: PUT_TEXT, cli: [PUT_SELECTORS], ...MANAGEMENT_EVENTS },
      writeOnly: { text: PUT_TEXT, cli: [PUT_SELECTORS], ...MANAGEMENT_EVENTS },
      excluded: {
        text: `${PUT_TEXT} Exclusions listed in allowedExclusions are kept.`,
        cli: [PUT_SELECTORS],
        ...MANAGEMENT_EVENTS,
      },
    },
    frameworks: { securityhub: ["CloudTrail.1"], "cis-aws-foundations-5.0": ["3.1"] },
    params: {
      type: "object",
      properties: {
        allowedExclusions: {
          type: "array",
          items: { type: "string", minLength: 1 },
          uniqueItems: true,
          default: [],
          description:
            "Event sources whose management events may be excluded (ExcludeManagementEventSources or advanced eventSource " +
            "NotEquals), e.g. kms.amazonaws.com or rdsdata.amazonaws.com.",
        },
      },
      additionalProperties: false,
    },
  },

  run(snapshot, params) {
    const allowed = new Set(params.allowedExclusions.map((s) => s.toLowerCase()));
    return snapshot.accounts.map((account, index) => judgeAccount(snapshot, account, index, allowed));
  },
});

function judgeAccount(snapshot: Snapshot, account: Account, index: number, allowed: Set<string>): CheckResult<MessageId> {
  const accountId = account.Id;
  const accountPointer = `/accounts/${index}`;
  // Not lib/covered-account's opening: here no trail covering the account is this check's FAIL
  // ("none"), and trails that are not logging are judged too ("stopped").
  const closed = accountOpening(snapshot, account, index);
  if (closed) return closed;
  const judged = coveringTrails(snapshot, account).map((ref) => judge(ref, allowed));
  const regions = isUnknown(account.regions) ? undefined : account.regions;
  const evidence = {
    enabledRegions: isUnknown(account.regions) ? "unknown" : (account.regions ?? null),
    allowedExclusions: [...allowed],
    trails: judged.map((j) => ({
      TrailARN: j.ref.trail.TrailARN,
      HomeRegion: j.ref.homeRegion,
      IsMultiRegionTrail: j.multi,
      IsOrganizationTrail: isUnknown(j.ref.trail.IsOrganizationTrail) ? "unknown" : (j.ref.trail.IsOrganizationTrail ?? false),
      IsLogging: isUnknown(j.ref.trail.status) ? "unknown" : (statusOf(j.ref.trail).IsLogging ?? null),
      ...(statusOf(j.ref.trail).StopLoggingTime !== undefined ? { StopLoggingTime: statusOf(j.ref.trail).StopLoggingTime } : {}),
      selectorsFrom: j.management.selectorsFrom,
      ...(j.management.basicIgnored ? { basicSelectorsIgnored: true } : {}),
      managementEvents: { read: j.management.read, write: j.management.write },
      excludedSources: j.management.excludedSources,
      problems: j.problems,
    })),
  };
  const about = (j: Judged) => ({
    region: j.ref.homeRegion,
    resource: j.ref.trail.TrailARN,
    pointer: j.ref.pointer,
    data: {
      trail: j.ref.trail.Name,
      trailArn: j.ref.trail.TrailARN,
      homeRegion: shownHomeRegion(j.ref),
      ownerAccountId: j.ref.ownerAccountId,
    } as Record<string, DataValue>,
  });

  // A PASS rests only on what is known: a trail whose IsMultiRegionTrail is unknown may not be one.
  const good = judged.find((j) => j.multi && j.problems.length === 0 && j.unread.length === 0);
  if (good) {
    const target = about(good);
    const exclusionNote = good.allowedExcluded.length > 0 ? ` (allowed exclusions: ${good.allowedExcluded.join(", ")})` : "";
    return { status: "PASS", messageId: "ok", accountId, ...target, data: { ...target.data, exclusionNote }, evidence };
  }

  // No verdict short of PASS holds while a trail that could pass has unknown facts, or a trail
  // that would cover the account may exist unseen (a trail list could not be read).
  const multi = judged.filter((j) => j.multi).sort(byCloseness);
  const unknowns = [...coverageGaps(snapshot, account), ...multi.filter((j) => definite(j).length === 0).flatMap((j) => j.unread)];
  const undecided = multi.find((j) => definite(j).length === 0);
  if (undecided && undecided.unread.length === 0) {
    // Nothing failed to read: the snapshot simply has no GetTrailStatus data for it (a pasted describe-trails).
    return { status: "ERROR", messageId: "statusUnknown", accountId, ...about(undecided), evidence };
  }
  if (undecided || unknowns.length > 0) {
    const target = undecided ? about(undecided) : { pointer: accountPointer, data: { trail: "(organization trails)" } as Record<string, DataValue> };
    return { status: "FAIL", messageId: "unreadable", accountId, ...target, evidence, unknowns };
  }

  const best = multi[0];
  if (best) {
    const [problem, ...rest] = definite(best);
    const target = about(best);
    const also = rest.length > 0 ? ` Also: ${rest.map((p) => describeProblem(best, p)).join("; ")}.` : "";
    const data: Record<string, DataValue> = { ...target.data, also };
    let messageId: MessageId;
    switch (problem!) {
      case "stopped":
        messageId = "stopped";
        data.stoppedWhen = stoppedWhen(best);
        break;
      case "excluded":
        messageId = "excluded";
        data.excluded = best.disallowed.join(", ");
        break;
      case "filtered":
        messageId = "filtered";
        data.filters = best.management.filters.join("; ");
        break;
      default:
        messageId = problem as "managementOff" | "readOnly" | "writeOnly";
    }
    if (messageId !== "stopped") {
      data.selectorsFrom = best.management.selectorsFrom;
      data.selectorsArgument = selectorsArgument(withAllManagementEvents(best.ref.trail, best.allowedExcluded));
    }
    const selectorsField = best.ref.trail.advancedEventSelectors !== undefined ? "advancedEventSelectors" : "eventSelectors";
    const property = `${best.ref.pointer}/${messageId === "stopped" ? "status/IsLogging" : selectorsField}`;
    // The message calls it a multi-region trail: when that is not known, neither is the message.
    const multiUnknown = best.unread.filter((u) => u.pointer.endsWith("/IsMultiRegionTrail"));
    return { status: "FAIL", messageId, accountId, ...target, property, data, evidence, unknowns: multiUnknown };
  }

  const globalRegion = GLOBAL_EVENT_REGION[snapshot.partition];
  if (judged.length > 0) {
    const chosen = [...judged].sort(
      (a, b) => Number(b.logging) - Number(a.logging) || Number(b.ref.homeRegion === globalRegion) - Number(a.ref.homeRegion === globalRegion),
    )[0]!;
    const covered = [...new Set(judged.filter((j) => j.logging).map((j) => shownHomeRegion(j.ref)))].sort();
    const missing = regions ? joinOrNone(regions.filter((r) => !covered.includes(r))) : "unknown (the snapshot lists no enabled regions)";
    const target = about(chosen);
    return {
      status: "FAIL",
      messageId: "singleRegion",
      accountId,
      ...target,
      property: `${chosen.ref.pointer}/IsMultiRegionTrail`,
      data: {
        ...target.data,
        trails: judged
          .map((j) => `${j.ref.trail.Name} (${shownHomeRegion(j.ref)}, ${j.logging ? "logging" : isUnknown(j.ref.trail.status) ? "logging unknown" : "not logging"})`)
          .join(", "),
        coveredRegions: covered.length > 0 ? covered.join(", ") : "none (no single-region trail is logging)",
        missingRegions: missing,
      },
      evidence,
    };
  }

  const region = !regions || regions.includes(globalRegion) ? globalRegion : regions[0]!;
  return {
    status: "FAIL",
    messageId: "none",
    accountId,
    pointer: accountPointer,
    data: { accountId, region, newTrailName: "management-events", newBucketName: `aws-cloudtrail-logs-${accountId}` },
    evidence,
  };
}
