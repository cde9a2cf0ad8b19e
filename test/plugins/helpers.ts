// Plugin modules written into temporary directories for the loader and CLI tests: plain objects,
// with no import, so that they load from anywhere.
import { join } from "node:path";
import { put } from "../cli/helpers.js";

/** The source of a check module that keeps every metadata rule; `meta` overrides parts of its meta. */
export function checkSource(id: string, meta: Record<string, unknown> = {}, run?: string): string {
  const base = {
    id,
    title: "A plugin check for the loader tests",
    severity: "medium",
    rationale: "Loader tests need a check that keeps every metadata rule.",
    reads: [{ service: "cloudtrail", operation: "DescribeTrails" }],
    messages: { ok: "Account {{account}} is fine.", bad: "Account {{account}} is not fine." },
    remediation: { text: "Make it fine.", cli: ["aws cloudtrail describe-trails --region {{region}}"] },
    frameworks: {},
    params: { type: "object", properties: { level: { type: "integer", default: 1 } }, additionalProperties: false },
    ...meta,
  };
  const body = run ?? `return snapshot.accounts.map((a) => ({ status: "PASS", messageId: "ok", accountId: a.Id, data: { account: a.Id } }));`;
  return `{ meta: ${JSON.stringify(base)}, run(snapshot, params) { ${body} } }`;
}

/** Writes `<dir>/<file>` exporting `export default <exported>`; returns its path. */
export function pluginFile(dir: string, file: string, exported: string): string {
  return put(dir, file, `export default ${exported};\n`);
}

/** A plugin named `name` with the given checks (sources). */
export function pluginSource(name: string | undefined, ...checks: string[]): string {
  return `{ ${name !== undefined ? `meta: { name: ${JSON.stringify(name)}, version: "0.0.1" }, ` : ""}checks: [${checks.join(", ")}] }`;
}

export const ROOT = join(import.meta.dirname, "..", "..");
export const EXAMPLE_PLUGIN = join(ROOT, "examples", "plugins", "trail-owner-tag");
