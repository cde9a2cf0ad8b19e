import assert from "node:assert/strict";
import { covers, matches, parse, type Pattern } from "../../../src/model/filter-pattern/index.js";

function p(text: string): Pattern {
  const r = parse(text);
  if (r.kind !== "pattern") throw new Error(`not a pattern: ${JSON.stringify(r)}`);
  return r.pattern;
}

// Reference patterns of the CIS AWS Foundations Benchmark (v1.4.0-3.0.0 section 4, "Monitoring")
// and Security Hub CloudWatch.1-14 (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html).
// The same texts are quoted by the Landing Zone Accelerator docs (root usage) and by scanners such as
// cloudsploit/scans plugins/aws/cloudwatchlogs/monitoringMetrics.js. Note 4.1's precedence: `&&`
// binds tighter, so the exclusions apply to the AccessDenied* branch only.
const UNAUTHORIZED =
  '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }';
const NO_MFA = '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }';
const ROOT = '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }';
const IAM_EVENTS = [
  "DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy", "PutRolePolicy", "PutUserPolicy",
  "CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion", "AttachRolePolicy", "DetachRolePolicy",
  "AttachUserPolicy", "DetachUserPolicy", "AttachGroupPolicy", "DetachGroupPolicy",
];
const IAM = `{${IAM_EVENTS.map((e) => `($.eventName=${e})`).join("||")}}`;

type Expect = true | "unknown" | { missed: string };
const cases: [string, string, string[], Expect][] = [
  // unauthorized API calls (4.1 / CloudWatch.2)
  ["4.1 itself", UNAUTHORIZED, [UNAUTHORIZED], true],
  ["4.1 reordered and re-spaced", UNAUTHORIZED, ['{$.errorCode="AccessDenied*"&&$.eventName!="HeadBucket"&&$.sourceIPAddress!="delivery.logs.amazonaws.com"||$.errorCode="*UnauthorizedOperation"}'], true],
  ["4.1 without the exclusions (matches more)", UNAUTHORIZED, ['{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }'], true],
  ["4.1 split across two filters", UNAUTHORIZED, ['{ $.errorCode = "*UnauthorizedOperation" }', '{ $.errorCode = "AccessDenied*" }'], true],
  ["4.1 with a wider wildcard", UNAUTHORIZED, ['{ $.errorCode = "*Unauthorized*" || $.errorCode = "*Denied*" }'], true],
  ["4.1 with an extra || term", UNAUTHORIZED, [`{ ${UNAUTHORIZED.slice(1, -1)} || ($.errorCode = "Throttling") }`], true],
  [
    "4.1 with exact codes instead of wildcards",
    UNAUTHORIZED,
    ['{ $.errorCode = "Client.UnauthorizedOperation" || $.errorCode = "AccessDenied*" }'],
    { missed: 'events where $.errorCode = "*UnauthorizedOperation" && !($.errorCode = "Client.UnauthorizedOperation") && !($.errorCode = "AccessDenied*")' },
  ],
  [
    "4.1 parenthesised the other way (exclusions on both branches)",
    UNAUTHORIZED,
    ['{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }'],
    { missed: 'events where $.errorCode = "*UnauthorizedOperation" && $.sourceIPAddress != "delivery.logs.amazonaws.com" && !($.eventName != "HeadBucket")' },
  ],
  [
    "4.1 as CIS writes it covers the reading with exclusions on both branches",
    '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
    [UNAUTHORIZED],
    true,
  ],
  [
    "4.1 one filter of two missing",
    UNAUTHORIZED,
    ['{ $.errorCode = "*UnauthorizedOperation" }'],
    { missed: 'events where $.errorCode = "AccessDenied*" && $.sourceIPAddress != "delivery.logs.amazonaws.com" && $.eventName != "HeadBucket" && !($.errorCode = "*UnauthorizedOperation")' },
  ],
  // console sign-in without MFA (4.2 / CloudWatch.3)
  ["4.2 reordered, unquoted", NO_MFA, ["{ $.additionalEventData.MFAUsed != Yes && $.eventName = ConsoleLogin }"], true],
  ["4.2 sign-ins regardless of MFA", NO_MFA, ['{ $.eventName = "ConsoleLogin" }'], true],
  [
    "4.2 with an extra && term",
    NO_MFA,
    ['{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") }'],
    { missed: 'events where $.eventName = "ConsoleLogin" && $.additionalEventData.MFAUsed != "Yes" && !($.userIdentity.type = "IAMUser")' },
  ],
  [
    "4.2 MFAUsed = No instead of != Yes",
    NO_MFA,
    ['{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed = "No") }'],
    { missed: 'events where $.eventName = "ConsoleLogin" && $.additionalEventData.MFAUsed != "Yes" && !($.additionalEventData.MFAUsed = "No")' },
  ],
  [
    "4.2 misspelt event name",
    NO_MFA,
    ['{ ($.eventName = "ConsoleLogon") && ($.additionalEventData.MFAUsed != "Yes") }'],
    { missed: 'events where $.eventName = "ConsoleLogin" && $.additionalEventData.MFAUsed != "Yes"' },
  ],
  [
    "4.2 MFA not checked at all is fine, MFA checked the wrong way is not",
    NO_MFA,
    ['{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed = "Yes") }'],
    { missed: 'events where $.eventName = "ConsoleLogin" && $.additionalEventData.MFAUsed != "Yes"' },
  ],
  ["4.2 split by MFA value: No, or anything but Yes and No", NO_MFA, ['{ $.eventName = "ConsoleLogin" && $.additionalEventData.MFAUsed = "No" }', '{ $.eventName = "ConsoleLogin" && $.additionalEventData.MFAUsed != "No" && $.additionalEventData.MFAUsed != "Yes" }'], true],
  // root usage (4.3 / CloudWatch.1)
  ["4.3 re-parenthesised", ROOT, ['{ ($.userIdentity.type = "Root") && (($.userIdentity.invokedBy NOT EXISTS) && ($.eventType != "AwsServiceEvent")) }'], true],
  ["4.3 root by wildcard, no service-event exclusion", ROOT, ['{ $.userIdentity.type = "Ro*" && $.userIdentity.invokedBy NOT EXISTS }'], true],
  [
    "4.3 invokedBy IS NULL instead of NOT EXISTS",
    ROOT,
    ['{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy IS NULL && $.eventType != "AwsServiceEvent" }'],
    { missed: 'events where $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent"' },
  ],
  // IAM policy changes (4.4 / CloudWatch.4)
  ["4.4 itself (unquoted values)", IAM, [IAM], true],
  ["4.4 reversed and split in two filters", IAM, [`{${IAM_EVENTS.slice(0, 8).reverse().map((e) => `$.eventName = "${e}"`).join(" || ")}}`, `{${IAM_EVENTS.slice(8).map((e) => `$.eventName = "${e}"`).join(" || ")}}`], true],
  ["4.4 by wildcards", IAM, ['{ $.eventName = "*Policy" || $.eventName = "*PolicyVersion" }'], true],
  ["4.4 with an eventSource restriction it does not need", IAM, [`{ (${IAM.slice(1, -1)}) && $.eventSource = "iam.amazonaws.com" }`], { missed: 'events where $.eventName = "DeleteGroupPolicy" && !($.eventSource = "iam.amazonaws.com")' }],
  [
    "4.4 with a misspelt event name",
    IAM,
    [IAM.replace("DetachGroupPolicy", "DetachGroupPolcy")],
    { missed: 'events where $.eventName = "DetachGroupPolicy"' },
  ],
  // numbers and other forms
  ["numeric ranges that together cover", "{ $.n >= 1 && $.n <= 10 }", ["{ $.n < 5 }", "{ $.n >= 5 && $.n < 100 }"], true],
  ["numeric gap", "{ $.n >= 1 && $.n <= 10 }", ["{ $.n < 5 }", "{ $.n > 5 }"], { missed: "events where $.n >= 1 && $.n <= 10 && !($.n < 5) && !($.n > 5)" }],
  ["!= is covered by every present value", '{ $.a != "x" }', ['{ $.a = "*" }', "{ $.a IS NULL }", "{ $.a IS TRUE || $.a IS FALSE }", "{ $.a < 0 || $.a >= 0 }"], { missed: 'events where $.a != "x" && !($.a = "*") && !($.a IS NULL) && !($.a IS TRUE) && !($.a IS FALSE) && !($.a < 0) && !($.a >= 0)' }],
  // fields are reasoned about independently: `$.a` absent implies `$.a.b` absent, which the engine
  // does not know, so it cannot build a witness and says unknown (never a false `false` or `true`)
  ["prefix-related fields", "{ $.a NOT EXISTS }", ["{ $.a.b NOT EXISTS }"], "unknown"],
  ["an unsatisfiable reference is covered by nothing", '{ $.a = "x" && $.a = "y" }', [], true],
  ["glob intersection, witness found", '{ $.a = "ab*" && $.a = "*ba" }', ['{ $.a = "aba" }'], { missed: 'events where $.a = "ab*" && $.a = "*ba" && !($.a = "aba")' }],
  ["glob intersection covered by one side", '{ $.a = "ab*" && $.a = "*ba" }', ['{ $.a = "*ba" }'], true],
  // incomplete by design: ab* ∩ *ba ⊆ a*a holds, but the containment test compares one glob with one glob
  ["glob intersection inside a third glob", '{ $.a = "ab*" && $.a = "*ba" }', ['{ $.a = "a*a" }'], "unknown"],
  ["glob containment: AccessDenied* covers AccessDenied", '{ $.e = "AccessDenied" }', ['{ $.e = "AccessDenied*" }'], true],
  ["glob containment: *UnauthorizedOperation covers Client.UnauthorizedOperation", '{ $.e = "Client.UnauthorizedOperation" }', ['{ $.e = "*UnauthorizedOperation" }'], true],
  ["glob containment is not symmetric", '{ $.e = "AccessDenied*" }', ['{ $.e = "AccessDenied" }'], { missed: 'events where $.e = "AccessDenied*" && !($.e = "AccessDenied")' }],
];

describe("model/filter-pattern covers", () => {
  for (const [name, ref, pats, expected] of cases) {
    it(name, () => {
      const r = covers(pats.map(p), p(ref));
      if (expected === true) assert.deepEqual(r, { covers: true });
      else if (expected === "unknown") assert.equal(r.covers, "unknown", JSON.stringify(r));
      else {
        assert.ok(r.covers === false, JSON.stringify(r));
        assert.equal(r.missed, expected.missed);
        // the witness is a real event: the reference matches it, no pattern does
        assert.equal(matches(p(ref), r.witness), true);
        assert.equal(pats.some((t) => matches(p(t), r.witness)), false);
      }
    });
  }

  it("the reading of != on a missing field is a parameter, and changes the answer", () => {
    const ref = p('{ $.a = "1" }');
    const pats = [p('{ $.a = "1" && $.b != "z" }'), p('{ $.a = "1" && $.b = "z" }')];
    // default: `$.b != "z"` needs $.b, so an event without $.b escapes both filters
    assert.deepEqual(covers(pats, ref), { covers: false, missed: 'events where $.a = "1" && !($.b != "z") && !($.b = "z")', witness: { a: "1" } });
    assert.deepEqual(covers(pats, ref, { neOnMissing: true }), { covers: true });
  });

  it("answers unknown past the DNF bound", () => {
    const big = `{ ${Array.from({ length: 13 }, (_, i) => `($.a${i} = 1 || $.b${i} = 2)`).join(" && ")} }`;
    assert.deepEqual(covers([p(big)], p(big)), { covers: "unknown", why: "more than 4096 conjuncts in disjunctive normal form" });
  });
});
