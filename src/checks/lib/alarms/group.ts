// One log group against one control: do its metric filters, each with an alarm chain that reaches
// someone (chain.ts), together match every event of the control's reference pattern? Decided by
// entailment (src/model/filter-pattern `covers`), under both readings of `!=` on a missing field,
// which AWS does not document: a filter set is accepted only when it covers under both.
//
// Three-valued throughout: PASS when the filters with a good chain cover; a FAIL only when even the
// filters whose chain may be good (unknown reads) do not; in between the verdict rests on the
// unknowns. A pattern the parser cannot read whose chain may be good could cover: ERROR, never a guess.
import type { DataValue } from "../../../engine/check.js";
import { globMatch } from "../../../model/filter-pattern/evaluate.js";
import { covers, mayMatch, parse, renderAtom, type Atom, type CoverResult, type Expr, type ParseResult, type Pattern } from "../../../model/filter-pattern/index.js";
import type { LogGroup, Snapshot } from "../../../model/snapshot.js";
import { distinctUnknowns, isUnknown, type UnknownRef } from "../../../model/unknown.js";
import { filterChain, STAGE_RANK, type Bad, type Chain, type ChainStage } from "./chain.js";

export type GroupMessageId = "ok" | "noFilter" | "filterMisses" | ChainStage | "unreadablePattern" | "undecided" | "alarmMetricMath" | "topicOutOfScope";

/** How far along the set-up a verdict got: choosing among trails, the furthest FAIL is the one reported. */
export const GROUP_RANK: Record<Exclude<GroupMessageId, "ok">, number> = {
  noFilter: 10,
  filterMisses: 11,
  noAlarm: 12 + STAGE_RANK.noAlarm,
  alarmInsensitive: 12 + STAGE_RANK.alarmInsensitive,
  alarmDisabled: 12 + STAGE_RANK.alarmDisabled,
  noAlarmAction: 12 + STAGE_RANK.noAlarmAction,
  topicMissing: 12 + STAGE_RANK.topicMissing,
  noSubscriber: 12 + STAGE_RANK.noSubscriber,
  // ERRORs of the check's own: each may hide a PASS, so they outrank every FAIL.
  unreadablePattern: 30,
  undecided: 30,
  alarmMetricMath: 30,
  topicOutOfScope: 30,
};

export interface Reference {
  /** The published version(s) the pattern is taken from, e.g. "CIS AWS Foundations Benchmark v1.4.0–v3.0.0 4.3". */
  version: string;
  pattern: string;
  /**
   * Selectors (`$.errorMessage`) whose test marks a filter as written for the control, where the
   * reference's terms alone do not tell (its event names are another control's too).
   */
  signature?: readonly string[];
}

export interface GroupVerdict {
  status: "PASS" | "FAIL" | "ERROR";
  messageId: GroupMessageId;
  pointer: string;
  property?: string;
  data: Record<string, DataValue>;
  evidence: Record<string, unknown>;
  unknowns: UnknownRef[];
}

export interface GroupRef {
  group: LogGroup;
  pointer: string;
  accountIndex: number;
  region: string;
}

const BOTH = [{ neOnMissing: false }, { neOnMissing: true }] as const;

// Entailment is a pure function of the pattern texts, and the same filters are judged again and
// again (every member of an organization trail, every control, every snapshot of a run): memoised.
// A text parses to one Pattern object (parseCached), so the memos are keyed by the objects (by a
// number each for a set of them) instead of by the texts, which are long.
const MEMO_LIMIT = 20_000;
const coverMemo = new Map<string, CoverResult>();
const overlapMemo = new WeakMap<Pattern, WeakMap<Pattern, boolean>>();
/** meantFor's memo: by signature (the control's own array, or none), then reference, then filter. */
const meantBySignature = new WeakMap<object, WeakMap<Pattern, WeakMap<Pattern, boolean>>>();
const NO_SIGNATURE: readonly string[] = [];
const patternIds = new WeakMap<Pattern, number>();
let nextPatternId = 0;
function idOf(p: Pattern): number {
  let id = patternIds.get(p);
  if (id === undefined) patternIds.set(p, (id = nextPatternId++));
  return id;
}
function pairMemo(memo: WeakMap<Pattern, WeakMap<Pattern, boolean>>, a: Pattern, b: Pattern, make: () => WeakMap<Pattern, boolean>, compute: () => boolean): boolean {
  let inner = memo.get(a);
  if (inner === undefined) memo.set(a, (inner = make()));
  let value = inner.get(b);
  if (value === undefined) inner.set(b, (value = compute()));
  return value;
}

/** covers() under both readings of `!=` on a missing field: true only when both say so; a miss under either is a miss. */
export function coversBoth(patterns: Pattern[], reference: Pattern): CoverResult {
  const key = `${idOf(reference)}:${patterns.map(idOf).sort((a, b) => a - b).join(",")}`;
  let value = coverMemo.get(key);
  if (value === undefined) {
    if (coverMemo.size >= MEMO_LIMIT) coverMemo.clear();
    const results = BOTH.map((sem) => covers(patterns, reference, sem));
    value = results.find((r) => r.covers === false) ?? results.find((r) => r.covers === "unknown") ?? results[0]!;
    coverMemo.set(key, value);
  }
  return value;
}

const parsed = new Map<string, ParseResult>();
function parseCached(text: string): ParseResult {
  let r = parsed.get(text);
  if (r === undefined) {
    r = parse(text);
    parsed.set(text, r);
  }
  return r;
}

/** The reference pattern, parsed; a reference that does not parse is a bug in the check module. */
export function referencePattern(reference: Reference): Pattern {
  const r = parseCached(reference.pattern);
  if (r.kind !== "pattern") throw new Error(`reference pattern does not parse: ${reference.pattern}`);
  return r.pattern;
}

/** Whether some event matches both the filter and the reference (so the filter is a candidate for it). */
function overlaps(filter: Pattern, reference: Pattern): boolean {
  return pairMemo(overlapMemo, reference, filter, () => new WeakMap(), () => {
    const both: Pattern = { text: `${reference.text} && ${filter.text}`, expr: { kind: "and", items: [reference.expr, filter.expr] } };
    return BOTH.some((sem) => covers([], both, sem).covers !== true);
  });
}

function atomsOf(e: Expr): Atom[] {
  return e.kind === "atom" ? [e.atom] : e.items.flatMap(atomsOf);
}

const positive = (a: Atom) => !(a.test === "str" && a.neg) && !(a.test === "num" && a.cmp === "!=");

/** Whether filter atom `a` states the reference's positive term `w`: the same test, or a value and a wildcard that matches it. */
function states(a: Atom, w: Atom): boolean {
  if (renderAtom(a) === renderAtom(w)) return true;
  if (a.test !== "str" || w.test !== "str" || a.key !== w.key || a.neg || w.neg) return false;
  // A wildcard over the reference's value, or a value inside the reference's wildcard ("AccessDenied" for "AccessDenied*").
  const aWild = a.glob.includes("*");
  const wWild = w.glob.includes("*");
  return (aWild && !wWild && globMatch(a.glob, w.glob)) || (!aWild && wWild && globMatch(w.glob, a.glob));
}

/**
 * Whether a filter is written for the control, which a FAIL uses to name the filters meant for it
 * (or to say there is none): it tests one of the reference's `signature` fields, when the control
 * has them, else it states one of the reference's positive terms. Overlap alone would name the
 * root-usage filter for every control (root may create a VPC); a shared term alone would name the
 * filter for sign-ins without MFA for failed sign-ins (both are ConsoleLogin), hence the signatures.
 */
function meantFor(filter: Pattern, reference: Pattern, signature: readonly string[] | undefined): boolean {
  const sig = signature ?? NO_SIGNATURE;
  let memo = meantBySignature.get(sig);
  if (memo === undefined) meantBySignature.set(sig, (memo = new WeakMap()));
  return pairMemo(memo, reference, filter, () => new WeakMap(), () => {
    const own = atomsOf(filter.expr);
    if (signature) return own.some((a) => signature.includes(`$${a.key}`));
    const wanted = atomsOf(reference.expr).filter(positive);
    return own.filter(positive).some((a) => wanted.some((w) => states(a, w)));
  });
}

interface Item {
  name: string;
  text: string;
  pointer: string;
  parsed: ParseResult;
  chain: Chain;
  /** What the evidence says of the filter. */
  summary: { filterName: string; readable: boolean; chain: string };
}

/** The best chain over a filter's metric transformations (AWS allows one; a hand-written snapshot may hold more). */
function itemChain(snapshot: Snapshot, g: GroupRef, filter: MetricFilter, pointer: string): Chain {
  const chains = (filter.metricTransformations ?? []).map((t) =>
    filterChain(snapshot, { ...t, accountIndex: g.accountIndex, region: g.region }, pointer, filter.filterName),
  );
  return (
    chains.find((c) => c.kind === "good") ??
    chains.find((c) => c.kind === "maybe") ??
    chains.sort((a, b) => rankOf(b) - rankOf(a))[0] ?? {
      kind: "bad",
      bad: { stage: "noAlarm", pointer, data: { filter: filter.filterName, metricName: "(none)", metricNamespace: "(none)", nearMiss: " (the filter publishes no metric)" } },
    }
  );
}

const rankOf = (c: Chain) => (c.kind === "bad" ? STAGE_RANK[c.bad.stage] : -1);

function chainSummary(c: Chain): string {
  if (c.kind === "good") return `alarm ${c.alarm.alarm.AlarmName} -> ${c.topic.topic.TopicArn}`;
  if (c.kind === "bad") return c.bad.stage;
  return c.outOfScope ? "topic out of scope" : c.metricMath ? "metric-math alarm" : "not known";
}

function verdictOfBad(bad: Bad, unknowns: UnknownRef[], evidence: Record<string, unknown>): GroupVerdict {
  return { status: "FAIL", messageId: bad.stage, pointer: bad.pointer, ...(bad.property ? { property: bad.property } : {}), data: bad.data, evidence, unknowns };
}

type MetricFilter = NonNullable<Exclude<LogGroup["metricFilters"], { $unknown: unknown }>>[number];

/** A group's filters with their chains, the same for every control: built once per group of a snapshot. */
const itemsOf = new WeakMap<Snapshot, WeakMap<LogGroup, Item[]>>();
function groupItems(snapshot: Snapshot, g: GroupRef, raw: MetricFilter[]): Item[] {
  let bySnapshot = itemsOf.get(snapshot);
  if (bySnapshot === undefined) itemsOf.set(snapshot, (bySnapshot = new WeakMap()));
  let built = bySnapshot.get(g.group);
  if (built === undefined) {
    built = raw.map((f, k) => {
      const pointer = `${g.pointer}/metricFilters/${k}`;
      const parsed = parseCached(f.filterPattern ?? "");
      const chain = itemChain(snapshot, g, f, pointer);
      return { name: f.filterName, text: f.filterPattern ?? "", pointer, parsed, chain, summary: { filterName: f.filterName, readable: parsed.kind === "pattern", chain: chainSummary(chain) } };
    });
    bySnapshot.set(g.group, built);
  }
  return built;
}

/** The verdict on one log group for one control (see the header). */
export function judgeGroup(snapshot: Snapshot, g: GroupRef, reference: Reference): GroupVerdict {
  const ref = referencePattern(reference);
  const base = { logGroupName: g.group.logGroupName };
  // Evidence names what the verdict rests on without copying the snapshot: the reference by its
  // version (its pattern is the check's, in its docs and fixes); the group's filters by where they
  // are (`metricFilters`), and by name those that may match an event of the control (readable ones
  // that overlap the reference, and unreadable ones), with what the check derived of each: whether
  // it is readable, and the alarm chain it feeds.
  const evidenceBase = { logGroupArn: g.group.arn ?? null, referenceVersion: reference.version };
  const raw = g.group.metricFilters;
  if (isUnknown(raw)) {
    const unknowns = [{ cause: raw.$unknown, pointer: `${g.pointer}/metricFilters` }];
    return { status: "FAIL", messageId: "noFilter", pointer: g.pointer, data: { ...base, filterCount: "unknown number of filters" }, evidence: evidenceBase, unknowns };
  }
  const items = groupItems(snapshot, g, raw ?? []);
  // Only filters that match some event of the reference can help cover it; the others are left out
  // of every entailment (they change no answer, and cost time).
  const readable = items.filter((i): i is Item & { parsed: { kind: "pattern"; pattern: Pattern } } => i.parsed.kind === "pattern" && overlaps(i.parsed.pattern, ref));
  const overlapping = new Set<Item>(readable);
  const relevant = items.filter((i) => i.parsed.kind !== "pattern" || overlapping.has(i));
  const evidence = { ...evidenceBase, metricFilters: `${g.pointer}/metricFilters`, filters: relevant.map((i) => i.summary) };
  const isMeant = (i: (typeof readable)[number]) => meantFor(i.parsed.pattern, ref, reference.signature);
  const good = readable.filter((i) => i.chain.kind === "good");
  // An empty pattern matches every event: with a chain that reaches someone, it covers any control.
  const everything = items.find((i) => i.chain.kind === "good" && i.parsed.kind === "unsupported" && i.parsed.form === "empty");
  // The filters written for the control first: they name the PASS (the root-usage filter also
  // matches root's StopLogging, but it is not what monitors CloudTrail changes), and fewer filters
  // keep the entailment within its bounds (every filter overlaps "unauthorized API calls").
  const meant = good.filter(isMeant);
  const withMeant = meant.length > 0 && meant.length < good.length ? coversBoth(meant.map((i) => i.parsed.pattern), ref) : undefined;
  const withGood = withMeant?.covers === true ? withMeant : coversBoth(good.map((i) => i.parsed.pattern), ref);
  if (everything && withGood.covers !== true) {
    const c = everything.chain as Extract<Chain, { kind: "good" }>;
    return {
      status: "PASS",
      messageId: "ok",
      pointer: everything.pointer,
      data: { ...base, filters: everything.name, alarms: c.alarm.alarm.AlarmName, topics: c.topic.topic.TopicArn, referenceVersion: reference.version },
      evidence,
      unknowns: [],
    };
  }
  if (withGood.covers === true) {
    const used = withMeant?.covers === true || (meant.length === good.length && meant.length > 0) ? meant : good;
    const chains = used.map((i) => i.chain as Extract<Chain, { kind: "good" }>);
    return {
      status: "PASS",
      messageId: "ok",
      pointer: used[0]?.pointer ?? g.pointer,
      data: {
        ...base,
        filters: used.map((i) => i.name).join(", "),
        alarms: [...new Set(chains.map((c) => c.alarm.alarm.AlarmName))].join(", "),
        topics: [...new Set(chains.map((c) => c.topic.topic.TopicArn))].join(", "),
        referenceVersion: reference.version,
      },
      evidence,
      unknowns: [],
    };
  }

  const maybe = readable.filter((i) => i.chain.kind !== "bad");
  const withMaybe = coversBoth(maybe.map((i) => i.parsed.pattern), ref);
  // A pattern the parser does not read, whose chain may reach someone, may cover what the others
  // miss: ERROR, unless it provably does not match the event they miss (a term pattern without its terms).
  const unreadable = items.find(
    (i) => i.chain.kind !== "bad" && i.parsed.kind !== "pattern" && (withMaybe.covers !== false || mayMatch(i.parsed, i.text, withMaybe.witness)),
  );
  if (unreadable && unreadable.parsed.kind !== "pattern") {
    const reason = unreadable.parsed.kind === "error" ? `${unreadable.parsed.reason} at position ${unreadable.parsed.position}` : unreadable.parsed.reason;
    return { status: "ERROR", messageId: "unreadablePattern", pointer: unreadable.pointer, property: `${unreadable.pointer}/filterPattern`, data: { ...base, filter: unreadable.name, reason }, evidence, unknowns: [] };
  }
  if (withMaybe.covers !== false) {
    // Covered, if only the filters whose chain is not known to fail reach someone (or undecided).
    const open = maybe.filter((i) => i.chain.kind === "maybe").map((i) => i.chain as Extract<Chain, { kind: "maybe" }>);
    const scope = open.find((c) => c.outOfScope)?.outOfScope;
    if (scope) {
      return {
        status: "ERROR",
        messageId: "topicOutOfScope",
        pointer: scope.alarm.pointer,
        property: `${scope.alarm.pointer}/AlarmActions`,
        data: { ...base, alarm: scope.alarm.alarm.AlarmName, topicArn: scope.topicArn, topicAccountId: scope.topicAccountId },
        evidence,
        unknowns: open.flatMap((c) => c.unknowns),
      };
    }
    const math = open.find((c) => c.metricMath)?.metricMath;
    if (math) {
      return { status: "ERROR", messageId: "alarmMetricMath", pointer: math.pointer, property: `${math.pointer}/Metrics`, data: { ...base, alarm: math.alarm.AlarmName }, evidence, unknowns: open.flatMap((c) => c.unknowns) };
    }
    const unknowns = distinctUnknowns(open.flatMap((c) => c.unknowns));
    if (unknowns.length === 0) {
      const why = withMaybe.covers === "unknown" ? withMaybe.why : withGood.covers === "unknown" ? withGood.why : "";
      return { status: "ERROR", messageId: "undecided", pointer: g.pointer, data: { ...base, filters: maybe.map((i) => i.name).join(", "), why }, evidence, unknowns: [] };
    }
    const bad = open.find((c) => c.bad)?.bad;
    if (bad) return verdictOfBad(bad, unknowns, evidence);
    return { status: "FAIL", messageId: "noAlarm", pointer: maybe[0]?.pointer ?? g.pointer, data: { ...base, filter: maybe[0]?.name ?? "", metricName: "", metricNamespace: "", nearMiss: "" }, evidence, unknowns };
  }

  // A FAIL: an event of the reference reaches no one. Is it the filters, or the alarms behind them?
  const all = coversBoth(readable.map((i) => i.parsed.pattern), ref);
  const candidates = readable.filter(isMeant);
  if (all.covers === false) {
    const witness = { witness: all.witness };
    if (candidates.length === 0) {
      return { status: "FAIL", messageId: "noFilter", pointer: g.pointer, property: `${g.pointer}/metricFilters`, data: { ...base, filterCount: `${items.length} ${items.length === 1 ? "filter" : "filters"}` }, evidence: { ...evidence, ...witness }, unknowns: [] };
    }
    const first = candidates[0]!;
    // The events the filters meant for the control miss (filters written for other events may match
    // some of them, but nobody reads those alarms as this control's).
    const theirs = coversBoth(candidates.map((i) => i.parsed.pattern), ref);
    const missed = theirs.covers === false ? theirs.missed : all.missed;
    return {
      status: "FAIL",
      messageId: "filterMisses",
      pointer: first.pointer,
      property: `${first.pointer}/filterPattern`,
      data: { ...base, filters: candidates.map((i) => i.name).join(", "), missed, referenceVersion: reference.version },
      evidence: { ...evidence, ...witness },
      unknowns: [],
    };
  }
  // The filters cover (or may): the chain of a candidate filter fails. Report the one closest to working.
  const badOf = (list: typeof readable) => list.flatMap((i) => (i.chain.kind === "bad" ? [i.chain.bad] : [])).sort((a, b) => STAGE_RANK[b.stage] - STAGE_RANK[a.stage]);
  const closest = badOf(candidates)[0] ?? badOf(readable)[0];
  if (closest) return verdictOfBad(closest, [], evidence);
  const why = all.covers === "unknown" ? all.why : "";
  return { status: "ERROR", messageId: "undecided", pointer: g.pointer, data: { ...base, filters: readable.map((i) => i.name).join(", "), why }, evidence, unknowns: [] };
}
