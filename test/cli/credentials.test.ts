// Credential failures explain themselves (issue 17, item 4): the profile, what the SDK's chain
// tried, and the usual fix, exit 2, nothing written; unit cases of the explanation per error.
import assert from "node:assert/strict";
import { runCli } from "../../src/cli/program.js";
import { explainCredentials, isCredentialFailure } from "../../src/cli/credentials-help.js";
import type { CollectionError } from "../../src/model/errors.js";
import type { CollectOptions } from "../../src/sources/aws/index.js";
import { tempDir } from "./helpers.js";

const failure = (code: string, message: string): CollectionError => ({ service: "sts", operation: "GetCallerIdentity", region: "us-east-1", code, message });

async function scan(argv: string[], credentials: () => Promise<never>, env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(
    ["scan", ...argv],
    { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env, isTTY: false, cwd: tempDir(), now: () => new Date("2026-11-26T10:00:00Z") },
    { collect: { credentials, throttleBackoffMs: 0 } as Partial<CollectOptions> },
  );
  return { code, stdout, stderr };
}

/** What fromNodeProviderChain throws when nothing gives credentials (@smithy/property-provider CredentialsProviderError). */
function providerError(message: string): () => Promise<never> {
  return async () => {
    const error = new Error(message);
    error.name = "CredentialsProviderError";
    throw error;
  };
}

describe("credential failures", () => {
  it("scan --profile nope: names the profile, what was tried and the fixes, exit 2", async () => {
    const run = await scan(["--profile", "nope", "--quiet"], providerError("Could not resolve credentials using profile: [nope] in configuration/credentials file(s)."));
    assert.equal(run.code, 2);
    assert.equal(run.stdout, "");
    assert.equal(
      run.stderr,
      [
        "cloudtrail-lint: cannot read AWS: cannot get working AWS credentials from profile nope (--profile): CredentialsProviderError: Could not resolve credentials using profile: [nope] in configuration/credentials file(s).",
        '  tried: the profile "nope" in ~/.aws/config and ~/.aws/credentials: access keys, role_arn/source_profile, sso_session, credential_process, web identity',
        "  fix: check the profile exists: aws configure list-profiles (a typo in the name is the usual cause)",
        "  fix: an IAM Identity Center profile needs a login first: aws sso login --profile nope",
        "  fix: check which credentials the AWS CLI finds: aws sts get-caller-identity --profile nope",
        "",
      ].join("\n"),
    );
  });

  it("no profile and nothing found: the default chain, in its order", async () => {
    const run = await scan(["--quiet"], providerError("Could not load credentials from any providers"));
    assert.equal(run.code, 2);
    assert.match(run.stderr, /from the default credential chain: CredentialsProviderError: Could not load credentials from any providers\n/);
    assert.match(run.stderr, /tried: environment variables AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY \(and AWS_SESSION_TOKEN\); the "default" profile in ~\/\.aws\/config and ~\/\.aws\/credentials; web identity/);
    assert.match(run.stderr, /fix: set AWS_PROFILE \(or pass --profile\)/);
  });

  it("AWS_PROFILE and its files from the environment are named", () => {
    const text = explainCredentials([failure("CredentialsProviderError", "x")], undefined, { AWS_PROFILE: "audit", AWS_CONFIG_FILE: "/etc/aws/config" });
    assert.match(text, /^cannot get working AWS credentials from profile audit \(AWS_PROFILE\)/);
    assert.match(text, /the profile "audit" in \/etc\/aws\/config and ~\/\.aws\/credentials/);
  });

  it("an expired session: log in again", () => {
    const text = explainCredentials([failure("ExpiredTokenException", "The security token included in the request is expired")], "sso-audit", {});
    assert.match(text, /fix: the session has expired: aws sso login --profile sso-audit/);
    assert.doesNotMatch(text, /list-profiles/);
  });

  it("an access key AWS does not know", () => {
    const text = explainCredentials([failure("InvalidClientTokenId", "The security token included in the request is invalid.")], undefined, {});
    assert.match(text, /fix: the access key is not valid/);
  });

  it("a refused permission is not a credential failure", () => {
    assert.equal(isCredentialFailure([failure("AccessDenied", "not authorized to perform: sts:GetCallerIdentity")]), false);
    assert.equal(isCredentialFailure([]), false);
    assert.equal(isCredentialFailure([failure("CredentialsProviderError", "x")]), true);
  });
});

describe("credential failures (spawned)", function () {
  this.timeout(60_000);
  it("scan --profile nope with no AWS files: the SDK's own error, explained, exit 2", async () => {
    const { spawn } = await import("node:child_process");
    const { join } = await import("node:path");
    const { packageRoot } = await import("../../src/util/paths.js");
    const home = tempDir();
    const env: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: home, AWS_EC2_METADATA_DISABLED: "true", AWS_CONFIG_FILE: join(home, "config"), AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials") };
    const child = spawn(process.execPath, ["--import", "tsx", join("src", "cli", "main.ts"), "scan", "--profile", "nope", "--quiet"], { cwd: packageRoot(), env });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.resume();
    const code = await new Promise((resolve) => child.on("close", resolve));
    assert.equal(code, 2, stderr);
    assert.match(stderr, /^cloudtrail-lint: cannot read AWS: cannot get working AWS credentials from profile nope \(--profile\): CredentialsProviderError: /);
    assert.match(stderr, /tried: the profile "nope" in .*config and .*credentials/);
    assert.match(stderr, /fix: an IAM Identity Center profile needs a login first: aws sso login --profile nope\n/);
  });
});
