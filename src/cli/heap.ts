// How far the heap may grow on a large input. V8 lets the old generation grow to a multiple of
// what survived its last full collection, a factor it picks (up to 4) from how cheap collecting
// has been: a lint of 10,000 accounts keeps ~400 MB alive after its checks and is let grow to
// ~1.5 GB before V8 collects again. On inputs this large the factor is bounded instead: more full
// collections (marked concurrently, on the other core), a peak under 1 GiB (bench/README.md).
// Small inputs keep V8's own policy: their heaps are small whatever the factor.
import { setFlagsFromString } from "node:v8";

/** Inputs (snapshot text, in UTF-16 code units) from this size on are large. */
export const LARGE_INPUT = 32 * 2 ** 20;
/** The old generation grows to at most (1 + this / 100) × what survived the last full collection. */
export const HEAP_GROWING_PERCENT = 40;

/** The flag a run over inputs of this size sets, if any. */
export function heapGrowthFlag(inputSize: number): string | undefined {
  return inputSize >= LARGE_INPUT ? `--heap-growing-percent=${HEAP_GROWING_PERCENT}` : undefined;
}

/** Bounds the heap's growth for the rest of the process when the inputs are large; returns the flag set. */
export function boundHeapGrowth(inputSize: number, set: (flag: string) => void = setFlagsFromString): string | undefined {
  const flag = heapGrowthFlag(inputSize);
  if (flag !== undefined) set(flag);
  return flag;
}
