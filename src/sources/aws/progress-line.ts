// The progress bar's line, as a pure function of the progress and the terminal width: the richest
// layout that fits is chosen (the call count goes first, then the ETA, then the long stage names
// and the word "accounts", then the bar), and a line that still does not fit is cut, never in the
// middle of an escape sequence. While the organization is still being listed the total is a lower
// bound, shown as "≥N", and there is no ETA.
import type { Progress } from "./types.js";

export const STAGE_LABEL: Record<Progress["stage"], string> = {
  identity: "identity",
  organization: "organization",
  accounts: "reading accounts",
  buckets: "reading shared log buckets",
  done: "done",
};

const STAGE_SHORT: Record<Progress["stage"], string> = {
  identity: "identity",
  organization: "organization",
  accounts: "accounts",
  buckets: "buckets",
  done: "done",
};

const BAR_MIN = 10;
const BAR_MAX = 40;
const FULL = "\u2588";
const EMPTY = "\u2591";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "done/total", the total as "≥total" while accounts are still being found; undefined before the first. */
export function accountCount(p: Progress): string | undefined {
  if (p.accountsTotal === 0 && p.discovering) return undefined;
  return `${p.accountsDone}/${p.discovering ? "\u2265" : ""}${p.accountsTotal}`;
}

/** 75 -> "1m15s", 3700 -> "1h01m". */
export function formatEta(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

interface Layout {
  short: boolean;
  bar: boolean;
  unit: boolean;
  errors: boolean;
  eta: boolean;
  calls: boolean;
}

const LAYOUTS: readonly Layout[] = [
  { short: false, bar: true, unit: true, errors: true, eta: true, calls: true },
  { short: false, bar: true, unit: true, errors: true, eta: true, calls: false },
  { short: false, bar: true, unit: true, errors: true, eta: false, calls: false },
  { short: true, bar: true, unit: false, errors: true, eta: false, calls: false },
  { short: true, bar: false, unit: false, errors: true, eta: false, calls: false },
  { short: true, bar: false, unit: false, errors: false, eta: false, calls: false },
];

function render(p: Progress, layout: Layout, etaSeconds: number | undefined, barWidth: number): string {
  const count = accountCount(p);
  const head = [`[${p.stageIndex}/${p.stageCount}] ${(layout.short ? STAGE_SHORT : STAGE_LABEL)[p.stage]}`];
  if (layout.bar && count !== undefined) {
    const fraction = p.accountsTotal > 0 ? Math.min(1, p.accountsDone / p.accountsTotal) : 0;
    const filled = Math.round(fraction * barWidth);
    head.push(`[${FULL.repeat(filled)}${EMPTY.repeat(barWidth - filled)}]`);
  }
  if (count !== undefined) head.push(layout.unit ? `${count} accounts` : count);
  const tail: string[] = [];
  if (layout.errors) tail.push(plural(p.errors, "error"));
  if (layout.eta && etaSeconds !== undefined) tail.push(`ETA ${formatEta(etaSeconds)}`);
  if (layout.calls) tail.push(plural(p.calls, "call"));
  return [head.join(" "), ...tail].join(" | ");
}

/**
 * The bar's line for a terminal `columns` wide: at most columns - 1 characters, so that the
 * terminal never wraps it (the last column is left free). `etaSeconds` is left out while the total
 * is a lower bound.
 */
export function progressLine(p: Progress, columns: number, etaSeconds?: number): string {
  const max = Math.max(1, columns - 1);
  const eta = p.discovering ? undefined : etaSeconds;
  const hasBar = accountCount(p) !== undefined;
  for (const candidate of LAYOUTS) {
    const layout = hasBar ? candidate : { ...candidate, bar: false };
    if (!layout.bar) {
      const line = render(p, layout, eta, 0);
      if (line.length <= max) return line;
      continue;
    }
    const fixed = render(p, layout, eta, 0).length; // with an empty bar "[]"
    const width = Math.min(BAR_MAX, max - fixed);
    if (width >= BAR_MIN) return render(p, layout, eta, width);
  }
  return fitText(render(p, LAYOUTS[LAYOUTS.length - 1]!, undefined, 0), max);
}

// CSI sequences (colours, cursor moves) and OSC sequences (hyperlinks) take no columns.
// eslint-disable-next-line no-control-regex -- escape sequences are what it matches
const ESCAPE = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/y;

/** Columns a string takes, escape sequences not counted (one column per code point otherwise). */
export function visibleLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; ) {
    ESCAPE.lastIndex = i;
    const m = ESCAPE.exec(text);
    if (m) {
      i += m[0].length;
      continue;
    }
    i += text.codePointAt(i)! > 0xffff ? 2 : 1;
    n += 1;
  }
  return n;
}

/**
 * The text cut to `width` columns, ending in "…" when cut; escape sequences are kept whole (never
 * cut in the middle), and a cut text that used any ends with a reset (ESC[0m).
 */
export function fitText(text: string, width: number): string {
  if (visibleLength(text) <= width) return text;
  if (width <= 0) return "";
  let out = "";
  let n = 0;
  let escaped = false;
  for (let i = 0; i < text.length; ) {
    ESCAPE.lastIndex = i;
    const m = ESCAPE.exec(text);
    if (m) {
      out += m[0];
      escaped = true;
      i += m[0].length;
      continue;
    }
    if (n === width - 1) break;
    const size = text.codePointAt(i)! > 0xffff ? 2 : 1;
    out += text.slice(i, i + size);
    i += size;
    n += 1;
  }
  return `${out}\u2026${escaped ? "\x1b[0m" : ""}`;
}
