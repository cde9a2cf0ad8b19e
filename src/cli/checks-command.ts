// `cloudtrail-lint checks`: the installed checks with their meta, as text or as a JSON array.
import pc from "picocolors";
import type { AnyCheck } from "../engine/check.js";
import { defaultSetting } from "../engine/run.js";

export function renderChecksJson(checks: readonly AnyCheck[]): string {
  return `${JSON.stringify(
    checks.map((check) => check.meta),
    null,
    2,
  )}\n`;
}

export function renderChecksText(checks: readonly AnyCheck[], color: boolean): string {
  const c = pc.createColors(color);
  const width = Math.max(0, ...checks.map((check) => check.meta.id.length));
  const lines: string[] = [];
  for (const check of checks) {
    const { meta } = check;
    lines.push(`${c.bold(meta.id.padEnd(width))}  ${meta.severity.padEnd(8)}  ${meta.title}`);
    const indent = " ".repeat(width + 2);
    const frameworks = Object.entries(meta.frameworks)
      .map(([framework, ids]) => `${framework} ${ids.join(", ")}`)
      .join("; ");
    if (frameworks) lines.push(`${indent}${c.dim("frameworks:")} ${frameworks}`);
    const params = defaultSetting(check).params;
    if (Object.keys(params).length > 0) lines.push(`${indent}${c.dim("params (defaults):")} ${JSON.stringify(params)}`);
  }
  lines.push("", c.dim(`${checks.length} check${checks.length === 1 ? "" : "s"}. Details: cloudtrail-lint checks --format json`));
  return `${lines.join("\n")}\n`;
}
