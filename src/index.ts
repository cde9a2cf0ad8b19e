// The package's public API: what a plugin (users' own checks, README "Plugins") imports from
// "cloudtrail-lint".
//
// Stable: everything exported here follows semantic versioning. A change that breaks a plugin
// written against it (a removed or renamed export, a narrower parameter, a wider return type, a
// required field added to CheckMeta or CheckResult, a snapshot field that turns Maybe) comes only
// with a new major version. New snapshot fields, new optional meta fields and new helpers may come
// in any minor version. Nothing else in the package is API: the `exports` map of package.json
// refuses deep imports (cloudtrail-lint/dist/...), and modules not exported here may change in any
// release.

// The check API: a check is metadata plus a pure function of the snapshot.
export { defineCheck, SEVERITIES, SEVERITY_RANK, STATUSES } from "./engine/check.js";
export type { AnyCheck, CheckMeta, CheckModule, CheckResult, DataValue, Read, Remediation, Severity, SourceType, Status } from "./engine/check.js";

// The plugin's own shape: `export default definePlugin({ meta: { name, version }, checks: [...] })`.
export { definePlugin } from "./plugins/plugin.js";
export type { Plugin, PluginMeta } from "./plugins/plugin.js";

// The snapshot checks read (schemas/snapshot.schema.json), with AWS's field names.
export type * from "./model/snapshot.js";

// Unknown is a value: a field a read did not fill holds { $unknown: cause }. A result that rests on
// one lists it in `unknowns`, and the engine reports ERROR naming the cause.
export { distinctUnknowns, isUnknown, known, unknownAt } from "./model/unknown.js";
export type { Known, Maybe, Unknown, UnknownRef } from "./model/unknown.js";

// Which trails cover an account (organization trails, shadow copies, logging status) and what
// keeps that from being known; the buckets the trails deliver to.
export {
  accountIndex,
  allTrails,
  bucketsByName,
  coverageGaps,
  coveringTrails,
  coversRegion,
  findAccount,
  GLOBAL_EVENT_REGION,
  isActiveMember,
  isLogging,
  knownStatus,
  logBuckets,
  loggingCoverage,
  parseArn,
  tagValue,
  trailFlag,
  trailString,
} from "./model/coverage.js";
export type { ArnParts, BucketRef, LogBucket, LoggingCoverage, TrailFlagField, TrailRef, TrailStringField } from "./model/coverage.js";

// Suspended and closing accounts: what every per-account check says of them.
export { isClosed, SUSPENDED_MESSAGE, suspendedResult } from "./checks/lib/accounts.js";

// Running one check as the CLI does (params validated with defaults, messages rendered, unknowns
// turned into ERROR): for a plugin's own tests.
export { resolveParams, runCheck } from "./engine/run.js";
export type { CheckSetting, Finding } from "./engine/run.js";
export { describeCollectionError } from "./model/errors.js";
