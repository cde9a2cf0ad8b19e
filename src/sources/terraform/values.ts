// Terraform plan mapping: reading a planned resource's attributes. A value is unknown when the
// plan's after_unknown marks it AND the configuration sets it (an optional+computed attribute left
// out takes the provider's default); placeholders and synthesized names stand for what is known
// only after apply. Pure functions of one PlanResource.
import { createHash } from "node:crypto";
import type { PolicyDocument } from "../../model/snapshot.js";
import { isRecord } from "../../util/records.js";
import type { PlanResource } from "./resources.js";

/** Optional+computed attributes whose unknown value, when not configured, is the provider's default. */
const COMPUTED_DEFAULTS: Record<string, string[]> = {
  aws_s3_bucket: ["object_lock_enabled", "bucket", "tags_all"],
  aws_cloudtrail: ["tags_all"],
  aws_kms_key: ["policy", "multi_region", "key_usage", "customer_master_key_spec", "key_spec", "bypass_policy_lockout_safety_check", "tags_all"],
  aws_cloudwatch_log_group: ["name", "tags_all"],
  aws_cloudwatch_metric_alarm: ["evaluate_low_sample_count_percentiles", "tags_all"],
}

/** True when after_unknown marks the path (or a prefix of it) unknown. */
export function unknownAt(afterUnknown: unknown, path: readonly (string | number)[]): boolean {
  let node = afterUnknown;
  for (const segment of path) {
    if (node === true) return true;
    if (node === null || typeof node !== "object") return false;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node === true;
}

/** Paths of the values after_unknown marks unknown under a node. */
export function unknownLeaves(node: unknown, prefix: (string | number)[]): (string | number)[][] {
  if (node === true) return [prefix];
  if (Array.isArray(node)) return node.flatMap((item, i) => unknownLeaves(item, [...prefix, i]));
  if (isRecord(node)) return Object.entries(node).flatMap(([key, item]) => unknownLeaves(item, [...prefix, key]));
  return [];
}

/**
 * Whether an unknown value is the configuration's unknown (computed from other resources) rather
 * than a provider-computed value the configuration leaves out: only paths the configuration sets
 * count. An optional+computed attribute left out (aws_s3_bucket.object_lock_enabled,
 * versioning_configuration.mfa_delete) is unknown in every plan of a new resource and takes the
 * provider's default. Without a configuration section, every unknown counts except
 * COMPUTED_DEFAULTS.
 */
export function configured(r: PlanResource, path: readonly (string | number)[]): boolean {
  if (!r.hasConfig) return !(COMPUTED_DEFAULTS[r.type] ?? []).includes(String(path[0]));
  let node: unknown = r.expressions;
  for (const segment of path) {
    if (Array.isArray(node)) {
      // Nested blocks: a list of expression maps, in block order.
      node = node[typeof segment === "number" ? segment : 0] ?? node[0];
      if (typeof segment === "number") continue;
    }
    // A whole expression (references or a constant): its parts come from it.
    if (isRecord(node) && ("references" in node || "constant_value" in node)) return true;
    if (!isRecord(node) || !Object.prototype.hasOwnProperty.call(node, segment)) return false;
    node = node[segment];
  }
  return true;
}

/** The value of an attribute: `unknown` when after_unknown marks it and the configuration sets it. */
export function attr(r: PlanResource, ...path: (string | number)[]): { value: unknown; unknown: boolean } {
  let value: unknown = r.after ?? r.values;
  for (const segment of path) value = value !== null && typeof value === "object" ? (value as Record<string | number, unknown>)[segment] : undefined;
  return { value, unknown: unknownAt(r.afterUnknown, path) && configured(r, path) };
}

/** True when some configured value under the attribute is unknown. */
export function subtreeUnknown(r: PlanResource, name: string): boolean {
  return unknownLeaves(isRecord(r.afterUnknown) ? r.afterUnknown[name] : undefined, [name]).some((path) => configured(r, path));
}

/** A string attribute known at plan time. */
export function knownString(r: PlanResource, name: string): string | undefined {
  const a = attr(r, name);
  return !a.unknown && typeof a.value === "string" ? a.value : undefined;
}

/** Stands for a value known only after apply. */
export function placeholder(r: PlanResource, attribute: string): string {
  return `<known after apply: ${r.address}.${attribute}>`;
}

const MAX_BUCKET_NAME = 63;

/**
 * A resource's name when the plan leaves it to the provider: the address. For a bucket, the provider
 * picks `terraform-<timestamp>` (or `<bucket_prefix><timestamp>`) at apply time, so the stand-in ends
 * in a visible `-<random>` (`aws-s3-bucket.logs-<random>`, `logs-<random-1a2b3c>` for a bucket_prefix
 * of `logs-`): no message or fix command names a bucket that may be someone else's. Where two buckets
 * could read the same (a shared prefix, an address cut to fit), the random part carries a digest of
 * the address.
 */
export function synthesizedName(r: PlanResource, bucket: boolean): string {
  if (!bucket) return r.address;
  const digest = `<random-${createHash("sha256").update(r.address, "utf8").digest("hex").slice(0, 6)}>`;
  // The provider appends its suffix to the prefix as it is.
  const prefix = knownString(r, "bucket_prefix");
  if (prefix !== undefined && prefix !== "") return `${prefix.slice(0, MAX_BUCKET_NAME - digest.length)}${digest}`;
  const slug = r.address.toLowerCase().replace(/[^a-z0-9.-]+/g, "-").replace(/^[-.]+|[-.]+$/g, "") || "bucket";
  const random = slug.length > MAX_BUCKET_NAME - "-<random>".length ? `-${digest}` : "-<random>";
  return `${slug.slice(0, MAX_BUCKET_NAME - random.length).replace(/[-.]+$/, "")}${random}`;
}

/** A policy JSON string as the plan holds it: the parsed document, or the text when it is not JSON. */
export function parsePolicyText(text: string): string | PolicyDocument {
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) && "Statement" in parsed ? (parsed as unknown as PolicyDocument) : text;
  } catch {
    return text;
  }
}
