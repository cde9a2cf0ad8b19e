// Tests that read back a snapshot they know to be complete (no failed read, nothing left open) say
// so with complete(): it fails the test if a value is unknown, and types the snapshot as Known.
import assert from "node:assert/strict";
import type { Snapshot } from "../../src/model/snapshot.js";
import { isUnknown, type Known } from "../../src/model/unknown.js";

function unknownPointers(value: unknown, pointer: string, out: string[]): string[] {
  if (isUnknown(value)) out.push(pointer);
  else if (Array.isArray(value)) value.forEach((v, i) => unknownPointers(v, `${pointer}/${i}`, out));
  else if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if (key === "$unknown") out.push(pointer);
      else unknownPointers(v, `${pointer}/${key}`, out);
    }
  }
  return out;
}

export function complete(snapshot: Snapshot): Known<Snapshot> {
  assert.deepEqual(unknownPointers(snapshot, "", []), [], "the snapshot was expected to hold no unknown value");
  return snapshot as Known<Snapshot>;
}
