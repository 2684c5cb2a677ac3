/**
 * Works through what `next` hands out with at most `concurrency` pieces of work at once; each
 * worker takes the next item as soon as its last one is done (no waiting for the slowest of a batch).
 * `next` resolves undefined when there is nothing more. A piece of work that throws does not stop
 * the others: its error goes to `onError`.
 */
export const drainConcurrently = async <T>(
  next: () => Promise<T | undefined>,
  concurrency: number,
  work: (item: T) => Promise<void>,
  onError: (item: T, error: unknown) => void,
): Promise<void> => {
  const worker = async () => {
    for (let item = await next(); item !== undefined; item = await next()) {
      try {
        await work(item);
      } catch (error) {
        onError(item, error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
};
