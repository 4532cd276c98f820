import { HandlerRegistry } from '@streamer/handler-api';
import { RecordingMessageSender, RecordingPublisher } from '@streamer/handler-api/testing';
import type { ServerMessage } from '@streamer/protocol';
import { createInMemoryStores } from '@streamer/store/testing';
import { ProcessorConfigError } from './errors';
import { createProcessor } from './processor';
import type { ProcessorOptions } from './settings';
import { FakeRetryQueue } from './testing';

const base = (): ProcessorOptions => ({
  registry: new HandlerRegistry(),
  requests: createInMemoryStores().requests,
  sender: new RecordingMessageSender<ServerMessage>(),
  publisher: new RecordingPublisher(),
  retryQueue: new FakeRetryQueue(),
});

describe('createProcessor options', () => {
  it.each<[string, Partial<ProcessorOptions>, RegExp]>([
    ['a negative retry count', { maxRetries: -1 }, /maxRetries/],
    ['a fractional retry count', { maxRetries: 1.5 }, /maxRetries/],
    ['a negative retry delay', { retryDelayMs: -5 }, /retryDelayMs/],
    ['a lease not longer than the deadline margin', { leaseMs: 1_000, deadlineMarginMs: 1_000 }, /leaseMs/],
    ['a NaN progress interval', { progressIntervalMs: Number.NaN }, /progressIntervalMs/],
    ['no terminal delivery round', { terminalDeliveryRounds: 0 }, /terminalDeliveryRounds/],
    ['a negative terminal delivery pause', { terminalDeliveryDelayMs: -1 }, /terminalDeliveryDelayMs/],
  ])('refuses %s', (_label, options, message) => {
    expect(() => createProcessor({ ...base(), ...options })).toThrow(ProcessorConfigError);
    expect(() => createProcessor({ ...base(), ...options })).toThrow(message);
  });

  it('accepts the defaults', () => {
    expect(() => createProcessor(base())).not.toThrow();
  });
});
