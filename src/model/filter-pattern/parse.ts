// Parser for CloudWatch Logs filter patterns over JSON log events.
// Syntax: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
// and "Using filter patterns to match terms in JSON log events"
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/matching-terms-json-log-events.html).

export type Segment = string | number;
export type NumCmp = "=" | "!=" | "<" | "<=" | ">" | ">=";

export type Test =
  | { test: "str"; neg: boolean; glob: string } // `= "x"` / `!= "x"`, `*` is a wildcard
  | { test: "num"; cmp: NumCmp; n: number }
  | { test: "null" } // IS NULL
  | { test: "missing" } // NOT EXISTS
  | { test: "bool"; value: boolean }; // IS TRUE / IS FALSE

export type Atom = { path: Segment[]; key: string } & Test;
export type Expr = { kind: "atom"; atom: Atom } | { kind: "and" | "or"; items: Expr[] };
export interface Pattern {
  text: string;
  expr: Expr;
}

export type ParseResult =
  | { kind: "pattern"; pattern: Pattern }
  | { kind: "unsupported"; form: "empty" | "terms" | "space-delimited" | "regex"; reason: string }
  | { kind: "error"; position: number; reason: string };

export class FilterPatternSyntaxError extends Error {
  constructor(
    readonly position: number,
    readonly reason: string,
  ) {
    super(`${reason} at position ${position}`);
  }
}

export function pathKey(path: Segment[]): string {
  return path.map((s) => (typeof s === "number" ? `[${s}]` : `.${s}`)).join("");
}

type Tok = { t: string; v: string; pos: number; quoted?: boolean };

const PUNCT = ["&&", "||", "!=", "<=", ">=", "=", "<", ">", "{", "}", "(", ")"];

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const p = PUNCT.find((q) => src.startsWith(q, i));
    if (p !== undefined) {
      out.push({ t: p, v: p, pos: i });
      i += p.length;
      continue;
    }
    if (c === '"') {
      let v = "";
      let j = i + 1;
      for (; j < src.length && src[j] !== '"'; j++) {
        if (src[j] === "\\" && j + 1 < src.length) j++;
        v += src[j];
      }
      if (j >= src.length) throw new FilterPatternSyntaxError(i, "unterminated string");
      out.push({ t: "value", v, pos: i, quoted: true });
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < src.length && !/[\s(){}&|=!<>"]/.test(src[j]!)) j++;
    if (j === i) throw new FilterPatternSyntaxError(i, `unexpected character '${c}'`);
    out.push({ t: "word", v: src.slice(i, j), pos: i });
    i = j;
  }
  out.push({ t: "eof", v: "", pos: src.length });
  return out;
}

function parseSelector(tok: Tok): Segment[] {
  const s = tok.v;
  if (!s.startsWith("$")) throw new FilterPatternSyntaxError(tok.pos, `expected a selector like $.field, found '${s}'`);
  const path: Segment[] = [];
  const re = /\.([A-Za-z0-9_@:-]+)|\[(\d+)\]/y;
  let i = 1;
  while (i < s.length) {
    re.lastIndex = i;
    const m = re.exec(s);
    if (!m) throw new FilterPatternSyntaxError(tok.pos + i, `unreadable selector '${s}'`);
    path.push(m[1] !== undefined ? m[1] : Number(m[2]));
    i = re.lastIndex;
  }
  if (path.length === 0) throw new FilterPatternSyntaxError(tok.pos, "selector '$' names no field");
  return path;
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}
  private peek(): Tok {
    return this.toks[this.i]!;
  }
  private next(): Tok {
    return this.toks[this.i++]!;
  }
  private expect(t: string): Tok {
    const tok = this.next();
    if (tok.t !== t) throw new FilterPatternSyntaxError(tok.pos, `expected '${t}', found ${describe(tok)}`);
    return tok;
  }
  top(): Expr {
    this.expect("{");
    const e = this.or();
    this.expect("}");
    const rest = this.peek();
    if (rest.t !== "eof") throw new FilterPatternSyntaxError(rest.pos, `unexpected ${describe(rest)} after '}'`);
    return e;
  }
  // `&&` binds tighter than `||` (conventional precedence; see index.ts).
  private or(): Expr {
    const items = [this.and()];
    while (this.peek().t === "||") {
      this.next();
      items.push(this.and());
    }
    return items.length === 1 ? items[0]! : { kind: "or", items };
  }
  private and(): Expr {
    const items = [this.primary()];
    while (this.peek().t === "&&") {
      this.next();
      items.push(this.primary());
    }
    return items.length === 1 ? items[0]! : { kind: "and", items };
  }
  private primary(): Expr {
    const tok = this.peek();
    if (tok.t === "(") {
      this.next();
      const e = this.or();
      this.expect(")");
      return e;
    }
    if (tok.t !== "word") throw new FilterPatternSyntaxError(tok.pos, `expected a selector or '(', found ${describe(tok)}`);
    this.next();
    const path = parseSelector(tok);
    return { kind: "atom", atom: { path, key: pathKey(path), ...this.test() } };
  }
  private test(): Test {
    const op = this.next();
    if (op.t === "word") {
      const arg = this.next();
      const phrase = `${op.v} ${arg.t === "word" ? arg.v : ""}`;
      if (phrase === "IS NULL") return { test: "null" };
      if (phrase === "NOT EXISTS") return { test: "missing" };
      if (phrase === "IS TRUE") return { test: "bool", value: true };
      if (phrase === "IS FALSE") return { test: "bool", value: false };
      throw new FilterPatternSyntaxError(op.pos, `unknown operator '${phrase.trim()}'`);
    }
    if (!["=", "!=", "<", "<=", ">", ">="].includes(op.t)) {
      throw new FilterPatternSyntaxError(op.pos, `expected a comparison operator, found ${describe(op)}`);
    }
    const val = this.next();
    if (val.t !== "word" && val.t !== "value") throw new FilterPatternSyntaxError(val.pos, `expected a value, found ${describe(val)}`);
    if (!val.quoted && val.v.startsWith("%")) throw new FilterPatternSyntaxError(val.pos, "regular expressions in JSON patterns are not supported");
    const n = Number(val.v);
    const numeric = !val.quoted && val.v !== "" && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(val.v) && Number.isFinite(n);
    if (numeric) return { test: "num", cmp: op.t as NumCmp, n };
    if (op.t !== "=" && op.t !== "!=") throw new FilterPatternSyntaxError(val.pos, `'${op.t}' needs a number, found '${val.v}'`);
    return { test: "str", neg: op.t === "!=", glob: val.v };
  }
}

function describe(tok: Tok): string {
  return tok.t === "eof" ? "end of pattern" : `'${tok.v}'`;
}

/** Parses a filter pattern. Never throws. */
export function parse(text: string): ParseResult {
  const trimmed = text.trim();
  if (trimmed === "") return { kind: "unsupported", form: "empty", reason: "an empty pattern matches every event, JSON or not" };
  if (trimmed.startsWith("[")) return { kind: "unsupported", form: "space-delimited", reason: "space-delimited pattern ([...]), not a JSON pattern" };
  if (trimmed.startsWith("%")) return { kind: "unsupported", form: "regex", reason: "regular-expression pattern, not a JSON pattern" };
  if (!trimmed.startsWith("{")) return { kind: "unsupported", form: "terms", reason: "term pattern (words or quoted phrases), not a JSON pattern" };
  try {
    return { kind: "pattern", pattern: { text, expr: new Parser(tokenize(text)).top() } };
  } catch (e) {
    if (e instanceof FilterPatternSyntaxError) return { kind: "error", position: e.position, reason: e.reason };
    throw e;
  }
}

export function renderAtom(a: Atom): string {
  const sel = `$${a.key}`;
  switch (a.test) {
    case "str":
      return `${sel} ${a.neg ? "!=" : "="} ${JSON.stringify(a.glob)}`;
    case "num":
      return `${sel} ${a.cmp} ${a.n}`;
    case "null":
      return `${sel} IS NULL`;
    case "missing":
      return `${sel} NOT EXISTS`;
    case "bool":
      return `${sel} IS ${a.value ? "TRUE" : "FALSE"}`;
  }
}
