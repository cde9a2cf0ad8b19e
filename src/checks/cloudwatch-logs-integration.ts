// CloudTrail events reach CloudWatch Logs, where metric filters and alarms can act on them: some
// logging, multi-region trail that covers the account names a log group and a role
// (CloudWatchLogsLogGroupArn, CloudWatchLogsRoleArn), delivered there recently
// (GetTrailStatus LatestCloudWatchLogsDeliveryTime within maxDeliveryAgeHours of the snapshot's
// collectedAt) and reports no delivery error (LatestCloudWatchLogsDeliveryError). Also reads
// IsMultiRegionTrail, HomeRegion, IsOrganizationTrail and IsLogging.
import { defineCheck, type CheckResult, type DataValue } from "../engine/check.js";
import { knownStatus, logGroupNameOfArn, parseArn, trailFlag, trailString, type TrailRef, shownHomeRegion } from "../model/coverage.js";
import type { UnknownRef } from "../model/unknown.js";
import { hoursBetween, toIso } from "../model/time.js";
import { TRAIL_READS } from "./lib/reads.js";
import { NO_TRAIL_IN_FILE_MESSAGE, SUSPENDED_MESSAGE } from "./lib/accounts.js";
import { coveredAccount, notCovered } from "./lib/covered-account.js";
import { docsUrl } from "./lib/docs.js";
import { CLOUDWATCH_LOGS, MULTI_REGION } from "./lib/iac-fixes.js";

type MessageId =
  | "ok"
  | "suspended"
  | "noTrailInFile"
  | "none"
  | "notWired"
  | "singleRegionOnly"
  | "stale"
  | "deliveryError"
  | "neverDelivered"
  | "badTimestamp";

interface Params {
  maxDeliveryAgeHours: number;
}

/** The configuration this check reads, known; a trail with any of it unknown is set aside (see `open`). */
interface Wiring {
  groupArn: string | undefined;
  roleArn: string | undefined;
  multi: boolean;
  unknowns: UnknownRef[];
}

function wiringOf(ref: TrailRef): Wiring {
  const unknowns: UnknownRef[] = [];
  const groupArn = trailString(ref, "CloudWatchLogsLogGroupArn", unknowns);
  const roleArn = trailString(ref, "CloudWatchLogsRoleArn", unknowns);
  const multi = trailFlag(ref, "IsMultiRegionTrail", unknowns) === true;
  return { groupArn, roleArn, multi, unknowns };
}

/** "arn:aws:iam::111122223333:role/service-role/CloudTrailRole" -> "CloudTrailRole". */
function roleName(arn: string): string {
  const resource = parseArn(arn)?.resource ?? arn;
  return resource.slice(resource.lastIndexOf("/") + 1);
}

const round1 = (n: number) => Math.round(n * 10) / 10;

interface Judged {
  messageId: "ok" | "stale" | "deliveryError" | "neverDelivered" | "badTimestamp";
  target: { region: string; resource: string; pointer: string; data: Record<string, DataValue> };
  extra: Record<string, DataValue>;
}

// Shell-ready JSON for the remediation commands (single-quoted in the command line).
const TRUST_POLICY =
  `'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},` +
  `"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceArn":"{{trailArn}}"}}}]}'`;
const ROLE_POLICY =
  `'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],` +
  `"Resource":"arn:{{partition}}:logs:{{homeRegion}}:{{ownerAccountId}}:log-group:{{newLogGroupName}}:log-stream:*"}]}'`;
const WIRE = [
  "aws logs create-log-group --log-group-name {{newLogGroupName}} --region {{homeRegion}}",
  `aws iam create-role --role-name {{newRoleName}} --assume-role-policy-document ${TRUST_POLICY}`,
  `aws iam put-role-policy --role-name {{newRoleName}} --policy-name CloudTrailToCloudWatchLogs --policy-document ${ROLE_POLICY}`,
  "aws cloudtrail update-trail --name {{trailArn}} --region {{homeRegion}}{{multiRegionFlags}} " +
    "--cloud-watch-logs-log-group-arn arn:{{partition}}:logs:{{homeRegion}}:{{ownerAccountId}}:log-group:{{newLogGroupName}}:* " +
    "--cloud-watch-logs-role-arn arn:{{partition}}:iam::{{ownerAccountId}}:role/{{newRoleName}}",
];
const REPAIR = [
  "aws cloudtrail get-trail-status --name {{trailArn}} --region {{homeRegion}}",
  "aws iam get-role --role-name {{roleName}}",
  "aws iam list-role-policies --role-name {{roleName}}",
  "aws logs describe-log-groups --log-group-name-prefix {{logGroupName}} --region {{logGroupRegion}}",
  "aws cloudtrail update-trail --name {{trailArn}} --region {{homeRegion}} --cloud-watch-logs-log-group-arn {{logGroupArn}} --cloud-watch-logs-role-arn {{roleArn}}",
];
const REPAIR_TEXT =
  "Check that role {{roleName}} trusts cloudtrail.amazonaws.com (get-role shows the trust policy) and allows " +
  "logs:CreateLogStream and logs:PutLogEvents on log group {{logGroupName}}, that the log group still exists, " +
  "then apply the settings again (update-trail validates the role).";

export const check = defineCheck<Params, MessageId>({
  meta: {
    id: "cloudwatch-logs-integration",
    docsUrl: docsUrl("cloudwatch-logs-integration"),
    title: "CloudTrail delivers events to CloudWatch Logs",
    severity: "medium",
    judges: "account",
    rationale:
      "S3 keeps CloudTrail logs, but nothing watches them there. Sent to CloudWatch Logs, events can drive metric " +
      "filters and alarms on root sign-ins, policy changes or a trail being stopped within minutes. A trail that " +
      "names a log group but has stopped delivering (a deleted group, a role that lost its permissions) gives the " +
      "same silence while looking configured.",
    reads: [
      ...TRAIL_READS,
    ],
    messages: {
      ok:
        "Multi-region trail {{trail}} delivers to CloudWatch Logs group {{logGroupName}}; last delivery {{lastDelivery}}, " +
        "{{ageHours}} hours before the snapshot.",
      suspended: SUSPENDED_MESSAGE,
      noTrailInFile: NO_TRAIL_IN_FILE_MESSAGE,
      none: "No logging trail covers this account, so nothing can be sent to CloudWatch Logs (see multi-region-trail).",
      notWired:
        "No logging trail that covers this account sends its events to CloudWatch Logs: {{trails}} set no " +
        "CloudWatchLogsLogGroupArn and CloudWatchLogsRoleArn, so no alarm can fire on API activity.",
      singleRegionOnly:
        "Only single-region trails send events to CloudWatch Logs ({{trails}}): activity in the account's other regions " +
        "never reaches a log group.",
      stale:
        "Trail {{trail}} last delivered to CloudWatch Logs group {{logGroupName}} at {{lastDelivery}}, {{ageHours}} hours " +
        "before the snapshot (limit {{maxDeliveryAgeHours}} hours): events are not reaching CloudWatch Logs.",
      deliveryError: 'Trail {{trail}} fails to deliver to CloudWatch Logs group {{logGroupName}}: "{{deliveryError}}".',
      neverDelivered:
        "Trail {{trail}} names CloudWatch Logs group {{logGroupName}} but has never delivered to it " +
        "(GetTrailStatus has no LatestCloudWatchLogsDeliveryTime).",
      badTimestamp: "Cannot read LatestCloudWatchLogsDeliveryTime {{value}} of trail {{trail}} or collectedAt {{collectedAt}}.",
    },
    iacMessages: { ok: "Multi-region trail {{trail}} sends its events to CloudWatch Logs group {{logGroupName}}." },
    remediation: {
      text:
        "Create a log group and a role that CloudTrail can assume to write to it, then point a multi-region trail " +
        "that covers the account at both.",
      cli: WIRE,
      ...CLOUDWATCH_LOGS,
    },
    fixes: {
      notWired: {
        text:
          "Create log group {{newLogGroupName}} and role {{newRoleName}} (trusting cloudtrail.amazonaws.com, allowed " +
          "logs:CreateLogStream and logs:PutLogEvents on the group) in account {{ownerAccountId}}, then wire trail {{trail}} to them.",
        cli: WIRE,
        ...CLOUDWATCH_LOGS,
      },
      singleRegionOnly: {
        text: "Make trail {{trail}}, already wired to log group {{logGroupName}}, a multi-region trail.",
        cli: ["aws cloudtrail update-trail --name {{trailArn}} --region {{homeRegion}} --is-multi-region-trail --include-global-service-events"],
        ...MULTI_REGION,
      },
      stale: { text: REPAIR_TEXT, cli: REPAIR },
      deliveryError: { text: REPAIR_TEXT, cli: REPAIR },
      neverDelivered: { text: REPAIR_TEXT, cli: REPAIR },
    },
    frameworks: { securityhub: ["CloudTrail.5"], "cis-aws-foundations-1.4": ["3.4"], "cis-aws-foundations-1.2": ["2.4"] },
    params: {
      type: "object",
      properties: {
        maxDeliveryAgeHours: {
          type: "number",
          exclusiveMinimum: 0,
          default: 24,
          description: "Oldest acceptable LatestCloudWatchLogsDeliveryTime, in hours before the snapshot's collectedAt.",
        },
      },
      additionalProperties: false,
    },
  },

  run(snapshot, params) {
    const { partition, collectedAt } = snapshot;
    const maxAge = params.maxDeliveryAgeHours;
    return snapshot.accounts.map((account, index): CheckResult<MessageId> => {
      const accountId = account.Id;
      const opening = coveredAccount(snapshot, account, index);
      if (opening.result) return opening.result;
      // Any verdict short of PASS rests on the trails that could not be read: one may deliver.
      const { coverage } = opening;
      // A trail whose wiring is partly unknown may be the one that passes: only a PASS holds without it.
      const wiring = new Map(coverage.logging.map((ref) => [ref, wiringOf(ref)]));
      const logging = coverage.logging.filter((ref) => wiring.get(ref)!.unknowns.length === 0);
      const unknowns = [...coverage.unknown, ...[...wiring.values()].flatMap((w) => w.unknowns)];
      const isWired = (ref: TrailRef) => Boolean(wiring.get(ref)!.groupArn) && Boolean(wiring.get(ref)!.roleArn);
      const isMultiRegion = (ref: TrailRef) => wiring.get(ref)!.multi;
      if (logging.length === 0) return notCovered(account, index, unknowns);

      const evidence = {
        collectedAt,
        maxDeliveryAgeHours: maxAge,
        trails: logging.map((ref) => ({
          TrailARN: ref.trail.TrailARN,
          IsMultiRegionTrail: wiring.get(ref)!.multi,
          CloudWatchLogsLogGroupArn: wiring.get(ref)!.groupArn ?? null,
          CloudWatchLogsRoleArn: wiring.get(ref)!.roleArn ?? null,
          LatestCloudWatchLogsDeliveryTime: knownStatus(ref.trail).LatestCloudWatchLogsDeliveryTime ?? null,
          LatestCloudWatchLogsDeliveryError: knownStatus(ref.trail).LatestCloudWatchLogsDeliveryError ?? null,
        })),
      };
      const about = (ref: TrailRef) => {
        const data: Record<string, DataValue> = {
          trail: ref.trail.Name,
          trailArn: ref.trail.TrailARN,
          homeRegion: shownHomeRegion(ref),
          ownerAccountId: ref.ownerAccountId,
          partition,
          maxDeliveryAgeHours: maxAge,
        };
        const { groupArn, roleArn } = wiring.get(ref)!;
        if (groupArn) {
          Object.assign(data, {
            logGroupArn: groupArn,
            logGroupName: logGroupNameOfArn(groupArn),
            logGroupRegion: parseArn(groupArn)?.region || ref.homeRegion,
          });
        }
        if (roleArn) Object.assign(data, { roleArn, roleName: roleName(roleArn) });
        return { region: ref.homeRegion, resource: ref.trail.TrailARN, pointer: ref.pointer, data };
      };

      // Judge every wired multi-region trail; the first healthy one passes the account.
      const judged = logging.filter((ref) => isWired(ref) && isMultiRegion(ref)).map((ref): Judged => {
        const status = knownStatus(ref.trail);
        const target = about(ref);
        const raw = status.LatestCloudWatchLogsDeliveryTime;
        if (status.LatestCloudWatchLogsDeliveryError) {
          return { messageId: "deliveryError", target, extra: { deliveryError: status.LatestCloudWatchLogsDeliveryError } };
        }
        if (raw === undefined || raw === "") return { messageId: "neverDelivered", target, extra: {} };
        const age = hoursBetween(raw, collectedAt);
        if (age === undefined) return { messageId: "badTimestamp", target, extra: { value: String(raw), collectedAt } };
        const extra = { lastDelivery: toIso(raw)!, ageHours: round1(Math.max(age, 0)) };
        return { messageId: age <= maxAge ? "ok" : "stale", target, extra };
      });

      const good = judged.find((j) => j.messageId === "ok");
      if (good) {
        return { status: "PASS", messageId: "ok", accountId, ...good.target, data: { ...good.target.data, ...good.extra }, evidence };
      }
      const bad = judged[0];
      if (bad) {
        const status = bad.messageId === "badTimestamp" ? "ERROR" : "FAIL";
        const field = bad.messageId === "deliveryError" ? "LatestCloudWatchLogsDeliveryError" : "LatestCloudWatchLogsDeliveryTime";
        const property = `${bad.target.pointer}/${bad.messageId === "neverDelivered" ? "CloudWatchLogsLogGroupArn" : `status/${field}`}`;
        return { status, messageId: bad.messageId, accountId, ...bad.target, property, data: { ...bad.target.data, ...bad.extra }, evidence, unknowns };
      }

      const wiredSingle = logging.filter(isWired);
      if (wiredSingle.length > 0) {
        const target = about(wiredSingle[0]!);
        const trails = wiredSingle.map((ref) => `${ref.trail.Name} (${shownHomeRegion(ref)})`).join(", ");
        const property = `${target.pointer}/IsMultiRegionTrail`;
        return { status: "FAIL", messageId: "singleRegionOnly", accountId, ...target, property, data: { ...target.data, trails }, evidence, unknowns };
      }

      // Nothing wired: point at the trail that would fix it in one step, a multi-region one when there is one.
      const candidate = logging.find(isMultiRegion) ?? logging[0]!;
      const target = about(candidate);
      return {
        status: "FAIL",
        messageId: "notWired",
        accountId,
        ...target,
        data: {
          ...target.data,
          trails: logging.map((ref) => ref.trail.Name).join(", "),
          newLogGroupName: `aws-cloudtrail-logs-${candidate.trail.Name}`,
          newRoleName: "CloudTrail_CloudWatchLogs_Role",
          multiRegionFlags: isMultiRegion(candidate) ? "" : " --is-multi-region-trail --include-global-service-events",
        },
        evidence,
        unknowns,
      };
    });
  },
});
