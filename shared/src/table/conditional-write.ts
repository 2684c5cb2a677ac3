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

/** The reason codes of a cancelled transaction (`ConditionalCheckFailed`, `None`, ...), per item. */
export const cancellationReasons = (error: unknown): string[] => {
  let current = error as { CancellationReasons?: Array<{ Code?: string }>; cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 4; depth += 1) {
    if (current.CancellationReasons) return current.CancellationReasons.map((reason) => reason.Code ?? "None");
    current = current.cause as typeof current;
  }
  return [];
};

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
