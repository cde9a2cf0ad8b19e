// Types for the rule (the rule itself is JavaScript, loaded by eslint.config.js without a build
// step), as ESLint's own rule type: what a test hands to ESLint as a plugin's rule.
import type { Rule } from "eslint";

export declare const noUnknownAsValue: Rule.RuleModule;
