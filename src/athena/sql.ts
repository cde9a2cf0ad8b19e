// The text of an Athena table for CloudTrail logs: the columns AWS documents, the statement with
// partition projection over account, region and day, and example queries against it. Pure: a
// table's values in, SQL text out. Every value that reaches a string literal or an S3 URI was
// checked by the helpers below (a bucket name or key prefix is text anyone with write access to a
// trail's configuration, or to the snapshot file, chose); a value that fails them never gets here.
//
// Statement shape (columns, SerDe, input format, projection properties), as AWS documents it today:
//   https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table-partition-projection.html
// That page uses the Hive JSON SerDe `org.apache.hive.hcatalog.data.JsonSerDe` with the CloudTrail
// input format; the older CloudTrail SerDe (com.amazon.emr.hive.serde.CloudTrailSerde, on
// https://docs.aws.amazon.com/athena/latest/ug/cloudtrail-serde.html) reads fewer of today's fields.
// Projection types (enum, date) and their properties:
//   https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html
// Where CloudTrail writes (AWSLogs/<account>/ or, for organization trails, AWSLogs/<o-id>/<account>/):
//   https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html

/** A column of the table: its name and its Hive type, in the order of AWS's statement. */
export interface Column {
  name: string;
  type: string;
}

const S = "STRING";

/** The CloudTrail record columns, as on AWS's partition projection page (lowercase, as Athena stores them). */
export const COLUMNS: readonly Column[] = [
  { name: "eventversion", type: S },
  {
    name: "useridentity",
    type:
      "STRUCT<type: STRING, principalid: STRING, arn: STRING, accountid: STRING, invokedby: STRING, accesskeyid: STRING, username: STRING, " +
      "onbehalfof: STRUCT<userid: STRING, identitystorearn: STRING>, " +
      "sessioncontext: STRUCT<attributes: STRUCT<mfaauthenticated: STRING, creationdate: STRING>, " +
      "sessionissuer: STRUCT<type: STRING, principalid: STRING, arn: STRING, accountid: STRING, username: STRING>, " +
      "ec2roledelivery: STRING, webidfederationdata: STRUCT<federatedprovider: STRING, attributes: MAP<STRING, STRING>>>>",
  },
  { name: "eventtime", type: S },
  { name: "eventsource", type: S },
  { name: "eventname", type: S },
  { name: "awsregion", type: S },
  { name: "sourceipaddress", type: S },
  { name: "useragent", type: S },
  { name: "errorcode", type: S },
  { name: "errormessage", type: S },
  { name: "requestparameters", type: S },
  { name: "responseelements", type: S },
  { name: "additionaleventdata", type: S },
  { name: "requestid", type: S },
  { name: "eventid", type: S },
  { name: "readonly", type: S },
  { name: "resources", type: "ARRAY<STRUCT<arn: STRING, accountid: STRING, type: STRING>>" },
  { name: "eventtype", type: S },
  { name: "apiversion", type: S },
  { name: "recipientaccountid", type: S },
  { name: "serviceeventdetails", type: S },
  { name: "sharedeventid", type: S },
  { name: "vpcendpointid", type: S },
  { name: "vpcendpointaccountid", type: S },
  { name: "eventcategory", type: S },
  { name: "addendum", type: "STRUCT<reason: STRING, updatedfields: STRING, originalrequestid: STRING, originaleventid: STRING>" },
  { name: "sessioncredentialfromconsole", type: S },
  { name: "edgedevicedetails", type: S },
  { name: "tlsdetails", type: "STRUCT<tlsversion: STRING, ciphersuite: STRING, clientprovidedhostheader: STRING>" },
];

/**
 * The partition columns, each projected: `account` and `region` enums, `timestamp` the day
 * (AWS's name for it; a keyword in queries, so they quote it).
 */
export const PARTITION_COLUMNS = ["account", "region", "timestamp"] as const;

/** The date format of the `timestamp` partition: CloudTrail's yyyy/MM/dd key segment. */
export const DATE_FORMAT = "yyyy/MM/dd";

// What may stand in SQL text. Anything else is refused before a statement is built (tables.ts).

/** S3 bucket names (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrule.html), with the legacy us-east-1 upper case and underscores. */
const BUCKET = /^[A-Za-z0-9][A-Za-z0-9._-]{1,253}[A-Za-z0-9]$/;
/**
 * Key prefix characters that need no escaping in an S3 URI, an SQL string literal or a projection
 * template: S3's "safe" characters (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html)
 * without the quote and the asterisk, and the slash. No `$`, `{` or `}` (a template placeholder),
 * no quote or backslash (the end of the literal), no control character (the end of a comment).
 */
const PREFIX = /^[A-Za-z0-9!_.()/-]*$/;
const ACCOUNT = /^[0-9]{12}$/;
const ORGANIZATION = /^o-[a-z0-9]{10,32}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-[0-9]+$/;
/** An Athena table name as written here: lower case letters, digits and underscores, starting with a letter. */
const TABLE = /^[a-z][a-z0-9_]{0,254}$/;
/** A projection range end: a day in DATE_FORMAT, or NOW with an optional offset (partition-projection-supported-types). */
const RANGE_END = /^([0-9]{4}\/[0-9]{2}\/[0-9]{2}|NOW(-[0-9]{1,4}(YEARS|MONTHS|WEEKS|DAYS))?)$/;

export const isBucketName = (value: string): boolean => BUCKET.test(value) && !value.includes("..");
export const isKeyPrefix = (value: string): boolean => PREFIX.test(value) && value.length <= 200;
export const isAccountId = (value: string): boolean => ACCOUNT.test(value);
export const isOrganizationId = (value: string): boolean => ORGANIZATION.test(value);
export const isRegion = (value: string): boolean => REGION.test(value);
export const isTableName = (value: string): boolean => TABLE.test(value);
export const isRangeStart = (value: string): boolean => RANGE_END.test(value) && (value.startsWith("NOW") || isRealDay(value));

function isRealDay(day: string): boolean {
  const [y, m, d] = day.split("/").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * An SQL string literal of a value already checked above. The check is what makes it safe; this
 * refuses anything that could end the literal all the same, so a missed check is a bug (exit 4),
 * never an injected statement.
 */
export function literal(value: string): string {
  if (!/^[\x20-\x7e]*$/.test(value) || /['\\]/.test(value)) throw new Error(`refusing to write ${JSON.stringify(value)} in an SQL string literal`);
  return `'${value}'`;
}

/**
 * Text for an SQL line comment: printable ASCII as is, anything else (a line break, which would
 * end the comment, or any other control or non-ASCII character) written as \uXXXX.
 */
export function commentText(value: string): string {
  return value.replace(/[^\x20-\x7e]/gu, (c) => [...c].map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`).join(""));
}

/** What one table is made of; every value checked (see tables.ts). */
export interface TableSpec {
  name: string;
  /** LOCATION: the root of the trail's log files, ending in a slash. */
  location: string;
  /** storage.location.template: `${account}`, `${region}` and `${timestamp}` placeholders in the path. */
  template: string;
  accounts: readonly string[];
  regions: readonly string[];
  /** projection.timestamp.range start: a day in DATE_FORMAT or NOW-<n><unit>. */
  since: string;
}

function checkSpec(table: TableSpec): void {
  const bad = (what: string) => {
    throw new Error(`athena: ${what} of table ${JSON.stringify(table.name)} is not safe to write`);
  };
  if (!isTableName(table.name)) bad("the name");
  if (table.accounts.length === 0 || !table.accounts.every(isAccountId)) bad("the accounts");
  if (table.regions.length === 0 || !table.regions.every(isRegion)) bad("the regions");
  if (!isRangeStart(table.since)) bad("the date range");
  for (const uri of [table.location, table.template]) {
    if (!uri.startsWith("s3://") || !/^[A-Za-z0-9!_.()/:${}-]+$/.test(uri)) bad("the location");
  }
}

/** The CREATE EXTERNAL TABLE statement, ending with a semicolon and a newline. */
export function createTableStatement(table: TableSpec): string {
  checkSpec(table);
  const properties: [string, string][] = [
    ["projection.enabled", "true"],
    ["projection.account.type", "enum"],
    ["projection.account.values", table.accounts.join(",")],
    ["projection.region.type", "enum"],
    ["projection.region.values", table.regions.join(",")],
    ["projection.timestamp.type", "date"],
    ["projection.timestamp.format", DATE_FORMAT],
    ["projection.timestamp.range", `${table.since},NOW`],
    ["projection.timestamp.interval", "1"],
    ["projection.timestamp.interval.unit", "DAYS"],
    ["storage.location.template", table.template],
  ];
  return [
    `CREATE EXTERNAL TABLE ${table.name} (`,
    COLUMNS.map((c) => `  ${c.name} ${c.type}`).join(",\n"),
    ")",
    `PARTITIONED BY (${PARTITION_COLUMNS.map((p) => `\`${p}\` STRING`).join(", ")})`,
    "ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'",
    "STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'",
    "OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'",
    `LOCATION ${literal(table.location)}`,
    "TBLPROPERTIES (",
    properties.map(([key, value]) => `  ${literal(key)}=${literal(value)}`).join(",\n"),
    ");",
    "",
  ].join("\n");
}

/** One example query: the question it answers and its text (ending with a semicolon and a newline). */
export interface ExampleQuery {
  id: "who-deleted" | "console-login-without-mfa" | "access-denied-by-principal";
  question: string;
  sql: string;
}

/** The last 30 days, in the partition's format: lets Athena read only those days' files. */
const LAST_30_DAYS = `"timestamp" >= date_format(current_date - interval '30' day, '%Y/%m/%d')`;

/** The questions people come to CloudTrail logs with, as queries on the table. */
export function exampleQueries(tableName: string): ExampleQuery[] {
  if (!isTableName(tableName)) throw new Error(`athena: table name ${JSON.stringify(tableName)} is not safe to write`);
  return [
    {
      id: "who-deleted",
      question: "Who deleted this bucket or trail? (put its name in place of <resource-name>)",
      sql: [
        "SELECT eventtime, account, region, eventname, useridentity.type AS principal_type, useridentity.arn AS principal,",
        "       sourceipaddress, useragent,",
        "       coalesce(json_extract_scalar(requestparameters, '$.bucketName'), json_extract_scalar(requestparameters, '$.name')) AS deleted",
        `FROM ${tableName}`,
        "WHERE eventname IN ('DeleteBucket', 'DeleteTrail')",
        "  AND strpos(requestparameters, '<resource-name>') > 0",
        `  AND ${LAST_30_DAYS}`,
        "ORDER BY eventtime DESC",
        "LIMIT 100;",
        "",
      ].join("\n"),
    },
    {
      id: "console-login-without-mfa",
      question: "Who signed in to the console without MFA? (federated and SSO users show MFAUsed No: their MFA is at the identity provider)",
      sql: [
        "SELECT eventtime, account, region, useridentity.type AS principal_type, useridentity.arn AS principal, sourceipaddress, useragent",
        `FROM ${tableName}`,
        "WHERE eventname = 'ConsoleLogin'",
        "  AND json_extract_scalar(responseelements, '$.ConsoleLogin') = 'Success'",
        "  AND coalesce(json_extract_scalar(additionaleventdata, '$.MFAUsed'), 'No') <> 'Yes'",
        `  AND ${LAST_30_DAYS}`,
        "ORDER BY eventtime DESC",
        "LIMIT 100;",
        "",
      ].join("\n"),
    },
    {
      id: "access-denied-by-principal",
      question: "Which principals are denied, doing what? (AccessDenied and UnauthorizedOperation, by principal)",
      sql: [
        "SELECT useridentity.arn AS principal, eventsource, eventname, errorcode, count(*) AS denied,",
        "       min(eventtime) AS first_seen, max(eventtime) AS last_seen",
        `FROM ${tableName}`,
        "WHERE (errorcode LIKE 'AccessDenied%' OR errorcode LIKE '%UnauthorizedOperation')",
        `  AND ${LAST_30_DAYS}`,
        "GROUP BY useridentity.arn, eventsource, eventname, errorcode",
        "ORDER BY denied DESC",
        "LIMIT 100;",
        "",
      ].join("\n"),
    },
  ];
}
