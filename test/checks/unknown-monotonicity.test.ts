// Metamorphic property of every check: making one value unknown can only undecide results.
//
// For each example snapshot, and for every field the snapshot schema lets hold an unknown (read
// from schemas/snapshot.schema.json, so a new Maybe field is covered without a new test), on every
// record that has it (present or absent), one variant replaces that value with an unknown; a
// trail's whole configuration ($unknown) is one more variant. Against the results of the
// unchanged snapshot, each variant's results must be the same, or ERROR naming the injected cause:
// no new FAIL, PASS or NOT_APPLICABLE, no result lost without an ERROR standing in for it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checks } from "../../src/checks/index.js";
import { runChecks, type Finding } from "../../src/engine/run.js";
import type { CollectionError, Snapshot } from "../../src/model/snapshot.js";
import { loadIacFile } from "../../src/sources/iac.js";

const ROOT = join(import.meta.dirname, "..", "..");
const schema = JSON.parse(readFileSync(join(ROOT, "schemas/snapshot.schema.json"), "utf8")) as {
  $defs: Record<string, { properties?: Record<string, { anyOf?: { $ref?: string }[] }> }>;
};

/** Fields of a schema definition that may hold an unknown, from the schema itself. */
function maybeFields(def: string): string[] {
  const properties = schema.$defs[def]?.properties ?? {};
  const fields = Object.entries(properties)
    .filter(([, p]) => (p.anyOf ?? []).some((branch) => branch.$ref === "#/$defs/unknown"))
    .map(([name]) => name);
  if ("$unknown" in properties) fields.push("$unknown");
  return fields;
}

const CAUSE: CollectionError = { service: "test", operation: "InjectedRead", code: "InjectedUnknown", message: "made unknown by the test" };

interface Variant {
  label: string;
  snapshot: Snapshot;
}

/** Every one-field variant of the snapshot. */
function variants(snapshot: Snapshot): Variant[] {
  const out: Variant[] = [];
  const set = (label: string, edit: (copy: Snapshot) => Record<string, unknown> | undefined, field: string) => {
    const copy = structuredClone(snapshot);
    const record = edit(copy);
    if (!record) return;
    record[field] = field === "$unknown" ? { ...CAUSE } : { $unknown: { ...CAUSE } };
    out.push({ label: `${label}.${field}`, snapshot: copy });
  };
  if (snapshot.organization) {
    for (const field of maybeFields("organization")) set("organization", (c) => c.organization as unknown as Record<string, unknown>, field);
  }
  snapshot.accounts.forEach((account, a) => {
    for (const field of maybeFields("account")) set(`accounts/${a}`, (c) => c.accounts[a] as unknown as Record<string, unknown>, field);
    const lists = { trails: "trail", buckets: "bucket", logGroups: "logGroup" } as const;
    for (const [list, def] of Object.entries(lists)) {
      const items = (account as unknown as Record<string, unknown>)[list];
      if (!Array.isArray(items)) continue;
      items.forEach((_item, i) => {
        for (const field of maybeFields(def)) {
          set(`accounts/${a}/${list}/${i}`, (c) => ((c.accounts[a] as unknown as Record<string, unknown[]>)[list]![i] as Record<string, unknown>), field);
        }
      });
    }
  });
  return out;
}

// The region of a result is where its resource is, not part of the verdict: a bucket whose region is
// unknown is still the same bucket. Several results may share a key (one per trail, per bucket).
const key = (f: Finding) => `${f.checkId}|${f.accountId}|${f.resource ?? "-"}`;
// A FAIL stays a FAIL when an unknown only keeps the check from naming it as precisely (global
// events off on a trail whose IsMultiRegionTrail is unknown: "off", not "off on a multi-region
// trail"); what must never happen is a FAIL, PASS or N/A where there was another status.
const verdict = (f: Finding) => (f.status === "FAIL" ? "FAIL" : `${f.status} ${f.messageId}`);
const names = (f: Finding) => f.status === "ERROR" && f.message.includes("InjectedUnknown");

function byKey(findings: Finding[]): Map<string, Finding[]> {
  const map = new Map<string, Finding[]>();
  for (const f of findings) map.set(key(f), [...(map.get(key(f)) ?? []), f]);
  return map;
}

/** What breaks the property in one variant, as lines (empty when it holds). */
function violations(baseline: Finding[], findings: Finding[]): string[] {
  const before = byKey(baseline);
  const after = byKey(findings);
  const problems: string[] = [];
  for (const [k, was] of before) {
    const now = [...(after.get(k) ?? [])];
    for (const f of was) {
      // Each result of the baseline is matched by the same verdict, or by an ERROR naming the cause.
      const same = now.findIndex((n) => verdict(n) === verdict(f));
      const undecided = now.findIndex(names);
      const match = same >= 0 ? same : undecided;
      if (match >= 0) {
        now.splice(match, 1);
        continue;
      }
      // Gone: an ERROR naming the cause must stand in for it, in its account or for its resource.
      const standIn = findings.some((n) => names(n) && n.checkId === f.checkId && (n.accountId === f.accountId || (n.resource !== undefined && n.resource === f.resource)));
      if (!standIn) {
        const instead = (after.get(k) ?? []).map(verdict).join(", ") || "nothing";
        problems.push(`${k}: ${verdict(f)} became ${instead}, and no ERROR naming the unknown stands in for it`);
      }
    }
    for (const extra of now) if (!names(extra) && !was.some((f) => verdict(f) === verdict(extra))) problems.push(`${k}: new ${verdict(extra)}`);
  }
  for (const [k, now] of after) {
    if (before.has(k)) continue;
    for (const f of now) if (!names(f)) problems.push(`${k}: new ${verdict(f)}${f.status === "ERROR" ? ` (${f.message})` : ""}`);
  }
  return problems;
}

// `only`: the checks an input is about (the KMS fixtures have several logging trails, among which the
// account-level checks' choice of the trail to report is not what they test).
const INPUTS: { name: string; load: () => Snapshot; only?: string[] }[] = [
  { name: "examples/org-snapshot.json", load: () => JSON.parse(readFileSync(join(ROOT, "examples/org-snapshot.json"), "utf8")) as Snapshot },
  { name: "examples/blog-snapshot.json", load: () => JSON.parse(readFileSync(join(ROOT, "examples/blog-snapshot.json"), "utf8")) as Snapshot },
  { name: "examples/iac/blog.yaml", load: () => loadIacFile(join(ROOT, "examples/iac/blog.yaml")).snapshot },
  { name: "test/fixtures/iac/cloudformation/full.yaml", load: () => loadIacFile(join(ROOT, "test/fixtures/iac/cloudformation/full.yaml"), { region: "us-east-1" }).snapshot },
  { name: "test/fixtures/iac/cloudformation/kms.yaml", load: () => loadIacFile(join(ROOT, "test/fixtures/iac/cloudformation/kms.yaml")).snapshot, only: ["trail-kms-encryption"] },
  { name: "test/fixtures/iac/terraform/kms.tfplan.json", load: () => loadIacFile(join(ROOT, "test/fixtures/iac/terraform/kms.tfplan.json")).snapshot, only: ["trail-kms-encryption"] },
];

describe("unknown monotonicity: one unknown value only ever undecides results (every Maybe field of the schema)", () => {
  it("reads the fields that may be unknown from the schema", () => {
    assert.ok(maybeFields("trail").includes("IsMultiRegionTrail") && maybeFields("trail").includes("$unknown"));
    assert.ok(maybeFields("bucket").includes("policy") && maybeFields("account").includes("trails"));
  });

  for (const input of INPUTS) {
    it(`${input.name}: every one-field variant gives the same results or ERROR naming the cause`, function () {
      // Every check on every one-field variant: the organization example has some 400 of them,
      // about 20 s on a loaded 2-core machine; twice the suite's default timeout leaves room.
      this.timeout(60_000);
      const snapshot = input.load();
      const run = input.only ? checks.filter((c) => input.only!.includes(c.meta.id)) : checks;
      const baseline = runChecks(run, snapshot, new Map());
      const all = variants(snapshot);
      assert.ok(all.length > 20, `${all.length} variants`);
      const broken = all.flatMap((v) => violations(baseline, runChecks(run, v.snapshot, new Map())).map((p) => `${v.label}: ${p}`));
      assert.deepEqual(broken, []);
    });
  }

  it("catches a check that reads an unknown as a value (the property can fail)", () => {
    const snapshot = INPUTS[1]!.load();
    const baseline = runChecks(checks, snapshot, new Map());
    // A FAIL where the baseline had a PASS, for the same resource, is a violation.
    const flipped = baseline.map((f) => (f.status === "PASS" ? { ...f, status: "FAIL" as const, messageId: "x" } : f));
    assert.ok(violations(baseline, flipped).length > 0);
    assert.deepEqual(violations(baseline, baseline), []);
  });
});
