// The AsyncAPI 3.0 description of protocol v1, generated from the definitions the parsers use
// (definitions.ts), the error codes and the limits. `npm run asyncapi` writes it to docs/asyncapi.json;
// the local stack serves it at GET /asyncapi.json.
import { BUILTIN_PAYLOAD_SCHEMAS, CLIENT_MESSAGE_SCHEMA, REQUEST_STATUS_VIEW_SCHEMA, RESULT_CHUNKS_SCHEMA, SERVER_MESSAGE_SCHEMAS, SUBSCRIPTION_VIEW_SCHEMA, WIRE_ERROR_SCHEMA } from './definitions';
import { ERROR_CODES } from './errors';
import { MAX_CLIENT_FRAME_BYTES, MAX_MESSAGE_BYTES, MAX_NESTING_DEPTH, PROTOCOL_VERSION, SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX } from './limits';
import { BUILTIN_ACTIONS, type BuiltinAction, SERVER_MESSAGE_TYPES, type ServerMessageType } from './messages';
import type { Schema } from './schema';

/** An AsyncAPI document as plain JSON. */
export type AsyncApiDocument = Record<string, unknown>;

const CHANNEL = { $ref: '#/channels/streamer' };
const message = (name: string): { $ref: string } => ({ $ref: `#/channels/streamer/messages/${name}` });

const LIMITS = {
  maxMessageBytes: MAX_MESSAGE_BYTES,
  maxClientFrameBytes: MAX_CLIENT_FRAME_BYTES,
  maxNestingDepth: MAX_NESTING_DEPTH,
};

const SUMMARIES: Readonly<Record<BuiltinAction | ServerMessageType | 'request', string>> = {
  request: 'Runs a registered handler: answered with `result` or `error`, or with `ack`, `progress`… then `result` or `error` when queued.',
  ping: 'Keeps the socket alive; answered with `pong`.',
  subscribe: 'Subscribes to a topic (replaying retained events after `since` first); the `result` data is a SubscriptionView.',
  unsubscribe: 'Drops a subscription; the `result` data is a SubscriptionView with `subscribed: false`.',
  status: 'The stored state of one of the caller\'s requests; the `result` data is a RequestStatusView. With `chunk`, that `result-chunk` of a chunked result.',
  cancel: 'Moves a queued or processing request to `cancelled`; the running handler sees it through its AbortSignal.',
  ack: 'The request was accepted and stored; progress and the outcome follow.',
  progress: 'Progress of a queued request, in [0, 1], monotonic.',
  result: 'A successful reply: the handler\'s output, or a built-in\'s view.',
  'result-chunk': 'One piece of a result too large for one message, in `index` order; the pieces joined are the result\'s JSON text (check `bytes` and `crc32`).',
  error: 'A failed reply; `id` is null when the frame could not be parsed.',
  event: 'A push to a topic (with `seq` and `publishedAt`), a user, a connection or the tenant.',
  pong: 'The reply to `ping`.',
};

const EXAMPLES: Readonly<Record<BuiltinAction | ServerMessageType | 'request', Record<string, unknown>>> = {
  request: { id: 'c-42', action: 'generate_report', payload: { recordCount: 5000 } },
  ping: { id: 'c-1', action: 'ping' },
  subscribe: { id: 'c-2', action: 'subscribe', payload: { topic: 'news', since: 41 } },
  unsubscribe: { id: 'c-3', action: 'unsubscribe', payload: { topic: 'news' } },
  status: { id: 'c-4', action: 'status', payload: { requestId: '01JABCDEF' } },
  cancel: { id: 'c-5', action: 'cancel', payload: { requestId: '01JABCDEF' } },
  ack: { id: 'c-42', type: 'ack', requestId: '01JABCDEF', status: 'queued' },
  progress: { id: 'c-42', type: 'progress', requestId: '01JABCDEF', progress: 0.75, message: 'Generating PDF' },
  result: { id: 'c-42', type: 'result', success: true, data: { url: 'https://example.com/report.pdf' } },
  'result-chunk': { id: 'c-42', type: 'result-chunk', requestId: '01JABCDEF', chunk: { index: 0, count: 2, bytes: 20, crc32: 4140767121 }, data: '{"rows":[1,2,' },
  error: { id: 'c-42', type: 'error', success: false, error: { code: 'RATE_LIMITED', message: 'Too many requests', retryable: true, retryAfterMs: 250 } },
  event: { type: 'event', topic: 'news', seq: 42, publishedAt: 1764950400000, data: { headline: 'hello' } },
  pong: { id: 'c-1', type: 'pong' },
};

/** A built-in's whole message: the envelope with its action fixed and its payload schema. */
function builtinSchema(action: BuiltinAction): Schema {
  const envelope = CLIENT_MESSAGE_SCHEMA.properties ?? {};
  const required = action === 'ping' ? ['id', 'action'] : ['id', 'action', 'payload'];
  return { type: 'object', properties: { ...envelope, action: { type: 'string', const: action }, payload: BUILTIN_PAYLOAD_SCHEMAS[action] }, required };
}

function messageObject(name: BuiltinAction | ServerMessageType | 'request', payload: Schema): Record<string, unknown> {
  return { name, title: name, summary: SUMMARIES[name], contentType: 'application/json', payload, examples: [{ name, payload: EXAMPLES[name] }] };
}

function messages(): Record<string, unknown> {
  const all: Record<string, unknown> = { request: messageObject('request', CLIENT_MESSAGE_SCHEMA) };
  for (const action of BUILTIN_ACTIONS) all[action] = messageObject(action, builtinSchema(action));
  for (const type of SERVER_MESSAGE_TYPES) all[type] = messageObject(type, SERVER_MESSAGE_SCHEMAS[type]);
  return all;
}

/** Each client message is a `send` operation whose reply lists the server messages that can answer it. */
function operations(): Record<string, unknown> {
  const answers = (...names: string[]): Record<string, unknown> => ({ channel: CHANNEL, messages: names.map(message) });
  const send = (name: string, reply: Record<string, unknown>): Record<string, unknown> => ({
    action: 'send',
    channel: CHANNEL,
    summary: SUMMARIES[name as keyof typeof SUMMARIES],
    messages: [message(name)],
    reply,
  });
  const all: Record<string, unknown> = { request: send('request', answers('ack', 'progress', 'result', 'result-chunk', 'error')) };
  for (const action of BUILTIN_ACTIONS) all[action] = send(action, action === 'ping' ? answers('pong', 'error') : answers(...builtinAnswers(action)));
  all['receiveEvent'] = { action: 'receive', channel: CHANNEL, summary: SUMMARIES.event, messages: [message('event')] };
  all['receiveError'] = { action: 'receive', channel: CHANNEL, summary: 'An `error` with `id: null` answers a frame that could not be parsed.', messages: [message('error')] };
  return all;
}

function builtinAnswers(action: BuiltinAction): string[] {
  return action === 'status' ? ['result', 'result-chunk', 'error'] : ['result', 'error'];
}

function description(): string {
  const codes = Object.entries(ERROR_CODES).map(([code, { retryable, message: text }]) => `| \`${code}\` | ${retryable} | ${text} |`);
  return [
    'Streamer\'s WebSocket protocol: a client sends `{id, action, payload}`, gets an `ack` at once for queued work,',
    'watches `progress`, and receives a `result` or a typed `error` carrying its `id`. Servers push `event`s.',
    '',
    `Limits (UTF-8 bytes): a message is at most ${MAX_MESSAGE_BYTES} in either direction; a single client frame at most`,
    `${MAX_CLIENT_FRAME_BYTES} (larger frames close the socket with 1009, so longer messages must be fragmented); JSON nests at`,
    `most ${MAX_NESTING_DEPTH} levels; a binary frame from a client closes the socket with 1003. A result too large for one`,
    'message arrives as ordered `result-chunk` pieces of its JSON text (up to the deployment\'s ceiling, 4 MB by default).',
    '',
    '| error code | retryable | generic message |',
    '| --- | --- | --- |',
    ...codes,
  ].join('\n');
}

/** The AsyncAPI 3.0 document of protocol v1. Deterministic: the same definitions give the same document. */
export function asyncApiDocument(): AsyncApiDocument {
  const all = messages();
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Streamer WebSocket API',
      version: String(PROTOCOL_VERSION),
      description: description(),
      'x-limits': LIMITS,
      'x-error-codes': ERROR_CODES,
    },
    defaultContentType: 'application/json',
    servers: {
      local: { host: '127.0.0.1:3001', protocol: 'ws', description: 'The local stack (`npm start`).', security: SECURITY_REFS },
      aws: {
        host: '{apiId}.execute-api.{region}.amazonaws.com',
        pathname: '/{stage}',
        protocol: 'wss',
        description: 'An API Gateway WebSocket API deployed by apps/infra.',
        variables: { apiId: {}, region: { default: 'us-east-1' }, stage: { default: 'prod' } },
        security: SECURITY_REFS,
      },
    },
    channels: {
      streamer: {
        address: '/',
        title: 'The socket',
        description:
          'Every message in both directions. The token is verified at connect, and its `exp` holds for the life of the socket: ' +
          'a frame after it is answered with `UNAUTHORIZED` and the server closes the socket (reconnect with a fresh token).',
        messages: Object.fromEntries(Object.keys(all).map((name) => [name, { $ref: `#/components/messages/${name}` }])),
        bindings: { ws: { bindingVersion: '0.1.0', method: 'GET', query: TOKEN_QUERY, headers: TOKEN_HEADERS } },
      },
    },
    operations: operations(),
    components: {
      messages: all,
      schemas: {
        WireError: WIRE_ERROR_SCHEMA,
        RequestStatusView: REQUEST_STATUS_VIEW_SCHEMA,
        SubscriptionView: SUBSCRIPTION_VIEW_SCHEMA,
        ResultChunks: RESULT_CHUNKS_SCHEMA,
      },
      securitySchemes: SECURITY_SCHEMES,
    },
  };
}

const TOKEN_QUERY = {
  type: 'object',
  properties: { Authorization: { type: 'string', description: 'The JWT (a `Bearer ` prefix is accepted), for clients that cannot set headers.' } },
};

const SUBPROTOCOL_OFFER = `\`${SUBPROTOCOL}, ${TOKEN_SUBPROTOCOL_PREFIX}<jwt>\``;

const TOKEN_HEADERS = {
  type: 'object',
  properties: {
    'Sec-WebSocket-Protocol': {
      type: 'string',
      description: `${SUBPROTOCOL_OFFER}: the token as a subprotocol value (browsers). The server selects \`${SUBPROTOCOL}\`, never the token.`,
    },
  },
};

const SECURITY_SCHEMES = {
  subprotocolToken: {
    type: 'httpApiKey',
    name: 'Sec-WebSocket-Protocol',
    in: 'header',
    description:
      `A JWT offered as a WebSocket subprotocol value, ${SUBPROTOCOL_OFFER} (what browsers use: they cannot set an ` +
      `\`Authorization\` header on a WebSocket). The handshake answer selects \`${SUBPROTOCOL}\`; an offer without it is refused with 400. ` +
      'Headers, unlike query strings, stay out of access logs.',
  },
  queryToken: {
    type: 'httpApiKey',
    name: 'Authorization',
    in: 'query',
    description: 'A JWT in the `Authorization` query parameter of the connect URL (compatibility; a URL ends up in access and proxy logs that record it).',
  },
  bearerHeader: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A JWT in the `Authorization: Bearer` header of the upgrade request.' },
};

const SECURITY_REFS = [
  { $ref: '#/components/securitySchemes/subprotocolToken' },
  { $ref: '#/components/securitySchemes/queryToken' },
  { $ref: '#/components/securitySchemes/bearerHeader' },
];
