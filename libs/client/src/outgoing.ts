// Writing a message within API Gateway's frame quota: a client frame over 32 KB makes the gateway
// close the socket with 1009, so a longer message goes out as fragments of at most 32 KB (up to the
// 128 KB message quota, which `serialize` already enforces).
// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html
import { MAX_CLIENT_FRAME_BYTES, utf8ByteLength } from '@streamer/protocol';
import { StreamerError } from './errors';
import { type FragmentingSocket, type WebSocketLike } from './transport';

/**
 * Why `frame` cannot be written on a socket that can (or cannot) fragment, or undefined when it can.
 * Without fragments a frame over `MAX_CLIENT_FRAME_BYTES` is refused: sent, it would close the socket,
 * and the resend after the reconnect would close it again.
 */
export function frameProblem(frame: string, fragments: boolean): StreamerError | undefined {
  if (fragments) return undefined;
  const bytes = utf8ByteLength(frame, MAX_CLIENT_FRAME_BYTES);
  if (bytes <= MAX_CLIENT_FRAME_BYTES) return undefined;
  return new StreamerError(
    'FRAME_TOO_LARGE',
    `The request is over ${MAX_CLIENT_FRAME_BYTES} bytes, API Gateway's WebSocket frame limit (32 KB), and this WebSocket ` +
      'cannot split a message into frames (browsers cannot; `ws` in Node can)',
  );
}

/** Writes `frame` as one text message: one frame, or fragments of at most `MAX_CLIENT_FRAME_BYTES`. */
export function writeFrame(socket: WebSocketLike, frame: string, fragments: boolean): void {
  const pieces = fragments ? splitUtf8(frame, MAX_CLIENT_FRAME_BYTES) : [frame];
  if (pieces.length === 1) return socket.send(frame);
  const fragmenting = socket as unknown as FragmentingSocket;
  pieces.forEach((piece, i) => fragmenting.send(piece, { fin: i === pieces.length - 1 }));
}

/** Splits `text` into pieces of at most `maxBytes` UTF-8 bytes each, never inside a character. */
export function splitUtf8(text: string, maxBytes: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < text.length; ) {
    const code = text.codePointAt(i) as number;
    const units = code > 0xffff ? 2 : 1;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (bytes + size > maxBytes) {
      pieces.push(text.slice(start, i));
      start = i;
      bytes = 0;
    }
    bytes += size;
    i += units;
  }
  pieces.push(text.slice(start));
  return pieces;
}
