// `npm run docs:screenshot`: renders the bundled example organization's HTML report and writes the
// first screen, as headless Chromium shows it, to docs/html-report.png (the README's picture).
// Chromium: $CHROMIUM_PATH or Debian's package (apt-get install -y chromium).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { runCli } from "../src/cli/program.js";
import { findChromium } from "../test/helpers/chromium.js";

const root = new URL("..", import.meta.url).pathname;
const executablePath = findChromium();
if (executablePath === undefined) {
  console.error("docs:screenshot: no Chromium found (apt-get install -y chromium, or set CHROMIUM_PATH)");
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), "ctl-docs-"));
try {
  const html = join(dir, "org.html");
  let stderr = "";
  const code = await runCli(["lint", "examples/org-snapshot.json", "--now", "2026-11-20T12:30:00Z", "--quiet", "--fail-on", "none", "--format", `html=${html}`], {
    stdout: () => {},
    stderr: (text) => void (stderr += text),
    env: {},
    isTTY: false,
    cwd: root,
    now: () => new Date("2026-11-20T12:30:00Z"),
  });
  if (code !== 0 && code !== 3) throw new Error(`lint exited ${code}: ${stderr}`);
  const browser = await chromium.launch({ executablePath });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1720 }, colorScheme: "light" });
    await page.goto(pathToFileURL(html).href);
    await page.waitForSelector("body.ready");
    await page.screenshot({ path: join(root, "docs", "html-report.png") });
  } finally {
    await browser.close();
  }
  console.log("wrote docs/html-report.png");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
