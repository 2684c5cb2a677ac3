import { problem } from "../http/problem.ts";
import { tableDefinition } from "./definition.ts";

/**
 * ElectroDB cursors are the last evaluated key, base64url JSON. A client could edit one to point
 * into another partition, so a cursor must name the partition being listed before it is used.
 * Returns the cursor as ElectroDB takes it (null for the first page).
 */
export const checkedCursor = (cursor: string | undefined, partition: string): string | null => {
  if (cursor === undefined) return null;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    key = undefined;
  }
  if (
    typeof key !== "object" ||
    key === null ||
    (key as Record<string, unknown>)[tableDefinition.partitionKey] !== partition
  ) {
    throw problem.invalid("The cursor is not valid for this list; start again without it.", [
      { path: "query.cursor", message: "unknown or foreign cursor" },
    ]);
  }
  return cursor;
};
