import { describe, expect, it } from "vitest";
import { passwordProblems } from "../../shared/src/identity/password-policy.ts";

describe("password policy (NIST 800-63B style)", () => {
  it("accepts a long passphrase without composition rules", () => {
    expect(passwordProblems("correct horse battery staple", ["alice@example.com"])).toEqual([]);
  });
  it("requires 10 characters, counting characters rather than bytes", () => {
    expect(passwordProblems("ąęśćżźółń1", [])).toEqual([]);
    expect(passwordProblems("short-pw", [])).toEqual(["too_short"]);
  });
  it("refuses passwords containing the email or its local part", () => {
    expect(passwordProblems("alice@example.com", ["alice@example.com"])).toContain("matches_identifier");
    expect(passwordProblems("Alicerocks2026", ["alice@example.com"])).toContain("matches_identifier");
  });
  it("ignores identifier parts too short to matter", () => {
    expect(passwordProblems("bobcat-on-the-roof", ["bo@example.com"])).toEqual([]);
  });
  it("refuses breached passwords regardless of case", () => {
    expect(passwordProblems("PassWord123", [])).toEqual(["breached"]);
  });
  it("caps the length", () => {
    expect(passwordProblems("a".repeat(257), [])).toContain("too_long");
  });
});
