// Progress of a collection on stderr: a cli-progress bar on a terminal, a plain line now and then in
// CI logs (at each stage change and every `intervalMs`), nothing with quiet.
import cliProgress from "cli-progress";
import type { Progress } from "./types.js";

export interface ProgressRendererOptions {
  /** Default process.stderr. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  quiet?: boolean;
  /** Overrides stream.isTTY. */
  tty?: boolean;
  /** Plain mode: at most one line per interval within a stage. Default 10 s. */
  intervalMs?: number;
  /** Clock in ms (tests). */
  now?: () => number;
}

export interface ProgressRenderer {
  update(progress: Progress): void;
  /** Ends the bar (or prints the last plain line); safe to call twice. */
  stop(): void;
}

const STAGE_LABEL: Record<Progress["stage"], string> = {
  identity: "identity",
  organization: "organization",
  accounts: "reading accounts",
  buckets: "reading shared log buckets",
  done: "done",
};

export function describeProgress(p: Progress): string {
  const head = `cloudtrail-lint: [${p.stageIndex}/${p.stageCount}] ${STAGE_LABEL[p.stage]}`;
  const accounts = p.accountsTotal > 0 ? `: ${p.accountsDone}/${p.accountsTotal} accounts` : "";
  return `${head}${accounts}, ${p.errors} error${p.errors === 1 ? "" : "s"}, ${p.calls} call${p.calls === 1 ? "" : "s"}`;
}

export function createProgressRenderer(options: ProgressRendererOptions = {}): ProgressRenderer {
  const stream = options.stream ?? process.stderr;
  if (options.quiet) return { update() {}, stop() {} };
  const tty = options.tty ?? stream.isTTY === true;
  return tty ? barRenderer(stream) : plainRenderer(stream, options.intervalMs ?? 10_000, options.now ?? Date.now);
}

function barRenderer(stream: NodeJS.WritableStream): ProgressRenderer {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: "{stage} [{bar}] {value}/{total} accounts | {errors} errors | {calls} calls | ETA {eta_formatted}",
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let stage: Progress["stage"] | undefined;
  let stopped = false;
  return {
    update(p) {
      if (stopped) return;
      const payload = { stage: `[${p.stageIndex}/${p.stageCount}] ${STAGE_LABEL[p.stage]}`, errors: p.errors, calls: p.calls };
      const total = Math.max(p.accountsTotal, 1);
      if (!started) {
        bar.start(total, p.accountsDone, payload);
        started = true;
      } else if (stage !== p.stage) {
        bar.setTotal(total);
        bar.update(p.accountsDone, payload);
      } else {
        bar.update(p.accountsDone, payload);
      }
      stage = p.stage;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (started) bar.stop();
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
