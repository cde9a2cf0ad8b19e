// The three-valued policy evaluation (src/model/policy-tri.ts): Kleene logic, `decide` on statements
// with holes, and a property test: substituting any concrete values for the holes gives a verdict
// consistent with the three-valued one (PASS/FAIL with holes => the same for every substitution).
import assert from "node:assert/strict";
import fc from "fast-check";
import { runCheck } from "../../src/engine/run.js";
import { denyOf, grantOf, parsePolicy, type ParsedStatement } from "../../src/model/policy.js";
import { FALSE, TRUE, and, decide, not, or, unknownTri, type Tri } from "../../src/model/policy-tri.js";
import type { CollectionError, PolicyDocument, Snapshot } from "../../src/model/snapshot.js";
import { check as noDelete } from "../../src/checks/log-bucket-no-delete.js";
import { check as notPublic } from "../../src/checks/log-bucket-not-public.js";
import { check as deliveryPolicy } from "../../src/checks/log-bucket-delivery-policy.js";
import { MANAGEMENT, bucket, multiRegionTrail, single } from "../helpers/builders.js";

const cause = (name: string): CollectionError => ({ service: "s3", operation: "GetBucketPolicy", code: "Unresolved", message: `!Ref ${name}`, field: "policy" });
const hole = (name: string) => ({ $unknown: cause(name) });
const BUCKET = "arn:aws:s3:::trail-logs";
const OBJECTS = `${BUCKET}/*`;
const ctx = { owner: MANAGEMENT, targets: [BUCKET, OBJECTS] };

const U = (name: string): Tri => unknownTri([{ cause: cause(name), pointer: `/${name}` }]);
const show = (t: Tri) => (t.v === "unknown" ? `unknown(${t.holes.map((h) => h.cause.message).join(", ")})` : String(t.v));

describe("Kleene logic", () => {
  const values: [string, Tri][] = [["true", TRUE], ["false", FALSE], ["u", U("u")]];
  const table = (op: (a: Tri, b: Tri) => Tri) => values.flatMap(([a, x]) => values.map(([b, y]) => `${a} ${b} ${show(op(x, y))}`));
  it("and: false dominates", () =>
    assert.deepEqual(table(and), ["true true true", "true false false", "true u unknown(!Ref u)", "false true false", "false false false", "false u false", "u true unknown(!Ref u)", "u false false", "u u unknown(!Ref u)"]));
  it("or: true dominates", () =>
    assert.deepEqual(table(or), ["true true true", "true false true", "true u true", "false true true", "false false false", "false u unknown(!Ref u)", "u true true", "u false unknown(!Ref u)", "u u unknown(!Ref u)"]));
  it("not keeps the holes", () => assert.deepEqual([TRUE, FALSE, U("u")].map((t) => show(not(t))), ["false", "true", "unknown(!Ref u)"]));
});

describe("decide", () => {
  const statement = (s: Record<string, unknown>): ParsedStatement[] => parsePolicy({ Version: "2012-10-17", Statement: [s] } as unknown as PolicyDocument, "resource", "/p").statements;
  const broad = (action: string, target: string) => (s: ParsedStatement) =>
    (grantOf(s, action, target, MANAGEMENT)?.principals ?? []).some((p) => !(p.narrowed && (p.audience === "specific" || p.audience === "service")));
  const closes = (action: string, target: string) => (s: ParsedStatement) => denyOf(s, action, target)?.closes === true;
  const cases: { name: string; statement: Record<string, unknown>; question: (s: ParsedStatement) => boolean; expect: string }[] = [
    { name: "Allow with a hole in Action: grants s3:DeleteObject for some values", statement: { Effect: "Allow", Principal: "*", Action: hole("a"), Resource: OBJECTS }, question: broad("s3:DeleteObject", OBJECTS), expect: "unknown(!Ref a)" },
    { name: "Allow whose known Action already fails to match: the Resource hole cannot matter", statement: { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: hole("r") }, question: broad("s3:DeleteObject", OBJECTS), expect: "false" },
    { name: "Allow with a known matching Action and a second Action hole: grants whatever the hole", statement: { Effect: "Allow", Principal: "*", Action: ["s3:DeleteObject", hole("a")], Resource: OBJECTS }, question: broad("s3:DeleteObject", OBJECTS), expect: "true" },
    { name: "Allow to a principal hole without narrowing: broad for every principal", statement: { Effect: "Allow", Principal: { AWS: hole("p") }, Action: "s3:DeleteObject", Resource: OBJECTS }, question: broad("s3:DeleteObject", OBJECTS), expect: "true" },
    { name: "Allow to a principal hole narrowed to a named role of the owner: never broad", statement: { Effect: "Allow", Principal: { AWS: hole("p") }, Action: "s3:DeleteObject", Resource: OBJECTS, Condition: { ArnEquals: { "aws:PrincipalArn": `arn:aws:iam::${MANAGEMENT}:role/Janitor` } } }, question: broad("s3:DeleteObject", OBJECTS), expect: "false" },
    { name: "Allow narrowed by a PrincipalArn hole: depends on the value", statement: { Effect: "Allow", Principal: "*", Action: "s3:DeleteObject", Resource: OBJECTS, Condition: { ArnEquals: { "aws:PrincipalArn": hole("c") } } }, question: broad("s3:DeleteObject", OBJECTS), expect: "unknown(!Ref c)" },
    { name: "Allow with an aws:PrincipalOrgID hole: org conditions never narrow, so broad", statement: { Effect: "Allow", Principal: "*", Action: "s3:DeleteObject", Resource: OBJECTS, Condition: { StringEquals: { "aws:PrincipalOrgID": hole("o") } } }, question: broad("s3:DeleteObject", OBJECTS), expect: "true" },
    { name: "Allow with an unknown condition block: may be restricted away", statement: { Effect: "Allow", Principal: "*", Action: "s3:DeleteObject", Resource: OBJECTS, Condition: hole("c") }, question: broad("s3:DeleteObject", OBJECTS), expect: "unknown(!Ref c)" },
    { name: "Deny to everyone with a NotResource-free Resource hole: covers for some values", statement: { Effect: "Deny", Principal: "*", Action: "s3:DeleteObject", Resource: hole("r") }, question: closes("s3:DeleteObject", OBJECTS), expect: "unknown(!Ref r)" },
    { name: "Deny with a hole in an 'other' condition (aws:PrincipalOrgID): never closes", statement: { Effect: "Deny", Principal: "*", Action: "s3:DeleteObject", Resource: OBJECTS, Condition: { StringNotEquals: { "aws:PrincipalOrgID": hole("o") } } }, question: closes("s3:DeleteObject", OBJECTS), expect: "false" },
    { name: "Deny exempting a PrincipalArn hole: closes unless the value exempts a whole account", statement: { Effect: "Deny", Principal: "*", Action: "s3:DeleteObject", Resource: OBJECTS, Condition: { StringNotLike: { "aws:PrincipalArn": hole("e") } } }, question: closes("s3:DeleteObject", OBJECTS), expect: "unknown(!Ref e)" },
    { name: "Deny with a second Action hole beside a covering one: closes whatever the hole (it could only deny more)", statement: { Effect: "Deny", Principal: "*", Action: ["s3:DeleteObject", hole("a")], Resource: OBJECTS }, question: closes("s3:DeleteObject", OBJECTS), expect: "true" },
    { name: "Statement whose Effect is unknown: may be the Allow", statement: { Effect: hole("e"), Principal: "*", Action: "s3:DeleteObject", Resource: OBJECTS }, question: broad("s3:DeleteObject", OBJECTS), expect: "unknown(!Ref e)" },
    { name: "Only the holes that can change the answer are named", statement: { Effect: "Allow", Principal: "*", Action: hole("a"), Resource: OBJECTS, Condition: { StringEquals: { "aws:PrincipalOrgID": hole("o") } } }, question: broad("s3:DeleteObject", OBJECTS), expect: "unknown(!Ref a)" },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const answers = statement(c.statement).map((s) => show(decide(s, c.question, ctx)));
      // An unknown Effect gives two readings; the question is asked of each (the Deny reading never grants).
      assert.equal(answers.filter((a) => a !== "false")[0] ?? "false", c.expect);
    });
  }
  it("names a hole by the document's pointer plus its place", () => {
    const [s] = statement({ Effect: "Allow", Principal: "*", Action: "s3:DeleteObject", Resource: OBJECTS, Condition: { ArnEquals: { "aws:PrincipalArn": hole("c") } } });
    const t = decide(s!, broad("s3:DeleteObject", OBJECTS), ctx);
    assert.deepEqual(t.v === "unknown" ? t.holes.map((h) => h.pointer) : [], ["/p/Statement/0/Condition/ArnEquals/aws:PrincipalArn"]);
  });
});

// ---------------------------------------------------------------------------------------------
// Property: three-valued verdicts agree with every substitution.

const ARN_VALUES = [
  "*",
  `arn:aws:iam::${MANAGEMENT}:root`,
  `arn:aws:iam::${MANAGEMENT}:role/Admin`,
  `arn:aws:iam::${MANAGEMENT}:role/*`,
  `arn:aws:iam::${MANAGEMENT}:role/BreakGlass*`,
  "arn:aws:iam::555555555555:root",
  "arn:aws:iam::555555555555:role/Auditor",
  "arn:aws:iam::*:role/BreakGlass",
  MANAGEMENT,
  "555555555555",
];
const STRING_VALUES = [...ARN_VALUES, "o-abcdefghij", "o-*", "bucket-owner-full-control", "true", "false", "arn:aws:cloudtrail:us-east-1:111111111111:trail/main", "arn:aws:cloudtrail:*:111111111111:trail/*", "arn:aws:cloudtrail:us-east-1:555555555555:trail/x"];
const ACTIONS = ["s3:DeleteObject", "s3:Delete*", "s3:*", "*", "s3:GetObject", "s3:PutObject", "s3:GetBucketAcl", "s3:PutLifecycleConfiguration", "s3:List*", "s3:PutBucketPolicy"];
const RESOURCES = [BUCKET, OBJECTS, `${BUCKET}/AWSLogs/*`, `${BUCKET}/AWSLogs/${MANAGEMENT}/*`, "*", "arn:aws:s3:::other/*", "arn:aws:s3:::trail-*"];
const KEYS: [string, string][] = [
  ["StringNotLike", "aws:PrincipalArn"],
  ["ArnEquals", "aws:PrincipalArn"],
  ["StringEquals", "aws:PrincipalAccount"],
  ["StringEquals", "aws:SourceArn"],
  ["StringEquals", "aws:SourceAccount"],
  ["StringEquals", "aws:PrincipalOrgID"],
  ["StringNotEquals", "aws:PrincipalOrgID"],
  ["StringEquals", "s3:x-amz-acl"],
  ["Bool", "aws:SecureTransport"],
  ["StringNotEquals", "aws:userid"],
];

type Slot<T> = { hole: true } | { hole: false; value: T };
const slot = <T>(values: fc.Arbitrary<T>) => fc.oneof({ weight: 1, arbitrary: fc.constant({ hole: true } as Slot<T>) }, { weight: 3, arbitrary: values.map((value) => ({ hole: false, value }) as Slot<T>) });

const principalArb = fc.oneof(
  fc.constant<unknown>("*"),
  fc.record({ AWS: fc.array(slot(fc.constantFrom(...ARN_VALUES)), { minLength: 1, maxLength: 2 }) }),
  fc.record({ Service: fc.constantFrom("cloudtrail.amazonaws.com", "logs.amazonaws.com") }),
  fc.constant<unknown>({ hole: true }),
);
const statementArb = fc.record({
  Effect: slot(fc.constantFrom("Allow", "Deny")),
  Principal: principalArb,
  Action: fc.array(slot(fc.constantFrom(...ACTIONS)), { minLength: 1, maxLength: 2 }),
  Resource: fc.array(slot(fc.constantFrom(...RESOURCES)), { minLength: 1, maxLength: 2 }),
  Condition: fc.option(fc.oneof(fc.constant({ hole: true } as const), fc.record({ key: fc.constantFrom(...KEYS), values: fc.array(slot(fc.constantFrom(...STRING_VALUES)), { minLength: 1, maxLength: 2 }) })), { nil: undefined }),
});
type GenStatement = typeof statementArb extends fc.Arbitrary<infer T> ? T : never;

/** The document with holes (each its own unknown), and the same with each hole given a value from `pick`. */
function build(statements: GenStatement[], pick: (kind: string, n: number) => unknown): { holed: unknown; concrete: unknown } {
  let n = 0;
  const fill = (both: (h: unknown, c: unknown) => void, kind: string, s: Slot<unknown>) => {
    if (!s.hole) return both(s.value, s.value);
    const i = n++;
    both(hole(`h${i}`), pick(kind, i));
  };
  const holed: unknown[] = [];
  const concrete: unknown[] = [];
  for (const g of statements) {
    const h: Record<string, unknown> = {};
    const c: Record<string, unknown> = {};
    fill((x, y) => ((h.Effect = x), (c.Effect = y)), "effect", g.Effect);
    if (typeof g.Principal === "object" && g.Principal !== null && "hole" in g.Principal) fill((x, y) => ((h.Principal = x), (c.Principal = y)), "principal", { hole: true });
    else if (typeof g.Principal === "object" && g.Principal !== null && "AWS" in g.Principal) {
      const hx: unknown[] = [];
      const cx: unknown[] = [];
      for (const s of (g.Principal as { AWS: Slot<string>[] }).AWS) fill((x, y) => (hx.push(x), cx.push(y)), "aws", s);
      h.Principal = { AWS: hx };
      c.Principal = { AWS: cx };
    } else {
      h.Principal = g.Principal;
      c.Principal = g.Principal;
    }
    for (const key of ["Action", "Resource"] as const) {
      const hx: unknown[] = [];
      const cx: unknown[] = [];
      for (const s of g[key]) fill((x, y) => (hx.push(x), cx.push(y)), key, s);
      h[key] = hx;
      c[key] = cx;
    }
    if (g.Condition && "hole" in g.Condition) fill((x, y) => ((h.Condition = x), (c.Condition = y)), "condition", { hole: true });
    else if (g.Condition) {
      const [op, key] = g.Condition.key;
      const hx: unknown[] = [];
      const cx: unknown[] = [];
      for (const s of g.Condition.values) fill((x, y) => (hx.push(x), cx.push(y)), "value", s);
      h.Condition = { [op]: { [key]: hx } };
      c.Condition = { [op]: { [key]: cx } };
    }
    holed.push(h);
    concrete.push(c);
  }
  return { holed: { Version: "2012-10-17", Statement: holed }, concrete: { Version: "2012-10-17", Statement: concrete } };
}

const CONDITIONS: unknown[] = [
  {},
  { StringEquals: { "aws:SourceArn": "arn:aws:cloudtrail:us-east-1:111111111111:trail/main" } },
  { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${MANAGEMENT}:role/Admin*` } },
  { StringNotLike: { "aws:PrincipalArn": `arn:aws:iam::${MANAGEMENT}:role/*` } },
  { Bool: { "aws:SecureTransport": "false" } },
  { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceAccount": MANAGEMENT } },
];
const PRINCIPALS: unknown[] = ["*", { AWS: "*" }, { AWS: `arn:aws:iam::${MANAGEMENT}:role/Admin` }, { AWS: "arn:aws:iam::555555555555:root" }, { Service: "cloudtrail.amazonaws.com" }, { Service: "s3.amazonaws.com" }];

/** A concrete value for hole number i of a kind, from `seed` (wider pools than the representatives). */
function picker(seed: number[]): (kind: string, i: number) => unknown {
  return (kind, i) => {
    const r = seed[i % seed.length]! + i;
    const from = <T>(list: readonly T[]) => list[r % list.length]!;
    switch (kind) {
      case "effect":
        return from(["Allow", "Deny"]);
      case "principal":
        return from(PRINCIPALS);
      case "aws":
        return from(ARN_VALUES);
      case "Action":
        return from(ACTIONS);
      case "Resource":
        return from(RESOURCES);
      case "condition":
        return from(CONDITIONS);
      default:
        return from(STRING_VALUES);
    }
  };
}

function snapshotWith(policy: unknown): Snapshot {
  return single([multiRegionTrail()], { buckets: [bucket({ policy: policy as PolicyDocument, publicAccessBlock: null, ownershipControls: { Rules: [{ ObjectOwnership: "ObjectWriter" }] } })] });
}

describe("three-valued verdicts agree with every substitution of the holes (property)", () => {
  for (const check of [noDelete, notPublic, deliveryPolicy]) {
    it(check.meta.id, () => {
      let decidedWithHoles = 0;
      fc.assert(
        fc.property(fc.array(statementArb, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(1000), { minLength: 1, maxLength: 8 }), (statements, seed) => {
          const { holed, concrete } = build(statements, picker(seed));
          const verdict = (policy: unknown) => runCheck(check, snapshotWith(policy), { enabled: true, severity: "high", params: {} }).map((f) => f.status);
          let withHoles: string[];
          let substituted: string[];
          try {
            substituted = verdict(concrete);
            withHoles = verdict(holed);
          } catch {
            return true; // an invalid concrete policy: nothing to compare
          }
          if (JSON.stringify(holed).includes("$unknown") && withHoles.some((s) => s !== "ERROR")) decidedWithHoles++;
          withHoles.forEach((status, i) => {
            if (status === "PASS" || status === "FAIL") assert.equal(substituted[i], status, `holed ${JSON.stringify(holed)}\nconcrete ${JSON.stringify(concrete)}`);
          });
          return true;
        }),
        { numRuns: 120, seed: 14 },
      );
      assert.ok(decidedWithHoles > 20, `only ${decidedWithHoles} runs decided a policy with holes: the property would test nothing`);
    });
  }
});
