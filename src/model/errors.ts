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
  code: string;
  message: string;
}

/** One line naming the failed call, where it failed, and AWS's error. */
export function describeCollectionError(error: CollectionError): string {
  const where = [error.region, error.resource].filter(Boolean).join(", ");
  return `${error.service}:${error.operation}${where ? ` (${where})` : ""} failed: ${error.code}: ${error.message}`;
}
