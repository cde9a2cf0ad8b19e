// Plain JSON/YAML objects, as parsed input files hold them.

export type Dict = Record<string, unknown>;

/** A non-null object that is not an array. */
export function isRecord(value: unknown): value is Dict {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
