// Test helpers for Lambda entry points. Tests only.
import { jest } from '@jest/globals';
import net from 'node:net';

interface ImportObservation<T> {
  module: T;
  /** Environment variables read while importing, without the AWS_* runtime variables SDKs read on load. */
  appEnvReads: string[];
  /** Sockets opened while importing. */
  socketConnects: number;
}

/** Imports a module in a fresh module registry (a cold start), e.g. `() => import('./main')`. */
export async function importIsolated<T>(load: () => Promise<T>): Promise<T> {
  let loaded: T | undefined;
  await jest.isolateModulesAsync(async () => {
    loaded = await load();
  });
  return loaded as T;
}

/**
 * Imports a Lambda entry point as a cold start would, recording which settings it reads and whether it
 * opens a socket: an entry point that composes on its first invocation reads and opens nothing here.
 */
export async function observeImport<T>(load: () => Promise<T>): Promise<ImportObservation<T>> {
  const original = process.env;
  const reads = new Set<string>();
  process.env = new Proxy(
    { ...original },
    {
      get(target, key) {
        if (typeof key === 'string') reads.add(key);
        return Reflect.get(target, key) as unknown;
      },
    },
  );
  const connect = jest.spyOn(net.Socket.prototype, 'connect');
  try {
    const module = await importIsolated(load);
    return { module, appEnvReads: [...reads].filter((name) => !name.startsWith('AWS_')), socketConnects: connect.mock.calls.length };
  } finally {
    connect.mockRestore();
    process.env = original;
  }
}
