// Terraform's HCL native syntax (.tf, .tfvars) -> the syntax tree of ast.ts, with positions.
//
// The parser is tree-sitter's HCL grammar (@tree-sitter-grammars/tree-sitter-hcl, its Terraform
// dialect) run by web-tree-sitter (WebAssembly, no native build): it gives every node its line and
// column, which findings need, and a full expression tree. This module is the only one that knows
// the library; cst.ts turns its nodes into ast.ts. Swapping the parser means rewriting these two
// files only.
//
// Bad syntax is bad input: InputError naming the file, line and column of the first error (exit 2).
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Language, Parser, type Node } from "web-tree-sitter";
import { InputError } from "../../util/errors.js";
import type { ConfigFile, Expr } from "./ast.js";
import { bodyOf, commentEndLine, exprOf, type CstContext } from "./cst.js";

let ready: Promise<Parser> | undefined;
/** The parser once loaded (for parseTemplateFile, which evaluation calls synchronously). */
let loaded: Parser | undefined;

/**
 * Where the WebAssembly files are: beside the Action bundle (dist/tree-sitter/), else in the
 * installed packages.
 */
function wasmPaths(): { runtime: string; grammar: string } {
  const bundled = new URL("./tree-sitter/", import.meta.url);
  if (existsSync(new URL("web-tree-sitter.wasm", bundled))) {
    return { runtime: fileURLToPath(new URL("web-tree-sitter.wasm", bundled)), grammar: fileURLToPath(new URL("tree-sitter-terraform.wasm", bundled)) };
  }
  const require = createRequire(import.meta.url);
  return {
    runtime: require.resolve("web-tree-sitter/web-tree-sitter.wasm"),
    grammar: require.resolve("@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm"),
  };
}

/** The parser, loaded once per process. */
function parser(): Promise<Parser> {
  ready ??= (async () => {
    const paths = wasmPaths();
    await Parser.init({ locateFile: () => paths.runtime });
    const language = await Language.load(paths.grammar);
    const p = new Parser();
    p.setLanguage(language);
    loaded = p;
    return p;
  })();
  return ready;
}

/** The first ERROR or MISSING node, in source order. */
function firstError(node: Node): Node | undefined {
  if (node.isMissing || node.type === "ERROR") {
    // An ERROR node's first token is where the parser gave up; point there.
    return node;
  }
  if (!node.hasError) return undefined;
  for (const child of node.children) {
    const found = firstError(child);
    if (found) return found;
  }
  return node;
}

function syntaxError(root: Node, file: string): InputError {
  const bad = firstError(root) ?? root;
  const line = bad.startPosition.row + 1;
  const column = bad.startPosition.column + 1;
  const what = bad.isMissing ? `missing ${JSON.stringify(bad.type)}` : bad.text.trim() === "" ? "unexpected end of input" : `unexpected ${JSON.stringify(bad.text.split("\n")[0]!.slice(0, 40))}`;
  return new InputError(`${file}:${line}:${column}: HCL syntax error: ${what}`, file);
}

/** Parses one file of HCL native syntax (.tf, .tfvars). */
export async function parseHclFile(text: string, file: string): Promise<ConfigFile> {
  const p = await parser();
  const tree = p.parse(text);
  if (!tree) throw new InputError(`${file}: the HCL parser gave no result`, file);
  try {
    const root = tree.rootNode;
    if (root.hasError) throw syntaxError(root, file);
    const context: CstContext = { file, text };
    const bodyNode = root.children.find((c) => c.type === "body");
    const body = bodyNode ? bodyOf(bodyNode, context, collectComments(root)) : { attributes: [], blocks: [], span: { file, line: 1, column: 1 } };
    return { file, body, syntax: "hcl" };
  } finally {
    tree.delete();
  }
}

/** The expression of the one attribute `__x = <expression>` a wrapped source holds. */
function onlyExpression(root: Node): Node | undefined {
  const attribute = root.children.find((c) => c.type === "body")?.namedChildren.find((c) => c?.type === "attribute");
  return attribute?.namedChildren.find((c) => c?.type === "expression") ?? undefined;
}

/** Parses one expression (a template string of the JSON syntax, or a test's input). */
export async function parseHclExpression(text: string, file = "<expression>", origin?: { line: number; column: number }): Promise<Expr> {
  const p = await parser();
  const source = `__x = ${text}\n`;
  const tree = p.parse(source);
  if (!tree) throw new InputError(`${file}: the HCL parser gave no result`, file);
  try {
    const root = tree.rootNode;
    const expression = onlyExpression(root);
    if (root.hasError || !expression) {
      const bad = firstError(root) ?? root;
      const line = (origin?.line ?? 1) + bad.startPosition.row;
      const column = bad.startPosition.row === 0 ? (origin?.column ?? 1) + Math.max(0, bad.startPosition.column - 6) : bad.startPosition.column + 1;
      throw new InputError(`${file}:${line}:${column}: HCL syntax error in expression ${JSON.stringify(text.slice(0, 60))}`, file);
    }
    return exprOf(expression, { file, text: source, ...(origin ? { shift: { line: origin.line - 1, column: origin.column - 7 } } : {}) });
  } finally {
    tree.delete();
  }
}

/**
 * A template file (templatefile()): its text is a template, as the body of a heredoc. Synchronous,
 * for the evaluator: the parser must already be loaded (it is once a .tf file was parsed); else,
 * or on bad syntax, undefined with why.
 */
export function parseTemplateFile(text: string, file: string): { expr: Expr } | { error: string } {
  if (!loaded) return { error: "the HCL parser is not loaded" };
  let marker = "CTL_TEMPLATE_END";
  while (text.split("\n").some((line) => line.trim() === marker)) marker += "_";
  const newline = text.endsWith("\n");
  const source = `__x = <<${marker}\n${text}${newline ? "" : "\n"}${marker}\n`;
  const tree = loaded.parse(source);
  if (!tree) return { error: "the HCL parser gave no result" };
  try {
    const root = tree.rootNode;
    const expression = onlyExpression(root);
    if (root.hasError || !expression) {
      const bad = firstError(root) ?? root;
      return { error: `${file}:${bad.startPosition.row}:${bad.startPosition.column + 1}: template syntax error` };
    }
    const expr = exprOf(expression, { file, text: source, shift: { line: -1, column: 0 } });
    // The heredoc ends in a newline the file may not have.
    if (!newline && expr.kind === "template") {
      const last = expr.parts[expr.parts.length - 1];
      if (last?.kind === "text") last.text = last.text.replace(/\n$/, "");
    }
    return { expr };
  } finally {
    tree.delete();
  }
}

/** Comments by the line they end on (a comment is one line, or a block comment). */
function collectComments(root: Node): Map<number, Node> {
  const out = new Map<number, Node>();
  const walk = (node: Node) => {
    if (node.type === "comment") out.set(commentEndLine(node), node);
    for (const child of node.children) if (child.type === "comment" || child.childCount > 0) walk(child);
  };
  walk(root);
  return out;
}
