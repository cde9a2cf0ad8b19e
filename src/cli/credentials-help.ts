// What to say when the caller's own credentials fail (issue 17, item 4): name the profile, what the
// SDK's default chain tried (fromNodeProviderChain, in its order), and the usual fix for the error
// at hand. Pure: the CLI passes the failed call's error codes and messages, the profile and the
// environment.
import type { CollectionError } from "../model/errors.js";

/** Codes of a failure of the caller's own credentials, not of a permission. */
const CREDENTIAL_CODES = new Set([
  "CredentialsProviderError",
  "ExpiredToken",
  "ExpiredTokenException",
  "InvalidClientTokenId",
  "UnrecognizedClientException",
  "SignatureDoesNotMatch",
  "InvalidAccessKeyId",
  "IncompleteSignature",
  "MissingAuthenticationToken",
  "AuthFailure",
  "TokenRefreshRequired",
]);

export function isCredentialFailure(errors: readonly CollectionError[]): boolean {
  return errors.length > 0 && errors.every((e) => CREDENTIAL_CODES.has(e.code));
}

/**
 * The explanation: a first line naming the profile and the failure, then what was tried and the
 * usual fixes, one per line. `profile` is --profile; `env` the process environment.
 */
export function explainCredentials(errors: readonly CollectionError[], profile: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  const error = errors[0]!;
  const named = profile ?? env.AWS_PROFILE;
  const which = profile !== undefined ? `profile ${profile} (--profile)` : env.AWS_PROFILE ? `profile ${env.AWS_PROFILE} (AWS_PROFILE)` : "the default credential chain";
  const files = `${env.AWS_CONFIG_FILE ?? "~/.aws/config"} and ${env.AWS_SHARED_CREDENTIALS_FILE ?? "~/.aws/credentials"}`;
  const tried = named
    ? [`the profile "${named}" in ${files}: access keys, role_arn/source_profile, sso_session, credential_process, web identity`]
    : [
        "environment variables AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN)",
        `the "default" profile in ${files}`,
        "web identity (AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN)",
        "container credentials (ECS, EKS Pod Identity), then the EC2 instance role (IMDS)",
      ];
  const expired = /^(ExpiredToken|ExpiredTokenException|TokenRefreshRequired)$/.test(error.code) || /expired|refresh/i.test(error.message);
  const fixes: string[] = [];
  if (expired) fixes.push(named ? `the session has expired: aws sso login --profile ${named} (IAM Identity Center), or get new keys` : "the session has expired: get new credentials (aws sso login, or new keys)");
  if (error.code === "CredentialsProviderError" && !expired) {
    fixes.push(named ? `check the profile exists: aws configure list-profiles (a typo in the name is the usual cause)` : "set AWS_PROFILE (or pass --profile) to the profile to use: aws configure list-profiles");
    if (named) fixes.push(`an IAM Identity Center profile needs a login first: aws sso login --profile ${named}`);
  }
  if (/^(InvalidClientTokenId|UnrecognizedClientException|InvalidAccessKeyId|SignatureDoesNotMatch|AuthFailure)$/.test(error.code)) {
    fixes.push("the access key is not valid (deleted, mistyped, or of another partition)");
  }
  fixes.push(`check which credentials the AWS CLI finds: aws sts get-caller-identity${named ? ` --profile ${named}` : ""}`);
  return [
    `cannot get working AWS credentials from ${which}: ${error.code}: ${error.message}`,
    `  tried: ${tried.join("; ")}`,
    ...fixes.map((f) => `  fix: ${f}`),
  ].join("\n");
}
