// Fault monotonicity: a read that goes wrong may only make results ERROR, never change them.
//
// Over the organization of world.ts, for every read the fault-free collection makes (taken from
// its calls, so that a new read is covered without a new test) and every account it makes it in,
// and for each way an answer can go wrong — denied, an empty 200 answer, a 200 answer whose body
// does not parse, a 200 answer with values of the wrong type or an unknown enum value — the lint
// results must be exactly the fault-free ones, except that some turn into ERROR naming that
// operation: no new FAIL, no new PASS, no result missing or added, and the snapshot validates.
//
// Which accounts' results may change (precisely):
//   - a fault in the organization reads or in the management account M: any account (M owns the
//     organization trail every member's verdicts rest on, and its session sends every AssumeRole);
//   - a fault in the account that owns a log bucket: that account, and every account with a trail
//     of its own delivering to that bucket;
//   - a fault in the account that owns a KMS key: that account, and every account with a trail of
//     its own encrypting with that key;
//   - a fault in the account that owns an SNS topic: that account, and every account whose alarms
//     name that topic in AlarmActions (the alarm checks judge the alarm's topic);
//   - a fault in an account that owns an organization trail (a delegated administrator): any account
//     (its log group, metric filters and alarms decide the alarm checks of every account it covers);
//   - any other fault in account X: X's results only.
// An operation whose failure stops the collection (sts:GetCallerIdentity: nobody to scan as) must
// reject with CollectSetupError; nothing is judged then, so no verdict can be false.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { SimulatedAws, awsError, type SimCall, type World } from "../../../bench/simulated-aws.js";
import { checks } from "../../../src/checks/index.js";
import { runChecks, type Finding } from "../../../src/engine/run.js";
import type { Snapshot } from "../../../src/model/snapshot.js";
import { collectWithStats, CollectSetupError } from "../../../src/sources/aws/collect.js";
import { assertValid } from "../../../src/util/schemas.js";
import { mockAws, type Inject } from "./mock-aws.js";
import { L, M, P, exampleWorld } from "./world.js";

const NOW = new Date("2026-11-26T10:00:00Z");
const options = { credentials: { accessKeyId: `AKIA${M}`, secretAccessKey: "secret" }, throttleBackoffMs: 0, now: () => NOW };

type FaultKind = "denied" | "empty" | "malformed" | "unexpected";
const KINDS: readonly FaultKind[] = ["denied", "empty", "malformed", "unexpected"];

/** Operations whose empty answer is AWS's own answer, not a fault: versioning never enabled, logging off, us-east-1. */
const EMPTY_IS_AN_ANSWER = new Set(["s3:GetBucketVersioning", "s3:GetBucketLogging", "s3:GetBucketLocation"]);
/** Reads without which there is nothing to scan: the collection rejects (CollectSetupError). */
const SETUP_READS = new Set(["sts:GetCallerIdentity"]);

/** The account a call is about: AssumeRole's role account, otherwise whose credentials signed it. */
function aboutAccount(call: SimCall): string {
  if (call.operation === "AssumeRole") return String(call.input.RoleArn).split(":")[4]!;
  return call.account;
}

/** Fields whose values are enums: an unknown enum value rather than a wrong type. */
const ENUM_FIELDS = new Set(["Status", "MFADelete", "Mode", "ObjectLockEnabled", "ReadWriteType", "Type", "FeatureSet", "RegionOptStatus", "InsightType"]);

/** Every value of the answer replaced with one of the wrong type (an unknown string for enums). */
function mutate(value: unknown, key = ""): unknown {
  if (value instanceof Date) return "not a date";
  if (Array.isArray(value)) return value.map((v) => mutate(v, key));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === "$metadata" ? v : mutate(v, k)]));
  }
  if (typeof value === "string") return ENUM_FIELDS.has(key) ? "Archived" : 7;
  if (typeof value === "number") return ENUM_FIELDS.has(key) ? "Archived" : "7";
  if (typeof value === "boolean") return "yes";
  return value;
}

/** The error the SDK throws for a 200 answer whose body does not parse. */
function unparsable(): Error {
  const error = Object.assign(new SyntaxError("Unexpected token '<', \"<Versioning\" is not valid JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object."), {
    $metadata: { httpStatusCode: 200, attempts: 1, totalRetryDelay: 0 },
  });
  Object.defineProperty(error, "$response", { value: { statusCode: 200, headers: {}, body: "<Versioning" }, enumerable: false });
  return error;
}

function fault(world: World, op: string, account: string, kind: FaultKind): Inject {
  const sim = new SimulatedAws(world);
  return (call) => {
    if (`${call.service}:${call.operation}` !== op || aboutAccount(call) !== account) return undefined;
    switch (kind) {
      case "denied":
        throw call.service === "s3"
          ? awsError("AccessDenied", "Access Denied", 403)
          : awsError("AccessDeniedException", `User is not authorized to perform: ${op}`, 400);
      case "empty":
        return { $metadata: { httpStatusCode: 200, attempts: 1, totalRetryDelay: 0 } };
      case "malformed":
        throw unparsable();
      case "unexpected":
        return { ...(mutate(sim.answer(call.service, call.operation, call.input, call)) as object), $metadata: { httpStatusCode: 200, attempts: 1 } };
    }
  };
}

async function collectWith(inject?: Inject) {
  const mock = mockAws(exampleWorld(), inject);
  try {
    const { snapshot } = await collectWithStats(options);
    return { snapshot, calls: mock.calls };
  } finally {
    mock.restore();
  }
}

const keyOf = (f: Finding) => `${f.checkId}|${f.accountId}|${f.resource ?? "-"}|${f.region ?? "-"}`;

function findingsByKey(snapshot: Snapshot): Map<string, Finding> {
  const out = new Map<string, Finding>();
  for (const f of runChecks(checks, structuredClone(snapshot), new Map())) {
    assert.ok(!out.has(keyOf(f)), `two results for ${keyOf(f)}`);
    out.set(keyOf(f), f);
  }
  return out;
}

/** Accounts whose results a fault in `account` may change (see the header). */
function mayChange(world: World, account: string, all: string[]): Set<string> {
  if (account === M) return new Set(all);
  const owner = world.accounts.find((a) => a.Id === account);
  const owned = new Set(owner?.buckets.map((b) => b.Name) ?? []);
  if (owner?.trails.some((t) => t.trail.IsOrganizationTrail === true)) return new Set(all);
  const keys = new Set(owner?.kmsKeys?.map((k) => k.Arn) ?? []);
  const topics = new Set(owner?.snsTopics?.map((t) => t.TopicArn) ?? []);
  const out = new Set([account]);
  for (const a of world.accounts) {
    if (a.trails.some((t) => owned.has(String(t.trail.S3BucketName)) || keys.has(String(t.trail.KmsKeyId)))) out.add(a.Id);
    if (a.alarms?.some((alarm) => alarm.AlarmActions?.some((arn) => topics.has(arn)))) out.add(a.Id);
  }
  return out;
}

/**
 * Breaks of the property that are the checks' to fix (src/checks, src/model/coverage.ts), not the
 * collector's: the snapshot holds the right unknowns, the verdict ignores them. Reported; each is
 * matched on its operation and account only, so that any other break still fails the test.
 */
const KNOWN_CHECK_GAPS: { op: string; account: string; gap: string }[] = [];

describe("fault monotonicity of the live source (every read × every account × every fault)", function () {
  this.timeout(300_000);
  let baseline: Map<string, Finding>;
  let cases: { op: string; account: string }[];
  const world = exampleWorld();

  before(async () => {
    const { snapshot, calls } = await collectWith();
    assertValid("snapshot.schema.json", snapshot, "fault-free snapshot");
    baseline = findingsByKey(snapshot);
    const seen = new Set<string>();
    cases = [];
    for (const call of calls) {
      const op = `${call.service}:${call.operation}`;
      const account = aboutAccount(call);
      if (seen.has(`${op}|${account}`)) continue;
      seen.add(`${op}|${account}`);
      cases.push({ op, account });
    }
  });

  for (const { op, account, gap } of KNOWN_CHECK_GAPS) it.skip(`(check-level, reported) ${op} failing in ${account}: ${gap}`, () => {});

  it("covers every read of the fault-free collection", () => {
    assert.ok(cases.length >= 60, `${cases.length} cases`);
    // Reads added later are covered without a new table: the IAM read of each log bucket owner, the RCPs.
    assert.deepEqual(cases.filter((c) => c.op === "iam:GetAccountAuthorizationDetails").map((c) => c.account).sort(), [L, P]);
    assert.ok(cases.some((c) => c.op === "organizations:ListPolicies"));
  });

  it("gives the fault-free results, or ERROR naming the failed operation, and a valid snapshot", async () => {
    const started = Date.now();
    const broken: string[] = [];
    const accounts = [...new Set([...baseline.values()].map((f) => f.accountId))];
    let runs = 0;
    for (const { op, account } of cases) {
      for (const kind of KINDS) {
        if (kind === "empty" && EMPTY_IS_AN_ANSWER.has(op)) continue;
        runs += 1;
        const label = `${op} in ${account}, ${kind}`;
        let snapshot: Snapshot;
        try {
          ({ snapshot } = await collectWith(fault(world, op, account, kind)));
        } catch (error) {
          if (SETUP_READS.has(op) && error instanceof CollectSetupError) continue;
          broken.push(`${label}: collection rejected: ${String(error)}`);
          continue;
        }
        try {
          assertValid("snapshot.schema.json", snapshot, "snapshot");
        } catch (error) {
          broken.push(`${label}: ${(error as Error).message.split("\n").slice(0, 4).join(" ")}`);
          continue;
        }
        if (SETUP_READS.has(op)) {
          broken.push(`${label}: the collection went on without its setup read`);
          continue;
        }
        const [service, operation] = op.split(":");
        const recorded = [...(snapshot.organization?.collectionErrors ?? []), ...snapshot.accounts.flatMap((a) => a.collectionErrors ?? [])];
        const faulted = recorded.some((e) => e.service === service && e.operation === operation);
        const found = findingsByKey(snapshot);
        const allowed = mayChange(world, account, accounts);
        const unmatched = new Map([...found].filter(([key]) => !baseline.has(key)));
        const namesOp = (f: Finding) => f.status === "ERROR" && f.message.includes(op);
        const perAccount = (results: Iterable<Finding>, f: Finding) => [...results].filter((r) => r.checkId === f.checkId && r.accountId === f.accountId).length;
        const standIns = new Set<string>();
        for (const [key, before] of baseline) {
          let after = found.get(key);
          if (!after) {
            // An undecided result may name another resource of the same account (an account-level
            // check names the trail it judged; one ERROR for an unknown bucket list stands for every
            // bucket of it), or, for the same resource, another account (a bucket no account lists is
            // reported to the trail's account) or no region: an ERROR naming the failed operation.
            const moved = [...found].find(
              ([k, f]) =>
                !baseline.has(k) &&
                namesOp(f) &&
                f.checkId === before.checkId &&
                (f.accountId === before.accountId || (f.resource !== undefined && f.resource === before.resource)),
            );
            // An account-level verdict that stands may name another trail that decides it just as well.
            const same = [...unmatched].find(
              ([, f]) =>
                f.status === before.status &&
                f.messageId === before.messageId &&
                f.checkId === before.checkId &&
                f.accountId === before.accountId &&
                perAccount(baseline.values(), before) === 1 &&
                perAccount(found.values(), f) === 1,
            );
            const match = moved ?? same;
            if (match) {
              standIns.add(match[0]);
              after = match[1];
            }
          }
          if (!after) {
            broken.push(`${label}: ${key} missing (was ${before.status})`);
            continue;
          }
          if (after.status === before.status && after.messageId === before.messageId) continue;
          if (!namesOp(after)) {
            broken.push(`${label}: ${key} ${before.status} ${before.messageId} -> ${after.status} ${after.messageId}: ${after.message}`);
          } else if (!allowed.has(before.accountId) || !allowed.has(after.accountId)) {
            broken.push(`${label}: ${key} changed (${before.status} -> ERROR) in an account the fault does not reach`);
          }
        }
        for (const [key, f] of unmatched) {
          if (standIns.has(key)) continue;
          // A new result may only be an ERROR naming the failed read, in an account it reaches: it
          // stands for what could not be read (a trail not read may write to a bucket not judged).
          if (!namesOp(f) || !allowed.has(f.accountId)) broken.push(`${label}: new result ${key} ${f.status} ${f.messageId}`);
        }
        const changed = [...found].some(([key, f]) => baseline.get(key)?.status !== f.status);
        if (changed && !faulted) broken.push(`${label}: results changed but no collection error names ${op}`);
      }
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(`      ${runs} faulty collections in ${seconds.toFixed(1)} s`);
    if (process.env.FAULTS_OUT) writeFileSync(process.env.FAULTS_OUT, `${broken.join("\n")}\n`);
    const known = (line: string) => KNOWN_CHECK_GAPS.some((g) => line.startsWith(`${g.op} in ${g.account},`));
    const unexplained = broken.filter((line) => !known(line));
    console.log(`      ${broken.length - unexplained.length} known check-level gaps (KNOWN_CHECK_GAPS)`);
    assert.deepEqual(unexplained.slice(0, 40), [], `${unexplained.length} broken`);
  });
});
