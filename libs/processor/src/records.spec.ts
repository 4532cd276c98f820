import { PoisonRecordError } from './errors';
import { requestIdFromSqsRecord, requestIdFromStreamRecord, retryMessageBody, retryMessageFromSqsRecord } from './records';
import { sqsRecord, streamRecord } from './testing/events';

const queued = { requestId: 'r-1', status: 'queued', action: 'report', payload: { recordCount: 5000 }, attempts: 0 };

describe('requestIdFromStreamRecord', () => {
  it('decodes the new image of an INSERT of a queued request', () => {
    expect(requestIdFromStreamRecord(streamRecord('INSERT', { newImage: queued }))).toBe('r-1');
  });

  it.each([
    ['a MODIFY', streamRecord('MODIFY', { newImage: queued, oldImage: { ...queued, status: 'processing' } })],
    ['a REMOVE', streamRecord('REMOVE', { oldImage: queued })],
    ['an idempotency guard (no status)', streamRecord('INSERT', { newImage: { requestId: 'idem#u#c', ttl: 1 } })],
    ['a request in another status', streamRecord('INSERT', { newImage: { ...queued, status: 'processing' } })],
  ])('ignores %s', (_label, record) => {
    expect(requestIdFromStreamRecord(record)).toBeUndefined();
  });

  it('treats an INSERT without a new image, or a queued image without requestId, as poison', () => {
    expect(() => requestIdFromStreamRecord(streamRecord('INSERT', { keys: { requestId: 'r-1' } }))).toThrow(PoisonRecordError);
    const { requestId: _omitted, ...noId } = queued;
    expect(() => requestIdFromStreamRecord(streamRecord('INSERT', { newImage: noId, keys: { requestId: 'r-1' } }))).toThrow(/no requestId/);
  });

  it('treats an image DynamoDB could not have written as poison', () => {
    const record = streamRecord('INSERT', { newImage: queued });
    record.dynamodb = { ...record.dynamodb, NewImage: { requestId: { S: 'r-1' }, status: {} as never } };
    expect(() => requestIdFromStreamRecord(record)).toThrow(PoisonRecordError);
  });
});

describe('requestIdFromSqsRecord', () => {
  it('reads {"requestId"}', () => {
    expect(requestIdFromSqsRecord(sqsRecord('{"requestId":"01J-abc"}'))).toBe('01J-abc');
  });

  it('reads the watched claim of a lease watchdog message, and writes it back the same', () => {
    expect(retryMessageFromSqsRecord(sqsRecord(retryMessageBody('01J-abc', 2)))).toEqual({ requestId: '01J-abc', attempt: 2 });
    expect(retryMessageFromSqsRecord(sqsRecord(retryMessageBody('01J-abc')))).toEqual({ requestId: '01J-abc' });
  });

  it.each(['', 'not json', 'null', '[]', '{}', '{"requestId":7}', '{"requestId":""}', '{"requestId":"has space"}', '{"requestId":"r","attempt":0}', '{"requestId":"r","attempt":1.5}'])(
    'treats the body %p as poison, naming the record',
    (body) => {
      const record = sqsRecord(body);
      expect(() => requestIdFromSqsRecord(record)).toThrow(PoisonRecordError);
      expect(() => requestIdFromSqsRecord(record)).toThrow(expect.objectContaining({ context: { recordId: record.messageId } }));
    },
  );
});
