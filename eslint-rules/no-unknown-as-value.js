// @ts-check
// ESLint rule (type-aware): a value that may be unknown (`{ $unknown: cause }`, see
// src/model/unknown.ts) is never compared, tested for truth or printed as if it were the value.
// `trail.IsMultiRegionTrail === true` compiles when IsMultiRegionTrail is Maybe<boolean>, and reads
// "not read" as "false"; the compiler cannot see it, this rule does. Ask isUnknown() (or known())
// first. Comparisons with null or undefined ("absent") are allowed: they do not take an unknown for
// a value.
import { ESLintUtils } from "@typescript-eslint/utils";
import ts from "typescript";

const MARKER = "$unknown";

/**
 * Whether the type is, or is a union with, the Unknown marker: an object whose `$unknown` is
 * required. (A Trail's optional `$unknown` says its configuration is unknown; the Trail is a record.)
 * @param {import("typescript").Type} type
 */
function mayBeUnknown(type) {
  const parts = type.isUnion() ? type.types : [type];
  return parts.some((t) => {
    const marker = t.getProperty(MARKER);
    return marker !== undefined && (marker.flags & ts.SymbolFlags.Optional) === 0;
  });
}

/** @param {import("@typescript-eslint/utils").TSESTree.Node} node */
function isNullish(node) {
  return (node.type === "Literal" && node.value === null) || (node.type === "Identifier" && node.name === "undefined");
}

export const noUnknownAsValue = ESLintUtils.RuleCreator.withoutDocs({
  meta: {
    type: "problem",
    docs: { description: "disallow comparing, testing or printing a value that may be unknown" },
    messages: {
      compared: "This value may be unknown ({ $unknown }): ask isUnknown() before comparing it.",
      tested: "This value may be unknown ({ $unknown }), which is truthy: ask isUnknown() before testing it.",
      printed: "This value may be unknown ({ $unknown }): ask isUnknown() before printing it.",
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const services = ESLintUtils.getParserServices(context);
    /** @param {import("@typescript-eslint/utils").TSESTree.Node} node */
    const maybe = (node) => mayBeUnknown(services.getTypeAtLocation(node));
    /** @param {import("@typescript-eslint/utils").TSESTree.Node | null | undefined} node */
    const test = (node) => {
      if (node && node.type !== "LogicalExpression" && maybe(node)) context.report({ node, messageId: "tested" });
    };
    return {
      BinaryExpression(node) {
        if (!["===", "!==", "==", "!="].includes(node.operator)) return;
        if (node.left.type === "PrivateIdentifier") return;
        if (isNullish(node.left) || isNullish(node.right)) return;
        for (const side of [node.left, node.right]) if (maybe(side)) context.report({ node: side, messageId: "compared" });
      },
      LogicalExpression(node) {
        test(node.left);
        if (node.operator !== "??") test(node.right);
      },
      IfStatement: (node) => test(node.test),
      ConditionalExpression: (node) => test(node.test),
      WhileStatement: (node) => test(node.test),
      UnaryExpression(node) {
        if (node.operator === "!") test(node.argument);
      },
      TemplateLiteral(node) {
        for (const expression of node.expressions) if (maybe(expression)) context.report({ node: expression, messageId: "printed" });
      },
    };
  },
});
