// The types an IaC loader shares with iac.ts: what a mapper (cloudformation/map.ts,
// terraform/plan.ts) is given (IacContext) and returns (IacModel), and what iac.ts hands on
// (IacSource). Types and constants only, so the loaders and iac.ts import this module and never
// each other. src/sources/iac.ts re-exports all of it: import from there outside src/sources/.
import type { Bucket, CollectionError, IamGroup, IamManagedPolicy, IamRole, IamUser, KmsKey, LogGroup, MetricAlarm, Partition, PublicAccessBlockConfiguration, ServiceControlPolicy, Snapshot, SnsTopic, TemplateProblem, Trail } from "../model/snapshot.js";
import type { Known } from "../model/unknown.js";
import type { ParameterValue } from "./cloudformation/intrinsics.js";

export const IAC_DEFAULT_ACCOUNT_ID = "000000000000";
export const IAC_DEFAULT_REGION = "us-east-1";
export const IAC_COLLECTED_AT = "2000-01-01T00:00:00Z";
/** Synthesized organization id when a file defines service control policies. */
export const IAC_ORGANIZATION_ID = "o-0000000000";

/** A place in an input file: path as the user should see it (forward slashes), 1-based line and column. */
export interface Location {
  file: string;
  startLine: number;
  startColumn: number;
}

export type IacKind = "cloudformation" | "terraform";

export interface IacOptions {
  /** Account id of the synthesized account (12 digits). */
  accountId?: string;
  /** Region the resources are deployed to (a CloudFormation stack's region). */
  region?: string;
  partition?: Partition;
  /** Directory relative paths are read from and shown relative to (default: process.cwd()). */
  cwd?: string;
  /** How a file path is shown in locations (default: relative to cwd, forward slashes). */
  display?: (file: string) => string;
  /** CloudFormation parameter values (like `--parameter-overrides`). */
  parameters?: Record<string, ParameterValue>;
  /** Values other stacks export, for Fn::ImportValue. */
  imports?: Record<string, string>;
  /** CloudFormation stack name for AWS::StackName (default: the file name without extension). */
  stackName?: string;
  /** Pins the snapshot's collectedAt. */
  collectedAt?: string;
}

/** What a loader gets: the options, with the file's display path. */
export interface IacContext {
  file: string;
  /** The file name without directories and extension (default stack name). */
  baseName: string;
  accountId?: string;
  region?: string;
  partition: Partition;
  parameters: Readonly<Record<string, ParameterValue>>;
  imports: Readonly<Record<string, string>>;
  stackName?: string;
  collectedAt?: string;
  /** What to use when neither the options nor the file say. */
  defaults: { accountId: string; region: string; collectedAt: string };
  /** The pseudo parameters the options leave to stand-ins (see cloudformation/intrinsics.ts Environment.undecided). */
  undecided: { "AWS::Region": boolean; "AWS::AccountId": boolean; "AWS::Partition": boolean };
}

/** One resource of the file that became (part of) a snapshot object. */
export interface Mapped<T> {
  value: T;
  /** Logical id (CloudFormation) or resource address (Terraform). */
  id: string;
  /** Resource type (AWS::CloudTrail::Trail, aws_cloudtrail). */
  type: string;
  location: Location;
  /** Locations of parts, keyed by a JSON Pointer relative to the object ("/IsMultiRegionTrail"). */
  parts: Record<string, Location>;
  /** Other resources of the file that set parts of this object (bucket policy, split S3 resources). */
  contributors: { id: string; type: string; location: Location; part: string; cdkPath?: string }[];
  /** aws:cdk:path metadata of a CDK-synthesized resource. */
  cdkPath?: string;
}

/** A resource the file defines, with what it became in the snapshot. */
export interface IacResource {
  id: string;
  type: string;
  location: Location;
  /** The snapshot object (or part) it maps to; absent when it maps to nothing. */
  pointer?: string;
  /** Why it maps to nothing, or how it was read. */
  note?: string;
  cdkPath?: string;
}

/** One entry of a resource's `Metadata: cloudtrail-lint: ignore` (cloudformation/suppressions.ts). */
export interface InlineIgnore {
  /** Logical id and type of the resource whose Metadata holds it. */
  resource: string;
  type: string;
  /** The check id, as written (the CLI checks it against the run's checks). */
  check: string;
  reason: string;
  /** Where the entry's `id` is. */
  location: Location;
}

/** A collection error and the place in the file that leaves the value open. */
export interface LocatedError {
  error: CollectionError;
  location: Location;
}

/** What a loader returns; iac.ts turns it into the snapshot. */
export interface IacModel {
  kind: IacKind;
  file: string;
  accountId: string;
  region: string;
  partition: Partition;
  collectedAt: string;
  description: string;
  trails: Mapped<Trail>[];
  buckets: Mapped<Bucket>[];
  logGroups: Mapped<LogGroup>[];
  alarms: Mapped<MetricAlarm>[];
  scps: Mapped<ServiceControlPolicy>[];
  /** KMS keys the file defines (account.kmsKeys; absent from the snapshot when none). */
  kmsKeys?: Mapped<KmsKey>[];
  /** SNS topics the file defines, with their subscriptions (account.snsTopics; absent from the snapshot when none). */
  snsTopics?: Mapped<SnsTopic>[];
  /** True when the file defines organization policies (the snapshot then has an organization). */
  organizationDeclared: boolean;
  /** Account-level collection errors (Unresolved values), where the file sets the value. */
  errors: LocatedError[];
  /** Organization-level collection errors. */
  organizationErrors: LocatedError[];
  /** The account's own Block Public Access (Terraform aws_s3_account_public_access_block), when the file sets it. */
  accountPublicAccessBlock?: Mapped<PublicAccessBlockConfiguration>;
  /** Resources that map to nothing, with the reason. */
  unmapped: IacResource[];
  /** Parameters a CloudFormation template declares (its Parameters section). */
  declaredParameters?: string[];
  /** IAM principals and policies the file defines (account.iam, partial). */
  iam?: {
    users: Mapped<IamUser>[];
    groups: Mapped<IamGroup>[];
    roles: Mapped<IamRole>[];
    policies: Mapped<IamManagedPolicy>[];
  };
  /** CloudFormation: what the template's text makes AWS reject (cloudformation/template-problems.ts). */
  templateValidation?: { schema: string; resources: number; problems: { problem: TemplateProblem; location: Location }[] };
  /** Where account-level findings point (the Resources section, or the plan's top). */
  root: Location;
  /**
   * Whether the file (a plan's provider configuration or data.aws_region) fixes the region it is
   * deployed to; a CloudFormation template never does (see iac-scope.ts). Absent: it does.
   */
  regionDecided?: boolean;
  /** CloudFormation: the resources' inline suppressions (Metadata: cloudtrail-lint: ignore). */
  ignores?: InlineIgnore[];
}

export interface IacSource {
  /** The file as shown in locations. */
  file: string;
  kind: IacKind;
  /**
   * What the file says, every value decided or a stand-in; what it leaves open is named by the
   * Unresolved collection errors, which the engine turns into unknown values (model/derive.ts).
   */
  snapshot: Known<Snapshot>;
  /** Every relevant resource of the file, in file order. */
  resources: IacResource[];
  /**
   * The file position of a snapshot JSON Pointer: the deepest part the file defines (a property
   * when the file sets it, else its resource, else the file's top).
   */
  locate(pointer: string): Location | undefined;
  /** Parameters a CloudFormation template declares (absent for plans). */
  declaredParameters?: readonly string[];
  /** The resources' inline suppressions, in file order (CloudFormation only; plans keep no comments). */
  ignores?: readonly InlineIgnore[];
}

/** Escapes one JSON Pointer reference token. */
export function pointerToken(token: string | number): string {
  return String(token).replace(/~/g, "~0").replace(/\//g, "~1");
}
