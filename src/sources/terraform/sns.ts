// Terraform plan mapping: aws_sns_topic -> snsTopic (arn, else, unknown until apply,
// arn:<partition>:sns:<region>:<account>:<name, else the address>), and aws_sns_topic_subscription
// (topic_arn by reference or by value, protocol, endpoint) -> a subscription of the plan's topic it
// names. The provider's computed pending_confirmation, where the plan knows it (a subscription that
// exists already), says whether it is confirmed; otherwise sns-subscriptions.ts decides (unknown
// unless SNS confirms it itself). A subscription's ARN stand-in, before apply: <TopicArn>:<address>.
import type { SnsSubscription, SnsTopic } from "../../model/snapshot.js";
import { confirmationFromFile, unconfirmedError } from "../sns-subscriptions.js";
import { referenced, type PlanResource } from "./resources.js";
import { newMapped, propLocation, regionOf, type PlanMapState, type Sourced } from "./state.js";
import { attr, knownString, placeholder } from "./values.js";

export function mapTopic(s: PlanMapState, r: PlanResource): Sourced<SnsTopic> {
  const region = regionOf(s, r);
  const name = knownString(r, "name") ?? r.address;
  const arn = knownString(r, "arn") ?? `arn:${s.partition}:sns:${region}:${s.accountId}:${name}`;
  return newMapped<SnsTopic>(r, { TopicArn: arn, region, subscriptions: [] });
}

/** An aws_sns_topic_subscription onto the plan's topic it names; one to a topic the plan does not define maps to nothing. */
export function attachSubscription(s: PlanMapState, r: PlanResource, topics: readonly Sourced<SnsTopic>[]): void {
  const ref = referenced(s, r, "topic_arn", ["aws_sns_topic"]);
  const written = knownString(r, "topic_arn");
  const topic = (ref ? topics.find((t) => t.source === ref) : undefined) ?? (written !== undefined ? topics.find((t) => t.value.TopicArn === written) : undefined);
  if (!topic) {
    s.unmapped.push({
      id: r.address,
      type: r.type,
      location: r.location,
      note: written !== undefined ? `topic ${written} is not defined in this plan` : "the topic it subscribes to cannot be decided from this file",
    });
    return;
  }
  const subscriptions = topic.value.subscriptions as SnsSubscription[];
  const index = subscriptions.length;
  const protocolAttr = attr(r, "protocol");
  const endpointAttr = attr(r, "endpoint");
  const protocol = knownString(r, "protocol") ?? placeholder(r, "protocol");
  const endpoint = knownString(r, "endpoint") ?? (endpointAttr.unknown ? placeholder(r, "endpoint") : undefined);
  const sub: SnsSubscription = {
    SubscriptionArn: knownString(r, "arn") ?? `${topic.value.TopicArn}:${r.address}`,
    Protocol: protocol,
    ...(endpoint !== undefined ? { Endpoint: endpoint } : {}),
    confirmed: false,
  };
  subscriptions.push(sub);
  topic.contributors.push({ id: r.address, type: r.type, location: r.location, part: `/subscriptions/${index}` });
  const pending = attr(r, "pending_confirmation");
  let confirmation: true | string;
  if (typeof pending.value === "boolean") confirmation = pending.value ? "pending_confirmation is true" : true;
  else if (protocolAttr.unknown) confirmation = "protocol is unknown until apply (after_unknown)";
  else if (endpointAttr.unknown) confirmation = "endpoint is unknown until apply (after_unknown)";
  else confirmation = confirmationFromFile(protocol, endpoint, s.accountId);
  if (confirmation === true) {
    sub.confirmed = true;
    return;
  }
  if (pending.value === true) return; // known: not confirmed
  const error = unconfirmedError(topic.value, index, r.address, confirmation);
  s.errors.push({ error, location: propLocation(s, r, "protocol") ?? r.location });
}
