// Every CIS monitoring control, on the same account set-up: its reference pattern parses; the
// filter and alarm its own fix creates make it PASS (the remediation works); the other published
// versions of its pattern pass; a filter with one event name left out FAILs naming that event; and
// each control judges its own events only (a filter for another control does not count).
import assert from "node:assert/strict";
import { checks } from "../../src/checks/index.js";
import type { AnyCheck } from "../../src/engine/check.js";
import { parse } from "../../src/model/filter-pattern/index.js";
import { runOnce } from "../helpers/run-cases.js";
import { monitoredSingle, type FilterSpec } from "./lib/alarm-world.js";

const controls = checks.filter((c) => c.meta.id.startsWith("cloudwatch-alarm-"));

/** The reference pattern of a control: the one its put-metric-filter fix writes. */
function referenceOf(check: AnyCheck): string {
  const command = check.meta.fixes!.noFilter!.cli![0]!;
  const m = /--filter-pattern '(.*)' --metric-transformations/.exec(command);
  assert.ok(m, command);
  return m[1]!;
}

/** Filter name and metric the fix creates. */
function fixFilter(check: AnyCheck): FilterSpec {
  const command = check.meta.fixes!.noFilter!.cli![0]!;
  const name = /--filter-name (\S+)/.exec(command)![1]!;
  const metric = /metricName=([^,]+)/.exec(command)![1]!;
  return { name, pattern: referenceOf(check), metric };
}

const ec2Routes = ["CreateRoute", "CreateRouteTable", "ReplaceRoute", "ReplaceRouteTableAssociation", "DeleteRouteTable", "DeleteRoute", "DisassociateRouteTable"];
const iamEvents = [
  "DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy", "PutRolePolicy", "PutUserPolicy", "CreatePolicy", "DeletePolicy",
  "CreatePolicyVersion", "DeletePolicyVersion", "AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy", "DetachUserPolicy", "AttachGroupPolicy", "DetachGroupPolicy",
];

/** Other published versions of a control's pattern (wider than the reference), which must pass too. */
const PUBLISHED: Record<string, [string, string][]> = {
  "cloudwatch-alarm-unauthorized-api-calls": [["CIS v1.2.0 3.1 / Security Hub CloudWatch.2", '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }']],
  "cloudwatch-alarm-console-signin-without-mfa": [
    ["CIS v1.2.0–v1.4.0 (two terms)", '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }'],
    ["CIS v1.5.0–v3.0.0 (IAM users) / Security Hub CloudWatch.3, no eventSource", '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }'],
  ],
  "cloudwatch-alarm-iam-policy-changes": [["CIS v1.2.0–v3.0.0 / Security Hub CloudWatch.4, no eventSource", `{${iamEvents.map((e) => `($.eventName=${e})`).join("||")}}`]],
  "cloudwatch-alarm-cloudtrail-changes": [["CIS v1.2.0–v3.0.0 4.5 / Security Hub CloudWatch.5, no eventSource", "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }"]],
  "cloudwatch-alarm-console-auth-failures": [["CIS v1.2.0–v3.0.0 4.6 / Security Hub CloudWatch.6, no eventSource", "{ ($.eventName = ConsoleLogin) && ($.errorMessage = \"Failed authentication\") }"]],
  "cloudwatch-alarm-security-group-changes": [["CIS v1.2.0–v3.0.0 4.10 / Security Hub CloudWatch.10, no eventSource", "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }"]],
  "cloudwatch-alarm-nacl-changes": [["CIS v1.2.0–v3.0.0 4.11 / Security Hub CloudWatch.11, no eventSource", "{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }"]],
  "cloudwatch-alarm-network-gateway-changes": [["CIS v1.2.0–v3.0.0 4.12 / Security Hub CloudWatch.12, no eventSource", "{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }"]],
  "cloudwatch-alarm-vpc-changes": [["CIS v1.2.0–v3.0.0 4.14 / Security Hub CloudWatch.14, no eventSource", "{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }"]],
  "cloudwatch-alarm-route-table-changes": [
    ["CIS v1.2.0–v1.4.0 / Security Hub CloudWatch.13", `{ ${ec2Routes.map((e) => `($.eventName = ${e})`).join(" || ")} }`],
    ["CIS v3.0.0 as printed (eventSource on the first name only)", `{ ($.eventSource = ec2.amazonaws.com) && ${ec2Routes.map((e) => `($.eventName = ${e})`).join(" || ")} }`],
  ],
};

const names = (pattern: string) => [...pattern.matchAll(/\$\.eventName\s*=\s*"?([A-Za-z]+)"?/g)].map((m) => m[1]!);

describe("the CIS monitoring controls", () => {
  it("are fifteen, CIS 4.1 to 4.15, each with its own Security Hub id but 4.15", () => {
    const ids = controls.map((c) => [c.meta.frameworks["cis-aws-foundations-3.0"]![0], c.meta.frameworks.securityhub?.[0] ?? null]);
    const byCis = new Map(ids as [string, string | null][]);
    assert.equal(controls.length, 15);
    for (let n = 1; n <= 15; n += 1) assert.ok(byCis.has(`4.${n}`), `4.${n}`);
    assert.deepEqual(
      [...byCis.entries()].sort(([a], [b]) => Number(a.slice(2)) - Number(b.slice(2))).map(([, sh]) => sh),
      ["CloudWatch.2", "CloudWatch.3", "CloudWatch.1", ...Array.from({ length: 11 }, (_, i) => `CloudWatch.${i + 4}`), null],
    );
  });

  for (const check of controls) {
    describe(check.meta.id, () => {
      const reference = referenceOf(check);

      it("has a reference pattern that parses", () => {
        assert.equal(parse(reference).kind, "pattern");
      });

      it("passes with the filter, alarm and topic its own fix creates", () => {
        const findings = runOnce(check, monitoredSingle([fixFilter(check)]));
        assert.deepEqual(findings.map((f) => [f.status, f.messageId]), [["PASS", "ok"]]);
      });

      for (const [version, pattern] of PUBLISHED[check.meta.id] ?? []) {
        it(`passes with the pattern of ${version}`, () => {
          const findings = runOnce(check, monitoredSingle([{ name: "published", pattern }]));
          assert.deepEqual(findings.map((f) => [f.status, f.messageId]), [["PASS", "ok"]]);
        });
      }

      const events = names(reference);
      if (events.length >= 2) {
        const left = events[events.length - 1]!;
        it(`fails naming ${left} when a filter leaves it out`, () => {
          const pattern = reference.replace(new RegExp(`\\s*\\|\\|\\s*\\(\\$\\.eventName = "?${left}"?\\)`), "");
          assert.notEqual(pattern, reference);
          const [finding] = runOnce(check, monitoredSingle([{ name: "short", pattern }]));
          assert.equal(finding!.status, "FAIL");
          assert.equal(finding!.messageId, "filterMisses");
          assert.match(finding!.message, new RegExp(`\\$\\.eventName = "${left}"`));
        });
      }

      it("does not count the filters of the other controls", () => {
        const others = controls.filter((c) => c !== check).map((c) => fixFilter(c));
        // Root usage overlaps every control (root may do anything), and 4.1 overlaps the
        // others' events that fail: only the controls about disjoint events are expected to miss.
        const [finding] = runOnce(check, monitoredSingle(others));
        assert.ok(finding!.status === "FAIL", `${finding!.status} ${finding!.messageId}`);
        assert.ok(finding!.messageId === "noFilter" || finding!.messageId === "filterMisses", finding!.messageId);
      });
    });
  }
});
