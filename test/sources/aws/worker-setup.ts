// The simulated AWS of the worker-thread tests (workers.test.ts), built alike in the test's thread
// and in each collector worker (InternalOptions.workerSetup): the test world or the bench world,
// answered through the real SDK clients (simulatorPlugin), with a denied read in the test world.
import { awsError, SimulatedAws, simulatorPlugin, type SimCall } from "../../../bench/simulated-aws.js";
import { generateWorld } from "../../../bench/world.js";
import { D, exampleWorld } from "./world.js";

/** "broken-tree": the test world whose OU listings fail (AccessDenied). */
export type WorldName = "test" | "bench" | "broken-tree";

/** dev's GetTrailStatus is denied by an SCP (a collection error every way of reading must keep). */
const inject = (brokenTree: boolean) => (call: SimCall) => {
  if (call.account === D && call.operation === "GetTrailStatus") throw awsError("AccessDeniedException", "not authorized to perform: cloudtrail:GetTrailStatus with an explicit deny");
  if (brokenTree && call.operation === "ListOrganizationalUnitsForParent") throw awsError("AccessDeniedException", "You don't have permissions to access this resource.");
  return undefined;
};

export function setup(world: WorldName) {
  const sim = new SimulatedAws(world === "bench" ? generateWorld({ accounts: 60, regions: 4, trails: 3, seed: 11 }) : exampleWorld());
  return { plugins: [simulatorPlugin(sim, { inject: inject(world === "broken-tree") })] };
}
