// Long scans: credentials that expire several times over within one collection. The mock's clock
// moves on 20 s a call and AssumeRole hands out sets of 15 minutes (the least AWS allows), so a scan
// of the example organization (some 120 calls: 40 minutes by that clock) outlives three sets of the
// accounts read longest; the mock refuses any call signed with a set expired by its clock, as AWS
// does. The clock is installed as Date, so that the SDK's own credentials cache (which asks a
// provider again within five minutes of Expiration) runs on it too. Why not a minute a call: calls
// of many accounts interleave between the collector's expiry check and the mock's (a first call on a
// new client sees some 15 others arrive first), and 15 minutes of that skew is more than the
// five-minute margin; 20 s a call keeps it under, as milliseconds do against AWS.
import assert from "node:assert/strict";
import { awsError, type SimCall } from "../../../bench/simulated-aws.js";
import type { Snapshot } from "../../../src/model/snapshot.js";
import { collectWithStats, type InternalOptions } from "../../../src/sources/aws/collect.js";
import { EXPIRY_MARGIN_MS } from "../../../src/sources/aws/session.js";
import { mockAws, TestClock, type Inject, type MockAws } from "./mock-aws.js";
import { A, D, L, M, P, S, exampleWorld } from "./world.js";

const NOW = new Date("2026-11-26T10:00:00Z");
const MINUTE = 60_000;
const LIFETIME = 15 * MINUTE;
const TICK = 20_000;
const staticCredentials = { accessKeyId: `AKIA${M}`, secretAccessKey: "secret" };

/** The same collection without a clock: nothing expires. */
async function shortScan(options: InternalOptions = {}): Promise<Snapshot> {
  const mock = mockAws(exampleWorld());
  try {
    return (await collectWithStats({ credentials: staticCredentials, throttleBackoffMs: 0, now: () => NOW, ...options })).snapshot;
  } finally {
    mock.restore();
  }
}

/** A collection by the mock's clock (tickMs a call, from NOW), its sets of credentials living LIFETIME. */
async function longScan(
  { inject, tickMs = TICK, options = {} }: { inject?: (call: SimCall, nth: number, clock: TestClock, mock: MockAws) => unknown; tickMs?: number; options?: InternalOptions } = {},
) {
  const clock = new TestClock(NOW.getTime(), tickMs);
  const injectWith: Inject = (call, nth) => inject?.(call, nth, clock, mock);
  const mock = mockAws(exampleWorld(), injectWith, { clock, lifetimeMs: LIFETIME });
  clock.install();
  try {
    const { snapshot } = await collectWithStats({ credentials: staticCredentials, throttleBackoffMs: 0, ...options });
    return { snapshot, mock, clock };
  } finally {
    clock.restore();
    mock.restore();
  }
}

const assumes = (mock: MockAws, id: string) => mock.calls.filter((c) => c.operation === "AssumeRole" && String(c.input.RoleArn).includes(`::${id}:`)).length;
const setsOf = (mock: MockAws, id: string) => mock.issued.filter((set) => set.account === id);
const refusedBrief = (mock: MockAws) => mock.refused.map((r) => `${r.call.account} ${r.call.operation} at +${(r.at - NOW.getTime()) / MINUTE} min`);

let baseline: Snapshot;
before(async () => {
  baseline = await shortScan();
});

describe("long scans: assumed-role credentials renewed before they expire", () => {
  it("sets of 15 minutes over a 40-minute scan: each renewed once its last 5 minutes have come, none used expired, every account read as in a short scan", async () => {
    const { snapshot, mock, clock } = await longScan();
    assert.ok(clock.ms - NOW.getTime() >= 2.5 * LIFETIME, `the scan took ${(clock.ms - NOW.getTime()) / MINUTE} min by the clock`);
    assert.deepEqual(refusedBrief(mock), []);
    // Every account fully read: the same snapshot, collection errors included (sandbox's refused AssumeRole only).
    assert.deepEqual(snapshot, baseline);
    for (const id of [L, P, D, A]) {
      const sets = setsOf(mock, id);
      // The accounts whose reads span most of the scan go through several sets each.
      if (id === L || id === P) assert.ok(sets.length >= 3, `${id}: ${sets.length} sets`);
      assert.equal(assumes(mock, id), sets.length, id);
      for (let i = 1; i < sets.length; i++) {
        // Renewed when the set it replaces had less than the margin left, never earlier.
        assert.ok(sets[i]!.at >= sets[i - 1]!.expires - EXPIRY_MARGIN_MS, `${id}: set ${i + 1} at ${sets[i]!.at}, set ${i} expires ${sets[i - 1]!.expires}`);
      }
      // Each set signed calls of the account: no AssumeRole for nothing.
      for (const set of sets) assert.ok(mock.signed.some((s) => s.sessionToken === set.sessionToken), `${id}: ${set.sessionToken} unused`);
    }
    assert.equal(assumes(mock, S), 1);
  });

  it("under throttling and slow AssumeRole answers: one renewal at a time per account, calls waiting for it, and no call signed with an expired set", async () => {
    const inFlight = new Map<string, number>();
    let mostInFlight = 0;
    let throttled = 0;
    const { snapshot, mock } = await longScan({
      inject: (call, nth) => {
        if (call.operation === "AssumeRole") {
          const id = String(call.input.RoleArn).split(":")[4]!;
          inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
          mostInFlight = Math.max(mostInFlight, inFlight.get(id)!);
          // The answer comes 5 ms later (the collector's other calls go on meanwhile).
          return new Promise((resolve) => setTimeout(resolve, 5)).then(() => {
            inFlight.set(id, inFlight.get(id)! - 1);
            return undefined;
          });
        }
        // Every first attempt of prod's reads is throttled, the collector's next round goes.
        if (call.account === P && nth === 1) {
          throttled += 1;
          throw awsError("ThrottlingException", "Rate exceeded", 400);
        }
        return undefined;
      },
    });
    assert.ok(throttled >= 20, `${throttled} throttled`);
    assert.equal(mostInFlight, 1);
    assert.deepEqual(refusedBrief(mock), []);
    assert.ok(setsOf(mock, P).length >= 3, `${setsOf(mock, P).length} sets`);
    assert.deepEqual(snapshot, baseline);
  });

  it("a throttle back-off that outlasts the set: the next round is signed with a renewed one, not refused", async () => {
    const scoped = await shortScan({ accounts: [P] });
    let before: string | undefined;
    const { snapshot, mock } = await longScan({
      options: { accounts: [P] },
      inject: (call, nth, clock, m) => {
        if (call.account !== P || call.operation !== "DescribeAlarms" || nth !== 1) return undefined;
        // The last read of the scan, alone in flight: throttled, and its back-off lasts a set's life.
        before = m.signed.at(-1)!.sessionToken;
        clock.ms += LIFETIME;
        throw awsError("ThrottlingException", "Rate exceeded", 400);
      },
    });
    assert.deepEqual(refusedBrief(mock), []);
    const rounds = mock.signed.filter((s) => s.call.operation === "DescribeAlarms");
    assert.equal(rounds.length, 2);
    assert.equal(rounds[0]!.sessionToken, before);
    assert.equal(rounds[1]!.sessionToken, setsOf(mock, P).at(-1)!.sessionToken);
    assert.notEqual(rounds[1]!.sessionToken, before);
    assert.deepEqual(snapshot, scoped);
  });

  it("a call refused as expired after its set was renewed goes again with the new set: no second renewal", async () => {
    let renewedBeforeRefusal: boolean | undefined;
    const { snapshot, mock } = await longScan({
      tickMs: 0, // the clock moves only when the test moves it
      inject: (call, nth, clock, m) => {
        if (call.account !== P || nth !== 1) return undefined;
        // Prod's first set has four minutes left from its first ListTrails page on: the second
        // page renews it.
        if (call.operation === "ListTrails" && call.input.NextToken === undefined) clock.ms = setsOf(m, P)[0]!.expires - EXPIRY_MARGIN_MS + MINUTE;
        if (call.operation !== "ListBuckets") return undefined;
        // ListBuckets, signed with the first set, is answered once the second is in place: expired.
        return new Promise((_resolve, reject) => {
          const answer = (tries: number) => {
            if (setsOf(m, P).length === 1 && tries > 0) return void setTimeout(() => answer(tries - 1), 1);
            renewedBeforeRefusal = setsOf(m, P).length === 2;
            setTimeout(() => reject(awsError("ExpiredTokenException", "The security token included in the request is expired", 400)), 5);
          };
          answer(500);
        });
      },
    });
    assert.equal(renewedBeforeRefusal, true);
    assert.equal(assumes(mock, P), 2);
    // ListBuckets went once with each set: the first, then the renewed one.
    const listBuckets = mock.signed.filter((s) => s.call.account === P && s.call.operation === "ListBuckets");
    assert.deepEqual(
      listBuckets.map((s) => s.sessionToken),
      setsOf(mock, P).map((set) => set.sessionToken),
    );
    assert.deepEqual(refusedBrief(mock), []);
    assert.deepEqual(snapshot, baseline);
  });
});

describe("long scans: the caller's own credentials", () => {
  /** A provider of the caller's credentials, as SSO or instance metadata are: sets of LIFETIME by the clock, each new. */
  function provider() {
    const asked: boolean[] = [];
    const credentials = async (options?: { forceRefresh?: boolean }) => {
      asked.push(options?.forceRefresh === true);
      return { accessKeyId: `AKIA${M}`, secretAccessKey: "secret", sessionToken: `caller-${asked.length}`, expiration: new Date(Date.now() + LIFETIME) };
    };
    return { credentials, asked };
  }

  it("a refreshable provider of 15-minute sets is asked again by every client as its set nears expiry (AssumeRole included): no call refused", async () => {
    const caller = provider();
    const { snapshot, mock } = await longScan({ options: { credentials: caller.credentials } });
    assert.deepEqual(refusedBrief(mock), []);
    assert.deepEqual(snapshot, baseline);
    // Asked again, never forced (nothing was refused).
    assert.ok(caller.asked.length > 1);
    assert.ok(!caller.asked.includes(true));
    // The caller's calls, AssumeRole among them, were signed with several of its sets over the scan.
    const callerTokens = (filter: (s: SimCall) => boolean) => new Set(mock.signed.filter((s) => filter(s.call) && s.sessionToken?.startsWith("caller-")).map((s) => s.sessionToken));
    assert.ok(callerTokens(() => true).size >= 3, `${callerTokens(() => true).size} caller sets`);
    assert.ok(callerTokens((c) => c.operation === "AssumeRole").size >= 2);
  });

  it("a caller call answered ExpiredToken goes again once the provider gave new credentials (forceRefresh); with static credentials, or a provider that has no other, it is a collection error", async () => {
    const expiredOnce: Inject = (call, nth) =>
      call.account === M && call.operation === "ListBuckets" && nth === 1 ? Promise.reject(awsError("ExpiredTokenException", "The security token included in the request is expired", 400)) : undefined;
    const listBuckets = (mock: { calls: SimCall[] }) => mock.calls.filter((c) => c.account === M && c.operation === "ListBuckets").length;
    const scan = async (credentials: InternalOptions["credentials"]) => {
      const mock = mockAws(exampleWorld(), expiredOnce);
      try {
        return { snapshot: (await collectWithStats({ credentials, throttleBackoffMs: 0, now: () => NOW })).snapshot, mock };
      } finally {
        mock.restore();
      }
    };

    const caller = provider();
    const refreshed = await scan(caller.credentials);
    assert.equal(caller.asked.filter((forced) => forced).length, 1);
    assert.equal(listBuckets(refreshed.mock), 2);
    assert.deepEqual(refreshed.snapshot, baseline);

    const stale = { accessKeyId: `AKIA${M}`, secretAccessKey: "secret", sessionToken: "stale" };
    for (const credentials of [staticCredentials, async () => stale]) {
      const { snapshot, mock } = await scan(credentials);
      assert.equal(listBuckets(mock), 1);
      const errors = snapshot.accounts.find((a) => a.Id === M)!.collectionErrors!;
      assert.deepEqual(
        errors.map((e) => `${e.operation} ${e.code}`),
        ["ListBuckets ExpiredTokenException"],
      );
    }
  });
});
