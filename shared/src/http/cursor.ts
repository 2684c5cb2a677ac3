import { createHmac, timingSafeEqual } from "node:crypto";
import { Problem } from "./problem.ts";

/** 128-bit tag: forging one is out of reach, and cursors stay short. */
const TAG_BYTES = 16;
const TAG_CHARS = Math.ceil((TAG_BYTES * 4) / 3);

/** What a cursor the API hands out looks like: the store's position, a dot, and its tag (base64url). */
export const CURSOR_PATTERN = `^[A-Za-z0-9_=-]+\\.[A-Za-z0-9_-]{${TAG_CHARS}}$`;

export const invalidCursor = () =>
  new Problem(400, "invalid_cursor", "The cursor is not valid for this list; start again without it.", [
    { path: "query.cursor", message: "unknown, altered or foreign cursor" },
  ]);

/**
 * Seals a store's pagination position (ElectroDB's last evaluated key) with an HMAC over the
 * position and the list it belongs to, so a client can neither edit a cursor nor take one from
 * another list, account or caller: anything not sealed here for this very list is `400
 * invalid_cursor`, and the store only ever sees positions it produced.
 */
export const cursorCodec = (key: string) => {
  if (key.length < 32) throw new Error("The cursor signing key must be at least 32 characters");
  const tagOf = (position: string, list: string) =>
    createHmac("sha256", key).update(list).update("\n").update(position).digest().subarray(0, TAG_BYTES);

  return {
    seal(position: string, list: string): string {
      return `${position}.${tagOf(position, list).toString("base64url")}`;
    },
    /** The position a sealed cursor carries, when it was sealed for `list`; otherwise a 400 problem. */
    open(cursor: string, list: string): string {
      const dot = cursor.lastIndexOf(".");
      const position = cursor.slice(0, dot);
      const tag = cursor.slice(dot + 1);
      if (
        dot <= 0 ||
        Buffer.from(tag, "base64url").byteLength !== TAG_BYTES ||
        !new RegExp(CURSOR_PATTERN).test(cursor)
      ) {
        throw invalidCursor();
      }
      // The tag's text, not its decoded bytes: base64url's last character carries spare bits, and a
      // tag differing only there must not pass for the one sealed.
      const expected = Buffer.from(tagOf(position, list).toString("base64url"));
      const given = Buffer.from(tag);
      if (given.byteLength !== expected.byteLength || !timingSafeEqual(given, expected)) throw invalidCursor();
      return position;
    },
  };
};
export type CursorCodec = ReturnType<typeof cursorCodec>;
