// Entailment: does the union of patterns match every event the reference matches? (See index.ts.)
import { ABSENT, type Cell, fieldCells, TooManyCells } from "./cells.js";
import { DEFAULT_SEMANTICS, matches, type Semantics } from "./evaluate.js";
import { type Atom, type Expr, type Pattern, renderAtom, type Segment } from "./parse.js";

export type CoverResult =
  | { covers: true }
  | { covers: false; missed: string; witness: Record<string, unknown> }
  | { covers: "unknown"; why: string };

export const MAX_CONJUNCTS = 4096;
const MAX_STEPS = 100_000;

class Unknown extends Error {}

/** Disjunctive normal form: a list of conjunctions of atoms. */
export function toDnf(e: Expr, max = MAX_CONJUNCTS): Atom[][] {
  if (e.kind === "atom") return [[e.atom]];
  const parts = e.items.map((x) => toDnf(x, max));
  if (e.kind === "or") {
    const out = parts.flat();
    if (out.length > max) throw new Unknown(`more than ${max} conjuncts in disjunctive normal form`);
    return out;
  }
  let acc: Atom[][] = [[]];
  for (const p of parts) {
    if (acc.length * p.length > max) throw new Unknown(`more than ${max} conjuncts in disjunctive normal form`);
    acc = acc.flatMap((a) => p.map((b) => a.concat(b)));
  }
  return acc;
}

type Box = Map<string, Set<number>>; // field key -> cell ids allowed; absent key = every cell

interface Universe {
  cells: Map<string, Cell[]>;
  paths: Map<string, Segment[]>;
}

function boxOf(conj: Atom[], u: Universe): Box {
  const b: Box = new Map();
  for (const a of conj) {
    const cells = u.cells.get(a.key)!;
    const prev = b.get(a.key) ?? new Set(cells.keys());
    b.set(a.key, new Set([...prev].filter((i) => cells[i]!.holds(a))));
  }
  return b;
}

const all = (u: Universe, k: string): Set<number> => new Set(u.cells.get(k)!.keys());
const get = (b: Box, u: Universe, k: string): Set<number> => b.get(k) ?? all(u, k);

function setPath(obj: Record<string, unknown>, path: Segment[], v: unknown): boolean {
  let cur: unknown = obj;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    const rec = cur as Record<string | number, unknown>;
    if (typeof seg === "number" ? !Array.isArray(cur) : cur === null || typeof cur !== "object" || Array.isArray(cur)) return false;
    if (last) {
      if (Object.hasOwn(rec, seg)) return false;
      rec[seg] = v;
    } else {
      if (!Object.hasOwn(rec, seg)) {
        const nxt = path[i + 1]!;
        // An array index n needs n earlier elements: fill them with null.
        rec[seg] = typeof nxt === "number" ? (Array(nxt).fill(null) as unknown[]) : {};
      }
      cur = rec[seg];
    }
  }
  return true;
}

function witnessOf(box: Box, u: Universe): Record<string, unknown> | undefined {
  const ev: Record<string, unknown> = {};
  const keys = [...u.cells.keys()].sort((a, b) => a.length - b.length);
  for (const k of keys) {
    const cells = u.cells.get(k)!;
    const ids = [...get(box, u, k)];
    const absent = ids.find((i) => cells[i]!.witness === ABSENT);
    if (absent !== undefined && !box.has(k)) continue;
    // Prefer a string value (the natural shape of a CloudTrail field), then any other value.
    const id = ids.find((i) => typeof cells[i]!.witness === "string") ?? ids.find((i) => cells[i]!.witness !== undefined);
    if (id === undefined) return undefined;
    const w = cells[id]!.witness;
    if (w !== ABSENT && !setPath(ev, u.paths.get(k)!, structuredClone(w))) return undefined;
  }
  return ev;
}

/** Does the union of `patterns` match every event `reference` matches? Sound: never a false `true`. */
export function covers(patterns: Pattern[], reference: Pattern, sem: Semantics = DEFAULT_SEMANTICS): CoverResult {
  try {
    return coversOrThrow(patterns, reference, sem);
  } catch (e) {
    if (e instanceof Unknown || e instanceof TooManyCells) return { covers: "unknown", why: e.message };
    throw e;
  }
}

function coversOrThrow(patterns: Pattern[], reference: Pattern, sem: Semantics): CoverResult {
  const refDnf = toDnf(reference.expr);
  const patDnf = patterns.flatMap((p) => toDnf(p.expr));
  const byKey = new Map<string, Atom[]>();
  for (const a of [...refDnf, ...patDnf].flat()) byKey.set(a.key, [...(byKey.get(a.key) ?? []), a]);
  const u: Universe = { cells: new Map(), paths: new Map() };
  for (const [k, atoms] of byKey) {
    u.cells.set(k, fieldCells(atoms, sem));
    u.paths.set(k, atoms[0]!.path);
  }
  const pboxes = patDnf.map((c) => ({ box: boxOf(c, u), atoms: c }));
  let steps = 0;
  let unknown: string | undefined;
  for (const conj of refDnf) {
    const stack: { box: Box; desc: string[] }[] = [{ box: boxOf(conj, u), desc: conj.map(renderAtom) }];
    while (stack.length > 0) {
      if (++steps > MAX_STEPS) throw new Unknown(`case split exceeded ${MAX_STEPS} steps`);
      const { box, desc } = stack.pop()!;
      if ([...box.values()].some((s) => s.size === 0)) continue; // no event here
      const live = pboxes.filter((p) => [...p.box].every(([k, s]) => [...get(box, u, k)].some((i) => s.has(i))));
      if (live.some((p) => [...p.box].every(([k, s]) => [...get(box, u, k)].every((i) => s.has(i))))) continue;
      if (live.length === 0) {
        const w = witnessOf(box, u);
        const missed = `events where ${desc.join(" && ")}`;
        if (w !== undefined && matches(reference, w, sem) && !patterns.some((p) => matches(p, w, sem))) {
          return { covers: false, missed, witness: w };
        }
        unknown ??= `could not confirm an event for the uncovered class: ${missed}`;
        continue;
      }
      // Split on the first field where the first live pattern conjunct is narrower than the box.
      const p = live[0]!;
      const [k, s] = [...p.box].find(([key, ps]) => [...get(box, u, key)].some((i) => !ps.has(i)))!;
      const cur = get(box, u, k);
      const pd = p.atoms.filter((a) => a.key === k).map(renderAtom).join(" && ");
      stack.push({ box: new Map(box).set(k, new Set([...cur].filter((i) => !s.has(i)))), desc: [...desc, `!(${pd})`] });
      stack.push({ box: new Map(box).set(k, new Set([...cur].filter((i) => s.has(i)))), desc: [...desc, pd] });
    }
  }
  return unknown === undefined ? { covers: true } : { covers: "unknown", why: unknown };
}
