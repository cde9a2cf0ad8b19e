// The bundled example snapshots: they validate against the snapshot schema, and their lint output is
// pinned finding by finding (reviewed against the foundation issue's semantics; see examples/README.md).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checks } from "../src/checks/index.js";
import { STATUSES, type Status } from "../src/engine/check.js";
import { runChecks, type Finding } from "../src/engine/run.js";
import type { Snapshot } from "../src/model/snapshot.js";
import { packageRoot } from "../src/util/paths.js";
import { assertValid } from "../src/util/schemas.js";
import { deepFreeze } from "./helpers/run-cases.js";

/** The six core checks: each gives every status on the org example. */
const CORE_IDS = [
  "multi-region-trail",
  "global-service-events",
  "log-bucket-object-lock",
  "log-bucket-no-delete",
  "data-events-tagged-buckets",
  "cloudwatch-logs-integration",
] as const;

/**
 * The checks whose findings on the examples are pinned below, finding by finding. A check that
 * judges an example (FAIL or ERROR) joins this list with its reviewed rows in ORG_EXPECTED and
 * BLOG_EXPECTED; one that only finds them PASS or NOT_APPLICABLE need not (the goldens pin it).
 */
const PINNED: readonly string[] = [
  ...CORE_IDS,
  "log-bucket-access-logging",
  "log-bucket-delivery-policy",
  "log-bucket-not-public",
  "log-file-validation",
  "trail-delivery-healthy",
  "trail-insights",
  "trail-kms-encryption",
];

function load(file: string): Snapshot {
  const data: unknown = JSON.parse(readFileSync(join(packageRoot(), file), "utf8"));
  return deepFreeze(assertValid<Snapshot>("snapshot.schema.json", data, file));
}

/** The 15 CIS monitoring checks, `cloudwatch-alarm-<control>`, in CIS order (4.1–4.15): pinned per account below. */
const ALARM_CONTROLS = [
  "unauthorized-api-calls",
  "console-signin-without-mfa",
  "root-usage",
  "iam-policy-changes",
  "cloudtrail-changes",
  "console-auth-failures",
  "cmk-disable-or-deletion",
  "s3-bucket-policy-changes",
  "config-changes",
  "security-group-changes",
  "nacl-changes",
  "network-gateway-changes",
  "route-table-changes",
  "vpc-changes",
  "organizations-changes",
] as const;
type AlarmControl = (typeof ALARM_CONTROLS)[number];
const ALARM_IDS: readonly string[] = ALARM_CONTROLS.map((c) => `cloudwatch-alarm-${c}`);

const isPinned = (f: Finding) => PINNED.includes(f.checkId) || ALARM_IDS.includes(f.checkId);
/** The pinned checks' findings; the other checks must leave the examples undecided (see below). */
const lint = (snapshot: Snapshot) => runChecks(checks, snapshot, new Map()).filter((f) => PINNED.includes(f.checkId));
const lintAlarms = (snapshot: Snapshot) => runChecks(checks, snapshot, new Map()).filter((f) => ALARM_IDS.includes(f.checkId));

/**
 * A check that is not pinned here must not change the examples' verdicts silently: it may only
 * find them NOT_APPLICABLE or PASS until its findings are reviewed and pinned in this file.
 */
function assertOthersQuiet(snapshot: Snapshot): void {
  const others = runChecks(checks, snapshot, new Map()).filter((f) => !isPinned(f) && (f.status === "FAIL" || f.status === "ERROR"));
  assert.deepEqual(
    others.map((f) => `${f.checkId} ${f.accountId} ${f.status} ${f.messageId}`),
    [],
    "a new check judges the example: review its findings and pin them here (PINNED, ORG_EXPECTED, BLOG_EXPECTED)",
  );
}

const MANAGEMENT = "111122223333";
const LOG_ARCHIVE = "222233334444";
const SECURITY = "333344445555";
const PROD = "444455556666";
const DEV = "555566667777";
const SANDBOX = "666677778888";
const SUSPENDED = "777788889999";
const MONITORING = "888899990000";
const STAGING = "999900001111";

const ORG_TRAIL = "arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-trail";
const SECURITY_AUDIT = "arn:aws:cloudtrail:us-east-1:333344445555:trail/security-audit";
const PROD_DATA_EVENTS = "arn:aws:cloudtrail:us-east-1:444455556666:trail/prod-data-events";
const SANDBOX_TRAIL = "arn:aws:cloudtrail:us-west-2:666677778888:trail/sandbox-trail";
const SANDBOX_ALL_REGIONS = "arn:aws:cloudtrail:us-east-1:666677778888:trail/sandbox-all-regions";
const MONITORING_TRAIL = "arn:aws:cloudtrail:eu-west-1:888899990000:trail/monitoring-trail";
const STAGING_TRAIL = "arn:aws:cloudtrail:eu-west-1:999900001111:trail/staging-trail";

/** [check, account, status, messageId, resource ("-" when none)] for every finding, in report order. */
type Row = [string, string, Status, string, string];

const ORG_LOGS = "arn:aws:s3:::acme-org-cloudtrail-logs";
const SECURITY_LOGS = "arn:aws:s3:::acme-security-trail-logs";
const VENDOR_LOGS = "arn:aws:s3:::vendor-siem-ingest-logs";

const ORG_EXPECTED: Row[] = [
  ["cloudwatch-logs-integration", MANAGEMENT, "FAIL", "notWired", ORG_TRAIL],
  ["data-events-tagged-buckets", MANAGEMENT, "NOT_APPLICABLE", "noTaggedBuckets", "-"],
  ["global-service-events", MANAGEMENT, "FAIL", "wrongRegion", ORG_TRAIL],
  ["log-file-validation", MANAGEMENT, "PASS", "ok", ORG_TRAIL],
  ["multi-region-trail", MANAGEMENT, "FAIL", "singleRegion", ORG_TRAIL],
  ["trail-delivery-healthy", MANAGEMENT, "PASS", "ok", ORG_TRAIL],
  ["trail-insights", MANAGEMENT, "FAIL", "noMultiRegion", ORG_TRAIL],
  ["trail-kms-encryption", MANAGEMENT, "PASS", "ok", ORG_TRAIL],
  ["cloudwatch-logs-integration", LOG_ARCHIVE, "FAIL", "notWired", ORG_TRAIL],
  ["data-events-tagged-buckets", LOG_ARCHIVE, "NOT_APPLICABLE", "noTaggedBuckets", "-"],
  ["global-service-events", LOG_ARCHIVE, "FAIL", "wrongRegion", ORG_TRAIL],
  ["log-bucket-access-logging", LOG_ARCHIVE, "PASS", "ok", ORG_LOGS],
  ["log-bucket-delivery-policy", LOG_ARCHIVE, "PASS", "ok", ORG_LOGS],
  ["log-bucket-no-delete", LOG_ARCHIVE, "PASS", "ok", ORG_LOGS],
  ["log-bucket-not-public", LOG_ARCHIVE, "PASS", "ok", ORG_LOGS],
  ["log-bucket-object-lock", LOG_ARCHIVE, "PASS", "ok", ORG_LOGS],
  ["multi-region-trail", LOG_ARCHIVE, "FAIL", "singleRegion", ORG_TRAIL],
  ["trail-insights", LOG_ARCHIVE, "FAIL", "noMultiRegion", ORG_TRAIL],
  ["cloudwatch-logs-integration", SECURITY, "PASS", "ok", SECURITY_AUDIT],
  ["data-events-tagged-buckets", SECURITY, "NOT_APPLICABLE", "noTaggedBuckets", "-"],
  ["global-service-events", SECURITY, "PASS", "ok", SECURITY_AUDIT],
  ["log-bucket-access-logging", SECURITY, "FAIL", "off", SECURITY_LOGS],
  ["log-bucket-delivery-policy", SECURITY, "FAIL", "incomplete", SECURITY_LOGS],
  ["log-bucket-no-delete", SECURITY, "FAIL", "broadAllow", SECURITY_LOGS],
  ["log-bucket-not-public", SECURITY, "FAIL", "public", SECURITY_LOGS],
  ["log-bucket-object-lock", SECURITY, "FAIL", "governance", SECURITY_LOGS],
  ["log-file-validation", SECURITY, "PASS", "ok", SECURITY_AUDIT],
  ["multi-region-trail", SECURITY, "PASS", "ok", SECURITY_AUDIT],
  ["trail-delivery-healthy", SECURITY, "PASS", "ok", SECURITY_AUDIT],
  ["trail-insights", SECURITY, "PASS", "ok", SECURITY_AUDIT],
  ["trail-kms-encryption", SECURITY, "FAIL", "noKms", SECURITY_AUDIT],
  ["cloudwatch-logs-integration", PROD, "FAIL", "stale", PROD_DATA_EVENTS],
  ["data-events-tagged-buckets", PROD, "PASS", "ok", "arn:aws:s3:::acme-prod-customer-data"],
  ["data-events-tagged-buckets", PROD, "FAIL", "readOnly", "arn:aws:s3:::acme-prod-payments"],
  ["global-service-events", PROD, "FAIL", "noManagement", PROD_DATA_EVENTS],
  ["log-file-validation", PROD, "PASS", "ok", PROD_DATA_EVENTS],
  ["multi-region-trail", PROD, "FAIL", "managementOff", PROD_DATA_EVENTS],
  ["trail-delivery-healthy", PROD, "PASS", "ok", PROD_DATA_EVENTS],
  ["trail-insights", PROD, "FAIL", "off", PROD_DATA_EVENTS],
  ["trail-kms-encryption", PROD, "FAIL", "noKms", PROD_DATA_EVENTS],
  ["cloudwatch-logs-integration", DEV, "ERROR", "collection-error", ORG_TRAIL],
  ["data-events-tagged-buckets", DEV, "ERROR", "collection-error", "arn:aws:s3:::acme-dev-build-artifacts"],
  ["global-service-events", DEV, "ERROR", "collection-error", ORG_TRAIL],
  ["log-bucket-access-logging", DEV, "ERROR", "collection-error", "-"],
  ["log-bucket-delivery-policy", DEV, "ERROR", "collection-error", "-"],
  ["log-bucket-no-delete", DEV, "ERROR", "collection-error", "-"],
  ["log-bucket-not-public", DEV, "ERROR", "collection-error", "-"],
  ["log-bucket-object-lock", DEV, "ERROR", "collection-error", "-"],
  ["log-file-validation", DEV, "ERROR", "collection-error", "-"],
  ["multi-region-trail", DEV, "ERROR", "collection-error", "-"],
  ["trail-delivery-healthy", DEV, "ERROR", "collection-error", "-"],
  ["trail-insights", DEV, "ERROR", "collection-error", ORG_TRAIL],
  ["trail-kms-encryption", DEV, "ERROR", "collection-error", "-"],
  ["cloudwatch-logs-integration", SANDBOX, "FAIL", "singleRegionOnly", SANDBOX_TRAIL],
  ["data-events-tagged-buckets", SANDBOX, "NOT_APPLICABLE", "noTaggedBuckets", "-"],
  ["global-service-events", SANDBOX, "FAIL", "wrongRegion", ORG_TRAIL],
  ["log-bucket-access-logging", SANDBOX, "ERROR", "outOfScope", VENDOR_LOGS],
  ["log-bucket-delivery-policy", SANDBOX, "ERROR", "outOfScope", VENDOR_LOGS],
  ["log-bucket-no-delete", SANDBOX, "ERROR", "outOfScope", VENDOR_LOGS],
  ["log-bucket-not-public", SANDBOX, "ERROR", "outOfScope", VENDOR_LOGS],
  ["log-bucket-object-lock", SANDBOX, "ERROR", "outOfScope", VENDOR_LOGS],
  ["log-file-validation", SANDBOX, "FAIL", "off", SANDBOX_TRAIL],
  ["multi-region-trail", SANDBOX, "FAIL", "stopped", SANDBOX_ALL_REGIONS],
  ["trail-delivery-healthy", SANDBOX, "FAIL", "deliveryError", SANDBOX_TRAIL],
  ["trail-insights", SANDBOX, "FAIL", "noMultiRegion", SANDBOX_TRAIL],
  ["trail-kms-encryption", SANDBOX, "FAIL", "noKms", SANDBOX_TRAIL],
  ["cloudwatch-logs-integration", SUSPENDED, "NOT_APPLICABLE", "suspended", "-"],
  ["data-events-tagged-buckets", SUSPENDED, "NOT_APPLICABLE", "suspended", "-"],
  ["global-service-events", SUSPENDED, "NOT_APPLICABLE", "suspended", "-"],
  ["log-bucket-access-logging", SUSPENDED, "NOT_APPLICABLE", "suspended", "-"],
  ["log-bucket-delivery-policy", SUSPENDED, "NOT_APPLICABLE", "suspended", "-"],
  ["log-bucket-no-delete", SUSPENDED, "NOT_APPLICABLE", "suspended", "-"],
  ["log-bucket-not-public", SUSPENDED, "NOT_APPLICABLE", "suspended", "-"],
  ["log-bucket-object-lock", SUSPENDED, "NOT_APPLICABLE", "suspended", "-"],
  ["log-file-validation", SUSPENDED, "NOT_APPLICABLE", "suspended", "-"],
  ["multi-region-trail", SUSPENDED, "NOT_APPLICABLE", "suspended", "-"],
  ["trail-delivery-healthy", SUSPENDED, "NOT_APPLICABLE", "suspended", "-"],
  ["trail-insights", SUSPENDED, "NOT_APPLICABLE", "suspended", "-"],
  ["trail-kms-encryption", SUSPENDED, "NOT_APPLICABLE", "suspended", "-"],
  // monitoring: its own trail passes every trail check (it delivers to the organization's bucket, judged in log-archive).
  ["cloudwatch-logs-integration", MONITORING, "PASS", "ok", MONITORING_TRAIL],
  ["data-events-tagged-buckets", MONITORING, "NOT_APPLICABLE", "noTaggedBuckets", "-"],
  ["global-service-events", MONITORING, "PASS", "ok", MONITORING_TRAIL],
  ["log-file-validation", MONITORING, "PASS", "ok", MONITORING_TRAIL],
  ["multi-region-trail", MONITORING, "PASS", "ok", MONITORING_TRAIL],
  ["trail-delivery-healthy", MONITORING, "PASS", "ok", MONITORING_TRAIL],
  ["trail-insights", MONITORING, "PASS", "ok", MONITORING_TRAIL],
  ["trail-kms-encryption", MONITORING, "PASS", "ok", MONITORING_TRAIL],
  // staging: a sound trail; its near misses are in the CIS monitoring controls. No KMS key, no Insights.
  ["cloudwatch-logs-integration", STAGING, "PASS", "ok", STAGING_TRAIL],
  ["data-events-tagged-buckets", STAGING, "NOT_APPLICABLE", "noTaggedBuckets", "-"],
  ["global-service-events", STAGING, "PASS", "ok", STAGING_TRAIL],
  ["log-file-validation", STAGING, "PASS", "ok", STAGING_TRAIL],
  ["multi-region-trail", STAGING, "PASS", "ok", STAGING_TRAIL],
  ["trail-delivery-healthy", STAGING, "PASS", "ok", STAGING_TRAIL],
  ["trail-insights", STAGING, "FAIL", "off", STAGING_TRAIL],
  ["trail-kms-encryption", STAGING, "FAIL", "noKms", STAGING_TRAIL],
];

/** Key facts the messages of the org example must state. */
const ORG_MESSAGES: [string, string, string][] = [
  ["multi-region-trail", MANAGEMENT, "enabled regions not recorded: us-east-1, us-east-2, us-west-2, eu-central-1"],
  ["multi-region-trail", SANDBOX, "2026-10-02T17:46:30"],
  ["global-service-events", SANDBOX, "org-trail (eu-west-1), sandbox-trail (us-west-2)"],
  ["log-bucket-object-lock", SECURITY, "GOVERNANCE mode (365 days)"],
  ["log-bucket-no-delete", LOG_ARCHIVE, "closed by bucket policy statement DenyLogTamperingExceptBreakGlass, COMPLIANCE-mode Object Lock"],
  ["log-bucket-no-delete", SECURITY, "statement IncidentResponseCleanup grants s3:DeleteObject, s3:DeleteObjectVersion to arn:aws:iam::333344445555:role/IncidentResponse"],
  ["data-events-tagged-buckets", PROD, "acme-prod-payments (data-classification=Restricted): write events"],
  ["data-events-tagged-buckets", DEV, "s3:GetBucketTagging (us-east-1, acme-dev-build-artifacts) failed: AccessDenied"],
  ["cloudwatch-logs-integration", PROD, "at 2026-11-17T12:00:00.000Z, 72 hours before the snapshot"],
  ["cloudwatch-logs-integration", SANDBOX, "sandbox-trail (us-west-2)"],
  ["cloudwatch-logs-integration", DEV, "cloudtrail:ListTrails failed: AccessDeniedException"],
];

type Verdict = [Status, string];
const ALARM_LOGS = {
  security: "arn:aws:logs:us-east-1:333344445555:log-group:aws-cloudtrail-logs-security-audit:*",
  monitoring: "arn:aws:logs:eu-west-1:888899990000:log-group:/acme/monitoring/cloudtrail:*",
  staging: "arn:aws:logs:eu-west-1:999900001111:log-group:aws-cloudtrail-logs-999900001111-3f9c1a2b:*",
};
const allControls = (v: Verdict): Record<AlarmControl, Verdict> => Object.fromEntries(ALARM_CONTROLS.map((c) => [c, v])) as Record<AlarmControl, Verdict>;
const FILTER_MISSES: Verdict = ["FAIL", "filterMisses"];

/**
 * The CIS monitoring checks on the org example, per account: the resource each of its 15 results
 * names (the trail judged, or the log group) and each control's verdict. The story of monitoring and
 * staging, control by control: examples/README.md, "The CIS monitoring controls on monitoring and staging".
 */
const ALARM_EXPECTED: [string, string, Record<AlarmControl, Verdict>][] = [
  [MANAGEMENT, ORG_TRAIL, allControls(["FAIL", "notWired"])],
  [LOG_ARCHIVE, ORG_TRAIL, allControls(["FAIL", "notWired"])],
  // The benchmark's root and CloudTrail filters, no alarm at all; no filter written for the other 13.
  [SECURITY, ALARM_LOGS.security, {
    ...allControls(["FAIL", "noFilter"]),
    "root-usage": ["FAIL", "noAlarm"],
    "cloudtrail-changes": ["FAIL", "noAlarm"],
  }],
  [PROD, PROD_DATA_EVENTS, allControls(["FAIL", "eventsNotRecorded"])],
  [DEV, ORG_TRAIL, allControls(["ERROR", "collection-error"])],
  [SANDBOX, ORG_TRAIL, allControls(["FAIL", "notWired"])],
  [SUSPENDED, "-", allControls(["NOT_APPLICABLE", "suspended"])],
  // Every filter written differently from the benchmark. 4.1 and 4.3: every filter of the group may
  // match part of their references (any call can be denied, the root can make any call); the filters
  // written for them are weighed first, which keeps the entailment within its bounds.
  [MONITORING, ALARM_LOGS.monitoring, allControls(["PASS", "ok"])],
  // One near miss per control.
  [STAGING, ALARM_LOGS.staging, {
    "unauthorized-api-calls": FILTER_MISSES, // (A || B) && C && D: the exclusions apply to *UnauthorizedOperation too
    "console-signin-without-mfa": FILTER_MISSES, // MFAUsed = "No" instead of != "Yes"
    "root-usage": FILTER_MISSES, // && $.eventName = "ConsoleLogin": root console sign-ins only
    "iam-policy-changes": FILTER_MISSES, // DetatchGroupPolicy, misspelt
    "cloudtrail-changes": FILTER_MISSES, // && $.awsRegion = "eu-west-1"
    "console-auth-failures": ["FAIL", "noAlarm"], // the filter publishes a UserName dimension, the alarm watches none
    "cmk-disable-or-deletion": ["FAIL", "noFilter"], // no filter written for it
    "s3-bucket-policy-changes": ["FAIL", "noAlarm"], // the alarm is in namespace LogMetrics
    "config-changes": ["FAIL", "alarmInsensitive"], // Average (and a default value of 0)
    "security-group-changes": ["FAIL", "alarmInsensitive"], // GreaterThanThreshold 1
    "nacl-changes": ["FAIL", "alarmDisabled"], // ActionsEnabled false
    "network-gateway-changes": ["ERROR", "alarmMetricMath"], // FILL(m1, 0)
    "route-table-changes": ["FAIL", "noAlarmAction"], // AlarmActions []
    "vpc-changes": ["FAIL", "noSubscriber"], // the topic's only subscription is PendingConfirmation
    "organizations-changes": ["ERROR", "topicOutOfScope"], // a topic in 999988887777, outside the organization
  }],
];

/** Key facts the CIS monitoring checks' messages must state: [control, account, text]. */
const ALARM_MESSAGES: [AlarmControl, string, string][] = [
  ["iam-policy-changes", PROD, "does not record write management events"],
  ["root-usage", STAGING, '!($.eventName = "ConsoleLogin")'],
  ["root-usage", SECURITY, "publishes CISBenchmark/RootAccountUsageCount, but no alarm watches that metric"],
  ["cloudtrail-changes", SECURITY, "Metric filter CloudTrailConfigChanges of CloudWatch Logs group aws-cloudtrail-logs-security-audit publishes CISBenchmark/CloudTrailEventCount"],
  ["cmk-disable-or-deletion", STAGING, "is written for disabled or deleted customer managed keys"],
  ["security-group-changes", MONITORING, "network-access-changes"],
  ["nacl-changes", MONITORING, "network-access-changes"],
  ["unauthorized-api-calls", MONITORING, "Metric filters unauthorized-operation, access-denied of CloudWatch Logs group /acme/monitoring/cloudtrail"],
  ["root-usage", MONITORING, "Metric filters root-activity of CloudWatch Logs group /acme/monitoring/cloudtrail"],
  ["unauthorized-api-calls", STAGING, '$.errorCode = "*UnauthorizedOperation" && $.sourceIPAddress != "delivery.logs.amazonaws.com" && !($.eventName != "HeadBucket")'],
  ["console-signin-without-mfa", STAGING, '!($.additionalEventData.MFAUsed = "No")'],
  ["iam-policy-changes", STAGING, '$.eventName = "DetachGroupPolicy"'],
  ["cloudtrail-changes", STAGING, '!($.awsRegion = "eu-west-1")'],
  ["console-auth-failures", STAGING, "alarm console_signin_failure_alarm watches console_signin_failure_metric in namespace CISBenchmark with no dimensions"],
  ["s3-bucket-policy-changes", STAGING, "in namespace LogMetrics"],
  ["config-changes", STAGING, "its statistic is Average"],
  ["security-group-changes", STAGING, "does not breach GreaterThanThreshold 1"],
  ["nacl-changes", STAGING, "ActionsEnabled false"],
  ["network-gateway-changes", STAGING, "metric-math expression"],
  ["route-table-changes", STAGING, "AlarmActions: none"],
  ["vpc-changes", STAGING, "staging-oncall, which alarm vpc_changes_alarm notifies of VPC changes, has no confirmed subscription (1 pending confirmation)"],
  ["organizations-changes", STAGING, "out of scope: scan account 999988887777"],
];

const alarmRows = (): Row[] =>
  ALARM_EXPECTED.flatMap(([account, resource, verdicts]) =>
    ALARM_CONTROLS.map((c): Row => [`cloudwatch-alarm-${c}`, account, verdicts[c][0], verdicts[c][1], resource]),
  );
const byRow = (a: Row, b: Row) => a.join(" ").localeCompare(b.join(" "));

/** check id -> the status of its one finding on the blog example, for every pinned check. */
const BLOG_EXPECTED: Record<string, Status> = {
  "cloudwatch-logs-integration": "FAIL",
  "data-events-tagged-buckets": "PASS",
  "global-service-events": "FAIL",
  "log-bucket-access-logging": "FAIL",
  "log-bucket-delivery-policy": "FAIL",
  "log-bucket-no-delete": "FAIL",
  "log-bucket-not-public": "PASS",
  "log-bucket-object-lock": "FAIL",
  "log-file-validation": "FAIL",
  "multi-region-trail": "PASS",
  "trail-delivery-healthy": "PASS",
  "trail-insights": "FAIL",
  "trail-kms-encryption": "FAIL",
};

const row = (f: Finding): Row => [
  f.checkId,
  f.accountId,
  f.status,
  f.messageId,
  f.resource ?? "-",
];

/** No {{placeholder}} left anywhere, and no <placeholder> in a command (the text may show one as a template). */
function assertFilled(findings: Finding[]): void {
  for (const f of findings.filter((x) => x.status === "FAIL")) {
    const where = `${f.checkId} ${f.accountId} ${f.resource ?? ""}`;
    assert.ok(f.remediation && f.remediation.cli.length > 0, `${where}: no CLI fix`);
    assert.doesNotMatch(`${f.remediation.text}\n${f.remediation.cli.join("\n")}`, /\{\{/, where);
    for (const command of f.remediation.cli) assert.doesNotMatch(command, /<[A-Za-z-]+>/, `${where}: ${command}`);
  }
}

describe("examples", () => {
  it("pins registered checks, the six core ones and the 15 CIS monitoring ones among them", () => {
    const registered = checks.map((c) => c.meta.id);
    for (const id of [...PINNED, ...ALARM_IDS]) assert.ok(registered.includes(id), `${id} is not registered`);
    assert.deepEqual(Object.keys(BLOG_EXPECTED).sort(), [...PINNED].sort());
    for (const id of CORE_IDS) assert.ok(PINNED.includes(id), `${id} is not pinned`);
  });

  describe("org-snapshot.json", () => {
    const snapshot = load("examples/org-snapshot.json");
    const findings = lint(snapshot);

    it("validates against the snapshot schema", () => {
      assert.equal(snapshot.accounts.length, 9);
      assert.equal(snapshot.source?.type, "example");
    });

    for (const id of CORE_IDS) {
      it(`${id} gives every status`, () => {
        const statuses = new Set(findings.filter((f) => f.checkId === id).map((f) => f.status));
        assert.deepEqual([...statuses].sort(), [...STATUSES].sort());
      });
    }

    it("gives exactly the reviewed findings", () => {
      assert.deepEqual(findings.map(row), ORG_EXPECTED);
    });

    it("states the key facts in its messages", () => {
      for (const [id, accountId, text] of ORG_MESSAGES) {
        const matching = findings.filter((f) => f.checkId === id && f.accountId === accountId);
        assert.ok(
          matching.some((f) => f.message.includes(text)),
          `${id} / ${accountId}: no message contains ${JSON.stringify(text)}:\n${matching.map((f) => f.message).join("\n")}`,
        );
      }
    });

    it("reports the break-glass exemption of the log-archive Deny in the evidence", () => {
      const f = findings.find((x) => x.checkId === "log-bucket-no-delete" && x.status === "PASS");
      assert.match(JSON.stringify(f?.evidence), /arn:aws:iam::222233334444:role\/BreakGlassLogAdmin/);
    });

    it("files the out-of-scope bucket under its stub in sandbox and names the account to scan", () => {
      for (const f of findings.filter((x) => x.messageId === "outOfScope")) {
        assert.equal(f.pointer, "/accounts/5/buckets/0");
        assert.match(f.message, /out of scope: scan account 999988887777/);
      }
    });

    it("gives every FAIL a filled remediation with no placeholder left", () => assertFilled(findings));

    it("is neither failed nor errored by checks not pinned here", () => assertOthersQuiet(snapshot));

    describe("the CIS monitoring checks", () => {
      const alarms = lintAlarms(snapshot);

      it("give exactly the reviewed verdicts, per account and control", () => {
        assert.deepEqual(alarms.map(row).sort(byRow), alarmRows().sort(byRow));
      });

      it("state the key facts in their messages", () => {
        for (const [control, accountId, text] of ALARM_MESSAGES) {
          const f = alarms.find((x) => x.checkId === `cloudwatch-alarm-${control}` && x.accountId === accountId);
          assert.ok(f?.message.includes(text), `${control} / ${accountId}: ${JSON.stringify(text)} not in: ${f?.message}`);
        }
      });

      it("give every FAIL a filled remediation with no placeholder left", () => assertFilled(alarms));
    });
  });

  describe("blog-snapshot.json", () => {
    const snapshot = load("examples/blog-snapshot.json");
    const findings = lint(snapshot);

    it("validates against the snapshot schema", () => {
      assert.equal(snapshot.organization, null);
      assert.equal(snapshot.accounts.length, 1);
    });

    for (const id of PINNED) {
      it(`${id}: exactly one ${BLOG_EXPECTED[id]}`, () => {
        assert.deepEqual(
          findings.filter((f) => f.checkId === id).map((f) => f.status),
          [BLOG_EXPECTED[id]],
        );
      });
    }

    it("gives every FAIL a filled remediation with no placeholder left", () => assertFilled(findings));

    it("is neither failed nor errored by checks not pinned here", () => assertOthersQuiet(snapshot));

    it("fails every CIS monitoring control: its multi-region trail is not wired to CloudWatch Logs", () => {
      const alarms = lintAlarms(snapshot);
      assert.deepEqual(alarms.map((f) => `${f.checkId} ${f.status} ${f.messageId}`).sort(), ALARM_IDS.map((id) => `${id} FAIL notWired`).sort());
      assertFilled(alarms);
    });

    it("names the impossible multi-region trail without global service events", () => {
      const f = findings.find((x) => x.checkId === "global-service-events");
      assert.equal(f?.messageId, "offMultiRegion");
      assert.match(f!.message, /My-All-Regions-Trail has IncludeGlobalServiceEvents=false/);
    });
  });
});
