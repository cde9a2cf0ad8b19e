// A block's body evaluated: its attributes, and its nested blocks as lists of evaluated bodies
// (`dynamic` blocks expanded, one per element; over an unknown collection one block whose every
// value is that Unknown), Terraform's meta-arguments left out. With each value, the plan-shaped
// expression (references.ts) and where each part is (for the synthesized plan's positions).
import type { Block, Body, Expr, Span } from "./ast.js";
import { expressionOf } from "./references.js";
import { childScope, type Scope } from "./scope.js";
import { firstUnknown, isObjectValue, isUnknown, objectValue, type Value, type ValueObject } from "./value.js";

/** Evaluates an expression in a scope (the module instance's evaluator). */
export type Evaluator = (expr: Expr, scope: Scope) => Value;

const META = new Set(["count", "for_each", "provider", "depends_on", "lifecycle", "provisioner", "connection"]);

/** An attribute value with the references its expression makes (for the plan's configuration). */
export interface Evaluated {
  values: ValueObject;
  /** Plan-shaped expressions: {references} for each attribute, lists of them for nested blocks. */
  expressions: Record<string, unknown>;
  /** Where each attribute and nested block is, by the same shape as values. */
  spans: SpanTree;
}

export interface SpanTree {
  self: Span;
  keys: Map<string, Span>;
  /** The expression of each attribute (for the positions of literal lists and objects). */
  exprs: Map<string, Expr>;
  /** Nested blocks (lists) and literal objects/tuples of attributes. */
  children: Map<string, SpanTree[]>;
}

/** A body's attributes and nested blocks (dynamic blocks expanded), meta-arguments left out. */
export function evaluateBody(body: Body, scope: Scope, evaluate: Evaluator, self: Span = body.span): Evaluated {
  const values: ValueObject = {};
  const expressions: Record<string, unknown> = {};
  const spans: SpanTree = { self, keys: new Map(), exprs: new Map(), children: new Map() };
  for (const a of body.attributes) {
    if (META.has(a.name)) continue;
    values[a.name] = evaluate(a.expr, scope);
    expressions[a.name] = expressionOf(a.expr, values[a.name]!);
    spans.keys.set(a.name, a.span);
    spans.exprs.set(a.name, a.expr);
  }
  const blocks = new Map<string, Evaluated[]>();
  const add = (type: string, evaluated: Evaluated, at: Span) => {
    if (!blocks.has(type)) {
      blocks.set(type, []);
      spans.keys.set(type, at);
    }
    blocks.get(type)!.push(evaluated);
  };
  for (const b of body.blocks) {
    if (META.has(b.type)) continue;
    if (b.type === "dynamic") {
      dynamicBlock(b, scope, evaluate, add);
      continue;
    }
    // A nested block is where its type keyword is (its body starts at its first argument).
    add(b.type, evaluateBody(b.body, scope, evaluate, b.span), b.span);
  }
  for (const [type, list] of blocks) {
    values[type] = list.map((e) => e.values);
    expressions[type] = list.map((e) => e.expressions);
    spans.children.set(type, list.map((e) => e.spans));
  }
  return { values, expressions, spans };
}

/** `dynamic "x" { for_each = ...; iterator = it; content { ... } }` -> one x block per element. */
function dynamicBlock(b: Block, scope: Scope, evaluate: Evaluator, add: (type: string, e: Evaluated, at: Span) => void): void {
  const type = b.labels[0];
  if (type === undefined) return;
  const forEach = b.body.attributes.find((a) => a.name === "for_each");
  const iteratorAttr = b.body.attributes.find((a) => a.name === "iterator");
  const iterator = iteratorAttr?.expr.kind === "variable" ? iteratorAttr.expr.name : type;
  const content = b.body.blocks.find((c) => c.type === "content");
  if (!forEach || !content) return;
  const collection = evaluate(forEach.expr, scope);
  const unknown = firstUnknown(Array.isArray(collection) || isObjectValue(collection) ? collection : null) ?? (isUnknown(collection) ? collection : undefined);
  if (unknown && (isUnknown(collection) || (Array.isArray(collection) && collection.some(isUnknown)))) {
    // How many blocks there are is not known: one block whose every value is that Unknown.
    const unknownBody = evaluateBody(content.body, childScope(scope, new Map([[iterator, unknown]])), evaluate, b.span);
    for (const key of Object.keys(unknownBody.values)) unknownBody.values[key] = unknown;
    add(type, unknownBody, b.span);
    return;
  }
  const entries: [Value, Value][] = Array.isArray(collection)
    ? collection.map((v, i) => [i, v])
    : isObjectValue(collection)
      ? Object.keys(collection)
          .sort()
          .map((k) => [k, collection[k]!])
      : [];
  for (const [key, value] of entries) {
    const item = objectValue([["key", key], ["value", value]]);
    add(type, evaluateBody(content.body, childScope(scope, new Map([[iterator, item]])), evaluate, b.span), b.span);
  }
}

