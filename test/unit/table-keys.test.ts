import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { tableEntities } from "../../shared/src/table/entities.ts";
import { entityOwners } from "./table-entity-files.ts";

type KeyRow = { entity: string; owner: string; accessPattern: string; index: string; pk: string; sk: string };

/** The rows of KEYS.md's table, without the backticks around templates. */
const documentedRows = (): KeyRow[] => {
  const markdown = readFileSync(new URL("../../shared/src/table/KEYS.md", import.meta.url), "utf8");
  const tableLines = markdown.split("\n").filter((line) => line.startsWith("|"));
  return tableLines.slice(2).map((line) => {
    const [entity, owner, accessPattern, index, pk, sk] = line
      .slice(1, -1)
      .split("|")
      .map((cell) => cell.trim().replace(/^`|`$/g, ""));
    return { entity, owner, accessPattern, index, pk, sk } as KeyRow;
  });
};

/** The same rows as the entity definitions have them. */
const definedRows = (): KeyRow[] => {
  const owners = entityOwners();
  return Object.entries(tableEntities).flatMap(([entity, definition]) =>
    Object.entries(definition.schema.indexes).map(([accessPattern, keys]) => ({
      entity,
      owner: owners[entity as keyof typeof owners],
      accessPattern,
      index: "index" in keys && typeof keys.index === "string" ? keys.index : "table",
      pk: keys.pk.template,
      sk: keys.sk.template,
    })),
  );
};

const byKey = (rows: KeyRow[]) =>
  [...rows].sort((a, b) => `${a.entity}/${a.accessPattern}`.localeCompare(`${b.entity}/${b.accessPattern}`));

describe("the key table in shared/src/table/KEYS.md", () => {
  it("has one row per entity and access pattern, agreeing with the definitions on owner, index and key templates", () => {
    expect(byKey(documentedRows())).toEqual(byKey(definedRows()));
  });

  it("gives no two entities the same key", () => {
    const keys = definedRows().map((row) => `${row.index} ${row.pk} ${row.sk}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
