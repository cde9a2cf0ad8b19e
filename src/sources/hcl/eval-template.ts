// String templates: text, `${...}` interpolations (numbers and bools written as Terraform writes
// them, null or a collection is an error), `%{if}` and `%{for}` directives. A template that is one
// interpolation and nothing else is that value, of any type. Any unknown part leaves the whole
// string unknown with that part's cause; an error in any part wins over an unknown one.
import type { Expr, TemplatePart } from "./ast.js";
import { exprStart, exprText } from "./expr-text.js";
import { iterationEntries, iterationScope } from "./eval-for.js";
import { aType, invalid, toBool, toText, type Evaluate } from "./eval-values.js";
import type { Scope } from "./scope.js";
import { Unknown, type Value } from "./value.js";

type TemplateExpr = Extract<Expr, { kind: "template" }>;

/** The string built so far, and the first unknown part met (the result when no part is an error). */
interface Output {
  text: string;
  open?: Unknown;
}

export function evaluateTemplate(expr: TemplateExpr, scope: Scope, evaluate: Evaluate): Value {
  const [only] = expr.parts;
  if (expr.parts.length === 1 && only!.kind === "interp") return evaluate(only.expr, scope);
  const out: Output = { text: "" };
  return renderParts(expr.parts, scope, evaluate, out) ?? out.open ?? out.text;
}

/** Appends the parts to `out`; returns the error that stops the template, if one does. */
function renderParts(parts: readonly TemplatePart[], scope: Scope, evaluate: Evaluate, out: Output): Unknown | undefined {
  for (const part of parts) {
    const error = renderPart(part, scope, evaluate, out);
    if (error) return error;
  }
  return undefined;
}

function renderPart(part: TemplatePart, scope: Scope, evaluate: Evaluate, out: Output): Unknown | undefined {
  switch (part.kind) {
    case "text":
      out.text += part.text;
      return undefined;
    case "interp": {
      const value = evaluate(part.expr, scope);
      if (value instanceof Unknown) return note(value, out);
      const text = toText(value);
      if (text === undefined) return invalid(`${exprText(part.expr)} is ${aType(value)}, which cannot be part of a string template`, exprStart(part.expr));
      out.text += text;
      return undefined;
    }
    case "if": {
      const value = evaluate(part.cond, scope);
      if (value instanceof Unknown) return note(value, out);
      const cond = toBool(value);
      if (cond === undefined) return invalid(`the %{if} condition ${exprText(part.cond)} is ${aType(value)}, not a bool`, exprStart(part.cond));
      return renderParts(cond ? part.then : part.else, scope, evaluate, out);
    }
    case "for": {
      const entries = iterationEntries(evaluate(part.collection, scope), exprText(part.collection), exprStart(part.collection));
      if (entries instanceof Unknown) return note(entries, out);
      for (const [key, value] of entries) {
        const error = renderParts(part.body, iterationScope(scope, part.keyVar, part.valueVar, key, value), evaluate, out);
        if (error) return error;
      }
      return undefined;
    }
  }
}

/** An unknown part: an error stops the template, any other is remembered as the result's cause. */
function note(value: Unknown, out: Output): Unknown | undefined {
  if (value.reason === "invalid") return value;
  out.open ??= value;
  return undefined;
}
