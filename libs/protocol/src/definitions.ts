// The one declarative definition of protocol v1's messages: a JSON Schema per client message (the
// envelope and each built-in's payload) and per server message. The parsers check frames against these
// objects and `asyncApiDocument()` publishes the same objects, so the two cannot drift apart.
import { ERROR_CODE_LIST } from './errors';
import { ACTION_PATTERN, CLIENT_ID_PATTERN, REQUEST_ID_PATTERN, TOPIC_PATTERN } from './limits';
import { type BuiltinAction, REQUEST_STATUSES, type RequestStatusView, type ServerMessageType, type WireError } from './messages';
import { checkSchema, type Schema } from './schema';

const text = (pattern: RegExp, description: string): Schema => ({ type: 'string', pattern: pattern.source, description });
const clientId = text(CLIENT_ID_PATTERN, 'Client-chosen correlation id; every reply to the message carries it.');
const requestId = text(REQUEST_ID_PATTERN, 'Server-assigned id of a stored request.');
const topic = text(TOPIC_PATTERN, 'Topic name, scoped to the caller\'s tenant.');
const seq = (minimum: number, description: string): Schema => ({ type: 'integer', minimum, maximum: Number.MAX_SAFE_INTEGER, description });
const anyData: Schema = { description: 'Any JSON value.' };
const typeOf = (type: ServerMessageType): Schema => ({ type: 'string', const: type });
const object = (properties: Record<string, Schema>, required: readonly string[], extra: Partial<Schema> = {}): Schema => ({
  type: 'object',
  properties,
  required,
  ...extra,
});

/** `progress` of a request: a finite number in [0, 1]. */
export const PROGRESS_SCHEMA: Schema = { type: 'number', minimum: 0, maximum: 1, description: 'Fraction done, in [0, 1]; monotonic per request.' };

/** The `error` object of an `error` reply and of a failed request's status. */
export const WIRE_ERROR_SCHEMA: Schema = object(
  {
    code: { type: 'string', enum: ERROR_CODE_LIST, description: 'Stable error code (see the document\'s description for which are retryable).' },
    message: { type: 'string', description: 'Human-readable; never a stack trace or an internal name.' },
    retryable: { type: 'boolean', description: 'Whether the same request may succeed if sent again later.' },
    retryAfterMs: { type: 'number', minimum: 0, description: 'For RATE_LIMITED: milliseconds to wait before retrying.' },
  },
  ['code', 'message', 'retryable'],
);

/** The envelope of every client → server message (a registered handler's payload is any JSON object). */
export const CLIENT_MESSAGE_SCHEMA: Schema = object(
  {
    id: clientId,
    action: text(ACTION_PATTERN, 'A built-in action or the name of a registered handler.'),
    payload: { type: 'object', description: 'The action\'s input: a JSON object.' },
  },
  ['id', 'action'],
);

/** Payload rules of the built-in actions (`ping` takes any object or none). */
export const BUILTIN_PAYLOAD_SCHEMAS: Readonly<Record<BuiltinAction, Schema>> = {
  ping: { type: 'object' },
  subscribe: object({ topic, since: seq(0, 'The last seq the client delivered: retained events after it are sent first.') }, ['topic']),
  unsubscribe: object({ topic }, ['topic']),
  status: object({ requestId, chunk: seq(0, 'With a chunked result (`resultChunks` in the status view): answer with this `result-chunk` instead.') }, ['requestId']),
  cancel: object({ requestId }, ['requestId']),
};

const count = (minimum: number, description: string): Schema => ({ type: 'integer', minimum, maximum: Number.MAX_SAFE_INTEGER, description });
const resultChunksProperties = {
  count: count(1, 'How many pieces the result\'s JSON text was cut into.'),
  bytes: count(0, 'UTF-8 bytes of the whole JSON text.'),
  crc32: { type: 'integer', minimum: 0, maximum: 0xffffffff, description: 'CRC-32 (IEEE) of those bytes.' },
} satisfies Record<string, Schema>;

/** The shape of a chunked result: in a status view, and (with `index`) on each `result-chunk`. */
export const RESULT_CHUNKS_SCHEMA: Schema = object(resultChunksProperties, ['count', 'bytes', 'crc32']);

/** The `data` of the `result` answering `status`: the stored state of one of the caller's requests. */
export const REQUEST_STATUS_VIEW_SCHEMA: Schema = object(
  {
    requestId: { type: 'string' },
    status: { type: 'string', enum: REQUEST_STATUSES },
    progress: PROGRESS_SCHEMA,
    progressMessage: { type: 'string' },
    result: anyData,
    resultChunks: RESULT_CHUNKS_SCHEMA,
    error: WIRE_ERROR_SCHEMA,
  },
  ['requestId', 'status', 'progress'],
);

/** The `data` of the `result` answering `subscribe` and `unsubscribe`. */
export const SUBSCRIPTION_VIEW_SCHEMA: Schema = object(
  {
    topic,
    subscribed: { type: 'boolean' },
    seq: seq(0, 'The topic\'s current seq (0 before its first event).'),
    truncated: { type: 'boolean', description: 'True when events after `since` expired and could not be replayed.' },
  },
  ['topic', 'subscribed'],
);

/** Every server → client message, by `type`. `id` is checked by the parser before these (events carry none). */
export const SERVER_MESSAGE_SCHEMAS: Readonly<Record<ServerMessageType, Schema>> = {
  ack: object({ id: clientId, type: typeOf('ack'), requestId, status: { type: 'string', enum: REQUEST_STATUSES } }, ['id', 'type', 'requestId', 'status']),
  progress: object(
    { id: clientId, type: typeOf('progress'), requestId, progress: PROGRESS_SCHEMA, message: { type: 'string' } },
    ['id', 'type', 'requestId', 'progress'],
  ),
  result: object({ id: clientId, type: typeOf('result'), success: { type: 'boolean', const: true }, data: anyData }, ['id', 'type', 'success', 'data']),
  'result-chunk': object(
    {
      id: clientId,
      type: typeOf('result-chunk'),
      requestId,
      chunk: object({ index: count(0, 'Position of this piece, from 0.'), ...resultChunksProperties }, ['index', 'count', 'bytes', 'crc32']),
      data: { type: 'string', description: 'This piece of the result\'s JSON text.' },
    },
    ['id', 'type', 'requestId', 'chunk', 'data'],
  ),
  error: object(
    {
      id: { ...clientId, type: ['string', 'null'], description: 'The failed message\'s id; null when the frame could not be parsed.' },
      type: typeOf('error'),
      success: { type: 'boolean', const: false },
      error: WIRE_ERROR_SCHEMA,
    },
    ['id', 'type', 'success', 'error'],
  ),
  event: object(
    {
      type: typeOf('event'),
      topic,
      seq: seq(1, 'Topic events only: gap-free and increasing per tenant and topic.'),
      publishedAt: seq(0, 'Topic events only: epoch milliseconds.'),
      data: anyData,
    },
    ['type', 'topic', 'data'],
    { dependencies: { seq: ['publishedAt'], publishedAt: ['seq'] } },
  ),
  pong: object({ id: clientId, type: typeOf('pong') }, ['id', 'type']),
};

// Guards a peer uses on data the parsers leave opaque

/** True when `value` is a well-formed `WireError`. */
export function isWireError(value: unknown): value is WireError {
  return checkSchema(WIRE_ERROR_SCHEMA, value) === null;
}

/** True for a finite number in [0, 1]. */
export function isProgressValue(value: unknown): value is number {
  return checkSchema(PROGRESS_SCHEMA, value) === null;
}

/** True for a topic sequence number or a `since`: a non-negative safe integer (0 = before the first event). */
export function isSeq(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** True when `value` (the `data` of a `status` reply) is a well-formed `RequestStatusView`. */
export function isRequestStatusView(value: unknown): value is RequestStatusView {
  return checkSchema(REQUEST_STATUS_VIEW_SCHEMA, value) === null;
}
