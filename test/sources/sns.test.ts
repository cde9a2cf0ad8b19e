// SNS topics and subscriptions in templates and plans (account.snsTopics): what the alarm checks need
// to know "an action to a topic with at least one confirmed subscription". `confirmed` is known only
// where SNS confirms the subscription itself (same-account sqs, lambda, firehose, application) or a
// plan knows pending_confirmation; everywhere else it is unknown, with the reason, at its line.
import assert from "node:assert/strict";
import { withUnknowns } from "../../src/model/derive.js";
import type { SnsSubscription, SnsTopic } from "../../src/model/snapshot.js";
import { isUnknown } from "../../src/model/unknown.js";
import { confirmationFromFile } from "../../src/sources/sns-subscriptions.js";
import { assertGolden, at, loadFixture } from "./cloudformation/helpers.js";
import type { IacSource } from "../../src/sources/iac.js";

/** `<topic> <protocol> <endpoint> <confirmed: true|false|unknown (message)>` per subscription, after derivation. */
function subscriptionRows(source: IacSource): string[] {
  const topics = withUnknowns(source.snapshot).accounts[0]!.snsTopics as SnsTopic[];
  return topics.flatMap((t) =>
    (t.subscriptions as SnsSubscription[]).map((sub) => {
      const c = sub.confirmed;
      const confirmed = isUnknown(c) ? `unknown (${c.$unknown.message})` : String(c);
      return `${t.TopicArn.split(":").pop()} ${sub.Protocol} ${sub.Endpoint ?? "-"} ${confirmed}`;
    }),
  );
}

describe("SNS topics in infrastructure as code", () => {
  describe("confirmationFromFile", () => {
    const cases: [string, string | undefined, true | string][] = [
      ["sqs", "arn:aws:sqs:us-east-1:000000000000:q", true],
      ["lambda", "arn:aws:lambda:us-east-1:000000000000:function:f", true],
      ["firehose", "arn:aws:firehose:us-east-1:000000000000:deliverystream/s", true],
      ["application", "arn:aws:sns:us-east-1:000000000000:endpoint/GCM/app/1", true],
      ["SQS", "arn:aws:sqs:us-east-1:000000000000:q", true],
      ["sqs", "arn:aws:sqs:us-east-1:111122223333:q", "the sqs endpoint is in account 111122223333, whose owner must confirm it"],
      ["lambda", "pager", "the lambda endpoint pager is no ARN: its account, and so who confirms, is not known"],
      ["sqs", undefined, "the sqs endpoint (not given) is no ARN: its account, and so who confirms, is not known"],
      ["email", "a@example.com", "email subscriptions are confirmed by their endpoint's owner, not by the file"],
      ["email-json", "a@example.com", "email-json subscriptions are confirmed by their endpoint's owner, not by the file"],
      ["http", "http://example.com", "http subscriptions are confirmed by their endpoint's owner, not by the file"],
      ["https", "https://example.com", "https subscriptions are confirmed by their endpoint's owner, not by the file"],
      ["sms", "+15555550100", "sms subscriptions are confirmed by their endpoint's owner, not by the file"],
    ];
    for (const [protocol, endpoint, expected] of cases) {
      it(`${protocol} ${endpoint ?? "(no endpoint)"} -> ${expected === true ? "confirmed" : "unknown"}`, () => {
        assert.equal(confirmationFromFile(protocol, endpoint, "000000000000"), expected);
      });
    }
  });

  describe("CloudFormation sns.yaml", () => {
    const source = loadFixture("test/fixtures/iac/cloudformation/sns.yaml", { region: "us-east-1" });

    it("maps to the reviewed snapshot", () => {
      assertGolden(source, "test/fixtures/iac/cloudformation/sns.snapshot.json");
    });

    it("lists each topic's inline and separate subscriptions with what the file tells of their confirmation", () => {
      assert.deepEqual(subscriptionRows(source), [
        "security-alarms email oncall@example.com unknown (AlarmTopic (AWS::SNS::Topic) Subscription[0]: whether the subscription is confirmed: email subscriptions are confirmed by their endpoint's owner, not by the file; cannot be decided from this file)",
        "security-alarms sqs arn:aws:sqs:us-east-1:000000000000:alarm-queue true",
        "security-alarms sqs arn:aws:sqs:us-east-1:111122223333:their-queue unknown (AlarmTopic (AWS::SNS::Topic) Subscription[2]: whether the subscription is confirmed: the sqs endpoint is in account 111122223333, whose owner must confirm it; cannot be decided from this file)",
        "security-alarms https https://hooks.example.com/alarms unknown (WebhookSubscription (AWS::SNS::Subscription): whether the subscription is confirmed: https subscriptions are confirmed by their endpoint's owner, not by the file; cannot be decided from this file)",
        "sns-QuietTopic lambda arn:aws:lambda:us-east-1:000000000000:function:pager true",
        "sns-QuietTopic <!Ref ProtocolParam> arn:aws:sqs:us-east-1:000000000000:param-queue unknown (ParamSubscription (AWS::SNS::Subscription): whether the subscription is confirmed: Protocol is !Ref ProtocolParam: parameter ProtocolParam has no value (no Default; pass --parameter ProtocolParam=…); cannot be decided from this file)",
        "sns-QuietTopic sqs arn:aws:sqs:us-east-1:000000000000:sms-queue unknown (SmsSubscription (AWS::SNS::Subscription): whether the subscription is confirmed: may not be created (!Ref WantSms: parameter WantSms has no value (no Default; pass --parameter WantSms=…)); cannot be decided from this file)",
        // An SQS queue of the stack is the stack's account's: SNS confirms it itself. Its Ref is the
        // queue URL, which SNS does not take for an endpoint.
        "sns-QuietTopic sqs arn:aws:sqs:us-east-1:000000000000:sns-AlarmQueue true",
        "sns-QuietTopic sqs https://sqs.us-east-1.amazonaws.com/000000000000/sns-AlarmQueue unknown (QueueUrlSubscription (AWS::SNS::Subscription): whether the subscription is confirmed: the sqs endpoint https://sqs.us-east-1.amazonaws.com/000000000000/sns-AlarmQueue is no ARN: its account, and so who confirms, is not known; cannot be decided from this file)",
      ]);
    });

    it("names each topic by its TopicArn as Ref resolves it, in the stack's region", () => {
      const topics = source.snapshot.accounts[0]!.snsTopics as SnsTopic[];
      assert.deepEqual(
        topics.map((t) => `${t.TopicArn} ${t.region}`),
        ["arn:aws:sns:us-east-1:000000000000:security-alarms us-east-1", "arn:aws:sns:us-east-1:000000000000:sns-QuietTopic us-east-1"],
      );
    });

    it("locates topics, subscriptions and the errors; a subscription to a topic of another account maps to nothing", () => {
      assert.deepEqual(
        ["/accounts/0/snsTopics/0", "/accounts/0/snsTopics/0/subscriptions/0", "/accounts/0/snsTopics/0/subscriptions/2", "/accounts/0/snsTopics/0/subscriptions/3", "/accounts/0/snsTopics/1/subscriptions/0", "/accounts/0/collectionErrors/0", "/accounts/0/collectionErrors/3"].map((p) => `${p} ${at(source, p)}`),
        [
          "/accounts/0/snsTopics/0 10:3",
          "/accounts/0/snsTopics/0/subscriptions/0 15:11",
          "/accounts/0/snsTopics/0/subscriptions/2 19:11",
          "/accounts/0/snsTopics/0/subscriptions/3 29:3",
          "/accounts/0/snsTopics/1/subscriptions/0 23:3",
          "/accounts/0/collectionErrors/0 15:11",
          "/accounts/0/collectionErrors/3 35:3",
        ],
      );
      assert.deepEqual(
        source.resources.filter((r) => r.type.startsWith("AWS::SNS::")).map((r) => `${r.id} ${r.pointer ?? r.note}`),
        [
          "AlarmTopic /accounts/0/snsTopics/0",
          "QuietTopic /accounts/0/snsTopics/1",
          "PagerSubscription /accounts/0/snsTopics/1/subscriptions/0",
          "WebhookSubscription /accounts/0/snsTopics/0/subscriptions/3",
          "ParamSubscription /accounts/0/snsTopics/1/subscriptions/1",
          "SmsSubscription /accounts/0/snsTopics/1/subscriptions/2",
          "ElsewhereSubscription topic arn:aws:sns:us-east-1:111122223333:theirs is not defined in this file",
          "QueueSubscription /accounts/0/snsTopics/1/subscriptions/3",
          "QueueUrlSubscription /accounts/0/snsTopics/1/subscriptions/4",
        ],
      );
    });
  });

  describe("Terraform sns.tfplan.json", () => {
    const source = loadFixture("test/fixtures/iac/terraform/sns.tfplan.json");

    it("maps to the reviewed snapshot", () => {
      assertGolden(source, "test/fixtures/iac/terraform/sns.snapshot.json");
    });

    it("confirms from pending_confirmation where the plan knows it, else as SNS would", () => {
      assert.deepEqual(subscriptionRows(source), [
        "tf-alarms email oncall@example.com unknown (aws_sns_topic_subscription.email: whether the subscription is confirmed: email subscriptions are confirmed by their endpoint's owner, not by the file; cannot be decided from this file)",
        "tf-alarms sqs arn:aws:sqs:us-east-1:000000000000:alarm-queue true",
        "tf-alarms sqs <known after apply: aws_sns_topic_subscription.queue_unknown.endpoint> unknown (aws_sns_topic_subscription.queue_unknown: whether the subscription is confirmed: endpoint is unknown until apply (after_unknown); cannot be decided from this file)",
        "tf-existing email ops@example.com true",
        "tf-existing email late@example.com false",
      ]);
    });

    it("links subscriptions to topics by reference and by ARN; one to a topic outside the plan maps to nothing", () => {
      assert.deepEqual(
        source.resources.filter((r) => r.type.startsWith("aws_sns_")).map((r) => `${r.id} ${r.pointer ?? r.note}`),
        [
          "aws_sns_topic.alarms /accounts/0/snsTopics/0",
          "aws_sns_topic.existing /accounts/0/snsTopics/1",
          "aws_sns_topic_subscription.email /accounts/0/snsTopics/0/subscriptions/0",
          "aws_sns_topic_subscription.queue /accounts/0/snsTopics/0/subscriptions/1",
          "aws_sns_topic_subscription.queue_unknown /accounts/0/snsTopics/0/subscriptions/2",
          "aws_sns_topic_subscription.confirmed_email /accounts/0/snsTopics/1/subscriptions/0",
          "aws_sns_topic_subscription.pending_email /accounts/0/snsTopics/1/subscriptions/1",
          "aws_sns_topic_subscription.elsewhere topic arn:aws:sns:us-east-1:111122223333:theirs is not defined in this plan",
        ],
      );
    });
  });
});
