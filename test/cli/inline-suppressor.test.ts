// Which findings a template's inline suppression covers (src/cli/inline-suppressions.ts), on a
// resource list like the CloudFormation source's: a bucket, its policy (a part of the bucket), a
// trail, and nothing at the account.
import assert from "node:assert/strict";
import { inlineSuppressor } from "../../src/cli/inline-suppressions.js";
import type { AnyCheck } from "../../src/engine/check.js";
import type { Finding } from "../../src/engine/run.js";
import type { IacResource, InlineIgnore } from "../../src/sources/iac.js";

const at = (line: number) => ({ file: "t.yaml", startLine: line, startColumn: 3 });
const resources: IacResource[] = [
  { id: "Logs", type: "AWS::S3::Bucket", location: at(2), pointer: "/accounts/0/buckets/0" },
  { id: "LogsPolicy", type: "AWS::S3::BucketPolicy", location: at(6), pointer: "/accounts/0/buckets/0/policy" },
  { id: "Other", type: "AWS::S3::Bucket", location: at(12), pointer: "/accounts/0/buckets/1" },
  { id: "Trail", type: "AWS::CloudTrail::Trail", location: at(20), pointer: "/accounts/0/trails/0" },
];
const ignore = (resource: string, check: string, line: number): InlineIgnore => ({ resource, type: "", check, reason: `why ${resource}`, location: at(line) });
const checks = ["a", "b"].map((id) => ({ meta: { id } }) as unknown as AnyCheck);
const finding = (checkId: string, pointer: string | undefined, status: Finding["status"] = "FAIL"): Finding => ({
  checkId, title: "", status, severity: "high", accountId: "000000000000", messageId: "m", message: "", evidence: {},
  ...(pointer !== undefined ? { pointer } : {}),
});

describe("inlineSuppressor", () => {
  const suppress = inlineSuppressor({ file: "t.yaml", resources, ignores: [ignore("LogsPolicy", "a", 8), ignore("Trail", "b", 22), ignore("Logs", "b", 4)] }, checks)!;
  const cases: [string, Finding, string | undefined][] = [
    ["the policy's ignore covers its bucket", finding("a", "/accounts/0/buckets/0"), "LogsPolicy"],
    ["and a deeper pointer into the bucket", finding("a", "/accounts/0/buckets/0/logging"), "LogsPolicy"],
    ["the bucket's ignore covers a finding on its policy", finding("b", "/accounts/0/buckets/0/policy/Statement/0"), "Logs"],
    ["not another bucket", finding("a", "/accounts/0/buckets/1"), undefined],
    ["not another check on the bucket", finding("a", "/accounts/0/trails/0"), undefined],
    ["the trail's own ignore", finding("b", "/accounts/0/trails/0"), "Trail"],
    ["not a finding on the account", finding("b", "/accounts/0"), undefined],
    ["not a finding without a pointer", finding("b", undefined), undefined],
    ["not an ERROR", finding("b", "/accounts/0/trails/0", "ERROR"), undefined],
    ["not a PASS", finding("b", "/accounts/0/trails/0", "PASS"), undefined],
  ];
  for (const [name, f, by] of cases) {
    it(name, () => {
      const out = suppress(f);
      assert.equal(out.suppressed?.inSource?.resource, by);
      if (by === undefined) assert.equal(out, f, "the finding is returned as it was");
      else assert.deepEqual(out.suppressed, { reason: `why ${by}`, inSource: { file: "t.yaml", resource: by, line: by === "Logs" ? 4 : by === "Trail" ? 22 : 8 } });
    });
  }

  it("leaves a suppression already there alone", () => {
    const f = { ...finding("a", "/accounts/0/buckets/0"), suppressed: { reason: "config" } };
    assert.equal(suppress(f), f);
  });

  it("is absent for a template without ignores, and refuses an unknown id", () => {
    assert.equal(inlineSuppressor({ file: "t.yaml", resources }, checks), undefined);
    assert.throws(() => inlineSuppressor({ file: "t.yaml", resources, ignores: [ignore("Logs", "c", 4)] }, checks), /^InputError: t\.yaml:4:3: resource Logs: Metadata\.cloudtrail-lint\.ignore: unknown check id "c"/);
  });
});
