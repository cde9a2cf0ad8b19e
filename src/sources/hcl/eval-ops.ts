// Terraform's operators on evaluated operands: arithmetic and comparison on numbers (a string that
// is a number converts), `==`/`!=` as deep equality without conversion, `&&`/`||`/`!` on bools
// ("true"/"false" convert), unary minus. Both operands are always evaluated and a type error wins
// over an unknown; but a known `false && x` is false and `true || x` is true whatever unknown x is
// (the refinement Terraform's unknown values give), as long as x is not an error.
import type { BinaryOp, Expr, Span } from "./ast.js";
import { exprStart, exprText } from "./expr-text.js";
import { aType, deepEquals, firstInvalid, invalid, passedOn, toBool, toNumber, type Evaluate } from "./eval-values.js";
import type { Scope } from "./scope.js";
import { Unknown, type Value } from "./value.js";

type BinaryExpr = Extract<Expr, { kind: "binary" }>;
type UnaryExpr = Extract<Expr, { kind: "unary" }>;

export function evaluateBinary(expr: BinaryExpr, scope: Scope, evaluate: Evaluate): Value {
  const left = evaluate(expr.left, scope);
  const right = evaluate(expr.right, scope);
  switch (expr.op) {
    case "==":
    case "!=": {
      const error = firstInvalid(left) ?? firstInvalid(right);
      if (error) return error;
      const equal = deepEquals(left, right);
      return equal instanceof Unknown ? equal : equal === (expr.op === "==");
    }
    case "&&":
    case "||":
      return logical(expr.op, boolOperand(expr.left, left), boolOperand(expr.right, right));
    default:
      return numeric(expr.op, numberOperand(expr.left, left), numberOperand(expr.right, right), expr);
  }
}

export function evaluateUnary(expr: UnaryExpr, scope: Scope, evaluate: Evaluate): Value {
  const value = evaluate(expr.operand, scope);
  if (expr.op === "!") {
    const operand = boolOperand(expr.operand, value);
    return operand instanceof Unknown ? operand : !operand;
  }
  const operand = numberOperand(expr.operand, value);
  return operand instanceof Unknown ? operand : 0 - operand;
}

function logical(op: "&&" | "||", left: boolean | Unknown, right: boolean | Unknown): Value {
  const open = passedOn(left, right);
  if (open?.reason === "invalid") return open;
  // The value that decides whatever the other operand is: false for &&, true for ||.
  const decisive = op === "||";
  if (left === decisive || right === decisive) return decisive;
  return open ?? !decisive;
}

function numeric(op: Exclude<BinaryOp, "==" | "!=" | "&&" | "||">, left: number | Unknown, right: number | Unknown, expr: BinaryExpr): Value {
  const open = passedOn(left, right);
  if (open) return open;
  const [a, b] = [left as number, right as number];
  switch (op) {
    case "<":
      return a < b;
    case ">":
      return a > b;
    case "<=":
      return a <= b;
    case ">=":
      return a >= b;
    case "+":
      return finite(a + b, exprStart(expr));
    case "-":
      return finite(a - b, exprStart(expr));
    case "*":
      return finite(a * b, exprStart(expr));
    case "/":
    case "%":
      if (b === 0) return invalid(`${exprText(expr)} divides by zero (${exprText(expr.right)} is 0)`, exprStart(expr));
      return finite(op === "/" ? a / b : a % b, exprStart(expr));
  }
}

/** A result as a value: -0 is 0; beyond JavaScript's numbers is undecided here, not an error in Terraform. */
function finite(result: number, at: Span): Value {
  if (!Number.isFinite(result)) return new Unknown("undecided", "the result is too large for cloudtrail-lint's numbers", at);
  return result + 0;
}

function numberOperand(expr: Expr, value: Value): number | Unknown {
  if (value instanceof Unknown) return value;
  const number = toNumber(value);
  if (number !== undefined) return number;
  return invalid(`${exprText(expr)} is ${aType(value)}, not a number${quoted(value)}`, exprStart(expr));
}

function boolOperand(expr: Expr, value: Value): boolean | Unknown {
  if (value instanceof Unknown) return value;
  const bool = toBool(value);
  if (bool !== undefined) return bool;
  return invalid(`${exprText(expr)} is ${aType(value)}, not a bool${quoted(value)}`, exprStart(expr));
}

/** A string operand shown after the message (": \"yes\""), so that the user sees which string it is. */
function quoted(value: Value): string {
  if (typeof value !== "string") return "";
  return `: ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`;
}
