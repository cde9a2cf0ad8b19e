// The functions of a configuration (library.ts): file() and fileexists() read from the root
// module's directory, jsonencode of a value with open parts keeps the JSON's structure (for
// policies with holes), everything else is Terraform's built-in (functions.ts), title() included.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configurationFunctions } from "../../../src/sources/hcl/library.js";
import { parseHclExpression } from "../../../src/sources/hcl/parse.js";
import { Unknown } from "../../../src/sources/hcl/value.js";

const at = { file: "main.tf", line: 4, column: 12 };

describe("the functions of a configuration", () => {
  const root = mkdtempSync(join(tmpdir(), "ctl-lib-"));
  mkdirSync(join(root, "policies"));
  writeFileSync(join(root, "policies", "bucket.json"), '{"Version":"2012-10-17"}\n');
  writeFileSync(join(root, "policies", "bucket.json.tpl"), '{"Resource": [%{ for i, p in prefixes }%{ if i > 0 },%{ endif }"arn:aws:s3:::${bucket}/${p}/*"%{ endfor }]}');
  const fns = configurationFunctions(root);

  it("file() reads relative to the root module directory; a missing file is what Terraform rejects", () => {
    assert.equal(fns("file", ["policies/bucket.json"], at), '{"Version":"2012-10-17"}\n');
    assert.equal(fns("file", ["./policies/../policies/bucket.json"], at), '{"Version":"2012-10-17"}\n');
    const missing = fns("file", ["policies/none.json"], at);
    assert.ok(missing instanceof Unknown);
    assert.deepEqual([missing.reason, missing.message], ["invalid", 'file("policies/none.json"): no such file (relative to the root module directory)']);
    const open = new Unknown("undecided", "var.path has no value", at);
    assert.equal(fns("file", [open], at), open);
  });

  it("fileexists()", () => {
    assert.equal(fns("fileexists", ["policies/bucket.json"], at), true);
    assert.equal(fns("fileexists", ["policies"], at), false);
    assert.equal(fns("fileexists", ["nope"], at), false);
  });

  it("jsonencode with an open value: Unknown with the structure; without one, the string", () => {
    const open = new Unknown("undecided", "var.org_id has no value", at);
    const value = fns("jsonencode", [{ Condition: { StringEquals: { "aws:PrincipalOrgID": open } } }], at);
    assert.ok(value instanceof Unknown);
    assert.deepEqual(value.partial, { Condition: { StringEquals: { "aws:PrincipalOrgID": open } } });
    assert.equal(fns("jsonencode", [{ b: 1, a: "<x>" }], at), '{"a":"\\u003cx\\u003e","b":1}');
  });

  it("title(): Go's strings.Title, as Terraform", () => {
    assert.equal(fns("title", ["hello world-foo_bar x1y"], at), "Hello World-Foo_bar X1y");
  });

  it("templatefile(): the file's template with the given variables only", async () => {
    await parseHclExpression("1"); // the parser is loaded once a .tf file was parsed
    assert.equal(fns("templatefile", ["policies/bucket.json.tpl", { bucket: "logs", prefixes: ["a", "b"] }], at), '{"Resource": ["arn:aws:s3:::logs/a/*","arn:aws:s3:::logs/b/*"]}');
    const open = new Unknown("undecided", "var.bucket has no value", at);
    assert.equal(fns("templatefile", ["policies/bucket.json.tpl", { bucket: open, prefixes: ["a"] }], at), open);
    const missing = fns("templatefile", ["policies/bucket.json.tpl", { prefixes: ["a"] }], at);
    assert.ok(missing instanceof Unknown);
    assert.deepEqual([missing.reason, missing.message], ["invalid", "bucket is not one of the variables templatefile() was given"]);
    assert.equal(missing.at.file.endsWith("bucket.json.tpl"), true);
  });
});
