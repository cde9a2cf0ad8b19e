// The progress renderer: plain lines in CI (at stage changes and every interval), a bar on a TTY,
// nothing with quiet.
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { createProgressRenderer, describeProgress } from "../../../src/sources/aws/progress.js";
import type { Progress } from "../../../src/sources/aws/types.js";

class Capture extends Writable {
  text = "";
  isTTY?: boolean;
  columns = 120;
  override _write(chunk: Buffer, _encoding: string, done: () => void) {
    this.text += chunk.toString();
    done();
  }
  cursorTo() {
    return true;
  }
  clearLine() {
    return true;
  }
  moveCursor() {
    return true;
  }
}

const p = (stage: Progress["stage"], stageIndex: number, accountsDone: number, extra: Partial<Progress> = {}): Progress => ({
  stage,
  stageIndex,
  stageCount: 4,
  accountsTotal: 1000,
  accountsDone,
  errors: 0,
  calls: accountsDone * 4,
  ...extra,
});

describe("progress renderer", () => {
  it("describes a stage in one line", () => {
    assert.equal(describeProgress(p("accounts", 3, 250, { errors: 1 })), "cloudtrail-lint: [3/4] reading accounts: 250/1000 accounts, 1 error, 1000 calls");
    assert.equal(
      describeProgress({ stage: "identity", stageIndex: 1, stageCount: 4, accountsTotal: 0, accountsDone: 0, errors: 0, calls: 1 }),
      "cloudtrail-lint: [1/4] identity, 0 errors, 1 call",
    );
  });

  it("prints plain lines at each stage change and then at most once per interval", () => {
    const stream = new Capture();
    let now = 0;
    const renderer = createProgressRenderer({ stream, tty: false, intervalMs: 10_000, now: () => now });
    renderer.update(p("accounts", 3, 0));
    now = 2_000;
    renderer.update(p("accounts", 3, 100)); // within the interval: silent
    now = 11_000;
    renderer.update(p("accounts", 3, 600));
    now = 11_500;
    renderer.update(p("buckets", 4, 1000)); // new stage: printed at once
    renderer.update(p("done", 4, 1000, { calls: 4020 }));
    renderer.stop(); // the last state is printed
    renderer.stop();
    assert.deepEqual(stream.text.trim().split("\n"), [
      "cloudtrail-lint: [3/4] reading accounts: 0/1000 accounts, 0 errors, 0 calls",
      "cloudtrail-lint: [3/4] reading accounts: 600/1000 accounts, 0 errors, 2400 calls",
      "cloudtrail-lint: [4/4] reading shared log buckets: 1000/1000 accounts, 0 errors, 4000 calls",
      "cloudtrail-lint: [4/4] done: 1000/1000 accounts, 0 errors, 4020 calls",
    ]);
  });

  it("writes nothing with quiet, even on a terminal", () => {
    const stream = new Capture();
    stream.isTTY = true;
    const renderer = createProgressRenderer({ stream, quiet: true });
    renderer.update(p("accounts", 3, 1));
    renderer.stop();
    assert.equal(stream.text, "");
  });

  it("draws a bar with accounts, errors and ETA on a terminal", () => {
    const stream = new Capture();
    stream.isTTY = true;
    const renderer = createProgressRenderer({ stream });
    renderer.update(p("accounts", 3, 0));
    renderer.update(p("accounts", 3, 500, { errors: 2 }));
    renderer.update(p("buckets", 4, 10, { errors: 2 }));
    renderer.stop();
    assert.match(stream.text, /\[4\/4\] reading shared log buckets \[[^\]]*\] 10\/1000 accounts \| 2 errors \| \d+ calls \| ETA/);
  });
});
