// Results larger than one message: the server cuts a result's JSON text into ordered pieces that each
// fit a `result-chunk` message, and the client joins them back and checks them (count, size, CRC-32).
// Both sides use this file, so the rule is written once. The checksum is CRC-32 (IEEE), computed here
// in plain JS: it guards against lost, reordered or mixed-up pieces, not against a forger (the socket is
// TLS), and it needs neither Node's zlib nor SubtleCrypto (absent outside secure contexts in browsers).
import { ResultTooLargeError, SerializationError } from './errors';
import { utf8ByteLength } from './frame';
import { MAX_MESSAGE_BYTES } from './limits';
import type { ResultChunks } from './messages';

/** The default ceiling of a result's JSON text, in UTF-8 bytes (a deployment may set another). */
export const DEFAULT_MAX_RESULT_BYTES = 4 * 1024 * 1024;

/**
 * Room a piece may take inside its `result-chunk` message once written as a JSON string (escapes
 * included): the message limit less 2 KiB for the envelope (two 128-character ids and the numbers).
 */
const PIECE_BUDGET_BYTES = MAX_MESSAGE_BYTES - 2048;

/** A result cut for the wire: its shape and its pieces, in order. */
export interface ChunkedResult {
  chunks: ResultChunks;
  pieces: string[];
}

/**
 * Cuts `value`'s JSON text into pieces that each fit a `result-chunk` message (never inside a
 * surrogate pair). Throws `ResultTooLargeError` above `maxResultBytes` and `SerializationError` for
 * what JSON cannot carry.
 */
export function chunkResult(value: unknown, maxResultBytes = DEFAULT_MAX_RESULT_BYTES, pieceBudget = PIECE_BUDGET_BYTES): ChunkedResult {
  const text = jsonText(value);
  const bytes = utf8ByteLength(text);
  if (bytes > maxResultBytes) throw new ResultTooLargeError(bytes, maxResultBytes);
  const pieces = splitUtf8(text, pieceBudget, true);
  return { chunks: { count: pieces.length, bytes, crc32: crc32(text) }, pieces };
}

function jsonText(value: unknown): string {
  let text: unknown;
  try {
    text = JSON.stringify(value === undefined ? null : value);
  } catch (cause) {
    throw new SerializationError('Result cannot be serialised as JSON', { cause });
  }
  if (typeof text !== 'string') throw new SerializationError('Result cannot be serialised as JSON');
  return text;
}

/**
 * Splits `text` into pieces of at most `maxBytes` UTF-8 bytes each — counted as written inside a JSON
 * string (escapes included) with `escaped` — never inside a character. The client fragments frames
 * with it; `chunkResult` cuts results with it.
 */
export function splitUtf8(text: string, maxBytes: number, escaped = false): string[] {
  const pieces: string[] = [];
  let start = 0;
  let used = 0;
  for (let i = 0; i < text.length; ) {
    const width = isPair(text, i) ? 2 : 1;
    const cost = width === 2 ? 4 : unitCost(text.charCodeAt(i), escaped);
    if (used + cost > maxBytes && i > start) {
      pieces.push(text.slice(start, i));
      start = i;
      used = 0;
    }
    used += cost;
    i += width;
  }
  pieces.push(text.slice(start));
  return pieces;
}

function isPair(text: string, i: number): boolean {
  const unit = text.charCodeAt(i);
  const next = text.charCodeAt(i + 1);
  return unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
}

/** UTF-8 bytes of one UTF-16 unit that is not part of a pair (a lone surrogate as U+FFFD, or `\uXXXX` when escaped). */
function unitCost(unit: number, escaped: boolean): number {
  const lone = unit >= 0xd800 && unit <= 0xdfff;
  if (escaped && (unit === 0x22 || unit === 0x5c)) return 2;
  if (escaped && (unit < 0x20 || lone)) return 6;
  if (unit < 0x80) return 1;
  return unit < 0x800 ? 2 : 3;
}

/** Why received pieces do not make the announced result. */
export type JoinFailure = 'count' | 'size' | 'checksum' | 'json';

/** The result the pieces make, or why they do not make the announced one. */
export type JoinResult = { ok: true; value: unknown } | { ok: false; reason: JoinFailure; message: string };

/** Joins `pieces` (in index order) and checks them against `chunks`: count, UTF-8 size, CRC-32, JSON. */
export function joinResult(chunks: ResultChunks, pieces: readonly string[]): JoinResult {
  if (pieces.length !== chunks.count) return { ok: false, reason: 'count', message: `Got ${pieces.length} of ${chunks.count} result chunks` };
  const text = pieces.join('');
  const bytes = utf8ByteLength(text);
  if (bytes !== chunks.bytes) return { ok: false, reason: 'size', message: `Result is ${bytes} bytes; ${chunks.bytes} were announced` };
  if (crc32(text) !== chunks.crc32) return { ok: false, reason: 'checksum', message: 'Result checksum (CRC-32) does not match' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: 'json', message: 'Joined result is not valid JSON' };
  }
}

let table: Uint32Array | undefined;

function crcTable(): Uint32Array {
  if (table) return table;
  table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/** CRC-32 (IEEE 802.3, as zlib) of `text`'s UTF-8 bytes, as an unsigned integer. */
export function crc32(text: string): number {
  const t = crcTable();
  const bytes = new TextEncoder().encode(text);
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = (t[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
