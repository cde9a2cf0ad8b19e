// The HTML report's one inline style sheet (allowed by the page's CSP through its sha256 hash):
// light and dark schemes from prefers-color-scheme, and print rules for a readable PDF (filters and
// pagers hidden, evidence shown). Status is never colour alone: every cell and badge has its text.
export const PAGE_STYLE = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --panel: #f6f8fa;
  --pass: #1a7f37; --pass-bg: #dafbe1; --fail: #cf222e; --fail-bg: #ffebe9;
  --error: #9a6700; --error-bg: #fff8c5; --na: #57606a; --na-bg: #eaeef2;
  --sup: #8250df; --sup-bg: #fbefff; --link: #0969da;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #8d96a0; --line: #30363d; --panel: #161b22;
    --pass: #3fb950; --pass-bg: #12361f; --fail: #ff7b72; --fail-bg: #4a1417;
    --error: #d29922; --error-bg: #3b2e0a; --na: #8d96a0; --na-bg: #21262d;
    --sup: #d2a8ff; --sup-bg: #2f1f4a; --link: #58a6ff;
  }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; padding: 1.5rem; background: var(--bg); color: var(--fg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1rem; margin: 0 0 .4rem; display: flex; flex-wrap: wrap; gap: .4rem; align-items: baseline; }
.mono, pre, code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; padding: .5rem; background: var(--panel);
  border: 1px solid var(--line); border-radius: 4px; }
.meta { color: var(--muted); margin: 0; }
.overview { display: flex; flex-wrap: wrap; gap: 1rem; margin-top: 1rem; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem; }
.score-value { font-size: 2.6rem; font-weight: 700; line-height: 1; }
.score-label { color: var(--muted); }
.formula { flex: 1 1 28rem; max-width: 52rem; }
.formula p { margin: .3rem 0; }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; }
thead th { background: var(--panel); position: sticky; top: 0; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
button { font: inherit; color: inherit; background: var(--panel); border: 1px solid var(--line);
  border-radius: 4px; padding: .15rem .5rem; cursor: pointer; }
button:disabled { opacity: .5; cursor: default; }
th button.sort { border: 0; background: none; padding: 0; font-weight: 600; }
.scroll { overflow-x: auto; max-width: 100%; }
.pager { display: flex; gap: .5rem; align-items: center; margin: .5rem 0; flex-wrap: wrap; }
.pager-info, .pager-page { color: var(--muted); }
#matrix th.check { height: 11rem; vertical-align: bottom; padding: .25rem .1rem; }
#matrix th.check span { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; font-weight: 500; }
#matrix tbody th { white-space: nowrap; font-weight: 500; }
#matrix td.cell { padding: 0; text-align: center; min-width: 2.6rem; }
#matrix td.cell button { width: 100%; border: 0; border-radius: 0; background: transparent; font-size: 11px; font-weight: 600; padding: .3rem .1rem; }
.cell.pass, .badge.pass { background: var(--pass-bg); color: var(--pass); }
.cell.fail, .badge.fail { background: var(--fail-bg); color: var(--fail); }
.cell.error, .badge.error { background: var(--error-bg); color: var(--error); }
.cell.na, .badge.na { background: var(--na-bg); color: var(--na); }
.cell.suppressed, .badge.suppressed { background: var(--sup-bg); color: var(--sup); }
.legend { display: flex; gap: .5rem; flex-wrap: wrap; padding: 0; list-style: none; }
.badge { display: inline-block; border-radius: 3px; padding: 0 .4rem; font-size: 12px; font-weight: 600; border: 1px solid currentColor; }
.badge.severity { color: var(--fg); border-color: var(--line); }
.badge.severity.critical, .badge.severity.high { color: var(--fail); }
.badge.baseline.new { color: var(--fail); }
.badge.baseline.unchanged { color: var(--muted); }
.filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; margin: .5rem 0 1rem; }
.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
.filters select, .filters input { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 4px; padding: .2rem .3rem; }
.finding { border: 1px solid var(--line); border-left: 4px solid var(--na); border-radius: 4px; padding: .6rem .8rem; margin: .6rem 0; break-inside: avoid; }
.finding.fail { border-left-color: var(--fail); }
.finding.pass { border-left-color: var(--pass); }
.finding.error { border-left-color: var(--error); }
.finding.suppressed { border-left-color: var(--sup); }
.finding .message { margin: .2rem 0 .4rem; }
.finding .check-id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.finding .check-title { color: var(--muted); font-weight: 400; }
.field { margin: .1rem 0; overflow-wrap: anywhere; }
.field .label { color: var(--muted); }
.commands { position: relative; margin: .4rem 0; }
.commands button.copy { position: absolute; top: .3rem; right: .3rem; }
.commands pre { padding-right: 5rem; }
details.evidence { margin-top: .4rem; }
details.evidence summary { cursor: pointer; color: var(--link); }
.empty { color: var(--muted); }
.box-list { margin: .3rem 0; padding-left: 1.2rem; }
.delta-up { color: var(--pass); }
.delta-down { color: var(--fail); }
.js-only { display: none; }
body.ready .js-only { display: block; }
@media print {
  body { padding: 0; font-size: 11px; }
  .filters, .pager, button.copy, .noscript { display: none !important; }
  thead th { position: static; }
  #matrix td.cell button { padding: .1rem 0; }
  .finding, tr { break-inside: avoid; }
  details.evidence > summary { list-style: none; color: var(--fg); }
  a { color: inherit; }
}
`;
