// Terraform's JSON configuration syntax (.tf.json, .tfvars.json) -> the syntax tree of ast.ts.
//
// In JSON, what is a block and what is an attribute comes from the schema: the top-level block
// types have fixed labels (resource and data two, module/variable/output/provider one, locals and
// terraform none); inside a resource, an object or an array of objects under a nested block name
// of the AWS resources this tool maps (NESTED_BLOCKS) is that block, anything else an attribute.
// Every JSON string is a template (`"${aws_s3_bucket.logs.id}"`), except a variable's default,
// which is a literal value, and its type, which is a type expression. Keys named "//" are comments.
import { InputError } from "../../util/errors.js";
import { isRecord } from "../../util/records.js";
import { parseJsonSource, type PositionTable } from "../cloudformation/document.js";
import type { Attribute, Block, Body, ConfigFile, Expr, Span } from "./ast.js";
import { parseHclExpression } from "./parse.js";

/** Nested block names of the resources and data sources mapped, and Terraform's meta blocks. */
const NESTED_BLOCKS = new Set([
  "lifecycle", "dynamic", "content", "provisioner", "connection", "required_providers", "backend",
  "event_selector", "data_resource", "advanced_event_selector", "field_selector", "insight_selector",
  "versioning", "versioning_configuration", "server_side_encryption_configuration", "rule", "apply_server_side_encryption_by_default",
  "object_lock_configuration", "default_retention", "logging", "lifecycle_rule", "grant", "access_control_policy", "owner",
  "metric_transformation", "metric_query", "metric", "statement", "principals", "not_principals", "condition", "validation",
]);

const LABELS: Record<string, number> = { resource: 2, data: 2, module: 1, variable: 1, output: 1, provider: 1, locals: 0, terraform: 0 };

interface JsonContext {
  file: string;
  positions: PositionTable;
  strings: Promise<void>[];
}

function spanAt(c: JsonContext, container: unknown, key: string | number): Span {
  const pos = c.positions.property(container, key) ?? c.positions.node(container);
  return { file: c.file, line: pos?.line ?? 1, column: pos?.column ?? 1 };
}

/** A JSON string as the HCL quoted template it stands for. */
function quoted(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `"${out}"`;
}

function valueExpr(c: JsonContext, value: unknown, span: Span, literal: boolean): Expr {
  if (typeof value === "string") {
    if (literal || !/[$%]\{/.test(value)) return { kind: "literal", value, span };
    const expr: Expr = { kind: "literal", value, span };
    // Parsed asynchronously; the placeholder is replaced in place.
    c.strings.push(
      parseHclExpression(quoted(value), c.file, { line: span.line, column: span.column }).then((parsed) => {
        Object.assign(expr, parsed);
      }),
    );
    return expr;
  }
  if (value === null || typeof value === "boolean" || typeof value === "number") return { kind: "literal", value, span };
  if (Array.isArray(value)) return { kind: "tuple", items: value.map((item, i) => valueExpr(c, item, spanAt(c, value, i), literal)), span };
  if (isRecord(value)) {
    return {
      kind: "object",
      items: Object.keys(value)
        .filter((k) => k !== "//")
        .map((k) => ({ key: { kind: "literal", value: k, span: spanAt(c, value, k) }, value: valueExpr(c, value[k], spanAt(c, value, k), literal) })),
      span,
    };
  }
  return { kind: "literal", value: null, span };
}

/** A JSON string that holds an expression itself, not a template (a variable's `"type": "list(string)"`). */
function expressionText(c: JsonContext, text: string, span: Span): Expr {
  const expr: Expr = { kind: "literal", value: text, span };
  c.strings.push(
    parseHclExpression(text, c.file, { line: span.line, column: span.column }).then((parsed) => {
      Object.assign(expr, parsed);
    }),
  );
  return expr;
}

function bodyOf(c: JsonContext, value: unknown, span: Span, blockType?: string): Body {
  const body: Body = { attributes: [], blocks: [], span };
  if (!isRecord(value)) return body;
  for (const key of Object.keys(value)) {
    if (key === "//") continue;
    const item = value[key];
    const at = spanAt(c, value, key);
    if (key === "dynamic" && isRecord(item)) {
      for (const label of Object.keys(item)) body.blocks.push(...blocksOf(c, "dynamic", [label], item[label], spanAt(c, item, label)));
    } else if (NESTED_BLOCKS.has(key) && (isRecord(item) || (Array.isArray(item) && item.every(isRecord)))) {
      body.blocks.push(...blocksOf(c, key, [], item, at));
    } else if (blockType === "variable" && key === "type" && typeof item === "string") {
      body.attributes.push({ name: key, expr: expressionText(c, item, at), span: at });
    } else {
      body.attributes.push({ name: key, expr: valueExpr(c, item, at, blockType === "variable" && key === "default"), span: at } satisfies Attribute);
    }
  }
  return body;
}

function blocksOf(c: JsonContext, type: string, labels: string[], value: unknown, span: Span): Block[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((item, i) => ({ type, labels, body: bodyOf(c, item, Array.isArray(value) ? spanAt(c, value, i) : span, type), span, leadingComments: [] }));
}

/** Blocks of a top-level type, its labels read from nested objects. */
function topBlocks(c: JsonContext, type: string, value: unknown, span: Span): Block[] {
  const depth = LABELS[type] ?? 0;
  const out: Block[] = [];
  const walk = (node: unknown, labels: string[], at: Span) => {
    if (labels.length === depth) {
      out.push(...blocksOf(c, type, labels, node, at));
      return;
    }
    if (!isRecord(node)) throw new InputError(`${at.file}:${at.line}:${at.column}: ${type} block: expected an object of ${depth - labels.length} more label(s)`, at.file);
    for (const key of Object.keys(node)) if (key !== "//") walk(node[key], [...labels, key], spanAt(c, node, key));
  };
  walk(value, [], span);
  return out;
}

/** Parses one file of Terraform's JSON syntax. */
export async function parseJsonConfig(text: string, file: string): Promise<ConfigFile> {
  const source = parseJsonSource(text, file);
  if (!isRecord(source.value)) throw new InputError(`${file}:1:1: a Terraform JSON configuration file must be one object`, file);
  const c: JsonContext = { file, positions: source.positions, strings: [] };
  const root = source.value;
  const body: Body = { attributes: [], blocks: [], span: { file, line: 1, column: 1 } };
  for (const key of Object.keys(root)) {
    if (key === "//") continue;
    body.blocks.push(...topBlocks(c, key, root[key], spanAt(c, root, key)));
  }
  await Promise.all(c.strings);
  return { file, body, syntax: "json" };
}

/** A .tfvars.json file: its top-level keys are the variables, values literal. */
export function parseJsonVariables(text: string, file: string): Attribute[] {
  const source = parseJsonSource(text, file);
  if (!isRecord(source.value)) throw new InputError(`${file}:1:1: a variables file must be one JSON object`, file);
  const c: JsonContext = { file, positions: source.positions, strings: [] };
  const root = source.value;
  return Object.keys(root)
    .filter((k) => k !== "//")
    .map((k) => ({ name: k, expr: valueExpr(c, root[k], spanAt(c, root, k), true), span: spanAt(c, root, k) }));
}
