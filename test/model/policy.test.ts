import assert from "node:assert/strict";
import {
  PolicyParseError,
  evaluateConditions,
  actionMatches,
  parsePolicy,
  resourceCovers,
  resourceIntersects,
  serviceStatements,
  statementsDenying,
  statementsGranting,
  type Grant,
} from "../../src/model/policy.js";
import { scpDenies } from "../../src/model/scp.js";
import type { PolicyDocument, PolicyStatement, ServiceControlPolicy, Snapshot } from "../../src/model/snapshot.js";
import { LOG_ARCHIVE, MANAGEMENT, MEMBER, OTHER, account, org } from "../helpers/builders.js";

const BUCKET = "arn:aws:s3:::org-trail-logs";
const OBJECTS = `${BUCKET}/*`;
const OWNER = LOG_ARCHIVE;
const ROLE = `arn:aws:iam::${OWNER}:role/LogAdmin`;
const BREAK_GLASS = `arn:aws:iam::${OWNER}:role/BreakGlass`;

const doc = (...Statement: PolicyStatement[]) => ({ Version: "2012-10-17", Statement });
const allow = (extra: Partial<PolicyStatement>): PolicyStatement => ({ Effect: "Allow", Action: "s3:DeleteObject", Resource: OBJECTS, ...extra });
const deny = (extra: Partial<PolicyStatement>): PolicyStatement => ({ Effect: "Deny", Principal: "*", Action: "s3:DeleteObject", Resource: OBJECTS, ...extra });

/** The fields of a grant a test asserts on. */
const summary = (grants: Grant[]) =>
  grants.map((g) => ({ label: g.statement.label, audience: g.audience, narrowed: g.principals.map((p) => p.narrowed) }));

describe("policy", () => {
  describe("parsePolicy", () => {
    const cases: { name: string; input: Parameters<typeof parsePolicy>[0]; kind?: "resource" | "scp"; error?: RegExp; labels?: string[] }[] = [
      {
        name: "a JSON string with a single Statement object",
        input: JSON.stringify({ Version: "2012-10-17", Statement: { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: OBJECTS } }),
        labels: ["#0"],
      },
      {
        name: "Sid is the label; statements without Sid get their index",
        input: doc(allow({ Sid: "A", Principal: "*" }), allow({ Principal: "*" })),
        labels: ["A", "#1"],
      },
      { name: "invalid JSON string", input: "{\"Statement\": [", error: /^invalid JSON: / },
      { name: "no Statement", input: { Version: "2012-10-17" } as never, error: /no Statement/ },
      { name: "Effect missing", input: doc({ Principal: "*", Action: "s3:*" } as never), error: /Statement\[0\] \(#0\): Effect must be "Allow" or "Deny"/ },
      { name: "both Action and NotAction", input: doc(allow({ Principal: "*", NotAction: "s3:GetObject" })), error: /has both Action and NotAction/ },
      { name: "neither Action nor NotAction", input: doc({ Effect: "Allow", Principal: "*", Resource: OBJECTS }), error: /needs Action or NotAction/ },
      { name: "a bucket policy statement without Principal", input: doc(allow({ Sid: "NoWho" })), error: /\(NoWho\): needs Principal or NotPrincipal/ },
      { name: "an SCP statement without Principal", input: doc(deny({ Principal: undefined })), kind: "scp", labels: ["#0"] },
      { name: "unknown principal type", input: doc(allow({ Principal: { Robot: "r2d2" } })), error: /unknown principal type "Robot"/ },
      { name: "Action must be strings", input: doc(allow({ Principal: "*", Action: [1] as never })), error: /Action must be a string or an array of strings/ },
    ];
    for (const c of cases) {
      it(c.name, () => {
        if (c.error) {
          assert.throws(() => parsePolicy(c.input, c.kind), (e: unknown) => e instanceof PolicyParseError && c.error!.test(e.message));
        } else {
          assert.deepEqual(parsePolicy(c.input, c.kind).statements.map((s) => s.label), c.labels);
        }
      });
    }
  });

  describe("actionMatches", () => {
    const cases: [string, string, boolean][] = [
      ["S3:deleteobject*", "s3:DeleteObject", true],
      ["S3:deleteobject*", "s3:DeleteObjectVersion", true],
      ["S3:deleteobject*", "s3:DeleteBucket", false],
      ["s3:Delete?bject", "s3:DeleteObject", true],
      ["s3:Delete?bject", "s3:DeleteObjectVersion", false],
      ["s3:*", "s3:PutLifecycleConfiguration", true],
      ["*", "s3:PutBucketPolicy", true],
      ["s3:Get*", "s3:DeleteObject", false],
      ["ec2:*", "s3:DeleteObject", false],
      ["s3:Put*Policy", "s3:PutBucketPolicy", true],
    ];
    for (const [pattern, action, expected] of cases) {
      it(`${pattern} ${expected ? "matches" : "does not match"} ${action}`, () => assert.equal(actionMatches(pattern, action), expected));
    }
  });

  describe("resource patterns", () => {
    const cases: { pattern: string; target: string; intersects: boolean; covers: boolean }[] = [
      { pattern: OBJECTS, target: OBJECTS, intersects: true, covers: true },
      { pattern: "*", target: OBJECTS, intersects: true, covers: true },
      { pattern: "arn:aws:s3:::org-trail-*", target: OBJECTS, intersects: true, covers: true },
      { pattern: `${BUCKET}/AWSLogs/*`, target: OBJECTS, intersects: true, covers: false },
      { pattern: BUCKET, target: OBJECTS, intersects: false, covers: false },
      { pattern: `${BUCKET}/?`, target: OBJECTS, intersects: true, covers: false },
      { pattern: `${BUCKET}/\${aws:username}/*`, target: OBJECTS, intersects: true, covers: false },
      { pattern: "arn:aws:s3:::ORG-TRAIL-LOGS/*", target: OBJECTS, intersects: false, covers: false },
      { pattern: "arn:aws:s3:::other-bucket/*", target: OBJECTS, intersects: false, covers: false },
      { pattern: "arn:*:s3:::org-trail-logs", target: BUCKET, intersects: true, covers: true },
    ];
    for (const c of cases) {
      it(`${c.pattern} against ${c.target}`, () => {
        assert.deepEqual(
          { intersects: resourceIntersects(c.pattern, c.target), covers: resourceCovers(c.pattern, c.target) },
          { intersects: c.intersects, covers: c.covers },
        );
      });
    }
  });

  describe("statementsGranting", () => {
    const cases: { name: string; policy: Parameters<typeof statementsGranting>[0]; action?: string; target?: string; expect: ReturnType<typeof summary> }[] = [
      { name: "Principal * is everyone", policy: doc(allow({ Principal: "*" })), expect: [{ label: "#0", audience: "everyone", narrowed: [false] }] },
      { name: "AWS * is everyone", policy: doc(allow({ Principal: { AWS: "*" } })), expect: [{ label: "#0", audience: "everyone", narrowed: [false] }] },
      {
        name: "another account by id and by root ARN",
        policy: doc(allow({ Principal: { AWS: [OTHER, `arn:aws:iam::${OTHER}:root`] } })),
        expect: [{ label: "#0", audience: "otherAccount", narrowed: [false, false] }],
      },
      { name: "a role of another account", policy: doc(allow({ Principal: { AWS: `arn:aws:iam::${OTHER}:role/x` } })), expect: [{ label: "#0", audience: "otherAccount", narrowed: [false] }] },
      { name: "the owner account root", policy: doc(allow({ Principal: { AWS: `arn:aws:iam::${OWNER}:root` } })), expect: [{ label: "#0", audience: "ownerAccount", narrowed: [false] }] },
      { name: "an owner role without condition", policy: doc(allow({ Principal: { AWS: ROLE } })), expect: [{ label: "#0", audience: "specific", narrowed: [false] }] },
      {
        name: "* narrowed by aws:PrincipalArn to an owner role",
        policy: doc(allow({ Principal: "*", Condition: { ArnEquals: { "aws:PrincipalArn": ROLE } } })),
        expect: [{ label: "#0", audience: "specific", narrowed: [true] }],
      },
      {
        name: "condition keys are case-insensitive; role/* is the whole owner account",
        policy: doc(allow({ Principal: "*", Condition: { ArnLike: { "AWS:principalarn": `arn:aws:iam::${OWNER}:role/*` } } })),
        expect: [{ label: "#0", audience: "ownerAccount", narrowed: [true] }],
      },
      {
        name: "aws:PrincipalArn naming another account does not narrow to the owner",
        policy: doc(allow({ Principal: "*", Condition: { StringEquals: { "aws:PrincipalArn": `arn:aws:iam::${OTHER}:role/x` } } })),
        expect: [{ label: "#0", audience: "otherAccount", narrowed: [true] }],
      },
      {
        name: "IfExists does not narrow",
        policy: doc(allow({ Principal: "*", Condition: { StringEqualsIfExists: { "aws:PrincipalArn": ROLE } } })),
        expect: [{ label: "#0", audience: "everyone", narrowed: [false] }],
      },
      {
        name: "aws:PrincipalOrgID does not narrow",
        policy: doc(allow({ Principal: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-exampleorg1" } } })),
        expect: [{ label: "#0", audience: "everyone", narrowed: [false] }],
      },
      {
        name: "aws:PrincipalAccount equal to the owner narrows to the owner account",
        policy: doc(allow({ Principal: "*", Condition: { StringEquals: { "aws:PrincipalAccount": OWNER } } })),
        expect: [{ label: "#0", audience: "ownerAccount", narrowed: [true] }],
      },
      {
        name: "aws:userid unique id narrows to a specific principal",
        policy: doc(allow({ Principal: "*", Condition: { StringLike: { "aws:userid": "AROAEXAMPLEID1234567:*" } } })),
        expect: [{ label: "#0", audience: "specific", narrowed: [true] }],
      },
      {
        name: "service principal with and without aws:SourceArn",
        policy: doc(
          allow({ Sid: "Scoped", Principal: { Service: "cloudtrail.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceArn": "arn:aws:cloudtrail:us-east-1:111111111111:trail/org" } } }),
          allow({ Sid: "Open", Principal: { Service: "cloudtrail.amazonaws.com" } }),
        ),
        expect: [
          { label: "Scoped", audience: "service", narrowed: [true] },
          { label: "Open", audience: "service", narrowed: [false] },
        ],
      },
      {
        name: "NotAction everything but s3:GetObject grants deletion",
        policy: doc({ Effect: "Allow", Principal: { AWS: ROLE }, NotAction: "s3:GetObject", Resource: [BUCKET, OBJECTS] }),
        expect: [{ label: "#0", audience: "specific", narrowed: [false] }],
      },
      {
        name: "NotAction naming s3:Delete* does not grant deletion",
        policy: doc({ Effect: "Allow", Principal: "*", NotAction: "s3:Delete*", Resource: OBJECTS }),
        expect: [],
      },
      {
        name: "NotResource excluding the objects grants nothing on them",
        policy: doc({ Effect: "Allow", Principal: "*", Action: "s3:*", NotResource: OBJECTS }),
        expect: [],
      },
      {
        name: "NotResource excluding the objects still grants on the bucket",
        policy: doc({ Effect: "Allow", Principal: "*", Action: "s3:*", NotResource: OBJECTS }),
        action: "s3:DeleteBucket",
        target: BUCKET,
        expect: [{ label: "#0", audience: "everyone", narrowed: [false] }],
      },
      {
        name: "NotPrincipal Allow is everyone",
        policy: doc(allow({ NotPrincipal: { AWS: ROLE } })),
        expect: [{ label: "#0", audience: "everyone", narrowed: [false] }],
      },
      {
        name: "a grant on part of the objects counts",
        policy: doc(allow({ Principal: { AWS: OTHER }, Resource: `${BUCKET}/AWSLogs/*` })),
        expect: [{ label: "#0", audience: "otherAccount", narrowed: [false] }],
      },
      { name: "Deny statements are not grants", policy: doc(deny({})), expect: [] },
      {
        name: "a mix of principals reports the worst",
        policy: doc(allow({ Principal: { AWS: [ROLE, OTHER] } })),
        expect: [{ label: "#0", audience: "otherAccount", narrowed: [false, false] }],
      },
    ];
    for (const c of cases) {
      it(c.name, () => assert.deepEqual(summary(statementsGranting(c.policy, c.action ?? "s3:DeleteObject", c.target ?? OBJECTS, OWNER)), c.expect));
    }

    it("names why aws:PrincipalOrgID does not narrow", () => {
      const [grant] = statementsGranting(doc(allow({ Principal: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-exampleorg1" } } })), "s3:DeleteObject", OBJECTS, OWNER);
      assert.match(grant!.narrowing.notNarrowing.join("\n"), /aws:PrincipalOrgID: admits every principal of the organization/);
    });
  });

  describe("statementsDenying", () => {
    const cases: {
      name: string;
      policy: Parameters<typeof statementsDenying>[0];
      action?: string;
      expect: { closes: boolean; kind: string; scope?: string; exemptions?: string[]; reason?: RegExp }[];
    }[] = [
      { name: "Deny s3:Delete* to * closes", policy: doc(deny({ Action: "s3:Delete*" })), expect: [{ closes: true, kind: "none", scope: "all", exemptions: [], reason: /^denies everyone$/ }] },
      {
        name: "break-glass exemption still closes and is reported",
        policy: doc(deny({ Condition: { StringNotLike: { "aws:PrincipalArn": [BREAK_GLASS, `arn:aws:iam::${OWNER}:role/Audit*`] } } })),
        expect: [{ closes: true, kind: "principalExemption", exemptions: [BREAK_GLASS, `arn:aws:iam::${OWNER}:role/Audit*`], reason: /except arn:aws:iam::222222222222:role\/BreakGlass/ }],
      },
      {
        name: "ArnNotLikeIfExists exemption closes",
        policy: doc(deny({ Condition: { ArnNotLikeIfExists: { "aws:PrincipalArn": BREAK_GLASS } } })),
        expect: [{ closes: true, kind: "principalExemption", exemptions: [BREAK_GLASS] }],
      },
      {
        name: "aws:SecureTransport condition does not close",
        policy: doc(deny({ Condition: { Bool: { "aws:SecureTransport": "false" } } })),
        expect: [{ closes: false, kind: "other", reason: /only when Bool aws:SecureTransport false holds/ }],
      },
      {
        name: "an exemption mixed with MFA does not close",
        policy: doc(deny({ Condition: { StringNotLike: { "aws:PrincipalArn": BREAK_GLASS }, BoolIfExists: { "aws:MultiFactorAuthPresent": false } } })),
        expect: [{ closes: false, kind: "other", exemptions: [BREAK_GLASS] }],
      },
      {
        name: "exempting the whole owner account does not close",
        policy: doc(deny({ Condition: { StringNotEquals: { "aws:PrincipalAccount": OWNER } } })),
        expect: [{ closes: false, kind: "principalExemption", exemptions: [OWNER], reason: /exempts 222222222222 \(aws:PrincipalAccount\)/ }],
      },
      {
        name: "exempting role/* does not close",
        policy: doc(deny({ Condition: { ArnNotLike: { "aws:PrincipalArn": `arn:aws:iam::${OWNER}:role/*` } } })),
        expect: [{ closes: false, kind: "principalExemption" }],
      },
      {
        name: "a named role of any account is a particular exemption",
        policy: doc(deny({ Condition: { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/BreakGlass" } } })),
        expect: [{ closes: true, kind: "principalExemption", exemptions: ["arn:aws:iam::*:role/BreakGlass"] }],
      },
      {
        name: "a userid exemption starting with a wildcard does not close",
        policy: doc(deny({ Condition: { StringNotLike: { "aws:userid": "*:admin@example.com" } } })),
        expect: [{ closes: false, kind: "principalExemption", reason: /exempts \*:admin@example.com \(aws:userid\)/ }],
      },
      {
        name: "NotPrincipal Deny closes with the exemption",
        policy: doc(deny({ Principal: undefined, NotPrincipal: { AWS: [BREAK_GLASS] } })),
        expect: [{ closes: true, kind: "none", scope: "allExcept", exemptions: [BREAK_GLASS] }],
      },
      {
        name: "a Deny naming one account does not close for everyone",
        policy: doc(deny({ Principal: { AWS: OTHER } })),
        expect: [{ closes: false, kind: "none", scope: "some", reason: /denies only 444444444444/ }],
      },
      {
        name: "a Deny on part of the objects does not close",
        policy: doc(deny({ Resource: `${BUCKET}/AWSLogs/*` })),
        expect: [{ closes: false, kind: "none", reason: /does not cover all of arn:aws:s3:::org-trail-logs\/\*/ }],
      },
      {
        name: "NotResource of another bucket covers this one",
        policy: doc({ Effect: "Deny", Principal: "*", Action: "s3:DeleteObject", NotResource: "arn:aws:s3:::other/*" }),
        expect: [{ closes: true, kind: "none" }],
      },
      { name: "a Deny of other actions is not listed", policy: doc(deny({ Action: "s3:PutObject" })), expect: [] },
      {
        name: "NotAction Deny of everything but reads closes deletion",
        policy: doc({ Effect: "Deny", Principal: "*", NotAction: ["s3:Get*", "s3:List*"], Resource: [BUCKET, OBJECTS] }),
        expect: [{ closes: true, kind: "none" }],
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const got = statementsDenying(c.policy, c.action ?? "s3:DeleteObject", OBJECTS);
        assert.equal(got.length, c.expect.length);
        c.expect.forEach((want, i) => {
          const m = got[i]!;
          assert.equal(m.closes, want.closes, m.reason);
          assert.equal(m.conditionKind, want.kind);
          if (want.scope) assert.equal(m.scope, want.scope);
          if (want.exemptions) assert.deepEqual(m.exemptions.map((e) => e.value), want.exemptions);
          if (want.reason) assert.match(m.reason, want.reason);
        });
      });
    }
  });

  describe("scpDenies", () => {
    const denyDelete: PolicyStatement = { Sid: "DenyLogDeletion", Effect: "Deny", Action: ["s3:DeleteObject*", "s3:PutLifecycleConfiguration"], Resource: ["arn:aws:s3:::org-trail-logs", OBJECTS] };
    const scp = (id: string, targets: ServiceControlPolicy["targets"], content: ServiceControlPolicy["Content"] = JSON.stringify(doc(denyDelete))): ServiceControlPolicy => ({
      PolicySummary: { Id: id, Name: `scp-${id}`, Type: "SERVICE_CONTROL_POLICY", AwsManaged: false },
      Content: content,
      targets,
    });
    const snapshot = (policies: ServiceControlPolicy[], extra: { featureSet?: "ALL" | "CONSOLIDATED_BILLING" } = {}): Snapshot =>
      org({
        members: [account(LOG_ARCHIVE, { ouPath: [{ Id: "r-ab12" }, { Id: "ou-ab12-security" }] }), account(MEMBER, { ouPath: [{ Id: "r-ab12" }, { Id: "ou-ab12-workloads" }] })],
        organization: { serviceControlPolicies: policies, ...(extra.featureSet ? { FeatureSet: extra.featureSet } : {}) },
      });
    const cases: { name: string; snapshot: Snapshot; accountId: string; action?: string; expect: { denied: boolean; via: string[]; notApplicable?: RegExp } }[] = [
      { name: "attached to the root denies for a member", snapshot: snapshot([scp("p-root", [{ TargetId: "r-ab12", Type: "ROOT" }])]), accountId: LOG_ARCHIVE, expect: { denied: true, via: ["ROOT r-ab12"] } },
      {
        name: "attached to an OU on the account's path",
        snapshot: snapshot([scp("p-ou", [{ TargetId: "ou-ab12-security", Type: "ORGANIZATIONAL_UNIT" }])]),
        accountId: LOG_ARCHIVE,
        expect: { denied: true, via: ["ORGANIZATIONAL_UNIT ou-ab12-security"] },
      },
      {
        name: "attached to another OU does not apply",
        snapshot: snapshot([scp("p-ou", [{ TargetId: "ou-ab12-security", Type: "ORGANIZATIONAL_UNIT" }])]),
        accountId: MEMBER,
        expect: { denied: false, via: [] },
      },
      {
        name: "attached to the account",
        snapshot: snapshot([scp("p-acct", [{ TargetId: LOG_ARCHIVE, Type: "ACCOUNT" }])]),
        accountId: LOG_ARCHIVE,
        action: "s3:DeleteObjectVersion",
        expect: { denied: true, via: [`ACCOUNT ${LOG_ARCHIVE}`] },
      },
      {
        name: "never for the management account",
        snapshot: snapshot([scp("p-root", [{ TargetId: "r-ab12", Type: "ROOT" }])]),
        accountId: MANAGEMENT,
        expect: { denied: false, via: ["ROOT r-ab12"], notApplicable: /do not apply to the management account 111111111111/ },
      },
      {
        name: "not with consolidated billing only",
        snapshot: snapshot([scp("p-root", [{ TargetId: "r-ab12", Type: "ROOT" }])], { featureSet: "CONSOLIDATED_BILLING" }),
        accountId: LOG_ARCHIVE,
        expect: { denied: false, via: ["ROOT r-ab12"], notApplicable: /consolidated billing/ },
      },
      {
        name: "an allow-list SCP is not an explicit deny",
        snapshot: snapshot([scp("p-allow", [{ TargetId: "r-ab12", Type: "ROOT" }], doc({ Effect: "Allow", Action: "s3:Get*", Resource: "*" }))]),
        accountId: LOG_ARCHIVE,
        expect: { denied: false, via: [] },
      },
      {
        name: "an SCP deny exempting a break-glass role of any account still denies",
        snapshot: snapshot([scp("p-bg", [{ TargetId: "r-ab12", Type: "ROOT" }], doc({ ...denyDelete, Condition: { ArnNotLike: { "aws:PrincipalARN": "arn:aws:iam::*:role/BreakGlass" } } }))]),
        accountId: LOG_ARCHIVE,
        expect: { denied: true, via: ["ROOT r-ab12"] },
      },
      {
        name: "an SCP deny conditioned on aws:SecureTransport does not deny",
        snapshot: snapshot([scp("p-tls", [{ TargetId: "r-ab12", Type: "ROOT" }], doc({ ...denyDelete, Condition: { Bool: { "aws:SecureTransport": "false" } } }))]),
        accountId: LOG_ARCHIVE,
        expect: { denied: false, via: ["ROOT r-ab12"] },
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const got = scpDenies(c.snapshot, c.accountId, c.action ?? "s3:DeleteObject", OBJECTS);
        assert.equal(got.denied, c.expect.denied);
        assert.deepEqual(got.matches.map((m) => m.attachedVia), c.expect.via);
        if (c.expect.notApplicable) assert.match(got.notApplicable ?? "", c.expect.notApplicable);
        else assert.equal(got.notApplicable, undefined);
      });
    }

    describe("unknown values", () => {
      const cause = { service: "organizations", operation: "ListOrganizationalUnitsForParent", code: "AccessDenied", message: "denied" };
      const unknownPath = (policies: ServiceControlPolicy[]): Snapshot =>
        org({ members: [account(LOG_ARCHIVE, { ouPath: { $unknown: cause } })], organization: { serviceControlPolicies: policies } });

      it("an OU-attached SCP that would close the path, for an account whose OU path is unknown, is an unknown, not 'nothing denies'", () => {
        const got = scpDenies(unknownPath([scp("p-ou", [{ TargetId: "ou-ab12-security", Type: "ORGANIZATIONAL_UNIT" }])]), LOG_ARCHIVE, "s3:DeleteObject", OBJECTS);
        assert.deepEqual(got, { denied: false, matches: [], unknown: [{ cause, pointer: "/accounts/1/ouPath" }] });
      });

      it("a root-attached SCP still decides; an OU-attached one that would not deny adds no unknown", () => {
        const root = scpDenies(unknownPath([scp("p-root", [{ TargetId: "r-ab12", Type: "ROOT" }])]), LOG_ARCHIVE, "s3:DeleteObject", OBJECTS);
        assert.equal(root.denied, true);
        assert.equal(root.unknown, undefined);
        const allow = scpDenies(unknownPath([scp("p-allow", [{ TargetId: "ou-x", Type: "ORGANIZATIONAL_UNIT" }], doc({ Effect: "Allow", Action: "*", Resource: "*" }))]), LOG_ARCHIVE, "s3:DeleteObject", OBJECTS);
        assert.equal(allow.unknown, undefined);
      });

      it("SCPs that could not be read are an unknown for a member, and not for the management account", () => {
        const unread = org({ members: [LOG_ARCHIVE], organization: { serviceControlPolicies: { $unknown: { ...cause, operation: "ListPolicies" } } } });
        assert.deepEqual(scpDenies(unread, LOG_ARCHIVE, "s3:DeleteObject", OBJECTS).unknown, [{ cause: { ...cause, operation: "ListPolicies" }, pointer: "/organization/serviceControlPolicies" }]);
        assert.equal(scpDenies(unread, MANAGEMENT, "s3:DeleteObject", OBJECTS).unknown, undefined);
      });
    });

    it("a standalone account has no SCPs", () => {
      const standalone: Snapshot = { ...snapshot([]), organization: null };
      assert.match(scpDenies(standalone, MANAGEMENT, "s3:DeleteObject", OBJECTS).notApplicable ?? "", /not in an AWS Organization/);
    });

    it("an SCP with invalid JSON throws naming the SCP", () => {
      assert.throws(
        () => scpDenies(snapshot([scp("p-broken", [{ TargetId: "r-ab12", Type: "ROOT" }], "{not json")]), LOG_ARCHIVE, "s3:DeleteObject", OBJECTS),
        (e: unknown) => e instanceof PolicyParseError && /^SCP p-broken: invalid JSON/.test(e.message),
      );
    });
  });
});

describe("policy: service statements with evaluated conditions", () => {
  const TRAIL = "arn:aws:cloudtrail:us-east-1:111111111111:trail/main";
  const context = { "aws:SourceArn": TRAIL, "aws:SourceAccount": "111111111111", "kms:EncryptionContext:aws:cloudtrail:arn": TRAIL };
  const scope = ["aws:SourceArn", "aws:SourceAccount", "kms:EncryptionContext:aws:cloudtrail:arn"];
  const entry = (operator: string, key: string, ...values: string[]) => ({ operator, key, values });
  const cases: { name: string; conditions: ReturnType<typeof entry>[]; applies: string; scopedBy: string[] }[] = [
    { name: "no condition applies, unscoped", conditions: [], applies: "yes", scopedBy: [] },
    { name: "StringEquals aws:SourceArn of the trail", conditions: [entry("StringEquals", "aws:SourceArn", TRAIL)], applies: "yes", scopedBy: ["aws:SourceArn"] },
    { name: "StringEquals of another trail", conditions: [entry("StringEquals", "aws:SourceArn", `${TRAIL}2`)], applies: "no", scopedBy: [] },
    { name: "key names compared case-insensitively", conditions: [entry("ArnLike", "AWS:SOURCEARN", "arn:aws:cloudtrail:*:111111111111:trail/*")], applies: "yes", scopedBy: ["AWS:SOURCEARN"] },
    { name: "StringLike with a wildcard account applies but does not scope", conditions: [entry("StringLike", "kms:EncryptionContext:aws:cloudtrail:arn", "arn:aws:cloudtrail:*:*:trail/*")], applies: "yes", scopedBy: [] },
    { name: "StringNotEquals excluding the trail", conditions: [entry("StringNotEquals", "aws:SourceAccount", "111111111111")], applies: "no", scopedBy: [] },
    { name: "IfExists is read as the operator", conditions: [entry("StringEqualsIfExists", "aws:SourceAccount", "111111111111")], applies: "yes", scopedBy: ["aws:SourceAccount"] },
    { name: "a key the request context does not hold is undecided", conditions: [entry("StringEquals", "kms:ViaService", "s3.amazonaws.com")], applies: "undecided", scopedBy: [] },
    { name: "a set operator is undecided", conditions: [entry("ForAnyValue:StringEquals", "aws:SourceArn", TRAIL)], applies: "undecided", scopedBy: [] },
    { name: "a policy variable is undecided", conditions: [entry("StringLike", "aws:SourceArn", "arn:aws:cloudtrail:*:${aws:PrincipalAccount}:trail/*")], applies: "undecided", scopedBy: [] },
    { name: "a failing condition decides even beside an undecided one", conditions: [entry("StringEquals", "kms:ViaService", "x"), entry("StringEquals", "aws:SourceArn", "other")], applies: "no", scopedBy: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = evaluateConditions(c.conditions, context, scope);
      assert.equal(result.applies, c.applies);
      assert.deepEqual(result.scopedBy, c.scopedBy);
    });
  }

  it("serviceStatements keeps statements naming the service, everyone, or a NotPrincipal that leaves it out", () => {
    const policy: PolicyDocument = {
      Statement: [
        { Sid: "Service", Effect: "Allow" as const, Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:GenerateDataKey*", Resource: "*" },
        { Sid: "Everyone", Effect: "Allow" as const, Principal: "*" as const, Action: "kms:*", Resource: "*" },
        { Sid: "OtherService", Effect: "Allow" as const, Principal: { Service: "s3.amazonaws.com" }, Action: "kms:*", Resource: "*" },
        { Sid: "Role", Effect: "Allow" as const, Principal: { AWS: "arn:aws:iam::111111111111:role/Admin" }, Action: "kms:*", Resource: "*" },
        { Sid: "NotOthers", Effect: "Deny" as const, NotPrincipal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:*", Resource: "*" },
        { Sid: "NotAction", Effect: "Allow" as const, Principal: { Service: "cloudtrail.amazonaws.com" }, NotAction: "kms:GenerateDataKey*", Resource: "*" },
      ],
    };
    const found = serviceStatements(policy, "cloudtrail.amazonaws.com", "kms:GenerateDataKey", "arn:aws:kms:us-east-1:111111111111:key/k", context, scope);
    assert.deepEqual(found.map((s) => `${s.statement.label} ${s.applies}`), ["Service yes", "Everyone yes"]);
  });
});
