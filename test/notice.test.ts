// NOTICE names every third-party package bundled into dist/action.js (dist/action.licenses.txt,
// written with the bundle), by licence, and none that is not: it goes stale when the bundle changes.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../src/util/paths.js";

const ROOT = packageRoot();

describe("NOTICE", () => {
  it("lists exactly the packages of the Action bundle, under their licences, and none ships a NOTICE of its own", () => {
    const licences = readFileSync(join(ROOT, "dist/action.licenses.txt"), "utf8");
    const bundled = [...licences.matchAll(/^(\S+)@\d\S*\nLicense: (.*)$/gm)].map((m) => `${m[2]}: ${m[1]}`).sort();
    const notice = readFileSync(join(ROOT, "NOTICE"), "utf8");
    assert.match(notice, /^cloudtrail-lint\nCopyright cloudtrail-lint contributors\n/);
    const listed: string[] = [];
    let licence = "";
    for (const line of notice.split("\n")) {
      const heading = /^(\S.*):$/.exec(line);
      if (heading) licence = heading[1]!;
      else if (/^ {2}\S+$/.test(line)) listed.push(`${licence}: ${line.trim()}`);
    }
    assert.deepEqual(listed.sort(), bundled);
    for (const entry of bundled) {
      const name = entry.slice(entry.indexOf(": ") + 2);
      for (const file of ["NOTICE", "NOTICE.txt", "NOTICE.md"]) assert.ok(!existsSync(join(ROOT, "node_modules", name, file)), `${name}/${file}: add its text to NOTICE`);
    }
  });

  it("LICENSE is the Apache License 2.0, unmodified (apache.org/licenses/LICENSE-2.0.txt)", async () => {
    const { createHash } = await import("node:crypto");
    const sha = createHash("sha256").update(readFileSync(join(ROOT, "LICENSE"))).digest("hex");
    assert.equal(sha, "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30");
  });
});
