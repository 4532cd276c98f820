import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import { reuseResolvedHandlers } from './resolved-handlers';

/** Answers every call with the request's own key as the item, and records the requests. */
function echoingClient(): { doc: DynamoDBDocumentClient; bodies: Array<Record<string, unknown>> } {
  const bodies: Array<Record<string, unknown>> = [];
  const requestHandler = {
    handle: async (request: HttpRequest) => {
      const body = JSON.parse(new TextDecoder().decode(request.body as Uint8Array)) as { Key: Record<string, unknown> };
      bodies.push(body);
      const answer = JSON.stringify({ Item: body.Key, Attributes: body.Key });
      return { response: new HttpResponse({ statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: Readable.from([Buffer.from(answer)]) }) };
    },
  };
  const client = new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, requestHandler });
  const doc = DynamoDBDocumentClient.from(client);
  reuseResolvedHandlers(doc);
  return { doc, bodies };
}

const update = (id: string, n: number) =>
  new UpdateCommand({ TableName: 't', Key: { id }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': n }, ReturnValues: 'ALL_NEW' });

describe('reuseResolvedHandlers', () => {
  afterEach(() => jest.restoreAllMocks());

  it('resolves each command class once and sends every command with its own input', async () => {
    const resolve = jest.spyOn(UpdateItemCommand.prototype, 'resolveMiddleware');
    const { doc, bodies } = echoingClient();
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await doc.send(update(`id-${i}`, i)));
    await expect(doc.send(new GetCommand({ TableName: 't', Key: { id: 'g' } }))).resolves.toMatchObject({ Item: { id: 'g' } });
    expect(resolve).toHaveBeenCalledTimes(1);
    expect(bodies.slice(0, 3)).toEqual([0, 1, 2].map((i) => expect.objectContaining({ Key: { id: { S: `id-${i}` } }, ExpressionAttributeValues: { ':n': { N: String(i) } } })));
    expect(answers.map((a) => a.Attributes)).toEqual([{ id: 'id-0' }, { id: 'id-1' }, { id: 'id-2' }]);
  });

  it('applies a middleware added after the first calls to the next ones', async () => {
    const { doc } = echoingClient();
    await doc.send(update('a', 1));
    const seen: string[] = [];
    doc.middlewareStack.add((next, context) => async (args) => (seen.push(String(context.commandName)), next(args)), { step: 'initialize', name: 'seen' });
    await doc.send(update('b', 2));
    expect(seen).toEqual(['UpdateItemCommand']);
    doc.middlewareStack.remove('seen');
    await doc.send(update('c', 3));
    expect(seen).toHaveLength(1);
  });

  it('leaves calls with options to the SDK', async () => {
    const resolve = jest.spyOn(UpdateItemCommand.prototype, 'resolveMiddleware');
    const { doc, bodies } = echoingClient();
    await doc.send(update('a', 1), { abortSignal: new AbortController().signal });
    await doc.send(update('b', 2), { abortSignal: new AbortController().signal });
    expect(resolve).toHaveBeenCalledTimes(2);
    expect(bodies.map((b) => b.Key)).toEqual([{ id: { S: 'a' } }, { id: { S: 'b' } }]);
  });

  it('hands every call to a test double installed on the class after the first calls', async () => {
    const { doc, bodies } = echoingClient();
    await doc.send(update('a', 1));
    const mock = mockClient(DynamoDBDocumentClient);
    try {
      mock.on(UpdateCommand).resolves({ Attributes: { id: 'mocked' } });
      await expect(doc.send(update('b', 2))).resolves.toMatchObject({ Attributes: { id: 'mocked' } });
      expect(bodies).toHaveLength(1);
    } finally {
      mock.restore();
    }
    await expect(doc.send(update('c', 3))).resolves.toMatchObject({ Attributes: { id: 'c' } });
  });
});
