/** A write lost a race or broke an invariant; `reason` says which condition failed. */
export class WriteConflict extends Error {
  override name = "WriteConflict";
  constructor(readonly reason: "missing" | "owner" | "exists" | "state") {
    super(reason);
  }
}
