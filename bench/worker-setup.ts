// The simulated AWS of `npm run bench -- --workers=N`, built in each collector worker thread
// (InternalOptions.workerSetup): the same world (generated again from the same parameters), the
// same latency and rates, and the token buckets the main thread shares with every worker, so that
// each account's, region's and API's rate holds whichever thread sends.
import { getHeapStatistics } from "node:v8";
import { SharedTokenBuckets, SimulatedAws, simulatorPlugin } from "./simulated-aws.js";
import { generateWorld } from "./world.js";

export interface BenchWorkerData {
  world: { accounts: number; regions: number; trails: number; seed: number };
  latencyMs: number;
  rates: Record<string, { rate: number; burst: number }>;
  buckets: SharedArrayBuffer;
}

/** What a worker reports at the end: its throttled answers, and its peak heap (V8's total, MiB). */
export interface BenchWorkerReport {
  throttled: [string, number][];
  heapMb: number;
}

export function setup(data: BenchWorkerData) {
  const sim = new SimulatedAws(generateWorld(data.world));
  const throttled = new Map<string, number>();
  let peakHeap = 0;
  setInterval(() => (peakHeap = Math.max(peakHeap, getHeapStatistics().total_heap_size)), 100).unref();
  return {
    plugins: [simulatorPlugin(sim, { latencyMs: data.latencyMs, rates: data.rates, throttled, buckets: new SharedTokenBuckets(data.buckets) })],
    report: (): BenchWorkerReport => ({ throttled: [...throttled], heapMb: Math.max(peakHeap, getHeapStatistics().total_heap_size) / 1024 / 1024 }),
  };
}
