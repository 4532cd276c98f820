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

// The checks return what is wrong (or null) instead of calling `expect` per run: 20 000 runs of
// matcher bookkeeping would cost more than the parsing under test. A failing run fails the property,
// and fast-check reports the shrunk input with the message.

function clientProblem(raw: string | Uint8Array): string | null {
  const parsed = parseClientMessage(raw);
  if (parsed.ok) {
    const { id, action, payload } = parsed.message;
    if (!CLIENT_ID_PATTERN.test(id)) return `accepted id ${JSON.stringify(id)}`;
    if (!ACTION_PATTERN.test(action)) return `accepted action ${JSON.stringify(action)}`;
    if (payload !== undefined && (typeof payload !== 'object' || payload === null || Array.isArray(payload))) return 'accepted a non-object payload';
    return null;
  }
  if (!(parsed.error instanceof InvalidMessageError)) return 'error is not an InvalidMessageError';
  if (!CLIENT_REASONS.includes(parsed.error.reason)) return `unknown reason ${parsed.error.reason}`;
  if (parsed.error.id !== null && !CLIENT_ID_PATTERN.test(parsed.error.id)) return `recovered id ${JSON.stringify(parsed.error.id)}`;
  return null;
}

function serverProblem(raw: string | Uint8Array): string | null {
  const parsed = parseServerMessage(raw);
  if (parsed.ok) return SERVER_TYPES.includes(parsed.message.type) ? null : `accepted type ${String(parsed.message.type)}`;
  if (!(parsed.error instanceof InvalidMessageError)) return 'error is not an InvalidMessageError';
  return SERVER_REASONS.includes(parsed.error.reason) ? null : `unknown reason ${parsed.error.reason}`;
}

const SERVER_TYPES: readonly string[] = ['ack', 'progress', 'result', 'error', 'event', 'pong'];

/** Throws (failing the run) with the first problem either parser shows on `raw`. */
function check(raw: string | Uint8Array): void {
  const problem = clientProblem(raw) ?? serverProblem(raw);
  if (problem !== null) throw new Error(problem);
}

describe('parsers never throw and always return a typed result', () => {
  afterAll(() => {
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
  });

  it('for 10 000 arbitrary strings', () => {
    fc.assert(
      fc.property(anyText, check),
      { numRuns: 10_000 },
    );
  });

  it('for 10 000 arbitrary byte arrays', () => {
    fc.assert(
      fc.property(anyBytes, check),
      { numRuns: 10_000 },
    );
  });
});
