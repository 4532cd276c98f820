// Results too large for one message (the 128 KB message quota of API Gateway WebSocket APIs): cut by
// the protocol's `chunkResult` into pieces that each fit a `result-chunk` message, up to the
// deployment's ceiling (`maxResultBytes`, default 4 MB). The settle step stores the pieces, completes
// the request with their shape and sends them in order; `status {requestId, chunk}` serves them again.
import { chunkResult, type ChunkedResult, resultChunk, type ResultChunkMessage, ResultTooLargeError } from '@streamer/protocol';
import type { RequestRecord, StoredError } from '@streamer/store';

/** The result cut into pieces, or the error that fails the request (over the ceiling, or not JSON). */
export function cutResult(value: unknown, maxResultBytes: number): ChunkedResult | StoredError {
  try {
    return chunkResult(value, maxResultBytes);
  } catch (err) {
    if (err instanceof ResultTooLargeError) return { code: err.code, message: err.message, retryable: false };
    return { code: 'INTERNAL_ERROR', message: 'Result cannot be delivered', retryable: false };
  }
}

/** The `result-chunk` messages of a completed request, in order. */
export function resultChunkMessages(record: RequestRecord, cut: ChunkedResult): ResultChunkMessage[] {
  return cut.pieces.map((data, index) => resultChunk(record.clientId, record.requestId, cut.chunks, index, data));
}
