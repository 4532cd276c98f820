// Steps 1–3: size (UTF-8 bytes), JSON parse, shape. Never throws; a bad frame becomes an `error`
// reply whose id is the recovered correlation id, or null.
import { type ClientMessage, type ErrorMessage, errorFrom, MAX_MESSAGE_BYTES, parseClientMessage, utf8ByteLength } from '@streamer/protocol';
import { InvalidRequestError } from '../errors';
import type { RouteInput } from '../context';

export type FrameOutcome =
  | { ok: true; message: ClientMessage }
  | { ok: false; reason: string; reply: ErrorMessage };

export function readFrame(input: Pick<RouteInput, 'body' | 'isBase64Encoded'>): FrameOutcome {
  const { body } = input;
  if (typeof body !== 'string' || body === '') return reject('empty', 'Frame is empty');
  if (input.isBase64Encoded === true) return readBinary(body);
  if (utf8ByteLength(body, MAX_MESSAGE_BYTES) > MAX_MESSAGE_BYTES) return tooLarge();
  return parse(body);
}

function readBinary(base64: string): FrameOutcome {
  if (Math.floor((base64.length * 3) / 4) > MAX_MESSAGE_BYTES + 2) return tooLarge();
  return parse(new Uint8Array(Buffer.from(base64, 'base64')));
}

function parse(raw: string | Uint8Array): FrameOutcome {
  const parsed = parseClientMessage(raw);
  if (parsed.ok) return parsed;
  return { ok: false, reason: parsed.error.reason, reply: errorFrom(parsed.error.id, parsed.error) };
}

function tooLarge(): FrameOutcome {
  return reject('too-large', `Message exceeds ${MAX_MESSAGE_BYTES} bytes of UTF-8`);
}

function reject(reason: string, message: string): FrameOutcome {
  return { ok: false, reason, reply: errorFrom(null, new InvalidRequestError(message)) };
}
