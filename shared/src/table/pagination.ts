import { problem } from "../http/problem.ts";
import { tableDefinition } from "./definition.ts";

/**
 * ElectroDB cursors are the last evaluated key, base64url JSON. A client could edit one to point
 * into another partition, so a cursor must name the partition being listed before it is used,
 * and carry exactly the keys of the index listed (the table's, or `index`'s as well).
 * Returns the cursor as ElectroDB takes it (null for the first page).
 */
export const checkedCursor = (
  cursor: string | undefined,
  partition: string,
  index?: { partitionKey: string; sortKey: string },
): string | null => {
  if (cursor === undefined) return null;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    key = undefined;
  }
  const keys = [
    tableDefinition.partitionKey,
    tableDefinition.sortKey,
    ...(index ? [index.partitionKey, index.sortKey] : []),
  ];
  const fields = typeof key === "object" && key !== null ? (key as Record<string, unknown>) : {};
  const partitions = [tableDefinition.partitionKey, ...(index ? [index.partitionKey] : [])];
  if (
    !partitions.every((field) => fields[field] === partition) ||
    Object.keys(fields).length !== keys.length ||
    !keys.every((field) => typeof fields[field] === "string")
  ) {
    throw problem.invalid("The cursor is not valid for this list; start again without it.", [
      { path: "query.cursor", message: "unknown or foreign cursor" },
    ]);
  }
  return cursor;
};
