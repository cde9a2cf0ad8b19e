// Buckets tagged as holding sensitive data have their object-level API calls recorded: for each
// bucket whose tags match a tag rule, logging trails that cover the bucket's owner account and
// region record AWS::S3::Object data events for every object of the bucket, read and write (or
// what the `require` param asks). Reads the bucket's GetBucketTagging TagSet, GetBucketLocation
// region and owner; DescribeTrails/GetTrail (IsMultiRegionTrail, HomeRegion, IsOrganizationTrail),
// GetTrailStatus (IsLogging, StopLoggingTime) and GetEventSelectors (EventSelectors DataResources
// and ReadWriteType; AdvancedEventSelectors evaluated field by field, see src/model/selectors.ts).
//
// Each half (read, write) may come from a different logging trail: AWS's own guide shows read and
// write events split over two trails, and either way every call is recorded.
import { defineCheck, type CheckResult, type DataValue } from "../engine/check.js";
import {
  GLOBAL_EVENT_REGION,
  accountIndex,
  bucketsByName,
  coverageGaps,
  coveringTrails,
  coversRegion,
  findAccount,
  isLogging,
  type BucketRef,
  type TrailRef, shownHomeRegion } from "../model/coverage.js";
import { s3ObjectEvents, selectorsArgument, selectorsUnknown, withBucketObjectEvents, type Gap, type Half, type S3ObjectEvents } from "../model/selectors.js";
import type { Account, Snapshot, Trail } from "../model/snapshot.js";
import { isUnknown, unknownAt, type UnknownRef } from "../model/unknown.js";
import { toIso } from "../model/time.js";
import { TRAIL_READS } from "./lib/reads.js";
import { NO_TRAIL_IN_FILE_MESSAGE, SUSPENDED_MESSAGE, accountOpening } from "./lib/accounts.js";
import { docsUrl } from "./lib/docs.js";
import { DATA_EVENTS, DATA_EVENTS_START, NEW_TRAIL as NEW_TRAIL_IAC } from "./lib/iac-fixes.js";

interface TagRule {
  key: string;
  values?: string[];
}

interface Params {
  tagRules: TagRule[];
  require: "all" | "read" | "write";
}

type MessageId =
  | "ok"
  | "suspended"
  | "noTrailInFile"
  | "noTaggedBuckets"
  | "tagsUnreadable"
  | "bucketsUnreadable"
  | "outOfScope"
  | "unreadable"
  | "statusUnknown"
  | "noTrail"
  | "none"
  | "stopped"
  | "readOnly"
  | "writeOnly"
  | "prefixOnly"
  | "eventNameFilter"
  | "filtered";

interface Judged {
  ref: TrailRef;
  events: S3ObjectEvents;
  logging: boolean;
  statusKnown: boolean;
  selectorsKnown: boolean;
  /** False when whether it covers the bucket's region rests on an unknown IsMultiRegionTrail. */
  coversKnown: boolean;
  unread: UnknownRef[];
}

/** What a trail whose selectors are unknown is taken to record: nothing known (its unknowns say why). */
const NO_EVENTS: S3ObjectEvents = { read: false, write: false, gaps: [], coveredBy: [], selectorsFrom: "default", basicIgnored: false };

const HALVES: Record<Params["require"], Half[]> = { all: ["read", "write"], read: ["read"], write: ["write"] };
const GAP_MESSAGE: Record<Gap["kind"], MessageId> = { prefix: "prefixOnly", objects: "prefixOnly", eventName: "eventNameFilter", field: "filtered" };
const NEW_TRAIL = "management-events";

const PUT_SELECTORS = "aws cloudtrail put-event-selectors --trail-name {{trailArn}} --region {{homeRegion}} {{selectorsArgument}}";
const PUT_TEXT =
  "Add every object of bucket {{bucket}} to the data events of trail {{trail}} (run in account {{trailOwnerAccountId}}); " +
  "put-event-selectors replaces every selector, so the command keeps what the trail records today.";

const halvesText = (halves: Half[]) => (halves.length === 2 ? "read and write" : halves[0]!);
const ruleText = (rule: TagRule) => `${rule.key}=${rule.values && rule.values.length > 0 ? rule.values.join("|") : "*"}`;

/** The first tag that a rule matches, as "key=value". */
function matchingTag(bucketTags: { Key: string; Value?: string }[] | undefined, rules: TagRule[]): string | undefined {
  for (const rule of rules) {
    const tag = (bucketTags ?? []).find((t) => t.Key === rule.key);
    if (!tag) continue;
    const value = tag.Value ?? "";
    if (!rule.values || rule.values.length === 0 || rule.values.some((v) => v.toLowerCase() === value.toLowerCase())) return `${tag.Key}=${value}`;
  }
  return undefined;
}


function stoppedWhen(trail: Trail): string {
  const status = isUnknown(trail.status) ? {} : (trail.status ?? {});
  const at = toIso(status.StopLoggingTime) ?? status.TimeLoggingStopped;
  return at ? `logging stopped at ${at}` : "no StopLoggingTime recorded";
}

export const check = defineCheck<Params, MessageId>({
  meta: {
    id: "data-events-tagged-buckets",
    docsUrl: docsUrl("data-events-tagged-buckets"),
    title: "Object-level API calls on sensitive buckets are recorded",
    severity: "medium",
    rationale:
      "Management events show who changed a bucket, not who read or deleted what is in it. For buckets tagged as holding " +
      "sensitive data, only S3 data events (GetObject, PutObject, DeleteObject, ...) answer what was taken or destroyed " +
      "in an incident; CloudTrail records none of them unless a trail's selectors name the bucket's objects.",
    reads: [
      { service: "s3", operation: "ListBuckets" },
      { service: "s3", operation: "GetBucketTagging" },
      { service: "tag", operation: "GetResources" },
      { service: "s3", operation: "GetBucketLocation" },
      ...TRAIL_READS,
      { service: "cloudtrail", operation: "GetEventSelectors" },
    ],
    messages: {
      ok: "Object-level {{recorded}} events of every object of bucket {{bucket}} ({{tag}}) are recorded by {{trails}}.",
      suspended: SUSPENDED_MESSAGE,
      noTrailInFile: NO_TRAIL_IN_FILE_MESSAGE,
      noTaggedBuckets: "No bucket of this account has a tag matching {{rules}}; nothing to check.",
      tagsUnreadable: "Could not read the tags of {{bucket}}, so whether it holds tagged data is unknown.",
      bucketsUnreadable: "Could not list the buckets of this account, so whether any holds tagged data is unknown.",
      outOfScope:
        "Bucket {{bucket}} ({{tag}}) belongs to account {{ownerAccountId}}, which is not in the snapshot: scan account " +
        "{{ownerAccountId}} to judge which trails record its data events.",
      unreadable: "Could not decide whether the object-level events of bucket {{bucket}} ({{tag}}) are recorded.",
      statusUnknown:
        "Trail {{trail}} would record the object-level events of bucket {{bucket}} ({{tag}}) but has no GetTrailStatus data, so " +
        "whether it is logging is unknown.",
      noTrail:
        "No trail covers account {{ownerAccountId}} in {{bucketRegion}}, so nothing records the object-level events of bucket " +
        "{{bucket}} ({{tag}}).",
      none:
        "No trail records object-level data events for bucket {{bucket}} ({{tag}}): {{trails}} cover account {{ownerAccountId}} " +
        "in {{bucketRegion}} but their event selectors leave the bucket out.",
      stopped:
        "Trail {{trail}} would record the object-level {{missing}} events of bucket {{bucket}} ({{tag}}) but is not logging " +
        "({{stoppedWhen}}).",
      readOnly:
        "Trail {{trail}} records only read object events (GetObject, HeadObject, ...) of bucket {{bucket}} ({{tag}}): write " +
        "events (PutObject, DeleteObject, ...) are not recorded.",
      writeOnly:
        "Trail {{trail}} records only write object events (PutObject, DeleteObject, ...) of bucket {{bucket}} ({{tag}}): read " +
        "events (GetObject, ...) are not recorded.",
      prefixOnly: "Object-level {{missing}} events of bucket {{bucket}} ({{tag}}) are recorded for only part of it: {{gaps}}.",
      eventNameFilter: "Object-level {{missing}} events of bucket {{bucket}} ({{tag}}) are recorded for only some API calls: {{gaps}}.",
      filtered: "Object-level {{missing}} events of bucket {{bucket}} ({{tag}}) are recorded only for some calls: {{gaps}}.",
    },
    iacMessages: {
      stopped: "Trail {{trail}} would record the object-level {{missing}} events of bucket {{bucket}} ({{tag}}) but the file does not turn its logging on.",
    },
    remediation: {
      text: "Add the bucket's objects (arn:<partition>:s3:::<bucket>/) to the data events of a logging trail that covers its account.",
      cli: [PUT_SELECTORS],
      ...DATA_EVENTS,
    },
    fixes: {
      noTrail: {
        text:
          "Create a multi-region trail in account {{ownerAccountId}} (or an organization trail in the management account) " +
          "that also records the bucket's object events, and start it. Bucket {{newBucketName}} must exist first, with a " +
          "bucket policy that lets cloudtrail.amazonaws.com check its ACL and write under AWSLogs/{{ownerAccountId}}/.",
        cli: [
          "aws cloudtrail create-trail --name {{newTrailName}} --s3-bucket-name {{newBucketName}} --is-multi-region-trail " +
            "--include-global-service-events --enable-log-file-validation --region {{region}}",
          "aws cloudtrail put-event-selectors --trail-name {{newTrailName}} --region {{region}} {{selectorsArgument}}",
          "aws cloudtrail start-logging --name {{newTrailName}} --region {{region}}",
        ],
        ...NEW_TRAIL_IAC,
      },
      stopped: {
        text: "Start logging on trail {{trail}} (run in account {{trailOwnerAccountId}}), and find out who stopped it and why.",
        cli: ["aws cloudtrail start-logging --name {{trailArn}} --region {{homeRegion}}"],
        ...DATA_EVENTS_START,
      },
      none: { text: PUT_TEXT, cli: [PUT_SELECTORS], ...DATA_EVENTS },
      readOnly: { text: PUT_TEXT, cli: [PUT_SELECTORS], ...DATA_EVENTS },
      writeOnly: { text: PUT_TEXT, cli: [PUT_SELECTORS], ...DATA_EVENTS },
      prefixOnly: { text: PUT_TEXT, cli: [PUT_SELECTORS], ...DATA_EVENTS },
      eventNameFilter: { text: PUT_TEXT, cli: [PUT_SELECTORS], ...DATA_EVENTS },
      filtered: { text: PUT_TEXT, cli: [PUT_SELECTORS], ...DATA_EVENTS },
    },
    frameworks: { "cis-aws-foundations-5.0": ["3.8", "3.9"], securityhub: ["S3.22", "S3.23"] },
    params: {
      type: "object",
      properties: {
        tagRules: {
          type: "array",
          minItems: 1,
          description:
            "Which buckets hold sensitive data: a bucket matches when it has a tag with the rule's key (exact) and one of its " +
            "values (case-insensitive); a rule without values matches any value.",
          items: {
            type: "object",
            required: ["key"],
            properties: {
              key: { type: "string", minLength: 1 },
              values: { type: "array", items: { type: "string" } },
            },
            additionalProperties: false,
          },
          default: [{ key: "data-classification", values: ["confidential", "restricted", "sensitive"] }],
        },
        require: {
          enum: ["all", "read", "write"],
          default: "all",
          description: "Which object-level events must be recorded: read and write (all), read only, or write only.",
        },
      },
      additionalProperties: false,
    },
  },

  run(snapshot, params) {
    const results: CheckResult<MessageId>[] = [];
    const matchedOwners = new Set<string>();

    for (const ref of [...bucketsByName(snapshot).values()]) {
      const owner = findAccount(snapshot, ref.ownerAccountId);
      // A closed account, or a file that defines no trail: the account's own result says so.
      if (owner && accountOpening(snapshot, owner, accountIndex(snapshot, owner.Id))) continue;
      const { tags, Region } = ref.bucket;
      const base = { accountId: ref.ownerAccountId, resource: ref.arn, pointer: ref.pointer, ...(typeof Region === "string" && Region ? { region: Region } : {}) };
      if (isUnknown(tags)) {
        // Its tags could not be read: it may hold tagged data.
        matchedOwners.add(ref.ownerAccountId);
        const unknowns = [{ cause: tags.$unknown, pointer: `${ref.pointer}/tags` }];
        results.push({ status: "NOT_APPLICABLE", messageId: "tagsUnreadable", ...base, data: { bucket: ref.bucket.Name }, unknowns });
        continue;
      }
      const tag = matchingTag(tags, params.tagRules);
      if (tag === undefined) continue;
      matchedOwners.add(ref.ownerAccountId);
      if (!owner) {
        results.push({ status: "ERROR", messageId: "outOfScope", ...base, data: { bucket: ref.bucket.Name, tag, ownerAccountId: ref.ownerAccountId } });
        continue;
      }
      results.push({ ...judgeBucket(snapshot, ref, owner, tag, params.require), ...base });
    }

    for (const [index, account] of snapshot.accounts.entries()) {
      const pointer = `/accounts/${index}`;
      const closed = accountOpening(snapshot, account, index);
      if (closed) {
        results.push(closed);
        continue;
      }
      if (isUnknown(account.buckets)) {
        // Its buckets could not be listed: some may be tagged.
        const unknowns = [{ cause: account.buckets.$unknown, pointer: `${pointer}/buckets` }];
        results.push({ status: "NOT_APPLICABLE", messageId: "bucketsUnreadable", accountId: account.Id, pointer, unknowns });
      } else if (!matchedOwners.has(account.Id)) {
        const data = { rules: params.tagRules.map(ruleText).join(" or ") };
        results.push({ status: "NOT_APPLICABLE", messageId: "noTaggedBuckets", accountId: account.Id, pointer, data });
      }
    }
    return results;
  },
});

type Verdict = Omit<CheckResult<MessageId>, "accountId" | "resource" | "pointer" | "region">;

function judgeBucket(snapshot: Snapshot, bucketRef: BucketRef, owner: Account, tag: string, require: Params["require"]): Verdict {
  const { bucket } = bucketRef;
  const need = HALVES[require];
  // Unknowns every verdict short of PASS rests on: the bucket's region (a single-region trail may
  // cover it) and trails that may cover the owner unseen.
  const pending: UnknownRef[] = [...unknownAt(bucket.Region, `${bucketRef.pointer}/Region`), ...coverageGaps(snapshot, owner)];
  const region = isUnknown(bucket.Region) ? undefined : bucket.Region;
  const maybeMulti = (ref: TrailRef) => isUnknown(ref.trail.IsMultiRegionTrail) && !coversRegion(ref, region ?? "");
  const candidates = coveringTrails(snapshot, owner).filter((ref) => ref.unknown || maybeMulti(ref) || coversRegion(ref, region ?? ""));
  const judged = candidates.map((ref): Judged => {
    const unread: UnknownRef[] = [...(ref.unknown ?? [])];
    const multi = ref.trail.IsMultiRegionTrail;
    const coversKnown = !maybeMulti(ref);
    if (isUnknown(multi) && !coversKnown) unread.push({ cause: multi.$unknown, pointer: `${ref.pointer}/IsMultiRegionTrail` });
    if (isUnknown(ref.trail.status)) unread.push({ cause: ref.trail.status.$unknown, pointer: `${ref.pointer}/status` });
    const selectors = ref.unknown ? undefined : selectorsUnknown(ref.trail, ref.pointer);
    if (selectors) unread.push(selectors);
    const selectorsKnown = !ref.unknown && !selectors;
    return {
      ref,
      events: selectorsKnown ? s3ObjectEvents(ref.trail, bucket.Name, snapshot.partition) : NO_EVENTS,
      logging: isLogging(ref.trail),
      statusKnown: !ref.unknown && !isUnknown(ref.trail.status) && ref.trail.status !== undefined,
      selectorsKnown,
      coversKnown,
      unread,
    };
  });

  const data: Record<string, DataValue> = {
    bucket: bucket.Name,
    tag,
    ownerAccountId: bucketRef.ownerAccountId,
    bucketRegion: region ?? "an unknown region (no GetBucketLocation data)",
  };
  const evidence = {
    bucket: bucket.Name,
    Region: region ?? null,
    ownerAccountId: bucketRef.ownerAccountId,
    tag,
    require,
    trails: judged.map((j) => ({
      TrailARN: j.ref.trail.TrailARN,
      HomeRegion: j.ref.homeRegion,
      IsMultiRegionTrail: isUnknown(j.ref.trail.IsMultiRegionTrail) ? "unknown" : (j.ref.trail.IsMultiRegionTrail ?? false),
      IsLogging: isUnknown(j.ref.trail.status) ? "unknown" : (j.ref.trail.status?.IsLogging ?? null),
      selectorsFrom: j.events.selectorsFrom,
      objectEvents: { read: j.events.read, write: j.events.write },
      coveredBy: j.events.coveredBy,
      gaps: j.events.gaps.map((g) => `${g.selector}: ${g.description} (${g.halves.join(", ")})`),
    })),
  };
  const about = (j: Judged) => ({
    ...data,
    trail: j.ref.trail.Name,
    trailArn: j.ref.trail.TrailARN,
    homeRegion: shownHomeRegion(j.ref),
    trailOwnerAccountId: j.ref.ownerAccountId,
  });
  const fixFor = (j: Judged) => ({ ...about(j), selectorsArgument: selectorsArgument(withBucketObjectEvents(j.ref.trail, bucket.Name, snapshot.partition)) });

  const decided = judged.filter((j) => j.statusKnown && j.logging && j.selectorsKnown && j.coversKnown);
  const recordedBy = (half: Half) => decided.filter((j) => j.events[half]);
  if (need.every((half) => recordedBy(half).length > 0)) {
    const byTrail = new Map<string, Half[]>();
    for (const half of need) for (const j of recordedBy(half)) byTrail.set(j.ref.trail.Name, [...(byTrail.get(j.ref.trail.Name) ?? []), half]);
    const single = [...byTrail].find(([, halves]) => halves.length === need.length);
    const trails = single ? `trail ${single[0]}` : need.map((half) => `trail ${recordedBy(half)[0]!.ref.trail.Name} (${half})`).join(" and ");
    return { status: "PASS", messageId: "ok", data: { ...data, recorded: halvesText(need), trails }, evidence };
  }
  const missing = need.filter((half) => recordedBy(half).length === 0);

  // A trail that might record a missing half, but whose selectors or status could not be read.
  const mightRecord = (j: Judged, half: Half) => (j.events[half] || !j.selectorsKnown) && (j.logging || !j.statusKnown);
  const undecided = judged.find((j) => (!j.selectorsKnown || !j.statusKnown || !j.coversKnown) && missing.some((half) => mightRecord(j, half)));
  if (undecided && undecided.unread.length === 0) return { status: "ERROR", messageId: "statusUnknown", data: about(undecided), evidence };
  const unknowns = [...pending, ...judged.filter((j) => missing.some((half) => mightRecord(j, half))).flatMap((j) => j.unread)];
  if (undecided || unknowns.length > 0) {
    return { status: "FAIL", messageId: "unreadable", data: undecided ? about(undecided) : data, evidence, unknowns };
  }

  if (judged.length === 0) {
    const globalRegion = GLOBAL_EVENT_REGION[snapshot.partition];
    const newTrail: Trail = { Name: NEW_TRAIL, TrailARN: NEW_TRAIL };
    return {
      status: "FAIL",
      messageId: "noTrail",
      data: {
        ...data,
        newTrailName: NEW_TRAIL,
        newBucketName: `aws-cloudtrail-logs-${bucketRef.ownerAccountId}`,
        region: region ?? globalRegion,
        selectorsArgument: selectorsArgument(withBucketObjectEvents(newTrail, bucket.Name, snapshot.partition)),
      },
      evidence,
    };
  }

  const stopped = judged.find((j) => !j.logging && missing.some((half) => j.events[half]));
  if (stopped) {
    const halves = missing.filter((half) => stopped.events[half]);
    return { status: "FAIL", messageId: "stopped", data: { ...about(stopped), missing: halvesText(halves), stoppedWhen: stoppedWhen(stopped.ref.trail) }, evidence };
  }

  // The trail closest to recording the missing halves: a logging one, with gaps for them, then
  // one recording the other half, then a multi-region one (it covers buckets in every region).
  const gapsFor = (j: Judged) => j.events.gaps.filter((g) => g.halves.some((h) => missing.includes(h)));
  const rank = (j: Judged) => [j.logging, gapsFor(j).length > 0, j.events.read || j.events.write, !isUnknown(j.ref.trail.IsMultiRegionTrail) && j.ref.trail.IsMultiRegionTrail === true];
  const best = [...judged].sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    const i = ra.findIndex((v, k) => v !== rb[k]);
    return i === -1 ? 0 : Number(rb[i]) - Number(ra[i]);
  })[0]!;
  const gaps = gapsFor(best);
  if (gaps.length > 0) {
    const gapHalves = HALVES.all.filter((h) => gaps.some((g) => g.halves.includes(h)) && missing.includes(h));
    const text = gaps.map((g) => `${g.description} (trail ${best.ref.trail.Name}, ${g.selector}, ${g.halves.join(" and ")} events)`).join("; ");
    return { status: "FAIL", messageId: GAP_MESSAGE[gaps[0]!.kind], data: { ...fixFor(best), missing: halvesText(gapHalves), gaps: text }, evidence };
  }
  if (best.events.read !== best.events.write) {
    return { status: "FAIL", messageId: best.events.read ? "readOnly" : "writeOnly", data: fixFor(best), evidence };
  }
  const trails = judged.map((j) => `${j.ref.trail.Name}${j.logging ? "" : " (not logging)"}`).join(", ");
  return { status: "FAIL", messageId: "none", data: { ...fixFor(best), trails }, evidence };
}
