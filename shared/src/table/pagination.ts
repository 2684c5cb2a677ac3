import { problem } from "../http/problem.ts";

/**
 * Cursors are ElectroDB's (base64url JSON of the last evaluated key). A client could edit one to
 * point into another partition, so before use a cursor must name the partition being listed.
 */
export const assertCursorInPartition = (cursor: string | undefined, field: string, value: string): void => {
  if (cursor === undefined) return;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    key = undefined;
  }
  if (typeof key !== "object" || key === null || (key as Record<string, unknown>)[field] !== value) {
    throw problem.invalid("The cursor is not valid for this list; start again without it.", [
      { path: "query.cursor", message: "unknown or foreign cursor" },
    ]);
  }
};
