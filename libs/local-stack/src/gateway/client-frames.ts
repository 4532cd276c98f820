// API Gateway's rules for each single frame a client sends, as opposed to whole messages:
// - a frame over 32 KB closes the socket with 1009, even when the message it belongs to is within the
//   128 KB message quota (a message over 32 KB must come as several frames of at most 32 KB each):
//   https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html
// - a binary frame is rejected and the client disconnected with 1003:
//   https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-develop-binary-media-types.html
// `ws` only reports whole messages (its `maxPayload` counts all frames of a message together), so the
// frame headers are read here from the raw bytes, ahead of `ws`, following RFC 6455 section 5.2.
import { MAX_CLIENT_FRAME_BYTES } from '@streamer/protocol';

export interface FrameViolation {
  code: 1003 | 1009;
  reason: string;
}

const BINARY = 0x2;
const FIRST_CONTROL_OPCODE = 0x8;
const MAX_HEADER_BYTES = 14;

/** Reads the header of every frame a client sends and reports the first one API Gateway would refuse. */
export class ClientFrameScanner {
  private readonly header = Buffer.alloc(MAX_HEADER_BYTES);
  private headerBytes = 0;
  private payloadLeft = 0;
  private stopped = false;

  constructor(
    private readonly onViolation: (violation: FrameViolation) => void,
    private readonly maxFrameBytes: number = MAX_CLIENT_FRAME_BYTES,
  ) {}

  /** Feeds bytes as they arrive on the socket; stops after the first violation. */
  write(chunk: Buffer): void {
    let at = 0;
    while (!this.stopped && at < chunk.length) {
      if (this.payloadLeft > 0) {
        const skipped = Math.min(this.payloadLeft, chunk.length - at);
        this.payloadLeft -= skipped;
        at += skipped;
        continue;
      }
      this.header[this.headerBytes++] = chunk[at++] as number;
      const needed = this.headerLength();
      if (needed !== undefined && this.headerBytes === needed) this.frameStarts();
    }
  }

  /** Length of the current header once its first two bytes are in (length field and mask key included). */
  private headerLength(): number | undefined {
    if (this.headerBytes < 2) return undefined;
    const lengthField = (this.header[1] as number) & 0x7f;
    const extended = lengthField === 126 ? 2 : lengthField === 127 ? 8 : 0;
    const mask = ((this.header[1] as number) & 0x80) !== 0 ? 4 : 0;
    return 2 + extended + mask;
  }

  private frameStarts(): void {
    const opcode = (this.header[0] as number) & 0x0f;
    const length = this.payloadLength();
    this.headerBytes = 0;
    this.payloadLeft = length;
    if (opcode === BINARY) return this.stop({ code: 1003, reason: 'Binary frames are not supported' });
    if (opcode < FIRST_CONTROL_OPCODE && length > this.maxFrameBytes) {
      this.stop({ code: 1009, reason: `Frame exceeds ${this.maxFrameBytes} bytes` });
    }
  }

  private payloadLength(): number {
    const lengthField = (this.header[1] as number) & 0x7f;
    if (lengthField === 126) return this.header.readUInt16BE(2);
    if (lengthField === 127) return this.header.readUInt32BE(2) * 2 ** 32 + this.header.readUInt32BE(6);
    return lengthField;
  }

  private stop(violation: FrameViolation): void {
    this.stopped = true;
    this.onViolation(violation);
  }
}
