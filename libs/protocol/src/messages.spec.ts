import { MAX_CLIENT_FRAME_BYTES, MAX_MESSAGE_BYTES, PROTOCOL_VERSION } from './limits';
import { isProgressValue, isRequestStatusView, isWireError } from './definitions';
import { BUILTIN_ACTIONS, isAction, isBuiltinAction } from './messages';
import { parseClientMessage } from './parse';

describe('built-in actions', () => {
  it('are ping, subscribe, unsubscribe, status and cancel', () => {
    expect(BUILTIN_ACTIONS).toEqual(['ping', 'subscribe', 'unsubscribe', 'status', 'cancel']);
    expect(isBuiltinAction('status')).toBe(true);
    expect(isBuiltinAction('Status')).toBe(false);
    expect(isBuiltinAction('generate_report')).toBe(false);
  });

  it('isAction narrows a parsed message to its validated payload', () => {
    const parsed = parseClientMessage('{"id":"c-1","action":"subscribe","payload":{"topic":"news"}}');
    if (!parsed.ok) throw parsed.error;
    const topic: string | null = isAction(parsed.message, 'subscribe') ? parsed.message.payload.topic : null;
    expect(topic).toBe('news');
    expect(isAction(parsed.message, 'unsubscribe')).toBe(false);
  });
});

describe('limits', () => {
  it('match API Gateway and protocol version 1', () => {
    expect(MAX_MESSAGE_BYTES).toBe(131_072);
    expect(MAX_CLIENT_FRAME_BYTES).toBe(32_768);
    expect(PROTOCOL_VERSION).toBe(1);
  });
});

describe('isRequestStatusView', () => {
  const completed = { requestId: '01JABC', status: 'completed', progress: 1, progressMessage: 'Done', result: { url: 'u' } };
  const failed = {
    requestId: '01JABC',
    status: 'failed',
    progress: 0.4,
    error: { code: 'INTERNAL_ERROR', message: 'Internal error', retryable: true },
  };

  it('accepts stored request states', () => {
    expect(isRequestStatusView(completed)).toBe(true);
    expect(isRequestStatusView(failed)).toBe(true);
    expect(isRequestStatusView({ requestId: 'r', status: 'queued', progress: 0 })).toBe(true);
  });

  it.each([
    ['a missing requestId', { status: 'queued', progress: 0 }],
    ['an unknown status', { requestId: 'r', status: 'done', progress: 0 }],
    ['progress above 1', { requestId: 'r', status: 'processing', progress: 1.5 }],
    ['a numeric progressMessage', { requestId: 'r', status: 'processing', progress: 0.5, progressMessage: 1 }],
    ['a malformed error', { requestId: 'r', status: 'failed', progress: 0, error: { code: 'OOPS', message: 'x', retryable: false } }],
    ['an array', [completed]],
    ['null', null],
  ])('rejects %s', (_, value) => {
    expect(isRequestStatusView(value)).toBe(false);
  });
});

describe('isWireError', () => {
  it('requires code, message and retryable, and a non-negative finite retryAfterMs if any', () => {
    expect(isWireError({ code: 'RATE_LIMITED', message: 'm', retryable: true, retryAfterMs: 0 })).toBe(true);
    expect(isWireError({ code: 'RATE_LIMITED', message: 'm', retryable: 'yes' })).toBe(false);
    expect(isWireError({ code: 'RATE_LIMITED', message: 'm', retryable: true, retryAfterMs: -1 })).toBe(false);
    expect(isWireError({ code: 'RATE_LIMITED', retryable: true })).toBe(false);
  });
});

describe('isProgressValue', () => {
  it.each([[0, true], [1, true], [0.5, true], [-0.1, false], [1.1, false], [Number.NaN, false], ['0.5', false]])('%p → %p', (value, expected) => {
    expect(isProgressValue(value)).toBe(expected);
  });
});
