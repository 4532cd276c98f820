import type { InvalidMessageError } from './errors';

/** Why a frame failed before its message type was known (shared by both directions). */
export type FrameReason = 'too-large' | 'bad-encoding' | 'not-json' | 'too-deep' | 'not-object';

/** Why a client → server frame was rejected. */
export type ClientParseReason =
  | FrameReason
  | 'missing-id'
  | 'bad-id'
  | 'missing-action'
  | 'bad-action'
  | 'bad-payload';

/** Why a server → client frame was rejected. */
export type ServerParseReason = FrameReason | 'missing-id' | 'bad-id' | 'missing-type' | 'bad-type' | 'bad-field';

/** Any machine-readable parse failure reason. */
export type ParseReason = ClientParseReason | ServerParseReason;

/** Outcome of parsing a frame: never throws, always one of these. */
export type ParseResult<T, R extends ParseReason = ParseReason> =
  | { ok: true; message: T }
  | { ok: false; error: InvalidMessageError<R> };
