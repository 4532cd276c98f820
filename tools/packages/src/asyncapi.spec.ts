// The committed AsyncAPI document: current with the protocol's definitions, and valid for the official
// parser (@asyncapi/parser, which runs offline: every $ref here is local).
import { readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';
import { asyncApiDocument } from '@streamer/protocol';
import { ASYNCAPI_PATH, asyncApiText } from './asyncapi-file';

/** Problems of `document` the parser reports as errors or warnings (hints such as "3.1.0 exists" aside). */
async function problems(document: unknown): Promise<string[]> {
  const { diagnostics } = await new Parser().parse(JSON.stringify(document));
  return diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.code} at ${d.path.join('.')}: ${d.message}`);
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

it('is committed as generated: after a protocol change, run `npm run asyncapi`', () => {
  expect(readFileSync(ASYNCAPI_PATH, 'utf8')).toBe(asyncApiText());
});

it('is a valid AsyncAPI 3.0 document describing every message of the protocol', async () => {
  const document = asyncApiDocument() as Json;
  expect(await problems(document)).toEqual([]);
  expect(Object.keys(document['components'].messages).sort()).toEqual(
    ['ack', 'cancel', 'error', 'event', 'ping', 'pong', 'progress', 'request', 'result', 'result-chunk', 'status', 'subscribe', 'unsubscribe'],
  );
  expect(document['components'].securitySchemes.queryToken).toMatchObject({ type: 'httpApiKey', in: 'query', name: 'Authorization' });
});

it('is checked by the parser: a message schema that is not JSON Schema, or a dangling reference, is an error', async () => {
  const document = asyncApiDocument() as Json;
  document['components'].messages.ack.payload.properties.status.type = 'text';
  document['operations'].request.reply.messages.push({ $ref: '#/channels/streamer/messages/missing' });
  const found = (await problems(document)).join('\n');
  expect(found).toContain('components.messages.ack.payload.properties.status.type');
  expect(found).toContain('operations.request.reply.messages');
});
