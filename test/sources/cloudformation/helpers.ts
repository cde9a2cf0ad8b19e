// Shared by the IaC source tests (CloudFormation and Terraform): load a fixture, lint it with the
// checks named in IAC_CHECKS, show findings as one line each with the file position their pointer
// maps to, and compare the mapped snapshot with a reviewed golden file.
//
// Regenerate the golden snapshots after a deliberate mapping change, then review the diff:
//   UPDATE_IAC_GOLDEN=1 npx mocha 'test/sources/**/*.test.ts'
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runChecks, type Finding } from "../../../src/engine/run.js";
import { loadIacFile, type IacOptions, type IacSource } from "../../../src/sources/iac.js";
import { InputError } from "../../../src/util/errors.js";
import { packageRoot } from "../../../src/util/paths.js";
import { assertValid } from "../../../src/util/schemas.js";
import { CORE_CHECKS, namedChecks } from "../../helpers/named-checks.js";

export const ROOT = packageRoot();

export function loadFixture(path: string, options: IacOptions = {}): IacSource {
  return loadIacFile(path, { cwd: ROOT, ...options });
}

/**
 * The checks whose findings these tests pin: the six core ones and iac-invalid-trail-config. A check
 * added later pins its findings on templates and plans in its own test, not here.
 */
export const IAC_CHECKS = [...CORE_CHECKS, "iac-invalid-trail-config"] as const;

export function lint(source: IacSource, ids: readonly string[] = IAC_CHECKS): Finding[] {
  return runChecks(namedChecks(ids), source.snapshot, new Map(), source.file);
}

/** `<check> <status> <messageId> <pointer> @<line>:<column>` per finding, in report order. */
export function rows(source: IacSource, findings: Finding[] = lint(source)): string[] {
  return findings.map((f) => {
    const at = source.locate(f.pointer ?? "");
    return `${f.checkId} ${f.status} ${f.messageId} ${f.pointer ?? "-"} @${at ? `${at.startLine}:${at.startColumn}` : "-"}`;
  });
}

/** `line:column` of a pointer, for compact assertions. */
export function at(source: IacSource, pointer: string): string {
  const location = source.locate(pointer);
  return location ? `${location.startLine}:${location.startColumn}` : "-";
}

/** The mapped snapshot equals the reviewed golden file and validates against the snapshot schema. */
export function assertGolden(source: IacSource, golden: string): void {
  const path = join(ROOT, golden);
  if (process.env.UPDATE_IAC_GOLDEN === "1") writeFileSync(path, `${JSON.stringify(source.snapshot, null, 2)}\n`);
  assert.ok(existsSync(path), `missing golden file ${golden}: run with UPDATE_IAC_GOLDEN=1 and review it`);
  assert.deepEqual(JSON.parse(JSON.stringify(source.snapshot)), JSON.parse(readFileSync(path, "utf8")));
  assertValid("snapshot.schema.json", source.snapshot, source.file);
}

/** Runs `fn`, expecting an InputError whose message matches every pattern; returns it. */
export function expectInputError(fn: () => unknown, ...patterns: (string | RegExp)[]): InputError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
    for (const pattern of patterns) {
      if (typeof pattern === "string") assert.ok(error.message.includes(pattern), `message ${JSON.stringify(error.message)} lacks ${JSON.stringify(pattern)}`);
      else assert.match(error.message, pattern);
    }
    return error;
  }
  assert.fail("expected an InputError, nothing was thrown");
}
