import { extractToken, type ConnectEventLike } from './verifier';

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
