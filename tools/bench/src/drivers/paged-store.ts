// A connection store whose tenant and user iterators behave like DynamoDB's paging iterators with a
// fixed round trip per page and no CPU spent on the wait — what a Lambda sees from DynamoDB in-region.
// Lets the benchmark show what read-ahead buys when the store is remote, without DynamoDB Local's JVM
// competing for the same cores.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ConnectionRecord, ConnectionStore } from '@streamer/store';

export function withPageLatency(store: ConnectionStore, pageSize: number, pageMs: number): ConnectionStore {
  const paged = async function* (source: AsyncIterable<ConnectionRecord>): AsyncIterable<ConnectionRecord> {
    let n = 0;
    for await (const record of source) {
      if (n % pageSize === 0) await sleep(pageMs);
      n += 1;
      yield record;
    }
  };
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'byTenant' || property === 'byUser') {
        return (id: string, options?: { pageSize?: number }): AsyncIterable<ConnectionRecord> => paged(target[property](id, options));
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
