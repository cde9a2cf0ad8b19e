// aws_iam_policy_document rendered as the AWS provider (v5) renders `json` and `minified_json`
// (src/sources/hcl/policy-document.ts): the provider documentation's examples, the provider's own
// acceptance-test expectations for principal order (hashicorp/terraform-provider-aws,
// internal/service/iam/policy_document_data_source_test.go), the CloudTrail bucket policy, source and
// override merging, documents read the way Go reads them, Unknown propagation and what is rejected.
import assert from "node:assert/strict";
import type { Span } from "../../../src/sources/hcl/ast.js";
import { renderPolicyDocument } from "../../../src/sources/hcl/policy-document.js";
import { Unknown, type Value, type ValueObject } from "../../../src/sources/hcl/value.js";

const at: Span = { file: "main.tf", line: 3, column: 1 };
const elsewhere: Span = { file: "main.tf", line: 9, column: 17 };
const afterApply = new Unknown("after-apply", "aws_s3_bucket.logs.arn is known only after apply", elsewhere);
const noValue = new Unknown("undecided", "var.trail_name has no value", elsewhere);

/** The JSON of one aws_iam_policy_document (minified), for source and override documents. */
function minified(args: ValueObject): string {
  const { minified_json } = renderPolicyDocument(args, at);
  assert.equal(typeof minified_json, "string");
  return minified_json as string;
}

const TRAIL_ARN = "arn:aws:cloudtrail:us-east-1:111122223333:trail/org";
const service = (identifiers: Value[]) => [{ type: "Service", identifiers }];

interface Case {
  name: string;
  args: ValueObject;
  /** minified_json; `json` is checked to be the same document indented. */
  minified: string;
  /** json, when the case is about the indented form. */
  json?: string;
}

const cases: Case[] = [
  {
    // AWS's default key policy names its statement so; the provider accepts any Sid since 5.84.0.
    name: "a Sid with spaces, as in a KMS key policy",
    args: { statement: [{ sid: "Enable IAM User Permissions", actions: ["kms:*"], resources: ["*"] }] },
    minified: '{"Version":"2012-10-17","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Action":"kms:*","Resource":"*"}]}',
  },
  {
    name: "docs basic example: sets of several sorted descending, one as a string, &{} to ${}, condition values in order",
    args: {
      statement: [
        { sid: "1", actions: ["s3:ListAllMyBuckets", "s3:GetBucketLocation"], resources: ["arn:aws:s3:::*"] },
        {
          actions: ["s3:ListBucket"],
          resources: ["arn:aws:s3:::mybucket"],
          condition: [{ test: "StringLike", variable: "s3:prefix", values: ["", "home/", "home/&{aws:username}/"] }],
        },
        { actions: ["s3:*"], resources: ["arn:aws:s3:::mybucket/home/&{aws:username}", "arn:aws:s3:::mybucket/home/&{aws:username}/*"] },
      ],
    },
    minified:
      '{"Version":"2012-10-17","Statement":[' +
      '{"Sid":"1","Effect":"Allow","Action":["s3:ListAllMyBuckets","s3:GetBucketLocation"],"Resource":"arn:aws:s3:::*"},' +
      '{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::mybucket","Condition":{"StringLike":{"s3:prefix":["","home/","home/${aws:username}/"]}}},' +
      '{"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::mybucket/home/${aws:username}/*","arn:aws:s3:::mybucket/home/${aws:username}"]}]}',
    json: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "1",
      "Effect": "Allow",
      "Action": [
        "s3:ListAllMyBuckets",
        "s3:GetBucketLocation"
      ],
      "Resource": "arn:aws:s3:::*"
    },
    {
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::mybucket",
      "Condition": {
        "StringLike": {
          "s3:prefix": [
            "",
            "home/",
            "home/\${aws:username}/"
          ]
        }
      }
    },
    {
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": [
        "arn:aws:s3:::mybucket/home/\${aws:username}/*",
        "arn:aws:s3:::mybucket/home/\${aws:username}"
      ]
    }
  ]
}`,
  },
  {
    name: "docs example, multiple condition keys: one test, variables sorted",
    args: {
      statement: [
        {
          actions: ["kms:Decrypt", "kms:GenerateDataKey"],
          resources: ["*"],
          condition: [
            { test: "ForAnyValue:StringEquals", variable: "kms:EncryptionContext:service", values: ["pi"] },
            { test: "ForAnyValue:StringEquals", variable: "kms:EncryptionContext:aws:pi:service", values: ["rds"] },
          ],
        },
      ],
    },
    minified:
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:GenerateDataKey","kms:Decrypt"],"Resource":"*",' +
      '"Condition":{"ForAnyValue:StringEquals":{"kms:EncryptionContext:aws:pi:service":"rds","kms:EncryptionContext:service":"pi"}}}]}',
  },
  {
    name: "docs example, assume-role policy with principals of three types: types sorted",
    args: {
      statement: [
        {
          actions: ["sts:AssumeRole"],
          principals: [
            { type: "Service", identifiers: ["firehose.amazonaws.com"] },
            { type: "AWS", identifiers: ["arn:aws:iam::111122223333:role/trusted"] },
            { type: "Federated", identifiers: ["arn:aws:iam::111122223333:saml-provider/okta", "cognito-identity.amazonaws.com"] },
          ],
        },
      ],
    },
    minified:
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{' +
      '"AWS":"arn:aws:iam::111122223333:role/trusted",' +
      '"Federated":["cognito-identity.amazonaws.com","arn:aws:iam::111122223333:saml-provider/okta"],' +
      '"Service":"firehose.amazonaws.com"}}]}',
  },
  {
    name: 'principal type "*" with "*" is "Principal": "*"; type AWS with "*" stays an object',
    args: {
      statement: [
        { actions: ["kinesis:*"], principals: [{ type: "AWS", identifiers: ["*"] }] },
        { actions: ["firehose:*"], principals: [{ type: "*", identifiers: ["*"] }] },
      ],
    },
    minified:
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kinesis:*","Principal":{"AWS":"*"}},' +
      '{"Effect":"Allow","Action":"firehose:*","Principal":"*"}]}',
  },
  {
    // The provider's acceptance test ..._statementPrincipalIdentifiers_stringAndSlice.
    name: "principals blocks of one type: identifiers concatenated in set order (a string first, then a sorted list)",
    args: {
      statement: [
        {
          actions: ["*"],
          resources: ["*"],
          principals: [
            { type: "AWS", identifiers: ["arn:aws:iam::111111111111:root"] },
            { type: "AWS", identifiers: ["arn:aws:iam::222222222222:root", "arn:aws:iam::333333333333:root"] },
          ],
        },
      ],
    },
    minified:
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Principal":{"AWS":' +
      '["arn:aws:iam::111111111111:root","arn:aws:iam::333333333333:root","arn:aws:iam::222222222222:root"]}}]}',
  },
  ...["aws", "aws-us-gov"].map(
    (partition): Case => ({
      // The provider's acceptance tests ..._multiplePrincipals and ..._multiplePrincipalsGov: the
      // order follows the hash keys of the blocks, so it differs between the two partitions.
      name: `principals blocks of one type in the Plugin SDK's set order (partition ${partition})`,
      args: {
        statement: [
          {
            actions: ["*"],
            resources: ["*"],
            sid: "StatementPrincipalIdentifiersStringAndSlice",
            principals: [
              { type: "AWS", identifiers: [`arn:${partition}:iam::111111111111:root`, `arn:${partition}:iam::222222222222:root`] },
              { type: "AWS", identifiers: [`arn:${partition}:iam::333333333333:root`] },
              { type: "AWS", identifiers: [`arn:${partition}:iam::444444444444:root`] },
            ],
          },
        ],
      },
      minified:
        '{"Version":"2012-10-17","Statement":[{"Sid":"StatementPrincipalIdentifiersStringAndSlice","Effect":"Allow","Action":"*","Resource":"*","Principal":{"AWS":[' +
        (partition === "aws" ? ["333333333333", "444444444444", "222222222222", "111111111111"] : ["333333333333", "222222222222", "111111111111", "444444444444"])
          .map((account) => `"arn:${partition}:iam::${account}:root"`)
          .join(",") +
        "]}}]}",
    }),
  ),
  {
    // Hash keys (CRC-32 of the blocks' serializations, Python's zlib.crc32): org 311444333, dev 921337652.
    name: "condition blocks with the same test and variable: values concatenated in set order, not block order",
    args: {
      statement: [
        {
          actions: ["s3:PutObject"],
          resources: ["arn:aws:s3:::org-logs/*"],
          condition: [
            { test: "StringEquals", variable: "aws:SourceArn", values: ["arn:aws:cloudtrail:us-east-1:111122223333:trail/dev"] },
            { test: "StringEquals", variable: "aws:SourceArn", values: ["arn:aws:cloudtrail:us-east-1:111122223333:trail/org"] },
          ],
        },
      ],
    },
    minified:
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::org-logs/*","Condition":{"StringEquals":' +
      '{"aws:SourceArn":["arn:aws:cloudtrail:us-east-1:111122223333:trail/org","arn:aws:cloudtrail:us-east-1:111122223333:trail/dev"]}}}]}',
  },
  {
    name: "the CloudTrail bucket policy: GetBucketAcl and PutObject for cloudtrail.amazonaws.com, s3:x-amz-acl and aws:SourceArn",
    args: {
      statement: [
        {
          sid: "AWSCloudTrailAclCheck",
          effect: "Allow",
          principals: service(["cloudtrail.amazonaws.com"]),
          actions: ["s3:GetBucketAcl"],
          resources: ["arn:aws:s3:::org-logs"],
          condition: [{ test: "StringEquals", variable: "aws:SourceArn", values: [TRAIL_ARN] }],
        },
        {
          sid: "AWSCloudTrailWrite",
          effect: "Allow",
          principals: service(["cloudtrail.amazonaws.com"]),
          actions: ["s3:PutObject"],
          resources: ["arn:aws:s3:::org-logs/AWSLogs/111122223333/*"],
          condition: [
            { test: "StringEquals", variable: "s3:x-amz-acl", values: ["bucket-owner-full-control"] },
            { test: "StringEquals", variable: "aws:SourceArn", values: [TRAIL_ARN] },
          ],
        },
      ],
    },
    minified:
      '{"Version":"2012-10-17","Statement":[' +
      '{"Sid":"AWSCloudTrailAclCheck","Effect":"Allow","Action":"s3:GetBucketAcl","Resource":"arn:aws:s3:::org-logs","Principal":{"Service":"cloudtrail.amazonaws.com"},' +
      `"Condition":{"StringEquals":{"aws:SourceArn":"${TRAIL_ARN}"}}},` +
      '{"Sid":"AWSCloudTrailWrite","Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::org-logs/AWSLogs/111122223333/*","Principal":{"Service":"cloudtrail.amazonaws.com"},' +
      `"Condition":{"StringEquals":{"aws:SourceArn":"${TRAIL_ARN}","s3:x-amz-acl":"bucket-owner-full-control"}}}]}`,
    json: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AWSCloudTrailAclCheck",
      "Effect": "Allow",
      "Action": "s3:GetBucketAcl",
      "Resource": "arn:aws:s3:::org-logs",
      "Principal": {
        "Service": "cloudtrail.amazonaws.com"
      },
      "Condition": {
        "StringEquals": {
          "aws:SourceArn": "${TRAIL_ARN}"
        }
      }
    },
    {
      "Sid": "AWSCloudTrailWrite",
      "Effect": "Allow",
      "Action": "s3:PutObject",
      "Resource": "arn:aws:s3:::org-logs/AWSLogs/111122223333/*",
      "Principal": {
        "Service": "cloudtrail.amazonaws.com"
      },
      "Condition": {
        "StringEquals": {
          "aws:SourceArn": "${TRAIL_ARN}",
          "s3:x-amz-acl": "bucket-owner-full-control"
        }
      }
    }
  ]
}`,
  },
  {
    name: "identical blocks and repeated set elements count once; condition values keep repeats",
    args: {
      statement: [
        {
          actions: ["s3:GetObject", "s3:GetObject"],
          principals: [...service(["cloudtrail.amazonaws.com"]), ...service(["cloudtrail.amazonaws.com"])],
          condition: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: ["111122223333", "111122223333"] },
            { test: "StringEquals", variable: "aws:SourceAccount", values: ["111122223333", "111122223333"] },
          ],
        },
      ],
    },
    minified:
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Principal":{"Service":"cloudtrail.amazonaws.com"},' +
      '"Condition":{"StringEquals":{"aws:SourceAccount":["111122223333","111122223333"]}}}]}',
  },
  {
    name: "policy_id, version 2008-10-17, Deny with not_actions, not_resources and not_principals; numbers and bools as strings",
    args: {
      version: "2008-10-17",
      policy_id: "cloudtrail-logs",
      statement: [
        {
          effect: "Deny",
          not_actions: ["s3:GetObject"],
          not_resources: ["arn:aws:s3:::org-logs/*"],
          not_principals: [{ type: "AWS", identifiers: [111122223333] }],
          condition: [
            { test: "Bool", variable: "aws:SecureTransport", values: [false] },
            { test: "NumericLessThan", variable: "s3:TlsVersion", values: [1.2, 1e-7, 1e21] },
          ],
        },
      ],
    },
    minified:
      '{"Version":"2008-10-17","Id":"cloudtrail-logs","Statement":[{"Effect":"Deny","NotAction":"s3:GetObject","NotResource":"arn:aws:s3:::org-logs/*",' +
      '"NotPrincipal":{"AWS":"111122223333"},"Condition":{"Bool":{"aws:SecureTransport":"false"},' +
      '"NumericLessThan":{"s3:TlsVersion":["1.2","0.0000001","1000000000000000000000"]}}}]}',
  },
  {
    name: "an empty statement block: its effect alone",
    args: { statement: [{}] },
    minified: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}',
  },
  {
    name: "no arguments at all",
    args: {},
    minified: '{"Version":"2012-10-17"}',
    json: '{\n  "Version": "2012-10-17"\n}',
  },
  {
    name: "Go's escapes: <, > and & as \\u003c, \\u003e, \\u0026; &{ only in resources, identifiers and values, not actions",
    args: {
      statement: [
        {
          actions: ["s3:&{x}"],
          resources: ["arn:aws:s3:::a<b>&c"],
          principals: [{ type: "AWS", identifiers: ["&{aws:userid}"] }],
          condition: [{ test: "StringLike", variable: "aws:userid", values: ["&{aws:username}"] }],
        },
      ],
    },
    minified:
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:\\u0026{x}","Resource":"arn:aws:s3:::a\\u003cb\\u003e\\u0026c",' +
      '"Principal":{"AWS":"${aws:userid}"},"Condition":{"StringLike":{"aws:userid":"${aws:username}"}}}]}',
  },
  // ---- Merging: the documentation's examples (the provider v5 leaves an empty Sid out) ----
  {
    name: "docs example, source document: a statement with the source's Sid replaces it in place",
    args: {
      source_policy_documents: [
        minified({ statement: [{ actions: ["ec2:*"], resources: ["*"] }, { sid: "SidToOverride", actions: ["s3:*"], resources: ["*"] }] }),
      ],
      statement: [{ sid: "SidToOverride", actions: ["s3:*"], resources: ["arn:aws:s3:::somebucket", "arn:aws:s3:::somebucket/*"] }],
    },
    minified:
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"},' +
      '{"Sid":"SidToOverride","Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::somebucket/*","arn:aws:s3:::somebucket"]}]}',
  },
  {
    name: "docs example, override document: its statement replaces the one with its Sid",
    args: {
      override_policy_documents: [minified({ statement: [{ sid: "SidToOverride", actions: ["s3:*"], resources: ["*"] }] })],
      statement: [
        { actions: ["ec2:*"], resources: ["*"] },
        { sid: "SidToOverride", actions: ["s3:*"], resources: ["arn:aws:s3:::somebucket", "arn:aws:s3:::somebucket/*"] },
      ],
    },
    minified:
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"},{"Sid":"SidToOverride","Effect":"Allow","Action":"s3:*","Resource":"*"}]}',
  },
  {
    name: "docs example, source and override documents without statements",
    args: {
      source_policy_documents: [minified({ statement: [{ sid: "OverridePlaceholder", actions: ["ec2:DescribeAccountAttributes"], resources: ["*"] }] })],
      override_policy_documents: [minified({ statement: [{ sid: "OverridePlaceholder", actions: ["s3:GetObject"], resources: ["*"] }] })],
    },
    minified: '{"Version":"2012-10-17","Statement":[{"Sid":"OverridePlaceholder","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
  },
  {
    name: "docs example, merging source documents: statements in order",
    args: {
      source_policy_documents: [
        minified({ statement: [{ actions: ["ec2:*"], resources: ["*"] }, { sid: "UniqueSidOne", actions: ["s3:*"], resources: ["*"] }] }),
        minified({ statement: [{ sid: "UniqueSidTwo", actions: ["iam:*"], resources: ["*"] }, { actions: ["lambda:*"], resources: ["*"] }] }),
      ],
    },
    minified:
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"},{"Sid":"UniqueSidOne","Effect":"Allow","Action":"s3:*","Resource":"*"},' +
      '{"Sid":"UniqueSidTwo","Effect":"Allow","Action":"iam:*","Resource":"*"},{"Effect":"Allow","Action":"lambda:*","Resource":"*"}]}',
  },
  {
    name: "docs example, merging override documents: each replaces in place, new ones are appended",
    args: {
      override_policy_documents: [
        minified({ statement: [{ sid: "OverridePlaceHolderOne", effect: "Allow", actions: ["s3:*"], resources: ["*"] }] }),
        minified({
          statement: [
            { effect: "Allow", actions: ["ec2:*"], resources: ["*"] },
            { sid: "OverridePlaceHolderTwo", effect: "Allow", actions: ["iam:*"], resources: ["*"] },
          ],
        }),
        minified({ statement: [{ sid: "OverridePlaceHolderOne", effect: "Deny", actions: ["logs:*"], resources: ["*"] }] }),
      ],
      statement: [{ sid: "OverridePlaceHolderTwo", effect: "Deny", actions: ["*"], resources: ["*"] }],
    },
    minified:
      '{"Version":"2012-10-17","Statement":[{"Sid":"OverridePlaceHolderTwo","Effect":"Allow","Action":"iam:*","Resource":"*"},' +
      '{"Sid":"OverridePlaceHolderOne","Effect":"Deny","Action":"logs:*","Resource":"*"},{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}',
  },
  {
    name: "the greatest Version wins; the last non-empty Id wins",
    args: {
      version: "2008-10-17",
      policy_id: "mine",
      source_policy_documents: ['{"Version":"2012-10-17","Id":"source"}'],
      override_policy_documents: ['{"Id":"override"}', '{"Id":""}', "null"],
    },
    minified: '{"Version":"2012-10-17","Id":"override"}',
  },
  // ---- Source and override documents read as Go's encoding/json reads them ----
  {
    name: "hand-written source: Action kept as written, field names matched without regard to case, unknown fields ignored",
    args: {
      source_policy_documents: ['{"version":"2012-10-17","statement":[{"sid":"A","EFFECT":"Deny","Action":["s3:b","s3:a","s3:b"],"resource":"*","Extra":1}]}'],
    },
    minified: '{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Deny","Action":["s3:b","s3:a","s3:b"],"Resource":"*"}]}',
  },
  {
    name: 'hand-written source: "Principal": any string is "*"; an identifier list sorted descending, a list of one stays a list',
    args: {
      source_policy_documents: [
        '{"Statement":[{"Effect":"Allow","Principal":"everyone"},{"Effect":"Allow","Principal":{"Service":["b.amazonaws.com","a.amazonaws.com","c.amazonaws.com"],"AWS":["111122223333"],"CanonicalUser":"x"}}]}',
      ],
    },
    minified:
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*"},' +
      '{"Effect":"Allow","Principal":{"AWS":["111122223333"],"CanonicalUser":"x","Service":["c.amazonaws.com","b.amazonaws.com","a.amazonaws.com"]}}]}',
  },
  {
    name: "hand-written source: a condition list of one becomes a string, a bool its string, a number or null value is dropped",
    args: {
      source_policy_documents: [
        '{"Statement":[{"Effect":"Allow","Condition":{"StringEquals":{"s3:x-amz-acl":["bucket-owner-full-control"],"aws:SourceAccount":"111122223333"},' +
          '"Bool":{"aws:SecureTransport":true},"NumericLessThan":{"aws:MultiFactorAuthAge":3600},"Null":{"aws:TokenIssueTime":null}}}]}',
      ],
    },
    minified:
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Condition":{"Bool":{"aws:SecureTransport":"true"},' +
      '"StringEquals":{"aws:SourceAccount":"111122223333","s3:x-amz-acl":"bucket-owner-full-control"}}}]}',
  },
  {
    name: "hand-written source: an object inside Resource written as a Go map (keys sorted), an empty list kept",
    args: { source_policy_documents: ['{"Statement":[{"Effect":"Allow","Action":[],"Resource":{"b":1,"a":[true,null,-0,1e-7]}}]}'] },
    minified: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[],"Resource":{"a":[true,null,-0,1e-7],"b":1}}]}',
  },
];

describe("aws_iam_policy_document", () => {
  describe("renders json and minified_json as the AWS provider v5", () => {
    for (const c of cases) {
      it(c.name, () => {
        const { json, minified_json } = renderPolicyDocument(c.args, at);
        assert.equal(minified_json, c.minified);
        if (c.json !== undefined) assert.equal(json, c.json);
        assert.equal(typeof json, "string");
        assert.deepEqual(JSON.parse(json as string), JSON.parse(c.minified));
        assert.match(json as string, /^\{\n {2}"/);
      });
    }
  });

  describe("unknown arguments make both attributes that Unknown", () => {
    const unknownCases: { name: string; args: ValueObject; expect: Unknown }[] = [
      { name: "a resource known only after apply", args: { statement: [{ actions: ["s3:PutObject"], resources: ["arn:aws:s3:::a", afterApply] }] }, expect: afterApply },
      {
        name: "a condition value from a variable without a value",
        args: { statement: [{ actions: ["s3:PutObject"], condition: [{ test: "StringEquals", variable: "aws:SourceArn", values: [noValue] }] }] },
        expect: noValue,
      },
      { name: "a dynamic statement over unknown values", args: { statement: afterApply }, expect: afterApply },
      { name: "one statement of a dynamic block", args: { statement: [{ actions: ["s3:*"] }, noValue] }, expect: noValue },
      { name: "a source document known only after apply", args: { source_policy_documents: [afterApply] }, expect: afterApply },
      { name: "an override document list from a variable without a value", args: { override_policy_documents: noValue }, expect: noValue },
      {
        name: "the first in document order: version before statements",
        args: { version: noValue, statement: [{ actions: ["s3:*"], resources: [afterApply] }] },
        expect: noValue,
      },
      { name: "a principal's identifiers", args: { statement: [{ principals: [{ type: "AWS", identifiers: afterApply }] }] }, expect: afterApply },
      {
        name: "a duplicate Sid is found only when the provider reads the document, after the unknown is known",
        args: { statement: [{ sid: "A" }, { sid: "A", resources: [afterApply] }] },
        expect: afterApply,
      },
    ];
    for (const c of unknownCases) {
      it(c.name, () => {
        const { json, minified_json } = renderPolicyDocument(c.args, at);
        assert.equal(json, c.expect);
        assert.equal(minified_json, c.expect);
      });
    }
  });

  describe("what Terraform or the provider rejects is an invalid Unknown at the block", () => {
    const rejected: { name: string; args: ValueObject; message: RegExp }[] = [
      { name: "duplicate Sid in statement blocks", args: { statement: [{ sid: "A" }, { sid: "B" }, { sid: "A" }] }, message: /duplicate Sid \(A\) in statement blocks/ },
      {
        name: "duplicate Sid across source documents",
        args: { source_policy_documents: ['{"Statement":[{"Sid":"A"}]}', '{"Statement":[{"Sid":"B"},{"Sid":"A"}]}'] },
        message: /duplicate Sid \(A\) in source_policy_documents \(document 1, statement 1\)/,
      },
      {
        name: "a source document that is not JSON, even beside an unknown one",
        args: { source_policy_documents: [afterApply, "{Version"] },
        message: /source_policy_documents\[1\] is not valid JSON/,
      },
      { name: "an empty override document", args: { override_policy_documents: [""] }, message: /override_policy_documents\[0\] is empty/ },
      {
        name: "a source document whose Statement is one object (AWS accepts it, the provider does not)",
        args: { source_policy_documents: ['{"Statement":{"Effect":"Allow"}}'] },
        message: /reads Statement only as an array/,
      },
      { name: "a null statement in a source document", args: { source_policy_documents: ['{"Statement":[null]}'] }, message: /Statement\[0\] is null/ },
      { name: '"Principal": null in an override document', args: { override_policy_documents: ['{"Statement":[{"Principal":null}]}'] }, message: /Principal must be a string or an object, got null/ },
      {
        name: "a number among a source document's principal identifiers",
        args: { source_policy_documents: ['{"Statement":[{"Principal":{"AWS":[111122223333]}}]}'] },
        message: /AWS must list only strings, got a number/,
      },
      { name: "a source document's Sid that is not a string", args: { source_policy_documents: ['{"Statement":[{"Sid":1}]}'] }, message: /Sid must be a string/ },
      { name: "effect in the wrong case", args: { statement: [{ effect: "allow" }] }, message: /statement\[0\]\.effect must be Allow or Deny, got "allow"/ },
      { name: "an unknown version", args: { version: "2012-10-18" }, message: /version must be one of 2008-10-17, 2012-10-17/ },
      { name: "&{ with version 2008-10-17", args: { version: "2008-10-17", statement: [{ resources: ["arn:aws:s3:::b/&{aws:username}"] }] }, message: /found &\{ sequence in \(arn:aws:s3:::b\/&\{aws:username\}\)/ },
      { name: "a null element in a set", args: { statement: [{ actions: ["s3:*", null] }] }, message: /statement\[0\]\.actions\[1\] is null/ },
      { name: "a string where a set is expected", args: { statement: [{ actions: "s3:*" }] }, message: /statement\[0\]\.actions must be a list of strings, got string/ },
      { name: "a principals block without type", args: { statement: [{ principals: [{ identifiers: ["*"] }] }] }, message: /the argument statement\[0\]\.principals\[0\]\.type is required/ },
      { name: "a condition without values", args: { statement: [{ condition: [{ test: "Bool", variable: "aws:SecureTransport" }] }] }, message: /condition\[0\]\.values is required/ },
      { name: "source_json, not used since v5", args: { source_json: "{}" }, message: /source_json is not used since AWS provider v5/ },
      {
        name: "an invalid known part wins over an unknown one (terraform validate reports it)",
        args: { statement: [{ effect: "allow", resources: [afterApply] }] },
        message: /effect must be Allow or Deny/,
      },
    ];
    for (const c of rejected) {
      it(c.name, () => {
        const { json, minified_json } = renderPolicyDocument(c.args, at);
        assert.ok(json instanceof Unknown, `expected an Unknown, got ${String(json)}`);
        assert.equal(json.reason, "invalid");
        assert.match(json.message, /^aws_iam_policy_document: /);
        assert.match(json.message, c.message);
        assert.deepEqual(json.at, at);
        assert.equal(minified_json, json);
      });
    }
  });
});
