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

/**
 * The errors without the noise of the unknown marker: a value that does not match its type also
 * fails the "or an unknown marker" branch beside it (snapshot.schema.json's `anyOf [type, unknown]`);
 * that branch and its anyOf say nothing more when the value's own branch has an error of its own.
 * The other way round for a value written as a marker (an object with `$unknown`) that is not a
 * valid one: what its type branch says ("must be boolean") is the noise, the marker's own errors
 * (an extra key, a cause that is not a collection error) say what is wrong.
 */
export function withoutMarkerNoise(errors: readonly ErrorObject[] | null | undefined): ErrorObject[] {
  const all = errors ?? [];
  const markerBranch = (e: ErrorObject) => {
    const schema = e.parentSchema as { required?: unknown } | undefined;
    return Array.isArray(schema?.required) && schema.required.includes("$unknown");
  };
  const written = (data: unknown) => typeof data === "object" && data !== null && !Array.isArray(data) && Object.hasOwn(data, "$unknown");
  // Where a failed `anyOf [type, unknown]` holds a would-be marker (a record's own optional `$unknown`,
  // a Trail's, stands under no such anyOf).
  const markers = new Set(all.filter((e) => e.keyword === "anyOf" && written(e.data)).map((e) => e.instancePath));
  const inMarker = (e: ErrorObject) => {
    for (const at of markers) {
      if (e.instancePath !== at && !e.instancePath.startsWith(`${at}/`)) continue;
      if (e.instancePath === `${at}/$unknown` || e.instancePath.startsWith(`${at}/$unknown/`)) return "cause";
      return "type";
    }
    return undefined;
  };
  const own = all.filter((e) => !markerBranch(e) && e.keyword !== "anyOf");
  const noise = (e: ErrorObject) => {
    const place = inMarker(e);
    if (place === "type") return !markerBranch(e);
    if (place === "cause") return false;
    return (markerBranch(e) || e.keyword === "anyOf") && own.some((other) => other.instancePath.startsWith(e.instancePath));
  };
  return all.filter((e) => !noise(e));
}

/** One line per ajv error: `<path>: <message>`, most specific first, deduplicated. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  const lines = new Set<string>();
  for (const error of withoutMarkerNoise(errors)) {
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

/** A validator for a part of a schema file (`pointer`, e.g. "#/$defs/result"), compiled once. */
export function subschemaValidator(file: string, pointer: string): ValidateFunction {
  const key = `${file}${pointer}`;
  let validate = compiled.get(key);
  if (!validate) {
    const id = (schemaValidator(file).schema as { $id?: string }).$id;
    if (id === undefined) throw new Error(`${file} has no $id`);
    validate = shared.compile({ $ref: `${id}${pointer}` });
    compiled.set(key, validate);
  }
  return validate;
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
