import { WriteConflict } from "../domain/write-conflict.ts";

/**
 * Awaits a conditional write and turns a lost race or broken invariant (`WriteConflict`) into the
 * problem `explain` gives for it: the one place a use case maps write conflicts to what a caller reads.
 */
export const explainConflict = async <T>(
  write: Promise<T>,
  explain: (conflict: WriteConflict) => Error,
): Promise<T> => {
  try {
    return await write;
  } catch (error) {
    if (error instanceof WriteConflict) throw explain(error);
    throw error;
  }
};
