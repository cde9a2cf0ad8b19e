import assert from "node:assert/strict";
import { parseJsonInput, parseYamlInput } from "../../src/config/document.js";
import { CONFIG_FILE_NAMES, escapePointer, parseConfig, suggest } from "../../src/config/load.js";
import { applySuppressions, isExpired } from "../../src/config/suppressions.js";
import type { Finding } from "../../src/engine/run.js";
import { InputError } from "../../src/util/errors.js";
import { deepFreeze } from "../helpers/run-cases.js";
import { FAKES } from "../cli/helpers.js";

const NOW = new Date("2026-11-20T12:00:00Z");

function finding(checkId: string, status: Finding["status"], accountId: string, resource?: string): Finding {
  return {
    checkId,
    title: checkId,
    status,
    severity: "high",
    accountId,
    messageId: "m",
    message: "m",
    evidence: {},
    ...(resource !== undefined ? { resource } : {}),
  };
}

describe("config", () => {
  describe("parseConfig", () => {
    it("fills a setting for every installed check, defaults where the file is silent", () => {
      const config = parseConfig("checks:\n  fake-low:\n    severity: medium\n    enabled: false\nfailOn: high\n", ".cloudtrail-lint.yml", FAKES, "yaml");
      assert.equal(config.file, ".cloudtrail-lint.yml");
      assert.equal(config.failOn, "high");
      assert.deepEqual(Object.fromEntries(config.settings), {
        "fake-high": { enabled: true, severity: "high", params: { level: 1 } },
        "fake-low": { enabled: false, severity: "medium", params: { level: 1 } },
        "fake-info": { enabled: true, severity: "info", params: { level: 1 } },
      });
      assert.deepEqual(config.suppressions, []);
    });

    it("keeps YAML dates as strings (YAML 1.2 core schema)", () => {
      const config = parseConfig("suppressions:\n  - check: fake-low\n    reason: ok\n    expires: 2027-03-01\n", "c.yml", FAKES, "yaml");
      assert.deepEqual(config.suppressions, [{ check: "fake-low", reason: "ok", expires: "2027-03-01" }]);
    });

    it("rejects unknown top-level keys and keys of a check", () => {
      assert.throws(() => parseConfig("check: {}\n", "c.yml", FAKES, "yaml"), /c\.yml:1:1: does not match config\.schema\.json:\n {2}at \/: has unknown property "check"/);
      assert.throws(() => parseConfig('{"checks": {"fake-low": {"level": 2}}}', "c.json", FAKES, "json"), /at \/checks\/fake-low: has unknown property "level"/);
    });

    it("rejects a suppression account that is not 12 digits (YAML numbers included)", () => {
      assert.throws(
        () => parseConfig("suppressions:\n  - check: fake-low\n    account: 111111111111\n    reason: r\n    expires: 2030-01-01\n", "c.yml", FAKES, "yaml"),
        /at \/suppressions\/0\/account: must be string/,
      );
    });

    it("errors are InputErrors carrying file and path", () => {
      try {
        parseConfig("checks:\n  nope: {}\n", "c.yml", FAKES, "yaml");
        assert.fail("should throw");
      } catch (error) {
        assert.ok(error instanceof InputError);
        assert.equal(error.file, "c.yml");
        assert.equal(error.path, "/checks/nope");
        assert.equal(error.exitCode, 2);
      }
    });

    it("looks for the three file names in order", () => {
      assert.deepEqual(CONFIG_FILE_NAMES, [".cloudtrail-lint.yml", ".cloudtrail-lint.yaml", ".cloudtrail-lint.json"]);
    });
  });

  describe("document positions", () => {
    it("YAML: a mapping entry is located at its key, a sequence item at its start", () => {
      const doc = parseYamlInput("checks:\n  fake-low:\n    severity: urgent\nsuppressions:\n  - check: x\n  -   check: y\n", "c.yml");
      assert.deepEqual(doc.locate("/checks/fake-low/severity"), { line: 3, column: 5 });
      assert.deepEqual(doc.locate("/suppressions/1"), { line: 6, column: 7 });
      assert.deepEqual(doc.locate("/suppressions/1/check"), { line: 6, column: 7 });
      assert.deepEqual(doc.locate("/checks/missing/params"), { line: 1, column: 1 }, "falls back to the deepest existing entry");
      assert.deepEqual(doc.locate(""), { line: 1, column: 1 });
    });

    it("YAML: keys with / and ~ are found through pointer escapes", () => {
      const doc = parseYamlInput("a/b:\n  c~d: 1\n", "c.yml");
      assert.deepEqual(doc.locate(`/${escapePointer("a/b")}/${escapePointer("c~d")}`), { line: 2, column: 3 });
    });

    it("YAML: syntax errors and duplicate keys name file:line:col", () => {
      assert.throws(() => parseYamlInput("a: 1\na: 2\n", "c.yml"), /^InputError: c\.yml:2:1: not valid YAML: Map keys must be unique/);
      assert.throws(() => parseYamlInput("a: [1, 2\n", "c.yml"), /c\.yml:\d+:\d+: not valid YAML/);
    });

    it("JSON: values are located at their first character", () => {
      const doc = parseJsonInput('{\n  "checks": {\n    "fake-low": { "severity": "urgent" }\n  }\n}', "c.json");
      assert.deepEqual(doc.locate("/checks/fake-low/severity"), { line: 3, column: 31 });
    });

    it("JSON: after release() the text is let go and nothing is located, whether located before or not", () => {
      const text = '{\n  "a": [1, 2]\n}';
      const used = parseJsonInput(text, "c.json");
      assert.deepEqual(used.locate("/a/1"), { line: 2, column: 12 });
      used.release!();
      assert.equal(used.locate("/a/1"), undefined);
      const unused = parseJsonInput(text, "c.json");
      unused.release!();
      assert.equal(unused.locate("/a"), undefined);
      assert.deepEqual(unused.value, { a: [1, 2] }, "the parsed value is the caller's to keep");
    });
  });

  describe("suggest", () => {
    it("suggests a close id and lists the known ones otherwise", () => {
      assert.equal(suggest("global-servce-events", ["global-service-events", "multi-region-trail"]), ' (did you mean "global-service-events"?)');
      assert.equal(suggest("zzz", ["b-check", "a-check"]), " (known checks: a-check, b-check)");
      assert.equal(suggest("zzz", []), "");
    });
  });

  describe("suppressions", () => {
    const arn = "arn:aws:cloudtrail:us-east-1:111111111111:trail/main";

    it("is expired only after its expires day (UTC)", () => {
      const s = { check: "c", reason: "r", expires: "2026-11-20" };
      assert.equal(isExpired(s, new Date("2026-11-20T23:59:59.999Z")), false);
      assert.equal(isExpired(s, new Date("2026-11-21T00:00:00Z")), true);
      assert.equal(isExpired({ ...s, expires: "2026-11-19" }, NOW), true);
    });

    it("matches on check, then account and resource when given; only FAIL results", () => {
      const findings = deepFreeze([
        finding("c", "FAIL", "111111111111", arn),
        finding("c", "FAIL", "222222222222", arn),
        finding("c", "PASS", "111111111111", arn),
        finding("c", "ERROR", "111111111111", arn),
        finding("other", "FAIL", "111111111111", arn),
        finding("c", "FAIL", "111111111111"),
      ]);
      const { findings: out, expired } = applySuppressions(
        findings,
        [{ check: "c", account: "111111111111", resource: arn, reason: "accepted", expires: "2027-01-01" }],
        NOW,
      );
      assert.deepEqual(
        out.map((f) => f.suppressed?.reason ?? null),
        ["accepted", null, null, null, null, null],
      );
      assert.deepEqual(out[0]!.suppressed, { reason: "accepted", expires: "2027-01-01" });
      assert.equal(out[0]!.status, "FAIL");
      assert.deepEqual(expired, []);
      assert.equal(findings[0]!.suppressed, undefined, "the input is not changed");
    });

    it("a suppression without account or resource covers every FAIL of the check; the first match wins", () => {
      const { findings: out } = applySuppressions(
        [finding("c", "FAIL", "111111111111", arn), finding("c", "FAIL", "222222222222")],
        [
          { check: "c", account: "222222222222", reason: "first", expires: "2027-01-01" },
          { check: "c", reason: "broad", expires: "2027-01-01" },
        ],
        NOW,
      );
      assert.deepEqual(out.map((f) => f.suppressed?.reason), ["broad", "first"]);
    });

    it("an expired suppression is returned, in config order, and not applied", () => {
      const { findings: out, expired } = applySuppressions(
        [finding("c", "FAIL", "111111111111", arn)],
        [
          { check: "c", resource: arn, reason: "old", expires: "2026-01-01" },
          { check: "d", account: "111111111111", reason: "older", expires: "2025-01-01" },
        ],
        NOW,
      );
      assert.equal(out[0]!.suppressed, undefined);
      assert.deepEqual(expired, [
        { check: "c", resource: arn, reason: "old", expires: "2026-01-01" },
        { check: "d", account: "111111111111", reason: "older", expires: "2025-01-01" },
      ]);
    });
  });
});
