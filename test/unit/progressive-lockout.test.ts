import { describe, expect, it } from "vitest";
import { lockoutSeconds } from "../../shared/src/rate-limit/progressive-lockout.ts";

describe("lockoutSeconds", () => {
  const policy = { freeAttempts: 5, baseSeconds: 15, maxSeconds: 900 };

  it("lets the free attempts through, then doubles the wait from the base up to the cap", () => {
    expect([1, 2, 3, 4].map((n) => lockoutSeconds(n, policy))).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9, 10].map((n) => lockoutSeconds(n, policy))).toEqual([15, 30, 60, 120, 240, 480]);
    expect(lockoutSeconds(11, policy)).toBe(900);
    expect(lockoutSeconds(10_000, policy)).toBe(900);
  });
});
