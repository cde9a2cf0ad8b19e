// The configuration side of the synthesized plan: an expression as Terraform's plan JSON writes it,
// the traversals it refers to (`references`, with their shorter prefixes) or the constant it is.
// resources.ts of the plan source resolves these references to resources, as for a real plan.
import type { Expr, TemplatePart } from "./ast.js";
import { firstUnknown, type Value } from "./value.js";

/** A plan configuration expression: its references (Terraform's form), or the constant it is. */
export function expressionOf(expr: Expr, value: Value): Record<string, unknown> {
  const refs = referencesOf(expr);
  if (refs.length === 0 && firstUnknown(value) === undefined) return { constant_value: value };
  return { references: refs };
}

/** Terraform's `references` of an expression: each traversal, and its shorter prefixes down to the object. */
export function referencesOf(expr: Expr): string[] {
  const out: string[] = [];
  const add = (chain: string[]) => {
    const [root] = chain;
    if (root === undefined) return;
    const minimum = root === "data" ? 3 : 2;
    for (let n = chain.length; n >= Math.min(minimum, chain.length); n--) {
      const text = chain.slice(0, n).join(".");
      if (!out.includes(text)) out.push(text);
    }
  };
  const traversal = (e: Expr): string[] | undefined => {
    if (e.kind === "variable") return [e.name];
    if (e.kind === "getattr") {
      const inner = traversal(e.object);
      return inner ? [...inner, e.name] : undefined;
    }
    if (e.kind === "index" && e.key.kind === "literal" && (typeof e.key.value === "number" || typeof e.key.value === "string")) {
      const inner = traversal(e.object);
      return inner ? [...inner.slice(0, -1), `${inner[inner.length - 1]!}[${JSON.stringify(e.key.value)}]`] : undefined;
    }
    return undefined;
  };
  const walk = (e: Expr | undefined, bound: ReadonlySet<string>): void => {
    if (!e) return;
    const t = traversal(e);
    if (t) {
      if (!bound.has(t[0]!)) add(t);
      return;
    }
    switch (e.kind) {
      case "literal":
        return;
      case "template":
        walkParts(e.parts, bound);
        return;
      case "tuple":
        e.items.forEach((i) => walk(i, bound));
        return;
      case "object":
        e.items.forEach((i) => {
          if (i.key.kind !== "variable") walk(i.key, bound);
          walk(i.value, bound);
        });
        return;
      case "getattr":
      case "index":
        walk(e.object, bound);
        if (e.kind === "index") walk(e.key, bound);
        return;
      case "splat":
        walk(e.object, bound);
        return;
      case "call":
        e.args.forEach((a) => walk(a, bound));
        return;
      case "conditional":
        walk(e.cond, bound);
        walk(e.then, bound);
        walk(e.else, bound);
        return;
      case "binary":
        walk(e.left, bound);
        walk(e.right, bound);
        return;
      case "unary":
        walk(e.operand, bound);
        return;
      case "for": {
        walk(e.collection, bound);
        const inner = new Set([...bound, e.valueVar, ...(e.keyVar ? [e.keyVar] : [])]);
        walk(e.key, inner);
        walk(e.value, inner);
        walk(e.cond, inner);
        return;
      }
      default:
        return;
    }
  };
  const walkParts = (parts: TemplatePart[], bound: ReadonlySet<string>): void => {
    for (const p of parts) {
      if (p.kind === "interp") walk(p.expr, bound);
      else if (p.kind === "if") {
        walk(p.cond, bound);
        walkParts(p.then, bound);
        walkParts(p.else, bound);
      } else if (p.kind === "for") {
        walk(p.collection, bound);
        walkParts(p.body, new Set([...bound, p.valueVar, ...(p.keyVar ? [p.keyVar] : [])]));
      }
    }
  };
  walk(expr, new Set());
  return out;
}
