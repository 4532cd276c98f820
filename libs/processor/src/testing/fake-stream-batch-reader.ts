import type { _Record as StreamApiRecord } from '@aws-sdk/client-dynamodb-streams';
import type { StreamBatchInfo, StreamBatchReader } from '../dead-letters';

/** A stream shard in memory: `read` returns the records of the batch's sequence-number range. */
export class FakeStreamBatchReader implements StreamBatchReader {
  readonly records: StreamApiRecord[] = [];
  readonly reads: StreamBatchInfo[] = [];
  #failures = 0;

  /** The next `times` reads reject (the stream is unreachable or the batch has expired). */
  failNext(times = 1): void {
    this.#failures += times;
  }

  async read(batch: StreamBatchInfo): Promise<StreamApiRecord[]> {
    this.reads.push(batch);
    if (this.#failures > 0) {
      this.#failures -= 1;
      throw new Error('Stream batch cannot be read');
    }
    const [start, end] = [BigInt(batch.startSequenceNumber), BigInt(batch.endSequenceNumber)];
    return this.records.filter((record) => {
      const sequence = BigInt(record.dynamodb?.SequenceNumber ?? '0');
      return sequence >= start && sequence <= end;
    });
  }
}
