import fc from 'fast-check';
import { anyBytes, anyText } from './test-support/arbitraries';
import { InvalidMessageError } from './errors';
import { ACTION_PATTERN, CLIENT_ID_PATTERN } from './limits';
import { type ClientParseReason, parseClientMessage, parseServerMessage, type ServerParseReason } from './parse';

const CLIENT_REASONS: readonly ClientParseReason[] = [
  'too-large', 'bad-encoding', 'not-json', 'too-deep', 'not-object',
  'missing-id', 'bad-id', 'missing-action', 'bad-action', 'bad-payload',
];
const SERVER_REASONS: readonly ServerParseReason[] = [
  'too-large', 'bad-encoding', 'not-json', 'too-deep', 'not-object',
  'missing-id', 'bad-id', 'missing-type', 'bad-type', 'bad-field',
];

function checkClient(raw: string | Uint8Array): void {
  const parsed = parseClientMessage(raw);
  if (parsed.ok) {
    expect(parsed.message.id).toMatch(CLIENT_ID_PATTERN);
    expect(parsed.message.action).toMatch(ACTION_PATTERN);
    const { payload } = parsed.message;
    if (payload !== undefined) expect(typeof payload === 'object' && payload !== null && !Array.isArray(payload)).toBe(true);
  } else {
    expect(parsed.error).toBeInstanceOf(InvalidMessageError);
    expect(CLIENT_REASONS).toContain(parsed.error.reason);
    if (parsed.error.id !== null) expect(parsed.error.id).toMatch(CLIENT_ID_PATTERN);
  }
}

function checkServer(raw: string | Uint8Array): void {
  const parsed = parseServerMessage(raw);
  if (parsed.ok) expect(['ack', 'progress', 'result', 'error', 'event', 'pong']).toContain(parsed.message.type);
  else {
    expect(parsed.error).toBeInstanceOf(InvalidMessageError);
    expect(SERVER_REASONS).toContain(parsed.error.reason);
  }
}

describe('parsers never throw and always return a typed result', () => {
  afterAll(() => {
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
  });

  it('for 10 000 arbitrary strings', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        checkClient(text);
        checkServer(text);
      }),
      { numRuns: 10_000 },
    );
  });

  it('for 10 000 arbitrary byte arrays', () => {
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        checkClient(bytes);
        checkServer(bytes);
      }),
      { numRuns: 10_000 },
    );
  });
});
