// Sets as the Terraform Plugin SDK v2 (helper/schema) holds them, which decides the order in which
// a provider built on it sees the elements of a set argument: each element is keyed by the decimal
// CRC-32 (IEEE) of its hash serialization, one element a key (the first of equal keys stays), and
// the provider reads them in the order of the keys sorted as strings. Also the AWS provider's
// StringHashcode (the same CRC-32), which it uses for ids such as aws_iam_policy_document's.

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, Go's crc32.ChecksumIEEE) of the UTF-8 bytes of `text`. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, "utf8")) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** The SDK's and the AWS provider's hashcode.String / create.StringHashcode (non-negative on 64-bit). */
export function stringHashcode(text: string): number {
  return crc32(text);
}

/**
 * The elements of a set in the order the SDK's Set.List() returns them, without the ones whose hash
 * key an earlier element already took. `serialize` is the element's hash serialization (see
 * `hashString`, and schema.SerializeResourceForHash for nested blocks).
 */
export function sdkSetList<T>(items: readonly T[], serialize: (item: T) => string): T[] {
  const byCode = new Map<string, T>();
  for (const item of items) {
    const code = String(stringHashcode(serialize(item)));
    if (!byCode.has(code)) byCode.set(code, item);
  }
  return [...byCode.keys()].sort().map((code) => byCode.get(code)!);
}

/** The hash serialization of a string element (schema.SerializeValueForHash of a TypeString). */
export function hashString(value: string): string {
  return `${value};`;
}
