// MAX_NESTING for YAML text, checked on the yaml package's CST (built without recursion) before the
// document is composed: the composer and toJS recurse per level.
import { CST, Parser } from "yaml";
import { MAX_NESTING, pointerOf, type TooDeep } from "./nesting.js";

/**
 * Where YAML text first nests collections deeper than `limit` (every document of a stream), or
 * undefined. A flow sequence entry `[a: 1]` is a map the CST does not count; the composed value is
 * checked again with findDeepValue.
 */
export function findDeepYaml(text: string, limit = MAX_NESTING): TooDeep | undefined {
  interface Entry {
    token: CST.Token;
    depth: number;
    parent: Entry | undefined;
    key: string | number;
  }
  for (const top of new Parser().parse(text)) {
    if (top.type !== "document" || !top.value) continue;
    const stack: Entry[] = [{ token: top.value, depth: 1, parent: undefined, key: "" }];
    while (stack.length > 0) {
      const entry = stack.pop()!;
      const { token } = entry;
      if (!CST.isCollection(token)) continue;
      if (entry.depth > limit) {
        const segments: (string | number)[] = [];
        for (let e: Entry | undefined = entry; e?.parent; e = e.parent) segments.push(e.key);
        return { pointer: pointerOf(segments.reverse()), offset: token.offset };
      }
      const keyed = token.type === "block-map" || (token.type === "flow-collection" && token.start.source === "{");
      for (let i = token.items.length - 1; i >= 0; i--) {
        const item = token.items[i]!;
        let key: string | number = i;
        if (keyed) {
          const scalar = item.key && CST.isScalar(item.key) ? CST.resolveAsScalar(item.key) : null;
          key = scalar ? scalar.value : "?";
        }
        const depth = entry.depth + 1;
        if (item.value) stack.push({ token: item.value, depth, parent: entry, key });
        if (item.key) stack.push({ token: item.key, depth, parent: entry, key });
      }
    }
  }
  return undefined;
}
