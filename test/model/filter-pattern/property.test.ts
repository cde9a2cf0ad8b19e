import assert from "node:assert/strict";
import fc from "fast-check";
import { covers, matches, parse, type Pattern } from "../../../src/model/filter-pattern/index.js";

// Property-based check of `covers` against the direct evaluator `matches`: small patterns over a
// few fields (two of them prefix-related: $.c and $.c.d) and constants, and small events.
const FIELDS = ["$.a", "$.b", "$.c", "$.c.d", "$.e[0]"];
const STRINGS = ['"x"', '"y"', '"xy"', '"x*"', '"*y"', '"*"', "x"];

const atom = fc.oneof(
  fc.tuple(fc.constantFrom(...FIELDS), fc.constantFrom("=", "!="), fc.constantFrom(...STRINGS)).map(([f, op, v]) => `${f} ${op} ${v}`),
  fc.tuple(fc.constantFrom(...FIELDS), fc.constantFrom("=", "!=", "<", "<=", ">", ">="), fc.constantFrom(1, 2)).map(([f, op, n]) => `${f} ${op} ${n}`),
  fc.tuple(fc.constantFrom(...FIELDS), fc.constantFrom("IS NULL", "NOT EXISTS", "IS TRUE", "IS FALSE")).map(([f, k]) => `${f} ${k}`),
);
const { expr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    atom,
    fc.tuple(tie("expr"), fc.constantFrom("&&", "||"), tie("expr")).map(([l, op, r]) => `(${l}) ${op} (${r})`),
  ),
}));
const pattern = expr.map((e): Pattern => {
  const r = parse(`{ ${e} }`);
  if (r.kind !== "pattern") throw new Error(`generator produced an unreadable pattern: ${e}`);
  return r.pattern;
});

const scalar = fc.constantFrom<unknown>(null, true, false, "x", "y", "xy", "yx", "xz", "zy", "xzy", "", "z", 0, 1, 1.5, 2, 3);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const event = fc
  .record({
    a: maybe(scalar),
    b: maybe(scalar),
    c: maybe(fc.oneof(scalar, fc.record({ d: maybe(scalar) }))),
    e: maybe(fc.oneof(scalar, fc.array(scalar, { maxLength: 2 }))),
  })
  .map((r) => JSON.parse(JSON.stringify(r)) as Record<string, unknown>); // drop undefined keys

describe("model/filter-pattern covers (property)", () => {
  for (const sem of [{ neOnMissing: false }, { neOnMissing: true }]) {
    it(`true is never contradicted, false always has a real witness (neOnMissing: ${sem.neOnMissing})`, () => {
      let verdicts = { true: 0, false: 0, unknown: 0 };
      fc.assert(
        fc.property(pattern, fc.array(pattern, { minLength: 1, maxLength: 3 }), fc.array(event, { minLength: 40, maxLength: 40 }), (ref, pats, events) => {
          const r = covers(pats, ref, sem);
          verdicts = { ...verdicts, [String(r.covers)]: verdicts[String(r.covers) as keyof typeof verdicts] + 1 };
          const escapes = events.filter((ev) => matches(ref, ev, sem) && !pats.some((p) => matches(p, ev, sem)));
          if (r.covers === true) {
            assert.deepEqual(escapes, [], `covers said true, but these events match the reference and no pattern`);
          } else if (r.covers === false) {
            assert.notEqual(r.missed, "");
            assert.equal(matches(ref, r.witness, sem), true);
            assert.equal(pats.some((p) => matches(p, r.witness, sem)), false);
          }
        }),
        { numRuns: 400, seed: 20261202 },
      );
      // the property must exercise all three answers, or it proves little
      assert.ok(verdicts.true > 20 && verdicts.false > 20 && verdicts.unknown > 0, JSON.stringify(verdicts));
    });
  }

  it("one field, dense: every value class of $.a is exercised", () => {
    const one = fc.oneof(
      fc.tuple(fc.constantFrom("=", "!="), fc.constantFrom('"x"', '"xy"', '"x*"', '"*y"', '"*x*"', '"*"')).map(([op, v]) => `$.a ${op} ${v}`),
      fc.tuple(fc.constantFrom("=", "!=", "<", ">="), fc.constantFrom(1, 2)).map(([op, n]) => `$.a ${op} ${n}`),
      fc.constantFrom("$.a IS NULL", "$.a NOT EXISTS", "$.a IS TRUE"),
    );
    const small = fc.array(one, { minLength: 1, maxLength: 2 }).chain((as) => fc.constantFrom(" && ", " || ").map((j) => as.join(j)));
    const mk = (e: string): Pattern => {
      const r = parse(`{ ${e} }`);
      if (r.kind !== "pattern") throw new Error(e);
      return r.pattern;
    };
    const values: unknown[] = [undefined, null, true, false, {}, 0, 1, 1.5, 2, 3, "", "x", "y", "xy", "xz", "zy", "xzy", "zxz", "yx", "z"];
    const events = values.map((a) => (a === undefined ? {} : { a }));
    fc.assert(
      fc.property(small.map(mk), fc.array(small.map(mk), { minLength: 1, maxLength: 3 }), (ref, pats) => {
        for (const sem of [{ neOnMissing: false }, { neOnMissing: true }]) {
          const r = covers(pats, ref, sem);
          const escapes = events.filter((ev) => matches(ref, ev, sem) && !pats.some((p) => matches(p, ev, sem)));
          if (r.covers === true) assert.deepEqual(escapes, []);
          // on one field the engine is complete for these forms: no escaping event means true
          else assert.notDeepEqual(escapes, [], JSON.stringify(r));
        }
      }),
      { numRuns: 1500, seed: 20261204 },
    );
  });

  it("a pattern always covers itself and anything narrower", () => {
    fc.assert(
      fc.property(pattern, pattern, (a, b) => {
        assert.deepEqual(covers([a], a), { covers: true });
        const narrower = parse(`{ (${a.text.trim().slice(1, -1)}) && (${b.text.trim().slice(1, -1)}) }`);
        assert.ok(narrower.kind === "pattern");
        assert.deepEqual(covers([a], narrower.pattern), { covers: true });
      }),
      { numRuns: 300, seed: 20261203 },
    );
  });
});
