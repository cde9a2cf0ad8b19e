import { check } from "../../src/checks/data-events-tagged-buckets.js";
import type { Bucket, Trail } from "../../src/model/snapshot.js";
import {
  MANAGEMENT,
  MEMBER,
  OTHER,
  account,
  bucket,
  denied,
  field,
  managementSelector,
  multiRegionTrail,
  org,
  s3DataEventSelector,
  s3ObjectSelector,
  single,
  trail,
} from "../helpers/builders.js";
import { runCases } from "../helpers/run-cases.js";

const NAME = "payroll-exports";
const BUCKET_ARN = `arn:aws:s3:::${NAME}`;
const OBJECTS = `${BUCKET_ARN}/`;
const trailArn = (name: string, region = "us-east-1", acct = MANAGEMENT) => `arn:aws:cloudtrail:${region}:${acct}:trail/${name}`;
const sensitive = (overrides: Partial<Bucket> = {}) =>
  bucket({ Name: NAME, Region: "us-east-1", tags: [{ Key: "data-classification", Value: "confidential" }], ...overrides });
/** One account with the sensitive bucket and the given trails. */
const withBucket = (trails: Trail[], buckets: Bucket[] = [sensitive()]) => single(trails, { buckets });
const put = (name: string, argument: string, region = "us-east-1") =>
  `aws cloudtrail put-event-selectors --trail-name ${trailArn(name, region)} --region ${region} ${argument}`;
const JUST_THIS_BUCKET = `--event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true,"DataResources":[{"Type":"AWS::S3::Object","Values":["${OBJECTS}"]}]}]'`;

runCases(check, {
  valid: [
    {
      name: "basic selector for the whole bucket; untagged and other-valued buckets are ignored",
      snapshot: withBucket(
        [multiRegionTrail({ Name: "main", eventSelectors: [s3DataEventSelector([OBJECTS])] })],
        [bucket({ Name: "trail-logs" }), sensitive(), bucket({ Name: "website", tags: [{ Key: "data-classification", Value: "public" }] })],
      ),
      expect: [
        {
          status: "PASS",
          messageId: "ok",
          accountId: MANAGEMENT,
          pointer: "/accounts/0/buckets/1",
          resource: BUCKET_ARN,
          region: "us-east-1",
          message: `Object-level read and write events of every object of bucket ${NAME} (data-classification=confidential) are recorded by trail main.`,
        },
      ],
    },
    {
      name: "arn:aws:s3::: means all buckets",
      snapshot: withBucket([multiRegionTrail({ eventSelectors: [s3DataEventSelector(["arn:aws:s3:::"])] })]),
      expect: [{ status: "PASS", messageId: "ok" }],
    },
    {
      name: "read-only selector passes when only reads are required",
      snapshot: withBucket([multiRegionTrail({ eventSelectors: [s3DataEventSelector([OBJECTS], { ReadWriteType: "ReadOnly" })] })]),
      params: { require: "read" },
      expect: [{ status: "PASS", messageId: "ok", message: "Object-level read events of every object" }],
    },
    {
      name: "advanced selector StartsWith the bucket ARN",
      snapshot: withBucket([
        multiRegionTrail({ advancedEventSelectors: [managementSelector(), s3ObjectSelector("payroll", field("resources.ARN", { StartsWith: [OBJECTS] }))] }),
      ]),
      expect: [{ status: "PASS", messageId: "ok" }],
    },
    {
      name: "advanced readOnly split into two selectors",
      snapshot: withBucket([
        multiRegionTrail({
          advancedEventSelectors: [
            s3ObjectSelector("reads", field("readOnly", { Equals: ["true"] })),
            s3ObjectSelector("writes", field("readOnly", { Equals: ["false"] }), field("resources.ARN", { StartsWith: [OBJECTS] })),
          ],
        }),
      ]),
      expect: [{ status: "PASS", messageId: "ok" }],
    },
    {
      name: "reads recorded by one trail and writes by another",
      snapshot: withBucket([
        multiRegionTrail({ Name: "reads", eventSelectors: [s3DataEventSelector(["arn:aws:s3"], { ReadWriteType: "ReadOnly" })] }),
        multiRegionTrail({ Name: "writes", eventSelectors: [s3DataEventSelector([OBJECTS], { ReadWriteType: "WriteOnly" })] }),
      ]),
      expect: [{ status: "PASS", messageId: "ok", message: "recorded by trail reads (read) and trail writes (write)." }],
    },
    {
      name: "organization trail in the management account covers a member's bucket",
      snapshot: org({
        management: { trails: [multiRegionTrail({ Name: "org", IsOrganizationTrail: true, advancedEventSelectors: [managementSelector(), s3ObjectSelector()] })] },
        members: [account(MEMBER, { buckets: [sensitive({ Region: "eu-west-1" })] })],
      }),
      expect: [
        { status: "NOT_APPLICABLE", messageId: "noTaggedBuckets", accountId: MANAGEMENT, pointer: "/accounts/0" },
        { status: "PASS", messageId: "ok", accountId: MEMBER, pointer: "/accounts/1/buckets/0", region: "eu-west-1", message: "recorded by trail org." },
      ],
    },
    {
      name: "tag values compare case-insensitively",
      snapshot: withBucket([multiRegionTrail({ eventSelectors: [s3DataEventSelector([OBJECTS])] })], [sensitive({ tags: [{ Key: "data-classification", Value: "Confidential" }] })]),
      expect: [{ status: "PASS", message: "(data-classification=Confidential)" }],
    },
    {
      name: "a rule without values matches any value of its key",
      snapshot: withBucket([multiRegionTrail({ eventSelectors: [s3DataEventSelector([OBJECTS])] })], [sensitive({ tags: [{ Key: "pii", Value: "yes" }] })]),
      params: { tagRules: [{ key: "pii" }] },
      expect: [{ status: "PASS", message: "(pii=yes)" }],
    },
    {
      name: "write-only selector passes with require=write",
      snapshot: withBucket([multiRegionTrail({ eventSelectors: [s3DataEventSelector(["arn:aws:s3"], { ReadWriteType: "WriteOnly" })] })]),
      params: { require: "write" },
      expect: [{ status: "PASS", messageId: "ok", message: "Object-level write events" }],
    },
  ],
  invalid: [
    {
      name: "prefix-only value",
      snapshot: withBucket([multiRegionTrail({ Name: "main", eventSelectors: [s3DataEventSelector([`${OBJECTS}exports/`])] })]),
      expect: [
        {
          status: "FAIL",
          messageId: "prefixOnly",
          resource: BUCKET_ARN,
          message:
            `Object-level read and write events of bucket ${NAME} (data-classification=confidential) are recorded for only part of it: ` +
            "only objects under prefix exports/ (trail main, EventSelectors[0], read and write events).",
          cli: [put("main", JUST_THIS_BUCKET)],
        },
      ],
    },
    {
      name: "read-only selector: writes missing; the fix adds an All selector and keeps the read-only one",
      snapshot: withBucket([multiRegionTrail({ Name: "main", eventSelectors: [s3DataEventSelector([OBJECTS], { ReadWriteType: "ReadOnly" })] })]),
      expect: [
        {
          status: "FAIL",
          messageId: "readOnly",
          message: "records only read object events",
          cli: [
            put(
              "main",
              `--event-selectors '[{"ReadWriteType":"ReadOnly","IncludeManagementEvents":true,"DataResources":[{"Type":"AWS::S3::Object","Values":["${OBJECTS}"]}]},` +
                `{"ReadWriteType":"All","IncludeManagementEvents":false,"DataResources":[{"Type":"AWS::S3::Object","Values":["${OBJECTS}"]}]}]'`,
            ),
          ],
        },
      ],
    },
    {
      name: "write-only selector fails when writes are not all that is required",
      snapshot: withBucket([multiRegionTrail({ eventSelectors: [s3DataEventSelector(["arn:aws:s3"], { ReadWriteType: "WriteOnly" })] })]),
      expect: [{ status: "FAIL", messageId: "writeOnly", message: "read events (GetObject, ...) are not recorded" }],
    },
    {
      name: "advanced selector with an eventName filter",
      snapshot: withBucket([
        multiRegionTrail({
          Name: "adv",
          advancedEventSelectors: [s3ObjectSelector("writes", field("eventName", { Equals: ["PutObject", "DeleteObject"] }), field("resources.ARN", { StartsWith: [OBJECTS] }))],
        }),
      ]),
      expect: [
        {
          status: "FAIL",
          messageId: "eventNameFilter",
          message: `recorded for only some API calls: only eventName PutObject, DeleteObject (trail adv, AdvancedEventSelectors[0] "writes", read and write events).`,
          cli: [
            put(
              "adv",
              `--advanced-event-selectors '[{"Name":"writes","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]},` +
                `{"Field":"eventName","Equals":["PutObject","DeleteObject"]},{"Field":"resources.ARN","StartsWith":["${OBJECTS}"]}]},` +
                `{"Name":"S3 object events for ${NAME}","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]},` +
                `{"Field":"resources.ARN","StartsWith":["${OBJECTS}"]}]}]'`,
            ),
          ],
        },
      ],
    },
    {
      name: "advanced selector excluding this bucket records nothing for it",
      snapshot: withBucket([
        multiRegionTrail({ Name: "adv", advancedEventSelectors: [managementSelector(), s3ObjectSelector("all but payroll", field("resources.ARN", { NotStartsWith: [OBJECTS] }))] }),
      ]),
      expect: [{ status: "FAIL", messageId: "none", message: "adv cover account 111111111111 in us-east-1 but their event selectors leave the bucket out" }],
    },
    {
      name: "a single-region trail in another region does not cover the bucket",
      snapshot: withBucket([trail({ Name: "dublin", HomeRegion: "eu-west-1", eventSelectors: [s3DataEventSelector(["arn:aws:s3"])] })]),
      expect: [
        {
          status: "FAIL",
          messageId: "noTrail",
          message: `No trail covers account ${MANAGEMENT} in us-east-1`,
          cli: [
            `aws cloudtrail create-trail --name management-events --s3-bucket-name aws-cloudtrail-logs-${MANAGEMENT} --is-multi-region-trail ` +
              "--include-global-service-events --enable-log-file-validation --region us-east-1",
            `aws cloudtrail put-event-selectors --trail-name management-events --region us-east-1 ${JUST_THIS_BUCKET}`,
            "aws cloudtrail start-logging --name management-events --region us-east-1",
          ],
        },
      ],
    },
    {
      name: "a logging trail without data events: the fix keeps its management events and adds the bucket",
      snapshot: withBucket([multiRegionTrail({ Name: "main" }), trail({ Name: "east", status: { IsLogging: false } })]),
      expect: [{ status: "FAIL", messageId: "none", pointer: "/accounts/0/buckets/0", message: "main, east (not logging) cover account", cli: [put("main", JUST_THIS_BUCKET)] }],
    },
    {
      name: "the trail that would cover it is stopped",
      snapshot: withBucket([
        multiRegionTrail({ Name: "main" }),
        multiRegionTrail({ Name: "data", status: { IsLogging: false, StopLoggingTime: 1790000000 }, eventSelectors: [s3DataEventSelector([OBJECTS])] }),
      ]),
      expect: [
        {
          status: "FAIL",
          messageId: "stopped",
          message: `Trail data would record the object-level read and write events of bucket ${NAME} (data-classification=confidential) but is not logging (logging stopped at 2026-09-21T14:13:20.000Z).`,
          cli: [`aws cloudtrail start-logging --name ${trailArn("data")} --region us-east-1`],
        },
      ],
    },
    {
      name: "advanced selector filtered on the caller",
      snapshot: withBucket([
        multiRegionTrail({ Name: "ci", advancedEventSelectors: [s3ObjectSelector("ci role", field("userIdentity.arn", { StartsWith: [`arn:aws:sts::${MANAGEMENT}:assumed-role/ci/`] }))] }),
      ]),
      expect: [
        {
          status: "FAIL",
          messageId: "filtered",
          message: `recorded only for some calls: only events where userIdentity.arn StartsWith arn:aws:sts::${MANAGEMENT}:assumed-role/ci/ (trail ci,`,
        },
      ],
    },
    {
      name: "a covering trail without GetTrailStatus data cannot be judged",
      snapshot: withBucket([multiRegionTrail({ Name: "pasted", status: undefined, eventSelectors: [s3DataEventSelector(["arn:aws:s3"])] })]),
      expect: [{ status: "ERROR", messageId: "statusUnknown", message: "Trail pasted would record the object-level events" }],
    },
    {
      name: "no bucket matches the tag rules: one NOT_APPLICABLE naming the rules",
      snapshot: withBucket([multiRegionTrail()], [bucket({ Name: "trail-logs" })]),
      expect: [
        {
          status: "NOT_APPLICABLE",
          messageId: "noTaggedBuckets",
          pointer: "/accounts/0",
          message: "No bucket of this account has a tag matching data-classification=confidential|restricted|sensitive; nothing to check.",
        },
      ],
    },
    {
      name: "GetBucketTagging failed on a bucket: ERROR for it, not a silent skip",
      snapshot: single([multiRegionTrail()], { buckets: [bucket({ Name: "hr-archive", tags: undefined })], errors: [denied("s3", "GetBucketTagging", { resource: "hr-archive" })] }),
      expect: [{ status: "ERROR", messageId: "collection-error", resource: "arn:aws:s3:::hr-archive", message: "s3:GetBucketTagging (hr-archive) failed: AccessDenied" }],
    },
    {
      name: "tags unread in a whole region: ERROR for each bucket there, not for the others",
      snapshot: single([multiRegionTrail()], {
        buckets: [bucket({ Name: "hr-archive", tags: undefined }), bucket({ Name: "eu-archive", Region: "eu-west-1", tags: [] })],
        errors: [denied("tag", "GetResources", { region: "us-east-1" })],
      }),
      expect: [
        // eu-archive's tags are known (none): no result of its own; the account is not "no tagged buckets" while one is unknown.
        { status: "ERROR", messageId: "collection-error", resource: "arn:aws:s3:::hr-archive", message: "tag:GetResources (us-east-1) failed" },
      ],
    },
    {
      name: "GetEventSelectors denied on the covering trail gives ERROR, not FAIL",
      snapshot: single([multiRegionTrail({ Name: "main" })], { buckets: [sensitive()], errors: [denied("cloudtrail", "GetEventSelectors", { resource: trailArn("main") })] }),
      expect: [{ status: "ERROR", messageId: "collection-error", resource: BUCKET_ARN, message: `cloudtrail:GetEventSelectors (${trailArn("main")}) failed` }],
    },
    {
      name: "DescribeTrails denied in the owner account turns the FAIL into ERROR",
      snapshot: single([], { buckets: [sensitive()], errors: [denied("cloudtrail", "DescribeTrails", { region: "us-east-1" })] }),
      expect: [{ status: "ERROR", messageId: "collection-error", resource: BUCKET_ARN }],
    },
    {
      name: "a bucket owned by an account outside the snapshot is out of scope",
      snapshot: single([multiRegionTrail({ eventSelectors: [s3DataEventSelector(["arn:aws:s3"])] })], { buckets: [sensitive({ ownerAccountId: OTHER })] }),
      expect: [
        { status: "ERROR", messageId: "outOfScope", accountId: OTHER, message: `scan account ${OTHER}` },
        { status: "NOT_APPLICABLE", messageId: "noTaggedBuckets", accountId: MANAGEMENT },
      ],
    },
    {
      name: "a suspended account is not applicable, its buckets not judged",
      snapshot: org({ management: { trails: [multiRegionTrail()] }, members: [account(MEMBER, { Status: "SUSPENDED", buckets: [sensitive()] })] }),
      expect: [
        { status: "NOT_APPLICABLE", messageId: "noTaggedBuckets", accountId: MANAGEMENT },
        { status: "NOT_APPLICABLE", messageId: "suspended", accountId: MEMBER, pointer: "/accounts/1" },
      ],
    },
  ],
});
