/** A write transaction DynamoDB cancelled, with the reason code of each item in order. */
export class TransactionCancelled extends Error {
  override name = "TransactionCancelled";
  constructor(readonly codes: string[]) {
    super(`Transaction cancelled: ${codes.join(", ")}`);
  }
  /** Whether the item at `index` failed its condition (as opposed to a conflict or no reason). */
  failedCondition(index: number): boolean {
    return this.codes[index] === "ConditionalCheckFailed";
  }
  /** Whether any item failed its condition. */
  get anyConditionFailed(): boolean {
    return this.codes.includes("ConditionalCheckFailed");
  }
  get conflicted(): boolean {
    return this.codes.includes("TransactionConflict");
  }
}

interface ElectroTransaction {
  go(): Promise<{ canceled: boolean; data: ReadonlyArray<{ code?: string }> }>;
}

/**
 * What a cancelled transaction means in the domain: the error to throw instead (it may read the
 * table to tell which rule failed), or `undefined` to let the `TransactionCancelled` through.
 */
export type CancellationExplanation = (
  cancelled: TransactionCancelled,
) => Error | undefined | Promise<Error | undefined>;

/**
 * Runs an ElectroDB write transaction. A cancellation becomes the domain error `explain` names for
 * it, or a `TransactionCancelled` when it names none (or when no explanation is given).
 */
export const commit = async (transaction: ElectroTransaction, explain?: CancellationExplanation): Promise<void> => {
  const result = await transaction.go();
  if (!result.canceled) return;
  const cancelled = new TransactionCancelled(result.data.map((item) => item.code ?? "None"));
  throw (await explain?.(cancelled)) ?? cancelled;
};

/**
 * Commits a transaction whose first item's condition failing is an expected "already done" (a
 * factor no longer pending, a batch already claimed): false then; any other cancellation throws.
 */
export const firstConditionHeld = async (transaction: ElectroTransaction): Promise<boolean> => {
  try {
    await commit(transaction);
    return true;
  } catch (error) {
    if (error instanceof TransactionCancelled && error.failedCondition(0)) return false;
    throw error;
  }
};
