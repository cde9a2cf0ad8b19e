// The evaluator of Terraform expressions (src/sources/hcl/eval.ts and its eval-*.ts modules): each
// row is an HCL expression, parsed by parse.ts, evaluated against a fixed fake scope, and the value
// it gives, or the Unknown (reason and a part of its message) when Terraform would reject it or
// the scope leaves it open. An Unknown the scope gives must come back as that same object: its
// cause is the one to report.
import assert from "node:assert/strict";
import type { Expr } from "../../../src/sources/hcl/ast.js";
import { evaluate, type FunctionTable } from "../../../src/sources/hcl/eval.js";
import { parseHclExpression } from "../../../src/sources/hcl/parse.js";
import type { Scope } from "../../../src/sources/hcl/scope.js";
import { Unknown, isObjectValue, objectValue, type UnknownReason, type Value } from "../../../src/sources/hcl/value.js";

const FIXTURE = { file: "fixture.tf", line: 40, column: 3 };
/** A variable without a value. */
const PENDING = new Unknown("undecided", "var.pending has no value", FIXTURE);
/** A resource attribute the provider computes. */
const ARN = new Unknown("after-apply", "aws_s3_bucket.logs.arn is known after apply", FIXTURE);
/** A local Terraform would reject. */
const BROKEN = new Unknown("invalid", "local.broken divides by zero", FIXTURE);

const ROOTS: Record<string, Value> = {
  var: {
    name: "logs",
    count: "3",
    count_num: 3,
    enabled: true,
    flag_str: "true",
    list: ["a", "b"],
    // Not in lexical order: iteration must sort.
    tags: { team: "sec", env: "prod" },
    nothing: null,
    pending: PENDING,
  },
  local: {
    objs: [
      { name: "a", id: 1 },
      { name: "b", id: 2 },
    ],
    one: { name: "solo" },
    mixed: [{ id: ARN }, { id: "x" }],
    broken: BROKEN,
  },
  aws_s3_bucket: { logs: { bucket: "org-logs", arn: ARN } },
};

/**
 * A scope over ROOTS that resolves names as long as they are keys of objects, so the evaluator
 * applies the rest (as the module scope does for `aws_s3_bucket.logs["k"].arn`).
 */
const scope: Scope = {
  reference(names) {
    const root = names[0]!;
    if (!Object.hasOwn(ROOTS, root)) return undefined;
    let value = ROOTS[root]!;
    let consumed = 1;
    while (consumed < names.length && isObjectValue(value) && Object.hasOwn(value, names[consumed]!)) value = value[names[consumed++]!]!;
    return { value, consumed };
  },
};

/** Functions called, by name, in the current row. */
let calls: string[] = [];
/** A tiny function library: upper(s); args(...) returns its arguments; anything else undecided. */
const fns: FunctionTable = (name, args, at) => {
  calls.push(name);
  if (name === "upper") return String(args[0]).toUpperCase();
  if (name === "args") return args;
  return new Unknown("undecided", `test library has no ${name}()`, at);
};

/** An Unknown made by the evaluator: its reason, a part of its message, optionally its column. */
class Made {
  constructor(
    readonly reason: UnknownReason,
    readonly includes: string,
    readonly column?: number,
  ) {}
}
const invalid = (includes: string, column?: number) => new Made("invalid", includes, column);

type Expected = Value | Made | Expected[] | { [key: string]: Expected };
type Row = [hcl: string, expected: Expected];

/** The value of `hcl` (written at line 1, column 1 of main.tf), with the test library or none. */
async function run(hcl: string, library: FunctionTable | "none" = fns): Promise<Value> {
  const expr = await parseHclExpression(hcl, "main.tf", { line: 1, column: 1 });
  calls = [];
  return library === "none" ? evaluate(expr, scope) : evaluate(expr, scope, library);
}

function assertValue(actual: Value, expected: Expected, path = "value"): void {
  if (expected instanceof Unknown) {
    assert.strictEqual(actual, expected, `${path}: expected the scope's Unknown "${expected.message}", got ${show(actual)}`);
  } else if (expected instanceof Made) {
    assert.ok(actual instanceof Unknown, `${path}: expected an Unknown (${expected.reason}), got ${show(actual)}`);
    assert.equal(actual.reason, expected.reason, `${path}: ${actual.message}`);
    assert.ok(actual.message.includes(expected.includes), `${path}: "${actual.message}" should include "${expected.includes}"`);
    assert.equal(actual.at.file, "main.tf");
    if (expected.column !== undefined) assert.deepEqual(actual.at, { file: "main.tf", line: 1, column: expected.column });
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected a tuple, got ${show(actual)}`);
    assert.equal(actual.length, expected.length, `${path}: ${show(actual)}`);
    expected.forEach((item, i) => assertValue(actual[i]!, item, `${path}[${i}]`));
  } else if (expected !== null && typeof expected === "object") {
    assert.ok(isObjectValue(actual), `${path}: expected an object, got ${show(actual)}`);
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${path}: ${show(actual)}`);
    for (const key of Object.keys(expected)) assertValue(actual[key]!, expected[key]!, `${path}.${key}`);
  } else {
    assert.strictEqual(actual, expected, `${path}: ${show(actual)}`);
  }
}

function show(value: Value): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Unknown ? `<${v.reason}: ${v.message}>` : v));
}

function table(rows: Row[]): void {
  const seen = new Set<string>();
  for (const [hcl, expected] of rows) {
    assert.ok(!seen.has(hcl), `duplicate row ${hcl}`);
    seen.add(hcl);
    it(hcl, async () => assertValue(await run(hcl), expected));
  }
}

describe("hcl/eval", () => {
  describe("literals", () =>
    table([
      ["42", 42],
      ["1.5", 1.5],
      ['"plain"', "plain"],
      ["true", true],
      ["null", null],
    ]));

  describe("templates", () =>
    table([
      ['"n=${1.5} b=${true} s=${var.name}"', "n=1.5 b=true s=logs"],
      ['"big ${1.0e21} small ${0.0000001} neg ${-2.5}"', "big 1000000000000000000000 small 0.0000001 neg -2.5"],
      ['"${var.count_num}"', 3],
      ['"${var.pending}"', PENDING],
      ['"${var.list}"', ["a", "b"]],
      ['"${var.nothing}"', null],
      ['"x${var.nothing}"', invalid("var.nothing is null, which cannot be part of a string template", 5)],
      ['"x${var.list}"', invalid("var.list is a tuple, which cannot be part of a string template")],
      ['"arn:${var.pending}:x"', PENDING],
      ['"${var.pending}-${aws_s3_bucket.logs.arn}"', PENDING],
      ['"${var.pending}-${var.nothing}"', invalid("var.nothing is null")],
      ['"%{if var.enabled}on%{else}off%{endif}"', "on"],
      ['"%{if !var.enabled}on%{else}off%{endif}"', "off"],
      ['"%{if var.flag_str}on%{endif}"', "on"],
      ['"%{if var.pending}on%{endif}!"', PENDING],
      ['"%{if 1}x%{endif}"', invalid("the %{if} condition 1 is a number, not a bool")],
      ['"%{for i, v in var.list}${i}=${v};%{endfor}"', "0=a;1=b;"],
      ['"%{for k, v in var.tags}${k}:${v},%{endfor}"', "env:prod,team:sec,"],
      ['"%{for v in var.pending}x%{endfor}"', PENDING],
      ['"%{for v in var.name}x%{endfor}"', invalid("var.name is a string, not a collection a for can iterate over")],
      ['"%{for v in var.list}${var.nothing}%{endfor}"', invalid("var.nothing is null")],
    ]));

  describe("tuples and objects", () =>
    table([
      ['[1, "a", var.enabled]', [1, "a", true]],
      ["[1, var.pending]", [1, PENDING]],
      ['{ a = 1, "b c" = 2 }', { a: 1, "b c": 2 }],
      ["{ name = var.name }", { name: "logs" }],
      ['{ (var.name) = 1, "${var.name}-2" = 2 }', { logs: 1, "logs-2": 2 }],
      ['{ (var.count_num) = "x", (true) = "y" }', { "3": "x", true: "y" }],
      ["{ (var.list) = 1 }", invalid("the object key var.list is a tuple, not a string", 4)],
      ["{ (var.nothing) = 1 }", invalid("the object key var.nothing is null, not a string")],
      ["{ (var.pending) = 1, b = 2 }", PENDING],
      ["{ a = var.pending }", { a: PENDING }],
      ["{ a = 1, a = 2 }", { a: 2 }],
      ['{ __proto__ = "kept" }', objectValue([["__proto__", "kept"]])],
    ]));

  describe("references and accessors", () =>
    table([
      ["var.name", "logs"],
      ["aws_s3_bucket.logs.bucket", "org-logs"],
      ["aws_s3_bucket.logs.arn", ARN],
      ["aws_s3_bucket.logs.arn.x[0]", ARN],
      ["vr.name", invalid("vr.name is not a known reference", 1)],
      ["var.tags.env", "prod"],
      ['var.tags["team"]', "sec"],
      ["var.list[1]", "b"],
      ['var.list["1"]', "b"],
      ["var.list.0", "a"],
      ["local.objs[1].name", "b"],
      ["[10, 20][1]", 20],
      ["{ a = { b = 1 } }.a.b", 1],
      ["var.list[2]", invalid("index 2 is out of range for var.list, which has 2 elements", 9)],
      ["var.list[-1]", invalid("index -1 is out of range for var.list")],
      ["var.list[0.5]", invalid("var.list is a tuple, indexed by a whole number, not by 0.5")],
      ["var.list[true]", invalid("var.list is a tuple, indexed by a whole number, not by a bool")],
      ["var.list[null]", invalid("the key of var.list[...] is null")],
      ["var.tags.missing", invalid('var.tags has no attribute "missing"', 9)],
      ['var.tags["missing"]', invalid('var.tags has no key "missing"')],
      ["var.tags[0]", invalid('var.tags has no key "0"')],
      ["var.tags[[]]", invalid("var.tags is an object, indexed by a string, not by a tuple")],
      ["var.list.name", invalid('var.list is a tuple, which has no attributes (asked for "name")')],
      ["var.name.x", invalid("var.name is a string, which has no attributes")],
      ["var.name[0]", invalid("var.name is a string, which cannot be indexed")],
      ["var.nothing.x", invalid('var.nothing is null, so it has no attribute "x"')],
      ["var.nothing[0]", invalid("var.nothing is null, so it cannot be indexed")],
      ["var.pending.a[0].b", PENDING],
      ["var.list[var.pending]", PENDING],
      ["var.pending[var.list]", PENDING],
      ["local.broken.x", BROKEN],
    ]));

  describe("splat", () =>
    table([
      ["local.objs[*].name", ["a", "b"]],
      ["local.objs.*.id", [1, 2]],
      ["local.objs[*]", [{ name: "a", id: 1 }, { name: "b", id: 2 }]],
      ["local.one[*].name", ["solo"]],
      ["var.name[*]", ["logs"]],
      ["var.nothing[*].name", []],
      ["var.pending[*].x", PENDING],
      ["local.mixed[*].id", [ARN, "x"]],
      ["local.objs[*].missing", [invalid('local.objs[0] has no attribute "missing"'), invalid('local.objs[1] has no attribute "missing"')]],
      ["[[1, 2], [3]][*][1]", [2, invalid("index 1 is out of range for [[1, 2], [3]][1], which has 1 element")]],
    ]));

  describe("arithmetic and comparison", () =>
    table([
      ["1 + 2 * 3", 7],
      ["var.count + 1", 4],
      ['"1.5" * 2', 3],
      ["7 % 3", 1],
      ["-7 % 3", -1],
      ["1 / 4", 0.25],
      ["0 * -1", 0],
      ["1.0e308 * 10", new Made("undecided", "the result is too large for cloudtrail-lint's numbers")],
      [`upper("${"x".repeat(60)}") + 1`, invalid(`upper("${"x".repeat(50)}... is a string, not a number`)],
      ["-var.count", -3],
      ["1 / 0", invalid("1 / 0 divides by zero (0 is 0)")],
      ["1 % (var.count_num - 3)", invalid("divides by zero")],
      ["var.name + 1", invalid('var.name is a string, not a number: "logs"', 1)],
      ["var.enabled + 1", invalid("var.enabled is a bool, not a number")],
      ["var.nothing - 1", invalid("var.nothing is null, not a number")],
      ["var.list * 2", invalid("var.list is a tuple, not a number")],
      ["var.pending + 1", PENDING],
      ["aws_s3_bucket.logs.arn - var.pending", ARN],
      ["var.pending + var.name", invalid("var.name is a string, not a number")],
      ["-var.pending", PENDING],
      ["-var.name", invalid("var.name is a string, not a number")],
      ["3 > 2", true],
      ["3 >= 3", true],
      ["2 <= 1", false],
      ['"10" > "9"', true],
      ['"a" < "b"', invalid('"a" is a string, not a number: "a"')],
      ["var.pending < 1", PENDING],
    ]));

  describe("equality", () =>
    table([
      ['1 == "1"', false],
      ["1 == 1", true],
      ['var.count == "3"', true],
      ['[1, { a = "x" }] == [1, { a = "x" }]', true],
      ["{ a = 1 } == { a = 1, b = 2 }", false],
      ["[1] == { a = 1 }", false],
      ["null == null", true],
      ["var.nothing == null", true],
      ["var.name != null", true],
      ['var.name != "logs"', false],
      ['var.pending == "x"', PENDING],
      ["var.pending != 1", PENDING],
      ["[var.pending, 1] == [2, 2]", false],
      ["[var.pending, 1] == [2, 1]", PENDING],
      ["[var.pending] == [1, 2]", false],
      ["[1, local.broken] == [2]", BROKEN],
    ]));

  describe("logical operators", () =>
    table([
      ["true && false", false],
      ["true && true", true],
      ["false || true", true],
      ["false || false", false],
      ["var.flag_str && true", true],
      ['"false" || false', false],
      ["false && var.pending", false],
      ["var.pending && false", false],
      ["true && var.pending", PENDING],
      ["true || var.pending", true],
      ["var.pending || true", true],
      ["false || var.pending", PENDING],
      ["var.pending && aws_s3_bucket.logs.arn", PENDING],
      ["false && 1", invalid("1 is a number, not a bool", 10)],
      ["true || var.nothing", invalid("var.nothing is null, not a bool")],
      ["false && local.broken", BROKEN],
      ["!var.enabled", false],
      ['!"false"', true],
      ["!var.pending", PENDING],
      ['!"yes"', invalid('"yes" is a string, not a bool: "yes"')],
    ]));

  describe("conditional", () =>
    table([
      ['var.enabled ? "a" : "b"', "a"],
      ["var.flag_str ? 1 : 2", 1],
      ['"false" ? 1 : 2', 2],
      ['var.pending ? "a" : "b"', PENDING],
      ['var.pending ? "same" : "same"', "same"],
      ['var.pending ? [1, { a = "x" }] : [1, { a = "x" }]', [1, { a: "x" }]],
      ["var.pending ? aws_s3_bucket.logs.arn : aws_s3_bucket.logs.arn", PENDING],
      ['1 ? "a" : "b"', invalid("the condition 1 is a number, not a bool", 1)],
      ["var.nothing ? 1 : 2", invalid("the condition var.nothing is null, not a bool")],
      ["local.broken ? 1 : 1", BROKEN],
      ["true ? 1 : local.broken", 1],
      ["false ? 1 : local.broken", BROKEN],
      ['true ? 5 : "x"', "5"],
      ['false ? "x" : true', "true"],
      ['false ? 5 : "x"', "x"],
      ["true ? 5 : null", 5],
      ["true ? 5 : false", invalid("are a number and a bool, which Terraform cannot unify to one type")],
      ['true ? [1] : "x"', invalid("are a tuple and a string")],
      ["true ? [1] : { a = 1 }", [1]],
      ["true ? 5 : var.pending", 5],
    ]));

  describe("for expressions", () =>
    table([
      ["[for v in var.list : upper(v)]", ["A", "B"]],
      ['[for i, v in var.list : "${i}:${v}"]', ["0:a", "1:b"]],
      ['[for k, v in var.tags : "${k}=${v}"]', ["env=prod", "team=sec"]],
      ["[for v in var.tags : v]", ["prod", "sec"]],
      ['[for v in var.list : v if v != "a"]', ["b"]],
      ["[for v in var.list : var.name]", ["logs", "logs"]],
      ["[for v in [1, var.pending] : v]", [1, PENDING]],
      ["{ for v in local.objs : v.name => v.id }", { a: 1, b: 2 }],
      ["{ for k, v in var.tags : v => k }", { prod: "env", sec: "team" }],
      ["{ for v in [1, 2] : v => v * 10 }", { "1": 10, "2": 20 }],
      ['{ for v in local.objs : "k" => v.id... }', { k: [1, 2] }],
      ["{ for v in local.objs : v.name => v.id... if v.id > 1 }", { b: [2] }],
      ['{ for v in local.objs : "k" => v.id }', invalid('"k" is "k" for two elements of local.objs; add ... after the value to group them')],
      ["[for v in var.pending : v]", PENDING],
      ["{ for v in aws_s3_bucket.logs.arn : v => v }", ARN],
      ["[for v in var.name : v]", invalid("var.name is a string, not a collection a for can iterate over", 11)],
      ["[for v in var.nothing : v]", invalid("var.nothing is null, so a for cannot iterate over it")],
      ["[for v in [1, 2] : v if var.pending]", PENDING],
      ["[for v in [1, 2] : v if v == 2 && var.pending]", PENDING],
      ["[for v in [1, 2] : v if v]", invalid("the for filter v is a number, not a bool")],
      ["[for v in [1, 2] : v if var.pending || v]", invalid("v is a number, not a bool")],
      ["{ for v in [1, 2] : var.pending => v }", PENDING],
      ["{ for v in [[1]] : v => 1 }", invalid("the for key v is a tuple, not a string")],
      ["{ for v in [1] : null => 1 }", invalid("the for key null is null, not a string")],
      ["{ for v in [1, 2] : (v == 1 ? var.pending : null) => v }", invalid("the for key")],
    ]));

  describe("function calls", () =>
    table([
      ["upper(var.name)", "LOGS"],
      ["args(1, var.list...)", [1, "a", "b"]],
      ["args()", []],
      ["args(var.pending)", [PENDING]],
      ["args(var.pending...)", PENDING],
      ["args(var.name...)", invalid("var.name is a string, not a list to expand into the arguments of args()", 6)],
      ["args(local.broken, var.pending...)", BROKEN],
      ["args([1, local.broken])", BROKEN],
      ["nosuch(1)", new Made("undecided", "test library has no nosuch()")],
      ['try(var.tags.missing, "fallback")', "fallback"],
      ['try(var.tags.env, "fallback")', "prod"],
      ['try(var.pending, "fallback")', PENDING],
      ['try([var.pending], "fallback")', PENDING],
      ['try(var.tags.missing, var.pending, "x")', PENDING],
      ["try(var.tags.missing, var.list[5])", invalid("no argument of try() is valid; the last: index 5 is out of range for var.list", 1)],
      ["try()", invalid("try() needs at least one argument")],
      ["try(var.list...)", new Made("undecided", "try() with an expanded final argument (...) is not evaluated")],
      ["core::try(var.tags.missing, 1)", 1],
      ["can(var.tags.missing)", false],
      ["can(var.tags.env)", true],
      ["can(var.pending)", PENDING],
      ["can([1, local.broken])", false],
      ["can({ a = aws_s3_bucket.logs.arn })", ARN],
      ["can(1, 2)", invalid("can() takes one argument, not 2")],
    ]));

  describe("function calls and accessors: what is called, and ASTs the parser does not give", () => {
    it("passes the evaluated arguments and the call's position", async () => {
      const seen: [string, Value[], number][] = [];
      const expr = await parseHclExpression('  join("-", [var.name, 1])', "main.tf", { line: 1, column: 1 });
      evaluate(expr, scope, (name, args, at) => (seen.push([name, args, at.column]), "joined"));
      assert.deepEqual(seen, [["join", ["-", ["logs", 1]], 3]]);
    });

    it("does not call the library for an argument Terraform rejects", async () => {
      await run("args(1, var.tags.missing)");
      assert.deepEqual(calls, []);
    });

    it("evaluates try's arguments lazily: none after the first that succeeds", async () => {
      assertValue(await run('try("x", args(1))'), "x");
      assert.deepEqual(calls, []);
      assertValue(await run("try(var.tags.missing, args(1), args(2))"), [1]);
      assert.deepEqual(calls, ["args"]);
    });

    it("reads the legacy index `list.0` as an attribute name too (as the JSON syntax may give it)", () => {
      const at = { file: "main.tf", line: 1, column: 1 };
      const list: Expr = { kind: "getattr", object: { kind: "variable", name: "var", span: at }, name: "list", span: at };
      assertValue(evaluate({ kind: "getattr", object: list, name: "1", span: at }, scope), "b");
      assertValue(evaluate({ kind: "getattr", object: list, name: "2", span: at }, scope), invalid("index 2 is out of range for var.list"));
    });

    it("calls Terraform's built-in functions (functions.ts) when no library is given", async () => {
      assert.equal(await run('jsonencode({ b = 1, a = "x" })', "none"), '{"a":"x","b":1}');
      assertValue(await run("no_such_function(1)", "none"), new Made("undecided", "function no_such_function() is not evaluated by cloudtrail-lint", 1));
    });
  });
});
