import assert from "node:assert/strict";
import { check, toAdvancedSelectors } from "../../src/checks/iac-invalid-trail-config.js";
import type { EventSelector, Snapshot } from "../../src/model/snapshot.js";
import { MANAGEMENT, MEMBER, account, bucket, multiRegionTrail, org, single, trail } from "../helpers/builders.js";
import { runCases, runOnce } from "../helpers/run-cases.js";

/** A snapshot as an IaC source produces it. */
const iac = (snapshot: Snapshot, type: "cloudformation" | "terraform" = "cloudformation"): Snapshot => ({ ...snapshot, source: { type, description: "test" } });
const arn = (name: string) => `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/${name}`;
const unresolved = (operation: string, resource: string, service = "cloudtrail") => ({
  service,
  operation,
  region: "us-east-1",
  resource,
  code: "Unresolved",
  message: `X is !Ref P: parameter P has no value (no Default; pass --parameter P=…); cannot be decided from this file`,
});
const selectors = (n: number): EventSelector[] =>
  Array.from({ length: n }, (_v, i) => ({ ReadWriteType: "All", IncludeManagementEvents: i === 0, DataResources: [{ Type: "AWS::S3::Object", Values: [`arn:aws:s3:::bucket-${i}/`] }] }));

runCases(check, {
  valid: [
    {
      name: "a trail and a bucket AWS accepts",
      snapshot: iac(single([multiRegionTrail({ Name: "good" })], { buckets: [bucket({ objectLockConfiguration: { ObjectLockEnabled: "Enabled", Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: 365 } } } })] })),
      expect: [
        { status: "PASS", messageId: "ok", pointer: "/accounts/0/trails/0", resource: arn("good"), message: "CloudFormation trail good: none of the 7 trail settings AWS rejects at deploy time (multi-region without global service events; " },
        { status: "PASS", messageId: "ok", pointer: "/accounts/0/buckets/0", resource: "arn:aws:s3:::trail-logs", message: "CloudFormation bucket trail-logs" },
      ],
    },
    {
      name: "a single-region trail may turn global service events off; 5 selectors are allowed",
      snapshot: iac(single([trail({ Name: "regional", IncludeGlobalServiceEvents: false, eventSelectors: selectors(5) })]), "terraform"),
      expect: [{ status: "PASS", messageId: "ok", message: "Terraform trail regional", evidence: { eventSelectors: 5, IsMultiRegionTrail: false } }],
    },
    {
      name: "advanced selectors alone, within 500 values",
      snapshot: iac(
        single([
          multiRegionTrail({
            Name: "advanced",
            eventSelectors: [],
            advancedEventSelectors: [{ FieldSelectors: [{ Field: "eventCategory", Equals: ["Data"] }, { Field: "resources.ARN", StartsWith: Array.from({ length: 499 }, (_v, i) => `arn:aws:s3:::b${i}/`) }] }],
          }),
        ]),
      ),
      expect: [{ status: "PASS", messageId: "ok" }],
    },
  ],
  invalid: [
    {
      name: "multi-region trail with global service events off",
      snapshot: iac(single([multiRegionTrail({ Name: "My-All-Regions-Trail", IncludeGlobalServiceEvents: false })])),
      expect: [
        {
          status: "FAIL",
          messageId: "multiRegionNoGlobal",
          pointer: "/accounts/0/trails/0",
          message: "(IncludeGlobalServiceEvents: false): AWS rejects this combination (InvalidParameterCombinationException)",
          evidence: { property: "/accounts/0/trails/0/IncludeGlobalServiceEvents" },
          cli: [`aws cloudtrail update-trail --name ${arn("My-All-Regions-Trail")} --region us-east-1 --is-multi-region-trail --include-global-service-events`],
        },
      ],
    },
    {
      name: "the Terraform spelling of the property",
      snapshot: iac(single([multiRegionTrail({ IncludeGlobalServiceEvents: false })]), "terraform"),
      expect: [{ status: "FAIL", messageId: "multiRegionNoGlobal", message: "(include_global_service_events = false)" }],
    },
    {
      name: "six basic event selectors",
      snapshot: iac(single([multiRegionTrail({ Name: "six", eventSelectors: selectors(6) })])),
      expect: [
        {
          status: "FAIL",
          messageId: "tooManySelectors",
          message: "has 6 event selectors (EventSelectors); AWS accepts at most 5",
          evidence: { eventSelectors: 6, maximum: 5, property: "/accounts/0/trails/0/eventSelectors/5" },
          cli: [
            `aws cloudtrail put-event-selectors --trail-name ${arn("six")} --region us-east-1 --advanced-event-selectors '${JSON.stringify(toAdvancedSelectors(selectors(6)))}'`,
          ],
        },
      ],
    },
    {
      name: "basic and advanced selectors together",
      snapshot: iac(
        single([
          multiRegionTrail({
            Name: "mixed",
            eventSelectors: [{ ReadWriteType: "ReadOnly", IncludeManagementEvents: true }],
            advancedEventSelectors: [{ Name: "S3", FieldSelectors: [{ Field: "eventCategory", Equals: ["Data"] }, { Field: "resources.type", Equals: ["AWS::S3::Object"] }] }],
          }),
        ]),
      ),
      expect: [
        {
          status: "FAIL",
          messageId: "mixedSelectors",
          message: "sets both basic and advanced event selectors (EventSelectors and AdvancedEventSelectors)",
          cli: [
            `aws cloudtrail put-event-selectors --trail-name ${arn("mixed")} --region us-east-1 --advanced-event-selectors '` +
              JSON.stringify([
                { Name: "S3", FieldSelectors: [{ Field: "eventCategory", Equals: ["Data"] }, { Field: "resources.type", Equals: ["AWS::S3::Object"] }] },
                { Name: "Management events (basic selector 1)", FieldSelectors: [{ Field: "eventCategory", Equals: ["Management"] }, { Field: "readOnly", Equals: ["true"] }] },
              ]) +
              "'",
          ],
        },
      ],
    },
    {
      name: "more than 250 data resources",
      snapshot: iac(
        single([multiRegionTrail({ Name: "wide", eventSelectors: [{ ReadWriteType: "All", DataResources: [{ Type: "AWS::S3::Object", Values: Array.from({ length: 251 }, (_v, i) => `arn:aws:s3:::b${i}/`) }] }] })]),
      ),
      expect: [{ status: "FAIL", messageId: "tooManyDataResources", message: "lists 251 data resources", evidence: { dataResources: 251, maximum: 250 } }],
    },
    {
      name: "more than 500 advanced selector values",
      snapshot: iac(
        single([
          multiRegionTrail({
            Name: "many",
            advancedEventSelectors: [{ FieldSelectors: [{ Field: "eventCategory", Equals: ["Data"] }, { Field: "resources.ARN", StartsWith: Array.from({ length: 500 }, (_v, i) => `arn:aws:s3:::b${i}/`) }] }],
          }),
        ]),
      ),
      expect: [
        {
          status: "FAIL",
          messageId: "tooManyAdvancedValues",
          message: "uses 501 condition values",
          cli: [`aws cloudtrail get-event-selectors --trail-name ${arn("many")} --region us-east-1`],
        },
      ],
    },
    {
      name: "an Object Lock rule on a bucket without Object Lock",
      snapshot: iac(single([], { buckets: [bucket({ Name: "locked-logs", versioning: {}, objectLockConfiguration: { Rule: { DefaultRetention: { Mode: "COMPLIANCE", Years: 1 } } } })] })),
      expect: [
        {
          status: "FAIL",
          messageId: "objectLockNotEnabled",
          resource: "arn:aws:s3:::locked-logs",
          region: "us-east-1",
          message: "(ObjectLockConfiguration without ObjectLockEnabled: true): AWS rejects the configuration (InvalidBucketState)",
          evidence: { versioning: "never enabled", property: "/accounts/0/buckets/0/objectLockConfiguration" },
          cli: [
            "aws s3api put-bucket-versioning --bucket locked-logs --versioning-configuration Status=Enabled",
            `aws s3api put-object-lock-configuration --bucket locked-logs --object-lock-configuration '{"ObjectLockEnabled":"Enabled","Rule":{"DefaultRetention":{"Mode":"COMPLIANCE","Years":1}}}'`,
          ],
        },
      ],
    },
    {
      name: "a trail without IsLogging or S3BucketName (required by CloudFormation)",
      snapshot: iac(single([{ ...trail({ Name: "bare", status: {} }), S3BucketName: undefined }])),
      expect: [
        {
          status: "FAIL",
          messageId: "missingRequired",
          message: "Trail bare has no S3BucketName, which CloudFormation requires",
          cli: [`aws cloudtrail update-trail --name ${arn("bare")} --region us-east-1 --s3-bucket-name bare-cloudtrail-logs`],
        },
        {
          status: "FAIL",
          messageId: "missingRequired",
          message: "Trail bare has no IsLogging, which CloudFormation requires",
          evidence: { property: "/accounts/0/trails/0/status" },
          cli: [`aws cloudtrail start-logging --name ${arn("bare")} --region us-east-1`],
        },
      ],
    },
    {
      name: "several problems on one trail give one FAIL each",
      snapshot: iac(single([multiRegionTrail({ Name: "worst", IncludeGlobalServiceEvents: false, eventSelectors: selectors(6), advancedEventSelectors: [{ FieldSelectors: [{ Field: "eventCategory", Equals: ["Management"] }] }] })])),
      expect: [
        { status: "FAIL", messageId: "multiRegionNoGlobal" },
        { status: "FAIL", messageId: "mixedSelectors" },
        { status: "FAIL", messageId: "tooManySelectors" },
      ],
    },
    {
      name: "a trail whose settings the file leaves undecided gives ERROR",
      snapshot: iac(single([multiRegionTrail({ Name: "open", IsMultiRegionTrail: false, IncludeGlobalServiceEvents: false })], { errors: [unresolved("GetTrail", arn("open"))] })),
      expect: [{ status: "ERROR", messageId: "collection-error", resource: arn("open"), message: "Could not decide: X is !Ref P: parameter P has no value (no Default; pass --parameter P=…); cannot be decided from this file." }],
    },
    {
      name: "a bucket whose Object Lock the file leaves undecided gives ERROR",
      snapshot: iac(single([], { buckets: [bucket({ Name: "open-logs" })], errors: [unresolved("GetObjectLockConfiguration", "open-logs", "s3")] })),
      expect: [{ status: "ERROR", messageId: "collection-error", resource: "arn:aws:s3:::open-logs", message: "Could not decide: X is !Ref P: parameter P has no value (no Default; pass --parameter P=…); cannot be decided from this file." }],
    },
    {
      name: "an undecided value of another trail does not hide this one's verdict",
      snapshot: iac(single([multiRegionTrail({ Name: "bad", IncludeGlobalServiceEvents: false }), trail({ Name: "other" })], { errors: [unresolved("GetTrail", arn("other"))] })),
      expect: [
        { status: "FAIL", messageId: "multiRegionNoGlobal", resource: arn("bad") },
        { status: "ERROR", messageId: "collection-error", resource: arn("other") },
      ],
    },
    {
      name: "a suspended account and an empty one",
      snapshot: iac(org({ management: { trails: [], buckets: [] }, members: [account(MEMBER, { Status: "SUSPENDED" })] })),
      expect: [
        { status: "NOT_APPLICABLE", messageId: "none", accountId: MANAGEMENT, message: "The file defines no CloudTrail trail and no S3 bucket." },
        { status: "NOT_APPLICABLE", messageId: "suspended", accountId: MEMBER },
      ],
    },
  ],
});

describe("iac-invalid-trail-config: toAdvancedSelectors", () => {
  it("converts management and data selectors, read/write types, exclusions and all-resource values", () => {
    assert.deepEqual(
      toAdvancedSelectors([
        { ReadWriteType: "WriteOnly", IncludeManagementEvents: true, ExcludeManagementEventSources: ["kms.amazonaws.com"], DataResources: [{ Type: "AWS::S3::Object", Values: ["arn:aws:s3"] }] },
        { ReadWriteType: "All", IncludeManagementEvents: false, DataResources: [{ Type: "AWS::Lambda::Function", Values: ["arn:aws:lambda:us-east-1:111111111111:function:f"] }] },
      ]),
      [
        {
          Name: "Management events (basic selector 1)",
          FieldSelectors: [
            { Field: "eventCategory", Equals: ["Management"] },
            { Field: "readOnly", Equals: ["false"] },
            { Field: "eventSource", NotEquals: ["kms.amazonaws.com"] },
          ],
        },
        {
          Name: "AWS::S3::Object data events (basic selector 1)",
          FieldSelectors: [
            { Field: "eventCategory", Equals: ["Data"] },
            { Field: "resources.type", Equals: ["AWS::S3::Object"] },
            { Field: "readOnly", Equals: ["false"] },
          ],
        },
        {
          Name: "AWS::Lambda::Function data events (basic selector 2)",
          FieldSelectors: [
            { Field: "eventCategory", Equals: ["Data"] },
            { Field: "resources.type", Equals: ["AWS::Lambda::Function"] },
            { Field: "resources.ARN", StartsWith: ["arn:aws:lambda:us-east-1:111111111111:function:f"] },
          ],
        },
      ],
    );
  });
});

describe("iac-invalid-trail-config on other inputs", () => {
  it("does not run on a snapshot read from AWS or a snapshot file: no result at all", () => {
    assert.deepEqual(runOnce(check, { ...org({ members: [MEMBER] }), source: { type: "aws" } }), []);
    assert.deepEqual(runOnce(check, single([multiRegionTrail({ IncludeGlobalServiceEvents: false })])), []);
  });
});
