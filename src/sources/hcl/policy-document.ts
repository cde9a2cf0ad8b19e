// The AWS provider's (v5) aws_iam_policy_document data source: its evaluated arguments rendered to
// the JSON policy the provider stores in `json` (Go's json.MarshalIndent, two spaces) and
// `minified_json` (json.Marshal), with the provider's rules:
// - Version defaults to "2012-10-17", Effect to "Allow"; empty Sid, Id and missing parts are left out.
// - actions, resources, identifiers (and their not_ forms) are sets: de-duplicated, one element
//   written as a string, more as a list sorted in descending byte order; condition values keep
//   their order (a list), one value written as a string.
// - Principals are grouped by type (a JSON object, types sorted), identifiers of several blocks of
//   one type concatenated in the order the Plugin SDK lists the set (sdk-set.ts); one block of type
//   "*" with the identifier "*" is written `"Principal": "*"`.
// - Conditions are grouped by test, then variable (both sorted), values of blocks with the same
//   test and variable concatenated in set order.
// - `&{` becomes `${` in resources, identifiers and condition values (an error with version
//   2008-10-17).
// - source_policy_documents are merged first, in order (their Sids must be unique across them),
//   then the statement blocks (a statement whose Sid a source statement has replaces it in place),
//   then override_policy_documents, in order (same Sid replaces in place, others are appended). A
//   merged document's Id replaces the Id when not empty; the greatest Version wins.
// - Source and override documents are read the way Go's encoding/json reads them into the
//   provider's structs (field names matched without regard to case, unknown fields ignored).
// What Terraform or the provider would reject is an Unknown with reason "invalid"; any Unknown among
// the arguments (when nothing is invalid) makes both attributes that Unknown, as Terraform reads the
// data source only when its whole configuration is known.
import type { Span } from "./ast.js";
import { compareBytes, goMarshal, goMarshalIndent, type GoJson, type GoJsonMap } from "./go-json.js";
import { hashString, sdkSetList } from "./sdk-set.js";
import { isObjectValue, numberText, typeName, Unknown, type Value, type ValueObject } from "./value.js";

/**
 * The `json` and `minified_json` attributes of an aws_iam_policy_document whose block body
 * evaluated to `args` (attributes by name, nested blocks as arrays of objects). Both are the same
 * Unknown when the document is not decided by the files or would be rejected; `at` is the block.
 */
export function renderPolicyDocument(args: ValueObject, at: Span): { json: Value; minified_json: Value } {
  try {
    const reader = new ConfigReader();
    const config = reader.config(args);
    if (reader.unknown) return { json: reader.unknown, minified_json: reader.unknown };
    const doc = mergedDocument(config);
    return { json: goMarshalIndent(encodeDocument(doc)), minified_json: goMarshal(encodeDocument(doc)) };
  } catch (error) {
    if (!(error instanceof Rejected)) throw error;
    const unknown = new Unknown("invalid", `aws_iam_policy_document: ${error.message}`, at);
    return { json: unknown, minified_json: unknown };
  }
}

/** What Terraform or the AWS provider would refuse, with the reason. */
class Rejected extends Error {}

const VERSIONS = ["2008-10-17", "2012-10-17"];
const EFFECTS = ["Allow", "Deny"];
/** Marks an argument the schema requires. */
const REQUIRED = Symbol("required");

// The provider's model of a document, as it holds one read from configuration or from JSON.
/** One string, or a list (the provider's `interface{}` holding string or []string). */
type Strings = string | string[];
interface Principal {
  type: string;
  identifiers: Strings;
}
interface Condition {
  test: string;
  variable: string;
  values: Strings;
}
interface Statement {
  sid: string;
  effect: string;
  /** Written as given when defined (from JSON any value but null; from configuration Strings). */
  action?: GoJson;
  notAction?: GoJson;
  resource?: GoJson;
  notResource?: GoJson;
  principals: Principal[];
  notPrincipals: Principal[];
  conditions: Condition[];
}
interface PolicyDoc {
  version: string;
  id: string;
  statements: Statement[];
}

// ---- Configuration: the arguments converted to the schema's types -------------------------------

interface ConfigPrincipal {
  type: string;
  identifiers: string[];
}
interface ConfigCondition {
  test: string;
  variable: string;
  values: string[];
}
interface ConfigStatement {
  sid: string;
  effect: string;
  actions: string[];
  notActions: string[];
  resources: string[];
  notResources: string[];
  principals: ConfigPrincipal[];
  notPrincipals: ConfigPrincipal[];
  conditions: ConfigCondition[];
}
interface Config {
  version: string;
  policyId: string;
  /** Parsed JSON of source_policy_documents, in order. */
  sources: unknown[];
  statements: ConfigStatement[];
  overrides: unknown[];
}

/**
 * Converts the arguments as Terraform does for the schema and applies the schema's validation
 * (what `terraform validate` reports). An Unknown is recorded (the first one) and a placeholder that
 * validates is used in its place, so that invalid known parts are still found.
 */
class ConfigReader {
  unknown: Unknown | undefined;

  config(args: ValueObject): Config {
    const version = this.string(args.version, "version", "2012-10-17");
    if (!VERSIONS.includes(version)) throw new Rejected(`version must be one of ${VERSIONS.join(", ")}, got "${version}"`);
    const policyId = this.string(args.policy_id, "policy_id", "");
    for (const name of ["source_json", "override_json"]) {
      if (this.string(args[name], name, "") !== "") {
        const instead = name === "source_json" ? "source_policy_documents" : "override_policy_documents";
        throw new Rejected(`${name} is not used since AWS provider v5 and must be empty (use ${instead})`);
      }
    }
    const sources = this.documents(args.source_policy_documents, "source_policy_documents");
    const statements = this.blocks(args.statement, "statement").map((block, i) => this.statement(block, `statement[${i}]`));
    const overrides = this.documents(args.override_policy_documents, "override_policy_documents");
    return { version, policyId, sources, statements, overrides };
  }

  private statement(block: ValueObject, path: string): ConfigStatement {
    const sid = this.string(block.sid, `${path}.sid`, "");
    // Any Sid: the provider checked for alphanumeric Sids in 5.81-5.83 and dropped the check in
    // 5.84.0 (KMS and S3 policies take spaces, as AWS's own default key policy has them).
    const effect = this.string(block.effect, `${path}.effect`, "Allow");
    if (!EFFECTS.includes(effect)) throw new Rejected(`${path}.effect must be Allow or Deny, got "${effect}"`);
    return {
      sid,
      effect,
      actions: this.strings(block.actions, `${path}.actions`),
      notActions: this.strings(block.not_actions, `${path}.not_actions`),
      resources: this.strings(block.resources, `${path}.resources`),
      notResources: this.strings(block.not_resources, `${path}.not_resources`),
      principals: this.principals(block.principals, `${path}.principals`),
      notPrincipals: this.principals(block.not_principals, `${path}.not_principals`),
      conditions: this.blocks(block.condition, `${path}.condition`).map((c, i) => ({
        test: this.string(c.test, `${path}.condition[${i}].test`, REQUIRED),
        variable: this.string(c.variable, `${path}.condition[${i}].variable`, REQUIRED),
        values: this.strings(c.values, `${path}.condition[${i}].values`, REQUIRED),
      })),
    };
  }

  private principals(value: Value | undefined, path: string): ConfigPrincipal[] {
    return this.blocks(value, path).map((p, i) => ({
      type: this.string(p.type, `${path}[${i}].type`, REQUIRED),
      identifiers: this.strings(p.identifiers, `${path}[${i}].identifiers`, REQUIRED),
    }));
  }

  /**
   * A string argument, `fallback` when not set (REQUIRED: an error) and in place of an Unknown;
   * numbers and bools convert as Terraform converts them.
   */
  private string(value: Value | undefined, path: string, fallback: string | typeof REQUIRED): string {
    if (value === undefined || value === null) {
      if (fallback === REQUIRED) throw new Rejected(`the argument ${path} is required`);
      return fallback;
    }
    if (value instanceof Unknown) {
      this.unknown ??= value;
      return fallback === REQUIRED ? "" : fallback;
    }
    const text = primitiveString(value);
    if (text === undefined) throw new Rejected(`${path} must be a string, got ${typeName(value)}`);
    return text;
  }

  /**
   * A list or set of strings: [] when not set (REQUIRED: an error); a null element is refused (as
   * Terraform does for this provider: "Null value found in list"); unknown elements are left out
   * once recorded.
   */
  private strings(value: Value | undefined, path: string, required?: typeof REQUIRED): string[] {
    return this.indexedStrings(value, path, required).map(([, text]) => text);
  }

  /** The known elements of a list of strings with their places in it. */
  private indexedStrings(value: Value | undefined, path: string, required?: typeof REQUIRED): [number, string][] {
    if (value === undefined || value === null) {
      if (required) throw new Rejected(`the argument ${path} is required`);
      return [];
    }
    if (value instanceof Unknown) {
      this.unknown ??= value;
      return [];
    }
    if (!Array.isArray(value)) throw new Rejected(`${path} must be a list of strings, got ${typeName(value)}`);
    const out: [number, string][] = [];
    value.forEach((item, i) => {
      if (item === null) throw new Rejected(`${path}[${i}] is null (Terraform: "Null values are not allowed for this attribute value")`);
      if (item instanceof Unknown) {
        this.unknown ??= item;
        return;
      }
      const text = primitiveString(item);
      if (text === undefined) throw new Rejected(`${path}[${i}] must be a string, got ${typeName(item)}`);
      out.push([i, text]);
    });
    return out;
  }

  /** Nested blocks (an array of objects); unknown ones (a dynamic block over unknown values) are recorded. */
  private blocks(value: Value | undefined, path: string): ValueObject[] {
    if (value === undefined || value === null) return [];
    if (value instanceof Unknown) {
      this.unknown ??= value;
      return [];
    }
    if (!Array.isArray(value)) throw new Rejected(`${path} must be blocks, got ${typeName(value)}`);
    return value.flatMap((item, i) => {
      if (item instanceof Unknown) {
        this.unknown ??= item;
        return [];
      }
      if (!isObjectValue(item)) throw new Rejected(`${path}[${i}] must be a block, got ${typeName(item)}`);
      return [item];
    });
  }

  /** A list of JSON documents, parsed (the schema's StringIsJSON; "" passes it, the read then fails). */
  private documents(value: Value | undefined, path: string): unknown[] {
    return this.indexedStrings(value, path).map(([i, text]) => {
      if (text === "") throw new Rejected(`${path}[${i}] is empty, not a JSON policy document`);
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        throw new Rejected(`${path}[${i}] is not valid JSON (${(error as Error).message})`);
      }
    });
  }
}

/** Terraform's conversion of a primitive to string; undefined for collections. */
function primitiveString(value: Value): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return numberText(value);
  return undefined;
}


// ---- The provider's Read: the document built from configuration, merged ------------------------

function mergedDocument(config: Config): PolicyDoc {
  const merged: PolicyDoc = { version: "", id: "", statements: [] };
  const sourceSids = new Set<string>();
  config.sources.forEach((json, i) => {
    const doc = decodeDocument(json, `source_policy_documents[${i}]`);
    doc.statements.forEach((statement, j) => {
      if (!statement.sid) return;
      if (sourceSids.has(statement.sid)) {
        throw new Rejected(`duplicate Sid (${statement.sid}) in source_policy_documents (document ${i}, statement ${j}); the provider requires unique Sids across source documents`);
      }
      sourceSids.add(statement.sid);
    });
    merge(merged, doc);
  });
  merge(merged, configDocument(config));
  config.overrides.forEach((json, i) => merge(merged, decodeDocument(json, `override_policy_documents[${i}]`)));
  return merged;
}

/** IAMPolicyDoc.Merge: Id adopted when set, Version upgraded, statements with a known Sid replaced in place. */
function merge(into: PolicyDoc, doc: PolicyDoc): void {
  if (doc.id) into.id = doc.id;
  if (compareBytes(doc.version, into.version) > 0) into.version = doc.version;
  for (const statement of doc.statements) {
    const existing = statement.sid ? into.statements.findIndex((s) => s.sid === statement.sid) : -1;
    if (existing >= 0) into.statements[existing] = statement;
    else into.statements.push(statement);
  }
}

function configDocument(config: Config): PolicyDoc {
  const sids = new Set<string>();
  const statements = config.statements.map((s): Statement => {
    if (sids.has(s.sid)) throw new Rejected(`duplicate Sid (${s.sid}) in statement blocks; the provider requires unique Sids`);
    if (s.sid) sids.add(s.sid);
    const withVars = (values: string[]) => policyVariables(decodeSet(values), config.version);
    return {
      sid: s.sid,
      effect: s.effect,
      ...(s.actions.length > 0 && { action: decodeSet(s.actions) }),
      ...(s.notActions.length > 0 && { notAction: decodeSet(s.notActions) }),
      ...(s.resources.length > 0 && { resource: withVars(s.resources) }),
      ...(s.notResources.length > 0 && { notResource: withVars(s.notResources) }),
      principals: configPrincipals(s.principals, config.version),
      notPrincipals: configPrincipals(s.notPrincipals, config.version),
      conditions: sdkSetList(s.conditions, hashCondition).map((c) => {
        const values = policyVariables(c.values, config.version);
        return { test: c.test, variable: c.variable, values: values.length === 1 ? values[0]! : values };
      }),
    };
  });
  return { version: config.version, id: config.policyId, statements };
}

function configPrincipals(principals: ConfigPrincipal[], version: string): Principal[] {
  return sdkSetList(principals, hashPrincipal).map((p) => ({ type: p.type, identifiers: policyVariables(decodeSet(p.identifiers), version) }));
}

/** A set of strings as the provider reads it: de-duplicated; one element alone, more sorted descending. */
function decodeSet(values: string[]): Strings {
  const list = sdkSetList(values, hashString);
  return list.length === 1 ? list[0]! : sortDescending(list);
}

function sortDescending(values: readonly string[]): string[] {
  return [...values].sort((a, b) => compareBytes(b, a));
}

/** `&{...}` becomes the policy variable `${...}`, which version 2008-10-17 does not have. */
function policyVariables<T extends Strings>(values: T, version: string): T {
  const replace = (value: string) => {
    if (version === "2008-10-17" && value.includes("&{")) {
      throw new Rejected(`found &{ sequence in (${value}), which is not supported in document version 2008-10-17`);
    }
    return value.replaceAll("&{", "${");
  };
  return (typeof values === "string" ? replace(values) : values.map(replace)) as T;
}

/** schema.SerializeResourceForHash of a principals block (keys sorted: identifiers, type). */
function hashPrincipal(p: ConfigPrincipal): string {
  return `identifiers:{${sdkSetList(p.identifiers, hashString).map(hashString).join("")}};type:${p.type};`;
}

/** schema.SerializeResourceForHash of a condition block (keys sorted: test, values, variable). */
function hashCondition(c: ConfigCondition): string {
  return `test:${c.test};values:(${c.values.map(hashString).join("")});variable:${c.variable};`;
}

// ---- Source and override documents, read as encoding/json reads them into the provider's structs --

function decodeDocument(json: unknown, path: string): PolicyDoc {
  const doc: PolicyDoc = { version: "", id: "", statements: [] };
  if (json === null) return doc;
  if (!isJsonObject(json)) throw new Rejected(`${path} must be a JSON object, got ${jsonType(json)}`);
  doc.version = goStringField(json, "Version", path);
  doc.id = goStringField(json, "Id", path);
  const statements = goField(json, "Statement");
  if (statements === undefined || statements === null) return doc;
  if (!Array.isArray(statements)) {
    throw new Rejected(`${path}: the provider reads Statement only as an array, got ${jsonType(statements)}`);
  }
  doc.statements = statements.map((s: unknown, i) => decodeStatement(s, `${path} Statement[${i}]`));
  return doc;
}

function decodeStatement(json: unknown, path: string): Statement {
  if (json === null) throw new Rejected(`${path} is null, which the provider cannot merge`);
  if (!isJsonObject(json)) throw new Rejected(`${path} must be a JSON object, got ${jsonType(json)}`);
  const statement: Statement = {
    sid: goStringField(json, "Sid", path),
    effect: goStringField(json, "Effect", path),
    principals: decodePrincipals(goField(json, "Principal"), `${path} Principal`),
    notPrincipals: decodePrincipals(goField(json, "NotPrincipal"), `${path} NotPrincipal`),
    conditions: decodeConditions(goField(json, "Condition"), `${path} Condition`),
  };
  // An interface{} field: any value but null is kept and written back as it is.
  const fields = { action: "Action", notAction: "NotAction", resource: "Resource", notResource: "NotResource" } as const;
  for (const [key, name] of Object.entries(fields) as [keyof typeof fields, string][]) {
    const value = goField(json, name);
    if (value !== undefined && value !== null) statement[key] = asGoJson(value, `${path} ${name}`);
  }
  return statement;
}
/** Any string means everyone ("*"); an object maps a type to one identifier or a list of them. */
function decodePrincipals(json: unknown, path: string): Principal[] {
  if (json === undefined) return [];
  if (typeof json === "string") return [{ type: "*", identifiers: ["*"] }];
  if (!isJsonObject(json)) throw new Rejected(`${path} must be a string or an object, got ${jsonType(json)}`);
  return Object.keys(json).map((type) => {
    const value = json[type];
    if (typeof value === "string") return { type, identifiers: value };
    if (!Array.isArray(value)) throw new Rejected(`${path} ${type} must be a string or a list of strings, got ${jsonType(value)}`);
    const identifiers = value.map((item: unknown) => {
      if (typeof item !== "string") throw new Rejected(`${path} ${type} must list only strings, got ${jsonType(item)}`);
      return item;
    });
    return { type, identifiers: [...identifiers].sort(compareBytes) };
  });
}

/** Test -> variable -> values; a bool value becomes its string, a number or null value is dropped (as the provider does). */
function decodeConditions(json: unknown, path: string): Condition[] {
  if (json === undefined || json === null) return [];
  if (!isJsonObject(json)) throw new Rejected(`${path} must be an object, got ${jsonType(json)}`);
  return Object.keys(json).flatMap((test) => {
    const variables = json[test];
    if (variables === null) return [];
    if (!isJsonObject(variables)) throw new Rejected(`${path} ${test} must be an object, got ${jsonType(variables)}`);
    return Object.keys(variables).flatMap((variable): Condition[] => {
      const values = variables[variable];
      if (typeof values === "string") return [{ test, variable, values: [values] }];
      if (typeof values === "boolean") return [{ test, variable, values: String(values) }];
      if (!Array.isArray(values)) return [];
      const list = values.map((item: unknown) => {
        if (typeof item !== "string") throw new Rejected(`${path} ${test} ${variable} must list only strings, got ${jsonType(item)}`);
        return item;
      });
      return [{ test, variable, values: list }];
    });
  });
}

function isJsonObject(json: unknown): json is Record<string, unknown> {
  return json !== null && typeof json === "object" && !Array.isArray(json);
}

function jsonType(json: unknown): string {
  if (json === null) return "null";
  if (Array.isArray(json)) return "an array";
  return typeof json === "object" ? "an object" : `a ${typeof json}`;
}

/** The member Go decodes into a struct field: the name matched without regard to case, the last such member. */
function goField(json: Record<string, unknown>, name: string): unknown {
  const folded = name.toLowerCase();
  const keys = Object.keys(json).filter((key) => key.toLowerCase() === folded);
  return keys.length === 0 ? undefined : json[keys[keys.length - 1]!];
}

function goStringField(json: Record<string, unknown>, name: string, path: string): string {
  const value = goField(json, name);
  if (value === undefined || value === null) return "";
  if (typeof value !== "string") throw new Rejected(`${path} ${name} must be a string, got ${jsonType(value)}`);
  return value;
}

/** A parsed JSON value as Go holds it in an `interface{}` (a float64 that JavaScript read as infinite does not fit). */
function asGoJson(json: unknown, path: string): GoJson {
  if (typeof json === "number" && !Number.isFinite(json)) throw new Rejected(`${path} has a number out of range`);
  if (Array.isArray(json)) return json.map((item: unknown) => asGoJson(item, path));
  if (isJsonObject(json)) {
    const out: Record<string, GoJson> = {};
    for (const key of Object.keys(json)) Object.defineProperty(out, key, { value: asGoJson(json[key], path), enumerable: true });
    return out;
  }
  return json as GoJson;
}

// ---- Writing: the provider's structs and custom marshalers --------------------------------------

function encodeDocument(doc: PolicyDoc): GoJson {
  const out = new Map<string, GoJson>();
  if (doc.version) out.set("Version", doc.version);
  if (doc.id) out.set("Id", doc.id);
  if (doc.statements.length > 0) out.set("Statement", doc.statements.map(encodeStatement));
  return out;
}

function encodeStatement(s: Statement): GoJson {
  const out = new Map<string, GoJson>();
  if (s.sid) out.set("Sid", s.sid);
  if (s.effect) out.set("Effect", s.effect);
  if (s.action !== undefined) out.set("Action", s.action);
  if (s.notAction !== undefined) out.set("NotAction", s.notAction);
  if (s.resource !== undefined) out.set("Resource", s.resource);
  if (s.notResource !== undefined) out.set("NotResource", s.notResource);
  if (s.principals.length > 0) out.set("Principal", encodePrincipals(s.principals));
  if (s.notPrincipals.length > 0) out.set("NotPrincipal", encodePrincipals(s.notPrincipals));
  if (s.conditions.length > 0) out.set("Condition", encodeConditions(s.conditions));
  return out;
}

function encodePrincipals(principals: Principal[]): GoJson {
  if (principals.length === 1) {
    const [{ type, identifiers }] = principals as [Principal];
    const ids = typeof identifiers === "string" ? [identifiers] : identifiers;
    if (type === "*" && ids.length === 1 && ids[0] === "*") return "*";
  }
  const byType: Record<string, Strings> = {};
  const set = (type: string, value: Strings) => Object.defineProperty(byType, type, { value, enumerable: true, writable: true });
  for (const { type, identifiers } of principals) {
    const current = Object.hasOwn(byType, type) ? byType[type] : undefined;
    if (typeof identifiers === "string") {
      if (current === undefined) set(type, identifiers);
      else if (typeof current === "string") set(type, [current, identifiers]);
      else current.push(identifiers);
    } else {
      const list = current === undefined ? [] : typeof current === "string" ? [current] : current;
      list.push(...sortDescending(identifiers));
      set(type, list);
    }
  }
  return byType as GoJsonMap;
}

function encodeConditions(conditions: Condition[]): GoJson {
  const byTest = new Map<string, Map<string, string[]>>();
  for (const { test, variable, values } of conditions) {
    const variables = byTest.get(test) ?? new Map<string, string[]>();
    byTest.set(test, variables);
    variables.set(variable, [...(variables.get(variable) ?? []), ...(typeof values === "string" ? [values] : values)]);
  }
  const sorted = <T>(map: Map<string, T>) => [...map].sort(([a], [b]) => compareBytes(a, b));
  return new Map(
    sorted(byTest).map(([test, variables]) => [
      test,
      new Map(sorted(variables).map(([variable, values]): [string, GoJson] => [variable, values.length === 1 ? values[0]! : values])),
    ]),
  );
}
