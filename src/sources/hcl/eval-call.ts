// Function calls: arguments evaluated (a final `list...` spread into them) and handed to the
// function library, except `try` and `can`, which look at whether their arguments are errors and
// so are evaluated here, lazily: try's first argument without an error is its value, can says
// whether its argument is one. An argument that is unknown (not an error) leaves both undecided:
// Terraform cannot tell yet whether it will fail.
import type { Expr } from "./ast.js";
import type { FunctionTable } from "./scope.js";
import { aType, firstInvalid, invalid, type Evaluate } from "./eval-values.js";
import { exprStart, exprText } from "./expr-text.js";
import type { Scope } from "./scope.js";
import { Unknown, firstUnknown, type Value } from "./value.js";

type CallExpr = Extract<Expr, { kind: "call" }>;

export function evaluateCall(expr: CallExpr, scope: Scope, evaluate: Evaluate, fns: FunctionTable): Value {
  // `core::try` is `try` (Terraform 1.8 names its built-in functions so, too).
  const name = expr.name.startsWith("core::") ? expr.name.slice("core::".length) : expr.name;
  if ((name === "try" || name === "can") && expr.expandFinal) {
    return new Unknown("undecided", `${name}() with an expanded final argument (...) is not evaluated by cloudtrail-lint`, expr.span);
  }
  if (name === "try") return evaluateTry(expr, scope, evaluate);
  if (name === "can") return evaluateCan(expr, scope, evaluate);
  const args = expr.args.map((arg) => evaluate(arg, scope));
  if (expr.expandFinal) {
    const last = expr.args[expr.args.length - 1];
    const list = args.pop();
    if (last === undefined || list === undefined) return invalid(`${name}(...) has no argument to expand`, expr.span);
    if (list instanceof Unknown) return firstInvalid(args) ?? list;
    if (!Array.isArray(list)) return invalid(`${exprText(last)} is ${aType(list)}, not a list to expand into the arguments of ${name}()`, exprStart(last));
    args.push(...list);
  }
  // Terraform reports an argument's error before it calls the function.
  return firstInvalid(args) ?? fns(name, args, expr.span);
}

function evaluateTry(expr: CallExpr, scope: Scope, evaluate: Evaluate): Value {
  let lastError: Unknown | undefined;
  for (const arg of expr.args) {
    const value = evaluate(arg, scope);
    lastError = firstInvalid(value);
    if (lastError) continue;
    return firstUnknown(value) ?? value;
  }
  if (!lastError) return invalid("try() needs at least one argument", expr.span);
  return invalid(`no argument of try() is valid; the last: ${lastError.message}`, expr.span);
}

function evaluateCan(expr: CallExpr, scope: Scope, evaluate: Evaluate): Value {
  const [arg] = expr.args;
  if (expr.args.length !== 1) return invalid(`can() takes one argument, not ${expr.args.length}`, expr.span);
  const value = evaluate(arg!, scope);
  if (firstInvalid(value)) return false;
  return firstUnknown(value) ?? true;
}
