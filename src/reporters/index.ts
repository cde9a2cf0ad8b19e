// The reporter registry: an explicit list of output formats, in the order `--help` lists them.
// Adding a format = importing its module and adding its `reporter` to the list.
import { reporter as html } from "./html.js";
import { reporter as json } from "./json.js";
import { reporter as junit } from "./junit.js";
import { reporter as markdown } from "./markdown.js";
import type { Reporter } from "./reporter.js";
import { reporter as sarif } from "./sarif.js";
import { reporter as text } from "./text.js";

export const reporters: readonly Reporter[] = [
  text,
  json,
  sarif,
  junit,
  markdown,
  html,
];

export function findReporter(name: string): Reporter | undefined {
  return reporters.find((r) => r.name === name);
}

export function reporterNames(): string[] {
  return reporters.map((r) => r.name);
}
