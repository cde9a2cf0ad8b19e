// How a built-in function is declared for the table in ../functions.ts: how many arguments it
// takes, how much of its arguments may be unknown when its implementation runs, and the
// implementation over known values (which throws FunctionError instead of returning a value).
import type { Value } from "../value.js";

export interface FunctionSpec {
  /** The number of arguments, or the least and the most (Infinity: variadic). */
  arity: number | readonly [number, number];
  /**
   * Which unknowns the implementation handles itself. By default any argument that is or
   * contains an Unknown makes the call that Unknown before the implementation runs.
   * - "nested": the arguments are known, but may contain Unknowns (length of a list with unknown elements).
   * - "all": even an argument itself may be Unknown (coalesce: an unknown after the first value does not matter).
   */
  unknowns?: "nested" | "all";
  impl: (args: Value[]) => Value;
}

/** Functions of one family by name. */
export type FunctionSpecs = Record<string, FunctionSpec>;
