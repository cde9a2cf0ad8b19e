// Per-control content of docs/checks/cloudwatch-alarm-*.md (generator: gen.mts). Each example's
// filters are checked against the reference with the project's own entailment engine before a page
// is written, so a page never claims a PASS or a miss the check would not give.

export interface Example {
  /** Filter patterns, one per filter (each with its own good alarm). */
  filters: string[];
  /** How the page shows it (markdown); default: the filters in backticks. */
  shown?: string;
  /** Why (markdown), after the filter. */
  note: string;
}

export interface Control {
  slug: string;
  cis: string;
  cis12?: string;
  sh?: string;
  needsRead: boolean;
  /** Event sources the control's events come from (a trail excluding one cannot feed it); undefined: any source. */
  sources?: string[];
  metricName: string;
  severity: string;
  referenceVersion: string;
  reference: string;
  /** Sentence(s) after "Every account ...": what the events are and why they matter. */
  intro: string;
  /** Bullet: the events (markdown, no leading "- "). */
  events: string;
  /** Bullet text after the reference block: where it comes from, how the versions differ. */
  versions: string;
  passes: Example[];
  misses: Example[];
  /** Bullet: `!=` on a missing field, for this reference. */
  ne: string;
  /** Extra bullets (markdown, no leading "- "). */
  extra?: string[];
  /** Security Hub control title (Frameworks). */
  shTitle?: string;
  cisTitle: string;
}

const names = (list: string[], source?: string, quote = false): string => {
  const q = (n: string) => (quote ? `"${n}"` : n);
  const or = list.map((n) => `($.eventName = ${q(n)})`).join(" || ");
  return source ? `{ ($.eventSource = ${source}) && (${or}) }` : `{ ${or} }`;
};

const IAM = ["DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy", "PutRolePolicy", "PutUserPolicy", "CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion", "AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy", "DetachUserPolicy", "AttachGroupPolicy", "DetachGroupPolicy"];
const TRAIL = ["CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"];
const S3 = ["PutBucketAcl", "PutBucketPolicy", "PutBucketCors", "PutBucketLifecycle", "PutBucketReplication", "DeleteBucketPolicy", "DeleteBucketCors", "DeleteBucketLifecycle", "DeleteBucketReplication"];
const CONFIG = ["StopConfigurationRecorder", "DeleteDeliveryChannel", "PutDeliveryChannel", "PutConfigurationRecorder"];
const SG = ["AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup"];
const NACL = ["CreateNetworkAcl", "CreateNetworkAclEntry", "DeleteNetworkAcl", "DeleteNetworkAclEntry", "ReplaceNetworkAclEntry", "ReplaceNetworkAclAssociation"];
const GW = ["CreateCustomerGateway", "DeleteCustomerGateway", "AttachInternetGateway", "CreateInternetGateway", "DeleteInternetGateway", "DetachInternetGateway"];
const ROUTE = ["CreateRoute", "CreateRouteTable", "ReplaceRoute", "ReplaceRouteTableAssociation", "DeleteRouteTable", "DeleteRoute", "DisassociateRouteTable"];
const VPC = ["CreateVpc", "DeleteVpc", "ModifyVpcAttribute", "AcceptVpcPeeringConnection", "CreateVpcPeeringConnection", "DeleteVpcPeeringConnection", "RejectVpcPeeringConnection", "AttachClassicLinkVpc", "DetachClassicLinkVpc", "DisableVpcClassicLink", "EnableVpcClassicLink"];
const ORG = ["AcceptHandshake", "AttachPolicy", "CreateAccount", "CreateOrganizationalUnit", "CreatePolicy", "DeclineHandshake", "DeleteOrganization", "DeleteOrganizationalUnit", "DeletePolicy", "DetachPolicy", "DisablePolicyType", "EnablePolicyType", "InviteAccountToOrganization", "LeaveOrganization", "MoveAccount", "RemoveAccountFromOrganization", "UpdatePolicy", "UpdateOrganizationalUnit"];

const without = (list: string[], drop: string) => list.filter((n) => n !== drop);
const replace = (list: string[], from: string, to: string) => list.map((n) => (n === from ? to : n));
const reversed = (list: string[]) => [...list].reverse();
/** How a long compact form is shown: its first term, then "...". */
const compactShown = (list: string[], source?: string) =>
  "the " + (["", "", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"][list.length] ?? String(list.length)) + " names unspaced, `" + (source ? `{$.eventSource=${source}&&($.eventName=${list[0]}||...)}` : `{$.eventName=${list[0]}||...}`) + "`";
/** A compact one-line form: no parentheses around terms, no spaces. */
const compact = (list: string[], source?: string) => {
  const or = list.map((n) => `$.eventName=${n}`).join("||");
  return source ? `{$.eventSource=${source}&&(${or})}` : `{${or}}`;
};

const EC2_SOURCE_NOTE =
  "the reference has no event source (no published text has one), so the check reads the scope as matching less and " +
  "FAILs it, although only EC2 makes these calls.";

export const CONTROLS: Control[] = [
  {
    slug: "unauthorized-api-calls",
    cis: "4.1",
    cis12: "3.1",
    sh: "CloudWatch.2",
    shTitle: "Ensure a log metric filter and alarm exist for unauthorized API calls",
    cisTitle: "Ensure unauthorized API calls are monitored",
    needsRead: true,
    metricName: "UnauthorizedAPICalls",
    severity: "medium",
    referenceVersion: "CIS v1.4.0–v3.0.0 4.1",
    reference:
      '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
    intro:
      "API calls that AWS refuses for lack of permission. A leaked access key does not come with a list of what it may do: " +
      "whoever holds it finds out by trying, and permission-enumeration tools make hundreds of calls in a minute, most of " +
      "them denied. The same errors from a workload that used to work mean a policy changed under it.",
    events:
      "**The events.** Any management event whose `errorCode` says the caller was not allowed: " +
      "`*UnauthorizedOperation` is the EC2 family's code (`Client.UnauthorizedOperation`), `AccessDenied` S3's and " +
      "IAM's, `AccessDeniedException` that of the JSON-protocol services (KMS, Lambda, DynamoDB, ...). Most " +
      "reconnaissance is `List*`, `Describe*` and `Get*` calls, which are read events.",
    versions:
      "CIS v1.2.0 3.1 and Security Hub's CloudWatch.2 have the two `errorCode` terms alone. The later CIS texts " +
      "(v1.4.0–v3.0.0 4.1) append two exclusions without parentheses around the `||`. In filter patterns `&&` binds " +
      "tighter than `||`, so the published text reads as `*UnauthorizedOperation || (AccessDenied* && not from " +
      "delivery.logs.amazonaws.com && not HeadBucket)`: the exclusions (S3 `HeadBucket` probes that tools and the console " +
      "make routinely, and the log delivery service's own denied calls) apply to the `AccessDenied*` branch only. That " +
      "reading is the narrowest published one, and the check compares with it: a filter of the v1.2.0 / Security Hub text " +
      "covers it (and alarms on the excluded noise as well).",
    passes: [
      { filters: ['{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}'], note: "the CIS v1.2.0 / Security Hub text: no exclusions, so it matches more." },
      { filters: ['{ $.errorCode = "AccessDenied*" || $.errorCode = "*UnauthorizedOperation" || $.errorCode = "InvalidClientTokenId" }'], note: "terms reordered, parentheses dropped, an extra `||` term." },
      {
        filters: ['{ $.errorCode = "*UnauthorizedOperation" }', '{ $.errorCode = "AccessDenied*" && $.eventName != "HeadBucket" && $.sourceIPAddress != "delivery.logs.amazonaws.com" }'],
        shown: '`{ $.errorCode = "*UnauthorizedOperation" }` plus `{ $.errorCode = "AccessDenied*" && $.eventName != "HeadBucket" && $.sourceIPAddress != "delivery.logs.amazonaws.com" }`',
        note: "the reference split across two filters, each with its own alarm.",
      },
    ],
    misses: [
      {
        filters: ['{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }'],
        note: "the exclusions parenthesised over both branches: it misses an `UnauthorizedOperation` error on a `HeadBucket` call or from `delivery.logs.amazonaws.com`, which the published text matches.",
      },
      { filters: ['{ ($.errorCode = "AccessDenied") || ($.errorCode = "*UnauthorizedOperation") }'], note: "`AccessDenied` without the wildcard misses `AccessDeniedException`, the code of most JSON-protocol services." },
    ],
    ne:
      "The reference's two `!=` terms are read both ways: under the reading where `!=` matches a missing field it also " +
      "matches `AccessDenied*` events without `sourceIPAddress`. A filter with the same exclusions, or none, covers under both.",
    extra: [],
  },
  {
    slug: "console-signin-without-mfa",
    cis: "4.2",
    cis12: "3.2",
    sh: "CloudWatch.3",
    shTitle: "Ensure a log metric filter and alarm exist for Management Console sign-in without MFA",
    cisTitle: "Ensure management console sign-in without MFA is monitored",
    needsRead: true,
    metricName: "ConsoleSigninWithoutMFA",
    severity: "medium",
    referenceVersion: "CIS v1.4.0–v3.0.0 4.2 / Security Hub CloudWatch.3",
    reference:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    intro:
      "successful console sign-ins of IAM users without multi-factor authentication. For such a user the password is the " +
      "only secret: one phished, reused or guessed password gives a full console session, and a sign-in without MFA by a " +
      "user who is supposed to have it is the moment to ask who it was.",
    events:
      "**The events.** `ConsoleLogin` events (event source `signin.amazonaws.com`) of IAM users that succeeded with " +
      "`additionalEventData.MFAUsed` other than `Yes`. Sign-in events are not API calls (`eventType` `AwsConsoleSignIn`); " +
      "the check asks for read and write management events, as the CIS audit procedure does (`ReadWriteType: All`).",
    versions:
      "CIS v1.2.0 3.2 to v1.4.0 4.2 have the first two terms only: " +
      "`{ ($.eventName = \"ConsoleLogin\") && ($.additionalEventData.MFAUsed != \"Yes\") }`. " +
      "CIS v1.5.0–v3.0.0 add, to cut false positives where single sign-on is used, the version above with " +
      "`$.userIdentity.type = \"IAMUser\"` and `$.responseElements.ConsoleLogin = \"Success\"`, which Security Hub's " +
      "CloudWatch.3 uses. Federated and IAM Identity Center sign-ins authenticate at the identity provider, so their " +
      "`MFAUsed` says nothing about whether MFA was used there; failed sign-ins are " +
      "[cloudwatch-alarm-console-auth-failures](cloudwatch-alarm-console-auth-failures.md)'s; root sign-ins are " +
      "[cloudwatch-alarm-root-usage](cloudwatch-alarm-root-usage.md)'s. The check compares with this narrowest correct " +
      "version, so a filter of the v1.2.0 text (which matches more) passes too." +
      " The reference adds `$.eventSource = signin.amazonaws.com`, the only source of these event names, so the published text (without it) and a filter scoped to the source both pass.",
    passes: [
      { filters: ['{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }'], note: "the CIS v1.2.0 text." },
      {
        filters: ['{ $.responseElements.ConsoleLogin = "Success" && $.userIdentity.type = "IAMUser" && $.eventName = "ConsoleLogin" && $.additionalEventData.MFAUsed != "Yes" }'],
        note: "the same terms in another order, without parentheses.",
      },
      {
        filters: ['{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.responseElements.ConsoleLogin != "Failure") }'],
        note: "`!= \"Failure\"` instead of `= \"Success\"`: it matches every successful sign-in and more.",
      },
      {
        filters: ['{ ($.eventSource = "signin.amazonaws.com") && ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }'],
        note: "scoped to `signin.amazonaws.com`, the only source of `ConsoleLogin`, as the reference is.",
      },
    ],
    misses: [
      {
        filters: ['{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed = "No") && ($.userIdentity.type = "IAMUser") }'],
        note: "`MFAUsed = \"No\"` instead of `!= \"Yes\"`: it misses a sign-in whose `MFAUsed` holds another value or is absent.",
      },
      {
        filters: ['{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") && ($.userIdentity.userName != "break-glass") }'],
        note: "an extra `&&` term: the sign-ins of `break-glass` are missed.",
      },
    ],
    ne:
      "The reference's `$.additionalEventData.MFAUsed != \"Yes\"` is read both ways: under the reading where `!=` matches " +
      "a missing field, it also matches an IAM user's sign-in that carries no `MFAUsed`. A filter with the same `!=` term " +
      "covers under both; `MFAUsed = \"No\"` covers under neither.",
  },
  {
    slug: "root-usage",
    cis: "4.3",
    cis12: "3.3",
    sh: "CloudWatch.1",
    shTitle: "A log metric filter and alarm should exist for usage of the \"root\" user",
    cisTitle: "Ensure usage of the 'root' account is monitored",
    needsRead: true,
    metricName: "RootAccountUsage",
    severity: "high",
    referenceVersion: "CIS v1.4.0–v3.0.0 4.3 / Security Hub CloudWatch.1",
    reference: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    intro:
      "uses of the root user. The root user can do everything, including closing the account and changing its contact " +
      "details, and no IAM policy limits it (nor an SCP, in the management account). Day-to-day work never needs it, so a " +
      "root sign-in or API call is either a rare, planned task or a compromise; either way someone should hear of it within " +
      "minutes, not at the next audit.",
    events:
      "**The events.** Every event whose `userIdentity.type` is `Root`, made by the root user itself: not on its behalf by " +
      "an AWS service (`invokedBy` absent) and not an AWS service event. Reads count as much as writes (a root user " +
      "listing what is there is the root user in use), so the trail must record read and write management events.",
    versions:
      "The same pattern in CIS v1.2.0 3.3, v1.4.0–v3.0.0 4.3 and Security Hub's CloudWatch.1, up to spacing and quotes.",
    passes: [
      { filters: ['{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}'], note: "Security Hub's spacing." },
      { filters: ['{ ($.eventType != "AwsServiceEvent") && ($.userIdentity.invokedBy NOT EXISTS) && ($.userIdentity.type = "Root") }'], note: "reordered and parenthesised." },
      { filters: ['{ $.userIdentity.type = "Root" }'], note: "every root event, service-invoked ones too: it matches more (and alarms on AWS acting for root)." },
    ],
    misses: [
      {
        filters: ['{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" && $.eventName != "ConsoleLogin" }'],
        note: "an extra `&&` term: root sign-ins are missed.",
      },
      {
        filters: ['{ $.userIdentity.type = "root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }'],
        note: "`root` in lower case: values compare case-sensitively, and CloudTrail writes `Root`.",
      },
      {
        filters: ['{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy != "*" && $.eventType != "AwsServiceEvent" }'],
        note: "`invokedBy != \"*\"` for `NOT EXISTS`: it matches the root user's own calls only under the reading where `!=` matches a missing field (see below).",
      },
    ],
    ne:
      "The reference's `$.eventType != \"AwsServiceEvent\"` is read both ways, and so is every `!=` of a filter. That is " +
      "what fails `$.userIdentity.invokedBy != \"*\"` written for `NOT EXISTS`: if `!=` needs a value, it never matches an " +
      "event without `invokedBy`, which is every call the root user makes itself.",
  },
  {
    slug: "iam-policy-changes",
    cis: "4.4",
    cis12: "3.4",
    sh: "CloudWatch.4",
    shTitle: "Ensure a log metric filter and alarm exist for IAM policy changes",
    cisTitle: "Ensure IAM policy changes are monitored",
    needsRead: false,
    sources: ["iam.amazonaws.com"],
    metricName: "IAMPolicyChanges",
    severity: "medium",
    referenceVersion: "Security Hub CloudWatch.4 / CIS v1.4.0–v3.0.0 4.4",
    reference: names(IAM, "iam.amazonaws.com"),
    intro:
      "changes to IAM policies. Privilege escalation and persistence go through them: attaching `AdministratorAccess` to a " +
      "foothold user, an inline `PutUserPolicy`, or `CreatePolicyVersion --set-as-default` on a policy the attacker's " +
      "role already has. An alarm turns a quiet grant into a page.",
    events:
      "**The events.** The sixteen IAM calls that create, change, attach or detach managed and inline policies of users, " +
      "groups and roles (write management events). IAM is a global service: its events are logged in `us-east-1` and " +
      "reach every multi-region trail (AWS refuses a multi-region trail without global service events).",
    versions:
      "CIS v1.2.0 3.4 (and Security Hub's earlier CloudWatch.4 text) lists the sixteen names alone; Security Hub's current " +
      "text adds `($.eventSource = iam.amazonaws.com) &&`. The reference keeps the event source because `CreatePolicy` " +
      "and `DeletePolicy` are also AWS Organizations (SCP) and AWS IoT event names: without it, the reference would demand " +
      "that a filter also match those, and a filter correctly scoped to IAM would FAIL. With it, both the scoped and the " +
      "unscoped published texts pass.",
    passes: [
      { filters: [names(IAM)], shown: "the sixteen `$.eventName` terms alone (CIS v1.2.0)", note: "it matches more (Organizations' and IoT's `CreatePolicy` too)." },
      {
        filters: ['{ ($.eventSource = iam.amazonaws.com) && (($.eventName = "*Policy") || ($.eventName = "*PolicyVersion")) }'],
        note: "wildcards that include all sixteen names (and other IAM calls ending so, such as `UpdateAssumeRolePolicy`).",
      },
      { filters: [compact(reversed(IAM), "iam.amazonaws.com")], shown: "the sixteen names in reverse order, written `{$.eventSource=iam.amazonaws.com&&($.eventName=DetachGroupPolicy||...)}`", note: "order and spacing do not matter." },
    ],
    misses: [
      { filters: [names(without(IAM, "CreatePolicyVersion"), "iam.amazonaws.com")], shown: "the reference without `CreatePolicyVersion`", note: "misses the classic escalation of writing a new default version of a policy one already holds." },
      { filters: [names(replace(IAM, "AttachRolePolicy", "AttachRolePolicies"), "iam.amazonaws.com")], shown: "`AttachRolePolicies` for `AttachRolePolicy`", note: "a misspelt name matches nothing: attaching a managed policy to a role goes unnoticed." },
    ],
    ne: "The reference has no `!=` term; a filter that adds one (`&& $.userIdentity.invokedBy != \"cloudformation.amazonaws.com\"`, to silence stack updates) matches less under either reading: if `!=` needs a value, it misses every direct call (they have no `invokedBy`); if not, it still misses the changes a stack makes.",
  },
  {
    slug: "cloudtrail-changes",
    cis: "4.5",
    cis12: "3.5",
    sh: "CloudWatch.5",
    shTitle: "Ensure a log metric filter and alarm exist for CloudTrail AWS Configuration changes",
    cisTitle: "Ensure CloudTrail configuration changes are monitored",
    needsRead: false,
    metricName: "CloudTrailChanges",
    severity: "high",
    referenceVersion: "CIS v1.4.0–v3.0.0 4.5 / Security Hub CloudWatch.5",
    reference: names(TRAIL),
    intro:
      "changes to CloudTrail trails. Stopping the trail, deleting it or pointing it at another bucket is among an " +
      "intruder's first moves, since everything after it leaves no record; `StopLogging` itself is still recorded, so an " +
      "alarm on it is the last word the trail gets out.",
    events:
      "**The events.** `CreateTrail`, `UpdateTrail`, `DeleteTrail`, `StartLogging`, `StopLogging` (write management " +
      "events of `cloudtrail.amazonaws.com`). The reference leaves out `PutEventSelectors` and `PutInsightSelectors`, " +
      "which can stop a trail recording what matters without stopping it: adding them is an extra `||` term, which still passes.",
    versions: "The same five names in CIS v1.2.0 3.5, v1.4.0–v3.0.0 4.5 and Security Hub's CloudWatch.5." +
      " The reference adds `$.eventSource = cloudtrail.amazonaws.com`, the only source of these event names, so the published text (without it) and a filter scoped to the source both pass.",
    passes: [
      { filters: [compact(TRAIL)], shown: compactShown(TRAIL), note: "spacing and parentheses do not matter." },
      { filters: [names([...reversed(TRAIL), "PutEventSelectors", "PutInsightSelectors"])], shown: "the five names reversed, plus `PutEventSelectors` and `PutInsightSelectors`", note: "extra `||` terms." },
      { filters: [names(["StopLogging", "DeleteTrail"]), names(["CreateTrail", "UpdateTrail", "StartLogging"])], shown: "`StopLogging` and `DeleteTrail` in one filter (paging someone), the other three in another", note: "each filter with its own alarm that reaches someone." },
      { filters: [names(TRAIL, "cloudtrail.amazonaws.com")], shown: "the five names scoped with `($.eventSource = cloudtrail.amazonaws.com) &&`", note: "the event source the reference names too." },
    ],
    misses: [
      { filters: [names(["StopLogging", "DeleteTrail"])], shown: "`{ ($.eventName = StopLogging) || ($.eventName = DeleteTrail) }` alone", note: "misses `UpdateTrail`, which can redirect the logs to another bucket or make the trail single-region." },
      {
        filters: [`{ (${TRAIL.map((n) => `($.eventName = ${n})`).join(" || ")}) && ($.userIdentity.type = "Root") }`],
        shown: "the five names `&& ($.userIdentity.type = \"Root\")`",
        note: "an extra `&&` term: changes by any other identity are missed.",
      },
    ],
    ne: "The reference has no `!=` term; a filter that adds one (`&& $.userIdentity.invokedBy != \"cloudformation.amazonaws.com\"`) matches less under either reading and FAILs.",
  },
  {
    slug: "console-auth-failures",
    cis: "4.6",
    cis12: "3.6",
    sh: "CloudWatch.6",
    shTitle: "Ensure a log metric filter and alarm exist for AWS Management Console authentication failures",
    cisTitle: "Ensure AWS Management Console authentication failures are monitored",
    needsRead: true,
    metricName: "ConsoleSigninFailures",
    severity: "medium",
    referenceVersion: "CIS v1.4.0–v3.0.0 4.6 / Security Hub CloudWatch.6",
    reference: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
    intro:
      "failed console sign-ins. Password guessing and credential stuffing against IAM users show up here first, from one " +
      "source address or many; the failures also tell which user names an attacker knows.",
    events:
      "**The events.** `ConsoleLogin` events (event source `signin.amazonaws.com`) with `errorMessage` `Failed " +
      "authentication`. Sign-in events are not API calls (`eventType` `AwsConsoleSignIn`); the check asks for read and " +
      "write management events, as the CIS audit procedure does (`ReadWriteType: All`).",
    versions: "The same pattern in CIS v1.2.0 3.6, v1.4.0–v3.0.0 4.6 and Security Hub's CloudWatch.6." +
      " The reference adds `$.eventSource = signin.amazonaws.com`, the only source of these event names, so the published text (without it) and a filter scoped to the source both pass.",
    passes: [
      { filters: ['{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}'], note: "Security Hub's spacing." },
      { filters: ['{ $.errorMessage = "Failed*" && $.eventName = "ConsoleLogin" }'], note: "reordered, with a wildcard that includes the reference's value." },
      { filters: ['{ ($.eventName = "ConsoleLogin") && ($.errorMessage = "*") }'], note: "every sign-in with an error message: it matches more." },
    ],
    misses: [
      { filters: ['{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed Authentication") }'], note: "`Authentication` with a capital A: values compare case-sensitively." },
      {
        filters: ['{ ($.eventName = ConsoleLogin) && ($.responseElements.ConsoleLogin = "Failure") }'],
        note: "another field: CloudTrail writes `Failure` there together with the error message, but the check compares patterns, not AWS's event schema, so it cannot credit a filter on a field the reference does not test.",
      },
    ],
    ne: "The reference has no `!=` term; a filter that adds one (`&& $.userIdentity.type != \"Root\"`) matches less under either reading and FAILs.",
  },
  {
    slug: "cmk-disable-or-deletion",
    cis: "4.7",
    cis12: "3.7",
    sh: "CloudWatch.7",
    shTitle: "Ensure a log metric filter and alarm exist for disabling or scheduled deletion of customer managed keys",
    cisTitle: "Ensure disabling or scheduled deletion of customer created CMKs is monitored",
    needsRead: false,
    sources: ["kms.amazonaws.com"],
    metricName: "DisableOrDeleteCMK",
    severity: "high",
    referenceVersion: "CIS v1.4.0–v3.0.0 4.7 / Security Hub CloudWatch.7",
    reference: '{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }',
    intro:
      "KMS keys being disabled or scheduled for deletion. Everything encrypted under a key (EBS volumes, S3 objects, RDS " +
      "snapshots, the trail's own log files when it uses SSE-KMS) becomes unreadable while it is disabled and for good once it is deleted, which " +
      "makes `ScheduleKeyDeletion` a ransom and sabotage tool. The 7 to 30 day waiting period is only a safety net if " +
      "someone hears of it in time to run `CancelKeyDeletion`.",
    events:
      "**The events.** `DisableKey` and `ScheduleKeyDeletion` from `kms.amazonaws.com` (write management events).",
    versions: "The same pattern in CIS v1.2.0 3.7, v1.4.0–v3.0.0 4.7 and Security Hub's CloudWatch.7.",
    passes: [
      { filters: ['{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}'], note: "Security Hub's spacing." },
      { filters: ['{ ($.eventName = "ScheduleKeyDeletion") || ($.eventName = "DisableKey") || ($.eventName = "PutKeyPolicy") }'], note: "no event source (it matches more) and an extra `||` term: a key policy that locks everyone out is as final." },
      { filters: ['{ $.eventSource = "kms.amazonaws.com" && $.eventName = "DisableKey" }', '{ $.eventSource = "kms.amazonaws.com" && $.eventName = "ScheduleKeyDeletion" }'], note: "one filter per event, each with its own alarm." },
    ],
    misses: [
      { filters: ['{ ($.eventSource = kms.amazonaws.com) && ($.eventName = ScheduleKeyDeletion) }'], note: "misses `DisableKey`, which takes effect at once." },
      { filters: ['{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKeyRotation) || ($.eventName = ScheduleKeyDeletion)) }'], note: "`DisableKeyRotation` is another operation: `DisableKey` is missed." },
    ],
    ne: "The reference has no `!=` term; a filter that adds one (`&& $.userIdentity.invokedBy != \"cloudformation.amazonaws.com\"`) matches less under either reading and FAILs.",
    extra: [
      "**A trail that excludes KMS cannot feed it.** KMS `Decrypt`, `Encrypt` and `GenerateDataKey` are a large share of " +
        "many accounts' management events, so trails often exclude `kms.amazonaws.com` (`ExcludeManagementEventSources`, " +
        "or an advanced selector with `eventSource` `NotEquals`) to save cost. That drops `DisableKey` and " +
        "`ScheduleKeyDeletion` as well: such a trail FAILs `eventsNotRecorded`, and the fix's selectors keep the " +
        "trail's other exclusions but not that one.",
    ],
  },
  {
    slug: "s3-bucket-policy-changes",
    cis: "4.8",
    cis12: "3.8",
    sh: "CloudWatch.8",
    shTitle: "Ensure a log metric filter and alarm exist for S3 bucket policy changes",
    cisTitle: "Ensure S3 bucket policy changes are monitored",
    needsRead: false,
    sources: ["s3.amazonaws.com"],
    metricName: "S3BucketPolicyChanges",
    severity: "medium",
    referenceVersion: "CIS v1.4.0–v3.0.0 4.8 / Security Hub CloudWatch.8",
    reference: names(S3, "s3.amazonaws.com"),
    intro:
      "changes to S3 bucket policies, ACLs, CORS, lifecycle and replication settings. A bucket policy or ACL that grants " +
      "`*` or another account is how data leaks; replication to a bucket elsewhere copies every new object out; a " +
      "lifecycle rule deletes data on a timer.",
    events:
      "**The events.** The nine bucket-level `Put*`/`Delete*` calls of the reference from `s3.amazonaws.com` (write " +
      "management events; object-level data events are not needed). The reference leaves out `PutBucketPublicAccessBlock` " +
      "and `DeleteBucketPublicAccessBlock` (turning off Block Public Access): adding them is an extra `||` term, which still passes.",
    versions: "The same pattern in CIS v1.2.0 3.8, v1.4.0–v3.0.0 4.8 and Security Hub's CloudWatch.8.",
    passes: [
      { filters: [compact(S3, "s3.amazonaws.com")], shown: "the nine names unspaced, `{$.eventSource=s3.amazonaws.com&&($.eventName=PutBucketAcl||...)}`", note: "spacing and parentheses do not matter." },
      { filters: ['{ ($.eventSource = s3.amazonaws.com) && (($.eventName = "PutBucket*") || ($.eventName = "DeleteBucket*")) }'], note: "wildcards that include all nine names (and more, such as `PutBucketTagging`)." },
      { filters: [names([...reversed(S3), "PutBucketPublicAccessBlock", "DeleteBucketPublicAccessBlock"], "s3.amazonaws.com")], shown: "the nine names reversed, plus the two Block Public Access calls", note: "extra `||` terms." },
    ],
    misses: [
      { filters: [names(["PutBucketPolicy", "DeleteBucketPolicy", "PutBucketAcl"], "s3.amazonaws.com")], shown: "`PutBucketPolicy`, `DeleteBucketPolicy` and `PutBucketAcl` only", note: "\"policy changes\" read narrowly: CORS, lifecycle and replication changes are missed." },
      { filters: [names(replace(S3, "PutBucketLifecycle", "PutBucketLifeCycle"), "s3.amazonaws.com")], shown: "`PutBucketLifeCycle` for `PutBucketLifecycle`", note: "values compare case-sensitively: a new lifecycle rule goes unnoticed." },
    ],
    ne: "The reference has no `!=` term; a filter that adds one (`&& $.userIdentity.invokedBy != \"cloudformation.amazonaws.com\"`) matches less under either reading and FAILs.",
  },
  {
    slug: "config-changes",
    cis: "4.9",
    cis12: "3.9",
    sh: "CloudWatch.9",
    shTitle: "Ensure a log metric filter and alarm exist for AWS Config configuration changes",
    cisTitle: "Ensure AWS Config configuration changes are monitored",
    needsRead: false,
    sources: ["config.amazonaws.com"],
    metricName: "AWSConfigChanges",
    severity: "medium",
    referenceVersion: "CIS v1.4.0–v3.0.0 4.9 / Security Hub CloudWatch.9",
    reference: names(CONFIG, "config.amazonaws.com"),
    intro:
      "changes to AWS Config's recorder and delivery channel. Config keeps the history of every resource's settings and " +
      "feeds Config rules and many Security Hub controls; stopping the recorder before changing resources, or deleting the " +
      "delivery channel, removes that history for exactly the changes that matter.",
    events:
      "**The events.** `StopConfigurationRecorder`, `DeleteDeliveryChannel`, `PutDeliveryChannel` and " +
      "`PutConfigurationRecorder` from `config.amazonaws.com` (write management events). CIS leaves out " +
      "`DeleteConfigurationRecorder`: adding it is an extra `||` term, which still passes.",
    versions: "The same pattern in CIS v1.2.0 3.9, v1.4.0–v3.0.0 4.9 and Security Hub's CloudWatch.9.",
    passes: [
      { filters: [compact(CONFIG, "config.amazonaws.com")], shown: compactShown(CONFIG, "config.amazonaws.com"), note: "spacing and parentheses do not matter." },
      { filters: [names([...reversed(CONFIG), "DeleteConfigurationRecorder"], "config.amazonaws.com")], shown: "the four names reversed, plus `DeleteConfigurationRecorder`", note: "an extra `||` term." },
      { filters: ['{ $.eventSource = "config.amazonaws.com" && ($.eventName = "Stop*" || $.eventName = "Delete*" || $.eventName = "Put*") }'], note: "wildcards that include all four (and every `Put*` rule change)." },
    ],
    misses: [
      { filters: [names(["StopConfigurationRecorder"], "config.amazonaws.com")], shown: "`StopConfigurationRecorder` alone", note: "misses the delivery channel being deleted or redirected." },
      { filters: [names(replace(CONFIG, "PutDeliveryChannel", "PutDeliveryChanel"), "config.amazonaws.com")], shown: "`PutDeliveryChanel` for `PutDeliveryChannel`", note: "a misspelt name matches nothing: redirecting the snapshots to another bucket goes unnoticed." },
    ],
    ne: "The reference has no `!=` term; a filter that adds one (`&& $.userIdentity.invokedBy != \"cloudformation.amazonaws.com\"`) matches less under either reading and FAILs.",
  },
  {
    slug: "security-group-changes",
    cis: "4.10",
    cis12: "3.10",
    sh: "CloudWatch.10",
    shTitle: "Ensure a log metric filter and alarm exist for security group changes",
    cisTitle: "Ensure security group changes are monitored",
    needsRead: false,
    metricName: "SecurityGroupChanges",
    severity: "medium",
    referenceVersion: "CIS v1.4.0–v3.0.0 4.10 / Security Hub CloudWatch.10",
    reference: names(SG),
    intro:
      "changes to security groups. An ingress rule that opens SSH or RDP to `0.0.0.0/0` is a classic way back in; an " +
      "egress rule opens the way out for exfiltration. Both are one API call, and both are easy to miss in a busy account.",
    events:
      "**The events.** The six calls that create, delete, authorize or revoke security groups and their rules (write " +
      "management events of `ec2.amazonaws.com`). The reference predates `ModifySecurityGroupRules`, which edits rules " +
      "in place: adding it is an extra `||` term, which still passes, and worth doing.",
    versions: "The same pattern in CIS v1.2.0 3.10, v1.4.0–v3.0.0 4.10 and Security Hub's CloudWatch.10." +
      " The reference adds `$.eventSource = ec2.amazonaws.com`, the only source of these event names, so the published text (without it) and a filter scoped to the source both pass.",
    passes: [
      { filters: [compact(SG)], shown: compactShown(SG), note: "spacing and parentheses do not matter." },
      { filters: [names([...reversed(SG), "ModifySecurityGroupRules"])], shown: "the six names reversed, plus `ModifySecurityGroupRules`", note: "an extra `||` term." },
      { filters: ['{ $.eventName = "AuthorizeSecurityGroup*" || $.eventName = "RevokeSecurityGroup*" || $.eventName = "*SecurityGroup" }'], note: "wildcards that include all six." },
      { filters: [names(SG, "ec2.amazonaws.com")], shown: "the six names scoped with `($.eventSource = ec2.amazonaws.com) &&`", note: "the event source the reference names too." },
    ],
    misses: [
      { filters: [names(["AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress"])], shown: "the two ingress calls only", note: "egress rules and new groups are missed." },
    ],
    ne: "The reference has no `!=` term; a filter that adds one (`&& $.userIdentity.invokedBy != \"cloudformation.amazonaws.com\"`) matches less under either reading and FAILs.",
  },
  {
    slug: "nacl-changes",
    cis: "4.11",
    cis12: "3.11",
    sh: "CloudWatch.11",
    shTitle: "Ensure a log metric filter and alarm exist for changes to Network Access Control Lists (NACL)",
    cisTitle: "Ensure Network Access Control Lists (NACL) changes are monitored",
    needsRead: false,
    metricName: "NACLChanges",
    severity: "medium",
    referenceVersion: "CIS v1.4.0–v3.0.0 4.11 / Security Hub CloudWatch.11",
    reference: names(NACL),
    intro:
      "changes to network ACLs. NACLs are the stateless filter in front of every subnet; an allow-all entry, or a subnet " +
      "moved to another ACL with `ReplaceNetworkAclAssociation`, removes that layer for every instance in it at once.",
    events:
      "**The events.** The six calls that create, delete or replace network ACLs, their entries and their subnet " +
      "associations (write management events of `ec2.amazonaws.com`).",
    versions: "The same pattern in CIS v1.2.0 3.11, v1.4.0–v3.0.0 4.11 and Security Hub's CloudWatch.11." +
      " The reference adds `$.eventSource = ec2.amazonaws.com`, the only source of these event names, so the published text (without it) and a filter scoped to the source both pass.",
    passes: [
      { filters: [compact(NACL)], shown: compactShown(NACL), note: "spacing and parentheses do not matter." },
      { filters: ['{ ($.eventName = "*NetworkAcl") || ($.eventName = "*NetworkAclEntry") || ($.eventName = "ReplaceNetworkAclAssociation") }'], note: "wildcards that include all six." },
      { filters: [names(["CreateNetworkAcl", "DeleteNetworkAcl", "ReplaceNetworkAclAssociation"]), names(["CreateNetworkAclEntry", "DeleteNetworkAclEntry", "ReplaceNetworkAclEntry"])], shown: "ACLs in one filter, entries in another", note: "each with its own alarm." },
      { filters: [names(NACL, "ec2.amazonaws.com")], shown: "the six names scoped with `($.eventSource = ec2.amazonaws.com) &&`", note: "the event source the reference names too." },
    ],
    misses: [
      { filters: [names(without(NACL, "ReplaceNetworkAclAssociation"))], shown: "the reference without `ReplaceNetworkAclAssociation`", note: "moving a subnet to a permissive ACL is missed." },
      { filters: [names(replace(NACL, "CreateNetworkAclEntry", "CreateNetworkACLEntry"))], shown: "`CreateNetworkACLEntry` for `CreateNetworkAclEntry`", note: "values compare case-sensitively: a new allow entry goes unnoticed." },
    ],
    ne: "The reference has no `!=` term; a filter that adds one (`&& $.userIdentity.invokedBy != \"cloudformation.amazonaws.com\"`) matches less under either reading and FAILs.",
  },
  {
    slug: "network-gateway-changes",
    cis: "4.12",
    cis12: "3.12",
    sh: "CloudWatch.12",
    shTitle: "Ensure a log metric filter and alarm exist for changes to network gateways",
    cisTitle: "Ensure changes to network gateways are monitored",
    needsRead: false,
    metricName: "NetworkGatewayChanges",
    severity: "medium",
    referenceVersion: "CIS v1.4.0–v3.0.0 4.12 / Security Hub CloudWatch.12",
    reference: names(GW),
    intro:
      "changes to internet and customer gateways. Attaching an internet gateway to a private VPC makes it reachable from " +
      "the internet (given a route); a customer gateway is the far end of a site-to-site VPN into the network.",
    events:
      "**The events.** The six calls that create, delete, attach or detach internet gateways and create or delete " +
      "customer gateways (write management events of `ec2.amazonaws.com`). NAT gateways, transit gateways and egress-only " +
      "internet gateways are not in the reference: adding them is an extra `||` term, which still passes.",
    versions: "The same pattern in CIS v1.2.0 3.12, v1.4.0–v3.0.0 4.12 and Security Hub's CloudWatch.12." +
      " The reference adds `$.eventSource = ec2.amazonaws.com`, the only source of these event names, so the published text (without it) and a filter scoped to the source both pass.",
    passes: [
      { filters: [compact(GW)], shown: compactShown(GW), note: "spacing and parentheses do not matter." },
      { filters: [names([...reversed(GW), "CreateEgressOnlyInternetGateway", "CreateNatGateway", "CreateTransitGateway"])], shown: "the six names reversed, plus `CreateEgressOnlyInternetGateway`, `CreateNatGateway`, `CreateTransitGateway`", note: "extra `||` terms." },
      { filters: ['{ ($.eventName = "*InternetGateway") || ($.eventName = "*CustomerGateway") }'], note: "wildcards that include all six (and the egress-only gateway calls)." },
      { filters: [names(GW, "ec2.amazonaws.com")], shown: "the six names scoped with `($.eventSource = ec2.amazonaws.com) &&`", note: "the event source the reference names too." },
    ],
    misses: [
      { filters: [names(["AttachInternetGateway", "CreateInternetGateway", "DeleteInternetGateway", "DetachInternetGateway"])], shown: "the four internet gateway calls only", note: "customer gateways (VPN) are missed." },
    ],
    ne: "The reference has no `!=` term; a filter that adds one (`&& $.userIdentity.invokedBy != \"cloudformation.amazonaws.com\"`) matches less under either reading and FAILs.",
  },
  {
    slug: "route-table-changes",
    cis: "4.13",
    cis12: "3.13",
    sh: "CloudWatch.13",
    shTitle: "Ensure a log metric filter and alarm exist for route table changes",
    cisTitle: "Ensure route table changes are monitored",
    needsRead: false,
    sources: ["ec2.amazonaws.com"],
    metricName: "RouteTableChanges",
    severity: "medium",
    referenceVersion: "CIS v3.0.0 4.13 as intended / Security Hub CloudWatch.13",
    reference: names(ROUTE, "ec2.amazonaws.com"),
    intro:
      "changes to VPC route tables. A route decides where a subnet's traffic goes: one new route through an instance the " +
      "attacker controls, or to an internet gateway, turns a private subnet into a monitored or an open one without " +
      "touching a security group.",
    events:
      "**The events.** The seven calls that create, replace, delete or (dis)associate route tables and routes, from " +
      "`ec2.amazonaws.com` (write management events).",
    versions:
      "CIS v1.2.0 3.13 lists the seven names alone. The CIS v3.0.0 text adds the event source without grouping the names: " +
      "`{($.eventSource = ec2.amazonaws.com) && ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ...}`, " +
      "which by precedence (`&&` binds tighter) reads `(ec2 && CreateRoute) || CreateRouteTable || ...`: the source " +
      "applies to `CreateRoute` only. The intent is plain, and it matters, because `CreateRoute` is also an API Gateway v2 " +
      "event name (routes of HTTP and WebSocket APIs). The check compares with the intended meaning, as Security Hub's " +
      "CloudWatch.13 text writes it: `ec2.amazonaws.com && (any of the seven)`. All three published texts cover it.",
    passes: [
      {
        filters: ["{($.eventSource = ec2.amazonaws.com) && ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)}"],
        shown: "the CIS v3.0.0 text as published",
        note: "it matches the seven EC2 events, and six of the names from any source as well.",
      },
      { filters: [names(ROUTE)], shown: "the seven names alone (CIS v1.2.0)", note: "it matches more (API Gateway's `CreateRoute` too)." },
      { filters: [compact(reversed(ROUTE), "ec2.amazonaws.com")], shown: "the seven names reversed, written `{$.eventSource=ec2.amazonaws.com&&($.eventName=DisassociateRouteTable||...)}`", note: "order and spacing do not matter." },
    ],
    misses: [
      { filters: [names(without(ROUTE, "DisassociateRouteTable"), "ec2.amazonaws.com")], shown: "the reference without `DisassociateRouteTable`", note: "a subnet falling back to the main route table is missed." },
      { filters: [names(replace(ROUTE, "ReplaceRouteTableAssociation", "ReplaceRouteTableAssocation"), "ec2.amazonaws.com")], shown: "`ReplaceRouteTableAssocation` (a letter short)", note: "a misspelt name matches nothing." },
      {
        filters: [`{ ($.eventSource = ec2.amazonaws.com) && (${ROUTE.map((n) => `($.eventName = ${n})`).join(" || ")}) && ($.requestParameters.destinationCidrBlock = "0.0.0.0/0") }`],
        shown: "the reference `&& ($.requestParameters.destinationCidrBlock = \"0.0.0.0/0\")`",
        note: "an extra `&&` term: it catches default routes only; every other route, and every route table change, is missed.",
      },
    ],
    ne: "The reference has no `!=` term; a filter that adds one (`&& $.userIdentity.invokedBy != \"cloudformation.amazonaws.com\"`) matches less under either reading and FAILs.",
  },
  {
    slug: "vpc-changes",
    cis: "4.14",
    cis12: "3.14",
    sh: "CloudWatch.14",
    shTitle: "Ensure a log metric filter and alarm exist for VPC changes",
    cisTitle: "Ensure VPC changes are monitored",
    needsRead: false,
    metricName: "VPCChanges",
    severity: "medium",
    referenceVersion: "CIS v1.4.0–v3.0.0 4.14 / Security Hub CloudWatch.14",
    reference: names(VPC),
    intro:
      "changes to VPCs and their peering connections. A peering connection accepted from an unknown account joins two " +
      "networks; `ModifyVpcAttribute` changes DNS resolution for everything inside; a deleted VPC takes its workloads with it.",
    events:
      "**The events.** The eleven calls of the reference (write management events of `ec2.amazonaws.com`): VPCs, their " +
      "attributes, peering connections, and ClassicLink. EC2-Classic, and ClassicLink with it, has been retired, but its " +
      "four names are in every published version, so a filter must keep them to cover the reference (they cost nothing).",
    versions: "The same pattern in CIS v1.2.0 3.14, v1.4.0–v3.0.0 4.14 and Security Hub's CloudWatch.14." +
      " The reference adds `$.eventSource = ec2.amazonaws.com`, the only source of these event names, so the published text (without it) and a filter scoped to the source both pass.",
    passes: [
      { filters: [compact(VPC)], shown: compactShown(VPC), note: "spacing and parentheses do not matter." },
      { filters: ['{ ($.eventName = "*Vpc") || ($.eventName = "*VpcPeeringConnection") || ($.eventName = "ModifyVpcAttribute") || ($.eventName = "*ClassicLink*") }'], note: "wildcards that include all eleven." },
      { filters: [names(["CreateVpc", "DeleteVpc", "ModifyVpcAttribute"]), names(["AcceptVpcPeeringConnection", "CreateVpcPeeringConnection", "DeleteVpcPeeringConnection", "RejectVpcPeeringConnection", "AttachClassicLinkVpc", "DetachClassicLinkVpc", "DisableVpcClassicLink", "EnableVpcClassicLink"])], shown: "VPCs in one filter, peering and ClassicLink in another", note: "each with its own alarm." },
      { filters: [names(VPC, "ec2.amazonaws.com")], shown: "the eleven names scoped with `($.eventSource = ec2.amazonaws.com) &&`", note: "the event source the reference names too." },
    ],
    misses: [
      { filters: [names(VPC.filter((n) => !n.includes("ClassicLink")))], shown: "the reference without the four ClassicLink names", note: "retired calls, but the reference still has them: FAIL, naming them." },
      { filters: [names(replace(VPC, "AcceptVpcPeeringConnection", "AcceptVPCPeeringConnection"))], shown: "`AcceptVPCPeeringConnection` for `AcceptVpcPeeringConnection`", note: "values compare case-sensitively: an accepted peering goes unnoticed." },
    ],
    ne: "The reference has no `!=` term; a filter that adds one (`&& $.userIdentity.invokedBy != \"cloudformation.amazonaws.com\"`) matches less under either reading and FAILs.",
  },
  {
    slug: "organizations-changes",
    cis: "4.15",
    needsRead: false,
    sources: ["organizations.amazonaws.com"],
    cisTitle: "Ensure AWS Organizations changes are monitored",
    metricName: "OrganizationsChanges",
    severity: "medium",
    referenceVersion: "CIS v1.4.0–v3.0.0 4.15",
    reference: names(ORG, "organizations.amazonaws.com"),
    intro:
      "changes to the AWS Organization: accounts joining, leaving or moving, organizational units, and the policies (SCPs " +
      "and others) attached to them. Detaching an SCP removes a guardrail from every account below it; `LeaveOrganization` " +
      "takes an account out from under all of them; `CreateAccount` or `InviteAccountToOrganization` adds an account " +
      "nobody reviewed.",
    events:
      "**The events.** The eighteen calls of the reference from `organizations.amazonaws.com` (write management events). " +
      "Most are made in the management account (or by a delegated administrator); `LeaveOrganization` and the " +
      "answers to handshakes in the member account. An organization trail records both, and a member's result is " +
      "decided in its log group. Organizations is a global service: its events are logged in `us-east-1` and reach " +
      "every multi-region trail.",
    versions:
      "CIS v1.4.0–v3.0.0 4.15; CIS v1.2.0 has no such recommendation and Security Hub no such control. The event source " +
      "is part of the published pattern, and necessary: `CreatePolicy` and `DeletePolicy` are also IAM event names, and " +
      "these two with `AttachPolicy` and `DetachPolicy` AWS IoT ones.",
    passes: [
      { filters: [compact(reversed(ORG), "organizations.amazonaws.com")], shown: "the eighteen names reversed and unspaced", note: "order and spacing do not matter." },
      { filters: ['{ $.eventSource = "organizations.amazonaws.com" }'], note: "every Organizations call: it matches far more (reads too, where the trail records them), so it is noisy, but it covers." },
      { filters: [names(ORG)], shown: "the eighteen names without the event source", note: "it matches more (IAM's `CreatePolicy` too)." },
    ],
    misses: [
      { filters: [names(replace(ORG, "LeaveOrganization", "LeaveOrganisation"), "organizations.amazonaws.com")], shown: "`LeaveOrganisation` for `LeaveOrganization`", note: "a misspelt name matches nothing: an account leaving goes unnoticed." },
      { filters: ['{ ($.eventSource = organizations.amazonaws.com) && ($.eventName = "*Policy*") }'], note: "every policy call, but no account, OU or handshake change." },
    ],
    ne: "The reference has no `!=` term; a filter that adds one (`&& $.userIdentity.invokedBy != \"cloudformation.amazonaws.com\"`) matches less under either reading and FAILs.",
  },
];

// Scoped-to-ec2 near misses share one note.
for (const c of CONTROLS) for (const m of c.misses) if (m.note === "") m.note = EC2_SOURCE_NOTE;
