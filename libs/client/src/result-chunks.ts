// Results too large for one message arrive as `result-chunk` pieces of their JSON text (live, in
// order, to the request's socket; or fetched one by one with `status {requestId, chunk}` after a
// reconnect or a lost piece). One assembly per request collects them against the announced shape and,
// once every piece is in, joins and checks them (count, size, CRC-32: `joinResult` of the protocol).
import { joinResult, type ResultChunkPosition, type ResultChunks } from '@streamer/protocol';
import { StreamerError } from './errors';

/** Collects the pieces of one request's large result. */
export class ResultAssembly {
  private readonly pieces: (string | undefined)[];
  private received = 0;

  private constructor(
    readonly shape: ResultChunks,
    private readonly requestId: string | undefined,
  ) {
    this.pieces = new Array<string | undefined>(shape.count).fill(undefined);
  }

  /** A new assembly for `shape`, or the error that ends the request: a result over `maxBytes`. */
  static start(shape: ResultChunks, maxBytes: number, requestId: string | undefined): ResultAssembly | StreamerError {
    if (shape.bytes > maxBytes) {
      const message = `Result is ${shape.bytes} bytes; this client accepts at most ${maxBytes} bytes`;
      return new StreamerError('RESULT_TOO_LARGE', message, { requestId });
    }
    return new ResultAssembly(shape, requestId);
  }

  /** Whether a piece or a status view describes this same result. */
  matches(shape: ResultChunks): boolean {
    return shape.count === this.shape.count && shape.bytes === this.shape.bytes && shape.crc32 === this.shape.crc32;
  }

  /** Adds one piece; a piece of another result, or out of range, is an error (the pieces got mixed up). */
  add(position: ResultChunkPosition, data: string): StreamerError | undefined {
    if (!this.matches(position) || position.index >= this.shape.count) {
      return this.corrupt('A result chunk does not belong to the result being assembled');
    }
    if (this.pieces[position.index] === undefined) this.received += 1;
    this.pieces[position.index] = data;
    return undefined;
  }

  get complete(): boolean {
    return this.received === this.shape.count;
  }

  /** The first piece not received yet, or undefined when all are in. */
  nextMissing(): number | undefined {
    const index = this.pieces.indexOf(undefined);
    return index < 0 ? undefined : index;
  }

  /** The result, once complete; `RESULT_CORRUPT` when the pieces do not make the announced result. */
  join(): { value: unknown } | StreamerError {
    const joined = joinResult(this.shape, this.pieces as string[]);
    return joined.ok ? { value: joined.value } : this.corrupt(joined.message);
  }

  private corrupt(message: string): StreamerError {
    return new StreamerError('RESULT_CORRUPT', message, { requestId: this.requestId });
  }
}
