// The finite abstraction of one field's values used by entail.ts: a partition of every possible
// value of the field (absent, null, true, false, object/array, numbers, strings) into cells such
// that every atom on the field holds on all of a cell or on none of it.
import { atomHolds, DEFAULT_SEMANTICS, globMatch, type Semantics } from "./evaluate.js";
import type { Atom } from "./parse.js";

export const ABSENT = Symbol("absent");
export interface Cell {
  /** A value of the cell, ABSENT for the missing field; undefined when none was found ("maybe" cell). */
  witness: unknown;
  holds: (a: Atom) => boolean;
}

export class TooManyCells extends Error {}

const STAR = "\u0000*";

/** L(g) ⊆ L(h)? Sufficient test: h matches g where each `*` of g is a token only a `*` of h consumes. */
export function globSubset(g: string, h: string): boolean {
  const gt: string[] = [];
  for (const ch of g) gt.push(ch === "*" ? STAR : ch);
  const memo = new Map<string, boolean>();
  const go = (i: number, j: number): boolean => {
    const k = `${i},${j}`;
    const hit = memo.get(k);
    if (hit !== undefined) return hit;
    let r: boolean;
    if (j === h.length) r = i === gt.length;
    else if (h[j] === "*") r = go(i, j + 1) || (i < gt.length && go(i + 1, j));
    else r = i < gt.length && gt[i] === h[j] && go(i + 1, j + 1);
    memo.set(k, r);
    return r;
  };
  return go(0, 0);
}

function valueCell(v: unknown, sem: Semantics = DEFAULT_SEMANTICS): Cell {
  const r = v === ABSENT ? ({ present: false } as const) : ({ present: true, value: v } as const);
  return { witness: v, holds: (a) => atomHolds(a, r, sem) };
}

function numberCells(atoms: Atom[]): Cell[] {
  const cs = [...new Set(atoms.flatMap((a) => (a.test === "num" ? [a.n] : [])))].sort((x, y) => x - y);
  if (cs.length === 0) return [valueCell(0)];
  const reps: number[] = [cs[0]! - 1];
  cs.forEach((c, i) => {
    reps.push(c);
    reps.push(i + 1 < cs.length ? (c + cs[i + 1]!) / 2 : c + 1);
  });
  return reps.map((v) => valueCell(v));
}

function stringCells(atoms: Atom[], maxWild: number): Cell[] {
  const globs = [...new Set(atoms.flatMap((a) => (a.test === "str" ? [a.glob] : [])))];
  const exact = globs.filter((g) => !g.includes("*"));
  const wild = globs.filter((g) => g.includes("*"));
  if (wild.length > maxWild) throw new TooManyCells(`${wild.length} wildcard values on one field`);
  const cellOf = (vec: Map<string, boolean>, witness: unknown): Cell => ({
    witness,
    holds: (a) => (a.test === "str" ? (vec.get(a.glob)! !== a.neg) : a.test === "num" && a.cmp === "!="),
  });
  const vecOf = (s: string): Map<string, boolean> => new Map(globs.map((g) => [g, globMatch(g, s)]));
  // A cell where an exact value holds is that value's cell.
  const cells: Cell[] = [...new Set(exact)].map((c) => cellOf(vecOf(c), c));
  // Every other cell: all exact values fail; enumerate the signs of the wildcard values.
  const inst = (g: string, fill: string) => g.split("*").join(fill);
  const pool = ["\u00b7", ...wild.flatMap((g) => [inst(g, ""), inst(g, "\u00b7")])];
  for (const g of wild) for (const h of wild) pool.push(inst(g, "") + inst(h, ""), inst(g, "\u00b7") + inst(h, "\u00b7"));
  const found = new Map<string, string>();
  for (const s of pool) {
    if (exact.includes(s)) continue;
    const k = wild.map((g) => (globMatch(g, s) ? "1" : "0")).join("");
    if (!found.has(k)) found.set(k, s);
  }
  for (let mask = 0; mask < 1 << wild.length; mask++) {
    const pos = wild.filter((_, i) => mask & (1 << i));
    const neg = wild.filter((_, i) => !(mask & (1 << i)));
    if (pos.some((g) => neg.some((h) => globSubset(g, h)))) continue; // provably empty
    if (neg.includes("*")) continue;
    const vec = new Map<string, boolean>(exact.map((c) => [c, false]));
    for (const g of wild) vec.set(g, pos.includes(g));
    cells.push(cellOf(vec, found.get(wild.map((g) => (pos.includes(g) ? "1" : "0")).join(""))));
  }
  return cells;
}

/** All cells of one field, given every atom that mentions it. */
export function fieldCells(atoms: Atom[], sem: Semantics = DEFAULT_SEMANTICS, maxWild = 10): Cell[] {
  return [ABSENT, null, true, false, {}].map((v) => valueCell(v, sem)).concat(numberCells(atoms), stringCells(atoms, maxWild));
}
