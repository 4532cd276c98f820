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

/** Arrays of at most `pageSize` items (all of them in one page without it), as the DynamoDB id iterators page. */
export function pagesFrom<T>(items: readonly T[], options: { pageSize?: number } = {}): AsyncIterable<readonly T[]> {
  if (options.pageSize !== undefined) assertPageSize(options.pageSize);
  const size = options.pageSize ?? Math.max(items.length, 1);
  return (async function* () {
    for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
  })();
}
