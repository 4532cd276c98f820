import { createHarness } from './test-support/harness';

const VALID_ACTIONS =
  'valid actions: get_user_connections, get_all_connections, get_tenant_connections, update_connection_status, disconnect_connection, cleanup_stale_connections, publish';

const idCases = (field: string): [string, unknown, string][] => [
  ['missing', undefined, `${field} is required`],
  ['empty', '', `${field} must not be empty`],
  ['too long', 'a'.repeat(257), `${field} must be at most 256 characters`],
  ['with a space', 'alice bob', `${field} may only contain A-Z a-z 0-9 . _ ~ : @ | = + / -`],
  ['with a quote', `x"}`, `${field} may only contain A-Z a-z 0-9 . _ ~ : @ | = + / -`],
  ['with a control character', 'a\u0000b', `${field} may only contain A-Z a-z 0-9 . _ ~ : @ | = + / -`],
  ['with non-ASCII text', 'ålice', `${field} may only contain A-Z a-z 0-9 . _ ~ : @ | = + / -`],
  ['a number', 42, `${field} must be a string`],
  ['null', null, `${field} must be a string`],
  ['an array', ['c1'], `${field} must be a string`],
  ['an object', { $ne: '' }, `${field} must be a string`],
];

const withField = (event: Record<string, unknown>, field: string, value: unknown): Record<string, unknown> =>
  value === undefined ? event : { ...event, [field]: value };

const cases: [string, Record<string, unknown>, string][] = [
  ...idCases('userId').map(([name, value, message]): [string, Record<string, unknown>, string] => [
    `get_user_connections: userId ${name}`,
    withField({ action: 'get_user_connections' }, 'userId', value),
    message,
  ]),
  ...idCases('tenantId').map(([name, value, message]): [string, Record<string, unknown>, string] => [
    `get_tenant_connections: tenantId ${name}`,
    withField({ action: 'get_tenant_connections' }, 'tenantId', value),
    message,
  ]),
  ...idCases('connectionId').map(([name, value, message]): [string, Record<string, unknown>, string] => [
    `disconnect_connection: connectionId ${name}`,
    withField({ action: 'disconnect_connection' }, 'connectionId', value),
    message,
  ]),
  ...idCases('connectionId').map(([name, value, message]): [string, Record<string, unknown>, string] => [
    `update_connection_status: connectionId ${name}`,
    withField({ action: 'update_connection_status', status: 'CONNECTED' }, 'connectionId', value),
    message,
  ]),
  ...[0, -1, 1001, 1_000_000, 1e21, Number.MAX_SAFE_INTEGER + 2, 1.5, '10', null, true, [10]].map(
    (limit): [string, Record<string, unknown>, string] => [
      `get_all_connections: limit ${JSON.stringify(limit)}`,
      { action: 'get_all_connections', limit },
      'limit must be an integer from 1 to 1000',
    ],
  ),
  ['get_all_connections: limit NaN', { action: 'get_all_connections', limit: Number.NaN }, 'limit must be an integer from 1 to 1000'],
  ['get_all_connections: limit Infinity', { action: 'get_all_connections', limit: Infinity }, 'limit must be an integer from 1 to 1000'],
  ['get_all_connections: nextToken a number', { action: 'get_all_connections', nextToken: 7 }, 'nextToken must be a string'],
  ['get_all_connections: nextToken null', { action: 'get_all_connections', nextToken: null }, 'nextToken must be a string'],
  ['get_all_connections: nextToken empty', { action: 'get_all_connections', nextToken: '' }, 'nextToken must not be empty'],
  ['get_all_connections: nextToken huge', { action: 'get_all_connections', nextToken: 'A'.repeat(2049) }, 'invalid nextToken'],
  ['get_all_connections: next_token typo', { action: 'get_all_connections', next_token: 'abc' }, 'unknown parameter next_token for get_all_connections'],
  [
    'update_connection_status: status missing',
    { action: 'update_connection_status', connectionId: 'c1' },
    'status is required',
  ],
  ...['connected', 'DELETED', '', 1, null].map((status): [string, Record<string, unknown>, string] => [
    `update_connection_status: status ${JSON.stringify(status)}`,
    { action: 'update_connection_status', connectionId: 'c1', status },
    'status must be one of CONNECTED, DISCONNECTED',
  ]),
  [
    'get_user_connections: extra parameters',
    { action: 'get_user_connections', userId: 'u1', tenantId: 't1', limit: 5 },
    'unknown parameters tenantId, limit for get_user_connections',
  ],
  ['unknown action', { action: 'drop_tables' }, `unknown action "drop_tables"; ${VALID_ACTIONS}`],
  ['action in another case', { action: 'GET_ALL_CONNECTIONS' }, `unknown action "GET_ALL_CONNECTIONS"; ${VALID_ACTIONS}`],
  ['action missing', { userId: 'u1' }, `action is required; ${VALID_ACTIONS}`],
  ['action not a string', { action: ['get_all_connections'] }, `action must be a string; ${VALID_ACTIONS}`],
  [
    'a very long unknown action is echoed shortened',
    { action: 'x'.repeat(10_000) },
    `unknown action "${'x'.repeat(64)}…"; ${VALID_ACTIONS}`,
  ],
  [
    'an EventBridge event that is not a schedule',
    { source: 'aws.events', 'detail-type': 'EC2 Instance State-change Notification' },
    `action is required; ${VALID_ACTIONS}`,
  ],
];

describe('input validation', () => {
  it.each(cases)('%s → 400', async (_name, event, message) => {
    const h = createHarness();
    await h.connect('c1');
    const response = await h.handler(event);
    expect(response).toEqual({ statusCode: 400, body: { code: 'INVALID_INPUT', message } });
    expect(h.gateway.calls).toEqual([]);
    expect((await h.connections.get('c1'))?.status).toBe('CONNECTED');
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'get_all_connections'],
    ['a JSON string of an event', '{"action":"get_all_connections"}'],
    ['a number', 42],
    ['a boolean', true],
    ['an array', [{ action: 'get_all_connections' }]],
  ])('a non-object event (%s) → 400', async (_name, event) => {
    const h = createHarness();
    const response = await h.handler(event);
    expect(response).toEqual({
      statusCode: 400,
      body: { code: 'INVALID_INPUT', message: `event must be a JSON object with an action; ${VALID_ACTIONS}` },
    });
  });

  it('reports every problem of an event at once', async () => {
    const h = createHarness();
    const response = await h.handler({ action: 'update_connection_status', connectionId: '', status: 'gone', force: true });
    expect(response.body).toEqual({
      code: 'INVALID_INPUT',
      message: 'connectionId must not be empty; status must be one of CONNECTED, DISCONNECTED; unknown parameter force for update_connection_status',
    });
  });

  it.each([
    ['an API Gateway connection id', 'L0SM9cOFvHcCIhw='],
    ['an OIDC subject', 'auth0|5f7c8ec7c33c6c004bbafe82'],
    ['an e-mail address', 'ops+admin@example.com'],
    ['a 256-character id', 'a'.repeat(256)],
  ])('accepts %s as an id', async (_name, id) => {
    const h = createHarness();
    await h.connect(id, { userId: id, tenantId: id });
    for (const event of [
      { action: 'get_user_connections', userId: id },
      { action: 'get_tenant_connections', tenantId: id },
      { action: 'update_connection_status', connectionId: id, status: 'CONNECTED' },
    ]) {
      expect((await h.handler(event)).statusCode).toBe(200);
    }
  });

  it('accepts limits 1 and 1000', async () => {
    const h = createHarness();
    await h.connect('c1');
    await h.connect('c2');
    const one = await h.handler({ action: 'get_all_connections', limit: 1 });
    expect(one.body).toMatchObject({ count: 1, nextToken: expect.any(String) });
    const max = await h.handler({ action: 'get_all_connections', limit: 1000 });
    expect(max.body).toMatchObject({ count: 2 });
  });
});
