// CloudFormation template -> IacModel (the snapshot's resources with their file positions).
//
// Mapped resource types and what they become (AWS API field names, as the snapshot keeps them):
// - AWS::CloudTrail::Trail -> trail: TrailName (else <stack>-<logicalId>) -> Name, TrailARN built like
//   AWS's (arn:<partition>:cloudtrail:<region>:<account>:trail/<Name>); IncludeGlobalServiceEvents
//   (default true), IsMultiRegionTrail (false), IsOrganizationTrail (false), EnableLogFileValidation
//   -> LogFileValidationEnabled (false), S3BucketName, S3KeyPrefix, SnsTopicName, KMSKeyId -> KmsKeyId,
//   CloudWatchLogs*Arn, IsLogging -> status.IsLogging, EventSelectors (defaults ReadWriteType All,
//   IncludeManagementEvents true; none and no AdvancedEventSelectors = AWS's default selector: all
//   management events), AdvancedEventSelectors, InsightSelectors, Tags.
// - AWS::S3::Bucket -> bucket: BucketName (else <stack>-<logicalid>, lowercased, as CloudFormation
//   generates it at deploy time but without the random suffix), Region = the stack's region, ownerAccountId = the account;
//   ObjectLockEnabled + ObjectLockConfiguration -> objectLockConfiguration (null when neither; a
//   configuration without ObjectLockEnabled: true keeps its Rule but no ObjectLockEnabled, which is
//   what AWS rejects); VersioningConfiguration -> versioning ({} when absent; Enabled when Object
//   Lock is on, as S3 turns it on); PublicAccessBlockConfiguration -> publicAccessBlock (all four
//   true when absent: S3's default for new buckets; false for each field left out of a given
//   configuration); OwnershipControls -> ownershipControls (BucketOwnerEnforced when absent, S3's
//   default for new buckets); AccessControl -> acl (the canned ACL's grants; private when absent);
//   Tags; LoggingConfiguration -> logging (GetBucketLogging shape); BucketEncryption
//   -> encryption (GetBucketEncryption shape; SSE-S3 when absent, S3's default).
// - AWS::S3::BucketPolicy -> the policy of the bucket its `Bucket` names (by Ref or by name); each
//   value of the PolicyDocument the file does not decide is a hole (../policy-holes.ts); a document
//   undecided as a whole becomes the worst case (see stand-ins.ts).
// - AWS::Logs::LogGroup -> logGroup; AWS::Logs::MetricFilter -> metricFilters of its group.
// - AWS::Organizations::Policy of type SERVICE_CONTROL_POLICY -> organization.serviceControlPolicies.
// - AWS::CloudWatch::Alarm -> alarm (DescribeAlarms MetricAlarms shape; the properties have the API's
//   names): AlarmName (else <stack>-<logicalId>), AlarmArn built like AWS's
//   (arn:<partition>:cloudwatch:<region>:<account>:alarm:<AlarmName>), region = the stack's region;
//   AWS's defaults for what is left out: ActionsEnabled true, no OK/ALARM/INSUFFICIENT_DATA actions,
//   no Dimensions, TreatMissingData missing. Metrics (metric math) are kept as written.
// - AWS::KMS::Key -> kmsKey: a synthesized ARN arn:<partition>:kms:<region>:<account>:key/<logicalId>
//   (KeyId = the logical id; the real key id is assigned at deploy time), which both `!Ref Key` and
//   `!GetAtt Key.Arn` resolve to (GetTrail reports a trail's key as its ARN, whatever the template
//   wrote); KeyPolicy -> policy (AWS's default key policy, the account root may use the key, when
//   absent), EnableKeyRotation -> rotationEnabled (false; null for a key that cannot rotate: not
//   SYMMETRIC_DEFAULT, or Origin EXTERNAL), Enabled -> KeyMetadata.Enabled and KeyState (true), KeySpec,
//   KeyUsage, MultiRegion, Origin (AWS_KMS), Description; KeyManager CUSTOMER.
// - AWS::KMS::Alias -> nothing of its own: a trail's KMSKeyId naming the alias (alias/<name>, its ARN,
//   or `!Ref Alias`) is the ARN of the key its TargetKeyId names.
// - A trail's KMSKeyId that names no key of the file gets an Unresolved error on kms:DescribeKey about
//   that key ("the key is not defined in this file"), at the KMSKeyId property.
//
// A resource whose Condition is false is left out; one whose Condition cannot be decided is left
// out with an Unresolved error on the read that lists it (DescribeTrails, GetBucketPolicy, ...).
import type {
  AdvancedEventSelector,
  Bucket,
  CollectionError,
  EventSelector,
  KmsKey,
  KmsKeyMetadata,
  LogGroup,
  MetricAlarm,
  ObjectLockConfiguration,
  PolicyDocument,
  PolicyTarget,
  ServiceControlPolicy,
  Tag,
  Trail,
} from "../../model/snapshot.js";
import { InputError } from "../../util/errors.js";
import { describeErrors, schemaValidator } from "../../util/schemas.js";
import type { IacContext, IacModel, IacResource, LocatedError, Location, Mapped } from "../iac.js";
import type { ParsedSource, Pos } from "./document.js";
import { cannedAcl } from "../s3-acl.js";
import { worstCasePolicy } from "./stand-ins.js";
import { holeErrors, nearestPart, policyHoles } from "../policy-holes.js";
import { firstUnresolved, NO_VALUE, Resolver, Unresolved, type Environment, type TemplateSections } from "./intrinsics.js";
import { isRecord, type Dict } from "../../util/records.js";

export function isCloudFormationTemplate(value: unknown): boolean {
  return isRecord(value) && ("Resources" in value || "AWSTemplateFormatVersion" in value);
}

/** Converters: undefined = absent, Unresolved = unknown, else the value. */
function toBool(value: unknown): boolean | Unresolved | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Unresolved) return value;
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  return firstUnresolved(value) ?? new Unresolved(JSON.stringify(value), "not a boolean");
}

function toStr(value: unknown): string | Unresolved | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Unresolved) return value;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return firstUnresolved(value) ?? new Unresolved(JSON.stringify(value), "not a string");
}

function toInt(value: unknown): number | Unresolved | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Unresolved) return value;
  const n = typeof value === "number" ? value : typeof value === "string" && /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) ? n : (firstUnresolved(value) ?? new Unresolved(JSON.stringify(value), "not an integer"));
}

/** A number as a template writes it (3, "0.5"); anything else that is decided is kept as written for the schema to reject. */
function toNumber(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Unresolved) return value;
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value)) return Number(value);
  return firstUnresolved(value) ?? value;
}

/** A resolved value with each Unresolved marker replaced by its placeholder text. */
function withPlaceholders(value: unknown): unknown {
  if (value instanceof Unresolved) return value.placeholder;
  if (Array.isArray(value)) return value.map(withPlaceholders);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withPlaceholders(v)]));
  return value;
}

function toList(value: unknown): unknown[] | Unresolved | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Unresolved) return value;
  if (Array.isArray(value)) return value;
  return new Unresolved(JSON.stringify(value), "not a list");
}

/**
 * The name of a bucket without BucketName: CloudFormation generates <stack>-<logicalid>-<random>,
 * lowercased; without the random part it is stable from run to run.
 */
function generatedBucketName(stackName: string, logicalId: string): string {
  let name = `${stackName}-${logicalId}`.toLowerCase().replace(/[^a-z0-9.-]+/g, "-").replace(/^[-.]+/, "").slice(0, 63).replace(/[-.]+$/, "");
  if (name.length < 3) name = `${name}-bucket`;
  return name;
}

interface Resource {
  id: string;
  type: string;
  raw: Dict;
  /** Raw Properties object (for positions). */
  rawProps: Dict;
  /** Resolved Properties. */
  props: Dict;
  location: Location;
  cdkPath?: string;
}

export function mapCloudFormation(source: ParsedSource, context: IacContext): IacModel {
  const { file } = context;
  const template = source.value;
  if (!isCloudFormationTemplate(template)) {
    throw new InputError(
      `${file}: not a CloudFormation template (no Resources section) nor a Terraform plan (no format_version)`,
      file,
    );
  }
  const at = (pos: Pos | undefined): Location => ({ file, startLine: pos?.line ?? 1, startColumn: pos?.column ?? 1 });
  validateTemplate(template, source, file, at);
  const t = template as Dict;

  const sections: TemplateSections = {
    Parameters: isRecord(t.Parameters) ? t.Parameters : {},
    Mappings: isRecord(t.Mappings) ? t.Mappings : {},
    Conditions: isRecord(t.Conditions) ? t.Conditions : {},
    Resources: t.Resources as Dict,
  };
  const accountId = context.accountId ?? context.defaults.accountId;
  const region = context.region ?? context.defaults.region;
  const partition = context.partition;
  const collectedAt = context.collectedAt ?? context.defaults.collectedAt;
  const stackName = context.stackName ?? context.baseName;
  const positions = source.positions;

  // Physical names and attributes of the template's own resources.
  const nameMemo = new Map<string, string | Unresolved>();
  const naming = new Set<string>();
  const resourceType = (id: string): string | undefined => {
    const r = sections.Resources[id];
    return isRecord(r) && typeof r.Type === "string" ? r.Type : undefined;
  };
  const property = (id: string, name: string): unknown => {
    const r = sections.Resources[id];
    const props = isRecord(r) && isRecord(r.Properties) ? r.Properties : {};
    return name in props ? resolver.resolve(props[name]) : undefined;
  };
  const nameOf = (id: string): string | Unresolved => {
    const memo = nameMemo.get(id);
    if (memo !== undefined) return memo;
    if (naming.has(id)) return new Unresolved(`!Ref ${id}`, "circular reference");
    naming.add(id);
    const type = resourceType(id);
    const given = (key: string): string | Unresolved | undefined => {
      const v = property(id, key);
      return v === NO_VALUE ? undefined : toStr(v);
    };
    let name: string | Unresolved;
    switch (type) {
      case "AWS::S3::Bucket": {
        const n = given("BucketName");
        name = typeof n === "string" ? n : generatedBucketName(stackName, id);
        break;
      }
      case "AWS::CloudTrail::Trail": {
        const n = given("TrailName");
        name = typeof n === "string" ? n : `${stackName}-${id}`;
        break;
      }
      case "AWS::Logs::LogGroup": {
        const n = given("LogGroupName");
        name = typeof n === "string" ? n : `${stackName}-${id}`;
        break;
      }
      case "AWS::CloudWatch::Alarm": {
        const n = given("AlarmName");
        name = typeof n === "string" ? n : `${stackName}-${id}`;
        break;
      }
      case "AWS::IAM::Role": {
        const n = given("RoleName");
        name = typeof n === "string" ? n : `${stackName}-${id}`;
        break;
      }
      case "AWS::SNS::Topic": {
        const n = given("TopicName");
        name = typeof n === "string" ? n : `${stackName}-${id}`;
        break;
      }
      case "AWS::KMS::Key":
        name = id;
        break;
      case "AWS::KMS::Alias": {
        const n = given("AliasName");
        name = n ?? new Unresolved(`!Ref ${id}`, "AWS::KMS::Alias without AliasName");
        break;
      }
      case "AWS::Organizations::Policy":
        name = `p-${id.toLowerCase().replace(/[^a-z0-9_]/g, "").slice(0, 60) || "policy"}`;
        break;
      case "AWS::Organizations::OrganizationalUnit":
        name = `ou-0000-${id.toLowerCase().replace(/[^a-z0-9]/g, "").slice(0, 32) || "unit"}`;
        break;
      default:
        name = new Unresolved(`!Ref ${id}`, `the physical id of ${type ?? "resource"} ${id} is assigned at deploy time`);
    }
    naming.delete(id);
    nameMemo.set(id, name);
    return name;
  };
  const logGroupArn = (name: string) => `arn:${partition}:logs:${region}:${accountId}:log-group:${name}:*`;
  const trailArn = (name: string) => `arn:${partition}:cloudtrail:${region}:${accountId}:trail/${name}`;
  const alarmArn = (name: string) => `arn:${partition}:cloudwatch:${region}:${accountId}:alarm:${name}`;
  const keyArn = (keyId: string) => `arn:${partition}:kms:${region}:${accountId}:key/${keyId}`;
  const env: Environment = {
    accountId,
    region,
    partition,
    stackName,
    parameters: context.parameters,
    imports: context.imports,
    ref(id) {
      const type = resourceType(id);
      if (type === undefined) return undefined;
      const name = nameOf(id);
      if (type === "AWS::SNS::Topic" && typeof name === "string") return `arn:${partition}:sns:${region}:${accountId}:${name}`;
      // The key id proper is assigned at deploy time: the synthesized ARN stands for the key.
      if (type === "AWS::KMS::Key" && typeof name === "string") return keyArn(name);
      return name;
    },
    getAtt(id, attribute) {
      const type = resourceType(id);
      if (type === undefined) return undefined;
      const unknown = new Unresolved(`!GetAtt ${id}.${attribute}`, `${type} attribute ${attribute} is known only after deployment`);
      const name = nameOf(id);
      if (name instanceof Unresolved) return name;
      switch (`${type}.${attribute}`) {
        case "AWS::S3::Bucket.Arn":
          return `arn:${partition}:s3:::${name}`;
        case "AWS::S3::Bucket.DomainName":
          return `${name}.s3.${partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"}`;
        case "AWS::S3::Bucket.RegionalDomainName":
          return `${name}.s3.${region}.${partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"}`;
        case "AWS::CloudTrail::Trail.Arn":
          return trailArn(name);
        case "AWS::Logs::LogGroup.Arn":
          return logGroupArn(name);
        case "AWS::CloudWatch::Alarm.Arn":
          return alarmArn(name);
        case "AWS::IAM::Role.Arn": {
          const path = toStr(property(id, "Path"));
          return `arn:${partition}:iam::${accountId}:role${typeof path === "string" ? path : "/"}${name}`;
        }
        case "AWS::SNS::Topic.TopicArn":
          return `arn:${partition}:sns:${region}:${accountId}:${name}`;
        case "AWS::SNS::Topic.TopicName":
          return name;
        case "AWS::Organizations::Policy.Id":
          return name;
        case "AWS::KMS::Key.Arn":
          return keyArn(name);
        case "AWS::KMS::Key.KeyId":
          return name;
        default:
          return unknown;
      }
    },
  };
  // Declared after the closures above, which run only once it exists.
  const resolver = new Resolver(sections, env);

  const errors: LocatedError[] = [];
  const organizationErrors: LocatedError[] = [];
  const unmapped: IacResource[] = [];
  const trails: Mapped<Trail>[] = [];
  const buckets: Mapped<Bucket>[] = [];
  const logGroups: Mapped<LogGroup>[] = [];
  const alarms: Mapped<MetricAlarm>[] = [];
  const scps: Mapped<ServiceControlPolicy>[] = [];
  const kmsKeys: Mapped<KmsKey>[] = [];
  const pendingAliases: Resource[] = [];
  const trailResources = new Map<Mapped<Trail>, Resource>();
  const pendingPolicies: Resource[] = [];
  const pendingFilters: Resource[] = [];
  let organizationDeclared = false;

  /** Records that `what` of resource `r` is not decided by the file, at the line that sets it. */
  const unresolvedError = (
    r: Resource,
    service: string,
    operation: string,
    resource: string | undefined,
    what: string,
    u: Unresolved,
    target: LocatedError[] = errors,
    location: Location = what in r.rawProps ? propAt(r, what) : r.location,
    field?: string,
  ) => {
    const error: CollectionError = {
      service,
      operation,
      region,
      ...(resource !== undefined ? { resource } : {}),
      ...(field !== undefined ? { field } : {}),
      code: "Unresolved",
      message: `${r.id} (${r.type}) ${what} is ${u.expr}: ${u.reason}; cannot be decided from this file`,
    };
    target.push({ error, location });
  };

  const resourcesDict = sections.Resources;
  for (const id of Object.keys(resourcesDict)) {
    const raw = resourcesDict[id] as Dict;
    const type = raw.Type as string;
    if (!MAPPED_TYPES.has(type)) continue;
    const rawProps = isRecord(raw.Properties) ? raw.Properties : {};
    const resolvedProps = resolver.resolve(raw.Properties ?? {});
    const metadata = isRecord(raw.Metadata) ? raw.Metadata : {};
    const r: Resource = {
      id,
      type,
      raw,
      rawProps,
      props: isRecord(resolvedProps) ? resolvedProps : {},
      location: at(positions.key(resourcesDict, id)),
      ...(typeof metadata["aws:cdk:path"] === "string" ? { cdkPath: metadata["aws:cdk:path"] } : {}),
    };
    if (type === "AWS::Organizations::Policy") organizationDeclared = true;
    if (typeof raw.Condition === "string") {
      const created = resolver.condition(raw.Condition);
      if (created === false) {
        unmapped.push({ id, type, location: r.location, note: `not created: condition ${raw.Condition} is false`, ...cdk(r) });
        continue;
      }
      if (created instanceof Unresolved) {
        // A trail or bucket that may or may not be created stands in the snapshot, unknown as a whole:
        // the other resources stay decided (a PASS on another trail holds), no verdict rests on it.
        const where = at(positions.key(raw, "Condition"));
        if (type === "AWS::CloudTrail::Trail") {
          const mapped = mapTrail(r);
          trails.push(mapped);
          trailResources.set(mapped, r);
          unresolvedError(r, "cloudtrail", "GetTrail", mapped.value.TrailARN, `(Condition ${raw.Condition})`, created, errors, where);
          continue;
        }
        if (type === "AWS::S3::Bucket") {
          const mapped = mapBucket(r);
          buckets.push(mapped);
          unresolvedError(r, "s3", "GetBucketLocation", mapped.value.Name, `(Condition ${raw.Condition})`, created, errors, where);
          continue;
        }
        if (type === "AWS::KMS::Key") {
          const mapped = mapKey(r);
          kmsKeys.push(mapped);
          unresolvedError(r, "kms", "DescribeKey", mapped.value.arn, `(Condition ${raw.Condition})`, created, errors, where);
          continue;
        }
        unmapped.push({ id, type, location: r.location, note: `condition ${raw.Condition} cannot be decided from this file`, ...cdk(r) });
        const listing = LISTING_READ[type];
        if (listing) {
          unresolvedError(
            r,
            listing.service,
            listing.operation,
            undefined,
            `(Condition ${raw.Condition})`,
            created,
            type === "AWS::Organizations::Policy" ? organizationErrors : errors,
            at(positions.key(raw, "Condition")),
          );
        }
        continue;
      }
    }
    switch (type) {
      case "AWS::CloudTrail::Trail": {
        const mapped = mapTrail(r);
        trails.push(mapped);
        trailResources.set(mapped, r);
        break;
      }
      case "AWS::KMS::Key":
        kmsKeys.push(mapKey(r));
        break;
      case "AWS::KMS::Alias":
        pendingAliases.push(r);
        break;
      case "AWS::S3::Bucket":
        buckets.push(mapBucket(r));
        break;
      case "AWS::S3::BucketPolicy":
        pendingPolicies.push(r);
        break;
      case "AWS::Logs::LogGroup":
        logGroups.push(mapLogGroup(r));
        break;
      case "AWS::Logs::MetricFilter":
        pendingFilters.push(r);
        break;
      case "AWS::Organizations::Policy": {
        const scp = mapPolicy(r);
        if (scp) scps.push(scp);
        break;
      }
      case "AWS::CloudWatch::Alarm":
        alarms.push(mapAlarm(r));
        break;
    }
  }
  for (const r of pendingPolicies) attachBucketPolicy(r);
  for (const r of pendingFilters) attachMetricFilter(r);
  linkTrailKeys();

  const resourcesKey = positions.key(template, "Resources");
  return {
    kind: "cloudformation",
    file,
    accountId,
    region,
    partition,
    collectedAt,
    description: `CloudFormation template ${file} (stack ${stackName} in account ${accountId}, ${region})`,
    trails,
    buckets,
    logGroups,
    alarms,
    scps,
    kmsKeys,
    organizationDeclared,
    errors,
    organizationErrors,
    unmapped,
    root: at(resourcesKey ?? positions.node(template)),
  };

  // -------------------------------------------------------------------------------------------

  function cdk(r: Resource): { cdkPath?: string } {
    return r.cdkPath !== undefined ? { cdkPath: r.cdkPath } : {};
  }

  /** Location of a property key of the resource (else the resource). */
  function propAt(r: Resource, name: string): Location {
    const pos = positions.key(r.rawProps, name) ?? positions.key(r.raw, "Properties");
    return pos ? at(pos) : r.location;
  }

  function newMapped<T>(r: Resource, value: T): Mapped<T> {
    return { value, id: r.id, type: r.type, location: r.location, parts: {}, contributors: [], ...cdk(r) };
  }

  /** Records the location of each element (and its keys) of a list property mirrored at `pointer`. */
  function mirror(parts: Record<string, Location>, pointer: string, raw: unknown, depth = 0): void {
    if (depth > 6) return;
    if (Array.isArray(raw)) {
      raw.forEach((item, i) => {
        const pos = positions.member(raw, i);
        if (pos) parts[`${pointer}/${i}`] = at(pos);
        mirror(parts, `${pointer}/${i}`, item, depth + 1);
      });
    } else if (isRecord(raw) && !isIntrinsic(raw)) {
      for (const key of Object.keys(raw)) {
        const pos = positions.key(raw, key);
        if (pos) parts[`${pointer}/${escape(key)}`] = at(pos);
        mirror(parts, `${pointer}/${escape(key)}`, raw[key], depth + 1);
      }
    }
  }

  function mapTrail(r: Resource): Mapped<Trail> {
    const p = r.props;
    const nameValue = nameOf(r.id);
    const name = typeof nameValue === "string" ? nameValue : `${stackName}-${r.id}`;
    const arn = trailArn(name);
    const m = newMapped<Trail>(r, { Name: name, TrailARN: arn, HomeRegion: region });
    const trail = m.value;
    const part = (pointer: string, prop: string) => {
      if (prop in r.rawProps) m.parts[pointer] = propAt(r, prop);
    };
    // A GetTrail property the file leaves open is unknown on its own (`field`); the others stay decided.
    const fail = (operation: string, prop: string, u: Unresolved, field?: string) =>
      unresolvedError(r, "cloudtrail", operation, arn, prop, u, errors, prop in r.rawProps ? propAt(r, prop) : r.location, field);

    const bucket = toStr(p.S3BucketName);
    if (typeof bucket === "string") trail.S3BucketName = bucket;
    else if (bucket instanceof Unresolved) {
      // Which bucket receives the logs is not known: the log-bucket checks cannot judge it.
      trail.S3BucketName = bucket.placeholder;
      fail("GetTrail", "S3BucketName", bucket, "S3BucketName");
    }
    // Absent: CloudFormation rejects the template (a required property); iac-invalid-trail-config says so.
    part("/S3BucketName", "S3BucketName");

    const flag = (prop: string, field: keyof Trail, fallback: boolean, operation = "GetTrail") => {
      const v = toBool(p[prop]);
      const value = v instanceof Unresolved ? false : (v ?? fallback);
      if (v instanceof Unresolved) fail(operation, prop, v, field);
      (trail as unknown as Dict)[field] = value;
      part(`/${field}`, prop);
    };
    flag("IncludeGlobalServiceEvents", "IncludeGlobalServiceEvents", true);
    flag("IsMultiRegionTrail", "IsMultiRegionTrail", false);
    flag("EnableLogFileValidation", "LogFileValidationEnabled", false);
    flag("IsOrganizationTrail", "IsOrganizationTrail", false);

    const text = (prop: string, field: keyof Trail) => {
      const v = toStr(p[prop]);
      if (v === undefined) return;
      if (v instanceof Unresolved) {
        if (v.mayBeAbsent) {
          fail("GetTrail", prop, v, field);
          return;
        }
        (trail as unknown as Dict)[field] = v.placeholder;
      } else {
        (trail as unknown as Dict)[field] = v;
      }
      part(`/${field}`, prop);
    };
    text("S3KeyPrefix", "S3KeyPrefix");
    text("SnsTopicName", "SnsTopicName");
    if (typeof trail.SnsTopicName === "string" && !trail.SnsTopicName.startsWith("<")) {
      trail.SnsTopicARN = trail.SnsTopicName.startsWith("arn:") ? trail.SnsTopicName : `arn:${partition}:sns:${region}:${accountId}:${trail.SnsTopicName}`;
    }
    text("CloudWatchLogsLogGroupArn", "CloudWatchLogsLogGroupArn");
    text("CloudWatchLogsRoleArn", "CloudWatchLogsRoleArn");
    text("KMSKeyId", "KmsKeyId");

    // Selectors.
    const basic = toList(p.EventSelectors);
    const advanced = toList(p.AdvancedEventSelectors);
    trail.HasCustomEventSelectors = basic !== undefined || advanced !== undefined;
    const basicSelectors = basic instanceof Unresolved ? basic : basic?.map(toEventSelector);
    const advancedSelectors = advanced instanceof Unresolved ? advanced : advanced?.map(toAdvancedSelector);
    const unknownSelectors = firstUnresolved([basicSelectors, advancedSelectors]);
    if (unknownSelectors) {
      // Records nothing, so no check can PASS on a guess; the error turns FAIL into ERROR.
      trail.eventSelectors = [];
      fail("GetEventSelectors", basic instanceof Unresolved || firstUnresolved(basicSelectors) ? "EventSelectors" : "AdvancedEventSelectors", unknownSelectors);
    } else {
      if (basicSelectors !== undefined) trail.eventSelectors = basicSelectors as EventSelector[];
      if (advancedSelectors !== undefined) trail.advancedEventSelectors = advancedSelectors as AdvancedEventSelector[];
      if (basicSelectors === undefined && advancedSelectors === undefined) {
        trail.eventSelectors = [{ ReadWriteType: "All", IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }];
      }
    }
    part("/eventSelectors", "EventSelectors");
    part("/advancedEventSelectors", "AdvancedEventSelectors");
    mirror(m.parts, "/eventSelectors", r.rawProps.EventSelectors);
    mirror(m.parts, "/advancedEventSelectors", r.rawProps.AdvancedEventSelectors);

    const insights = toList(p.InsightSelectors);
    if (insights instanceof Unresolved || firstUnresolved(insights)) {
      fail("GetInsightSelectors", "InsightSelectors", (insights instanceof Unresolved ? insights : firstUnresolved(insights))!);
      trail.insightSelectors = [];
    } else if (insights !== undefined) {
      trail.insightSelectors = insights.filter(isRecord).map((s) => ({
        InsightType: String(s.InsightType),
        ...(Array.isArray(s.EventCategories) ? { EventCategories: s.EventCategories.map(String) } : {}),
      }));
    }
    trail.HasInsightSelectors = Array.isArray(trail.insightSelectors) && trail.insightSelectors.length > 0;
    part("/insightSelectors", "InsightSelectors");

    const tags = mapTags(p.Tags);
    if (tags.unresolved) fail("ListTags", "Tags", tags.unresolved);
    if (tags.tags) trail.tags = tags.tags;
    part("/tags", "Tags");
    mirror(m.parts, "/tags", r.rawProps.Tags);

    // IsLogging is required: without it the stack does not deploy, so the trail logs nothing; the
    // status then has no IsLogging at all, which iac-invalid-trail-config reports.
    const logging = toBool(p.IsLogging);
    const isLogging = typeof logging === "boolean" ? logging : false;
    if (logging instanceof Unresolved) fail("GetTrailStatus", "IsLogging", logging);
    trail.status = logging === undefined ? {} : { IsLogging: isLogging };
    if (isLogging && trail.CloudWatchLogsLogGroupArn !== undefined && trail.CloudWatchLogsRoleArn !== undefined) {
      trail.status.LatestCloudWatchLogsDeliveryTime = collectedAt;
    }
    part("/status", "IsLogging");
    part("/status/IsLogging", "IsLogging");
    return m;
  }

  function mapTags(value: unknown): { tags?: Tag[]; unresolved?: Unresolved } {
    const list = toList(value);
    if (list === undefined) return {};
    if (list instanceof Unresolved) return { tags: [], unresolved: list };
    let unresolved: Unresolved | undefined;
    const tags: Tag[] = [];
    for (const item of list) {
      if (!isRecord(item)) continue;
      const key = toStr(item.Key);
      const v = toStr(item.Value);
      if (typeof key !== "string") {
        unresolved ??= key instanceof Unresolved ? key : undefined;
        continue;
      }
      if (v instanceof Unresolved) unresolved ??= v;
      tags.push(typeof v === "string" ? { Key: key, Value: v } : { Key: key });
    }
    return { tags, ...(unresolved ? { unresolved } : {}) };
  }

  function mapBucket(r: Resource): Mapped<Bucket> {
    const p = r.props;
    const nameValue = nameOf(r.id);
    const name = typeof nameValue === "string" ? nameValue : generatedBucketName(stackName, r.id);
    const m = newMapped<Bucket>(r, { Name: name, Region: region, ownerAccountId: accountId, policy: null });
    const bucket = m.value;
    const part = (pointer: string, prop: string) => {
      if (prop in r.rawProps) m.parts[pointer] = propAt(r, prop);
    };
    const fail = (operation: string, prop: string, u: Unresolved) => unresolvedError(r, "s3", operation, name, prop, u);

    // Object Lock: enabled only by the bucket-level flag (set at creation).
    const enabled = toBool(p.ObjectLockEnabled);
    const configuration = p.ObjectLockConfiguration;
    const configUnknown = firstUnresolved(configuration);
    if (enabled instanceof Unresolved || configUnknown) {
      bucket.objectLockConfiguration = null;
      fail("GetObjectLockConfiguration", enabled instanceof Unresolved ? "ObjectLockEnabled" : "ObjectLockConfiguration", (enabled instanceof Unresolved ? enabled : configUnknown)!);
    } else {
      const lock: ObjectLockConfiguration = {};
      if (enabled === true) lock.ObjectLockEnabled = "Enabled";
      const rule = isRecord(configuration) && isRecord(configuration.Rule) ? toRule(configuration.Rule) : undefined;
      if (rule) lock.Rule = rule;
      const configured = isRecord(configuration) && Object.keys(configuration).length > 0;
      bucket.objectLockConfiguration = enabled === true || configured ? lock : null;
    }
    part("/objectLockConfiguration", "ObjectLockConfiguration" in r.rawProps ? "ObjectLockConfiguration" : "ObjectLockEnabled");
    part("/objectLockConfiguration/ObjectLockEnabled", "ObjectLockEnabled");
    if (isRecord(r.rawProps.ObjectLockConfiguration)) mirror(m.parts, "/objectLockConfiguration", r.rawProps.ObjectLockConfiguration);

    const versioning = p.VersioningConfiguration;
    const versioningUnknown = firstUnresolved(versioning);
    if (versioningUnknown) {
      bucket.versioning = {};
      fail("GetBucketVersioning", "VersioningConfiguration", versioningUnknown);
    } else if (isRecord(versioning) && typeof versioning.Status === "string") {
      bucket.versioning = { Status: versioning.Status as "Enabled" | "Suspended" };
    } else {
      bucket.versioning = bucket.objectLockConfiguration?.ObjectLockEnabled === "Enabled" ? { Status: "Enabled" } : {};
    }
    part("/versioning", "VersioningConfiguration");
    mirror(m.parts, "/versioning", r.rawProps.VersioningConfiguration);

    const block = p.PublicAccessBlockConfiguration;
    const blockUnknown = firstUnresolved(block);
    const fields = ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"] as const;
    if (blockUnknown) {
      fail("GetPublicAccessBlock", "PublicAccessBlockConfiguration", blockUnknown);
      bucket.publicAccessBlock = Object.fromEntries(fields.map((f) => [f, false]));
    } else if (isRecord(block)) {
      bucket.publicAccessBlock = Object.fromEntries(fields.map((f) => [f, toBool(block[f]) === true]));
    } else {
      bucket.publicAccessBlock = Object.fromEntries(fields.map((f) => [f, true]));
    }
    part("/publicAccessBlock", "PublicAccessBlockConfiguration");
    mirror(m.parts, "/publicAccessBlock", r.rawProps.PublicAccessBlockConfiguration);

    // Object Ownership: BucketOwnerEnforced (ACLs off) is S3's default for new buckets.
    const ownership = p.OwnershipControls;
    const ownershipUnknown = firstUnresolved(ownership);
    if (ownershipUnknown) {
      bucket.ownershipControls = null;
      fail("GetBucketOwnershipControls", "OwnershipControls", ownershipUnknown);
    } else {
      const rules = isRecord(ownership) && Array.isArray(ownership.Rules) ? ownership.Rules : undefined;
      const first = rules?.find((rule) => isRecord(rule) && typeof rule.ObjectOwnership === "string") as { ObjectOwnership: string } | undefined;
      const value = first?.ObjectOwnership ?? (isRecord(ownership) ? undefined : "BucketOwnerEnforced");
      bucket.ownershipControls =
        value === "BucketOwnerEnforced" || value === "BucketOwnerPreferred" || value === "ObjectWriter" ? { Rules: [{ ObjectOwnership: value }] } : null;
    }
    part("/ownershipControls", "OwnershipControls");

    // AccessControl: a canned ACL (Private when absent).
    const accessControl = toStr(p.AccessControl);
    if (accessControl instanceof Unresolved) {
      fail("GetBucketAcl", "AccessControl", accessControl);
    } else {
      // A name that is not a canned ACL is refused at deploy time: nothing is mapped for it.
      const acl = cannedAcl(accessControl ?? "Private");
      if (acl) bucket.acl = acl;
    }
    part("/acl", "AccessControl");

    const tags = mapTags(p.Tags);
    if (tags.unresolved) fail("GetBucketTagging", "Tags", tags.unresolved);
    bucket.tags = tags.tags ?? [];
    part("/tags", "Tags");
    mirror(m.parts, "/tags", r.rawProps.Tags);

    const logging = p.LoggingConfiguration;
    if (firstUnresolved(logging)) fail("GetBucketLogging", "LoggingConfiguration", firstUnresolved(logging)!);
    if (isRecord(logging) && !firstUnresolved(logging)) {
      const target = toStr(logging.DestinationBucketName);
      // Without DestinationBucketName, S3 writes the access logs into the bucket itself.
      bucket.logging = {
        TargetBucket: typeof target === "string" ? target : name,
        TargetPrefix: typeof logging.LogFilePrefix === "string" ? logging.LogFilePrefix : "",
      };
    } else {
      bucket.logging = null;
    }
    part("/logging", "LoggingConfiguration");

    const encryption = p.BucketEncryption;
    if (firstUnresolved(encryption)) fail("GetBucketEncryption", "BucketEncryption", firstUnresolved(encryption)!);
    const rules = isRecord(encryption) && Array.isArray(encryption.ServerSideEncryptionConfiguration) ? encryption.ServerSideEncryptionConfiguration : undefined;
    bucket.encryption = {
      ServerSideEncryptionConfiguration: {
        Rules:
          rules && !firstUnresolved(rules)
            ? rules.filter(isRecord).map((rule) => ({
                ...(isRecord(rule.ServerSideEncryptionByDefault) ? { ApplyServerSideEncryptionByDefault: rule.ServerSideEncryptionByDefault } : {}),
                BucketKeyEnabled: toBool(rule.BucketKeyEnabled) === true,
              }))
            : [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" }, BucketKeyEnabled: false }],
      },
    };
    part("/encryption", "BucketEncryption");
    return m;
  }

  function toRule(rule: Dict): ObjectLockConfiguration["Rule"] {
    const retention = isRecord(rule.DefaultRetention) ? rule.DefaultRetention : undefined;
    if (!retention) return {};
    const out: NonNullable<NonNullable<ObjectLockConfiguration["Rule"]>["DefaultRetention"]> = {};
    if (typeof retention.Mode === "string") out.Mode = retention.Mode as "GOVERNANCE" | "COMPLIANCE";
    const days = toInt(retention.Days);
    const years = toInt(retention.Years);
    if (typeof days === "number") out.Days = days;
    if (typeof years === "number") out.Years = years;
    return { DefaultRetention: out };
  }

  function attachBucketPolicy(r: Resource): void {
    const target = toStr(r.props.Bucket);
    const mapped = typeof target === "string" ? buckets.find((b) => b.value.Name === target) : undefined;
    if (!mapped) {
      unmapped.push({
        id: r.id,
        type: r.type,
        location: r.location,
        note:
          target instanceof Unresolved
            ? `the bucket it applies to (${target.expr}) cannot be decided from this file`
            : `bucket ${String(target)} is not defined in this file`,
        ...cdk(r),
      });
      return;
    }
    const document = r.props.PolicyDocument;
    const holed = typeof document === "string" ? { document: {}, holes: [] } : policyHoles(document);
    mapped.contributors.push({ id: r.id, type: r.type, location: r.location, part: "/policy", ...cdk(r) });
    mapped.parts["/policy"] = propAt(r, "PolicyDocument");
    if ("whole" in holed) {
      mapped.value.policy = worstCasePolicy(mapped.value.Name, partition);
      unresolvedError(r, "s3", "GetBucketPolicy", mapped.value.Name, "PolicyDocument", holed.whole);
      return;
    }
    mapped.value.policy = typeof document === "string" ? document : (holed.document as unknown as PolicyDocument);
    mirror(mapped.parts, "/policy", r.rawProps.PolicyDocument);
    // Each value the file leaves open is a hole of its own (policy-holes.ts), located at its expression.
    errors.push(...holeErrors(holed, { id: r.id, type: r.type, property: "PolicyDocument", service: "s3", operation: "GetBucketPolicy", region, resource: mapped.value.Name, field: "policy", locate: (path) => nearestPart(mapped.parts, `/policy${path}`, mapped.parts["/policy"]!) }));
  }

  function mapLogGroup(r: Resource): Mapped<LogGroup> {
    const nameValue = nameOf(r.id);
    const name = typeof nameValue === "string" ? nameValue : r.id;
    const m = newMapped<LogGroup>(r, { logGroupName: name, arn: logGroupArn(name), region, metricFilters: [] });
    if ("LogGroupName" in r.rawProps) m.parts["/logGroupName"] = propAt(r, "LogGroupName");
    const retention = toInt(r.props.RetentionInDays);
    if (retention instanceof Unresolved) unresolvedError(r, "logs", "DescribeLogGroups", m.value.arn, "RetentionInDays", retention);
    else if (retention !== undefined) m.value.retentionInDays = retention;
    if ("RetentionInDays" in r.rawProps) m.parts["/retentionInDays"] = propAt(r, "RetentionInDays");
    const key = toStr(r.props.KmsKeyId);
    if (key !== undefined) m.value.kmsKeyId = key instanceof Unresolved ? key.placeholder : key;
    return m;
  }

  function attachMetricFilter(r: Resource): void {
    const groupName = toStr(r.props.LogGroupName);
    const group = typeof groupName === "string" ? logGroups.find((g) => g.value.logGroupName === groupName) : undefined;
    if (!group) {
      unmapped.push({
        id: r.id,
        type: r.type,
        location: r.location,
        note:
          groupName instanceof Unresolved
            ? `its log group (${groupName.expr}) cannot be decided from this file`
            : `log group ${String(groupName)} is not defined in this file`,
        ...cdk(r),
      });
      return;
    }
    if (!Array.isArray(group.value.metricFilters)) group.value.metricFilters = [];
    const filters = group.value.metricFilters;
    const filterName = toStr(r.props.FilterName);
    const pattern = toStr(r.props.FilterPattern);
    const transformations = toList(r.props.MetricTransformations);
    if (pattern instanceof Unresolved) unresolvedError(r, "logs", "DescribeMetricFilters", group.value.arn, "FilterPattern", pattern);
    const index = filters.length;
    filters.push({
      filterName: typeof filterName === "string" ? filterName : r.id,
      ...(typeof pattern === "string" ? { filterPattern: pattern } : {}),
      metricTransformations: (Array.isArray(transformations) ? transformations : []).filter(isRecord).map((mt) => ({
        metricName: String(toStr(mt.MetricName) ?? ""),
        metricNamespace: String(toStr(mt.MetricNamespace) ?? ""),
        ...(mt.MetricValue !== undefined ? { metricValue: String(toStr(mt.MetricValue)) } : {}),
      })),
    });
    group.contributors.push({ id: r.id, type: r.type, location: r.location, part: `/metricFilters/${index}`, ...cdk(r) });
    group.parts[`/metricFilters/${index}`] = r.location;
    if ("FilterPattern" in r.rawProps) group.parts[`/metricFilters/${index}/filterPattern`] = propAt(r, "FilterPattern");
  }

  function mapAlarm(r: Resource): Mapped<MetricAlarm> {
    const p = r.props;
    const nameValue = nameOf(r.id);
    const name = typeof nameValue === "string" ? nameValue : `${stackName}-${r.id}`;
    const arn = alarmArn(name);
    const m = newMapped<MetricAlarm>(r, { AlarmName: name, AlarmArn: arn });
    const alarm = m.value as unknown as Dict;
    const part = (pointer: string, prop: string) => {
      if (prop in r.rawProps) m.parts[pointer] = propAt(r, prop);
    };
    // One error per property the file leaves open; the engine turns the dependent FAILs into ERROR.
    const failed = new Set<string>();
    const fail = (prop: string, u: Unresolved) => {
      if (failed.has(prop)) return;
      failed.add(prop);
      unresolvedError(r, "cloudwatch", "DescribeAlarms", arn, prop, u);
    };
    part("/AlarmName", "AlarmName");

    // Informational only: a placeholder, never an error.
    const description = toStr(p.AlarmDescription);
    if (description !== undefined) alarm.AlarmDescription = description instanceof Unresolved ? description.placeholder : description;
    part("/AlarmDescription", "AlarmDescription");

    const enabled = toBool(p.ActionsEnabled);
    if (enabled instanceof Unresolved) fail("ActionsEnabled", enabled);
    alarm.ActionsEnabled = enabled instanceof Unresolved ? false : (enabled ?? true);
    part("/ActionsEnabled", "ActionsEnabled");

    // An action the file cannot name (an import, a parameter without default) still exists: it keeps
    // a placeholder (unless it may be absent) and an error, so no check reads it as a verdict.
    for (const prop of ["OKActions", "AlarmActions", "InsufficientDataActions"]) {
      const list = toList(p[prop]);
      const actions: string[] = [];
      if (list instanceof Unresolved) fail(prop, list);
      for (const item of Array.isArray(list) ? list : []) {
        const action = toStr(item);
        if (action instanceof Unresolved) {
          fail(prop, action);
          if (!action.mayBeAbsent) actions.push(action.placeholder);
        } else if (action !== undefined) {
          actions.push(action);
        }
      }
      alarm[prop] = actions;
      part(`/${prop}`, prop);
      mirror(m.parts, `/${prop}`, r.rawProps[prop]);
    }

    /** A string that decides what the alarm watches: a placeholder (or nothing, for an enum) and an error when open. */
    const text = (prop: string, enumerated: boolean) => {
      const v = toStr(p[prop]);
      if (v === undefined) return;
      if (v instanceof Unresolved) {
        fail(prop, v);
        if (enumerated || v.mayBeAbsent) return;
        alarm[prop] = v.placeholder;
      } else {
        // Passed as written: a value AWS does not accept fails the snapshot schema, at this property.
        alarm[prop] = v;
      }
      part(`/${prop}`, prop);
    };
    const number = (prop: string) => {
      const v = toNumber(p[prop]);
      if (v === undefined) return;
      if (v instanceof Unresolved) fail(prop, v);
      else alarm[prop] = v;
      part(`/${prop}`, prop);
    };
    text("MetricName", false);
    text("Namespace", false);
    text("Statistic", true);
    text("ExtendedStatistic", false);

    const dimensions = toList(p.Dimensions);
    if (dimensions instanceof Unresolved) fail("Dimensions", dimensions);
    alarm.Dimensions = (Array.isArray(dimensions) ? dimensions : []).map((d) => {
      if (!isRecord(d)) return d;
      const [dimName, dimValue] = [toStr(d.Name), toStr(d.Value)];
      const open = [dimName, dimValue].find((v): v is Unresolved => v instanceof Unresolved);
      if (open) fail("Dimensions", open);
      const settle = (v: string | Unresolved | undefined) => (v instanceof Unresolved ? v.placeholder : v);
      return { Name: settle(dimName), Value: settle(dimValue) };
    });
    part("/Dimensions", "Dimensions");
    mirror(m.parts, "/Dimensions", r.rawProps.Dimensions);

    number("Period");
    text("Unit", false);
    number("EvaluationPeriods");
    number("DatapointsToAlarm");
    number("Threshold");
    text("ComparisonOperator", true);
    text("TreatMissingData", true);
    if (toStr(p.TreatMissingData) === undefined) alarm.TreatMissingData = "missing";
    text("EvaluateLowSampleCountPercentile", false);

    const metrics = toList(p.Metrics);
    if (metrics instanceof Unresolved) fail("Metrics", metrics);
    else if (metrics !== undefined) {
      const open = firstUnresolved(metrics);
      if (open) fail("Metrics", open);
      alarm.Metrics = withPlaceholders(metrics);
      part("/Metrics", "Metrics");
      mirror(m.parts, "/Metrics", r.rawProps.Metrics);
    }
    text("ThresholdMetricId", false);
    alarm.region = region;
    return m;
  }

  function mapKey(r: Resource): Mapped<KmsKey> {
    const p = r.props;
    const idValue = nameOf(r.id);
    const keyId = typeof idValue === "string" ? idValue : r.id;
    const arn = keyArn(keyId);
    const part = (pointer: string, prop: string) => {
      if (prop in r.rawProps) m.parts[pointer] = propAt(r, prop);
    };
    const fail = (operation: string, prop: string, u: Unresolved, field: string) => unresolvedError(r, "kms", operation, arn, prop, u, errors, undefined, field);
    const md: KmsKeyMetadata = { KeyId: keyId, Arn: arn, AWSAccountId: accountId };
    const description = toStr(p.Description);
    if (typeof description === "string") md.Description = description;
    const enabled = toBool(p.Enabled);
    if (enabled instanceof Unresolved) fail("DescribeKey", "Enabled", enabled, "KeyMetadata");
    const on = enabled instanceof Unresolved ? false : (enabled ?? true);
    md.Enabled = on;
    md.KeyState = on ? "Enabled" : "Disabled";
    md.KeyManager = "CUSTOMER";
    const text = (prop: "KeySpec" | "KeyUsage" | "Origin") => {
      const v = toStr(p[prop]);
      if (typeof v === "string") md[prop] = v;
    };
    text("KeySpec");
    text("KeyUsage");
    text("Origin");
    md.Origin ??= "AWS_KMS";
    const multi = toBool(p.MultiRegion);
    if (typeof multi === "boolean") md.MultiRegion = multi;

    // Only symmetric keys with key material from KMS rotate automatically.
    const rotates = (md.KeySpec === undefined || md.KeySpec === "SYMMETRIC_DEFAULT") && md.Origin === "AWS_KMS";
    const rotation = toBool(p.EnableKeyRotation);
    if (rotation instanceof Unresolved) fail("GetKeyRotationStatus", "EnableKeyRotation", rotation, "rotationEnabled");
    const rotationEnabled = !rotates ? null : rotation instanceof Unresolved ? false : (rotation ?? false);

    const document = p.KeyPolicy;
    const holed = isRecord(document) ? policyHoles(document) : undefined;
    const open = holed && "document" in holed ? undefined : firstUnresolved(document);
    let policy: string | PolicyDocument;
    if (holed && "document" in holed) {
      // Each value the file leaves open is a hole of its own (policy-holes.ts), located at its expression.
      policy = holed.document as unknown as PolicyDocument;
      const parts: Record<string, Location> = {};
      mirror(parts, "/policy", r.rawProps.KeyPolicy);
      errors.push(...holeErrors(holed, { id: r.id, type: r.type, property: "KeyPolicy", service: "kms", operation: "GetKeyPolicy", region, resource: arn, field: "policy", locate: (path) => nearestPart(parts, `/policy${path}`, propAt(r, "KeyPolicy")) }));
    } else if (open) {
      // Grants nothing: no check passes on it; the error turns the dependent FAIL into ERROR.
      policy = { Version: "2012-10-17", Statement: [] };
      fail("GetKeyPolicy", "KeyPolicy", open, "policy");
    } else if (document === undefined || document === NO_VALUE) {
      policy = defaultKeyPolicy(partition, accountId);
    } else {
      policy = typeof document === "string" ? document : (document as PolicyDocument);
    }
    const m = newMapped<KmsKey>(r, { arn, region, KeyMetadata: md, rotationEnabled, policy });
    part("/KeyMetadata/Enabled", "Enabled");
    part("/KeyMetadata/KeyState", "Enabled");
    part("/KeyMetadata/KeySpec", "KeySpec");
    part("/KeyMetadata/KeyUsage", "KeyUsage");
    part("/KeyMetadata/Origin", "Origin");
    part("/KeyMetadata/MultiRegion", "MultiRegion");
    part("/rotationEnabled", "EnableKeyRotation");
    part("/policy", "KeyPolicy");
    if (!open && isRecord(r.rawProps.KeyPolicy)) mirror(m.parts, "/policy", r.rawProps.KeyPolicy);
    return m;
  }

  /**
   * Each trail's KMSKeyId made the ARN of the key of the file it names (by ARN, key id, alias name
   * or alias ARN); a key the file does not define is an Unresolved DescribeKey error about it.
   */
  function linkTrailKeys(): void {
    const byKey = new Map<string, Mapped<KmsKey>>();
    for (const k of kmsKeys) {
      byKey.set(k.value.arn, k);
      const md = k.value.KeyMetadata as KmsKeyMetadata;
      byKey.set(md.KeyId, k);
    }
    // Alias name -> what its TargetKeyId names (a key of the file, or a key id or ARN as written).
    const aliases = new Map<string, { target: string; key?: Mapped<KmsKey> }>();
    for (const r of pendingAliases) {
      const name = toStr(r.props.AliasName);
      const target = toStr(r.props.TargetKeyId);
      const key = typeof target === "string" ? byKey.get(target) : undefined;
      if (typeof name === "string" && typeof target === "string") aliases.set(name, { target, ...(key ? { key } : {}) });
      if (key) {
        key.contributors.push({ id: r.id, type: r.type, location: r.location, part: "", ...cdk(r) });
      } else {
        unmapped.push({
          id: r.id,
          type: r.type,
          location: r.location,
          note:
            target instanceof Unresolved
              ? `the key it names (${target.expr}) cannot be decided from this file`
              : name instanceof Unresolved
                ? `its name (${name.expr}) cannot be decided from this file`
                : `key ${String(target)} is not defined in this file`,
          ...cdk(r),
        });
      }
    }
    for (const mapped of trails) {
      const r = trailResources.get(mapped)!;
      const written = mapped.value.KmsKeyId;
      if (typeof written !== "string" || !("KMSKeyId" in r.rawProps) || toStr(r.props.KMSKeyId) instanceof Unresolved) continue;
      const at = written.indexOf("alias/");
      const alias = at === 0 || (at > 0 && written.startsWith("arn:")) ? aliases.get(written.slice(at)) : undefined;
      if (written.slice(at).startsWith("alias/aws/")) continue; // AWS managed: the check says so.
      const key = byKey.get(alias ? alias.target : written) ?? alias?.key;
      if (key) {
        mapped.value.KmsKeyId = key.value.arn;
        continue;
      }
      const named = alias?.target ?? written;
      unresolvedError(r, "kms", "DescribeKey", named, "KMSKeyId", new Unresolved(named, "the key is not defined in this file"));
    }
  }

  function mapPolicy(r: Resource): Mapped<ServiceControlPolicy> | undefined {
    const type = toStr(r.props.Type);
    if (type !== "SERVICE_CONTROL_POLICY") {
      unmapped.push({
        id: r.id,
        type: r.type,
        location: r.location,
        note: type instanceof Unresolved ? `its policy type (${type.expr}) cannot be decided from this file` : `a ${String(type)}, not a service control policy`,
        ...cdk(r),
      });
      return undefined;
    }
    const idValue = nameOf(r.id);
    const policyId = typeof idValue === "string" ? idValue : r.id;
    const content = r.props.Content;
    const unknown = firstUnresolved(content);
    if (unknown || content === undefined) {
      if (unknown) unresolvedError(r, "organizations", "DescribePolicy", policyId, "Content", unknown, organizationErrors);
      unmapped.push({ id: r.id, type: r.type, location: r.location, note: "its content cannot be decided from this file", ...cdk(r) });
      return undefined;
    }
    const targets: PolicyTarget[] = [];
    const targetIds = toList(r.props.TargetIds);
    const unknownTargets = targetIds instanceof Unresolved ? targetIds : firstUnresolved(targetIds);
    if (unknownTargets) unresolvedError(r, "organizations", "ListTargetsForPolicy", policyId, "TargetIds", unknownTargets, organizationErrors);
    for (const target of Array.isArray(targetIds) ? targetIds : []) {
      const targetId = toStr(target);
      if (typeof targetId !== "string") continue;
      targets.push({ TargetId: targetId, Type: targetId.startsWith("ou-") ? "ORGANIZATIONAL_UNIT" : targetId.startsWith("r-") ? "ROOT" : "ACCOUNT" });
    }
    const name = toStr(r.props.Name);
    const description = toStr(r.props.Description);
    const m = newMapped<ServiceControlPolicy>(r, {
      PolicySummary: {
        Id: policyId,
        Name: typeof name === "string" ? name : r.id,
        ...(typeof description === "string" ? { Description: description } : {}),
        Type: "SERVICE_CONTROL_POLICY",
        AwsManaged: false,
      },
      Content: typeof content === "string" ? content : (content as PolicyDocument),
      targets,
    });
    if ("Content" in r.rawProps) m.parts["/Content"] = propAt(r, "Content");
    mirror(m.parts, "/Content", r.rawProps.Content);
    if ("TargetIds" in r.rawProps) m.parts["/targets"] = propAt(r, "TargetIds");
    return m;
  }

}

/** Resource types the mapper reads. */
const MAPPED_TYPES = new Set([
  "AWS::CloudTrail::Trail",
  "AWS::S3::Bucket",
  "AWS::S3::BucketPolicy",
  "AWS::Logs::LogGroup",
  "AWS::Logs::MetricFilter",
  "AWS::CloudWatch::Alarm",
  "AWS::Organizations::Policy",
  "AWS::KMS::Key",
  "AWS::KMS::Alias",
]);

/** The read that lists a resource of each type, for a resource whose Condition is undecided. */
const LISTING_READ: Record<string, { service: string; operation: string }> = {
  "AWS::CloudTrail::Trail": { service: "cloudtrail", operation: "DescribeTrails" },
  "AWS::S3::Bucket": { service: "s3", operation: "ListBuckets" },
  "AWS::S3::BucketPolicy": { service: "s3", operation: "GetBucketPolicy" },
  "AWS::Logs::LogGroup": { service: "logs", operation: "DescribeLogGroups" },
  "AWS::CloudWatch::Alarm": { service: "cloudwatch", operation: "DescribeAlarms" },
  "AWS::Organizations::Policy": { service: "organizations", operation: "ListPolicies" },
};

/** The key policy KMS gives a key created without one: the account's principals may use it as IAM allows. */
export function defaultKeyPolicy(partition: string, accountId: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Id: "key-default-1",
    Statement: [{ Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: `arn:${partition}:iam::${accountId}:root` }, Action: "kms:*", Resource: "*" }],
  };
}

function isIntrinsic(value: Dict): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === "Ref" || keys[0]!.startsWith("Fn::"));
}

function escape(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

function toEventSelector(value: unknown): unknown {
  if (value instanceof Unresolved) return value;
  if (!isRecord(value)) return new Unresolved(JSON.stringify(value), "not an event selector");
  const unknown = firstUnresolved(value);
  if (unknown) return unknown;
  const include = toBool(value.IncludeManagementEvents);
  const selector: EventSelector = {
    ReadWriteType: (typeof value.ReadWriteType === "string" ? value.ReadWriteType : "All") as EventSelector["ReadWriteType"],
    IncludeManagementEvents: typeof include === "boolean" ? include : true,
    DataResources: (Array.isArray(value.DataResources) ? value.DataResources : []).filter(isRecord).map((d) => ({
      Type: String(d.Type),
      ...(Array.isArray(d.Values) ? { Values: d.Values.map(String) } : {}),
    })),
    ExcludeManagementEventSources: (Array.isArray(value.ExcludeManagementEventSources) ? value.ExcludeManagementEventSources : []).map(String),
  };
  return selector;
}

const OPERATORS = ["Equals", "StartsWith", "EndsWith", "NotEquals", "NotStartsWith", "NotEndsWith"] as const;

function toAdvancedSelector(value: unknown): unknown {
  if (value instanceof Unresolved) return value;
  if (!isRecord(value)) return new Unresolved(JSON.stringify(value), "not an advanced event selector");
  const unknown = firstUnresolved(value);
  if (unknown) return unknown;
  const selector: AdvancedEventSelector = {
    ...(typeof value.Name === "string" ? { Name: value.Name } : {}),
    FieldSelectors: (Array.isArray(value.FieldSelectors) ? value.FieldSelectors : []).filter(isRecord).map((fs) => {
      const out: AdvancedEventSelector["FieldSelectors"][number] = { Field: String(fs.Field) };
      for (const op of OPERATORS) {
        if (Array.isArray(fs[op]) && fs[op].length > 0) out[op] = (fs[op] as unknown[]).map(String);
      }
      return out;
    }),
  };
  return selector;
}

/** Top-level shape against schemas/cloudformation.schema.json; errors name file, line and path. */
function validateTemplate(template: unknown, source: ParsedSource, file: string, at: (pos: Pos | undefined) => Location): void {
  const validate = schemaValidator("cloudformation.schema.json");
  if (validate(template)) return;
  const first = validate.errors?.[0];
  const path = (first?.instancePath ?? "")
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  const where = at(source.positions.along(template, path));
  const lines = describeErrors(validate.errors).slice(0, 10);
  throw new InputError(
    `${file}:${where.startLine}:${where.startColumn}: not a valid CloudFormation template:\n${lines.map((l) => `  at ${l}`).join("\n")}`,
    file,
    first?.instancePath || "/",
  );
}
