// Inline suppressions: a resource's `Metadata: cloudtrail-lint: ignore: [{ id, reason }]`
// (schemas/inline-suppression.schema.json), the shape of Checkov's `Metadata: checkov: skip:
// [{ id, comment }]` with the config file's word `reason`. Read here with their positions; whether
// each id names an installed check, and which findings each covers, is the CLI's business
// (src/cli/inline-suppressions.ts), because only the run knows its checks.
// A shape that is wrong (no reason, an empty one, cfn-lint's `ignore_checks`) is bad input naming
// the file, the line and the resource: a suppression that silently did nothing would be worse.
import { InputError } from "../../util/errors.js";
import { isRecord, type Dict } from "../../util/records.js";
import { describeErrors, schemaValidator } from "../../util/schemas.js";
import type { InlineIgnore, Location } from "../iac-types.js";
import type { PositionTable } from "./document.js";

export const METADATA_KEY = "cloudtrail-lint";

/** Spellings other tools use, and what this one calls them. */
const OTHER_SPELLINGS: Readonly<Record<string, string>> = {
  skip: "Checkov's `skip` is spelled `ignore` here",
  ignore_checks: "cfn-lint's `ignore_checks` is spelled `ignore: [{ id, reason }]` here",
  config: "cfn-lint's `config: ignore_checks` is spelled `ignore: [{ id, reason }]` here",
  comment: "Checkov's `comment` is spelled `reason` here",
  check: "the check is named by `id` here",
};

/** Every ignore entry of the template's resources, in file order; throws InputError on a bad shape. */
export function readInlineIgnores(resources: Dict, positions: PositionTable, file: string): InlineIgnore[] {
  const out: InlineIgnore[] = [];
  const where = (pos: { line: number; column: number } | undefined): Location => ({ file, startLine: pos?.line ?? 1, startColumn: pos?.column ?? 1 });
  for (const id of Object.keys(resources)) {
    const raw = resources[id];
    if (!isRecord(raw) || !isRecord(raw.Metadata) || !Object.hasOwn(raw.Metadata, METADATA_KEY)) continue;
    const type = typeof raw.Type === "string" ? raw.Type : "";
    const value = raw.Metadata[METADATA_KEY];
    const fail = (path: readonly (string | number)[], message: string): never => {
      const at = where(positions.along(value, path) ?? positions.key(raw.Metadata, METADATA_KEY));
      const dotted = [`Metadata.${METADATA_KEY}`, ...path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`))].join("").replace(/\.\[/g, "[");
      throw new InputError(`${file}:${at.startLine}:${at.startColumn}: resource ${id}: ${dotted}: ${message}`, file, `/Resources/${id}/Metadata/${METADATA_KEY}`);
    };
    if (isRecord(value)) {
      for (const key of Object.keys(value)) if (OTHER_SPELLINGS[key]) fail([key], `unknown key "${key}": ${OTHER_SPELLINGS[key]}`);
      if (Array.isArray(value.ignore)) {
        value.ignore.forEach((entry, i) => {
          if (!isRecord(entry)) return;
          if (Object.hasOwn(entry, "comment") && !Object.hasOwn(entry, "reason")) fail(["ignore", i, "comment"], `unknown key "comment": ${OTHER_SPELLINGS.comment}`);
          const what = typeof entry.id === "string" ? `ignore of ${entry.id}` : "an ignore";
          if (!Object.hasOwn(entry, "reason")) fail(["ignore", i], `${what} has no reason: say why the finding is accepted (reason: ...)`);
          if (typeof entry.reason === "string" && entry.reason.trim() === "") fail(["ignore", i, "reason"], `${what} has an empty reason: say why the finding is accepted`);
        });
      }
    }
    const validate = schemaValidator("inline-suppression.schema.json");
    if (!validate(value)) {
      const first = validate.errors?.[0];
      const path = (first?.instancePath ?? "").split("/").slice(1).map((t) => (/^\d+$/.test(t) ? Number(t) : t.replace(/~1/g, "/").replace(/~0/g, "~")));
      fail(path, `expected { ignore: [{ id: <check id>, reason: <why> }] } (schemas/inline-suppression.schema.json):\n${describeErrors(validate.errors).slice(0, 5).map((l) => `  at ${l}`).join("\n")}`);
    }
    const entries = (value as { ignore: { id: string; reason: string }[] }).ignore;
    entries.forEach((entry, i) => {
      const pos = positions.key(entry, "id") ?? positions.member(entries, i);
      out.push({ resource: id, type, check: entry.id, reason: entry.reason.trim(), location: where(pos) });
    });
  }
  return out;
}
