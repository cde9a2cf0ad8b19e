// Reading an account's trails: each unique trail once, in its home region, by ARN, in the account
// that owns it (a member's copy of an organization trail stays a shadow: Name, TrailARN,
// HomeRegion): cloudtrail:GetTrail, GetTrailStatus, GetEventSelectors, GetInsightSelectors (when
// HasInsightSelectors), ListTags (owned trails, one call per home region and 20 ARNs); alongside,
// the tags of the account's buckets (buckets.ts).
import {
  GetEventSelectorsCommand,
  GetInsightSelectorsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListTagsCommand,
  type GetEventSelectorsCommandOutput,
  type GetInsightSelectorsCommandOutput,
  type GetTrailCommandOutput,
  type GetTrailStatusCommandOutput,
  type ListTagsCommandOutput,
} from "@aws-sdk/client-cloudtrail";
import type { Tag } from "../../model/snapshot.js";
import { readBucketTags } from "./buckets.js";
import { EVENT_SELECTOR_FIELDS, FIELD_SELECTOR_FIELDS, TRAIL_FIELDS, TRAIL_STATUS_FIELDS, arnParts, pick, plain } from "./shape.js";
import { accept, bool, malformedAnswer, list, matching, oneOf, region, shape, str, tag, time, type Spec } from "./normalize.js";
import type { Target, Trail } from "./target.js";
import type { CollectOptions } from "./types.js";

/**
 * The account's trails (each read once: the owner reads its own, a member keeps a shadow copy of
 * an organization trail whose owner reads it, and reads it itself only when the owner cannot) and
 * the tags of its buckets.
 */
export async function readTrailsAndTags(target: Target, ownerReads: Map<string, boolean>, options: CollectOptions, globalRegion: string): Promise<void> {
  for (const info of target.listed ?? []) {
    if (!info.TrailARN) continue;
    const shadow: Trail = { Name: info.Name ?? trailName(info.TrailARN), TrailARN: info.TrailARN };
    if (info.HomeRegion) shadow.HomeRegion = info.HomeRegion;
    target.trails.set(info.TrailARN, shadow);
    const owner = arnParts(info.TrailARN)?.account;
    if (owner === target.account.Id || owner === undefined || ownerReads.get(owner) !== true) target.read.add(info.TrailARN);
  }
  const mine = [...target.trails.values()].filter((t) => target.read.has(t.TrailARN));
  await Promise.all([...mine.map((trail) => readTrail(target, trail, globalRegion)), readTrailTags(target, mine, globalRegion), readBucketTags(target, options, globalRegion)]);
}

export function trailName(arn: string): string {
  const resource = arnParts(arn)?.resource ?? arn;
  return resource.startsWith("trail/") ? resource.slice("trail/".length) : resource;
}

// What each answer must look like (normalize.ts); anything else fails that read.
const TRAIL_ANSWER = shape(
  {
    Trail: shape({
      Name: str,
      S3BucketName: str,
      S3KeyPrefix: str,
      SnsTopicName: str,
      SnsTopicARN: str,
      IncludeGlobalServiceEvents: bool,
      IsMultiRegionTrail: bool,
      HomeRegion: region,
      TrailARN: str,
      LogFileValidationEnabled: bool,
      CloudWatchLogsLogGroupArn: matching(/^arn:aws(-us-gov|-cn)?:logs:/),
      CloudWatchLogsRoleArn: str,
      KmsKeyId: str,
      HasCustomEventSelectors: bool,
      HasInsightSelectors: bool,
      IsOrganizationTrail: bool,
    }),
  },
  ["Trail"],
);
const STATUS_ANSWER = shape(
  {
    IsLogging: bool,
    LatestDeliveryError: str,
    LatestNotificationError: str,
    LatestDeliveryTime: time,
    LatestNotificationTime: time,
    StartLoggingTime: time,
    StopLoggingTime: time,
    LatestCloudWatchLogsDeliveryError: str,
    LatestCloudWatchLogsDeliveryTime: time,
    LatestDigestDeliveryTime: time,
    LatestDigestDeliveryError: str,
    LatestDeliveryAttemptTime: str,
    LatestNotificationAttemptTime: str,
    LatestNotificationAttemptSucceeded: str,
    LatestDeliveryAttemptSucceeded: str,
    TimeLoggingStarted: str,
    TimeLoggingStopped: str,
  },
  ["IsLogging"],
);
const strings = list(str);
const SELECTORS_ANSWER: Spec = (value, path) => {
  const problem = shape({
    EventSelectors: list(
      shape({
        ReadWriteType: oneOf("ReadOnly", "WriteOnly", "All"),
        IncludeManagementEvents: bool,
        DataResources: list(shape({ Type: str, Values: strings }, ["Type"])),
        ExcludeManagementEventSources: strings,
      }),
    ),
    AdvancedEventSelectors: list(
      shape(
        {
          Name: str,
          FieldSelectors: both1(
            list(shape({ Field: str, Equals: strings, StartsWith: strings, EndsWith: strings, NotEquals: strings, NotStartsWith: strings, NotEndsWith: strings }, ["Field"])),
          ),
        },
        ["FieldSelectors"],
      ),
    ),
  })(value, path);
  if (problem) return problem;
  const answer = value as { EventSelectors?: unknown; AdvancedEventSelectors?: unknown };
  // AWS answers one of the two lists, always: neither is an empty answer, not "no selectors".
  if (answer.EventSelectors == null && answer.AdvancedEventSelectors == null) return "EventSelectors or AdvancedEventSelectors missing";
  return undefined;
};
/** A non-empty list. */
function both1(spec: Spec): Spec {
  return (v, p) => spec(v, p) ?? (Array.isArray(v) && v.length === 0 ? `${p}=[]` : undefined);
}
// The documented enums: an InsightType the checks do not know would read as "Insights off".
const INSIGHT_SELECTOR = shape({ InsightType: oneOf("ApiCallRateInsight", "ApiErrorRateInsight"), EventCategories: list(oneOf("Management", "Data")) }, ["InsightType"]);
const INSIGHTS_ANSWER = shape({ InsightSelectors: list(INSIGHT_SELECTOR) }, ["InsightSelectors"]);
const TAGS = list(tag);

export async function readTrail(target: Target, trail: Trail, globalRegion: string): Promise<void> {
  const { session } = target;
  const region = trail.HomeRegion ?? arnParts(trail.TrailARN)?.region ?? globalRegion;
  const on = { region, resource: trail.TrailARN };
  const [got, status, selectors] = await Promise.all([
    session.call<GetTrailCommandOutput>("cloudtrail", new GetTrailCommand({ Name: trail.TrailARN }), on),
    session.call<GetTrailStatusCommandOutput>("cloudtrail", new GetTrailStatusCommand({ Name: trail.TrailARN }), on),
    session.call<GetEventSelectorsCommandOutput>("cloudtrail", new GetEventSelectorsCommand({ TrailName: trail.TrailARN }), on),
  ]);
  // Each answer is checked before it is used: one not as AWS documents it leaves its fields unread.
  const errors = session.errors;
  const checked = <T>(operation: string, answer: T | null | undefined, spec: Spec) =>
    answer ? accept<T>(errors, "cloudtrail", operation, on, answer, spec) : undefined;
  const config = checked("GetTrail", got, TRAIL_ANSWER);
  const trailStatus = checked("GetTrailStatus", status, STATUS_ANSWER);
  const eventSelectors = checked("GetEventSelectors", selectors, SELECTORS_ANSWER);
  if (config?.Trail) Object.assign(trail, pick<Partial<Trail>>(config.Trail, TRAIL_FIELDS), { TrailARN: trail.TrailARN });
  if (trailStatus) trail.status = pick(trailStatus, TRAIL_STATUS_FIELDS);
  readSelectors(trail, eventSelectors);
  if (trail.HasInsightSelectors === true) {
    const insights = await session.call<GetInsightSelectorsCommandOutput>(
      "cloudtrail",
      new GetInsightSelectorsCommand({ TrailName: trail.TrailARN }),
      { ...on, tolerate: ["InsightNotEnabledException"] },
    );
    if (insights === null) trail.insightSelectors = [];
    const read = checked("GetInsightSelectors", insights, INSIGHTS_ANSWER);
    if (read) trail.insightSelectors = plain(read.InsightSelectors ?? []);
  }
}

function readSelectors(trail: Trail, selectors: GetEventSelectorsCommandOutput | undefined): void {
  if (selectors?.EventSelectors) {
    trail.eventSelectors = selectors.EventSelectors.map((s) => pick(s, EVENT_SELECTOR_FIELDS));
  }
  if (selectors?.AdvancedEventSelectors) {
    trail.advancedEventSelectors = selectors.AdvancedEventSelectors.map((s) => ({
      ...(s.Name ? { Name: s.Name } : {}),
      FieldSelectors: (s.FieldSelectors ?? []).map((f) => pick(f, FIELD_SELECTOR_FIELDS)),
    }));
  }
}

/** ListTags for the trails the account owns: one call per home region and 20 ARNs. */
export async function readTrailTags(target: Target, trails: Trail[], globalRegion: string): Promise<void> {
  const owned = trails.filter((t) => arnParts(t.TrailARN)?.account === target.account.Id);
  const byRegion = new Map<string, Trail[]>();
  for (const trail of owned) {
    const region = trail.HomeRegion ?? arnParts(trail.TrailARN)?.region ?? globalRegion;
    byRegion.set(region, [...(byRegion.get(region) ?? []), trail]);
  }
  const batches: { region: string; trails: Trail[] }[] = [];
  for (const [region, list] of byRegion) {
    for (let i = 0; i < list.length; i += 20) batches.push({ region, trails: list.slice(i, i + 20) });
  }
  await Promise.all(
    batches.map(async ({ region, trails: batch }) => {
      const arns = batch.map((t) => t.TrailARN);
      const tags = await target.session.paginate<ListTagsCommandOutput, { ResourceId?: string; TagsList?: unknown[] }>(
        "cloudtrail",
        (NextToken) => new ListTagsCommand({ ResourceIdList: arns, ...(NextToken ? { NextToken } : {}) }),
        (page) => ({ items: page.ResourceTagList, next: page.NextToken }),
        // One call about several trails: name them all so that the error blocks each.
        { region, ...(arns.length === 1 ? { resource: arns[0]! } : {}), list: { name: "ResourceTagList", item: shape({ ResourceId: str, TagsList: TAGS }) } },
      );
      if (!tags) return;
      for (const trail of batch) {
        const entry = tags.find((t) => t.ResourceId === trail.TrailARN);
        // AWS answers for every trail asked about: one left out is not a trail without tags.
        if (!entry) target.session.errors.push(malformedAnswer("cloudtrail", "ListTags", { region, resource: trail.TrailARN }, `ResourceTagList entry for ${trail.TrailARN}`));
        else trail.tags = plain<Tag[]>(entry.TagsList ?? []);
      }
    }),
  );
}
