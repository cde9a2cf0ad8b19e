// Policy documents with values a file leaves open (a parameter without default in a condition, an
// Fn::ImportValue in a Resource), for the IaC sources: instead of replacing the whole policy with a
// stand-in, each undecided value becomes a hole at exactly its place. The source writes a stand-in
// of the right shape there (a placeholder string, "Allow" for an Effect, an empty block for a
// Condition) and one Unresolved collection error per hole, with `field` and `path` (the hole's JSON
// Pointer inside the field); model/derive.ts then puts the unknown marker at that path, and the
// policy evaluation treats it three-valued (model/policy-tri.ts). Each error is located at the file
// line of the expression, so a finding that rests on it points there.
//
// The whole policy stays one unknown (`whole`) only where the document itself is undecided: the
// PolicyDocument is a `!Ref`, an `!ImportValue`, an `!If` on an undecided condition, or not an object.
import type { CollectionError } from "../model/snapshot.js";
import { isRecord } from "../util/records.js";
import { Unresolved } from "./cloudformation/intrinsics.js";
import type { LocatedError, Location } from "./iac-types.js";

export interface PolicyHole {
  /** JSON Pointer of the hole inside the document ("/Statement/0/Condition/StringEquals/aws:PrincipalOrgID"). */
  path: string;
  unresolved: Unresolved;
}

export type HoledPolicy = { whole: Unresolved } | { document: Record<string, unknown>; holes: PolicyHole[] };

const token = (t: string | number) => String(t).replace(/~/g, "~0").replace(/\//g, "~1");

const WORST_STATEMENT = { Effect: "Allow", Principal: "*", Action: "*", Resource: "*" };

/** What stands in a hole until derive.ts marks it: a value of the shape its place requires. */
function standIn(key: string | undefined, parent: string | undefined, u: Unresolved): unknown {
  if (key === "Statement") return WORST_STATEMENT;
  if (key === "Effect") return "Allow";
  if (key === "Principal" || key === "NotPrincipal") return "*";
  if (key === "Condition" || parent === "Condition") return {};
  return u.placeholder;
}

/**
 * The resolved document with its holes; `whole` when the document itself is undecided. A Sid, Version
 * or Id that is undecided is not a hole (nothing is judged on it): its placeholder stays.
 */
export function policyHoles(document: unknown): HoledPolicy {
  if (document instanceof Unresolved) return { whole: document };
  if (!isRecord(document)) return { whole: new Unresolved(JSON.stringify(document) ?? String(document), "not a policy document") };
  const holes: PolicyHole[] = [];
  // `key` is the member name holding the value (a list's elements keep the list's name), `parent` the one above it.
  const walk = (value: unknown, path: string, key: string | undefined, parent: string | undefined): unknown => {
    if (value instanceof Unresolved) {
      if (parent === undefined && (key === "Sid" || key === "Version" || key === "Id")) return value.placeholder;
      if (key === "Sid" && parent === "Statement") return value.placeholder;
      holes.push({ path, unresolved: value });
      return standIn(key, parent, value);
    }
    if (Array.isArray(value)) return value.map((item, i) => walk(item, `${path}/${i}`, key, parent));
    if (isRecord(value)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = walk(v, `${path}/${token(k)}`, k, key);
      return out;
    }
    return value;
  };
  return { document: walk(document, "", undefined, undefined) as Record<string, unknown>, holes };
}

/** Where a hole is said to be, in a message: `Statement[2] (AWSCloudTrailWrite) Resource`. */
export function describeHolePath(document: Record<string, unknown>, path: string): string {
  const tokens = path.slice(1).split("/").map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (tokens[0] !== "Statement") return tokens.join(".");
  const list = document.Statement;
  const index = Array.isArray(list) ? Number(tokens[1]) : undefined;
  const statement = Array.isArray(list) ? list[index!] : list;
  const sid = isRecord(statement) && typeof statement.Sid === "string" && statement.Sid !== "" ? ` (${statement.Sid})` : "";
  const rest = (Array.isArray(list) ? tokens.slice(2) : tokens.slice(1)).join(".");
  return `Statement${index !== undefined ? `[${index}]` : ""}${sid}${rest ? ` ${rest}` : ""}`;
}

/** What the errors of a policy's holes are about (the read that returns the policy). */
export interface HoleErrorTarget {
  /** Logical id (CloudFormation) or address (Terraform) and type of the resource that sets the policy. */
  id: string;
  type: string;
  /** The property that holds the document ("PolicyDocument", "KeyPolicy", "Content"). */
  property: string;
  service: string;
  operation: string;
  region: string;
  resource: string;
  /** The snapshot field the read fills ("policy"), and the pointer of the document inside it ("" or "/3/Content"). */
  field: string;
  within?: string;
  /** The file position of a pointer inside the document (nearest enclosing part the file defines). */
  locate(path: string): Location;
}

/** One Unresolved collection error per hole, with field and path, located at the hole's expression. */
export function holeErrors(policy: { document: Record<string, unknown>; holes: PolicyHole[] }, target: HoleErrorTarget): LocatedError[] {
  return policy.holes.map(({ path, unresolved }) => {
    const error: CollectionError = {
      service: target.service,
      operation: target.operation,
      region: target.region,
      resource: target.resource,
      field: target.field,
      path: `${target.within ?? ""}${path}`,
      ...(unresolved.pattern !== undefined ? { pattern: unresolved.pattern } : {}),
      code: "Unresolved",
      message:
        `${target.id} (${target.type}) ${target.property} ${describeHolePath(policy.document, path)} is ${unresolved.expr}: ` +
        `${unresolved.reason}; cannot be decided from this file`,
    };
    return { error, location: target.locate(path) };
  });
}

/** The location of `pointer` in a parts table, else of its nearest enclosing part, else `fallback`. */
export function nearestPart(parts: Readonly<Record<string, Location>>, pointer: string, fallback: Location): Location {
  for (let p = pointer; p !== ""; p = p.slice(0, p.lastIndexOf("/"))) {
    const found = parts[p];
    if (found) return found;
  }
  return fallback;
}
