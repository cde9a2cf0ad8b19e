// compareWithBaseline: which findings are new, unchanged and fixed, what is not compared (unknown is
// never fixed), the score deltas, and that the fingerprint is SARIF's.
import assert from "node:assert/strict";
import { compareWithBaseline, countedFindings } from "../../src/engine/baseline.js";
import { fingerprint, resultFingerprint, undecidedRuleId } from "../../src/engine/fingerprint.js";
import type { Report } from "../../src/engine/report.js";
import type { Finding } from "../../src/engine/run.js";
import { toSarif } from "../../src/reporters/sarif.js";
import { schemaValidator } from "../../src/util/schemas.js";
import { DEV, MGMT, PROD, finding, makeReport, reportCheck } from "../helpers/report.js";

const trail = (acct: string, name: string) => `arn:aws:cloudtrail:us-east-1:${acct}:trail/${name}`;

/** [checkId, accountId, resource, status, baseline] of the findings, in report order. */
const marks = (report: Report) =>
  report.results.filter((f) => f.baseline !== undefined).map((f) => [f.checkId, f.accountId, f.resource ?? "-", f.status, f.baseline]);

describe("baseline comparison", () => {
  const a = finding({ checkId: "check-a", status: "FAIL", accountId: PROD, resource: trail(PROD, "one") });
  const b = finding({ checkId: "check-b", status: "FAIL", accountId: PROD, resource: trail(PROD, "two"), severity: "medium" });
  const c = finding({ checkId: "check-a", status: "FAIL", accountId: MGMT, resource: trail(MGMT, "main") });
  const pass = (f: Finding): Finding => ({ ...f, status: "PASS", messageId: "ok", message: "ok" });

  it("marks new and unchanged findings, lists the fixed ones with SARIF's fingerprint, and leaves PASS alone", () => {
    const before = makeReport({ findings: [a, b, pass(c)] });
    const now = makeReport({ findings: [a, pass(b), c] });
    const out = compareWithBaseline(now, before, "old.json");
    assert.deepEqual(marks(out), [
      ["check-a", MGMT, trail(MGMT, "main"), "FAIL", "new"],
      ["check-a", PROD, trail(PROD, "one"), "FAIL", "unchanged"],
    ]);
    assert.equal(out.results.find((f) => f.status === "PASS")!.baseline, undefined);
    assert.deepEqual(out.baseline!.counts, { new: 1, unchanged: 1, fixed: 1 });
    assert.deepEqual(out.baseline!.fixed, [
      {
        checkId: "check-b",
        title: "Title of check-b",
        status: "FAIL",
        severity: "medium",
        accountId: PROD,
        accountName: "prod",
        region: "us-east-1",
        resource: trail(PROD, "two"),
        messageId: "off",
        message: "FAIL message for check-b.",
        fingerprint: fingerprint(b),
      },
    ]);
    assert.equal(out.baseline!.notCompared, 0);
    assert.equal(out.baseline!.file, "old.json");
    assert.equal(out.baseline!.generatedAt, before.generatedAt);
    // The SARIF of the same report carries the fixed finding's fingerprint for b in the baseline.
    const sarifPrints = toSarif(before).runs[0]!.results!.map((r) => r.partialFingerprints!["cloudtrailLint/v1"]);
    assert.ok(sarifPrints.includes(out.baseline!.fixed[0]!.fingerprint));
    // The report given is not changed.
    assert.equal(now.baseline, undefined);
    assert.ok(now.results.every((f) => f.baseline === undefined));
  });

  it("a suppressed FAIL is a finding, marked like any other; a fixed suppressed one says it was suppressed", () => {
    const quiet = { ...b, suppressed: { reason: "accepted" } };
    const now = makeReport({ findings: [{ ...a, suppressed: { reason: "accepted" } }, pass(b)] });
    const out = compareWithBaseline(now, makeReport({ findings: [a, quiet] }), "old.json");
    assert.deepEqual(marks(out), [["check-a", PROD, trail(PROD, "one"), "FAIL", "unchanged"]]);
    assert.equal(out.baseline!.fixed[0]!.suppressed, true);
  });

  it("matches by fingerprint, not by message, line or pointer; several results of one fingerprint match as many to as many", () => {
    const moved = { ...a, message: "reworded", location: { file: "x.json", startLine: 999 }, pointer: "/accounts/9" };
    const twin = { ...a, messageId: "other", message: "second result on the same trail" };
    const out = compareWithBaseline(makeReport({ findings: [moved, twin] }), makeReport({ findings: [a] }), "old.json");
    // Of the two results with a's fingerprint, the one of a's messageId is matched; the other is new.
    assert.deepEqual(
      out.results.map((f) => [f.messageId, f.baseline]),
      [["other", "new"], ["off", "unchanged"]],
    );
    assert.deepEqual(out.baseline!.counts, { new: 1, unchanged: 1, fixed: 0 });
  });

  it("an ERROR has its own identity (SARIF's undecided rule): a FAIL that became ERROR is neither unchanged nor fixed", () => {
    const error = { ...a, status: "ERROR" as const, messageId: "collection-error", message: "Could not decide." };
    assert.equal(resultFingerprint(error), fingerprint({ ...a, checkId: undecidedRuleId("check-a") }));
    const out = compareWithBaseline(makeReport({ findings: [error] }), makeReport({ findings: [a] }), "old.json");
    assert.deepEqual(marks(out), [["check-a", PROD, trail(PROD, "one"), "ERROR", "new"]]);
    assert.deepEqual(out.baseline!.counts, { new: 1, unchanged: 0, fixed: 0 });
    assert.equal(out.baseline!.notCompared, 1);
    // And an ERROR that is decided now is fixed (as an ERROR), the FAIL in its place new.
    const back = compareWithBaseline(makeReport({ findings: [a] }), makeReport({ findings: [error] }), "old.json");
    assert.deepEqual(marks(back), [["check-a", PROD, trail(PROD, "one"), "FAIL", "new"]]);
    assert.deepEqual(back.baseline!.fixed.map((f) => [f.status, f.fingerprint]), [["ERROR", resultFingerprint(error)]]);
  });

  it("does not call fixed what was not looked at: a check not run, an account not in this run, an account-wide ERROR now", () => {
    const otherCheck = finding({ checkId: "check-z", status: "FAIL", accountId: PROD });
    const gone = finding({ checkId: "check-a", status: "FAIL", accountId: DEV, resource: trail(DEV, "x") });
    const undecidedHere = finding({ checkId: "check-b", status: "FAIL", accountId: MGMT, resource: trail(MGMT, "logs") });
    const before = makeReport({ findings: [a, otherCheck, gone, undecidedHere, c] });
    const accountWide = finding({ checkId: "check-b", status: "ERROR", accountId: MGMT, messageId: "collection-error", message: "denied" });
    delete accountWide.resource;
    const now = makeReport({
      findings: [pass(a), pass(c), accountWide],
      checks: [reportCheck("check-a"), reportCheck("check-b")],
    });
    const out = compareWithBaseline(now, before, "old.json");
    assert.deepEqual(out.baseline!.fixed.map((f) => [f.checkId, f.accountId]), [["check-a", MGMT], ["check-a", PROD]]);
    assert.equal(out.baseline!.notCompared, 3);
    assert.deepEqual(out.baseline!.counts, { new: 1, unchanged: 0, fixed: 2 });
  });

  it("gives each account's score then and now: new accounts without before, gone ones without after, null scores kept", () => {
    const low = finding({ checkId: "check-c", status: "FAIL", accountId: PROD, severity: "low", resource: trail(PROD, "three") });
    const before = makeReport({ findings: [a, pass(b), pass(low), finding({ checkId: "check-a", status: "ERROR", accountId: MGMT, messageId: "collection-error" })] });
    const now = makeReport({ findings: [pass(a), pass(b), low, finding({ checkId: "check-a", status: "FAIL", accountId: DEV, resource: trail(DEV, "d") })] });
    const out = compareWithBaseline(now, before, "old.json");
    // PROD: weights a high 5, b medium 3, low 1: before 4/9 → 44, now 8/9 → 89.
    assert.deepEqual(out.baseline!.accounts, [
      { accountId: MGMT, accountName: "management", before: null },
      { accountId: PROD, accountName: "prod", before: 44, after: 89, change: 45 },
      { accountId: DEV, accountName: now.accounts.find((x) => x.accountId === DEV)!.accountName, after: 0 },
    ].sort((x, y) => (x.accountId < y.accountId ? -1 : 1)));
    // Organization: before 4 of 9 (MGMT's ERROR not scored) → 44; now a, b pass (8) of 14 (low 1, DEV's high 5) → 57.
    assert.deepEqual(out.baseline!.organization, { before: 44, after: 57, change: 13 });
  });

  it("the compared report validates against schemas/report.schema.json; a 1.0 report with a baseline does not", () => {
    const out = compareWithBaseline(makeReport({ findings: [a, pass(b)] }), makeReport({ findings: [b] }), "old.json");
    const validate = schemaValidator("report.schema.json");
    const json = JSON.parse(JSON.stringify(out)) as Record<string, unknown>;
    assert.ok(validate(json), JSON.stringify(validate.errors?.slice(0, 3)));
    assert.ok(!validate({ ...json, schemaVersion: "1.0" }));
    const { baseline: _delta, ...plain } = json;
    assert.ok(validate({ ...plain, schemaVersion: "1.0", results: (plain.results as Finding[]).map(({ baseline: _b, ...f }) => f) }));
    // A PASS result marked against a baseline is refused.
    const results = (json.results as Record<string, unknown>[]).map((f) => (f.status === "PASS" ? { ...f, baseline: "new" } : f));
    assert.ok(!validate({ ...json, results }));
  });

  it("countedFindings: with newOnly and a baseline only the new ones; otherwise all", () => {
    const out = compareWithBaseline(makeReport({ findings: [a, c] }), makeReport({ findings: [a] }), "old.json");
    assert.deepEqual(countedFindings(out, true).map((f) => f.accountId), [MGMT]);
    assert.equal(countedFindings(out, false).length, 2);
    assert.equal(countedFindings(makeReport({ findings: [a, c] }), true).length, 2);
  });
});
