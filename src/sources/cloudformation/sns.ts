// CloudFormation mapping: AWS::SNS::Topic -> snsTopic (TopicArn as `!Ref Topic` resolves it,
// arn:<partition>:sns:<region>:<account>:<TopicName, else stack-logicalId>; region = the stack's),
// with its inline Subscription list [{ Endpoint, Protocol }], and AWS::SNS::Subscription (TopicArn,
// Protocol, Endpoint), attached to the topic of the file its TopicArn names. A subscription's ARN
// exists only once deployed: the stand-in is <TopicArn>:<logicalId> (inline: <logicalId>/<index>).
// Whether it is confirmed: sns-subscriptions.ts (unknown unless SNS confirms it itself).
import type { SnsSubscription, SnsTopic } from "../../model/snapshot.js";
import { isRecord } from "../../util/records.js";
import type { Location, Mapped } from "../iac-types.js";
import { confirmationFromFile, unconfirmedError } from "../sns-subscriptions.js";
import { Unresolved } from "./intrinsics.js";
import { at, cdk, newMapped, propAt, unresolvedError, type CfnMapState, type CfnResource } from "./state.js";
import { toList, toStr } from "./values.js";

export function mapTopic(s: CfnMapState, r: CfnResource): Mapped<SnsTopic> {
  const nameValue = s.nameOf(r.id);
  const name = typeof nameValue === "string" ? nameValue : `${s.stackName}-${r.id}`;
  const arn = `arn:${s.partition}:sns:${s.region}:${s.accountId}:${name}`;
  const m = newMapped<SnsTopic>(r, { TopicArn: arn, region: s.region, subscriptions: [] });
  if ("TopicName" in r.rawProps) m.parts["/TopicArn"] = propAt(s, r, "TopicName");
  const list = toList(r.props.Subscription);
  if (list instanceof Unresolved) {
    unresolvedError(s, r, "sns", "ListSubscriptionsByTopic", arn, "Subscription", list, s.errors, undefined, "subscriptions");
    return m;
  }
  const raw = Array.isArray(r.rawProps.Subscription) ? (r.rawProps.Subscription as unknown[]) : [];
  (list ?? []).forEach((item, i) => {
    const entry = isRecord(item) ? item : {};
    const pos = s.positions.member(raw, i);
    const location = pos ? at(s, pos) : propAt(s, r, "Subscription");
    addSubscription(s, m, r, entry.Protocol, entry.Endpoint, `${arn}:${r.id}/${i}`, location, `Subscription[${i}]`);
  });
  return m;
}

/**
 * An AWS::SNS::Subscription onto the topic of the file its TopicArn names; `undecided` is its
 * Condition when the file cannot decide it (the subscription is then listed, its confirmation
 * unknown). A subscription to a topic the file does not define maps to nothing.
 */
export function attachSubscription(s: CfnMapState, r: CfnResource, topics: readonly Mapped<SnsTopic>[], undecided?: Unresolved): void {
  const topicArn = toStr(r.props.TopicArn);
  const topic = typeof topicArn === "string" ? topics.find((t) => t.value.TopicArn === topicArn) : undefined;
  if (!topic) {
    const note =
      topicArn instanceof Unresolved
        ? `the topic it subscribes to (${topicArn.expr}) cannot be decided from this file`
        : `topic ${String(topicArn)} is not defined in this file`;
    s.unmapped.push({ id: r.id, type: r.type, location: r.location, note, ...cdk(r) });
    return;
  }
  const index = (topic.value.subscriptions as SnsSubscription[]).length;
  addSubscription(s, topic, r, r.props.Protocol, r.props.Endpoint, `${topic.value.TopicArn}:${r.id}`, r.location, "", undecided);
  topic.contributors.push({ id: r.id, type: r.type, location: r.location, part: `/subscriptions/${index}`, ...cdk(r) });
}

function addSubscription(
  s: CfnMapState,
  topic: Mapped<SnsTopic>,
  r: CfnResource,
  protocolValue: unknown,
  endpointValue: unknown,
  standIn: string,
  location: Location,
  what: string,
  undecided?: Unresolved,
): void {
  const subscriptions = topic.value.subscriptions as SnsSubscription[];
  const index = subscriptions.length;
  const protocol = toStr(protocolValue);
  const endpoint = toStr(endpointValue);
  const sub: SnsSubscription = {
    SubscriptionArn: standIn,
    Protocol: protocol instanceof Unresolved ? protocol.placeholder : (protocol ?? ""),
    ...(endpoint instanceof Unresolved ? { Endpoint: endpoint.placeholder } : typeof endpoint === "string" ? { Endpoint: endpoint } : {}),
    confirmed: false,
  };
  subscriptions.push(sub);
  topic.parts[`/subscriptions/${index}`] = location;
  const open = undecided
    ? `may not be created (${undecided.expr}: ${undecided.reason})`
    : protocol instanceof Unresolved
      ? `Protocol is ${protocol.expr}: ${protocol.reason}`
      : endpoint instanceof Unresolved
        ? `Endpoint is ${endpoint.expr}: ${endpoint.reason}`
        : undefined;
  const confirmation = open ?? confirmationFromFile(sub.Protocol, typeof endpoint === "string" ? endpoint : undefined, s.accountId);
  if (confirmation === true) {
    sub.confirmed = true;
    return;
  }
  const error = unconfirmedError(topic.value, index, `${r.id} (${r.type})${what ? ` ${what}` : ""}`, confirmation);
  s.errors.push({ error, location });
}
