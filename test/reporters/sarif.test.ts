import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as Sarif from "sarif";
import type { Severity } from "../../src/engine/check.js";
import {
  FINGERPRINT_KEY,
  MAX_TAGS,
  UNDECIDED_PROPERTY,
  automationId,
  fingerprint,
  pascalCase,
  relativeUri,
  reporter,
  toSarif,
} from "../../src/reporters/sarif.js";
import { runCli } from "../../src/cli/program.js";
import type { Report } from "../../src/engine/report.js";
import { account, multiRegionTrail, org } from "../helpers/builders.js";
import { sarifSchema } from "../helpers/sarif-schema.js";
import { DEV, DEV_NAME, HOSTILE, MGMT, ORG, PROD, SNAPSHOT_FILE, finding, fullReport, input, makeReport, reportCheck } from "../helpers/report.js";

/** Renders through the reporter (the CLI's path), validates against the schema, parses back. */
function render(report: Report, category?: string): Sarif.Log {
  const text = reporter.render(report, { color: false, verbose: false, ...(category !== undefined ? { category } : {}) });
  const log = JSON.parse(text) as Sarif.Log;
  const validate = sarifSchema();
  assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  return log;
}

function run(log: Sarif.Log): Sarif.Run {
  assert.equal(log.runs.length, 1);
  return log.runs[0]!;
}

describe("sarif reporter", () => {
  it("renders a report with every status as schema-valid SARIF 2.1.0", () => {
    const log = render(fullReport());
    assert.equal(log.version, "2.1.0");
    assert.match(log.$schema!, /^https:\/\/.*sarif-schema-2\.1\.0\.json$/);
    const driver = run(log).tool.driver;
    assert.deepEqual(
      { name: driver.name, version: driver.version, semanticVersion: driver.semanticVersion, informationUri: driver.informationUri },
      { name: "cloudtrail-lint", version: "1.2.3", semanticVersion: "1.2.3", informationUri: "https://github.com/cloudtrail-lint/cloudtrail-lint" },
    );
  });

  it("gives in pieces exactly the text it renders (the CLI streams those to disk)", () => {
    for (const options of [{ color: false, verbose: false }, { color: false, verbose: false, category: "nightly" }]) {
      const pieces = [...reporter.renderChunks!(fullReport(), options)];
      assert.ok(pieces.length > 10, "more than one piece");
      assert.equal(pieces.join(""), reporter.render(fullReport(), options));
    }
  });

  it("has one rule per check that ran, with GitHub's fields", () => {
    const report = fullReport();
    const all = run(render(report)).tool.driver.rules!;
    // The checks' rules in order, then one undecided rule per check with an ERROR, in report order.
    assert.deepEqual(
      all.map((r) => r.id),
      [...report.checks.map((c) => c.id), "global-service-events/undecided", "cloudwatch-logs-integration/undecided"],
    );
    const rules = all.slice(0, report.checks.length);
    const bySeverity = Object.fromEntries(report.checks.map((c) => [c.id, c.severity])) as Record<string, Severity>;
    const expected: Record<Severity, { level: string; securitySeverity: string | undefined }> = {
      critical: { level: "error", securitySeverity: "9.5" },
      high: { level: "error", securitySeverity: "8.0" },
      medium: { level: "warning", securitySeverity: "5.5" },
      low: { level: "note", securitySeverity: "3.0" },
      info: { level: "note", securitySeverity: undefined },
    };
    for (const rule of rules) {
      const severity = bySeverity[rule.id]!;
      assert.equal(rule.name, pascalCase(rule.id));
      assert.equal(rule.shortDescription?.text, `Title of ${rule.id}`);
      assert.equal(rule.fullDescription?.text, `Why ${rule.id} matters.`);
      assert.equal(rule.defaultConfiguration?.level, expected[severity].level, rule.id);
      assert.equal(rule.properties?.["security-severity"], expected[severity].securitySeverity, rule.id);
      const tags = rule.properties?.tags as string[];
      assert.deepEqual(tags, ["security", "cloudtrail", "external/cis-aws-foundations-5.0/3.1", "external/securityhub/CloudTrail.1"]);
      // help: rationale, remediation text, commands in a fenced block, framework ids.
      assert.ok(rule.help?.text.startsWith(`Why ${rule.id} matters.`));
      assert.ok(rule.help?.text.includes(`aws cloudtrail update-trail --name <trailArn> --region <homeRegion> # ${rule.id}`));
      assert.ok(
        rule.help?.markdown?.includes(`\n\`\`\`sh\naws cloudtrail update-trail --name <trailArn> --region <homeRegion> # ${rule.id}\n\`\`\`\n`),
        rule.help?.markdown,
      );
      assert.ok(rule.help?.markdown?.includes("**Frameworks:** cis-aws-foundations-5.0: 3.1; securityhub: CloudTrail.1"));
    }
    assert.equal(rules.find((r) => r.id === "global-service-events")!.helpUri, report.checks.find((c) => c.id === "global-service-events")!.docsUrl);
  });

  it("PascalCases ids", () => {
    assert.equal(pascalCase("multi-region-trail"), "MultiRegionTrail");
    assert.equal(pascalCase("log-bucket-no-delete"), "LogBucketNoDelete");
  });

  it("keeps at most 10 unique tags per rule, security first", () => {
    const check = reportCheck("many", { frameworks: { a: ["1", "2", "3", "4", "5"], b: ["1", "2", "3", "4", "5", "5"] } });
    const report = makeReport({ findings: [finding({ checkId: "many", status: "FAIL" })], checks: [check] });
    const tags = run(render(report)).tool.driver.rules![0]!.properties!.tags!;
    assert.equal(tags.length, MAX_TAGS);
    assert.equal(new Set(tags).size, tags.length);
    assert.deepEqual(tags.slice(0, 3), ["security", "cloudtrail", "external/a/1"]);
  });

  it("gives undecided rules no security-severity, level note and the undecided property", () => {
    const report = fullReport();
    const rules = run(render(report)).tool.driver.rules!.slice(report.checks.length);
    assert.equal(rules.length, 2);
    for (const rule of rules) {
      const check = rule.id.replace(/\/undecided$/, "");
      assert.equal(rule.properties?.["security-severity"], undefined, rule.id);
      assert.equal(rule.properties?.[UNDECIDED_PROPERTY], true);
      assert.equal(rule.defaultConfiguration?.level, "note");
      assert.equal(rule.name, `${pascalCase(check)}Undecided`);
      assert.equal(rule.shortDescription?.text, `Could not decide: Title of ${check}`);
    }
  });

  it("turns FAIL findings into results, then ERROR findings into undecided notes where they point", () => {
    const report = fullReport();
    const r = run(render(report));
    const errors = report.results.filter((f) => f.status === "ERROR");
    assert.equal(errors.length, 2);
    const notes = r.results!.slice(-2);
    notes.forEach((result, i) => {
      const f = errors[i]!;
      assert.equal(result.ruleId, `${f.checkId}/undecided`);
      assert.equal(r.tool.driver.rules![result.ruleIndex!]!.id, result.ruleId);
      assert.equal(result.level, "note");
      assert.equal(result.kind, undefined);
      assert.equal(result.properties![UNDECIDED_PROPERTY], true);
      assert.match(result.message.text!, /^Could not decide: /);
      assert.ok(result.message.text!.includes(f.message.replace(/^Could not decide: /, "")));
      assert.equal(result.locations![0]!.logicalLocations![0]!.name, f.accountId);
      // Not the identity of a FAIL of the same check and resource: deciding it closes this alert.
      assert.notEqual(result.partialFingerprints![FINGERPRINT_KEY], fingerprint(f));
    });
    assert.equal(notes[0]!.message.text, "Could not decide: Internal error in check global-service-events: boom");
  });

  it("turns FAIL findings into results, with ruleIndex pointing at their rule", () => {
    const report = fullReport();
    const r = run(render(report));
    const fails = report.results.filter((f) => f.status === "FAIL");
    assert.equal(r.results!.length, fails.length + 2);
    assert.equal(fails.length, 8);
    r.results!.slice(0, fails.length).forEach((result, i) => {
      const f = fails[i]!;
      assert.equal(result.ruleId, f.checkId);
      assert.equal(r.tool.driver.rules![result.ruleIndex!]!.id, result.ruleId);
      assert.equal(result.level, { critical: "error", high: "error", medium: "warning", low: "note", info: "note" }[f.severity]);
      assert.ok(result.message.text!.startsWith(f.message));
      for (const command of f.remediation!.cli) assert.ok(result.message.text!.includes(command));
      assert.equal(result.properties!.accountId, f.accountId);
    });
  });

  it("locates results by repository-relative URI and line, with logical locations", () => {
    const r = run(render(fullReport()));
    for (const result of r.results!) {
      assert.equal(result.locations!.length, 1);
      const physical = result.locations![0]!.physicalLocation!;
      const uri = physical.artifactLocation!.uri!;
      assert.doesNotMatch(uri, /^[a-z][a-z0-9+.-]*:/i, "no URI scheme");
      assert.ok(!uri.startsWith("/"), uri);
      assert.ok(physical.region!.startLine! >= 1);
    }
    const located = r.results!.find((x) => x.properties!.resource === `arn:aws:cloudtrail:us-east-1:${PROD}:trail/main` && x.ruleId === "multi-region-trail")!;
    const want = fullReport().results.find((f) => f.status === "FAIL" && f.checkId === "multi-region-trail" && f.accountId === PROD)!;
    assert.deepEqual(located.locations![0]!.physicalLocation, {
      artifactLocation: { uri: SNAPSHOT_FILE },
      region: { startLine: want.location!.startLine, startColumn: 9 },
    });
    assert.deepEqual(located.locations![0]!.logicalLocations, [
      { name: PROD, fullyQualifiedName: PROD, kind: "namespace", properties: { type: "awsAccount" } },
      { name: "us-east-1", fullyQualifiedName: `${PROD}/us-east-1`, kind: "namespace", properties: { type: "awsRegion" } },
      {
        name: `arn:aws:cloudtrail:us-east-1:${PROD}:trail/main`,
        fullyQualifiedName: `arn:aws:cloudtrail:us-east-1:${PROD}:trail/main`,
        kind: "object",
        properties: { type: "awsResource" },
      },
    ]);
  });

  it("falls back to the input file at line 1 when a finding has no location", () => {
    const r = run(render(fullReport()));
    const unlocated = r.results!.find((x) => x.ruleId === "global-service-events")!;
    assert.deepEqual(unlocated.locations![0]!.physicalLocation, { artifactLocation: { uri: SNAPSHOT_FILE }, region: { startLine: 1 } });
    assert.deepEqual(unlocated.locations![0]!.logicalLocations, [
      { name: MGMT, fullyQualifiedName: MGMT, kind: "namespace", properties: { type: "awsAccount" } },
    ]);
    // No input on the finding either: the report's first input.
    const bare = finding({ checkId: "x", status: "FAIL", location: undefined });
    delete bare.location;
    delete bare.input;
    const log = render(makeReport({ findings: [bare], inputs: [input({ file: "snapshots/prod account.json" })] }));
    assert.deepEqual(run(log).results![0]!.locations![0]!.physicalLocation, {
      artifactLocation: { uri: "snapshots/prod%20account.json" },
      region: { startLine: 1 },
    });
  });

  it("makes any path a relative URI reference", () => {
    assert.equal(relativeUri("examples/org-snapshot.json"), "examples/org-snapshot.json");
    assert.equal(relativeUri("./examples/./x.json"), "examples/./x.json");
    assert.equal(relativeUri("snapshots\\prod\\org.json"), "snapshots/prod/org.json");
    assert.equal(relativeUri("C:\\work\\org.json"), "work/org.json");
    assert.equal(relativeUri("/home/runner/org.json"), "home/runner/org.json");
    assert.equal(relativeUri("file:///home/runner/org.json"), "home/runner/org.json");
    assert.equal(relativeUri("aws:123456789012"), "aws%3A123456789012");
    assert.equal(relativeUri("a b/100%#?.json"), "a%20b/100%25%23%3F.json");
    assert.equal(relativeUri("données/ü.json"), "donn%C3%A9es/%C3%BC.json");
  });

  it("fingerprints by check, account and resource, not by location", () => {
    const a = finding({ checkId: "multi-region-trail", status: "FAIL", location: { file: SNAPSHOT_FILE, startLine: 12, startColumn: 5 } });
    const moved = { ...a, location: { file: "other/re-indented.json", startLine: 480, startColumn: 17 }, message: "Reworded message." };
    const otherResource = { ...a, resource: `arn:aws:cloudtrail:us-east-1:${PROD}:trail/second` };
    const otherAccount = { ...a, accountId: DEV };
    const fp = (f: typeof a) => run(render(makeReport({ findings: [f] }))).results![0]!.partialFingerprints!;
    assert.deepEqual(Object.keys(fp(a)), [FINGERPRINT_KEY]);
    assert.match(fp(a)[FINGERPRINT_KEY]!, /^[0-9a-f]{64}$/);
    assert.equal(fp(a)[FINGERPRINT_KEY], fp(moved)[FINGERPRINT_KEY]);
    assert.notEqual(fp(a)[FINGERPRINT_KEY], fp(otherResource)[FINGERPRINT_KEY]);
    assert.notEqual(fp(a)[FINGERPRINT_KEY], fp(otherAccount)[FINGERPRINT_KEY]);
    // Without a resource the region tells account-level results apart; with one it does not count.
    const noResource = { checkId: "c", accountId: PROD, region: "us-east-1" };
    assert.notEqual(fingerprint(noResource), fingerprint({ ...noResource, region: "eu-west-1" }));
    assert.equal(fingerprint({ ...noResource, resource: "arn:x" }), fingerprint({ ...noResource, resource: "arn:x", region: "eu-west-1" }));
    // Field boundaries cannot be shifted to collide.
    assert.notEqual(fingerprint({ checkId: "a", accountId: "bc" }), fingerprint({ checkId: "ab", accountId: "c" }));
  });

  it("marks suppressed FAILs with an external suppression and its justification", () => {
    const r = run(render(fullReport()));
    const suppressed = r.results!.filter((x) => x.suppressions);
    assert.equal(suppressed.length, 1);
    assert.deepEqual(suppressed[0]!.suppressions, [
      { kind: "external", status: "accepted", justification: `Accepted until the migration (${HOSTILE})`, properties: { expires: "2027-01-31" } },
    ]);
    assert.equal(suppressed[0]!.ruleId, "log-bucket-object-lock");
  });

  it("reports ERRORs as tool execution notifications and an unsuccessful invocation", () => {
    const invocation = run(render(fullReport())).invocations![0]!;
    assert.equal(invocation.executionSuccessful, false);
    const errors = invocation.toolExecutionNotifications!.filter((n) => n.level === "error");
    assert.equal(errors.length, 2);
    const collection = errors.find((n) => n.associatedRule?.id === "cloudwatch-logs-integration")!;
    assert.ok(collection.message.text!.startsWith(`cloudwatch-logs-integration [${DEV} (${DEV_NAME}), us-east-1, arn:aws:cloudtrail:us-east-1:${DEV}:trail/main]: Could not decide: `));
    assert.ok(collection.message.text!.includes("AccessDenied"));
    assert.equal(collection.associatedRule!.index, 0);
    assert.equal(collection.locations![0]!.logicalLocations![0]!.name, DEV);
    const internal = errors.find((n) => n.associatedRule?.id === "global-service-events")!;
    assert.equal(internal.message.text, `global-service-events [${MGMT} (management)]: Internal error in check global-service-events: boom`);
  });

  it("reports an expired suppression as a warning notification", () => {
    const warnings = run(render(fullReport())).invocations![0]!.toolExecutionNotifications!.filter((n) => n.level === "warning");
    assert.deepEqual(
      warnings.map((w) => w.message.text),
      [`Suppression of multi-region-trail for ${DEV} expired on 2026-01-01 and was not applied (reason given: Old exception).`],
    );
  });

  it("is successful when nothing is ERROR, and has no results when nothing FAILs", () => {
    const report = makeReport({ findings: [finding({ checkId: "a", status: "PASS" }), finding({ checkId: "a", status: "NOT_APPLICABLE" })] });
    const r = run(render(report));
    assert.deepEqual(r.invocations, [{ executionSuccessful: true, toolExecutionNotifications: [] }]);
    assert.deepEqual(r.results, []);
    assert.equal(r.tool.driver.rules!.length, 1);
  });

  it("sets automationDetails.id from the category, or the organization or account of the first input", () => {
    assert.equal(run(render(fullReport())).automationDetails!.id, `cloudtrail-lint/${ORG}/`);
    assert.equal(run(render(fullReport(), "prod")).automationDetails!.id, "prod/");
    assert.equal(run(render(fullReport(), "cloudtrail/prod/")).automationDetails!.id, "cloudtrail/prod/");
    const standalone = makeReport({
      findings: [finding({ checkId: "a", status: "FAIL", accountId: DEV })],
      inputs: [input({ organizationId: null, accountCount: 1 })],
    });
    assert.equal(automationId(standalone, undefined), `cloudtrail-lint/${DEV}/`);
    assert.equal(automationId(standalone, ""), `cloudtrail-lint/${DEV}/`);
    const twoInputs = makeReport({
      findings: [
        finding({ checkId: "a", status: "FAIL", accountId: MGMT, input: "b.json" }),
        finding({ checkId: "a", status: "FAIL", accountId: DEV, input: "a.json" }),
      ],
      inputs: [input({ file: "a.json", organizationId: null }), input({ file: "b.json", organizationId: null })],
    });
    assert.equal(automationId(twoInputs, undefined), `cloudtrail-lint/${DEV}/`);
  });

  it("leaves out the lowest-severity results beyond GitHub's limit, with a warning", () => {
    const findings = [
      finding({ checkId: "low", severity: "low", status: "FAIL", resource: "arn:aws:s3:::a" }),
      finding({ checkId: "crit", severity: "critical", status: "FAIL", resource: "arn:aws:s3:::b" }),
      finding({ checkId: "high", severity: "high", status: "FAIL", resource: "arn:aws:s3:::c" }),
    ];
    const log = toSarif(makeReport({ findings }), {}, 2);
    assert.ok(sarifSchema()(log));
    assert.deepEqual(
      log.runs[0]!.results!.map((r) => r.ruleId),
      ["crit", "high"],
    );
    const notes = log.runs[0]!.invocations![0]!.toolExecutionNotifications!;
    assert.equal(notes.length, 1);
    assert.equal(notes[0]!.level, "warning");
    assert.match(notes[0]!.message.text!, /^1 of 3 FAIL results were left out/);
    assert.equal(log.runs[0]!.invocations![0]!.executionSuccessful, true);
  });

  it("fills what GitHub's limit leaves after the FAILs with undecided notes, with a warning", () => {
    const findings = [
      finding({ checkId: "high", severity: "high", status: "FAIL", resource: "arn:aws:s3:::a" }),
      finding({ checkId: "high", severity: "high", status: "ERROR", resource: "arn:aws:s3:::b", message: "Could not decide: x." }),
      finding({ checkId: "low", severity: "low", status: "ERROR", resource: "arn:aws:s3:::c", message: "Could not decide: y." }),
    ];
    const log = toSarif(makeReport({ findings }), {}, 2);
    assert.ok(sarifSchema()(log));
    assert.deepEqual(
      log.runs[0]!.results!.map((r) => [r.ruleId, r.level]),
      [["high", "error"], ["high/undecided", "note"]],
    );
    const warnings = log.runs[0]!.invocations![0]!.toolExecutionNotifications!.filter((n) => n.level === "warning");
    assert.deepEqual(warnings.map((w) => w.message.text!.slice(0, 45)), ["1 of 2 undecided (ERROR) results were left ou"]);
    // Every ERROR stays a notification.
    assert.equal(log.runs[0]!.invocations![0]!.toolExecutionNotifications!.filter((n) => n.level === "error").length, 2);
  });

  it("adds a rule for a finding whose check is missing from report.checks", () => {
    const report = makeReport({ findings: [finding({ checkId: "ghost", status: "FAIL", severity: "medium" })], checks: [reportCheck("other")] });
    const r = run(render(report));
    assert.deepEqual(
      r.tool.driver.rules!.map((x) => [x.id, x.defaultConfiguration?.level]),
      [
        ["other", "error"],
        ["ghost", "warning"],
      ],
    );
    assert.equal(r.results![0]!.ruleIndex, 1);
  });

  it("carries hostile strings losslessly in valid JSON", () => {
    const text = reporter.render(fullReport(), { color: false, verbose: false });
    const log = JSON.parse(text) as Sarif.Log;
    assert.ok(sarifSchema()(log));
    const hostile = run(log).results!.find((r) => r.properties!.accountId === DEV)!;
    assert.equal(hostile.properties!.resource, `arn:aws:cloudtrail:eu-west-1:${DEV}:trail/${HOSTILE}`);
    assert.ok(hostile.message.text!.startsWith(`Trail ${HOSTILE} is not logging.`));
    assert.ok(hostile.message.text!.includes(`aws cloudtrail start-logging --name '${HOSTILE}'`));
    // The lone surrogate is escaped, not emitted raw, so the file is valid UTF-8.
    assert.ok(text.includes("\\ud800"));
    assert.ok(![...text].some((c) => c !== "\n" && c.charCodeAt(0) < 0x20), "control characters are escaped");
  });

  it("is deterministic: same report, same bytes", () => {
    const options = { color: false, verbose: false };
    const a = reporter.render(fullReport(), options);
    const b = reporter.render(structuredClone(fullReport()), options);
    assert.equal(a, b);
    assert.ok(a.endsWith("}\n"));
  });

  it("end to end: fingerprints survive re-indenting the snapshot, lines follow it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ctl-sarif-"));
    try {
      const snapshot = org({
        management: { trails: [multiRegionTrail({ IsOrganizationTrail: true, IncludeGlobalServiceEvents: false })] },
        members: [account(PROD), account(DEV)],
      });
      writeFileSync(join(dir, "compact.json"), JSON.stringify(snapshot));
      writeFileSync(join(dir, "indented.json"), `\n\n${JSON.stringify(snapshot, null, 8)}\n`);
      const sarifOf = async (file: string) => {
        let stdout = "";
        const code = await runCli(["lint", file, "--format", "sarif", "--now", "2026-11-20T12:30:00Z", "--quiet"], {
          stdout: (t) => void (stdout += t),
          stderr: () => undefined,
          env: {},
          isTTY: false,
          cwd: dir,
        });
        assert.equal(code, 1);
        const log = JSON.parse(stdout) as Sarif.Log;
        assert.ok(sarifSchema()(log));
        return log.runs[0]!.results!;
      };
      const compact = await sarifOf("compact.json");
      const indented = await sarifOf("indented.json");
      assert.ok(compact.length >= 3, String(compact.length));
      assert.deepEqual(
        indented.map((r) => [r.ruleId, r.partialFingerprints]),
        compact.map((r) => [r.ruleId, r.partialFingerprints]),
      );
      const where = (r: Sarif.Result) => r.locations![0]!.physicalLocation!;
      assert.ok(compact.every((r) => where(r).region!.startLine === 1));
      assert.ok(indented.every((r) => where(r).region!.startLine! > 3));
      assert.deepEqual([...new Set(indented.map((r) => where(r).artifactLocation!.uri))], ["indented.json"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
