// Collection errors: reads that failed, so that "could not read" is never mistaken for "not configured".

/** A failed read: lets a check tell "not configured" from "could not read". */
export interface CollectionError {
  service: string;
  operation: string;
  region?: string;
  /** ARN (or bucket name) of the resource the call was about, when it was about one. */
  resource?: string;
  /**
   * The one field of that resource the error leaves unknown, when it is one field (a file that
   * leaves a property open); otherwise every field the call fills is unknown.
   */
  field?: string;
  /**
   * With `field`: a JSON Pointer inside that field's value when only that value is unknown (one value
   * of a policy document a file leaves open, a "hole" the policy evaluation treats three-valued).
   */
  path?: string;
  /**
   * With `path`: what every value of the hole has in common, when it is a string the file fixes in
   * part: the string with each open part written `*` (`arn:aws:s3:::logs/AWSLogs/*` for
   * `!Sub arn:aws:s3:::logs/AWSLogs/${pOrgId}`). A `*` of the file's own text is a `*` too.
   */
  pattern?: string;
  code: string;
  message: string;
}

/** The code of an error an IaC source writes for a value its file leaves open (a parameter without a value). */
export const UNRESOLVED_CODE = "Unresolved";

/**
 * The code and operation of an error an IaC source writes for a resource that may create trails it
 * cannot see (a custom resource, a nested stack): not an AWS read, so it leaves no field unknown;
 * model/coverage.ts counts it as a gap in the account's trails.
 */
export const UNEXPANDED_CODE = "Unexpanded";
export const UNEXPANDED_OPERATION = "ExpandResource";

export function isUnexpanded(error: CollectionError): boolean {
  return error.code === UNEXPANDED_CODE && error.operation === UNEXPANDED_OPERATION;
}

/**
 * One line naming the failed call, where it failed, and AWS's error. What a file leaves open is no
 * failed call: its message alone says what is open and why.
 */
export function describeCollectionError(error: CollectionError): string {
  if (error.code === UNRESOLVED_CODE || error.code === UNEXPANDED_CODE) return error.message;
  const where = [error.region, error.resource].filter(Boolean).join(", ");
  return `${error.service}:${error.operation}${where ? ` (${where})` : ""} failed: ${error.code}: ${error.message}`;
}

/** Deterministic order for a snapshot whose calls finished in any order. */
export function compareErrors(a: CollectionError, b: CollectionError): number {
  const key = (e: CollectionError) => [e.service, e.operation, e.region ?? "", e.resource ?? "", e.code, e.message];
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < ka.length; i++) {
    if (ka[i]! < kb[i]!) return -1;
    if (ka[i]! > kb[i]!) return 1;
  }
  return 0;
}
