/** An ElectroDB entity's batch delete, as far as erasure needs it. */
interface BatchDeletable<K> {
  delete(keys: K[]): { go(): Promise<{ unprocessed: unknown[] }> };
}

/**
 * Deletes items by key in batches (ElectroDB chunks them into BatchWriteItem calls), retrying
 * what DynamoDB leaves unprocessed. Deleting a missing item is not an error, so it is idempotent.
 */
export const deleteItems = async <K>(entity: BatchDeletable<K>, keys: K[]): Promise<number> => {
  let pending = keys;
  for (let attempt = 0; pending.length > 0; attempt += 1) {
    if (attempt > 5) throw new Error("BatchWriteItem left deletes unprocessed after retries");
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
    const { unprocessed } = await entity.delete(pending).go();
    pending = unprocessed as K[];
  }
  return keys.length;
};

/** Every page of an ElectroDB query, collected. */
export const allPages = async <T>(page: (cursor: string | null) => Promise<{ data: T[]; cursor: string | null }>) => {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const result = await page(cursor);
    items.push(...result.data);
    cursor = result.cursor;
  } while (cursor);
  return items;
};
