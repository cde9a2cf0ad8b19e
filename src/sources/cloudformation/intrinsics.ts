// Evaluation of CloudFormation intrinsic functions and conditions, as far as one template allows.
//
// Values are resolved the way CloudFormation would at deploy time, with the identity the IaC
// source synthesizes (account id, region, partition, stack name). What the template alone cannot
// give (a parameter without a default, Fn::ImportValue, a physical id assigned at deploy time,
// Fn::GetAZs, Fn::Cidr, Fn::Transform) becomes an `Unresolved` marker that names the expression and
// why; the marker travels up through Fn::Sub, Fn::Join, ... so the mapper can say exactly which
// property cannot be decided from the file. `Ref: AWS::NoValue` becomes NO_VALUE, which removes
// the property or list element that holds it.
//
// `{"Condition": name}` is a condition reference only inside Fn::And / Fn::Or / Fn::Not; elsewhere an
// object is an intrinsic call when its only key is `Ref` or starts with `Fn::`.
import type { Partition } from "../../model/snapshot.js";
import { isRecord } from "../../util/records.js";

/** A value the template does not determine. */
export class Unresolved {
  constructor(
    /** The expression, short form (e.g. "!ImportValue SharedLogBucket"). */
    readonly expr: string,
    /** Why it is unknown (e.g. "a value exported by another stack"). */
    readonly reason: string,
    /** True when the value may also be absent (an Fn::If whose other branch is AWS::NoValue). */
    readonly mayBeAbsent = false,
    /**
     * For a string only partly open (an Fn::Sub or Fn::Join of known text and open values): the
     * string with each open part written `*` (`arn:aws:s3:::logs/AWSLogs/*` for
     * `!Sub arn:aws:s3:::logs/AWSLogs/${pOrgId}`), so a reader can tell what every value has in common.
     */
    readonly pattern?: string,
  ) {}

  /** The same marker, known to be a string of this shape. */
  withPattern(pattern: string): Unresolved {
    return new Unresolved(this.expr, this.reason, this.mayBeAbsent, pattern);
  }

  /** Stand-in text where a string is required (names, ARNs). */
  get placeholder(): string {
    return `<${this.expr}>`;
  }

  describe(): string {
    return `${this.expr} (${this.reason})`;
  }
}

/** `Ref: AWS::NoValue`: the property or list element is removed. */
export const NO_VALUE: unique symbol = Symbol("AWS::NoValue");

/** The first Unresolved marker inside a resolved value, depth first. */
export function firstUnresolved(value: unknown): Unresolved | undefined {
  if (value instanceof Unresolved) return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = firstUnresolved(item);
      if (found) return found;
    }
  } else if (value !== null && typeof value === "object") {
    for (const item of Object.values(value)) {
      const found = firstUnresolved(item);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * A parameter value given by the user: text (a list type splits it at commas), a list, or a value
 * known to be unknown (create-stack's UsePreviousValue), with why.
 */
export type ParameterValue = string | string[] | { unknown: string };

export interface TemplateSections {
  Parameters: Record<string, unknown>;
  Mappings: Record<string, unknown>;
  Conditions: Record<string, unknown>;
  Resources: Record<string, unknown>;
}

export interface Environment {
  accountId: string;
  region: string;
  partition: Partition;
  stackName: string;
  /** Parameter values given by the user (like --parameter-overrides). */
  parameters: Readonly<Record<string, ParameterValue>>;
  /** Exported values of other stacks, by export name. */
  imports: Readonly<Record<string, string>>;
  /**
   * Pseudo parameters whose value is a stand-in, not given (--region, --account-id, --partition):
   * each stands for "the one the stack is deployed to", equal to itself, so an ARN built from it
   * is fine; but a comparison with a particular value (Fn::Equals, a Fn::FindInMap key) depends
   * on the real one and is Unresolved.
   */
  undecided?: Readonly<Partial<Record<"AWS::Region" | "AWS::AccountId" | "AWS::Partition", boolean>>>;
  /** Ref of a resource of the template; undefined when no resource has that logical id. */
  ref(logicalId: string): unknown;
  /** Fn::GetAtt of a resource of the template; undefined when no resource has that logical id. */
  getAtt(logicalId: string, attribute: string): unknown;
}

const MAX_DEPTH = 64;

const PSEUDO_KNOWN = ["AWS::AccountId", "AWS::Region", "AWS::Partition", "AWS::URLSuffix", "AWS::StackName", "AWS::StackId", "AWS::NoValue"];

/** The short form of an expression, for messages: `!Ref X`, `!GetAtt A.B`, `!ImportValue N`. */
export function showExpression(value: unknown): string {
  if (isRecord(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const key = keys[0]!;
      const arg = value[key];
      if (key === "Ref") return `!Ref ${typeof arg === "string" ? arg : showExpression(arg)}`;
      if (key === "Fn::GetAtt") return `!GetAtt ${Array.isArray(arg) ? arg.map((a) => (typeof a === "string" ? a : showExpression(a))).join(".") : String(arg)}`;
      if (key.startsWith("Fn::")) {
        const name = key.slice(4);
        const shown = typeof arg === "string" ? ` ${arg}` : isRecord(arg) ? ` ${showExpression(arg)}` : "";
        return `!${name}${shown.length > 80 ? ` ${shown.slice(1, 77)}...` : shown}`;
      }
    }
  }
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function asText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

export class Resolver {
  private readonly conditionMemo = new Map<string, boolean | Unresolved>();
  private readonly conditionsInProgress = new Set<string>();

  constructor(
    private readonly template: TemplateSections,
    private readonly env: Environment,
  ) {}

  /** Resolves every intrinsic function in a value; NO_VALUE members are dropped. */
  resolve(value: unknown, depth = 0): unknown {
    if (depth > MAX_DEPTH) return new Unresolved(showExpression(value), "nested too deeply (a circular reference?)");
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      for (const item of value) {
        const resolved = this.resolve(item, depth + 1);
        if (resolved !== NO_VALUE) out.push(resolved);
      }
      return out;
    }
    if (isRecord(value)) {
      const keys = Object.keys(value);
      if (keys.length === 1 && (keys[0] === "Ref" || keys[0]!.startsWith("Fn::"))) {
        return this.call(keys[0]!, value[keys[0]!], value, depth + 1);
      }
      const out: Record<string, unknown> = {};
      for (const key of keys) {
        const resolved = this.resolve(value[key], depth + 1);
        if (resolved !== NO_VALUE) Object.defineProperty(out, key, { value: resolved, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    return value;
  }

  /** Resolves to a string (numbers and booleans are written out), or an Unresolved marker. */
  resolveString(value: unknown, depth = 0): string | Unresolved | typeof NO_VALUE {
    const resolved = this.resolve(value, depth);
    if (resolved === NO_VALUE || resolved instanceof Unresolved) return resolved;
    const text = asText(resolved);
    if (text !== undefined) return text;
    return firstUnresolved(resolved) ?? new Unresolved(showExpression(value), "not a string");
  }

  /** Evaluates a named condition of the Conditions section. */
  condition(name: string, depth = 0): boolean | Unresolved {
    const memo = this.conditionMemo.get(name);
    if (memo !== undefined) return memo;
    if (!(name in this.template.Conditions)) return new Unresolved(`Condition ${name}`, `no condition named ${name} in the template`);
    if (this.conditionsInProgress.has(name)) return new Unresolved(`Condition ${name}`, "circular condition");
    this.conditionsInProgress.add(name);
    const result = this.evaluate(this.template.Conditions[name], depth + 1);
    this.conditionsInProgress.delete(name);
    this.conditionMemo.set(name, result);
    return result;
  }

  /** Evaluates a condition function (Fn::Equals, Fn::And, Fn::Or, Fn::Not, {Condition: name}). */
  evaluate(value: unknown, depth = 0): boolean | Unresolved {
    if (depth > MAX_DEPTH) return new Unresolved(showExpression(value), "nested too deeply (a circular reference?)");
    if (typeof value === "boolean") return value;
    if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
    if (!isRecord(value) || Object.keys(value).length !== 1) return new Unresolved(showExpression(value), "not a condition");
    const [key] = Object.keys(value) as [string];
    const arg = value[key];
    switch (key) {
      case "Condition":
        return typeof arg === "string" ? this.condition(arg, depth + 1) : new Unresolved(showExpression(value), "a condition name must be a string");
      case "Fn::Equals": {
        if (!Array.isArray(arg) || arg.length !== 2) return new Unresolved(showExpression(value), "Fn::Equals takes two values");
        const [a, b] = arg.map((item) => this.resolve(item, depth + 1));
        const unknown = firstUnresolved([a, b]) ?? this.undecidedPseudo(arg, showExpression(value));
        if (unknown) return unknown;
        return JSON.stringify(normalizeForEquals(a)) === JSON.stringify(normalizeForEquals(b));
      }
      case "Fn::Not": {
        const inner = Array.isArray(arg) && arg.length === 1 ? this.evaluate(arg[0], depth + 1) : new Unresolved(showExpression(value), "Fn::Not takes one condition");
        return inner instanceof Unresolved ? inner : !inner;
      }
      case "Fn::And":
      case "Fn::Or": {
        if (!Array.isArray(arg)) return new Unresolved(showExpression(value), `${key} takes a list of conditions`);
        const results = arg.map((item) => this.evaluate(item, depth + 1));
        const decisive = key === "Fn::And" ? false : true;
        // A decisive operand settles the result even when another operand is unknown.
        if (results.some((r) => r === decisive)) return decisive;
        return results.find((r): r is Unresolved => r instanceof Unresolved) ?? !decisive;
      }
      default:
        return new Unresolved(showExpression(value), `${key} is not a condition function`);
    }
  }

  private call(fn: string, arg: unknown, whole: unknown, depth: number): unknown {
    const shown = showExpression(whole);
    switch (fn) {
      case "Ref": {
        const name = this.resolveString(arg, depth);
        if (typeof name !== "string") return name === NO_VALUE ? new Unresolved(shown, "Ref needs a name") : name;
        return this.ref(name, shown);
      }
      case "Fn::GetAtt": {
        let parts: unknown[];
        if (typeof arg === "string") {
          const dot = arg.indexOf(".");
          parts = dot < 0 ? [arg] : [arg.slice(0, dot), arg.slice(dot + 1)];
        } else if (Array.isArray(arg)) {
          parts = arg.map((a) => this.resolveString(a, depth));
        } else {
          return new Unresolved(shown, "Fn::GetAtt takes [resource, attribute]");
        }
        const [resource, attribute] = parts;
        if (resource instanceof Unresolved) return resource;
        if (attribute instanceof Unresolved) return attribute;
        if (typeof resource !== "string" || typeof attribute !== "string") return new Unresolved(shown, "Fn::GetAtt takes [resource, attribute]");
        const result = this.env.getAtt(resource, attribute);
        return result === undefined ? new Unresolved(shown, `no resource named ${resource} in the template`) : result;
      }
      case "Fn::Sub":
        return this.sub(arg, shown, depth);
      case "Fn::Join": {
        if (!Array.isArray(arg) || arg.length !== 2) return new Unresolved(shown, "Fn::Join takes [delimiter, list]");
        const delimiter = this.resolveString(arg[0], depth);
        if (typeof delimiter !== "string") return delimiter === NO_VALUE ? "" : delimiter;
        const list = this.resolve(arg[1], depth);
        if (list instanceof Unresolved) return list;
        if (!Array.isArray(list)) return new Unresolved(shown, "Fn::Join needs a list");
        const texts: string[] = [];
        // The first open item stands for the whole string, with the shape the known items give it.
        let open: Unresolved | undefined;
        for (const item of list) {
          if (item instanceof Unresolved) {
            open ??= item;
            texts.push(item.pattern ?? "*");
            continue;
          }
          const text = asText(item);
          if (text === undefined) return firstUnresolved(item) ?? new Unresolved(shown, "Fn::Join joins strings only");
          texts.push(text);
        }
        return open ? open.withPattern(texts.join(delimiter)) : texts.join(delimiter);
      }
      case "Fn::Select": {
        if (!Array.isArray(arg) || arg.length !== 2) return new Unresolved(shown, "Fn::Select takes [index, list]");
        const index = this.resolve(arg[0], depth);
        if (index instanceof Unresolved) return index;
        const list = this.resolve(arg[1], depth);
        if (list instanceof Unresolved) return list;
        const i = Number(index);
        if (!Array.isArray(list) || !Number.isInteger(i) || i < 0 || i >= list.length) return new Unresolved(shown, "index out of range");
        return list[i];
      }
      case "Fn::Split": {
        if (!Array.isArray(arg) || arg.length !== 2) return new Unresolved(shown, "Fn::Split takes [delimiter, string]");
        const delimiter = this.resolveString(arg[0], depth);
        const source = this.resolveString(arg[1], depth);
        if (delimiter instanceof Unresolved) return delimiter;
        if (source instanceof Unresolved) return source;
        if (typeof delimiter !== "string" || typeof source !== "string") return new Unresolved(shown, "Fn::Split takes strings");
        return source.split(delimiter);
      }
      case "Fn::If": {
        if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== "string") return new Unresolved(shown, "Fn::If takes [condition, then, else]");
        const condition = this.condition(arg[0], depth);
        if (condition instanceof Unresolved) {
          const absent = [arg[1], arg[2]].some((branch) => isRecord(branch) && branch.Ref === "AWS::NoValue");
          return new Unresolved(`Condition ${arg[0]}`, condition.describe(), absent);
        }
        return this.resolve(condition ? arg[1] : arg[2], depth);
      }
      case "Fn::Equals":
      case "Fn::And":
      case "Fn::Or":
      case "Fn::Not":
        return this.evaluate(whole, depth);
      case "Fn::FindInMap": {
        if (!Array.isArray(arg) || arg.length < 3) return new Unresolved(shown, "Fn::FindInMap takes [map, key, key]");
        const keys = arg.slice(0, 3).map((a) => this.resolveString(a, depth));
        const unknown = keys.find((k): k is Unresolved => k instanceof Unresolved) ?? this.undecidedPseudo(arg.slice(0, 3), shown);
        if (unknown) return unknown;
        const [mapName, top, second] = keys as string[];
        const map = this.template.Mappings[mapName!];
        const level = isRecord(map) ? map[top!] : undefined;
        const found = isRecord(level) ? level[second!] : undefined;
        if (found !== undefined) return this.resolve(found, depth);
        // AWS::LanguageExtensions allows a default as a fourth argument.
        const fallback = arg[3];
        if (isRecord(fallback) && "DefaultValue" in fallback) return this.resolve(fallback.DefaultValue, depth);
        return new Unresolved(shown, `no entry ${top}/${second} in mapping ${mapName}`);
      }
      case "Fn::Base64": {
        const text = this.resolveString(arg, depth);
        if (typeof text !== "string") return text === NO_VALUE ? "" : text;
        return Buffer.from(text, "utf8").toString("base64");
      }
      case "Fn::ImportValue": {
        const name = this.resolveString(arg, depth);
        if (typeof name !== "string") return name === NO_VALUE ? new Unresolved(shown, "Fn::ImportValue needs a name") : name;
        const value = this.env.imports[name];
        return value !== undefined ? value : new Unresolved(`!ImportValue ${name}`, "a value exported by another stack");
      }
      case "Fn::GetAZs":
        return new Unresolved(shown, "the Availability Zones are listed at deploy time");
      case "Fn::Length": {
        const list = this.resolve(arg, depth);
        if (list instanceof Unresolved) return list;
        return Array.isArray(list) ? list.length : new Unresolved(shown, "Fn::Length needs a list");
      }
      case "Fn::ToJsonString": {
        const resolved = this.resolve(arg, depth);
        const unknown = firstUnresolved(resolved);
        return unknown ?? JSON.stringify(resolved);
      }
      case "Fn::Cidr":
      case "Fn::Transform":
        return new Unresolved(shown, `${fn} is not evaluated by cloudtrail-lint`);
      default:
        return new Unresolved(shown, `unknown intrinsic function ${fn}`);
    }
  }

  /** Unresolved when an expression compares or looks up a pseudo parameter whose value is a stand-in. */
  private undecidedPseudo(expression: unknown, shown: string): Unresolved | undefined {
    const undecided = this.env.undecided;
    if (!undecided) return undefined;
    for (const name of PSEUDO_COMPARED) {
      if (undecided[name] && mentions(expression, name, 0)) return new Unresolved(shown, PSEUDO_UNDECIDED[name]);
    }
    return undefined;
  }

  private ref(name: string, shown: string): unknown {
    switch (name) {
      case "AWS::AccountId":
        return this.env.accountId;
      case "AWS::Region":
        return this.env.region;
      case "AWS::Partition":
        return this.env.partition;
      case "AWS::URLSuffix":
        return this.env.partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
      case "AWS::StackName":
        return this.env.stackName;
      case "AWS::StackId":
        return `arn:${this.env.partition}:cloudformation:${this.env.region}:${this.env.accountId}:stack/${this.env.stackName}/00000000-0000-0000-0000-000000000000`;
      case "AWS::NoValue":
        return NO_VALUE;
      case "AWS::NotificationARNs":
        return new Unresolved(shown, "the stack's notification ARNs are given at deploy time");
    }
    if (name in this.template.Parameters) return this.parameter(name, shown);
    const resource = this.env.ref(name);
    if (resource !== undefined) return resource;
    if (name.startsWith("AWS::") && !PSEUDO_KNOWN.includes(name)) return new Unresolved(shown, `unknown pseudo parameter ${name}`);
    return new Unresolved(shown, `no parameter or resource named ${name} in the template`);
  }

  private parameter(name: string, shown: string): unknown {
    const declaration = this.template.Parameters[name];
    const type = isRecord(declaration) && typeof declaration.Type === "string" ? declaration.Type : "String";
    const given = Object.prototype.hasOwnProperty.call(this.env.parameters, name) ? this.env.parameters[name] : undefined;
    const isList = type === "CommaDelimitedList" || type.startsWith("List<");
    const fromText = (text: string): unknown => (isList ? text.split(",").map((s) => s.trim()) : text);
    // The value given for an SSM type is the name of the SSM parameter; its value is read at deploy time.
    if (type.startsWith("AWS::SSM::Parameter::Value<")) {
      const fallback = isRecord(declaration) ? asText(declaration.Default) : undefined;
      const key = typeof given === "string" ? given : fallback;
      return new Unresolved(shown, `parameter ${name} is read from SSM Parameter Store${key ? ` (${key})` : ""} at deploy time`);
    }
    if (given !== undefined && !Array.isArray(given) && typeof given === "object") return new Unresolved(shown, given.unknown);
    if (given !== undefined) return Array.isArray(given) ? (isList ? given : given.join(",")) : fromText(given);
    const fallback = isRecord(declaration) ? declaration.Default : undefined;
    if (fallback === undefined || fallback === null) {
      return new Unresolved(shown, `parameter ${name} has no value (no Default; pass --parameter ${name}=…)`);
    }
    if (Array.isArray(fallback)) return fallback.map((v) => asText(v) ?? "");
    return fromText(asText(fallback) ?? "");
  }

  private sub(arg: unknown, shown: string, depth: number): unknown {
    let template: unknown;
    let variables: Record<string, unknown> = {};
    if (Array.isArray(arg)) {
      if (arg.length !== 2 || !isRecord(arg[1])) return new Unresolved(shown, "Fn::Sub takes a string or [string, {variables}]");
      [template] = arg;
      variables = arg[1];
    } else {
      template = arg;
    }
    if (typeof template !== "string") return new Unresolved(shown, "Fn::Sub needs a string");
    // The first open value stands for the whole string, with the shape the known text gives it (each open value `*`).
    let failure: Unresolved | undefined;
    let notText = false;
    const text = template.replace(/\$\{([^}]*)\}/g, (match, inner: string) => {
      if (notText) return match;
      if (inner.startsWith("!")) return `\${${inner.slice(1)}}`;
      const name = inner.trim();
      let value: unknown;
      if (Object.prototype.hasOwnProperty.call(variables, name)) {
        value = this.resolve(variables[name], depth);
      } else if (name.includes(".") && !name.startsWith("AWS::")) {
        const dot = name.indexOf(".");
        const resource = name.slice(0, dot);
        value = this.env.getAtt(resource, name.slice(dot + 1)) ?? new Unresolved(`\${${name}}`, `no resource named ${resource} in the template`);
      } else {
        value = this.ref(name, `!Ref ${name}`);
      }
      if (value instanceof Unresolved) {
        failure ??= value;
        return value.pattern ?? "*";
      }
      const asString = asText(value);
      if (asString === undefined) {
        failure ??= firstUnresolved(value) ?? new Unresolved(`\${${name}}`, "not a string");
        notText = true;
        return match;
      }
      return asString;
    });
    if (!failure) return text;
    return notText ? failure : failure.withPattern(text);
  }
}

const PSEUDO_COMPARED = ["AWS::Region", "AWS::AccountId", "AWS::Partition"] as const;

/** Why a comparison with a stand-in pseudo parameter is undecided, and what decides it. */
export const PSEUDO_UNDECIDED: Readonly<Record<(typeof PSEUDO_COMPARED)[number], string>> = {
  "AWS::Region": "depends on the region the stack is deployed to: pass --region",
  "AWS::AccountId": "depends on the account the stack is deployed to: pass --account-id",
  "AWS::Partition": "depends on the partition the stack is deployed to: pass --partition",
};

/** Whether a raw expression refers to a pseudo parameter (Ref, or ${Name} in Fn::Sub). */
function mentions(value: unknown, name: string, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  if (Array.isArray(value)) return value.some((v) => mentions(v, name, depth + 1));
  if (!isRecord(value)) return false;
  if (value.Ref === name) return true;
  const sub = value["Fn::Sub"];
  const text = typeof sub === "string" ? sub : Array.isArray(sub) && typeof sub[0] === "string" ? sub[0] : undefined;
  if (text !== undefined && text.includes(`\${${name}}`)) return true;
  return Object.values(value).some((v) => mentions(v, name, depth + 1));
}

/** Fn::Equals compares values as CloudFormation sees them: strings (YAML may have read numbers). */
function normalizeForEquals(value: unknown): unknown {
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.map(normalizeForEquals);
  return value;
}
