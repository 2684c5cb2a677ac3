/** Drops undefined values: ElectroDB would otherwise write them as attribute removals. */
export const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
