// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";
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
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-non-null-assertion": "off" },
  },
);
