// Progress of a collection on stderr: a bar on a terminal (one line redrawn in place, as wide as
// the terminal allows: progress-line.ts), a plain line now and then in
// CI logs (at each stage change and every `intervalMs`), nothing with quiet.
import { accountCount, progressLine, STAGE_LABEL } from "./progress-line.js";
import type { Progress } from "./types.js";

export interface ProgressRendererOptions {
  /** Default process.stderr. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  quiet?: boolean;
  /** Overrides stream.isTTY. */
  tty?: boolean;
  /** Overrides stream.columns (the bar's line never takes more). Default: stream.columns, else 80. */
  columns?: number;
  /** Plain mode: at most one line per interval within a stage. Default 10 s. */
  intervalMs?: number;
  /** Bar mode: at most one redraw per interval within a stage. Default 100 ms. */
  redrawMs?: number;
  /** Clock in ms (tests). */
  now?: () => number;
}

export interface ProgressRenderer {
  update(progress: Progress): void;
  /** Ends the bar (or prints the last plain line); safe to call twice. */
  stop(): void;
}

export function describeProgress(p: Progress): string {
  const head = `cloudtrail-lint: [${p.stageIndex}/${p.stageCount}] ${STAGE_LABEL[p.stage]}`;
  const count = accountCount(p);
  const accounts = count !== undefined && p.accountsTotal > 0 ? `: ${count} accounts` : "";
  return `${head}${accounts}, ${p.errors} error${p.errors === 1 ? "" : "s"}, ${p.calls} call${p.calls === 1 ? "" : "s"}`;
}

export function createProgressRenderer(options: ProgressRendererOptions = {}): ProgressRenderer {
  const stream = options.stream ?? process.stderr;
  if (options.quiet) return { update() {}, stop() {} };
  const tty = options.tty ?? stream.isTTY === true;
  const now = options.now ?? Date.now;
  if (!tty) return plainRenderer(stream, options.intervalMs ?? 10_000, now);
  const columns = () => options.columns ?? (stream.columns && stream.columns > 0 ? stream.columns : 80);
  return barRenderer(stream, columns, options.redrawMs ?? 100, now);
}

/**
 * One line redrawn in place (carriage return, the line, erase to its end), at each stage change
 * and at most once per `redrawMs`; the terminal's width is read at each redraw, so a resized
 * terminal gets lines that fit. The ETA of the accounts stage comes from the accounts read since
 * the stage began, once the organization is listed (before, the total is only a lower bound).
 */
function barRenderer(stream: NodeJS.WritableStream, columns: () => number, redrawMs: number, now: () => number): ProgressRenderer {
  let stage: Progress["stage"] | undefined;
  let stageStart = 0;
  let doneAtStart = 0;
  let lastDraw = -Infinity;
  let last: Progress | undefined;
  let drawn: Progress | undefined;
  let stopped = false;
  const eta = (p: Progress): number | undefined => {
    if (p.stage !== "accounts" || p.discovering) return undefined;
    const read = p.accountsDone - doneAtStart;
    const elapsed = (now() - stageStart) / 1000;
    if (read <= 0 || elapsed <= 0) return undefined;
    return ((p.accountsTotal - p.accountsDone) * elapsed) / read;
  };
  const draw = (p: Progress) => {
    stream.write(`\r${progressLine(p, columns(), eta(p))}\x1b[K`);
    drawn = p;
    lastDraw = now();
  };
  return {
    update(p) {
      if (stopped) return;
      last = p;
      if (p.stage !== stage) {
        stage = p.stage;
        stageStart = now();
        doneAtStart = p.accountsDone;
        draw(p);
      } else if (now() - lastDraw >= redrawMs) {
        draw(p);
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (!last) return;
      if (last !== drawn) draw(last);
      stream.write("\n");
    },
  };
}

function plainRenderer(stream: NodeJS.WritableStream, intervalMs: number, now: () => number): ProgressRenderer {
  let lastStage: string | undefined;
  let lastAt = -Infinity;
  let last: Progress | undefined;
  let printed: Progress | undefined;
  let stopped = false;
  const print = (p: Progress) => {
    stream.write(`${describeProgress(p)}\n`);
    printed = p;
    lastAt = now();
    lastStage = p.stage;
  };
  return {
    update(p) {
      if (stopped) return;
      last = p;
      if (p.stage !== lastStage || now() - lastAt >= intervalMs) print(p);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (last && last !== printed) print(last);
    },
  };
}
