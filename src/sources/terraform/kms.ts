// Terraform plan mapping: aws_kms_key -> kmsKey (DescribeKey, GetKeyRotationStatus, GetKeyPolicy
// shapes), aws_kms_alias (names its key), and linkTrailKey: a trail's kms_key_id made the ARN of
// the plan's key it names, by value or by reference.
import type { KmsKey, KmsKeyMetadata, PolicyDocument, Trail } from "../../model/snapshot.js";
import { defaultKeyPolicy } from "../kms-default-policy.js";
import { referenced, type PlanResource } from "./resources.js";
import { holedPolicy, newMapped, policyOf, propLocation, regionOf, unresolved, type PlanMapState, type Sourced } from "./state.js";
import { attr, knownString } from "./values.js";

export function mapKey(s: PlanMapState, r: PlanResource): Sourced<KmsKey> {
  const region = regionOf(s, r);
  const keyId = knownString(r, "key_id") ?? r.address;
  const arn = knownString(r, "arn") ?? `arn:${s.partition}:kms:${region}:${s.accountId}:key/${keyId}`;
  const fail = (operation: string, attribute: string, field: string) => unresolved(s, r, "kms", operation, arn, attribute, undefined, s.errors, field);
  const md: KmsKeyMetadata = { KeyId: keyId, Arn: arn, AWSAccountId: s.accountId };
  const description = knownString(r, "description");
  if (description !== undefined && description !== "") md.Description = description;
  const enabled = attr(r, "is_enabled");
  if (enabled.unknown) fail("DescribeKey", "is_enabled", "KeyMetadata");
  const on = enabled.unknown ? false : enabled.value !== false;
  md.Enabled = on;
  md.KeyState = on ? "Enabled" : "Disabled";
  md.KeyManager = "CUSTOMER";
  const spec = knownString(r, "customer_master_key_spec") ?? knownString(r, "key_spec");
  if (spec !== undefined && spec !== "") md.KeySpec = spec;
  const usage = knownString(r, "key_usage");
  if (usage !== undefined && usage !== "") md.KeyUsage = usage;
  md.Origin = "AWS_KMS";
  const multi = attr(r, "multi_region");
  if (!multi.unknown && typeof multi.value === "boolean") md.MultiRegion = multi.value;

  // Only symmetric keys rotate automatically.
  const rotates = md.KeySpec === undefined || md.KeySpec === "SYMMETRIC_DEFAULT";
  const rotation = attr(r, "enable_key_rotation");
  if (rotation.unknown) fail("GetKeyRotationStatus", "enable_key_rotation", "rotationEnabled");
  const rotationEnabled = !rotates ? null : !rotation.unknown && rotation.value === true;

  const text = attr(r, "policy");
  let policy: string | PolicyDocument;
  const holed = text.unknown ? holedPolicy(s, r, "policy", { service: "kms", operation: "GetKeyPolicy", resource: arn, field: "policy" }) : undefined;
  if (holed) {
    policy = holed;
  } else if (text.unknown) {
    // Grants nothing: no check passes on it; the error turns the dependent FAIL into ERROR.
    policy = { Version: "2012-10-17", Statement: [] };
    fail("GetKeyPolicy", "policy", "policy");
  } else if (typeof text.value === "string" && text.value !== "") {
    policy = policyOf(s, r, "policy", text.value);
  } else {
    policy = defaultKeyPolicy(s.partition, s.accountId);
  }
  const m = newMapped<KmsKey>(r, { arn, region, KeyMetadata: md, rotationEnabled, policy });
  const part = (pointer: string, attribute: string) => {
    const location = propLocation(s, r, attribute);
    if (location) m.parts[pointer] = location;
  };
  part("/KeyMetadata/Enabled", "is_enabled");
  part("/KeyMetadata/KeyState", "is_enabled");
  part("/KeyMetadata/KeySpec", "customer_master_key_spec");
  part("/KeyMetadata/KeyUsage", "key_usage");
  part("/KeyMetadata/MultiRegion", "multi_region");
  part("/rotationEnabled", "enable_key_rotation");
  part("/policy", "policy");
  return m;
}

/** aws_kms_alias: its name and the key its target_key_id names (by value or by reference). */
export function mapAlias(s: PlanMapState, r: PlanResource): void {
  const name = knownString(r, "name");
  const target = knownString(r, "target_key_id");
  const ref = referenced(s, r, "target_key_id", ["aws_kms_key"]);
  const key =
    (ref ? s.kmsKeys.find((k) => k.source === ref) : undefined) ??
    (target !== undefined ? s.kmsKeys.find((k) => k.value.arn === target || (k.value.KeyMetadata as KmsKeyMetadata).KeyId === target) : undefined);
  if (name !== undefined) s.kmsAliases.set(name, { ...(key ? { key } : {}), ...(target !== undefined ? { target } : {}), source: r });
  if (key) key.contributors.push({ id: r.address, type: r.type, location: r.location, part: "" });
  else {
    s.unmapped.push({
      id: r.address,
      type: r.type,
      location: r.location,
      note: target !== undefined ? `key ${target} is not defined in this plan` : "the key it names cannot be decided from this file",
    });
  }
}

/**
 * The trail's kms_key_id made the ARN of the plan's key it names (ARN, key id, alias name or
 * alias ARN); a key the plan does not define is an Unresolved DescribeKey error about it, and a
 * value unknown until apply that refers to no key of the plan leaves the trail's KmsKeyId unknown.
 */
export function linkTrailKey(s: PlanMapState, r: PlanResource, trail: Trail, arn: string): void {
  const written = trail.KmsKeyId;
  if (typeof written !== "string") return;
  if (written.startsWith("<known after apply")) {
    unresolved(s, r, "cloudtrail", "GetTrail", arn, "kms_key_id", undefined, s.errors, "KmsKeyId");
    return;
  }
  const at = written.indexOf("alias/");
  const aliasText = at === 0 || (at > 0 && written.startsWith("arn:")) ? written.slice(at) : undefined;
  if (aliasText?.startsWith("alias/aws/")) return; // AWS managed: the check says so.
  const alias = aliasText !== undefined ? s.kmsAliases.get(aliasText) : undefined;
  const named = alias ? (alias.key?.value.arn ?? alias.target ?? written) : written;
  const key = s.kmsKeys.find((k) => k.value.arn === named || (k.value.KeyMetadata as KmsKeyMetadata).KeyId === named);
  if (key) {
    trail.KmsKeyId = key.value.arn;
    return;
  }
  unresolved(s, r, "kms", "DescribeKey", named, "kms_key_id", `is ${named}: the key is not defined in this file`);
}
