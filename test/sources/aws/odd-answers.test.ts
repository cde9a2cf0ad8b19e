// The live source under answers AWS should not give, and credentials that expire mid-scan: the scan
// goes on, the snapshot written validates, what could not be understood is unknown (ERROR), never a
// verdict.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { awsError, SimulatedAws, type SimCall } from "../../../bench/simulated-aws.js";
import { runCli } from "../../../src/cli/program.js";
import { checks } from "../../../src/checks/index.js";
import { runChecks, type Finding } from "../../../src/engine/run.js";
import type { Bucket, Snapshot, Trail } from "../../../src/model/snapshot.js";
import { isUnknown } from "../../../src/model/unknown.js";
import { collectWithStats } from "../../../src/sources/aws/collect.js";
import { assertValid } from "../../../src/util/schemas.js";
import { mockAws, type Inject } from "./mock-aws.js";
import { M, ORG_BUCKET, P, PROD_BUCKET, PROD_TRAIL_ARN, S, exampleWorld } from "./world.js";

const NOW = new Date("2026-11-26T10:00:00Z");
const credentials = { accessKeyId: `AKIA${M}`, secretAccessKey: "secret" };

async function collectWith(inject?: Inject, now: () => Date = () => NOW) {
  const mock = mockAws(exampleWorld(), inject);
  try {
    const { snapshot } = await collectWithStats({ credentials, throttleBackoffMs: 0, now });
    assertValid("snapshot.schema.json", snapshot, "collected snapshot");
    return { snapshot, calls: mock.calls, findings: runChecks(checks, structuredClone(snapshot), new Map()) };
  } finally {
    mock.restore();
  }
}

const sim = new SimulatedAws(exampleWorld());
/** The simulated answer with some fields replaced. */
const answerWith = (call: SimCall, patch: (answer: Record<string, unknown>) => Record<string, unknown>) =>
  patch(structuredClone(sim.answer(call.service, call.operation, call.input, call)) as Record<string, unknown>);

const account = (snapshot: Snapshot, id: string) => snapshot.accounts.find((a) => a.Id === id)!;
const bucketOf = (snapshot: Snapshot, id: string, name: string) => (account(snapshot, id).buckets as Bucket[]).find((b) => b.Name === name)!;
const trailOf = (snapshot: Snapshot, id: string, arn: string) => (account(snapshot, id).trails as Trail[]).find((t) => t.TrailARN === arn)!;
/** Every result as without the fault, or ERROR naming `op`; none new but such an ERROR. */
function assertOnlyErrors(findings: Finding[], op: string) {
  for (const f of findings) {
    const was = baseline.find((b) => b.checkId === f.checkId && b.accountId === f.accountId && b.resource === f.resource);
    if (was && f.status === was.status) continue;
    assert.equal(f.status, "ERROR", `${f.accountId} ${f.checkId} ${f.resource}: ${was?.status ?? "new"} -> ${f.status}`);
    assert.ok(f.message.includes(op), f.message);
  }
}
const brief = (fs: Finding[]) => fs.map((f) => `${f.accountId} ${f.checkId} ${f.status} ${f.resource ?? "-"}`);

let baseline: Finding[];
before(async () => {
  baseline = (await collectWith()).findings;
});

describe("live source: odd answers are unknowns, not verdicts", () => {
  it("a versioning Status AWS does not document (Archived): unknown with UnexpectedValue; the scan goes on; collect writes a valid snapshot and exits 3", async () => {
    const inject: Inject = (call) =>
      call.operation === "GetBucketVersioning" && call.input.Bucket === PROD_BUCKET ? answerWith(call, () => ({ Status: "Archived" })) : undefined;
    const { snapshot, findings } = await collectWith(inject);
    const versioning = bucketOf(snapshot, P, PROD_BUCKET).versioning;
    assert.ok(isUnknown(versioning));
    assert.deepEqual(versioning.$unknown, {
      service: "s3",
      operation: "GetBucketVersioning",
      region: "eu-west-1",
      resource: PROD_BUCKET,
      code: "UnexpectedValue",
      message: "unexpected value from AWS: Status='Archived' in GetBucketVersioning",
    });
    // The bucket's Object Lock is off (known) whatever its versioning: that FAIL stands; nothing
    // else changes but to ERROR naming the odd read.
    assertOnlyErrors(findings, "s3:GetBucketVersioning");

    // The CLI: the snapshot is written, valid, and the exit code says reads failed.
    const dir = mkdtempSync(join(tmpdir(), "ctl-odd-"));
    const mock = mockAws(exampleWorld(), inject);
    try {
      let stderr = "";
      const code = await runCli(
        ["collect", "--output", "snap.json", "--quiet"],
        { stdout: () => {}, stderr: (t) => void (stderr += t), env: {}, isTTY: false, cwd: dir, now: () => NOW },
        { collect: { credentials, throttleBackoffMs: 0, now: () => NOW } as never },
      );
      assert.equal(code, 3, stderr);
      const written = JSON.parse(readFileSync(join(dir, "snap.json"), "utf8")) as Snapshot;
      assertValid("snapshot.schema.json", written, "written snapshot");
      assert.ok(isUnknown(bucketOf(written, P, PROD_BUCKET).versioning));
    } finally {
      mock.restore();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("an Object Lock rule with Years: 0, or with both Days and Years, and a 200 answer without ObjectLockConfiguration, are unknown, never 'lock off'", async () => {
    for (const odd of [
      { ObjectLockConfiguration: { ObjectLockEnabled: "Enabled", Rule: { DefaultRetention: { Mode: "COMPLIANCE", Years: 0 } } } },
      { ObjectLockConfiguration: { ObjectLockEnabled: "Enabled", Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: 365, Years: 1 } } } },
      {},
    ]) {
      const { snapshot, findings } = await collectWith((call) =>
        call.operation === "GetObjectLockConfiguration" && call.input.Bucket === ORG_BUCKET ? { ...odd, $metadata: { httpStatusCode: 200 } } : undefined,
      );
      const lock = bucketOf(snapshot, "222222222222", ORG_BUCKET).objectLockConfiguration;
      assert.ok(isUnknown(lock), JSON.stringify(odd));
      assert.equal(lock.$unknown.code, Object.keys(odd).length === 0 ? "MalformedResponse" : "UnexpectedValue");
      const result = findings.find((f) => f.checkId === "log-bucket-object-lock" && f.resource === `arn:aws:s3:::${ORG_BUCKET}`)!;
      assert.equal(result.status, "ERROR");
      assert.match(result.message, /s3:GetObjectLockConfiguration/);
    }
  });

  it("a trail status whose IsLogging is not a boolean, and GetTrailStatus without IsLogging, leave the status unknown", async () => {
    for (const patch of [(a: Record<string, unknown>) => ({ ...a, IsLogging: "yes" }), () => ({})]) {
      const { snapshot, findings } = await collectWith((call) =>
        call.operation === "GetTrailStatus" && call.input.Name === PROD_TRAIL_ARN ? answerWith(call, patch) : undefined,
      );
      const status = trailOf(snapshot, P, PROD_TRAIL_ARN).status;
      assert.ok(isUnknown(status));
      assert.match(status.$unknown.message, /IsLogging/);
      for (const f of findings.filter((x) => x.accountId === P)) {
        const was = baseline.find((b) => b.checkId === f.checkId && b.accountId === f.accountId && b.resource === f.resource);
        assert.ok(f.status === "ERROR" || f.status === was?.status, `${f.checkId} ${f.status} (was ${was?.status})`);
      }
    }
  });

  it("a repeated page token in ListTrails ends that listing with PaginationLoop, and the account's checks ERROR (not FAIL or NOT_APPLICABLE)", async () => {
    const { snapshot, findings } = await collectWith((call) =>
      call.account === P && call.operation === "ListTrails" ? { ...answerWith(call, (a) => a), NextToken: "same-token" } : undefined,
    );
    const prod = account(snapshot, P);
    assert.ok(isUnknown(prod.trails));
    assert.equal(prod.trails.$unknown.code, "PaginationLoop");
    const mine = findings.filter((f) => f.accountId === P);
    // The organization trail, read in the management account, covers prod whatever prod lists: those
    // PASS stand. What rests on prod's own trails is ERROR, naming the loop.
    const cw = mine.find((f) => f.checkId === "cloudwatch-logs-integration")!;
    assert.equal(cw.status, "ERROR");
    assert.match(cw.message, /cloudtrail:ListTrails .*failed: PaginationLoop: .*"same-token"/);
    assert.ok(!mine.some((f) => f.status === "FAIL" || f.status === "NOT_APPLICABLE"), brief(mine).join("\n"));
    assertOnlyErrors(findings, "cloudtrail:ListTrails");
  });

  it("an AssumeRole the caller is refused names sts:AssumeRole, the role and AWS's code in that account's findings", async () => {
    const { snapshot, findings } = await collectWith();
    const [error] = account(snapshot, S).collectionErrors!;
    assert.equal(error?.operation, "AssumeRole");
    assert.equal(error?.code, "AccessDenied");
    assert.match(error!.message, new RegExp(`cannot enter account ${S}: sts:AssumeRole of arn:aws:iam::${S}:role/OrganizationAccountAccessRole failed`));
    const sandbox = findings.filter((f) => f.accountId === S && f.status === "ERROR");
    assert.ok(sandbox.length > 0);
    for (const f of sandbox) assert.match(f.message, /sts:AssumeRole \(us-east-1\) failed: AccessDenied: .*not authorized to perform: sts:AssumeRole.*cannot enter account/);
    assert.ok(!findings.some((f) => f.accountId === S && /listed by no account/.test(f.message)));
  });
});

describe("live source: assumed credentials that expire mid-scan", () => {
  const assumes = (calls: SimCall[], id: string) => calls.filter((c) => c.operation === "AssumeRole" && String(c.input.RoleArn).includes(`::${id}:`)).length;

  it("an ExpiredToken answer makes the session assume the role again, once, and the reads go on: the same results", async () => {
    let expired = false;
    let renewed = false;
    const { snapshot, calls, findings } = await collectWith((call) => {
      if (call.operation === "AssumeRole" && String(call.input.RoleArn).includes(`::${P}:`) && expired) renewed = true;
      if (call.account !== P || call.operation === "AssumeRole") return undefined;
      if (call.operation === "GetTrail") expired = true; // the hour is up from here on
      if (expired && !renewed) throw awsError("ExpiredTokenException", "The security token included in the request is expired", 400);
      return undefined;
    });
    assert.equal(assumes(calls, P), 2);
    assert.deepEqual(account(snapshot, P).collectionErrors ?? [], baselineErrors(P));
    assert.deepEqual(brief(findings), brief(baseline));
  });

  it("credentials about to expire (Expiration, by the now clock) are renewed before the next call", async () => {
    let offset = 0;
    const { calls, findings } = await collectWith(
      (call) => {
        if (call.operation === "AssumeRole" && String(call.input.RoleArn).includes(`::${P}:`)) {
          // Credentials for an hour from the collector's clock.
          return answerWith(call, (a) => ({ ...a, Credentials: { ...(a.Credentials as object), Expiration: new Date(NOW.getTime() + 3600_000) } }));
        }
        if (call.account === P && call.operation === "ListTrails") offset = 2 * 3600_000; // two hours later
        return undefined;
      },
      () => new Date(NOW.getTime() + offset),
    );
    assert.equal(assumes(calls, P), 2);
    assert.deepEqual(
      brief(findings.filter((f) => f.accountId === P)),
      brief(baseline.filter((f) => f.accountId === P)),
    );
  });

  it("when the role cannot be assumed again, the expired calls are collection errors: ERROR, never a verdict the reads did not support", async () => {
    let expired = false;
    const { snapshot, findings } = await collectWith((call) => {
      if (call.operation === "AssumeRole" && String(call.input.RoleArn).includes(`::${P}:`) && expired) throw awsError("AccessDenied", "not authorized to perform: sts:AssumeRole", 403);
      if (call.account !== P || call.operation === "AssumeRole") return undefined;
      if (call.operation === "GetTrail") expired = true;
      if (expired) throw awsError("ExpiredTokenException", "The security token included in the request is expired", 400);
      return undefined;
    });
    assert.ok(account(snapshot, P).collectionErrors!.some((e) => e.code === "ExpiredTokenException"));
    for (const f of findings) {
      const was = baseline.find((b) => b.checkId === f.checkId && b.accountId === f.accountId && b.resource === f.resource);
      if (was) assert.ok(f.status === was.status || f.status === "ERROR", `${f.accountId} ${f.checkId} ${was.status} -> ${f.status}`);
      else assert.equal(f.status, "ERROR", `${f.accountId} ${f.checkId} new ${f.status}`);
    }
  });
});

let baselineSnapshot: Snapshot | undefined;
function baselineErrors(id: string) {
  return account(baselineSnapshot!, id).collectionErrors ?? [];
}
before(async () => {
  baselineSnapshot = (await collectWith()).snapshot;
});
