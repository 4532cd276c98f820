import { BUILTIN_ACTIONS, isBuiltinAction } from './actions';
import { isAction } from './client-messages';
import { MAX_CLIENT_FRAME_BYTES, MAX_MESSAGE_BYTES, PROTOCOL_VERSION } from './limits';
import { parseClientMessage } from './parse-client';

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
