// From a metric filter to a person: the alarms on the filter's metric, whether one of them fires on a
// single matching event and notifies an SNS topic, and whether someone confirmed a subscription to
// that topic. Three-valued: a link that could not be read (alarms or subscriptions unknown, a topic
// the snapshot does not hold) makes the filter a "maybe", never a "no".
//
// An alarm watches the filter's metric when MetricName and Namespace are equal and its Dimensions
// are the filter's dimensions (CloudWatch treats every dimension set as a metric of its own: an
// alarm with a dimension the filter does not publish never gets a datapoint), in the account that
// owns the log group and the log group's region (metric filters publish there).
import type { DataValue } from "../../../engine/check.js";
import { accountIndex, findAccount, parseArn } from "../../../model/coverage.js";
import { UNRESOLVED_CODE, type CollectionError } from "../../../model/errors.js";
import type { Account, MetricAlarm, Snapshot, SnsTopic } from "../../../model/snapshot.js";
import { isUnknown, type UnknownRef } from "../../../model/unknown.js";
import { isFileSnapshot } from "../accounts.js";

/** The metric a filter publishes, with where: the account and region of its log group. */
export interface FilterMetric {
  metricName: string;
  metricNamespace: string;
  metricValue?: string;
  dimensions?: Record<string, string>;
  unit?: string;
  accountIndex: number;
  region: string;
}

/** Why a filter's events do not reach anyone, the worst first (rank: how far along the chain it got). */
export type ChainStage = "noAlarm" | "alarmInsensitive" | "alarmDisabled" | "noAlarmAction" | "topicMissing" | "noSubscriber";
export const STAGE_RANK: Record<ChainStage, number> = { noAlarm: 0, alarmInsensitive: 1, alarmDisabled: 2, noAlarmAction: 3, topicMissing: 4, noSubscriber: 5 };

export interface AlarmRef {
  alarm: MetricAlarm;
  pointer: string;
}

export interface TopicRef {
  topic: SnsTopic;
  pointer: string;
}

export type Chain =
  | { kind: "good"; alarm: AlarmRef; topic: TopicRef }
  /** Not known to reach anyone: the unknowns it rests on, and what is known to be wrong so far (if anything). */
  | { kind: "maybe"; unknowns: UnknownRef[]; bad?: Bad; outOfScope?: OutOfScope; metricMath?: AlarmRef }
  | { kind: "bad"; bad: Bad };

export interface Bad {
  stage: ChainStage;
  pointer: string;
  property?: string;
  data: Record<string, DataValue>;
}

export interface OutOfScope {
  alarm: AlarmRef;
  topicArn: string;
  topicAccountId: string;
}

/** arn:<partition>:sns:<region>:<account>:<name>, or undefined for another action (Auto Scaling, EC2, SSM). */
export function snsTopicParts(arn: string): { region: string; account: string; name: string } | undefined {
  const p = parseArn(arn);
  if (!p || p.service !== "sns" || !p.region || !p.account || !p.resource || p.resource.includes(":")) return undefined;
  return { region: p.region, account: p.account, name: p.resource };
}

/** The region an alarm was read in (the collector sets it), else the one in its ARN. */
export function alarmRegion(alarm: MetricAlarm): string | undefined {
  return alarm.region ?? alarm.AlarmArn?.split(":")[3];
}

function sameDimensions(alarm: MetricAlarm, metric: FilterMetric): boolean {
  const want = Object.entries(metric.dimensions ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const have = [...(alarm.Dimensions ?? [])].sort((a, b) => a.Name.localeCompare(b.Name));
  return want.length === have.length && want.every(([name], i) => have[i]!.Name === name);
}

function dimensionText(alarm: MetricAlarm): string {
  const dims = alarm.Dimensions ?? [];
  return dims.length === 0 ? "no dimensions" : `dimensions ${dims.map((d) => `${d.Name}=${d.Value}`).join(", ")}`;
}

/** Whether a metric-math alarm reads the metric in one of its queries. */
function mathReads(alarm: MetricAlarm, metric: FilterMetric): boolean {
  return (alarm.Metrics ?? []).some((q) => {
    const stat = q.MetricStat as { Metric?: { MetricName?: string; Namespace?: string } } | undefined;
    return stat?.Metric?.MetricName === metric.metricName && stat.Metric.Namespace === metric.metricNamespace;
  });
}

/**
 * Why one matching event does not put the alarm into ALARM, or undefined when it does: one datapoint
 * (Sum of the metric value, or SampleCount 1) must breach the threshold, and one breaching datapoint
 * must be enough (DatapointsToAlarm, which defaults to EvaluationPeriods).
 */
export function insensitivity(alarm: MetricAlarm, metric: FilterMetric): string | undefined {
  const statistic = alarm.Statistic ?? alarm.ExtendedStatistic;
  if (statistic !== "Sum" && statistic !== "SampleCount") {
    return `its statistic is ${statistic ?? "not set"}, so a burst of other datapoints can hide one event: use Sum or SampleCount`;
  }
  const value = statistic === "SampleCount" ? 1 : Number(metric.metricValue ?? "1");
  if (!Number.isFinite(value)) {
    return `its statistic is Sum of metric value ${metric.metricValue}, taken from the event, so one event may stay under the threshold: use SampleCount or metricValue 1`;
  }
  const threshold = alarm.Threshold;
  const op = alarm.ComparisonOperator;
  const fires = threshold !== undefined && ((op === "GreaterThanOrEqualToThreshold" && value >= threshold) || (op === "GreaterThanThreshold" && value > threshold));
  if (!fires) {
    return `one event makes a datapoint of ${value}, which does not breach ${op ?? "no comparison"} ${threshold ?? "(no threshold)"}: use GreaterThanOrEqualToThreshold 1`;
  }
  const needed = alarm.DatapointsToAlarm ?? alarm.EvaluationPeriods ?? 1;
  if (needed > 1) return `it needs ${needed} breaching datapoints (DatapointsToAlarm / EvaluationPeriods), so a single event does not fire it: use 1`;
  const unit = metric.unit ?? "None";
  if (alarm.Unit !== undefined && alarm.Unit !== unit) {
    return `it asks for unit ${alarm.Unit}, but the filter publishes ${unit === "None" ? "no unit" : unit}, so the alarm gets no datapoints`;
  }
  return undefined;
}

const unresolved = (service: string, operation: string, resource: string, message: string): CollectionError => ({ service, operation, resource, code: UNRESOLVED_CODE, message });

/** A topic of an alarm action: what the snapshot knows of it. */
type TopicLookup =
  | { kind: "found"; ref: TopicRef }
  | { kind: "unknown"; unknown: UnknownRef }
  | { kind: "outOfScope"; accountId: string };

function lookupTopic(snapshot: Snapshot, arn: string, alarm: AlarmRef): TopicLookup {
  const parts = snsTopicParts(arn)!;
  const account: Account | undefined = findAccount(snapshot, parts.account);
  const file = isFileSnapshot(snapshot);
  const notHere = (): TopicLookup => ({
    kind: "unknown",
    unknown: {
      cause: file
        ? unresolved("sns", "ListSubscriptionsByTopic", arn, `SNS topic ${arn}, which alarm ${alarm.alarm.AlarmName} notifies, is not defined in this file: whether anyone is subscribed to it cannot be decided from it`)
        : { service: "sns", operation: "ListSubscriptionsByTopic", region: parts.region, resource: arn, code: "NotInSnapshot", message: `the snapshot holds no record of SNS topic ${arn}` },
      pointer: `${alarm.pointer}/AlarmActions`,
    },
  });
  if (account === undefined) return file ? notHere() : { kind: "outOfScope", accountId: parts.account };
  const index = accountIndex(snapshot, parts.account);
  const topics = account.snsTopics;
  if (isUnknown(topics)) return { kind: "unknown", unknown: { cause: topics.$unknown, pointer: `/accounts/${index}/snsTopics` } };
  const at = (topics ?? []).findIndex((t) => t.TopicArn === arn);
  if (at < 0) return notHere();
  return { kind: "found", ref: { topic: topics![at]!, pointer: `/accounts/${index}/snsTopics/${at}` } };
}

/** Confirmed subscriptions decide; pending ones do not; unknown confirmation is a maybe. */
function topicReach(ref: TopicRef): { reaches: true } | { reaches: false; pending: number } | { reaches: "unknown"; unknowns: UnknownRef[] } {
  const subs = ref.topic.subscriptions;
  if (isUnknown(subs)) return { reaches: "unknown", unknowns: [{ cause: subs.$unknown, pointer: `${ref.pointer}/subscriptions` }] };
  if (subs.some((s) => !isUnknown(s.confirmed) && s.confirmed === true)) return { reaches: true };
  const unknowns = subs.flatMap((s, i) => (isUnknown(s.confirmed) ? [{ cause: s.confirmed.$unknown, pointer: `${ref.pointer}/subscriptions/${i}/confirmed` }] : []));
  if (unknowns.length > 0) return { reaches: "unknown", unknowns };
  return { reaches: false, pending: subs.length };
}

/** The chain of one alarm: good, bad at some stage, or a maybe. */
function alarmChain(snapshot: Snapshot, ref: AlarmRef, metric: FilterMetric): Chain {
  const { alarm } = ref;
  // alarmName: the fix replaces this alarm's settings (put-metric-alarm with its name), not a new one.
  const about = { alarm: alarm.AlarmName, alarmName: alarm.AlarmName, metricName: metric.metricName, metricNamespace: metric.metricNamespace };
  const reason = insensitivity(alarm, metric);
  if (reason !== undefined) return { kind: "bad", bad: { stage: "alarmInsensitive", pointer: ref.pointer, data: { ...about, reason } } };
  if (alarm.ActionsEnabled === false) return { kind: "bad", bad: { stage: "alarmDisabled", pointer: ref.pointer, property: `${ref.pointer}/ActionsEnabled`, data: about } };
  const topicArns = (alarm.AlarmActions ?? []).filter((a) => snsTopicParts(a) !== undefined);
  if (topicArns.length === 0) {
    const actions = (alarm.AlarmActions ?? []).join(", ") || "none";
    return { kind: "bad", bad: { stage: "noAlarmAction", pointer: ref.pointer, property: `${ref.pointer}/AlarmActions`, data: { ...about, actions } } };
  }
  const unknowns: UnknownRef[] = [];
  let outOfScope: OutOfScope | undefined;
  let bad: Bad | undefined;
  for (const arn of topicArns) {
    const found = lookupTopic(snapshot, arn, ref);
    if (found.kind === "outOfScope") {
      outOfScope ??= { alarm: ref, topicArn: arn, topicAccountId: found.accountId };
      continue;
    }
    if (found.kind === "unknown") {
      unknowns.push(found.unknown);
      continue;
    }
    const region = snsTopicParts(arn)!.region;
    if (found.ref.topic.exists === false) {
      // ListSubscriptionsByTopic answered NotFound: the topic was deleted, the alarm notifies nobody.
      const name = snsTopicParts(arn)!.name;
      bad ??= { stage: "topicMissing", pointer: found.ref.pointer, data: { ...about, topicArn: arn, topicRegion: region, topicName: name } };
      continue;
    }
    const reach = topicReach(found.ref);
    if (reach.reaches === true) return { kind: "good", alarm: ref, topic: found.ref };
    if (reach.reaches === "unknown") unknowns.push(...reach.unknowns);
    else {
      bad = bad?.stage === "noSubscriber" ? bad : {
        stage: "noSubscriber",
        pointer: found.ref.pointer,
        property: `${found.ref.pointer}/subscriptions`,
        data: { ...about, topicArn: arn, topicRegion: region, subscriptions: reach.pending === 0 ? "no subscriptions" : `${reach.pending} pending confirmation` },
      };
    }
  }
  if (unknowns.length > 0 || outOfScope) return { kind: "maybe", unknowns, ...(bad ? { bad } : {}), ...(outOfScope ? { outOfScope } : {}) };
  return { kind: "bad", bad: bad! };
}

type RegionAlarms = { alarms: AlarmRef[] } | { unknown: UnknownRef };
const regionAlarmsOf = new WeakMap<Snapshot, Map<string, RegionAlarms>>();

/** The alarms of the log group's account and region, or the unknown that hides them (once per account and region: every filter of every group there asks). */
export function regionAlarms(snapshot: Snapshot, metric: FilterMetric): RegionAlarms {
  let bySnapshot = regionAlarmsOf.get(snapshot);
  if (bySnapshot === undefined) regionAlarmsOf.set(snapshot, (bySnapshot = new Map()));
  const key = `${metric.accountIndex}\u0000${metric.region}`;
  let found = bySnapshot.get(key);
  if (found === undefined) bySnapshot.set(key, (found = regionAlarmsUncached(snapshot, metric)));
  return found;
}

function regionAlarmsUncached(snapshot: Snapshot, metric: FilterMetric): RegionAlarms {
  const account = snapshot.accounts[metric.accountIndex]!;
  const alarms = account.alarms;
  if (isUnknown(alarms)) return { unknown: { cause: alarms.$unknown, pointer: `/accounts/${metric.accountIndex}/alarms` } };
  const refs = (alarms ?? []).map((alarm, i) => ({ alarm, pointer: `/accounts/${metric.accountIndex}/alarms/${i}` }));
  return { alarms: refs.filter((r) => alarmRegion(r.alarm) === undefined || alarmRegion(r.alarm) === metric.region) };
}

/**
 * The best chain among the alarms on the filter's metric: good if any alarm is; else a maybe if any
 * is (the unknowns of every maybe); else the bad one that got furthest. `filterPointer` locates the
 * filter (a noAlarm finding points there).
 */
export function filterChain(snapshot: Snapshot, metric: FilterMetric, filterPointer: string, filterName: string): Chain {
  const listed = regionAlarms(snapshot, metric);
  if ("unknown" in listed) return { kind: "maybe", unknowns: [listed.unknown] };
  const onMetric = listed.alarms.filter((r) => r.alarm.MetricName === metric.metricName && r.alarm.Namespace === metric.metricNamespace && sameDimensions(r.alarm, metric));
  const chains = onMetric.map((r) => alarmChain(snapshot, r, metric));
  const good = chains.find((c) => c.kind === "good");
  if (good) return good;
  const maybes = chains.filter((c): c is Extract<Chain, { kind: "maybe" }> => c.kind === "maybe");
  const math = listed.alarms.find((r) => r.alarm.MetricName === undefined && mathReads(r.alarm, metric));
  const bads = chains.filter((c): c is Extract<Chain, { kind: "bad" }> => c.kind === "bad").map((c) => c.bad);
  const worst = bads.sort((a, b) => STAGE_RANK[b.stage] - STAGE_RANK[a.stage])[0];
  if (maybes.length > 0 || math) {
    const bad = worst ?? maybes.find((m) => m.bad)?.bad;
    const outOfScope = maybes.find((m) => m.outOfScope)?.outOfScope;
    return {
      kind: "maybe",
      unknowns: maybes.flatMap((m) => m.unknowns),
      ...(bad ? { bad } : {}),
      ...(outOfScope ? { outOfScope } : {}),
      ...(math ? { metricMath: math } : {}),
    };
  }
  if (worst) return { kind: "bad", bad: worst };
  // No alarm on the metric: name the near misses (same metric name, another namespace or dimensions).
  const near = listed.alarms.filter((r) => r.alarm.MetricName === metric.metricName);
  const nearMiss = near.length === 0
    ? ""
    : ` (${near.map((r) => `alarm ${r.alarm.AlarmName} watches ${r.alarm.MetricName} in namespace ${r.alarm.Namespace ?? "(none)"} with ${dimensionText(r.alarm)}`).join("; ")})`;
  return {
    kind: "bad",
    bad: { stage: "noAlarm", pointer: filterPointer, data: { filter: filterName, metricName: metric.metricName, metricNamespace: metric.metricNamespace, nearMiss } },
  };
}
