// CloudFormation mapping: AWS::KMS::Key -> kmsKey (DescribeKey, GetKeyRotationStatus, GetKeyPolicy
// shapes; a synthesized ARN that `!Ref Key` and `!GetAtt Key.Arn` resolve to), and AWS::KMS::Alias,
// which maps to nothing of its own: linkTrailKeys makes each trail's KMSKeyId the ARN of the key
// of the file it names (by ARN, key id, alias name or alias ARN).
import type { KmsKey, KmsKeyMetadata, PolicyDocument } from "../../model/snapshot.js";
import { isRecord } from "../../util/records.js";
import { defaultKeyPolicy } from "../kms-default-policy.js";
import type { Location, Mapped } from "../iac-types.js";
import { holeErrors, nearestPart, policyHoles } from "../policy-holes.js";
import { firstUnresolved, NO_VALUE, Unresolved } from "./intrinsics.js";
import { cdk, mirror, newMapped, propAt, unresolvedError, type CfnMapState, type CfnResource } from "./state.js";
import { toBool, toStr } from "./values.js";

export function mapKey(s: CfnMapState, r: CfnResource): Mapped<KmsKey> {
  const p = r.props;
  const idValue = s.nameOf(r.id);
  const keyId = typeof idValue === "string" ? idValue : r.id;
  const arn = s.arns.key(keyId);
  const part = (pointer: string, prop: string) => {
    if (prop in r.rawProps) m.parts[pointer] = propAt(s, r, prop);
  };
  const fail = (operation: string, prop: string, u: Unresolved, field: string) => unresolvedError(s, r, "kms", operation, arn, prop, u, s.errors, undefined, field);
  const md: KmsKeyMetadata = { KeyId: keyId, Arn: arn, AWSAccountId: s.accountId };
  const description = toStr(p.Description);
  if (typeof description === "string") md.Description = description;
  const enabled = toBool(p.Enabled);
  if (enabled instanceof Unresolved) fail("DescribeKey", "Enabled", enabled, "KeyMetadata");
  const on = enabled instanceof Unresolved ? false : (enabled ?? true);
  md.Enabled = on;
  md.KeyState = on ? "Enabled" : "Disabled";
  md.KeyManager = "CUSTOMER";
  const text = (prop: "KeySpec" | "KeyUsage" | "Origin") => {
    const v = toStr(p[prop]);
    if (typeof v === "string") md[prop] = v;
  };
  text("KeySpec");
  text("KeyUsage");
  text("Origin");
  md.Origin ??= "AWS_KMS";
  const multi = toBool(p.MultiRegion);
  if (typeof multi === "boolean") md.MultiRegion = multi;

  // Only symmetric keys with key material from KMS rotate automatically.
  const rotates = (md.KeySpec === undefined || md.KeySpec === "SYMMETRIC_DEFAULT") && md.Origin === "AWS_KMS";
  const rotation = toBool(p.EnableKeyRotation);
  if (rotation instanceof Unresolved) fail("GetKeyRotationStatus", "EnableKeyRotation", rotation, "rotationEnabled");
  const rotationEnabled = !rotates ? null : rotation instanceof Unresolved ? false : (rotation ?? false);

  const document = p.KeyPolicy;
  const holed = isRecord(document) ? policyHoles(document) : undefined;
  const open = holed && "document" in holed ? undefined : firstUnresolved(document);
  let policy: string | PolicyDocument;
  if (holed && "document" in holed) {
    // Each value the file leaves open is a hole of its own (policy-holes.ts), located at its expression.
    policy = holed.document as unknown as PolicyDocument;
    const parts: Record<string, Location> = {};
    mirror(s, parts, "/policy", r.rawProps.KeyPolicy);
    s.errors.push(
      ...holeErrors(holed, {
        id: r.id,
        type: r.type,
        property: "KeyPolicy",
        service: "kms",
        operation: "GetKeyPolicy",
        region: s.region,
        resource: arn,
        field: "policy",
        locate: (path) => nearestPart(parts, `/policy${path}`, propAt(s, r, "KeyPolicy")),
      }),
    );
  } else if (open) {
    // Grants nothing: no check passes on it; the error turns the dependent FAIL into ERROR.
    policy = { Version: "2012-10-17", Statement: [] };
    fail("GetKeyPolicy", "KeyPolicy", open, "policy");
  } else if (document === undefined || document === NO_VALUE) {
    policy = defaultKeyPolicy(s.partition, s.accountId);
  } else {
    policy = typeof document === "string" ? document : (document as PolicyDocument);
  }
  const m = newMapped<KmsKey>(r, { arn, region: s.region, KeyMetadata: md, rotationEnabled, policy });
  part("/KeyMetadata/Enabled", "Enabled");
  part("/KeyMetadata/KeyState", "Enabled");
  part("/KeyMetadata/KeySpec", "KeySpec");
  part("/KeyMetadata/KeyUsage", "KeyUsage");
  part("/KeyMetadata/Origin", "Origin");
  part("/KeyMetadata/MultiRegion", "MultiRegion");
  part("/rotationEnabled", "EnableKeyRotation");
  part("/policy", "KeyPolicy");
  if (!open && isRecord(r.rawProps.KeyPolicy)) mirror(s, m.parts, "/policy", r.rawProps.KeyPolicy);
  return m;
}

/**
 * Each trail's KMSKeyId made the ARN of the key of the file it names (by ARN, key id, alias name
 * or alias ARN); a key the file does not define is an Unresolved DescribeKey error about it.
 */
export function linkTrailKeys(s: CfnMapState): void {
  const byKey = new Map<string, Mapped<KmsKey>>();
  for (const k of s.kmsKeys) {
    byKey.set(k.value.arn, k);
    const md = k.value.KeyMetadata as KmsKeyMetadata;
    byKey.set(md.KeyId, k);
  }
  // Alias name -> what its TargetKeyId names (a key of the file, or a key id or ARN as written).
  const aliases = new Map<string, { target: string; key?: Mapped<KmsKey> }>();
  for (const r of s.pendingAliases) {
    const name = toStr(r.props.AliasName);
    const target = toStr(r.props.TargetKeyId);
    const key = typeof target === "string" ? byKey.get(target) : undefined;
    if (typeof name === "string" && typeof target === "string") aliases.set(name, { target, ...(key ? { key } : {}) });
    if (key) {
      key.contributors.push({ id: r.id, type: r.type, location: r.location, part: "", ...cdk(r) });
    } else {
      s.unmapped.push({
        id: r.id,
        type: r.type,
        location: r.location,
        note:
          target instanceof Unresolved
            ? `the key it names (${target.expr}) cannot be decided from this file`
            : name instanceof Unresolved
              ? `its name (${name.expr}) cannot be decided from this file`
              : `key ${String(target)} is not defined in this file`,
        ...cdk(r),
      });
    }
  }
  for (const mapped of s.trails) {
    const r = s.trailResources.get(mapped)!;
    const written = mapped.value.KmsKeyId;
    if (typeof written !== "string" || !("KMSKeyId" in r.rawProps) || toStr(r.props.KMSKeyId) instanceof Unresolved) continue;
    const at = written.indexOf("alias/");
    const alias = at === 0 || (at > 0 && written.startsWith("arn:")) ? aliases.get(written.slice(at)) : undefined;
    if (written.slice(at).startsWith("alias/aws/")) continue; // AWS managed: the check says so.
    const key = byKey.get(alias ? alias.target : written) ?? alias?.key;
    if (key) {
      mapped.value.KmsKeyId = key.value.arn;
      continue;
    }
    const named = alias?.target ?? written;
    unresolvedError(s, r, "kms", "DescribeKey", named, "KMSKeyId", new Unresolved(named, "the key is not defined in this file"));
  }
}
