import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TableDescription } from "@aws-sdk/client-dynamodb";
import { afterEach, describe, expect, it } from "vitest";
import {
  DATA_LAYOUT_VERSION,
  DataDirectoryRefused,
  prepareDataDirectory,
  readDataLayout,
  tableShapeMismatch,
  writeDataLayoutMarker,
} from "../../local/data-directory.ts";
import { tableDefinition } from "../../shared/src/table/definition.ts";

const made: string[] = [];
const directory = (files: Record<string, string> = {}) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tenantry-layout-"));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
};
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The one sentence a refusal prints, or undefined when the directory is usable. */
const refusal = (dir: string) => {
  try {
    prepareDataDirectory(dir);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(DataDirectoryRefused);
    return (error as Error).message;
  }
};

describe("the data directory's layout marker", () => {
  it("takes a new directory, and one it marked itself", () => {
    const fresh = directory();
    expect(readDataLayout(fresh)).toBeUndefined();
    expect(refusal(fresh)).toBeUndefined();
    expect(refusal(path.join(fresh, "not-yet-created"))).toBeUndefined();
    writeDataLayoutMarker(fresh);
    expect(readDataLayout(fresh)).toBe(DATA_LAYOUT_VERSION);
    expect(refusal(fresh)).toBeUndefined();
  });

  it("takes over a directory written before the marker existed (its files are where this layout keeps them)", () => {
    const old = directory({ "state.json": "{}" });
    mkdirSync(path.join(old, "dynamodb"));
    expect(readDataLayout(old)).toBe(0);
    expect(refusal(old)).toBeUndefined();
  });

  it("refuses a directory of a newer layout, or with a marker it cannot read, in one sentence saying what to do", () => {
    const newer = directory({ "data-version.json": JSON.stringify({ layout: DATA_LAYOUT_VERSION + 1 }) });
    const message = refusal(newer);
    expect(message).toContain(`was written by a newer version of Tenantry (data layout ${DATA_LAYOUT_VERSION + 1},`);
    expect(message).toContain("`npm run reset`");
    expect(message).not.toContain("\n");
    const garbled = directory({ "data-version.json": "{ not json" });
    expect(refusal(garbled)).toMatch(/is not a data-directory marker this version can read: run `npm run reset`/);
  });
});

const key = (partition: string, sort: string) => [
  { AttributeName: partition, KeyType: "HASH" as const },
  { AttributeName: sort, KeyType: "RANGE" as const },
];
const currentTable = (): TableDescription => ({
  KeySchema: key(tableDefinition.partitionKey, tableDefinition.sortKey),
  GlobalSecondaryIndexes: Object.values(tableDefinition.indexes).map((index) => ({
    IndexName: index.indexName,
    KeySchema: key(index.partitionKey, index.sortKey),
  })),
});

describe("an existing table's shape", () => {
  it("fits when its key and every index this version queries are there, extra indexes aside", () => {
    expect(tableShapeMismatch(currentTable())).toBeUndefined();
    const withExtra = currentTable();
    withExtra.GlobalSecondaryIndexes?.push({ IndexName: "retired", KeySchema: key("x", "y") });
    expect(tableShapeMismatch(withExtra)).toBeUndefined();
  });

  it("names a missing index, an index keyed otherwise, and another primary key", () => {
    const [first] = Object.values(tableDefinition.indexes);
    if (!first) throw new Error("the table definition has no index to leave out");
    expect(tableShapeMismatch({ ...currentTable(), GlobalSecondaryIndexes: [] })).toBe(
      `it lacks the index ${first.indexName}`,
    );
    expect(
      tableShapeMismatch({
        ...currentTable(),
        GlobalSecondaryIndexes: [{ IndexName: first.indexName, KeySchema: key("other", first.sortKey) }],
      }),
    ).toContain(`its index ${first.indexName} is keyed by (other, ${first.sortKey})`);
    expect(tableShapeMismatch({ ...currentTable(), KeySchema: key("id", "sk") })).toContain("its key is (id, sk)");
  });
});
