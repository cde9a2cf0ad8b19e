// Collection errors: reads that failed, so that "could not read" is never mistaken for "not configured".
import type { CollectionError } from "./snapshot.js";

/** One line naming the failed call, where it failed, and AWS's error. */
export function describeCollectionError(error: CollectionError): string {
  const where = [error.region, error.resource].filter(Boolean).join(", ");
  return `${error.service}:${error.operation}${where ? ` (${where})` : ""} failed: ${error.code}: ${error.message}`;
}
