// The vendored official SARIF 2.1.0 schema, compiled once for the tests.
import { readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

let validator: ValidateFunction | undefined;

export function sarifSchema(): ValidateFunction {
  if (validator) return validator;
  const schema = JSON.parse(readFileSync(new URL("../../schemas/third_party/sarif-schema-2.1.0.json", import.meta.url), "utf8")) as {
    definitions: { region: { properties: Record<string, unknown>; anyOf?: unknown } };
  };
  // The published schema nests region's "anyOf" inside "properties" (oasis-tcs/sarif-spec#578), which
  // a strict validator refuses; move it where the erratum meant it, so it is enforced too.
  const region = schema.definitions.region;
  if (Array.isArray(region.properties.anyOf)) {
    region.anyOf = region.properties.anyOf;
    delete region.properties.anyOf;
  }
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  return (validator = ajv.compile(schema));
}
