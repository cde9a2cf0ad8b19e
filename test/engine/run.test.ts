import assert from "node:assert/strict";
import { defineCheck, type AnyCheck, type CheckResult, type Status } from "../../src/engine/check.js";
import { compareFindings, defaultSetting, render, resolveParams, runCheck, runChecks, type CheckSetting, type Finding } from "../../src/engine/run.js";
import type { CollectionError, Snapshot } from "../../src/model/snapshot.js";
import type { UnknownRef } from "../../src/model/unknown.js";
import { InputError } from "../../src/util/errors.js";
import { LOG_ARCHIVE, MANAGEMENT, MEMBER, denied, org, single, trail } from "../helpers/builders.js";
import { deepFreeze } from "../helpers/run-cases.js";

const TRAIL = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/main`;

/** A check that returns the given results (per account when `results` is a function). */
function fake(
  results: CheckResult[] | ((snapshot: Snapshot) => CheckResult[]),
  overrides: Partial<AnyCheck["meta"]> = {},
): AnyCheck {
  return defineCheck<Record<string, unknown>, string>({
    meta: {
      id: "fake-check",
      title: "A fake check",
      severity: "high",
      rationale: "For engine tests.",
      reads: [{ service: "cloudtrail", operation: "GetTrailStatus" }],
      messages: { ok: "All good for {{name}}.", bad: "Broken {{name}}.", na: "Nothing here.", noData: "Needs {{missing}}." },
      remediation: { text: "Fix {{name}}.", cli: ["aws cloudtrail start-logging --name {{name}}"] },
      fixes: { bad: { text: "Specific fix for {{name}}.", cli: ["aws cloudtrail update-trail --name {{name}}", "echo {{count}} {{flag}}"] } },
      frameworks: {},
      params: {
        type: "object",
        properties: {
          limit: { type: "integer", minimum: 1, default: 24 },
          names: { type: "array", items: { type: "string" }, default: [] },
        },
        additionalProperties: false,
      },
      ...overrides,
    },
    run: (snapshot) => (typeof results === "function" ? results(snapshot) : results),
  });
}

const setting = (check: AnyCheck, extra: Partial<CheckSetting> = {}): CheckSetting => ({ ...defaultSetting(check), ...extra });

function result(status: Status, extra: Partial<CheckResult> = {}): CheckResult {
  const messageId = status === "PASS" ? "ok" : status === "FAIL" ? "bad" : "na";
  return { status, messageId, accountId: MANAGEMENT, resource: TRAIL, pointer: "/accounts/0/trails/0", data: { name: "main" }, ...extra };
}

function runOne(check: AnyCheck, snapshot: Snapshot): Finding[] {
  return runCheck(check, deepFreeze(structuredClone(snapshot)), setting(check));
}

describe("engine/run", () => {
  describe("resolveParams", () => {
    it("fills defaults on a clone and leaves the caller's object alone", () => {
      const input = { names: ["a"] };
      const resolved = resolveParams(fake([]), input);
      assert.deepEqual(resolved, { names: ["a"], limit: 24 });
      assert.deepEqual(input, { names: ["a"] });
      assert.notEqual(resolved.names, input.names, "nested values are cloned too");
    });

    it("fills every default when no params are given", () => {
      assert.deepEqual(resolveParams(fake([]), undefined), { limit: 24, names: [] });
      assert.deepEqual(defaultSetting(fake([])), { enabled: true, severity: "high", params: { limit: 24, names: [] } });
    });

    it("rejects an unknown param with an InputError naming the check and the param", () => {
      assert.throws(
        () => resolveParams(fake([]), { limt: 3 }, ".cloudtrail-lint.yml: checks.fake-check.params"),
        (error: unknown) => {
          assert.ok(error instanceof InputError);
          assert.equal(error.exitCode, 2);
          assert.match(error.message, /^\.cloudtrail-lint\.yml: checks\.fake-check\.params: invalid params for check fake-check:/);
          assert.match(error.message, /has unknown property "limt"/);
          return true;
        },
      );
    });

    it("rejects a param of the wrong type, naming its path", () => {
      assert.throws(() => resolveParams(fake([]), { limit: 0 }), /params of fake-check: invalid params for check fake-check:\n {2}at \/limit: must be >= 1/);
    });

    it("compiles a check's schema once and keeps validating with it", () => {
      const check = fake([]);
      assert.deepEqual(resolveParams(check, { limit: 2 }), { limit: 2, names: [] });
      assert.throws(() => resolveParams(check, { limit: "2" }), InputError);
    });
  });

  describe("render", () => {
    it("fills placeholders, with or without inner spaces, from strings, numbers and booleans", () => {
      assert.equal(render("{{a}} / {{ b }} / {{c}} / {{a}}", { a: "x", b: 3, c: false }, "id"), "x / 3 / false / x");
    });

    it("leaves single braces and JSON alone", () => {
      assert.equal(render(`'{"Effect":"Allow","Resource":"{{arn}}"}'`, { arn: "arn:aws:s3:::b" }, "id"), `'{"Effect":"Allow","Resource":"arn:aws:s3:::b"}'`);
    });

    it("renders an empty string value as empty", () => {
      assert.equal(render("cmd{{flags}} end", { flags: "" }, "id"), "cmd end");
    });

    it("throws on a placeholder without data, naming the check", () => {
      assert.throws(() => render("Needs {{missing}}.", { other: 1 }, "my-check"), /check my-check: no data for placeholder \{\{missing\}\}/);
      assert.throws(() => render("Needs {{missing}}.", undefined, "my-check"), /no data for placeholder/);
    });
  });

  describe("shared texts (src/engine/render.ts)", () => {
    it("two results whose placeholders hold the same values get one text, whatever else their data holds", () => {
      const check = fake([
        result("FAIL", { data: { name: "main", count: 2, flag: true, unused: "a" } }),
        result("FAIL", { data: { name: "main", count: 2, flag: true, unused: "b" } }),
        result("FAIL", { data: { name: "main", count: "2", flag: "true" } }),
      ]);
      const [a, b, c] = runCheck(check, single([]), setting(check));
      assert.equal(a!.remediation!.cli[1], "echo 2 true");
      assert.equal(a!.remediation, b!.remediation, "rendered once and shared");
      assert.deepEqual(c!.remediation, a!.remediation, "2 and \"2\" render alike");
    });

    it("values that only differ in where a separator falls get their own texts", () => {
      const check = fake([
        result("FAIL", { data: { name: "a\u0000b", count: "c", flag: true } }),
        result("FAIL", { data: { name: "a", count: "b\u0000c", flag: true } }),
      ]);
      const [a, b] = runCheck(check, single([]), setting(check));
      assert.equal(a!.message, "Broken a\u0000b.");
      assert.equal(b!.message, "Broken a.");
      assert.equal(b!.remediation!.cli[1], "echo b\u0000c true");
    });

    it("a result missing a placeholder is an internal error even after one with the same other values was rendered", () => {
      const check = fake([result("FAIL", { data: { name: "main", count: 1, flag: false } }), result("FAIL", { data: { name: "main", flag: false } })]);
      const [ok, broken] = runCheck(check, single([]), setting(check));
      assert.equal(ok!.status, "FAIL");
      assert.equal(broken!.status, "ERROR");
      assert.match(broken!.message, /no data for placeholder \{\{count\}\}/);
    });
  });

  describe("runCheck", () => {
    it("renders the message, adds check id, title, configured severity and account name", () => {
      const check = fake([result("PASS", { region: "us-east-1", evidence: { IsLogging: true } })]);
      const [finding] = runCheck(check, single([]), setting(check, { severity: "low" }), "snap.json");
      assert.deepEqual(finding, {
        checkId: "fake-check",
        title: "A fake check",
        severity: "low",
        accountId: MANAGEMENT,
        accountName: "account-111",
        input: "snap.json",
        region: "us-east-1",
        resource: TRAIL,
        pointer: "/accounts/0/trails/0",
        status: "PASS",
        messageId: "ok",
        message: "All good for main.",
        evidence: { IsLogging: true },
      });
    });

    it("renders the per-message fix for a FAIL, falling back to the general remediation", () => {
      const check = fake([
        result("FAIL", { data: { name: "main", count: 2, flag: true } }),
        result("FAIL", { messageId: "na", accountId: MANAGEMENT, resource: "other" }),
      ]);
      const findings = runOne(check, single([]));
      assert.deepEqual(findings[0]!.remediation, {
        text: "Specific fix for main.",
        cli: ["aws cloudtrail update-trail --name main", "echo 2 true"],
      });
      assert.deepEqual(findings[1]!.remediation, { text: "Fix main.", cli: ["aws cloudtrail start-logging --name main"] });
    });

    it("gives PASS and NOT_APPLICABLE no remediation, and an absent evidence becomes {}", () => {
      const findings = runOne(fake([result("PASS"), result("NOT_APPLICABLE", { resource: undefined })]), single([]));
      assert.deepEqual(findings.map((f) => [f.status, f.remediation, f.evidence]), [
        ["PASS", undefined, {}],
        ["NOT_APPLICABLE", undefined, {}],
      ]);
    });

    it("turns a missing placeholder into one internal-error ERROR for that result only", () => {
      const findings = runOne(fake([result("PASS"), result("PASS", { messageId: "noData" })]), single([]));
      assert.deepEqual(findings.map((f) => [f.status, f.messageId]), [
        ["PASS", "ok"],
        ["ERROR", "internal-error"],
      ]);
      assert.equal(findings[1]!.message, "Internal error in check fake-check: check fake-check: no data for placeholder {{missing}}");
    });

    it("turns a missing placeholder in a FAIL's remediation into an internal error", () => {
      const check = fake([result("FAIL")]); // the "bad" fix needs {{count}} and {{flag}}
      const [finding] = runOne(check, single([]));
      assert.equal(finding!.status, "ERROR");
      assert.match(finding!.message, /no data for placeholder \{\{count\}\}/);
    });

    it("turns an unknown messageId into an internal error", () => {
      const [finding] = runOne(fake([result("PASS", { messageId: "nope" })]), single([]));
      assert.equal(finding!.status, "ERROR");
      assert.match(finding!.message, /unknown messageId "nope"/);
    });

    it("turns a throwing check into one ERROR per account", () => {
      const check = fake(() => {
        throw new Error("boom");
      });
      const findings = runOne(check, org({ members: [LOG_ARCHIVE, MEMBER] }));
      assert.deepEqual(
        findings.map((f) => [f.accountId, f.status, f.messageId, f.message, f.severity]),
        [MANAGEMENT, LOG_ARCHIVE, MEMBER].map((id) => [id, "ERROR", "internal-error", "Internal error in check fake-check: boom", "high"]),
      );
    });

    it("reports a thrown non-Error value too", () => {
      const check = fake(() => {
        throw "plain string";
      });
      assert.equal(runOne(check, single([]))[0]!.message, "Internal error in check fake-check: plain string");
    });

    it("leaves a snapshot it was given frozen and unmodified", () => {
      const snapshot = single([]);
      const before = structuredClone(snapshot);
      runCheck(fake([result("FAIL", { data: { name: "main", count: 1, flag: false } })]), deepFreeze(snapshot), setting(fake([])));
      assert.deepEqual(snapshot, before);
    });
  });

  describe("unknown values", () => {
    const statuses = (check: AnyCheck, snapshot: Snapshot) => runOne(check, snapshot).map((f) => `${f.status}:${f.messageId}`);
    const failure = denied("cloudtrail", "GetTrailStatus", { region: "us-east-1", resource: TRAIL });
    const unknownStatus = (cause: CollectionError = failure): UnknownRef => ({ cause, pointer: "/accounts/0/trails/0/status" });
    const withError = single([], { errors: [failure] });

    for (const status of ["PASS", "FAIL", "NOT_APPLICABLE"] as const) {
      it(`turns a ${status} that rests on an unknown into ERROR naming the cause`, () => {
        const check = fake([result(status, { data: { name: "main", count: 1, flag: false }, unknowns: [unknownStatus()] })]);
        const [finding] = runOne(check, withError);
        assert.equal(finding!.status, "ERROR");
        assert.equal(finding!.messageId, "collection-error");
        assert.equal(
          finding!.message,
          `Could not decide: cloudtrail:GetTrailStatus (us-east-1, ${TRAIL}) failed: AccessDenied: User is not authorized to perform: cloudtrail:GetTrailStatus.`,
        );
        assert.equal(finding!.resource, TRAIL, "the judged resource is kept");
        assert.equal(finding!.pointer, "/accounts/0/collectionErrors/0", "points at the failed read");
        assert.equal(finding!.remediation, undefined, "an undecided result offers no fix");
        assert.equal(finding!.property, undefined);
        assert.deepEqual(finding!.evidence.collectionErrors, [failure]);
        assert.deepEqual(finding!.evidence.unknownFields, ["/accounts/0/trails/0/status"]);
        assert.equal((finding!.evidence.undecided as { status: string }).status, status);
      });
    }

    it("points at the unknown field when its cause is not among the collection errors (a hand-made marker)", () => {
      const cause = { service: "cloudtrail", operation: "GetTrailStatus", code: "Unresolved", message: "x" };
      const [finding] = runOne(fake([result("FAIL", { data: { name: "main", count: 1, flag: false }, unknowns: [unknownStatus(cause)] })]), single([]));
      assert.equal(finding!.pointer, "/accounts/0/trails/0/status");
    });

    it("keeps a result that uses no unknown, whatever failed elsewhere in the account", () => {
      // The verdict follows from the values the check used, not from a list of reads.
      assert.deepEqual(statuses(fake([result("FAIL", { data: { name: "main", count: 1, flag: false } })]), withError), ["FAIL:bad"]);
      assert.deepEqual(statuses(fake([result("PASS")]), withError), ["PASS:ok"]);
    });

    it("names each cause once, in order, and does not need the data the verdict's message would have", () => {
      const other = { service: "s3", operation: "GetBucketPolicy", region: "eu-west-1", resource: "trail-logs", code: "Throttling", message: "Rate exceeded" };
      const check = fake([result("FAIL", { messageId: "noData", data: {}, unknowns: [unknownStatus(), unknownStatus(), { cause: other, pointer: "/accounts/0/buckets/0/policy" }] })]);
      const [finding] = runOne(check, withError);
      assert.equal(finding!.status, "ERROR");
      assert.match(finding!.message, /\(us-east-1, .*\) failed: AccessDenied: .*; s3:GetBucketPolicy \(eu-west-1, trail-logs\) failed: Throttling: Rate exceeded\.$/);
      assert.deepEqual(finding!.evidence.unknownFields, ["/accounts/0/trails/0/status", "/accounts/0/buckets/0/policy"]);
    });

    it("keeps the check's own words before the causes when the check itself says what is undecided (an ERROR standing in)", () => {
      const check = fake([result("ERROR", { messageId: "na", data: {}, unknowns: [unknownStatus()] })]);
      const [finding] = runOne(check, withError);
      assert.equal(finding!.messageId, "collection-error");
      assert.match(finding!.message, /^Nothing here\. Could not decide: cloudtrail:GetTrailStatus \(us-east-1, /);
    });

    it("gives a check the snapshot with unknowns derived from its collection errors (snapshots written before unknowns were values)", () => {
      let seen: unknown;
      const check = fake((s) => {
        seen = (s.accounts[0]!.trails as { status?: unknown }[])[0]!.status;
        return [];
      });
      runOne(check, single([trail({ Name: "main", status: undefined })], { errors: [failure] }));
      assert.deepEqual(seen, { $unknown: failure });
    });
  });

  describe("runChecks", () => {
    const judge = (id: string, severity: "high" | "low") =>
      fake(
        (s) =>
          s.accounts.flatMap((a) => [
            result("PASS", { accountId: a.Id, resource: `arn:aws:s3:::b-${id}`, data: { name: id } }),
            result("PASS", { accountId: a.Id, resource: `arn:aws:s3:::a-${id}`, data: { name: id } }),
            result("NOT_APPLICABLE", { accountId: a.Id, resource: undefined, data: {} }),
          ]),
        { id, severity },
      );

    it("sorts by account, check, resource (absent first), region, pointer and message", () => {
      const findings = runChecks([judge("zeta", "high"), judge("alpha", "low")], org({ members: [LOG_ARCHIVE] }), new Map());
      assert.deepEqual(
        findings.map((f) => `${f.accountId} ${f.checkId} ${f.resource ?? "-"}`),
        [MANAGEMENT, LOG_ARCHIVE].sort().flatMap((acct) =>
          ["alpha", "zeta"].flatMap((id) => [`${acct} ${id} -`, `${acct} ${id} arn:aws:s3:::a-${id}`, `${acct} ${id} arn:aws:s3:::b-${id}`]),
        ),
      );
    });

    it("breaks ties on region, pointer and message", () => {
      const base: Finding = {
        checkId: "c",
        title: "t",
        status: "PASS",
        severity: "low",
        accountId: MANAGEMENT,
        messageId: "ok",
        message: "m",
        evidence: {},
      };
      const list: Finding[] = [
        { ...base, region: "us-west-2" },
        { ...base, region: "eu-west-1", pointer: "/accounts/0/trails/1" },
        { ...base, region: "eu-west-1", pointer: "/accounts/0/trails/0", message: "b" },
        { ...base, region: "eu-west-1", pointer: "/accounts/0/trails/0", message: "a" },
        { ...base },
        { ...base, input: "a.json" },
      ];
      assert.deepEqual(
        [...list].sort(compareFindings).map((f) => `${f.input ?? "-"} ${f.region ?? "-"} ${f.pointer ?? "-"} ${f.message}`),
        [
          "- - - m",
          "- eu-west-1 /accounts/0/trails/0 a",
          "- eu-west-1 /accounts/0/trails/0 b",
          "- eu-west-1 /accounts/0/trails/1 m",
          "- us-west-2 - m",
          "a.json - - m",
        ],
      );
    });

    it("gives the same order whatever the order of the checks", () => {
      const snapshot = org({ members: [MEMBER, LOG_ARCHIVE] });
      const a = runChecks([judge("one", "high"), judge("two", "low")], snapshot, new Map());
      const b = runChecks([judge("two", "low"), judge("one", "high")], snapshot, new Map());
      assert.deepEqual(a, b);
    });

    it("skips disabled checks and applies configured severity", () => {
      const one = judge("one", "high");
      const two = judge("two", "low");
      const settings = new Map<string, CheckSetting>([
        ["one", { ...defaultSetting(one), enabled: false }],
        ["two", { ...defaultSetting(two), severity: "critical" }],
      ]);
      const findings = runChecks([one, two], single([]), settings, "x.json");
      assert.deepEqual([...new Set(findings.map((f) => `${f.checkId}/${f.severity}/${f.input}`))], ["two/critical/x.json"]);
    });
  });
});
