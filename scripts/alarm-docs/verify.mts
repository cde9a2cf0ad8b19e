import { covers, parse, type Pattern } from "../../src/model/filter-pattern/index.ts";
const p = (t: string): Pattern => { const r = parse(t); if (r.kind !== "pattern") throw new Error(`${t}: ${JSON.stringify(r)}`); return r.pattern; };
export function both(filters: string[], ref: string) {
  const rs = [false, true].map((ne) => covers(filters.map(p), p(ref), { neOnMissing: ne }));
  const r = rs.find((x) => x.covers === false) ?? rs.find((x) => x.covers === "unknown") ?? rs[0]!;
  return { verdict: r.covers, detail: rs.map((x) => x.covers === false ? `MISS ${x.missed} ${JSON.stringify(x.witness)}` : x.covers === "unknown" ? `UNK ${x.why}` : "covers") };
}


