import { handshakeError, QUOTA_REFUSAL_RETRY_MS } from './connection';
import { StreamerError } from './errors';
import { setup } from './test-support/harness';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('a handshake refused by a connection quota (HTTP 429)', () => {
  it('is a typed RATE_LIMITED error with the time to wait', () => {
    const refused = handshakeError({ message: 'Unexpected server response: 429' });
    expect(refused).toBeInstanceOf(StreamerError);
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', retryable: true, retryAfterMs: QUOTA_REFUSAL_RETRY_MS });
  });

  it('rejects connect() with it', async () => {
    const { client } = setup({}, { handshake: () => 429 });
    await expect(client.connect()).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: QUOTA_REFUSAL_RETRY_MS });
  });

  it('spaces reconnect attempts by the wait instead of retrying at the backoff pace', async () => {
    let status = 101;
    const { server, client, connect, events } = setup({ reconnect: { baseMs: 100, capMs: 1_000 }, random: () => 0.5 }, { handshake: () => status });
    await connect();
    status = 429;
    server.last.drop();
    await jest.advanceTimersByTimeAsync(2 * QUOTA_REFUSAL_RETRY_MS);
    // The first attempt at the backoff pace (50 ms), the next after the wait (30.15 s): two in a minute, not hundreds.
    expect(server.connections).toHaveLength(1 + 2);
    const delays = events.filter(([name]) => name === 'reconnecting').map(([, e]) => (e as { delayMs: number }).delayMs);
    expect(delays.slice(1).every((ms) => ms >= QUOTA_REFUSAL_RETRY_MS)).toBe(true);
    status = 101;
    await jest.advanceTimersByTimeAsync(QUOTA_REFUSAL_RETRY_MS + 1_000);
    expect(client.state).toBe('open');
  });
});
