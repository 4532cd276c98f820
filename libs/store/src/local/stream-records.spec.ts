import { type _Record, DynamoDBStreamsClient, GetRecordsCommand } from '@aws-sdk/client-dynamodb-streams';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { Readable } from 'node:stream';
import { toLambdaStreamRecord } from './stream-records';

describe('stream records as Lambda sees them', () => {
  it('turns dates into epoch seconds and binary values into base64, keeping the rest', () => {
    const sdk: _Record = {
      eventID: 'e1',
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      dynamodb: {
        ApproximateCreationDateTime: new Date('2026-01-01T00:00:01.900Z'),
        Keys: { requestId: { S: 'r1' } },
        NewImage: { requestId: { S: 'r1' }, blob: { B: new Uint8Array([1, 2]) }, nested: { M: { tags: { BS: [new Uint8Array([255])] }, list: { L: [{ N: '1' }, { B: new Uint8Array([3]) }] } } } },
        SequenceNumber: '100',
        SizeBytes: 10,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    };
    const record = toLambdaStreamRecord(sdk, 'arn:stream');
    expect(record).toEqual({
      eventID: 'e1',
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      eventSourceARN: 'arn:stream',
      dynamodb: {
        ApproximateCreationDateTime: 1767225601,
        Keys: { requestId: { S: 'r1' } },
        NewImage: { requestId: { S: 'r1' }, blob: { B: 'AQI=' }, nested: { M: { tags: { BS: ['/w=='] }, list: { L: [{ N: '1' }, { B: 'Aw==' }] } } } },
        SequenceNumber: '100',
        SizeBytes: 10,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
  });
});

describe('empty maps in stream images', () => {
  // GetRecords as DynamoDB Local 3.3.0 answers it on the wire for an item with `payload: {}` (read with
  // the raw API): the empty map has lost its `M`.
  const wire = {
    Records: [
      {
        eventID: 'e1',
        eventName: 'INSERT',
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: 'ddblocal',
        dynamodb: {
          ApproximateCreationDateTime: 1796479800.0,
          Keys: { requestId: { S: 'r1' } },
          NewImage: { requestId: { S: 'r1' }, payload: {}, nested: { M: { a: {}, list: { L: [{}, { L: [] }] } } } },
          SequenceNumber: '000000000000000000001',
          SizeBytes: 22,
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
      },
    ],
    NextShardIterator: 'next',
  };

  /** The records the SDK's own deserialiser makes of that response body. */
  async function readThroughSdk(body: unknown): Promise<_Record[]> {
    const client = new DynamoDBStreamsClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      requestHandler: {
        handle: async () => ({
          response: { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: Readable.from([Buffer.from(JSON.stringify(body))]) },
        }),
      },
    });
    try {
      return (await client.send(new GetRecordsCommand({ ShardIterator: 'it' }))).Records ?? [];
    } finally {
      client.destroy();
    }
  }

  it('become maps again, so the processor can decode the image', async () => {
    const [sdk] = await readThroughSdk(wire);
    const image = toLambdaStreamRecord(sdk as _Record, 'arn:stream').dynamodb?.NewImage ?? {};
    expect(image['payload']).toEqual({ M: {} });
    expect(unmarshall(image as Parameters<typeof unmarshall>[0])).toEqual({ requestId: 'r1', payload: {}, nested: { a: {}, list: [{}, []] } });
  });

  it('that arrive as {"M": {}} stay as they are', async () => {
    const [sdk] = await readThroughSdk({ Records: [{ ...wire.Records[0], dynamodb: { NewImage: { payload: { M: {} } }, SequenceNumber: '2' } }] });
    expect(toLambdaStreamRecord(sdk as _Record, 'arn:stream').dynamodb?.NewImage).toEqual({ payload: { M: {} } });
  });
});
