// tree-sitter's HCL concrete syntax tree -> ast.ts. Only parse.ts calls this module.
//
// The grammar keeps postfix chains flat (`a.b[0].c` is one node whose children are the variable,
// then each accessor), and template literals as pieces without the whitespace around
// interpolations, so literal text is taken from the source between the template's parts.
import type { Node } from "web-tree-sitter";
import { InputError } from "../../util/errors.js";
import type { Accessor, Attribute, BinaryOp, Block, Body, Expr, Span, TemplatePart } from "./ast.js";

export interface CstContext {
  file: string;
  text: string;
  /** Added to every position (an expression parsed out of a JSON string). */
  shift?: { line: number; column: number };
}

function spanOf(node: Node, c: CstContext): Span {
  const line = node.startPosition.row + 1;
  const column = node.startPosition.column + 1;
  if (!c.shift) return { file: c.file, line, column };
  return { file: c.file, line: line + c.shift.line, column: line === 1 ? column + c.shift.column : column };
}

function fail(node: Node, c: CstContext, message: string): never {
  const at = spanOf(node, c);
  throw new InputError(`${at.file}:${at.line}:${at.column}: ${message}`, at.file);
}

/** Index of the line a comment ends on (a `#`/`//` comment may include its newline). */
export function commentEndLine(node: Node): number {
  return node.endPosition.column === 0 ? node.endPosition.row : node.endPosition.row + 1;
}

export function bodyOf(node: Node, c: CstContext, comments: ReadonlyMap<number, Node>): Body {
  const body: Body = { attributes: [], blocks: [], span: spanOf(node, c) };
  const seen = new Map<string, Span>();
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === "attribute") {
      const attribute = attributeOf(child, c);
      const earlier = seen.get(attribute.name);
      if (earlier) fail(child, c, `attribute "${attribute.name}" is already defined at line ${earlier.line}`);
      seen.set(attribute.name, attribute.span);
      body.attributes.push(attribute);
    } else if (child.type === "block") {
      body.blocks.push(blockOf(child, c, comments));
    }
  }
  return body;
}

function attributeOf(node: Node, c: CstContext): Attribute {
  const name = node.namedChildren.find((n) => n?.type === "identifier");
  const expression = node.namedChildren.find((n) => n?.type === "expression");
  if (!name || !expression) fail(node, c, "malformed attribute");
  return { name: name.text, expr: exprOf(expression, c), span: spanOf(node, c) };
}

function blockOf(node: Node, c: CstContext, comments: ReadonlyMap<number, Node>): Block {
  const named = node.namedChildren.filter((n): n is Node => n !== null);
  const type = named[0]!;
  const labels: string[] = [];
  for (const n of named.slice(1)) {
    if (n.type === "identifier") labels.push(n.text);
    else if (n.type === "string_lit") labels.push(quotedText(n, c));
  }
  const bodyNode = named.find((n) => n.type === "body");
  const span = spanOf(node, c);
  const body = bodyNode ? bodyOf(bodyNode, c, comments) : { attributes: [], blocks: [], span };
  const leading: { text: string; span: Span }[] = [];
  for (let line = node.startPosition.row; comments.has(line); line--) {
    const comment = comments.get(line)!;
    leading.unshift({ text: commentText(comment.text), span: spanOf(comment, c) });
    line = comment.startPosition.row + 1;
  }
  const sameLine = comments.get(node.startPosition.row + 1);
  if (sameLine && sameLine.startIndex > node.startIndex) leading.push({ text: commentText(sameLine.text), span: spanOf(sameLine, c) });
  return { type: type.text, labels, body, span, leadingComments: leading };
}

function commentText(text: string): string {
  return text.replace(/^(#|\/\/)/, "").replace(/^\/\*/, "").replace(/\*\/$/, "").trim();
}

// ---------------------------------------------------------------------------------------------
// Expressions

const POSTFIX = new Set(["get_attr", "index", "splat"]);
const OPERATORS = new Set(["||", "&&", "==", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "%"]);

export function exprOf(node: Node, c: CstContext): Expr {
  switch (node.type) {
    case "expression":
      return chainOf(node.children.filter((n): n is Node => n !== null), node, c);
    case "literal_value":
      return literalOf(node.namedChildren[0]!, c);
    case "collection_value":
      return exprOf(node.namedChildren[0]!, c);
    case "tuple":
      return { kind: "tuple", items: node.namedChildren.filter((n): n is Node => n?.type === "expression").map((n) => exprOf(n, c)), span: spanOf(node, c) };
    case "object":
      return objectOf(node, c);
    case "variable_expr":
      return { kind: "variable", name: node.namedChildren[0]!.text, span: spanOf(node, c) };
    case "function_call":
      return callOf(node, c);
    case "conditional": {
      const parts = node.namedChildren.filter((n): n is Node => n?.type === "expression").map((n) => exprOf(n, c));
      if (parts.length !== 3) fail(node, c, "malformed conditional");
      return { kind: "conditional", cond: parts[0]!, then: parts[1]!, else: parts[2]!, span: spanOf(node, c) };
    }
    case "operation":
      return exprOf(node.namedChildren[0]!, c);
    case "binary_operation":
      return binaryOf(node, c);
    case "unary_operation": {
      const [op, ...rest] = node.children.filter((n): n is Node => n !== null);
      return { kind: "unary", op: op!.type === "!" ? "!" : "-", operand: chainOf(rest, node, c), span: spanOf(node, c) };
    }
    case "template_expr":
      return exprOf(node.namedChildren[0]!, c);
    case "quoted_template":
    case "heredoc_template":
      return templateOf(node, c);
    case "for_expr":
      return forOf(node.namedChildren[0]!, c);
    default:
      return fail(node, c, `unsupported expression (${node.type})`);
  }
}

/** A primary expression followed by accessors, or a parenthesised expression. */
function chainOf(children: Node[], owner: Node, c: CstContext): Expr {
  let i: number;
  let expr: Expr;
  if (children[0]?.type === "(") {
    const close = children.findIndex((n) => n.type === ")");
    const inner = children.slice(1, close).find((n) => n.isNamed);
    if (!inner) fail(owner, c, "empty parentheses");
    expr = exprOf(inner, c);
    i = close + 1;
  } else {
    const first = children.find((n) => n.isNamed && n.type !== "comment");
    if (!first) fail(owner, c, "empty expression");
    expr = exprOf(first, c);
    i = children.indexOf(first) + 1;
  }
  for (; i < children.length; i++) {
    const node = children[i]!;
    if (!POSTFIX.has(node.type)) continue;
    if (node.type === "splat") {
      const kind = node.namedChildren[0]!;
      const each = kind.namedChildren.filter((n): n is Node => n !== null && (n.type === "get_attr" || n.type === "index")).map((n) => accessorOf(n, c));
      expr = { kind: "splat", object: expr, each, span: spanOf(node, c) };
      continue;
    }
    const accessor = accessorOf(node, c);
    expr = accessor.kind === "getattr" ? { kind: "getattr", object: expr, name: accessor.name, span: spanOf(node, c) } : { kind: "index", object: expr, key: accessor.key, span: spanOf(node, c) };
  }
  return expr;
}

function accessorOf(node: Node, c: CstContext): Accessor {
  if (node.type === "get_attr") return { kind: "getattr", name: node.namedChildren[0]!.text };
  const inner = node.namedChildren[0]!;
  if (inner.type === "legacy_index") {
    const digits = inner.text.replace(/^\./, "");
    return { kind: "index", key: { kind: "literal", value: Number(digits), span: spanOf(inner, c) } };
  }
  const key = inner.namedChildren.find((n) => n?.type === "expression");
  if (!key) fail(node, c, "malformed index");
  return { kind: "index", key: exprOf(key, c) };
}

function binaryOf(node: Node, c: CstContext): Expr {
  const children = node.children.filter((n): n is Node => n !== null);
  // The operator is the first unnamed operator token outside parentheses.
  let depth = 0;
  let at = -1;
  for (let i = 0; i < children.length; i++) {
    const t = children[i]!.type;
    if (t === "(") depth++;
    else if (t === ")") depth--;
    else if (depth === 0 && !children[i]!.isNamed && OPERATORS.has(t) && i > 0) {
      at = i;
      break;
    }
  }
  if (at < 0) fail(node, c, "malformed operation");
  return {
    kind: "binary",
    op: children[at]!.type as BinaryOp,
    left: chainOf(children.slice(0, at), node, c),
    right: chainOf(children.slice(at + 1), node, c),
    span: spanOf(node, c),
  };
}

function literalOf(node: Node, c: CstContext): Expr {
  const span = spanOf(node, c);
  switch (node.type) {
    case "numeric_lit":
      return { kind: "literal", value: Number(node.text), span };
    case "bool_lit":
      return { kind: "literal", value: node.text === "true", span };
    case "null_lit":
      return { kind: "literal", value: null, span };
    case "string_lit":
      return { kind: "literal", value: quotedText(node, c), span };
    default:
      return fail(node, c, `unsupported literal (${node.type})`);
  }
}

function objectOf(node: Node, c: CstContext): Expr {
  const items: { key: Expr; value: Expr }[] = [];
  for (const elem of node.namedChildren) {
    if (elem?.type !== "object_elem") continue;
    const keyNode = elem.childForFieldName("key");
    const valueNode = elem.childForFieldName("val");
    if (!keyNode || !valueNode) fail(elem, c, "malformed object element");
    items.push({ key: exprOf(keyNode, c), value: exprOf(valueNode, c) });
  }
  return { kind: "object", items, span: spanOf(node, c) };
}

function callOf(node: Node, c: CstContext): Expr {
  const name = node.namedChildren[0]!.text;
  const args = node.namedChildren.find((n) => n?.type === "function_arguments");
  const list = args ? args.namedChildren.filter((n): n is Node => n?.type === "expression") : [];
  const expandFinal = args ? args.children.some((n) => n?.type === "ellipsis") : false;
  return { kind: "call", name, args: list.map((n) => exprOf(n, c)), expandFinal, span: spanOf(node, c) };
}

function forOf(node: Node, c: CstContext): Expr {
  const intro = node.namedChildren.find((n) => n?.type === "for_intro");
  if (!intro) fail(node, c, "malformed for expression");
  const names = intro.namedChildren.filter((n): n is Node => n?.type === "identifier").map((n) => n.text);
  const collection = intro.namedChildren.find((n) => n?.type === "expression");
  if (!collection || names.length === 0) fail(node, c, "malformed for expression");
  const bodies = node.namedChildren.filter((n): n is Node => n?.type === "expression").map((n) => exprOf(n, c));
  const condNode = node.namedChildren.find((n) => n?.type === "for_cond");
  const condExpr = condNode?.namedChildren.find((n) => n?.type === "expression");
  const vars = names.length === 2 ? { keyVar: names[0]!, valueVar: names[1]! } : { valueVar: names[0]! };
  const object = node.type === "for_object_expr";
  return {
    kind: "for",
    ...vars,
    collection: exprOf(collection, c),
    ...(object ? { key: bodies[0]!, value: bodies[1]! } : { value: bodies[0]! }),
    ...(condExpr ? { cond: exprOf(condExpr, c) } : {}),
    group: node.children.some((n) => n?.type === "ellipsis"),
    span: spanOf(node, c),
  };
}

// ---------------------------------------------------------------------------------------------
// Templates and strings

/** The text of a quoted string without interpolations (a literal, a block label). */
function quotedText(node: Node, c: CstContext): string {
  const start = node.children.find((n) => n?.type === "quoted_template_start");
  const end = node.children.find((n) => n?.type === "quoted_template_end");
  if (!start || !end) fail(node, c, "malformed string");
  return unescapeQuoted(c.text.slice(start.endIndex, end.startIndex), node, c);
}

function unescapeQuoted(raw: string, node: Node, c: CstContext): string {
  return unescapeTemplate(
    raw.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)/gs, (match, e: string) => {
      switch (e[0]) {
        case "n":
          return "\n";
        case "r":
          return "\r";
        case "t":
          return "\t";
        case '"':
          return '"';
        case "\\":
          return "\\";
        case "u":
        case "U":
          return String.fromCodePoint(parseInt(e.slice(1), 16));
        default:
          return fail(node, c, `invalid escape sequence ${match} in a string`);
      }
    }),
  );
}

/** `$${` and `%%{` stand for literal `${` and `%{`. */
function unescapeTemplate(text: string): string {
  return text.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");
}

interface RawPart {
  part: TemplatePart;
  stripBefore: boolean;
  stripAfter: boolean;
}

function templateOf(node: Node, c: CstContext): Expr {
  const span = spanOf(node, c);
  if (node.type === "quoted_template") {
    const start = node.children.find((n) => n?.type === "quoted_template_start")!;
    const end = node.children.find((n) => n?.type === "quoted_template_end")!;
    const parts = partsBetween(node, start.endIndex, end.startIndex, c, (raw) => unescapeQuoted(raw, node, c));
    return { kind: "template", parts, span };
  }
  // Heredoc: the body runs from the line after the opening marker to the line of the closing one.
  const markers = node.children.filter((n): n is Node => n?.type === "heredoc_identifier");
  const flush = node.children.some((n) => n?.type === "heredoc_start" && n.text.startsWith("<<-"));
  const open = markers[0]!;
  const close = markers[markers.length - 1]!;
  const bodyStart = c.text.indexOf("\n", open.endIndex) + 1;
  const bodyEnd = close.startIndex - close.startPosition.column;
  let parts = partsBetween(node, bodyStart, bodyEnd, c, unescapeTemplate);
  if (flush) parts = dedent(parts, c.text.slice(bodyStart, bodyEnd));
  return { kind: "template", parts, span };
}

/** Interpolations and directives of `owner` between two source offsets, with the literal text between them. */
function partsBetween(owner: Node, from: number, to: number, c: CstContext, literal: (raw: string) => string): TemplatePart[] {
  const raw: RawPart[] = [];
  let cursor = from;
  const pushText = (endIndex: number) => {
    if (endIndex > cursor) raw.push({ part: { kind: "text", text: c.text.slice(cursor, endIndex) }, stripBefore: false, stripAfter: false });
  };
  for (const child of owner.children) {
    if (!child || child.startIndex < from || child.endIndex > to) continue;
    if (child.type === "template_interpolation") {
      pushText(child.startIndex);
      const expr = child.namedChildren.find((n) => n?.type === "expression");
      if (!expr) fail(child, c, "empty interpolation");
      const markers = child.children.filter((n): n is Node => n?.type === "strip_marker");
      raw.push({
        part: { kind: "interp", expr: exprOf(expr, c) },
        stripBefore: markers.some((m) => m.startIndex < expr.startIndex),
        stripAfter: markers.some((m) => m.startIndex > expr.startIndex),
      });
      cursor = child.endIndex;
    } else if (child.type === "template_directive") {
      pushText(child.startIndex);
      raw.push(directiveOf(child.namedChildren[0]!, c, literal));
      cursor = child.endIndex;
    }
  }
  pushText(to);
  return applyStrip(raw, literal);
}

function applyStrip(raw: RawPart[], literal: (raw: string) => string): TemplatePart[] {
  const out: TemplatePart[] = [];
  raw.forEach((r, i) => {
    if (r.part.kind !== "text") {
      out.push(r.part);
      return;
    }
    let text = r.part.text;
    if (raw[i - 1]?.stripAfter) text = text.replace(/^\s+/, "");
    if (raw[i + 1]?.stripBefore) text = text.replace(/\s+$/, "");
    if (text !== "") out.push({ kind: "text", text: literal(text) });
  });
  return out;
}

function directiveStrips(node: Node | undefined): { before: boolean; after: boolean } {
  if (!node) return { before: false, after: false };
  const start = node.children.find((n) => n?.type === "template_directive_start");
  const markers = node.children.filter((n): n is Node => n?.type === "strip_marker");
  return { before: markers.some((m) => start && m.startIndex === start.endIndex), after: markers.some((m) => !start || m.startIndex > start.endIndex) };
}

function directiveOf(node: Node, c: CstContext, literal: (raw: string) => string): RawPart {
  const span = spanOf(node, c);
  const kids = node.children.filter((n): n is Node => n !== null);
  if (node.type === "template_if") {
    const intro = kids.find((n) => n.type === "template_if_intro")!;
    const elseIntro = kids.find((n) => n.type === "template_else_intro");
    const end = kids.find((n) => n.type === "template_if_end")!;
    const cond = intro.namedChildren.find((n) => n?.type === "expression");
    if (!cond) fail(intro, c, "malformed %{if}");
    const middle = elseIntro ?? end;
    const thenParts = trimEdges(partsBetween(node, intro.endIndex, middle.startIndex, c, literal), directiveStrips(intro).after, directiveStrips(middle).before);
    const elseParts = elseIntro ? trimEdges(partsBetween(node, elseIntro.endIndex, end.startIndex, c, literal), directiveStrips(elseIntro).after, directiveStrips(end).before) : [];
    return { part: { kind: "if", cond: exprOf(cond, c), then: thenParts, else: elseParts, span }, stripBefore: directiveStrips(intro).before, stripAfter: directiveStrips(end).after };
  }
  const start = kids.find((n) => n.type === "template_for_start")!;
  const end = kids.find((n) => n.type === "template_for_end")!;
  const names = start.namedChildren.filter((n): n is Node => n?.type === "identifier").map((n) => n.text);
  const collection = start.namedChildren.find((n) => n?.type === "expression");
  if (!collection || names.length === 0) fail(start, c, "malformed %{for}");
  const body = trimEdges(partsBetween(node, start.endIndex, end.startIndex, c, literal), directiveStrips(start).after, directiveStrips(end).before);
  const vars = names.length === 2 ? { keyVar: names[0]!, valueVar: names[1]! } : { valueVar: names[0]! };
  return { part: { kind: "for", ...vars, collection: exprOf(collection, c), body, span }, stripBefore: directiveStrips(start).before, stripAfter: directiveStrips(end).after };
}

/** Strip markers of the directives around a branch: whitespace at its start or end removed. */
function trimEdges(parts: TemplatePart[], start: boolean, end: boolean): TemplatePart[] {
  const out = [...parts];
  const first = out[0];
  if (start && first?.kind === "text") out[0] = { kind: "text", text: first.text.replace(/^\s+/, "") };
  const last = out[out.length - 1];
  if (end && last?.kind === "text") out[out.length - 1] = { kind: "text", text: last.text.replace(/\s+$/, "") };
  return out.filter((p) => p.kind !== "text" || p.text !== "");
}

/** `<<-`: the smallest indentation of the body's non-blank lines is removed from every line. */
function dedent(parts: TemplatePart[], body: string): TemplatePart[] {
  const indents = body
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => /^[ \t]*/.exec(line)![0].length);
  const n = indents.length > 0 ? Math.min(...indents) : 0;
  if (n === 0) return parts;
  const strip = (text: string, atLineStart: boolean) =>
    text
      .split("\n")
      .map((line, i) => (i > 0 || atLineStart ? line.slice(Math.min(n, /^[ \t]*/.exec(line)![0].length)) : line))
      .join("\n");
  return parts.map((part, i) => (part.kind === "text" ? { kind: "text", text: strip(part.text, i === 0) } : part));
}
