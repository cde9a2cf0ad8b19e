// Timestamps in a snapshot come as the AWS CLI prints them (ISO 8601) or as the SDKs serialise
// them (epoch seconds). Checks compare them with the snapshot's collectedAt, never the wall clock.
import type { AwsTimestamp } from "./snapshot.js";

const MS_PER_HOUR = 3_600_000;

/** A date-time without an offset; read as UTC so the result does not depend on the machine's zone. */
const NO_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const EPOCH_SECONDS = /^-?\d+(\.\d+)?$/;

/**
 * Milliseconds since the epoch for an ISO 8601 string (with or without fractional seconds; no
 * offset means UTC) or epoch seconds (number or numeric string). Undefined when absent or unreadable.
 */
export function toEpochMs(value: AwsTimestamp | null | undefined): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number") return Number.isFinite(value) ? Math.round(value * 1000) : undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (EPOCH_SECONDS.test(text)) return Math.round(Number(text) * 1000);
  const ms = Date.parse(NO_OFFSET.test(text) ? `${text}Z` : text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The timestamp as an ISO 8601 UTC string, or undefined when unreadable. */
export function toIso(value: AwsTimestamp | null | undefined): string | undefined {
  const ms = toEpochMs(value);
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

/** Hours from `earlier` to `later` (negative when `earlier` is after `later`), or undefined. */
export function hoursBetween(earlier: AwsTimestamp | null | undefined, later: AwsTimestamp | null | undefined): number | undefined {
  const from = toEpochMs(earlier);
  const to = toEpochMs(later);
  return from === undefined || to === undefined ? undefined : (to - from) / MS_PER_HOUR;
}
