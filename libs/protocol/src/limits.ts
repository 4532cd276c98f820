/** Version of the wire protocol described by this library. */
export const PROTOCOL_VERSION = 1 as const;

/*
 * The token as a WebSocket subprotocol (browsers cannot set an `Authorization` header on a WebSocket):
 * the client offers `Sec-WebSocket-Protocol: streamer.v1, bearer.<jwt>` and `$connect` echoes only
 * `streamer.v1`. A JWT is base64url segments joined by dots, all RFC 7230 `tchar`s, so `bearer.<jwt>`
 * is a valid subprotocol token (RFC 6455 §4.1) as it stands, with no further encoding.
 */

/** The subprotocol of this protocol version: offered by the client, the one value `$connect` echoes. */
export const SUBPROTOCOL = `streamer.v${PROTOCOL_VERSION}` as const;

/** Prefix of the offered subprotocol value that carries the JWT: `bearer.<jwt>`; never echoed. */
export const TOKEN_SUBPROTOCOL_PREFIX = 'bearer.';

/*
 * API Gateway's two size quotas for WebSocket APIs ("WebSocket frame size 32 KB", "Message payload
 * size 128 KB"; https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html).
 * AWS writes KB; both are read here as multiples of 1024 bytes, measured in UTF-8 bytes.
 */

/**
 * Largest message, in UTF-8 bytes, in either direction: one whole client message (however many frames
 * it came in) or one server message. A larger client message makes API Gateway close the socket with 1009.
 */
export const MAX_MESSAGE_BYTES = 128 * 1024;

/**
 * Largest single WebSocket frame a client may send. A larger frame makes API Gateway close the socket
 * with 1009, so a client message over this must be sent as fragments of at most this size (browsers'
 * WebSocket cannot fragment). Server → client messages are not bound by it: API Gateway fragments them.
 */
export const MAX_CLIENT_FRAME_BYTES = 32 * 1024;

/** Client-chosen correlation id: 1–128 chars of `[A-Za-z0-9._:-]`. */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** Action name (built-in or registered handler): 1–64 chars of `[A-Za-z0-9_.:-]`. */
export const ACTION_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

/** Server-assigned request id as carried in `ack`, `progress`, `status` and `cancel`. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The one topic rule: 1–256 chars of `[A-Za-z0-9._:/@-]`. It governs `subscribe`/`unsubscribe`
 * payloads, `event` frames and topic broadcasts alike, so every topic that can be published can be
 * subscribed to and the other way round.
 */
export const TOPIC_PATTERN = /^[A-Za-z0-9._:/@-]{1,256}$/;

/** True when `value` is a topic under the one topic rule (`TOPIC_PATTERN`). */
export function isTopic(value: unknown): value is string {
  return typeof value === 'string' && TOPIC_PATTERN.test(value);
}

/** Deepest nesting of objects/arrays accepted in a frame (the frame itself is level 1). */
export const MAX_NESTING_DEPTH = 64;
