// The plugin loader: what a spec resolves to (paths, directories, packages in node_modules from the
// current directory upwards), the plugin's name and namespaced ids, and the exact message for each
// way a plugin can be bad.
import assert from "node:assert/strict";
import { join } from "node:path";
import { checks as builtins } from "../../src/checks/index.js";
import { loadPlugins, nameFromPackage, type PluginSpec } from "../../src/plugins/load.js";
import { checkProblems } from "../../src/plugins/validate.js";
import { put, tempDir } from "../cli/helpers.js";
import { checkSource, pluginFile, pluginSource } from "./helpers.js";

const flag = (spec: string, base: string): PluginSpec => ({ spec, base, from: "--plugin" });

async function loadError(dir: string, spec: string, cwd = dir): Promise<string> {
  try {
    await loadPlugins([flag(spec, dir)], builtins, cwd);
  } catch (error) {
    assert.equal((error as Error).name, "InputError");
    return (error as Error).message;
  }
  assert.fail(`plugin ${spec} loaded`);
}

describe("plugin loader", () => {
  describe("names", () => {
    it("a package's name gives the namespace without the cloudtrail-lint-plugin prefix", () => {
      assert.equal(nameFromPackage("cloudtrail-lint-plugin-acme"), "acme");
      assert.equal(nameFromPackage("@acme/cloudtrail-lint-plugin"), "acme");
      assert.equal(nameFromPackage("@acme/cloudtrail-lint-plugin-iam"), "iam");
      assert.equal(nameFromPackage("@acme/trail-rules"), "trail-rules");
      assert.equal(nameFromPackage("trail-rules"), "trail-rules");
    });
  });

  describe("resolution", () => {
    it("a file path, relative to its base: named after the file, ids namespaced", async () => {
      const dir = tempDir();
      pluginFile(dir, "rules/acme-rules.mjs", pluginSource(undefined, checkSource("one"), checkSource("two")));
      const [plugin] = await loadPlugins([flag("./rules/acme-rules.mjs", dir)], builtins, "/");
      assert.equal(plugin!.name, "acme-rules");
      assert.equal(plugin!.version, undefined);
      assert.deepEqual(plugin!.checks.map((c) => c.meta.id), ["acme-rules/one", "acme-rules/two"]);
      assert.deepEqual(plugin!.checks[0]!.plugin, { name: "acme-rules" });
    });

    it("index.js is named after its directory; meta.name wins over any file name", async () => {
      const dir = tempDir();
      pluginFile(dir, "team-checks/index.js", pluginSource(undefined, checkSource("one")));
      pluginFile(dir, "other/index.js", pluginSource("chosen", checkSource("one")));
      const plugins = await loadPlugins([flag("./team-checks", dir), flag("./other/index.js", dir)], builtins, dir);
      assert.deepEqual(plugins.map((p) => [p.name, p.version, p.checks[0]!.meta.id]), [
        ["team-checks", undefined, "team-checks/one"],
        ["chosen", "0.0.1", "chosen/one"],
      ]);
    });

    it("a package name is looked up in node_modules from the current directory upwards, through its exports", async () => {
      const dir = tempDir();
      put(dir, "node_modules/@acme/cloudtrail-lint-plugin/package.json", { name: "@acme/cloudtrail-lint-plugin", type: "module", exports: { ".": { types: "./x.d.ts", import: "./lib/main.js" } } });
      pluginFile(dir, "node_modules/@acme/cloudtrail-lint-plugin/lib/main.js", pluginSource(undefined, checkSource("owner")));
      put(dir, "node_modules/cloudtrail-lint-plugin-old/package.json", { name: "cloudtrail-lint-plugin-old", main: "main.mjs" });
      pluginFile(dir, "node_modules/cloudtrail-lint-plugin-old/main.mjs", pluginSource(undefined, checkSource("owner")));
      const cwd = join(dir, "deep", "below");
      put(cwd, "keep", "");
      const plugins = await loadPlugins([flag("@acme/cloudtrail-lint-plugin", cwd), flag("cloudtrail-lint-plugin-old", cwd)], builtins, cwd);
      assert.deepEqual(plugins.map((p) => [p.name, p.file.slice(dir.length)]), [
        ["acme", "/node_modules/@acme/cloudtrail-lint-plugin/lib/main.js"],
        ["old", "/node_modules/cloudtrail-lint-plugin-old/main.mjs"],
      ]);
    });

    it("the same module named twice (config and --plugin) loads once", async () => {
      const dir = tempDir();
      pluginFile(dir, "p.mjs", pluginSource("p", checkSource("one")));
      const plugins = await loadPlugins([{ spec: "./p.mjs", base: dir, from: "c.yml:2:5" }, flag(join(dir, "p.mjs"), "/")], builtins, dir);
      assert.deepEqual(plugins.map((p) => p.name), ["p"]);
    });

    it("a plugin check's run keeps its `this` (a check written as a class instance)", async () => {
      const dir = tempDir();
      const meta = checkSource("klass").replace(/^\{ meta: /, "").replace(/, run\(snapshot, params\).*$/s, "");
      put(dir, "class.mjs", `class C { constructor() { this.meta = ${meta}; this.status = "PASS"; } run(s) { return s.accounts.map((a) => ({ status: this.status, messageId: "ok", accountId: a.Id, data: { account: a.Id } })); } }\nexport default { checks: [new C()] };\n`);
      const [plugin] = await loadPlugins([flag("./class.mjs", dir)], builtins, dir);
      const results = plugin!.checks[0]!.run({ schemaVersion: 1, collectedAt: "2026-01-01T00:00:00Z", partition: "aws", organization: null, accounts: [{ Id: "111122223333" }] }, {});
      assert.deepEqual(results.map((r) => r.status), ["PASS"]);
    });
  });

  describe("bad plugins: InputError naming the plugin and the problem", () => {
    it("no such file", async () => {
      const dir = tempDir();
      assert.equal(await loadError(dir, "./nope.mjs"), `plugin ./nope.mjs (--plugin): no such file or directory: ${join(dir, "nope.mjs")}`);
    });

    it("a package that is not installed", async () => {
      const dir = tempDir();
      assert.equal(
        await loadError(dir, "cloudtrail-lint-plugin-missing"),
        `plugin cloudtrail-lint-plugin-missing (--plugin): cannot find package "cloudtrail-lint-plugin-missing" in node_modules of ${dir} or a parent directory (install it, or give a path: ./cloudtrail-lint-plugin-missing)`,
      );
    });

    it("a directory without package.json or index.js", async () => {
      const dir = tempDir();
      put(dir, "empty/README.md", "");
      assert.equal(await loadError(dir, "./empty"), `plugin ./empty (--plugin): ${join(dir, "empty")} is a directory without package.json or index.js`);
    });

    it("a module that throws when imported", async () => {
      const dir = tempDir();
      put(dir, "boom.mjs", 'throw new Error("boom at import");\n');
      assert.equal(await loadError(dir, "./boom.mjs"), "plugin ./boom.mjs (--plugin): cannot be loaded from boom.mjs: boom at import");
    });

    it("a module that does not parse", async () => {
      const dir = tempDir();
      put(dir, "syntax.mjs", "export default {\n");
      assert.match(await loadError(dir, "./syntax.mjs"), /^plugin \.\/syntax\.mjs \(--plugin\): cannot be loaded from syntax\.mjs: /);
    });

    it("named exports instead of the default export", async () => {
      const dir = tempDir();
      put(dir, "named.mjs", `export const name = "x";\nexport const checks = [${checkSource("one")}];\n`);
      assert.equal(
        await loadError(dir, "./named.mjs"),
        "plugin ./named.mjs (--plugin): has no default export (it exports checks, name); a plugin exports one object: export default { meta: { name }, checks: [...] }",
      );
    });

    it("ESLint's `rules` instead of `checks`", async () => {
      const dir = tempDir();
      pluginFile(dir, "eslint-like.mjs", `{ rules: {} }`);
      assert.equal(
        await loadError(dir, "./eslint-like.mjs"),
        'plugin ./eslint-like.mjs (--plugin): its default export has unknown property "rules" (a plugin exports export default { meta: { name }, checks: [...] })',
      );
    });

    it("no checks", async () => {
      const dir = tempDir();
      pluginFile(dir, "none.mjs", pluginSource("none"));
      assert.equal(await loadError(dir, "./none.mjs"), "plugin ./none.mjs (--plugin): checks must be a non-empty list of check modules (got [])");
    });

    it("a check with bad metadata: every problem listed", async () => {
      const dir = tempDir();
      const bad = checkSource("Bad_Id", {
        severity: "urgent",
        title: "Short",
        reads: [],
        remediation: { text: "" },
        fixes: { gone: { text: "x" } },
        frameworks: { securityhub: [] },
        params: { type: "object", properties: {} },
      });
      pluginFile(dir, "bad.mjs", pluginSource("acme", bad));
      assert.equal(
        await loadError(dir, "./bad.mjs"),
        [
          'plugin ./bad.mjs (--plugin): check "Bad_Id" (checks[0]) has invalid metadata:',
          '  meta.id: must be kebab-case, like "trail-owner-tag" (got "Bad_Id")',
          '  meta.title: must be a sentence of at least 21 characters (got "Short")',
          "  meta.severity: must be one of critical, high, medium, low, info (got \"urgent\")",
          '  meta.reads: must list the API calls the verdict depends on, e.g. [{ service: "cloudtrail", operation: "DescribeTrails" }] (got [])',
          "  meta.remediation.text: must be a non-empty string",
          '  meta.fixes.gone: there is no message "gone" in meta.messages',
          "  meta.frameworks.securityhub: must be a non-empty list of control ids",
          "  meta.params.additionalProperties: must be false, so that a misspelt param is an error (got nothing)",
        ].join("\n"),
      );
    });

    it("a params schema that does not compile, and defaults that do not satisfy it", async () => {
      const dir = tempDir();
      pluginFile(dir, "schema.mjs", pluginSource("acme", checkSource("one", { params: { type: "object", properties: { n: { type: "nonsense" } }, additionalProperties: false } })));
      assert.equal(
        await loadError(dir, "./schema.mjs"),
        'plugin ./schema.mjs (--plugin): check "one" (checks[0]) has invalid metadata:\n' +
          "  meta.params: not a valid JSON Schema: schema is invalid: data/properties/n/type must be equal to one of the allowed values, " +
          "data/properties/n/type must be array, data/properties/n/type must match a schema in anyOf",
      );
      pluginFile(dir, "defaults.mjs", pluginSource("acme", checkSource("one", { params: { type: "object", properties: { n: { type: "integer", default: "x" } }, additionalProperties: false } })));
      assert.equal(
        await loadError(dir, "./defaults.mjs"),
        'plugin ./defaults.mjs (--plugin): check "one" (checks[0]) has invalid metadata:\n  meta.params: the defaults do not satisfy the schema: at /n: must be integer',
      );
    });

    it("no run function", async () => {
      const dir = tempDir();
      pluginFile(dir, "norun.mjs", `{ checks: [{ meta: ${checkSource("one").replace(/^\{ meta: /, "").replace(/, run\(snapshot, params\).*$/s, "")} }] }`);
      assert.equal(await loadError(dir, "./norun.mjs"), 'plugin ./norun.mjs (--plugin): check "one" (checks[0]) has invalid metadata:\n  run: must be a function (snapshot, params) => results (got nothing)');
    });

    it("an id that already carries the plugin name", async () => {
      const dir = tempDir();
      pluginFile(dir, "prefixed.mjs", pluginSource("acme", checkSource("acme/one")));
      assert.equal(
        await loadError(dir, "./prefixed.mjs"),
        'plugin ./prefixed.mjs (--plugin): check "acme/one" (checks[0]): meta.id must not include the plugin name: write "one", it is namespaced as "acme/one"',
      );
    });

    it("two checks with one id", async () => {
      const dir = tempDir();
      pluginFile(dir, "twice.mjs", pluginSource("acme", checkSource("one"), checkSource("one")));
      assert.equal(await loadError(dir, "./twice.mjs"), 'plugin ./twice.mjs (--plugin): check "one" (checks[1]): another of its checks has the id "one"');
    });

    it("a name that is not kebab-case, from meta.name or from the file", async () => {
      const dir = tempDir();
      pluginFile(dir, "upper.mjs", pluginSource("Acme", checkSource("one")));
      assert.equal(await loadError(dir, "./upper.mjs"), 'plugin ./upper.mjs (--plugin): meta.name must be kebab-case, like "acme" (got "Acme")');
      pluginFile(dir, "My_Rules.mjs", pluginSource(undefined, checkSource("one")));
      assert.equal(
        await loadError(dir, "./My_Rules.mjs"),
        'plugin ./My_Rules.mjs (--plugin): its name would be "My_Rules" (from the file or package name), which is not kebab-case; set meta.name',
      );
    });

    it("cannot shadow the built-in checks: not named cloudtrail-lint, nor like a built-in check", async () => {
      const dir = tempDir();
      pluginFile(dir, "reserved.mjs", pluginSource("cloudtrail-lint", checkSource("multi-region-trail")));
      assert.equal(await loadError(dir, "./reserved.mjs"), 'plugin ./reserved.mjs (--plugin): the name "cloudtrail-lint" is reserved for the built-in checks; set another meta.name');
      pluginFile(dir, "builtin.mjs", pluginSource("multi-region-trail", checkSource("strict")));
      assert.equal(await loadError(dir, "./builtin.mjs"), 'plugin ./builtin.mjs (--plugin): its name "multi-region-trail" is the id of a built-in check; set another meta.name');
    });

    it("two plugins with one name", async () => {
      const dir = tempDir();
      pluginFile(dir, "a.mjs", pluginSource("acme", checkSource("one")));
      pluginFile(dir, "b.mjs", pluginSource("acme", checkSource("two")));
      await assert.rejects(loadPlugins([{ spec: "./a.mjs", base: dir, from: "c.yml:2:5" }, flag("./b.mjs", dir)], builtins, dir), {
        name: "InputError",
        message: 'plugin ./b.mjs (--plugin): its name "acme" is taken by plugin ./a.mjs (c.yml:2:5); set another meta.name in one of them',
      });
    });
  });
});

describe("metadata rules", () => {
  it("accept the built-in checks (test/checks/registry.test.ts holds them to the same)", () => {
    for (const check of builtins) assert.deepEqual(checkProblems(check), [], check.meta.id);
  });

  it("refuse what is not a check module", () => {
    assert.deepEqual(checkProblems(null), ["must be an object { meta, run } (got null)"]);
    assert.deepEqual(checkProblems({ run() {} }), ["meta: must be an object (got nothing)"]);
  });
});
