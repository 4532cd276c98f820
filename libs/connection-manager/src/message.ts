// Serialises a message once into the bytes every post reuses. JSON values are stringified; bytes
// (Uint8Array/Buffer) are sent as they are. Anything over API Gateway's 128 KiB frame limit, or
// not serialisable (circular, BigInt, undefined, a throwing toJSON), is an UnsendableMessageError.
import { UnsendableMessageError } from './errors';

/** API Gateway's WebSocket frame limit, in bytes. */
export const MAX_MESSAGE_BYTES = 128 * 1024;

const encoder = new TextEncoder();

export function encodeMessage(message: unknown, limitBytes: number = MAX_MESSAGE_BYTES): Uint8Array {
  const bytes = message instanceof Uint8Array ? message : encoder.encode(stringify(message, limitBytes));
  if (bytes.byteLength > limitBytes) {
    throw new UnsendableMessageError(
      `Message is ${bytes.byteLength} bytes; the limit is ${limitBytes} bytes`,
      { reason: 'too-large', bytes: bytes.byteLength, limitBytes },
    );
  }
  return bytes;
}

function stringify(message: unknown, limitBytes: number): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(message);
  } catch (error) {
    throw new UnsendableMessageError(`Message is not JSON-serialisable: ${describe(error)}`, { reason: 'unserialisable', limitBytes }, { cause: error });
  }
  if (json === undefined) {
    throw new UnsendableMessageError(`Message is not JSON-serialisable: ${typeof message}`, { reason: 'unserialisable', limitBytes });
  }
  return json;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
