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
import { GLOBAL_EVENT_REGION, bucketsByName, findAccount, coveringTrails, coversRegion, isLogging, type BucketRef, type TrailRef } from "../model/coverage.js";
import {
  describeErrors,
  organizationTrailListErrors,
  s3ObjectEvents,
  selectorsArgument,
  trailReadErrors,
  withBucketObjectEvents,
  type Gap,
  type Half,
  type S3ObjectEvents,
} from "../model/selectors.js";
import type { Account, CollectionError, Snapshot, Trail } from "../model/snapshot.js";
import { toIso } from "../model/time.js";
import { TRAIL_READS } from "./lib/reads.js";
import { SUSPENDED_MESSAGE, isClosed, suspendedResult } from "./lib/accounts.js";

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
  | "noTaggedBuckets"
  | "tagsUnreadable"
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
  unread: CollectionError[];
}

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


function tagErrors(account: Account | undefined): CollectionError[] {
  return (account?.collectionErrors ?? []).filter((e) => e.service === "s3" && e.operation === "GetBucketTagging");
}

function stoppedWhen(trail: Trail): string {
  const status = trail.status ?? {};
  const at = toIso(status.StopLoggingTime) ?? status.TimeLoggingStopped;
  return at ? `logging stopped at ${at}` : "no StopLoggingTime recorded";
}

export const check = defineCheck<Params, MessageId>({
  meta: {
    id: "data-events-tagged-buckets",
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
      noTaggedBuckets: "No bucket of this account has a tag matching {{rules}}; nothing to check.",
      tagsUnreadable: "Could not read the tags of {{bucket}}, so whether it holds tagged data is unknown: {{errors}}.",
      outOfScope:
        "Bucket {{bucket}} ({{tag}}) belongs to account {{ownerAccountId}}, which is not in the snapshot: scan account " +
        "{{ownerAccountId}} to judge which trails record its data events.",
      unreadable: "Could not decide whether the object-level events of bucket {{bucket}} ({{tag}}) are recorded: {{errors}}.",
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
    remediation: {
      text: "Add the bucket's objects (arn:<partition>:s3:::<bucket>/) to the data events of a logging trail that covers its account.",
      cli: [PUT_SELECTORS],
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
      },
      stopped: {
        text: "Start logging on trail {{trail}} (run in account {{trailOwnerAccountId}}), and find out who stopped it and why.",
        cli: ["aws cloudtrail start-logging --name {{trailArn}} --region {{homeRegion}}"],
      },
      none: { text: PUT_TEXT, cli: [PUT_SELECTORS] },
      readOnly: { text: PUT_TEXT, cli: [PUT_SELECTORS] },
      writeOnly: { text: PUT_TEXT, cli: [PUT_SELECTORS] },
      prefixOnly: { text: PUT_TEXT, cli: [PUT_SELECTORS] },
      eventNameFilter: { text: PUT_TEXT, cli: [PUT_SELECTORS] },
      filtered: { text: PUT_TEXT, cli: [PUT_SELECTORS] },
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
      if (owner && isClosed(owner)) continue;
      const tag = matchingTag(ref.bucket.tags, params.tagRules);
      const base = { accountId: ref.ownerAccountId, resource: ref.arn, pointer: ref.pointer, ...(ref.bucket.Region ? { region: ref.bucket.Region } : {}) };
      if (tag === undefined) {
        const errors = tagErrors(owner).filter((e) => e.resource === ref.bucket.Name || e.resource === ref.arn);
        if (errors.length > 0) {
          matchedOwners.add(ref.ownerAccountId);
          results.push({ status: "ERROR", messageId: "tagsUnreadable", ...base, data: { bucket: ref.bucket.Name, errors: describeErrors(errors) } });
        }
        continue;
      }
      matchedOwners.add(ref.ownerAccountId);
      if (!owner) {
        results.push({ status: "ERROR", messageId: "outOfScope", ...base, data: { bucket: ref.bucket.Name, tag, ownerAccountId: ref.ownerAccountId } });
        continue;
      }
      results.push({ ...judgeBucket(snapshot, ref, owner, tag, params.require), ...base });
    }

    for (const [index, account] of snapshot.accounts.entries()) {
      const pointer = `/accounts/${index}`;
      const closed = suspendedResult(account, index);
      if (closed) {
        results.push(closed);
        continue;
      }
      const accountWide = tagErrors(account).filter((e) => e.resource === undefined);
      if (accountWide.length > 0) {
        // Some buckets' tags are unknown; they may be tagged.
        const data = { bucket: "buckets of this account", errors: describeErrors(accountWide) };
        results.push({ status: "ERROR", messageId: "tagsUnreadable", accountId: account.Id, pointer, data });
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
  const region = bucket.Region;
  const candidates = coveringTrails(snapshot, owner).filter((ref) => coversRegion(ref, region ?? ""));
  const judged = candidates.map((ref): Judged => {
    const statusErrors = trailReadErrors(snapshot, ref, ["GetTrailStatus"]);
    const selectorErrors = trailReadErrors(snapshot, ref, ["GetEventSelectors"]);
    return {
      ref,
      events: s3ObjectEvents(ref.trail, bucket.Name, snapshot.partition),
      logging: isLogging(ref.trail),
      statusKnown: statusErrors.length === 0 && ref.trail.status !== undefined,
      selectorsKnown: selectorErrors.length === 0,
      unread: [...statusErrors, ...selectorErrors],
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
      IsMultiRegionTrail: j.ref.trail.IsMultiRegionTrail ?? false,
      IsLogging: j.ref.trail.status?.IsLogging ?? null,
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
    homeRegion: j.ref.homeRegion,
    trailOwnerAccountId: j.ref.ownerAccountId,
  });
  const fixFor = (j: Judged) => ({ ...about(j), selectorsArgument: selectorsArgument(withBucketObjectEvents(j.ref.trail, bucket.Name, snapshot.partition)) });

  const decided = judged.filter((j) => j.statusKnown && j.logging && j.selectorsKnown);
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
  const undecided = judged.find((j) => (!j.selectorsKnown || !j.statusKnown) && missing.some((half) => mightRecord(j, half)));
  if (undecided) {
    if (undecided.unread.length > 0) {
      return { status: "ERROR", messageId: "unreadable", data: { ...about(undecided), errors: describeErrors(undecided.unread) }, evidence };
    }
    return { status: "ERROR", messageId: "statusUnknown", data: about(undecided), evidence };
  }
  const listErrors = organizationTrailListErrors(snapshot, owner);
  if (listErrors.length > 0) return { status: "ERROR", messageId: "unreadable", data: { ...data, errors: describeErrors(listErrors) }, evidence };

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
  const rank = (j: Judged) => [j.logging, gapsFor(j).length > 0, j.events.read || j.events.write, j.ref.trail.IsMultiRegionTrail === true];
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
