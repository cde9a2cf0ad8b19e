// S3 Control: the account-level Block Public Access settings (s3control:GetPublicAccessBlock,
// authorized by s3:GetAccountPublicAccessBlock), once per account, in the partition's global region.
// AWS's NoSuchPublicAccessBlockConfiguration is "not configured" (null), not a failed read.
import { GetPublicAccessBlockCommand, type GetPublicAccessBlockCommandOutput } from "@aws-sdk/client-s3-control";
import { PUBLIC_ACCESS_BLOCK_FIELDS, pick } from "./shape.js";
import { accept, bool, shape } from "./normalize.js";
import type { Target } from "./target.js";

const ACCOUNT_PUBLIC_ACCESS_BLOCK = shape(
  { PublicAccessBlockConfiguration: shape({ BlockPublicAcls: bool, IgnorePublicAcls: bool, BlockPublicPolicy: bool, RestrictPublicBuckets: bool }) },
  ["PublicAccessBlockConfiguration"],
);

/** Reads the account's own Block Public Access settings into target.account.publicAccessBlock (left out when the read failed). */
export async function readAccountPublicAccessBlock(target: Target, globalRegion: string): Promise<void> {
  const { session, account } = target;
  const on = { region: globalRegion, about: `account ${account.Id}` };
  const answer = await session.call<GetPublicAccessBlockCommandOutput>("s3control", new GetPublicAccessBlockCommand({ AccountId: account.Id }), {
    region: globalRegion,
    tolerate: ["NoSuchPublicAccessBlockConfiguration"],
  });
  if (answer === undefined) return;
  if (answer === null) {
    account.publicAccessBlock = null;
    return;
  }
  const checked = accept<GetPublicAccessBlockCommandOutput>(session.errors, "s3control", "GetPublicAccessBlock", on, answer, ACCOUNT_PUBLIC_ACCESS_BLOCK);
  if (checked?.PublicAccessBlockConfiguration) account.publicAccessBlock = pick(checked.PublicAccessBlockConfiguration, PUBLIC_ACCESS_BLOCK_FIELDS);
}
