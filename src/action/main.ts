// Entry point of the GitHub Action (bundled into dist/action.js by scripts/build-action.mjs):
// wires runAction to @actions/core and the in-process CLI.
import * as core from "@actions/core";
import { runCli } from "../cli/program.js";
import { INFORMATION_URI } from "../engine/report.js";
import { runAction, type ActionHost } from "./run.js";

const host: ActionHost = {
  info: (text) => core.info(text),
  startGroup: (name) => core.startGroup(name),
  endGroup: () => core.endGroup(),
  annotate: (level, message, properties) => core[level](message, properties),
  setOutput: (name, value) => core.setOutput(name, value),
  setFailed: (message) => core.setFailed(message),
  writeSummary: async (markdown) => {
    await core.summary.addRaw(markdown).write();
  },
};

try {
  await runAction({ env: process.env, cli: runCli, host });
} catch (error) {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  core.setFailed(`cloudtrail-lint: internal error in the Action: ${detail}\nPlease report it at ${INFORMATION_URI}/issues`);
}
