// format and formatlist: Terraform's printf-like verbs as its formatter (go-cty's format.go over
// Go's fmt) writes them, for the verbs configurations use: %% %v %#v %s %q %d %f %t, with flags
// (- 0 + space #), width, precision and [n] argument indexes. Width and precision count grapheme
// clusters for strings. Other verbs (%e %g %x ...) and `*` widths are not evaluated.
// https://developer.hashicorp.com/terraform/language/functions/format and .../formatlist
import { Unknown, firstUnknown, type Value } from "../value.js";
import { decimalDigits, FunctionError, graphemes, invalid, numberText, parseNumber, toBool, toStr, undecided } from "./args.js";
import { jsonString, jsonText } from "./encoding.js";
import type { FunctionSpecs } from "./spec.js";

interface Verb {
  raw: string;
  offset: number;
  minus: boolean;
  zero: boolean;
  plus: boolean;
  space: boolean;
  sharp: boolean;
  width?: number;
  precision?: number;
  mode: string;
}

/** The string format() makes of a known specification and known arguments. */
export function formatString(spec: string, args: readonly Value[]): string {
  let out = "";
  let next = 0; // 0-based index of the next argument
  let highest = 0; // how many arguments the verbs used (1-based highest index)
  const verb = /%([-0+ #]*)(?:\[([1-9]\d*)\])?([1-9]\d*|\*)?(?:\.(\d*|\*))?([a-zA-Z%])?/y;
  for (let i = 0; i < spec.length; ) {
    const pct = spec.indexOf("%", i);
    if (pct < 0) {
      out += spec.slice(i);
      break;
    }
    out += spec.slice(i, pct);
    if (spec[pct + 1] === "%") {
      out += "%";
      i = pct + 2;
      continue;
    }
    verb.lastIndex = pct;
    const m = verb.exec(spec)!;
    const [raw, flags, index, width, precision, mode] = m;
    if (mode === undefined || mode === "%") throw invalid(`invalid format string starting at offset ${pct}`);
    if (width === "*" || precision === "*") throw undecided(`the verb ${raw} (width or precision from an argument) is not evaluated`);
    if (Number(width ?? 0) > 1000 || Number(precision ?? 0) > 1000) throw undecided(`the verb ${raw} (a width or precision over 1000) is not evaluated`);
    const argIndex = index !== undefined ? Number(index) - 1 : next;
    if (argIndex >= args.length) {
      throw invalid(`not enough arguments for "${raw}" at ${pct}: need index ${argIndex + 1} but have ${args.length} total`);
    }
    const v: Verb = {
      raw,
      offset: pct,
      minus: flags!.includes("-"),
      zero: flags!.includes("0"),
      plus: flags!.includes("+"),
      space: flags!.includes(" "),
      sharp: flags!.includes("#"),
      width: width === undefined ? undefined : Number(width),
      precision: precision === undefined ? undefined : Number(precision), // a bare period is precision 0, as in Go
      mode,
    };
    out += formatOne(v, args[argIndex]!);
    next = argIndex + 1;
    highest = Math.max(highest, next);
    i = pct + raw.length;
  }
  if (highest < args.length) {
    throw invalid(highest === 0 ? "too many arguments; no verbs in format string" : `too many arguments; only ${highest} used by format string`);
  }
  return out;
}

function formatOne(verb: Verb, arg: Value): string {
  if (verb.mode !== "v" && arg === null) throw invalid(`unsupported value for "${verb.raw}" at ${verb.offset}: null value cannot be formatted`);
  const unsupported = (what: string) => invalid(`unsupported value for "${verb.raw}" at ${verb.offset}: ${what}`);
  switch (verb.mode) {
    case "v":
      if (!verb.sharp && typeof arg === "string") return pad(verb, arg);
      if (!verb.sharp && typeof arg === "number") return pad(verb, shortestG(arg));
      return pad(verb, jsonText(arg));
    case "t":
      return wrap(() => (toBool(arg, "the argument") ? "true" : "false"), unsupported);
    case "s":
    case "q": {
      let text = wrap(() => toStr(arg, "the argument"), unsupported);
      if (verb.precision !== undefined && verb.precision > 0) text = graphemes(text).slice(0, verb.precision).join("");
      return pad(verb, verb.mode === "q" ? jsonString(text) : text);
    }
    case "d":
    case "f": {
      const n = typeof arg === "number" ? arg : typeof arg === "string" ? parseNumber(arg) : undefined;
      if (n === undefined) throw unsupported(typeof arg === "string" ? `a number is required, not "${arg}"` : "a number is required");
      return verb.mode === "d" ? formatInteger(verb, n, unsupported) : formatFixed(verb, n);
    }
    default:
      if ("bEeGgoXx".includes(verb.mode)) throw undecided(`the verb %${verb.mode} is not evaluated`);
      throw invalid(`unsupported format verb "${verb.mode}" in "${verb.raw}" at offset ${verb.offset}`);
  }
}

/** Runs a conversion, rewording its failure as Terraform's formatter does. */
function wrap<T>(convert: () => T, unsupported: (what: string) => Error): T {
  try {
    return convert();
  } catch (error) {
    throw error instanceof FunctionError && error.reason === "invalid" ? unsupported(error.message) : error;
  }
}

/** cty's padding for %v, %s, %q: to the width in grapheme clusters, with "0" under the 0 flag, on the right under -. */
function pad(verb: Verb, text: string): string {
  if (verb.width === undefined) return text;
  const missing = verb.width - graphemes(text).length;
  if (missing <= 0) return text;
  const fill = (verb.zero ? "0" : " ").repeat(missing);
  return verb.minus ? text + fill : fill + text;
}

/** Go's padding of a number with its sign: spaces left or right, or zeros after the sign (never with -). */
function padNumber(verb: Verb, sign: string, digits: string, zeroAllowed: boolean): string {
  const missing = (verb.width ?? 0) - sign.length - digits.length;
  if (missing <= 0) return sign + digits;
  if (verb.minus) return sign + digits + " ".repeat(missing);
  if (verb.zero && zeroAllowed) return sign + "0".repeat(missing) + digits;
  return " ".repeat(missing) + sign + digits;
}

const signOf = (verb: Verb, negative: boolean) => (negative ? "-" : verb.plus ? "+" : verb.space ? " " : "");

/** %d of a big.Int in Go: precision is the least number of digits (and turns off zero padding). */
function formatInteger(verb: Verb, n: number, unsupported: (what: string) => Error): string {
  if (!Number.isInteger(n)) throw unsupported("an integer is required");
  let digits = BigInt(Math.abs(n)).toString();
  if (verb.precision !== undefined) digits = verb.precision === 0 && n === 0 ? "" : digits.padStart(verb.precision, "0");
  return padNumber(verb, signOf(verb, n < 0), digits, verb.precision === undefined);
}

/**
 * %f of a big.Float in Go (default precision 6), rounding the number's decimal form half to
 * even. A tie in the decimal form that is not exact in binary depends on Terraform's 512-bit
 * value, so it is not evaluated.
 */
function formatFixed(verb: Verb, n: number): string {
  const precision = verb.precision ?? 6;
  const { negative, digits, exponent } = decimalDigits(n);
  // The number is 0.<digits> * 10^(exponent+1); keep `keep` digits: those before the point and `precision` after it.
  const keep = exponent + 1 + precision;
  let kept: bigint;
  if (keep >= digits.length) kept = BigInt(digits + "0".repeat(keep - digits.length));
  else if (keep < 0) kept = 0n;
  else {
    kept = BigInt(digits.slice(0, keep) || "0");
    const rest = digits.slice(keep);
    const tie = rest === "5";
    if (tie && BigInt(digits) % 5n ** BigInt(Math.max(0, digits.length - 1 - exponent)) !== 0n) {
      throw undecided(`rounding ${numberText(n)} to ${precision} decimal places depends on Terraform's number precision`);
    }
    if (rest[0]! > "5" || (rest[0] === "5" && (!tie || kept % 2n === 1n))) kept += 1n;
  }
  let text = kept.toString().padStart(precision + 1, "0");
  if (precision > 0) text = `${text.slice(0, -precision)}.${text.slice(-precision)}`;
  return padNumber(verb, signOf(verb, negative), text, true);
}

/** big.Float Text('g', -1) (%v of a number): the shortest digits, with an exponent when it is below -4 or 6 and above. */
function shortestG(n: number): string {
  const { negative, digits, exponent } = decimalDigits(n);
  if (exponent >= -4 && exponent < 6) return numberText(n);
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${negative ? "-" : ""}${mantissa}e${exponent < 0 ? "-" : "+"}${Math.abs(exponent).toString().padStart(2, "0")}`;
}

/** formatlist: format over the elements of the list arguments (all the same length), repeating the others. */
function formatList(args: Value[]): Value {
  if (args[0] instanceof Unknown) return args[0];
  const spec = toStr(args[0]!, "the format");
  const rest = args.slice(1);
  let length = -1;
  for (const [i, arg] of rest.entries()) {
    if (arg instanceof Unknown) return arg;
    if (!Array.isArray(arg)) continue;
    if (length === -1) length = arg.length;
    else if (arg.length !== length) {
      throw invalid(`argument ${i + 2} has length ${arg.length}, which is inconsistent with argument ${rest.findIndex(Array.isArray) + 2} of length ${length}`);
    }
  }
  const out: Value[] = [];
  for (let k = 0; k < Math.max(length, 1) && length !== 0; k++) {
    const row = rest.map((arg) => (Array.isArray(arg) ? arg[k]! : arg));
    const unknown = row.map(firstUnknown).find((u) => u !== undefined);
    out.push(unknown ?? formatString(spec, row));
  }
  return out;
}

/** format and formatlist. */
export const formatFunctions: FunctionSpecs = {
  format: { arity: [1, Infinity], impl: ([spec, ...args]) => formatString(toStr(spec!, "the format"), args) },
  formatlist: { arity: [1, Infinity], unknowns: "all", impl: formatList },
};
