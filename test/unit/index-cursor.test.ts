import { describe, expect, it } from "vitest";
import { tableDefinition } from "../../shared/src/table/definition.ts";
import { checkedCursor } from "../../shared/src/table/pagination.ts";

const cursorOf = (key: Record<string, string>) => Buffer.from(JSON.stringify(key)).toString("base64url");
const { membersByRole } = tableDefinition.indexes;
const partition = "ACCOUNT#A1";

describe("a cursor of an index list", () => {
  it("is taken when it names the listed partition in the table's and the index's keys", () => {
    const cursor = cursorOf({
      pk: partition,
      sk: "MEMBER#U1",
      gsi2pk: partition,
      gsi2sk: "ROLE#viewer#STATUS#active#MEMBER#U1",
    });
    expect(checkedCursor(cursor, partition, membersByRole)).toBe(cursor);
  });

  it("is refused when its index key points into another partition, or it belongs to another index", () => {
    const foreign = cursorOf({ pk: partition, sk: "MEMBER#U1", gsi2pk: "ACCOUNT#A2", gsi2sk: "ROLE#viewer" });
    expect(() => checkedCursor(foreign, partition, membersByRole)).toThrow();
    const tableCursor = cursorOf({ pk: partition, sk: "MEMBER#U1" });
    expect(() => checkedCursor(tableCursor, partition, membersByRole)).toThrow();
    const indexCursor = cursorOf({ pk: partition, sk: "MEMBER#U1", gsi2pk: partition, gsi2sk: "ROLE#viewer" });
    expect(() => checkedCursor(indexCursor, partition)).toThrow();
    expect(checkedCursor(tableCursor, partition)).toBe(tableCursor);
  });
});
