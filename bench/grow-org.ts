// Grows an organization snapshot to N accounts for benchmarks: the member accounts are cloned
// round-robin under fresh 12-digit ids (100000000000 + i). Inside a clone every occurrence of the
// old id becomes the new one (ARNs, ownerAccountId, KeyMetadata...), and each bucket the clone owns
// is renamed `<name>-<newid>` (S3 names are global) together with every reference to it inside the
// clone (a trail's S3BucketName, a bucket policy's Resource ARNs, data-event selectors). The clone
// keeps its ouPath, so OU-targeted SCPs apply to it as to its original. The management account and
// the organization are left as they are.
import type { Account, Snapshot } from "../src/model/snapshot.js";
import { isUnknown } from "../src/model/unknown.js";

/** First id given to a clone; clone i (0-based) is FIRST_CLONE_ID + i. */
export const FIRST_CLONE_ID = 100_000_000_000;

/** Characters of an S3 bucket name: a name is matched only where none of them touches it. */
const NAME_EDGE = "[a-z0-9.-]";

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A function that rewrites one string of an account: ids, then the names of the buckets it owns. */
function rewriter(oldId: string, newId: string, bucketNames: readonly string[]): (value: string) => string {
  const id = new RegExp(`(?<!\\d)${oldId}(?!\\d)`, "g");
  const names =
    bucketNames.length === 0
      ? undefined
      : new RegExp(`(?<!${NAME_EDGE})(${bucketNames.map(escapeRegExp).join("|")})(?!${NAME_EDGE})`, "g");
  return (value) => {
    const withId = value.includes(oldId) ? value.replace(id, newId) : value;
    return names ? withId.replace(names, (name) => `${name}-${newId}`) : withId;
  };
}

/** A deep copy of `value` with every string (keys too) passed through `rewrite`. */
function rewriteDeep(value: unknown, rewrite: (value: string) => string): unknown {
  if (typeof value === "string") return rewrite(value);
  if (Array.isArray(value)) return value.map((item) => rewriteDeep(item, rewrite));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[rewrite(key)] = rewriteDeep(item, rewrite);
    return out;
  }
  return value;
}

/** `account` under the id `newId`, owning renamed copies of its buckets. */
export function cloneAccount(account: Account, newId: string): Account {
  const owned = isUnknown(account.buckets) ? [] : (account.buckets ?? []).map((bucket) => bucket.Name);
  return rewriteDeep(account, rewriter(account.Id, newId, owned)) as Account;
}

/**
 * The snapshot grown to `accounts` accounts in all: its own accounts first, then clones of its
 * member accounts (every account but the management one), round-robin in snapshot order.
 */
export function growOrganization(snapshot: Snapshot, accounts: number): Snapshot {
  if (!Number.isInteger(accounts) || accounts < snapshot.accounts.length) {
    throw new RangeError(`cannot grow ${snapshot.accounts.length} accounts to ${accounts}: give a whole number at least that large`);
  }
  const management = snapshot.organization?.MasterAccountId;
  const members = snapshot.accounts.filter((account) => account.Id !== management);
  if (members.length === 0 && accounts > snapshot.accounts.length) throw new RangeError("the snapshot has no member account to clone");
  const clones: Account[] = [];
  for (let i = 0; i < accounts - snapshot.accounts.length; i++) {
    const newId = String(FIRST_CLONE_ID + i);
    if (snapshot.accounts.some((account) => account.Id === newId)) throw new RangeError(`clone id ${newId} is already an account of the snapshot`);
    clones.push(cloneAccount(members[i % members.length]!, newId));
  }
  return { ...snapshot, accounts: [...snapshot.accounts, ...clones] };
}
