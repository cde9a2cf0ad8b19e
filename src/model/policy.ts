// Policy statement evaluation for resource policies (S3 bucket policies) and service control policies.
//
// Scope: one statement at a time, as IAM reads it. Effect; Principal / NotPrincipal; Action / NotAction
// with `*` and `?` wildcards, action names compared case-insensitively (`S3:deleteobject*` matches
// s3:DeleteObject); Resource / NotResource against a target ARN that may itself end in a wildcard
// (`arn:aws:s3:::bucket/*` stands for every object of the bucket), compared case-sensitively.
// Conditions are kept as data and classified; they are never evaluated against a request.
//
// Resource matching has two meanings:
// - an Allow *grants on* the target when its Resource could match some ARN the target stands for
//   (pattern intersection: `bucket/AWSLogs/*` grants on part of `bucket/*`);
// - a Deny *covers* the target only when its Resource matches every ARN the target stands for
//   (`bucket/AWSLogs/*` does not cover `bucket/*`). Policy variables (`${aws:username}`) count as
//   "anything" for an Allow and as "not covering" for a Deny, so the answer errs towards open.
//
// Who an Allow applies to (Audience), worst first: "everyone" (`*`, {"AWS": "*"}, NotPrincipal),
// "otherAccount" (an account, or a role/user/session of an account, other than the resource owner;
// canonical users and federated providers of unknown accounts), "ownerAccount" (the owner account as
// a whole: its id or arn:aws:iam::<owner>:root), "specific" (named roles/users/sessions of the owner,
// unique ids), and "service" (a {"Service": ...} principal).
//
// A *narrowing condition* on an Allow is a condition entry that, by itself, limits who can use the
// statement. Precisely: operator StringEquals, StringLike, ArnEquals or ArnLike (no IfExists, which
// lets requests without the key through, and no ForAllValues/ForAnyValue set operators) on
// - aws:PrincipalArn — narrows to what the ARNs name: a named role/user of the owner (a literal name,
//   a trailing wildcard allowed: role/BreakGlass*) is "specific"; role/* or any wildcard in the name's
//   first character is the whole "ownerAccount"; an ARN of another account, or a wildcard account, is
//   "otherAccount"/"everyone";
// - aws:userid — unique-id values (AROA...:*, AIDA...) are "specific"; a 12-digit value is that
//   account's root user; a value starting with a wildcard narrows nothing;
// - aws:PrincipalAccount — all values equal to the owner narrow to "ownerAccount" (still every
//   principal of the owner account, which the no-delete check treats as broad);
// - aws:SourceArn / aws:SourceAccount — narrow Service principals only (the service acts on behalf
//   of that resource/account); they do not narrow AWS principals here.
// aws:PrincipalOrgID and aws:PrincipalOrgPaths are NOT narrowing for deletion: they admit every
// principal of every account in the organization (or OU), which is exactly whom log deletion must
// be kept from.
//
// A Deny statement's condition is classified as:
// - "none": the Deny applies to every request it matches (closes the path);
// - "principalExemption": only StringNotEquals / StringNotLike / ArnNotEquals / ArnNotLike (IfExists
//   allowed) on aws:PrincipalArn, aws:userid or aws:PrincipalAccount. The Deny still applies to
//   everyone but the exempted principals, which are reported. An exemption that names no particular
//   principal (aws:PrincipalAccount, role/*, a userid starting with a wildcard) is "broad": it leaves
//   the path open to every principal of an account, so such a Deny does not close the path. Named
//   roles of any account (arn:aws:iam::*:role/BreakGlass, usual in SCPs) are particular principals;
// - "other" (aws:SecureTransport, aws:MultiFactorAuthPresent, aws:SourceIp, tags, ...): the Deny only
//   applies when the condition holds, so a request that does not meet it (over TLS, with MFA, from
//   another address) is not denied — the path stays open.
//
// SCPs are evaluated in scp.ts; statements holding unknown values ("holes", what a file leaves
// open) in policy-tri.ts: the functions here read only the known parts of a statement.
import type { PolicyDocument, PolicyStatement } from "./snapshot.js";
import { isUnknown, type Unknown, type UnknownRef } from "./unknown.js";

/** A policy that cannot be read (invalid JSON, or not of IAM's policy grammar). */
export class PolicyParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PolicyParseError";
  }
}

// ---------------------------------------------------------------------------------------------
// Patterns

type Token = { t: "any" } | { t: "one" } | { t: "var" } | { t: "lit"; c: string };

/** Splits a pattern into wildcards, policy variables and literal characters. */
function tokenize(pattern: string, caseInsensitive: boolean, variables: boolean): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (variables && ch === "$" && pattern[i + 1] === "{") {
      const end = pattern.indexOf("}", i + 2);
      if (end !== -1) {
        const name = pattern.slice(i + 2, end);
        // ${*}, ${?} and ${$} are IAM's escapes for the literal characters.
        if (name === "*" || name === "?" || name === "$") tokens.push({ t: "lit", c: name });
        else tokens.push({ t: "var" });
        i = end;
        continue;
      }
    }
    if (ch === "*") tokens.push({ t: "any" });
    else if (ch === "?") tokens.push({ t: "one" });
    else tokens.push({ t: "lit", c: caseInsensitive ? ch.toLowerCase() : ch });
  }
  return tokens;
}

/** Whether some string matches both patterns (variables count as `*`). */
function intersects(a: Token[], b: Token[]): boolean {
  const seen = new Set<number>();
  const width = b.length + 1;
  const wild = (tok: Token) => tok.t === "any" || tok.t === "var";
  const visit = (i: number, j: number): boolean => {
    const key = i * width + j;
    if (seen.has(key)) return false;
    seen.add(key);
    if (i === a.length && j === b.length) return true;
    const ta = a[i];
    const tb = b[j];
    if (ta && wild(ta) && visit(i + 1, j)) return true;
    if (tb && wild(tb) && visit(i, j + 1)) return true;
    if (!ta || !tb) return false;
    // Both sides read one common character.
    if (ta.t === "lit" && tb.t === "lit" && ta.c !== tb.c) return false;
    const ni = wild(ta) ? i : i + 1;
    const nj = wild(tb) ? j : j + 1;
    if (ni === i && nj === j) return false; // two stars reading together make no progress
    return visit(ni, nj);
  };
  return visit(0, 0);
}

/** Whether pattern p matches every string target t stands for (sound, may say no when unsure). */
function covers(p: Token[], t: Token[]): boolean {
  const seen = new Set<number>();
  const width = t.length + 1;
  const visit = (i: number, j: number): boolean => {
    const key = i * width + j;
    if (seen.has(key)) return false;
    seen.add(key);
    const tp = p[i];
    if (j === t.length) return p.slice(i).every((tok) => tok.t === "any");
    const tt = t[j]!;
    if (!tp) return false;
    if (tp.t === "any") return visit(i + 1, j) || visit(i, j + 1);
    if (tp.t === "var") return false;
    if (tp.t === "one") return (tt.t === "one" || tt.t === "lit") && visit(i + 1, j + 1);
    return tt.t === "lit" && tt.c === tp.c && visit(i + 1, j + 1);
  };
  return visit(0, 0);
}

// The same few patterns and targets are matched again and again (every statement of every policy
// of every account, against the same dozen actions and each log bucket's ARNs): the pure answers
// are memoised, bounded (cleared when full).
const MEMO_LIMIT = 50_000;
function memo2<T>(memo: Map<string, Map<string, T>>, a: string, b: string, compute: () => T): T {
  let inner = memo.get(a);
  if (inner === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(a, (inner = new Map()));
  }
  let value = inner.get(b);
  if (value === undefined) {
    if (inner.size >= MEMO_LIMIT) inner.clear();
    inner.set(b, (value = compute()));
  }
  return value;
}
const actionMemo = new Map<string, Map<string, boolean>>();
const intersectMemo = new Map<string, Map<string, boolean>>();
const coverMemo = new Map<string, Map<string, boolean>>();

/** Case-insensitive wildcard match of an IAM action pattern against an action name. */
export function actionMatches(pattern: string, action: string): boolean {
  return memo2(actionMemo, pattern, action, () => {
    const literal: Token[] = [...action.toLowerCase()].map((c) => ({ t: "lit", c }));
    return intersects(tokenize(pattern, true, false), literal);
  });
}

/** Whether a Resource pattern could match some ARN the target stands for. */
export function resourceIntersects(pattern: string, target: string): boolean {
  return memo2(intersectMemo, pattern, target, () => intersects(tokenize(pattern, false, true), tokenize(target, false, false)));
}

/** Whether a Resource pattern matches every ARN the target stands for. */
export function resourceCovers(pattern: string, target: string): boolean {
  return memo2(coverMemo, pattern, target, () => covers(tokenize(pattern, false, true), tokenize(target, false, false)));
}

// ---------------------------------------------------------------------------------------------
// Parsing

export type PrincipalKind = "everyone" | "account" | "principal" | "uniqueId" | "service" | "federated" | "canonicalUser";

export interface PrincipalRef {
  /** The Principal element key ("AWS", "Service", "Federated", "CanonicalUser"), or "*". */
  type: string;
  value: string;
  kind: PrincipalKind;
  /** The account the principal belongs to, when the value says. */
  accountId?: string;
}

export interface ConditionEntry {
  operator: string;
  key: string;
  /** The known values (a hole among them is a HoleSite "condition" of the statement). */
  values: string[];
}

/**
 * A place in a statement that holds an unknown value (`{"$unknown": ...}`, a value the file does
 * not decide; see policy-tri.ts for how statements with holes are evaluated):
 * - "action" / "resource": one more pattern of Action/NotAction, Resource/NotResource (or the whole element);
 * - "principal": one more principal of the given Principal/NotPrincipal type ("*": the whole element);
 * - "condition": one more value (or values) of `conditions[entry]`;
 * - "conditionBlock": conditions whose operators and keys are unknown too (an operator block or the whole Condition);
 * - "existence": the statement may not be there (its Effect is unknown and this is one of its two readings, or the whole statement is unknown).
 */
export type HoleSite =
  | { at: "action" | "resource" | "conditionBlock" | "existence"; ref: UnknownRef }
  | { at: "principal"; type: string; ref: UnknownRef }
  | { at: "condition"; entry: number; ref: UnknownRef };

export interface ParsedStatement {
  index: number;
  sid?: string;
  /** The Sid, or "#<index>" (0-based) when the statement has none. */
  label: string;
  effect: "Allow" | "Deny";
  /** Absent for SCP statements, which apply to every principal of the accounts they target. */
  principal?: { not: boolean; entries: PrincipalRef[] };
  action: { not: boolean; patterns: string[] };
  /** Absent element = every resource. */
  resource: { not: boolean; patterns: string[] };
  conditions: ConditionEntry[];
  raw: PolicyStatement;
  /** The unknown values in the statement; empty when it is fully known (always, for live data). */
  holes: HoleSite[];
}

export interface ParsedPolicy {
  version?: string;
  id?: string;
  statements: ParsedStatement[];
}

export type PolicyKind = "resource" | "scp";

const ACCOUNT_ID = /^[0-9]{12}$/;
const UNIQUE_ID = /^A[A-Z0-9]{3}[A-Z0-9]{8,}$/;

/** Collects the holes met while parsing one statement; `at` is the JSON Pointer of a value. */
interface HoleSink {
  base: string;
  found: HoleSite[];
}

const token = (t: string | number) => String(t).replace(/~/g, "~0").replace(/\//g, "~1");

function holeRef(value: Unknown, sink: HoleSink, path: string): UnknownRef {
  return { cause: value.$unknown, pointer: `${sink.base}${path}` };
}

/** Strings of a string-or-list element; each hole becomes a site made by `site`. */
function strings(value: unknown, where: string, sink?: HoleSink, path = "", site?: (ref: UnknownRef) => HoleSite): string[] {
  if (sink && site && isUnknown(value)) {
    sink.found.push(site(holeRef(value, sink, path)));
    return [];
  }
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) {
    const out: string[] = [];
    value.forEach((v, i) => {
      if (sink && site && isUnknown(v)) sink.found.push(site(holeRef(v, sink, `${path}/${i}`)));
      else if (typeof v === "string") out.push(v);
      else throw new PolicyParseError(`${where} must be a string or an array of strings`);
    });
    return out;
  }
  throw new PolicyParseError(`${where} must be a string or an array of strings`);
}

export function parsePrincipalValue(type: string, value: string): PrincipalRef {
  if (value === "*" && (type === "AWS" || type === "*")) return { type, value, kind: "everyone" };
  if (type === "AWS") {
    if (ACCOUNT_ID.test(value)) return { type, value, kind: "account", accountId: value };
    const parts = value.split(":");
    if (parts[0] === "arn" && parts.length >= 6) {
      const account = parts[4] ?? "";
      const resource = parts.slice(5).join(":");
      const accountId = ACCOUNT_ID.test(account) ? account : undefined;
      if (resource === "root") return { type, value, kind: "account", ...(accountId ? { accountId } : {}) };
      return { type, value, kind: "principal", ...(accountId ? { accountId } : {}) };
    }
    if (UNIQUE_ID.test(value)) return { type, value, kind: "uniqueId" };
    throw new PolicyParseError(`unrecognised AWS principal "${value}"`);
  }
  if (type === "Service") return { type, value, kind: "service" };
  if (type === "Federated") {
    const account = value.split(":")[4];
    return { type, value, kind: "federated", ...(account && ACCOUNT_ID.test(account) ? { accountId: account } : {}) };
  }
  if (type === "CanonicalUser") return { type, value, kind: "canonicalUser" };
  throw new PolicyParseError(`unknown principal type "${type}"`);
}

function parsePrincipal(value: unknown, where: string, sink: HoleSink, path: string): PrincipalRef[] {
  if (isUnknown(value)) {
    sink.found.push({ at: "principal", type: "*", ref: holeRef(value, sink, path) });
    return [];
  }
  if (value === "*") return [{ type: "*", value: "*", kind: "everyone" }];
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new PolicyParseError(`${where} must be "*" or an object such as {"AWS": [...]}`);
  }
  const entries: PrincipalRef[] = [];
  const before = sink.found.length;
  for (const [type, values] of Object.entries(value as Record<string, unknown>)) {
    const site = (ref: UnknownRef): HoleSite => ({ at: "principal", type, ref });
    for (const v of strings(values, `${where}.${type}`, sink, `${path}/${token(type)}`, site)) entries.push(parsePrincipalValue(type, v));
  }
  if (entries.length === 0 && sink.found.length === before) throw new PolicyParseError(`${where} names no principal`);
  return entries;
}

function parseConditions(value: unknown, where: string, sink: HoleSink, path: string): ConditionEntry[] {
  if (value === undefined) return [];
  if (isUnknown(value)) {
    sink.found.push({ at: "conditionBlock", ref: holeRef(value, sink, path) });
    return [];
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new PolicyParseError(`${where} must be an object`);
  const entries: ConditionEntry[] = [];
  for (const [operator, block] of Object.entries(value as Record<string, unknown>)) {
    const blockPath = `${path}/${token(operator)}`;
    if (isUnknown(block)) {
      sink.found.push({ at: "conditionBlock", ref: holeRef(block, sink, blockPath) });
      continue;
    }
    if (block === null || typeof block !== "object" || Array.isArray(block)) throw new PolicyParseError(`${where}.${operator} must be an object`);
    for (const [key, raw] of Object.entries(block as Record<string, unknown>)) {
      const keyPath = `${blockPath}/${token(key)}`;
      const list = Array.isArray(raw) ? raw : [raw];
      const entry = entries.length;
      const values: string[] = [];
      list.forEach((v, i) => {
        if (isUnknown(v)) sink.found.push({ at: "condition", entry, ref: holeRef(v, sink, Array.isArray(raw) ? `${keyPath}/${i}` : keyPath) });
        else if (["string", "number", "boolean"].includes(typeof v)) values.push(String(v));
        else throw new PolicyParseError(`${where}.${operator}.${key} must hold strings, numbers or booleans`);
      });
      entries.push({ operator, key, values });
    }
  }
  return entries;
}

/**
 * The statement, or its two readings (Allow and Deny, each "existence" unknown) when its Effect is
 * unknown; a statement that is wholly unknown is both readings with every element unknown.
 */
function parseStatement(raw: unknown, index: number, kind: PolicyKind, base: string): ParsedStatement[] {
  const where = `Statement[${index}]`;
  if (isUnknown(raw)) {
    const ref: UnknownRef = { cause: raw.$unknown, pointer: base };
    return (["Allow", "Deny"] as const).map((effect) => ({
      index,
      label: `#${index}`,
      effect,
      ...(kind === "resource" ? { principal: { not: false, entries: [] } } : {}),
      action: { not: false, patterns: [] },
      resource: { not: false, patterns: [] },
      conditions: [],
      raw: raw as unknown as PolicyStatement,
      holes: [
        { at: "existence", ref },
        { at: "action", ref },
        { at: "resource", ref },
        { at: "conditionBlock", ref },
        ...(kind === "resource" ? [{ at: "principal" as const, type: "*", ref }] : []),
      ],
    }));
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new PolicyParseError(`${where} must be an object`);
  const s = raw as Record<string, unknown>;
  const sid = typeof s.Sid === "string" ? s.Sid : undefined;
  const label = sid !== undefined && sid !== "" ? sid : `#${index}`;
  const at = `${where} (${label})`;
  const effectHole = isUnknown(s.Effect) ? s.Effect : undefined;
  if (effectHole === undefined && s.Effect !== "Allow" && s.Effect !== "Deny") throw new PolicyParseError(`${at}: Effect must be "Allow" or "Deny"`);
  const pair = (yes: string, no: string, required: boolean) => {
    if (s[yes] !== undefined && s[no] !== undefined) throw new PolicyParseError(`${at}: has both ${yes} and ${no}`);
    if (required && s[yes] === undefined && s[no] === undefined) throw new PolicyParseError(`${at}: needs ${yes} or ${no}`);
    return s[no] !== undefined ? { not: true, key: no, value: s[no] } : { not: false, key: yes, value: s[yes] };
  };
  const sink: HoleSink = { base, found: [] };
  const action = pair("Action", "NotAction", true);
  const resource = pair("Resource", "NotResource", false);
  const principal = pair("Principal", "NotPrincipal", kind === "resource");
  const siteOf = (site: "action" | "resource") => (ref: UnknownRef): HoleSite => ({ at: site, ref });
  const statement: ParsedStatement = {
    index,
    ...(sid !== undefined ? { sid } : {}),
    label,
    effect: effectHole !== undefined ? "Allow" : (s.Effect as "Allow" | "Deny"),
    action: { not: action.not, patterns: strings(action.value, `${at}: ${action.key}`, sink, `/${action.key}`, siteOf("action")) },
    resource:
      resource.value === undefined
        ? { not: false, patterns: ["*"] }
        : { not: resource.not, patterns: strings(resource.value, `${at}: Resource`, sink, `/${resource.key}`, siteOf("resource")) },
    conditions: parseConditions(s.Condition, `${at}: Condition`, sink, "/Condition"),
    raw: raw as PolicyStatement,
    holes: sink.found,
  };
  if (principal.value !== undefined && kind === "resource") {
    statement.principal = { not: principal.not, entries: parsePrincipal(principal.value, `${at}: ${principal.key}`, sink, `/${principal.key}`) };
  }
  if (effectHole === undefined) return [statement];
  const ref: UnknownRef = { cause: effectHole.$unknown, pointer: `${base}/Effect` };
  return (["Allow", "Deny"] as const).map((effect) => ({ ...statement, effect, holes: [{ at: "existence", ref }, ...statement.holes] }));
}

/**
 * Reads a policy given as AWS returns it (a JSON string) or as a parsed document. Throws a
 * PolicyParseError naming what is wrong; `kind` "scp" accepts statements without a Principal.
 * An unknown value inside the document (`{"$unknown": ...}`, what a file leaves open) becomes a
 * hole of its statement (HoleSite), named by `pointer` (the snapshot's JSON Pointer of the document)
 * plus its place in the document.
 */
export function parsePolicy(input: string | PolicyDocument, kind: PolicyKind = "resource", pointer = ""): ParsedPolicy {
  // The same bucket's policy is read by several checks: parsed once (the answer, or the error).
  let byPlace: Map<string, ParsedPolicy | PolicyParseError> | undefined;
  if (typeof input === "string") {
    byPlace = parsedTexts.get(input);
    if (byPlace === undefined) {
      if (parsedTexts.size >= MAX_PARSED_TEXTS) parsedTexts.clear();
      parsedTexts.set(input, (byPlace = new Map()));
    }
  } else if (typeof input === "object" && input !== null) {
    byPlace = parsedDocs.get(input);
    if (byPlace === undefined) parsedDocs.set(input, (byPlace = new Map()));
  }
  const place = `${kind}\u0000${pointer}`;
  const known = byPlace?.get(place);
  if (known instanceof PolicyParseError) throw known;
  if (known !== undefined) return known;
  try {
    const parsed = parsePolicyOnce(input, kind, pointer);
    byPlace?.set(place, parsed);
    return parsed;
  } catch (error) {
    if (error instanceof PolicyParseError) byPlace?.set(place, error);
    throw error;
  }
}

/** Parsed policies by document text (bounded: a run reads a few per log bucket), then by kind and pointer. */
const MAX_PARSED_TEXTS = 50_000;
const parsedTexts = new Map<string, Map<string, ParsedPolicy | PolicyParseError>>();
const parsedDocs = new WeakMap<object, Map<string, ParsedPolicy | PolicyParseError>>();

function parsePolicyOnce(input: string | PolicyDocument, kind: PolicyKind, pointer: string): ParsedPolicy {
  let doc: unknown = input;
  if (typeof input === "string") {
    try {
      doc = JSON.parse(input);
    } catch (error) {
      throw new PolicyParseError(`invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) throw new PolicyParseError("a policy must be a JSON object");
  const d = doc as Record<string, unknown>;
  if (d.Statement === undefined) throw new PolicyParseError("the policy has no Statement");
  // A Statement element that is unknown as a whole: the policy may say anything, one unknown statement stands for it.
  const single = !Array.isArray(d.Statement);
  const list = single ? [d.Statement] : (d.Statement as unknown[]);
  return {
    ...(typeof d.Version === "string" ? { version: d.Version } : {}),
    ...(typeof d.Id === "string" ? { id: d.Id } : {}),
    statements: list.flatMap((raw, index) => parseStatement(raw, index, kind, single ? `${pointer}/Statement` : `${pointer}/Statement/${index}`)),
  };
}

function asParsed(policy: ParsedPolicy | string | PolicyDocument, kind: PolicyKind): ParsedPolicy {
  return typeof policy === "object" && "statements" in policy ? policy : parsePolicy(policy, kind);
}

export function matchesAction(statement: ParsedStatement, action: string): boolean {
  const hit = statement.action.patterns.some((p) => actionMatches(p, action));
  return statement.action.not ? !hit : hit;
}

/** Whether the statement could apply to some ARN of the target. */
export function grantsOn(statement: ParsedStatement, target: string): boolean {
  const { not, patterns } = statement.resource;
  if (!not) return patterns.some((p) => resourceIntersects(p, target));
  return !patterns.some((p) => resourceCovers(p, target));
}

/** Whether the statement applies to every ARN of the target. */
export function coversAll(statement: ParsedStatement, target: string): boolean {
  const { not, patterns } = statement.resource;
  if (!not) return patterns.some((p) => resourceCovers(p, target));
  return !patterns.some((p) => resourceIntersects(p, target));
}

// ---------------------------------------------------------------------------------------------
// Allow statements: who they apply to

export type Audience = "everyone" | "otherAccount" | "ownerAccount" | "specific" | "service";

const RANK: Record<Audience, number> = { everyone: 4, otherAccount: 3, ownerAccount: 2, specific: 1, service: 0 };

function worst(a: Audience, b: Audience): Audience {
  return RANK[a] >= RANK[b] ? a : b;
}
function narrowest(a: Audience, b: Audience): Audience {
  return RANK[a] <= RANK[b] ? a : b;
}

/** Who a principal entry is, seen from the owner of the resource. */
export function principalAudience(p: PrincipalRef, ownerAccountId: string): Audience {
  switch (p.kind) {
    case "everyone":
      return "everyone";
    case "service":
      return "service";
    case "account":
      return p.accountId === ownerAccountId ? "ownerAccount" : "otherAccount";
    case "principal":
    case "federated":
      return p.accountId === ownerAccountId ? "specific" : "otherAccount";
    case "uniqueId":
      return "specific";
    case "canonicalUser":
      return "otherAccount";
  }
}

/** Who an aws:PrincipalArn value names, seen from the owner. */
function principalArnAudience(value: string, ownerAccountId: string): Audience {
  const parts = value.split(":");
  if (parts[0] !== "arn" || parts.length < 6) return "everyone";
  const account = parts[4] ?? "";
  if (!ACCOUNT_ID.test(account)) return /[*?]/.test(account) || account === "" ? "everyone" : "otherAccount";
  if (account !== ownerAccountId) return "otherAccount";
  return namesSpecific(parts.slice(5).join(":")) ? "specific" : "ownerAccount";
}

/**
 * Whether an IAM ARN resource part names particular principals: "root", "role/Name", "user/path/Name",
 * "role/BreakGlass*" (a literal name before any wildcard), "assumed-role/Name/*" (every session of one
 * role). "role/*", "role/path/*" and "*" name a whole account.
 */
function namesSpecific(resource: string): boolean {
  if (resource === "root") return true;
  const segments = resource.split("/");
  if (segments.length < 2 || /[*?]/.test(segments[0]!)) return false;
  if (segments[0] === "assumed-role") return segments[1] !== undefined && segments[1] !== "" && !/^[*?]/.test(segments[1]);
  const wildAt = resource.search(/[*?]/);
  if (wildAt === -1) return true;
  return !resource.slice(0, wildAt).endsWith("/");
}

function userIdAudience(value: string, ownerAccountId: string): Audience {
  if (/^[*?]/.test(value)) return "everyone";
  const head = value.split(":")[0]!;
  if (ACCOUNT_ID.test(head)) return head === ownerAccountId ? "specific" : "otherAccount";
  return "specific";
}

const POSITIVE_OPERATORS = new Set(["stringequals", "stringlike", "arnequals", "arnlike"]);
const EXEMPTION_OPERATORS = new Set(["stringnotequals", "stringnotlike", "arnnotequals", "arnnotlike"]);
const PRINCIPAL_KEYS = new Set(["aws:principalarn", "aws:userid", "aws:principalaccount"]);
const SOURCE_KEYS = new Set(["aws:sourcearn", "aws:sourceaccount"]);
const ORG_KEYS = new Set(["aws:principalorgid", "aws:principalorgpaths"]);

export interface Narrowing {
  /** Narrowest audience the principal conditions admit (absent: no principal narrowing). */
  audience?: Audience;
  /** Condition keys that narrow AWS principals. */
  principalKeys: string[];
  /** Condition keys that narrow Service principals (aws:SourceArn, aws:SourceAccount). */
  sourceKeys: string[];
  /** Conditions that look like narrowing but are not, with why. */
  notNarrowing: string[];
}

/** Classifies an Allow statement's conditions (see the header for the definition). */
export function narrowingOf(conditions: ConditionEntry[], ownerAccountId: string): Narrowing {
  const result: Narrowing = { principalKeys: [], sourceKeys: [], notNarrowing: [] };
  for (const c of conditions) {
    const op = c.operator.toLowerCase();
    const key = c.key.toLowerCase();
    if (ORG_KEYS.has(key)) {
      result.notNarrowing.push(`${c.operator} ${c.key}: admits every principal of the organization (or OU), so it does not narrow deletion`);
      continue;
    }
    if (!PRINCIPAL_KEYS.has(key) && !SOURCE_KEYS.has(key)) continue;
    if (!POSITIVE_OPERATORS.has(op)) {
      result.notNarrowing.push(`${c.operator} ${c.key}: only StringEquals/StringLike/ArnEquals/ArnLike (without IfExists) narrow who can use a statement`);
      continue;
    }
    if (SOURCE_KEYS.has(key)) {
      result.sourceKeys.push(c.key);
      continue;
    }
    let audience: Audience = "service"; // identity of the fold: narrower than anything
    for (const value of c.values) {
      const a =
        key === "aws:principalarn"
          ? principalArnAudience(value, ownerAccountId)
          : key === "aws:userid"
            ? userIdAudience(value, ownerAccountId)
            : value === ownerAccountId
              ? "ownerAccount"
              : /[*?]/.test(value)
                ? "everyone"
                : "otherAccount";
      audience = worst(audience, a);
    }
    if (c.values.length === 0) continue;
    result.principalKeys.push(c.key);
    result.audience = result.audience === undefined ? audience : narrowest(result.audience, audience);
  }
  return result;
}

export interface GrantedPrincipal {
  principal: PrincipalRef;
  /** Who it is after the statement's narrowing conditions. */
  audience: Audience;
  /** Whether a narrowing condition applies to this principal. */
  narrowed: boolean;
}

export interface Grant {
  statement: ParsedStatement;
  action: string;
  target: string;
  principals: GrantedPrincipal[];
  /** The worst audience over the principals. */
  audience: Audience;
  narrowing: Narrowing;
}

/**
 * The Allow statements of a resource policy that grant `action` on (some ARN of) `resourceArn`,
 * with whom they apply to, seen from the resource owner.
 */
export function statementsGranting(
  policy: ParsedPolicy | string | PolicyDocument,
  action: string,
  resourceArn: string,
  ownerAccountId: string,
): Grant[] {
  return asParsed(policy, "resource").statements.flatMap((s) => grantOf(s, action, resourceArn, ownerAccountId) ?? []);
}

/** The grant of one Allow statement, or undefined when it does not grant `action` on the target (holes ignored: see policy-tri.ts). */
export function grantOf(statement: ParsedStatement, action: string, resourceArn: string, ownerAccountId: string): Grant | undefined {
  if (statement.effect !== "Allow" || !matchesAction(statement, action) || !grantsOn(statement, resourceArn)) return undefined;
  const narrowing = narrowingOf(statement.conditions, ownerAccountId);
  const entries: PrincipalRef[] = !statement.principal
    ? [{ type: "*", value: "*", kind: "everyone" }]
    : statement.principal.not
      ? [{ type: "NotPrincipal", value: `everyone except ${statement.principal.entries.map((e) => e.value).join(", ")}`, kind: "everyone" }]
      : statement.principal.entries;
  const principals = entries.map((principal): GrantedPrincipal => {
    const base = principalAudience(principal, ownerAccountId);
    if (base === "service") return { principal, audience: "service", narrowed: narrowing.sourceKeys.length > 0 };
    if (narrowing.audience === undefined) return { principal, audience: base, narrowed: false };
    return { principal, audience: narrowest(base, narrowing.audience), narrowed: true };
  });
  return {
    statement,
    action,
    target: resourceArn,
    principals,
    audience: principals.map((p) => p.audience).reduce(worst, "service"),
    narrowing,
  };
}

// ---------------------------------------------------------------------------------------------
// Deny statements: do they close a path?

export interface Exemption {
  /** "NotPrincipal" or the condition key. */
  via: string;
  value: string;
  /** True when it exempts a whole account or more (a Deny with such an exemption does not close). */
  broad: boolean;
}

export type DenyConditionKind = "none" | "principalExemption" | "other";

export interface DenyMatch {
  statement: ParsedStatement;
  action: string;
  target: string;
  /** Whom the Deny names: everyone, everyone but NotPrincipal, or only some principals. */
  scope: "all" | "allExcept" | "some";
  conditionKind: DenyConditionKind;
  exemptions: Exemption[];
  /** Whether the statement covers every ARN of the target. */
  coversTarget: boolean;
  /** True when the statement denies the action on the whole target to everyone (exemptions aside). */
  closes: boolean;
  /** Why it closes or does not, in a phrase. */
  reason: string;
}

function exemptionBroad(key: string, value: string): boolean {
  if (key === "aws:principalaccount") return true;
  if (key === "aws:userid") return /^[*?]/.test(value);
  // The account part may be a wildcard: an exemption only frees principals that something else
  // allows, and another account's principals need the resource policy's own Allow (judged apart).
  const parts = value.split(":");
  if (parts[0] !== "arn" || parts.length < 6) return true;
  return !namesSpecific(parts.slice(5).join(":"));
}

/** Classifies a Deny statement's conditions (see the header for the definition). */
export function classifyDenyConditions(conditions: ConditionEntry[]): { kind: DenyConditionKind; exemptions: Exemption[]; others: ConditionEntry[] } {
  if (conditions.length === 0) return { kind: "none", exemptions: [], others: [] };
  const exemptions: Exemption[] = [];
  const others: ConditionEntry[] = [];
  for (const c of conditions) {
    const op = c.operator.toLowerCase().replace(/ifexists$/, "");
    const key = c.key.toLowerCase();
    if (EXEMPTION_OPERATORS.has(op) && PRINCIPAL_KEYS.has(key)) {
      for (const value of c.values) exemptions.push({ via: c.key, value, broad: exemptionBroad(key, value) });
    } else {
      others.push(c);
    }
  }
  return { kind: others.length > 0 ? "other" : "principalExemption", exemptions, others };
}

function describeCondition(c: ConditionEntry): string {
  return `${c.operator} ${c.key} ${c.values.length === 1 ? c.values[0] : `[${c.values.join(", ")}]`}`;
}

function denyMatch(statement: ParsedStatement, action: string, target: string): DenyMatch {
  const coversTarget = coversAll(statement, target);
  const cond = classifyDenyConditions(statement.conditions);
  let scope: DenyMatch["scope"] = "all";
  const exemptions = [...cond.exemptions];
  if (statement.principal) {
    if (statement.principal.not) {
      scope = "allExcept";
      for (const p of statement.principal.entries) exemptions.unshift({ via: "NotPrincipal", value: p.value, broad: p.kind === "everyone" });
    } else if (!statement.principal.entries.some((p) => p.kind === "everyone")) {
      scope = "some";
    }
  }
  const broad = exemptions.filter((e) => e.broad);
  let reason: string;
  let closes = false;
  if (!coversTarget) {
    reason = `its ${statement.resource.not ? "NotResource" : "Resource"} (${statement.resource.patterns.join(", ")}) does not cover all of ${target}`;
  } else if (scope === "some") {
    reason = `it denies only ${statement.principal!.entries.map((p) => p.value).join(", ")}`;
  } else if (cond.kind === "other") {
    reason =
      `it applies only when ${cond.others.map(describeCondition).join(" and ")} holds, ` +
      "so requests that do not meet that condition are not denied";
  } else if (broad.length > 0) {
    reason = `it exempts ${broad.map((e) => `${e.value} (${e.via})`).join(", ")}, which leaves every principal there free`;
  } else {
    closes = true;
    reason = exemptions.length > 0 ? `denies everyone except ${exemptions.map((e) => e.value).join(", ")}` : "denies everyone";
  }
  return { statement, action, target, scope, conditionKind: cond.kind, exemptions, coversTarget, closes, reason };
}

/**
 * The Deny statements of a policy whose Action matches `action` and whose Resource reaches the
 * target, each with whether it closes the path (see the header).
 */
export function statementsDenying(policy: ParsedPolicy | string | PolicyDocument, action: string, resourceArn: string, kind: PolicyKind = "resource"): DenyMatch[] {
  return asParsed(policy, kind).statements.flatMap((s) => denyOf(s, action, resourceArn) ?? []);
}

/** The match of one Deny statement, or undefined when it does not reach `action` on the target (holes ignored: see policy-tri.ts). */
export function denyOf(statement: ParsedStatement, action: string, resourceArn: string): DenyMatch | undefined {
  if (statement.effect !== "Deny" || !matchesAction(statement, action) || !grantsOn(statement, resourceArn)) return undefined;
  return denyMatch(statement, action, resourceArn);
}

/** A short human description of a principal entry, for messages. */
export function describePrincipal(p: PrincipalRef): string {
  switch (p.kind) {
    case "everyone":
      return p.type === "NotPrincipal" ? p.value : "everyone (*)";
    case "account":
      return `account ${p.accountId ?? p.value}`;
    case "service":
      return `service ${p.value}`;
    default:
      return p.value;
  }
}

// ---------------------------------------------------------------------------------------------
// Service principals: may a service (cloudtrail.amazonaws.com) use a resource on behalf of one of
// its own resources (a trail)? Unlike the rest of this module, conditions are evaluated here, but
// only on the keys whose values the request is known to carry (`context`, e.g. aws:SourceArn = the
// trail's ARN); a condition on any other key, a set operator (ForAnyValue/ForAllValues), a policy
// variable or an operator outside the String/Arn families leaves the statement undecided.

export type Verdict = "yes" | "no" | "undecided";

export interface ServiceStatement {
  statement: ParsedStatement;
  /** Whether the statement applies to the service's request. */
  applies: Verdict;
  /**
   * Condition keys among `scopeKeys` that tie the statement to named accounts or resources: a
   * positive operator whose every value names its account literally (no wildcard there).
   */
  scopedBy: string[];
  /** The conditions that could not be evaluated, described. */
  undecided: string[];
}

const STRING_OPS = new Set(["stringequals", "stringnotequals", "stringequalsignorecase", "stringnotequalsignorecase", "stringlike", "stringnotlike"]);
const ARN_OPS = new Set(["arnequals", "arnnotequals", "arnlike", "arnnotlike"]);

function valueMatches(op: string, pattern: string, value: string): boolean {
  if (op.startsWith("stringequalsignorecase") || op.startsWith("stringnotequalsignorecase")) return pattern.toLowerCase() === value.toLowerCase();
  if (op === "stringequals" || op === "stringnotequals") return pattern === value;
  // StringLike and the Arn operators (ArnEquals takes wildcards as ArnLike does).
  return covers(tokenize(pattern, false, false), tokenize(value, false, false));
}

/** Whether a condition value names its account literally: a 12-digit id, or an ARN whose account part has no wildcard. */
function namesAccount(value: string): boolean {
  if (ACCOUNT_ID.test(value)) return true;
  const parts = value.split(":");
  return parts[0] === "arn" && parts.length >= 6 && ACCOUNT_ID.test(parts[4] ?? "");
}

/** Evaluates a statement's conditions against the known keys of a request (keys compared case-insensitively). */
export function evaluateConditions(
  conditions: readonly ConditionEntry[],
  context: Readonly<Record<string, string>>,
  scopeKeys: readonly string[] = [],
): { applies: Verdict; scopedBy: string[]; undecided: string[] } {
  // Most statements have no condition: nothing to look up (this runs per statement, principal and action).
  if (conditions.length === 0) return { applies: "yes", scopedBy: [], undecided: [] };
  const known = new Map(Object.entries(context).map(([k, v]) => [k.toLowerCase(), v]));
  const scoping = new Set(scopeKeys.map((k) => k.toLowerCase()));
  const scopedBy: string[] = [];
  const undecided: string[] = [];
  let applies: Verdict = "yes";
  for (const c of conditions) {
    const op = c.operator.toLowerCase().replace(/ifexists$/, "");
    const key = c.key.toLowerCase();
    const value = known.get(key);
    if (c.operator.includes(":") || !(STRING_OPS.has(op) || ARN_OPS.has(op)) || value === undefined || c.values.some((v) => v.includes("${"))) {
      undecided.push(`${c.operator} ${c.key}`);
      continue;
    }
    const negative = op.includes("not");
    const hit = c.values.some((pattern) => valueMatches(op, pattern, value));
    if (negative ? hit : !hit) applies = "no";
    else if (!negative && scoping.has(key) && c.values.length > 0 && c.values.every(namesAccount)) scopedBy.push(c.key);
  }
  if (applies === "yes" && undecided.length > 0) applies = "undecided";
  return { applies, scopedBy, undecided };
}

function namesService(statement: ParsedStatement, service: string): boolean {
  if (!statement.principal) return true;
  const { not, entries } = statement.principal;
  const named = entries.some((p) => p.kind === "everyone" || (p.kind === "service" && p.value.toLowerCase() === service.toLowerCase()));
  if (!not) return named;
  return !entries.some((p) => p.kind === "service" && p.value.toLowerCase() === service.toLowerCase());
}

/**
 * The statements of a resource policy (Allow and Deny) whose Principal admits `service` (by name,
 * `*`, or a NotPrincipal that leaves it out), whose Action matches `action` and whose Resource
 * reaches `resourceArn`, each with whether it applies to the service's request (`context`: the
 * condition keys the request carries, such as aws:SourceArn) and which of `scopeKeys` scope it.
 */
export function serviceStatements(
  policy: ParsedPolicy | string | PolicyDocument,
  service: string,
  action: string,
  resourceArn: string,
  context: Readonly<Record<string, string>>,
  scopeKeys: readonly string[] = [],
): ServiceStatement[] {
  return asParsed(policy, "resource").statements.flatMap((s) => serviceStatementOf(s, service, action, resourceArn, context, scopeKeys) ?? []);
}

/** One statement as serviceStatements sees it, or undefined when it is not about the service's request (holes ignored: see policy-tri.ts). */
export function serviceStatementOf(
  statement: ParsedStatement,
  service: string,
  action: string,
  resourceArn: string,
  context: Readonly<Record<string, string>>,
  scopeKeys: readonly string[] = [],
): ServiceStatement | undefined {
  if (!namesService(statement, service) || !matchesAction(statement, action) || !grantsOn(statement, resourceArn)) return undefined;
  return { statement, ...evaluateConditions(statement.conditions, context, scopeKeys) };
}
