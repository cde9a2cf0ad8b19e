// Terraform's regular expressions (Go's RE2 syntax) run on JavaScript's RegExp: a pattern is
// translated construct by construct where JavaScript reads it the same way, and refused (not
// evaluated) where it would not or where the construct is rare (backreference-like escapes,
// flag groups after the start, ungreedy mode, POSIX negations). Matching and replacing follow
// Go's loops: an empty match right after a previous match does not count, and `$1`, `${1}`,
// `$name` in a replacement are expanded as Go's Regexp.Expand does.
import { undecided } from "./args.js";

/** A translated pattern: the JavaScript RegExp (global, unicode) and its capture groups' names in order ("" = unnamed). */
export interface Pattern {
  re: RegExp;
  groups: string[];
}

/** Unicode general categories, named alike in RE2 and JavaScript (other `\p{...}` names are taken as scripts). */
const CATEGORIES = new Set("L Lu Ll Lt Lm Lo M Mn Mc Me N Nd Nl No P Pc Pd Ps Pe Pi Pf Po S Sm Sc Sk So Z Zs Zl Zp C Cc Cf Co Cs".split(" "));

/** POSIX classes (`[[:alpha:]]`, ASCII only in RE2) as class contents. */
const POSIX: Record<string, string> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\x00-\\x7f",
  blank: "\\t ",
  cntrl: "\\x00-\\x1f\\x7f",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-\\/:-@\\[-`{-~",
  space: "\\t\\n\\v\\f\\r ",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};

/** Characters that JavaScript's unicode mode lets (and sometimes needs) a backslash before. */
const JS_SYNTAX = new Set([..."^$\\.*+?()[]{}|/-"]);
/** RE2's `\s`: ASCII white space without \v (JavaScript's `\s` also matches Unicode spaces). */
const RE2_SPACE = "\\t\\n\\f\\r ";

/** Translates an RE2 pattern; throws "undecided" for what JavaScript would read differently. */
export function translate(pattern: string): Pattern {
  const refuse = (what: string) => undecided(`the regular expression ${JSON.stringify(pattern)} uses ${what}, which is not evaluated`);
  let i = 0;
  const flags = { i: false, s: false, m: false };
  // Flags are supported only as a prefix group, where they apply to the whole pattern.
  for (let m = /^\(\?([a-zA-Z]+)\)/.exec(pattern); m; m = /^\(\?([a-zA-Z]+)\)/.exec(pattern.slice(i))) {
    for (const f of m[1]!) {
      if (f !== "i" && f !== "s" && f !== "m") throw refuse(`the flag ${f}`);
      flags[f] = true;
    }
    i += m[0].length;
  }
  const groups: string[] = [];
  let out = "";
  const literal = (c: string, inClass: boolean) => (JS_SYNTAX.has(c) && (inClass || c !== "-") ? `\\${c}` : c);

  /** An escape after a backslash at `i` (pointing at the backslash); returns the JS text and moves `i`. */
  const escape = (inClass: boolean): string => {
    const c = pattern[i + 1];
    if (c === undefined) throw refuse("a trailing backslash");
    i += 2;
    if ("dDwW".includes(c)) return `\\${c}`;
    if (c === "s") return inClass ? RE2_SPACE : `[${RE2_SPACE}]`;
    if (c === "S" && !inClass) return `[^${RE2_SPACE}]`;
    if (!inClass && (c === "b" || c === "B")) {
      // Under JavaScript's i and u flags \b also sees U+017F and U+212A as word characters; RE2's \b never does.
      if (flags.i) throw refuse(`\\${c} with the i flag`);
      return `\\${c}`;
    }
    if (!inClass && c === "A") return "(?<![\\s\\S])";
    if (!inClass && c === "z") return "(?![\\s\\S])";
    if ("ftnrv".includes(c)) return `\\${c}`;
    if (c === "a") return "\\x07";
    if (c === "x") {
      const braced = /^\{([0-9a-fA-F]{1,6})\}/.exec(pattern.slice(i));
      if (braced) {
        i += braced[0].length;
        return `\\u{${braced[1]}}`;
      }
      const two = /^[0-9a-fA-F]{2}/.exec(pattern.slice(i));
      if (!two) throw refuse("a malformed \\x escape");
      i += 2;
      return `\\x${two[0]}`;
    }
    if (c === "p" || c === "P") {
      const m = /^(?:\{(\^?)([A-Za-z_]+)\}|([A-Za-z]))/.exec(pattern.slice(i));
      if (!m) throw refuse("a malformed Unicode class");
      i += m[0].length;
      const name = m[2] ?? m[3]!;
      const negated = (c === "P") !== (m[1] === "^");
      const property = CATEGORIES.has(name) ? name : /^[A-Z][a-z]+(_[A-Z][a-z]+)*$/.test(name) ? `Script=${name}` : undefined;
      if (property === undefined || name === "Any") throw refuse(`the Unicode class ${name}`);
      return `\\${negated ? "P" : "p"}{${property}}`;
    }
    if (c === "Q") {
      const end = pattern.indexOf("\\E", i);
      const text = pattern.slice(i, end < 0 ? undefined : end);
      i = end < 0 ? pattern.length : end + 2;
      return [...text].map((ch) => literal(ch, inClass)).join("");
    }
    if (/[!-/:-@[-`{-~]/.test(c)) return literal(c, inClass); // RE2: any escaped ASCII punctuation is itself
    throw refuse(`the escape \\${c}`);
  };

  const charClass = (): string => {
    let text = "[";
    i++;
    if (pattern[i] === "^") {
      text += "^";
      i++;
    }
    if (pattern[i] === "]") {
      text += "\\]"; // RE2: a ] first in a class is a literal
      i++;
    }
    while (i < pattern.length && pattern[i] !== "]") {
      const c = pattern[i]!;
      if (c === "\\") text += escape(true);
      else if (pattern.startsWith("[:", i)) {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(pattern.slice(i));
        if (!m || m[1] === "^" || !(m[2]! in POSIX)) throw refuse("a POSIX class form that is not supported");
        text += POSIX[m[2]!];
        i += m[0].length;
      } else {
        const ch = String.fromCodePoint(pattern.codePointAt(i)!);
        text += ch === "[" ? "\\[" : ch;
        i += ch.length;
      }
    }
    if (i >= pattern.length) throw refuse("an unclosed character class");
    i++;
    return `${text}]`;
  };

  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "\\") out += escape(false);
    else if (c === "[") out += charClass();
    else if (c === ".") {
      out += flags.s ? "[\\s\\S]" : "[^\\n]"; // JavaScript's . also stops at \r, U+2028 and U+2029
      i++;
    } else if (c === "^" || c === "$") {
      // Multi-line mode: RE2 breaks lines at \n only, JavaScript also at \r, U+2028, U+2029.
      out += flags.m ? (c === "^" ? "(?<![^\\n])" : "(?![^\\n])") : c;
      i++;
    } else if (c === "(") {
      const named = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(pattern.slice(i));
      if (named) {
        groups.push(named[1]!);
        out += `(?<${named[1]}>`;
        i += named[0].length;
      } else if (pattern.startsWith("(?:", i)) {
        out += "(?:";
        i += 3;
      } else if (pattern[i + 1] === "?") {
        throw refuse("a group form (flags, a name starting with a digit, or look-around)");
      } else {
        groups.push("");
        out += "(";
        i++;
      }
    } else if (c === "{") {
      const repeat = /^\{(\d+)(?:,(\d*))?\}/.exec(pattern.slice(i));
      if (repeat && Math.max(Number(repeat[1]), Number(repeat[2] || 0)) > 1000) throw refuse("a repeat count over 1000 (RE2 rejects it)");
      out += repeat ? repeat[0] : "\\{"; // RE2 reads a brace that does not start a repeat literally
      i += repeat ? repeat[0].length : 1;
    } else if (c === "}" || c === "]") {
      out += `\\${c}`;
      i++;
    } else {
      const ch = String.fromCodePoint(pattern.codePointAt(i)!);
      out += ch;
      i += ch.length;
    }
  }
  // `a*+` is an error in RE2 but `(a*)+` in JavaScript.
  if (/[*+?}]\+/.test(pattern.replace(/\\./g, ""))) throw refuse("a repetition of a repetition");
  let re: RegExp;
  try {
    re = new RegExp(out, `gu${flags.i ? "i" : ""}`);
  } catch {
    throw refuse("a construct that does not translate");
  }
  return { re, groups };
}

/** One match: its span and each group's text (undefined when the group took no part). */
export interface Match {
  start: number;
  end: number;
  groups: (string | undefined)[];
}

function execAt(re: RegExp, text: string, pos: number): Match | undefined {
  re.lastIndex = pos;
  const m = re.exec(text);
  if (!m) return undefined;
  return { start: m.index, end: m.index + m[0].length, groups: m.slice(1) };
}

/** Width of the character at pos (1 past the end, as Go advances). */
const width = (text: string, pos: number) => (pos < text.length && text.codePointAt(pos)! > 0xffff ? 2 : 1);

/** Every match as Go's FindAll finds them: non-overlapping, an empty match right after a match ignored. */
export function findAll(pattern: Pattern, text: string): Match[] {
  const found: Match[] = [];
  for (let pos = 0, prevEnd = -1; pos <= text.length; ) {
    const m = execAt(pattern.re, text, pos);
    if (!m) break;
    let accept = true;
    if (m.end === pos) {
      if (m.start === prevEnd) accept = false;
      pos += width(text, pos);
    } else pos = m.end;
    prevEnd = m.end;
    if (accept) found.push(m);
  }
  return found;
}

/** The first match (Go's FindStringSubmatch). */
export function findFirst(pattern: Pattern, text: string): Match | undefined {
  return execAt(pattern.re, text, 0);
}

/** Every match replaced by the template expanded for it (Go's ReplaceAllString). */
export function replaceAll(pattern: Pattern, text: string, template: string): string {
  let out = "";
  let lastEnd = 0;
  for (let pos = 0; pos <= text.length; ) {
    const m = execAt(pattern.re, text, pos);
    if (!m) break;
    out += text.slice(lastEnd, m.start);
    if (m.end > lastEnd || m.start === 0) out += expand(pattern, template, text, m);
    lastEnd = m.end;
    const w = width(text, pos);
    pos = pos + w > m.end ? pos + w : pos + 1 > m.end ? pos + 1 : m.end;
  }
  return out + text.slice(lastEnd);
}

/** Go's Regexp.Expand: `$$` is a dollar, `$n`/`${n}` a group by number, `$name`/`${name}` by name (the longest name), unknown ones empty. */
function expand(pattern: Pattern, template: string, text: string, m: Match): string {
  let out = "";
  for (let i = 0; i < template.length; ) {
    const c = template[i]!;
    if (c !== "$") {
      out += c;
      i++;
      continue;
    }
    if (template[i + 1] === "$") {
      out += "$";
      i += 2;
      continue;
    }
    const ref = /^\$(?:\{([\p{L}\p{Nd}_]+)\}|([\p{L}\p{Nd}_]+))/u.exec(template.slice(i));
    if (!ref) {
      out += "$"; // malformed: the dollar is literal text
      i++;
      continue;
    }
    i += ref[0].length;
    const name = ref[1] ?? ref[2]!;
    if (/^\d+$/.test(name)) out += Number(name) === 0 ? text.slice(m.start, m.end) : (m.groups[Number(name) - 1] ?? "");
    else {
      const index = pattern.groups.indexOf(name);
      out += index < 0 ? "" : (m.groups[index] ?? "");
    }
  }
  return out;
}
