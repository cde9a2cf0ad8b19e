// Facts about a CloudFormation template's text that make AWS reject it at deploy time, recorded in
// the snapshot (source.templateValidation) for the iac-invalid-trail-config check, each with the
// place in the file that causes it:
// - shapes against the CloudFormation resource schema (resource-schema.ts): an unknown property,
//   a value of the wrong shape, a required property left out, a value outside the allowed ones;
// - a template reference left as literal text outside Fn::Sub: `${LogBucket}`, `${LogBucket.Arn}`,
//   `${pTrailName}` or `${AWS::AccountId}` (a resource, parameter or pseudo parameter of the
//   template) in a string that is not the template of an Fn::Sub. CloudFormation passes it on
//   unchanged. Reported only where AWS then refuses the value: a bucket policy's Resource (up to
//   the object key) or Principal, a key policy's Principal, and names and ARNs whose allowed characters exclude `$`,
//   `{` and `}` (AWS's error code per place below). `${aws:username}`-style policy variables are
//   not template references and are never reported; nor is literal text in a Condition value or
//   a description, which AWS accepts (the condition then compares against the literal text).
// Resources a false Condition leaves out are not judged: they are never created.
import type { TemplateProblem } from "../../model/snapshot.js";
import { isRecord, type Dict } from "../../util/records.js";
import type { Location } from "../iac-types.js";
import type { ParsedSource, Pos } from "./document.js";
import { isIntrinsic, resourceSpec, shapeProblems } from "./resource-schema.js";

export interface LocatedProblem {
  problem: TemplateProblem;
  location: Location;
}

export interface LocatedValidation {
  /** What the shapes were checked against ("@aws-cdk/aws-service-spec 0.1.216"). */
  schema: string;
  /** Resources whose properties were checked. */
  resources: number;
  problems: LocatedProblem[];
}

/** The AWS error each kind of shape problem produces (CloudFormation's wording for registry types, then legacy types). */
const SHAPE_ERROR: Record<string, string> = {
  unknownProperty: "Properties validation failed: extraneous key [<name>] is not permitted (Encountered unsupported property <name>)",
  wrongType: "Properties validation failed: expected type: <expected>, found: <found>",
  requiredProperty: "Properties validation failed: required key [<name>] not found",
  valueNotAllowed: "Properties validation failed: <value> is not a valid enum value",
};

/** Required properties another rule of the check reports (missingRequired), not reported twice. */
const REPORTED_ELSEWHERE: Record<string, string[]> = { "AWS::CloudTrail::Trail": ["S3BucketName", "IsLogging"] };

/** Properties (path from Properties) whose value AWS refuses with a `${...}` in it, and the error. */
const NAME_PROPERTIES: Record<string, [string[], string][]> = {
  "AWS::CloudTrail::Trail": [
    [["TrailName"], "CloudTrail InvalidTrailNameException"],
    [["S3BucketName"], "CloudTrail InvalidS3BucketNameException"],
    [["SnsTopicName"], "CloudTrail InvalidSnsTopicNameException"],
    [["KMSKeyId"], "CloudTrail InvalidKmsKeyIdException"],
    [["CloudWatchLogsLogGroupArn"], "CloudTrail InvalidCloudWatchLogsLogGroupArnException"],
    [["CloudWatchLogsRoleArn"], "CloudTrail InvalidCloudWatchLogsRoleArnException"],
  ],
  "AWS::S3::Bucket": [
    [["BucketName"], "S3 InvalidBucketName"],
    [["LoggingConfiguration", "DestinationBucketName"], "S3 InvalidTargetBucketForLogging"],
  ],
  "AWS::S3::BucketPolicy": [[["Bucket"], "S3 InvalidBucketName"]],
  "AWS::Logs::LogGroup": [[["LogGroupName"], "CloudWatch Logs InvalidParameterException"]],
  "AWS::Logs::MetricFilter": [[["LogGroupName"], "CloudWatch Logs InvalidParameterException"]],
  "AWS::CloudWatch::Alarm": [
    [["AlarmActions"], "CloudWatch ValidationError (invalid action ARN)"],
    [["OKActions"], "CloudWatch ValidationError (invalid action ARN)"],
    [["InsufficientDataActions"], "CloudWatch ValidationError (invalid action ARN)"],
  ],
  "AWS::KMS::Alias": [[["AliasName"], "KMS ValidationException"]],
};

/** Policy documents, and the statement elements where AWS refuses a `${...}` reference. */
const POLICY_PROPERTIES: Record<string, { property: string; elements: Record<string, string> }> = {
  "AWS::S3::BucketPolicy": {
    property: "PolicyDocument",
    elements: {
      Resource: "S3 MalformedPolicy: Policy has invalid resource",
      NotResource: "S3 MalformedPolicy: Policy has invalid resource",
      Principal: "S3 MalformedPolicy: Invalid principal in policy",
      NotPrincipal: "S3 MalformedPolicy: Invalid principal in policy",
    },
  },
  "AWS::KMS::Key": {
    property: "KeyPolicy",
    elements: {
      Principal: "KMS MalformedPolicyDocumentException: invalid principals",
      NotPrincipal: "KMS MalformedPolicyDocumentException: invalid principals",
    },
  },
};

/** Intrinsics whose arguments are names, not text that reaches the value. */
const NAME_ARGUMENTS = new Set(["Ref", "Fn::GetAtt", "Fn::FindInMap", "Fn::ImportValue", "Fn::GetAZs", "Fn::Transform", "Condition"]);

/** Every literal string under `value` that reaches the resolved value, with its path. */
function literalStrings(value: unknown, path: (string | number)[], out: { path: (string | number)[]; text: string }[], depth = 0): void {
  if (depth > 32) return;
  if (typeof value === "string") {
    out.push({ path, text: value });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => literalStrings(v, [...path, i], out, depth + 1));
    return;
  }
  if (!isRecord(value)) return;
  if (isIntrinsic(value)) {
    const [fn, args] = Object.entries(value)[0]!;
    if (NAME_ARGUMENTS.has(fn)) return;
    if (fn === "Fn::Sub") {
      // The template string is substituted; the variable map's values are not.
      if (Array.isArray(args) && isRecord(args[1])) {
        for (const [k, v] of Object.entries(args[1])) literalStrings(v, [...path, fn, 1, k], out, depth + 1);
      }
      return;
    }
    if (fn === "Fn::If" && Array.isArray(args)) {
      literalStrings(args[1], [...path, fn, 1], out, depth + 1);
      literalStrings(args[2], [...path, fn, 2], out, depth + 1);
      return;
    }
    literalStrings(args, [...path, fn], out, depth + 1);
    return;
  }
  for (const [k, v] of Object.entries(value)) literalStrings(v, [...path, k], out, depth + 1);
}

/** `${...}` references in `text` that name a parameter, resource (or its attribute) or pseudo parameter. */
function templateReferences(text: string, names: ReadonlySet<string>): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/\$\{([^}]*)\}/g)) {
    const name = match[1]!.trim();
    const head = name.split(".")[0]!;
    if (name.startsWith("AWS::") || names.has(name) || names.has(head)) found.push(match[0]);
  }
  return found;
}

/**
 * The part of an S3 resource ARN up to the object key: a reference there names no bucket, so S3
 * refuses the policy; one in the key (`.../AWSLogs/${AWS::AccountId}/*`) is taken as a policy
 * variable and accepted (the statement then matches no delivered object).
 */
function bucketPart(text: string): string {
  const start = text.indexOf(":::");
  const slash = text.indexOf("/", start === -1 ? 0 : start + 3);
  return slash === -1 ? text : text.slice(0, slash);
}

function statements(policy: unknown): [unknown, number | undefined][] {
  if (!isRecord(policy)) return [];
  const s = policy.Statement;
  if (Array.isArray(s)) return s.map((item, i) => [item, i]);
  return [[s, undefined]];
}

/** Checks the mapped resources of a template; `skip` names resources that are not created. */
export function validateTemplateResources(
  template: Dict,
  source: ParsedSource,
  at: (pos: Pos | undefined) => Location,
  types: ReadonlySet<string>,
  skip: ReadonlySet<string> = new Set(),
): LocatedValidation {
  const spec = resourceSpec();
  const resources = isRecord(template.Resources) ? template.Resources : {};
  const names = new Set([...Object.keys(isRecord(template.Parameters) ? template.Parameters : {}), ...Object.keys(resources)]);
  const problems: LocatedProblem[] = [];
  let checked = 0;
  const yaml = source.format === "yaml";
  for (const [id, raw] of Object.entries(resources)) {
    if (!isRecord(raw) || typeof raw.Type !== "string" || !types.has(raw.Type) || skip.has(id)) continue;
    const type = raw.Type;
    const props = raw.Properties;
    const place = (path: (string | number)[]): Location => {
      if (!isRecord(props)) return at(source.positions.key(raw, "Properties") ?? source.positions.key(resources, id));
      return at(path.length === 0 ? (source.positions.key(raw, "Properties") ?? source.positions.key(resources, id)) : source.positions.along(props, path));
    };
    const add = (code: TemplateProblem["code"], path: (string | number)[], message: string, awsError: string, fix: string) =>
      problems.push({
        problem: { code, resource: id, type, property: path.length === 0 ? "Properties" : path.join("."), message: `${id} (${type}): ${message}`, awsError, fix },
        location: place(path),
      });
    if (spec.resources[type]) checked++;
    for (const p of shapeProblems(type, props, spec, REPORTED_ELSEWHERE[type] ?? [])) {
      const name = p.key ?? String(p.path[p.path.length - 1] ?? "Properties");
      const awsError = SHAPE_ERROR[p.code]!.replace(/<name>/g, name)
        .replace("<expected>", p.expected ?? "")
        .replace("<found>", p.found ?? "")
        .replace("<value>", p.value ?? "");
      add(p.code, p.path, p.message, awsError, p.fix);
    }
    if (!isRecord(props)) continue;
    const reference = (path: (string | number)[], value: unknown, awsError: string, part: (text: string) => string = (text) => text) => {
      const strings: { path: (string | number)[]; text: string }[] = [];
      literalStrings(value, path, strings);
      for (const s of strings) {
        const refs = templateReferences(part(s.text), names);
        if (refs.length === 0) continue;
        const sub = yaml ? `!Sub ${JSON.stringify(s.text)}` : JSON.stringify({ "Fn::Sub": s.text });
        add(
          "unsubstitutedReference",
          s.path,
          `${s.path.join(".")} holds ${refs.join(", ")} as literal text outside Fn::Sub, so CloudFormation passes it on unchanged and AWS refuses the value`,
          awsError,
          `Substitute it: write the value as ${sub}.`,
        );
      }
    };
    for (const [path, error] of NAME_PROPERTIES[type] ?? []) {
      let value: unknown = props;
      for (const key of path) value = isRecord(value) ? value[key] : undefined;
      if (value !== undefined) reference(path, value, error);
    }
    const policy = POLICY_PROPERTIES[type];
    if (policy && isRecord(props[policy.property])) {
      for (const [statement, index] of statements(props[policy.property])) {
        if (!isRecord(statement)) continue;
        const base = [policy.property, "Statement", ...(index === undefined ? [] : [index])];
        for (const [element, error] of Object.entries(policy.elements)) {
          if (element in statement) reference([...base, element], statement[element], error, element.endsWith("Resource") && type === "AWS::S3::BucketPolicy" ? bucketPart : undefined);
        }
      }
    }
  }
  problems.sort((a, b) => a.location.startLine - b.location.startLine || a.location.startColumn - b.location.startColumn);
  return { schema: `${spec.source.package} ${spec.source.version}`, resources: checked, problems };
}
