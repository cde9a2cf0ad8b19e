// SARIF 2.1.0 for GitHub code scanning. One run; one rule per check that ran; one result per FAIL
// finding (suppressed ones carry `suppressions`). An ERROR finding (the check could not decide) is
// a result too, at level `note` where it points ("Could not decide: ..."), under a rule of its own,
// `<check>/undecided`, that carries the property `cloudtrail-lint/undecided` and no
// `security-severity`: GitHub takes an alert's severity from its rule, and an undecided verdict is
// not a vulnerability of that severity. `kind: "review"` would say the same, but SARIF requires
// level `none` with any kind but `fail` (§3.27.10) and GitHub's result object does not read
// `kind`, so it is not set. ERRORs are also tool execution notifications and mark the invocation
// unsuccessful. A fix in the file's own medium (a template or plan) goes in the result's message:
// SARIF `fixes` need artifactChanges with exact replaced regions, which a snippet of properties to
// add does not have, and inventing regions would make a tool apply it in the wrong place.
//
// With a baseline (--baseline), each result carries SARIF's `baselineState` (§3.27.24): "new" or
// "unchanged", the same verdict as the JSON report's (matched by the same fingerprint). GitHub does
// not read it (its list of result properties it uses has no baselineState: it matches alerts across
// uploads by partialFingerprints itself), so it is for other SARIF consumers (viewers, gates). The
// fixed findings are not written as "absent" results: GitHub would open an alert for each of them.
// "updated" is not used: a finding's identity is all the baseline compares. Without a baseline the
// property is absent and the file is what it always was.
// Pure: same report, same bytes.
//
// GitHub specifics followed here (docs: "SARIF support for code scanning", "SARIF results exceed
// limits"): artifact URIs are repository-relative; `security-severity` is a numeric string on the
// rule (over 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low; info rules get none, so
// GitHub falls back to `level`); at most 10 tags per rule are displayed; a run with more than
// 25,000 results is rejected, so results beyond that are left out with a warning notification.
// GitHub ignores `suppressions`: suppressed FAILs still open alerts unless the upload step drops
// them or dismisses them.
import type * as Sarif from "sarif";
import type { Severity } from "../engine/check.js";
import { SEVERITY_RANK } from "../engine/check.js";
import type { Report, ReportCheck } from "../engine/report.js";
import type { Finding } from "../engine/run.js";
import { FINGERPRINT_KEY, resultFingerprint, undecidedRuleId } from "../engine/fingerprint.js";
import { jsonChunks } from "../util/json-chunks.js";
import { DEPLOYED_LABEL, suppressedWhere } from "./iac.js";
import type { Reporter, ReporterOptions } from "./reporter.js";

export const SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json";

// The fingerprint is the engine's (src/engine/fingerprint.ts), shared with --baseline.
export { FINGERPRINT_KEY, fingerprint, undecidedRuleId } from "../engine/fingerprint.js";

/** GitHub rejects a run with more results than this. */
export const MAX_RESULTS = 25_000;

/** Result and rule property of a result that says the check could not decide. */
export const UNDECIDED_PROPERTY = "cloudtrail-lint/undecided";

/** GitHub shows at most this many tags per rule (and rejects more than 20). */
export const MAX_TAGS = 10;

export const SECURITY_SEVERITY: Record<Severity, string | undefined> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
  info: undefined,
};

export const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
  info: "note",
};

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** "multi-region-trail" -> "MultiRegionTrail". */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join("");
}

/**
 * A repository-relative URI reference for a file path: backslashes become slashes, "./" prefixes
 * go, an absolute path or file:// URI loses its root (GitHub rejects anything but relative paths),
 * and characters that are not allowed or would change the meaning of a URI (space, %, #, ?, :)
 * are percent-encoded.
 */
export function relativeUri(file: string): string {
  let path = file.replace(/\\/g, "/");
  path = path.replace(/^file:\/\/[^/]*/i, "");
  path = path.replace(/^[A-Za-z]:\//, "");
  path = path.replace(/^\/+/, "");
  while (path.startsWith("./")) path = path.slice(2);
  if (path === "") path = "input";
  return encodeURI(path).replace(/[#?:]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A fenced code block whose fence is longer than any backtick run in the content. */
function fenced(lines: readonly string[], info = "sh"): string {
  const body = lines.join("\n");
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${body}\n${fence}`;
}

function frameworkText(check: ReportCheck): string[] {
  return Object.keys(check.frameworks)
    .sort()
    .filter((name) => check.frameworks[name]!.length > 0)
    .map((name) => `${name}: ${check.frameworks[name]!.join(", ")}`);
}

/** Rule help shows the general commands; `{{trailArn}}` reads better as `<trailArn>` there. */
function placeholders(command: string): string {
  return command.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, "<$1>");
}

function ruleFor(check: ReportCheck): Sarif.ReportingDescriptor {
  const frameworks = frameworkText(check);
  const cli = check.remediation.cli.map(placeholders);
  const text = [
    check.rationale,
    `Remediation: ${check.remediation.text}`,
    ...(cli.length > 0 ? [cli.map((c) => `  ${c}`).join("\n")] : []),
    ...(frameworks.length > 0 ? [`Frameworks: ${frameworks.join("; ")}`] : []),
  ].join("\n\n");
  const markdown = [
    check.rationale,
    `**Remediation.** ${check.remediation.text}`,
    ...(cli.length > 0 ? [fenced(cli)] : []),
    ...(frameworks.length > 0 ? [`**Frameworks:** ${frameworks.join("; ")}`] : []),
  ].join("\n\n");
  const frameworkTags = Object.keys(check.frameworks)
    .sort()
    .flatMap((name) => check.frameworks[name]!.map((id) => `external/${name}/${id}`));
  const tags = [...new Set(["security", "cloudtrail", ...frameworkTags])].slice(0, MAX_TAGS);
  const securitySeverity = SECURITY_SEVERITY[check.severity];
  return {
    id: check.id,
    name: pascalCase(check.id),
    shortDescription: { text: check.title },
    fullDescription: { text: check.rationale },
    ...(check.docsUrl ? { helpUri: check.docsUrl } : {}),
    help: { text, markdown },
    defaultConfiguration: { level: LEVEL[check.severity] },
    properties: {
      tags,
      ...(securitySeverity !== undefined ? { "security-severity": securitySeverity } : {}),
      severity: check.severity,
      frameworks: check.frameworks,
    },
  };
}

/** A rule for a finding whose check is missing from report.checks (should not happen). */
function placeholderCheck(finding: Finding): ReportCheck {
  return {
    id: finding.checkId,
    title: finding.title,
    severity: finding.severity,
    defaultSeverity: finding.severity,
    rationale: finding.title,
    remediation: { text: finding.remediation?.text ?? "See the finding.", cli: [] },
    frameworks: {},
    params: {},
  };
}

function logicalLocations(finding: Finding): Sarif.LogicalLocation[] {
  // SARIF lets a producer use its own `kind` when none of the listed ones fit (§3.33.7); an account
  // and a region partition resources like namespaces, and the resource is the judged object.
  const locations: Sarif.LogicalLocation[] = [
    { name: finding.accountId, fullyQualifiedName: finding.accountId, kind: "namespace", properties: { type: "awsAccount" } },
  ];
  if (finding.region !== undefined) {
    locations.push({
      name: finding.region,
      fullyQualifiedName: `${finding.accountId}/${finding.region}`,
      kind: "namespace",
      properties: { type: "awsRegion" },
    });
  }
  if (finding.resource !== undefined) {
    locations.push({ name: finding.resource, fullyQualifiedName: finding.resource, kind: "object", properties: { type: "awsResource" } });
  }
  return locations;
}

function physicalLocation(finding: Finding, fallbackFile: string): Sarif.PhysicalLocation {
  const file = finding.location?.file ?? finding.input ?? fallbackFile;
  const startLine = Math.max(1, Math.trunc(finding.location?.startLine ?? 1));
  const column = finding.location?.startColumn;
  return {
    artifactLocation: { uri: relativeUri(file) },
    region: { startLine, ...(column !== undefined ? { startColumn: Math.max(1, Math.trunc(column)) } : {}) },
  };
}

/** A config file's suppression is `external`; a template's own (Metadata) is `inSource`, located where it is written. */
function suppression(suppressed: NonNullable<Finding["suppressed"]>): Sarif.Suppression {
  const { inSource } = suppressed;
  return {
    kind: inSource ? "inSource" : "external",
    status: "accepted",
    justification: suppressed.reason,
    ...(inSource
      ? { location: { physicalLocation: { artifactLocation: { uri: relativeUri(inSource.file) }, region: { startLine: inSource.line } }, logicalLocations: [{ name: inSource.resource, kind: "object", properties: { type: "cloudFormationResource" } }] } }
      : {}),
    ...(suppressed.expires !== undefined ? { properties: { expires: suppressed.expires } } : {}),
  };
}

function where(finding: Finding): string {
  return [finding.accountId + (finding.accountName ? ` (${finding.accountName})` : ""), finding.region, finding.resource]
    .filter((part) => part !== undefined)
    .join(", ");
}

/** A check's rule for the results it could not decide: no security-severity, level note. */
function undecidedRule(check: ReportCheck): Sarif.ReportingDescriptor {
  const text =
    `cloudtrail-lint could not decide this check here: a value the verdict needs could not be read or cannot be ` +
    `decided from the file (a parameter without a value, a resource defined elsewhere). The message names the cause; ` +
    `fix it (grant the read, pass the value) and run again. The check: ${check.title}.`;
  return {
    id: undecidedRuleId(check.id),
    name: `${pascalCase(check.id)}Undecided`,
    shortDescription: { text: `Could not decide: ${check.title}` },
    fullDescription: { text },
    ...(check.docsUrl ? { helpUri: check.docsUrl } : {}),
    help: { text, markdown: text },
    defaultConfiguration: { level: "note" },
    properties: { tags: ["cloudtrail", "undecided"], [UNDECIDED_PROPERTY]: true, check: check.id },
  };
}

function undecidedText(finding: Finding): string {
  return /^Could not decide\b/.test(finding.message) ? finding.message : `Could not decide: ${finding.message}`;
}

function resultMessage(finding: Finding): string {
  const lines = [finding.status === "ERROR" ? undecidedText(finding) : finding.message];
  if (finding.remediation) {
    lines.push("", `Remediation: ${finding.remediation.text}`);
    if (finding.remediation.iac) {
      lines.push(...finding.remediation.iac.snippet.split("\n").map((l) => `  ${l}`));
      if (finding.remediation.cli.length > 0) lines.push(DEPLOYED_LABEL);
    }
    lines.push(...finding.remediation.cli.map((c) => `  ${c}`));
  }
  if (finding.suppressed) lines.push("", `Suppressed${suppressedWhere(finding.suppressed)}: ${finding.suppressed.reason}`);
  return lines.join("\n");
}

function resultProperties(finding: Finding): Record<string, unknown> {
  return {
    accountId: finding.accountId,
    ...(finding.accountName !== undefined ? { accountName: finding.accountName } : {}),
    ...(finding.region !== undefined ? { region: finding.region } : {}),
    ...(finding.resource !== undefined ? { resource: finding.resource } : {}),
    severity: finding.severity,
    messageId: finding.messageId,
    ...(finding.pointer !== undefined ? { pointer: finding.pointer } : {}),
  };
}

/** automationDetails.id: the category always ends with "/" so GitHub treats all of it as the category. */
export function automationId(report: Report, category: string | undefined): string {
  if (category !== undefined && category !== "") return category.endsWith("/") ? category : `${category}/`;
  const first = report.inputs[0];
  const owner =
    first?.organizationId ??
    report.results.find((f) => first !== undefined && f.input === first.file)?.accountId ??
    report.accounts[0]?.accountId ??
    report.results[0]?.accountId ??
    "unknown";
  return `cloudtrail-lint/${owner}/`;
}

export function toSarif(report: Report, options: Pick<ReporterOptions, "category"> = {}, maxResults = MAX_RESULTS): Sarif.Log {
  const checks = [...report.checks];
  const known = new Set(checks.map((c) => c.id));
  for (const finding of report.results) {
    if (!known.has(finding.checkId)) {
      known.add(finding.checkId);
      checks.push(placeholderCheck(finding));
    }
  }
  const rules = checks.map(ruleFor);
  const ruleIndex = new Map(checks.map((c, i) => [c.id, i]));
  // Undecided rules come after the checks' own, so that adding one never moves a check's index.
  const undecidedIndex = new Map<string, number>();
  for (const finding of report.results) {
    if (finding.status !== "ERROR" || undecidedIndex.has(finding.checkId)) continue;
    undecidedIndex.set(finding.checkId, rules.length);
    rules.push(undecidedRule(checks[ruleIndex.get(finding.checkId)!]!));
  }
  const fallbackFile = report.inputs[0]?.file ?? "input";

  // GitHub's limit: FAILs first, highest severity first, then the undecided notes; otherwise the report's order.
  const failures = report.results.filter((f) => f.status === "FAIL");
  const errors = report.results.filter((f) => f.status === "ERROR");
  let kept = failures;
  let keptErrors = errors;
  if (failures.length + errors.length > maxResults) {
    const order = new Map(failures.map((f, i) => [f, i]));
    const chosen = new Set(
      [...failures].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || order.get(a)! - order.get(b)!).slice(0, maxResults),
    );
    kept = failures.filter((f) => chosen.has(f));
    keptErrors = errors.slice(0, maxResults - kept.length);
  }

  const results: Sarif.Result[] = kept.map((finding) => ({
    ruleId: finding.checkId,
    ruleIndex: ruleIndex.get(finding.checkId)!,
    level: LEVEL[finding.severity],
    message: { text: resultMessage(finding) },
    locations: [{ physicalLocation: physicalLocation(finding, fallbackFile), logicalLocations: logicalLocations(finding) }],
    partialFingerprints: { [FINGERPRINT_KEY]: resultFingerprint(finding) },
    ...(finding.baseline !== undefined ? { baselineState: finding.baseline } : {}),
    ...(finding.suppressed
      ? {
          suppressions: [
            suppression(finding.suppressed),
          ],
        }
      : {}),
    properties: resultProperties(finding),
  }));
  for (const finding of keptErrors) {
    const ruleId = undecidedRuleId(finding.checkId);
    results.push({
      ruleId,
      ruleIndex: undecidedIndex.get(finding.checkId)!,
      level: "note",
      message: { text: resultMessage(finding) },
      locations: [{ physicalLocation: physicalLocation(finding, fallbackFile), logicalLocations: logicalLocations(finding) }],
      // Its own identity (resultFingerprint): when the verdict becomes decidable, this alert closes and the FAIL (if any) opens.
      partialFingerprints: { [FINGERPRINT_KEY]: resultFingerprint(finding) },
      ...(finding.baseline !== undefined ? { baselineState: finding.baseline } : {}),
      properties: { ...resultProperties(finding), [UNDECIDED_PROPERTY]: true },
    });
  }

  const notifications: Sarif.Notification[] = [];
  for (const finding of report.results) {
    if (finding.status !== "ERROR") continue;
    const index = ruleIndex.get(finding.checkId);
    notifications.push({
      level: "error",
      message: { text: `${finding.checkId} [${where(finding)}]: ${finding.message}` },
      locations: [{ physicalLocation: physicalLocation(finding, fallbackFile), logicalLocations: logicalLocations(finding) }],
      associatedRule: { id: finding.checkId, ...(index !== undefined ? { index } : {}) },
      properties: { accountId: finding.accountId, messageId: finding.messageId },
    });
  }
  for (const expired of report.expiredSuppressions) {
    const target = [expired.account, expired.resource].filter(Boolean).join(", ");
    notifications.push({
      level: "warning",
      message: {
        text: `Suppression of ${expired.check}${target ? ` for ${target}` : ""} expired on ${expired.expires} and was not applied (reason given: ${expired.reason}).`,
      },
    });
  }
  if (kept.length < failures.length) {
    notifications.push({
      level: "warning",
      message: {
        text: `${failures.length - kept.length} of ${failures.length} FAIL results were left out: GitHub code scanning rejects runs with more than ${maxResults} results. The lowest-severity ones were dropped; see the JSON report for all.`,
      },
    });
  }
  if (keptErrors.length < errors.length) {
    notifications.push({
      level: "warning",
      message: {
        text: `${errors.length - keptErrors.length} of ${errors.length} undecided (ERROR) results were left out as results: GitHub code scanning rejects runs with more than ${maxResults} results, and FAILs come first. They are all in the notifications and the JSON report.`,
      },
    });
  }
  const hasErrors = report.results.some((f) => f.status === "ERROR");

  return {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            ...(SEMVER.test(report.tool.version) ? { semanticVersion: report.tool.version } : {}),
            informationUri: report.tool.informationUri,
            rules,
          },
        },
        automationDetails: { id: automationId(report, options.category) },
        invocations: [{ executionSuccessful: !hasErrors, toolExecutionNotifications: notifications }],
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
}

export const reporter: Reporter = {
  name: "sarif",
  extension: "sarif",
  render(report, options) {
    return `${JSON.stringify(toSarif(report, options), null, 2)}\n`;
  },
  // Laid out down to each result (log → runs → run → results → result).
  *renderChunks(report, options) {
    yield* jsonChunks(toSarif(report, options), 4);
    yield "\n";
  },
};
