// Where the browser for the HTML report's browser test (and `npm run docs:screenshot`) is.
import { existsSync } from "node:fs";

/** $CHROMIUM_PATH, else Debian's `chromium` package (or another distribution's browser), else undefined. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
  return candidates.find((p): p is string => p !== undefined && p !== "" && existsSync(p));
}
