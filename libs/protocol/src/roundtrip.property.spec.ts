import fc from 'fast-check';
import { clientMessage, serverMessage } from './__fixtures__/arbitraries';
import { parseClientMessage } from './parse-client';
import { parseServerMessage } from './parse-server';
import { serialize } from './serialize';

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
