// Terraform plan mapping: what is read at all. A format_version this reader knows (0.x, 1.x), a
// plan rather than a state, and the shape of schemas/terraform-plan.schema.json; bad input is an
// InputError naming file, line and JSON path.
import { InputError } from "../../util/errors.js";
import type { Dict } from "../../util/records.js";
import { describeErrors, schemaValidator } from "../../util/schemas.js";
import type { PositionTable } from "../cloudformation/document.js";

const SUPPORTED_MAJOR = new Set([0, 1]);

/** Checks the plan; returns its format_version. */
export function validatePlan(plan: Dict, positions: PositionTable, file: string): string {
  const version = typeof plan.format_version === "string" ? plan.format_version : String(plan.format_version);
  const major = /^(\d+)\.\d+/.exec(version);
  if (!major || !SUPPORTED_MAJOR.has(Number(major[1]))) {
    throw new InputError(
      `${file}: Terraform JSON format_version ${JSON.stringify(version)} is not supported (cloudtrail-lint reads format 1.x, written by Terraform 1.x)`,
      file,
      "/format_version",
    );
  }
  if (!("planned_values" in plan) && "values" in plan) {
    throw new InputError(
      `${file}: a Terraform state, not a plan; give the plan: terraform plan -out=plan.out && terraform show -json plan.out > plan.json`,
      file,
    );
  }
  const validate = schemaValidator("terraform-plan.schema.json");
  if (!validate(plan)) {
    const first = validate.errors?.[0];
    const path = (first?.instancePath ?? "")
      .split("/")
      .slice(1)
      .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
    const pos = positions.along(plan, path);
    const where = { startLine: pos?.line ?? 1, startColumn: pos?.column ?? 1 };
    const lines = describeErrors(validate.errors).slice(0, 10);
    throw new InputError(
      `${file}:${where.startLine}:${where.startColumn}: not a valid Terraform plan:\n${lines.map((l) => `  at ${l}`).join("\n")}`,
      file,
      first?.instancePath || "/",
    );
  }
  return version;
}
