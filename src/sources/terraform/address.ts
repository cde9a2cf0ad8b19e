// Terraform plan mapping: resource addresses (`module.a["x"].aws_s3_bucket.logs[0]`) split into
// their module instance path and type.name.

export interface AddressParts {
  /** The module instance part ("", `module.a`, `module.a["x"].module.b`). */
  prefix: string;
  /** Module call names, for the configuration tree. */
  modules: string[];
  type: string;
  name: string;
}

/** Splits a resource address into its module instance path and type.name (instance keys kept in prefix). */
export function parseAddress(address: string): AddressParts | undefined {
  const tokens: string[] = [];
  let i = 0;
  while (i < address.length) {
    let j = i;
    while (j < address.length && address[j] !== "." && address[j] !== "[") j++;
    let token = address.slice(i, j);
    if (address[j] === "[") {
      let k = j + 1;
      let quoted = false;
      while (k < address.length && (quoted || address[k] !== "]")) {
        if (address[k] === '"' && address[k - 1] !== "\\") quoted = !quoted;
        k++;
      }
      token += address.slice(j, k + 1);
      j = k + 1;
    }
    tokens.push(token);
    i = address[j] === "." ? j + 1 : j;
    if (j >= address.length) break;
  }
  const modules: string[] = [];
  const prefixTokens: string[] = [];
  let t = 0;
  while (t + 1 < tokens.length && tokens[t] === "module") {
    modules.push(tokens[t + 1]!.replace(/\[.*$/, ""));
    prefixTokens.push(`module.${tokens[t + 1]}`);
    t += 2;
  }
  if (tokens[t] === "data") return undefined;
  const type = tokens[t];
  const name = tokens[t + 1];
  if (!type || !name) return undefined;
  return { prefix: prefixTokens.join("."), modules, type, name: name.replace(/\[.*$/, "") };
}
