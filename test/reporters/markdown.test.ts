import assert from "node:assert/strict";
import type { Severity } from "../../src/engine/check.js";
import type { Report } from "../../src/engine/report.js";
import type { Finding } from "../../src/engine/run.js";
import { DEFAULT_BUDGET, LONG_COMMAND, codeBlock, md, reporter, toMarkdown } from "../../src/reporters/markdown.js";
import { DEV, HOSTILE, MGMT, PROD, finding, fullReport, input, makeReport } from "../helpers/report.js";

function render(report: Report): string {
  return reporter.render(report, { color: false, verbose: false });
}

const bytes = (s: string) => Buffer.byteLength(s, "utf8");

/** The text outside fenced code blocks, as lines. */
function outsideFences(page: string): string[] {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of page.split("\n")) {
    const open = /^(`{3,})/.exec(line);
    if (fence === undefined && open) fence = open[1];
    else if (fence !== undefined && line === fence) fence = undefined;
    else if (fence === undefined) out.push(line);
  }
  return out;
}

/** Table cells of a row, split only on pipes that are not backslash-escaped. */
function cells(row: string): string[] {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < row.length; i++) {
    const c = row[i]!;
    if (c === "\\") {
      current += c + (row[i + 1] ?? "");
      i += 1;
    } else if (c === "|") {
      parts.push(current);
      current = "";
    } else current += c;
  }
  parts.push(current);
  return parts.slice(1, -1).map((p) => p.trim());
}

function section(page: string, heading: string): string {
  const start = page.indexOf(`${heading}\n`);
  assert.ok(start >= 0, `no section ${heading}`);
  const rest = page.slice(start + heading.length + 1);
  const next = rest.search(/^### |^<details>/m);
  return next < 0 ? rest : rest.slice(0, next);
}

function detailsRows(page: string): string[] {
  const details = page.slice(page.indexOf("<details>"));
  return details.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| Status |") && !l.startsWith("| --- |"));
}

describe("markdown reporter", () => {
  it("opens with the organization score and the ERROR count beside it", () => {
    const page = render(fullReport());
    const lines = page.split("\n");
    assert.equal(lines[0], "## cloudtrail-lint: CloudTrail posture");
    assert.equal(lines[2], "**Organization score: 40/100** · ⚠️ 2 ERRORs not scored: partial scan");
    assert.equal(lines[4], "Results: 5 PASS · 8 FAIL (1 suppressed) · 2 ERROR · 5 NOT\\_APPLICABLE");
    assert.equal(lines[6], "- Input examples/org-snapshot.json (snapshot): organization o-exampleorg1, 3 accounts, collected 2026-11-20T12:00:00Z");
    assert.equal(lines[7], "- cloudtrail-lint 1.2.3, generated 2026-11-20T12:30:00Z");
  });

  it("labels the score for a standalone account, says when there are no ERRORs, and n/a when nothing was decided", () => {
    const standalone = makeReport({ findings: [finding({ checkId: "a", status: "PASS" })], inputs: [input({ organizationId: null, accountCount: 1 })] });
    assert.equal(render(standalone).split("\n")[2], "**Account score: 100/100** · no ERRORs");
    const undecided = makeReport({ findings: [finding({ checkId: "a", status: "ERROR" })], inputs: [input({ organizationId: null })] });
    assert.equal(render(undecided).split("\n")[2], "**Account score: n/a** · ⚠️ 1 ERROR not scored: partial scan");
  });

  it("has a table of accounts with score, FAIL counts by severity, ERRORs and suppressed", () => {
    const rows = section(render(fullReport()), "### Accounts")
      .split("\n")
      .filter((l) => l.startsWith("| "));
    assert.deepEqual(cells(rows[0]!), ["Account", "Name", "Score", "Critical", "High", "Medium", "Low", "Info", "ERROR", "Suppressed"]);
    assert.deepEqual(cells(rows[2]!), [MGMT, "management", "79", "0", "1", "0", "0", "0", "1", "1"]);
    assert.deepEqual(cells(rows[3]!), [PROD, "prod", "0", "1", "1", "1", "1", "1", "0", "0"]);
    const dev = cells(rows[4]!);
    assert.equal(dev.length, 10, "hostile pipes do not add cells");
    assert.deepEqual(dev.slice(2), ["0", "0", "1", "0", "0", "0", "1", "0"]);
  });

  it("lists the top findings highest severity first, each with its fix in a fenced block", () => {
    const top = section(render(fullReport()), "### Top findings");
    assert.ok(top.startsWith("\n7 of 7 unsuppressed FAILs, highest severity first.\n"));
    const headings = top.split("\n").filter((l) => l.startsWith("#### "));
    assert.deepEqual(
      headings.map((h) => h.split(" · ").slice(0, 2).join(" · ")),
      [
        "#### 1. CRITICAL · log-bucket-no-delete",
        "#### 2. HIGH · global-service-events",
        "#### 3. HIGH · multi-region-trail",
        "#### 4. HIGH · multi-region-trail",
        "#### 5. MEDIUM · log-bucket-object-lock",
        "#### 6. LOW · cloudwatch-logs-integration",
        "#### 7. INFO · data-events-tagged-buckets",
      ],
    );
    assert.ok(
      top.includes(
        "**Fix:** Turn log-bucket-no-delete on.\n\n```sh\naws cloudtrail update-trail --name arn:aws:cloudtrail:us-east-1:333333333333:trail/main --region us-east-1\n```\n",
      ),
    );
    assert.ok(!top.includes("org-trail-logs"), "suppressed FAILs are not top findings");
  });

  it("shows at most 20 top findings", () => {
    const severities: Severity[] = ["low", "critical", "medium", "high", "info"];
    const findings = Array.from({ length: 25 }, (_, i) =>
      finding({ checkId: "c", status: "FAIL", severity: severities[i % 5]!, resource: `arn:aws:s3:::bucket-${String(i).padStart(2, "0")}` }),
    );
    const top = section(render(makeReport({ findings })), "### Top findings");
    assert.ok(top.startsWith("\n20 of 25 unsuppressed FAILs, highest severity first.\n"));
    const headings = top.split("\n").filter((l) => l.startsWith("#### "));
    assert.equal(headings.length, 20);
    assert.deepEqual(
      headings.map((h) => h.split(" ")[2]),
      [...Array(5).fill("CRITICAL"), ...Array(5).fill("HIGH"), ...Array(5).fill("MEDIUM"), ...Array(5).fill("LOW")],
    );
    assert.equal(render(makeReport({ findings: [finding({ checkId: "c", status: "PASS" })] })).includes("No unsuppressed FAIL results."), true);
  });

  it("lists ERRORs and expired suppressions in their own sections", () => {
    const page = render(fullReport());
    const errors = section(page, "### ERRORs: not decided, not scored").split("\n").filter((l) => l.startsWith("- "));
    assert.equal(errors.length, 2);
    assert.equal(errors[0], `- **global-service-events** · ${MGMT} (management): Internal error in check global-service-events: boom`);
    assert.ok(errors[1]!.startsWith(`- **cloudwatch-logs-integration** · ${DEV} (dev &lt;script&gt;`));
    assert.ok(errors[1]!.includes("AccessDenied"));
    const expired = section(page, "### Expired suppressions (not applied)").split("\n").filter((l) => l.startsWith("- "));
    assert.deepEqual(expired, [`- **multi-region-trail** (account ${DEV}) expired on 2026-01-01; reason given: Old exception`]);
    assert.ok(!render(makeReport({ findings: [finding({ checkId: "a", status: "PASS" })] })).includes("### ERRORs"));
  });

  it("puts every result in a collapsible details table", () => {
    const report = fullReport();
    const page = render(report);
    assert.ok(page.includes("<details>\n<summary>All results (20)</summary>\n\n| Status | Severity | Check | Account | Region | Resource | Message |\n"));
    assert.ok(page.endsWith("\n</details>\n"));
    const rows = detailsRows(page);
    assert.equal(rows.length, report.results.length);
    for (const row of rows) assert.equal(cells(row).length, 7, row);
    assert.deepEqual(cells(rows[6]!).slice(0, 3), ["🔕 FAIL (suppressed)", "medium", "log-bucket-object-lock"]);
    assert.ok(cells(rows[6]!)[6]!.startsWith("(suppressed: Accepted until the migration ("));
    assert.ok(cells(rows[6]!)[6]!.includes(") FAIL message for log-bucket-object-lock."));
    assert.deepEqual(
      rows.map((r) => cells(r)[0]),
      report.results.map((f) => (f.suppressed ? "🔕 FAIL (suppressed)" : { PASS: "✅ PASS", FAIL: "❌ FAIL", ERROR: "⚠️ ERROR", NOT_APPLICABLE: "➖ N/A" }[f.status])),
    );
    assert.ok(!render(makeReport({ findings: [], checks: [] })).includes("<details>"));
  });

  it("escapes hostile text: no HTML, no Markdown syntax, no control characters outside code blocks", () => {
    const page = render(fullReport());
    const outside = outsideFences(page);
    const html = outside.join("\n").match(/<\/?[a-z][^>]*>/gi) ?? [];
    assert.deepEqual([...new Set(html)].sort(), ["</details>", "</summary>", "<details>", "<summary>"]);
    assert.ok(![...page].some((c) => c.charCodeAt(0) < 0x20 && c !== "\n"), "no raw control characters");
    assert.ok(!/[\ud800-\udfff]/.test(page.replace(/[\ud800-\udbff][\udc00-\udfff]/g, "")), "no lone surrogates");
    // Untrusted text never starts a line, so "# not a heading" stays text.
    assert.ok(!outside.some((l) => l.startsWith("# not a heading")));
    const expected =
      "dev &lt;script&gt;alert('x')&lt;/script&gt; &amp; \"q\" \\]\\]&gt; \\\\u0001\\\\u001b\\[31mred\\\\u001b\\[0m\\\\u0000\\\\u000b \\|a\\|b\\| \\`\\`\\` \\`tick\\` \\\\ud800 # not a heading 😀";
    assert.ok(page.includes(`${DEV} (${expected})`), "account name escaped exactly");
  });

  it("fences commands with more backticks than they contain, one command per line", () => {
    const page = render(fullReport());
    const block = page.slice(page.indexOf("````sh\n"));
    const body = block.slice("````sh\n".length, block.indexOf("\n````\n"));
    assert.equal(
      body,
      "aws cloudtrail start-logging --name '<script>alert('x')</script> & \"q\" ]]> \\u0001\\u001b[31mred\\u001b[0m\\u0000\\u000b |a|b| ``` `tick` \\ud800\\n# not a heading 😀'",
    );
    assert.equal(codeBlock(["echo `a`"]), "```sh\necho `a`\n```");
    assert.equal(codeBlock(["a ```` b", "c"]), "`````sh\na ```` b\nc\n`````");
    assert.equal(codeBlock(["rm -rf /tmp/x\nrm -rf /"]), "```sh\nrm -rf /tmp/x\\nrm -rf /\n```");
  });

  it("md escapes inline text", () => {
    assert.equal(md("a|b"), "a\\|b");
    assert.equal(md("<b>&amp;</b>"), "&lt;b&gt;&amp;amp;&lt;/b&gt;");
    assert.equal(md("[x](https://e.example) ![i](u)"), "\\[x\\](https://e.example) !\\[i\\](u)");
    assert.equal(md("*b* _i_ ~s~ `c` $m$ \\"), "\\*b\\* \\_i\\_ \\~s\\~ \\`c\\` \\$m\\$ \\\\");
    assert.equal(md("line\n\n# head\r\n- item\tx"), "line # head - item x");
    assert.equal(md("\u0007\u009b\u202e\u2028"), "\\\\u0007\\\\u009b\\\\u202e\\\\u2028");
    assert.equal(md("arn:aws:s3:::my-bucket.logs"), "arn:aws:s3:::my-bucket.logs");
    assert.equal(md("x".repeat(5), 3), "xxx…");
    assert.equal(md("ab😀", 3), "ab…", "a surrogate pair is not split");
  });

  it("stays under the byte budget for a huge report, dropping details rows with a clear note", () => {
    const findings: Finding[] = [];
    for (let i = 0; i < 12_000; i++) {
      findings.push(
        finding({
          checkId: "log-bucket-object-lock",
          status: i % 3 === 0 ? "FAIL" : "PASS",
          severity: "medium",
          accountId: String(100000000000 + (i % 400)),
          resource: `arn:aws:s3:::bucket-${i}`,
          message: `Object Lock is not enabled on bucket-${i}: ${"x".repeat(60)}.`,
        }),
      );
    }
    const report = makeReport({ findings });
    const page = render(report);
    assert.ok(bytes(page) <= DEFAULT_BUDGET, `${bytes(page)} bytes`);
    assert.ok(bytes(page) > DEFAULT_BUDGET - 5_000, "fills the budget");
    const shown = detailsRows(page).length;
    assert.ok(shown > 1000 && shown < 12_000, String(shown));
    const total = "12,000";
    assert.ok(page.includes(`<summary>All results (${shown.toLocaleString("en-US")} of ${total})</summary>`));
    assert.ok(
      page.includes(
        `\n> **${(12_000 - shown).toLocaleString("en-US")} of ${total} results are not listed here** to keep this summary under GitHub's 1 MiB step-summary limit; the JSON report has them all.\n`,
      ),
    );
    assert.ok(page.endsWith("\n</details>\n"));
    // The rows kept are the first ones, in report order.
    assert.deepEqual(
      detailsRows(page).map((r) => cells(r)[5]),
      report.results.slice(0, shown).map((f) => md(f.resource!)),
    );
  });

  it("honours any budget: smaller budgets cut accounts, top findings and rows, never the closing tag", () => {
    for (const budget of [6_000, 20_000, 60_000]) {
      const findings = Array.from({ length: 3000 }, (_, i) =>
        finding({ checkId: "c", status: "FAIL", accountId: String(200000000000 + i), message: HOSTILE.repeat(3) }),
      );
      const page = toMarkdown(makeReport({ findings }), budget);
      assert.ok(bytes(page) <= budget, `${budget}: ${bytes(page)}`);
      assert.ok(page.endsWith("\n</details>\n"));
      assert.match(page, /accounts are not listed\*\* to keep this summary under GitHub's 1 MiB step-summary limit/);
      assert.match(page, /results are not listed here\*\*/);
    }
  });

  describe("long commands are never cut", () => {
    /** A put-bucket-policy command of exactly `length` characters, its policy JSON whole. */
    function longCommand(length: number, tag = "R"): string {
      const head = `aws s3api put-bucket-policy --bucket b --policy '{"Statement":[{"Sid":"${tag}","Resource":"`;
      const tail = `"}]}'`;
      return head + "x".repeat(length - head.length - tail.length) + tail;
    }
    const fixed = (cli: string[], text = "Fix it.") =>
      makeReport({ findings: [finding({ checkId: "log-bucket-no-delete", status: "FAIL", remediation: { text, cli } })] });
    /** The top findings section (section() stops at the first <details>, which is now inside it). */
    const topOf = (page: string) => {
      const rest = page.slice(page.indexOf("### Top findings\n") + "### Top findings\n".length);
      const next = rest.search(/^### |^<details>\n<summary>All results/m);
      return next < 0 ? rest : rest.slice(0, next);
    };

    it("a 3,000-character command renders whole inside a collapsed <details>, in its place among the short ones", () => {
      const long = longCommand(3000);
      assert.equal(long.length, 3000);
      const top = topOf(render(fixed(["aws one", long, "aws three"])));
      const at = top.indexOf("**Fix:** Fix it.");
      assert.equal(
        top.slice(at),
        [
          "**Fix:** Fix it.",
          "",
          "```sh\naws one\n```",
          "",
          "<details>",
          "<summary>Command 2 of 3 (3,000 characters, shown whole: expand)</summary>",
          "",
          `\`\`\`sh\n${long}\n\`\`\``,
          "",
          "</details>",
          "",
          "```sh\naws three\n```",
          "",
          "",
        ].join("\n"),
      );
      assert.ok(!top.includes("…"));
    });

    it(`a command of ${LONG_COMMAND} characters stays in the open block; one more and it is collapsed`, () => {
      const atLimit = topOf(render(fixed([longCommand(LONG_COMMAND)])));
      assert.ok(atLimit.includes(`\`\`\`sh\n${longCommand(LONG_COMMAND)}\n\`\`\``));
      assert.ok(!atLimit.includes("<details>"));
      const over = topOf(render(fixed([longCommand(LONG_COMMAND + 1)])));
      assert.ok(over.includes(`<details>\n<summary>Command (2,001 characters, shown whole: expand)</summary>\n\n\`\`\`sh\n${longCommand(LONG_COMMAND + 1)}\n\`\`\`\n\n</details>\n`));
      assert.equal(codeBlock([longCommand(5000)]), `\`\`\`sh\n${longCommand(5000)}\n\`\`\``);
    });

    it("a fix text past the inline limit (a command in its prose) is shown whole in a collapsed block", () => {
      const text = `Alternatively, deny them with an SCP: ${longCommand(1400)}, then attach it.`;
      const top = topOf(render(fixed(["aws one"], text)));
      assert.ok(
        top.includes(`<details>\n<summary>Fix (${text.length.toLocaleString("en-US")} characters, shown whole: expand)</summary>\n\n**Fix:** ${md(text, Infinity)}\n\n</details>\n\n\`\`\`sh\naws one\n\`\`\`\n`),
      );
      assert.ok(md(text, Infinity).endsWith(`xx"}\\]}', then attach it.`), "the whole text, escaped");
      assert.ok(!top.includes("…"));
      assert.equal(topOf(render(fixed([], "Short fix."))).includes("**Fix:** Short fix.\n"), true);
    });

    it("the page budget drops a long command whole, named with its length, never a part of it; then whole findings", () => {
      const huge = longCommand(400_000, "HUGE");
      const report = makeReport({
        findings: [
          finding({ checkId: "a", status: "FAIL", severity: "critical", remediation: { text: "Fix a.", cli: ["aws short-a", huge] } }),
          finding({ checkId: "b", status: "FAIL", severity: "high" }),
        ],
      });
      const page = toMarkdown(report);
      assert.ok(bytes(page) <= DEFAULT_BUDGET);
      const top = topOf(page);
      assert.ok(top.startsWith("\n2 of 2 unsuppressed FAILs, highest severity first.\n"));
      assert.ok(top.includes("```sh\naws short-a\n```\n\n(Command 2 of 2: 400,000 characters, too long for this summary; it is in the JSON report.)\n"));
      assert.ok(!page.includes('"Sid":"HUGE"'), "no part of the long command");
      assert.ok(top.includes("#### 2. HIGH · b"));
      // A budget too small even for the compact form: the findings are left out whole, with a count.
      const small = toMarkdown(report, 3_000);
      assert.ok(bytes(small) <= 3_000);
      assert.ok(!small.includes('"Sid":"HUGE"'));
      assert.match(topOf(small), /> \*\*2 more top findings are not shown\*\* to keep this summary under GitHub's 1 MiB step-summary limit; the JSON report has them all\./);
    });
  });

  it("is deterministic: same report, same bytes", () => {
    assert.equal(render(fullReport()), render(structuredClone(fullReport())));
  });
});
