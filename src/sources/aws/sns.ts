// SNS: a topic that an alarm of the scan names in AlarmActions, read once, in the account that owns
// it and in the topic's region: sns:ListSubscriptionsByTopic, every page. That one listing tells
// confirmation too: a subscription the endpoint has not confirmed has SubscriptionArn
// "PendingConfirmation" (GetTopicAttributes' SubscriptionsConfirmed/SubscriptionsPending count the
// same subscriptions, so it is not read: one call per topic page instead of two per topic).
// A topic of an account outside the scan is not read and gets no record: the checks say out of scope.
// A topic that no longer exists (NotFound: deleted after the alarm named it) is a known fact, not a
// failed read: its record says `exists: false`, with no subscriptions (the alarm notifies nobody).
import { ListSubscriptionsByTopicCommand, type ListSubscriptionsByTopicCommandOutput } from "@aws-sdk/client-sns";
import type { SnsSubscription } from "../../model/snapshot.js";
import { shape, str } from "./normalize.js";
import type { SnsTopic, Target } from "./target.js";

/** What ListSubscriptionsByTopic answers (normalize.ts): anything else fails the listing, and the topic's subscriptions are unknown. */
const SUBSCRIPTION = shape({ SubscriptionArn: str, Owner: str, Protocol: str, Endpoint: str, TopicArn: str }, ["SubscriptionArn", "Protocol"]);

export const PENDING_CONFIRMATION = "PendingConfirmation";
export const SNS_TOPIC_ORDER = ["TopicArn", "region", "exists", "subscriptions"] as const;

/** What ListSubscriptionsByTopic answers for a topic that does not exist: the SDK's exception name, and the query protocol's code. */
const TOPIC_NOT_FOUND = ["NotFoundException", "NotFound"];

/** The region and account of an SNS topic ARN (arn:<partition>:sns:<region>:<account>:<name>); undefined for anything else. */
export function snsTopicArn(arn: string): { region: string; account: string } | undefined {
  const parts = arn.split(":");
  if (parts.length !== 6 || parts[0] !== "arn" || parts[2] !== "sns" || !parts[3] || !/^\d{12}$/.test(parts[4]!) || !parts[5]) return undefined;
  return { region: parts[3], account: parts[4]! };
}

/**
 * The topics to read for these alarm actions, each once, with the account of the scan that owns it;
 * actions that are no SNS topic (Auto Scaling, EC2, Systems Manager actions) and topics of accounts
 * outside the scan (or whose account could not be entered) are left out.
 */
export function topicsToRead(actions: Iterable<string>, owners: ReadonlyMap<string, Target>, claimed: Set<string>): { owner: Target; arn: string }[] {
  const out: { owner: Target; arn: string }[] = [];
  for (const arn of actions) {
    const parts = snsTopicArn(arn);
    const owner = parts ? owners.get(parts.account) : undefined;
    if (!owner?.session.ready || claimed.has(arn)) continue;
    claimed.add(arn);
    out.push({ owner, arn });
  }
  return out;
}

/**
 * Reads one topic's subscriptions into target.snsTopics; a failed listing leaves them to
 * model/derive.ts (unknown); a topic that does not exist is `exists: false`, `subscriptions: []`.
 */
export async function readSnsTopic(target: Target, arn: string): Promise<void> {
  const region = snsTopicArn(arn)?.region ?? "";
  const topic: SnsTopic = { TopicArn: arn, region, subscriptions: [] };
  (target.snsTopics ??= new Map()).set(arn, topic);
  const listed = await target.session.paginate<ListSubscriptionsByTopicCommandOutput, Record<string, unknown>>(
    "sns",
    (NextToken) => new ListSubscriptionsByTopicCommand({ TopicArn: arn, ...(NextToken ? { NextToken } : {}) }),
    (page) => ({ items: page.Subscriptions as Record<string, unknown>[] | undefined, next: page.NextToken }),
    { region, resource: arn, tolerate: TOPIC_NOT_FOUND, list: { name: "Subscriptions", item: SUBSCRIPTION } },
  );
  if (listed === null) {
    target.snsTopics.set(arn, { TopicArn: arn, region, exists: false, subscriptions: [] });
    return;
  }
  if (!listed) return;
  topic.subscriptions = listed.map((s) => {
    const sub: SnsSubscription = { SubscriptionArn: s.SubscriptionArn as string, Protocol: s.Protocol as string, confirmed: s.SubscriptionArn !== PENDING_CONFIRMATION };
    if (typeof s.Endpoint === "string") sub.Endpoint = s.Endpoint;
    return sub;
  }) as SnsTopic["subscriptions"];
}
