import type { ClientMessage } from './client-messages';
import { FrameTooLargeError, SerializationError } from './errors';
import { exceedsDepth } from './json-guards';
import { MAX_MESSAGE_BYTES, MAX_NESTING_DEPTH } from './limits';
import type { ServerMessage } from './server-messages';
import { utf8ByteLength } from './utf8';

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
