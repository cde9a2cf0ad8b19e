// Filling a check's `{{placeholder}}` templates from a result's data, and the key under which a
// rendered text can be shared: results whose placeholders hold the same values get the same text.
import type { CheckMeta, DataValue } from "./check.js";

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
/** Compiled templates are a check's own texts: a few hundred; a plugin making texts up cannot grow this without bound. */
const MAX_COMPILED = 10_000;
const compiled = new Map<string, readonly string[]>();

/** "a {{x}} b" -> ["a ", "x", " b"]: literal text at even indexes, placeholder names at odd ones. */
function compile(template: string): readonly string[] {
  let parts = compiled.get(template);
  if (parts === undefined) {
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(template, (parts = template.split(PLACEHOLDER)));
  }
  return parts;
}

/** Replaces `{{name}}` with data[name]; a missing name is a bug in the check, so it throws. */
export function render(template: string, data: Record<string, DataValue> | undefined, checkId: string): string {
  const parts = compile(template);
  if (parts.length === 1) return template;
  // Joined, not concatenated: one flat string, not a tree of pieces kept alive with the finding.
  const out: string[] = new Array<string>(parts.length);
  out[0] = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    const value = data?.[name];
    if (value === undefined) throw new Error(`check ${checkId}: no data for placeholder {{${name}}}`);
    out[i] = String(value);
    out[i + 1] = parts[i + 1]!;
  }
  return out.join("");
}

/** The placeholder names of templates, each once, in order. */
export function placeholders(templates: readonly string[]): string[] {
  const names = new Set<string>();
  for (const template of templates) {
    const parts = compile(template);
    for (let i = 1; i < parts.length; i += 2) names.add(parts[i]!);
  }
  return [...names];
}

/**
 * What the texts of a result depend on, as one string: its status, messageId and the value of each
 * placeholder its message and fix use (length-prefixed, so no two lists of values give one key).
 * Undefined when a placeholder has no value: that result is rendered on its own, and its error told.
 */
export function renderKey(status: string, messageId: string, names: readonly string[], data: Record<string, DataValue> | undefined): string | undefined {
  let key = `${status}\u0000${messageId}`;
  for (const name of names) {
    const value = data?.[name];
    if (value === undefined) return undefined;
    const text = String(value);
    key += `\u0000${text.length}:${text}`;
  }
  return key;
}

/** The templates a live (not IaC) result of this status and messageId is rendered from. */
export function liveTemplates(meta: CheckMeta, status: string, messageId: string, message: string): string[] {
  if (status !== "FAIL") return [message];
  const remediation = meta.fixes?.[messageId] ?? meta.remediation;
  return [message, remediation.text, ...(remediation.cli ?? [])];
}
