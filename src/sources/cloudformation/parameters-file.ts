// CloudFormation parameter values from a file (`iac --parameters-file`), in the JSON forms the AWS
// CLI takes (schemas/cfn-parameters.schema.json):
// - create-stack / update-stack --parameters file://...: [{"ParameterKey": "K", "ParameterValue": "V"}, ...];
//   {"ParameterKey": "K", "UsePreviousValue": true} keeps the stack's current value, which no file
//   says: the parameter is unknown (never its Default).
// - deploy --parameter-overrides file://... (AWS CLI v2, aws/aws-cli#5443): ["K=V", ...], or either of
//   the other two forms.
// - a CodePipeline template configuration file: {"Parameters": {"K": "V"}, "Tags": ..., "StackPolicy": ...}.
// A file that is not valid JSON or not one of these is bad input naming the file, line and JSON path.
import { readFileSync } from "node:fs";
import { describeAt, parseJsonInput } from "../../config/document.js";
import { InputError } from "../../util/errors.js";
import { describeErrors, schemaValidator } from "../../util/schemas.js";
import type { ParameterValue } from "./intrinsics.js";

interface CloudFormationEntry {
  ParameterKey: string;
  ParameterValue?: string;
  UsePreviousValue?: boolean;
}

type ParametersFile = (string | CloudFormationEntry)[] | { Parameters: Record<string, string> };

/** The parameter values of a file's text; `file` names it in messages. Later entries win. */
export function parseParametersFile(text: string, file: string): Record<string, ParameterValue> {
  const doc = parseJsonInput(text, file);
  const validate = schemaValidator("cfn-parameters.schema.json");
  const bad = (pointer: string, lines: string[]) =>
    new InputError(
      `${describeAt(doc, file, pointer)}: not a CloudFormation parameters file (create-stack --parameters, deploy --parameter-overrides or a CodePipeline template configuration):\n` +
        lines.slice(0, 10).map((line) => `  at ${line}`).join("\n"),
      file,
      pointer || "/",
    );
  if (!validate(doc.value)) {
    const errors = validate.errors ?? [];
    // The most specific error first: the deepest path.
    const pointer = [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length)[0]?.instancePath ?? "";
    throw bad(pointer, describeErrors(errors).filter((line) => !/must match "(then|else)" schema/.test(line)));
  }
  if (Array.isArray(doc.value)) {
    (doc.value as unknown[]).forEach((entry, i) => {
      if (typeof entry !== "object" || entry === null) return;
      const { ParameterValue: value, UsePreviousValue: previous } = entry as CloudFormationEntry;
      if (previous === true && value !== undefined) throw bad(`/${i}`, [`/${i}: ParameterValue and UsePreviousValue true together (CloudFormation refuses both)`]);
      if (previous !== true && value === undefined) throw bad(`/${i}`, [`/${i}: needs ParameterValue (or UsePreviousValue: true)`]);
    });
  }
  const data = doc.value as ParametersFile;
  const out: Record<string, ParameterValue> = {};
  if (!Array.isArray(data)) {
    for (const [key, value] of Object.entries(data.Parameters)) out[key] = value;
    return out;
  }
  for (const entry of data) {
    if (typeof entry === "string") {
      const eq = entry.indexOf("=");
      out[entry.slice(0, eq)] = entry.slice(eq + 1);
    } else if (entry.UsePreviousValue === true) {
      out[entry.ParameterKey] = { unknown: `parameter ${entry.ParameterKey} keeps the stack's previous value (UsePreviousValue in ${file})` };
    } else {
      out[entry.ParameterKey] = entry.ParameterValue ?? "";
    }
  }
  return out;
}

/** Reads a parameters file (path relative to cwd; `shown` names it in messages). */
export function readParametersFile(absolute: string, shown: string): Record<string, ParameterValue> {
  let text: string;
  try {
    text = readFileSync(absolute, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : error instanceof Error ? error.message : String(error);
    throw new InputError(`${shown}: cannot read parameters file: ${why}`, shown);
  }
  return parseParametersFile(text, shown);
}
