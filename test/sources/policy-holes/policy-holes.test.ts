// A policy that holds values the file leaves open is judged three-valued (src/model/policy-tri.ts):
// a hole that cannot change a verdict leaves it decided, one that can makes it ERROR at the line of
// the expression. Templates: ./org-log-bucket.ts (shape of AWS's organization-trail bucket policy).
import assert from "node:assert/strict";
import { runChecks } from "../../../src/engine/run.js";
import { withUnknowns } from "../../../src/model/derive.js";
import { parseIac } from "../../../src/sources/iac.js";
import { policyHoles } from "../../../src/sources/policy-holes.js";
import { Unresolved } from "../../../src/sources/cloudformation/intrinsics.js";
import { namedChecks } from "../../helpers/named-checks.js";
import * as t from "./org-log-bucket.js";

const CHECKS = ["log-bucket-delivery-policy", "log-bucket-no-delete", "log-bucket-not-public"];

/** `<check> <status> <messageId> @<line>` per finding; an ERROR also names the expressions it rests on. */
function rows(text: string, file = "org-log-bucket.yaml"): string[] {
  const source = parseIac(text, file);
  return runChecks(namedChecks(CHECKS), source.snapshot, new Map(), source.file).map((f) => {
    const at = source.locate(f.pointer ?? "");
    const causes = f.status === "ERROR" ? ` ${[...f.message.matchAll(/ is (![A-Za-z]+ [\w.]+): /g)].map((m) => m[1]).join(", ")}` : "";
    return `${f.checkId} ${f.status} ${f.messageId} @${at?.startLine ?? "-"}${causes}`;
  });
}

describe("policy holes: CloudFormation", () => {
  const cases: { name: string; text: string; expect: string[] }[] = [
    {
      name: "org log bucket, parameters in aws:SourceArn, aws:PrincipalOrgID and a Resource path: every verdict decided (PASS)",
      text: t.orgLogBucket({ bucket: t.OBJECT_LOCK }),
      expect: ["log-bucket-delivery-policy PASS ok @14", "log-bucket-no-delete PASS ok @14", "log-bucket-not-public PASS ok @14"],
    },
    {
      name: "the same without Object Lock: the holes cannot open or close a delete path, so FAIL as without them",
      text: t.orgLogBucket(),
      expect: ["log-bucket-delivery-policy PASS ok @14", "log-bucket-no-delete FAIL openPaths @14", "log-bucket-not-public PASS ok @14"],
    },
    {
      name: "a Deny that is the only closer exempts a role named by a parameter (role/* would exempt all): ERROR at that value",
      text: t.orgLogBucket({ extra: t.DENY_BUT_BREAK_GLASS, parameters: t.BREAK_GLASS_PARAMETER }),
      expect: ["log-bucket-delivery-policy PASS ok @16", "log-bucket-no-delete ERROR collection-error @79 !Ref pBreakGlassRole", "log-bucket-not-public PASS ok @16"],
    },
    {
      name: "the same Deny with Object Lock closing the paths anyway: the hole does not matter",
      text: t.orgLogBucket({ bucket: t.OBJECT_LOCK, extra: t.DENY_BUT_BREAK_GLASS, parameters: t.BREAK_GLASS_PARAMETER }),
      expect: ["log-bucket-delivery-policy PASS ok @16", "log-bucket-no-delete PASS ok @16", "log-bucket-not-public PASS ok @16"],
    },
    {
      name: "an Allow of s3:DeleteObject to a role of an account named by a parameter: broad unless it is the owner's, ERROR at both expressions",
      text: t.orgLogBucket({ bucket: t.OBJECT_LOCK, extra: t.AUDIT_DELETE, parameters: t.AUDIT_PARAMETER }),
      expect: [
        "log-bucket-delivery-policy PASS ok @16",
        "log-bucket-no-delete ERROR collection-error @81 !Ref pAuditAccountId, !Ref pAuditAccountId",
        "log-bucket-not-public PASS ok @16",
      ],
    },
    {
      name: "an Allow of s3:DeleteObject to arn:aws:iam::${pAuditAccountId}:root, not narrowed: broad for every account (FAIL)",
      text: t.orgLogBucket({ bucket: t.OBJECT_LOCK, extra: t.ROOT_DELETE, parameters: t.AUDIT_PARAMETER }),
      expect: ["log-bucket-delivery-policy PASS ok @16", "log-bucket-no-delete FAIL broadAllow @16", "log-bucket-not-public PASS ok @16"],
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(rows(c.text), c.expect));

  it("the ERROR names the hole's exact place, and only the holes that could flip it", () => {
    const source = parseIac(t.orgLogBucket({ extra: t.DENY_BUT_BREAK_GLASS, parameters: t.BREAK_GLASS_PARAMETER }), "org.yaml");
    const [finding] = runChecks(namedChecks(["log-bucket-no-delete"]), source.snapshot, new Map(), source.file);
    assert.deepEqual(finding!.evidence.unknownFields, ["/accounts/0/buckets/0/policy/Statement/4/Condition/StringNotLike/aws:PrincipalArn"]);
    assert.match(finding!.message, /Statement\[4\] \(DenyLogDeletion\) Condition\.StringNotLike\.aws:PrincipalArn is !Ref pBreakGlassRole: parameter pBreakGlassRole has no value/);
  });

  it("keeps the file's policy: each hole is an unknown at its place, the rest as written", () => {
    // Deployed to us-east-1, so the trail's region is no further error here.
    const source = parseIac(t.orgLogBucket(), "org.yaml", { region: "us-east-1" });
    const bucket = withUnknowns(source.snapshot).accounts[0]!.buckets as unknown as { policy: { Statement: Record<string, unknown>[] } }[];
    const statements = bucket[0]!.policy.Statement;
    assert.equal(statements.length, 4);
    assert.deepEqual(statements[0]!.Condition, { StringEquals: { "aws:SourceArn": "arn:aws:cloudtrail:us-east-1:000000000000:trail/org-trail" } });
    assert.match(JSON.stringify(statements[2]!.Resource), /^\{"\$unknown":\{"service":"s3","operation":"GetBucketPolicy",.*"field":"policy","path":"\/Statement\/2\/Resource",.*!Ref pOrganizationId/);
    const condition = (statements[2]!.Condition as Record<string, Record<string, unknown>>).StringEquals!;
    assert.equal(condition["s3:x-amz-acl"], "bucket-owner-full-control");
    assert.ok("$unknown" in (condition["aws:SourceArn"] as object));
    const errors = source.snapshot.accounts[0]!.collectionErrors!.map((e) => [e.path, source.locate(`/accounts/0/collectionErrors/${source.snapshot.accounts[0]!.collectionErrors!.indexOf(e)}`)?.startLine]);
    assert.deepEqual(errors, [
      ["/Statement/2/Resource", 51],
      ["/Statement/2/Condition/StringEquals/aws:SourceArn", 55],
      ["/Statement/3/Condition/StringNotEquals/aws:PrincipalOrgID", 63],
    ]);
  });

  it("a PolicyDocument undecided as a whole stays one unknown (grant-everything stand-in, ERROR at PolicyDocument)", () => {
    const text = t.orgLogBucket({ bucket: t.OBJECT_LOCK }).replace(/ {6}PolicyDocument:\n( {8}.*\n)+?(?= {2}OrgTrail:)/, "      PolicyDocument: !ImportValue SharedLogBucketPolicy\n");
    // Not public: Block Public Access (on by default for a new bucket) neutralises any policy.
    assert.deepEqual(rows(text), [
      "log-bucket-delivery-policy ERROR collection-error @31 !ImportValue SharedLogBucketPolicy",
      "log-bucket-no-delete ERROR collection-error @31 !ImportValue SharedLogBucketPolicy",
      "log-bucket-not-public PASS ok @14",
    ]);
  });
});

describe("policyHoles", () => {
  const u = (expr: string) => new Unresolved(expr, "parameter has no default value");
  it("finds each hole with its path and writes a stand-in of the place's shape", () => {
    const got = policyHoles({
      Version: "2012-10-17",
      Statement: [
        { Sid: u("!Ref Sid"), Effect: u("!Ref Effect"), Principal: u("!Ref P"), Action: ["s3:GetObject", u("!Ref A")], Resource: "*", Condition: { StringEquals: u("!If C") } },
        u("!If WholeStatement"),
      ],
    });
    assert.ok("document" in got);
    assert.deepEqual(got.holes.map((h) => [h.path, h.unresolved.expr]), [
      ["/Statement/0/Effect", "!Ref Effect"],
      ["/Statement/0/Principal", "!Ref P"],
      ["/Statement/0/Action/1", "!Ref A"],
      ["/Statement/0/Condition/StringEquals", "!If C"],
      ["/Statement/1", "!If WholeStatement"],
    ]);
    assert.deepEqual(got.document.Statement, [
      { Sid: "<!Ref Sid>", Effect: "Allow", Principal: "*", Action: ["s3:GetObject", "<!Ref A>"], Resource: "*", Condition: { StringEquals: {} } },
      { Effect: "Allow", Principal: "*", Action: "*", Resource: "*" },
    ]);
  });
  it("is `whole` for a document that is itself undecided", () => {
    const whole = u("!ImportValue Policy");
    assert.deepEqual(policyHoles(whole), { whole });
  });
});
