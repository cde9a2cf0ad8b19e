// IAM authorization details (iam.ts) and resource control policies (organization.ts), read by the
// live source over the organization of world.ts: who is read, pagination, what is kept and what is
// dropped while the pages stream in, odd answers and failures.
import assert from "node:assert/strict";
import { awsError, type SimCall, type SimIam, type World } from "../../../bench/simulated-aws.js";
import type { Account, CollectionError, IamAuthorization, Snapshot } from "../../../src/model/snapshot.js";
import { isUnknown } from "../../../src/model/unknown.js";
import { collectWithStats } from "../../../src/sources/aws/collect.js";
import { decodeDocument } from "../../../src/sources/aws/iam.js";
import { assertValid } from "../../../src/util/schemas.js";
import { mockAws, type Inject } from "./mock-aws.js";
import { ADMINISTRATOR_ACCESS, L, LOG_ARCHIVE_IAM, M, ORG_BUCKET, P, exampleWorld } from "./world.js";

const NOW = new Date("2026-11-26T10:00:00Z");
const options = { credentials: { accessKeyId: `AKIA${M}`, secretAccessKey: "secret" }, throttleBackoffMs: 0, now: () => NOW };
const OP = "GetAccountAuthorizationDetails";

async function collectWorld(world: World, inject?: Inject): Promise<{ snapshot: Snapshot; calls: SimCall[] }> {
  const mock = mockAws(world, inject);
  try {
    const { snapshot } = await collectWithStats(options);
    assertValid("snapshot.schema.json", snapshot, "collected snapshot");
    return { snapshot, calls: mock.calls };
  } finally {
    mock.restore();
  }
}

function withIam(iam: SimIam, world = exampleWorld()): World {
  world.accounts.find((a) => a.Id === L)!.iam = iam;
  return world;
}

const accountOf = (snapshot: Snapshot, id: string): Account => snapshot.accounts.find((a) => a.Id === id)!;
const iamOf = (snapshot: Snapshot, id: string): IamAuthorization => {
  const iam = accountOf(snapshot, id).iam;
  assert.ok(iam !== undefined && !isUnknown(iam), `iam of ${id} is known`);
  return iam;
};
const iamCalls = (calls: SimCall[]) => calls.filter((c) => c.service === "iam");
const errorsOf = (snapshot: Snapshot, id: string): CollectionError[] => (accountOf(snapshot, id).collectionErrors ?? []).filter((e) => e.service === "iam");

const doc = (statement: Record<string, unknown>) => ({ Version: "2012-10-17", Statement: [statement] });

describe("live IAM reads (iam:GetAccountAuthorizationDetails)", () => {
  it("reads IAM once in each account that owns a log bucket the scan reads, in the global region, with Filter and MaxItems 1000", async () => {
    const { snapshot, calls } = await collectWorld(exampleWorld());
    const iam = iamCalls(calls);
    // L owns the organization's bucket (read at the end, for the trails of M and D); P its own.
    assert.deepEqual([...new Set(iam.map((c) => c.account))].sort(), [L, P]);
    for (const call of iam) {
      assert.equal(call.operation, OP);
      assert.equal(call.region, "us-east-1");
      assert.deepEqual(call.input.Filter, ["User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"]);
      assert.equal(call.input.MaxItems, 1000);
    }
    assert.equal(iam.filter((c) => c.account === P).length, 1);
    // Accounts without a log bucket of their own: not read, and no `iam` (absent is "not read").
    for (const id of snapshot.accounts.map((a) => a.Id).filter((id) => id !== L && id !== P)) assert.equal(accountOf(snapshot, id).iam, undefined, id);
    assert.deepEqual(iamOf(snapshot, P), { users: [], groups: [], roles: [], policies: [] });
  });

  it("follows Marker across pages (the four lists paged together) and keeps every principal in order", async () => {
    const { snapshot, calls } = await collectWorld(exampleWorld());
    // 2 users + 1 group + 2 roles + 5 policies = 10 entries, 3 a page: 4 pages.
    assert.deepEqual(
      iamCalls(calls)
        .filter((c) => c.account === L)
        .map((c) => c.input.Marker ?? "-"),
      ["-", "3", "6", "9"],
    );
    const iam = iamOf(snapshot, L);
    assert.deepEqual(iam.users.map((u) => u.Arn), [`arn:aws:iam::${L}:user/security-admin`, `arn:aws:iam::${L}:user/audit/auditor-bob`]);
    assert.deepEqual(iam.groups.map((g) => g.Arn), [`arn:aws:iam::${L}:group/audit/Auditors`]);
    assert.deepEqual(iam.roles.map((r) => r.RoleName), ["IncidentResponse", "LogShipper"]);
  });

  it("keeps only what the evaluation needs: default versions of used policies, decoded; no trust policy, tags, ids or dates", async () => {
    const { snapshot } = await collectWorld(exampleWorld());
    const iam = iamOf(snapshot, L);
    assert.deepEqual(iam.roles[0], {
      RoleName: "IncidentResponse",
      Arn: `arn:aws:iam::${L}:role/IncidentResponse`,
      Path: "/",
      RolePolicyList: [
        {
          PolicyName: "LogBucketCleanup",
          PolicyDocument: JSON.stringify(doc({ Sid: "DeleteLogObjects", Effect: "Allow", Action: "s3:DeleteObject", Resource: `arn:aws:s3:::${ORG_BUCKET}/*` })),
        },
      ],
    });
    assert.deepEqual(iam.roles[1]!.PermissionsBoundary, { PermissionsBoundaryType: "PermissionsBoundaryPolicy", PermissionsBoundaryArn: `arn:aws:iam::${L}:policy/ReadOnlyBoundary` });
    // LegacyLogAdmin and AmazonS3FullAccess are attached to nobody: dropped. LogReader's older s3:* version is not kept.
    assert.deepEqual(
      iam.policies.map((p) => [p.Arn, p.Document]),
      [
        [`arn:aws:iam::${L}:policy/LogReader`, JSON.stringify(LOG_ARCHIVE_IAM.policies![1]!.Document)],
        [`arn:aws:iam::${L}:policy/ReadOnlyBoundary`, JSON.stringify(LOG_ARCHIVE_IAM.policies![2]!.Document)],
        [ADMINISTRATOR_ACCESS, JSON.stringify(doc({ Effect: "Allow", Action: "*", Resource: "*" }))],
      ],
    );
  });

  it("keeps 3 of 2,000 AWS managed policies and 5,000 roles, on 7 pages", async function () {
    this.timeout(20_000);
    const attachedArns = ["arn:aws:iam::aws:policy/AWSManaged7", "arn:aws:iam::aws:policy/AWSManaged700", "arn:aws:iam::aws:policy/AWSManaged1999"];
    const roles = Array.from({ length: 5000 }, (_, i) => ({
      RoleName: `role-${i}`,
      AssumeRolePolicyDocument: doc({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }),
      ...(i < 3 ? { AttachedManagedPolicies: [{ PolicyArn: attachedArns[i]!, PolicyName: attachedArns[i]!.split("/")[1] }] } : {}),
    }));
    const policies = Array.from({ length: 2000 }, (_, i) => ({
      PolicyName: `AWSManaged${i}`,
      Arn: `arn:aws:iam::aws:policy/AWSManaged${i}`,
      Document: doc({ Effect: "Allow", Action: Array.from({ length: 40 }, (_, j) => `service${j}:Action${i}`), Resource: "*" }),
      olderVersions: [doc({ Effect: "Allow", Action: "*", Resource: "*" })],
    }));
    const { snapshot, calls } = await collectWorld(withIam({ roles, policies }));
    assert.equal(iamCalls(calls).filter((c) => c.account === L).length, 7);
    const iam = iamOf(snapshot, L);
    assert.equal(iam.roles.length, 5000);
    assert.deepEqual(iam.policies.map((p) => p.Arn), [...attachedArns].sort());
    assert.ok(iam.roles.every((r) => !("AssumeRolePolicyDocument" in r)));
  });

  it("decodes URL-encoded documents (RFC 3986, as AWS sends them) and refuses what is not JSON", () => {
    const text = JSON.stringify(doc({ Effect: "Allow", Action: "s3:Get*", Resource: "arn:aws:s3:::a b/+x" }));
    assert.equal(decodeDocument(encodeURIComponent(text)), text);
    assert.equal(decodeDocument(text), text, "an already decoded document stays as it is");
    assert.equal(decodeDocument("%E0%A4%A"), undefined);
    assert.equal(decodeDocument("not%20json"), undefined);
    assert.equal(decodeDocument("%5B%5D"), undefined, "a document is an object");
  });

  describe("failures and odd answers leave `iam` unknown, naming the read", () => {
    const cases: { name: string; inject: Inject; code: string; message: RegExp }[] = [
      {
        name: "access denied",
        inject: (call) => {
          if (call.service === "iam" && call.account === L) throw awsError("AccessDenied", `User is not authorized to perform: iam:${OP}`, 403);
          return undefined;
        },
        code: "AccessDenied",
        message: /not authorized/,
      },
      {
        name: "a page that fails after the first",
        inject: (call) => {
          if (call.service === "iam" && call.account === L && call.input.Marker === "6") throw awsError("ServiceFailure", "internal", 500);
          return undefined;
        },
        code: "ServiceFailure",
        message: /internal/,
      },
      {
        name: "an empty 200 answer",
        inject: (call) => (call.service === "iam" && call.account === L ? { $metadata: { httpStatusCode: 200 } } : undefined),
        code: "MalformedResponse",
        message: /without UserDetailList in GetAccountAuthorizationDetails/,
      },
      {
        name: "IsTruncated without a Marker",
        inject: (call) => (call.service === "iam" && call.account === L ? { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [], IsTruncated: true } : undefined),
        code: "MalformedResponse",
        message: /without Marker \(IsTruncated=true\)/,
      },
      {
        name: "an inline document that is not URL-encoded JSON",
        inject: (call) =>
          call.service === "iam" && call.account === L
            ? { UserDetailList: [], GroupDetailList: [], RoleDetailList: [{ RoleName: "r", Arn: `arn:aws:iam::${L}:role/r`, RolePolicyList: [{ PolicyName: "p", PolicyDocument: "%7B" }] }], Policies: [], IsTruncated: false }
            : undefined,
        code: "UnexpectedValue",
        message: /RoleDetailList\[0\]\.RolePolicyList\[0\]\.PolicyDocument is not URL-encoded JSON/,
      },
      {
        name: "an attached policy the answer does not list",
        inject: (call) =>
          call.service === "iam" && call.account === L
            ? { UserDetailList: [], GroupDetailList: [], RoleDetailList: [{ RoleName: "r", Arn: `arn:aws:iam::${L}:role/r`, AttachedManagedPolicies: [{ PolicyArn: ADMINISTRATOR_ACCESS }] }], Policies: [], IsTruncated: false }
            : undefined,
        code: "UnexpectedValue",
        message: /AdministratorAccess is attached but not in Policies/,
      },
      {
        name: "a used policy without its default version",
        inject: (call) =>
          call.service === "iam" && call.account === L
            ? { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [{ Arn: ADMINISTRATOR_ACCESS, AttachmentCount: 1, DefaultVersionId: "v2", PolicyVersionList: [{ VersionId: "v1", IsDefaultVersion: false, Document: "%7B%7D" }] }], IsTruncated: false }
            : undefined,
        code: "UnexpectedValue",
        message: /has no default version document/,
      },
      {
        name: "a boundary type AWS does not document",
        inject: (call) =>
          call.service === "iam" && call.account === L
            ? { UserDetailList: [{ UserName: "u", Arn: `arn:aws:iam::${L}:user/u`, PermissionsBoundary: { PermissionsBoundaryType: "Role", PermissionsBoundaryArn: "x" } }], GroupDetailList: [], RoleDetailList: [], Policies: [], IsTruncated: false }
            : undefined,
        code: "UnexpectedValue",
        message: /PermissionsBoundaryType='Role'/,
      },
    ];
    for (const { name, inject, code, message } of cases) {
      it(name, async () => {
        const { snapshot } = await collectWorld(exampleWorld(), inject);
        const errors = errorsOf(snapshot, L);
        assert.equal(errors.length, 1, JSON.stringify(errors));
        const error = errors[0]!;
        assert.deepEqual([error.service, error.operation, error.region, error.code], ["iam", OP, "us-east-1", code]);
        assert.match(error.message, message);
        const iam = accountOf(snapshot, L).iam;
        assert.ok(isUnknown(iam), "iam is unknown");
        assert.deepEqual(iam.$unknown, error);
        // The other account's IAM and the bucket itself are not touched.
        assert.deepEqual(iamOf(snapshot, P), { users: [], groups: [], roles: [], policies: [] });
        assert.equal(typeof accountOf(snapshot, L).buckets, "object");
      });
    }
  });
});

describe("live resource control policies", () => {
  it("reads RCPs like SCPs: ListPolicies(RESOURCE_CONTROL_POLICY), DescribePolicy, ListTargetsForPolicy", async () => {
    const { snapshot, calls } = await collectWorld(exampleWorld());
    assert.deepEqual(calls.filter((c) => c.operation === "ListPolicies").map((c) => c.input.Filter).sort(), ["RESOURCE_CONTROL_POLICY", "SERVICE_CONTROL_POLICY"]);
    assert.deepEqual(calls.filter((c) => c.operation === "DescribePolicy").map((c) => c.input.PolicyId).sort(), ["p-FullAWSAccess", "p-RCPFullAWSAccess", "p-protectct1"]);
    const rcps = snapshot.organization!.resourceControlPolicies;
    assert.ok(Array.isArray(rcps));
    assert.deepEqual(
      rcps.map((p) => [p.PolicySummary.Id, p.PolicySummary.Type, p.targets.map((t) => t.TargetId)]),
      [["p-RCPFullAWSAccess", "RESOURCE_CONTROL_POLICY", ["r-a1b2"]]],
    );
    assert.equal(snapshot.organization!.serviceControlPolicies && !isUnknown(snapshot.organization!.serviceControlPolicies) ? snapshot.organization!.serviceControlPolicies.length : -1, 2);
  });

  it("reads none as [] when the policy type is not enabled (no RCP in the world, or PolicyTypeNotEnabledException)", async () => {
    const world = exampleWorld();
    delete world.rcps;
    assert.deepEqual((await collectWorld(world)).snapshot.organization!.resourceControlPolicies, []);
    const refused = await collectWorld(exampleWorld(), (call) => {
      if (call.operation === "ListPolicies" && call.input.Filter === "RESOURCE_CONTROL_POLICY") throw awsError("PolicyTypeNotEnabledException", "This operation can be performed only for enabled policy types.");
      return undefined;
    });
    assert.deepEqual(refused.snapshot.organization!.resourceControlPolicies, []);
    assert.deepEqual(refused.snapshot.organization!.collectionErrors, []);
  });

  it("a failed RCP read leaves the RCPs unknown and the SCPs known, and the other way round", async () => {
    const denied = (filter: string): Inject => (call) => {
      if (call.operation === "ListPolicies" && call.input.Filter === filter) throw awsError("AccessDeniedException", "You don't have permissions to access this resource.");
      return undefined;
    };
    const rcpFailed = (await collectWorld(exampleWorld(), denied("RESOURCE_CONTROL_POLICY"))).snapshot.organization!;
    assert.ok(isUnknown(rcpFailed.resourceControlPolicies));
    assert.equal(rcpFailed.resourceControlPolicies.$unknown.field, "resourceControlPolicies");
    assert.ok(Array.isArray(rcpFailed.serviceControlPolicies));
    const scpFailed = (await collectWorld(exampleWorld(), denied("SERVICE_CONTROL_POLICY"))).snapshot.organization!;
    assert.ok(isUnknown(scpFailed.serviceControlPolicies));
    assert.ok(Array.isArray(scpFailed.resourceControlPolicies));
  });
});
