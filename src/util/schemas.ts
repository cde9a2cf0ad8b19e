// ajv set-up shared by every schema the tool validates against (draft 2020-12 + formats).
import { readFileSync } from "node:fs";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { InputError } from "./errors.js";
import { schemaPath } from "./paths.js";

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export function newAjv(options: { useDefaults?: boolean } = {}): Ajv2020 {
  // verbose: errors carry their schema, so describeErrors can tell the unknown-marker branch apart.
  const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true, useDefaults: options.useDefaults ?? false });
  addFormats(ajv);
  return ajv;
}

const shared = newAjv();
const compiled = new Map<string, ValidateFunction>();

/** A validator for a schema file under schemas/, compiled once. */
export function schemaValidator(file: string): ValidateFunction {
  let validate = compiled.get(file);
  if (!validate) {
    const schema = JSON.parse(readFileSync(schemaPath(file), "utf8")) as object;
    validate = shared.compile(schema);
    compiled.set(file, validate);
  }
  return validate;
}

/** One line per ajv error: `<path>: <message>`, most specific first, deduplicated. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  const lines = new Set<string>();
  const all = errors ?? [];
  // A value that does not match its type also fails the "or an unknown marker" branch beside it
  // (snapshot.schema.json's `anyOf [type, unknown]`): that branch and its anyOf say nothing more
  // when the value's own branch has an error of its own.
  const markerBranch = (e: ErrorObject) => {
    const schema = e.parentSchema as { required?: unknown } | undefined;
    return Array.isArray(schema?.required) && schema.required.includes("$unknown");
  };
  const own = all.filter((e) => !markerBranch(e) && e.keyword !== "anyOf");
  const noise = (e: ErrorObject) => (markerBranch(e) || e.keyword === "anyOf") && own.some((other) => other.instancePath.startsWith(e.instancePath));
  for (const error of all.filter((e) => !noise(e))) {
    const at = error.instancePath === "" ? "/" : error.instancePath;
    let message = error.message ?? "is invalid";
    if (error.keyword === "additionalProperties") {
      message = `has unknown property "${(error.params as { additionalProperty: string }).additionalProperty}"`;
    } else if (error.keyword === "enum") {
      message = `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
    }
    lines.add(`${at}: ${message}`);
  }
  // oneOf/anyOf umbrella errors add noise when a more specific error exists for the same path.
  return [...lines];
}

/** Validates `data` against a schema file and throws an InputError naming `file` and the JSON path. */
export function assertValid<T>(schemaFile: string, data: unknown, file: string): T {
  const validate = schemaValidator(schemaFile);
  if (!validate(data)) {
    const lines = describeErrors(validate.errors);
    const first = validate.errors?.[0]?.instancePath || "/";
    throw new InputError(
      `${file}: does not match ${schemaFile}:\n${lines.slice(0, 20).map((l) => `  at ${l}`).join("\n")}` +
        (lines.length > 20 ? `\n  ... and ${lines.length - 20} more` : ""),
      file,
      first,
    );
  }
  return data as T;
}
