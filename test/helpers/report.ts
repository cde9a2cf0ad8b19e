// Builders for Report objects, so reporter tests do not depend on the CLI or the checks: findings
// of every status and severity, with locations, suppressions, ERRORs and hostile strings.
import type { Severity, Status } from "../../src/engine/check.js";
import { buildReport, type ExpiredSuppression, type Report, type ReportCheck, type ReportInput } from "../../src/engine/report.js";
import { compareFindings, type Finding } from "../../src/engine/run.js";

export const GENERATED_AT = "2026-11-20T12:30:00Z";
export const VERSION = "1.2.3";
export const SNAPSHOT_FILE = "examples/org-snapshot.json";

export const MGMT = "111111111111";
export const PROD = "333333333333";
export const DEV = "444444444444";
export const ORG = "o-exampleorg1";

/**
 * Everything a reporter must escape: XML and HTML specials, a CDATA terminator, quotes, control
 * characters (SOH, ESC with an ANSI sequence, NUL, vertical tab), a lone surrogate, Markdown table
 * pipes and backtick runs, a newline followed by a heading and an emoji.
 */
export const HOSTILE = "<script>alert('x')</script> & \"q\" ]]> \u0001\u001b[31mred\u001b[0m\u0000\u000b |a|b| ``` `tick` \ud800\n# not a heading 😀";

/** The dev account's name carries hostile text in every finding about it. */
export const DEV_NAME = `dev ${HOSTILE}`;

export function reportCheck(id: string, overrides: Partial<ReportCheck> = {}): ReportCheck {
  const severity = overrides.severity ?? "high";
  return {
    id,
    title: `Title of ${id}`,
    severity,
    defaultSeverity: severity,
    rationale: `Why ${id} matters.`,
    remediation: { text: `Fix ${id}.`, cli: [`aws cloudtrail update-trail --name {{trailArn}} --region {{homeRegion}} # ${id}`] },
    frameworks: { securityhub: ["CloudTrail.1"], "cis-aws-foundations-5.0": ["3.1"] },
    params: {},
    ...overrides,
  };
}

let line = 10;

/** A finding with a location in SNAPSHOT_FILE; FAIL findings get a remediation. */
export function finding(overrides: Partial<Finding> & { checkId: string; status: Status }): Finding {
  const accountId = overrides.accountId ?? PROD;
  const base: Finding = {
    checkId: overrides.checkId,
    title: `Title of ${overrides.checkId}`,
    status: overrides.status,
    severity: "high",
    accountId,
    accountName: accountId === MGMT ? "management" : accountId === PROD ? "prod" : DEV_NAME,
    region: "us-east-1",
    resource: `arn:aws:cloudtrail:us-east-1:${accountId}:trail/main`,
    messageId: overrides.status === "PASS" ? "ok" : overrides.status === "ERROR" ? "collection-error" : "off",
    message: `${overrides.status} message for ${overrides.checkId}.`,
    pointer: "/accounts/1/trails/0",
    input: SNAPSHOT_FILE,
    location: { file: SNAPSHOT_FILE, startLine: (line += 7), startColumn: 9 },
    evidence: { IsLogging: overrides.status === "PASS" },
  };
  if (overrides.status === "FAIL") {
    base.remediation = {
      text: `Turn ${overrides.checkId} on.`,
      cli: [`aws cloudtrail update-trail --name arn:aws:cloudtrail:us-east-1:${accountId}:trail/main --region us-east-1`],
    };
  }
  return { ...base, ...overrides };
}

export function input(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    file: SNAPSHOT_FILE,
    source: "snapshot",
    collectedAt: "2026-11-20T12:00:00Z",
    partition: "aws",
    organizationId: ORG,
    accountCount: 3,
    ...overrides,
  };
}

export function makeReport(options: {
  findings: Finding[];
  checks?: ReportCheck[];
  inputs?: ReportInput[];
  expiredSuppressions?: ExpiredSuppression[];
}): Report {
  const checks =
    options.checks ??
    [...new Map(options.findings.map((f) => [f.checkId, reportCheck(f.checkId, { severity: f.severity })])).values()].sort((a, b) =>
      a.id < b.id ? -1 : 1,
    );
  return buildReport({
    version: VERSION,
    generatedAt: GENERATED_AT,
    inputs: options.inputs ?? [input()],
    checks,
    findings: [...options.findings].sort(compareFindings),
    ...(options.expiredSuppressions ? { expiredSuppressions: options.expiredSuppressions } : {}),
  });
}

const SEVERITY_CHECK: Record<Severity, string> = {
  critical: "log-bucket-no-delete",
  high: "multi-region-trail",
  medium: "log-bucket-object-lock",
  low: "cloudwatch-logs-integration",
  info: "data-events-tagged-buckets",
};

/**
 * Every status for every severity across three accounts, a suppressed FAIL, ERRORs (collection and
 * internal), an expired suppression, a finding without location or resource, and hostile strings in
 * an account name, a resource, messages and remediation commands.
 */
export function fullReport(): Report {
  line = 10;
  const findings: Finding[] = [];
  const severities: Severity[] = ["critical", "high", "medium", "low", "info"];
  for (const severity of severities) {
    const checkId = SEVERITY_CHECK[severity];
    findings.push(
      finding({ checkId, severity, status: "PASS", accountId: MGMT }),
      finding({ checkId, severity, status: "FAIL", accountId: PROD }),
      finding({ checkId, severity, status: "NOT_APPLICABLE", accountId: DEV, messageId: "suspended", message: "Account is SUSPENDED; nothing to check." }),
    );
  }
  findings.push(
    finding({
      checkId: "multi-region-trail",
      status: "FAIL",
      accountId: DEV,
      resource: `arn:aws:cloudtrail:eu-west-1:${DEV}:trail/${HOSTILE}`,
      region: "eu-west-1",
      message: `Trail ${HOSTILE} is not logging.`,
      remediation: { text: `Start logging ${HOSTILE}.`, cli: [`aws cloudtrail start-logging --name '${HOSTILE}'`] },
    }),
    finding({
      checkId: "log-bucket-object-lock",
      severity: "medium",
      status: "FAIL",
      accountId: MGMT,
      resource: "arn:aws:s3:::org-trail-logs",
      region: "us-east-1",
      suppressed: { reason: `Accepted until the migration (${HOSTILE})`, expires: "2027-01-31" },
    }),
    finding({
      checkId: "cloudwatch-logs-integration",
      severity: "low",
      status: "ERROR",
      accountId: DEV,
      messageId: "collection-error",
      message: `Could not decide: cloudtrail:GetTrailStatus (eu-west-1) failed: AccessDenied: ${HOSTILE}.`,
      evidence: { collectionErrors: [{ service: "cloudtrail", operation: "GetTrailStatus", code: "AccessDenied" }] },
    }),
    finding({
      checkId: "global-service-events",
      severity: "high",
      status: "ERROR",
      accountId: MGMT,
      messageId: "internal-error",
      message: "Internal error in check global-service-events: boom",
      region: undefined,
      resource: undefined,
      pointer: undefined,
      location: undefined,
      evidence: {},
    }),
    finding({
      checkId: "global-service-events",
      severity: "high",
      status: "FAIL",
      accountId: MGMT,
      region: undefined,
      resource: undefined,
      location: undefined,
      pointer: "/accounts/0",
      message: "No trail records global service events.",
    }),
  );
  // `undefined` overrides must not appear as keys: the JSON report would differ from the type.
  for (const f of findings) {
    for (const key of Object.keys(f) as (keyof Finding)[]) if (f[key] === undefined) delete f[key];
  }
  const checks = [
    ...Object.entries(SEVERITY_CHECK).map(([severity, id]) => reportCheck(id, { severity: severity as Severity })),
    reportCheck("global-service-events", { docsUrl: "https://github.com/cloudtrail-lint/cloudtrail-lint/blob/main/docs/checks/global-service-events.md" }),
  ].sort((a, b) => (a.id < b.id ? -1 : 1));
  return makeReport({
    findings,
    checks,
    expiredSuppressions: [{ check: "multi-region-trail", account: DEV, reason: "Old exception", expires: "2026-01-01" }],
  });
}

export const IAC_A = "infra/a.yaml";
export const IAC_B = "infra/b.tfplan.json";

/**
 * Two unrelated IaC files in one run, both in the synthesized account 000000000000 (as the `iac`
 * command reads them): a FAIL with a template fix in a.yaml, a FAIL with a Terraform fix and an
 * ERROR in b.tfplan.json, a PASS in each.
 */
export function iacReport(): Report {
  const at = (file: string, startLine: number) => ({
    input: file,
    accountId: "000000000000",
    accountName: file,
    location: { file, startLine, startColumn: 3 },
  });
  const findings: Finding[] = [
    finding({
      checkId: "log-bucket-object-lock",
      status: "FAIL",
      ...at(IAC_A, 8),
      resource: "arn:aws:s3:::logs",
      remediation: {
        text: "Turn on Object Lock in the file.",
        cli: ["aws s3api put-object-lock-configuration --bucket logs"],
        iac: { medium: "cloudformation", syntax: "yaml", snippet: "Resources:\n  LogBucket:\n    Properties:\n      ObjectLockEnabled: true" },
      },
    }),
    finding({ checkId: "log-file-validation", status: "PASS", ...at(IAC_A, 20) }),
    finding({
      checkId: "log-file-validation",
      status: "FAIL",
      ...at(IAC_B, 31),
      remediation: {
        text: "Turn on log file validation in the file.",
        cli: ["aws cloudtrail update-trail --name main --enable-log-file-validation"],
        iac: { medium: "terraform", syntax: "hcl", snippet: "# in resource aws_cloudtrail.main:\nenable_log_file_validation = true" },
      },
    }),
    finding({ checkId: "log-bucket-object-lock", status: "PASS", ...at(IAC_B, 12), resource: "arn:aws:s3:::tf-logs" }),
    finding({ checkId: "trail-kms-encryption", status: "ERROR", ...at(IAC_B, 40), message: "Could not decide: kms:DescribeKey failed: Unresolved: the key is not defined in this file." }),
  ];
  const iacInput = (file: string, source: "cloudformation" | "terraform"): ReportInput =>
    input({ file, source, collectedAt: "2000-01-01T00:00:00Z", organizationId: null, accountCount: 1 });
  return makeReport({ findings, inputs: [iacInput(IAC_A, "cloudformation"), iacInput(IAC_B, "terraform")] });
}
