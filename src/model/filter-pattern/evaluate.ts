// Direct evaluator of a parsed JSON filter pattern over one JSON log event (semantics in index.ts).
import type { Atom, Expr, Pattern, Segment } from "./parse.js";

/**
 * Choices the AWS documentation leaves open. `neOnMissing`: does `$.f != v` match an event without
 * `$.f`? Default false (a comparison needs a value). A caller unsure of the service's behaviour can
 * ask `covers` under both and trust only an answer that holds under both.
 */
export interface Semantics {
  neOnMissing: boolean;
}
export const DEFAULT_SEMANTICS: Semantics = { neOnMissing: false };

export type Resolved = { present: false } | { present: true; value: unknown };

export function resolve(event: unknown, path: Segment[]): Resolved {
  let cur: unknown = event;
  for (const seg of path) {
    if (typeof seg === "number") {
      if (!Array.isArray(cur) || seg >= cur.length) return { present: false };
      cur = cur[seg];
    } else {
      if (cur === null || typeof cur !== "object" || Array.isArray(cur) || !Object.hasOwn(cur, seg)) return { present: false };
      cur = (cur as Record<string, unknown>)[seg];
    }
  }
  return { present: true, value: cur };
}

const globCache = new Map<string, RegExp>();
export function globMatch(glob: string, s: string): boolean {
  let re = globCache.get(glob);
  if (re === undefined) {
    re = new RegExp(`^${glob.split("*").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "s");
    globCache.set(glob, re);
  }
  return re.test(s);
}

export function atomHolds(a: Atom, r: Resolved, sem: Semantics = DEFAULT_SEMANTICS): boolean {
  const v = r.present ? r.value : undefined;
  switch (a.test) {
    case "missing":
      return !r.present;
    case "null":
      return r.present && v === null;
    case "bool":
      return r.present && v === a.value;
    case "str": {
      const eq = typeof v === "string" && globMatch(a.glob, v);
      return a.neg ? (r.present || sem.neOnMissing) && !eq : eq;
    }
    case "num": {
      if (a.cmp === "!=") return (r.present || sem.neOnMissing) && !(typeof v === "number" && v === a.n);
      if (typeof v !== "number") return false;
      switch (a.cmp) {
        case "=":
          return v === a.n;
        case "<":
          return v < a.n;
        case "<=":
          return v <= a.n;
        case ">":
          return v > a.n;
        case ">=":
          return v >= a.n;
      }
    }
  }
}

export function evalExpr(e: Expr, event: unknown, sem: Semantics = DEFAULT_SEMANTICS): boolean {
  if (e.kind === "atom") return atomHolds(e.atom, resolve(event, e.atom.path), sem);
  return e.kind === "and" ? e.items.every((x) => evalExpr(x, event, sem)) : e.items.some((x) => evalExpr(x, event, sem));
}

/** Does the pattern match this JSON log event? */
export function matches(pattern: Pattern, event: unknown, sem: Semantics = DEFAULT_SEMANTICS): boolean {
  return evalExpr(pattern.expr, event, sem);
}
