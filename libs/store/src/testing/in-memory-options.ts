import { assertPageSize } from '../records';

/** Options shared by the in-memory stores. */
export interface InMemoryStoreOptions {
  /** Epoch-ms clock used when a call does not pass `now`/`at`; defaults to Date.now. */
  clock?: () => number;
}

/** Yields copies of `items`, validating the page size the way the DynamoDB iterators do. */
export function pagedFrom<T>(items: readonly T[], options: { pageSize?: number } = {}): AsyncIterable<T> {
  if (options.pageSize !== undefined) assertPageSize(options.pageSize);
  return (async function* () {
    for (const item of items) yield structuredClone(item);
  })();
}
