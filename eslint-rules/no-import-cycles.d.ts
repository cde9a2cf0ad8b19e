// Types for the config block (JavaScript, loaded by eslint.config.js without a build step).
import type { Linter } from "eslint";

export declare const noImportCycles: Linter.Config;
