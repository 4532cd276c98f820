/** Version of the wire protocol described by this library. */
export const PROTOCOL_VERSION = 1 as const;

/** Largest frame, in UTF-8 bytes, in either direction (API Gateway's WebSocket frame limit). */
export const MAX_FRAME_BYTES = 128 * 1024;

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
