// An expression written back as short HCL text, for messages that name what they are about
// ("var.count is a string, not a number"). Not a printer that round-trips: long expressions are
// cut, and a template's directives are abbreviated. And where an expression's text starts.
import type { Accessor, Expr, Span, TemplatePart } from "./ast.js";

const MAX = 60;

/** The expression as a user wrote it (near enough), at most about 60 characters. */
export function exprText(expr: Expr): string {
  const text = render(expr);
  return text.length > MAX ? `${text.slice(0, MAX - 3)}...` : text;
}

/**
 * Where the expression's text starts: a traversal's root (an accessor's own span is where the
 * accessor starts), an operation's first operand. Messages about a whole expression point here.
 */
export function exprStart(expr: Expr): Span {
  switch (expr.kind) {
    case "getattr":
    case "index":
    case "splat":
      return exprStart(expr.object);
    case "binary":
      return exprStart(expr.left);
    case "conditional":
      return exprStart(expr.cond);
    default:
      return expr.span;
  }
}

function render(expr: Expr): string {
  switch (expr.kind) {
    case "literal":
      return typeof expr.value === "string" ? JSON.stringify(expr.value) : String(expr.value);
    case "template":
      return `"${expr.parts.map(partText).join("")}"`;
    case "tuple":
      return `[${expr.items.map(render).join(", ")}]`;
    case "object":
      return `{${expr.items.map((item) => `${render(item.key)} = ${render(item.value)}`).join(", ")}}`;
    case "variable":
      return expr.name;
    case "getattr":
      return `${operand(expr.object)}.${expr.name}`;
    case "index":
      return `${operand(expr.object)}[${render(expr.key)}]`;
    case "splat":
      return `${operand(expr.object)}[*]${expr.each.map(accessorText).join("")}`;
    case "call":
      return `${expr.name}(${expr.args.map(render).join(", ")}${expr.expandFinal ? "..." : ""})`;
    case "conditional":
      return `${operand(expr.cond)} ? ${operand(expr.then)} : ${operand(expr.else)}`;
    case "binary":
      return `${operand(expr.left)} ${expr.op} ${operand(expr.right)}`;
    case "unary":
      return `${expr.op}${operand(expr.operand)}`;
    case "for": {
      const vars = expr.keyVar === undefined ? expr.valueVar : `${expr.keyVar}, ${expr.valueVar}`;
      const head = `for ${vars} in ${render(expr.collection)} : `;
      const cond = expr.cond ? ` if ${render(expr.cond)}` : "";
      return expr.key
        ? `{${head}${render(expr.key)} => ${render(expr.value)}${expr.group ? "..." : ""}${cond}}`
        : `[${head}${render(expr.value)}${cond}]`;
    }
  }
}

/** An operand of an operator or accessor, parenthesised when it is itself an operation. */
function operand(expr: Expr): string {
  return expr.kind === "binary" || expr.kind === "conditional" ? `(${render(expr)})` : render(expr);
}

function accessorText(accessor: Accessor): string {
  return accessor.kind === "getattr" ? `.${accessor.name}` : `[${render(accessor.key)}]`;
}

function partText(part: TemplatePart): string {
  switch (part.kind) {
    case "text":
      return JSON.stringify(part.text).slice(1, -1);
    case "interp":
      return `\${${render(part.expr)}}`;
    case "if":
      return `%{if ${render(part.cond)}}...%{endif}`;
    case "for":
      return `%{for ${part.keyVar === undefined ? "" : `${part.keyVar}, `}${part.valueVar} in ${render(part.collection)}}...%{endfor}`;
  }
}
