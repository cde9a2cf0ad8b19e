// An AthenaPlan as text: SQL (one block a trail, each with a comment header, its statement and the
// example queries) or JSON (the same, as data). Pure and deterministic: same plan, same bytes.
import type { AthenaPlan, AthenaTable } from "./tables.js";
import { commentText, createTableStatement, exampleQueries } from "./sql.js";

/** $id of schemas/athena.schema.json, which describes renderJson's output. */
export const ATHENA_SCHEMA_ID = "https://github.com/cloudtrail-lint/cloudtrail-lint/schemas/athena.schema.json";

const AWS_PAGE = "https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table-partition-projection.html";

function comment(lines: readonly string[]): string {
  return lines.map((line) => `-- ${commentText(line)}`.trimEnd()).join("\n");
}

function tableHeader(table: AthenaTable): string[] {
  const account = table.accountName !== undefined ? `${table.accountId} (${table.accountName})` : table.accountId;
  const accounts =
    table.organizationId !== undefined
      ? `the ${table.accounts.length} ${table.accounts.length === 1 ? "account" : "accounts"} of organization ${table.organizationId} in the snapshot (an organization trail)`
      : `${table.accountId} (the trail's own)`;
  const regions = table.multiRegion
    ? "the enabled regions of the accounts it logs, as the snapshot holds them (a multi-region trail)"
    : "its home region (a single-region trail)";
  return [
    `Trail ${table.trailName} (${table.trailArn})`,
    `Account: ${account}`,
    `Bucket: ${table.bucket}, key prefix: ${table.prefix ?? "(none)"}`,
    `Accounts: ${accounts}`,
    `Regions: ${regions}`,
    `Days: from ${table.since}: ${table.sinceReason}`,
    ...table.notes.map((note) => `Note: ${note}`),
  ];
}

function tableBlock(table: AthenaTable): string {
  const queries = exampleQueries(table.name).map((q) => `${comment([`Example: ${q.question}`])}\n${q.sql}`);
  return [`${comment(["=".repeat(96), ...tableHeader(table), "=".repeat(96)])}\n`, createTableStatement(table), ...queries].join("\n");
}

/** The SQL text: a header, one block a table, then the trails without a table and the gaps, as comments. */
export function renderSql(plan: AthenaPlan): string {
  const blocks: string[] = [];
  blocks.push(
    `${comment([
      `Athena tables for the CloudTrail trails of ${plan.scope} (snapshot collected ${plan.collectedAt}), by cloudtrail-lint.`,
      "cloudtrail-lint only reads: it creates nothing. Run these statements yourself, in the database of your choice",
      "(the Athena query editor, or aws athena start-query-execution).",
      `Shape: ${AWS_PAGE}`,
      plan.tables.length === 0 ? "No trail qualifies for a table: see below." : `${plan.tables.length} ${plan.tables.length === 1 ? "table" : "tables"}.`,
    ])}\n`,
  );
  for (const table of plan.tables) blocks.push(tableBlock(table));
  const without = [
    ...plan.skipped.map((s) => `Trail ${s.trailName} (${s.trailArn}), account ${s.accountId}: no table, ${s.kind === "unknown" ? "not known enough: " : ""}${s.reason}`),
    ...plan.gaps.map((g) => `Account ${g.accountId}: trails it owns may be missing: ${g.reason}`),
  ];
  if (without.length > 0) blocks.push(`${comment(["Without a table:", ...without.map((line) => `  ${line}`)])}\n`);
  return blocks.join("\n");
}

/** The same as data (schemas/athena.schema.json): each table with its statement and queries, the trails without one, the gaps. */
export function renderJson(plan: AthenaPlan): string {
  const value = {
    $schema: ATHENA_SCHEMA_ID,
    scope: plan.scope,
    collectedAt: plan.collectedAt,
    tables: plan.tables.map((table) => ({
      ...table,
      statement: createTableStatement(table),
      queries: exampleQueries(table.name),
    })),
    skipped: plan.skipped,
    gaps: plan.gaps,
  };
  return `${JSON.stringify(value, null, 2)}\n`;
}
