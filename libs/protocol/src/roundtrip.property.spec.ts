import fc from 'fast-check';
import { clientMessage, serverMessage } from './test-support/arbitraries';
import { serialize } from './frame';
import { parseClientMessage, parseServerMessage } from './parse';

describe('serialize → parse round trip', () => {
  it('returns every valid client message unchanged', () => {
    fc.assert(
      fc.property(clientMessage, (message) => {
        expect(parseClientMessage(serialize(message))).toStrictEqual({ ok: true, message });
      }),
      { numRuns: 3000 },
    );
  });

  it('returns every valid server message unchanged, as text and as bytes', () => {
    fc.assert(
      fc.property(serverMessage, (message) => {
        const text = serialize(message);
        expect(parseServerMessage(text)).toStrictEqual({ ok: true, message });
        expect(parseServerMessage(new TextEncoder().encode(text))).toStrictEqual({ ok: true, message });
      }),
      { numRuns: 3000 },
    );
  });
});
