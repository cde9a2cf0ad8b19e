// Collection errors: reads that failed, so that "could not read" is never mistaken for "not configured".
import type { CollectionError } from "./snapshot.js";

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
