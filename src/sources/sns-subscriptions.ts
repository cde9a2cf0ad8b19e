// What a file tells of an SNS subscription's confirmation (CloudFormation and Terraform alike).
//
// SNS confirms a subscription itself only when the topic owner may deliver to the endpoint without
// asking its owner: an SQS queue, a Lambda function, a Firehose delivery stream or a mobile
// application endpoint in the topic's own account. Every other endpoint must confirm: email and
// email-json recipients follow a link, an http(s) endpoint answers the SubscriptionConfirmation
// message, an endpoint in another account confirms through its owner; an SMS number is accepted only
// once verified while the account is in the SMS sandbox. A file cannot say whether that happened, so
// there `confirmed` is unknown (an Unresolved error, which model/derive.ts turns into the unknown),
// never guessed true.

import type { CollectionError } from "../model/snapshot.js";

/** Protocols whose same-account endpoints SNS confirms itself. */
const SELF_CONFIRMED = new Set(["sqs", "lambda", "firehose", "application"]);

/**
 * true when SNS confirms the subscription itself, else why the file cannot tell (the endpoint's
 * owner must confirm it).
 */
export function confirmationFromFile(protocol: string, endpoint: string | undefined, topicAccount: string): true | string {
  const p = protocol.toLowerCase();
  if (!SELF_CONFIRMED.has(p)) return `${protocol} subscriptions are confirmed by their endpoint's owner, not by the file`;
  const owner = endpoint?.startsWith("arn:") ? endpoint.split(":")[4] : undefined;
  if (owner === undefined) return `the ${protocol} endpoint ${endpoint ?? "(not given)"} is no ARN: its account, and so who confirms, is not known`;
  if (owner !== topicAccount) return `the ${protocol} endpoint is in account ${owner}, whose owner must confirm it`;
  return true;
}

/** The region and account of an SNS topic ARN; undefined for anything else. */
export function topicParts(arn: string): { region: string; account: string } | undefined {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn" || parts[2] !== "sns" || !parts[3] || !/^\d{12}$/.test(parts[4] ?? "")) return undefined;
  return { region: parts[3], account: parts[4]! };
}

/**
 * The Unresolved error for a subscription whose confirmation the file cannot tell: it leaves
 * `confirmed` of subscription `index` of the topic unknown (model/derive.ts).
 */
export function unconfirmedError(topic: { TopicArn: string; region: string }, index: number, label: string, why: string): CollectionError {
  return {
    service: "sns",
    operation: "ListSubscriptionsByTopic",
    region: topic.region,
    resource: topic.TopicArn,
    field: "subscriptions",
    path: `/${index}/confirmed`,
    code: "Unresolved",
    message: `${label}: whether the subscription is confirmed: ${why}; cannot be decided from this file`,
  };
}
