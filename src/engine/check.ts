// The check API: a check module is metadata plus a pure function of the snapshot.
import type { Snapshot } from "../model/snapshot.js";
import type { UnknownRef } from "../model/unknown.js";
import type { CloudFormationFix, TerraformFix } from "./iac-fix.js";

export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const STATUSES = ["PASS", "FAIL", "ERROR", "NOT_APPLICABLE"] as const;
export type Status = (typeof STATUSES)[number];

/** What produced a snapshot: snapshot.source.type, or "snapshot" for a file that does not say. */
export type SourceType = NonNullable<Snapshot["source"]>["type"];

/** Higher is worse. */
export const SEVERITY_RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

/**
 * An API call a check reads the results of: documentation (`checks --format json`, the docs, the
 * shipped IAM policy's test). Not what decides ERROR: that follows from the unknowns a result uses.
 */
export interface Read {
  service: string;
  operation: string;
}

export interface Remediation {
  /** What to do, in one or two sentences; may use {{placeholders}} from the result's data. */
  text: string;
  /** Exact AWS CLI commands, with {{placeholders}} filled from the result's data. */
  cli?: string[];
  /**
   * The same fix as a template change, for findings on CloudFormation templates (src/engine/iac-fix.ts):
   * shown first, the CLI commands then only for a resource already deployed.
   */
  cloudformation?: CloudFormationFix;
  /** The same fix as a Terraform change (HCL lines), for findings on Terraform plans. */
  terraform?: TerraformFix;
}

export interface CheckMeta<MessageId extends string = string> {
  /** kebab-case slug, equal to the module's file name; never reused. */
  id: string;
  title: string;
  severity: Severity;
  /** Why it matters, for the report and SARIF help text. */
  rationale: string;
  /** What the check reads, in the snapshot's terms (for docs and `checks --format json`). */
  reads: Read[];
  /** Message templates keyed by messageId; `{{name}}` is replaced from the result's data. */
  messages: Record<MessageId, string>;
  /**
   * Wording for templates and plans where a message's live wording does not fit a file (it speaks of
   * delivery, of data read from AWS, of scanning an account). Same messageId, same data.
   */
  iacMessages?: Partial<Record<MessageId, string>>;
  /** The general fix, shown in rule help. */
  remediation: Remediation;
  /**
   * A more exact fix per FAIL messageId; falls back to `remediation`. A fix without `cloudformation`
   * or `terraform` shows its live text and commands on a file too (the registry test requires both
   * wherever the FAIL can occur on one).
   */
  fixes?: Partial<Record<MessageId, Remediation>>;
  /** Framework control ids, e.g. { securityhub: ["CloudTrail.1"], "cis-aws-foundations-5.0": ["3.1"] }. */
  frameworks: Record<string, string[]>;
  /** JSON Schema of the params object; defaults live in the schema (ajv useDefaults). */
  params: Record<string, unknown>;
  /** Documentation link. */
  docsUrl?: string;
  /**
   * What one result is a verdict on: the account as a whole, over every trail that covers it, or
   * (the default) the one resource it names. Documentation: which unknowns a result rests on is the
   * check's to say (CheckResult.unknowns).
   */
  judges?: "account" | "resource";
  /**
   * The kinds of input the check is about (snapshot.source.type; "snapshot" for a file without a
   * source). Elsewhere the check does not run at all: no result, not even NOT_APPLICABLE.
   */
  appliesTo?: readonly SourceType[];
}

export type DataValue = string | number | boolean;

/** What a check returns: facts and ids; the engine renders text and adds severity. */
export interface CheckResult<MessageId extends string = string> {
  status: Status;
  messageId: MessageId;
  accountId: string;
  region?: string;
  /** ARN of the resource judged (trail, bucket, ...); absent for account-level results. */
  resource?: string;
  /** JSON Pointer (RFC 6901) to the judged object in the snapshot. */
  pointer?: string;
  /** JSON Pointer to the one field that decided the verdict, when one did (IaC findings point there). */
  property?: string;
  /** Values for the message and remediation placeholders. */
  data?: Record<string, DataValue>;
  /** The fields that decided the verdict. */
  evidence?: Record<string, unknown>;
  /**
   * Unknown values the verdict rests on. When there is any, the engine reports ERROR naming their
   * causes, whatever the status: a verdict built on a value nobody read is no verdict.
   */
  unknowns?: UnknownRef[];
}

export interface CheckModule<Params = Record<string, unknown>, MessageId extends string = string> {
  meta: CheckMeta<MessageId>;
  /** Pure: no I/O, no clock, no mutation of the snapshot. `params` is already validated with defaults. */
  run(snapshot: Snapshot, params: Params): CheckResult<MessageId>[];
  /**
   * Set by the plugin loader on a plugin's checks, whose meta.id it namespaces as `<plugin>/<id>`;
   * a check never sets it itself.
   */
  readonly plugin?: { name: string; version?: string };
}

/** Identity helper that ties a check's Params and MessageId types to its meta. */
export function defineCheck<Params, MessageId extends string>(
  check: CheckModule<Params, MessageId>,
): CheckModule<Params, MessageId> {
  return check;
}

/** A check with its types erased, as the registry and engine hold it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCheck = CheckModule<any, string>;
