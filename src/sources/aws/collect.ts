// The live AWS source: reads an AWS Organization (or one account) read-only and returns a Snapshot.
//
// What it reads, and where (each module's header lists its calls):
//   identity      sts:GetCallerIdentity (account, partition): here.
//   organization  organization.ts: DescribeOrganization, the OU tree (accounts handed over as they
//                 arrive), delegated administrators, SCPs.
//   each account  enter (accounts.ts): sts:AssumeRole (members), regions, ListTrails, ListBuckets.
//                 read: each unique trail once, in its home region, by ARN, in the account that owns
//                 it (trails.ts); the tags of its buckets (buckets.ts); its own log buckets
//                 (buckets.ts), log groups (logs.ts) and KMS keys (kms.ts); its account-level
//                 Block Public Access settings (s3control.ts); and, in an account whose log bucket
//                 is read, its IAM authorization details (iam.ts), once.
//   at the end    log buckets, log groups and KMS keys owned by another account than the trail's,
//                 read in their owner (a bucket no account lists, a key of an account outside the
//                 scan, is out of scope and not read), with the owner's IAM authorization details;
//                 then the metric alarms (alarms.ts) of each account and region holding a log group a
//                 trail delivers to, once, and the SNS topics their actions name (sns.ts), each once,
//                 in its owner (a topic of an account outside the scan is not read).
// Which accounts' IAM is read: the owner of every log bucket the collector reads, that is of every
// bucket a trail of the scan names and an account of the scan lists. A bucket whose policy only lets
// CloudTrail deliver, without a trail of the scan writing to it, is not read, and neither is its
// owner's IAM (the checks judge the buckets trails name).
// Every failed call becomes a collection error of the account (or the organization); only Ctrl-C
// (AbortSignal), a setup failure (no identity, no account list) and a read-only guard violation
// reject. An answer is checked where it is read (normalize.ts, one spec per API next to its reader):
// an empty or truncated 200 answer (MalformedResponse) and a value AWS does not document
// (UnexpectedValue) are failed reads too. A list whose listing failed (AssumeRole, ListTrails,
// ListBuckets) is left out, so that withUnknowns writes it as unknown, not empty; the snapshot is
// then checked against the schema, and what it still refuses becomes unknown (repair.ts).
import { setMaxListeners } from "node:events";
import type { Account as OrgAccount } from "@aws-sdk/client-organizations";
import type { Bucket as S3Bucket } from "@aws-sdk/client-s3";
import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import pLimit from "p-limit";
import { withUnknowns } from "../../model/derive.js";
import { inShard, shardOf, type ShardSpec } from "../../model/shard.js";
import { unknownValue } from "../../model/unknown.js";
import type { CollectionError, Snapshot } from "../../model/snapshot.js";
import { enter } from "./accounts.js";
import { readLogBucket } from "./buckets.js";
import { readAuthorizationDetails } from "./iam.js";
import { AccountSession, throwIfAborted } from "./session.js";
import { CollectAbortedError, compareErrors } from "./errors.js";
import { KMS_KEY_ORDER, readKmsKey } from "./kms.js";
import { readLogGroup } from "./logs.js";
import { alarmActions, ALARM_FIELDS, readAlarms } from "./alarms.js";
import { readSnsTopic, SNS_TOPIC_ORDER, topicsToRead } from "./sns.js";
import { inferDelegatedAdministrators, readOrganization, type OnAccounts } from "./organization.js";
import { callerIdentity, createRuntime, GLOBAL_REGION, toPartition, type InternalOptions } from "./runtime.js";
import { collectInWorkers, workersWanted } from "./workers.js";
import { ACCOUNT_FIELDS, BUCKET_ORDER, TRAIL_ORDER, arnParts, logGroupFromArn, ordered, pick } from "./shape.js";
import { CollectSetupError, DEFAULTS, type Account, type Target } from "./target.js";
import { unexpectedValue } from "./normalize.js";
import { repairAgainstSchema } from "./repair.js";
import { readAccountPublicAccessBlock } from "./s3control.js";
import { readTrailsAndTags } from "./trails.js";
import type { CollectHooks, CollectOptions, CollectStats, Credentials, Progress, Stage } from "./types.js";

export { CollectSetupError, DEFAULTS, GLOBAL_REGION };
export type { InternalOptions };

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export async function collect(options: CollectOptions = {}, hooks: CollectHooks = {}): Promise<Snapshot> {
  return (await collectWithStats(options, hooks)).snapshot;
}

/**
 * Accounts are read as they are discovered (the OU tree walk streams them), each through two steps
 * bounded by `concurrency`: enter (AssumeRole, regions, ListTrails, ListBuckets), then read (trails,
 * bucket tags, its own log buckets and log groups). Between the two, an account waits, without
 * holding a slot, until the owners of the trails it only receives (organization trails) have
 * listed theirs. Log buckets and log groups owned by another account are read at the end, in
 * their owner, once every account has listed its buckets.
 */
export async function collectWithStats(
  options: InternalOptions = {},
  hooks: CollectHooks = {},
): Promise<{ snapshot: Snapshot; stats: CollectStats }> {
  // Ctrl-C, or a setup failure while accounts are being read: stop every call in flight.
  const stop = new AbortController();
  // One listener per call in flight (thousands at organization scale) is expected, not a leak.
  setMaxListeners(0, stop.signal);
  const onExternalAbort = () => stop.abort();
  hooks.signal?.addEventListener("abort", onExternalAbort, { once: true });
  try {
    // Both cores where the SDK's CPU work is the limit: shards of the accounts in worker threads.
    if (workersWanted(options)) return await collectInWorkers(options, hooks, stop.signal, (oneThread) => run(oneThread, hooks, stop.signal));
    return await run(options, hooks, stop.signal);
  } catch (error) {
    stop.abort();
    if (hooks.signal?.aborted) throw new CollectAbortedError();
    throw error;
  } finally {
    hooks.signal?.removeEventListener("abort", onExternalAbort);
  }
}

async function run(options: InternalOptions, hooks: CollectHooks, signal: AbortSignal): Promise<{ snapshot: Snapshot; stats: CollectStats }> {
  throwIfAborted(hooks.signal);
  const now = options.now ?? (() => new Date());
  const discovery = options.discovery;
  const collectedAt = discovery?.collectedAt ?? now().toISOString();
  const progress: Progress = { stage: "identity", accountsTotal: 0, discovering: true, accountsDone: 0, stageIndex: 1, stageCount: 4, errors: 0, calls: 0 };
  const report = () => hooks.onProgress?.({ ...progress });
  const setStage = (stage: Stage, stageIndex: number) => {
    progress.stage = stage;
    progress.stageIndex = stageIndex;
    report();
  };

  const runtime = createRuntime(options, signal, progress, hooks);

  // 1. Identity.
  report();
  const baseCredentials: Credentials =
    options.credentials ?? fromNodeProviderChain(options.profile !== undefined ? { profile: options.profile } : {});
  const bootstrapRegion = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1";
  // Calls for the organization as a whole are counted apart from the caller's own account's reads.
  const orgSession = new AccountSession("organization", runtime, baseCredentials);
  const identity = discovery?.identity ?? (await callerIdentity(orgSession, bootstrapRegion));
  const callerAccount = identity.Account;
  // The caller's account, read with its own credentials; its STS client sends every AssumeRole.
  const caller = new AccountSession(callerAccount, runtime, baseCredentials);
  caller.pinned = true;
  const partition = toPartition(arnParts(identity.Arn)?.partition);
  const globalRegion = options.region ?? GLOBAL_REGION[partition];
  const stats: CollectStats = { callsByAccount: new Map(), organizationCalls: new Map() };

  // Accounts, as they are discovered.
  const ouFilter = options.ous && options.ous.length > 0 ? new Set(options.ous) : undefined;
  const entries = new Map<string, Account>();
  const targets = new Map<string, Target>();
  const entered = new Map<string, Deferred<boolean>>();
  let discoveryDone = false;
  const work: Promise<void>[] = [];
  const accountsLimit = pLimit(options.concurrency ?? DEFAULTS.concurrency);
  const claimedBuckets = new Set<string>();
  const claimedGroups = new Set<string>();
  const claimedKeys = new Set<string>();
  /** Accounts whose IAM authorization details are read (or being read): once each. */
  const claimedIam = new Set<string>();
  /** The owner's IAM, read once, beside the first of its log buckets the collector reads. */
  const iamOnce = (owner: Target): Promise<void> => {
    if (claimedIam.has(owner.account.Id)) return Promise.resolve();
    claimedIam.add(owner.account.Id);
    return readAuthorizationDetails(owner, globalRegion);
  };
  const discoveryErrors: CollectionError[] = [];
  const shard = options.shard;
  /** Accounts of other shards needed before the OU tree walk reached them. */
  const wanted = new Set<string>();
  const later: { reader: Target; bucket?: string; group?: { name: string; region: string; account: string }; key?: string }[] = [];

  /** Resolves when the account has listed its trails: true when it did, false when it will not be read. */
  const enteredOk = (accountId: string): Promise<boolean> => {
    let entry = entered.get(accountId);
    if (!entry) {
      if (discoveryDone) return Promise.resolve(false);
      entry = deferred<boolean>();
      entered.set(accountId, entry);
    }
    return entry.promise;
  };

  const inScope = (account: Account, ouKnown: boolean) => {
    if (options.accounts && options.accounts.length > 0 && !options.accounts.includes(account.Id)) return false;
    if (options.excludeAccounts?.includes(account.Id)) return false;
    if (ouFilter && (!ouKnown || !(account.ouPath ?? []).some((node) => ouFilter.has(node.Id)))) return false;
    return true;
  };

  const discover = (raw: OrgAccount | { Id: string }, ouPath?: { Id: string; Name?: string }[]) => {
    const account = pick<Account>(raw, ACCOUNT_FIELDS);
    if (!account.Id || entries.has(account.Id)) return;
    if (account.Status !== undefined && !["ACTIVE", "SUSPENDED", "PENDING_CLOSURE"].includes(account.Status)) {
      // Not a status the collector knows: the account is read (a closed one refuses AssumeRole), and the oddity recorded.
      discoveryErrors.push(unexpectedValue("organizations", "ListAccounts", { region: globalRegion }, `Status='${String(account.Status)}' of account ${account.Id}`));
      delete account.Status;
    }
    if (ouPath) account.ouPath = ouPath;
    if (!inScope(account, ouPath !== undefined)) return;
    entries.set(account.Id, account);
    // Another shard's account is listed, and read only when this shard's trails need it (need).
    if (shard && !inShard(account.Id, shard) && !wanted.has(account.Id)) return;
    startReading(account);
  };

  /**
   * A sharded scan reads, besides its own accounts, those of other shards its accounts need: the
   * owner of a trail they list (an organization trail: whether it reads the trail decides whether
   * a member keeps a shadow copy), of a KMS key, log group or SNS topic their trails name. Each is
   * read in full, as its own shard reads it, so that merged shards read as one scan.
   */
  const need = (accountId: string) => {
    if (!shard || targets.has(accountId)) return;
    const account = entries.get(accountId);
    if (account) startReading(account);
    else if (!discoveryDone) wanted.add(accountId);
  };

  const startReading = (account: Account) => {
    if (account.Status !== undefined && account.Status !== "ACTIVE") return; // recorded, not read
    const session = account.Id === callerAccount ? caller : new AccountSession(account.Id, runtime, undefined, caller);
    const target: Target = { account, session, bucketsFailed: false, trails: new Map(), read: new Set(), bucketRecords: new Map(), logGroups: [], kmsKeys: new Map() };
    targets.set(account.Id, target);
    if (!entered.has(account.Id)) entered.set(account.Id, deferred<boolean>());
    progress.accountsTotal += 1;
    report();
    const reading = readAccount(target);
    reading.catch(() => undefined); // awaited below; a setup failure may leave it unawaited, and aborted
    work.push(reading);
  };

  const readAccount = async (target: Target) => {
    await accountsLimit(() => enter(target, options, partition, globalRegion));
    entered.get(target.account.Id)!.resolve(target.listed !== undefined);
    if (target.session.ready) {
      // Who reads a trail the account only receives: its owner when the owner lists its trails.
      const owners = new Set((target.listed ?? []).map((t) => (t.TrailARN ? arnParts(t.TrailARN)?.account : undefined)));
      owners.delete(target.account.Id);
      owners.delete(undefined);
      for (const owner of owners) need(owner!);
      const ownerReads = new Map(await Promise.all([...owners].map(async (o) => [o!, await enteredOk(o!)] as const)));
      await accountsLimit(async () => {
        throwIfAborted(signal);
        await readTrailsAndTags(target, ownerReads, options, globalRegion);
        // Its own log buckets and log groups now; the others' at the end.
        const own: Promise<void>[] = [readAccountPublicAccessBlock(target, globalRegion)];
        for (const arn of target.read) {
          const trail = target.trails.get(arn)!;
          const name = trail.S3BucketName;
          if (name && !claimedBuckets.has(name)) {
            const listed = target.buckets?.find((b) => b.Name === name);
            if (listed) {
              claimedBuckets.add(name);
              own.push(readLogBucket(target, name, listed.BucketRegion, globalRegion), iamOnce(target));
            } else later.push({ reader: target, bucket: name });
          }
          const group = trail.CloudWatchLogsLogGroupArn ? logGroupFromArn(trail.CloudWatchLogsLogGroupArn) : undefined;
          const key = group ? `${group.account}|${group.region}|${group.name}` : undefined;
          if (group && key && !claimedGroups.has(key)) {
            if (group.account === target.account.Id) {
              claimedGroups.add(key);
              own.push(readLogGroup(target, group.name, group.region));
            } else later.push({ reader: target, group });
          }
          // Each key once, in its owner and region (KmsKeyId is the key ARN).
          const keyArn = trail.KmsKeyId;
          if (keyArn && !claimedKeys.has(keyArn)) {
            if (arnParts(keyArn)?.account === target.account.Id) {
              claimedKeys.add(keyArn);
              own.push(readKmsKey(target, keyArn, globalRegion));
            } else later.push({ reader: target, key: keyArn });
          }
        }
        await Promise.all(own);
      });
    }
    target.session.release();
    progress.accountsDone += 1;
    report();
  };

  // 2. Organization (accounts start being read as soon as they are listed).
  setStage("organization", 2);
  const onAccounts: OnAccounts = (accounts, path) => {
    for (const account of accounts) discover(account, path);
    if (progress.stage === "organization") setStage("accounts", 3);
  };
  const org = discovery ? await discovery.organization(onAccounts) : await readOrganization(orgSession, globalRegion, options, onAccounts, callerAccount);
  const organization = org.organization;
  if (!org.listed) {
    // Single-account mode: what the organization calls could not read is a gap of this account.
    caller.errors.push(...orgSession.errors);
    discover({ Id: callerAccount });
  }
  if (shard && shard.count > 1 && !org.listed) {
    throw new CollectSetupError(`cannot read shard ${shard.index} of ${shard.count}: --shard splits an organization's accounts, and the caller cannot list them (one account is read alone)`, orgSession.errors);
  }
  if (ouFilter && org.listed && !org.treeComplete) {
    throw new CollectSetupError("cannot apply the OU filter: the OU tree could not be read", organization?.collectionErrors ?? []);
  }
  discoveryDone = true;
  progress.discovering = false;
  for (const [id, entry] of entered) if (!targets.has(id)) entry.resolve(false);
  if (progress.stage === "organization") setStage("accounts", 3);
  else report();

  // 3. Every account read (a sharded scan's reads may start others it needs: `work` grows until they end).
  await settle(work);
  throwIfAborted(signal);

  // 4. Log buckets and log groups of another account than the trail's, read in their owner; 5. the
  // metric alarms and their SNS topics. A sharded scan repeats both, for the accounts of other
  // shards the owners turn out to be (each read in full adds its own reads), until none is new.
  setStage("buckets", 4);
  const claimedAlarmRegions = new Set<string>();
  const claimedTopics = new Set<string>();
  for (;;) {
    const before = targets.size;
    for (const job of later) {
      if (job.key) need(arnParts(job.key)?.account ?? "");
      if (job.group) need(job.group.account);
    }
    await settle(work);
    throwIfAborted(signal);
    await readOthersLogResources();
    throwIfAborted(signal);
    await readAlarmsAndTopics();
    throwIfAborted(signal);
    if (targets.size === before) break;
    await settle(work);
  }

  async function readOthersLogResources(): Promise<void> {
    const bucketOwner = new Map<string, { target: Target; bucket: S3Bucket }>();
    for (const target of targets.values()) {
      for (const bucket of target.buckets ?? []) if (bucket.Name) bucketOwner.set(bucket.Name, { target, bucket });
    }
    const jobs: Promise<void>[] = [];
    for (const job of later) {
      if (job.bucket && !claimedBuckets.has(job.bucket)) {
        const owned = bucketOwner.get(job.bucket);
        // Not listed by any account read: out of scope, or the bucket of an account whose ListBuckets
        // failed. It is not read then: its owner's bucket list is unknown (it cannot hold the facts),
        // and the checks report it as not listed, resting on that failed listing.
        const where = owned?.target;
        if (where?.session.ready) {
          claimedBuckets.add(job.bucket);
          const name = job.bucket;
          jobs.push(accountsLimit(() => Promise.all([readLogBucket(where, name, owned?.bucket.BucketRegion, globalRegion), iamOnce(where)]).then(() => undefined)));
        }
      }
      if (job.group) {
        const key = `${job.group.account}|${job.group.region}|${job.group.name}`;
        const owner = targets.get(job.group.account);
        if (!claimedGroups.has(key) && owner?.session.ready) {
          claimedGroups.add(key);
          const { name, region } = job.group;
          jobs.push(accountsLimit(() => readLogGroup(owner, name, region)));
        }
      }
      if (job.key && !claimedKeys.has(job.key)) {
        // A key of an account outside the scan is not read: the checks say out of scope.
        const owner = targets.get(arnParts(job.key)?.account ?? "");
        if (owner?.session.ready) {
          claimedKeys.add(job.key);
          const key = job.key;
          jobs.push(accountsLimit(() => readKmsKey(owner, key, globalRegion)));
        }
      }
    }
    await Promise.all(jobs);
  }

  // The metric alarms of each account and region that holds a log group a trail delivers to (the
  // claimed groups: read, or whose read failed), once; then, every account's alarms read, the SNS
  // topics their actions name, each once, in its owner (a sharded scan first reads an owner of
  // another shard in full: need).
  async function readAlarmsAndTopics(): Promise<void> {
    const alarmRegions = new Map<string, { owner: Target; region: string }>();
    for (const key of claimedGroups) {
      const [account = "", region = ""] = key.split("|");
      const owner = targets.get(account);
      const where = `${account}|${region}`;
      if (owner?.session.ready && !claimedAlarmRegions.has(where)) {
        claimedAlarmRegions.add(where);
        alarmRegions.set(where, { owner, region });
      }
    }
    await Promise.all([...alarmRegions.values()].map(({ owner, region }) => accountsLimit(() => readAlarms(owner, region))));
    throwIfAborted(signal);
    const actions = [...targets.values()].flatMap(alarmActions);
    if (shard) for (const arn of actions) need(arnParts(arn)?.account ?? "");
    const topics = topicsToRead(actions, targets, claimedTopics);
    await Promise.all(topics.map(({ owner, arn }) => accountsLimit(() => readSnsTopic(owner, arn))));
  }

  for (const target of targets.values()) target.session.release();
  throwIfAborted(signal);

  // A member's verdict rests on the owner's read of the trails it only holds a shadow of: a failed
  // read of such a trail is a gap in the member's data too, so the member carries a copy of the error.
  for (const target of targets.values()) {
    for (const arn of target.trails.keys()) {
      if (target.read.has(arn)) continue;
      const owner = arnParts(arn)?.account;
      for (const error of (owner !== undefined ? targets.get(owner)?.session.errors : undefined) ?? []) {
        if (error.resource === arn) target.session.errors.push({ ...error, message: `${error.message} (read in account ${owner})` });
      }
    }
  }

  // Assemble, in a deterministic order.
  stats.organizationCalls = new Map(orgSession.counts);
  if (organization && !org.listed) inferDelegatedAdministrators(organization, targets.values());
  const accounts = [...entries.values()]
    .sort((a, b) => cmp(a.Id, b.Id))
    .map((account) => {
      const out: Account = { ...account };
      // Known for some accounts only, so for none: an SCP attached to an OU may or may not reach them.
      if (org.listed && !org.treeComplete) {
        const cause = treeError(organization);
        if (cause) out.ouPath = unknownValue(cause) as unknown as typeof out.ouPath;
        else delete out.ouPath;
      }
      const target = targets.get(account.Id);
      if (!target) {
        // Listed by the organization, read by another shard: not read here.
        if (shard && !inShard(account.Id, shard) && (account.Status === undefined || account.Status === "ACTIVE")) out.collectionErrors = [notInShard(account.Id, shard)];
        return out;
      }
      if (target.session.ready) {
        // A list whose listing failed stays absent: withUnknowns writes it as unknown, not empty.
        if (target.listed) out.trails = [...target.trails.values()].map((t) => ordered(t, TRAIL_ORDER));
        if (target.buckets) out.buckets = [...target.bucketRecords.values()].map((b) => ordered(b, BUCKET_ORDER));
        out.logGroups = target.logGroups.sort((a, b) => cmp(`${a.region}|${a.logGroupName}`, `${b.region}|${b.logGroupName}`));
        if (target.alarms) out.alarms = target.alarms.sort((a, b) => cmp(`${a.region ?? ""}|${a.AlarmName}`, `${b.region ?? ""}|${b.AlarmName}`)).map((a) => ordered(a, [...ALARM_FIELDS, "region"]));
        if (target.kmsKeys.size > 0) out.kmsKeys = [...target.kmsKeys.values()].sort((a, b) => cmp(a.arn, b.arn)).map((k) => ordered(k, KMS_KEY_ORDER));
        if (target.snsTopics && target.snsTopics.size > 0) out.snsTopics = [...target.snsTopics.values()].sort((a, b) => cmp(a.TopicArn, b.TopicArn)).map((t) => ordered(t, SNS_TOPIC_ORDER));
        if (target.iam) out.iam = target.iam;
      }
      out.collectionErrors = [...target.session.errors].sort(compareErrors);
      stats.callsByAccount.set(account.Id, new Map(target.session.counts));
      return out;
    });
  if (organization && discoveryErrors.length > 0) organization.collectionErrors = [...(organization.collectionErrors ?? []), ...discoveryErrors];
  if (organization?.collectionErrors) organization.collectionErrors.sort(compareErrors);

  progress.stage = "done";
  report();
  const snapshot: Snapshot = {
    schemaVersion: 1,
    collectedAt,
    partition,
    source: {
      type: "aws",
      description: org.listed ? `AWS Organization ${organization?.Id ?? ""}`.trim() : `AWS account ${callerAccount}`,
      ...(shard ? { shard: { ...shard } } : {}),
    },
    organization,
    accounts,
  };
  // What a failed read would have filled is written as unknown, so the file says so on its own; a
  // value no reader caught that the schema refuses becomes unknown too (the last safety net).
  return { snapshot: repairAgainstSchema(withUnknowns(snapshot)), stats };
}

/** Awaits every promise in `work`, including those added while it waits. */
async function settle(work: Promise<void>[]): Promise<void> {
  for (let done = 0; done < work.length; ) {
    const upTo = work.length;
    await Promise.all(work.slice(done, upTo));
    done = upTo;
  }
}

/** The collection error of an account a shard lists and another shard reads. */
export function notInShard(accountId: string, shard: ShardSpec): CollectionError {
  const home = shardOf(accountId, shard.count);
  return {
    service: "cloudtrail-lint",
    operation: "Shard",
    code: "ReadByAnotherShard",
    message: `not read by this shard (${shard.index} of ${shard.count}): account ${accountId} is read by shard ${home} of ${shard.count} (collect --shard ${home}/${shard.count}); lint the shards together`,
  };
}


function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The failed read that left the OU tree incomplete (the first, in a stable order). */
function treeError(organization: { collectionErrors?: CollectionError[] } | null): CollectionError | undefined {
  const tree = new Set(["ListRoots", "ListOrganizationalUnitsForParent", "ListAccountsForParent"]);
  return [...(organization?.collectionErrors ?? [])].sort(compareErrors).find((e) => e.service === "organizations" && tree.has(e.operation));
}
