// The .tf parser (src/sources/hcl/parse.ts over tree-sitter's HCL grammar, and json-syntax.ts):
// the syntax tree of blocks, attributes and expressions with their positions, template text
// (escapes, heredocs, strip markers), the comments above a block, and bad syntax as InputError at
// file:line:column.
import assert from "node:assert/strict";
import type { Expr, TemplatePart } from "../../../src/sources/hcl/ast.js";
import { parseJsonConfig } from "../../../src/sources/hcl/json-syntax.js";
import { parseHclExpression, parseHclFile } from "../../../src/sources/hcl/parse.js";
import { isInputError } from "../../../src/util/errors.js";

/** An expression as short text: the shape of the tree, for exact comparison. */
function show(e: Expr): string {
  switch (e.kind) {
    case "literal":
      return JSON.stringify(e.value);
    case "template":
      return `tpl(${e.parts.map(part).join(", ")})`;
    case "tuple":
      return `[${e.items.map(show).join(", ")}]`;
    case "object":
      return `{${e.items.map((i) => `${show(i.key)}: ${show(i.value)}`).join(", ")}}`;
    case "variable":
      return e.name;
    case "getattr":
      return `${show(e.object)}.${e.name}`;
    case "index":
      return `${show(e.object)}[${show(e.key)}]`;
    case "splat":
      return `${show(e.object)}[*]${e.each.map((a) => (a.kind === "getattr" ? `.${a.name}` : `[${show(a.key)}]`)).join("")}`;
    case "call":
      return `${e.name}(${e.args.map(show).join(", ")}${e.expandFinal ? "..." : ""})`;
    case "conditional":
      return `(${show(e.cond)} ? ${show(e.then)} : ${show(e.else)})`;
    case "binary":
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case "unary":
      return `${e.op}${show(e.operand)}`;
    case "for":
      return `for(${e.keyVar ? `${e.keyVar}, ` : ""}${e.valueVar} in ${show(e.collection)}: ${e.key ? `${show(e.key)} => ` : ""}${show(e.value)}${e.group ? "..." : ""}${e.cond ? ` if ${show(e.cond)}` : ""})`;
  }
}

function part(p: TemplatePart): string {
  switch (p.kind) {
    case "text":
      return JSON.stringify(p.text);
    case "interp":
      return `\${${show(p.expr)}}`;
    case "if":
      return `%if(${show(p.cond)}; ${p.then.map(part).join(" ")}; ${p.else.map(part).join(" ")})`;
    case "for":
      return `%for(${p.valueVar} in ${show(p.collection)}; ${p.body.map(part).join(" ")})`;
  }
}

describe("HCL parser", () => {
  describe("expressions", () => {
    const rows: [string, string][] = [
      ['"plain"', '"plain"'],
      ['"tab\\there \\"q\\" \\u00e9"', '"tab\\there \\"q\\" é"'],
      ['"a${var.x}b"', 'tpl("a", ${var.x}, "b")'],
      ['"$${literal} %%{also}"', '"${literal} %{also}"'],
      ['"${x}"', "tpl(${x})"],
      ['"%{ if a ~}  yes  %{~ else }no%{ endif }"', 'tpl(%if(a; "yes"; "no"))'],
      ['"%{ for s in l }${s},%{ endfor }"', 'tpl(%for(s in l; ${s} ","))'],
      ["1 + 2 * 3", "(1 + (2 * 3))"],
      ["(1 + 2) * -x", "((1 + 2) * -x)"],
      ["!a || b && c", "(!a || (b && c))"],
      ["a == b ? c : d", "((a == b) ? c : d)"],
      ["aws_s3_bucket.logs[0].arn", 'aws_s3_bucket.logs[0].arn'],
      ['aws_s3_bucket.logs["k"].id', 'aws_s3_bucket.logs["k"].id'],
      ["x.0", "x[0]"],
      ["l[*].name", "l[*].name"],
      ["l.*.name", "l[*].name"],
      ["[1, true, null]", "[1, true, null]"],
      ['{ a = 1, "b" = 2, (local.k) = 3 }', '{a: 1, "b": 2, local.k: 3}'],
      ["format(\"%s-%s\", a, b)", 'format("%s-%s", a, b)'],
      ["concat(l...)", "concat(l...)"],
      ["[for k, v in m : upper(v) if k != \"a\"]", 'for(k, v in m: upper(v) if (k != "a"))'],
      ["{for s in l : s => 1...}", "for(s in l: s => 1...)"],
    ];
    for (const [text, expected] of rows) {
      it(text, async () => assert.equal(show(await parseHclExpression(text, "t.tf", { line: 1, column: 1 })), expected));
    }
  });

  it("heredocs: <<EOT keeps the text, <<-EOT removes the smallest indentation", async () => {
    const file = await parseHclFile('a = <<EOT\n  x ${y} z\nEOT\nb = <<-EOT\n    one\n      two ${t}\n    EOT\n', "h.tf");
    const [a, b] = file.body.attributes;
    assert.equal(show(a!.expr), 'tpl("  x ", ${y}, " z\\n")');
    assert.equal(show(b!.expr), 'tpl("one\\n  two ", ${t}, "\\n")');
  });

  it("blocks, labels, attributes and positions; the comments directly above a block", async () => {
    const text = [
      "# not about the bucket",
      "",
      "# cloudtrail-lint:ignore log-bucket-object-lock logs are copied to the archive account",
      '// second line',
      'resource "aws_s3_bucket" "logs" { # same line',
      '  bucket = "logs"',
      "  versioning {",
      "    enabled = true",
      "  }",
      "}",
      "",
    ].join("\n");
    const file = await parseHclFile(text, "main.tf");
    const block = file.body.blocks[0]!;
    assert.deepEqual([block.type, block.labels, block.span], ["resource", ["aws_s3_bucket", "logs"], { file: "main.tf", line: 5, column: 1 }]);
    assert.deepEqual(
      block.leadingComments.map((c) => [c.text, c.span.line]),
      [
        ["cloudtrail-lint:ignore log-bucket-object-lock logs are copied to the archive account", 3],
        ["second line", 4],
        ["same line", 5],
      ],
    );
    assert.deepEqual(block.body.attributes.map((a) => [a.name, a.span.line, a.span.column]), [["bucket", 6, 3]]);
    const nested = block.body.blocks[0]!;
    assert.deepEqual([nested.type, nested.span.line, nested.body.attributes[0]!.expr], ["versioning", 7, { kind: "literal", value: true, span: { file: "main.tf", line: 8, column: 15 } }]);
  });

  describe("bad syntax is InputError at file:line:column", () => {
    const rows: [string, RegExp][] = [
      ['resource "aws_s3_bucket" "x" {\n  bucket = "a"\n', /^main\.tf:3:1: HCL syntax error: missing "}"$/],
      ['resource "aws_s3_bucket" "x" {\n  bucket = \n}\n', /^main\.tf:2:3: HCL syntax error: unexpected "bucket ="$/],
      ['a = 1\na = 2\n', /^main\.tf:2:1: attribute "a" is already defined at line 1$/],
      ['a = "\\q"\n', /^main\.tf:1:6: HCL syntax error: unexpected "\\\\"$/],
    ];
    for (const [text, message] of rows) {
      it(JSON.stringify(text), async () => {
        await assert.rejects(parseHclFile(text, "main.tf"), (e: unknown) => isInputError(e) && message.test(e.message) && e.file === "main.tf");
      });
    }
  });

  describe("JSON syntax (.tf.json)", () => {
    it("blocks by their labels, strings as templates, nested blocks by name, a variable default as a literal", async () => {
      const text = JSON.stringify(
        {
          variable: { name: { default: "${not-a-template}" } },
          resource: {
            aws_cloudtrail: {
              main: { name: "${var.name}-trail", s3_bucket_name: "logs", event_selector: { read_write_type: "All" }, tags: { team: "sec" } },
            },
          },
          "//": "a comment",
        },
        null,
        2,
      );
      const file = await parseJsonConfig(text, "main.tf.json");
      const [variable, trail] = file.body.blocks;
      assert.deepEqual([variable!.type, variable!.labels, show(variable!.body.attributes[0]!.expr)], ["variable", ["name"], '"${not-a-template}"']);
      assert.deepEqual([trail!.type, trail!.labels], ["resource", ["aws_cloudtrail", "main"]]);
      assert.deepEqual(
        trail!.body.attributes.map((a) => `${a.name} = ${show(a.expr)} @${a.span.line}`),
        ['name = tpl(${var.name}, "-trail") @10', 's3_bucket_name = "logs" @11', 'tags = {"team": "sec"} @15'],
      );
      assert.deepEqual(trail!.body.blocks.map((b) => [b.type, show(b.body.attributes[0]!.expr)]), [["event_selector", '"All"']]);
    });

    it("bad JSON is InputError at its line", async () => {
      await assert.rejects(parseJsonConfig('{"resource": {\n', "main.tf.json"), (e: unknown) => isInputError(e) && /^main\.tf\.json:2:1: invalid JSON/.test(e.message));
    });
  });
});
