// Frames, both directions: one message's text or bytes read into a JSON object, and a message written
// back as JSON text, with the size (UTF-8 bytes), encoding and nesting limits checked cheaply first.
import { FrameTooLargeError, SerializationError } from './errors';
import { MAX_MESSAGE_BYTES, MAX_NESTING_DEPTH } from './limits';
import type { ClientMessage, ServerMessage } from './messages';

/** Why a frame failed before its message type was known (shared by both directions). */
export type FrameReason = 'too-large' | 'bad-encoding' | 'not-json' | 'too-deep' | 'not-object';

/** A frame read as a JSON object, or why it could not be. */
type FrameResult =
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

/**
 * Writes a message as a JSON frame. Throws `SerializationError` for values JSON cannot carry
 * (circular structures, BigInt, nesting deeper than `MAX_NESTING_DEPTH`) and `FrameTooLargeError`
 * when the message exceeds `MAX_MESSAGE_BYTES` UTF-8 bytes — the peer would refuse either.
 */
export function serialize(message: ClientMessage | ServerMessage): string {
  let text: unknown;
  try {
    text = JSON.stringify(message);
  } catch (cause) {
    throw new SerializationError('Message cannot be serialised as JSON', { cause });
  }
  if (typeof text !== 'string') throw new SerializationError('Message cannot be serialised as JSON');
  const bytes = utf8ByteLength(text);
  if (bytes > MAX_MESSAGE_BYTES) throw new FrameTooLargeError(bytes, MAX_MESSAGE_BYTES);
  if (exceedsDepth(text, MAX_NESTING_DEPTH)) {
    throw new SerializationError(`Message nests deeper than ${MAX_NESTING_DEPTH} levels`);
  }
  return text;
}

// JSON guards: read only own properties, refuse deep nesting before parsing and polluting keys after

/** Own property of a parsed JSON object (never an inherited one such as `constructor`). */
export function own(object: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

/** True for a JSON object: not null, not an array. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * True when JSON `text` nests objects/arrays deeper than `limit` (the outermost value is level 1).
 * Scans the text without parsing it, so a hostile frame is refused before any recursive code sees it.
 */
export function exceedsDepth(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') {
      if (++depth > limit) return true;
    } else if (char === '}' || char === ']') depth--;
  }
  return false;
}

/**
 * Path of the first key that could pollute a prototype if the value were merged naively into another
 * object: any `__proto__`, or `prototype` inside `constructor`. Null when the value is clean.
 * Recursion is bounded because frames are depth-checked before they are parsed.
 */
export function findPollutingKey(value: unknown, path = '', parentKey = ''): string | null {
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, child] of Object.entries(value)) {
    const childPath = Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`;
    if (key === '__proto__' || (key === 'prototype' && parentKey === 'constructor')) return childPath;
    const found = findPollutingKey(child, childPath, Array.isArray(value) ? '' : key);
    if (found !== null) return found;
  }
  return null;
}

// UTF-8

/**
 * Length of `text` in UTF-8 bytes, as `TextEncoder` would encode it (a lone surrogate counts as
 * U+FFFD, 3 bytes). Stops counting once `stopAbove` is exceeded, so huge frames cost little.
 */
export function utf8ByteLength(text: string, stopAbove = Infinity): number {
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= stopAbove; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (isHighSurrogate(unit) && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Decodes strict UTF-8 (a byte-order mark is kept, not stripped); null when the bytes are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
