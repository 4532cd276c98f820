// Parent side of the socket farm: a fleet of real WebSocket clients in a child process.
import { forkTs, type RpcChild } from '../core/rpc';
import type { OpenReport, RoundReport } from './farm-child';

export interface Fleet {
  open(urls: readonly string[], concurrency: number): Promise<OpenReport>;
  /** Resolves when `count` frames of `round` have arrived, or with what arrived after `timeoutMs`. */
  expect(round: number, count: number, timeoutMs: number): Promise<RoundReport>;
  received(round: number): Promise<number>;
  openCount(): Promise<number>;
  closeAll(): Promise<number>;
  stop(): Promise<void>;
}

export function startFleet(root: string): Fleet {
  const child: RpcChild = forkTs(root, 'tools/bench/src/fleet/farm-child.ts');
  return {
    open: (urls, concurrency) => child.call<OpenReport>('open', { urls, concurrency }, 180_000),
    expect: (round, count, timeoutMs) => child.call<RoundReport>('expect', { round, count, timeoutMs }, timeoutMs + 10_000),
    received: (round) => child.call<number>('received', { round }),
    openCount: () => child.call<number>('openCount'),
    closeAll: () => child.call<number>('closeAll', undefined, 60_000),
    stop: () => child.stop(),
  };
}
