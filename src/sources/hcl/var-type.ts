// A variable's value converted to the type its declaration names (`type = number`, `list(string)`,
// `map(bool)`, `object({...})`), as Terraform converts it before anything uses it: "2" for a
// number is 2, "true" for a bool is true, true for a string is "true". A value that does not
// convert is an invalid Unknown (Terraform rejects it); a type this module does not read (`any`,
// an expression it does not know) leaves the value as it is.
import type { Expr, Span } from "./ast.js";
import { aType, invalid, toBool, toNumber, toText } from "./eval-values.js";
import { isObjectValue, isUnknown, objectValue, Unknown, type Value } from "./value.js";

/** `value` as a value of the type `type` (a variable's `type` expression); `name` and `at` for the message. */
export function convertToType(value: Value, type: Expr | undefined, name: string, at: Span): Value {
  if (!type) return value;
  const fail = (wanted: string, got: Value) => invalid(`the value of ${name} is ${aType(got)}, not ${wanted} (its type)`, at);
  const convert = (v: Value, t: Expr): Value => {
    if (v === null || isUnknown(v)) return v;
    if (t.kind === "variable") {
      switch (t.name) {
        case "string":
          return toText(v) ?? fail("a string", v);
        case "number":
          return toNumber(v) ?? fail("a number", v);
        case "bool":
          return toBool(v) ?? fail("a bool", v);
        default:
          return v;
      }
    }
    if (t.kind !== "call") return v;
    const [inner] = t.args;
    switch (t.name) {
      case "list":
      case "set":
        if (!inner) return v;
        return Array.isArray(v) ? v.map((item) => convert(item, inner)) : fail(`a ${t.name}`, v);
      case "map":
        if (!inner) return v;
        return isObjectValue(v) ? objectValue(Object.keys(v).map((k) => [k, convert(v[k]!, inner)])) : fail("a map", v);
      case "tuple": {
        if (inner?.kind !== "tuple") return v;
        if (!Array.isArray(v)) return fail("a tuple", v);
        return v.map((item, i) => (inner.items[i] ? convert(item, inner.items[i]) : item));
      }
      case "object": {
        if (inner?.kind !== "object") return v;
        if (!isObjectValue(v)) return fail("an object", v);
        const out = new Map<string, Value>(Object.keys(v).map((k) => [k, v[k]!]));
        for (const item of inner.items) {
          const key = item.key.kind === "variable" ? item.key.name : item.key.kind === "literal" && typeof item.key.value === "string" ? item.key.value : undefined;
          if (key === undefined) continue;
          // Terraform requires an attribute that is not optional(...), which is not checked here.
          out.set(key, Object.hasOwn(v, key) ? convert(v[key]!, item.value) : missing(item.value, `${name}.${key}`, at));
        }
        return objectValue(out);
      }
      case "optional":
        return inner ? convert(v, inner) : v;
      default:
        return v;
    }
  };
  return convert(value, type);
}

/** An object attribute the value leaves out: optional(T)'s null, or its literal default; another default is not evaluated. */
function missing(type: Expr, name: string, at: Span): Value {
  if (type.kind !== "call" || type.name !== "optional" || type.args.length < 2) return null;
  const fallback = type.args[1]!;
  if (fallback.kind === "literal") return fallback.value;
  return new Unknown("undecided", `${name} is left out and the default of its optional(...) type is not evaluated by cloudtrail-lint`, at);
}
