import { problem } from "../../../../shared/src/http/problem.ts";
import { tableDefinition } from "../../../../shared/src/table/definition.ts";

/**
 * ElectroDB cursors are the last evaluated key, base64url JSON. A client could edit one to point
 * into another partition, so a cursor must name the partition being listed before it is used.
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

/** Drops undefined values (ElectroDB writes them as removals otherwise). */
export const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
