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
  get conflicted(): boolean {
    return this.codes.includes("TransactionConflict");
  }
}

interface ElectroTransaction {
  go(): Promise<{ canceled: boolean; data: ReadonlyArray<{ code?: string }> }>;
}

/** Runs an ElectroDB write transaction, turning a cancellation into a `TransactionCancelled`. */
export const commit = async (transaction: ElectroTransaction): Promise<void> => {
  const result = await transaction.go();
  if (result.canceled) throw new TransactionCancelled(result.data.map((item) => item.code ?? "None"));
};
