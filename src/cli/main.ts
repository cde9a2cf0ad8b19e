#!/usr/bin/env node
// The cloudtrail-lint executable: runs the CLI against the real process.
import { runCli } from "./program.js";

// A reader that went away (`cloudtrail-lint lint x.json | head`) is not an error worth a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

// Ctrl-C stops a collection cleanly (nothing is written); a second Ctrl-C ends the process at once.
const interrupt = new AbortController();
process.on("SIGINT", () => {
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort();
});

/** All of standard input as UTF-8 (`lint -`). */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  env: process.env,
  isTTY: process.stdout.isTTY === true,
  ...(process.stdout.isTTY && process.stdout.columns ? { columns: process.stdout.columns } : {}),
  readStdin,
  signal: interrupt.signal,
  progressStream: process.stderr,
});
// exitCode rather than exit(): lets stdout drain when it is a pipe.
process.exitCode = code;
