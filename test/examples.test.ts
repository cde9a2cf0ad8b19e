// The bundled example snapshots: they validate against the snapshot schema, and their lint output is
// pinned finding by finding (reviewed against the foundation issue's semantics; see examples/README.md).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checks, findCheck } from "../src/checks/index.js";
import { STATUSES, type Status } from "../src/engine/check.js";
import { runChecks, type Finding } from "../src/engine/run.js";
import type { Snapshot } from "../src/model/snapshot.js";
import { packageRoot } from "../src/util/paths.js";
import { assertValid } from "../src/util/schemas.js";
import { deepFreeze } from "./helpers/run-cases.js";

const CHECK_IDS = [
  "multi-region-trail",
  "global-service-events",
  "log-bucket-object-lock",
  "log-bucket-no-delete",
  "data-events-tagged-buckets",
  "cloudwatch-logs-integration",
] as const;
type CheckId = (typeof CHECK_IDS)[number];

function load(file: string): Snapshot {
  const data: unknown = JSON.parse(readFileSync(join(packageRoot(), file), "utf8"));
  return deepFreeze(assertValid<Snapshot>("snapshot.schema.json", data, file));
}

const lint = (snapshot: Snapshot) => runChecks(checks, snapshot, new Map());
/** `it` for a check that is registered; pending (listed, not run) for one that is not yet. */
const itFor = (id: CheckId, name: string, fn: () => void) => (findCheck(id) ? it(name, fn) : it(`${name} (check not registered yet)`));

const MANAGEMENT = "111122223333";
const LOG_ARCHIVE = "222233334444";
const SECURITY = "333344445555";
const PROD = "444455556666";
const DEV = "555566667777";
const SANDBOX = "666677778888";
const SUSPENDED = "777788889999";

const ORG_TRAIL = "arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-trail";
const SECURITY_AUDIT = "arn:aws:cloudtrail:us-east-1:333344445555:trail/security-audit";
const PROD_DATA_EVENTS = "arn:aws:cloudtrail:us-east-1:444455556666:trail/prod-data-events";
const SANDBOX_TRAIL = "arn:aws:cloudtrail:us-west-2:666677778888:trail/sandbox-trail";
const SANDBOX_ALL_REGIONS = "arn:aws:cloudtrail:us-east-1:666677778888:trail/sandbox-all-regions";

/** [check, account, status, messageId, resource ("-" when none)] for every finding, in report order. */
type Row = [CheckId, string, Status, string, string];

const ORG_EXPECTED: Row[] = [
  ["cloudwatch-logs-integration", MANAGEMENT, "FAIL", "notWired", ORG_TRAIL],
  ["global-service-events", MANAGEMENT, "FAIL", "wrongRegion", ORG_TRAIL],
  ["multi-region-trail", MANAGEMENT, "FAIL", "singleRegion", ORG_TRAIL],
  ["cloudwatch-logs-integration", LOG_ARCHIVE, "FAIL", "notWired", ORG_TRAIL],
  ["global-service-events", LOG_ARCHIVE, "FAIL", "wrongRegion", ORG_TRAIL],
  ["multi-region-trail", LOG_ARCHIVE, "FAIL", "singleRegion", ORG_TRAIL],
  ["cloudwatch-logs-integration", SECURITY, "PASS", "ok", SECURITY_AUDIT],
  ["global-service-events", SECURITY, "PASS", "ok", SECURITY_AUDIT],
  ["multi-region-trail", SECURITY, "PASS", "ok", SECURITY_AUDIT],
  ["cloudwatch-logs-integration", PROD, "FAIL", "stale", PROD_DATA_EVENTS],
  ["global-service-events", PROD, "PASS", "ok", PROD_DATA_EVENTS],
  ["multi-region-trail", PROD, "FAIL", "managementOff", PROD_DATA_EVENTS],
  ["cloudwatch-logs-integration", DEV, "ERROR", "collection-error", ORG_TRAIL],
  ["global-service-events", DEV, "ERROR", "collection-error", ORG_TRAIL],
  ["multi-region-trail", DEV, "ERROR", "collection-error", ORG_TRAIL],
  ["cloudwatch-logs-integration", SANDBOX, "FAIL", "singleRegionOnly", SANDBOX_TRAIL],
  ["global-service-events", SANDBOX, "FAIL", "wrongRegion", ORG_TRAIL],
  ["multi-region-trail", SANDBOX, "FAIL", "stopped", SANDBOX_ALL_REGIONS],
  ["cloudwatch-logs-integration", SUSPENDED, "NOT_APPLICABLE", "suspended", "-"],
  ["global-service-events", SUSPENDED, "NOT_APPLICABLE", "suspended", "-"],
  ["multi-region-trail", SUSPENDED, "NOT_APPLICABLE", "suspended", "-"],
];

/** Key facts the messages of the org example must state. */
const ORG_MESSAGES: [CheckId, string, string][] = [
  ["multi-region-trail", MANAGEMENT, "enabled regions not recorded: us-east-1, us-east-2, us-west-2, eu-central-1"],
  ["multi-region-trail", SANDBOX, "2026-10-02T17:46:30"],
  ["global-service-events", SANDBOX, "org-trail (eu-west-1), sandbox-trail (us-west-2)"],
  ["cloudwatch-logs-integration", PROD, "at 2026-11-17T12:00:00.000Z, 72 hours before the snapshot"],
  ["cloudwatch-logs-integration", SANDBOX, "sandbox-trail (us-west-2)"],
  ["cloudwatch-logs-integration", DEV, "cloudtrail:ListTrails failed: AccessDeniedException"],
];

const BLOG_EXPECTED: Record<CheckId, Status> = {
  "multi-region-trail": "PASS",
  "global-service-events": "FAIL",
  "log-bucket-object-lock": "FAIL",
  "log-bucket-no-delete": "FAIL",
  "data-events-tagged-buckets": "PASS",
  "cloudwatch-logs-integration": "FAIL",
};

const row = (f: Finding): Row => [f.checkId as CheckId, f.accountId, f.status, f.messageId, f.resource ?? "-"];
const registered = (rows: Row[]) => rows.filter(([id]) => findCheck(id) !== undefined);

describe("examples", () => {
  describe("org-snapshot.json", () => {
    const snapshot = load("examples/org-snapshot.json");
    const findings = lint(snapshot);

    it("validates against the snapshot schema", () => {
      assert.equal(snapshot.accounts.length, 7);
      assert.equal(snapshot.source?.type, "example");
    });

    for (const id of CHECK_IDS) {
      itFor(id, `${id} gives every status`, () => {
        const statuses = new Set(findings.filter((f) => f.checkId === id).map((f) => f.status));
        assert.deepEqual([...statuses].sort(), [...STATUSES].sort());
      });
    }

    it("gives exactly the reviewed findings", () => {
      assert.deepEqual(findings.map(row), registered(ORG_EXPECTED));
    });

    it("states the key facts in its messages", () => {
      for (const [id, accountId, text] of ORG_MESSAGES.filter(([id]) => findCheck(id))) {
        const matching = findings.filter((f) => f.checkId === id && f.accountId === accountId);
        assert.ok(
          matching.some((f) => f.message.includes(text)),
          `${id} / ${accountId}: no message contains ${JSON.stringify(text)}:\n${matching.map((f) => f.message).join("\n")}`,
        );
      }
    });

    it("gives every FAIL a filled remediation with no placeholder left", () => {
      for (const f of findings.filter((x) => x.status === "FAIL")) {
        assert.ok(f.remediation && f.remediation.cli.length > 0, `${f.checkId} ${f.accountId}: no CLI fix`);
        assert.doesNotMatch(`${f.remediation.text}\n${f.remediation.cli.join("\n")}`, /\{\{|<[a-z-]+>/i, `${f.checkId} ${f.accountId}`);
      }
    });
  });

  describe("blog-snapshot.json", () => {
    const snapshot = load("examples/blog-snapshot.json");
    const findings = lint(snapshot);

    it("validates against the snapshot schema", () => {
      assert.equal(snapshot.organization, null);
      assert.equal(snapshot.accounts.length, 1);
    });

    for (const id of CHECK_IDS) {
      itFor(id, `${id}: exactly one ${BLOG_EXPECTED[id]}`, () => {
        assert.deepEqual(
          findings.filter((f) => f.checkId === id).map((f) => f.status),
          [BLOG_EXPECTED[id]],
        );
      });
    }

    it("names the impossible multi-region trail without global service events", () => {
      const f = findings.find((x) => x.checkId === "global-service-events");
      assert.equal(f?.messageId, "offMultiRegion");
      assert.match(f!.message, /My-All-Regions-Trail has IncludeGlobalServiceEvents=false/);
    });
  });
});
