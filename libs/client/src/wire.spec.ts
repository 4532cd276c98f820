import fc from 'fast-check';
import { MAX_CLIENT_FRAME_BYTES } from '@streamer/protocol';
import { WebSocket } from 'ws';
import { splitUtf8 } from '@streamer/protocol';
import { frameProblem } from './wire';
import { FakeWebSocket } from './testing/fake-websocket';
import { type WebSocketConstructor } from './connection';
import { canFragment } from './options';

const bytes = (text: string) => new TextEncoder().encode(text).byteLength;

describe('splitUtf8', () => {
  it('keeps a text that fits in one piece', () => {
    expect(splitUtf8('héllo', 6)).toEqual(['héllo']);
    expect(splitUtf8('', 6)).toEqual(['']);
  });

  it('never splits a character, whatever its UTF-8 length', () => {
    expect(splitUtf8('aé€😀b', 4)).toEqual(['aé', '€', '😀', 'b']);
  });

  it('yields pieces of at most maxBytes that join back to the text (any Unicode, lone surrogates too)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.integer({ min: 4, max: 64 }), (text, max) => {
        const pieces = splitUtf8(text, max);
        expect(pieces.join('')).toBe(text);
        for (const piece of pieces) expect(bytes(piece)).toBeLessThanOrEqual(max);
      }),
      { numRuns: 500 },
    );
  });
});

describe('frameProblem', () => {
  const ofBytes = (n: number) => 'x'.repeat(n);

  it('refuses a frame over 32 KiB with FRAME_TOO_LARGE only when the socket cannot fragment', () => {
    expect(frameProblem(ofBytes(MAX_CLIENT_FRAME_BYTES), false)).toBeUndefined();
    expect(frameProblem(ofBytes(MAX_CLIENT_FRAME_BYTES + 1), true)).toBeUndefined();
    expect(frameProblem(ofBytes(MAX_CLIENT_FRAME_BYTES + 1), false)).toMatchObject({ name: 'StreamerError', code: 'FRAME_TOO_LARGE', retryable: false });
  });

  it('measures UTF-8 bytes, not characters', () => {
    expect(frameProblem('é'.repeat(MAX_CLIENT_FRAME_BYTES / 2 + 1), false)?.code).toBe('FRAME_TOO_LARGE');
  });
});

describe('canFragment', () => {
  it('is true for ws and false for the standard interface', () => {
    expect(canFragment(WebSocket as unknown as WebSocketConstructor)).toBe(true);
    expect(canFragment(FakeWebSocket as unknown as WebSocketConstructor)).toBe(false);
  });
});
