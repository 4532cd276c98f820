import { asyncApiDocument } from './asyncapi';
import { BUILTIN_PAYLOAD_SCHEMAS, CLIENT_MESSAGE_SCHEMA, SERVER_MESSAGE_SCHEMAS } from './definitions';
import { ERROR_CODE_LIST } from './errors';
import { BUILTIN_ACTIONS, SERVER_MESSAGE_TYPES } from './messages';
import { parseClientMessage, parseServerMessage } from './parse';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const document = asyncApiDocument() as Json;
const messages = document['components'].messages as Json;

describe('asyncApiDocument', () => {
  it('publishes the very schemas the parsers check frames against', () => {
    expect(messages['request'].payload).toBe(CLIENT_MESSAGE_SCHEMA);
    for (const type of SERVER_MESSAGE_TYPES) expect(messages[type].payload).toBe(SERVER_MESSAGE_SCHEMAS[type]);
    for (const action of BUILTIN_ACTIONS) expect(messages[action].payload.properties.payload).toBe(BUILTIN_PAYLOAD_SCHEMAS[action]);
  });

  it("gives examples the parsers accept as they are", () => {
    for (const type of SERVER_MESSAGE_TYPES) {
      const example = messages[type].examples[0].payload as unknown;
      expect(parseServerMessage(JSON.stringify(example))).toEqual({ ok: true, message: example });
    }
    for (const name of ['request', ...BUILTIN_ACTIONS]) {
      const example = messages[name].examples[0].payload as unknown;
      expect(parseClientMessage(JSON.stringify(example))).toEqual({ ok: true, message: example });
    }
  });

  it('lists every error code and the limits', () => {
    expect(Object.keys(document['info']['x-error-codes'])).toEqual(ERROR_CODE_LIST);
    expect(document['info']['x-limits']).toEqual({ maxMessageBytes: 131072, maxClientFrameBytes: 32768, maxNestingDepth: 64 });
  });

  it('describes only the token transports the server reads: the subprotocol value, the query parameter and the Bearer header', () => {
    expect(Object.keys(document['components'].securitySchemes)).toEqual(['subprotocolToken', 'queryToken', 'bearerHeader']);
    expect(document['components'].securitySchemes.subprotocolToken).toMatchObject({ type: 'httpApiKey', in: 'header', name: 'Sec-WebSocket-Protocol' });
    expect(document['components'].securitySchemes.subprotocolToken.description).toContain('`streamer.v1, bearer.<jwt>`');
  });
});
