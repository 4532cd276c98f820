// DynamoDB Streams API records (as the SDK returns them) → the records Lambda puts in a
// DynamoDBStreamEvent: the same JSON, with `ApproximateCreationDateTime` in epoch seconds, binary
// values base64-encoded and the stream ARN as `eventSourceARN`. The one mapper for every reader of
// DynamoDB Local's stream: the local stack's poller and the tests that feed the processor by hand.
//
// DynamoDB Local (3.3.0) writes an empty map in a stream image as `{}` instead of `{"M": {}}`, at any
// depth (its GetItem does not); the SDK passes that member-less value through as `{}`, and
// `unmarshall` then rejects the whole image. An AttributeValue is always exactly one typed member
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_AttributeValue.html),
// and the only value DynamoDB Local loses the member of is the empty map, so `{}` becomes `{"M": {}}`.
import type { _Record as SdkStreamRecord, AttributeValue as SdkAttributeValue } from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';

export function toLambdaStreamRecord(record: SdkStreamRecord, streamArn: string): DynamoDBRecord {
  const sdk = record.dynamodb ?? {};
  const dynamodb: NonNullable<DynamoDBRecord['dynamodb']> = {};
  if (sdk.ApproximateCreationDateTime) dynamodb.ApproximateCreationDateTime = Math.floor(sdk.ApproximateCreationDateTime.getTime() / 1000);
  if (sdk.Keys) dynamodb.Keys = toLambdaImage(sdk.Keys);
  if (sdk.NewImage) dynamodb.NewImage = toLambdaImage(sdk.NewImage);
  if (sdk.OldImage) dynamodb.OldImage = toLambdaImage(sdk.OldImage);
  if (sdk.SequenceNumber !== undefined) dynamodb.SequenceNumber = sdk.SequenceNumber;
  if (sdk.SizeBytes !== undefined) dynamodb.SizeBytes = sdk.SizeBytes;
  if (sdk.StreamViewType !== undefined) dynamodb.StreamViewType = sdk.StreamViewType;
  const lambda: DynamoDBRecord = {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: record.eventSource ?? 'aws:dynamodb',
    awsRegion: record.awsRegion,
    dynamodb,
    eventSourceARN: streamArn,
  };
  if (record.userIdentity) lambda.userIdentity = { type: record.userIdentity.Type, principalId: record.userIdentity.PrincipalId };
  return lambda;
}

function toLambdaImage(image: Record<string, SdkAttributeValue>): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toLambdaValue(value)]));
}

function toLambdaValue(value: SdkAttributeValue): AttributeValue {
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.BS !== undefined) return { BS: value.BS.map(base64) };
  if (value.M !== undefined) return { M: toLambdaImage(value.M) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaValue) };
  if (Object.keys(value).length === 0) return { M: {} };
  // S, N, SS, NS, BOOL and NULL have the same JSON in both.
  return value as AttributeValue;
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}
