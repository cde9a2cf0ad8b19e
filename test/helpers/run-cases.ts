// Table-driven check tests, after ESLint's RuleTester: valid and invalid cases, params validated,
// the snapshot deep-frozen (a check that mutates its input fails), duplicate names rejected, and
// every result compared on status, messageId, account, pointer (and more when a case says so).
import assert from "node:assert/strict";
import type { AnyCheck, Status } from "../../src/engine/check.js";
import { resolveParams, runCheck, type Finding } from "../../src/engine/run.js";
import type { Snapshot } from "../../src/model/snapshot.js";

export interface Expected {
  status: Status;
  messageId?: string;
  accountId?: string;
  pointer?: string;
  resource?: string;
  region?: string;
  /** Substring or pattern the rendered message must contain. */
  message?: string | RegExp;
  /** Keys that must deep-equal in the finding's evidence. */
  evidence?: Record<string, unknown>;
  /** Substring every remediation command must contain, or the exact list of commands. */
  cli?: string[];
}

export interface Case {
  name: string;
  snapshot: Snapshot;
  params?: Record<string, unknown>;
  /** For valid cases optional: when given, compared exactly as for invalid ones. */
  expect?: Expected[];
  only?: boolean;
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

export function runOnce(check: AnyCheck, snapshot: Snapshot, params: Record<string, unknown> = {}): Finding[] {
  const resolved = resolveParams(check, params);
  return runCheck(check, deepFreeze(structuredClone(snapshot)), { enabled: true, severity: check.meta.severity, params: resolved });
}

function matches(finding: Finding, expected: Expected): boolean {
  if (finding.status !== expected.status) return false;
  if (expected.messageId !== undefined && finding.messageId !== expected.messageId) return false;
  if (expected.accountId !== undefined && finding.accountId !== expected.accountId) return false;
  if (expected.pointer !== undefined && finding.pointer !== expected.pointer) return false;
  if (expected.resource !== undefined && finding.resource !== expected.resource) return false;
  if (expected.region !== undefined && finding.region !== expected.region) return false;
  if (expected.message !== undefined) {
    const ok = typeof expected.message === "string" ? finding.message.includes(expected.message) : expected.message.test(finding.message);
    if (!ok) return false;
  }
  if (expected.evidence !== undefined) {
    for (const [key, value] of Object.entries(expected.evidence)) {
      try {
        assert.deepEqual(finding.evidence[key], value);
      } catch {
        return false;
      }
    }
  }
  if (expected.cli !== undefined) {
    try {
      assert.deepEqual(finding.remediation?.cli, expected.cli);
    } catch {
      return false;
    }
  }
  return true;
}

/** Asserts that findings and expectations pair up one to one. */
export function assertFindings(findings: Finding[], expected: Expected[]): void {
  const left = [...findings];
  const unmatched: Expected[] = [];
  for (const want of expected) {
    const index = left.findIndex((f) => matches(f, want));
    if (index === -1) unmatched.push(want);
    else left.splice(index, 1);
  }
  if (unmatched.length > 0 || left.length > 0) {
    const show = (f: Finding) =>
      `  ${f.status} ${f.messageId} account=${f.accountId} pointer=${f.pointer ?? "-"} resource=${f.resource ?? "-"}\n    ${f.message}`;
    assert.fail(
      `findings differ from expectations\nunmatched expectations:\n${unmatched.map((u) => `  ${JSON.stringify(u, (_k, v: unknown) => (v instanceof RegExp ? String(v) : v))}`).join("\n") || "  (none)"}\n` +
        `unexpected findings:\n${left.map(show).join("\n") || "  (none)"}\nall findings:\n${findings.map(show).join("\n")}`,
    );
  }
}

export function runCases(check: AnyCheck, cases: { valid: Case[]; invalid: Case[] }): void {
  const names = new Set<string>();
  for (const c of [...cases.valid, ...cases.invalid]) {
    if (names.has(c.name)) throw new Error(`${check.meta.id}: duplicate case name "${c.name}"`);
    names.add(c.name);
  }
  const messageIds = new Set(Object.keys(check.meta.messages));
  for (const c of [...cases.valid, ...cases.invalid]) {
    for (const e of c.expect ?? []) {
      if (e.messageId !== undefined && !messageIds.has(e.messageId) && e.messageId !== "collection-error") {
        throw new Error(`${check.meta.id}: case "${c.name}" expects unknown messageId "${e.messageId}"`);
      }
    }
  }

  describe(check.meta.id, () => {
    describe("valid", () => {
      for (const c of cases.valid) {
        (c.only ? it.only : it)(c.name, () => {
          const findings = runOnce(check, c.snapshot, c.params);
          assert.ok(findings.some((f) => f.status === "PASS"), "a valid case must produce at least one PASS");
          const bad = findings.filter((f) => f.status === "FAIL" || f.status === "ERROR");
          assert.deepEqual(bad.map((f) => `${f.status}: ${f.message}`), [], "a valid case must produce no FAIL or ERROR");
          if (c.expect) assertFindings(findings, c.expect);
        });
      }
    });
    describe("invalid", () => {
      for (const c of cases.invalid) {
        (c.only ? it.only : it)(c.name, () => {
          assert.ok(c.expect && c.expect.length > 0, "an invalid case must state its expected findings");
          assertFindings(runOnce(check, c.snapshot, c.params), c.expect);
        });
      }
    });
  });
}
