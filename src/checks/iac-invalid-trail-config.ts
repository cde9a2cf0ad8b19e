// Infrastructure as code only: no trail or bucket of the template or plan has a setting AWS rejects
// at deploy time, so a pull request cannot merge a change whose deployment is bound to fail:
// - a multi-region trail with global service events off (IsMultiRegionTrail with
//   IncludeGlobalServiceEvents false: create-trail/update-trail return
//   InvalidParameterCombinationException);
// - more than 5 basic event selectors, more than 250 data resources across them, or more than 500
//   condition values across advanced event selectors (PutEventSelectors:
//   InvalidEventSelectorsException);
// - basic and advanced event selectors together (PutEventSelectors takes one or the other);
// - an Object Lock configuration on a bucket where Object Lock is not enabled (the IaC sources
//   keep such a configuration's Rule without ObjectLockEnabled; see src/sources/*/);
// - a trail without a property CloudFormation requires (S3BucketName; IsLogging, which the
//   CloudFormation source leaves out of the trail's status).
// Reads the trail fields IsMultiRegionTrail, IncludeGlobalServiceEvents (GetTrail), eventSelectors and
// advancedEventSelectors (GetEventSelectors), and the bucket's objectLockConfiguration
// (GetObjectLockConfiguration) and versioning (GetBucketVersioning).
//
// On a snapshot read from AWS (or a snapshot file) these combinations cannot occur, since AWS refused
// them, so the check gives one NOT_APPLICABLE per account there; it knows the source from
// snapshot.source.type. Results are per trail and per bucket, one FAIL per problem; the evidence's
// `property` is the JSON Pointer of the deciding property, which the IaC source maps to its line.
import { defineCheck, type CheckResult, type DataValue } from "../engine/check.js";
import { shellQuote } from "../model/selectors.js";
import type { Account, AdvancedEventSelector, Bucket, CollectionError, EventSelector, Snapshot, Trail } from "../model/snapshot.js";
import { SUSPENDED_MESSAGE, suspendedResult } from "./lib/accounts.js";
import { isUnknown, unknownAt, type UnknownRef } from "../model/unknown.js";
import { docsUrl } from "./lib/docs.js";
import { ADVANCED_SELECTORS, ENABLE_OBJECT_LOCK, GLOBAL_EVENTS, MISSING_REQUIRED } from "./lib/iac-fixes.js";

type MessageId =
  | "ok"
  | "suspended"
  | "none"
  | "undecided"
  | "multiRegionNoGlobal"
  | "tooManySelectors"
  | "mixedSelectors"
  | "tooManyDataResources"
  | "tooManyAdvancedValues"
  | "objectLockNotEnabled"
  | "missingRequired";

const MAX_EVENT_SELECTORS = 5;
const MAX_DATA_RESOURCES = 250;
const MAX_ADVANCED_VALUES = 500;


type Source = "cloudformation" | "terraform";

/** How each deciding property is spelled in the file, per source. */
const PROPERTY: Record<string, Record<Source, string>> = {
  global: { cloudformation: "IncludeGlobalServiceEvents: false", terraform: "include_global_service_events = false" },
  selectors: { cloudformation: "EventSelectors", terraform: "event_selector" },
  mixed: { cloudformation: "EventSelectors and AdvancedEventSelectors", terraform: "event_selector and advanced_event_selector" },
  advanced: { cloudformation: "AdvancedEventSelectors", terraform: "advanced_event_selector" },
  lock: {
    cloudformation: "ObjectLockConfiguration without ObjectLockEnabled: true",
    terraform: "aws_s3_bucket_object_lock_configuration on a bucket without object_lock_enabled = true or versioning Enabled",
  },
};

const SELECTORS_CLI = "aws cloudtrail put-event-selectors --trail-name {{trailArn}} --region {{homeRegion}} --advanced-event-selectors {{advancedSelectors}}";

const OPERATORS = ["Equals", "StartsWith", "EndsWith", "NotEquals", "NotStartsWith", "NotEndsWith"] as const;

/** True when a basic data resource value selects every resource of its type ("arn:aws:s3", "arn:aws:s3:::"). */
function selectsAll(value: string): boolean {
  return /^arn:[a-z-]+:[a-z0-9-]+(:::)?$/.test(value);
}

/**
 * Advanced selectors that record what basic selectors record (management events with their
 * read/write type and excluded sources; data events of each type for the listed ARN prefixes).
 */
export function toAdvancedSelectors(selectors: readonly EventSelector[]): AdvancedEventSelector[] {
  const out: AdvancedEventSelector[] = [];
  selectors.forEach((selector, index) => {
    const readOnly =
      selector.ReadWriteType === "ReadOnly" ? [{ Field: "readOnly", Equals: ["true"] }] : selector.ReadWriteType === "WriteOnly" ? [{ Field: "readOnly", Equals: ["false"] }] : [];
    if (selector.IncludeManagementEvents !== false) {
      const excluded = selector.ExcludeManagementEventSources ?? [];
      out.push({
        Name: `Management events (basic selector ${index + 1})`,
        FieldSelectors: [
          { Field: "eventCategory", Equals: ["Management"] },
          ...readOnly,
          ...(excluded.length > 0 ? [{ Field: "eventSource", NotEquals: [...excluded] }] : []),
        ],
      });
    }
    for (const resource of selector.DataResources ?? []) {
      const values = resource.Values ?? [];
      const all = values.length === 0 || values.some(selectsAll);
      out.push({
        Name: `${resource.Type} data events (basic selector ${index + 1})`,
        FieldSelectors: [
          { Field: "eventCategory", Equals: ["Data"] },
          { Field: "resources.type", Equals: [resource.Type] },
          ...readOnly,
          ...(all ? [] : [{ Field: "resources.ARN", StartsWith: [...values] }]),
        ],
      });
    }
  });
  return out;
}

function countAdvancedValues(selectors: readonly AdvancedEventSelector[]): number {
  return selectors.reduce(
    (sum, selector) => sum + selector.FieldSelectors.reduce((n, fs) => n + OPERATORS.reduce((k, op) => k + (fs[op]?.length ?? 0), 0), 0),
    0,
  );
}

function countDataResources(selectors: readonly EventSelector[]): number {
  return selectors.reduce((sum, selector) => sum + (selector.DataResources ?? []).reduce((n, r) => n + (r.Values?.length ?? 0), 0), 0);
}

/** Collection errors of the account about this resource on the given reads. */
function errorsAbout(account: Account, snapshot: Snapshot, resource: string, names: readonly string[], operations: readonly string[]): CollectionError[] {
  const arn = (name: string) => (name.startsWith("arn:") ? name : `arn:${snapshot.partition}:s3:::${name}`);
  return (account.collectionErrors ?? []).filter(
    (e) => operations.includes(e.operation) && e.resource !== undefined && (e.resource === resource || names.includes(e.resource) || arn(e.resource) === resource),
  );
}

export const check = defineCheck<Record<string, never>, MessageId>({
  meta: {
    id: "iac-invalid-trail-config",
    docsUrl: docsUrl("iac-invalid-trail-config"),
    title: "Templates and plans hold no trail or bucket setting that AWS rejects at deploy time",
    severity: "high",
    rationale:
      "Some CloudTrail and S3 settings pass template validation and terraform plan but fail when AWS applies them: " +
      "a multi-region trail without global service events, more than 5 event selectors, basic and advanced selectors " +
      "together, an Object Lock configuration on a bucket where Object Lock is off. The deployment then stops halfway, " +
      "often after the old trail was replaced, leaving the account without the logging the change was meant to give.",
    appliesTo: ["cloudformation", "terraform"],
    reads: [
      { service: "cloudtrail", operation: "GetTrail" },
      { service: "cloudtrail", operation: "GetEventSelectors" },
      { service: "s3", operation: "GetObjectLockConfiguration" },
      { service: "s3", operation: "GetBucketVersioning" },
    ],
    messages: {
      ok: "{{kind}} {{name}}: no setting that AWS rejects at deploy time.",
      suspended: SUSPENDED_MESSAGE,
      none: "The file defines no CloudTrail trail and no S3 bucket.",
      undecided: "{{kind}} {{name}}: whether AWS accepts it depends on values that cannot be decided from this file.",
      multiRegionNoGlobal:
        "Trail {{trail}} is multi-region with global service events off ({{property}}): AWS rejects this combination " +
        "(InvalidParameterCombinationException), so the deployment fails.",
      tooManySelectors:
        "Trail {{trail}} has {{count}} event selectors ({{property}}); AWS accepts at most 5 per trail " +
        "(InvalidEventSelectorsException), so the deployment fails.",
      mixedSelectors:
        "Trail {{trail}} sets both basic and advanced event selectors ({{property}}); AWS takes one or the other, " +
        "so the deployment fails.",
      tooManyDataResources:
        "Trail {{trail}} lists {{count}} data resources across its event selectors ({{property}}); AWS accepts at most " +
        "250 per trail (InvalidEventSelectorsException), so the deployment fails.",
      tooManyAdvancedValues:
        "Trail {{trail}} uses {{count}} condition values across its advanced event selectors ({{property}}); AWS accepts " +
        "at most 500 per trail (InvalidEventSelectorsException), so the deployment fails.",
      objectLockNotEnabled:
        "Bucket {{bucket}} has an Object Lock configuration but Object Lock is not enabled on it ({{property}}): AWS " +
        "rejects the configuration (InvalidBucketState), so the deployment fails.",
      missingRequired: "Trail {{trail}} has no {{property}}, which {{kind}} requires, so the deployment fails.",
    },
    remediation: {
      text: "Change the template or Terraform configuration so that AWS accepts it; the command shows the accepted setting.",
      cli: ["aws cloudtrail get-event-selectors --trail-name {{trailArn}} --region {{homeRegion}}"],
    },
    fixes: {
      multiRegionNoGlobal: {
        text:
          "Turn global service events on for trail {{trail}} (a multi-region trail must include them), or make it " +
          "single-region. For a trail that already exists:",
        cli: ["aws cloudtrail update-trail --name {{trailArn}} --region {{homeRegion}} --is-multi-region-trail --include-global-service-events"],
        ...GLOBAL_EVENTS,
      },
      tooManySelectors: {
        text:
          "Merge the selectors of trail {{trail}} into at most 5, or use advanced event selectors; these advanced " +
          "selectors record what the {{count}} basic ones record:",
        cli: [SELECTORS_CLI],
        ...ADVANCED_SELECTORS,
      },
      mixedSelectors: {
        text: "Keep only advanced event selectors on trail {{trail}}; these record what both sets record:",
        cli: [SELECTORS_CLI],
        ...ADVANCED_SELECTORS,
      },
      tooManyDataResources: {
        text:
          "Select data resources of trail {{trail}} by prefix (an advanced selector with resources.ARN StartsWith, or " +
          "arn:aws:s3 for all buckets) instead of listing {{count}} of them; the advanced form of the current selectors:",
        cli: [SELECTORS_CLI],
        ...ADVANCED_SELECTORS,
      },
      tooManyAdvancedValues: {
        text:
          "Cover resources of trail {{trail}} with fewer, broader StartsWith prefixes so the advanced selectors use at " +
          "most 500 values; the current selectors:",
        cli: ["aws cloudtrail get-event-selectors --trail-name {{trailArn}} --region {{homeRegion}}"],
        ...ADVANCED_SELECTORS,
      },
      objectLockNotEnabled: {
        text:
          "Enable Object Lock on bucket {{bucket}}: CloudFormation ObjectLockEnabled: true (set when the bucket is " +
          "created), Terraform object_lock_enabled = true on the aws_s3_bucket, or versioning first for an existing " +
          "bucket. On an existing bucket:",
        cli: [
          "aws s3api put-bucket-versioning --bucket {{bucket}} --versioning-configuration Status=Enabled",
          "aws s3api put-object-lock-configuration --bucket {{bucket}} --object-lock-configuration {{lockConfiguration}}",
        ],
        ...ENABLE_OBJECT_LOCK,
      },
      missingRequired: {
        text: "Set {{property}} on trail {{trail}} ({{hint}}). The CLI equivalent:",
        cli: ["{{command}}"],
        ...MISSING_REQUIRED,
      },
    },
    frameworks: {},
    params: { type: "object", properties: {}, additionalProperties: false },
  },

  run(snapshot) {
    // The engine runs this check on templates and plans only (meta.appliesTo).
    const sourceType = snapshot.source?.type;
    const source = sourceType as Source;
    const kindName = source === "cloudformation" ? "CloudFormation" : "Terraform";
    const results: CheckResult<MessageId>[] = [];

    snapshot.accounts.forEach((account, a) => {
      const accountId = account.Id;
      const closed = suspendedResult(account, a);
      if (closed) {
        results.push(closed);
        return;
      }
      const lists = [...unknownAt(account.trails, `/accounts/${a}/trails`), ...unknownAt(account.buckets, `/accounts/${a}/buckets`)];
      const trails = isUnknown(account.trails) ? [] : (account.trails ?? []);
      const buckets = isUnknown(account.buckets) ? [] : (account.buckets ?? []);
      if ((trails.length === 0 && buckets.length === 0) || lists.length > 0) {
        // A list that is not known may hold what AWS rejects: an ERROR stands in for it.
        results.push({ status: "NOT_APPLICABLE", messageId: "none", accountId, pointer: `/accounts/${a}`, unknowns: lists });
        if (trails.length === 0 && buckets.length === 0) return;
      }
      trails.forEach((trail, t) => results.push(...judgeTrail(snapshot, account, trail, `/accounts/${a}/trails/${t}`, source, kindName)));
      buckets.forEach((bucket, b) => results.push(...judgeBucket(snapshot, account, bucket, `/accounts/${a}/buckets/${b}`, source, kindName)));
    });
    // The deciding property is where the finding points (the IaC source maps it to its line).
    return results.map((r) => (typeof r.evidence?.property === "string" ? { ...r, property: r.evidence.property } : r));
  },
});

/** Every verdict on a trail rests on its whole definition: what the file leaves open undecides it. */
function judgeTrail(snapshot: Snapshot, account: Account, trail: Trail, pointer: string, source: Source, kind: string): CheckResult<MessageId>[] {
  const unknowns: UnknownRef[] = [
    ...(trail.$unknown ? [{ cause: trail.$unknown, pointer }] : []),
    ...Object.entries(trail).flatMap(([field, value]) => unknownAt(value, `${pointer}/${field}`)),
  ];
  return judgeTrailDefinition(snapshot, account, trail, pointer, source, kind).map((r) => (unknowns.length > 0 ? { ...r, unknowns } : r));
}

function judgeTrailDefinition(snapshot: Snapshot, account: Account, trail: Trail, pointer: string, source: Source, kind: string): CheckResult<MessageId>[] {
  const homeRegion = trail.HomeRegion ?? trail.TrailARN.split(":")[3] ?? "";
  const base = {
    accountId: account.Id,
    region: homeRegion,
    resource: trail.TrailARN,
    pointer,
  };
  const data: Record<string, DataValue> = { trail: trail.Name, trailArn: trail.TrailARN, homeRegion, kind: `${kind} trail`, name: trail.Name };
  const basic = isUnknown(trail.eventSelectors) ? [] : (trail.eventSelectors ?? []);
  const advanced = isUnknown(trail.advancedEventSelectors) ? [] : (trail.advancedEventSelectors ?? []);
  const problems: CheckResult<MessageId>[] = [];
  const advancedArgument = (selectors: AdvancedEventSelector[]) => shellQuote(JSON.stringify(selectors));

  const multi = isUnknown(trail.IsMultiRegionTrail) ? undefined : trail.IsMultiRegionTrail;
  const global = isUnknown(trail.IncludeGlobalServiceEvents) ? undefined : trail.IncludeGlobalServiceEvents;
  if (multi === true && global === false) {
    problems.push({
      ...base,
      status: "FAIL",
      messageId: "multiRegionNoGlobal",
      data: { ...data, property: PROPERTY.global![source] },
      evidence: { IsMultiRegionTrail: true, IncludeGlobalServiceEvents: false, property: `${pointer}/IncludeGlobalServiceEvents` },
    });
  }
  if (basic.length > 0 && advanced.length > 0) {
    problems.push({
      ...base,
      status: "FAIL",
      messageId: "mixedSelectors",
      data: { ...data, property: PROPERTY.mixed![source], advancedSelectors: advancedArgument([...advanced, ...toAdvancedSelectors(basic)]) },
      evidence: { eventSelectors: basic.length, advancedEventSelectors: advanced.length, property: `${pointer}/advancedEventSelectors` },
    });
  }
  if (basic.length > MAX_EVENT_SELECTORS) {
    problems.push({
      ...base,
      status: "FAIL",
      messageId: "tooManySelectors",
      data: { ...data, count: basic.length, property: PROPERTY.selectors![source], advancedSelectors: advancedArgument(toAdvancedSelectors(basic)) },
      evidence: { eventSelectors: basic.length, maximum: MAX_EVENT_SELECTORS, property: `${pointer}/eventSelectors/${MAX_EVENT_SELECTORS}` },
    });
  }
  const dataResources = countDataResources(basic);
  if (dataResources > MAX_DATA_RESOURCES) {
    problems.push({
      ...base,
      status: "FAIL",
      messageId: "tooManyDataResources",
      data: { ...data, count: dataResources, property: PROPERTY.selectors![source], advancedSelectors: advancedArgument(toAdvancedSelectors(basic)) },
      evidence: { dataResources, maximum: MAX_DATA_RESOURCES, property: `${pointer}/eventSelectors` },
    });
  }
  const advancedValues = countAdvancedValues(advanced);
  if (advancedValues > MAX_ADVANCED_VALUES) {
    problems.push({
      ...base,
      status: "FAIL",
      messageId: "tooManyAdvancedValues",
      data: { ...data, count: advancedValues, property: PROPERTY.advanced![source] },
      evidence: { advancedValues, maximum: MAX_ADVANCED_VALUES, property: `${pointer}/advancedEventSelectors` },
    });
  }
  if (trail.S3BucketName === undefined) {
    problems.push({
      ...base,
      status: "FAIL",
      messageId: "missingRequired",
      data: {
        ...data,
        kind,
        property: "S3BucketName",
        hint: "the bucket CloudTrail delivers log files to",
        command: `aws cloudtrail update-trail --name ${trail.TrailARN} --region ${homeRegion} --s3-bucket-name ${trail.Name.toLowerCase()}-cloudtrail-logs`,
      },
      evidence: { S3BucketName: null, property: pointer },
    });
  }
  if (trail.status !== undefined && !isUnknown(trail.status) && trail.status.IsLogging === undefined) {
    problems.push({
      ...base,
      status: "FAIL",
      messageId: "missingRequired",
      data: {
        ...data,
        kind,
        property: "IsLogging",
        hint: "true to start logging when the stack deploys",
        command: `aws cloudtrail start-logging --name ${trail.TrailARN} --region ${homeRegion}`,
      },
      evidence: { IsLogging: null, property: `${pointer}/status` },
    });
  }
  if (problems.length > 0) return problems;
  const undecided = errorsAbout(account, snapshot, trail.TrailARN, [trail.Name], ["GetTrail", "GetEventSelectors"]);
  if (undecided.length > 0) {
    // The engine turns this into ERROR, naming what the file leaves open.
    return [{ ...base, status: "NOT_APPLICABLE", messageId: "undecided", data, evidence: { undecided: undecided.map((e) => e.message) } }];
  }
  return [
    {
      ...base,
      status: "PASS",
      messageId: "ok",
      data,
      evidence: {
        IsMultiRegionTrail: multi ?? false,
        IncludeGlobalServiceEvents: global ?? true,
        eventSelectors: basic.length,
        advancedEventSelectors: advanced.length,
      },
    },
  ];
}

function judgeBucket(snapshot: Snapshot, account: Account, bucket: Bucket, pointer: string, source: Source, kind: string): CheckResult<MessageId>[] {
  const arn = `arn:${snapshot.partition}:s3:::${bucket.Name}`;
  const base = {
    accountId: bucket.ownerAccountId ?? account.Id,
    ...(typeof bucket.Region === "string" ? { region: bucket.Region } : {}),
    resource: arn,
    pointer,
  };
  const data: Record<string, DataValue> = { bucket: bucket.Name, kind: `${kind} bucket`, name: bucket.Name };
  const unknowns = unknownAt(bucket.objectLockConfiguration, `${pointer}/objectLockConfiguration`);
  if (isUnknown(bucket.objectLockConfiguration)) return [{ ...base, status: "PASS", messageId: "ok", data, unknowns }];
  const lock = bucket.objectLockConfiguration;
  if (lock && lock.ObjectLockEnabled !== "Enabled") {
    const wanted = { ObjectLockEnabled: "Enabled", ...(lock.Rule ? { Rule: lock.Rule } : {}) };
    return [
      {
        ...base,
        status: "FAIL",
        messageId: "objectLockNotEnabled",
        data: { ...data, property: PROPERTY.lock![source], lockConfiguration: shellQuote(JSON.stringify(wanted)) },
        evidence: {
          objectLockConfiguration: lock,
          versioning: isUnknown(bucket.versioning) ? "unknown" : (bucket.versioning?.Status ?? "never enabled"),
          property: `${pointer}/objectLockConfiguration`,
        },
      },
    ];
  }
  const undecided = errorsAbout(account, snapshot, arn, [bucket.Name], ["GetObjectLockConfiguration", "GetBucketVersioning"]);
  if (undecided.length > 0) {
    return [{ ...base, status: "NOT_APPLICABLE", messageId: "undecided", data, evidence: { undecided: undecided.map((e) => e.message) } }];
  }
  return [{ ...base, status: "PASS", messageId: "ok", data, evidence: { objectLockConfiguration: lock ?? null } }];
}
