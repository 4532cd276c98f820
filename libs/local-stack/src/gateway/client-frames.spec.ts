import { MAX_CLIENT_FRAME_BYTES } from '@streamer/protocol';
import { ClientFrameScanner, type FrameViolation } from './client-frames';

const TEXT = 0x1;
const CONTINUATION = 0x0;
const BINARY = 0x2;
const PING = 0x9;

/** A masked client frame header (RFC 6455 5.2) followed by `length` payload bytes. */
function frame(opcode: number, length: number, fin = true): Buffer {
  const first = (fin ? 0x80 : 0) | opcode;
  const lengthBytes = length < 126 ? Buffer.from([0x80 | length]) : length < 65_536 ? Buffer.from([0x80 | 126, length >> 8, length & 0xff]) : long(length);
  return Buffer.concat([Buffer.from([first]), lengthBytes, Buffer.from([1, 2, 3, 4]), Buffer.alloc(length, 0x61)]);
}

function long(length: number): Buffer {
  const bytes = Buffer.alloc(9);
  bytes[0] = 0x80 | 127;
  bytes.writeUInt32BE(Math.floor(length / 2 ** 32), 1);
  bytes.writeUInt32BE(length % 2 ** 32, 5);
  return bytes;
}

function scan(bytes: Buffer, chunkSize = bytes.length): FrameViolation[] {
  const seen: FrameViolation[] = [];
  const scanner = new ClientFrameScanner((violation) => seen.push(violation));
  for (let at = 0; at < bytes.length; at += chunkSize) scanner.write(bytes.subarray(at, at + chunkSize));
  return seen;
}

describe('ClientFrameScanner', () => {
  it('lets through text frames of up to 32 KiB, fragmented messages and control frames, however the bytes are chunked', () => {
    const stream = Buffer.concat([
      frame(TEXT, 10),
      frame(TEXT, MAX_CLIENT_FRAME_BYTES),
      frame(TEXT, 30_000, false),
      frame(PING, 4),
      frame(CONTINUATION, MAX_CLIENT_FRAME_BYTES, false),
      frame(CONTINUATION, 200),
    ]);
    for (const chunkSize of [1, 7, 1_000, stream.length]) expect(scan(stream, chunkSize)).toEqual([]);
  });

  it.each([
    ['a single text frame one byte over 32 KiB', frame(TEXT, MAX_CLIENT_FRAME_BYTES + 1)],
    ['a continuation frame over 32 KiB', Buffer.concat([frame(TEXT, 10, false), frame(CONTINUATION, 40 * 1024)])],
    ['a frame with a 64-bit length', frame(TEXT, 70_000)],
  ])('reports 1009 for %s', (_name, bytes) => {
    expect(scan(bytes, 3)).toEqual([{ code: 1009, reason: `Frame exceeds ${MAX_CLIENT_FRAME_BYTES} bytes` }]);
  });

  it('reports an oversized frame as soon as its header is in, before its payload', () => {
    expect(scan(frame(TEXT, 40 * 1024).subarray(0, 8))).toHaveLength(1);
  });

  it('reports 1003 for a binary frame, even a tiny one after text frames', () => {
    expect(scan(Buffer.concat([frame(TEXT, 5), frame(BINARY, 4), frame(BINARY, 4)]), 2)).toEqual([{ code: 1003, reason: 'Binary frames are not supported' }]);
  });
});
