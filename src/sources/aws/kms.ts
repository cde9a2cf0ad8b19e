// KMS: a key a trail encrypts its log files with (GetTrail KmsKeyId, a key ARN), read once, in the
// account that owns it and in the key's region: kms:DescribeKey, then, for a key it found,
// GetKeyRotationStatus and GetKeyPolicy (the "default" policy, the only name KMS knows).
import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  type DescribeKeyCommandOutput,
  type GetKeyPolicyCommandOutput,
  type GetKeyRotationStatusCommandOutput,
} from "@aws-sdk/client-kms";
import { accept, accountId, bool, int, oneOf, shape, str, time, type Spec } from "./normalize.js";
import { arnParts, pick, plain } from "./shape.js";
import type { KmsKey, Target } from "./target.js";

/** The KeyMetadata fields the snapshot keeps (schemas/snapshot.schema.json kmsKeyMetadata). */
export const KEY_METADATA_FIELDS = [
  "KeyId",
  "Arn",
  "AWSAccountId",
  "Description",
  "CreationDate",
  "Enabled",
  "KeyState",
  "DeletionDate",
  "PendingDeletionWindowInDays",
  "KeyManager",
  "KeySpec",
  "KeyUsage",
  "Origin",
  "MultiRegion",
] as const;
export const KMS_KEY_ORDER = ["arn", "region", "KeyMetadata", "rotationEnabled", "policy"] as const;

// What each answer must look like (normalize.ts); anything else fails that read, and its fields stay unknown.
const KEY_STATES = ["Creating", "Enabled", "Disabled", "PendingDeletion", "PendingImport", "PendingReplicaDeletion", "Unavailable", "Updating"] as const;
const DESCRIBE: Spec = shape(
  {
    KeyMetadata: shape(
      {
        KeyId: str,
        Arn: str,
        AWSAccountId: accountId,
        Description: str,
        CreationDate: time,
        Enabled: bool,
        KeyState: oneOf(...KEY_STATES),
        DeletionDate: time,
        PendingDeletionWindowInDays: int(1),
        KeyManager: oneOf("AWS", "CUSTOMER"),
        KeySpec: str,
        KeyUsage: str,
        Origin: str,
        MultiRegion: bool,
      },
      ["KeyId", "KeyState"],
    ),
  },
  ["KeyMetadata"],
);
const ROTATION: Spec = shape({ KeyRotationEnabled: bool }, ["KeyRotationEnabled"]);
const POLICY: Spec = shape({ Policy: str }, ["Policy"]);

/**
 * Reads one key into target.kmsKeys. A key that does not exist (NotFoundException in its own
 * account) is KeyMetadata null; a failed DescribeKey leaves the record with its ARN only, which
 * model/derive.ts fills with unknowns.
 */
export async function readKmsKey(target: Target, arn: string, fallbackRegion: string): Promise<void> {
  const { session } = target;
  const region = arnParts(arn)?.region || fallbackRegion;
  const key: KmsKey = { arn, region };
  target.kmsKeys.set(arn, key);
  const on = { region, resource: arn };
  const described = await session.call<DescribeKeyCommandOutput>("kms", new DescribeKeyCommand({ KeyId: arn }), { ...on, tolerate: ["NotFoundException"] });
  if (described === null) {
    key.KeyMetadata = null;
    return;
  }
  const answer = described ? accept<DescribeKeyCommandOutput>(session.errors, "kms", "DescribeKey", on, described, DESCRIBE) : undefined;
  if (!answer?.KeyMetadata) return;
  key.KeyMetadata = plain(pick(answer.KeyMetadata, KEY_METADATA_FIELDS));
  const keyArn = answer.KeyMetadata.Arn ?? arn;
  const [rotation, policy] = await Promise.all([
    session.call<GetKeyRotationStatusCommandOutput>("kms", new GetKeyRotationStatusCommand({ KeyId: keyArn }), { ...on, tolerate: ["UnsupportedOperationException"] }),
    session.call<GetKeyPolicyCommandOutput>("kms", new GetKeyPolicyCommand({ KeyId: keyArn, PolicyName: "default" }), on),
  ]);
  if (rotation === null) key.rotationEnabled = null;
  else if (rotation) {
    const read = accept<GetKeyRotationStatusCommandOutput>(session.errors, "kms", "GetKeyRotationStatus", on, rotation, ROTATION);
    if (read) key.rotationEnabled = read.KeyRotationEnabled === true;
  }
  if (policy) {
    const read = accept<GetKeyPolicyCommandOutput>(session.errors, "kms", "GetKeyPolicy", on, policy, POLICY);
    if (read?.Policy !== undefined) key.policy = read.Policy;
  }
}
