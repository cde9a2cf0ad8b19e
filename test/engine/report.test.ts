import assert from "node:assert/strict";
import { check as globalServiceEvents } from "../../src/checks/global-service-events.js";
import type { Severity, Status } from "../../src/engine/check.js";
import { INFORMATION_URI, REPORT_SCHEMA_VERSION, SCORE_WEIGHTS, buildReport, describeCheck, score } from "../../src/engine/report.js";
import { defaultSetting, type Finding } from "../../src/engine/run.js";
import { LOG_ARCHIVE, MANAGEMENT, MEMBER } from "../helpers/builders.js";

let serial = 0;
function finding(status: Status, severity: Severity, extra: Partial<Finding> = {}): Finding {
  serial += 1;
  return {
    checkId: "some-check",
    title: "Some check",
    status,
    severity,
    accountId: MANAGEMENT,
    messageId: "m",
    message: `finding ${serial}`,
    evidence: {},
    ...extra,
  };
}
const suppressed = { suppressed: { reason: "accepted risk", expires: "2027-01-01" } };

describe("engine/report", () => {
  describe("score", () => {
    it("uses the documented weights", () => {
      assert.deepEqual(SCORE_WEIGHTS, { critical: 10, high: 5, medium: 3, low: 1, info: 0 });
    });

    it("is 100 × weighted PASS / weighted (PASS + FAIL), rounded", () => {
      // PASS: high 5 + low 1 = 6; FAIL: critical 10 + medium 3 = 13; 100 × 6 / 19 = 31.58 -> 32
      const findings = [finding("PASS", "high"), finding("PASS", "low"), finding("FAIL", "critical"), finding("FAIL", "medium")];
      assert.equal(score(findings), 32);
    });

    it("rounds halves up", () => {
      // PASS low 1, FAIL low 1 -> 50; PASS medium 3 + FAIL low 1 -> 75; PASS low 1 + FAIL high 5 + FAIL low 1 -> 14.29 -> 14
      assert.equal(score([finding("PASS", "low"), finding("FAIL", "low")]), 50);
      assert.equal(score([finding("PASS", "medium"), finding("FAIL", "low")]), 75);
      assert.equal(score([finding("PASS", "low"), finding("FAIL", "high"), finding("FAIL", "low")]), 14);
      // 1 / 8 = 12.5 -> 13
      assert.equal(score([finding("PASS", "low"), finding("FAIL", "high"), finding("FAIL", "low"), finding("FAIL", "low")]), 13);
    });

    it("leaves out NOT_APPLICABLE, ERROR and suppressed FAIL", () => {
      const base = [finding("PASS", "high"), finding("FAIL", "high")];
      const noise = [
        finding("NOT_APPLICABLE", "critical"),
        finding("ERROR", "critical"),
        finding("FAIL", "critical", suppressed),
        finding("FAIL", "high", suppressed),
      ];
      assert.equal(score(base), 50);
      assert.equal(score([...base, ...noise]), 50);
    });

    it("counts info-severity results with weight 0", () => {
      assert.equal(score([finding("PASS", "medium"), finding("FAIL", "info")]), 100);
      assert.equal(score([finding("FAIL", "medium"), finding("PASS", "info")]), 0);
    });

    it("is null when nothing weighted was decided", () => {
      assert.equal(score([]), null);
      assert.equal(score([finding("NOT_APPLICABLE", "high"), finding("ERROR", "critical")]), null);
      assert.equal(score([finding("FAIL", "high", suppressed)]), null);
      assert.equal(score([finding("PASS", "info"), finding("FAIL", "info")]), null);
    });

    it("is 0 with only failures and 100 with only passes", () => {
      assert.equal(score([finding("FAIL", "low")]), 0);
      assert.equal(score([finding("PASS", "low")]), 100);
    });
  });

  describe("buildReport", () => {
    const findings = [
      finding("PASS", "high", { accountId: MANAGEMENT, accountName: "management" }),
      finding("FAIL", "critical", { accountId: MANAGEMENT, accountName: "management" }),
      finding("FAIL", "medium", { accountId: MANAGEMENT, accountName: "management", ...suppressed }),
      finding("ERROR", "high", { accountId: MEMBER }),
      finding("NOT_APPLICABLE", "high", { accountId: MEMBER }),
      finding("FAIL", "low", { accountId: LOG_ARCHIVE }),
      finding("FAIL", "low", { accountId: LOG_ARCHIVE }),
      finding("PASS", "medium", { accountId: LOG_ARCHIVE }),
    ];
    const report = buildReport({
      version: "1.2.3",
      generatedAt: "2026-11-20T12:00:00Z",
      inputs: [
        {
          file: "examples/org-snapshot.json",
          source: "example",
          collectedAt: "2026-11-20T12:00:00Z",
          partition: "aws",
          organizationId: "o-exampleorg1",
          accountCount: 3,
        },
      ],
      checks: [],
      findings,
    });

    it("carries the header, inputs and results as given", () => {
      assert.equal(report.schemaVersion, REPORT_SCHEMA_VERSION);
      assert.deepEqual(report.tool, { name: "cloudtrail-lint", version: "1.2.3", informationUri: INFORMATION_URI });
      assert.equal(report.generatedAt, "2026-11-20T12:00:00Z");
      assert.equal(report.results, findings);
      assert.deepEqual(report.expiredSuppressions, []);
    });

    it("summarises each account, sorted by id, with its name when a finding carries one", () => {
      assert.deepEqual(report.accounts, [
        {
          accountId: MANAGEMENT,
          accountName: "management",
          // PASS high 5 / (5 + FAIL critical 10); the suppressed medium FAIL is left out
          score: 33,
          counts: { PASS: 1, FAIL: 2, ERROR: 0, NOT_APPLICABLE: 0 },
          failures: { critical: 1, high: 0, medium: 0, low: 0, info: 0 },
          suppressed: 1,
        },
        {
          accountId: LOG_ARCHIVE,
          score: 60, // 3 / (3 + 1 + 1)
          counts: { PASS: 1, FAIL: 2, ERROR: 0, NOT_APPLICABLE: 0 },
          failures: { critical: 0, high: 0, medium: 0, low: 2, info: 0 },
          suppressed: 0,
        },
        {
          accountId: MEMBER,
          score: null,
          counts: { PASS: 0, FAIL: 0, ERROR: 1, NOT_APPLICABLE: 1 },
          failures: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
          suppressed: 0,
        },
      ]);
    });

    it("summarises the whole run over every finding", () => {
      assert.deepEqual(report.summary, {
        score: 40, // (5 + 3) / (5 + 10 + 1 + 1 + 3) = 8 / 20
        counts: { PASS: 2, FAIL: 4, ERROR: 1, NOT_APPLICABLE: 1 },
        failures: { critical: 1, high: 0, medium: 0, low: 2, info: 0 },
        suppressed: 1,
      });
    });

    it("gives an account its OU path where the inputs know it, and a template's scorecard none", () => {
      const path = [{ Id: "r-ab12", Name: "Root" }, { Id: "ou-ab12-sec" }];
      const withOu = buildReport({
        version: "0",
        generatedAt: "x",
        inputs: [{ file: "t.yaml", source: "cloudformation", collectedAt: "x", partition: "aws", organizationId: null, accountCount: 1 }],
        checks: [],
        findings: [finding("PASS", "high", { accountId: MEMBER }), finding("PASS", "high", { accountId: LOG_ARCHIVE, input: "t.yaml" })],
        ouPaths: new Map([[MEMBER, path], [LOG_ARCHIVE, path]]),
      });
      assert.deepEqual(withOu.accounts.map((a) => [a.accountId, a.input, a.ouPath]), [
        [LOG_ARCHIVE, "t.yaml", undefined],
        [MEMBER, undefined, path],
      ]);
      assert.ok(!("ouPath" in report.accounts[0]!), "no ouPaths given: no ouPath key");
    });

    it("gives an empty run a null score and zero counts", () => {
      const empty = buildReport({ version: "0", generatedAt: "x", inputs: [], checks: [], findings: [] });
      assert.deepEqual(empty.accounts, []);
      assert.deepEqual(empty.summary, {
        score: null,
        counts: { PASS: 0, FAIL: 0, ERROR: 0, NOT_APPLICABLE: 0 },
        failures: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
        suppressed: 0,
      });
    });
  });

  describe("describeCheck", () => {
    it("reports configured and default severity, params and the unrendered remediation", () => {
      const setting = { ...defaultSetting(globalServiceEvents), severity: "low" as const };
      const described = describeCheck(globalServiceEvents, setting);
      assert.equal(described.id, "global-service-events");
      assert.equal(described.severity, "low");
      assert.equal(described.defaultSeverity, "high");
      assert.deepEqual(described.params, {});
      assert.deepEqual(described.frameworks, globalServiceEvents.meta.frameworks);
      assert.deepEqual(described.remediation.cli, globalServiceEvents.meta.remediation.cli);
      assert.equal(described.docsUrl, "https://github.com/cloudtrail-lint/cloudtrail-lint/blob/main/docs/checks/global-service-events.md");
      // A check without a page gets no docsUrl, not an empty one.
      const { docsUrl: _docsUrl, ...meta } = globalServiceEvents.meta;
      assert.equal("docsUrl" in describeCheck({ ...globalServiceEvents, meta }, setting), false);
    });
  });
});
