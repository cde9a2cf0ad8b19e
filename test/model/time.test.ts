import assert from "node:assert/strict";
import { hoursBetween, toEpochMs, toIso } from "../../src/model/time.js";

const NOON = Date.UTC(2026, 10, 20, 12, 0, 0); // 2026-11-20T12:00:00Z

describe("model/time", () => {
  describe("toEpochMs", () => {
    const cases: [string, Parameters<typeof toEpochMs>[0], number | undefined][] = [
      ["ISO with Z", "2026-11-20T12:00:00Z", NOON],
      ["ISO with offset, as the AWS CLI prints it", "2026-11-20T13:00:00+01:00", NOON],
      ["ISO with microseconds", "2026-11-20T12:00:00.250000+00:00", NOON + 250],
      ["ISO without offset is UTC, whatever the machine's zone", "2026-11-20T12:00:00", NOON],
      ["epoch seconds (SDK JSON)", 1795176000, NOON],
      ["fractional epoch seconds", 1795176000.5, NOON + 500],
      ["epoch seconds as a string", "1795176000", NOON],
      ["absent", undefined, undefined],
      ["null", null, undefined],
      ["empty string", "", undefined],
      ["unreadable", "yesterday", undefined],
      ["not finite", Number.NaN, undefined],
    ];
    for (const [name, input, expected] of cases) {
      it(name, () => assert.equal(toEpochMs(input), expected));
    }
  });

  it("toIso normalises both forms to UTC ISO", () => {
    assert.equal(toIso(1795176000), "2026-11-20T12:00:00.000Z");
    assert.equal(toIso("2026-11-20T13:00:00+01:00"), "2026-11-20T12:00:00.000Z");
    assert.equal(toIso("nope"), undefined);
  });

  it("hoursBetween mixes forms and is signed", () => {
    assert.equal(hoursBetween(1795176000 - 3 * 86400, "2026-11-20T12:00:00Z"), 72);
    assert.equal(hoursBetween("2026-11-20T12:30:00Z", 1795176000), -0.5);
    assert.equal(hoursBetween(undefined, "2026-11-20T12:00:00Z"), undefined);
    assert.equal(hoursBetween("2026-11-20T12:00:00Z", "bad"), undefined);
  });
});
