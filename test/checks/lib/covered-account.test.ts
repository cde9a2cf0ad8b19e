// The opening of the account-level trail checks: suspended, not covered (with the unknowns that may
// hide a logging trail), or the logging trails to judge.
import assert from "node:assert/strict";
import { coveredAccount, notCovered } from "../../../src/checks/lib/covered-account.js";
import type { Snapshot } from "../../../src/model/snapshot.js";
import { unknownValue } from "../../../src/model/unknown.js";
import { MANAGEMENT, MEMBER, account, denied, multiRegionTrail, org, single, trail } from "../../helpers/builders.js";

const open = (snapshot: Snapshot, index = 0) => coveredAccount(snapshot, snapshot.accounts[index]!, index);

describe("checks/lib/covered-account", () => {
  it("a suspended or closing account is NOT_APPLICABLE suspended, whatever its trails", () => {
    for (const Status of ["SUSPENDED", "PENDING_CLOSURE"] as const) {
      const snapshot = org({ members: [account(MEMBER, { Status, trails: [multiRegionTrail({ account: MEMBER })] })] });
      assert.deepEqual(open(snapshot, 1), {
        result: { status: "NOT_APPLICABLE", messageId: "suspended", accountId: MEMBER, pointer: "/accounts/1", data: { accountStatus: Status } },
      });
    }
  });

  it("an account without a logging trail is NOT_APPLICABLE none, with no unknowns when nothing is unknown", () => {
    const stopped = trail({ status: { IsLogging: false } });
    assert.deepEqual(open(single([stopped])), {
      result: { status: "NOT_APPLICABLE", messageId: "none", accountId: MANAGEMENT, pointer: "/accounts/0", unknowns: [] },
    });
  });

  it("carries the unknowns that may hide a logging trail: an unread trail list, an unread status", () => {
    const cause = denied("cloudtrail", "DescribeTrails", { region: "us-east-1" });
    assert.deepEqual(open(single([], { trails: unknownValue(cause) })), {
      result: { status: "NOT_APPLICABLE", messageId: "none", accountId: MANAGEMENT, pointer: "/accounts/0", unknowns: [{ cause, pointer: "/accounts/0/trails" }] },
    });
    const statusCause = denied("cloudtrail", "GetTrailStatus");
    const opening = open(single([trail({ status: unknownValue(statusCause) })]));
    assert.deepEqual(opening.result?.unknowns, [{ cause: statusCause, pointer: "/accounts/0/trails/0/status" }]);
  });

  it("otherwise gives the logging trails that cover the account, an organization trail among them", () => {
    const orgTrail = multiRegionTrail({ Name: "org", IsOrganizationTrail: true });
    const snapshot = org({ management: { trails: [orgTrail] }, members: [MEMBER] });
    const opening = open(snapshot, 1);
    assert.equal(opening.result, undefined);
    assert.deepEqual(
      opening.coverage?.logging.map((ref) => ref.pointer),
      ["/accounts/0/trails/0"],
    );
  });

  it("notCovered is the same NOT_APPLICABLE none, with the unknowns given", () => {
    const unknowns = [{ cause: denied("cloudtrail", "GetTrail"), pointer: "/accounts/0/trails/0" }];
    assert.deepEqual(notCovered(account(MANAGEMENT), 0, unknowns), {
      status: "NOT_APPLICABLE",
      messageId: "none",
      accountId: MANAGEMENT,
      pointer: "/accounts/0",
      unknowns,
    });
  });
});
