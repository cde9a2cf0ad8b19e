// @ts-check
// Import cycles fail the lint (eslint.config.js applies this to src/): import-x/no-cycle, with
// import-x's own resolver told that our ESM imports name TypeScript files by their .js output name
// (`./map.js` is ./map.ts). Modules that import each other in a circle are evaluated in an order
// that depends on which one is imported first: shared types and helpers go in a module of their
// own instead (src/sources/iac-types.ts, src/model/errors.ts). import-x/no-cycle does not follow
// `import type` (a type-only import vanishes at run time); the loaders under src/sources are kept
// off iac.ts, types included, by a no-restricted-imports rule in eslint.config.js.
import { createNodeResolver, importX } from "eslint-plugin-import-x";

/** The config block (no `files`): plugin, resolver settings and the rule. */
export const noImportCycles = {
  plugins: { "import-x": importX },
  settings: {
    // Which files import-x reads (and with which parser) to follow their imports.
    "import-x/extensions": [".ts", ".js", ".mjs"],
    "import-x/parsers": { "@typescript-eslint/parser": [".ts"] },
    "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".js", ".json"], extensionAlias: { ".js": [".ts", ".js"] } })],
  },
  rules: { "import-x/no-cycle": "error" },
};
