// Shared set-up of the processor specs: in-memory stores on the (fake) clock, a recording message sender,
// a fake retry queue and a registry of the handlers under test.
import { type Handler, HandlerRegistry } from '@streamer/handler-api';
import { RecordingMessageSender, RecordingPublisher } from '@streamer/handler-api/testing';
import { silentLogger } from '@streamer/kernel';
import type { ServerMessage } from '@streamer/protocol';
import type { RequestRecord } from '@streamer/store';
import { createInMemoryStores, type InMemoryStores } from '@streamer/store/testing';
import { createProcessor, type Processor } from '../processor';
import type { ProcessorOptions } from '../settings';
import { FakeRetryQueue, streamInsertEvent } from '../testing';

export interface Harness {
  stores: InMemoryStores;
  sender: RecordingMessageSender<ServerMessage>;
  publisher: RecordingPublisher;
  retryQueue: FakeRetryQueue;
  processor: Processor;
  /** Creates a queued request as the router would and returns its stored record. */
  enqueue(action: string, payload?: Record<string, unknown>, clientId?: string): Promise<RequestRecord>;
  /** Delivers the stream INSERTs of the given records. */
  deliverInserts(...records: RequestRecord[]): ReturnType<Processor['handleStreamEvent']>;
  status(requestId: string): Promise<RequestRecord>;
}

let counter = 0;

export function createHarness(
  handlers: Record<string, Handler>,
  options: Partial<Omit<ProcessorOptions, 'registry' | 'requests' | 'sender' | 'publisher' | 'retryQueue'>> = {},
): Harness {
  const stores = createInMemoryStores({ clock: () => Date.now() });
  const sender = new RecordingMessageSender<ServerMessage>();
  const retryQueue = new FakeRetryQueue();
  const publisher = new RecordingPublisher();
  const registry = new HandlerRegistry();
  for (const [action, handler] of Object.entries(handlers)) registry.register(action, handler);
  const processor = createProcessor({
    registry,
    requests: stores.requests,
    sender,
    publisher,
    retryQueue,
    logger: silentLogger,
    cancelPollMs: 0,
    ...options,
  });
  return {
    stores,
    sender,
    publisher,
    retryQueue,
    processor,
    async enqueue(action, payload = {}, clientId) {
      counter += 1;
      const { request } = await stores.requests.create({
        requestId: `req-${counter}`,
        connectionId: 'conn-1',
        userId: 'user-1',
        tenantId: 'tenant-1',
        clientId: clientId ?? `c-${counter}`,
        action,
        payload,
      });
      return request;
    },
    deliverInserts: (...records) => processor.handleStreamEvent(streamInsertEvent(records)),
    async status(requestId) {
      const record = await stores.requests.get(requestId);
      if (!record) throw new Error(`${requestId} not stored`);
      return record;
    },
  };
}

/** A Lambda-like invocation with `ms` left, counted on the (fake) clock from now. */
export function invocationWith(ms: number): { getRemainingTimeInMillis(): number } {
  const end = Date.now() + ms;
  return { getRemainingTimeInMillis: () => end - Date.now() };
}

/** Resolves when the signal aborts; the rejection carries the abort reason like fetch() does. */
export function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
}
