import { describe, expect, it } from "vitest";
import {
  codeMatches,
  codeTimes,
  hashPhoneCode,
  judgeCode,
  newPhoneCode,
  type PhoneCodeRecord,
  type PhoneCodeRules,
  secondsUntilResend,
} from "../../services/users/src/domain/phone-codes.ts";

const rules: PhoneCodeRules = { ttlSeconds: 600, resendSeconds: 60, maxAttempts: 5 };
const SENT = new Date("2026-12-01T10:00:00Z");
/** A fake clock: the instant `seconds` after the code was sent. */
const at = (seconds: number) => new Date(SENT.getTime() + seconds * 1000);

const pending = async (code: string, changes: Partial<PhoneCodeRecord> = {}): Promise<PhoneCodeRecord> => ({
  userId: "u1",
  purpose: "verify",
  number: "+48601234567",
  ...(await hashPhoneCode(code)),
  issuedAt: codeTimes(SENT, rules).issuedAt,
  validUntil: codeTimes(SENT, rules).validUntil,
  attempts: 0,
  ...changes,
});

describe("phone codes", () => {
  it("are six digits, leading zeros kept, and vary", () => {
    const codes = Array.from({ length: 200 }, newPhoneCode);
    expect(codes.every((code) => /^\d{6}$/.test(code))).toBe(true);
    expect(new Set(codes).size).toBeGreaterThan(190);
  });

  it("are stored as a salted hash: never the code, and the same code hashes differently each time", async () => {
    const first = await hashPhoneCode("042917");
    const second = await hashPhoneCode("042917");
    expect(first.codeHash).not.toContain("042917");
    expect(first.codeHash).not.toBe(second.codeHash);
    expect(await codeMatches(first, "042917")).toBe(true);
    expect(await codeMatches(first, "042918")).toBe(false);
  });

  it("work for 10 minutes and not a moment longer", async () => {
    const record = await pending("123456");
    expect(await judgeCode(record, "123456", at(0), rules)).toBe("match");
    expect(await judgeCode(record, "123456", at(599.999), rules)).toBe("match");
    expect(await judgeCode(record, "123456", at(600), rules)).toBe("expired");
    expect(await judgeCode(record, "123456", at(3600), rules)).toBe("expired");
  });

  it("are void after 5 wrong guesses, even for the right code", async () => {
    expect(await judgeCode(await pending("123456", { attempts: 4 }), "123456", at(1), rules)).toBe("match");
    expect(await judgeCode(await pending("123456", { attempts: 4 }), "654321", at(1), rules)).toBe("wrong");
    expect(await judgeCode(await pending("123456", { attempts: 5 }), "123456", at(1), rules)).toBe("exhausted");
  });

  it("are missing when none is pending (never sent, used or replaced)", async () => {
    expect(await judgeCode(undefined, "123456", at(1), rules)).toBe("missing");
  });

  it("may be sent again 60 s after the last one, and the wait is rounded up", async () => {
    const record = await pending("123456");
    expect(secondsUntilResend(undefined, at(0), rules)).toBe(0);
    expect(secondsUntilResend(record, at(0), rules)).toBe(60);
    expect(secondsUntilResend(record, at(0.5), rules)).toBe(60);
    expect(secondsUntilResend(record, at(59.001), rules)).toBe(1);
    expect(secondsUntilResend(record, at(60), rules)).toBe(0);
    expect(codeTimes(SENT, rules)).toEqual({
      issuedAt: SENT.getTime(),
      validUntil: at(600).getTime(),
      resendAt: at(60).getTime(),
    });
  });
});
