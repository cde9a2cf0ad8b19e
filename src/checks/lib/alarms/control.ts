// The engine of the CIS monitoring controls (CIS AWS Foundations 4.1–4.15, Security Hub
// CloudWatch.1–14): one result per account. Some logging multi-region trail that covers the account
// and records the management events the control needs delivers to a CloudWatch Logs group, where
// metric filters whose patterns together cover the control's reference pattern (group.ts) each feed
// an alarm that fires on one event and notifies an SNS topic someone confirmed (chain.ts).
//
// Among several candidate trails the first PASS wins; otherwise the verdict that got furthest (an
// ERROR of the check's own first, since it may hide a PASS), with the unknowns of every trail that
// could have passed (the engine then reports ERROR). An organization trail's log group lives in the
// management account: every member is judged on it, once (verdicts are cached per log group).
import { defineCheck, type CheckModule, type CheckResult, type DataValue } from "../../../engine/check.js";
import { accountIndex, logGroupNameOfArn, parseArn, shownHomeRegion, trailFlag, trailString, type TrailRef } from "../../../model/coverage.js";
import { UNRESOLVED_CODE } from "../../../model/errors.js";
import { globMatch } from "../../../model/filter-pattern/evaluate.js";
import { managementEvents, selectorsArgument, selectorsUnknown, withAllManagementEvents } from "../../../model/selectors.js";
import type { Account, Snapshot } from "../../../model/snapshot.js";
import { distinctUnknowns, isUnknown, type UnknownRef } from "../../../model/unknown.js";
import { isFileSnapshot } from "../accounts.js";
import { coveredAccount } from "../covered-account.js";
import { docsUrl } from "../docs.js";
import { snsTopicParts } from "./chain.js";
import { GROUP_RANK, judgeGroup, type GroupRef, type GroupVerdict } from "./group.js";
import { alarmMeta, fixNames, NAMESPACE, type AlarmControl, type AlarmMessageId } from "./meta.js";

export type { AlarmControl } from "./meta.js";

/** What keeps a trail from feeding the control: management events it does not record, or undefined. */
function missingEvents(control: AlarmControl, ref: TrailRef): string | undefined {
  const m = managementEvents(ref.trail);
  const halves = [control.needsRead && !m.read ? "read" : undefined, !m.write ? "write" : undefined].filter(Boolean);
  if (halves.length > 0) return `${halves.join(" and ")} management events`;
  const excluded = m.excludedSources.filter((s) => control.sources === undefined || control.sources.some((src) => globMatch(s, src)));
  if (excluded.length > 0) return `management events from ${excluded.join(", ")} (excluded by its event selectors)`;
  return undefined;
}

type Located = { group: GroupRef } | { missing: { accountIndex: number; region: string; name: string } } | { unknown: UnknownRef };

/** The log group a trail names, in the snapshot; a group a file does not define is unknown, not missing. */
function locateGroup(snapshot: Snapshot, ref: TrailRef, arn: string): Located {
  const parts = parseArn(arn);
  const name = logGroupNameOfArn(arn);
  const region = parts?.region || ref.homeRegion;
  const owner = parts?.account || ref.ownerAccountId;
  const index = accountIndex(snapshot, owner);
  const file = isFileSnapshot(snapshot);
  const open = (message: string, code = UNRESOLVED_CODE): Located => ({
    unknown: { cause: { service: "logs", operation: "DescribeMetricFilters", region, resource: arn, code, message }, pointer: `${ref.pointer}/CloudWatchLogsLogGroupArn` },
  });
  if (index < 0) return open(`CloudWatch Logs group ${name} of trail ${ref.trail.Name} belongs to account ${owner}, which is not in this snapshot: out of scope: scan account ${owner}`, "NotInSnapshot");
  const groups = snapshot.accounts[index]!.logGroups;
  if (isUnknown(groups)) return { unknown: { cause: groups.$unknown, pointer: `/accounts/${index}/logGroups` } };
  const at = (groups ?? []).findIndex((g) => g.logGroupName === name && (g.region === undefined || g.region === region));
  if (at < 0) {
    if (file) return open(`CloudWatch Logs group ${name}, which trail ${ref.trail.Name} delivers to, is not defined in this file: its metric filters and alarms cannot be judged from it`);
    return { missing: { accountIndex: index, region, name } };
  }
  const group = groups![at]!;
  const pointer = `/accounts/${index}/logGroups/${at}`;
  if (group.$unknown) return { unknown: { cause: group.$unknown, pointer } };
  return { group: { group, pointer, accountIndex: index, region } };
}

/**
 * Where a trail's log group is, and whose account and region it is in: the same for every account
 * the trail covers and every control, so found once per trail of a snapshot.
 */
interface Placed {
  at: Located;
  region: string;
  owner: string;
  ownerAccount: Account | undefined;
  /** The log group's name, from the ARN. */
  groupName: string;
}
const placedOf = new WeakMap<Snapshot, WeakMap<object, Placed>>();
function placeGroup(snapshot: Snapshot, ref: TrailRef, arn: string): Placed {
  let bySnapshot = placedOf.get(snapshot);
  if (bySnapshot === undefined) placedOf.set(snapshot, (bySnapshot = new WeakMap()));
  let placed = bySnapshot.get(ref.trail);
  if (placed === undefined) {
    const parts = parseArn(arn);
    const owner = parts?.account || ref.ownerAccountId;
    placed = { at: locateGroup(snapshot, ref, arn), region: parts?.region || ref.homeRegion, owner, ownerAccount: snapshot.accounts[accountIndex(snapshot, owner)], groupName: logGroupNameOfArn(arn) };
    bySnapshot.set(ref.trail, placed);
  }
  return placed;
}

const verdicts = new WeakMap<object, Map<string, GroupVerdict>>();

function cachedJudge(snapshot: Snapshot, g: GroupRef, control: AlarmControl): GroupVerdict {
  let byControl = verdicts.get(g.group);
  if (byControl === undefined) verdicts.set(g.group, (byControl = new Map()));
  let v = byControl.get(control.id);
  if (v === undefined) byControl.set(control.id, (v = judgeGroup(snapshot, g, control.reference)));
  return v;
}

/**
 * The placeholders of the fixes: the account's log group, and the topic to notify (one with a
 * confirmed subscriber when the account has it), written into `data` (which the caller has just
 * made: assignments, not object spreads, on this path of every account and control).
 */
function withFixData(data: Record<string, DataValue>, snapshot: Snapshot, account: Account | undefined, ownerAccountId: string, region: string, group: string): Record<string, DataValue> {
  const topics = account && !isUnknown(account.snsTopics) ? (account.snsTopics ?? []) : [];
  const good = topics.find(
    (t) => t.region === region && t.exists !== false && !isUnknown(t.subscriptions) && t.subscriptions.some((s) => !isUnknown(s.confirmed) && s.confirmed === true),
  );
  const topicArn = good?.TopicArn ?? `arn:${snapshot.partition}:sns:${region}:${ownerAccountId}:cis-monitoring-alarms`;
  const topicName = good ? (snsTopicParts(topicArn)?.name ?? "cis-monitoring-alarms") : "cis-monitoring-alarms";
  const subscribeCommand = good
    ? `aws sns list-subscriptions-by-topic --region ${region} --topic-arn ${topicArn}`
    : `aws sns subscribe --region ${region} --topic-arn ${topicArn} --protocol email --notification-endpoint <security-team@example.com>`;
  data.logGroupName = group;
  data.logGroupRegion = region;
  data.ownerAccountId = ownerAccountId;
  data.partition = snapshot.partition;
  data.topicArn = topicArn;
  data.topicName = topicName;
  data.topicRegion = region;
  data.subscribeCommand = subscribeCommand;
  return data;
}

/** `target` with the entries of `source` written over it, in order (as a spread would). */
function assign<T>(target: Record<string, T>, source: Readonly<Record<string, T>>): Record<string, T> {
  for (const key of Object.keys(source)) target[key] = source[key]!;
  return target;
}

interface Judged {
  verdict: GroupVerdict | { status: "FAIL"; messageId: "logGroupMissing"; pointer: string; property: string; data: Record<string, DataValue>; evidence: Record<string, unknown>; unknowns: UnknownRef[] };
  ref: TrailRef;
  rank: number;
}

const rankOf = (messageId: string): number => (messageId === "logGroupMissing" ? 5 : (GROUP_RANK as Record<string, number>)[messageId] ?? 0);

/** The check of one control. */
export function defineAlarmCheck(control: AlarmControl): CheckModule<Record<string, never>, AlarmMessageId> {
  const names = fixNames(control);
  return defineCheck<Record<string, never>, AlarmMessageId>({
    meta: alarmMeta(control, docsUrl(control.id)),
    run(snapshot) {
      return snapshot.accounts.map((account, index): CheckResult<AlarmMessageId> => {
        const opening = coveredAccount(snapshot, account, index);
        if (opening.result) return opening.result;
        const { coverage } = opening;
        const unknowns: UnknownRef[] = [...coverage.unknown];
        const trailData = (ref: TrailRef): Record<string, DataValue> => ({
          trail: ref.trail.Name,
          trailArn: ref.trail.TrailARN,
          homeRegion: shownHomeRegion(ref),
          ownerAccountId: ref.ownerAccountId,
          alarmName: names.alarmName,
          metricName: control.metricName,
          metricNamespace: NAMESPACE,
        });

        // Trails that can feed the control, and why the others cannot.
        const wired: { ref: TrailRef; arn: string }[] = [];
        const unrecorded: { ref: TrailRef; arn: string; missing: string }[] = [];
        for (const ref of coverage.logging) {
          // A trail known to be single-region, or known not to be wired, cannot feed the control
          // whatever else about it is unknown.
          const own: UnknownRef[] = [];
          if (trailFlag(ref, "IsMultiRegionTrail", own) === false) continue;
          const arn = trailString(ref, "CloudWatchLogsLogGroupArn", own);
          if (own.length === 0 && !arn) continue;
          const gap = selectorsUnknown(ref.trail, ref.pointer);
          if (gap) own.push(gap);
          if (own.length > 0 || !arn) {
            unknowns.push(...own);
            continue;
          }
          const missing = missingEvents(control, ref);
          if (missing) unrecorded.push({ ref, arn, missing });
          else wired.push({ ref, arn });
        }

        const judged: Judged[] = [];
        for (const { ref, arn } of wired) {
          const { at } = placeGroup(snapshot, ref, arn);
          if ("unknown" in at) {
            unknowns.push(at.unknown);
            continue;
          }
          if ("missing" in at) {
            const verdict = {
              status: "FAIL" as const,
              messageId: "logGroupMissing" as const,
              pointer: ref.pointer,
              property: `${ref.pointer}/CloudWatchLogsLogGroupArn`,
              data: { logGroupName: at.missing.name, logGroupRegion: at.missing.region },
              evidence: { CloudWatchLogsLogGroupArn: arn },
              unknowns: [],
            };
            judged.push({ verdict, ref, rank: rankOf("logGroupMissing") });
            continue;
          }
          const verdict = cachedJudge(snapshot, at.group, control);
          judged.push({ verdict, ref, rank: rankOf(verdict.messageId) });
        }

        const pass = judged.find((j) => j.verdict.status === "PASS");
        const finish = (j: Judged, extra: UnknownRef[]): CheckResult<AlarmMessageId> => {
          const { verdict, ref } = j;
          const groupArn = wired.find((w) => w.ref === ref)!.arn;
          const { region, owner, ownerAccount, groupName } = placeGroup(snapshot, ref, groupArn);
          return {
            status: verdict.status,
            messageId: verdict.messageId,
            accountId: account.Id,
            region,
            resource: groupArn,
            pointer: verdict.pointer,
            ...(verdict.property ? { property: verdict.property } : {}),
            data: assign(withFixData(trailData(ref), snapshot, ownerAccount, owner, region, groupName), verdict.data),
            evidence: assign<unknown>({ trail: ref.trail.TrailARN }, verdict.evidence),
            unknowns: distinctUnknowns([...verdict.unknowns, ...extra]),
          };
        };
        if (pass) return finish(pass, []);
        const others = distinctUnknowns([...unknowns, ...judged.flatMap((j) => j.verdict.unknowns)]);
        const furthest = [...judged].sort((a, b) => b.rank - a.rank)[0];
        if (furthest) return finish(furthest, others);

        // No trail could be judged on its log group: say why.
        const pointer = `/accounts/${index}`;
        if (unrecorded.length > 0) {
          const { ref, arn, missing } = unrecorded[0]!;
          const region = parseArn(arn)?.region || ref.homeRegion;
          const owner = ref.ownerAccountId;
          const events = managementEvents(ref.trail);
          const keep = events.excludedSources.filter((s) => control.sources !== undefined && !control.sources.some((src) => globMatch(s, src)));
          return {
            status: "FAIL",
            messageId: "eventsNotRecorded",
            accountId: account.Id,
            region: ref.homeRegion,
            resource: ref.trail.TrailARN,
            pointer: ref.pointer,
            data: assign(withFixData(trailData(ref), snapshot, snapshot.accounts[accountIndex(snapshot, owner)], owner, region, logGroupNameOfArn(arn)), {
              missingEvents: missing,
              selectorsArgument: selectorsArgument(withAllManagementEvents(ref.trail, keep)),
            }),
            evidence: { trail: ref.trail.TrailARN, managementEvents: events as unknown as Record<string, unknown> },
            unknowns: distinctUnknowns(unknowns),
          };
        }
        const candidate = coverage.logging[0]!;
        const suggested = `aws-cloudtrail-logs-${candidate.trail.Name}`;
        return {
          status: "FAIL",
          messageId: "notWired",
          accountId: account.Id,
          region: candidate.homeRegion,
          resource: candidate.trail.TrailARN,
          pointer: candidate.pointer ?? pointer,
          data: assign(withFixData(trailData(candidate), snapshot, snapshot.accounts[accountIndex(snapshot, candidate.ownerAccountId)], candidate.ownerAccountId, candidate.homeRegion, suggested), {
            trails: coverage.logging.map((r) => `${r.trail.Name} (${isMulti(r) ? "multi-region" : "single-region"}${hasGroup(r) ? ", wired" : ""})`).join(", "),
          }),
          evidence: { trails: coverage.logging.map((r) => r.trail.TrailARN) },
          unknowns: distinctUnknowns(unknowns),
        };
      });
    },
  });
}

const isMulti = (r: TrailRef) => !isUnknown(r.trail.IsMultiRegionTrail) && r.trail.IsMultiRegionTrail === true;
const hasGroup = (r: TrailRef) => !isUnknown(r.trail.CloudWatchLogsLogGroupArn) && Boolean(r.trail.CloudWatchLogsLogGroupArn);
