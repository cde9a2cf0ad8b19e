// The registry and the conventions every check module keeps: each module in src/checks/ is
// registered once, one line each, sorted; its id is its file name, its metadata is complete and its
// params schema compiles with defaults, every FAIL message has a fix, and it has a documentation
// page docs/checks/<id>.md with every section (linked as meta.docsUrl, SARIF helpUri).
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { checks } from "../../src/checks/index.js";
import { docsUrl } from "../../src/checks/lib/docs.js";
import { SEVERITIES } from "../../src/engine/check.js";
import { resolveParams } from "../../src/engine/run.js";
import { ENGINE_PLACEHOLDERS, IAC_MEDIA, placeholdersOf } from "../../src/engine/iac-fix.js";
import type { Remediation } from "../../src/engine/check.js";
import { checkProblems } from "../../src/plugins/validate.js";

const DIR = new URL("../../src/checks/", import.meta.url);
const modules = readdirSync(DIR)
  .filter((f) => f.endsWith(".ts") && f !== "index.ts")
  .map((f) => f.replace(/\.ts$/, ""))
  .sort();
const DOCS = new URL("../../docs/checks/", import.meta.url);

/**
 * Fixes that need no template or Terraform change because their FAIL cannot occur on a file: it
 * rests on runtime facts the IaC sources never produce (delivery errors and times, key states).
 */
const LIVE_ONLY: Record<string, string[]> = {
  "cloudwatch-logs-integration": ["stale", "deliveryError", "neverDelivered"],
  "log-file-validation": ["digestError"],
  "trail-kms-encryption": ["keyPendingDeletion"],
  // Its general fix is never the one shown: every FAIL it has comes with its own. The template
  // problems (CloudFormation only) carry the file's own fix in their text ({{fix}}: rename the
  // property, give the value its type, wrap the reference in Fn::Sub), so there is no other medium.
  "iac-invalid-trail-config": ["remediation", "unknownProperty", "wrongType", "requiredProperty", "valueNotAllowed", "unsubstitutedReference"],
};

/** The sections of a check's page, in order (see README, "Adding a check"). */
const SECTIONS = ["AWS semantics and edge cases", "How each status arises", "Fix", "Frameworks", "Params"] as const;

/** `# title` and the `## name` sections of a Markdown page, outside fenced code. */
function parsePage(text: string): { title: string | undefined; intro: string; sections: Map<string, string>; order: string[] } {
  const lines = text.split("\n");
  let fenced = false;
  let title: string | undefined;
  let current: string | undefined;
  const intro: string[] = [];
  const sections = new Map<string, string>();
  const order: string[] = [];
  for (const line of lines) {
    if (/^(```|~~~)/.test(line)) fenced = !fenced;
    if (!fenced && title === undefined && /^# /.test(line)) {
      title = line.slice(2).trim();
      continue;
    }
    if (!fenced && /^## /.test(line)) {
      current = line.slice(3).trim();
      order.push(current);
      sections.set(current, "");
      continue;
    }
    if (current === undefined) intro.push(line);
    else sections.set(current, `${sections.get(current)}${line}\n`);
  }
  return { title, intro: intro.join("\n").trim(), sections, order };
}

describe("check registry", () => {
  it("registers every check module exactly once, id = file name", () => {
    assert.deepEqual(checks.map((c) => c.meta.id).sort(), modules);
  });

  it("lists one check a line, sorted by id, after one import line a check sorted by file name", () => {
    assert.deepEqual(checks.map((c) => c.meta.id), modules);
    const source = readFileSync(new URL("index.ts", DIR), "utf8");
    const imports = [...source.matchAll(/^import \{ check as (\w+) \} from "\.\/([a-z0-9-]+)\.js";$/gm)];
    assert.deepEqual(imports.map((m) => m[2]), modules, "one import line per check, sorted by file name");
    const list = /^export const checks: readonly AnyCheck\[\] = \[\n((?: {2}\w+,\n)*)\];$/m.exec(source);
    assert.ok(list, "the exported array has one entry a line");
    assert.deepEqual(list[1]!.trim().split(/,\s*/).filter(Boolean), imports.map((m) => m[1]));
  });

  it("has a page in docs/checks/ for every check and none for a check that is not registered", () => {
    const pages = readdirSync(DOCS).filter((f) => f.endsWith(".md")).map((f) => f.replace(/\.md$/, "")).sort();
    assert.deepEqual(pages, modules);
  });

  for (const check of checks) {
    describe(check.meta.id, () => {
      const { meta } = check;

      it("has complete metadata", () => {
        assert.match(meta.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
        assert.ok(SEVERITIES.includes(meta.severity));
        for (const field of ["title", "rationale"] as const) assert.ok(meta[field].length > 20, `${field} is too short`);
        assert.ok(meta.reads.length > 0, "declares the reads its verdict depends on");
        assert.ok(meta.remediation.text.length > 0);
        for (const [framework, ids] of Object.entries(meta.frameworks)) assert.ok(ids.length > 0, `${framework} lists no control`);
      });

      it("keeps the metadata rules plugins' checks are held to (src/plugins/validate.ts)", () => {
        assert.deepEqual(checkProblems(check), []);
      });

      it("has a params schema that fills its defaults and rejects unknown params", () => {
        assert.equal((meta.params as { additionalProperties?: unknown }).additionalProperties, false);
        const defaults = resolveParams(check, {});
        assert.equal(typeof defaults, "object");
        assert.throws(() => resolveParams(check, { notAParam: 1 }), { name: "InputError" });
      });

      it("links its page docs/checks/<id>.md, which has every section", () => {
        assert.equal(meta.docsUrl, docsUrl(meta.id));
        const file = new URL(`${meta.id}.md`, DOCS);
        assert.ok(existsSync(file), `no page docs/checks/${meta.id}.md`);
        const page = parsePage(readFileSync(file, "utf8"));
        assert.equal(page.title, meta.id, "the page starts with # <id>");
        assert.ok(page.intro.length > 80, "a paragraph of what it asserts and why follows the title");
        assert.deepEqual(page.order, [...SECTIONS], `sections, in this order: ${SECTIONS.join(", ")}`);
        for (const name of SECTIONS) assert.ok(page.sections.get(name)!.trim().length > 0, `section ${name} is empty`);

        const statuses = page.sections.get("How each status arises")!;
        for (const status of ["PASS", "FAIL", "ERROR", "NOT_APPLICABLE"]) assert.ok(statuses.includes(status), `How each status arises: no ${status}`);
        for (const id of Object.keys(meta.messages)) assert.ok(statuses.includes(`\`${id}\``), `How each status arises: messageId \`${id}\` is not explained`);

        const fix = page.sections.get("Fix")!;
        const commands = [...(meta.remediation.cli ?? []), ...Object.values(meta.fixes ?? {}).flatMap((f) => f!.cli ?? [])];
        // A command that is a placeholder as a whole ({{policyCommand}}) is built by the check: the page names what it builds.
        for (const command of new Set(commands.filter((c) => !c.startsWith("{{")).map((c) => c.split(" ").slice(0, 3).join(" ")))) {
          assert.ok(fix.includes(command), `Fix: the command ${command} it prints is not shown`);
        }

        const frameworks = page.sections.get("Frameworks")!;
        for (const [framework, ids] of Object.entries(meta.frameworks)) {
          assert.ok(frameworks.includes(framework), `Frameworks: ${framework} is not named`);
          for (const id of ids) assert.ok(frameworks.includes(id), `Frameworks: ${framework} ${id} is not named`);
        }

        const params = page.sections.get("Params")!;
        const names = Object.keys((meta.params as { properties?: Record<string, unknown> }).properties ?? {});
        if (names.length === 0) assert.match(params.trim(), /^None\b/, "Params: None, for a check without params");
        else {
          const snippet = /```yaml\n([\s\S]*?)```/.exec(params);
          assert.ok(snippet, "Params: an example .cloudtrail-lint.yml snippet");
          assert.ok(snippet[1]!.includes(`${meta.id}:`), "Params: the snippet configures this check");
          for (const name of names) {
            assert.ok(params.includes(`\`${name}\``), `Params: ${name} is not described`);
            assert.ok(snippet[1]!.includes(name), `Params: the snippet does not show ${name}`);
          }
        }
      });

      it("has a fix in the file's own medium for every FAIL that can occur on a template or plan", () => {
        const onIac = meta.appliesTo === undefined || meta.appliesTo.some((t) => t === "cloudformation" || t === "terraform");
        const entries: [string, Remediation][] = [["remediation", meta.remediation], ...Object.entries(meta.fixes ?? {}).map(([k, v]) => [k, v!] as [string, Remediation])];
        for (const [id, fix] of entries) {
          const exempt = (LIVE_ONLY[meta.id] ?? []).includes(id);
          for (const medium of IAC_MEDIA) {
            if (!onIac || exempt) continue;
            assert.ok(fix[medium], `${id}: no ${medium} fix`);
          }
          // Every placeholder the file's fix uses is one the live fix (or the message) of the same result fills.
          const live = new Set([...placeholdersOf(fix.text), ...placeholdersOf(fix.cli ?? []), ...(id === "remediation" ? [] : placeholdersOf(meta.messages[id]))]);
          for (const medium of IAC_MEDIA) {
            const own = fix[medium];
            if (own === undefined) continue;
            for (const name of placeholdersOf(own)) {
              assert.ok(live.has(name) || ENGINE_PLACEHOLDERS.has(name), `${id}.${medium}: placeholder {{${name}}} is not in the live fix or message`);
            }
          }
        }
      });

      it("words for files only messages it defines, with the placeholders of the live wording", () => {
        for (const [id, template] of Object.entries(meta.iacMessages ?? {})) {
          assert.ok(id in meta.messages, `iacMessages.${id}: no such message`);
          const live = placeholdersOf(meta.messages[id]);
          for (const name of placeholdersOf(template)) assert.ok(live.has(name), `iacMessages.${id}: {{${name}}} is not in the live message`);
        }
      });

      it("has fixes only for messageIds it defines, each with a text", () => {
        for (const [id, fix] of Object.entries(meta.fixes ?? {})) {
          assert.ok(id in meta.messages, `fix for unknown messageId ${id}`);
          assert.ok(fix!.text.length > 0, `fix ${id} has no text`);
        }
      });
    });
  }
});
