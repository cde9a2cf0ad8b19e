// Bucket names a template does not decide, and the names CloudFormation generates.
//
// A bucket's Name is a required string in the snapshot (it is how a trail's S3BucketName finds its
// bucket), so a name the file leaves open needs a stand-in that can never be taken for a real name:
// - `BucketName: !Ref BucketParam` with no value for the parameter (or an import, a `!Sub` of one)
//   becomes the expression in angle brackets, `<!Ref BucketParam>`. S3 names have no `<`, so it
//   names no real bucket, and a command that contains it cannot run against one by accident. The
//   same expression in one template has the same value at deploy time, so a trail whose
//   S3BucketName is the same expression writes to that bucket: the log-bucket checks judge it (its
//   Object Lock, policy, ... do not depend on the name). A trail whose bucket expression matches no
//   bucket of the file stays unknown (ERROR naming the parameter).
// - A bucket without BucketName gets CloudFormation's shape, <stack>-<logicalid>-<random>, lowercased:
//   the random part is known only after deployment, so it stays the visible `<random>`.
import { createHash } from "node:crypto";
import { showExpression } from "./intrinsics.js";

const MAX_NAME = 63;
const RANDOM_PART = "-<random>";

/** The stand-in name for a bucket name expression the template does not decide. */
export function undecidedBucketName(expression: unknown): string {
  // `${` would read as a policy variable where the name reaches an ARN in a policy.
  const shown = showExpression(expression).replace(/\$\{/g, "{");
  const whole = `<${shown}>`;
  if (whole.length <= MAX_NAME && faithful(expression)) return whole;
  // The short form leaves parts out (a list argument, a long text): a digest keeps different expressions apart.
  const hash = createHash("sha256").update(JSON.stringify(expression) ?? "", "utf8").digest("hex").slice(0, 8);
  return `<${shown.slice(0, MAX_NAME - hash.length - 4).trimEnd()}…#${hash}>`;
}

/** Whether showExpression writes the whole expression: a Ref, Fn::Sub, Fn::ImportValue or Fn::GetAtt of plain text. */
function faithful(expression: unknown): boolean {
  if (typeof expression !== "object" || expression === null || Array.isArray(expression)) return false;
  const entries = Object.entries(expression);
  if (entries.length !== 1) return false;
  const [key, arg] = entries[0]!;
  if (key === "Fn::GetAtt") return typeof arg === "string" || (Array.isArray(arg) && arg.every((a) => typeof a === "string"));
  return (key === "Ref" || key === "Fn::Sub" || key === "Fn::ImportValue") && typeof arg === "string";
}

/**
 * The name of a bucket without BucketName: CloudFormation generates <stack>-<logicalid>-<random>,
 * lowercased, within 63 characters.
 */
export function generatedBucketName(stackName: string, logicalId: string): string {
  const full = `${stackName}-${logicalId}`
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, "-")
    .replace(/^[-.]+/, "");
  // Cut to fit, two logical ids could read the same (a long stack name, ids with a long common
  // start): the random part CloudFormation adds keeps their buckets apart, so the stand-in for it
  // carries a digest of the logical id (a trail's !Ref must find its own bucket, and two generated
  // names are never one).
  const random = full.length > MAX_NAME - RANDOM_PART.length ? `-<random-${createHash("sha256").update(logicalId, "utf8").digest("hex").slice(0, 6)}>` : RANDOM_PART;
  let name = full.slice(0, MAX_NAME - random.length).replace(/[-.]+$/, "");
  if (name === "") name = "bucket";
  return `${name}${random}`;
}
