// The progress renderer: plain lines in CI (at stage changes and every interval), a bar on a TTY
// that fits the terminal's width and shows a growing total as a lower bound ("≥N") until the
// organization is listed, nothing with quiet.
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { collect } from "../../../src/sources/aws/collect.js";
import { createProgressRenderer, describeProgress } from "../../../src/sources/aws/progress.js";
import { fitText, formatEta, progressLine, visibleLength } from "../../../src/sources/aws/progress-line.js";
import type { Progress } from "../../../src/sources/aws/types.js";
import { mockAws } from "./mock-aws.js";
import { M, exampleWorld } from "./world.js";

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
  discovering: false,
  accountsDone,
  errors: 0,
  calls: accountsDone * 4,
  ...extra,
});

describe("progress renderer", () => {
  it("describes a stage in one line", () => {
    assert.equal(describeProgress(p("accounts", 3, 250, { errors: 1 })), "cloudtrail-lint: [3/4] reading accounts: 250/1000 accounts, 1 error, 1000 calls");
    assert.equal(
      describeProgress({ stage: "identity", stageIndex: 1, stageCount: 4, accountsTotal: 0, discovering: true, accountsDone: 0, errors: 0, calls: 1 }),
      "cloudtrail-lint: [1/4] identity, 0 errors, 1 call",
    );
    assert.equal(
      describeProgress(p("accounts", 3, 141, { accountsTotal: 150, discovering: true, calls: 2 })),
      "cloudtrail-lint: [3/4] reading accounts: 141/≥150 accounts, 0 errors, 2 calls",
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

  /** The lines a bar renderer drew on a terminal `columns` wide: each redraw is "\r<line>ESC[K". */
  function drawn(columns: number, steps: Progress[], stepMs = 1_000): string[] {
    const stream = new Capture();
    stream.isTTY = true;
    stream.columns = columns;
    let now = 0;
    const renderer = createProgressRenderer({ stream, now: () => now });
    for (const step of steps) {
      now += stepMs;
      renderer.update(step);
    }
    renderer.stop();
    assert.ok(stream.text.endsWith("\x1b[K\n"), JSON.stringify(stream.text.slice(-20)));
    const lines = stream.text.slice(0, -1).split("\r").slice(1);
    for (const line of lines) assert.ok(line.endsWith("\x1b[K"), JSON.stringify(line));
    return lines.map((line) => line.slice(0, -"\x1b[K".length));
  }

  // The organization walk finds accounts while the first ones are read (141 read of 150 found so
  // far: "141/2" before), then the total is final and an ETA appears.
  const growing: Progress[] = [
    p("identity", 1, 0, { accountsTotal: 0, discovering: true, calls: 0 }),
    p("organization", 2, 0, { accountsTotal: 0, discovering: true, calls: 1 }),
    p("accounts", 3, 0, { accountsTotal: 2, discovering: true, calls: 3 }),
    p("accounts", 3, 141, { accountsTotal: 150, discovering: true, calls: 2410 }),
    p("accounts", 3, 300, { accountsTotal: 1200, errors: 1, calls: 5000 }),
    p("accounts", 3, 1200, { accountsTotal: 1200, errors: 12, calls: 19000 }),
    p("buckets", 4, 1200, { accountsTotal: 1200, errors: 12, calls: 19010 }),
    p("done", 4, 1200, { accountsTotal: 1200, errors: 12, calls: 19020 }),
  ];

  it("shows a growing total as a lower bound until the organization is listed, at 80 columns", () => {
    const lines = drawn(80, growing);
    assert.deepEqual(lines, [
      "[1/4] identity | 0 errors | 0 calls",
      "[2/4] organization | 0 errors | 1 call",
      "[3/4] reading accounts [░░░░░░░░░░░░░░░░░░░] 0/≥2 accounts | 0 errors | 3 calls",
      "[3/4] reading accounts [███████████░] 141/≥150 accounts | 0 errors | 2410 calls",
      // 300 accounts in the 2 s since the stage began: 900 more take 6 s.
      "[3/4] reading accounts [████░░░░░░░░░░░░░] 300/1200 accounts | 1 error | ETA 6s",
      "[3/4] reading accounts [██████████████] 1200/1200 accounts | 12 errors | ETA 0s",
      "[4/4] reading shared log buckets [█████████████] 1200/1200 accounts | 12 errors",
      "[4/4] done [█████████████████████] 1200/1200 accounts | 12 errors | 19020 calls",
    ]);
    for (const line of lines) assert.ok(line.length <= 79, `${line.length}: ${line}`);
  });

  it("drops the calls, the ETA, the long names and the bar, in that order, to fit 40 columns", () => {
    assert.deepEqual(drawn(40, growing), [
      "[1/4] identity | 0 errors | 0 calls",
      "[2/4] organization | 0 errors | 1 call",
      "[3/4] accounts 0/≥2 | 0 errors",
      "[3/4] accounts 141/≥150 | 0 errors",
      "[3/4] accounts 300/1200 | 1 error",
      "[3/4] accounts 1200/1200 | 12 errors",
      "[4/4] buckets 1200/1200 | 12 errors",
      "[4/4] done 1200/1200 | 12 errors",
    ]);
  });

  it("keeps the bar and the ETA where there is room, and still fits a terminal 12 columns wide", () => {
    const wide = progressLine(p("accounts", 3, 500, { accountsTotal: 1000, errors: 2, calls: 2000 }), 120, 75);
    assert.equal(wide, `[3/4] reading accounts [${"█".repeat(20)}${"░".repeat(20)}] 500/1000 accounts | 2 errors | ETA 1m15s | 2000 calls`);
    assert.equal(progressLine(p("accounts", 3, 500, { accountsTotal: 1000, discovering: true }), 120, 75).includes("ETA"), false, "no ETA for a lower bound");
    assert.equal(progressLine(p("accounts", 3, 5, { accountsTotal: 10 }), 12), "[3/4] acco…"); // 11 columns
  });

  it("redraws at most every 100 ms within a stage, and at once on a stage change", () => {
    assert.deepEqual(
      drawn(80, [1, 2, 3, 4].map((n) => p("accounts", 3, n, { calls: n })).concat(p("buckets", 4, 1000, { calls: 5 })), 40),
      [
        "[3/4] reading accounts [░░░░░░░░░░░░░░░░░░] 1/1000 accounts | 0 errors | 1 call",
        // 3 accounts in the 120 ms since the first redraw of the stage: 996 more take 40 s.
        "[3/4] reading accounts [░░░░░░░░░░░░░░░░░] 4/1000 accounts | 0 errors | ETA 40s",
        "[4/4] reading shared log buckets [██████████████] 1000/1000 accounts | 0 errors",
      ],
    );
  });

  it("renders the collector's own progress of the example organization within 40 columns", async () => {
    const stream = new Capture();
    stream.isTTY = true;
    stream.columns = 40;
    const renderer = createProgressRenderer({ stream, redrawMs: 0 });
    const totals: string[] = [];
    const mock = mockAws(exampleWorld());
    try {
      await collect(
        { credentials: { accessKeyId: `AKIA${M}`, secretAccessKey: "secret" }, now: () => new Date("2026-11-26T10:00:00Z") },
        {
          onProgress: (progress) => {
            totals.push(`${progress.accountsTotal}${progress.discovering ? "+" : ""}`);
            renderer.update(progress);
          },
        },
      );
    } finally {
      mock.restore();
      renderer.stop();
    }
    const lines = stream.text.trimEnd().split("\r").slice(1).map((line) => (line.endsWith("\x1b[K") ? line.slice(0, -3) : line));
    for (const line of lines) assert.ok(line.length <= 39, line);
    // The total grew while the organization was listed, then stayed at 6.
    const growth = [...new Set(totals)];
    assert.deepEqual(growth.slice(-1), ["6"]);
    assert.ok(growth.length > 2 && growth.slice(0, -1).every((t) => t.endsWith("+")), growth.join(" "));
    assert.ok(lines.some((line) => /^\[3\/4\] accounts (\[[█░]+\] )?0\/≥[1-5] \| 0 errors$/.test(line)), lines.join("\n"));
    // The world's one failure: a member account that refuses the AssumeRole.
    assert.equal(lines[lines.length - 1], "[4/4] done [████████████] 6/6 | 1 error");
  });

  it("cuts a line with escape sequences between them, never inside one", () => {
    const red = "\x1b[31m3 errors\x1b[0m";
    assert.equal(visibleLength(`ab ${red}`), 11);
    assert.equal(fitText(`ab ${red} | 4 calls`, 8), "ab \x1b[31m3 er…\x1b[0m");
    assert.equal(fitText(`ab ${red}`, 4), "ab \x1b[31m…\x1b[0m");
    assert.equal(fitText("a \x1b]8;;https://x.test\x07link\x1b]8;;\x07 tail", 5), "a \x1b]8;;https://x.test\x07li…\x1b[0m");
    assert.equal(fitText("short", 5), "short");
    assert.equal(formatEta(3700), "1h01m");
  });
});
