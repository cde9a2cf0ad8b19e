// Terraform configuration (HCL native syntax and its JSON syntax) as a small syntax tree: bodies of
// attributes and blocks, and expressions, every node with where it starts in its file. parse.ts
// builds it (the only module that knows the parser library); eval.ts evaluates expressions;
// module.ts reads a module's files. Plain data, no behaviour.

/** Where a node starts: the file as shown in locations, 1-based line and column. */
export interface Span {
  file: string;
  line: number;
  column: number;
}

export interface Body {
  attributes: Attribute[];
  blocks: Block[];
  span: Span;
}

export interface Attribute {
  name: string;
  expr: Expr;
  /** Where the attribute's name starts (findings point here). */
  span: Span;
}

export interface Block {
  type: string;
  labels: string[];
  body: Body;
  /** Where the block's type keyword starts. */
  span: Span;
  /**
   * Comments on the lines directly above the block (no blank line between) and on its first line,
   * text without the comment marker, in file order; for inline suppressions.
   */
  leadingComments: { text: string; span: Span }[];
}

export type BinaryOp = "||" | "&&" | "==" | "!=" | "<" | ">" | "<=" | ">=" | "+" | "-" | "*" | "/" | "%";

/** A part of a template: literal text, an interpolation, or a directive. */
export type TemplatePart =
  | { kind: "text"; text: string }
  | { kind: "interp"; expr: Expr }
  | { kind: "if"; cond: Expr; then: TemplatePart[]; else: TemplatePart[]; span: Span }
  | { kind: "for"; keyVar?: string; valueVar: string; collection: Expr; body: TemplatePart[]; span: Span };

export type Expr =
  | { kind: "literal"; value: null | boolean | number | string; span: Span }
  /** A quoted string or heredoc with interpolations or directives; a lone `"${x}"` keeps x's type. */
  | { kind: "template"; parts: TemplatePart[]; span: Span }
  | { kind: "tuple"; items: Expr[]; span: Span }
  /** Object constructor; a bare identifier key is a literal string key. */
  | { kind: "object"; items: { key: Expr; value: Expr }[]; span: Span }
  /** A root name: var, local, each, count, path, terraform, data, module, self, a resource type, a for variable. */
  | { kind: "variable"; name: string; span: Span }
  | { kind: "getattr"; object: Expr; name: string; span: Span }
  | { kind: "index"; object: Expr; key: Expr; span: Span }
  /** `x[*].a.b` (full splat) or `x.*.a` (attribute-only splat): `each` applies to every element. */
  | { kind: "splat"; object: Expr; each: Accessor[]; span: Span }
  | { kind: "call"; name: string; args: Expr[]; expandFinal: boolean; span: Span }
  | { kind: "conditional"; cond: Expr; then: Expr; else: Expr; span: Span }
  | { kind: "binary"; op: BinaryOp; left: Expr; right: Expr; span: Span }
  | { kind: "unary"; op: "!" | "-"; operand: Expr; span: Span }
  | {
      kind: "for";
      keyVar?: string;
      valueVar: string;
      collection: Expr;
      /** Object for (`{for k, v in x : key => value}`); absent for a tuple for. */
      key?: Expr;
      value: Expr;
      cond?: Expr;
      /** `...` after the value of an object for: values grouped by key. */
      group: boolean;
      span: Span;
    };

/** What a splat applies to each element. */
export type Accessor = { kind: "getattr"; name: string } | { kind: "index"; key: Expr };

/** One parsed file: its body, and where a comment line says what (for inline suppressions). */
export interface ConfigFile {
  file: string;
  body: Body;
  /** "hcl" for .tf and .tfvars, "json" for .tf.json and .tfvars.json. */
  syntax: "hcl" | "json";
}
