/**
 * Yields the results of `tasks` in their order while up to `depth` of them run at once, so that the
 * consumer works on one result while the database works on the next ones. A task that fails ends
 * the iteration with its error. When the consumer stops early, tasks already started run to their
 * end and their results or errors are dropped.
 */
export async function* readAhead<T>(tasks: AsyncIterable<() => Promise<T>>, depth: number): AsyncGenerator<T> {
  const source = tasks[Symbol.asyncIterator]();
  const running: Array<Promise<T>> = [];
  let exhausted = false;

  const startMore = async (): Promise<void> => {
    while (!exhausted && running.length < depth) {
      const next = await source.next();
      if (next.done) {
        exhausted = true;
        return;
      }
      const started = next.value();
      // Awaited in order below; until then, and after an early stop, its failure must not be an unhandled rejection.
      started.catch(() => undefined);
      running.push(started);
    }
  };

  try {
    await startMore();
    while (running.length > 0) {
      const result = await running[0];
      running.shift();
      // Refilled before the consumer gets the result, so the database works while the consumer does.
      await startMore();
      yield result;
    }
  } finally {
    await source.return?.();
  }
}
