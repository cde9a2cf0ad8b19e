// What an expression is evaluated against (eval.ts): the module evaluator (instance.ts) answers
// references by their leading names, lazily, so that only what an expression uses is evaluated;
// the function library (functions.ts, library.ts) answers calls.
import type { Span } from "./ast.js";
import type { Value } from "./value.js";

/**
 * The function library: the value of `name(args...)` called at `at` (arguments evaluated, none an
 * error; any may be or contain an Unknown).
 */
export type FunctionTable = (name: string, args: Value[], at: Span) => Value;

export interface Scope {
  /**
   * The value of a reference, given the leading attribute names of a traversal
   * (`aws_s3_bucket.logs.arn` -> ["aws_s3_bucket", "logs", "arn"]; `var.x[0]` -> ["var", "x"];
   * `each.value` -> ["each", "value"]): the value of the longest prefix this scope resolves, and
   * how many names that prefix has (the evaluator applies the rest). `undefined` when the first
   * name is not a root this scope knows (the evaluator then asks no one else: the reference is
   * invalid). A reference the files leave open resolves to an Unknown with its cause, never to
   * undefined.
   */
  reference(names: readonly string[], at: Span): { value: Value; consumed: number } | undefined;
}

/** A scope that knows `bindings` (for-expression and template-for variables) and defers the rest to `parent`. */
export function childScope(parent: Scope, bindings: ReadonlyMap<string, Value>): Scope {
  return {
    reference(names, at) {
      const own = bindings.get(names[0]!);
      if (own !== undefined || bindings.has(names[0]!)) return { value: own as Value, consumed: 1 };
      return parent.reference(names, at);
    },
  };
}
