// The shards of a sharded scan on the command line: `lint shard-1.json ... shard-N.json` lints them
// as the one scan they are (src/model/shard-merge.ts), and `scan --shard I/N` reports on its own
// shard's accounts only.
import { mergeShards } from "../model/shard-merge.js";
import { shardOf, type ShardSpec } from "../model/shard.js";
import type { Finding } from "../engine/run.js";
import type { CliIo } from "./io.js";
import type { LintInput } from "./lint.js";

/** The name a live scan's findings carry: the same for `scan`, and for its shards linted together. */
export function liveInputName(snapshot: LintInput["snapshot"]): string {
  return `aws/${snapshot.organization?.Id ?? snapshot.accounts[0]?.Id ?? "account"}`;
}

/**
 * Inputs with the snapshot shards among them merged into one, where the first shard stood (the
 * others unchanged). Bad sets of shards throw InputError (exit 2); with allowPartial, a missing
 * shard is a warning, and its accounts are reported as not read.
 */
export function mergeShardInputs(inputs: readonly LintInput[], options: { allowPartial: boolean; quiet: boolean }, io: CliIo): LintInput[] {
  const shards = inputs.filter((input) => input.snapshot.source?.shard !== undefined);
  if (shards.length === 0) return [...inputs];
  const { snapshot, missing } = mergeShards(
    shards.map((input) => ({ file: input.file, snapshot: input.snapshot })),
    { allowPartial: options.allowPartial },
  );
  if (missing.length > 0 && !options.quiet) {
    const count = snapshot.source?.shards?.count ?? 0;
    const unread = snapshot.accounts.filter((a) => missing.includes(shardOf(a.Id, count))).length;
    io.stderr(
      `cloudtrail-lint: warning: partial scan: shard${missing.length > 1 ? "s" : ""} ${missing.join(", ")} of ${count} missing; ${unread} account${unread === 1 ? "" : "s"} not read (what rests on them is ERROR)\n`,
    );
  }
  const merged: LintInput = {
    arg: shards.map((s) => s.arg).join(" "),
    file: liveInputName(snapshot),
    snapshot,
    outputsMustNotOverwrite: shards.flatMap((s) => (s.absolute !== undefined ? [{ absolute: s.absolute, arg: s.arg }] : [])),
  };
  const first = inputs.indexOf(shards[0]!);
  return inputs.flatMap((input, i) => (i === first ? [merged] : shards.includes(input) ? [] : [input]));
}

/** `scan --shard I/N`: only the findings on the shard's own accounts (the others it read are other shards' to report). */
export function inShardFindings(shard: ShardSpec): (finding: Finding) => boolean {
  return (finding) => shardOf(finding.accountId, shard.count) === shard.index;
}
