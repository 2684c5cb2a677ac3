/** Recognising the outcomes of conditional writes, whichever client layer threw them. */

const errorNames = (error: unknown): string[] => {
  const names: string[] = [];
  let current = error as { name?: unknown; cause?: unknown; code?: unknown } | undefined;
  for (let depth = 0; current && depth < 4; depth += 1) {
    if (typeof current.name === "string") names.push(current.name);
    if (typeof current.code === "string") names.push(current.code);
    current = current.cause as typeof current;
  }
  return names;
};

/** True when a single-item write failed its condition expression. */
export const isConditionFailure = (error: unknown): boolean =>
  errorNames(error).some((name) => name.includes("ConditionalCheckFailed"));

/**
 * A write conditional on the version it read found the item had moved on (or the version a
 * client's `If-Match` named was not the current one): nothing was written.
 */
export class StaleVersion extends Error {
  override name = "StaleVersion";
  constructor() {
    super("The item's version is not the one the write was based on");
  }
}

/**
 * Runs a single-item conditional write. When its condition fails, throws the domain error
 * `explain` returns for it (which may read the table to tell which rule failed); other errors pass.
 */
export const writeOrExplain = async <T>(write: Promise<T>, explain: () => Error | Promise<Error>): Promise<T> => {
  try {
    return await write;
  } catch (error) {
    if (isConditionFailure(error)) throw await explain();
    throw error;
  }
};

/** Runs a single-item conditional write and tells whether its condition held (nothing was written otherwise). */
export const conditionHeld = async (write: Promise<unknown>): Promise<boolean> => {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};
