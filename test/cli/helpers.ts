// In-process CLI runs, temp directories and fake checks whose outcome each test chooses.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { runCli } from "../../src/cli/program.js";
import { defineCheck, type AnyCheck, type CheckResult, type Severity, type Status } from "../../src/engine/check.js";
import type { Snapshot, Trail } from "../../src/model/snapshot.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  isTTY?: boolean;
  checks?: readonly AnyCheck[];
  now?: Date;
  /** Terminal width of stdout (help wraps at it); default: not a terminal. */
  columns?: number;
  /** Standard input (`lint -`); default: none. */
  stdin?: string;
}

/** Runs the CLI in-process; the clock is pinned unless a test passes its own. */
export async function cli(argv: string[], options: RunOptions): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(
    argv,
    {
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
      env: options.env ?? {},
      isTTY: options.isTTY ?? false,
      cwd: options.cwd,
      now: () => options.now ?? new Date("2026-11-21T08:00:00Z"),
      ...(options.columns !== undefined ? { columns: options.columns } : {}),
      ...(options.stdin !== undefined ? { readStdin: () => Promise.resolve(options.stdin!) } : {}),
    },
    options.checks ? { checks: options.checks } : {},
  );
  return { code, stdout, stderr };
}

const dirs: string[] = [];

/** A fresh directory under the OS temp dir, removed after the run. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "ctl-cli-"));
  dirs.push(dir);
  return dir;
}

after(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes `content` (a string as is, anything else as pretty JSON) under dir; returns the path. */
export function put(dir: string, name: string, content: unknown): string {
  const path = join(dir, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, typeof content === "string" ? content : `${JSON.stringify(content, null, 2)}\n`);
  return path;
}

// eslint-disable-next-line no-control-regex
export const ANSI = /\u001b\[/;

/** A trail whose tags tell each fake check what to report: tag key = check id, value = status. */
export function outcomeTags(outcomes: Record<string, Status>): NonNullable<Trail["tags"]> {
  return Object.entries(outcomes).map(([Key, Value]) => ({ Key, Value }));
}

/**
 * A fake check: one result per trail (the status named by the trail's tag whose key is the check
 * id, PASS by default), NOT_APPLICABLE for an account without trails. Param `level` (integer >= 0).
 */
export function fakeCheck(id: string, severity: Severity): AnyCheck {
  return defineCheck<{ level: number }, "ok" | "bad" | "na" | "unknown">({
    meta: {
      id,
      title: `Fake check ${id}`,
      severity,
      rationale: `Tests need ${id}.`,
      reads: [{ service: "cloudtrail", operation: "DescribeTrails" }],
      messages: {
        ok: "Trail {{trail}} is fine.",
        bad: "Trail {{trail}} is not fine.",
        na: "No trail here.",
        unknown: "Trail {{trail}} could not be judged.",
      },
      remediation: { text: "Fix trail {{trail}}.", cli: ["aws cloudtrail update-trail --name {{trailArn}} --region {{region}}"] },
      frameworks: { securityhub: ["CloudTrail.1"] },
      params: { type: "object", properties: { level: { type: "integer", minimum: 0, default: 1 } }, additionalProperties: false },
    },
    run(snapshot: Snapshot) {
      type Result = CheckResult<"ok" | "bad" | "na" | "unknown">;
      return snapshot.accounts.flatMap((account, a): Result[] => {
        // A fake check for CLI plumbing: its trails are read from complete test snapshots.
        const trails = Array.isArray(account.trails) ? account.trails : [];
        if (trails.length === 0) return [{ status: "NOT_APPLICABLE" as const, messageId: "na" as const, accountId: account.Id, pointer: `/accounts/${a}` }];
        return trails.map((trail, t): Result => {
          const tags = Array.isArray(trail.tags) ? trail.tags : [];
          const status = (tags.find((tag) => tag.Key === id)?.Value ?? "PASS") as Status;
          const messageId = status === "PASS" ? "ok" : status === "FAIL" ? "bad" : status === "ERROR" ? "unknown" : "na";
          return {
            status,
            messageId,
            accountId: account.Id,
            region: typeof trail.HomeRegion === "string" ? trail.HomeRegion : "us-east-1",
            resource: trail.TrailARN,
            pointer: `/accounts/${a}/trails/${t}`,
            data: { trail: trail.Name, trailArn: trail.TrailARN, region: typeof trail.HomeRegion === "string" ? trail.HomeRegion : "us-east-1" },
            evidence: { tag: status },
          };
        });
      });
    },
  });
}

export const FAKE_HIGH = fakeCheck("fake-high", "high");
export const FAKE_LOW = fakeCheck("fake-low", "low");
export const FAKE_INFO = fakeCheck("fake-info", "info");
export const FAKES: readonly AnyCheck[] = [FAKE_HIGH, FAKE_LOW, FAKE_INFO];
