// Who can take each delete path of a log bucket, layer by layer (src/model/iam-eval.ts), and the
// metamorphic properties of the evaluation: a Deny never adds a principal, an Allow never removes one.
import assert from "node:assert/strict";
import fc from "fast-check";
import { deletePaths, whoCan, type PathResult } from "../../src/model/iam-eval.js";
import { parsePolicy } from "../../src/model/policy.js";
import type { IamAuthorization, IamRole, IamUser, PolicyStatement, ServiceControlPolicy, Snapshot } from "../../src/model/snapshot.js";
import { LOG_ARCHIVE, MANAGEMENT, OTHER, ORG_ID, account, org } from "../helpers/builders.js";

const BUCKET = "arn:aws:s3:::org-trail-logs";
const OBJECTS = `${BUCKET}/*`;
const ROLE_ARN = (name: string, owner = LOG_ARCHIVE) => `arn:aws:iam::${owner}:role/${name}`;
const USER_ARN = (name: string) => `arn:aws:iam::${LOG_ARCHIVE}:user/${name}`;
const doc = (...Statement: PolicyStatement[]) => ({ Version: "2012-10-17", Statement });
const allow = (Action: string | string[], Resource: string | string[] = "*", extra: Partial<PolicyStatement> = {}): PolicyStatement => ({ Effect: "Allow", Action, Resource, ...extra });
const deny = (Action: string | string[], Resource: string | string[] = "*", extra: Partial<PolicyStatement> = {}): PolicyStatement => ({ Effect: "Deny", Action, Resource, ...extra });

const role = (name: string, statements: PolicyStatement[], extra: Partial<IamRole> = {}): IamRole => ({
  RoleName: name,
  Arn: ROLE_ARN(name),
  Path: "/",
  RolePolicyList: statements.length > 0 ? [{ PolicyName: `${name}-inline`, PolicyDocument: JSON.stringify(doc(...statements)) }] : [],
  AttachedManagedPolicies: [],
  ...extra,
});
const user = (name: string, statements: PolicyStatement[], extra: Partial<IamUser> = {}): IamUser => ({
  UserName: name,
  Arn: USER_ARN(name),
  Path: "/",
  UserPolicyList: statements.length > 0 ? [{ PolicyName: `${name}-inline`, PolicyDocument: doc(...statements) }] : [],
  AttachedManagedPolicies: [],
  ...extra,
});
const iamOf = (parts: Partial<IamAuthorization>): IamAuthorization => ({ users: [], groups: [], roles: [], policies: [], ...parts });

const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
const BOUNDARY = `arn:aws:iam::${LOG_ARCHIVE}:policy/NoS3Delete`;
const READ_ONLY = `arn:aws:iam::${LOG_ARCHIVE}:policy/S3Read`;
const MANAGED = [
  { Arn: ADMIN, PolicyName: "AdministratorAccess", Document: JSON.stringify(doc(allow("*"))) },
  { Arn: BOUNDARY, PolicyName: "NoS3Delete", Document: doc(allow("*"), deny("s3:Delete*")) },
  { Arn: READ_ONLY, PolicyName: "S3Read", Document: doc(allow(["s3:Get*", "s3:List*"])) },
];

const scp = (id: string, statements: PolicyStatement[], target: { TargetId: string; Type: "ROOT" | "ORGANIZATIONAL_UNIT" | "ACCOUNT" }): ServiceControlPolicy => ({
  PolicySummary: { Id: id, Name: id, Type: "SERVICE_CONTROL_POLICY" },
  Content: JSON.stringify(doc(...statements)),
  targets: [target],
});
const FULL = scp("p-FullAWSAccess", [allow("*")], { TargetId: "r-ab12", Type: "ROOT" });

/** The log archive account (a member under Security OU) owning the bucket. */
function snapshotWith(scps: ServiceControlPolicy[] = [FULL], owner = LOG_ARCHIVE): Snapshot {
  return org({
    members: [account(LOG_ARCHIVE, { ouPath: [{ Id: "r-ab12", Name: "Root" }, { Id: "ou-ab12-security", Name: "Security" }] })],
    organization: { serviceControlPolicies: scps, ...(owner === MANAGEMENT ? {} : {}) },
  });
}

interface Setup {
  iam: IamAuthorization;
  policy?: PolicyStatement[];
  scps?: ServiceControlPolicy[];
  owner?: string;
  governance?: boolean;
}

function run(setup: Setup): PathResult[] {
  const snapshot = snapshotWith(setup.scps ?? [FULL]);
  const owner = setup.owner ?? LOG_ARCHIVE;
  return whoCan(snapshot, {
    owner,
    bucketArn: BUCKET,
    policy: setup.policy ? parsePolicy(JSON.stringify(doc(...setup.policy)), "resource") : null,
    iam: setup.iam,
    iamPointer: "/accounts/1/iam",
    paths: deletePaths(setup.governance ?? false),
  });
}

/** path -> principal ARNs (paths without any left out). */
function who(setup: Setup): Record<string, string[]> {
  return Object.fromEntries(run(setup).flatMap((r) => (r.principals.length > 0 ? [[r.path, r.principals.map((p) => p.principalArn)]] : [])));
}

const ALL_PATHS = deletePaths(false).map((p) => p.id);
const every = (arn: string, paths = ALL_PATHS) => Object.fromEntries(paths.map((p) => [p, [arn]]));

interface Row {
  name: string;
  setup: Setup;
  expect: Record<string, string[]>;
}

const ROWS: Row[] = [
  { name: "an administrator can take every path", setup: { iam: iamOf({ roles: [role("Admin", [allow("*")])] }) }, expect: every(ROLE_ARN("Admin")) },
  {
    name: "each path alone, granted on exactly its resource",
    setup: {
      iam: iamOf({
        roles: [role("Deleter", [allow("s3:DeleteObject", OBJECTS)]), role("Lifecycle", [allow("s3:PutLifecycleConfiguration", BUCKET)]), role("Versions", [allow("s3:DeleteObjectVersion", OBJECTS)])],
      }),
    },
    expect: { "s3:DeleteObject": [ROLE_ARN("Deleter")], "s3:DeleteObjectVersion": [ROLE_ARN("Versions")], "s3:PutLifecycleConfiguration": [ROLE_ARN("Lifecycle")] },
  },
  {
    name: "an object-level action granted on the bucket ARN only grants nothing",
    setup: { iam: iamOf({ roles: [role("Wrong", [allow("s3:DeleteObject", BUCKET), allow("s3:DeleteBucket", OBJECTS)])] }) },
    expect: {},
  },
  {
    name: "s3:Delete* reaches the delete actions only",
    setup: { iam: iamOf({ users: [user("ops", [allow("s3:Delete*", [BUCKET, OBJECTS])])] }) },
    expect: every(USER_ARN("ops"), ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:DeleteBucket", "s3:DeleteBucketPolicy"]),
  },
  { name: "s3:* on every bucket reaches every path", setup: { iam: iamOf({ users: [user("s3admin", [allow("s3:*", "arn:aws:s3:::*")])] }) }, expect: every(USER_ARN("s3admin")) },
  {
    name: "NotAction: everything but s3 grants nothing here",
    setup: { iam: iamOf({ roles: [role("NotS3", [{ Effect: "Allow", NotAction: "s3:*", Resource: "*" }])] }) },
    expect: {},
  },
  {
    name: "NotResource: everything but the log bucket grants nothing here",
    setup: { iam: iamOf({ roles: [role("NotLogs", [{ Effect: "Allow", Action: "*", NotResource: [BUCKET, OBJECTS] }])] }) },
    expect: {},
  },
  {
    name: "NotResource of another bucket still grants here",
    setup: { iam: iamOf({ roles: [role("NotScratch", [{ Effect: "Allow", Action: "s3:DeleteObject", NotResource: "arn:aws:s3:::scratch/*" }])] }) },
    expect: { "s3:DeleteObject": [ROLE_ARN("NotScratch")] },
  },
  {
    name: "an identity Deny overrides the Allow",
    setup: { iam: iamOf({ roles: [role("Admin", [allow("*"), deny(["s3:DeleteObject*", "s3:PutLifecycleConfiguration"], [BUCKET, OBJECTS])])] }) },
    expect: every(ROLE_ARN("Admin"), ["s3:DeleteBucket", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketVersioning", "s3:PutBucketObjectLockConfiguration"]),
  },
  {
    name: "a permissions boundary stops what it does not allow (and what it denies)",
    setup: {
      iam: iamOf({
        roles: [
          role("Bounded", [], { AttachedManagedPolicies: [{ PolicyArn: ADMIN }], PermissionsBoundary: { PermissionsBoundaryArn: BOUNDARY } }),
          role("ReadOnlyBound", [allow("*")], { PermissionsBoundary: { PermissionsBoundaryArn: ADMIN } }),
          role("ReadBoundary", [allow("*")], { PermissionsBoundary: { PermissionsBoundaryArn: READ_ONLY } }),
        ],
        policies: MANAGED,
      }),
    },
    expect: Object.fromEntries(
      ALL_PATHS.map((p) => [p, p.startsWith("s3:Delete") ? [ROLE_ARN("ReadOnlyBound")] : [ROLE_ARN("Bounded"), ROLE_ARN("ReadOnlyBound")]]),
    ),
  },
  {
    name: "a user gets its groups' policies, inline and attached",
    setup: {
      iam: iamOf({
        users: [user("alice", [], { GroupList: ["Admins"] }), user("bob", [], { GroupList: ["Lifecycle"] })],
        groups: [
          { GroupName: "Admins", Arn: `arn:aws:iam::${LOG_ARCHIVE}:group/Admins`, AttachedManagedPolicies: [{ PolicyArn: ADMIN }] },
          { GroupName: "Lifecycle", Arn: `arn:aws:iam::${LOG_ARCHIVE}:group/Lifecycle`, GroupPolicyList: [{ PolicyName: "lc", PolicyDocument: doc(allow("s3:PutLifecycleConfiguration")) }] },
        ],
        policies: MANAGED,
      }),
    },
    expect: Object.fromEntries(ALL_PATHS.map((p) => [p, p === "s3:PutLifecycleConfiguration" ? [USER_ARN("alice"), USER_ARN("bob")] : [USER_ARN("alice")]])),
  },
  {
    name: "an SCP Deny stops a member account's principals",
    // Attached at the root beside FullAWSAccess, so that only its Deny can stop anything.
    setup: { iam: iamOf({ roles: [role("Admin", [allow("*")])] }), scps: [FULL, scp("p-deny", [deny("s3:*", [BUCKET, OBJECTS])], { TargetId: "r-ab12", Type: "ROOT" })] },
    expect: {},
  },
  {
    name: "an SCP allow list that does not include the action stops it",
    setup: {
      iam: iamOf({ roles: [role("Admin", [allow("*")])] }),
      // The OU level allows only S3 reads and the bucket-policy actions: the other actions are allowed at no level below the root.
      scps: [FULL, scp("p-allowlist", [allow(["s3:Get*", "s3:List*", "s3:PutBucketPolicy"])], { TargetId: "ou-ab12-security", Type: "ORGANIZATIONAL_UNIT" })],
    },
    expect: { "s3:PutBucketPolicy": [ROLE_ARN("Admin")] },
  },
  {
    name: "an SCP of an OU the account is not under does not apply",
    setup: { iam: iamOf({ roles: [role("Admin", [allow("*")])] }), scps: [FULL, scp("p-deny", [deny("*")], { TargetId: "ou-ab12-dev", Type: "ORGANIZATIONAL_UNIT" })] },
    expect: every(ROLE_ARN("Admin")),
  },
  {
    name: "SCPs do not apply to the management account",
    setup: { iam: iamOf({ roles: [role("Admin", [allow("*")])] }), owner: MANAGEMENT, scps: [FULL, scp("p-deny", [deny("*")], { TargetId: "r-ab12", Type: "ROOT" })] },
    expect: every(ROLE_ARN("Admin")),
  },
  {
    name: "the bucket policy's Deny to everyone stops identity grants",
    setup: { iam: iamOf({ roles: [role("Admin", [allow("*")])] }), policy: [deny(["s3:*"], [BUCKET, OBJECTS], { Principal: "*" })] },
    expect: {},
  },
  {
    name: "a bucket-policy Deny exempting a break-glass role leaves that role only",
    setup: {
      iam: iamOf({ roles: [role("Admin", [allow("*")]), role("BreakGlass", [allow("*")])] }),
      policy: [deny("s3:DeleteObject", OBJECTS, { Principal: "*", Condition: { StringNotLike: { "aws:PrincipalArn": ROLE_ARN("BreakGlass") } } })],
    },
    expect: { ...every(ROLE_ARN("Admin")), "s3:DeleteObject": [ROLE_ARN("BreakGlass")], ...Object.fromEntries(ALL_PATHS.filter((p) => p !== "s3:DeleteObject").map((p) => [p, [ROLE_ARN("Admin"), ROLE_ARN("BreakGlass")]])) },
  },
  {
    name: "a bucket-policy Allow to a role of the account grants without an identity policy",
    setup: { iam: iamOf({ roles: [role("Cleaner", [])] }), policy: [allow("s3:DeleteObject", OBJECTS, { Principal: { AWS: ROLE_ARN("Cleaner") } })] },
    expect: { "s3:DeleteObject": [ROLE_ARN("Cleaner")] },
  },
  {
    name: "a bucket-policy Allow to a user's own ARN is not limited by its boundary; one to a role ARN is",
    setup: {
      iam: iamOf({
        users: [user("cleaner", [], { PermissionsBoundary: { PermissionsBoundaryArn: READ_ONLY } })],
        roles: [role("Cleaner", [], { PermissionsBoundary: { PermissionsBoundaryArn: READ_ONLY } })],
        policies: MANAGED,
      }),
      policy: [allow("s3:DeleteObject", OBJECTS, { Principal: { AWS: [USER_ARN("cleaner"), ROLE_ARN("Cleaner")] } })],
    },
    expect: { "s3:DeleteObject": [USER_ARN("cleaner")] },
  },
  {
    name: "a bucket-policy Deny with NotPrincipal spares the principals it lists",
    setup: {
      iam: iamOf({ roles: [role("Admin", [allow("*")]), role("BreakGlass", [allow("*")])] }),
      policy: [deny("s3:DeleteObject", OBJECTS, { NotPrincipal: { AWS: ROLE_ARN("BreakGlass") } })],
    },
    expect: { ...Object.fromEntries(ALL_PATHS.map((p) => [p, [ROLE_ARN("Admin"), ROLE_ARN("BreakGlass")]])), "s3:DeleteObject": [ROLE_ARN("BreakGlass")] },
  },
  {
    name: "a bucket-policy Allow to the owner account delegates and grants nothing by itself",
    setup: { iam: iamOf({ roles: [role("Nobody", [])] }), policy: [allow("s3:*", [BUCKET, OBJECTS], { Principal: { AWS: `arn:aws:iam::${LOG_ARCHIVE}:root` } })] },
    expect: {},
  },
  {
    name: "a cross-account principal the bucket policy allows is listed",
    setup: { iam: iamOf({}), policy: [allow("s3:DeleteObject", OBJECTS, { Principal: { AWS: `arn:aws:iam::${OTHER}:role/Auditor` } })] },
    expect: { "s3:DeleteObject": [`arn:aws:iam::${OTHER}:role/Auditor`] },
  },
  {
    name: "a condition the snapshot decides: aws:PrincipalOrgID of the organization holds, another does not",
    setup: {
      iam: iamOf({
        roles: [
          role("InOrg", [allow("s3:DeleteObject", OBJECTS, { Condition: { StringEquals: { "aws:PrincipalOrgID": ORG_ID } } })]),
          role("OtherOrg", [allow("s3:DeleteObject", OBJECTS, { Condition: { StringEquals: { "aws:PrincipalOrgID": "o-another" } } })]),
        ],
      }),
    },
    expect: { "s3:DeleteObject": [ROLE_ARN("InOrg")] },
  },
  {
    name: "a condition the snapshot decides: aws:PrincipalArn in a bucket policy Allow to everyone",
    setup: {
      iam: iamOf({ roles: [role("Named", []), role("Unnamed", [])] }),
      policy: [allow("s3:DeleteObject", OBJECTS, { Principal: "*", Condition: { ArnEquals: { "aws:PrincipalArn": ROLE_ARN("Named") } } })],
    },
    expect: { "s3:DeleteObject": [ROLE_ARN("Named")] },
  },
  {
    name: "service-linked roles are not among the principals",
    setup: { iam: iamOf({ roles: [role("AWSServiceRoleForSupport", [allow("*")], { Path: "/aws-service-role/support.amazonaws.com/" })] }) },
    expect: {},
  },
  {
    name: "the retention path counts only under GOVERNANCE, and needs both actions",
    setup: { iam: iamOf({ roles: [role("Retention", [allow(["s3:PutObjectRetention", "s3:BypassGovernanceRetention"], OBJECTS)]), role("HalfRetention", [allow("s3:PutObjectRetention", OBJECTS)])] }), governance: true },
    expect: { "s3:PutObjectRetention+s3:BypassGovernanceRetention": [ROLE_ARN("Retention")] },
  },
];

describe("iam-eval whoCan", () => {
  for (const row of ROWS) {
    it(row.name, () => {
      assert.deepEqual(who(row.setup), row.expect);
    });
  }

  it("names the statement and keeps a condition the snapshot cannot decide", () => {
    const results = run({
      iam: iamOf({
        roles: [role("Mfa", [allow("s3:DeleteObject", OBJECTS, { Sid: "WithMfa", Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } })])],
      }),
      policy: [deny("s3:DeleteObject", OBJECTS, { Sid: "DenyInsecure", Principal: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } })],
    });
    const del = results.find((r) => r.path === "s3:DeleteObject")!;
    assert.deepEqual(del.principals, [
      {
        principalArn: ROLE_ARN("Mfa"),
        kind: "role",
        via: [{ policy: "inline:Mfa-inline", statement: "WithMfa", conditions: ["Bool aws:MultiFactorAuthPresent true"] }],
        conditions: ["unless bucket policy bucket policy statement DenyInsecure denies when Bool aws:SecureTransport false"],
      },
    ]);
  });

  it("lists service-linked roles apart, with the SCPs not applied to them", () => {
    const results = run({
      iam: iamOf({ roles: [role("AWSServiceRoleForConfig", [allow("s3:DeleteObject", OBJECTS)], { Path: "/aws-service-role/config.amazonaws.com/" })] }),
      scps: [FULL, scp("p-deny", [deny("s3:*")], { TargetId: "r-ab12", Type: "ROOT" })],
    });
    assert.deepEqual(results.find((r) => r.path === "s3:DeleteObject")!.serviceLinked.map((p) => p.principalArn), [ROLE_ARN("AWSServiceRoleForConfig")]);
  });

  it("names an attached managed policy and the group it comes through", () => {
    const results = run({
      iam: iamOf({ users: [user("alice", [], { GroupList: ["Admins"] })], groups: [{ GroupName: "Admins", Arn: "arn:aws:iam::1:group/Admins", AttachedManagedPolicies: [{ PolicyArn: ADMIN }] }], policies: MANAGED }),
    });
    assert.deepEqual(results[0]!.principals[0]!.via, [{ policy: ADMIN, attachedTo: "group Admins", statement: "#0", conditions: [] }]);
  });

  it("a managed policy missing from the snapshot leaves the principal undecided, naming it", () => {
    const results = run({ iam: iamOf({ roles: [role("Mystery", [], { AttachedManagedPolicies: [{ PolicyArn: "arn:aws:iam::aws:policy/Missing" }] })] }) });
    const [first] = results;
    assert.deepEqual(first!.principals, []);
    assert.equal(first!.undecided[0]!.principalArn, ROLE_ARN("Mystery"));
    assert.equal(first!.undecided[0]!.holes[0]!.pointer, "/accounts/1/iam/roles/0/AttachedManagedPolicies/0");
    assert.match(first!.undecided[0]!.holes[0]!.cause.message, /managed policy arn:aws:iam::aws:policy\/Missing of role Mystery is not in the snapshot/);
  });

  it("unknown SCPs leave a member account's principals undecided", () => {
    const snapshot = snapshotWith();
    const s: Snapshot = { ...snapshot, organization: { ...snapshot.organization!, serviceControlPolicies: { $unknown: { service: "organizations", operation: "ListPolicies", code: "AccessDenied", message: "denied" } } } };
    const results = whoCan(s, { owner: LOG_ARCHIVE, bucketArn: BUCKET, policy: null, iam: iamOf({ roles: [role("Admin", [allow("*")])] }), iamPointer: "/accounts/1/iam", paths: deletePaths(false) });
    assert.deepEqual(results[0]!.principals, []);
    assert.equal(results[0]!.undecided[0]!.holes[0]!.pointer, "/organization/serviceControlPolicies");
  });

  describe("resource control policies over the bucket's account", () => {
    const rcp = (statements: PolicyStatement[]) => ({
      PolicySummary: { Id: "p-rcp1", Name: "protect-logs", Type: "RESOURCE_CONTROL_POLICY" as const },
      Content: JSON.stringify(doc(...statements)),
      targets: [{ TargetId: "r-ab12", Type: "ROOT" as const }],
    });
    const admin = iamOf({ roles: [role("Admin", [allow("*")]), role("BreakGlass", [allow("*")])] });
    const withRcps = (rcps: unknown, owner = LOG_ARCHIVE) => {
      const snapshot = snapshotWith();
      const s = { ...snapshot, organization: { ...snapshot.organization!, resourceControlPolicies: rcps } } as Snapshot;
      return whoCan(s, { owner, bucketArn: BUCKET, policy: null, iam: admin, iamPointer: "/accounts/1/iam", paths: deletePaths(false) });
    };
    const deleters = (results: PathResult[]) => results.find((r) => r.path === "s3:DeleteObject")!.principals.map((p) => p.principalArn);

    it("a Deny stops every principal it reaches; its exemption keeps the one it names", () => {
      const results = withRcps([
        rcp([deny("s3:DeleteObject", OBJECTS, { Principal: "*", Condition: { ArnNotLike: { "aws:PrincipalArn": ROLE_ARN("BreakGlass") } } })]),
      ]);
      assert.deepEqual(deleters(results), [ROLE_ARN("BreakGlass")]);
      // Other paths are not in the RCP: both can still take them.
      assert.deepEqual(results.find((r) => r.path === "s3:PutBucketPolicy")!.principals.map((p) => p.principalArn), [ROLE_ARN("Admin"), ROLE_ARN("BreakGlass")]);
    });

    it("RCPs that could not be read leave the principals undecided; RCPs not in the snapshot change nothing", () => {
      const unread = withRcps({ $unknown: { service: "organizations", operation: "ListPolicies", code: "AccessDenied", message: "denied" } });
      assert.deepEqual(deleters(unread), []);
      assert.equal(unread.find((r) => r.path === "s3:DeleteObject")!.undecided[0]!.holes[0]!.pointer, "/organization/resourceControlPolicies");
      assert.deepEqual(deleters(withRcps(undefined)), [ROLE_ARN("Admin"), ROLE_ARN("BreakGlass")]);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Properties: the evaluation is monotone in the policies.

const ACTIONS = ["*", "s3:*", "s3:Delete*", "s3:DeleteObject", "s3:PutBucketPolicy", "s3:PutLifecycleConfiguration", "s3:Get*", "iam:*"];
const RESOURCES = ["*", BUCKET, OBJECTS, `${BUCKET}/AWSLogs/*`, "arn:aws:s3:::other/*"];
const CONDITIONS: (PolicyStatement["Condition"] | undefined)[] = [
  undefined,
  { StringEquals: { "aws:PrincipalOrgID": ORG_ID } },
  { ArnEquals: { "aws:PrincipalArn": ROLE_ARN("A") } },
  { StringNotLike: { "aws:PrincipalArn": ROLE_ARN("B") } },
  { Bool: { "aws:MultiFactorAuthPresent": "true" } },
];
const statementArb = (effect: "Allow" | "Deny", resourcePolicy: boolean) =>
  fc
    .record({
      not: fc.boolean(),
      actions: fc.subarray(ACTIONS, { minLength: 1, maxLength: 2 }),
      resources: fc.subarray(RESOURCES, { minLength: 1, maxLength: 2 }),
      condition: fc.constantFrom(...CONDITIONS),
      principal: fc.constantFrom<PolicyStatement["Principal"]>("*", { AWS: ROLE_ARN("A") }, { AWS: `arn:aws:iam::${LOG_ARCHIVE}:root` }, { AWS: `arn:aws:iam::${OTHER}:root` }),
    })
    .map(({ not, actions, resources, condition, principal }): PolicyStatement => ({
      Effect: effect,
      ...(not ? { NotAction: actions } : { Action: actions }),
      Resource: resources,
      ...(condition ? { Condition: condition } : {}),
      ...(resourcePolicy ? { Principal: principal } : {}),
    }));
const anyStatement = (resourcePolicy: boolean) => fc.oneof(statementArb("Allow", resourcePolicy), statementArb("Deny", resourcePolicy));

const worldArb = fc.record({
  a: fc.array(anyStatement(false), { maxLength: 3 }),
  b: fc.array(anyStatement(false), { maxLength: 3 }),
  bucket: fc.array(anyStatement(true), { maxLength: 3 }),
  scp: fc.array(anyStatement(false), { maxLength: 2 }),
});
type World = { a: PolicyStatement[]; b: PolicyStatement[]; bucket: PolicyStatement[]; scp: PolicyStatement[] };

function setupOf(w: World): Setup {
  return {
    iam: iamOf({ roles: [role("A", w.a), role("B", w.b)] }),
    policy: w.bucket,
    scps: [FULL, ...(w.scp.length > 0 ? [scp("p-ou", w.scp, { TargetId: "ou-ab12-security", Type: "ORGANIZATIONAL_UNIT" })] : [])],
  };
}

/** Every (path, principal) that holds, including undecided ones (they may hold). */
function holds(w: World): Set<string> {
  return new Set(run(setupOf(w)).flatMap((r) => [...r.principals.map((p) => `${r.path} ${p.principalArn}`), ...r.undecided.map((p) => `${r.path} ${p.principalArn}?`)]));
}
const definite = (s: Set<string>) => new Set([...s].filter((k) => !k.endsWith("?")));
const subset = (a: Set<string>, b: Set<string>) => [...a].every((k) => b.has(k) || b.has(`${k}?`));

const LAYERS = ["a", "b", "bucket", "scp"] as const;

describe("iam-eval properties", () => {
  it("adding a Deny anywhere never adds a principal", () => {
    fc.assert(
      fc.property(worldArb, fc.constantFrom(...LAYERS), statementArb("Deny", false), statementArb("Deny", true), (w, layer, d, dr) => {
        const before = holds(w);
        const after = holds({ ...w, [layer]: [...w[layer], layer === "bucket" ? dr : d] });
        assert.ok(subset(after, before), `added ${JSON.stringify(layer === "bucket" ? dr : d)} to ${layer}: ${[...after].filter((k) => !before.has(k)).join(", ")}`);
      }),
      { numRuns: 150 },
    );
  });

  it("adding an Allow to an identity or bucket policy never removes a principal", () => {
    fc.assert(
      fc.property(worldArb, fc.constantFrom("a", "b", "bucket"), statementArb("Allow", false), statementArb("Allow", true), (w, layer, s, sr) => {
        const before = definite(holds(w));
        const after = holds({ ...w, [layer]: [...w[layer], layer === "bucket" ? sr : s] });
        assert.ok(subset(before, after), `added ${JSON.stringify(layer === "bucket" ? sr : s)} to ${layer}: lost ${[...before].filter((k) => !after.has(k) && !after.has(`${k}?`)).join(", ")}`);
      }),
      { numRuns: 150 },
    );
  });
});
