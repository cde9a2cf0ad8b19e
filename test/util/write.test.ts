import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WriteError, writeFileAtomically, writeFilesAtomically } from "../../src/util/write.js";

describe("write (atomic output)", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "ctl-write-"));
  });
  afterEach(() => {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes a file, creating parent directories, and leaves no temporary file", () => {
    const target = join(dir, "out", "deep", "report.json");
    writeFileAtomically(target, '{"a":1}\n');
    assert.equal(readFileSync(target, "utf8"), '{"a":1}\n');
    assert.deepEqual(readdirSync(join(dir, "out", "deep")), ["report.json"]);
  });

  it("replaces an existing file", () => {
    const target = join(dir, "report.txt");
    writeFileSync(target, "old");
    writeFileAtomically(target, "new");
    assert.equal(readFileSync(target, "utf8"), "new");
    assert.deepEqual(readdirSync(dir), ["report.txt"]);
  });

  it("writes several files together", () => {
    writeFilesAtomically([
      { path: join(dir, "a", "one.txt"), content: "1" },
      { path: join(dir, "b", "two.txt"), content: "2" },
    ]);
    assert.equal(readFileSync(join(dir, "a", "one.txt"), "utf8"), "1");
    assert.equal(readFileSync(join(dir, "b", "two.txt"), "utf8"), "2");
  });

  it("writes none of the files when one cannot be written, and removes the directories it made", () => {
    writeFileSync(join(dir, "blocker"), "a file where a directory is needed");
    const good = join(dir, "new", "nested", "good.json");
    assert.throws(
      () =>
        writeFilesAtomically([
          { path: good, content: "good" },
          { path: join(dir, "blocker", "bad.json"), content: "bad" },
        ]),
      (error: unknown) => error instanceof WriteError && error.path === join(dir, "blocker", "bad.json") && /ENOTDIR|EEXIST/.test(error.reason),
    );
    assert.equal(existsSync(good), false);
    assert.equal(existsSync(join(dir, "new")), false, "directories created for the failed batch are removed");
    assert.deepEqual(readdirSync(dir), ["blocker"]);
  });

  it("refuses a directory as target and keeps an existing file untouched", () => {
    mkdirSync(join(dir, "out.sarif"));
    writeFileSync(join(dir, "keep.json"), "old");
    assert.throws(
      () =>
        writeFilesAtomically([
          { path: join(dir, "keep.json"), content: "new" },
          { path: join(dir, "out.sarif"), content: "x" },
        ]),
      /it is a directory/,
    );
    assert.equal(readFileSync(join(dir, "keep.json"), "utf8"), "old");
    assert.deepEqual(readdirSync(dir).sort(), ["keep.json", "out.sarif"]);
  });

  it("reports an unwritable directory without leaving anything behind", function () {
    if (process.getuid?.() === 0) this.skip(); // root ignores directory permissions
    const locked = join(dir, "locked");
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    try {
      assert.throws(() => writeFileAtomically(join(locked, "r.json"), "x"), (e: unknown) => e instanceof WriteError && /EACCES/.test(e.reason));
      assert.deepEqual(readdirSync(locked), []);
    } finally {
      chmodSync(locked, 0o755);
    }
  });

  it("writes content given in pieces, across batches, with multi-byte characters intact", () => {
    const target = join(dir, "big.json");
    const pieces = Array.from({ length: 3000 }, (_, i) => `${i}:Zürich ☃ 𝄞 ${"x".repeat(500)}\n`);
    writeFileAtomically(target, pieces.join(""));
    const expected = readFileSync(target, "utf8");
    rmSync(target);
    writeFilesAtomically([{ path: target, content: pieces }]);
    assert.equal(readFileSync(target, "utf8"), expected);
    assert.ok(expected.length > 1 << 20, "more than one batch");
    assert.deepEqual(readdirSync(dir), ["big.json"]);
  });

  it("commits nothing when the pieces of one file fail to come, and throws that error as it is", () => {
    writeFileSync(join(dir, "keep.json"), "old");
    const boom = new Error("reporter failed");
    function* failing(): Generator<string> {
      yield "x".repeat(2 << 20); // a full batch already written to the temporary file
      throw boom;
    }
    assert.throws(
      () =>
        writeFilesAtomically([
          { path: join(dir, "keep.json"), content: ["new"] },
          { path: join(dir, "out", "report.json"), content: failing() },
        ]),
      (error: unknown) => error === boom,
    );
    assert.equal(readFileSync(join(dir, "keep.json"), "utf8"), "old");
    assert.deepEqual(readdirSync(dir), ["keep.json"], "no temporary file, no directory made for the batch");
  });
});
