// The engine: validates params, runs checks, turns collection errors and throws into ERROR,
// renders messages and remediation, and adds check id, title and configured severity.
import type { ValidateFunction } from "ajv";
import { withUnknowns } from "../model/derive.js";
import { describeCollectionError } from "../model/errors.js";
import type { CollectionError, Snapshot } from "../model/snapshot.js";
import { distinctUnknowns, type UnknownRef } from "../model/unknown.js";
import { InputError } from "../util/errors.js";
import { describeErrors, newAjv } from "../util/schemas.js";
import { liveTemplates, placeholders, render, renderKey } from "./render.js";

export { describeCollectionError, render };
import { STATUSES, type AnyCheck, type CheckMeta, type CheckResult, type DataValue, type Remediation, type Severity, type Status } from "./check.js";
import {
  renderCloudFormation,
  renderTerraform,
  resourceNames,
  SYNTHESIZED_ACCOUNT_ID,
  withoutStandInRegion,
  withoutSynthesizedAccount,
  type IacContext,
  type IacMedium,
  type IacRemediation,
} from "./iac-fix.js";

export type { IacContext, IacRemediation };

/** One judged resource, as reporters see it. */
export interface Finding {
  checkId: string;
  title: string;
  status: Status;
  severity: Severity;
  accountId: string;
  accountName?: string;
  region?: string;
  resource?: string;
  messageId: string;
  message: string;
  /** JSON Pointer to the judged object inside the input. */
  pointer?: string;
  /** JSON Pointer to the field that decided the verdict, when one did. */
  property?: string;
  /** Which input (file path, or a label) the finding came from. */
  input?: string;
  /**
   * Where the judged object is in the input file: repository-relative path (forward slashes) and
   * 1-based line/column. Filled after the checks ran (the CLI maps `pointer` to a position).
   */
  location?: { file: string; startLine: number; startColumn?: number };
  evidence: Record<string, unknown>;
  /**
   * Filled fix for FAIL results. On a template or plan: `text` and `iac` are the change to the file,
   * and `cli` the commands for a resource already deployed.
   */
  remediation?: { text: string; cli: string[]; iac?: IacRemediation };
  /**
   * Set when a suppression matched: one of the config file's, or (with `inSource`) a resource's
   * `Metadata: cloudtrail-lint: ignore` entry in the template itself.
   */
  suppressed?: { reason: string; expires?: string; inSource?: { file: string; resource: string; line: number } };
  /**
   * With --baseline, on FAIL and ERROR results only: whether the baseline report had a finding with
   * the same fingerprint (src/engine/baseline.ts).
   */
  baseline?: "new" | "unchanged";
}

/** How one check is configured for a run. */
export interface CheckSetting {
  enabled: boolean;
  severity: Severity;
  /** Already validated, with defaults filled. */
  params: Record<string, unknown>;
}

const paramsAjv = newAjv({ useDefaults: true });
const paramValidators = new WeakMap<AnyCheck, ValidateFunction>();

/**
 * Validates user params for a check against its schema and fills defaults, on a clone.
 * `where` names the place the params came from (config file and path) for the error message.
 */
export function resolveParams(check: AnyCheck, params: unknown, where = `params of ${check.meta.id}`): Record<string, unknown> {
  let validate = paramValidators.get(check);
  if (!validate) {
    validate = paramsAjv.compile(check.meta.params);
    paramValidators.set(check, validate);
  }
  const clone = structuredClone(params ?? {}) as Record<string, unknown>;
  if (!validate(clone)) {
    throw new InputError(`${where}: invalid params for check ${check.meta.id}:\n${describeErrors(validate.errors).map((l) => `  at ${l}`).join("\n")}`);
  }
  return clone;
}

export function defaultSetting(check: AnyCheck): CheckSetting {
  return { enabled: true, severity: check.meta.severity, params: resolveParams(check, {}) };
}

/** The medium a snapshot's fixes are written in: the template's or plan's, else none (live commands). */
function mediumOf(snapshot: Snapshot): IacMedium | undefined {
  const type = snapshot.source?.type;
  return type === "cloudformation" || type === "terraform" ? type : undefined;
}

function renderRemediation(
  meta: CheckMeta,
  result: CheckResult,
  snapshot: Snapshot,
  iac: IacContext | undefined,
): NonNullable<Finding["remediation"]> {
  const checkId = meta.id;
  const remediation: Remediation = meta.fixes?.[result.messageId] ?? meta.remediation;
  const medium = mediumOf(snapshot);
  let data = result.data ?? {};
  // An IaC file names no real account: its synthesized id is not printed as if it were one.
  if (medium !== undefined && snapshot.accounts.some((a) => a.Id === SYNTHESIZED_ACCOUNT_ID)) data = withoutSynthesizedAccount(data);
  // Nor is the region that stands in for "the region the stack is deployed to".
  if (medium !== undefined) data = withoutStandInRegion(data);
  const cli = (remediation.cli ?? []).map((command) => render(command, data, checkId));
  if (medium === undefined) return { text: render(remediation.text, data, checkId), cli };

  const resource = result.pointer !== undefined ? iac?.resourceAt?.(result.pointer) : undefined;
  const named = { ...resourceNames(medium, resource), ...data };
  const draw = (template: string, values: Record<string, DataValue>) => render(template, values, checkId);
  if (medium === "cloudformation") {
    const fix = remediation.cloudformation;
    if (fix === undefined) return { text: render(remediation.text, data, checkId), cli };
    const syntax = iac?.syntax ?? "yaml";
    return { text: draw(fix.text, named), cli, iac: { medium, syntax, snippet: renderCloudFormation(fix, named, syntax, draw) } };
  }
  const fix = remediation.terraform;
  if (fix === undefined) return { text: render(remediation.text, data, checkId), cli };
  return { text: draw(fix.text, named), cli, iac: { medium, syntax: "hcl", snippet: renderTerraform(fix, named, draw) } };
}

/** The message template of a result: on a template or plan, its IaC wording when it has one. */
function messageTemplate(meta: CheckMeta, messageId: string, snapshot: Snapshot): string | undefined {
  return (mediumOf(snapshot) !== undefined ? meta.iacMessages?.[messageId] : undefined) ?? meta.messages[messageId];
}

/** JSON Pointers of the snapshot's collection errors, by object and by content, built once per snapshot. */
const errorPointers = new WeakMap<Snapshot, { byObject: Map<CollectionError, string>; byKey: Map<string, string> }>();

function errorKey(error: CollectionError): string {
  return JSON.stringify([error.service, error.operation, error.region, error.resource, error.code, error.message]);
}

/** Where the collection error that caused an unknown is listed (IaC maps that pointer to the file and line). */
function causePointer(snapshot: Snapshot, cause: CollectionError): string | undefined {
  let index = errorPointers.get(snapshot);
  if (!index) {
    index = { byObject: new Map(), byKey: new Map() };
    const add = (error: CollectionError, pointer: string) => {
      index!.byObject.set(error, pointer);
      if (!index!.byKey.has(errorKey(error))) index!.byKey.set(errorKey(error), pointer);
    };
    snapshot.accounts.forEach((account, a) => (account.collectionErrors ?? []).forEach((e, i) => add(e, `/accounts/${a}/collectionErrors/${i}`)));
    (snapshot.organization?.collectionErrors ?? []).forEach((e, i) => add(e, `/organization/collectionErrors/${i}`));
    errorPointers.set(snapshot, index);
  }
  return index.byObject.get(cause) ?? index.byKey.get(errorKey(cause));
}

/**
 * The ERROR that stands in for a verdict resting on unknown values. It points at the failed read
 * (or the undecided expression): that is what the user has to fix first. The verdict the check
 * would have given is kept in the evidence, as far as it can be rendered without the unknowns.
 */
function undecided(snapshot: Snapshot, result: CheckResult, unknowns: UnknownRef[], base: BaseFinding, template: string | undefined): Finding {
  const causes = unknowns.map((u) => u.cause);
  let message: string | undefined;
  try {
    message = template !== undefined ? render(template, result.data, base.checkId) : undefined;
  } catch {
    message = undefined; // the data a verdict needs may be what could not be read
  }
  return {
    ...base,
    ...(result.region !== undefined ? { region: result.region } : {}),
    ...(result.resource !== undefined ? { resource: result.resource } : {}),
    pointer: causePointer(snapshot, causes[0]!) ?? unknowns[0]!.pointer,
    status: "ERROR",
    messageId: "collection-error",
    message: undecidedMessage(result, message, causes),
    evidence: {
      collectionErrors: causes,
      unknownFields: [...new Set(unknowns.map((u) => u.pointer))],
      undecided: {
        status: result.status,
        ...(message !== undefined ? { message } : {}),
        ...(result.pointer !== undefined ? { pointer: result.pointer } : {}),
      },
    },
  };
}

/**
 * "Could not decide: <causes>." — after the check's own words when the check itself said what is
 * undecided (an ERROR standing in for what could not be listed).
 */
function undecidedMessage(result: CheckResult, message: string | undefined, causes: CollectionError[]): string {
  const why = [...new Set(causes.map(describeCollectionError))].join("; ");
  return result.status === "ERROR" && message !== undefined ? `${message} Could not decide: ${why}.` : `Could not decide: ${why}.`;
}

type BaseFinding = Pick<Finding, "checkId" | "title" | "severity" | "accountId" | "accountName" | "input">;

/**
 * Runs one check over one snapshot. Never throws for a check's own failure: a throw becomes one
 * ERROR finding per account, so one broken check cannot hide the others.
 */
export function runCheck(check: AnyCheck, snapshot: Snapshot, setting: CheckSetting, input?: string, iac?: IacContext): Finding[] {
  const { meta } = check;
  const names = accountNames(snapshot);
  // Built field by field, in the order reporters write them (no spreads: this runs for every result).
  const base = (accountId: string): BaseFinding => {
    const finding: BaseFinding = { checkId: meta.id, title: meta.title, severity: setting.severity, accountId };
    const name = names.get(accountId);
    if (name !== undefined) finding.accountName = name;
    if (input !== undefined) finding.input = input;
    return finding;
  };

  if (meta.appliesTo && !meta.appliesTo.includes(snapshot.source?.type ?? "snapshot")) return [];
  // Snapshots written before unknowns were values (and hand-written ones) get them from their errors.
  snapshot = withUnknowns(snapshot);
  let results: CheckResult[];
  try {
    results = check.run(snapshot, setting.params);
    // A plugin's check is not compiled with ours: what it returns is checked like any input.
    if (!Array.isArray(results)) throw new Error(`run() returned ${describeValue(results)}, not a list of results`);
    const bad = results.find((r) => !isResult(r));
    if (bad !== undefined) throw new Error(`run() returned a result without a valid status, messageId and accountId: ${describeValue(bad)}`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return snapshot.accounts.map((account) => ({
      ...base(account.Id),
      status: "ERROR" as const,
      messageId: "internal-error",
      message: `Internal error in check ${meta.id}: ${reason}`,
      evidence: {},
    }));
  }

  // Many results say the same thing with the same data (every member of an organization trail is
  // judged on the one trail): rendered once, and the text shared. Not on a template or plan, whose
  // fixes also depend on the resource a result points at.
  const rendered = mediumOf(snapshot) === undefined ? new Map<string, { message: string; remediation: Finding["remediation"] }>() : undefined;
  // The placeholders the texts of each status and messageId use: the render key is made of their values.
  const namesOf = new Map<string, string[]>();
  const keyOf = (result: CheckResult, template: string): string | undefined => {
    const kind = `${result.status}\u0000${result.messageId}`;
    let names = namesOf.get(kind);
    if (names === undefined) namesOf.set(kind, (names = placeholders(liveTemplates(meta, result.status, result.messageId, template))));
    return renderKey(result.status, result.messageId, names, result.data);
  };
  return results.map((result): Finding => {
    const template = messageTemplate(meta, result.messageId, snapshot);
    const unknowns = distinctUnknowns(result.unknowns ?? []);
    if (unknowns.length > 0) return undecided(snapshot, result, unknowns, base(result.accountId), template);
    let message: string;
    let remediation: Finding["remediation"];
    try {
      if (template === undefined) throw new Error(`check ${meta.id}: unknown messageId "${result.messageId}"`);
      const key = rendered && keyOf(result, template);
      const known = key !== undefined ? rendered!.get(key) : undefined;
      if (known) ({ message, remediation } = known);
      else {
        message = render(template, result.data, meta.id);
        if (result.status === "FAIL") remediation = renderRemediation(meta, result, snapshot, iac);
        if (key !== undefined) rendered!.set(key, { message, remediation });
      }
    } catch (error) {
      return {
        ...base(result.accountId),
        status: "ERROR",
        messageId: "internal-error",
        message: `Internal error in check ${meta.id}: ${error instanceof Error ? error.message : String(error)}`,
        evidence: {},
      };
    }
    const finding = base(result.accountId) as Finding;
    if (result.region !== undefined) finding.region = result.region;
    if (result.resource !== undefined) finding.resource = result.resource;
    if (result.pointer !== undefined) finding.pointer = result.pointer;
    if (result.property !== undefined) finding.property = result.property;
    finding.status = result.status;
    finding.messageId = result.messageId;
    finding.message = message;
    finding.evidence = result.evidence ?? {};
    if (remediation) finding.remediation = remediation;
    return finding;
  });
}

/** Account names by id, built once per snapshot (every check's results are named from it). */
const namesOf = new WeakMap<Snapshot, Map<string, string | undefined>>();
function accountNames(snapshot: Snapshot): Map<string, string | undefined> {
  let names = namesOf.get(snapshot);
  if (names === undefined) namesOf.set(snapshot, (names = new Map(snapshot.accounts.map((a) => [a.Id, a.Name]))));
  return names;
}

function isResult(value: unknown): value is CheckResult {
  if (typeof value !== "object" || value === null) return false;
  const r = value as Record<string, unknown>;
  return (STATUSES as readonly unknown[]).includes(r.status) && typeof r.messageId === "string" && typeof r.accountId === "string";
}

function describeValue(value: unknown): string {
  if (value instanceof Promise) return "a Promise (run must not be async)";
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  text ??= String(value);
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

/** Deterministic order: account, check, resource, region, message. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.input, b.input) ||
    cmp(a.accountId, b.accountId) ||
    cmp(a.checkId, b.checkId) ||
    cmp(a.resource, b.resource) ||
    cmp(a.region, b.region) ||
    cmp(a.pointer, b.pointer) ||
    cmp(a.message, b.message)
  );
}

function cmp(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return a < b ? -1 : 1;
}

/** Runs every enabled check over a snapshot. */
export function runChecks(
  checks: readonly AnyCheck[],
  snapshot: Snapshot,
  settings: ReadonlyMap<string, CheckSetting>,
  input?: string,
  iac?: IacContext,
): Finding[] {
  // Sorted as by compareFindings, whose first keys are the input (one here) and the account: the
  // findings are grouped by account (in the order they come, so the sort stays stable), the groups
  // ordered by account id and each group sorted alone — the same order as one sort of them all,
  // without comparing findings of different accounts.
  const byAccount = new Map<string, Finding[]>();
  for (const check of checks) {
    const setting = settings.get(check.meta.id) ?? defaultSetting(check);
    if (!setting.enabled) continue;
    for (const finding of runCheck(check, snapshot, setting, input, iac)) {
      const group = byAccount.get(finding.accountId);
      if (group === undefined) byAccount.set(finding.accountId, [finding]);
      else group.push(finding);
    }
  }
  const findings: Finding[] = [];
  for (const id of [...byAccount.keys()].sort((a, b) => cmp(a, b))) {
    for (const finding of byAccount.get(id)!.sort(compareFindings)) findings.push(finding);
  }
  return findings;
}
