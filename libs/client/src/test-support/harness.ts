import { StreamerClient } from '../client';
import { type StreamerClientEvents } from '../events';
import { type Logger } from '@streamer/kernel';
import { type StreamerClientOptions } from '../options';
import { FakeServer, type FakeServerOptions } from '../testing';

/** One recorded log line. */
export interface LogEntry {
  level: keyof Logger;
  message: string;
  context: Record<string, unknown> | undefined;
}

/** A logger that keeps what it is told. */
export function recordingLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: keyof Logger) => (message: string, context?: Record<string, unknown>) => {
    entries.push({ level, message, context });
  };
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Every event a client emitted, in order. */
export type EventLog = { [K in keyof StreamerClientEvents]: [K, StreamerClientEvents[K]] }[keyof StreamerClientEvents][];

function recordEvents(client: StreamerClient): EventLog {
  const log: EventLog = [];
  const names: (keyof StreamerClientEvents)[] = ['open', 'close', 'reconnecting', 'reconnect', 'event', 'truncated', 'error'];
  for (const name of names) client.on(name, (payload) => log.push([name, payload] as EventLog[number]));
  return log;
}

/** The outcome of a promise, readable synchronously once settled (and never an unhandled rejection). */
export interface Outcome<T> {
  status: 'pending' | 'resolved' | 'rejected';
  value?: T;
  error?: unknown;
}

export function track<T>(promise: Promise<T>): Outcome<T> {
  const outcome: Outcome<T> = { status: 'pending' };
  promise.then(
    (value) => Object.assign(outcome, { status: 'resolved', value }),
    (error: unknown) => Object.assign(outcome, { status: 'rejected', error }),
  );
  return outcome;
}

export const TEST_URL = 'ws://streamer.test/ws';

/** A client wired to a `FakeServer`, with recorded events and logs. Backoff jitter is fixed at 0.5. */
export function setup(options: Partial<StreamerClientOptions> = {}, serverOptions: FakeServerOptions = {}) {
  const server = new FakeServer(serverOptions);
  const logger = recordingLogger();
  const client = new StreamerClient(TEST_URL, {
    token: 'token-1',
    WebSocket: server.WebSocket,
    logger,
    random: () => 0.5,
    reconnect: { baseMs: 100, capMs: 1_000 },
    ...options,
  });
  const events = recordEvents(client);
  const connect = async (): Promise<void> => {
    const opening = client.connect();
    await server.flush();
    await opening;
  };
  return { server, client, logger, events, connect };
}
