// The live AWS source, driven through aws-sdk-client-mock (and once through the real SDK stack)
// against the simulated organization of world.ts.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { awsError, SimulatedAws, simulatorPlugin, type SimCall, type World } from "../../../bench/simulated-aws.js";
import { checks } from "../../../src/checks/index.js";
import { CORE_CHECKS, namedChecks } from "../../helpers/named-checks.js";
import { runChecks } from "../../../src/engine/run.js";
import type { Snapshot } from "../../../src/model/snapshot.js";
import type { Maybe } from "../../../src/model/unknown.js";
import { collect, collectWithStats, CollectSetupError } from "../../../src/sources/aws/collect.js";
import { isReadOnly } from "../../../src/sources/aws/guard.js";
import { IAM_ACTION_OF } from "../../../src/sources/aws/permissions.js";
import type { CallTrace, CollectOptions, RetryStrategyV2 } from "../../../src/sources/aws/types.js";
import { assertValid } from "../../../src/util/schemas.js";
import { HANG, mockAws, type Inject } from "./mock-aws.js";
import {
  A,
  D,
  DEV_TRAIL_ARN,
  L,
  M,
  ORG_BUCKET,
  ORG_TRAIL_ARN,
  OU_SANDBOX,
  P,
  PROD_DATA_ARN,
  PROD_TRAIL_ARN,
  S,
  X,
  exampleWorld,
} from "./world.js";

const here = import.meta.dirname;
const expected = JSON.parse(readFileSync(join(here, "expected-org-snapshot.json"), "utf8")) as Snapshot;
const policy = JSON.parse(readFileSync(join(here, "../../../examples/iam/cloudtrail-lint-readonly-policy.json"), "utf8")) as {
  Statement: { Action: string[] }[];
};
const NOW = new Date("2026-11-26T10:00:00Z");

function options(caller = M, extra: CollectOptions & { throttleBackoffMs?: number } = {}) {
  return { credentials: { accessKeyId: `AKIA${caller}`, secretAccessKey: "secret" }, throttleBackoffMs: 0, now: () => NOW, ...extra };
}

/** The failures of the example organization: throttling that recovers, an SCP deny, a denied ListRegions. */
const exampleFailures: Inject = (call, nth) => {
  if (call.account === P && call.operation === "GetTrailStatus" && call.input.Name === PROD_TRAIL_ARN && nth === 1) {
    throw awsError("ThrottlingException", "Rate exceeded");
  }
  if (call.account === D && call.operation === "GetTrailStatus") {
    throw awsError(
      "AccessDeniedException",
      `User: arn:aws:sts::${D}:assumed-role/OrganizationAccountAccessRole/cloudtrail-lint is not authorized to perform: cloudtrail:GetTrailStatus with an explicit deny in a service control policy`,
    );
  }
  if (call.account === A && call.operation === "ListRegions") throw awsError("AccessDeniedException", "not authorized to perform: account:ListRegions");
  return undefined;
};

async function run(world: World, inject?: Inject, extra: Parameters<typeof options>[1] = {}, caller = M) {
  const mock = mockAws(world, inject);
  try {
    const result = await collectWithStats(options(caller, extra));
    return { ...result, calls: mock.calls };
  } finally {
    mock.restore();
  }
}

/** A list of the snapshot, or none when it is unknown (an account the collector could not enter). */
const list = <T>(value: Maybe<T[]> | undefined): T[] => (Array.isArray(value) ? value : []);

const countsOf = (stats: Map<string, number> | undefined) => Object.fromEntries([...(stats ?? new Map<string, number>())].sort());

describe("live AWS source (aws-sdk-client-mock)", () => {
  describe("the example organization", () => {
    let result: Awaited<ReturnType<typeof run>>;
    before(async () => {
      result = await run(exampleWorld(), exampleFailures);
    });

    it("produces exactly the expected snapshot, valid against the schema", () => {
      // Regenerate after a reviewed change: UPDATE_LIVE_GOLDEN=1 npx mocha test/sources/aws/collect.test.ts
      if (process.env.UPDATE_LIVE_GOLDEN === "1") writeFileSync(join(here, "expected-org-snapshot.json"), `${JSON.stringify(result.snapshot, null, 2)}\n`);
      assert.deepEqual(result.snapshot, expected);
      assertValid("snapshot.schema.json", result.snapshot, "collected snapshot");
    });

    it("sends only read-only operations, each one allowed by the shipped IAM policy, and the policy allows nothing else", async () => {
      // With the OU tree unreadable, the accounts come from ListAccounts: that path's calls count too.
      const fallback = await run(exampleWorld(), (call) => {
        if (call.operation === "ListOrganizationalUnitsForParent") throw awsError("TooManyRequestsException", "AWS Organizations can't complete your request because another request is already in progress.");
        return undefined;
      });
      const calls = [...result.calls, ...fallback.calls];
      const sent = new Set(calls.map((c) => `${c.service}:${c.operation}`));
      for (const call of calls) assert.ok(isReadOnly(call.operation, call.service === "sts" ? "STSClient" : undefined), `${call.service}:${call.operation} is not a read`);
      const actions = new Set([...sent].map((key) => IAM_ACTION_OF[key] ?? `unmapped ${key}`));
      const granted = new Set(policy.Statement.flatMap((s) => s.Action));
      assert.deepEqual([...actions].sort(), [...granted].sort());
    });

    it("reads every organization trail once, in its owner's account, and leaves members a shadow copy", () => {
      const reads = result.calls.filter((c) => c.service === "cloudtrail" && c.operation !== "ListTrails" && c.operation !== "ListTags");
      const orgReads = reads.filter((c) => c.input.Name === ORG_TRAIL_ARN || c.input.TrailName === ORG_TRAIL_ARN);
      assert.deepEqual(orgReads.map((c) => `${c.account} ${c.operation} ${c.region}`).sort(), [
          `${M} GetEventSelectors us-east-1`,
          `${M} GetInsightSelectors us-east-1`,
          `${M} GetTrail us-east-1`,
          `${M} GetTrailStatus us-east-1`,
      ]);
      for (const id of [L, P, D, A]) {
        const account = result.snapshot.accounts.find((a) => a.Id === id)!;
        assert.deepEqual(list(account.trails).find((t) => t.TrailARN === ORG_TRAIL_ARN), { Name: "org-trail", TrailARN: ORG_TRAIL_ARN, HomeRegion: "us-east-1" });
      }
      // Trails are read in their home region, by ARN.
      assert.ok(reads.filter((c) => c.account === P).every((c) => c.region === "eu-west-1"));
    });

    it("reads a cross-account log bucket in the account that owns it", () => {
      const bucketCalls = result.calls.filter((c) => c.service === "s3" && c.input.Bucket === ORG_BUCKET);
      assert.ok(bucketCalls.length >= 9);
      assert.ok(bucketCalls.every((c) => c.account === L), "the organization's bucket is read with log-archive credentials");
      const holder = result.snapshot.accounts.filter((a) => list(a.buckets).some((b) => b.Name === ORG_BUCKET)).map((a) => a.Id);
      assert.deepEqual(holder, [L]);
    });

    it("does not read a bucket outside the organization: its checks say out of scope", () => {
      assert.equal(result.calls.filter((c) => c.input.Bucket === "vendor-siem-ingest").length, 0);
      assert.ok(result.snapshot.accounts.every((a) => !list(a.buckets).some((b) => b.Name === "vendor-siem-ingest")));
    });

    it("counts calls per account and API, within 2 + 4·T CloudTrail calls", () => {
      assert.deepEqual(countsOf(result.stats.callsByAccount.get(P)), {
        "account:ListRegions": 1,
        "cloudwatch:DescribeAlarms": 1, // eu-west-1, where its trail's log group lives
        "cloudtrail:GetEventSelectors": 2,
        "cloudtrail:GetTrail": 2,
        "cloudtrail:GetTrailStatus": 3, // one throttled, retried
        "cloudtrail:ListTags": 1, // both trails in one call (same home region)
        "cloudtrail:ListTrails": 2, // two pages
        "iam:GetAccountAuthorizationDetails": 1, // owns a log bucket: its IAM, once
        "logs:DescribeLogGroups": 1,
        "logs:DescribeMetricFilters": 1,
        "s3:GetBucketAcl": 1,
        "s3:GetBucketEncryption": 1,
        "s3:GetBucketLogging": 1,
        "s3:GetBucketOwnershipControls": 1,
        "s3:GetBucketPolicy": 1,
        "s3:GetBucketTagging": 1,
        "s3:GetBucketVersioning": 1,
        "s3:GetObjectLockConfiguration": 1,
        "s3:GetPublicAccessBlock": 1,
        "s3:ListBuckets": 1,
        "s3control:GetPublicAccessBlock": 1, // the account's own Block Public Access
        "sts:AssumeRole": 1,
        "tag:GetResources": 1, // eu-west-1 only: ap-east-1 is not enabled
      });
      assert.deepEqual(countsOf(result.stats.callsByAccount.get(S)), { "sts:AssumeRole": 1 });
      assert.equal(result.stats.callsByAccount.get(X), undefined, "a suspended account is not read");
      assert.deepEqual(countsOf(result.stats.organizationCalls), {
        "organizations:DescribeOrganization": 1,
        "organizations:DescribePolicy": 3, // two SCPs, one RCP
        "organizations:ListAccountsForParent": 5, // root, Security, Workloads, Sandbox (two pages)
        "organizations:ListDelegatedAdministrators": 1,
        "organizations:ListOrganizationalUnitsForParent": 4,
        "organizations:ListPolicies": 2, // SCPs, RCPs
        "organizations:ListRoots": 1,
        "organizations:ListTargetsForPolicy": 3,
        "sts:GetCallerIdentity": 1,
      });
      for (const account of result.snapshot.accounts) {
        const counts = result.stats.callsByAccount.get(account.Id);
        if (!counts) continue;
        const read = list(account.trails).filter((t) => t.status !== undefined || t.eventSelectors !== undefined).length;
        const cloudtrail = [...counts].filter(([k]) => k.startsWith("cloudtrail:")).reduce((n, [, v]) => n + v, 0);
        const retried = account.Id === P ? 1 : 0;
        assert.ok(cloudtrail - retried <= 2 + 4 * read, `${account.Id}: ${cloudtrail} CloudTrail calls for ${read} trails`);
      }
    });

    // cloudwatch-logs-integration would FAIL dev on the organization trail although GetTrailStatus of
    // dev's own, wired trail was denied: its status is unknown, and it may be the trail that passes.
    it("lint: a trail whose status could not be read undecides an account-level FAIL named after another", () => {
      const findings = runChecks(checks, structuredClone(result.snapshot), new Map());
      const dev = findings.find((f) => f.checkId === "cloudwatch-logs-integration" && f.accountId === D)!;
      assert.equal(dev.status, "ERROR");
      assert.match(dev.message, /^Could not decide: cloudtrail:GetTrailStatus \(us-east-1, arn:aws:cloudtrail:us-east-1:444444444444:trail\/dev-trail\) failed: AccessDenied/);
      assert.deepEqual((dev.evidence.undecided as { status: string }).status, "FAIL");
    });

    it("lint: no FAIL where a call failed; AssumeRole and SCP denials give ERROR", () => {
      const findings = runChecks(checks, structuredClone(result.snapshot), new Map());
      // The account the collector could not enter: nothing in it is judged as FAIL or N/A.
      const sandbox = findings.filter((f) => f.accountId === S);
      assert.ok(sandbox.length > 0);
      for (const f of sandbox) assert.ok(f.status === "ERROR" || f.status === "PASS", `${f.checkId}: ${f.status} in the account AssumeRole could not enter`);
      const cw = (account: string) => findings.find((f) => f.checkId === "cloudwatch-logs-integration" && f.accountId === account);
      assert.equal(cw(S)?.status, "ERROR");
      assert.match(cw(S)!.message, /sts:AssumeRole/);
      assert.equal(cw(P)?.status, "PASS", "the throttled read recovered");
      assert.equal(cw(M)?.status, "PASS");
      // The organization trail credits every active member, read once in the management account.
      for (const id of [M, L, P, D, A, S]) {
        assert.equal(findings.find((f) => f.checkId === "multi-region-trail" && f.accountId === id)?.status, "PASS", id);
      }
    });
    // Reviewed finding by finding: the organization trail credits every active member; the prod log
    // bucket is neither locked nor protected; the dev account's denied GetTrailStatus (an SCP) leaves
    // its account-wide verdicts undecided; the account AssumeRole could not enter (S) is ERROR but for
    // what the organization trail, read in the management account, decides; the bucket outside the
    // organization cannot be judged; the suspended account is not read.
    // Pinned for the six checks named here: a check added later is pinned by its own test and the goldens.
    it("lint: gives exactly the reviewed findings of the six core checks", () => {
      const findings = runChecks(namedChecks(CORE_CHECKS), structuredClone(result.snapshot), new Map());
      assert.deepEqual(
        findings.map((f) => `${f.accountId} ${f.checkId} ${f.status} ${f.messageId} ${f.resource ?? "-"}`),
        [
          `${M} cloudwatch-logs-integration PASS ok arn:aws:cloudtrail:us-east-1:111111111111:trail/management-events`,
          `${M} data-events-tagged-buckets NOT_APPLICABLE noTaggedBuckets -`,
          `${M} global-service-events PASS ok arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail`,
          `${M} multi-region-trail PASS ok arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail`,
          `${L} cloudwatch-logs-integration FAIL notWired arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail`,
          `${L} data-events-tagged-buckets NOT_APPLICABLE noTaggedBuckets -`,
          `${L} global-service-events PASS ok arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail`,
          // Its IAM is read (it owns the log bucket): the administrator can weaken the bucket (policy, versioning, lifecycle).
          `${L} log-bucket-no-delete FAIL principals arn:aws:s3:::example-org-cloudtrail`,
          `${L} log-bucket-object-lock PASS ok arn:aws:s3:::example-org-cloudtrail`,
          `${L} multi-region-trail PASS ok arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail`,
          `${P} cloudwatch-logs-integration PASS ok arn:aws:cloudtrail:eu-west-1:333333333333:trail/prod-trail`,
          `${P} data-events-tagged-buckets PASS ok arn:aws:s3:::example-prod-customer-data`,
          // In ap-east-1, a region not enabled for prod: its tags are unknown, so it may hold tagged data.
          `${P} data-events-tagged-buckets ERROR collection-error arn:aws:s3:::example-prod-hk-archive`,
          `${P} global-service-events PASS ok arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail`,
          // Its IAM is read and holds no principal: nobody of the account can take a delete path.
          `${P} log-bucket-no-delete PASS noPrincipals arn:aws:s3:::example-prod-trail-logs`,
          `${P} log-bucket-object-lock FAIL offUnversioned arn:aws:s3:::example-prod-trail-logs`,
          `${P} multi-region-trail PASS ok arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail`,
          `${D} cloudwatch-logs-integration ERROR collection-error arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail`,
          // No bucket of dev is tagged, whatever its trails: its denied GetTrailStatus does not change that.
          `${D} data-events-tagged-buckets NOT_APPLICABLE noTaggedBuckets -`,
          `${D} global-service-events PASS ok arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail`,
          `${D} multi-region-trail PASS ok arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail`,
          `${S} cloudwatch-logs-integration ERROR collection-error arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail`,
          `${S} data-events-tagged-buckets ERROR collection-error -`,
          `${S} global-service-events PASS ok arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail`,
          // Its own trails are unknown (AssumeRole refused): an ERROR stands in for the buckets they may write to.
          `${S} log-bucket-no-delete ERROR collection-error -`,
          `${S} log-bucket-object-lock ERROR collection-error -`,
          `${S} multi-region-trail PASS ok arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail`,
          `${A} cloudwatch-logs-integration FAIL notWired arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail`,
          `${A} data-events-tagged-buckets NOT_APPLICABLE noTaggedBuckets -`,
          `${A} global-service-events PASS ok arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail`,
          // No account read lists it, and sandbox's buckets are unknown (AssumeRole refused): the ERROR names that.
          `${A} log-bucket-no-delete ERROR collection-error arn:aws:s3:::vendor-siem-ingest`,
          `${A} log-bucket-object-lock ERROR collection-error arn:aws:s3:::vendor-siem-ingest`,
          `${A} multi-region-trail PASS ok arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail`,
          `${X} cloudwatch-logs-integration NOT_APPLICABLE suspended -`,
          `${X} data-events-tagged-buckets NOT_APPLICABLE suspended -`,
          `${X} global-service-events NOT_APPLICABLE suspended -`,
          `${X} log-bucket-no-delete NOT_APPLICABLE suspended -`,
          `${X} log-bucket-object-lock NOT_APPLICABLE suspended -`,
          `${X} multi-region-trail NOT_APPLICABLE suspended -`,
        ],
      );
    });
  });

  it("carries a failed read of an organization trail into every member that relies on it", async () => {
    const { snapshot } = await run(exampleWorld(), (call) => {
      if (call.operation === "GetTrailStatus" && call.input.Name === ORG_TRAIL_ARN) throw awsError("ThrottlingException", "Rate exceeded");
      return undefined;
    });
    for (const id of [M, L, P, D, A]) {
      const errors = snapshot.accounts.find((a) => a.Id === id)!.collectionErrors!;
      const copy = errors.find((e) => e.operation === "GetTrailStatus" && e.resource === ORG_TRAIL_ARN);
      assert.ok(copy, `${id} carries the error`);
      assert.equal(copy.code, "ThrottlingException");
      if (id !== M) assert.match(copy.message, new RegExp(`read in account ${M}`));
    }
    const findings = runChecks(checks, snapshot, new Map());
    const lab = findings.find((f) => f.checkId === "global-service-events" && f.accountId === L);
    assert.equal(lab?.status, "ERROR", "log-archive has no trail of its own: its verdict rests on the organization trail");
  });

  it("lists the accounts with ListAccounts (pages) when the OU tree cannot be read; OU paths stay unknown", async () => {
    const fail: Inject = (call) => {
      if (call.operation === "ListOrganizationalUnitsForParent" && call.input.ParentId === OU_SANDBOX) throw awsError("AccessDeniedException", "denied");
      return undefined;
    };
    const { snapshot, stats } = await run(exampleWorld(), fail);
    assert.deepEqual(snapshot.accounts.map((a) => a.Id), [M, L, P, D, S, A, X]);
    const cause = { service: "organizations", operation: "ListOrganizationalUnitsForParent", region: "us-east-1", code: "AccessDeniedException", message: `denied (parent ${OU_SANDBOX})` };
    assert.ok(snapshot.accounts.every((a) => JSON.stringify(a.ouPath) === JSON.stringify({ $unknown: cause })), "every OU path is unknown, naming the failed read");
    assert.equal(stats.organizationCalls.get("organizations:ListAccounts"), 4, "7 accounts, 2 a page");
    assert.deepEqual(snapshot.organization?.collectionErrors, [
      {
        service: "organizations",
        operation: "ListOrganizationalUnitsForParent",
        region: "us-east-1",
        code: "AccessDeniedException",
        message: `denied (parent ${OU_SANDBOX})`,
      },
    ]);
    const mock = mockAws(exampleWorld(), fail);
    try {
      await assert.rejects(collect(options(M, { ous: [OU_SANDBOX] })), /cannot apply the OU filter/);
    } finally {
      mock.restore();
    }
  });

  it("records a call that never answers as a TimeoutError and goes on", async () => {
    const { snapshot } = await run(exampleWorld(), (call) => (call.operation === "GetTrail" && call.input.Name === DEV_TRAIL_ARN ? HANG : undefined), {
      callTimeoutMs: 50,
    });
    const dev = snapshot.accounts.find((a) => a.Id === D)!;
    assert.deepEqual(
      dev.collectionErrors!.map((e) => `${e.service}:${e.operation} ${e.code}`),
      ["cloudtrail:GetTrail TimeoutError"],
    );
    const trail = list(dev.trails)[0]!;
    assert.ok(trail.$unknown, "its configuration is unknown");
    assert.equal((trail.status as { IsLogging?: boolean }).IsLogging, true, "the other reads of the trail still landed");
  });

  it("filters accounts by OU (at any depth), by id, and excludes ids", async () => {
    const byOu = await run(exampleWorld(), undefined, { ous: [OU_SANDBOX] });
    assert.deepEqual(byOu.snapshot.accounts.map((a) => a.Id), [S, A, X]);
    const byId = await run(exampleWorld(), undefined, { accounts: [P, D, L], excludeAccounts: [D] });
    assert.deepEqual(byId.snapshot.accounts.map((a) => a.Id), [L, P]);
    // The management account is not read: the member reads the organization trail itself.
    const l = byId.snapshot.accounts[0]!;
    assert.equal(list(l.trails)[0]!.TrailARN, ORG_TRAIL_ARN);
    assert.equal(list(l.trails)[0]!.IsOrganizationTrail, true);
    assert.equal(list(l.trails)[0]!.tags, undefined, "ListTags only for trails the account owns");
  });

  it("uses --regions instead of reading each account's regions", async () => {
    const { snapshot, calls } = await run(exampleWorld(), undefined, { regions: ["eu-west-1"], accounts: [P] });
    assert.equal(calls.filter((c) => c.operation === "ListRegions" || c.operation === "DescribeRegions").length, 0);
    const prod = snapshot.accounts[0]!;
    assert.deepEqual(prod.regions, ["eu-west-1"]);
    assert.deepEqual(list(prod.buckets).map((b) => b.Name), ["example-prod-trail-logs", "example-prod-customer-data"]);
  });

  it("scans the caller's account alone when it is not in an organization", async () => {
    const world = exampleWorld();
    world.organization = null;
    world.accounts = [world.accounts.find((a) => a.Id === P)!];
    const { snapshot, calls } = await run(world, undefined, {}, P);
    assert.equal(snapshot.organization, null);
    assert.deepEqual(snapshot.accounts.map((a) => a.Id), [P]);
    assert.equal(snapshot.source?.description, `AWS account ${P}`);
    assert.equal(calls.filter((c) => c.operation === "AssumeRole").length, 0, "the caller's own credentials");
    assert.deepEqual(list(snapshot.accounts[0]!.trails).map((t) => t.Name), ["prod-trail", "prod-data"]);
    assertValid("snapshot.schema.json", snapshot, "single-account snapshot");
  });

  it("falls back to single-account mode for a member caller and still credits the organization trail", async () => {
    const { snapshot, calls } = await run(exampleWorld(), undefined, {}, P);
    assert.deepEqual(snapshot.accounts.map((a) => a.Id), [P]);
    assert.equal(snapshot.organization?.MasterAccountId, M);
    assert.equal(snapshot.organization?.collectionErrors, undefined);
    const org = list(snapshot.accounts[0]!.trails).find((t) => t.TrailARN === ORG_TRAIL_ARN)!;
    assert.equal(org.IsOrganizationTrail, true, "read by ARN from the member, since its owner is not scanned");
    assert.ok(calls.some((c) => c.account === P && c.operation === "GetTrailStatus" && c.input.Name === ORG_TRAIL_ARN));
    const findings = runChecks(checks, snapshot, new Map());
    assert.equal(findings.find((f) => f.checkId === "global-service-events")?.status, "PASS");
  });

  it("infers a CloudTrail delegated administrator from an organization trail it owns (single-account mode)", async () => {
    const world = exampleWorld();
    const orgTrail = world.accounts[0]!.trails.shift()!;
    const admin = world.accounts.find((a) => a.Id === L)!;
    const arn = `arn:aws:cloudtrail:us-east-1:${L}:trail/org-trail`;
    admin.trails.push({ ...orgTrail, trail: { ...orgTrail.trail, TrailARN: arn } });
    world.delegatedAdministrators = [L];
    const { snapshot } = await run(world, undefined, {}, P);
    assert.deepEqual(snapshot.organization?.delegatedAdministrators, [{ Id: L }]);
  });

  it("fails setup, with the reason, when the caller cannot be identified", async () => {
    const mock = mockAws(exampleWorld(), (call) => {
      if (call.operation === "GetCallerIdentity") throw awsError("ExpiredTokenException", "The security token included in the request is expired", 403);
      return undefined;
    });
    try {
      await assert.rejects(collect(options()), (error: unknown) => {
        assert.ok(error instanceof CollectSetupError);
        assert.match(error.message, /sts:GetCallerIdentity.*ExpiredTokenException/);
        return true;
      });
    } finally {
      mock.restore();
    }
  });

  it("rejects with an AbortError on Ctrl-C and returns nothing partial", async () => {
    const controller = new AbortController();
    let seen = 0;
    const mock = mockAws(exampleWorld(), () => {
      if (++seen === 12) controller.abort();
      return undefined;
    });
    try {
      await assert.rejects(collect(options(), { signal: controller.signal }), { name: "AbortError" });
    } finally {
      mock.restore();
    }
  });

  it("reports progress through every stage up to done", async () => {
    const stages: string[] = [];
    const mock = mockAws(exampleWorld(), exampleFailures);
    try {
      await collect(options(), { onProgress: (p) => stages.push(`${p.stage} ${p.accountsDone}/${p.accountsTotal}`) });
    } finally {
      mock.restore();
    }
    assert.equal(stages[0], "identity 0/0");
    assert.ok(stages.includes("accounts 0/6") && stages.includes("accounts 6/6") && stages.includes("buckets 6/6"), stages.join(", "));
    assert.equal(stages[stages.length - 1], "done 6/6");
  });
});

/** Retries at once: the SDK's retry middleware still decides what is retryable. */
const zeroDelayRetry: RetryStrategyV2 = {
  acquireInitialRetryToken: async () => ({ getRetryCount: () => 0, getRetryDelay: () => 0 }),
  refreshRetryTokenForRetry: async (token, info) => {
    const count = token.getRetryCount();
    if (info.errorType === "CLIENT_ERROR" || count >= 4) throw info.error;
    return { getRetryCount: () => count + 1, getRetryDelay: () => 0 };
  },
  recordSuccess: () => {},
};

describe("live AWS source (real SDK clients and middleware, simulated network)", () => {
  it("gives the same snapshot as through aws-sdk-client-mock, the SDK retrying the throttled call", async () => {
    const log: SimCall[] = [];
    const sim = new SimulatedAws(exampleWorld());
    const seen = new Map<string, number>();
    const traces: CallTrace[] = [];
    const snapshot = await collect({
      ...options(),
      retryStrategy: zeroDelayRetry,
      plugins: [
        simulatorPlugin(sim, {
          log,
          inject: (call) => {
            const key = `${call.account}|${call.operation}|${JSON.stringify(call.input)}`;
            const nth = (seen.get(key) ?? 0) + 1;
            seen.set(key, nth);
            return exampleFailures(call, nth);
          },
        }),
      ],
    }, { onAwsCall: (trace) => traces.push(trace) });
    assert.deepEqual(snapshot, expected);
    // --debug's traces count the SDK's own attempts: every request sent is in one trace.
    assert.equal(traces.reduce((n, t) => n + t.attempts, 0), log.length);
    assert.deepEqual(
      traces.filter((t) => t.attempts > 1).map((t) => `${t.accountId} ${t.service}:${t.operation} ${t.region} ${t.attempts} ${t.code ?? "ok"}`),
      [`${P} cloudtrail:GetTrailStatus eu-west-1 2 ok`],
    );
    const statusCalls = log.filter((c) => c.account === P && c.operation === "GetTrailStatus" && c.input.Name === PROD_TRAIL_ARN);
    assert.equal(statusCalls.length, 2, "the SDK's own retry absorbed the throttling");
    assert.ok(log.some((c) => c.input.TrailName === PROD_DATA_ARN));
  });
});
