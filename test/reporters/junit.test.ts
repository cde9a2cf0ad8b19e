import assert from "node:assert/strict";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { Report } from "../../src/engine/report.js";
import type { Finding } from "../../src/engine/run.js";
import { reporter, xmlAttr, xmlText } from "../../src/reporters/junit.js";
import { DEV, DEV_NAME, MGMT, PROD, finding, fullReport, makeReport } from "../helpers/report.js";

interface Node {
  [key: string]: unknown;
}
interface Testcase extends Node {
  "@_classname": string;
  "@_name": string;
  failure?: Node[];
  error?: Node[];
  skipped?: Node[];
}
interface Testsuite extends Node {
  "@_name": string;
  "@_tests": string;
  "@_failures": string;
  "@_errors": string;
  "@_skipped": string;
  properties: { property: Node[] }[];
  testcase?: Testcase[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  textNodeName: "#text",
  isArray: (name) => ["testsuite", "testcase", "failure", "error", "skipped", "properties", "property"].includes(name),
});

function render(report: Report): { xml: string; root: Node & { testsuite?: Testsuite[] } } {
  const xml = reporter.render(report, { color: false, verbose: false });
  const valid = XMLValidator.validate(xml);
  assert.equal(valid, true, JSON.stringify(valid));
  const doc = parser.parse(xml) as { testsuites: Node[] | Node };
  const root = (Array.isArray(doc.testsuites) ? doc.testsuites[0] : doc.testsuites) as Node & { testsuite?: Testsuite[] };
  return { xml, root };
}

/** What the counts must be, computed here independently of the reporter. */
function expectedCounts(findings: readonly Finding[]) {
  return {
    tests: String(findings.length),
    failures: String(findings.filter((f) => f.status === "FAIL" && !f.suppressed).length),
    errors: String(findings.filter((f) => f.status === "ERROR").length),
    skipped: String(findings.filter((f) => f.status === "NOT_APPLICABLE" || (f.status === "FAIL" && f.suppressed)).length),
  };
}

const countsOf = (n: Node) => ({ tests: n["@_tests"], failures: n["@_failures"], errors: n["@_errors"], skipped: n["@_skipped"] });
const text = (n: Node | undefined) => (n?.["#text"] ?? "") as string;

describe("junit reporter", () => {
  it("has one suite per account with counts that match its testcases, and totals on the root", () => {
    const report = fullReport();
    const { xml, root } = render(report);
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="cloudtrail-lint"'));
    assert.deepEqual(countsOf(root), { tests: "20", failures: "7", errors: "2", skipped: "6" });
    assert.deepEqual(countsOf(root), expectedCounts(report.results));
    const suites = root.testsuite!;
    assert.deepEqual(
      suites.map((s) => s["@_name"]),
      [`${MGMT} management`, `${PROD} prod`, `${DEV} ${xmlAttr(DEV_NAME)}`],
    );
    for (const suite of suites) {
      const accountId = suite["@_name"].split(" ")[0]!;
      const findings = report.results.filter((f) => f.accountId === accountId);
      assert.deepEqual(countsOf(suite), expectedCounts(findings), accountId);
      const cases = suite.testcase ?? [];
      assert.equal(cases.length, findings.length);
      // The counts agree with the elements actually written.
      assert.equal(String(cases.filter((c) => c.failure).length), suite["@_failures"]);
      assert.equal(String(cases.filter((c) => c.error).length), suite["@_errors"]);
      assert.equal(String(cases.filter((c) => c.skipped).length), suite["@_skipped"]);
      assert.deepEqual(
        cases.map((c) => c["@_classname"]),
        findings.map((f) => f.checkId),
      );
    }
    const sums = ["tests", "failures", "errors", "skipped"].map((k) => suites.reduce((n, s) => n + Number(s[`@_${k}`]), 0));
    assert.deepEqual(sums, [20, 7, 2, 6]);
  });

  it("records the account id and score as suite properties", () => {
    const suites = render(fullReport()).root.testsuite!;
    const props = (s: Testsuite) => Object.fromEntries(s.properties[0]!.property.map((p) => [p["@_name"], p["@_value"]]));
    assert.deepEqual(props(suites[0]!), { accountId: MGMT, score: "79" });
    assert.deepEqual(props(suites[1]!), { accountId: PROD, score: "0" });
    const onlyNa = render(makeReport({ findings: [finding({ checkId: "a", status: "NOT_APPLICABLE" })] })).root.testsuite!;
    assert.deepEqual(props(onlyNa[0]!), { accountId: PROD, score: "n/a" });
  });

  it("names testcases by resource, else account and region", () => {
    const report = makeReport({
      findings: [
        finding({ checkId: "a", status: "PASS", resource: "arn:aws:s3:::logs" }),
        finding({ checkId: "b", status: "PASS", resource: undefined, region: "eu-west-1" }),
        finding({ checkId: "c", status: "PASS", resource: undefined, region: undefined }),
      ].map((f) => JSON.parse(JSON.stringify(f)) as Finding),
    });
    const cases = render(report).root.testsuite![0]!.testcase!;
    assert.deepEqual(
      cases.map((c) => [c["@_classname"], c["@_name"]]),
      [
        ["a", "arn:aws:s3:::logs"],
        ["b", `${PROD} eu-west-1`],
        ["c", PROD],
      ],
    );
    assert.deepEqual(Object.keys(cases[0]!).sort(), ["@_classname", "@_name", "@_time"], "PASS is an empty testcase");
  });

  it("writes FAIL as <failure> with severity, message and remediation commands", () => {
    const report = fullReport();
    const prod = render(report).root.testsuite!.find((s) => s["@_name"].startsWith(PROD))!;
    const mrt = prod.testcase!.find((c) => c["@_classname"] === "multi-region-trail")!;
    const failure = mrt.failure![0]!;
    assert.equal(failure["@_type"], "high");
    assert.equal(failure["@_message"], "FAIL message for multi-region-trail.");
    const f = report.results.find((x) => x.accountId === PROD && x.checkId === "multi-region-trail")!;
    assert.equal(
      text(failure),
      [
        "FAIL message for multi-region-trail.",
        "",
        "Remediation: Turn multi-region-trail on.",
        `  aws cloudtrail update-trail --name arn:aws:cloudtrail:us-east-1:${PROD}:trail/main --region us-east-1`,
        "",
        `At: examples/org-snapshot.json:${f.location!.startLine} /accounts/1/trails/0`,
      ].join("\n"),
    );
  });

  it("writes ERROR as <error>, NOT_APPLICABLE and suppressed FAIL as <skipped> with the reason", () => {
    const suites = render(fullReport()).root.testsuite!;
    const mgmt = suites.find((s) => s["@_name"].startsWith(MGMT))!;
    const internal = mgmt.testcase!.find((c) => c.error)!;
    assert.equal(internal["@_classname"], "global-service-events");
    assert.equal(internal.error![0]!["@_type"], "internal-error");
    assert.equal(internal.error![0]!["@_message"], "Internal error in check global-service-events: boom");
    const suppressed = mgmt.testcase!.find((c) => c.skipped)!;
    assert.equal(suppressed["@_name"], "arn:aws:s3:::org-trail-logs");
    assert.match(suppressed.skipped![0]!["@_message"] as string, /^Suppressed \(until 2027-01-31\): Accepted until the migration \(<script>/);
    assert.ok(text(suppressed.skipped![0]).startsWith("FAIL message for log-bucket-object-lock.\n\nRemediation:"));
    const dev = suites.find((s) => s["@_name"].startsWith(DEV))!;
    const na = dev.testcase!.filter((c) => c.skipped);
    assert.equal(na.length, 5);
    for (const c of na) assert.deepEqual(c.skipped, [{ "@_message": "Account is SUSPENDED; nothing to check." }]);
  });

  it("escapes hostile names, messages and commands so they parse back exactly (controls spelled out)", () => {
    const { xml, root } = render(fullReport());
    // Markup never leaks: no raw tag, no raw CDATA end, no forbidden character.
    assert.ok(!xml.includes("<script>"));
    assert.ok(!xml.includes("]]>"));
    assert.ok(![...xml].some((c) => c.charCodeAt(0) < 0x20 && c !== "\n"));
    const spelled = "\\u0001\\u001b[31mred\\u001b[0m\\u0000\\u000b";
    const dev = root.testsuite!.find((s) => s["@_name"].startsWith(DEV))!;
    assert.equal(
      dev["@_name"],
      `${DEV} dev <script>alert('x')</script> & "q" ]]> ${spelled} |a|b| \`\`\` \`tick\` \\ud800 # not a heading 😀`,
    );
    const hostile = dev.testcase!.find((c) => c.failure)!;
    assert.equal(hostile["@_name"], `arn:aws:cloudtrail:eu-west-1:${DEV}:trail/<script>alert('x')</script> & "q" ]]> ${spelled} |a|b| \`\`\` \`tick\` \\ud800 # not a heading 😀`);
    const body = text(hostile.failure![0]);
    // In element text the newline survives; in the attribute it became a space.
    assert.ok(body.startsWith(`Trail <script>alert('x')</script> & "q" ]]> ${spelled} |a|b| \`\`\` \`tick\` \\ud800\n# not a heading 😀 is not logging.`), body);
    assert.ok(body.includes(`  aws cloudtrail start-logging --name '<script>alert('x')</script> & "q" ]]> ${spelled}`));
    assert.ok((hostile.failure![0]!["@_message"] as string).includes("\\ud800 # not a heading 😀 is not logging."));
    const error = dev.testcase!.find((c) => c.error)!;
    assert.ok((error.error![0]!["@_message"] as string).includes(`AccessDenied: <script>alert('x')</script> & "q" ]]> ${spelled}`));
  });

  it("xmlText spells out exactly the characters XML 1.0 forbids", () => {
    assert.equal(xmlText("a\u0000b\u0008c\u000bd\u000ce\u001ff"), "a\\u0000b\\u0008c\\u000bd\\u000ce\\u001ff");
    assert.equal(xmlText("tab\tlf\ncr\r"), "tab\tlf\ncr\r");
    assert.equal(xmlText("\ufffe\uffff\ufffd"), "\\ufffe\\uffff\ufffd");
    assert.equal(xmlText("emoji 😀 pair"), "emoji 😀 pair");
    assert.equal(xmlText("lone \ud83d high, lone \ude00 low"), "lone \\ud83d high, lone \\ude00 low");
    assert.equal(xmlText("\u007f\u0085 allowed"), "\u007f\u0085 allowed");
    assert.equal(xmlAttr("a\tb\nc\r\nd"), "a b c  d");
  });

  it("writes an empty but valid document when there are no results", () => {
    const { xml, root } = render(makeReport({ findings: [], checks: [] }));
    assert.deepEqual(countsOf(root), { tests: "0", failures: "0", errors: "0", skipped: "0" });
    assert.equal(root.testsuite, undefined);
    assert.ok(xml.endsWith("</testsuites>\n") || xml.endsWith("/>\n"));
  });

  it("is deterministic: same report, same bytes", () => {
    const options = { color: false, verbose: false };
    assert.equal(reporter.render(fullReport(), options), reporter.render(structuredClone(fullReport()), options));
  });
});
