// The evaluator of Terraform expressions (ast.ts) to values (value.ts): literals, tuples, objects,
// references (resolved through a Scope by their leading names, the rest applied here), accessors,
// conditionals and function calls, with templates, for expressions and operators in their own
// modules. It never throws for a bad expression: what Terraform would reject is an invalid Unknown
// naming the expression, and what the files leave open stays the Unknown the scope or a function
// gave, with its cause.
import type { Expr } from "./ast.js";
import { getAttr, index, splat, type Step } from "./eval-access.js";
import { evaluateCall } from "./eval-call.js";
import { evaluateFor } from "./eval-for.js";
import { evaluateBinary, evaluateUnary } from "./eval-ops.js";
import { evaluateTemplate } from "./eval-template.js";
import { aType, deepEquals, invalid, passedOn, toBool, toText, type Evaluate } from "./eval-values.js";
import { exprStart, exprText } from "./expr-text.js";
import { callFunction } from "./functions.js";
import type { FunctionTable, Scope } from "./scope.js";
import { Unknown, objectValue, typeName, type Value } from "./value.js";

export type { FunctionTable } from "./scope.js";


/** The value of `expr` in `scope`, calling functions through `fns`. */
export function evaluate(expr: Expr, scope: Scope, fns: FunctionTable = callFunction): Value {
  const run: Evaluate = (e, s) => {
    switch (e.kind) {
      case "literal":
        return e.value;
      case "template":
        return evaluateTemplate(e, s, run);
      case "tuple":
        return e.items.map((item) => run(item, s));
      case "object":
        return evaluateObject(e, s, run);
      case "variable":
      case "getattr":
      case "index":
        return evaluateTraversal(e, s, run);
      case "splat":
        return evaluateSplat(e, s, run);
      case "call":
        return evaluateCall(e, s, run, fns);
      case "conditional":
        return evaluateConditional(e, s, run);
      case "binary":
        return evaluateBinary(e, s, run);
      case "unary":
        return evaluateUnary(e, s, run);
      case "for":
        return evaluateFor(e, s, run);
    }
  };
  return run(expr, scope);
}

type ExprOf<K extends Expr["kind"]> = Extract<Expr, { kind: K }>;

/** `{ key = value, (expr) = value }`: a bare name is the key itself, any other key is evaluated. */
function evaluateObject(expr: ExprOf<"object">, scope: Scope, run: Evaluate): Value {
  const entries: [string, Value][] = [];
  let open: Unknown | undefined;
  for (const item of expr.items) {
    const key = item.key.kind === "variable" ? item.key.name : run(item.key, scope);
    const name = key instanceof Unknown ? key : toText(key);
    if (name === undefined) return invalid(`the object key ${exprText(item.key)} is ${aType(key)}, not a string`, exprStart(item.key));
    if (name instanceof Unknown) {
      // Which keys the object has is open: the whole object is (unless a key is an error).
      if (name.reason === "invalid") return name;
      open ??= name;
      continue;
    }
    entries.push([name, run(item.value, scope)]);
  }
  return open ?? objectValue(entries);
}

/**
 * A reference and the accessors after it: the leading `name.attr.attr` goes to the scope, which
 * says how many names it resolved; the remaining accessors apply to its value. Anything else
 * accessed (`f(x).a`, `[1, 2][0]`) is evaluated, then accessed.
 */
function evaluateTraversal(expr: ExprOf<"variable" | "getattr" | "index">, scope: Scope, run: Evaluate): Value {
  const accessors: ExprOf<"getattr" | "index">[] = [];
  let root: Expr = expr;
  while (root.kind === "getattr" || root.kind === "index") {
    accessors.unshift(root);
    root = root.object;
  }
  let value: Value;
  let rest = accessors;
  if (root.kind === "variable") {
    const names = [root.name];
    for (const accessor of accessors) {
      if (accessor.kind !== "getattr") break;
      names.push(accessor.name);
    }
    const found = scope.reference(names, root.span);
    if (!found) return invalid(`${names.join(".")} is not a known reference`, root.span);
    value = found.value;
    rest = accessors.slice(Math.max(found.consumed, 1) - 1);
  } else {
    value = run(root, scope);
  }
  for (const accessor of rest) {
    const text = exprText(accessor.object);
    value = accessor.kind === "getattr" ? getAttr(value, accessor.name, text, accessor.span) : index(value, run(accessor.key, scope), text, accessor.span);
  }
  return value;
}

function evaluateSplat(expr: ExprOf<"splat">, scope: Scope, run: Evaluate): Value {
  const steps: Step[] = expr.each.map((accessor) =>
    accessor.kind === "getattr" ? accessor : { kind: "index", key: run(accessor.key, scope), keyText: exprText(accessor.key) },
  );
  return splat(run(expr.object, scope), steps, exprText(expr.object), expr.span);
}

/**
 * `cond ? a : b`. Both results are evaluated (only the chosen one's errors count); a string and a
 * number or bool unify to string, as Terraform does. An unknown condition leaves the result
 * unknown, unless both results are the same known value.
 */
function evaluateConditional(expr: ExprOf<"conditional">, scope: Scope, run: Evaluate): Value {
  const condValue = run(expr.cond, scope);
  const then = run(expr.then, scope);
  const otherwise = run(expr.else, scope);
  if (condValue instanceof Unknown) {
    if (condValue.reason !== "invalid" && deepEquals(then, otherwise) === true) return then;
    return condValue;
  }
  const cond = toBool(condValue);
  if (cond === undefined) return invalid(`the condition ${exprText(expr.cond)} is ${aType(condValue)}, not a bool`, exprStart(expr.cond));
  return unify(cond ? then : otherwise, then, otherwise, expr);
}

/**
 * The chosen result converted to the type both results share: a string and a number or bool unify
 * to string; a number and a bool, or a primitive and a collection, do not unify (a Terraform
 * error). Collections of different shapes are left as they are.
 */
function unify(chosen: Value, then: Value, otherwise: Value, expr: ExprOf<"conditional">): Value {
  if (passedOn(then, otherwise) || then === null || otherwise === null) return chosen;
  const types = [typeName(then), typeName(otherwise)];
  const collections = types.filter((type) => type === "tuple" || type === "object").length;
  if (types[0] === types[1] || collections === 2) return chosen;
  if (collections === 0 && types.includes("string")) return toText(chosen)!;
  return invalid(`the results of ${exprText(expr)} are ${aType(then)} and ${aType(otherwise)}, which Terraform cannot unify to one type`, exprStart(expr));
}
