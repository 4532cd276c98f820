import { createInMemoryStores } from '@streamer/store/testing';
import { HandlerRegistry } from '@streamer/handler-api';
import { RecordingMessageSender, RecordingPublisher } from '@streamer/handler-api/testing';
import { silentLogger } from '@streamer/kernel';
import type { ServerMessage } from '@streamer/protocol';
import { RouterConfigError } from './errors';
import { createRouter } from './router';

const base = () => ({
  registry: new HandlerRegistry(),
  stores: createInMemoryStores(),
  sender: new RecordingMessageSender<ServerMessage>(),
  publisher: new RecordingPublisher(),
  logger: silentLogger,
});

describe('createRouter options', () => {
  it.each([
    ['syncTimeoutMs', { syncTimeoutMs: 30_000 }],
    ['syncTimeoutMs', { syncTimeoutMs: 0 }],
    ['rateLimit.ratePerSecond', { rateLimit: { ratePerSecond: 0, burst: 10 } }],
    ['rateLimit.burst', { rateLimit: { ratePerSecond: 5, burst: 0.5 } }],
    ['deadlineMarginMs', { deadlineMarginMs: -1 }],
    ['requestTtlMs', { requestTtlMs: 10 }],
  ])('refuses a bad %s', (option, overrides) => {
    const build = () => createRouter({ ...base(), ...overrides });
    expect(build).toThrow(RouterConfigError);
    expect(build).toThrow(option);
  });

  it('accepts the documented maximum sync timeout', () => {
    expect(() => createRouter({ ...base(), syncTimeoutMs: 29_000 })).not.toThrow();
  });
});
