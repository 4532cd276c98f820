import { MAX_MESSAGE_BYTES } from '@streamer/protocol';
import { readFrame } from './pipeline';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('readFrame', () => {
  it('accepts a text frame', () => {
    expect(readFrame({ body: '{"id":"c-1","action":"ping"}' })).toEqual({ ok: true, message: { id: 'c-1', action: 'ping' } });
  });

  it('accepts a binary (base64) frame', () => {
    expect(readFrame({ body: b64('{"id":"c-1","action":"ping"}'), isBase64Encoded: true })).toMatchObject({ ok: true });
  });

  it.each([
    ['no body', undefined, 'empty'],
    ['an empty body', '', 'empty'],
    ['malformed JSON', '{"id":', 'not-json'],
    ['a JSON array', '[1,2]', 'not-object'],
    ['a missing id', '{"action":"ping"}', 'missing-id'],
    ['a bad id', '{"id":"a b","action":"ping"}', 'bad-id'],
  ])('refuses %s with id null', (_name, body, reason) => {
    const outcome = readFrame({ body });
    expect(outcome).toMatchObject({ ok: false, reason, reply: { id: null, type: 'error', error: { code: 'INVALID_REQUEST' } } });
  });

  it('recovers the id when only the action or payload is wrong', () => {
    expect(readFrame({ body: '{"id":"c-9","action":"bad action"}' })).toMatchObject({ ok: false, reason: 'bad-action', reply: { id: 'c-9' } });
    expect(readFrame({ body: '{"id":"c-9","action":"x","payload":"s"}' })).toMatchObject({ ok: false, reason: 'bad-payload', reply: { id: 'c-9' } });
  });

  it('measures the limit in UTF-8 bytes, not characters', () => {
    const frame = (pad: string) => `{"id":"c-1","action":"x","payload":{"p":"${pad}"}}`;
    const overhead = frame('').length;
    const fits = frame('x'.repeat(MAX_MESSAGE_BYTES - overhead));
    const twoByte = frame('é'.repeat(Math.ceil((MAX_MESSAGE_BYTES - overhead) / 2) + 1));
    expect(readFrame({ body: fits })).toMatchObject({ ok: true });
    expect(twoByte.length).toBeLessThan(MAX_MESSAGE_BYTES);
    expect(readFrame({ body: twoByte })).toMatchObject({ ok: false, reason: 'too-large', reply: { id: null } });
  });

  it('refuses an oversized binary frame before decoding it', () => {
    const body = b64(`{"id":"c-1","action":"x","payload":{"p":"${'x'.repeat(MAX_MESSAGE_BYTES)}"}}`);
    expect(readFrame({ body, isBase64Encoded: true })).toMatchObject({ ok: false, reason: 'too-large' });
  });

  // API Gateway never sends a binary client frame to the integration (it closes the socket with 1003,
  // https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-develop-binary-media-types.html),
  // but an event flagged isBase64Encoded must still get a typed reply, never a crash.
  it.each([
    ['not base64 at all', '%%% not base64 %%%', 'bad-encoding'],
    ['base64 of JSON that is not an object', b64('[1,2,3]'), 'not-object'],
    ['base64 cut mid-character', Buffer.from('{"id":"c-1","action":"x","p":"é"}', 'utf8').subarray(0, 31).toString('base64'), 'bad-encoding'],
  ])('answers an isBase64Encoded body that is %s with a typed error', (_name, body, reason) => {
    expect(readFrame({ body, isBase64Encoded: true })).toMatchObject({ ok: false, reason, reply: { id: null, type: 'error', error: { code: 'INVALID_REQUEST' } } });
  });

  it('refuses a binary frame that is not UTF-8', () => {
    const body = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64');
    expect(readFrame({ body, isBase64Encoded: true })).toMatchObject({ ok: false, reason: 'bad-encoding' });
  });
});
