// The SQL text: the statement's shape checked structurally (balanced brackets, each column once,
// the projection properties AWS documents), the queries against the table's columns, and that no
// value from a snapshot can leave its string literal or its comment.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { renderJson, renderSql } from "../../src/athena/render.js";
import { COLUMNS, PARTITION_COLUMNS, commentText, createTableStatement, exampleQueries, literal } from "../../src/athena/sql.js";
import { athenaPlan } from "../../src/athena/tables.js";
import type { Snapshot } from "../../src/model/snapshot.js";
import { assertValid } from "../../src/util/schemas.js";
import { MANAGEMENT, single, trail } from "../helpers/builders.js";

const example = JSON.parse(readFileSync(new URL("../../examples/org-snapshot.json", import.meta.url), "utf8")) as Snapshot;

/**
 * The top-level CloudTrail columns of AWS's statement, written out here from the page
 * (https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table-partition-projection.html),
 * not from the module, so that a column lost or added there fails.
 */
const AWS_COLUMNS = [
  "eventversion", "useridentity", "eventtime", "eventsource", "eventname", "awsregion", "sourceipaddress", "useragent",
  "errorcode", "errormessage", "requestparameters", "responseelements", "additionaleventdata", "requestid", "eventid",
  "readonly", "resources", "eventtype", "apiversion", "recipientaccountid", "serviceeventdetails", "sharedeventid",
  "vpcendpointid", "vpcendpointaccountid", "eventcategory", "addendum", "sessioncredentialfromconsole", "edgedevicedetails", "tlsdetails",
];

/** The text with its string literals blanked (quotes kept), so brackets and words inside them do not count. */
function withoutLiterals(sql: string): string {
  return sql.replace(/'[^']*'/g, (s) => `'${" ".repeat(s.length - 2)}'`);
}

/** Parentheses (and, in a statement, the angle brackets of its types) balance; so do quotes. */
function assertBalanced(sql: string, angles = true): void {
  const text = withoutLiterals(sql);
  const pairs: Record<string, string> = { ")": "(", ">": "<" };
  const stack: string[] = [];
  for (const c of angles ? text : text.replace(/[<>]/g, " ")) {
    if (c === "(" || c === "<") stack.push(c);
    else if (c === ")" || c === ">") assert.equal(stack.pop(), pairs[c], `unbalanced ${c}`);
  }
  assert.deepEqual(stack, []);
  assert.equal((sql.match(/'/g) ?? []).length % 2, 0, "odd number of quotes");
}

/** The parts of `body` separated by commas at bracket depth 0. */
function topLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const c of body) {
    if (c === "(" || c === "<") depth++;
    if (c === ")" || c === ">") depth--;
    if (c === "," && depth === 0) {
      parts.push(current.trim());
      current = "";
    } else current += c;
  }
  if (current.trim() !== "") parts.push(current.trim());
  return parts;
}

/** The column list, PARTITIONED BY list and TBLPROPERTIES of a statement, read back from its text. */
function parse(statement: string) {
  const text = withoutLiterals(statement);
  const open = text.indexOf("(");
  let depth = 0;
  let close = -1;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(" || text[i] === "<") depth++;
    if (text[i] === ")" || text[i] === ">") depth--;
    if (depth === 0) {
      close = i;
      break;
    }
  }
  const columns = topLevel(statement.slice(open + 1, close)).map((c) => c.split(/\s+/)[0]!);
  const partitions = /PARTITIONED BY \(([^)]*)\)/.exec(statement)![1]!.split(",").map((p) => p.trim().split(/\s+/)[0]!.replaceAll("`", ""));
  const properties = new Map([...statement.matchAll(/^ {2}'([^']+)'='([^']*)',?$/gm)].map((m) => [m[1]!, m[2]!]));
  const location = /^LOCATION '([^']*)'$/m.exec(statement)?.[1];
  return { name: /^CREATE EXTERNAL TABLE (\S+) \($/m.exec(statement)?.[1], columns, partitions, properties, location };
}

describe("athena: the CREATE EXTERNAL TABLE statement", () => {
  const plan = athenaPlan(example);

  for (const table of plan.tables) {
    describe(table.trailName, () => {
      const statement = createTableStatement(table);
      const parsed = parse(statement);

      it("brackets and quotes balance", () => assertBalanced(statement));

      it("has AWS's columns, each once, in AWS's order, then the three partition columns", () => {
        assert.deepEqual(parsed.columns, AWS_COLUMNS);
        assert.deepEqual(parsed.partitions, ["account", "region", "timestamp"]);
        assert.equal(parsed.name, table.name);
      });

      it("reads the files with the JSON SerDe and CloudTrail's input format", () => {
        assert.match(statement, /^ROW FORMAT SERDE 'org\.apache\.hive\.hcatalog\.data\.JsonSerDe'$/m);
        assert.match(statement, /^STORED AS INPUTFORMAT 'com\.amazon\.emr\.cloudtrail\.CloudTrailInputFormat'$/m);
        assert.match(statement, /^OUTPUTFORMAT 'org\.apache\.hadoop\.hive\.ql\.io\.HiveIgnoreKeyTextOutputFormat'$/m);
      });

      it("projects every partition column with the properties AWS documents, and nothing else", () => {
        assert.deepEqual([...parsed.properties.keys()].sort(), [
          "projection.account.type",
          "projection.account.values",
          "projection.enabled",
          "projection.region.type",
          "projection.region.values",
          "projection.timestamp.format",
          "projection.timestamp.interval",
          "projection.timestamp.interval.unit",
          "projection.timestamp.range",
          "projection.timestamp.type",
          "storage.location.template",
        ]);
        const p = parsed.properties;
        assert.equal(p.get("projection.enabled"), "true");
        assert.equal(p.get("projection.account.type"), "enum");
        assert.equal(p.get("projection.region.type"), "enum");
        assert.equal(p.get("projection.timestamp.type"), "date");
        assert.equal(p.get("projection.timestamp.format"), "yyyy/MM/dd");
        assert.equal(p.get("projection.timestamp.interval"), "1");
        assert.equal(p.get("projection.timestamp.interval.unit"), "DAYS");
        assert.equal(p.get("projection.account.values"), table.accounts.join(","));
        assert.equal(p.get("projection.region.values"), table.regions.join(","));
        assert.equal(p.get("projection.timestamp.range"), `${table.since},NOW`);
        assert.equal(p.get("storage.location.template"), table.template);
        assert.equal(parsed.location, table.location);
      });

      it("the template names each partition column once, under LOCATION, in CloudTrail's key order", () => {
        const template = parsed.properties.get("storage.location.template")!;
        assert.deepEqual([...template.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1]), [...PARTITION_COLUMNS]);
        // For any of its accounts, the files of the table are under LOCATION.
        for (const id of table.accounts) assert.ok(template.replace("${account}", id).startsWith(parsed.location!), `${id}: ${template}`);
        assert.match(template, /\/AWSLogs\/(o-[a-z0-9]+\/)?\$\{account\}\/CloudTrail\/\$\{region\}\/\$\{timestamp\}$/);
      });
    });
  }
});

/** Words of a query that must name something of the table: everything but keywords, functions, aliases and literals. */
const SQL_WORDS = new Set([
  "select", "from", "where", "and", "or", "in", "as", "order", "by", "desc", "limit", "group", "like", "not",
  "count", "min", "max", "coalesce", "json_extract_scalar", "strpos", "date_format", "current_date", "interval", "day",
]);

/** Field names of a STRUCT type at its first level (those a dotted path may name). */
function structFields(type: string): Set<string> {
  const inner = type.slice(type.indexOf("<") + 1, type.lastIndexOf(">"));
  return new Set(topLevel(inner).map((f) => f.split(":")[0]!.trim()));
}

describe("athena: example queries", () => {
  const columns = new Map(COLUMNS.map((c) => [c.name, c.type]));
  const queries = exampleQueries("cloudtrail_main_111111111111");

  it("one query each: who deleted, console logins without MFA, AccessDenied by principal", () => {
    assert.deepEqual(queries.map((q) => q.id), ["who-deleted", "console-login-without-mfa", "access-denied-by-principal"]);
  });

  for (const query of queries) {
    it(`${query.id}: balanced, on the table, naming only its columns and partitions`, () => {
      assertBalanced(query.sql, false);
      assert.match(query.sql, /^FROM cloudtrail_main_111111111111$/m);
      assert.ok(query.sql.endsWith(";\n"));
      const text = withoutLiterals(query.sql).replace(/"timestamp"/g, " ");
      const aliases = new Set([...text.matchAll(/\bAS (\w+)/g)].map((m) => m[1]!));
      for (const [word] of text.matchAll(/[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/g)) {
        const [head, ...path] = word.split(".");
        if (SQL_WORDS.has(head!.toLowerCase()) || aliases.has(head!) || head === "cloudtrail_main_111111111111" || /^\d/.test(head!)) continue;
        if ((PARTITION_COLUMNS as readonly string[]).includes(head!) && path.length === 0) continue;
        assert.ok(columns.has(head!), `${query.id}: ${word} is not a column`);
        if (path.length > 0) assert.ok(structFields(columns.get(head!)!).has(path[0]!), `${query.id}: ${word} is not a field of ${head}`);
      }
      // Every query reads a bounded set of days: the partition filter.
      assert.match(query.sql, /"timestamp" >= date_format\(current_date - interval '30' day, '%Y\/%m\/%d'\)/);
    });
  }

  it("the table name is checked before it is written", () => {
    assert.throws(() => exampleQueries("x; DROP TABLE y"), /not safe to write/);
  });
});

describe("athena: values from the snapshot cannot break out", () => {
  /** A single-account snapshot whose one trail has this key prefix. */
  const withPrefix = (S3KeyPrefix: string) => single([trail({ S3KeyPrefix })]);

  for (const prefix of ["x'; DROP TABLE victims; --", "x\\", "logs/${account}", "a\nDROP TABLE victims", "caf\u00e9", "a b", "a*"]) {
    it(`prefix ${JSON.stringify(prefix)}: no table, a reason, and no statement in the text`, () => {
      const plan = athenaPlan(withPrefix(prefix));
      assert.deepEqual(plan.tables, []);
      assert.equal(plan.skipped[0]!.kind, "unknown");
      assert.match(plan.skipped[0]!.reason, /^its S3 key prefix .* has characters that cannot be written safely/);
      const sql = renderSql(plan);
      assert.doesNotMatch(sql, /CREATE EXTERNAL TABLE/);
      for (const line of sql.split("\n")) assert.ok(line === "" || line.startsWith("--"), `not a comment: ${JSON.stringify(line)}`);
    });
  }

  it("a bucket name with a quote gives no table", () => {
    const plan = athenaPlan(single([trail({ S3BucketName: "logs'bucket" })]));
    assert.deepEqual(plan.tables, []);
    assert.match(plan.skipped[0]!.reason, /is not a valid bucket name/);
  });

  it("a hostile trail name becomes a plain table name and stays inside its comments", () => {
    const Name = "evil\n); DROP TABLE victims; --";
    const snapshot = single([trail({ Name, TrailARN: `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/evil` })]);
    const sql = renderSql(athenaPlan(snapshot));
    assert.match(sql, /^CREATE EXTERNAL TABLE cloudtrail_evil_drop_table_victims_111111111111 \($/m);
    const dropLines = sql.split("\n").filter((line) => line.includes("DROP TABLE victims"));
    assert.ok(dropLines.length > 0);
    for (const line of dropLines) assert.ok(line.startsWith("-- "), line);
    assert.match(sql, /-- Trail evil\\u000a\); DROP TABLE victims; -- \(/);
  });

  it("literal() refuses what would end a literal; commentText() escapes what would end a comment", () => {
    assert.equal(literal("s3://b/AWSLogs/"), "'s3://b/AWSLogs/'");
    assert.throws(() => literal("a'b"), /refusing/);
    assert.throws(() => literal("a\\b"), /refusing/);
    assert.throws(() => literal("a\nb"), /refusing/);
    assert.equal(commentText("a\r\nb\u2028c\u00e9"), "a\\u000d\\u000ab\\u2028c\\u00e9");
  });

  it("a table spec that skipped the checks is refused (a bug, never injected text)", () => {
    const [table] = athenaPlan(single([trail({})])).tables;
    assert.throws(() => createTableStatement({ ...table!, location: "s3://b/x'/" }), /not safe to write/);
    assert.throws(() => createTableStatement({ ...table!, regions: ["us-east-1'"] }), /not safe to write/);
    assert.throws(() => createTableStatement({ ...table!, since: "2024/01/01','x" }), /not safe to write/);
  });
});

describe("athena: rendering", () => {
  it("same plan, same bytes; one block per table with a header naming trail, account and bucket", () => {
    const plan = athenaPlan(example);
    const sql = renderSql(plan);
    assert.equal(renderSql(athenaPlan(example)), sql);
    assert.equal((sql.match(/^CREATE EXTERNAL TABLE /gm) ?? []).length, plan.tables.length);
    assert.match(sql, /^-- Trail org-trail \(arn:aws:cloudtrail:eu-west-1:111122223333:trail\/org-trail\)\n-- Account: 111122223333 \(management\)\n-- Bucket: acme-org-cloudtrail-logs, key prefix: \(none\)$/m);
    assert.match(sql, /^-- cloudtrail-lint only reads: it creates nothing\. Run these statements yourself/m);
    assert.match(sql, /^-- {3}Trail sandbox-all-regions \(arn:aws:cloudtrail:us-east-1:666677778888:trail\/sandbox-all-regions\), account 666677778888: no table, it is not logging/m);
    assert.match(sql, /^-- {3}Account 555566667777: trails it owns may be missing: its trails could not be listed/m);
  });

  it("JSON: the same tables, each with its statement and queries, parsed back and valid against athena.schema.json", () => {
    const plan = athenaPlan(example);
    const json = assertValid("athena.schema.json", JSON.parse(renderJson(plan)), "athena JSON") as { tables: { name: string; statement: string; queries: { id: string }[]; location: string }[]; skipped: unknown[]; gaps: unknown[] };
    assert.deepEqual(json.tables.map((t) => t.name), plan.tables.map((t) => t.name));
    for (const [i, t] of json.tables.entries()) {
      assert.equal(t.statement, createTableStatement(plan.tables[i]!));
      assert.equal(t.location, plan.tables[i]!.location);
      assert.equal(t.queries.length, 3);
    }
    assert.deepEqual(json.skipped, plan.skipped);
    assert.deepEqual(json.gaps, plan.gaps);
    // The schema is not a formality: a table without its statement is refused.
    const broken = JSON.parse(renderJson(plan)) as { tables: Record<string, unknown>[] };
    delete broken.tables[0]!.statement;
    assert.throws(() => assertValid("athena.schema.json", broken, "athena JSON"), /statement/);
  });

  it("JSON of a plan with unknown and excluded trails is valid too", () => {
    const unknownStatus = single([trail({ Name: "a", status: { $unknown: { service: "cloudtrail", operation: "GetTrailStatus", code: "AccessDenied", message: "no" } } }), trail({ Name: "b", status: { IsLogging: false } })]);
    const json = assertValid<{ skipped: { kind: string }[] }>("athena.schema.json", JSON.parse(renderJson(athenaPlan(unknownStatus))), "athena JSON");
    assert.deepEqual(json.skipped.map((s) => s.kind), ["unknown", "excluded"]);
  });
});
