// Page-at-a-time work with a bounded number of calls in flight: memory holds one page, and the
// gateway and tables see at most `concurrency` concurrent calls from one cleanup run.

/** Groups an async iterable into arrays of at most `size` items, pulling lazily. */
export async function* chunks<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let chunk: T[] = [];
  for await (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * Calls `fn` on every item with at most `concurrency` calls pending, and resolves when all have
 * settled. `fn` handles its own failures: a rejection is a bug and rejects the whole run.
 */
export async function forEachBounded<T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await fn(item);
    }
  };
  const workers = Math.max(1, Math.min(concurrency, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
}
