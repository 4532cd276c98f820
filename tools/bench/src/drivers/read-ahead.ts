// A prototype of the change the benchmark recommends for the store's paging iterators: read ahead,
// so the next page is fetched while the current one is being delivered instead of after it. Wraps any
// async iterable with a bounded buffer filled by a background pump (at most `limit` items ahead).
import type { ConnectionRecord, ConnectionStore } from '@streamer/store';

export function readAhead<T>(source: AsyncIterable<T>, limit: number): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]: () => new ReadAheadIterator(source[Symbol.asyncIterator](), limit),
  };
}

class ReadAheadIterator<T> implements AsyncIterator<T> {
  private readonly buffer: T[] = [];
  private done = false;
  private failure: { error: unknown } | undefined;
  private pumping: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly source: AsyncIterator<T>,
    private readonly limit: number,
  ) {}

  async next(): Promise<IteratorResult<T>> {
    for (;;) {
      this.pump();
      if (this.buffer.length > 0) return { done: false, value: this.buffer.shift() as T };
      if (this.failure) throw this.failure.error;
      if (this.done) return { done: true, value: undefined };
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private pump(): void {
    if (this.pumping || this.done || this.failure) return;
    this.pumping = (async () => {
      while (!this.done && this.buffer.length < this.limit) {
        const item = await this.source.next();
        if (item.done) this.done = true;
        else this.buffer.push(item.value);
        this.notify();
      }
    })()
      .catch((error: unknown) => {
        this.failure = { error };
        this.notify();
      })
      .finally(() => (this.pumping = undefined));
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/** The connection store with read-ahead on its tenant and user iterators (everything else unchanged). */
export function withReadAhead(store: ConnectionStore, limit: number): ConnectionStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'byTenant' || property === 'byUser') {
        return (id: string, options?: { pageSize?: number }): AsyncIterable<ConnectionRecord> => readAhead(target[property](id, options), limit);
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
