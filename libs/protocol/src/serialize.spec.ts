import { event, result } from './build';
import { FrameTooLargeError, ProtocolError, SerializationError } from './errors';
import { MAX_MESSAGE_BYTES } from './limits';
import { serialize } from './serialize';

/** A result whose serialised frame is exactly `bytes` UTF-8 bytes, padded with `filler`. */
function resultOfBytes(bytes: number, filler = 'a'): ReturnType<typeof result<string>> {
  const base = serialize(result('c-1', ''));
  const fillerBytes = new TextEncoder().encode(filler).byteLength;
  const room = bytes - base.length;
  return result('c-1', filler.repeat(Math.floor(room / fillerBytes)) + 'a'.repeat(room % fillerBytes));
}

describe('serialize', () => {
  it('writes the JSON text of a message', () => {
    expect(serialize({ id: 'c-1', type: 'pong' })).toBe('{"id":"c-1","type":"pong"}');
    expect(serialize({ id: 'c-1', action: 'ping' })).toBe('{"id":"c-1","action":"ping"}');
  });

  it('allows exactly 128 KiB and refuses one byte more', () => {
    expect(new TextEncoder().encode(serialize(resultOfBytes(MAX_MESSAGE_BYTES))).byteLength).toBe(MAX_MESSAGE_BYTES);
    expect(() => serialize(resultOfBytes(MAX_MESSAGE_BYTES + 1))).toThrow(FrameTooLargeError);
  });

  it('measures multi-byte characters in bytes', () => {
    const atLimit = resultOfBytes(MAX_MESSAGE_BYTES, '😀');
    expect(serialize(atLimit).length).toBeLessThan(MAX_MESSAGE_BYTES);
    expect(() => serialize(resultOfBytes(MAX_MESSAGE_BYTES + 1, '😀'))).toThrow(FrameTooLargeError);
  });

  it('reports the size and limit of a refused frame', () => {
    const tooBig = resultOfBytes(MAX_MESSAGE_BYTES + 10, 'é');
    try {
      serialize(tooBig);
      throw new Error('expected FrameTooLargeError');
    } catch (err) {
      expect(err).toBeInstanceOf(FrameTooLargeError);
      expect(err).toMatchObject({ bytes: MAX_MESSAGE_BYTES + 10, limit: MAX_MESSAGE_BYTES, code: 'INVALID_REQUEST', retryable: false });
    }
  });

  it('refuses circular data with a typed error that keeps the cause', () => {
    const data: Record<string, unknown> = {};
    data['self'] = data;
    const attempt = (): string => serialize(result('c-1', data));
    expect(attempt).toThrow(SerializationError);
    try {
      attempt();
    } catch (err) {
      expect((err as SerializationError).cause).toBeInstanceOf(TypeError);
    }
  });

  it('refuses BigInt with a typed error', () => {
    expect(() => serialize(event('t', { total: BigInt(1) }))).toThrow(SerializationError);
    expect(() => serialize(event('t', { total: BigInt(1) }))).toThrow(ProtocolError);
  });

  it('refuses data nested deeper than the peer would accept', () => {
    let deep: unknown = 1;
    for (let level = 0; level < 64; level++) deep = [deep]; // frame + 64 arrays = 65 levels
    expect(() => serialize(event('t', deep))).toThrow(SerializationError);
    expect(() => serialize(event('t', (deep as unknown[])[0]))).not.toThrow();
  });

  it('refuses a message whose toJSON yields nothing', () => {
    const message = { id: 'c-1', type: 'pong', toJSON: () => undefined } as unknown as Parameters<typeof serialize>[0];
    expect(() => serialize(message)).toThrow(SerializationError);
  });
});
