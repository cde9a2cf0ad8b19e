// Number functions: min, max, abs, ceil, floor over numbers (decimal strings convert).
// https://developer.hashicorp.com/terraform/language/functions/min (and max, abs, ceil, floor)
import type { Value } from "../value.js";
import { invalid, toNum } from "./args.js";
import type { FunctionSpecs } from "./spec.js";

const numbers = (args: Value[]) => args.map((a, i) => toNum(a, `argument ${i + 1}`));
/** Without JavaScript's negative zero, which Terraform's numbers do not print. */
const plain = (n: number) => (n === 0 ? 0 : n);

function extreme(args: Value[], pick: (...n: number[]) => number): number {
  if (args.length === 0) throw invalid("must pass at least one number");
  return pick(...numbers(args));
}

/** min, max, abs, ceil, floor. */
export const numberFunctions: FunctionSpecs = {
  min: { arity: [0, Infinity], impl: (args) => extreme(args, Math.min) },
  max: { arity: [0, Infinity], impl: (args) => extreme(args, Math.max) },
  abs: { arity: 1, impl: ([v]) => Math.abs(toNum(v!, "the argument")) },
  ceil: { arity: 1, impl: ([v]) => plain(Math.ceil(toNum(v!, "the argument"))) },
  floor: { arity: 1, impl: ([v]) => plain(Math.floor(toNum(v!, "the argument"))) },
};
