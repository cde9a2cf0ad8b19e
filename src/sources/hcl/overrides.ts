// Override files (override.tf, *_override.tf and their .tf.json forms), merged into a module's
// other files as Terraform merges them
// (https://developer.hashicorp.com/terraform/language/files/override): each block of an override
// file changes the block of the same header (type and labels; a provider's alias too) in the other
// files, its arguments replacing theirs one by one and its nested blocks replacing all of theirs of
// the same type; a `locals` block replaces local values by name. An override of a block no other
// file declares is bad input, as Terraform rejects it. Override files apply in name order.
import { InputError } from "../../util/errors.js";
import type { Attribute, Block, Body, ConfigFile } from "./ast.js";

/** Whether a configuration file name is an override file's. */
export function isOverrideFile(name: string): boolean {
  return /(^|_)override\.tf(\.json)?$/i.test(name);
}

/** A provider block's alias, when it is a plain string. */
function aliasOf(block: Block): string | undefined {
  const alias = block.body.attributes.find((a) => a.name === "alias")?.expr;
  if (alias?.kind === "literal" && typeof alias.value === "string") return alias.value;
  if (alias?.kind === "template" && alias.parts.every((p) => p.kind === "text")) return alias.parts.map((p) => (p.kind === "text" ? p.text : "")).join("");
  return undefined;
}

function header(block: Block): string {
  const parts = [block.type, ...block.labels];
  if (block.type === "provider") parts.push(aliasOf(block) ?? "");
  return JSON.stringify(parts);
}

/** A nested block's type; a dynamic block's is the type it generates. */
function nestedType(block: Block): string {
  return block.type === "dynamic" ? (block.labels[0] ?? "") : block.type;
}

/** `base` with the arguments and nested block types of `override` replacing its own. */
function mergeBody(base: Body, override: Body): Body {
  const names = new Set(override.attributes.map((a) => a.name));
  const types = new Set(override.blocks.map(nestedType));
  return {
    attributes: [...base.attributes.filter((a) => !names.has(a.name)), ...override.attributes],
    blocks: [...base.blocks.filter((b) => !types.has(nestedType(b))), ...override.blocks],
    span: base.span,
  };
}

/** The primary files with every override file's blocks merged into them (the blocks changed in place). */
export function applyOverrides(primary: readonly ConfigFile[], overrides: readonly ConfigFile[]): void {
  const blocks = primary.flatMap((f) => f.body.blocks);
  const locals = new Map<string, { block: Block; index: number }>();
  for (const block of blocks) {
    if (block.type === "locals") block.body.attributes.forEach((a, index) => locals.set(a.name, { block, index }));
  }
  for (const file of overrides) {
    for (const block of file.body.blocks) {
      if (block.type === "terraform") continue;
      if (block.type === "locals") {
        for (const a of block.body.attributes) overrideLocal(locals, a);
        continue;
      }
      const key = header(block);
      const base = blocks.find((b) => header(b) === key);
      if (!base) {
        const { file: at, line, column } = block.span;
        throw new InputError(`${at}:${line}:${column}: ${[block.type, ...block.labels.map((l) => `"${l}"`)].join(" ")} in an override file overrides nothing: no other file of the module declares it`, at);
      }
      base.body = mergeBody(base.body, block.body);
    }
  }
}

function overrideLocal(locals: Map<string, { block: Block; index: number }>, a: Attribute): void {
  const base = locals.get(a.name);
  if (!base) {
    throw new InputError(`${a.span.file}:${a.span.line}:${a.span.column}: local value "${a.name}" in an override file overrides nothing: no other file of the module declares it`, a.span.file);
  }
  base.block.body.attributes[base.index] = a;
}
