// The baseline delta in the text and Markdown reporters: hostile text from the baseline file (a
// fixed finding's message, resource and account name come from it, not from this run) is as safe
// as any other, and without a baseline nothing of the delta is rendered.
import assert from "node:assert/strict";
import { compareWithBaseline } from "../../src/engine/baseline.js";
import { toMarkdown } from "../../src/reporters/markdown.js";
import { toSarif } from "../../src/reporters/sarif.js";
import { renderText } from "../../src/reporters/text.js";
import { DEV, HOSTILE, fullReport, makeReport } from "../helpers/report.js";

describe("reporters with a baseline", () => {
  const full = fullReport();
  // This run is the full report without the DEV trail whose name is hostile: fixed since the baseline.
  const hostile = (f: { resource?: string }) => f.resource?.includes("<script>") === true;
  const now = makeReport({ findings: full.results.filter((f) => !hostile(f)), checks: full.checks, expiredSuppressions: full.expiredSuppressions });
  const compared = compareWithBaseline(now, full, `old ${HOSTILE}.json`);

  it("the hostile finding is the one fixed", () => {
    assert.deepEqual(compared.baseline!.fixed.map((f) => [f.checkId, f.accountId, hostile(f)]), [["multi-region-trail", DEV, true]]);
  });

  it("text: no control character or escape sequence of the baseline reaches the terminal", () => {
    const text = renderText(compared, { color: false, verbose: false });
    const delta = text.slice(text.indexOf("Since the baseline"));
    assert.match(delta, /^Since the baseline old <script>alert\('x'\)<\/script> & "q" \]\]> \\u0001\\u001b\[31mred/);
    assert.match(delta, /\n {2}FIXED high {5}multi-region-trail {2}Trail <script>/);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(delta, /[\u0000-\u0008\u000b-\u001f\u007f]/);
  });

  it("markdown: no HTML or Markdown syntax of the baseline reaches the page", () => {
    const md = toMarkdown(compared);
    const section = md.slice(md.indexOf("### Since the baseline"), md.indexOf("### Accounts"));
    assert.ok(section.includes("- ✅ high · **multi-region-trail** ·"));
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(section, /<script>|\n#|\u001b/);
    assert.ok(section.includes("&lt;script&gt;"));
  });

  it("without a baseline, no delta, no marks, no baselineState", () => {
    const text = renderText(now, { color: false, verbose: true });
    assert.doesNotMatch(text, /Since the baseline|\[new\]|since the baseline/);
    assert.doesNotMatch(toMarkdown(now), /Since the baseline|🆕/);
    assert.ok(toSarif(now).runs[0]!.results!.every((r) => r.baselineState === undefined));
    assert.ok(toSarif(compared).runs[0]!.results!.every((r) => r.baselineState === "unchanged"));
  });
});
