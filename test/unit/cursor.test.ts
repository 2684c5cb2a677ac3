import { describe, expect, it } from "vitest";
import { CURSOR_PATTERN, cursorCodec } from "../../shared/src/http/cursor.ts";
import { Problem } from "../../shared/src/http/problem.ts";

const KEY = "a-test-key-that-is-long-enough-for-hmac";
const codec = cursorCodec(KEY);
const position = Buffer.from(JSON.stringify({ pk: "ACCOUNT#A", sk: "RESOURCE#1" })).toString("base64url");
const list = 'GET /v1/accounts/{accountId}/resources\n[["accountId","A"]]\nuser-1';

const refusal = (open: () => unknown) => {
  try {
    open();
  } catch (error) {
    return error instanceof Problem ? { status: error.status, code: error.code } : error;
  }
  return "accepted";
};

describe("list cursors", () => {
  it("give back the position they were sealed with, for the same list", () => {
    const sealed = codec.seal(position, list);
    expect(sealed).toMatch(new RegExp(CURSOR_PATTERN));
    expect(codec.open(sealed, list)).toBe(position);
  });

  it("refuse an edited position with 400 invalid_cursor", () => {
    const sealed = codec.seal(position, list);
    const forgedPosition = Buffer.from(JSON.stringify({ pk: "ACCOUNT#B", sk: "RESOURCE#1" })).toString("base64url");
    const edited = `${forgedPosition}${sealed.slice(sealed.lastIndexOf("."))}`;
    expect(refusal(() => codec.open(edited, list))).toEqual({ status: 400, code: "invalid_cursor" });
  });

  it("refuse a tag that decodes to the same bytes but is not the one sealed (base64url's spare bits)", () => {
    const sealed = codec.seal(position, list);
    const last = sealed.at(-1) ?? "";
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const index = alphabet.indexOf(last);
    // Same high bits, other spare bits: Buffer.from(..., "base64url") reads both as the same tag.
    const twin = alphabet[index ^ 1] ?? "";
    const variant = `${sealed.slice(0, -1)}${twin}`;
    expect(Buffer.from(variant.slice(variant.lastIndexOf(".") + 1), "base64url")).toEqual(
      Buffer.from(sealed.slice(sealed.lastIndexOf(".") + 1), "base64url"),
    );
    expect(refusal(() => codec.open(variant, list))).toEqual({ status: 400, code: "invalid_cursor" });
  });

  it("refuse a cursor sealed for another list, account or caller", () => {
    const sealed = codec.seal(position, list);
    for (const other of [
      list.replace("resources", "members"),
      list.replace('"A"', '"B"'),
      list.replace("user-1", "user-2"),
    ]) {
      expect(refusal(() => codec.open(sealed, other))).toEqual({ status: 400, code: "invalid_cursor" });
    }
  });

  it("refuse a cursor sealed with another key", () => {
    const foreign = cursorCodec(`${KEY}-other`).seal(position, list);
    expect(refusal(() => codec.open(foreign, list))).toEqual({ status: 400, code: "invalid_cursor" });
  });

  it.each([
    ["an unsigned store cursor", Buffer.from(JSON.stringify({ pk: "ACCOUNT#A" })).toString("base64url")],
    ["no position", `.${"A".repeat(22)}`],
    ["a short tag", `${position}.AAAA`],
    ["a long tag", `${position}.${"A".repeat(40)}`],
    ["characters outside base64url", `${position}!.${"A".repeat(22)}`],
    ["unicode", "курсор.ключ"],
    ["a lone dot", "."],
  ])("refuse %s", (_label, cursor) => {
    expect(refusal(() => codec.open(cursor, list))).toEqual({ status: 400, code: "invalid_cursor" });
  });

  it("will not run with a short key", () => {
    expect(() => cursorCodec("short")).toThrow(/at least 32/);
  });
});
