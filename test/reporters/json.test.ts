import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { REPORT_SCHEMA_VERSION, SCORE_WEIGHTS, buildReport, type Report } from "../../src/engine/report.js";
import { compareFindings } from "../../src/engine/run.js";
import { REPORT_SCHEMA_ID, reporter } from "../../src/reporters/json.js";
import { DEV, DEV_NAME, MGMT, PROD, finding, fullReport, input, makeReport } from "../helpers/report.js";

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const schemaUrl = new URL("../../schemas/report.schema.json", import.meta.url);
const schema = JSON.parse(readFileSync(schemaUrl, "utf8")) as { $id: string; $defs: { score: { description: string } } };

let validator: ValidateFunction | undefined;
function validate(data: unknown): void {
  if (!validator) {
    // strict: true also checks the schema itself for unknown keywords and typos.
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    validator = ajv.compile(schema);
  }
  assert.ok(validator(data), JSON.stringify(validator.errors?.slice(0, 5), null, 2));
}

function invalid(data: unknown): string[] {
  validate(fullReportJson()); // compile
  assert.equal(validator!(data), false);
  return validator!.errors!.map((e) => `${e.instancePath} ${e.message}`);
}

function render(report: Report): Record<string, unknown> {
  return JSON.parse(reporter.render(report, { color: false, verbose: false })) as Record<string, unknown>;
}

function fullReportJson(): Record<string, unknown> {
  return render(fullReport());
}

const fixtures = new URL("./fixtures/", import.meta.url);
function fixture(name: string): Report {
  return JSON.parse(readFileSync(new URL(name, fixtures), "utf8")) as Report;
}

describe("json reporter and schemas/report.schema.json", () => {
  it("has a $id that the reporter names, and says the score formula", () => {
    assert.equal(schema.$id, REPORT_SCHEMA_ID);
    assert.equal(fullReportJson().$schema, REPORT_SCHEMA_ID);
    const text = schema.$defs.score.description;
    for (const [severity, weight] of Object.entries(SCORE_WEIGHTS)) assert.ok(text.includes(`${severity} ${weight}`), severity);
    assert.ok(text.includes("NOT_APPLICABLE, ERROR and suppressed FAIL results are left out of the denominator"));
  });

  it("emits the report as it is, after $schema", () => {
    const report = fullReport();
    const json = fullReportJson();
    assert.deepEqual(Object.keys(json), ["$schema", ...Object.keys(report)]);
    const { $schema: _schema, ...rest } = json;
    assert.deepEqual(rest, JSON.parse(JSON.stringify(report)));
    assert.equal(json.schemaVersion, REPORT_SCHEMA_VERSION);
  });

  it("gives in pieces exactly the text it renders (the CLI streams those to disk)", () => {
    const options = { color: false, verbose: false };
    for (const report of [fullReport(), makeReport({ findings: [] })]) {
      const pieces = [...reporter.renderChunks!(report, options)];
      assert.ok(pieces.length > 10, "more than one piece");
      assert.equal(pieces.join(""), reporter.render(report, options));
    }
  });

  it("validates a report with every status, suppressed FAILs, ERRORs and hostile strings", () => {
    const json = fullReportJson();
    validate(json);
    const results = json.results as { status: string; suppressed?: unknown }[];
    assert.deepEqual([...new Set(results.map((r) => r.status))].sort(), ["ERROR", "FAIL", "NOT_APPLICABLE", "PASS"]);
    assert.equal(results.filter((r) => r.suppressed).length, 1);
    assert.ok(JSON.stringify(json).includes("\\u001b[31m"), "control characters escaped by JSON");
    const dev = (json.accounts as { accountId: string; accountName?: string }[]).find((a) => a.accountId === DEV)!;
    assert.equal(dev.accountName, DEV_NAME);
    // The lone surrogate in DEV_NAME is written as an escape, so the file is valid UTF-8 and loses nothing.
    const text = reporter.render(fullReport(), { color: false, verbose: false });
    assert.equal(Buffer.from(text, "utf8").toString("utf8"), text);
    assert.ok(text.includes("\\ud800"));
  });

  it("validates reports at the edges: empty, standalone, all ERROR (null score), several inputs", () => {
    validate(render(makeReport({ findings: [], checks: [] })));
    validate(render(makeReport({ findings: [finding({ checkId: "a", status: "PASS" })], inputs: [input({ organizationId: null, accountCount: 1 })] })));
    const allError = render(makeReport({ findings: [finding({ checkId: "a", status: "ERROR" }), finding({ checkId: "b", status: "NOT_APPLICABLE" })] }));
    validate(allError);
    assert.equal((allError.summary as { score: unknown }).score, null);
    validate(
      render(
        makeReport({
          findings: [finding({ checkId: "a", status: "FAIL", accountId: MGMT, input: "a.json" }), finding({ checkId: "a", status: "PASS", accountId: PROD, input: "b.json" })],
          inputs: [input({ file: "a.json" }), input({ file: "b.json", source: "example", partition: "aws-us-gov" })],
        }),
      ),
    );
  });

  it("validates every hand-built fixture report", () => {
    const names = readdirSync(fixtures).filter((n) => n.endsWith(".report.json"));
    assert.ok(names.length >= 2);
    for (const name of names) validate(render(fixture(name)));
  });

  it("fixtures are consistent: their summaries are what buildReport computes, results sorted", () => {
    for (const name of readdirSync(fixtures).filter((n) => n.endsWith(".report.json"))) {
      const report = fixture(name);
      const rebuilt = buildReport({
        version: report.tool.version,
        generatedAt: report.generatedAt,
        inputs: report.inputs,
        checks: report.checks,
        findings: report.results,
        expiredSuppressions: report.expiredSuppressions,
      });
      assert.deepEqual(report, rebuilt, name);
      assert.deepEqual(report.results, [...report.results].sort(compareFindings), name);
    }
  });

  it("rejects what the Report type does not allow", () => {
    const base = fullReportJson();
    const results = base.results as Record<string, unknown>[];
    const withResult = (r: Record<string, unknown>) => ({ ...base, results: [r] });
    const fail = results.find((r) => r.status === "FAIL")!;
    const pass = results.find((r) => r.status === "PASS")!;
    assert.ok(invalid({ ...base, extra: 1 }).some((e) => e.includes("must NOT have additional properties")));
    assert.ok(invalid(withResult({ ...fail, status: "WARN" })).some((e) => e.startsWith("/results/0/status")));
    assert.ok(invalid(withResult({ ...fail, severity: "urgent" })).some((e) => e.startsWith("/results/0/severity")));
    assert.ok(invalid(withResult({ ...pass, suppressed: { reason: "x" } })).some((e) => e.startsWith("/results/0/status")));
    assert.ok(invalid(withResult({ ...fail, suppressed: {} })).some((e) => e.includes("reason")));
    assert.ok(invalid(withResult({ ...fail, location: { file: "x.json", startLine: 0 } })).some((e) => e.startsWith("/results/0/location/startLine")));
    assert.ok(invalid(withResult({ ...fail, pointer: "accounts/0" })).some((e) => e.startsWith("/results/0/pointer")));
    assert.ok(invalid({ ...base, summary: { ...(base.summary as object), score: 101 } }).some((e) => e.startsWith("/summary/score")));
    assert.ok(invalid({ ...base, summary: { ...(base.summary as object), score: 50.5 } }).some((e) => e.startsWith("/summary/score")));
    const counts = (base.summary as { counts: Record<string, number> }).counts;
    const { ERROR: _error, ...noError } = counts;
    assert.ok(invalid({ ...base, summary: { ...(base.summary as object), counts: noError } }).some((e) => e.includes("ERROR")));
    assert.ok(invalid({ ...base, schemaVersion: "2.0" }).some((e) => e.startsWith("/schemaVersion")));
    assert.ok(invalid({ ...base, generatedAt: "yesterday" }).some((e) => e.startsWith("/generatedAt")));
  });

  it("is deterministic: same report, same bytes", () => {
    const options = { color: false, verbose: false };
    assert.equal(reporter.render(fullReport(), options), reporter.render(structuredClone(fullReport()), options));
  });
});
