import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { TableDescription } from "@aws-sdk/client-dynamodb";
import { tableDefinition } from "../shared/src/table/definition.ts";
import { writeFileAtomically } from "./atomic-file.ts";
import { PrerequisiteError } from "./emulators.ts";

/**
 * The layout of the data directory this version writes (where each emulator keeps its data,
 * state.json, the demo credentials). Raise it when that changes, with a migration below from the
 * previous one, or none (then older directories are refused with what to do).
 */
export const DATA_LAYOUT_VERSION = 1;
const MARKER_FILE = "data-version.json";

/** A data directory this version cannot use as it is: one sentence saying what to do. */
export class DataDirectoryRefused extends PrerequisiteError {
  override name = "DataDirectoryRefused";
}

const resetAdvice =
  "run `npm run reset` to start afresh (it deletes the local data) or set DATA_DIR to another directory";

/**
 * Which layout a data directory has: 0 for one written before the marker existed, undefined for
 * a new (missing or empty) one.
 */
export const readDataLayout = (dataDir: string): number | undefined => {
  const markerPath = path.join(dataDir, MARKER_FILE);
  if (!existsSync(markerPath)) {
    return existsSync(dataDir) && readdirSync(dataDir).length > 0 ? 0 : undefined;
  }
  const marker = (() => {
    try {
      return JSON.parse(readFileSync(markerPath, "utf8")) as { layout?: unknown };
    } catch {
      return undefined;
    }
  })();
  if (!Number.isInteger(marker?.layout)) {
    throw new DataDirectoryRefused(
      `${markerPath} is not a data-directory marker this version can read: ${resetAdvice}.`,
    );
  }
  return marker?.layout as number;
};

/**
 * How a directory of each older layout becomes the next one; a layout without an entry is refused.
 * Layout 0 (before the marker) kept its files where layout 1 does, so nothing moves; the table's
 * shape is checked after provisioning either way (`tableShapeMismatch`).
 */
const migrations: Record<number, (dataDir: string) => void> = {
  0: () => undefined,
};

/**
 * Run before the emulators start: a newer layout, or an older one without a migration, is
 * refused; an older one with migrations is migrated. The marker is written once the platform is
 * up (`writeDataLayoutMarker`).
 */
export const prepareDataDirectory = (dataDir: string) => {
  const layout = readDataLayout(dataDir);
  if (layout === undefined || layout === DATA_LAYOUT_VERSION) return;
  if (layout > DATA_LAYOUT_VERSION) {
    throw new DataDirectoryRefused(
      `${dataDir} was written by a newer version of Tenantry (data layout ${layout}, this one reads up to ${DATA_LAYOUT_VERSION}): update this checkout, or ${resetAdvice}.`,
    );
  }
  for (let from = layout; from < DATA_LAYOUT_VERSION; from += 1) {
    const migrate = migrations[from];
    if (!migrate) {
      throw new DataDirectoryRefused(
        `${dataDir} was written by an older version of Tenantry (data layout ${layout}, this one uses ${DATA_LAYOUT_VERSION}) that cannot be migrated: ${resetAdvice}.`,
      );
    }
    migrate(dataDir);
  }
};

export const writeDataLayoutMarker = (dataDir: string) =>
  writeFileAtomically(
    path.join(dataDir, MARKER_FILE),
    `${JSON.stringify({ layout: DATA_LAYOUT_VERSION, writtenBy: "tenantry local runtime" }, null, 2)}\n`,
  );

/**
 * Why an existing table cannot serve this version (a key or an index it queries is missing or
 * keyed differently), or undefined when it can. Items written before an index existed carry no
 * keys for it, so a missing index cannot be added afterwards without losing them from queries.
 */
export const tableShapeMismatch = (table: TableDescription): string | undefined => {
  const keyOf = (schema: TableDescription["KeySchema"]) => ({
    partitionKey: schema?.find((key) => key.KeyType === "HASH")?.AttributeName,
    sortKey: schema?.find((key) => key.KeyType === "RANGE")?.AttributeName,
  });
  const primary = keyOf(table.KeySchema);
  if (primary.partitionKey !== tableDefinition.partitionKey || primary.sortKey !== tableDefinition.sortKey) {
    return `its key is (${primary.partitionKey}, ${primary.sortKey}), this version's is (${tableDefinition.partitionKey}, ${tableDefinition.sortKey})`;
  }
  for (const index of Object.values(tableDefinition.indexes)) {
    const existing = table.GlobalSecondaryIndexes?.find((gsi) => gsi.IndexName === index.indexName);
    if (!existing) return `it lacks the index ${index.indexName}`;
    const key = keyOf(existing.KeySchema);
    if (key.partitionKey !== index.partitionKey || key.sortKey !== index.sortKey) {
      return `its index ${index.indexName} is keyed by (${key.partitionKey}, ${key.sortKey}), this version's by (${index.partitionKey}, ${index.sortKey})`;
    }
  }
  return undefined;
};

export const refuseTableShape = (dataDir: string, mismatch: string) =>
  new DataDirectoryRefused(
    `The table in ${dataDir} was created by an older version of Tenantry (${mismatch}): ${resetAdvice}.`,
  );
