// Bounded reads of the store's paging iterators: at most `max` items in memory, then stop paging.
import { MAX_PAGE_LIMIT } from '../validation';

export interface Collected<T> {
  items: T[];
  /** True when more items existed than were returned. */
  truncated: boolean;
}

export async function collectUpTo<T>(items: AsyncIterable<T>, max: number): Promise<Collected<T>> {
  const out: T[] = [];
  for await (const item of items) {
    // Leaving the loop early ends the iterator, so no further page is fetched.
    if (out.length === max) return { items: out, truncated: true };
    out.push(item);
  }
  return { items: out, truncated: false };
}

/** Page size for reading `max` items (plus one to detect truncation) in as few round trips as allowed. */
export function pageSizeFor(max: number): number {
  return Math.min(max + 1, MAX_PAGE_LIMIT);
}
