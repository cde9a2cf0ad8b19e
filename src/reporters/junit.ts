// JUnit XML, for CI systems that show test reports: one <testsuite> per account (per file for
// templates and plans), one <testcase> per
// result (classname = check id, name = resource ARN, else account id and region). FAIL gives
// <failure>, ERROR <error>, NOT_APPLICABLE and suppressed FAIL <skipped>; PASS an empty testcase.
// tests/failures/errors/skipped are counted on every suite and on the <testsuites> root.
//
// The XML is built with xmlbuilder2, which escapes markup. XML 1.0 cannot hold most control
// characters at all, escaped or not, so untrusted text is cleaned first: every character XML 1.0
// forbids (C0 controls other than tab, LF and CR; lone surrogates; U+FFFE and U+FFFF) is replaced
// by its `\uXXXX` spelling, so the document always parses and nothing is silently lost. In
// attribute values, tab, LF and CR also become spaces (a parser would turn them into spaces anyway).
import { create } from "xmlbuilder2";
import { summaryFindings, type Report } from "../engine/report.js";
import type { Finding } from "../engine/run.js";
import { DEPLOYED_LABEL, suppressedWhere } from "./iac.js";
import type { Reporter } from "./reporter.js";

type XMLBuilder = ReturnType<typeof create>;

// Characters outside the XML 1.0 Char production; astral pairs are fine, lone surrogates are not.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const spell = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** Text that XML 1.0 can hold: forbidden characters replaced by their \uXXXX spelling. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, spell);
}

/** An attribute value: like xmlText, and on one line. */
export function xmlAttr(text: string): string {
  return xmlText(text).replace(/[\t\n\r]/g, " ");
}

function testcaseName(f: Finding): string {
  if (f.resource !== undefined) return f.resource;
  return f.region !== undefined ? `${f.accountId} ${f.region}` : f.accountId;
}

function remediationBody(f: Finding): string {
  const lines = [f.message];
  if (f.remediation) {
    lines.push("", `Remediation: ${f.remediation.text}`);
    if (f.remediation.iac) {
      lines.push(...f.remediation.iac.snippet.split("\n").map((l) => `  ${l}`));
      if (f.remediation.cli.length > 0) lines.push(DEPLOYED_LABEL);
    }
    lines.push(...f.remediation.cli.map((c) => `  ${c}`));
  }
  const where = [f.location ? `${f.location.file}:${f.location.startLine}` : f.input, f.pointer].filter(Boolean).join(" ");
  if (where) lines.push("", `At: ${where}`);
  return lines.join("\n");
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function count(findings: readonly Finding[]): Counts {
  const c: Counts = { tests: findings.length, failures: 0, errors: 0, skipped: 0 };
  for (const f of findings) {
    if (f.status === "FAIL" && !f.suppressed) c.failures += 1;
    else if (f.status === "ERROR") c.errors += 1;
    else if (f.status === "NOT_APPLICABLE" || (f.status === "FAIL" && f.suppressed)) c.skipped += 1;
  }
  return c;
}

function countAttrs(c: Counts): Record<string, string> {
  return { tests: String(c.tests), failures: String(c.failures), errors: String(c.errors), skipped: String(c.skipped), time: "0" };
}

function addTestcase(suite: XMLBuilder, f: Finding): void {
  const testcase = suite.ele("testcase", { classname: xmlAttr(f.checkId), name: xmlAttr(testcaseName(f)), time: "0" });
  if (f.status === "FAIL" && f.suppressed) {
    const expires = f.suppressed.expires !== undefined ? ` (until ${f.suppressed.expires})` : "";
    testcase.ele("skipped", { message: xmlAttr(`Suppressed${suppressedWhere(f.suppressed)}${expires}: ${f.suppressed.reason}`) }).txt(xmlText(remediationBody(f)));
  } else if (f.status === "FAIL") {
    testcase.ele("failure", { message: xmlAttr(f.message), type: f.severity }).txt(xmlText(remediationBody(f)));
  } else if (f.status === "ERROR") {
    testcase.ele("error", { message: xmlAttr(f.message), type: xmlAttr(f.messageId) }).txt(xmlText(remediationBody(f)));
  } else if (f.status === "NOT_APPLICABLE") {
    testcase.ele("skipped", { message: xmlAttr(f.message) });
  }
}

export function toJunit(report: Report): string {
  const doc = create({ version: "1.0", encoding: "UTF-8" });
  const root = doc.ele("testsuites", { name: "cloudtrail-lint", ...countAttrs(count(report.results)) });
  // One suite per scorecard: an account, or for templates and plans a file.
  for (const summary of report.accounts) {
    const findings = summaryFindings(report, summary);
    const name = summary.input ?? summary.accountName ?? findings.find((f) => f.accountName !== undefined)?.accountName;
    const suite = root.ele("testsuite", {
      name: xmlAttr(name !== undefined ? `${summary.accountId} ${name}` : summary.accountId),
      ...countAttrs(count(findings)),
    });
    const properties = suite.ele("properties");
    properties.ele("property", { name: "accountId", value: xmlAttr(summary.accountId) });
    if (summary.input !== undefined) properties.ele("property", { name: "file", value: xmlAttr(summary.input) });
    properties.ele("property", { name: "score", value: summary.score === null ? "n/a" : String(summary.score) });
    for (const f of findings) addTestcase(suite, f);
  }
  // wellFormed: a forbidden character that slipped through throws here instead of yielding an
  // unreadable file.
  return `${doc.end({ prettyPrint: true, wellFormed: true })}\n`;
}

export const reporter: Reporter = {
  name: "junit",
  extension: "xml",
  render: (report) => toJunit(report),
};
