// The simulated AWS of `npm run bench -- --workers=N`, built in each collector worker thread
// (InternalOptions.workerSetup): the same world (generated again from the same parameters), the
// same latency and rates, and the token buckets the main thread shares with every worker, so that
// each account's, region's and API's rate holds whichever thread sends.
import { SharedTokenBuckets, SimulatedAws, simulatorPlugin } from "./simulated-aws.js";
import { generateWorld } from "./world.js";

export interface BenchWorkerData {
  world: { accounts: number; regions: number; trails: number; seed: number };
  latencyMs: number;
  rates: Record<string, { rate: number; burst: number }>;
  buckets: SharedArrayBuffer;
}

export function setup(data: BenchWorkerData) {
  const sim = new SimulatedAws(generateWorld(data.world));
  const throttled = new Map<string, number>();
  return {
    plugins: [simulatorPlugin(sim, { latencyMs: data.latencyMs, rates: data.rates, throttled, buckets: new SharedTokenBuckets(data.buckets) })],
    report: () => [...throttled],
  };
}
