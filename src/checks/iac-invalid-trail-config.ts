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
//   CloudFormation source leaves out of the trail's status);
// - a trail with CloudWatchLogsLogGroupArn but no CloudWatchLogsRoleArn, or the other way round
//   (CreateTrail: InvalidCloudWatchLogsRoleArnException / InvalidCloudWatchLogsLogGroupArnException);
// - a bucket ACL that grants anyone but the owner on a bucket whose Object Ownership is
//   BucketOwnerEnforced (S3's default for new buckets since April 2023:
//   InvalidBucketAclWithObjectOwnership, or AccessControlListNotSupported for Terraform's
//   aws_s3_bucket_acl), and a public ACL under BlockPublicAcls (AccessDenied); see lib/deploy-rules.ts;
// - two buckets of the file with the same name (bucket names are global: the second is refused);
// - CloudFormation only, from snapshot.source.templateValidation (facts about the template's text
//   that the source records, src/sources/cloudformation/template-problems.ts): properties that do
//   not fit the CloudFormation resource schema (unknown, wrong shape, required but missing, a value
//   not allowed) and `${...}` template references left outside Fn::Sub where AWS refuses them.
// Reads the trail fields IsMultiRegionTrail, IncludeGlobalServiceEvents (GetTrail), eventSelectors and
// advancedEventSelectors (GetEventSelectors), and the bucket's objectLockConfiguration
// (GetObjectLockConfiguration) and versioning (GetBucketVersioning), the trail's
// CloudWatchLogs*Arn, and the bucket's acl, ownershipControls and publicAccessBlock.
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
import { aclName, duplicateNames, nonOwnerGrants, ownershipOf, publicGrants } from "./lib/deploy-rules.js";
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
  | "missingRequired"
  | "cloudWatchLogsIncomplete"
  | "aclWithOwnerEnforced"
  | "publicAclBlocked"
  | "duplicateBucketName"
  | "templateOk"
  | "unknownProperty"
  | "wrongType"
  | "requiredProperty"
  | "valueNotAllowed"
  | "unsubstitutedReference";

/** What a PASS says was checked, per kind of resource (each is one FAIL messageId). */
const TRAIL_RULES = [
  "multi-region without global service events",
  "more than 5 event selectors",
  "more than 250 data resources",
  "more than 500 advanced selector values",
  "basic and advanced selectors together",
  "a required property missing",
  "a CloudWatch Logs log group without its role or the other way round",
];
const BUCKET_RULES = [
  "Object Lock configuration without Object Lock",
  "an ACL under BucketOwnerEnforced",
  "a public ACL under BlockPublicAcls",
  "a bucket name used twice",
];

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
  cloudWatchLogs: { cloudformation: "CloudWatchLogsLogGroupArn|CloudWatchLogsRoleArn", terraform: "cloud_watch_logs_group_arn|cloud_watch_logs_role_arn" },
  acl: { cloudformation: "AccessControl", terraform: "aws_s3_bucket_acl" },
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
    // No rule depends on the region the trail is deployed to (an open HomeRegion).
    (e) =>
      operations.includes(e.operation) &&
      e.field !== "HomeRegion" &&
      e.resource !== undefined &&
      (e.resource === resource || names.includes(e.resource) || arn(e.resource) === resource),
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
      { service: "s3", operation: "GetBucketAcl" },
      { service: "s3", operation: "GetBucketOwnershipControls" },
      { service: "s3", operation: "GetPublicAccessBlock" },
    ],
    messages: {
      ok: "{{kind}} {{name}}: none of the {{count}} {{what}} settings AWS rejects at deploy time ({{rules}}){{shapes}}.",
      templateOk:
        "Property shapes of {{count}} resources checked against the CloudFormation resource schema ({{schema}}): no unknown " +
        "property, wrong shape, missing required property or value outside the allowed ones, and no ${...} template reference " +
        "left outside Fn::Sub where AWS refuses it.",
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
      cloudWatchLogsIncomplete:
        "Trail {{trail}} sets {{given}} without {{missing}}: CloudTrail delivers to CloudWatch Logs only with both, and " +
        "rejects the trail ({{awsError}}), so the deployment fails.",
      aclWithOwnerEnforced:
        "Bucket {{bucket}} sets the {{acl}} ACL ({{property}}) while its Object Ownership is BucketOwnerEnforced " +
        "({{ownershipSource}}), which disables ACLs: S3 refuses the ACL ({{awsError}}), so the deployment fails.",
      publicAclBlocked:
        "Bucket {{bucket}} sets the public {{acl}} ACL ({{property}}) while Block Public Access blocks public ACLs " +
        "(BlockPublicAcls {{blockSource}}): S3 refuses it (AccessDenied), so the deployment fails.",
      duplicateBucketName:
        "Bucket {{bucket}} is defined twice in this file (the first at {{first}}): bucket names are global, so the second " +
        "definition cannot create a bucket of its own ({{awsError}}).",
      unknownProperty: "{{message}}: CloudFormation rejects the resource ({{awsError}}), so the deployment fails.",
      wrongType: "{{message}}: CloudFormation rejects the resource ({{awsError}}), so the deployment fails.",
      requiredProperty: "{{message}}: CloudFormation rejects the resource ({{awsError}}), so the deployment fails.",
      valueNotAllowed: "{{message}}: CloudFormation rejects the resource ({{awsError}}), so the deployment fails.",
      unsubstitutedReference: "{{message}} ({{awsError}}), so the deployment fails.",
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
      cloudWatchLogsIncomplete: {
        text:
          "Set {{missing}} on trail {{trail}} ({{hint}}), or remove {{given}}. For a trail that already exists " +
          "(fill in the {{placeholder}}):",
        cli: ["aws cloudtrail update-trail --name {{trailArn}} --region {{homeRegion}} --cloud-watch-logs-log-group-arn {{logGroupArn}} --cloud-watch-logs-role-arn {{roleArn}}"],
        cloudformation: {
          text: "Set both CloudWatch Logs properties on trail {{trail}} in the file ({{hint}}), or remove {{given}}.",
          properties: { CloudWatchLogsLogGroupArn: "{{logGroupArn}}", CloudWatchLogsRoleArn: "{{roleArn}}" },
        },
        terraform: {
          text: "Set both CloudWatch Logs arguments on trail {{trail}} in the file ({{hint}}), or remove {{given}}.",
          snippet: ["# in resource {{resourceId}}:", 'cloud_watch_logs_group_arn = "{{logGroupArn}}"', 'cloud_watch_logs_role_arn  = "{{roleArn}}"'],
        },
      },
      aclWithOwnerEnforced: {
        text: "{{fix}} For a bucket that already exists:",
        cli: ["aws s3api put-bucket-ownership-controls --bucket {{bucket}} --ownership-controls 'Rules=[{ObjectOwnership=ObjectWriter}]'"],
        cloudformation: { text: "{{fix}}", properties: { OwnershipControls: { Rules: [{ ObjectOwnership: "ObjectWriter" }] } } },
        terraform: {
          text: "{{fix}}",
          snippet: ['resource "aws_s3_bucket_ownership_controls" "{{resourceName}}" {', "  bucket = {{resourceId}}.id", "  rule {", '    object_ownership = "ObjectWriter"', "  }", "}"],
        },
      },
      publicAclBlocked: {
        text: "{{fix}} For a bucket that already exists, the private ACL:",
        cli: ["aws s3api put-bucket-acl --bucket {{bucket}} --acl private"],
        cloudformation: { text: "{{fix}}", properties: { AccessControl: "Private" } },
        terraform: { text: "{{fix}}", snippet: ["# in the aws_s3_bucket_acl of {{resourceId}}:", 'acl = "private"'] },
      },
      duplicateBucketName: {
        text: "{{fix}}",
        cloudformation: { text: "{{fix}}", properties: { BucketName: "<another-globally-unique-name>" } },
        terraform: { text: "{{fix}}", snippet: ["# in resource {{resourceId}}:", 'bucket = "<another-globally-unique-name>"'] },
      },
      unknownProperty: { text: "{{fix}}" },
      wrongType: { text: "{{fix}}" },
      requiredProperty: { text: "{{fix}}" },
      valueNotAllowed: { text: "{{fix}}" },
      unsubstitutedReference: { text: "{{fix}}" },
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
    // Facts about the template's text (CloudFormation only): each is a FAIL on the trail or bucket
    // it belongs to, else on its own.
    const validation = source === "cloudformation" ? snapshot.source?.templateValidation : undefined;
    const templateFails = (validation?.problems ?? []).map((p, i): { target?: string; result: CheckResult<MessageId> } => ({
      ...(p.target !== undefined ? { target: p.target } : {}),
      result: {
        status: "FAIL",
        messageId: p.code,
        accountId: snapshot.accounts[0]?.Id ?? "",
        pointer: p.target ?? `/source/templateValidation/problems/${i}`,
        property: `/source/templateValidation/problems/${i}`,
        data: { message: p.message, awsError: p.awsError, fix: p.fix },
        evidence: { resource: p.resource, type: p.type, templateProperty: p.property, code: p.code },
      },
    }));
    const claimed = new Set<number>();
    const templateFailsOf = (pointer: string) =>
      templateFails.flatMap((f, i) => {
        if (f.target !== pointer) return [];
        claimed.add(i);
        return [f.result];
      });
    const shapes = validation ? "; its properties match the CloudFormation resource schema" : "";

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
      if ((trails.length === 0 && buckets.length === 0 && templateFails.length === 0) || lists.length > 0) {
        // A list that is not known may hold what AWS rejects: an ERROR stands in for it.
        results.push({ status: "NOT_APPLICABLE", messageId: "none", accountId, pointer: `/accounts/${a}`, unknowns: lists });
        if (trails.length === 0 && buckets.length === 0) return;
      }
      trails.forEach((trail, t) => {
        const pointer = `/accounts/${a}/trails/${t}`;
        results.push(...withTemplateFails(judgeTrail(snapshot, account, trail, pointer, source, kindName, shapes), templateFailsOf(pointer)));
      });
      const duplicates = duplicateNames(buckets);
      buckets.forEach((bucket, b) => {
        const pointer = `/accounts/${a}/buckets/${b}`;
        const first = duplicates.get(b);
        const duplicate = first === undefined ? undefined : { pointer: `/accounts/${a}/buckets/${first}`, bucket: buckets[first]! };
        results.push(...withTemplateFails(judgeBucket(snapshot, account, bucket, pointer, source, kindName, shapes, duplicate), templateFailsOf(pointer)));
      });
    });
    // Problems of resources that are no trail or bucket (alarms, log groups, keys, policies).
    results.push(...templateFails.filter((_f, i) => !claimed.has(i)).map((f) => f.result));
    if (validation && validation.problems.length === 0 && snapshot.accounts.length > 0) {
      results.push({
        status: "PASS",
        messageId: "templateOk",
        accountId: snapshot.accounts[0]!.Id,
        pointer: "/accounts/0",
        data: { count: validation.resources, schema: validation.schema },
        evidence: { resources: validation.resources, schema: validation.schema },
      });
    }
    // The deciding property is where the finding points (the IaC source maps it to its line).
    return results.map((r) => (typeof r.evidence?.property === "string" ? { ...r, property: r.evidence.property } : r));
  },
});

/** Every verdict on a trail rests on its whole definition: what the file leaves open undecides it. */
/** A resource's own results with its template problems: those replace a PASS. */
function withTemplateFails(own: CheckResult<MessageId>[], fails: CheckResult<MessageId>[]): CheckResult<MessageId>[] {
  if (fails.length === 0) return own;
  return [...own.filter((r) => r.status !== "PASS"), ...fails];
}

function judgeTrail(snapshot: Snapshot, account: Account, trail: Trail, pointer: string, source: Source, kind: string, shapes: string): CheckResult<MessageId>[] {
  const unknowns: UnknownRef[] = [
    ...(trail.$unknown ? [{ cause: trail.$unknown, pointer }] : []),
    // No rule depends on the region the trail is deployed to.
    ...Object.entries(trail).flatMap(([field, value]) => (field === "HomeRegion" ? [] : unknownAt(value, `${pointer}/${field}`))),
  ];
  return judgeTrailDefinition(snapshot, account, trail, pointer, source, kind, shapes).map((r) => (unknowns.length > 0 ? { ...r, unknowns } : r));
}

function judgeTrailDefinition(snapshot: Snapshot, account: Account, trail: Trail, pointer: string, source: Source, kind: string, shapes: string): CheckResult<MessageId>[] {
  const homeRegion = typeof trail.HomeRegion === "string" ? trail.HomeRegion : (trail.TrailARN.split(":")[3] ?? "");
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
  const group = trail.CloudWatchLogsLogGroupArn;
  const role = trail.CloudWatchLogsRoleArn;
  if (!isUnknown(group) && !isUnknown(role)) {
    const hasGroup = typeof group === "string" && group !== "";
    const hasRole = typeof role === "string" && role !== "";
    if (hasGroup !== hasRole) {
      const [groupName, roleName] = PROPERTY.cloudWatchLogs![source].split("|") as [string, string];
      problems.push({
        ...base,
        status: "FAIL",
        messageId: "cloudWatchLogsIncomplete",
        data: {
          ...data,
          given: hasGroup ? groupName : roleName,
          missing: hasGroup ? roleName : groupName,
          awsError: hasGroup ? "InvalidCloudWatchLogsRoleArnException" : "InvalidCloudWatchLogsLogGroupArnException",
          hint: hasGroup
            ? "a role that cloudtrail.amazonaws.com can assume, allowed logs:CreateLogStream and logs:PutLogEvents on the log group"
            : "the ARN of the log group CloudTrail delivers to, arn:<partition>:logs:<region>:<account>:log-group:<name>:*",
          placeholder: hasGroup ? "<role-arn>" : "<log-group-arn>",
          logGroupArn: hasGroup ? (group as string) : "<log-group-arn>",
          roleArn: hasRole ? (role as string) : "<role-arn>",
        },
        evidence: {
          CloudWatchLogsLogGroupArn: hasGroup ? group : null,
          CloudWatchLogsRoleArn: hasRole ? role : null,
          property: `${pointer}/${hasGroup ? "CloudWatchLogsLogGroupArn" : "CloudWatchLogsRoleArn"}`,
        },
      });
    }
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
      data: { ...data, count: TRAIL_RULES.length, what: "trail", rules: TRAIL_RULES.join("; "), shapes },
      evidence: {
        IsMultiRegionTrail: multi ?? false,
        IncludeGlobalServiceEvents: global ?? true,
        eventSelectors: basic.length,
        advancedEventSelectors: advanced.length,
      },
    },
  ];
}

/** How each source spells what decides the bucket rules. */
const BUCKET_WORDS: Record<Source, { ownership: string; block: string; aclFix: string; publicFix: string; duplicateFix: string; duplicateError: string }> = {
  cloudformation: {
    ownership: "S3's default for a new bucket unless OwnershipControls says otherwise",
    block: "S3's default for a new bucket unless PublicAccessBlockConfiguration turns it off",
    aclFix:
      "Remove AccessControl from bucket {{bucket}} (CloudTrail and S3 server access logging deliver through the bucket policy, " +
      "without ACLs), or keep it and add OwnershipControls: { Rules: [{ ObjectOwnership: ObjectWriter }] } (or BucketOwnerPreferred) to the bucket.",
    publicFix:
      "Remove the public AccessControl from bucket {{bucket}} and grant readers through the bucket policy (a bucket of CloudTrail logs " +
      "must not be public), or, for a bucket meant to be public, set PublicAccessBlockConfiguration with BlockPublicAcls: false.",
    duplicateFix:
      "Give one of the two buckets another BucketName (or leave BucketName out so that CloudFormation generates a unique one), or remove the second definition.",
    duplicateError: "CloudFormation: <name> already exists",
  },
  terraform: {
    ownership: "S3's default for a new bucket unless an aws_s3_bucket_ownership_controls says otherwise",
    block: "S3's default for a new bucket unless an aws_s3_bucket_public_access_block turns it off",
    aclFix:
      "Remove the aws_s3_bucket_acl of bucket {{bucket}} (CloudTrail and S3 server access logging deliver through the bucket policy, " +
      'without ACLs), or add an aws_s3_bucket_ownership_controls with rule { object_ownership = "ObjectWriter" } (or BucketOwnerPreferred) ' +
      "and give the aws_s3_bucket_acl depends_on = [that resource].",
    publicFix:
      "Remove the public ACL of bucket {{bucket}} and grant readers through the bucket policy (a bucket of CloudTrail logs must not be " +
      "public), or, for a bucket meant to be public, set block_public_acls = false in its aws_s3_bucket_public_access_block.",
    duplicateFix: "Give one of the two aws_s3_bucket resources another bucket (or use bucket_prefix), or remove the second one.",
    duplicateError: "BucketAlreadyOwnedByYou; in us-east-1 S3 answers 200 OK instead, and both resources then manage one bucket",
  },
};

function judgeBucket(
  snapshot: Snapshot,
  account: Account,
  bucket: Bucket,
  pointer: string,
  source: Source,
  kind: string,
  shapes: string,
  duplicate: { pointer: string; bucket: Bucket } | undefined,
): CheckResult<MessageId>[] {
  const arn = `arn:${snapshot.partition}:s3:::${bucket.Name}`;
  const base = {
    accountId: bucket.ownerAccountId ?? account.Id,
    ...(typeof bucket.Region === "string" ? { region: bucket.Region } : {}),
    resource: arn,
    pointer,
  };
  const words = BUCKET_WORDS[source];
  const fill = (text: string) => text.replace(/\{\{bucket\}\}/g, bucket.Name);
  const data: Record<string, DataValue> = { bucket: bucket.Name, kind: `${kind} bucket`, name: bucket.Name };
  const problems: CheckResult<MessageId>[] = [];
  const unknowns: UnknownRef[] = [];

  // Object Lock configuration without Object Lock.
  const lockValue = bucket.objectLockConfiguration;
  unknowns.push(...unknownAt(lockValue, `${pointer}/objectLockConfiguration`));
  const lock = isUnknown(lockValue) ? undefined : lockValue;
  if (lock && lock.ObjectLockEnabled !== "Enabled") {
    const wanted = { ObjectLockEnabled: "Enabled", ...(lock.Rule ? { Rule: lock.Rule } : {}) };
    problems.push({
      ...base,
      status: "FAIL",
      messageId: "objectLockNotEnabled",
      data: { ...data, property: PROPERTY.lock![source], lockConfiguration: shellQuote(JSON.stringify(wanted)) },
      evidence: {
        objectLockConfiguration: lock,
        versioning: isUnknown(bucket.versioning) ? "unknown" : (bucket.versioning?.Status ?? "never enabled"),
        property: `${pointer}/objectLockConfiguration`,
      },
    });
  }

  // The ACL against Object Ownership and Block Public Access.
  if (isUnknown(bucket.acl)) unknowns.push(...unknownAt(bucket.acl, `${pointer}/acl`));
  const grants = isUnknown(bucket.acl) ? [] : (bucket.acl?.Grants ?? []);
  if (nonOwnerGrants(grants).length > 0) {
    if (isUnknown(bucket.ownershipControls)) unknowns.push(...unknownAt(bucket.ownershipControls, `${pointer}/ownershipControls`));
    else if (ownershipOf(bucket) === "BucketOwnerEnforced") {
      problems.push({
        ...base,
        status: "FAIL",
        messageId: "aclWithOwnerEnforced",
        data: {
          ...data,
          acl: aclName(grants),
          property: PROPERTY.acl![source],
          ownershipSource: words.ownership,
          awsError:
            source === "cloudformation"
              ? "InvalidBucketAclWithObjectOwnership: Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting"
              : "AccessControlListNotSupported: The bucket does not allow ACLs",
          fix: fill(words.aclFix),
        },
        evidence: { grants: nonOwnerGrants(grants), ObjectOwnership: "BucketOwnerEnforced", property: `${pointer}/acl` },
      });
    }
  }
  if (publicGrants(grants).length > 0) {
    if (isUnknown(bucket.publicAccessBlock)) unknowns.push(...unknownAt(bucket.publicAccessBlock, `${pointer}/publicAccessBlock`));
    else if (bucket.publicAccessBlock?.BlockPublicAcls === true) {
      problems.push({
        ...base,
        status: "FAIL",
        messageId: "publicAclBlocked",
        data: { ...data, acl: aclName(grants), property: PROPERTY.acl![source], blockSource: `is true: ${words.block}`, fix: fill(words.publicFix) },
        evidence: { grants: publicGrants(grants), BlockPublicAcls: true, property: `${pointer}/acl` },
      });
    }
  }

  // A bucket name the file uses twice: the second definition is refused.
  if (duplicate) {
    const existence = [
      ...errorsAbout(account, snapshot, arn, [bucket.Name], ["GetBucketLocation"]),
      ...errorsAbout(account, snapshot, `arn:${snapshot.partition}:s3:::${duplicate.bucket.Name}`, [duplicate.bucket.Name], ["GetBucketLocation"]),
    ];
    if (existence.length === 0) {
      problems.push({
        ...base,
        status: "FAIL",
        messageId: "duplicateBucketName",
        data: { ...data, first: duplicate.pointer, awsError: words.duplicateError.replace("<name>", bucket.Name), fix: words.duplicateFix },
        evidence: { Name: bucket.Name, first: duplicate.pointer },
      });
    }
  }

  if (problems.length > 0) return problems;
  const undecided = errorsAbout(account, snapshot, arn, [bucket.Name], [
    "GetObjectLockConfiguration",
    "GetBucketVersioning",
    "GetBucketAcl",
    "GetBucketOwnershipControls",
    "GetPublicAccessBlock",
    ...(duplicate ? ["GetBucketLocation"] : []),
  ]);
  if (undecided.length > 0 && unknowns.length === 0) {
    return [{ ...base, status: "NOT_APPLICABLE", messageId: "undecided", data, evidence: { undecided: undecided.map((e) => e.message) } }];
  }
  return [
    {
      ...base,
      status: "PASS",
      messageId: "ok",
      data: { ...data, count: BUCKET_RULES.length, what: "bucket", rules: BUCKET_RULES.join("; "), shapes },
      evidence: { objectLockConfiguration: lock ?? null },
      ...(unknowns.length > 0 ? { unknowns } : {}),
    },
  ];
}
