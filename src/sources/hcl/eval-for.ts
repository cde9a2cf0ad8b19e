// `for` expressions: `[for k, v in coll : value if cond]` and `{for k, v in coll : key => value...}`.
// A tuple or list is iterated in order with k the index, an object or map in lexical key order with
// k the key. An unknown collection, filter or key leaves the whole result unknown (which elements
// or keys there are is open); a value may stay unknown inside the result.
import type { Expr, Span } from "./ast.js";
import { exprStart, exprText } from "./expr-text.js";
import { aType, invalid, sortedKeys, toBool, toText, type Evaluate } from "./eval-values.js";
import { childScope, type Scope } from "./scope.js";
import { Unknown, isObjectValue, objectValue, type Value } from "./value.js";

type ForExpr = Extract<Expr, { kind: "for" }>;

/** The (key, value) pairs a `for` (expression or template directive) iterates, or why it cannot. */
export function iterationEntries(collection: Value, text: string, at: Span): [Value, Value][] | Unknown {
  if (collection instanceof Unknown) return collection;
  if (Array.isArray(collection)) return collection.map((value, i) => [i, value]);
  if (isObjectValue(collection)) return sortedKeys(collection).map((key) => [key, collection[key]!]);
  if (collection === null) return invalid(`${text} is null, so a for cannot iterate over it`, at);
  return invalid(`${text} is ${aType(collection)}, not a collection a for can iterate over`, at);
}

/** The scope of one iteration: the for's variables bound to this element. */
export function iterationScope(scope: Scope, keyVar: string | undefined, valueVar: string, key: Value, value: Value): Scope {
  const bindings = new Map<string, Value>([[valueVar, value]]);
  if (keyVar !== undefined) bindings.set(keyVar, key);
  return childScope(scope, bindings);
}

export function evaluateFor(expr: ForExpr, scope: Scope, evaluate: Evaluate): Value {
  const entries = iterationEntries(evaluate(expr.collection, scope), exprText(expr.collection), exprStart(expr.collection));
  if (entries instanceof Unknown) return entries;
  const items: Value[] = [];
  const byKey = new Map<string, Value[]>();
  // A filter or key that is unknown (but not an error): the result is open, yet a later element may
  // still be an error Terraform reports, so the loop goes on.
  let open: Unknown | undefined;
  for (const [key, value] of entries) {
    const inner = iterationScope(scope, expr.keyVar, expr.valueVar, key, value);
    if (expr.cond) {
      const keep = condition(expr.cond, evaluate(expr.cond, inner));
      if (keep instanceof Unknown) {
        if (keep.reason === "invalid") return keep;
        open ??= keep;
        continue;
      }
      if (!keep) continue;
    }
    if (!expr.key) {
      items.push(evaluate(expr.value, inner));
      continue;
    }
    const name = objectKey(expr.key, evaluate(expr.key, inner));
    if (name instanceof Unknown) {
      if (name.reason === "invalid") return name;
      open ??= name;
      continue;
    }
    const values = byKey.get(name) ?? [];
    if (values.length > 0 && !expr.group) {
      return invalid(`${exprText(expr.key)} is ${JSON.stringify(name)} for two elements of ${exprText(expr.collection)}; add ... after the value to group them`, exprStart(expr.key));
    }
    values.push(evaluate(expr.value, inner));
    byKey.set(name, values);
  }
  if (open) return open;
  if (!expr.key) return items;
  return objectValue([...byKey].map(([name, values]) => [name, expr.group ? values : values[0]!]));
}

function condition(cond: Expr, value: Value): boolean | Unknown {
  if (value instanceof Unknown) return value;
  const bool = toBool(value);
  if (bool !== undefined) return bool;
  return invalid(`the for filter ${exprText(cond)} is ${aType(value)}, not a bool`, exprStart(cond));
}

function objectKey(key: Expr, value: Value): string | Unknown {
  if (value instanceof Unknown) return value;
  const name = toText(value);
  if (name !== undefined) return name;
  return invalid(`the for key ${exprText(key)} is ${aType(value)}, not a string`, exprStart(key));
}
