// Shards of an organization's accounts: which of N shards an account belongs to. The assignment
// depends only on the account id and N (FNV-1a over the id's digits), so it is the same on every
// run, whatever --accounts, --ous or --exclude-accounts narrow the scan to, and every machine of a
// sharded scan agrees on it without talking to the others.
import type { CollectionError } from "./errors.js";
import { InputError } from "../util/errors.js";

/** Shard I of N (1-based), as `--shard I/N` writes it. */
export interface ShardSpec {
  index: number;
  count: number;
}

/** Most shards a scan may be split into. */
export const MAX_SHARDS = 1000;

/** FNV-1a, 32 bits, over the UTF-16 code units of the text (account ids are ASCII digits). */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The shard (1..count) an account id belongs to. */
export function shardOf(accountId: string, count: number): number {
  return (fnv1a(accountId) % count) + 1;
}

/** Whether the account is read by the given shard. */
export function inShard(accountId: string, shard: ShardSpec): boolean {
  return shardOf(accountId, shard.count) === shard.index;
}

/** `--shard I/N`: 1 ≤ I ≤ N ≤ MAX_SHARDS. */
export function parseShard(flag: string, value: string): ShardSpec {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || count > MAX_SHARDS || index < 1 || index > count) {
    throw new InputError(`${flag} ${value}: expected I/N, the shard to read (I from 1 to N) of N shards (N from 1 to ${MAX_SHARDS}), e.g. ${flag} 2/4`);
  }
  return { index, count };
}

/** Whether a collection error says its account was listed, not read, by a sharded scan (cloudtrail-lint:Shard). */
export function isShardListing(error: Pick<CollectionError, "service" | "operation">): boolean {
  return error.service === "cloudtrail-lint" && error.operation === "Shard";
}
