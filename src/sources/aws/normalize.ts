// AWS answers, normalised at the boundary: each reader checks each answer against what AWS documents
// for it (one spec per API, next to its reader) before it turns it into the snapshot's types.
//
//   - an answer without the part the call exists for (GetTrail without Trail, a listing without its
//     list, GetObjectLockConfiguration without ObjectLockConfiguration) is a failed read:
//     MalformedResponse, "HTTP 200 answer without <field> in <Operation>";
//   - a value the reader does not recognise (a versioning Status "Archived", IsLogging "yes", a
//     number where AWS documents a string, an odd region name) is a failed read too: UnexpectedValue,
//     "unexpected value from AWS: Status='Archived' in GetBucketVersioning".
// Either way the field stays unread, and model/derive.ts writes it as unknown, with that error as its
// cause: the scan goes on and no check reads a value the collector did not understand.
import type { CollectionError } from "../../model/snapshot.js";
import type { ServiceName } from "./types.js";

/** Describes what is wrong with a value ("Status='Archived'"), or undefined when it is as documented. */
export type Spec = (value: unknown, path: string) => string | undefined;

function show(path: string, value: unknown): string {
  let text: string;
  if (value instanceof Date) text = Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  else if (typeof value === "string") text = `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
    if (text.length > 60) text = `${text.slice(0, 57)}...`;
  }
  return `${path || "answer"}=${text}`;
}

const join = (path: string, key: string | number) => (typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key);

export const str: Spec = (v, p) => (typeof v === "string" ? undefined : show(p, v));
export const bool: Spec = (v, p) => (typeof v === "boolean" ? undefined : show(p, v));
export const num: Spec = (v, p) => (typeof v === "number" && Number.isFinite(v) ? undefined : show(p, v));
export function int(min = Number.MIN_SAFE_INTEGER): Spec {
  return (v, p) => (typeof v === "number" && Number.isInteger(v) && v >= min ? undefined : show(p, v));
}
export function oneOf(...values: readonly string[]): Spec {
  return (v, p) => (typeof v === "string" && values.includes(v) ? undefined : show(p, v));
}
export function matching(pattern: RegExp): Spec {
  return (v, p) => (typeof v === "string" && pattern.test(v) ? undefined : show(p, v));
}
/** A timestamp as the SDK gives it (a Date), or as some endpoints send it (ISO string, epoch number). */
export const time: Spec = (v, p) => {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? show(p, v) : undefined;
  if (typeof v === "number" && Number.isFinite(v)) return undefined;
  if (typeof v === "string" && !Number.isNaN(Date.parse(v))) return undefined;
  return show(p, v);
};
/** Anything (kept as AWS returns it). */
export const any: Spec = () => undefined;

export function list(item: Spec): Spec {
  return (v, p) => {
    if (!Array.isArray(v)) return show(p, v);
    for (let i = 0; i < v.length; i++) {
      const problem = item(v[i], join(p, i));
      if (problem) return problem;
    }
    return undefined;
  };
}

/** A map (a plain object) whose every value matches `value`. */
export function dict(value: Spec): Spec {
  return (v, p) => {
    if (v === null || typeof v !== "object" || Array.isArray(v) || v instanceof Date) return show(p, v);
    for (const [key, inner] of Object.entries(v)) {
      const problem = value(inner, join(p, key));
      if (problem) return problem;
    }
    return undefined;
  };
}

/** An object whose listed fields, when present (and not null), match their specs; `required` ones must be present. */
export function shape(fields: Record<string, Spec>, required: readonly string[] = []): Spec {
  return (v, p) => {
    if (v === null || typeof v !== "object" || Array.isArray(v) || v instanceof Date) return show(p, v);
    const record = v as Record<string, unknown>;
    for (const key of required) if (record[key] === undefined || record[key] === null) return `${join(p, key)} missing`;
    for (const [key, spec] of Object.entries(fields)) {
      const inner = record[key];
      if (inner === undefined || inner === null) continue;
      const problem = spec(inner, join(p, key));
      if (problem) return problem;
    }
    return undefined;
  };
}

/** Both specs. */
export function both(a: Spec, b: Spec): Spec {
  return (v, p) => a(v, p) ?? b(v, p);
}

/** A region name as AWS spells them (us-east-1, us-gov-west-1, cn-north-1, eu-central-2, ...). */
export const REGION = /^[a-z]{2,3}(-[a-z]+){1,3}-\d{1,2}$/;
export const region: Spec = matching(REGION);
export const ACCOUNT_ID = /^\d{12}$/;
export const accountId: Spec = matching(ACCOUNT_ID);
export const tag: Spec = shape({ Key: str, Value: str }, ["Key"]);

export interface Where {
  region?: string;
  resource?: string;
  /** Added to the message (an OU, a policy id). */
  about?: string;
}

function error(service: ServiceName, operation: string, where: Where, code: string, message: string): CollectionError {
  return {
    service,
    operation,
    ...(where.region !== undefined ? { region: where.region } : {}),
    ...(where.resource !== undefined ? { resource: where.resource } : {}),
    code,
    message: where.about ? `${message} (${where.about})` : message,
  };
}

/** A value the collector does not recognise: the read it came from counts as failed. */
export function unexpectedValue(service: ServiceName, operation: string, where: Where, problem: string): CollectionError {
  return error(service, operation, where, "UnexpectedValue", `unexpected value from AWS: ${problem} in ${operation}`);
}

/** A 200 answer without the part the call exists for (an empty body). */
export function malformedAnswer(service: ServiceName, operation: string, where: Where, missing: string): CollectionError {
  return error(service, operation, where, "MalformedResponse", `HTTP 200 answer without ${missing} in ${operation}: an empty or truncated answer, not AWS's "not configured"`);
}

/**
 * The answer when it matches `spec`; otherwise undefined, with the failed read recorded in `errors`
 * (MalformedResponse for a missing part, UnexpectedValue for a value not as documented).
 */
export function accept<T>(
  errors: CollectionError[],
  service: ServiceName,
  operation: string,
  where: Where,
  answer: unknown,
  spec: Spec,
): T | undefined {
  const problem = spec(answer, "");
  if (problem === undefined) return answer as T;
  const missing = / missing$/.exec(problem);
  errors.push(missing ? malformedAnswer(service, operation, where, problem.slice(0, missing.index)) : unexpectedValue(service, operation, where, problem));
  return undefined;
}
