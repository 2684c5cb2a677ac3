/**
 * A value made the first time it is asked for, then the same one for the life of the process
 * (once per cold start): a client, a parsed configuration or a schema that a request may never
 * need is not built before one does.
 */
export const onFirstUse = <T>(make: () => T): (() => T) => {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
};
