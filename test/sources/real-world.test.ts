// Real public templates (trimmed; test/fixtures/iac/real-world/README.md cites each source, path and
// commit), linted as `cloudtrail-lint iac` lints them, with the exact findings of the checks that
// matter for each. Some gave wrong results before (the case says what was wrong); the others were
// right and stay pinned as regressions. Only the named checks are pinned (test/helpers/named-checks.ts),
// so a new check does not change these rows.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runChecks, type Finding } from "../../src/engine/run.js";
import { parseIac, type IacOptions, type IacSource } from "../../src/sources/iac.js";
import { namedChecks } from "../helpers/named-checks.js";

const DIR = join(import.meta.dirname, "../fixtures/iac/real-world");

interface Case {
  file: string;
  /** What was wrong before, for a case that pins a fix; absent for a regression. */
  was?: string;
  options?: IacOptions;
  checks: string[];
  /** `<check> <status> <messageId> @<line>`, sorted. */
  rows: string[];
  /** Substrings (or patterns) of the message of the first finding of a check. */
  messages?: [check: string, text: string | RegExp][];
}

function load(file: string, options: IacOptions = {}): IacSource {
  return parseIac(readFileSync(join(DIR, file), "utf8"), file, options);
}

function lint(source: IacSource, ids: readonly string[]): Finding[] {
  return runChecks(namedChecks(ids), source.snapshot, new Map(), source.file);
}

function rows(source: IacSource, findings: Finding[]): string[] {
  return findings
    .map((f) => {
      const at = source.locate(f.property ?? f.pointer ?? "");
      return `${f.checkId} ${f.status} ${f.messageId} @${at ? at.startLine : "-"}`;
    })
    .sort();
}

const CASES: Case[] = [
  {
    file: "sra-org-trail-bucket.yaml",
    was:
      "every log-bucket check ERROR: the parameters in the AWSLogs/ paths (pManagementAccountId, pOrganizationId) made it " +
      "undecided whether the bucket is a CloudTrail log bucket, though every value leaves them AWSLogs/ paths",
    checks: ["log-bucket-object-lock", "log-bucket-no-delete", "log-bucket-not-public", "log-bucket-access-logging", "log-bucket-delivery-policy", "multi-region-trail"],
    rows: [
      "log-bucket-access-logging FAIL off @23",
      "log-bucket-delivery-policy NOT_APPLICABLE noTrailInFile @22",
      "log-bucket-no-delete FAIL openPaths @50",
      "log-bucket-not-public PASS ok @23",
      "log-bucket-object-lock FAIL off @23",
      "multi-region-trail NOT_APPLICABLE noTrailInFile @22",
    ],
    messages: [["log-bucket-object-lock", "written by a trail outside this snapshot: its policy lets CloudTrail deliver log files"]],
  },
  {
    file: "ct-customizations-data-events-trail.yaml",
    was:
      "global-service-events PASS for a trail that records S3 data events only; and the trail's !Ref found the other " +
      "bucket (both generated names cut to the same 63 characters), with a false duplicateBucketName FAIL",
    checks: ["global-service-events", "multi-region-trail", "iac-invalid-trail-config", "log-bucket-object-lock", "log-bucket-access-logging"],
    rows: [
      "global-service-events FAIL noManagement @53",
      "iac-invalid-trail-config PASS ok @12",
      "iac-invalid-trail-config PASS ok @47",
      "iac-invalid-trail-config PASS ok @7",
      "iac-invalid-trail-config PASS templateOk @6",
      "log-bucket-access-logging FAIL off @12",
      "log-bucket-object-lock FAIL off @12",
      "multi-region-trail FAIL managementOff @53",
    ],
    messages: [["global-service-events", "include them but record no management events"]],
  },
  {
    file: "checkov-single-region-trails.yaml",
    was: "messages and fix commands named us-east-1, the stand-in for the region the stack is deployed to",
    checks: ["multi-region-trail", "global-service-events", "trail-insights", "log-bucket-object-lock"],
    rows: [
      "global-service-events ERROR collection-error @6",
      "log-bucket-object-lock ERROR bucketMissing @6",
      "multi-region-trail FAIL singleRegion @10",
      "trail-insights FAIL noMultiRegion @10",
    ],
    messages: [
      ["multi-region-trail", "(checkov-single-region-trails-MyTrail0 (<region>, logging), checkov-single-region-trails-MyTrail1 (<region>, logging)). Regions recorded: <region>;"],
      ["trail-insights", "MyTrail0 (<region>)"],
      ["global-service-events", "depends on the region the stack is deployed to: pass --region"],
    ],
  },
  {
    file: "checkov-single-region-trails.yaml",
    options: { region: "eu-west-1" },
    checks: ["multi-region-trail", "global-service-events"],
    rows: ["global-service-events FAIL wrongRegion @10", "multi-region-trail FAIL singleRegion @10"],
    messages: [["multi-region-trail", "MyTrail0 (eu-west-1, logging)"]],
  },
  {
    file: "checkov-log-validation-off.yaml",
    checks: ["log-file-validation", "trail-kms-encryption", "multi-region-trail", "global-service-events", "log-bucket-delivery-policy", "log-bucket-object-lock", "log-bucket-not-public"],
    rows: [
      "global-service-events PASS ok @39",
      "log-bucket-delivery-policy FAIL incomplete @15",
      "log-bucket-not-public PASS ok @6",
      "log-bucket-object-lock FAIL offUnversioned @6",
      "log-file-validation FAIL off @46",
      "multi-region-trail PASS ok @39",
      "trail-kms-encryption ERROR collection-error @47",
    ],
    messages: [
      ["trail-kms-encryption", "KMSKeyId is alias/MyAliasName: the key is not defined in this file"],
      ["multi-region-trail", "(home region <region>)"],
    ],
  },
  {
    file: "cfn-lint-nist-logging.yaml",
    checks: ["iac-invalid-trail-config", "global-service-events", "multi-region-trail", "log-bucket-access-logging", "log-bucket-not-public"],
    rows: [
      "global-service-events ERROR collection-error @30",
      "iac-invalid-trail-config FAIL aclWithOwnerEnforced @15",
      "iac-invalid-trail-config PASS ok @19",
      "iac-invalid-trail-config PASS ok @30",
      "iac-invalid-trail-config PASS templateOk @11",
      "log-bucket-access-logging PASS ok @19",
      "log-bucket-not-public PASS ok @19",
      "multi-region-trail FAIL singleRegion @30",
    ],
  },
  {
    file: "sra-org-trail-custom-resource.yaml",
    checks: ["multi-region-trail", "log-bucket-object-lock", "iac-invalid-trail-config"],
    rows: [
      "iac-invalid-trail-config NOT_APPLICABLE none @16",
      "iac-invalid-trail-config PASS templateOk @16",
      "log-bucket-object-lock ERROR collection-error @17",
      "multi-region-trail ERROR collection-error @17",
    ],
    messages: [["multi-region-trail", "a trail may be created by rLambdaCustomResource (Custom::LambdaCustomResource), which this tool cannot expand"]],
  },
];

describe("real-world templates", () => {
  for (const c of CASES) {
    it(`${c.file}${c.options?.region ? ` --region ${c.options.region}` : ""}${c.was ? ` (was: ${c.was})` : " (regression)"}`, () => {
      const source = load(c.file, c.options);
      const findings = lint(source, c.checks);
      assert.deepEqual(rows(source, findings), c.rows);
      for (const [check, text] of c.messages ?? []) {
        const finding = findings.find((f) => f.checkId === check);
        assert.ok(finding, `no finding of ${check}`);
        if (typeof text === "string") assert.ok(finding.message.includes(text), `${check}: ${finding.message}`);
        else assert.match(finding.message, text);
      }
    });
  }
});
