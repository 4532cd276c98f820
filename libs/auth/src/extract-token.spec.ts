import { answerSubprotocol, extractToken, type ConnectEventLike } from './transports';

const JWT = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln';

describe('extractToken', () => {
  it.each<[string, ConnectEventLike | null | undefined, string | undefined]>([
    ['query parameter, bare', { queryStringParameters: { Authorization: JWT } }, JWT],
    ['query parameter with Bearer prefix', { queryStringParameters: { Authorization: `Bearer ${JWT}` } }, JWT],
    ['query parameter, any case', { queryStringParameters: { authorization: `bearer  ${JWT}` } }, JWT],
    ['header Authorization: Bearer', { headers: { Authorization: `Bearer ${JWT}` } }, JWT],
    ['header name in lower case', { headers: { authorization: `BEARER ${JWT}` } }, JWT],
    ['multi-value query parameter', { multiValueQueryStringParameters: { AUTHORIZATION: ['', JWT] } }, JWT],
    ['multi-value header', { multiValueHeaders: { Authorization: [`Bearer ${JWT}`] } }, JWT],
    ['surrounding whitespace', { queryStringParameters: { Authorization: `  ${JWT}\n` } }, JWT],
    ['no parameters at all', { queryStringParameters: null, headers: null }, undefined],
    ['other parameters only', { queryStringParameters: { token: JWT }, headers: { Host: 'x' } }, undefined],
    ['an empty value', { queryStringParameters: { Authorization: '' } }, undefined],
    ['the scheme without a token', { headers: { Authorization: 'Bearer ' } }, undefined],
    ['another scheme', { headers: { Authorization: 'Basic dXNlcjpwYXNz' } }, undefined],
    ['an undefined value', { queryStringParameters: { Authorization: undefined } }, undefined],
    ['no event', undefined, undefined],
    ['subprotocol offer as a browser sends it', { headers: { 'Sec-WebSocket-Protocol': `streamer.v1, bearer.${JWT}` } }, JWT],
    ['subprotocol offer, one value per header line', { multiValueHeaders: { 'sec-websocket-protocol': ['streamer.v1', `bearer.${JWT}`] } }, JWT],
    ['subprotocol prefix in any case', { headers: { 'sec-websocket-protocol': `streamer.v1,Bearer.${JWT}` } }, JWT],
    ['subprotocol offer without a bearer value', { headers: { 'Sec-WebSocket-Protocol': 'streamer.v1, chat' } }, undefined],
    ['an empty bearer value', { headers: { 'Sec-WebSocket-Protocol': 'streamer.v1, bearer.' } }, undefined],
  ])('%s', (_name, event, expected) => {
    expect(extractToken(event)).toBe(expected);
  });

  it('prefers the query parameter over the header', () => {
    const event = { queryStringParameters: { Authorization: 'from-query' }, headers: { Authorization: 'Bearer from-header' } };
    expect(extractToken(event)).toBe('from-query');
  });

  it('falls back to the header when the query parameter is blank', () => {
    const event = { queryStringParameters: { Authorization: ' ' }, headers: { Authorization: 'Bearer from-header' } };
    expect(extractToken(event)).toBe('from-header');
  });

  it('prefers the query parameter and the Authorization header over the subprotocol', () => {
    const offer = { 'Sec-WebSocket-Protocol': 'streamer.v1, bearer.from-protocol' };
    expect(extractToken({ queryStringParameters: { Authorization: 'from-query' }, headers: offer })).toBe('from-query');
    expect(extractToken({ headers: { ...offer, Authorization: 'Bearer from-header' } })).toBe('from-header');
    expect(extractToken({ headers: offer })).toBe('from-protocol');
  });

  it('reads multiValueHeaders before headers (API Gateway sends both; the lists agree)', () => {
    const event = { headers: { 'Sec-WebSocket-Protocol': 'streamer.v1, bearer.a' }, multiValueHeaders: { 'Sec-WebSocket-Protocol': ['streamer.v1, bearer.a'] } };
    expect(extractToken(event)).toBe('a');
  });

  it('accepts a real-shaped $connect event', () => {
    const event = {
      requestContext: { routeKey: '$connect', eventType: 'CONNECT', connectionId: 'abc=' },
      headers: { Host: 'ws.example.test', 'Sec-WebSocket-Version': '13' },
      multiValueHeaders: { Host: ['ws.example.test'] },
      queryStringParameters: { Authorization: JWT },
      multiValueQueryStringParameters: { Authorization: [JWT] },
      isBase64Encoded: false,
    };
    expect(extractToken(event)).toBe(JWT);
  });
});

describe('answerSubprotocol', () => {
  it.each<[string, ConnectEventLike | null | undefined, ReturnType<typeof answerSubprotocol>]>([
    ['no header', { headers: { Host: 'x' } }, { kind: 'none' }],
    ['no event', undefined, { kind: 'none' }],
    ['an empty header', { headers: { 'Sec-WebSocket-Protocol': ' ' } }, { kind: 'none' }],
    ['our protocol and a token', { headers: { 'Sec-WebSocket-Protocol': `streamer.v1, bearer.${JWT}` } }, { kind: 'echo', protocol: 'streamer.v1' }],
    ['our protocol alone (token in the query)', { multiValueHeaders: { 'SEC-WEBSOCKET-PROTOCOL': ['streamer.v1'] } }, { kind: 'echo', protocol: 'streamer.v1' }],
    ['the token without our protocol', { headers: { 'Sec-WebSocket-Protocol': `bearer.${JWT}` } }, { kind: 'unsupported' }],
    ['another protocol', { headers: { 'Sec-WebSocket-Protocol': 'graphql-ws' } }, { kind: 'unsupported' }],
    ['another version of ours', { headers: { 'Sec-WebSocket-Protocol': 'streamer.v2' } }, { kind: 'unsupported' }],
  ])('%s', (_name, event, expected) => {
    expect(answerSubprotocol(event)).toEqual(expected);
  });
});
