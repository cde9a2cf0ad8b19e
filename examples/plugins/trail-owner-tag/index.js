// @ts-check
// An example cloudtrail-lint plugin, written against the package's public API only. It adds one
// check, "trail-owner-tag" (namespaced "example/trail-owner-tag" when loaded): every trail an
// account owns carries an owner tag (cloudtrail:ListTags), so that someone answers for it.
//
//   cloudtrail-lint lint examples/org-snapshot.json --plugin ./examples/plugins/trail-owner-tag
import { allTrails, definePlugin, isUnknown, known, SUSPENDED_MESSAGE, suspendedResult, tagValue, unknownAt } from "cloudtrail-lint";

/** @typedef {{ key: string }} Params */
/** @typedef {"ok" | "missing" | "empty" | "none" | "suspended"} MessageId */
/** @typedef {import("cloudtrail-lint").CheckResult<MessageId>} Result */

/** @type {import("cloudtrail-lint").CheckModule<Params, MessageId>} */
export const trailOwnerTag = {
  meta: {
    id: "trail-owner-tag",
    title: "Every trail carries an owner tag",
    severity: "low",
    rationale:
      "A trail nobody owns is a trail nobody fixes: when its delivery fails or its bucket policy drifts, " +
      "the owner tag says whom to call before the gap in the audit log grows.",
    reads: [
      { service: "cloudtrail", operation: "DescribeTrails" },
      { service: "cloudtrail", operation: "ListTags" },
    ],
    messages: {
      ok: "Trail {{trail}} is owned by {{owner}} (tag {{key}}).",
      missing: "Trail {{trail}} has no {{key}} tag.",
      empty: "Trail {{trail}} has an empty {{key}} tag.",
      none: "This account owns no trail.",
      suspended: SUSPENDED_MESSAGE,
    },
    remediation: {
      text: "Tag the trail with the team that owns it.",
      cli: ["aws cloudtrail add-tags --region {{homeRegion}} --resource-id {{trailArn}} --tags-list Key={{key}},Value=<owning-team>"],
    },
    fixes: {
      missing: {
        text: "Tag trail {{trail}} with the team that owns it ({{key}}).",
        cli: ["aws cloudtrail add-tags --region {{homeRegion}} --resource-id {{trailArn}} --tags-list Key={{key}},Value=<owning-team>"],
      },
      empty: {
        text: "Put the owning team in the {{key}} tag of trail {{trail}}.",
        cli: ["aws cloudtrail add-tags --region {{homeRegion}} --resource-id {{trailArn}} --tags-list Key={{key}},Value=<owning-team>"],
      },
    },
    frameworks: {},
    params: {
      type: "object",
      properties: {
        key: { type: "string", minLength: 1, default: "owner", description: "The tag key that names the owner." },
      },
      additionalProperties: false,
    },
  },

  run(snapshot, params) {
    const trails = allTrails(snapshot); // deduplicated by TrailARN, the owner's copy first
    return snapshot.accounts.flatMap(/** @returns {Result[]} */ (account, index) => {
      const closed = suspendedResult(account, index);
      if (closed) return [closed];
      const accountId = account.Id;
      const pointer = `/accounts/${index}`;
      // Not knowing the account's trails is not knowing whether it owns one: the engine makes this ERROR.
      if (isUnknown(account.trails)) {
        return [{ status: "NOT_APPLICABLE", messageId: "none", accountId, pointer, unknowns: unknownAt(account.trails, `${pointer}/trails`) }];
      }
      const owned = trails.filter((ref) => ref.ownerAccountId === accountId);
      if (owned.length === 0) return [{ status: "NOT_APPLICABLE", messageId: "none", accountId, pointer }];
      return owned.map((ref) => {
        /** @type {import("cloudtrail-lint").UnknownRef[]} */
        const unknowns = [];
        const tags = known(ref.trail.tags, `${ref.pointer}/tags`, unknowns);
        const owner = tagValue(tags, params.key);
        const messageId = owner === undefined ? "missing" : owner.trim() === "" ? "empty" : "ok";
        return {
          status: messageId === "ok" ? "PASS" : "FAIL",
          messageId,
          accountId,
          region: ref.homeRegion,
          resource: ref.trail.TrailARN,
          pointer: ref.pointer,
          data: { trail: ref.trail.Name, trailArn: ref.trail.TrailARN, homeRegion: ref.homeRegion, key: params.key, owner: owner ?? "" },
          evidence: { key: params.key, tags: tags ?? [] },
          unknowns,
        };
      });
    });
  },
};

export default definePlugin({
  meta: { name: "example", version: "1.0.0" },
  checks: [trailOwnerTag],
});
