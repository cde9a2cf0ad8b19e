// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { noImportCycles } from "./eslint-rules/no-import-cycles.js";
import { noUnknownAsValue } from "./eslint-rules/no-unknown-as-value.js";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    // Checks and the model read snapshot values: one that may be unknown is never taken for a value.
    files: ["src/checks/**/*.ts", "src/model/**/*.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { "cloudtrail-lint": { rules: { "no-unknown-as-value": noUnknownAsValue } } },
    rules: { "cloudtrail-lint/no-unknown-as-value": "error" },
  },
  {
    // No module of src/ imports itself back through others (see eslint-rules/no-import-cycles.js).
    files: ["src/**/*.ts"],
    ...noImportCycles,
  },
  {
    // The IaC loaders take the shared types from iac-types.ts: iac.ts imports them, never the reverse.
    files: ["src/sources/cloudformation/**/*.ts", "src/sources/terraform/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ regex: "(^|/)iac\\.js$", message: "import the shared IaC types from ../iac-types.js (iac.ts imports the loaders)" }] }],
    },
  },
  {
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-non-null-assertion": "off" },
  },
);
