// The metadata rules every check is held to, built-in or from a plugin: the registry test runs
// them over the built-in checks, and the plugin loader over each plugin's checks (a check that
// breaks one is bad input, exit 2). They return problems as text rather than throwing, so that a
// plugin author sees all of them at once.
import { SEVERITIES, type AnyCheck } from "../engine/check.js";
import { resolveParams } from "../engine/run.js";
import { isInputError } from "../util/errors.js";
import { newAjv } from "../util/schemas.js";

/** kebab-case: what a check id (and a plugin name) looks like. */
export const KEBAB_CASE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** A check id as the engine knows it: built-in `<id>`, or `<plugin>/<id>` from a plugin. */
export const CHECK_ID = /^([a-z0-9]+(-[a-z0-9]+)*\/)?[a-z0-9]+(-[a-z0-9]+)*$/;

/** Titles and rationales are sentences a reader acts on, not placeholders. */
export const MIN_TEXT_LENGTH = 21;

const SOURCE_TYPES = ["snapshot", "aws", "cloudformation", "terraform", "example"];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

function show(value: unknown): string {
  if (value === undefined) return "nothing";
  try {
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  } catch {
    return String(value);
  }
}

function remediationProblems(value: unknown, at: string): string[] {
  if (!isRecord(value)) return [`${at}: must be an object { text, cli? } (got ${show(value)})`];
  const problems: string[] = [];
  if (!isText(value.text)) problems.push(`${at}.text: must be a non-empty string`);
  if (value.cli !== undefined && !(Array.isArray(value.cli) && value.cli.every(isText))) {
    problems.push(`${at}.cli: must be a list of commands (non-empty strings)`);
  }
  const cfn = value.cloudformation;
  if (cfn !== undefined) {
    if (!isRecord(cfn) || !isText(cfn.text)) problems.push(`${at}.cloudformation: must be an object { text, properties?, resources? }`);
    else {
      for (const key of ["properties", "resources"] as const) {
        if (cfn[key] !== undefined && !isRecord(cfn[key])) problems.push(`${at}.cloudformation.${key}: must be an object`);
      }
      if (cfn.properties === undefined && cfn.resources === undefined) problems.push(`${at}.cloudformation: needs properties or resources`);
    }
  }
  const tf = value.terraform;
  if (tf !== undefined && !(isRecord(tf) && isText(tf.text) && Array.isArray(tf.snippet) && tf.snippet.length > 0 && tf.snippet.every((l) => typeof l === "string"))) {
    problems.push(`${at}.terraform: must be an object { text, snippet: [HCL lines] }`);
  }
  for (const key of Object.keys(value)) {
    if (!["text", "cli", "cloudformation", "terraform"].includes(key)) problems.push(`${at}: unknown property "${key}"`);
  }
  return problems;
}

/**
 * What is wrong with a check module: empty when nothing. `idPattern` is KEBAB_CASE for a check as
 * its author writes it (a plugin's checks are namespaced after this), CHECK_ID for a loaded one.
 */
export function checkProblems(check: unknown, idPattern: RegExp = KEBAB_CASE): string[] {
  if (!isRecord(check)) return [`must be an object { meta, run } (got ${show(check)})`];
  const problems: string[] = [];
  if (typeof check.run !== "function") problems.push(`run: must be a function (snapshot, params) => results (got ${show(check.run)})`);
  const meta = check.meta;
  if (!isRecord(meta)) return [...problems, `meta: must be an object (got ${show(meta)})`];

  if (typeof meta.id !== "string" || !idPattern.test(meta.id)) {
    problems.push(`meta.id: must be kebab-case, like "trail-owner-tag" (got ${show(meta.id)})`);
  }
  for (const field of ["title", "rationale"] as const) {
    const value = meta[field];
    if (typeof value !== "string" || value.trim().length < MIN_TEXT_LENGTH) {
      problems.push(`meta.${field}: must be a sentence of at least ${MIN_TEXT_LENGTH} characters (got ${show(value)})`);
    }
  }
  if (!(SEVERITIES as readonly unknown[]).includes(meta.severity)) {
    problems.push(`meta.severity: must be one of ${SEVERITIES.join(", ")} (got ${show(meta.severity)})`);
  }
  if (!Array.isArray(meta.reads) || meta.reads.length === 0) {
    problems.push(`meta.reads: must list the API calls the verdict depends on, e.g. [{ service: "cloudtrail", operation: "DescribeTrails" }] (got ${show(meta.reads)})`);
  } else {
    meta.reads.forEach((read: unknown, i) => {
      if (!isRecord(read) || !isText(read.service) || !isText(read.operation)) {
        problems.push(`meta.reads[${i}]: must be { service, operation } (got ${show(read)})`);
      }
    });
  }
  const messages = meta.messages;
  if (!isRecord(messages) || Object.keys(messages).length === 0) {
    problems.push(`meta.messages: must be an object of message templates by messageId (got ${show(messages)})`);
  } else {
    for (const [id, template] of Object.entries(messages)) {
      if (!isText(template)) problems.push(`meta.messages.${id}: must be a non-empty string`);
    }
  }
  if (meta.iacMessages !== undefined) {
    if (!isRecord(meta.iacMessages)) problems.push(`meta.iacMessages: must be an object of message templates by messageId`);
    else {
      for (const [id, template] of Object.entries(meta.iacMessages)) {
        if (isRecord(messages) && !(id in messages)) problems.push(`meta.iacMessages.${id}: there is no message "${id}" in meta.messages`);
        if (!isText(template)) problems.push(`meta.iacMessages.${id}: must be a non-empty string`);
      }
    }
  }
  problems.push(...remediationProblems(meta.remediation, "meta.remediation"));
  if (meta.fixes !== undefined) {
    if (!isRecord(meta.fixes)) problems.push(`meta.fixes: must be an object of remediations by messageId`);
    else {
      for (const [id, fix] of Object.entries(meta.fixes)) {
        if (isRecord(messages) && !(id in messages)) problems.push(`meta.fixes.${id}: there is no message "${id}" in meta.messages`);
        problems.push(...remediationProblems(fix, `meta.fixes.${id}`));
      }
    }
  }
  if (!isRecord(meta.frameworks)) {
    problems.push(`meta.frameworks: must be an object of control ids by framework, {} for none (got ${show(meta.frameworks)})`);
  } else {
    for (const [framework, ids] of Object.entries(meta.frameworks)) {
      if (!Array.isArray(ids) || ids.length === 0 || !ids.every(isText)) problems.push(`meta.frameworks.${framework}: must be a non-empty list of control ids`);
    }
  }
  if (meta.docsUrl !== undefined && !(typeof meta.docsUrl === "string" && /^https?:\/\/\S+$/.test(meta.docsUrl))) {
    problems.push(`meta.docsUrl: must be an http(s) URL (got ${show(meta.docsUrl)})`);
  }
  if (meta.judges !== undefined && meta.judges !== "account" && meta.judges !== "resource") {
    problems.push(`meta.judges: must be "account" or "resource" (got ${show(meta.judges)})`);
  }
  if (meta.appliesTo !== undefined && !(Array.isArray(meta.appliesTo) && meta.appliesTo.every((t) => SOURCE_TYPES.includes(t as string)))) {
    problems.push(`meta.appliesTo: must be a list of ${SOURCE_TYPES.join(", ")} (got ${show(meta.appliesTo)})`);
  }
  problems.push(...paramsProblems(meta.params, check as unknown as AnyCheck));
  return problems;
}

/** The params schema compiles (ajv, as the engine uses it), is a closed object, and its defaults satisfy it. */
function paramsProblems(params: unknown, check: AnyCheck): string[] {
  const example = 'e.g. { type: "object", properties: {}, additionalProperties: false }';
  if (!isRecord(params)) return [`meta.params: must be a JSON Schema object, ${example} (got ${show(params)})`];
  const problems: string[] = [];
  if (params.type !== "object") problems.push(`meta.params.type: must be "object" (got ${show(params.type)})`);
  if (params.additionalProperties !== false) {
    problems.push(`meta.params.additionalProperties: must be false, so that a misspelt param is an error (got ${show(params.additionalProperties)})`);
  }
  try {
    newAjv({ useDefaults: true }).compile(params);
  } catch (error) {
    return [...problems, `meta.params: not a valid JSON Schema: ${error instanceof Error ? error.message : String(error)}`];
  }
  if (problems.length > 0) return problems;
  try {
    resolveParams(check, {});
  } catch (error) {
    if (!isInputError(error)) throw error;
    const detail = error.message.split("\n").slice(1).map((line) => line.trim()).join("; ");
    problems.push(`meta.params: the defaults do not satisfy the schema: ${detail}`);
  }
  return problems;
}
