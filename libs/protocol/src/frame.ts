import { isJsonObject, exceedsDepth } from './json-guards';
import { MAX_MESSAGE_BYTES, MAX_NESTING_DEPTH } from './limits';
import type { FrameReason } from './reasons';
import { decodeUtf8, utf8ByteLength } from './utf8';

/** A frame read as a JSON object, or why it could not be. */
export type FrameResult =
  | { ok: true; fields: Record<string, unknown> }
  | { ok: false; reason: FrameReason; message: string };

/**
 * Reads one frame in either direction. Order matters: size (in UTF-8 bytes) and encoding are checked
 * before the text is decoded or parsed, nesting depth before `JSON.parse`.
 */
export function readFrame(raw: unknown): FrameResult {
  const text = frameText(raw);
  if (typeof text !== 'string') return text;
  if (exceedsDepth(text, MAX_NESTING_DEPTH)) {
    return { ok: false, reason: 'too-deep', message: `Frame nests deeper than ${MAX_NESTING_DEPTH} levels` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not-json', message: 'Frame is not valid JSON' };
  }
  if (!isJsonObject(value)) return { ok: false, reason: 'not-object', message: 'Frame must be a JSON object' };
  return { ok: true, fields: value };
}

function frameText(raw: unknown): string | Extract<FrameResult, { ok: false }> {
  if (ArrayBuffer.isView(raw)) {
    if (raw.byteLength > MAX_MESSAGE_BYTES) return tooLarge();
    const text = decodeUtf8(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
    return text ?? { ok: false, reason: 'bad-encoding', message: 'Frame is not valid UTF-8' };
  }
  if (typeof raw !== 'string') return { ok: false, reason: 'not-json', message: 'Frame must be text or bytes' };
  const tooLong = raw.length > MAX_MESSAGE_BYTES || utf8ByteLength(raw, MAX_MESSAGE_BYTES) > MAX_MESSAGE_BYTES;
  return tooLong ? tooLarge() : raw;
}

function tooLarge(): Extract<FrameResult, { ok: false }> {
  return { ok: false, reason: 'too-large', message: `Message exceeds ${MAX_MESSAGE_BYTES} bytes of UTF-8` };
}
