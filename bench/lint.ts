// Benchmark of the checks alone (no AWS): an organization of N accounts (default 3,000), each with a
// multi-region and a single-region trail, its own log bucket and a tagged data bucket, plus an
// organization trail in the management account. Prints the time to run every registered check and
// the findings count. Usage: npm run bench:lint -- --accounts=5000
import { checks } from "../src/checks/index.js";
import { runChecks } from "../src/engine/run.js";
import { account, bucket, multiRegionTrail, org, trail } from "../test/helpers/builders.js";

const arg = process.argv.find((a) => a.startsWith("--accounts="));
const count = arg ? Number(arg.slice("--accounts=".length)) : 3000;
if (!Number.isInteger(count) || count < 1) {
  console.error("bench:lint: --accounts takes a whole number");
  process.exit(2);
}

const members = Array.from({ length: count }, (_, i) => {
  const id = String(100000000000 + i);
  return account(id, {
    trails: [
      multiRegionTrail({ Name: `all-${i}`, account: id, S3BucketName: `logs-${i}` }),
      trail({ Name: `eu-${i}`, account: id, HomeRegion: "eu-west-1", S3BucketName: `logs-${i}` }),
    ],
    buckets: [bucket({ Name: `logs-${i}` }), bucket({ Name: `data-${i}`, tags: [{ Key: "data-classification", Value: "confidential" }] })],
  });
});
const snapshot = org({
  management: { trails: [multiRegionTrail({ Name: "org", IsOrganizationTrail: true, S3BucketName: "central-logs" })], buckets: [bucket({ Name: "central-logs" })] },
  members,
});

const start = performance.now();
const findings = runChecks(checks, snapshot, new Map());
const ms = performance.now() - start;
console.log(`lint: ${count + 1} accounts, ${findings.length} findings from ${checks.length} checks in ${Math.round(ms)} ms`);
console.log(`peak RSS ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB`);
