// CloudFormation mapping: the template's top-level shape, against schemas/cloudformation.schema.json,
// before anything is mapped; bad input is an InputError naming file, line and JSON path.
import { InputError } from "../../util/errors.js";
import { describeErrors, schemaValidator } from "../../util/schemas.js";
import type { ParsedSource } from "./document.js";

/** Top-level shape against schemas/cloudformation.schema.json; errors name file, line and path. */
export function validateTemplate(template: unknown, source: ParsedSource, file: string): void {
  const validate = schemaValidator("cloudformation.schema.json");
  if (validate(template)) return;
  const first = validate.errors?.[0];
  const path = (first?.instancePath ?? "")
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  const pos = source.positions.along(template, path);
  const where = { startLine: pos?.line ?? 1, startColumn: pos?.column ?? 1 };
  const lines = describeErrors(validate.errors).slice(0, 10);
  throw new InputError(
    `${file}:${where.startLine}:${where.startColumn}: not a valid CloudFormation template:\n${lines.map((l) => `  at ${l}`).join("\n")}`,
    file,
    first?.instancePath || "/",
  );
}
