// Prints one plain closing line, "N passed, N failed, N skipped", after mocha's own summary: the
// line CI reads to count tests, whatever the reporter.
import type { Suite } from "mocha";

function count(suite: Suite, totals = { passed: 0, failed: 0, skipped: 0 }) {
  for (const test of suite.tests) {
    if (test.state === "passed") totals.passed += 1;
    else if (test.state === "failed") totals.failed += 1;
    else if (test.isPending()) totals.skipped += 1;
  }
  for (const child of suite.suites) count(child, totals);
  return totals;
}

let root: Suite | undefined;

export const mochaHooks = {
  beforeAll(this: Mocha.Context) {
    root = this.test?.parent;
  },
};

process.on("exit", () => {
  if (!root) return;
  const { passed, failed, skipped } = count(root);
  process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
});
